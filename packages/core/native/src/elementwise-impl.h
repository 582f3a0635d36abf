// Element-wise ops (ReLU and its gradient, the bias gradient's column sums): plain loops over restrict pointers,
// vectorised by the compiler under this ISA's flags.
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

// The comparison form (not fmaxf) so that NaN maps to 0, as the reference's `x > 0 ? x : 0`.
static void relu(int n, const float* __restrict x, float* __restrict y) {
  for (int i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

static void reluBackward(int n, const float* __restrict y, const float* __restrict dy, float* __restrict dx) {
  for (int i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}

}  // namespace ONT_NS
}  // namespace ont
