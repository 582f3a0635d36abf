// Element-wise ops (ReLU and its gradient, the bias gradient's column and row sums): plain loops over restrict
// pointers, vectorised by the compiler under this ISA's flags.
#pragma once
#include "vector-impl.h"

namespace ont {
namespace ONT_NS {

static void columnSums(int rows, int cols, const float* __restrict m, float* __restrict out) {
  for (int r = 0; r < rows; r++) {
    const float* row = m + (size_t)r * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
}

// Row sums in eight lanes: lane k adds the entries j ≡ k (mod 8) of the whole groups of eight in order, the lanes
// meet as (k, k+4), then (k, k+2), then (0, 1), and the tail follows one by one. An 8-float vector is the same
// sums under every ISA (two halves on SSE); four rows at a time keep four chains of adds in flight.
typedef float v8 __attribute__((vector_size(8 * sizeof(float))));

static inline float laneTotal(v8 s) {
  typedef float v4 __attribute__((vector_size(4 * sizeof(float))));
  const v4 t = __builtin_shufflevector(s, s, 0, 1, 2, 3) + __builtin_shufflevector(s, s, 4, 5, 6, 7);
  return (t[0] + t[2]) + (t[1] + t[3]);
}

// Rows [r, r + B) of m, summed side by side.
template <int B>
static inline void rowSumsOf(int r, int cols, const float* __restrict m, float* __restrict out) {
  const int whole = cols - cols % 8;
  v8 lanes[B] = {};
  for (int j = 0; j < whole; j += 8) {
#pragma GCC unroll 4
    for (int b = 0; b < B; b++) {
      v8 x;
      std::memcpy(&x, m + (size_t)(r + b) * cols + j, sizeof x);
      lanes[b] += x;
    }
  }
  for (int b = 0; b < B; b++) {
    const float* row = m + (size_t)(r + b) * cols;
    float total = laneTotal(lanes[b]);
    for (int j = whole; j < cols; j++) total += row[j];
    out[r + b] += total;
  }
}

static void rowSums(int rows, int cols, const float* __restrict m, float* __restrict out) {
  int r = 0;
  for (; r + 4 <= rows; r += 4) rowSumsOf<4>(r, cols, m, out);
  for (; r < rows; r++) rowSumsOf<1>(r, cols, m, out);
}

// The comparison form (not fmaxf) so that NaN maps to 0, as the reference's `x > 0 ? x : 0`.
static void relu(int n, const float* __restrict x, float* __restrict y) {
  for (int i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

static void reluBackward(int n, const float* __restrict y, const float* __restrict dy, float* __restrict dx) {
  for (int i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}

}  // namespace ONT_NS
}  // namespace ont
