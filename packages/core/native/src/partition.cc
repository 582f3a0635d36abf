// The split ops' shared partition policy: the work threshold and part counts (see partition.h).
#include "partition.h"

namespace ont {
namespace {

double configuredMinParallelWork = 1 << 18;

}  // namespace

double minParallelWork() { return configuredMinParallelWork; }
void setMinParallelWork(double work) { configuredMinParallelWork = work; }

int partsFor(double work, int perThread, double threshold) {
  if (work < threshold || poolThreads() == 1) return 1;
  const int parts = poolThreads() * perThread;
  return parts < kMaxParts ? parts : kMaxParts;
}

void balance(const int32_t* ptr, int units, int parts, int* bounds) {
  bounds[0] = 0;
  for (int p = 1; p < parts; p++) {
    int at = bounds[p - 1];
    const double target = (double)ptr[units] * p / parts;
    while (at < units && ptr[at] < target) at++;
    bounds[p] = at;
  }
  bounds[parts] = units;
}

}  // namespace ont
