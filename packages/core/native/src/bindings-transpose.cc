// The transpose on the Node-API: the boundary between batch-major and feature-major activations.
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// out(cols×rows) ← a(rows×cols)ᵀ.
// transpose(rows, cols, a, out)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* a = args.array<float>(2, (size_t)rows * cols);
  float* out = args.array<float>(3, (size_t)rows * cols);
  if (args.bad()) return args.error();
  if (cols == 0) return info.Env().Undefined();
  const Ops* ops = activeOps();
  forRanges("transpose", rows, (double)rows * cols, 16, [&](int lo, int hi) {
    ops->transpose(a, lo, hi, cols, cols, out, rows, nullptr);
  });
  return info.Env().Undefined();
}

}  // namespace

void registerTranspose(Napi::Env env, Napi::Object exports) {
  exports.Set("transpose", Napi::Function::New(env, Transpose));
}

}  // namespace ont
