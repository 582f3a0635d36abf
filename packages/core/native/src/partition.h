// How an op splits its work over the pool: how many parts, where each begins and ends, and running a function over
// the ranges of [0, n) in those parts (the one mechanism every split op uses, directly or through its own job).
#pragma once
#include <cstdint>
#include "pool.h"

namespace ont {

// Below this many multiply-adds an op stays on one thread: waking the other core costs more than it saves.
// `configure` sets it (its minParallelWork).
double minParallelWork();
void setMinParallelWork(double work);

// The sparse product is bound by reading x's rows (from L1 in CSR's panels, else L2), and each core has its own
// caches here: split by batch columns (spmmPart) into two parts per thread, two threads took
// 512×512 at batch 128 from 131 to 77–85 µs at 90 % sparsity, 73 to 44–51 µs at 95 % and 29 to 17–20 µs at 99 %
// (3·10⁵ multiply-adds; `pnpm bench kernel --quick`). One part per thread was slower than one thread at 99 %, and
// four parts per thread slower than two. The split starts at twice the general threshold (2¹⁸ at the default),
// so the tests' small thresholds reach it on small shapes too.
inline double sparseParallelWork() { return 2 * minParallelWork(); }

// n rounded up to a multiple of `step` (a batch padded to whole vectors).
inline int roundUp(int n, int step) { return (n + step - 1) / step * step; }

// Splits [0, n) into `parts` ranges whose starts are multiples of `align`.
struct Split {
  int n, parts, step;
  Split(int n_, int parts_, int align) : n(n_), parts(parts_) {
    step = (n + parts - 1) / parts;
    step = (step + align - 1) / align * align;
    if (step == 0) step = align;
    parts = (n + step - 1) / step;
  }
  Split() : Split(0, 1, 1) {}  // no columns: a job's split before its part count is known
  int begin(int p) const { return p * step < n ? p * step : n; }
  int end(int p) const { return (p + 1) * step < n ? (p + 1) * step : n; }
};

// Several parts per thread: parts are claimed dynamically, so a thread the OS runs late (two vCPUs shared with
// other work) delays the call by one small part, not by half of it.
constexpr int kMaxParts = 32;
// How many parts `work` (multiply-add equivalents) is worth: one below `threshold` or on one thread, else
// `perThread` per thread, at most kMaxParts.
int partsFor(double work, int perThread = 4, double threshold = minParallelWork());

// Boundaries that give each part about the same number of stored entries (ptr is a prefix sum over `units`).
void balance(const int32_t* ptr, int units, int parts, int* bounds);

// Runs f(lo, hi) over [0, n) split into parts (two per thread) whose starts are multiples of `align`, on the pool
// when `work` (multiply-add equivalents) is worth waking the other core for, else once over the whole range on the
// calling thread. `op` (a string literal) names the op for the split timings (see split-choice.h).
template <typename F>
void forRanges(const char* op, int n, double work, int align, F&& f) {
  const int parts = partsFor(work, 2);
  if (parts == 1) {
    f(0, n);
    return;
  }
  struct Ranges {
    F* f;
    Split split;
  } ranges{&f, Split(n, parts, align)};
  parallel(ranges.split.parts, [](void* ctx, int part) {
    const Ranges& r = *static_cast<Ranges*>(ctx);
    const int lo = r.split.begin(part), hi = r.split.end(part);
    if (hi > lo) (*r.f)(lo, hi);
  }, &ranges, op, work);
}

// The same with ranges starting anywhere.
template <typename F>
void forRanges(const char* op, int n, double work, F&& f) {
  forRanges(op, n, work, 1, static_cast<F&&>(f));
}

}  // namespace ont
