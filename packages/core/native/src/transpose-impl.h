// Transposes with an optional per-row bias that lands on output columns, by 8×8 (AVX) and 16×16 (AVX-512) blocks;
// the GEMM's packing uses the 8×8 block too.
#pragma once
#include "vector-impl.h"

namespace ont {
namespace ONT_NS {

#if defined(__AVX__)
// An 8×8 block through unpack / shuffle / lane-permute: 8 loads, 24 shuffles, 8 stores.
static inline void block8(const float* in, int ldi, float* out, int ldo, const float* bias) {
  __m256 r0 = _mm256_loadu_ps(in), r1 = _mm256_loadu_ps(in + ldi), r2 = _mm256_loadu_ps(in + 2 * ldi),
         r3 = _mm256_loadu_ps(in + 3 * ldi), r4 = _mm256_loadu_ps(in + 4 * ldi), r5 = _mm256_loadu_ps(in + 5 * ldi),
         r6 = _mm256_loadu_ps(in + 6 * ldi), r7 = _mm256_loadu_ps(in + 7 * ldi);
  __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
         t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
         t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE),
         s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE),
         s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE),
         s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  __m256 o[8] = {_mm256_permute2f128_ps(s0, s4, 0x20), _mm256_permute2f128_ps(s1, s5, 0x20),
                 _mm256_permute2f128_ps(s2, s6, 0x20), _mm256_permute2f128_ps(s3, s7, 0x20),
                 _mm256_permute2f128_ps(s0, s4, 0x31), _mm256_permute2f128_ps(s1, s5, 0x31),
                 _mm256_permute2f128_ps(s2, s6, 0x31), _mm256_permute2f128_ps(s3, s7, 0x31)};
  const __m256 add = bias ? _mm256_loadu_ps(bias) : _mm256_setzero_ps();
  for (int j = 0; j < 8; j++) _mm256_storeu_ps(out + (size_t)j * ldo, _mm256_add_ps(o[j], add));
}
constexpr int TB = 8;
#if defined(__AVX512F__)
// A 16×16 block: 16 loads, 64 shuffles, 16 stores of a whole cache line each. Against pairs of 8×8 blocks it
// took the transpose of a 512×128 yT into y (rows 2 KB apart) from about 13 to 10 µs, and x into xT from 7 to 6.
typedef float v16 __attribute__((vector_size(64)));
// Shuffles as vector-extension builtins (GCC picks vunpcklps / vshufps / vshuff32x4): the intrinsics' masked forms
// warn of an uninitialised operand under GCC 12.
static inline void block16(const float* in, int ldi, float* out, int ldo, const float* bias) {
  v16 r[16], t[16];
#pragma GCC unroll 16
  for (int i = 0; i < 16; i++) std::memcpy(&r[i], in + (size_t)i * ldi, sizeof(v16));
#pragma GCC unroll 8
  for (int i = 0; i < 16; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31);
  }
#pragma GCC unroll 4
  for (int i = 0; i < 16; i += 4) {
    r[i] = __builtin_shufflevector(t[i], t[i + 2], 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    r[i + 1] = __builtin_shufflevector(t[i], t[i + 2], 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    r[i + 2] = __builtin_shufflevector(t[i + 1], t[i + 3], 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    r[i + 3] = __builtin_shufflevector(t[i + 1], t[i + 3], 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  }
#define ONT_EVEN_LANES 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27
#define ONT_ODD_LANES 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31
#pragma GCC unroll 4
  for (int i = 0; i < 4; i++) {
    t[i] = __builtin_shufflevector(r[i], r[i + 4], ONT_EVEN_LANES);
    t[i + 4] = __builtin_shufflevector(r[i], r[i + 4], ONT_ODD_LANES);
    t[i + 8] = __builtin_shufflevector(r[i + 8], r[i + 12], ONT_EVEN_LANES);
    t[i + 12] = __builtin_shufflevector(r[i + 8], r[i + 12], ONT_ODD_LANES);
  }
#pragma GCC unroll 8
  for (int i = 0; i < 8; i++) {
    r[i] = __builtin_shufflevector(t[i], t[i + 8], ONT_EVEN_LANES);
    r[i + 8] = __builtin_shufflevector(t[i], t[i + 8], ONT_ODD_LANES);
  }
#undef ONT_EVEN_LANES
#undef ONT_ODD_LANES
  v16 add = v16{};
  if (bias) std::memcpy(&add, bias, sizeof add);
#pragma GCC unroll 16
  for (int j = 0; j < 16; j++) {
    const v16 o = r[j] + add;
    std::memcpy(out + (size_t)j * ldo, &o, sizeof o);
  }
}
#else
// A 16×16 block as four 8×8 ones, left pairs first, so each output row's whole line is written before the next.
static inline void block16(const float* in, int ldi, float* out, int ldo, const float* bias) {
  for (int c = 0; c < 16; c += TB)
    for (int r = 0; r < 16; r += TB)
      block8(in + (size_t)r * ldi + c, ldi, out + (size_t)c * ldo + r, ldo, bias ? bias + r : nullptr);
}
#endif
#else
constexpr int TB = 1;
#endif

#if defined(__AVX__)
// Calls f(p) for the starts of 16-wide blocks covering [lo, hi), hi − lo ≥ 16: from `first` in steps of 16, one
// block ending at hi for the rest, and one starting at lo for what precedes `first`. The extra blocks overlap their
// neighbours and write the same values again.
template <typename F>
static inline void blockStarts(int lo, int hi, int first, F&& f) {
  if (first > lo) f(lo);
  int p = first;
  for (; p + 16 <= hi; p += 16) f(p);
  if (p < hi) f(hi - 16);
}

// The index after `lo` whose float at p + index·1 starts a cache line, when lines of stride `ld` share their
// alignment (ld a multiple of 16); else lo.
static inline int firstOnLine(const float* p, int lo, int ld) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p + lo);
  if (ld % 16 != 0 || address % sizeof(float) != 0) return lo;
  return lo + (int)((64 - address % 64) % 64 / sizeof(float));
}

// Rows [r0, r1) (at least 16) by 16×16 blocks. Two measured effects (`pnpm bench kernel`, 128×512 ↔ 512×128):
// loads or stores straddling two cache lines (typed arrays sit 16 bytes past one) doubled the cost, so blocks start
// on lines of the input in one direction and of the output in the other; and the block order follows the output
// rows when they are further apart than the input's: writing y (rows 2 KB apart) one column strip after another
// put consecutive lines into the same two L1 sets and took 9.5 µs, along its rows 6.1 µs.
static void transposeBlocks16(const float* in, int r0, int r1, int cols, int ldi, float* out, int ldo, const float* bias) {
  const int firstColumn = firstOnLine(in + (size_t)r0 * ldi, 0, ldi), firstRow = firstOnLine(out, r0, ldo);
  auto block = [&](int r, int c) {
    block16(in + (size_t)r * ldi + c, ldi, out + (size_t)c * ldo + r, ldo, bias ? bias + r : nullptr);
  };
  if (ldo > ldi) {
    blockStarts(0, cols, firstColumn, [&](int c) { blockStarts(r0, r1, firstRow, [&](int r) { block(r, c); }); });
  } else {
    blockStarts(r0, r1, firstRow, [&](int r) { blockStarts(0, cols, firstColumn, [&](int c) { block(r, c); }); });
  }
}
#endif

static void transpose(const float* in, int r0, int r1, int cols, int ldi, float* out, int ldo, const float* bias) {
  int r = r0;
#if defined(__AVX__)
  if (r1 - r0 >= 16 && cols >= 16) {
    transposeBlocks16(in, r0, r1, cols, ldi, out, ldo, bias);
    return;
  }
#endif
#if defined(__AVX__)
  // Pairs of 8×8 blocks, one above the other: each output row gets 16 contiguous floats, a whole cache line, at
  // once. Row by row of blocks wrote half lines and came back for the other halves after the strided lines had
  // been evicted: x (128×512) into xT took 18 µs that way, 11 µs this way.
  for (; r + 2 * TB <= r1; r += 2 * TB) {
    int c = 0;
    for (; c + TB <= cols; c += TB) {
      block8(in + (size_t)r * ldi + c, ldi, out + (size_t)c * ldo + r, ldo, bias ? bias + r : nullptr);
      block8(in + (size_t)(r + TB) * ldi + c, ldi, out + (size_t)c * ldo + r + TB, ldo, bias ? bias + r + TB : nullptr);
    }
    for (; c < cols; c++)
      for (int rr = r; rr < r + 2 * TB; rr++) out[(size_t)c * ldo + rr] = in[(size_t)rr * ldi + c] + (bias ? bias[rr] : 0.0f);
  }
  for (; r + TB <= r1; r += TB) {
    int c = 0;
    for (; c + TB <= cols; c += TB) block8(in + (size_t)r * ldi + c, ldi, out + (size_t)c * ldo + r, ldo, bias ? bias + r : nullptr);
    for (; c < cols; c++)
      for (int rr = r; rr < r + TB; rr++) out[(size_t)c * ldo + rr] = in[(size_t)rr * ldi + c] + (bias ? bias[rr] : 0.0f);
  }
#endif
  // Remaining rows, 32-column tiles so the strided writes stay within a few cache lines.
  for (int c0 = 0; c0 < cols; c0 += 32) {
    const int c1 = cols - c0 < 32 ? cols : c0 + 32;
    for (int rr = r; rr < r1; rr++) {
      const float add = bias ? bias[rr] : 0.0f;
      for (int c = c0; c < c1; c++) out[(size_t)c * ldo + rr] = in[(size_t)rr * ldi + c] + add;
    }
  }
}

}  // namespace ONT_NS
}  // namespace ont
