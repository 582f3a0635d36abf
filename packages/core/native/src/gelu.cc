// GELU in its tanh form, forward and backward (the Kernel contract's gelu ops), in float32 vectors.
#include "bindings.h"
#include "partition.h"
#include "simd.h"

namespace ont {
namespace {

constexpr float kC = 0.7978845608028654f;  // √(2/π)
constexpr float kA = 0.044715f;

// y = ½x(1 + tanh(C(x + Ax³)))
template <typename V>
static inline ONT_INLINE void forwardRange(int n, const float* x, float* y) {
  constexpr int L = simd::lanes<V>();
  int i = 0;
  auto one = [](V v) ONT_INLINE { return 0.5f * v * (1.0f + simd::tanh<V>(kC * (v + kA * v * v * v))); };
  for (; i + L <= n; i += L) simd::store(y + i, one(simd::load<V>(x + i)));
  if (i < n) {  // the tail through one padded vector
    float t[L] = {};
    std::memcpy(t, x + i, sizeof(float) * (n - i));
    simd::store(t, one(simd::load<V>(t)));
    std::memcpy(y + i, t, sizeof(float) * (n - i));
  }
}
ONT_ISA_DISPATCH(forward, forwardRange)

// dx = dy · (½(1 + t) + ½x(1 − t²)·C(1 + 3Ax²)), t = tanh(C(x + Ax³))
template <typename V>
static inline ONT_INLINE void backwardRange(int n, const float* x, const float* dy, float* dx) {
  constexpr int L = simd::lanes<V>();
  auto one = [](V v, V d) ONT_INLINE {
    const V t = simd::tanh<V>(kC * (v + kA * v * v * v));
    return d * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * kC * (1.0f + 3.0f * kA * v * v));
  };
  int i = 0;
  for (; i + L <= n; i += L) simd::store(dx + i, one(simd::load<V>(x + i), simd::load<V>(dy + i)));
  if (i < n) {
    float a[L] = {}, b[L] = {};
    std::memcpy(a, x + i, sizeof(float) * (n - i));
    std::memcpy(b, dy + i, sizeof(float) * (n - i));
    simd::store(a, one(simd::load<V>(a), simd::load<V>(b)));
    std::memcpy(dx + i, a, sizeof(float) * (n - i));
  }
}
ONT_ISA_DISPATCH(backward, backwardRange)

void geluInParts(int n, const float* x, float* y) {
  forRanges("gelu", n, 16.0 * n, [&](int lo, int hi) { forward(hi - lo, x + lo, y + lo); });
}
void geluBackwardInParts(int n, const float* x, const float* dy, float* dx) {
  forRanges("geluBackward", n, 20.0 * n, [&](int lo, int hi) { backward(hi - lo, x + lo, dy + lo, dx + lo); });
}

}  // namespace

void registerGelu(Napi::Env env, Napi::Object exports) {
  exports.Set("gelu", Napi::Function::New(env, elementwise<geluInParts>));                  // (n, x, y)
  exports.Set("geluBackward", Napi::Function::New(env, elementwise<geluBackwardInParts>));  // (n, x, dy, dx)
}

}  // namespace ont
