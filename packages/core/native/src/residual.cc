// Residual sums out = a + b (the Kernel contract's `add`): exact float32 additions, the same bits on every backend.
#include "bindings.h"
#include "partition.h"
#include "simd.h"

namespace ont {
namespace {

template <typename V>
static inline ONT_INLINE void addRange(int n, const float* __restrict a, const float* __restrict b, float* out) {
  constexpr int L = simd::lanes<V>();
  int i = 0;
  for (; i + L <= n; i += L) simd::store(out + i, simd::load<V>(a + i) + simd::load<V>(b + i));
  for (; i < n; i++) out[i] = a[i] + b[i];
}
ONT_ISA_DISPATCH(add, addRange)

void addInParts(int n, const float* a, const float* b, float* out) {
  forRanges("add", n, 1.0 * n, [&](int lo, int hi) { add(hi - lo, a + lo, b + lo, out + lo); });
}

}  // namespace

// add(n, a, b, out); out may be a or b
void registerResidual(Napi::Env env, Napi::Object exports) {
  exports.Set("add", Napi::Function::New(env, elementwise<addInParts>));
}

}  // namespace ont
