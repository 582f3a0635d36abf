// The fork-join pool (pool.cc) that split ops run their parts on: the calling thread plus persistent workers.
#pragma once

namespace ont {

// Runs fn(ctx, part) for part in [0, parts) on the pool (the caller takes parts too); returns when all are done.
// `op` (a string literal: its address is the key) and `work` (multiply-add equivalents) name the op and size whose
// timings decide whether splitting pays right now; when it does not, the calling thread runs every part in order.
void parallel(int parts, void (*fn)(void* ctx, int part), void* ctx, const char* op, double work);
void setAdaptiveSplits(bool on);
int poolThreads();
void setPoolThreads(int threads);

}  // namespace ont
