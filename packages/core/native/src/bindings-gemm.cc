// Dense products on the Node-API: C ← α·op(A)·op(B) + β·C, and the dense layer's forward y = x·Wᵀ + bias, each
// split over the pool by the longer side of C.
#include <cstring>
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

struct GemmJob {
  bool ta, tb, splitM;
  int m, n, k;
  float alpha, beta;
  const float *a, *b;
  float* c;
  Split split;
};

void gemmPart(void* ctx, int part) {
  const GemmJob& j = *static_cast<GemmJob*>(ctx);
  const int lo = j.split.begin(part), hi = j.split.end(part);
  if (hi <= lo) return;
  const int lda = j.ta ? j.m : j.k, ldb = j.tb ? j.k : j.n;
  if (j.splitM) {
    const float* a = j.ta ? j.a + lo : j.a + (size_t)lo * lda;
    activeOps()->gemm(j.ta, j.tb, hi - lo, j.n, j.k, j.alpha, a, lda, j.b, ldb, j.beta, j.c + (size_t)lo * j.n, j.n);
  } else {
    const float* b = j.tb ? j.b + (size_t)lo * ldb : j.b + lo;
    activeOps()->gemm(j.ta, j.tb, j.m, hi - lo, j.k, j.alpha, j.a, lda, b, ldb, j.beta, j.c + lo, j.n);
  }
}

void runGemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c) {
  const int parts = partsFor((double)m * n * k, 2);  // each part packs its own panels: keep them few
  const bool splitM = m >= n;  // split the longer side so each part keeps whole micro-tiles
  GemmJob job{ta, tb, splitM, m, n, k, alpha, beta, a, b, c, Split(splitM ? m : n, parts, splitM ? 24 : 32)};
  parallel(job.split.parts, gemmPart, &job, "gemm", (double)m * n * k);
}

// gemm(transA, transB, M, N, K, alpha, a, b, beta, c)
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Args args(info);
  const bool ta = args.boolean(0), tb = args.boolean(1);
  const int m = args.integer(2), n = args.integer(3), k = args.integer(4);
  const float alpha = args.number(5);
  const float* a = args.array<float>(6, (size_t)m * k);
  const float* b = args.array<float>(7, (size_t)k * n);
  const float beta = args.number(8);
  float* c = args.array<float>(9, (size_t)m * n);
  if (args.bad()) return args.error();
  runGemm(ta, tb, m, n, k, alpha, a, b, beta, c);
  return info.Env().Undefined();
}

// y(B×O) ← x(B×I)·Weffᵀ + bias: the bias is written first and the product accumulated onto it.
// denseForward(B, I, O, x, weff, bias | null, y)
Napi::Value DenseForward(const Napi::CallbackInfo& info) {
  Args args(info);
  const int batch = args.integer(0), in = args.integer(1), out = args.integer(2);
  const float* x = args.array<float>(3, (size_t)batch * in);
  const float* w = args.array<float>(4, (size_t)out * in);
  const float* bias = args.array<float>(5, out, true);
  float* y = args.array<float>(6, (size_t)batch * out);
  if (args.bad()) return args.error();
  if (bias)
    for (int r = 0; r < batch; r++) std::memcpy(y + (size_t)r * out, bias, sizeof(float) * out);
  runGemm(false, true, batch, out, in, 1.0f, x, w, bias ? 1.0f : 0.0f, y);
  return info.Env().Undefined();
}

}  // namespace

void registerGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("denseForward", Napi::Function::New(env, DenseForward));
}

}  // namespace ont
