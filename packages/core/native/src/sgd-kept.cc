// SGD's step at listed entries alone (the Kernel contract's `sgdStepAt`): each listed entry stepped as `sgdStep`
// steps it, float64 arithmetic with a float32 store, the reference's bits. Built in the base target, without FMA,
// so no product is fused into a sum.
#include <cstdio>

#include "args.h"
#include "optimizers.h"
#include "simd.h"

namespace ont {
namespace {

// sgdStepAt(k, indices, n, values, grad, velocity | null, lr, momentum, nesterov, weightDecay)
Napi::Value SgdStepAt(const Napi::CallbackInfo& info) {
  Args args(info);
  const int k = args.integer(0);
  const int32_t* at = args.array<int32_t>(1, k);
  const int n = args.integer(2);
  float* w = args.array<float>(3, n);
  const float* g = args.array<float>(4, n);
  float* vel = args.array<float>(5, n, true);
  const double lr = args.real(6), momentum = args.real(7);
  const bool nesterov = args.boolean(8);
  const double decay = args.real(9);
  if (args.bad()) return args.error();
  for (int j = 0; j < k; j++) {
    if (at[j] < 0 || at[j] >= n) {
      char text[160];
      std::snprintf(text, sizeof text, "native kernel: sgdStepAt: index %d at entry %d is outside the %d values", at[j], j, n);
      Napi::RangeError::New(info.Env(), text).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  }
  // sgdStep's three cases, entry by entry: the listed entries are scattered, with no vectors to fill. Each entry
  // stands alone, so the parts change no bits; a cache miss or two per entry makes them worth a thread.
  forRanges("sgdStepAt", k, 16.0 * k, [&](int lo, int hi) {
    for (int j = lo; j < hi; j++) {
      const int i = at[j];
      const double gi = (double)g[i] + decay * (double)w[i];
      if (!vel) {
        w[i] = (float)((double)w[i] - lr * gi);
        continue;
      }
      const double b = momentum * (double)vel[i] + gi;
      vel[i] = (float)b;
      w[i] = (float)((double)w[i] - lr * (nesterov ? gi + momentum * b : b));  // the unrounded b, as the reference
    }
  });
  return info.Env().Undefined();
}

}  // namespace

void registerSgdKept(Napi::Env env, Napi::Object exports) {
  exports.Set("sgdStepAt", Napi::Function::New(env, SgdStepAt));
}

}  // namespace ont
