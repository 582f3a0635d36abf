// Embedding lookups: rows of a table gathered by id, and the backward scatter-add into the table's gradient.
// N = looked-up entries, V = table rows, D = width
#include <cstdio>
#include "bindings.h"
#include "partition.h"
#include "simd.h"

namespace ont {
namespace {

// The first id that is not a whole number in [0, size), or −1 when all are.
int firstBadId(int n, const float* ids, int size) {
  for (int i = 0; i < n; i++) {
    const float id = ids[i];
    if (!(id >= 0.0f && id < (float)size) || id != (float)(int)id) return i;
  }
  return -1;
}

Napi::Value badId(const Napi::CallbackInfo& info, const char* op, int i, float id, int size) {
  char text[160];
  std::snprintf(text, sizeof text, "native kernel: %s: id %g at entry %d is outside the table of %d rows", op, id, i, size);
  Napi::RangeError::New(info.Env(), text).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

// embeddingGather(N, D, V, ids, table, out): out[i] ← table[ids[i]]
Napi::Value EmbeddingGather(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0), width = args.integer(1), size = args.integer(2);
  const float* ids = args.array<float>(3, n);
  const float* table = args.array<float>(4, (size_t)size * width);
  float* out = args.array<float>(5, (size_t)n * width);
  if (args.bad()) return args.error();
  const int bad = firstBadId(n, ids, size);
  if (bad >= 0) return badId(info, "embeddingGather", bad, ids[bad], size);
  // A batch of examples gathered from a large dataset reads rows beyond the caches, each from a place the hardware
  // cannot predict: fetching rows a few ahead, and gathering on both cores, keeps more of them in flight.
  constexpr int kRowsAhead = 2;
  // The split's work is counted in multiply-adds: a float copied from memory costs dozens of them
  constexpr double kMultiplyAddsPerFloat = 32;
  forRanges("embeddingGather", n, kMultiplyAddsPerFloat * n * width, [&](int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      if (i + kRowsAhead < hi) {
        const char* next = reinterpret_cast<const char*>(table + (size_t)ids[i + kRowsAhead] * width);
        for (size_t b = 0; b < sizeof(float) * width; b += 64) __builtin_prefetch(next + b);
      }
      std::memcpy(out + (size_t)i * width, table + (size_t)ids[i] * width, sizeof(float) * width);
    }
  });
  return info.Env().Undefined();
}

// embeddingScatterAdd(N, D, V, ids, dy, grad): grad[ids[i]] += dy[i] for i in order. Split by columns, so every
// entry of the gradient receives its adds in the same order on any number of threads.
Napi::Value EmbeddingScatterAdd(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0), width = args.integer(1), size = args.integer(2);
  const float* ids = args.array<float>(3, n);
  const float* dy = args.array<float>(4, (size_t)n * width);
  float* grad = args.array<float>(5, (size_t)size * width);
  if (args.bad()) return args.error();
  const int bad = firstBadId(n, ids, size);
  if (bad >= 0) return badId(info, "embeddingScatterAdd", bad, ids[bad], size);
  const int strips = (width + 15) / 16;
  forRanges("embeddingScatterAdd", strips, 1.0 * n * width, [&](int lo, int hi) {
    const int c0 = lo * 16, c1 = hi * 16 < width ? hi * 16 : width;
    for (int i = 0; i < n; i++) {
      float* row = grad + (size_t)ids[i] * width;
      const float* d = dy + (size_t)i * width;
      for (int c = c0; c < c1; c++) row[c] += d[c];
    }
  });
  return info.Env().Undefined();
}

}  // namespace

void registerEmbedding(Napi::Env env, Napi::Object exports) {
  exports.Set("embeddingGather", Napi::Function::New(env, EmbeddingGather));
  exports.Set("embeddingScatterAdd", Napi::Function::New(env, EmbeddingScatterAdd));
}

}  // namespace ont
