// The compute routines written once over GCC vector extensions; each ops-*.cc includes this under its own ISA flags.
// Expects ONT_NS (namespace), ONT_LANES (floats per vector), ONT_MR (micro-tile rows), ONT_ISA (name).
// Only C headers and intrinsics here: an inline template from a C++ header (say std::vector) compiled under
// AVX-512 flags could be the copy the linker keeps for the portable path too, and fault on older CPUs.
#include <math.h>
#include <cstdlib>
#include <cstring>
#include "ops.h"
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace ont {
namespace ONT_NS {

constexpr int VW = ONT_LANES;
constexpr int MR = ONT_MR;
constexpr int NR = 2 * VW;  // micro-tile columns: two vectors, so each broadcast of A feeds two FMAs
constexpr int KC = 256;     // k-block: an MR×KC sliver of A and a KC×NR sliver of B stay in L1
constexpr int MC = 128;     // m-block: the packed MC×KC block of A stays in L2
constexpr int NC = 512;     // n-block: the packed KC×NC block of B stays in L2

typedef float vf __attribute__((vector_size(VW * sizeof(float))));

static inline vf load(const float* p) { vf v; std::memcpy(&v, p, sizeof v); return v; }
static inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
static inline vf splat(float s) { return vf{} + s; }
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

// Packing space per thread, kept between calls.
struct Buffer {
  float* data = nullptr;
  size_t size = 0;
  float* get(size_t need) {
    if (need > size) {
      std::free(data);
      data = static_cast<float*>(std::aligned_alloc(64, (need * sizeof(float) + 63) / 64 * 64));
      size = need;
    }
    return data;
  }
  ~Buffer() { std::free(data); }
};

// ---- transposes (with an optional per-row bias that lands on output columns) ----

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
#endif
#else
constexpr int TB = 1;
#endif

// ---- dense GEMM: BLIS-style packing and an MR×NR register-blocked micro-kernel ----

static void packA(bool ta, const float* a, int lda, int i0, int mc, int k0, int kc, float alpha, float* out) {
  for (int ip = 0; ip < mc; ip += MR) {
    const int mr = mc - ip < MR ? mc - ip : MR;
    // Whole slivers at α = 1, the layers' case, go by vectors; the element loop below handles the rest.
    if (mr == MR && alpha == 1.0f && ta) {
      for (int k = 0; k < kc; k++) std::memcpy(out + k * MR, a + (size_t)(k0 + k) * lda + i0 + ip, sizeof(float) * MR);
      out += (size_t)kc * MR;
      continue;
    }
#if defined(__AVX__)
    if (mr == MR && alpha == 1.0f && MR == 8) {  // rows of A are contiguous in k: 8×8 transposes
      const float* src = a + (size_t)(i0 + ip) * lda + k0;
      int k = 0;
      for (; k + 8 <= kc; k += 8) block8(src + k, lda, out + (size_t)k * MR, MR, nullptr);
      for (; k < kc; k++)
        for (int r = 0; r < MR; r++) out[k * MR + r] = src[(size_t)r * lda + k];
      out += (size_t)kc * MR;
      continue;
    }
#endif
    for (int k = 0; k < kc; k++) {
      for (int r = 0; r < MR; r++) {
        float v = 0;
        if (r < mr) {
          const int i = i0 + ip + r, kk = k0 + k;
          v = ta ? a[(size_t)kk * lda + i] : a[(size_t)i * lda + kk];
        }
        out[k * MR + r] = alpha == 1.0f ? v : alpha * v;
      }
    }
    out += (size_t)kc * MR;
  }
}

static void packB(bool tb, const float* b, int ldb, int j0, int nc, int k0, int kc, float* out) {
  for (int jp = 0; jp < nc; jp += NR) {
    const int nr = nc - jp < NR ? nc - jp : NR;
    if (!tb && nr == NR) {
      for (int k = 0; k < kc; k++) {
        const float* src = b + (size_t)(k0 + k) * ldb + j0 + jp;
        store(out + k * NR, load(src));
        store(out + k * NR + VW, load(src + VW));
      }
#if defined(__AVX__)
    } else if (nr == NR && NR % 8 == 0) {
      // Bᵀ given (the forward pass's W, O×I): NR rows of it, contiguous in k, become the panel by 8×8 transposes
      // instead of NR strided reads per k.
      const float* src = b + (size_t)(j0 + jp) * ldb + k0;
      int k = 0;
      for (; k + 8 <= kc; k += 8)
        for (int jb = 0; jb < NR; jb += 8) block8(src + (size_t)jb * ldb + k, ldb, out + (size_t)k * NR + jb, NR, nullptr);
      for (; k < kc; k++)
        for (int j = 0; j < NR; j++) out[k * NR + j] = src[(size_t)j * ldb + k];
#endif
    } else {
      for (int k = 0; k < kc; k++) {
        for (int j = 0; j < NR; j++) {
          const int jj = j0 + jp + j, kk = k0 + k;
          out[k * NR + j] = j < nr ? (tb ? b[(size_t)jj * ldb + kk] : b[(size_t)kk * ldb + jj]) : 0.0f;
        }
      }
    }
    out += (size_t)kc * NR;
  }
}

// C tile ← acc (+ β·C on the first k-block, + C on later ones); β = 0 never reads C, so NaN there is overwritten.
static void micro(int kc, const float* ap, const float* bp, float* c, int ldc, int mr, int nr, bool first, float beta) {
  vf acc[MR][2];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = vf{};
  for (int k = 0; k < kc; k++) {
    const vf b0 = load(bp), b1 = load(bp + VW);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const vf a = splat(ap[r]);
      acc[r][0] += a * b0;
      acc[r][1] += a * b1;
    }
    ap += MR;
    bp += NR;
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      float* row = c + (size_t)r * ldc;
      if (!first) {
        store(row, load(row) + acc[r][0]);
        store(row + VW, load(row + VW) + acc[r][1]);
      } else if (beta == 0.0f) {
        store(row, acc[r][0]);
        store(row + VW, acc[r][1]);
      } else {
        store(row, acc[r][0] + splat(beta) * load(row));
        store(row + VW, acc[r][1] + splat(beta) * load(row + VW));
      }
    }
    return;
  }
  float tile[MR][NR];
  for (int r = 0; r < MR; r++) {
    store(tile[r], acc[r][0]);
    store(tile[r] + VW, acc[r][1]);
  }
  for (int r = 0; r < mr; r++) {
    float* row = c + (size_t)r * ldc;
    for (int j = 0; j < nr; j++) {
      if (!first) row[j] += tile[r][j];
      else row[j] = beta == 0.0f ? tile[r][j] : tile[r][j] + beta * row[j];
    }
  }
}

static void gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0f) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) c[(size_t)i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[(size_t)i * ldc + j];
    return;
  }
  thread_local Buffer abuf, bbuf;
  float* const ab = abuf.get((size_t)(MC + MR) * KC);
  float* const bb = bbuf.get((size_t)(NC + NR) * KC);
  for (int jc = 0; jc < n; jc += NC) {
    const int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      const int kc = k - pc < KC ? k - pc : KC;
      packB(tb, b, ldb, jc, nc, pc, kc, bb);
      for (int ic = 0; ic < m; ic += MC) {
        const int mc = m - ic < MC ? m - ic : MC;
        packA(ta, a, lda, ic, mc, pc, kc, alpha, ab);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = nc - jr < NR ? nc - jr : NR;
          const float* bp = bb + (size_t)(jr / NR) * kc * NR;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = mc - ir < MR ? mc - ir : MR;
            micro(kc, ab + (size_t)(ir / MR) * kc * MR, bp, c + (size_t)(ic + ir) * ldc + jc + jr, ldc,
                  mr, nr, pc == 0, beta);
          }
        }
      }
    }
  }
}

#if defined(__AVX512F__)
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
#if defined(__AVX512F__)
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

// ---- sparse × dense: weights compressed, the batch dimension vectorised ----
// Rows of xT and yT are `ld` floats apart and `width` columns of each are computed: whole vectors first, then the
// columns past the last one a float at a time (a feature-major batch need not be a multiple of the vector width).

constexpr int kAhead = 4;  // stored entries between a prefetch of an x row and its use

// yT[r][b] ← Σ w·xT[c][b] + bias[r] for the columns [b0, width) past the vectors; `visit(r, f)` calls f(w, c) for
// the stored entries of row r in the order the vector loops add them.
template <typename Visit>
static inline void scalarTail(int r0, int r1, int b0, int width, int ld, const float* xT, float* yT, const float* bias,
                              Visit&& visit) {
  if (b0 >= width) return;
  for (int r = r0; r < r1; r++)
    for (int b = b0; b < width; b++) {
      float acc = 0.0f;
      visit(r, [&](float w, int c) { acc += w * xT[(size_t)c * ld + b]; });
      yT[(size_t)r * ld + b] = acc + (bias ? bias[r] : 0.0f);
    }
}

template <int NV>
static inline void csrRow(int p0, int p1, int pend, const uint16_t* col, const float* val, const float* xT, int ld,
                          int b0, float* y, float bias) {
  // One accumulator per vector, entries added in stored order: the same order as any other chunk width and the
  // scalar tail, so how the batch is split over threads never changes a bit. (Two sets of accumulators taking
  // alternate entries hid the FMA latency of narrow chunks but summed in an order that followed the split.)
  vf acc[NV];
#pragma GCC unroll 8
  for (int v = 0; v < NV; v++) acc[v] = vf{};
  for (int p = p0; p < p1; p++) {
    const vf w = splat(val[p]);
    const float* x = xT + (size_t)col[p] * ld + b0;
    // xT (I × nb, 256 KB at 512 × 128) lives in L2, and each entry reads a whole row of it: fetching the row a
    // few entries ahead (into the next rows: at 99 % sparsity a row has 5) took the loop from about 22 to 17
    // cycles an entry at batch 128.
    if (p + kAhead < pend) {
      const float* next = xT + (size_t)col[p + kAhead] * ld + b0;
#pragma GCC unroll 8
      for (int v = 0; v < NV * VW; v += 16) __builtin_prefetch(next + v);
    }
#pragma GCC unroll 8
    for (int v = 0; v < NV; v++) acc[v] += w * load(x + v * VW);
  }
#pragma GCC unroll 8
  for (int v = 0; v < NV; v++) store(y + b0 + v * VW, acc[v] + splat(bias));
}

// Calls body.template operator()<NV>(b0) over the whole vectors of [0, width) in chunks of 8 vectors, then the
// remainder; returns where the whole vectors end.
template <typename Body>
static inline int chunks(int width, Body&& body) {
  int b0 = 0;
  for (; b0 + 8 * VW <= width; b0 += 8 * VW) body.template operator()<8>(b0);
  switch ((width - b0) / VW) {
    case 7: body.template operator()<7>(b0); break;
    case 6: body.template operator()<6>(b0); break;
    case 5: body.template operator()<5>(b0); break;
    case 4: body.template operator()<4>(b0); break;
    case 3: body.template operator()<3>(b0); break;
    case 2: body.template operator()<2>(b0); break;
    case 1: body.template operator()<1>(b0); break;
    default: break;
  }
  return width / VW * VW;
}

static void spmmCsr(int r0, int r1, int width, int ld, const int32_t* ptr, const uint16_t* col, const float* val,
                    const float* xT, float* yT, const float* bias) {
  // Rows inside the chunk loop: each row's nonzeros stream x rows once per chunk of 8 vectors.
  int vectors = 0;
  for (int r = r0; r < r1; r++) {
    float* y = yT + (size_t)r * ld;
    const float add = bias ? bias[r] : 0.0f;
    vectors = chunks(width, [&]<int NV>(int b0) { csrRow<NV>(ptr[r], ptr[r + 1], ptr[r1], col, val, xT, ld, b0, y, add); });
  }
  scalarTail(r0, r1, vectors, width, ld, xT, yT, bias, [&](int r, auto&& f) {
    for (int p = ptr[r]; p < ptr[r + 1]; p++) f(val[p], col[p]);
  });
}

template <int NV>
static inline void block4Group(int p0, int p1, const uint16_t* col, const float* val, const float* xT, int ld,
                               int b0, float* y, int live, const float* bias) {
  vf acc[4][NV];
#pragma GCC unroll 16
  for (int r = 0; r < 4; r++)
    for (int v = 0; v < NV; v++) acc[r][v] = vf{};
  for (int p = p0; p < p1; p++) {
    const float* x = xT + (size_t)col[p] * ld + b0;
    const vf w0 = splat(val[4 * p]), w1 = splat(val[4 * p + 1]), w2 = splat(val[4 * p + 2]), w3 = splat(val[4 * p + 3]);
#pragma GCC unroll 8
    for (int v = 0; v < NV; v++) {
      const vf xv = load(x + v * VW);  // one load feeds four FMAs: the point of 4×1 blocks
      acc[0][v] += w0 * xv;
      acc[1][v] += w1 * xv;
      acc[2][v] += w2 * xv;
      acc[3][v] += w3 * xv;
    }
  }
  for (int r = 0; r < live; r++)
    for (int v = 0; v < NV; v++) store(y + (size_t)r * ld + b0 + v * VW, acc[r][v] + splat(bias ? bias[r] : 0.0f));
}

static void spmmBlock4(int g0, int g1, int rows, int width, int ld, const int32_t* ptr, const uint16_t* col,
                       const float* val, const float* xT, float* yT, const float* bias) {
  for (int g = g0; g < g1; g++) {
    const int live = rows - 4 * g < 4 ? rows - 4 * g : 4;
    float* y = yT + (size_t)4 * g * ld;
    const float* groupBias = bias ? bias + 4 * g : nullptr;
    int b0 = 0;
    // Four vectors per row keep 16 accumulators in registers (32 zmm / 16 ymm budgets).
    constexpr int NV = VW == 16 ? 4 : 2;
    for (; b0 + NV * VW <= width; b0 += NV * VW) block4Group<NV>(ptr[g], ptr[g + 1], col, val, xT, ld, b0, y, live, groupBias);
    for (; b0 + VW <= width; b0 += VW) block4Group<1>(ptr[g], ptr[g + 1], col, val, xT, ld, b0, y, live, groupBias);
  }
  const int lastRow = 4 * g1 < rows ? 4 * g1 : rows;
  scalarTail(4 * g0, lastRow, width / VW * VW, width, ld, xT, yT, bias, [&](int r, auto&& f) {
    for (int p = ptr[r / 4]; p < ptr[r / 4 + 1]; p++) f(val[4 * p + r % 4], col[p]);
  });
}

template <int NV>
static inline void nmRow(int slots, const uint8_t* idx, const float* val, const float* xT, int ld, int b0, float* y,
                         float bias) {
  vf acc[NV];
#pragma GCC unroll 8
  for (int v = 0; v < NV; v++) acc[v] = vf{};
  for (int s = 0; s < slots; s++) {
    const vf w = splat(val[s]);
    const float* x = xT + (size_t)(4 * (s >> 1) + idx[s]) * ld + b0;
#pragma GCC unroll 8
    for (int v = 0; v < NV; v++) acc[v] += w * load(x + v * VW);
  }
#pragma GCC unroll 8
  for (int v = 0; v < NV; v++) store(y + b0 + v * VW, acc[v] + splat(bias));
}

static void spmmNm24(int r0, int r1, int slots, int width, int ld, const uint8_t* idx, const float* val,
                     const float* xT, float* yT, const float* bias) {
  int vectors = 0;
  for (int r = r0; r < r1; r++) {
    const uint8_t* ri = idx + (size_t)r * slots;
    const float* rv = val + (size_t)r * slots;
    float* y = yT + (size_t)r * ld;
    const float add = bias ? bias[r] : 0.0f;
    vectors = chunks(width, [&]<int NV>(int b0) { nmRow<NV>(slots, ri, rv, xT, ld, b0, y, add); });
  }
  scalarTail(r0, r1, vectors, width, ld, xT, yT, bias, [&](int r, auto&& f) {
    for (int s = (int)((size_t)r * slots); s < (r + 1) * slots; s++) f(val[s], 4 * ((s - r * slots) >> 1) + idx[s]);
  });
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

// ---- element-wise ops: plain loops over restrict pointers, vectorised by the compiler under this ISA's flags ----

// The optimiser updates round exactly as the reference's JavaScript (double arithmetic, float32 stores), so
// contraction into FMAs, which would skip a rounding, is off for them.
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

static void sgd(int n, float* __restrict w, const float* __restrict g, float* __restrict vel, double lr,
                double momentum, bool nesterov, double decay) {
  if (!vel) {
    for (int i = 0; i < n; i++) w[i] = (float)((double)w[i] - lr * ((double)g[i] + decay * (double)w[i]));
  } else if (!nesterov) {
    for (int i = 0; i < n; i++) {
      const double b = momentum * (double)vel[i] + ((double)g[i] + decay * (double)w[i]);
      vel[i] = (float)b;
      w[i] = (float)((double)w[i] - lr * b);  // the unrounded b, as the reference
    }
  } else {
    for (int i = 0; i < n; i++) {
      const double gi = (double)g[i] + decay * (double)w[i];
      const double b = momentum * (double)vel[i] + gi;
      vel[i] = (float)b;
      w[i] = (float)((double)w[i] - lr * (gi + momentum * b));
    }
  }
}

// βᵗ by t − 1 multiplications from β, as the reference's power table grows, so the bits agree with it.
// Incremental: each thread keeps the last power per slot (one slot per β) and multiplies on from it, in the same
// order, so a step count that grows by one costs one product instead of t. A smaller t (entries whose state was
// reset) is computed afresh and leaves the slot as it is.
struct PowerSlot {
  double beta, k, p;  // p = β^k, k products of 1 by β
};
static double powerByProducts(int slot, double beta, double t) {
  thread_local PowerSlot slots[2] = {{0.0, 0.0, 1.0}, {0.0, 0.0, 1.0}};
  PowerSlot& s = slots[slot];
  const bool resume = s.beta == beta && s.k <= t;
  double p = resume ? s.p : 1.0, k = resume ? s.k : 0.0;
  for (; k < t; k++) p *= beta;
  if (resume || s.beta != beta) s = PowerSlot{beta, k, p};
  return p;
}

// Entries in chunks of 64: a chunk whose step counts are all equal (the usual case; they differ only after a
// state reset) runs one vectorised loop with its bias corrections hoisted; any other chunk goes entry by entry.
static void adam(int n, float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 float* __restrict t, double lr, double beta1, double beta2, double eps, double decay, bool decoupled) {
  const double coupled = decoupled ? 0.0 : decay, shrink = decoupled ? 1.0 - lr * decay : 1.0;
  const double c1 = 1.0 - beta1, c2 = 1.0 - beta2;
  double cachedStep = -1, k1 = 1, k2 = 1;  // 1 − βᵗ at cachedStep
  auto corrections = [&](double step) {
    if (step == cachedStep) return;
    cachedStep = step;
    k1 = 1.0 - powerByProducts(0, beta1, step);
    k2 = 1.0 - powerByProducts(1, beta2, step);
  };
  auto entry = [&](int i, double step, double q1, double q2) {
    const double gi = (double)g[i] + coupled * (double)w[i];
    t[i] = (float)step;
    const float mi = (float)(beta1 * (double)m[i] + c1 * gi);
    const float vi = (float)(beta2 * (double)v[i] + c2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = (float)((double)w[i] * shrink - lr * ((double)mi / q1) / (sqrt((double)vi / q2) + eps));
  };
  constexpr int C = 64;
  for (int i0 = 0; i0 < n; i0 += C) {
    const int i1 = n - i0 < C ? n : i0 + C;
    const float t0 = t[i0];
    bool uniform = true;
    for (int i = i0; i < i1; i++) uniform &= t[i] == t0;
    if (uniform) {
      const double step = (double)t0 + 1.0;
      corrections(step);
      const double q1 = k1, q2 = k2;
      for (int i = i0; i < i1; i++) entry(i, step, q1, q2);
      continue;
    }
    for (int i = i0; i < i1; i++) {
      const double step = (double)t[i] + 1.0;
      corrections(step);
      entry(i, step, k1, k2);
    }
  }
}

#pragma GCC pop_options

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

static void columnSums(int rows, int cols, const float* __restrict m, float* __restrict out) {
  for (int r = 0; r < rows; r++) {
    const float* row = m + (size_t)r * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
}

// The comparison form (not fmaxf) so that NaN maps to 0, as the reference's `x > 0 ? x : 0`.
static void relu(int n, const float* __restrict x, float* __restrict y) {
  for (int i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

static void reluBackward(int n, const float* __restrict y, const float* __restrict dy, float* __restrict dx) {
  for (int i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
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

static const Ops table = {ONT_ISA, VW, gemm, transpose, spmmCsr, spmmBlock4, spmmNm24, sddmm,
                          sgd, adam, relu, reluBackward, thresholdBits, maskApply, maskedAdd, columnSums};

}  // namespace ONT_NS
}  // namespace ont
