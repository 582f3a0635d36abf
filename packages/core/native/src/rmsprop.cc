// RMSprop's step (the Kernel contract's `rmspropStep`): float64 arithmetic with a float32 store per array element,
// the reference's bits. Built in the base target, without FMA, so no product is fused into a sum.
#include <cmath>

#include "bindings.h"
#include "partition.h"

namespace ont {
namespace {

struct RmspropConstants {
  double lr, alpha, eps, momentum, decay;
};

void rmsprop(int n, float* w, const float* g, float* square, float* velocity, const RmspropConstants& k) {
  for (int i = 0; i < n; i++) {
    const double gi = (double)g[i] + k.decay * (double)w[i];
    square[i] = (float)(k.alpha * (double)square[i] + (1.0 - k.alpha) * gi * gi);
    double update = gi / (std::sqrt((double)square[i]) + k.eps);
    if (k.momentum > 0) {
      velocity[i] = (float)(k.momentum * (double)velocity[i] + update);
      update = (double)velocity[i];
    }
    w[i] = (float)((double)w[i] - k.lr * update);
  }
}

// rmspropStep(n, values, grad, square, velocity, lr, alpha, epsilon, momentum, weightDecay)
Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  float *w, *square, *velocity;
  const float* g;
  args.arrays(1, n, w, g, square, velocity);
  const RmspropConstants k{args.real(5), args.real(6), args.real(7), args.real(8), args.real(9)};
  if (args.bad()) return args.error();
  // A division and a square root per entry in double, like Adam's: each entry stands alone, so parts change no bits.
  forRanges("rmspropStep", n, 16.0 * n, [&](int lo, int hi) {
    rmsprop(hi - lo, w + lo, g + lo, square + lo, velocity + lo, k);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerRmsprop(Napi::Env env, Napi::Object exports) {
  exports.Set("rmspropStep", Napi::Function::New(env, RmspropStep));
}

}  // namespace ont
