// Whether a split op runs its parts on the pool or all on the calling thread, chosen per op and size from timings.
#pragma once

namespace ont {

// One op and size class (work rounded down to a power of two) and what its timings say right now.
struct SplitRecord {
  const char* op;
  double work;        // the size class's lower bound, in multiply-add equivalents
  double splitNs;     // smoothed time of a call on the pool
  double singleNs;    // smoothed time of a call on the calling thread alone
  long splitRuns, singleRuns;
  bool split;         // the current choice
};

// The slot that keeps the timings of `op` at this size; null when the table is full (then the op always splits).
struct SplitSlot;
SplitSlot* splitSlot(const char* op, double work);
// Whether the next call should split; every so often it tries the other way to keep both timings current.
bool chooseSplit(SplitSlot* slot);
void recordSplit(SplitSlot* slot, bool split, double ns);

// Copies up to `max` records (the ops seen so far) into `out`; returns how many.
int splitRecords(SplitRecord* out, int max);
// Forgets every timing (a new thread count or a new machine state starts afresh).
void resetSplitRecords();

}  // namespace ont
