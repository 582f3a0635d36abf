// The bit-packed mask ops on the Node-API: applying a mask, adding through one, and a mask from a threshold.
#include <cmath>
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// The arguments of maskApply and maskedAdd: (n, from, words, to), the mask one bit per entry.
struct MaskedArrays {
  int n;
  const float* from;
  const uint32_t* words;
  float* to;
  explicit MaskedArrays(Args& args)
      : n(args.integer(0)), from(args.array<float>(1, n)), words(args.array<uint32_t>(2, (n + 31) / 32)),
        to(args.array<float>(3, n)) {}
};

// out = values ⊙ mask. maskApply(n, values, words, out)
Napi::Value MaskApply(const Napi::CallbackInfo& info) {
  Args args(info);
  const MaskedArrays a(args);
  if (args.bad()) return args.error();
  const Ops* ops = activeOps();
  // Parts of whole mask words, so each part starts at bit 0 of its first word.
  forRanges("maskApply", a.n, 1.0 * a.n, 32, [&](int lo, int hi) {
    ops->maskApply(hi - lo, a.from + lo, a.words + lo / 32, a.to + lo);
  });
  return info.Env().Undefined();
}

// dst += src ⊙ mask, dst untouched off the mask. maskedAdd(n, src, words, dst)
Napi::Value MaskedAdd(const Napi::CallbackInfo& info) {
  Args args(info);
  const MaskedArrays a(args);
  if (args.bad()) return args.error();
  activeOps()->maskedAdd(a.n, a.from, a.words, a.to);
  return info.Env().Undefined();
}

// thresholdBits(n, values, threshold, words)
Napi::Value ThresholdBits(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  const float* v = args.array<float>(1, n);
  const double wanted = args.real(2);
  uint32_t* words = args.array<uint32_t>(3, ((size_t)n + 31) / 32);
  if (args.bad()) return args.error();
  // The largest float ≤ the (double) threshold: then v > it ⟺ v > threshold for every float v, as in JavaScript.
  float threshold = (float)wanted;
  if ((double)threshold > wanted) threshold = std::nextafter(threshold, -INFINITY);
  activeOps()->thresholdBits(n, v, threshold, words);
  return info.Env().Undefined();
}

}  // namespace

void registerMasks(Napi::Env env, Napi::Object exports) {
  exports.Set("maskApply", Napi::Function::New(env, MaskApply));
  exports.Set("maskedAdd", Napi::Function::New(env, MaskedAdd));
  exports.Set("thresholdBits", Napi::Function::New(env, ThresholdBits));
}

}  // namespace ont
