// Element-wise ops on the Node-API: ReLU and its gradient, a multiply-add, and the bias gradient's column or row sums.
#include "bindings.h"
#include "ops.h"

namespace ont {
namespace {

void mulAdd(int n, const float* a, const float* b, float* dst) {  // dst += a ⊙ b
  for (int i = 0; i < n; i++) dst[i] += a[i] * b[i];
}
void relu(int n, const float* x, float* y) { activeOps()->relu(n, x, y); }
void reluBackward(int n, const float* y, const float* dy, float* dx) { activeOps()->reluBackward(n, y, dy, dx); }

// columnSums(rows, cols, m, out) and rowSums(rows, cols, m, out): sums along the other side of m, `out` as long
// as the side that remains.
template <bool alongRows>
Napi::Value Sums(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* m = args.array<float>(2, (size_t)rows * cols);
  float* out = args.array<float>(3, alongRows ? rows : cols);
  if (args.bad()) return args.error();
  (alongRows ? activeOps()->rowSums : activeOps()->columnSums)(rows, cols, m, out);
  return info.Env().Undefined();
}

}  // namespace

void registerElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("mulAdd", Napi::Function::New(env, elementwise<mulAdd>));              // (n, a, b, dst)
  exports.Set("relu", Napi::Function::New(env, elementwise<relu>));                  // (n, x, y)
  exports.Set("reluBackward", Napi::Function::New(env, elementwise<reluBackward>));  // (n, y, dy, dx)
  exports.Set("columnSums", Napi::Function::New(env, Sums<false>));
  exports.Set("rowSums", Napi::Function::New(env, Sums<true>));
}

}  // namespace ont
