// SDDMM: the weight gradient dyᵀ·x sampled at the kept entries of a CSR structure, one dot product per entry.
#pragma once
#include "vector-impl.h"

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

static void sddmm(int r0, int r1, int cols, int width, int ld, const int32_t* ptr, const uint16_t* col,
                  const float* dyT, const float* xT, float* dW, float* dots) {
  for (int r = r0; r < r1; r++) {
    const float* d = dyT + (size_t)r * ld;
    for (int p = ptr[r]; p < ptr[r + 1]; p++) {
      const float* x = xT + (size_t)col[p] * ld;
      vf a0 = vf{}, a1 = vf{};
      int b = 0;
      for (; b + 2 * VW <= width; b += 2 * VW) {
        a0 += load(d + b) * load(x + b);
        a1 += load(d + b + VW) * load(x + b + VW);
      }
      if (b + VW <= width) {
        a0 += load(d + b) * load(x + b);
        b += VW;
      }
      float dot = hsum(a0 + a1);
      for (; b < width; b++) dot += d[b] * x[b];
      if (dW) dW[(size_t)r * cols + col[p]] += dot;
      else dots[p] = dot;
    }
  }
}

}  // namespace ONT_NS
}  // namespace ont
