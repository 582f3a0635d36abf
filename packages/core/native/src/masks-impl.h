// Bit-packed mask ops: applying a mask, adding through one, and building one by a threshold.
#pragma once
#include "vector-impl.h"

namespace ont {
namespace ONT_NS {

// 16 mask bits select 16 lanes: an AVX-512 mask register directly, or on AVX2 each bit tested into a lane mask.
// A random mask at density 0.75 (mask fine-tuning) made the bit-by-bit loop 0.7 ms per 300×784 layer.
#if defined(__AVX512F__)
static inline __m512 select16(uint32_t bits, const float* p) { return _mm512_maskz_loadu_ps((__mmask16)bits, p); }
#elif defined(__AVX2__)
// All ones in lane l where bit l of the low 8 bits is set.
static inline __m256i laneMask8(uint32_t bits) {
  const __m256i lane = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  return _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)bits), lane), lane);
}
static inline __m256 select8(uint32_t bits, const float* p) {
  return _mm256_and_ps(_mm256_castsi256_ps(laneMask8(bits)), _mm256_loadu_ps(p));
}
#endif

static void maskApply(int n, const float* __restrict values, const uint32_t* __restrict words, float* __restrict out) {
  int w = 0;
  for (; (w + 1) * 32 <= n; w++) {
    const uint32_t bits = words[w];
    const float* v = values + (size_t)w * 32;
    float* o = out + (size_t)w * 32;
#if defined(__AVX512F__)
    _mm512_storeu_ps(o, select16(bits, v));
    _mm512_storeu_ps(o + 16, select16(bits >> 16, v + 16));
#elif defined(__AVX2__)
    for (int q = 0; q < 4; q++) _mm256_storeu_ps(o + 8 * q, select8(bits >> (8 * q), v + 8 * q));
#else
    for (int b = 0; b < 32; b++) o[b] = (bits >> b) & 1u ? v[b] : 0.0f;
#endif
  }
  for (int i = w * 32; i < n; i++) out[i] = (words[i >> 5] >> (i & 31)) & 1u ? values[i] : 0.0f;
}

static void maskedAdd(int n, const float* __restrict src, const uint32_t* __restrict words, float* __restrict dst) {
  int w = 0;
  for (; (w + 1) * 32 <= n; w++) {
    const uint32_t bits = words[w];
    if (bits == 0) continue;
    const float* s = src + (size_t)w * 32;
    float* d = dst + (size_t)w * 32;
    // Masked stores: entries off the mask are not written at all (not even −0 + 0 → +0).
#if defined(__AVX512F__)
    for (int h = 0; h < 2; h++) {
      const __mmask16 k = (__mmask16)(bits >> (16 * h));
      _mm512_mask_storeu_ps(d + 16 * h, k, _mm512_add_ps(_mm512_loadu_ps(d + 16 * h), _mm512_loadu_ps(s + 16 * h)));
    }
#elif defined(__AVX2__)
    for (int q = 0; q < 4; q++)
      _mm256_maskstore_ps(d + 8 * q, laneMask8(bits >> (8 * q)),
                          _mm256_add_ps(_mm256_loadu_ps(d + 8 * q), _mm256_loadu_ps(s + 8 * q)));
#else
    for (int b = 0; b < 32; b++)
      if ((bits >> b) & 1u) d[b] += s[b];
#endif
  }
  for (int i = w * 32; i < n; i++)
    if ((words[i >> 5] >> (i & 31)) & 1u) dst[i] += src[i];
}

static void thresholdBits(int n, const float* __restrict v, float threshold, uint32_t* __restrict words) {
  int word = 0;
#if defined(__AVX512F__)
  const __m512 th = _mm512_set1_ps(threshold);
  for (; (word + 1) * 32 <= n; word++) {
    const float* p = v + (size_t)word * 32;
    const uint32_t lo = _mm512_cmp_ps_mask(_mm512_loadu_ps(p), th, _CMP_GT_OQ);
    const uint32_t hi = _mm512_cmp_ps_mask(_mm512_loadu_ps(p + 16), th, _CMP_GT_OQ);
    words[word] = lo | hi << 16;
  }
#elif defined(__AVX2__)
  const __m256 th = _mm256_set1_ps(threshold);
  for (; (word + 1) * 32 <= n; word++) {
    const float* p = v + (size_t)word * 32;
    uint32_t bits = 0;
    for (int q = 0; q < 4; q++) bits |= (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(p + 8 * q), th, _CMP_GT_OQ)) << (8 * q);
    words[word] = bits;
  }
#endif
  for (; word * 32 < n; word++) {
    const int base = word * 32, len = n - base < 32 ? n - base : 32;
    uint32_t bits = 0;
    for (int b = 0; b < len; b++) bits |= (uint32_t)(v[base + b] > threshold) << b;
    words[word] = bits;
  }
}

}  // namespace ONT_NS
}  // namespace ont
