// Dense GEMM: BLIS-style packing and an MR×NR register-blocked micro-kernel.
#pragma once
#include "transpose-impl.h"

namespace ont {
namespace ONT_NS {

constexpr int MR = ONT_MR;
constexpr int NR = 2 * VW;  // micro-tile columns: two vectors, so each broadcast of A feeds two FMAs
constexpr int KC = 256;     // k-block: an MR×KC sliver of A and a KC×NR sliver of B stay in L1
constexpr int MC = 128;     // m-block: the packed MC×KC block of A stays in L2
constexpr int NC = 512;     // n-block: the packed KC×NC block of B stays in L2

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

}  // namespace ONT_NS
}  // namespace ont
