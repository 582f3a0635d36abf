// Sparse × dense with the weights compressed (CSR, 4×1 blocks, 2:4) and the batch dimension vectorised.
// Rows of xT and yT are `ld` floats apart and `width` columns of each are computed: whole vectors first, then the
// columns past the last one a float at a time (a feature-major batch need not be a multiple of the vector width).
#pragma once
#include "vector-impl.h"

namespace ont {
namespace ONT_NS {

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

// Calls body.template operator()<n>() for a count of vectors n known only at run time, from 1 to 8 (else nothing).
template <typename Body>
static inline void withVectors(int n, Body&& body) {
  switch (n) {
    case 1: body.template operator()<1>(); break;
    case 2: body.template operator()<2>(); break;
    case 3: body.template operator()<3>(); break;
    case 4: body.template operator()<4>(); break;
    case 5: body.template operator()<5>(); break;
    case 6: body.template operator()<6>(); break;
    case 7: body.template operator()<7>(); break;
    case 8: body.template operator()<8>(); break;
    default: break;
  }
}

// Calls body.template operator()<NV>(b0) over the whole vectors of [0, width) in chunks of 8 vectors, then the
// remainder; returns where the whole vectors end.
template <typename Body>
static inline int chunks(int width, Body&& body) {
  int b0 = 0;
  for (; b0 + 8 * VW <= width; b0 += 8 * VW) body.template operator()<8>(b0);
  withVectors((width - b0) / VW, [&]<int NV>() { body.template operator()<NV>(b0); });
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

// CSR rows over one panel of the batch: xT (I rows) and yT (O rows) hold NV vectors a row, rows NV·VW floats apart,
// so a panel of x (at most 64 KB: see panelColumns) stays in L1 or close; rows the full batch apart put a column
// strip of x in a fraction of L1's sets (at 512-byte strides, one in eight) and streamed it from L2. One row's chain
// of dependent multiply-adds would leave the FMA units idle for most of their latency: 8/NV rows run side by side
// over their common length, then each adds the rest alone. Every row still adds its entries in stored order, as
// csrRow does.
template <int NV>
static inline void csrPanelRows(int r0, int r1, const int32_t* ptr, const uint16_t* col, const float* val,
                                const float* xT, float* yT, const float* bias) {
  constexpr int R = NV >= 8 ? 1 : 8 / NV;
  constexpr int ld = NV * VW;
  const auto addEntry = [&](vf (&acc)[NV], int p) {
    const vf w = splat(val[p]);
    const float* x = xT + (size_t)col[p] * ld;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[v] += w * load(x + v * VW);
  };
  int r = r0;
  for (; r + R <= r1; r += R) {
    vf acc[R][NV];
    int start[R], common = ptr[r + 1] - ptr[r];
#pragma GCC unroll 8
    for (int i = 0; i < R; i++) {
      start[i] = ptr[r + i];
      const int length = ptr[r + i + 1] - start[i];
      common = length < common ? length : common;
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[i][v] = vf{};
    }
    for (int k = 0; k < common; k++) {
#pragma GCC unroll 8
      for (int i = 0; i < R; i++) addEntry(acc[i], start[i] + k);
    }
#pragma GCC unroll 8
    for (int i = 0; i < R; i++) {
      for (int p = start[i] + common; p < ptr[r + i + 1]; p++) addEntry(acc[i], p);
      const vf add = splat(bias ? bias[r + i] : 0.0f);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) store(yT + (size_t)(r + i) * ld + v * VW, acc[i][v] + add);
    }
  }
  for (; r < r1; r++) csrRow<NV>(ptr[r], ptr[r + 1], ptr[r + 1], col, val, xT, ld, 0, yT + (size_t)r * ld, bias ? bias[r] : 0.0f);
}

// spmmCsr over a panel `width` columns wide (a multiple of VW, at most kPanelFloats), rows `width` floats apart.
static void spmmCsrPanel(int r0, int r1, int width, const int32_t* ptr, const uint16_t* col, const float* val,
                         const float* xT, float* yT, const float* bias) {
  withVectors(width / VW, [&]<int NV>() {
    if constexpr (NV * VW <= kPanelFloats) csrPanelRows<NV>(r0, r1, ptr, col, val, xT, yT, bias);
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

}  // namespace ONT_NS
}  // namespace ont
