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

// One entry's dot product over whole vectors: alternate vectors into two accumulators, summed lane by lane into
// `sums`; returns the columns covered. Single and paired entries sum in this order, so pairing entries (below)
// changes no bit.
template <int E>
static inline int entryVectors(const float* d, const float* const (&x)[E], int width, vf (&sums)[E]) {
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
  for (int e = 0; e < E; e++) sums[e] = a0[e] + a1[e];
  return b;
}

// The same dot products to the end of the row: the vectors' horizontal sums, then the columns past them.
template <int E>
static inline void entryDots(const float* d, const float* const (&x)[E], int width, float (&out)[E]) {
  vf sums[E];
  const int b = entryVectors<E>(d, x, width, sums);
#pragma GCC unroll 4
  for (int e = 0; e < E; e++) {
    float dot = hsum(sums[e]);
    for (int t = b; t < width; t++) dot += d[t] * x[e][t];
    out[e] = dot;
  }
}

// Calls each<E>(r, p, d, x) for the kept entries of rows [r0, r1), two at a time (E = 2, then a last single one):
// each dot product alone is a chain of dependent multiply-adds that leaves the FMA units idle for most of its
// latency, and two chains side by side also share the loads of dy's row `d`. x rows (`x[e]`, rows `ld` apart) are
// fetched a few entries ahead, as in the CSR product.
template <typename Each>
static inline void entriesInPairs(int r0, int r1, int width, int ld, const int32_t* ptr, const uint16_t* col,
                                  const float* dyT, const float* xT, Each&& each) {
  const int pend = ptr[r1];
  const auto fetchAhead = [&](int p) {
    if (p + kAhead >= pend) return;
    const float* next = xT + (size_t)col[p + kAhead] * ld;
    for (int b = 0; b < width; b += 16) __builtin_prefetch(next + b);
  };
  for (int r = r0; r < r1; r++) {
    const float* d = dyT + (size_t)r * ld;
    int p = ptr[r];
    for (; p + 2 <= ptr[r + 1]; p += 2) {
      fetchAhead(p);
      fetchAhead(p + 1);
      const float* const x[2] = {xT + (size_t)col[p] * ld, xT + (size_t)col[p + 1] * ld};
      each.template operator()<2>(r, p, d, x);
    }
    if (p < ptr[r + 1]) {
      fetchAhead(p);
      const float* const x[1] = {xT + (size_t)col[p] * ld};
      each.template operator()<1>(r, p, d, x);
    }
  }
}

static void sddmm(int r0, int r1, int cols, int width, int ld, const int32_t* ptr, const uint16_t* col,
                  const float* dyT, const float* xT, float* dW) {
  entriesInPairs(r0, r1, width, ld, ptr, col, dyT, xT, [&]<int E>(int r, int p, const float* d, const float* const (&x)[E]) {
    float out[E];
    entryDots<E>(d, x, width, out);
    for (int e = 0; e < E; e++) dW[(size_t)r * cols + col[p + e]] += out[e];
  });
}

// One panel of a long batch: dyT and xT hold `width` columns a row (a multiple of VW), rows `width` floats apart,
// and each kept entry p adds its dot product's lanes to partial[p·VW …]: over a batch of thousands, a whole row of
// x per entry streamed from L3 (8 KB at batch 2048), where a panel of x stays in L2; the lanes are summed once, at
// the end (sddmmPanelSums), not once a panel.
static void sddmmPanel(int r0, int r1, int width, const int32_t* ptr, const uint16_t* col, const float* dyT,
                       const float* xT, float* partial) {
  entriesInPairs(r0, r1, width, width, ptr, col, dyT, xT, [&]<int E>(int, int p, const float* d, const float* const (&x)[E]) {
    vf sums[E];
    entryVectors<E>(d, x, width, sums);
    for (int e = 0; e < E; e++) {
      float* lanes = partial + (size_t)(p + e) * VW;
      store(lanes, load(lanes) + sums[e]);
    }
  });
}

// dW[r·cols + col[p]] += the horizontal sum of partial[p·VW …] for the kept entries of rows [r0, r1).
static void sddmmPanelSums(int r0, int r1, int cols, const int32_t* ptr, const uint16_t* col, const float* partial,
                           float* dW) {
  for (int r = r0; r < r1; r++)
    for (int p = ptr[r]; p < ptr[r + 1]; p++) dW[(size_t)r * cols + col[p]] += hsum(load(partial + (size_t)p * VW));
}

}  // namespace ONT_NS
}  // namespace ont
