// Scaled dot-product attention over every (sequence, head) block, forward and backward, with the padding mask and
// head gates (the Kernel contract's attention ops). Q, K, V and the results stay in the layers' (B·T × D) rows.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
#include <cstdlib>
#include <vector>
#include "encoder-ops.h"
#include "simd.h"

namespace ont {
namespace {

struct Shape {
  int batch, length, heads, width, headWidth;
  float scale;
};

// Scratch per thread: kept between calls, grown when a larger shape comes.
struct Scratch {
  std::vector<float> keysT, valuesT, row, dContext;
  float* get(std::vector<float>& v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
  }
};
thread_local Scratch scratch;

// out (E × T) ← the block's columns of m (T rows of D floats from `first`), transposed.
static inline __attribute__((always_inline)) void transposeBlock(const float* m, int T, int D, int E, float* out) {
  for (int j = 0; j < T; j++)
    for (int e = 0; e < E; e++) out[(size_t)e * T + j] = m[(size_t)j * D + e];
}

// s[j] ← Σ_e a[e]·bT[e·T + j] for j < T: one row of a block product, vectorised over j.
static inline __attribute__((always_inline)) void rowTimes(const float* __restrict a, const float* __restrict bT, int E, int T,
                                                          float* __restrict s) {
  for (int j = 0; j < T; j++) s[j] = 0.0f;
  for (int e = 0; e < E; e++) {
    const float ae = a[e];
    const float* __restrict col = bT + (size_t)e * T;
    for (int j = 0; j < T; j++) s[j] += ae * col[j];
  }
}

template <typename V>
static inline ONT_INLINE void forwardBlocks(int lo, int hi, Shape s, const float* q, const float* k, const float* v, const uint8_t* valid,
                          const float* gates, float* probabilities, float* context, float* merged, float* keysT, float* row) {
  const int T = s.length, D = s.width, E = s.headWidth;
  for (int block = lo; block < hi; block++) {
    const int b = block / s.heads, h = block % s.heads;
    const size_t first = (size_t)b * T * D + (size_t)h * E;
    transposeBlock(k + first, T, D, E, keysT);
    const uint8_t* keyValid = valid ? valid + (size_t)b * T : nullptr;
    for (int i = 0; i < T; i++) {
      rowTimes(q + first + (size_t)i * D, keysT, E, T, row);
      float top = -INFINITY;
      for (int j = 0; j < T; j++)
        if (!keyValid || keyValid[j]) top = row[j] * s.scale > top ? row[j] * s.scale : top;
      // exp of the scaled, shifted scores T at a time (padded keys get exactly 0)
      constexpr int L = simd::lanes<V>();
      float total = 0.0f;
      for (int j0 = 0; j0 < T; j0 += L) {
        float lanes[L];
        const int n = T - j0 < L ? T - j0 : L;
        for (int l = 0; l < L; l++) lanes[l] = l < n ? row[j0 + l] * s.scale - top : -INFINITY;
        simd::store(lanes, simd::exp<V>(simd::load<V>(lanes)));
        for (int l = 0; l < n; l++) {
          const float e = keyValid && !keyValid[j0 + l] ? 0.0f : lanes[l];
          row[j0 + l] = e;
          total += e;
        }
      }
      const float inverse = total > 0.0f ? 1.0f / total : 0.0f;  // a query with no valid key attends to nothing
      float* p = probabilities + ((size_t)block * T + i) * T;
      for (int j = 0; j < T; j++) p[j] = row[j] * inverse;
      // context row i = Σ_j p_j · v_j, vectorised over e
      float* c = context + first + (size_t)i * D;
      for (int e = 0; e < E; e++) c[e] = 0.0f;
      for (int j = 0; j < T; j++) {
        const float pj = p[j];
        if (pj == 0.0f) continue;
        const float* __restrict vj = v + first + (size_t)j * D;
        for (int e = 0; e < E; e++) c[e] += pj * vj[e];
      }
      float* m = merged + first + (size_t)i * D;
      for (int e = 0; e < E; e++) m[e] = c[e] * gates[h];
    }
  }
}
ONT_ISA_DISPATCH(forward, forwardBlocks)

template <typename V>
static inline ONT_INLINE void backwardBlocks(int lo, int hi, Shape s, const float* dMerged, const float* q, const float* k, const float* v,
                           const float* probabilities, const float* context, const float* gates, float* dq, float* dk,
                           float* dv, double* headDots, float* valuesT, float* row, float* dContext) {
  const int T = s.length, D = s.width, E = s.headWidth;
  for (int block = lo; block < hi; block++) {
    const int b = block / s.heads, h = block % s.heads;
    const size_t first = (size_t)b * T * D + (size_t)h * E;
    // ∂L/∂ξ_h for this example, and dctx = ξ_h · ∂L/∂merged (T × E, contiguous)
    double dot = 0.0;
    for (int i = 0; i < T; i++) {
      const float* c = context + first + (size_t)i * D;
      const float* g = dMerged + first + (size_t)i * D;
      float partial = 0.0f;
      for (int e = 0; e < E; e++) {
        partial += c[e] * g[e];
        dContext[(size_t)i * E + e] = gates[h] * g[e];
      }
      dot += partial;
    }
    headDots[block] = dot;
    transposeBlock(v + first, T, D, E, valuesT);
    for (int j = 0; j < T; j++) {
      float* zk = dk + first + (size_t)j * D;
      float* zv = dv + first + (size_t)j * D;
      for (int e = 0; e < E; e++) zk[e] = zv[e] = 0.0f;
    }
    for (int i = 0; i < T; i++) {
      const float* p = probabilities + ((size_t)block * T + i) * T;
      const float* dc = dContext + (size_t)i * E;
      rowTimes(dc, valuesT, E, T, row);  // dP row i = dctx_i · Vᵀ
      float weighted = 0.0f;
      for (int j = 0; j < T; j++) weighted += p[j] * row[j];
      for (int j = 0; j < T; j++) row[j] = p[j] * (row[j] - weighted) * s.scale;  // dS·scale
      float* dqi = dq + first + (size_t)i * D;
      const float* qi = q + first + (size_t)i * D;
      for (int e = 0; e < E; e++) dqi[e] = 0.0f;
      for (int j = 0; j < T; j++) {
        const float ds = row[j], pj = p[j];
        const float* __restrict kj = k + first + (size_t)j * D;
        float* __restrict dkj = dk + first + (size_t)j * D;
        float* __restrict dvj = dv + first + (size_t)j * D;
        for (int e = 0; e < E; e++) {
          dqi[e] += ds * kj[e];
          dkj[e] += ds * qi[e];
          dvj[e] += pj * dc[e];
        }
      }
    }
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
    float* keysT = scratch.get(scratch.keysT, (size_t)s.headWidth * s.length);
    float* row = scratch.get(scratch.row, (size_t)s.length + 16);
    forward(lo, hi, s, q, k, v, valid, gates, probabilities, context, merged, keysT, row);
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
    float* valuesT = scratch.get(scratch.valuesT, (size_t)s.headWidth * s.length);
    float* row = scratch.get(scratch.row, (size_t)s.length + 16);
    float* dContext = scratch.get(scratch.dContext, (size_t)s.length * s.headWidth);
    backward(lo, hi, s, dMerged, q, k, v, probabilities, context, gates, dq, dk, dv, headDots, valuesT, row, dContext);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerAttention(Napi::Env env, Napi::Object exports) {
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionBackward", Napi::Function::New(env, AttentionBackward));
}

}  // namespace ont
