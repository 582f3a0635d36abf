// The SGD and Adam / AdamW steps on the Node-API, split over the pool by ranges of entries (each entry stands alone,
// so parts change no bits), and SGD at listed entries alone. RMSprop's step is in rmsprop.cc.
#include <cstdio>

#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// An SGD step's arrays of n entries and hyperparameters: (values, grad, velocity | null, lr, momentum, nesterov,
// weightDecay) from argument `first` on.
struct SgdArguments {
  float* w;
  const float* g;
  float* vel;
  double lr, momentum;
  bool nesterov;
  double decay;
};

SgdArguments sgdArguments(Args& args, int first, int n) {
  SgdArguments a{};
  args.arrays(first, n, a.w, a.g);
  a.vel = args.array<float>(first + 2, n, true);
  a.lr = args.real(first + 3);
  a.momentum = args.real(first + 4);
  a.nesterov = args.boolean(first + 5);
  a.decay = args.real(first + 6);
  return a;
}

// sgdStep(n, values, grad, velocity | null, lr, momentum, nesterov, weightDecay)
Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  const SgdArguments a = sgdArguments(args, 1, n);
  if (args.bad()) return args.error();
  const Ops* ops = activeOps();
  forRanges("sgdStep", n, 2.0 * n, 64, [&](int lo, int hi) {
    ops->sgd(hi - lo, a.w + lo, a.g + lo, a.vel ? a.vel + lo : nullptr, a.lr, a.momentum, a.nesterov, a.decay);
  });
  return info.Env().Undefined();
}

// sgdStepAt(k, indices, n, values, grad, velocity | null, lr, momentum, nesterov, weightDecay): sgdStep at k distinct
// entries alone. A 97 %-sparse layer's kept entries are a cache miss or so each, against a stream over every entry.
Napi::Value SgdStepAt(const Napi::CallbackInfo& info) {
  Args args(info);
  const int k = args.integer(0);
  const int32_t* at = args.array<int32_t>(1, k);
  const int n = args.integer(2);
  const SgdArguments a = sgdArguments(args, 3, n);
  if (args.bad()) return args.error();
  for (int j = 0; j < k; j++) {
    if (at[j] < 0 || at[j] >= n) {
      char text[160];
      std::snprintf(text, sizeof text, "native kernel: sgdStepAt: index %d at entry %d is outside the %d values",
                    at[j], j, n);
      Napi::RangeError::New(info.Env(), text).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  }
  // sgdStep's cases entry by entry, in the reference's arithmetic (double, a float32 store per array; this file is
  // built without FMA, so nothing is fused): the scattered entries leave no vectors to fill.
  // Each entry's lines of the values, gradient and velocity come from beyond the caches: fetched a few entries ahead.
  constexpr int kEntriesAhead = 16;
  // An entry costs its three scattered lines, not its few flops: counted at 256 multiply-adds, about its time at
  // the GEMM's rate. At 16 the 97 %-sparse MLP's first layer (7 000 entries) stayed below the pool's threshold,
  // though two threads step it faster (the split choice times both ways).
  constexpr double kMultiplyAddsPerEntry = 256;
  forRanges("sgdStepAt", k, kMultiplyAddsPerEntry * k, [&](int lo, int hi) {
    for (int j = lo; j < hi; j++) {
      if (j + kEntriesAhead < hi) {
        const int ahead = at[j + kEntriesAhead];
        __builtin_prefetch(a.w + ahead, 1);
        __builtin_prefetch(a.g + ahead);
        if (a.vel) __builtin_prefetch(a.vel + ahead, 1);
      }
      const int i = at[j];
      const double gi = (double)a.g[i] + a.decay * (double)a.w[i];
      if (!a.vel) {
        a.w[i] = (float)((double)a.w[i] - a.lr * gi);
        continue;
      }
      const double b = a.momentum * (double)a.vel[i] + gi;
      a.vel[i] = (float)b;
      // The unrounded b, as the reference.
      a.w[i] = (float)((double)a.w[i] - a.lr * (a.nesterov ? gi + a.momentum * b : b));
    }
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
  exports.Set("sgdStepAt", Napi::Function::New(env, SgdStepAt));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep));
}

}  // namespace ont
