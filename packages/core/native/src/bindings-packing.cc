// Packing a bit-packed mask into the sparse layouts on the Node-API (pack.h): the mask's statistics, a layout's
// structure, and the values gathered into it.
#include "bindings.h"
#include "formats.h"
#include "pack.h"
#include "partition.h"

namespace ont {
namespace {

// analyze(words, rows, cols, counts): counts as pack.h's analyze.
Napi::Value Analyze(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(1), cols = args.integer(2);
  const uint32_t* words = args.array<uint32_t>(0, ((size_t)rows * cols + 31) / 32);
  int32_t* counts = args.array<int32_t>(3, 4);
  if (args.bad()) return args.error();
  analyze(words, rows, cols, counts);
  return info.Env().Undefined();
}

// pack(format, words, rows, cols, ptr, index, perm): builds one layout's structure (formats.h's codes).
Napi::Value Pack(const Napi::CallbackInfo& info) {
  Args args(info);
  const int format = args.integer(0), rows = args.integer(2), cols = args.integer(3);
  const uint32_t* words = args.array<uint32_t>(1, ((size_t)rows * cols + 31) / 32);
  if (args.bad()) return args.error();
  if (format == kNm24) {
    const size_t slots = (size_t)rows * 2 * ((cols + 3) / 4);
    uint8_t* idx = args.array<uint8_t>(5, slots);
    int32_t* perm = args.array<int32_t>(6, slots);
    if (args.bad()) return args.error();
    nm24Build(words, rows, cols, idx, perm);
    return info.Env().Undefined();
  }
  const int units = format == kBlock4 ? (rows + 3) / 4 : format == kCsc ? cols : rows;
  int32_t* ptr = args.array<int32_t>(4, units + 1);
  int32_t counts[4];
  analyze(words, rows, cols, counts);
  const size_t stored = format == kBlock4 ? counts[1] : counts[0];
  uint16_t* index = args.array<uint16_t>(5, stored);
  int32_t* perm = args.array<int32_t>(6, format == kBlock4 ? 4 * stored : stored);
  if (args.bad()) return args.error();
  if (format == kCsr) csrBuild(words, rows, cols, ptr, index, perm);
  else if (format == kBlock4) block4Build(words, rows, cols, ptr, index, perm);
  else cscBuild(words, rows, cols, ptr, index, perm);
  return info.Env().Undefined();
}

// gather(n, values, perm, out): out[p] = perm[p] < 0 ? 0 : values[perm[p]].
Napi::Value Gather(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  const float* values = args.array<float>(1, 0);
  const int32_t* perm = args.array<int32_t>(2, n);
  float* out = args.array<float>(3, n);
  if (args.bad()) return args.error();
  const size_t limit = info[1].As<Napi::Float32Array>().ElementLength();
  for (int p = 0; p < n; p++)
    if (perm[p] >= (int64_t)limit) {
      Napi::RangeError::New(info.Env(), "native kernel: gather index out of range").ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  // A stored value comes from a scattered line of W: counted at 64 multiply-adds, about its time at the GEMM's rate,
  // so a large sparse layer's values (re-gathered after every step that trains them) reach the pool.
  constexpr double kMultiplyAddsPerValue = 64;
  forRanges("gather", n, kMultiplyAddsPerValue * n, [&](int lo, int hi) { gather(values, perm + lo, hi - lo, out + lo); });
  return info.Env().Undefined();
}

}  // namespace

void registerPacking(Napi::Env env, Napi::Object exports) {
  exports.Set("analyze", Napi::Function::New(env, Analyze));
  exports.Set("pack", Napi::Function::New(env, Pack));
  exports.Set("gather", Napi::Function::New(env, Gather));
}

}  // namespace ont
