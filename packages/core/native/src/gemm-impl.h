// Dense GEMM: BLIS-style packing and an MR×NR register-blocked micro-kernel.
#pragma once
#include "transpose-impl.h"

namespace ont {
namespace ONT_NS {

constexpr int MR = ONT_MR;
constexpr int NR = 2 * VW;  // micro-tile columns: two vectors, so each broadcast of A feeds two FMAs
// Blocking as BLIS's for Zen (32 KiB L1d, 512 KiB L2 per core, shared L3). KC fixes the order of the sums, so
// results do not depend on MC, NC or the thread split.
constexpr int KC = 256;   // k-block: an MR×KC sliver of A and a KC×NR sliver of B stay in L1
constexpr int MC = 144;   // m-block: the packed MC×KC block of A stays in L2; a multiple of every MR (4, 6, 8)
constexpr int NC = 4096;  // n-block: the packed KC×NC block of B stays in L3, so A is packed once per k-block

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

#if defined(__AVX__)
// Six rows of A, 8 k-steps each (rows lda apart), into a 6-row sliver's k-major layout: the first two stages of
// block8's transpose, then each k-step's rows 0–3 and 4–5 stored from their 128-bit halves.
static inline void packSixRows(const float* src, int lda, float* out) {
  __m256 r[6];
  for (int i = 0; i < 6; i++) r[i] = _mm256_loadu_ps(src + (size_t)i * lda);
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]),
               t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  // rows 0–3 of k-steps (0, 4), (1, 5), (2, 6), (3, 7) in (low, high) halves
  const __m256 top[4] = {_mm256_shuffle_ps(t0, t2, 0x44), _mm256_shuffle_ps(t0, t2, 0xEE),
                         _mm256_shuffle_ps(t1, t3, 0x44), _mm256_shuffle_ps(t1, t3, 0xEE)};
  // rows 4–5 of k-steps (0, 1 | 4, 5) and (2, 3 | 6, 7), two floats each
  const __m256 bottom[2] = {_mm256_unpacklo_ps(r[4], r[5]), _mm256_unpackhi_ps(r[4], r[5])};
  for (int half = 0; half < 2; half++) {
    for (int j = 0; j < 4; j++) {
      float* step = out + (half * 4 + j) * 6;
      const __m128 rows4 = half ? _mm256_extractf128_ps(top[j], 1) : _mm256_castps256_ps128(top[j]);
      const __m128 rows2 = half ? _mm256_extractf128_ps(bottom[j / 2], 1) : _mm256_castps256_ps128(bottom[j / 2]);
      _mm_storeu_ps(step, rows4);
      if (j % 2 == 0) _mm_storel_pi(reinterpret_cast<__m64*>(step + 4), rows2);
      else _mm_storeh_pi(reinterpret_cast<__m64*>(step + 4), rows2);
    }
  }
}
#endif

static void packA(bool ta, const float* a, int lda, int i0, int mc, int k0, int kc, float alpha, float* out) {
  // Whole slivers at α = 1, the layers' case, are copied by the loops below; the element loop handles the rest.
  const int whole = alpha == 1.0f ? mc / MR * MR : 0;
  if (ta) {
    // Aᵀ given: row k holds the block's mc values side by side. Eight rows at a time, sliver by sliver, packed an
    // A block in 0.18 ns a value; sliver by sliver over all kc rows took 0.56, and row by row 0.39.
    for (int k8 = 0; k8 < kc; k8 += 8) {
      const int end = k8 + 8 < kc ? k8 + 8 : kc;
      for (int ip = 0; ip < whole; ip += MR)
        for (int k = k8; k < end; k++)
          std::memcpy(out + (size_t)ip * kc + k * MR, a + (size_t)(k0 + k) * lda + i0 + ip, sizeof(float) * MR);
    }
  } else {
    for (int ip = 0; ip < whole; ip += MR) {  // MR rows of A, each contiguous in k
      const float* src = a + (size_t)(i0 + ip) * lda + k0;
      float* sliver = out + (size_t)ip * kc;
      int k = 0;
#if defined(__AVX__)
      if constexpr (MR == 8)
        for (; k + 8 <= kc; k += 8) block8(src + k, lda, sliver + (size_t)k * MR, MR, nullptr);
      else if constexpr (MR == 6)
        for (; k + 8 <= kc; k += 8) packSixRows(src + k, lda, sliver + (size_t)k * MR);
#endif
      for (; k < kc; k++)
#pragma GCC unroll 8
        for (int r = 0; r < MR; r++) sliver[k * MR + r] = src[(size_t)r * lda + k];
    }
  }
  for (int ip = whole; ip < mc; ip += MR) {
    const int mr = mc - ip < MR ? mc - ip : MR;
    float* sliver = out + (size_t)ip * kc;
    for (int k = 0; k < kc; k++) {
      for (int r = 0; r < MR; r++) {
        float v = 0;
        if (r < mr) {
          const int i = i0 + ip + r, kk = k0 + k;
          v = ta ? a[(size_t)kk * lda + i] : a[(size_t)i * lda + kk];
        }
        sliver[k * MR + r] = alpha * v;
      }
    }
  }
}

static void packB(bool tb, const float* b, int ldb, int j0, int nc, int k0, int kc, float* out) {
  int whole = nc / NR * NR;  // columns in whole slivers, packed by the vector loops; the element loop does the rest
  if (!tb) {
    // Row k holds the block's columns side by side: eight rows at a time, sliver by sliver, as Aᵀ in packA.
    for (int k8 = 0; k8 < kc; k8 += 8) {
      const int end = k8 + 8 < kc ? k8 + 8 : kc;
      for (int jp = 0; jp < whole; jp += NR)
        for (int k = k8; k < end; k++) {
          const float* src = b + (size_t)(k0 + k) * ldb + j0 + jp;
          float* step = out + (size_t)jp * kc + k * NR;
          store(step, load(src));
          store(step + VW, load(src + VW));
        }
    }
  } else {
#if defined(__AVX__)
    // Bᵀ given (the forward pass's W, O×I): NR rows of it, contiguous in k, become the sliver by 8×8 transposes
    // instead of NR strided reads per k.
    for (int jp = 0; jp < whole; jp += NR) {
      const float* src = b + (size_t)(j0 + jp) * ldb + k0;
      float* sliver = out + (size_t)jp * kc;
      int k = 0;
      for (; k + 8 <= kc; k += 8)
        for (int jb = 0; jb < NR; jb += 8)
          block8(src + (size_t)jb * ldb + k, ldb, sliver + (size_t)k * NR + jb, NR, nullptr);
      for (; k < kc; k++)
        for (int j = 0; j < NR; j++) sliver[k * NR + j] = src[(size_t)j * ldb + k];
    }
#else
    whole = 0;
#endif
  }
  for (int jp = whole; jp < nc; jp += NR) {
    const int nr = nc - jp < NR ? nc - jp : NR;
    float* sliver = out + (size_t)jp * kc;
    for (int k = 0; k < kc; k++) {
      for (int j = 0; j < NR; j++) {
        const int jj = j0 + jp + j, kk = k0 + k;
        sliver[k * NR + j] = j < nr ? (tb ? b[(size_t)jj * ldb + kk] : b[(size_t)kk * ldb + jj]) : 0.0f;
      }
    }
  }
}

// C tile ← acc (+ β·C on the first k-block, + C on later ones); β = 0 never reads C, so NaN there is overwritten.
static void micro(int kc, const float* ap, const float* bp, float* c, int ldc, int mr, int nr, bool first, float beta) {
  vf acc[MR][2];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = vf{};
  // The tile of C is read or written only after the k-loop: fetching its lines now hides their misses behind it.
  for (int r = 0; r < mr; r++) {
    __builtin_prefetch(c + (size_t)r * ldc, 1);
    __builtin_prefetch(c + (size_t)r * ldc + nr - 1, 1);
  }
#pragma GCC unroll 4
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
  float* const bb = bbuf.get((size_t)((n < NC ? n : NC) + NR) * KC);  // NC's 4 MB only where n needs it
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

}  // namespace ONT_NS
}  // namespace ont
