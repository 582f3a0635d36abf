// Scaled dot-product attention over every (sequence, head) block, forward and backward, with the padding mask and
// head gates (the Kernel contract's attention ops). Q, K, V and the results stay in the layers' (B·T × D) rows.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
#include <cstdlib>
#include <vector>
#include "bindings.h"
#include "partition.h"
#include "simd.h"

namespace ont {
namespace {

struct Shape {
  int batch, length, heads, width, headWidth;
  float scale;
};

// Scratch per thread: kept between calls, grown when a larger shape comes.
struct Scratch {
  std::vector<float> dScores;
  float* get(std::vector<float>& v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
  }
};
thread_local Scratch scratch;

// Applies f to the floats [0, n) of p as vectors of V, the tail through a padded copy (its extra lanes hold `fill`).
template <typename V, typename F>
static inline ONT_INLINE void eachVector(float* p, int n, float fill, F&& f) {
  constexpr int L = simd::lanes<V>();
  int j = 0;
  for (; j + L <= n; j += L) simd::store(p + j, f(simd::load<V>(p + j), j));
  if (j < n) {
    float tail[L];
    for (int l = 0; l < L; l++) tail[l] = j + l < n ? p[j + l] : fill;
    simd::store(tail, f(simd::load<V>(tail), j));
    for (int l = 0; j + l < n; l++) p[j + l] = tail[l];
  }
}

// One row of scores in place → its softmax over the valid keys (padded keys exactly 0; none valid: all 0).
template <typename V>
static inline ONT_INLINE void softmaxRow(float* p, int T, const uint8_t* keyValid) {
  float top = -INFINITY;
  for (int j = 0; j < T; j++) {
    if (keyValid && !keyValid[j]) p[j] = -INFINITY;  // exp(−∞) = 0 exactly
    else if (p[j] > top) top = p[j];
  }
  if (top == -INFINITY) {
    for (int j = 0; j < T; j++) p[j] = 0.0f;
    return;
  }
  V total{};
  eachVector<V>(p, T, -INFINITY, [&](V s, int) ONT_INLINE {
    const V e = simd::exp<V>(s - top);
    total += e;
    return e;
  });
  const float inverse = 1.0f / simd::sum(total);
  eachVector<V>(p, T, 0.0f, [&](V e, int) ONT_INLINE { return e * inverse; });
}

// Each block (b, h): S = scale·Q_h·K_hᵀ written over its probabilities, the softmax of each row, then
// context_h = P·V_h and merged_h = gate_h·context_h, all through the ISA's GEMM on the rows in place (leading dim D).
template <typename V>
static inline ONT_INLINE void forwardBlocks(int lo, int hi, Shape s, const float* q, const float* k, const float* v,
                                            const uint8_t* valid, const float* gates, float* probabilities,
                                            float* context, float* merged) {
  const int T = s.length, D = s.width, E = s.headWidth;
  const Ops* ops = activeOps();
  for (int block = lo; block < hi; block++) {
    const int b = block / s.heads, h = block % s.heads;
    const size_t first = (size_t)b * T * D + (size_t)h * E;
    float* p = probabilities + (size_t)block * T * T;
    ops->gemm(false, true, T, T, E, s.scale, q + first, D, k + first, D, 0.0f, p, T);
    for (int i = 0; i < T; i++) softmaxRow<V>(p + (size_t)i * T, T, valid ? valid + (size_t)b * T : nullptr);
    ops->gemm(false, false, T, E, T, 1.0f, p, T, v + first, D, 0.0f, context + first, D);
    for (int i = 0; i < T; i++)
      for (int e = 0; e < E; e++) merged[first + (size_t)i * D + e] = context[first + (size_t)i * D + e] * gates[h];
  }
}
ONT_ISA_DISPATCH(forward, forwardBlocks)

// Each block: ∂L/∂ξ_h for the sequence; dP = ξ_h·dMerged_h·V_hᵀ; dV_h = ξ_h·Pᵀ·dMerged_h;
// dS = P ⊙ (dP − rowsum(P ⊙ dP)); dQ_h = scale·dS·K_h; dK_h = scale·dSᵀ·Q_h.
template <typename V>
static inline ONT_INLINE void backwardBlocks(int lo, int hi, Shape s, const float* dMerged, const float* q,
                                             const float* k, const float* v, const float* probabilities,
                                             const float* context, const float* gates, float* dq, float* dk, float* dv,
                                             double* headDots, float* dS) {
  const int T = s.length, D = s.width, E = s.headWidth;
  const Ops* ops = activeOps();
  for (int block = lo; block < hi; block++) {
    const int b = block / s.heads, h = block % s.heads;
    const size_t first = (size_t)b * T * D + (size_t)h * E;
    double dot = 0.0;
    for (int i = 0; i < T; i++) {
      const float* c = context + first + (size_t)i * D;
      const float* g = dMerged + first + (size_t)i * D;
      float partial = 0.0f;
      for (int e = 0; e < E; e++) partial += c[e] * g[e];
      dot += partial;
    }
    headDots[block] = dot;
    const float* p = probabilities + (size_t)block * T * T;
    ops->gemm(false, true, T, T, E, gates[h], dMerged + first, D, v + first, D, 0.0f, dS, T);
    ops->gemm(true, false, T, E, T, gates[h], p, T, dMerged + first, D, 0.0f, dv + first, D);
    for (int i = 0; i < T; i++) {
      const float* pi = p + (size_t)i * T;
      float* di = dS + (size_t)i * T;
      float weighted = 0.0f;
      for (int j = 0; j < T; j++) weighted += pi[j] * di[j];
      for (int j = 0; j < T; j++) di[j] = pi[j] * (di[j] - weighted);
    }
    ops->gemm(false, false, T, E, T, s.scale, dS, T, k + first, D, 0.0f, dq + first, D);
    ops->gemm(true, false, T, E, T, s.scale, dS, T, q + first, D, 0.0f, dk + first, D);
  }
}
ONT_ISA_DISPATCH(backward, backwardBlocks)

// Reads B, T, H and the scale from arguments [0, 4), checking that D = cols is a multiple of H.
bool readShape(Args& args, Shape& s) {
  s.batch = args.integer(0);
  s.length = args.integer(1);
  s.heads = args.integer(2);
  s.width = args.integer(3);
  s.scale = args.number(4);
  if (args.bad()) return false;
  if (s.batch < 0 || s.length < 0 || s.heads <= 0 || s.width % s.heads != 0) return false;
  s.headWidth = s.width / s.heads;
  return true;
}

Napi::Value badShape(const Napi::CallbackInfo& info, Args& args) {
  if (args.bad()) return args.error();
  Napi::RangeError::New(info.Env(), "native kernel: attention: width must be a positive multiple of heads")
      .ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

// attention(B, T, H, D, scale, q, k, v, keyValid | null, gates, probabilities, context, merged)
Napi::Value Attention(const Napi::CallbackInfo& info) {
  Args args(info);
  Shape s;
  if (!readShape(args, s)) return badShape(info, args);
  const size_t n = (size_t)s.batch * s.length * s.width, blocks = (size_t)s.batch * s.heads;
  const float* q = args.array<float>(5, n);
  const float* k = args.array<float>(6, n);
  const float* v = args.array<float>(7, n);
  const uint8_t* valid = args.array<uint8_t>(8, (size_t)s.batch * s.length, true);
  const float* gates = args.array<float>(9, s.heads);
  float* probabilities = args.array<float>(10, blocks * s.length * s.length);
  float* context = args.array<float>(11, n);
  float* merged = args.array<float>(12, n);
  if (args.bad()) return args.error();
  const double work = (double)blocks * s.length * s.length * (2.0 * s.headWidth + 8.0);
  forRanges("attention", (int)blocks, work, [&](int lo, int hi) {
    forward(lo, hi, s, q, k, v, valid, gates, probabilities, context, merged);
  });
  return info.Env().Undefined();
}

// attentionBackward(B, T, H, D, scale, dMerged, q, k, v, probabilities, context, gates, dq, dk, dv, headDots)
Napi::Value AttentionBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  Shape s;
  if (!readShape(args, s)) return badShape(info, args);
  const size_t n = (size_t)s.batch * s.length * s.width, blocks = (size_t)s.batch * s.heads;
  const float* dMerged = args.array<float>(5, n);
  const float* q = args.array<float>(6, n);
  const float* k = args.array<float>(7, n);
  const float* v = args.array<float>(8, n);
  const float* probabilities = args.array<float>(9, blocks * s.length * s.length);
  const float* context = args.array<float>(10, n);
  const float* gates = args.array<float>(11, s.heads);
  float* dq = args.array<float>(12, n);
  float* dk = args.array<float>(13, n);
  float* dv = args.array<float>(14, n);
  double* headDots = args.array<double>(15, blocks);
  if (args.bad()) return args.error();
  const double work = (double)blocks * s.length * s.length * (5.0 * s.headWidth + 4.0);
  forRanges("attentionBackward", (int)blocks, work, [&](int lo, int hi) {
    float* dS = scratch.get(scratch.dScores, (size_t)s.length * s.length);
    backward(lo, hi, s, dMerged, q, k, v, probabilities, context, gates, dq, dk, dv, headDots, dS);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerAttention(Napi::Env env, Napi::Object exports) {
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionBackward", Napi::Function::New(env, AttentionBackward));
}

}  // namespace ont
