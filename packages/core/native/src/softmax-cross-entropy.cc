// Softmax cross-entropy over rows of logits (the Kernel contract's `softmaxCrossEntropy`), in double precision as
// the reference computes it: exp in double vectors of the configured ISA, log (once a row) libm's.
// B = rows, C = classes
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>
#include "bindings.h"
#include "simd.h"

namespace ont {
namespace {

// e^x for x ≤ 0 in double lanes: 2^k · e^r with k the whole number nearest x / ln 2, r = x − k·ln 2 (ln 2 in two
// parts, so r is exact to double) and e^r by its Taylor series to r¹³, whose remainder is below 2⁻⁵⁷ for
// |r| ≤ ½ ln 2: within an ulp or two of libm's. Below −708, where 2^k is no longer a normal double, it gives 0: such
// a term is under 2⁻¹⁰²² of its row's sum, whose largest term is e⁰ = 1, and its probability rounds to 0 in float32
// either way. NaN stays NaN.
typedef double d2 __attribute__((vector_size(16)));
typedef double d4 __attribute__((vector_size(32)));
typedef double d8 __attribute__((vector_size(64)));
typedef long long i2 __attribute__((vector_size(16)));
typedef long long i4 __attribute__((vector_size(32)));
typedef long long i8 __attribute__((vector_size(64)));
// The double vector as wide as a float vector of the ISA, and its integers.
template <typename V> struct DoublesOf;
template <> struct DoublesOf<simd::f4> { typedef d2 type; typedef i2 ints; };
template <> struct DoublesOf<simd::f8> { typedef d4 type; typedef i4 ints; };
template <> struct DoublesOf<simd::f16> { typedef d8 type; typedef i8 ints; };

template <typename D, typename I>
static inline ONT_INLINE D expNonPositive(D x) {
  // Adding 1.5·2⁵² rounds to a whole number and leaves it in the low bits of the mantissa.
  constexpr double kShift = 0x1.8p52;
  const D shifted = x * 0x1.71547652b82fep0 + kShift;
  const D k = shifted - kShift;
  const D r = (x - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33;
  constexpr double kInverseFactorials[] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                                           1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
                                           1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};
  D p = r * kInverseFactorials[0] + kInverseFactorials[1];
  for (int n = 2; n < 14; n++) p = p * r + kInverseFactorials[n];
  I bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  bits = (bits + 1023) << 52;  // the low bits hold k + 2⁵¹; k + 1023 lands in the exponent
  D scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return x < -708.0 ? D{} : p * scale;
}

// x[i] ← e^x[i] over a whole batch of shifted logits (each ≤ 0), four vectors at a time: the polynomial is a chain
// of dependent multiply-adds, and only independent vectors fill its latency.
template <typename V>
static inline ONT_INLINE void exponentialsInPlace(int n, double* x) {
  typedef typename DoublesOf<V>::type D;
  typedef typename DoublesOf<V>::ints I;
  constexpr int L = sizeof(D) / sizeof(double), U = 4;
  int i = 0;
  for (; i + U * L <= n; i += U * L) {
    D v[U];
    std::memcpy(v, x + i, sizeof v);
#pragma GCC unroll 4
    for (int u = 0; u < U; u++) v[u] = expNonPositive<D, I>(v[u]);
    std::memcpy(x + i, v, sizeof v);
  }
  for (; i < n; i += L) {
    const int m = n - i < L ? n - i : L;
    D v = {};
    std::memcpy(&v, x + i, sizeof(double) * m);
    v = expNonPositive<D, I>(v);
    std::memcpy(x + i, &v, sizeof(double) * m);
  }
}
ONT_ISA_DISPATCH(exponentials, exponentialsInPlace)

// softmaxCrossEntropy(B, C, logits, labels, dLogits, sums): sums ← [lossSum, correct, counted]. Written into an
// array the caller keeps: a new object with three named properties cost more than the MLP's whole loss.
Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* logits = args.array<float>(2, (size_t)rows * cols);
  const int32_t* labels = args.array<int32_t>(3, rows);
  float* dLogits = args.array<float>(4, (size_t)rows * cols);
  double* sums = args.array<double>(5, 3);
  if (args.bad()) return args.error();
  int counted = 0;
  for (int r = 0; r < rows; r++) {
    if (labels[r] >= cols) {
      char text[200];
      std::snprintf(text, sizeof text, "softmaxCrossEntropy: row %d's label %d is not one of the %d classes (0 … %d, or −1 to ignore the row)",
                    r, labels[r], cols, cols - 1);
      Napi::RangeError::New(info.Env(), text).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
    if (labels[r] >= 0) counted++;
  }
  // The counted rows' largest logits, then every shifted logit's exp in one pass over those rows, packed one after
  // another (kept for the gradient; masked-language modelling ignores most rows)
  thread_local std::vector<double> exps;
  thread_local std::vector<int> argmaxes;
  if (exps.size() < (size_t)counted * cols) exps.resize((size_t)counted * cols);
  if (argmaxes.size() < (size_t)counted) argmaxes.resize(counted);
  for (int r = 0, k = 0; r < rows; r++) {
    if (labels[r] < 0) continue;
    const float* l = logits + (size_t)r * cols;
    int argmax = 0;
    for (int c = 1; c < cols; c++)
      if (l[c] > l[argmax]) argmax = c;
    argmaxes[k] = argmax;
    double* x = exps.data() + (size_t)k++ * cols;
    for (int c = 0; c < cols; c++) x[c] = (double)l[c] - (double)l[argmax];
  }
  exponentials(counted * cols, exps.data());
  double lossSum = 0;
  int correct = 0;
  // By reciprocals: a rounding more than the quotients, within the contract's float64 error, and none of the
  // divisions' latency.
  const double inverseCounted = 1.0 / counted;
  for (int r = 0, k = 0; r < rows; r++) {
    const float* l = logits + (size_t)r * cols;
    float* d = dLogits + (size_t)r * cols;
    const int label = labels[r];
    if (label < 0) {
      std::fill(d, d + cols, 0.0f);
      continue;
    }
    const double* e = exps.data() + (size_t)k * cols;
    const int argmax = argmaxes[k++];
    double sum = 0;
    for (int c = 0; c < cols; c++) sum += e[c];
    lossSum += std::log(sum) + (double)l[argmax] - (double)l[label];
    if (argmax == label) correct++;
    const double inverseSum = 1.0 / sum;
    for (int c = 0; c < cols; c++) d[c] = (float)((e[c] * inverseSum - (c == label ? 1.0 : 0.0)) * inverseCounted);
  }
  sums[0] = lossSum;
  sums[1] = correct;
  sums[2] = counted;
  return info.Env().Undefined();
}

}  // namespace

void registerSoftmaxCrossEntropy(Napi::Env env, Napi::Object exports) {
  exports.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropy));
}

}  // namespace ont
