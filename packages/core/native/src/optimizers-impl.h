// The optimiser updates (SGD, Adam / AdamW): plain loops over restrict pointers, vectorised by the compiler under
// this ISA's flags.
#pragma once
#include "vector-impl.h"

namespace ont {
namespace ONT_NS {

// The optimiser updates round exactly as the reference's JavaScript (double arithmetic, float32 stores), so
// contraction into FMAs, which would skip a rounding, is off for them.
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

static void sgd(int n, float* __restrict w, const float* __restrict g, float* __restrict vel, double lr,
                double momentum, bool nesterov, double decay) {
  if (!vel) {
    for (int i = 0; i < n; i++) w[i] = (float)((double)w[i] - lr * ((double)g[i] + decay * (double)w[i]));
  } else if (!nesterov) {
    for (int i = 0; i < n; i++) {
      const double b = momentum * (double)vel[i] + ((double)g[i] + decay * (double)w[i]);
      vel[i] = (float)b;
      w[i] = (float)((double)w[i] - lr * b);  // the unrounded b, as the reference
    }
  } else {
    for (int i = 0; i < n; i++) {
      const double gi = (double)g[i] + decay * (double)w[i];
      const double b = momentum * (double)vel[i] + gi;
      vel[i] = (float)b;
      w[i] = (float)((double)w[i] - lr * (gi + momentum * b));
    }
  }
}

// βᵗ by t − 1 multiplications from β, as the reference's power table grows, so the bits agree with it.
// Incremental: each thread keeps the last power per slot (one slot per β) and multiplies on from it, in the same
// order, so a step count that grows by one costs one product instead of t. A smaller t (entries whose state was
// reset) is computed afresh and leaves the slot as it is.
struct PowerSlot {
  double beta, k, p;  // p = β^k, k products of 1 by β
};
static double powerByProducts(int slot, double beta, double t) {
  thread_local PowerSlot slots[2] = {{0.0, 0.0, 1.0}, {0.0, 0.0, 1.0}};
  PowerSlot& s = slots[slot];
  const bool resume = s.beta == beta && s.k <= t;
  double p = resume ? s.p : 1.0, k = resume ? s.k : 0.0;
  for (; k < t; k++) p *= beta;
  if (resume || s.beta != beta) s = PowerSlot{beta, k, p};
  return p;
}

// Entries in chunks of 64: a chunk whose step counts are all equal (the usual case; they differ only after a
// state reset) runs one vectorised loop with its bias corrections hoisted; any other chunk goes entry by entry.
static void adam(int n, float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 float* __restrict t, double lr, double beta1, double beta2, double eps, double decay, bool decoupled) {
  const double coupled = decoupled ? 0.0 : decay, shrink = decoupled ? 1.0 - lr * decay : 1.0;
  const double c1 = 1.0 - beta1, c2 = 1.0 - beta2;
  double cachedStep = -1, k1 = 1, k2 = 1;  // 1 − βᵗ at cachedStep
  auto corrections = [&](double step) {
    if (step == cachedStep) return;
    cachedStep = step;
    k1 = 1.0 - powerByProducts(0, beta1, step);
    k2 = 1.0 - powerByProducts(1, beta2, step);
  };
  auto entry = [&](int i, double step, double q1, double q2) {
    const double gi = (double)g[i] + coupled * (double)w[i];
    t[i] = (float)step;
    const float mi = (float)(beta1 * (double)m[i] + c1 * gi);
    const float vi = (float)(beta2 * (double)v[i] + c2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = (float)((double)w[i] * shrink - lr * ((double)mi / q1) / (sqrt((double)vi / q2) + eps));
  };
  constexpr int C = 64;
  for (int i0 = 0; i0 < n; i0 += C) {
    const int i1 = n - i0 < C ? n : i0 + C;
    const float t0 = t[i0];
    bool uniform = true;
    for (int i = i0; i < i1; i++) uniform &= t[i] == t0;
    if (uniform) {
      const double step = (double)t0 + 1.0;
      corrections(step);
      const double q1 = k1, q2 = k2;
      for (int i = i0; i < i1; i++) entry(i, step, q1, q2);
      continue;
    }
    for (int i = i0; i < i1; i++) {
      const double step = (double)t[i] + 1.0;
      corrections(step);
      entry(i, step, k1, k2);
    }
  }
}

#pragma GCC pop_options

}  // namespace ONT_NS
}  // namespace ont
