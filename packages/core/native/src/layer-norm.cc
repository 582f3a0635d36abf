// Layer normalisation over each row's features, forward and backward (the Kernel contract's layerNorm ops).
// N = rows, D = features
#include <math.h>
#include "bindings.h"
#include "partition.h"
#include "simd.h"

namespace ont {
namespace {

using simd::load;
using simd::splat;
using simd::store;

// Σ over a row of f(j) vector by vector, then the tail; two accumulators so the adds do not wait on each other.
template <typename V, typename F>
static inline __attribute__((always_inline)) float rowSum(int cols, F&& f) {
  constexpr int L = simd::lanes<V>();
  V a0{}, a1{};
  int j = 0;
  for (; j + 2 * L <= cols; j += 2 * L) {
    a0 += f.template operator()<V>(j);
    a1 += f.template operator()<V>(j + L);
  }
  for (; j + L <= cols; j += L) a0 += f.template operator()<V>(j);
  float total = simd::sum(a0 + a1);
  for (; j < cols; j++) total += f.template operator()<float>(j);
  return total;
}

// Reads L floats at p as V, or one float when V is float (the scalar tail of a row).
template <typename V> static inline __attribute__((always_inline)) V at(const float* p) {
  if constexpr (sizeof(V) == sizeof(float)) return *p;
  else return load<V>(p);
}
template <typename V> static inline __attribute__((always_inline)) void put(float* p, V v) {
  if constexpr (sizeof(V) == sizeof(float)) *p = v;
  else store(p, v);
}

// Calls f.operator()<V>(j) for every vector of a row, then f.operator()<float>(j) for the tail.
template <typename V, typename F>
static inline __attribute__((always_inline)) void rowEach(int cols, F&& f) {
  constexpr int L = simd::lanes<V>();
  int j = 0;
  for (; j + L <= cols; j += L) f.template operator()<V>(j);
  for (; j < cols; j++) f.template operator()<float>(j);
}

template <typename V>
static inline ONT_INLINE void forwardRows(int r0, int r1, int cols, const float* x, const float* gain, const float* shift, float epsilon,
                        float* y, float* xhat, float* inverseStd) {
  for (int r = r0; r < r1; r++) {
    const float* xr = x + (size_t)r * cols;
    const float mean = rowSum<V>(cols, [&]<typename W>(int j) ONT_INLINE { return at<W>(xr + j); }) / (float)cols;
    const float variance = rowSum<V>(cols, [&]<typename W>(int j) ONT_INLINE {
      const W c = at<W>(xr + j) - mean;
      return c * c;
    }) / (float)cols;
    const float inverse = 1.0f / sqrtf(variance + epsilon);
    inverseStd[r] = inverse;
    float* hr = xhat + (size_t)r * cols;
    float* yr = y + (size_t)r * cols;
    rowEach<V>(cols, [&]<typename W>(int j) ONT_INLINE {
      const W n = (at<W>(xr + j) - mean) * inverse;
      put<W>(hr + j, n);
      put<W>(yr + j, n * at<W>(gain + j) + at<W>(shift + j));
    });
  }
}
ONT_ISA_DISPATCH(forward, forwardRows)

// dx = (1/σ)(g − mean(g) − x̂·mean(g ⊙ x̂)) with g = dy ⊙ γ, row by row.
template <typename V>
static inline ONT_INLINE void inputGradRows(int r0, int r1, int cols, const float* dy, const float* xhat, const float* inverseStd,
                          const float* gain, float* dx) {
  for (int r = r0; r < r1; r++) {
    const float* d = dy + (size_t)r * cols;
    const float* h = xhat + (size_t)r * cols;
    const float meanG = rowSum<V>(cols, [&]<typename W>(int j) ONT_INLINE { return at<W>(d + j) * at<W>(gain + j); }) / (float)cols;
    const float meanGX = rowSum<V>(cols, [&]<typename W>(int j) ONT_INLINE {
      return at<W>(d + j) * at<W>(gain + j) * at<W>(h + j);
    }) / (float)cols;
    const float inverse = inverseStd[r];
    float* out = dx + (size_t)r * cols;
    rowEach<V>(cols, [&]<typename W>(int j) ONT_INLINE {
      put<W>(out + j, (at<W>(d + j) * at<W>(gain + j) - meanG - at<W>(h + j) * meanGX) * inverse);
    });
  }
}
ONT_ISA_DISPATCH(inputGrad, inputGradRows)

// dGain[j] += Σ_r dy·x̂ and dShift[j] += Σ_r dy, rows in order (each column's sum is the same on any thread count).
template <typename V>
static inline ONT_INLINE void parameterGradColumns(int c0, int c1, int rows, int cols, const float* dy, const float* xhat, float* dGain,
                                 float* dShift) {
  for (int r = 0; r < rows; r++) {
    const float* d = dy + (size_t)r * cols;
    const float* h = xhat + (size_t)r * cols;
    if (dGain) rowEach<V>(c1 - c0, [&]<typename W>(int j) ONT_INLINE { put<W>(dGain + c0 + j, at<W>(dGain + c0 + j) + at<W>(d + c0 + j) * at<W>(h + c0 + j)); });
    if (dShift) rowEach<V>(c1 - c0, [&]<typename W>(int j) ONT_INLINE { put<W>(dShift + c0 + j, at<W>(dShift + c0 + j) + at<W>(d + c0 + j)); });
  }
}
ONT_ISA_DISPATCH(parameterGrad, parameterGradColumns)

// layerNorm(N, D, x, gain, shift, epsilon, y, xhat, inverseStd)
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const size_t n = (size_t)rows * cols;
  const float* x = args.array<float>(2, n);
  const float* gain = args.array<float>(3, cols);
  const float* shift = args.array<float>(4, cols);
  const float epsilon = args.number(5);
  float* y = args.array<float>(6, n);
  float* xhat = args.array<float>(7, n);
  float* inverseStd = args.array<float>(8, rows);
  if (args.bad()) return args.error();
  if (cols == 0) return info.Env().Undefined();
  forRanges("layerNorm", rows, 6.0 * n, [&](int lo, int hi) { forward(lo, hi, cols, x, gain, shift, epsilon, y, xhat, inverseStd); });
  return info.Env().Undefined();
}

// layerNormBackward(N, D, dy, xhat, inverseStd, gain, dx | null, dGain | null, dShift | null)
Napi::Value LayerNormBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const size_t n = (size_t)rows * cols;
  const float* dy = args.array<float>(2, n);
  const float* xhat = args.array<float>(3, n);
  const float* inverseStd = args.array<float>(4, rows);
  const float* gain = args.array<float>(5, cols);
  float* dx = args.array<float>(6, n, true);
  float* dGain = args.array<float>(7, cols, true);
  float* dShift = args.array<float>(8, cols, true);
  if (args.bad()) return args.error();
  if (cols == 0) return info.Env().Undefined();
  if (dGain || dShift) {
    // Column strips of 64 floats: each part sums its own columns over all rows, in row order.
    const int strips = (cols + 63) / 64;
    forRanges("layerNorm gain and shift gradients", strips, 2.0 * n, [&](int lo, int hi) {
      parameterGrad(lo * 64, hi * 64 < cols ? hi * 64 : cols, rows, cols, dy, xhat, dGain, dShift);
    });
  }
  if (dx) forRanges("layerNorm input gradient", rows, 6.0 * n, [&](int lo, int hi) { inputGrad(lo, hi, cols, dy, xhat, inverseStd, gain, dx); });
  return info.Env().Undefined();
}

}  // namespace

void registerLayerNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("layerNorm", Napi::Function::New(env, LayerNorm));
  exports.Set("layerNormBackward", Napi::Function::New(env, LayerNormBackward));
}

}  // namespace ont
