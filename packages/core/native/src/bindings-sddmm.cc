// The weight gradient at the kept entries (SDDMM) on the Node-API: dW += (dyᵀ·x) ⊙ M for a CSR structure. Each kept
// entry's dot product runs over the whole batch in one order, and the pool splits the rows: a gradient is the same
// bits on any number of threads.
#include <cstring>
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// The dot products' operands, rows `ld` floats apart with `width` columns each, and dW's rows split into ranges of
// about equal kept counts (`bounds`, one range per pool part).
struct SddmmJob {
  int rows, cols;
  const int32_t* ptr;
  const uint16_t* col;
  const float *dyT, *xT;
  int width, ld;
  float* dW;
  int bounds[kMaxParts + 1];
};

void sddmmRows(void* ctx, int part) {
  const SddmmJob& j = *static_cast<SddmmJob*>(ctx);
  activeOps()->sddmm(j.bounds[part], j.bounds[part + 1], j.cols, j.width, j.ld, j.ptr, j.col, j.dyT, j.xT, j.dW);
}

// dy (batch × O) and x (batch × I) into dyT (O × nb) and xT (I × nb), split over the pool by batch rows, with the
// padding lanes past the batch set to zero: they enter the dot products, which run over whole vectors.
void transposeOperands(const float* dy, const float* x, int batch, int out, int in, int nb, float* dyT, float* xT) {
  const Ops* ops = activeOps();
  // Counted as multiply-adds for the split: a transposed float costs a few (a load and a store out of order)
  constexpr double kMultiplyAddsPerFloat = 4;
  forRanges("sddmm transposes", batch, kMultiplyAddsPerFloat * batch * (out + in), 16, [&](int lo, int hi) {
    ops->transpose(dy, lo, hi, out, out, dyT, nb, nullptr);
    ops->transpose(x, lo, hi, in, in, xT, nb, nullptr);
  });
  if (nb == batch) return;
  for (int r = 0; r < out; r++) std::memset(dyT + (size_t)r * nb + batch, 0, sizeof(float) * (nb - batch));
  for (int c = 0; c < in; c++) std::memset(xT + (size_t)c * nb + batch, 0, sizeof(float) * (nb - batch));
}

// One batch part, split by rows: with the batch in two halves summed after (one per thread), each kept entry cost a
// horizontal sum and a pass over dW per half, and a 97 %-sparse 300×784 layer at batch 128 took 175 µs on one thread
// against 130 in one part (70 with its rows on two threads).
void runSddmm(SddmmJob& job) {
  const double work = (double)job.ptr[job.rows] * job.width;
  const int parts = partsFor(work);
  balance(job.ptr, job.rows, parts, job.bounds);
  parallel(parts, sddmmRows, &job, "sddmm", work);
}

// dW(O×I) += (dyᵀ·x) at the kept entries of a CSR structure; nothing else of dW is touched. Batch-major,
// sddmm(O, I, B, dy, x, ptr, col, dW, dyT scratch, xT scratch), the scratch O·nb and I·nb floats (nb: B rounded up
// to the vector width); feature-major, whose dot products read dyT (O×B) and xT (I×B) in place,
// sddmmFeatureMajor(O, I, B, dyT, xT, ptr, col, dW).
template <bool featureMajor>
Napi::Value Sddmm(const Napi::CallbackInfo& info) {
  Args args(info);
  const int out = args.integer(0), in = args.integer(1), batch = args.integer(2);
  const int nb = roundUp(batch, activeOps()->lanes);
  const float* dy = args.array<float>(3, (size_t)batch * out);
  const float* x = args.array<float>(4, (size_t)batch * in);
  const int32_t* ptr = args.array<int32_t>(5, out + 1);
  const size_t kept = ptr ? (size_t)ptr[out] : 0;
  const uint16_t* col = args.array<uint16_t>(6, kept);
  float* dW = args.array<float>(7, (size_t)out * in);
  float* dyT = featureMajor ? nullptr : args.scratch(8, (size_t)out * nb);
  float* xT = featureMajor ? nullptr : args.scratch(9, (size_t)in * nb);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0 || in == 0) return info.Env().Undefined();
  SddmmJob job{out, in, ptr, col, dy, x, batch, batch, dW, {}};
  if (!featureMajor) {
    transposeOperands(dy, x, batch, out, in, nb, dyT, xT);
    job.dyT = dyT;
    job.xT = xT;
    job.width = job.ld = nb;
  }
  runSddmm(job);
  return info.Env().Undefined();
}

}  // namespace

void registerSddmm(Napi::Env env, Napi::Object exports) {
  exports.Set("sddmm", Napi::Function::New(env, Sddmm<false>));
  exports.Set("sddmmFeatureMajor", Napi::Function::New(env, Sddmm<true>));
}

}  // namespace ont
