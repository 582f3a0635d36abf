// SDDMM: the weight gradient dyᵀ·x sampled at the kept entries of a CSR structure, one dot product per entry.
#pragma once
#include "spmm-impl.h"

namespace ont {
namespace ONT_NS {

// A tree, not a lane-by-lane chain: SDDMM reduces one vector per kept entry, and 16 dependent adds per entry made
// it the slowest op of a 90 %-sparse training step (about 60 cycles an entry).
static inline float hsum(vf v) {
#if defined(__AVX__) && (ONT_LANES == 8 || ONT_LANES == 16)
  __m256 x;
  if constexpr (VW == 16) {  // halves by memcpy: GCC 12's _mm512_reduce_add_ps warns of an uninitialised operand
    __m256 lo, hi;
    std::memcpy(&lo, &v, sizeof lo);
    std::memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
    x = _mm256_add_ps(lo, hi);
  } else {
    std::memcpy(&x, &v, sizeof x);
  }
  const __m128 q = _mm_add_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
  const __m128 h = _mm_add_ps(q, _mm_movehl_ps(q, q));
  return _mm_cvtss_f32(_mm_add_ss(h, _mm_shuffle_ps(h, h, 1)));
#else
  float t[VW];
  store(t, v);
  for (int w = VW / 2; w >= 1; w /= 2)
    for (int l = 0; l < w; l++) t[l] += t[l + w];
  return t[0];
#endif
}

// One entry's dot product over whole vectors: alternate vectors into two accumulators, then the columns past them.
// Single and paired entries sum in this order, so pairing entries (below) changes no bit.
template <int E>
static inline void entryDots(const float* d, const float* const (&x)[E], int width, float (&out)[E]) {
  vf a0[E], a1[E];
#pragma GCC unroll 4
  for (int e = 0; e < E; e++) a0[e] = a1[e] = vf{};
  int b = 0;
  for (; b + 2 * VW <= width; b += 2 * VW) {
    const vf d0 = load(d + b), d1 = load(d + b + VW);
#pragma GCC unroll 4
    for (int e = 0; e < E; e++) {
      a0[e] += d0 * load(x[e] + b);
      a1[e] += d1 * load(x[e] + b + VW);
    }
  }
  if (b + VW <= width) {
    const vf d0 = load(d + b);
#pragma GCC unroll 4
    for (int e = 0; e < E; e++) a0[e] += d0 * load(x[e] + b);
    b += VW;
  }
#pragma GCC unroll 4
  for (int e = 0; e < E; e++) {
    float dot = hsum(a0[e] + a1[e]);
    for (int t = b; t < width; t++) dot += d[t] * x[e][t];
    out[e] = dot;
  }
}

// Entries of a row two at a time: each dot product alone is a chain of dependent multiply-adds that leaves the FMA
// units idle for most of its latency, and two chains side by side also share the loads of dy's row. x rows are
// fetched a few entries ahead, as in the CSR product.
static void sddmm(int r0, int r1, int cols, int width, int ld, const int32_t* ptr, const uint16_t* col,
                  const float* dyT, const float* xT, float* dW) {
  const int pend = ptr[r1];
  const auto fetchAhead = [&](int p) {
    if (p + kAhead >= pend) return;
    const float* next = xT + (size_t)col[p + kAhead] * ld;
    for (int b = 0; b < width; b += 16) __builtin_prefetch(next + b);
  };
  const auto keep = [&](int r, int p, float dot) { dW[(size_t)r * cols + col[p]] += dot; };
  for (int r = r0; r < r1; r++) {
    const float* d = dyT + (size_t)r * ld;
    int p = ptr[r];
    for (; p + 2 <= ptr[r + 1]; p += 2) {
      fetchAhead(p);
      fetchAhead(p + 1);
      const float* const x[2] = {xT + (size_t)col[p] * ld, xT + (size_t)col[p + 1] * ld};
      float out[2];
      entryDots<2>(d, x, width, out);
      keep(r, p, out[0]);
      keep(r, p + 1, out[1]);
    }
    if (p < ptr[r + 1]) {
      fetchAhead(p);
      const float* const x[1] = {xT + (size_t)col[p] * ld};
      float out[1];
      entryDots<1>(d, x, width, out);
      keep(r, p, out[0]);
    }
  }
}

}  // namespace ONT_NS
}  // namespace ont
