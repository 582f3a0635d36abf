// Times the split ops per op and size, on the pool and on the calling thread, and keeps the faster way for now.
// On two vCPUs shared with other work the second thread sometimes costs more than it saves (it is descheduled,
// or the op is too small for the size at which it was thought to pay); a fixed threshold cannot know that. Both
// ways compute the same parts in the same order, so the choice changes the time a call takes, never its result.
#include "split-choice.h"
#include <cmath>
#include <cstdint>

namespace ont {

struct SplitSlot {
  const char* op = nullptr;
  int sizeClass = 0;
  double ns[2] = {0, 0};  // [single, split]
  long runs[2] = {0, 0};
  long calls = 0;
  bool split = true;
  bool previous = false;  // the way the last call went
};

namespace {

constexpr int kSlots = 256;
constexpr int kFirstRuns = 3;    // calls timed each way before the first choice
constexpr long kRefreshEvery = 32;  // then two calls in this many go the other way, the second timed
SplitSlot table[kSlots];

}  // namespace

SplitSlot* splitSlot(const char* op, double work) {
  const int sizeClass = work >= 1 ? std::ilogb(work) : 0;
  const unsigned hash = (unsigned)(reinterpret_cast<uintptr_t>(op) >> 3) * 2654435761u + (unsigned)sizeClass * 40503u;
  for (int probe = 0; probe < kSlots; probe++) {
    SplitSlot& slot = table[(hash + probe) % kSlots];
    if (slot.op == op && slot.sizeClass == sizeClass) return &slot;
    if (!slot.op) {
      slot.op = op;
      slot.sizeClass = sizeClass;
      return &slot;
    }
  }
  return nullptr;
}

bool chooseSplit(SplitSlot* slot) {
  if (!slot) return true;
  slot->calls++;
  if (slot->runs[1] < kFirstRuns) return true;
  if (slot->runs[0] < kFirstRuns) return false;
  slot->split = slot->ns[1] <= slot->ns[0];
  return slot->calls % kRefreshEvery < 2 ? !slot->split : slot->split;
}

void recordSplit(SplitSlot* slot, bool split, double ns) {
  if (!slot) return;
  // A call that goes the other way from the last is not timed: after a stretch on the calling thread the workers
  // sleep, and waking them made the one refresh call on the pool take 53–57 µs against 11 µs warm (99 %-sparse
  // 512×512, batch 128, feature-major), so the pool's timing never recovered and the op stayed on one thread.
  const bool switched = split != slot->previous;
  slot->previous = split;
  if (switched) return;
  double& mean = slot->ns[split];
  if (slot->runs[split] == 0) {
    mean = ns;
  } else if (split != slot->split && ns < mean) {
    // A refresh of the way not taken, faster than its estimate: taken at once. The estimate was often left high by
    // a burst of load, and at one refresh in kRefreshEvery calls a smoothed one took a hundred calls or more to
    // come back (the MLP's SDDMM ran on one thread for a third of a phase, at nearly twice the time); if the
    // sample was luck, the calls that follow it time that way on every call and turn back within a few.
    mean = ns;
  } else {
    // A call the OS interrupted can take a hundred times the usual: one sample moves the estimate at most twofold.
    mean = 0.75 * mean + 0.25 * std::fmin(ns, 2 * mean);
  }
  slot->runs[split]++;
}

int splitRecords(SplitRecord* out, int max) {
  int count = 0;
  for (const SplitSlot& slot : table) {
    if (!slot.op || count >= max) continue;
    out[count++] = SplitRecord{slot.op, std::ldexp(1.0, slot.sizeClass), slot.ns[1], slot.ns[0], slot.runs[1], slot.runs[0],
                               slot.runs[0] >= kFirstRuns ? slot.ns[1] <= slot.ns[0] : true};
  }
  return count;
}

void resetSplitRecords() {
  for (SplitSlot& slot : table) slot = SplitSlot{};
}

}  // namespace ont
