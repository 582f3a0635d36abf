// A schedule with one pruning event: nothing removed before step `at`, the whole target from it on.
import type { PruningSchedule } from '@ontogeny/core';

export class SingleEventSchedule implements PruningSchedule {
  constructor(private readonly to: number, private readonly at: number) {}

  sparsityAt(step: number): number {
    return step >= this.at ? this.to : 0;
  }

  events(): number[] {
    return [this.at];
  }
}
