// The SGD and Adam / AdamW steps on the Node-API, split over the pool by ranges of entries (each entry stands alone,
// so parts change no bits). RMSprop's step is in rmsprop.cc.
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// sgdStep(n, values, grad, velocity | null, lr, momentum, nesterov, weightDecay)
Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  float* w;
  const float* g;
  args.arrays(1, n, w, g);
  float* vel = args.array<float>(3, n, true);
  const double lr = args.real(4), momentum = args.real(5);
  const bool nesterov = args.boolean(6);
  const double decay = args.real(7);
  if (args.bad()) return args.error();
  const Ops* ops = activeOps();
  forRanges("sgdStep", n, 2.0 * n, 64, [&](int lo, int hi) {
    ops->sgd(hi - lo, w + lo, g + lo, vel ? vel + lo : nullptr, lr, momentum, nesterov, decay);
  });
  return info.Env().Undefined();
}

// adamStep(n, values, grad, m, v, t, lr, beta1, beta2, epsilon, weightDecay, decoupled)
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  float *w, *m, *v, *t;
  const float* g;
  args.arrays(1, n, w, g, m, v, t);
  const double lr = args.real(6), beta1 = args.real(7), beta2 = args.real(8), eps = args.real(9), decay = args.real(10);
  const bool decoupled = args.boolean(11);
  if (args.bad()) return args.error();
  const Ops* ops = activeOps();
  // Three divisions and a square root per entry in double: worth the second core from a few thousand entries.
  forRanges("adamStep", n, 16.0 * n, 64, [&](int lo, int hi) {
    ops->adam(hi - lo, w + lo, g + lo, m + lo, v + lo, t + lo, lr, beta1, beta2, eps, decay, decoupled);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerOptimizers(Napi::Env env, Napi::Object exports) {
  exports.Set("sgdStep", Napi::Function::New(env, SgdStep));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep));
}

}  // namespace ont
