// Node-API argument reading shared by every op family: typed arrays and numbers, checked before any memory is touched.
#pragma once
#define NAPI_VERSION 8
#include <napi.h>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ont {

template <typename T> constexpr napi_typedarray_type kindOf();
template <> constexpr napi_typedarray_type kindOf<float>() { return napi_float32_array; }
template <> constexpr napi_typedarray_type kindOf<int32_t>() { return napi_int32_array; }
template <> constexpr napi_typedarray_type kindOf<uint32_t>() { return napi_uint32_array; }
template <> constexpr napi_typedarray_type kindOf<uint16_t>() { return napi_uint16_array; }
template <> constexpr napi_typedarray_type kindOf<uint8_t>() { return napi_uint8_array; }
template <> constexpr napi_typedarray_type kindOf<double>() { return napi_float64_array; }

// Reads typed-array and number arguments, checking types and lengths so a wrong call cannot write out of bounds.
class Args {
 public:
  explicit Args(const Napi::CallbackInfo& info) : info_(info) {}

  // One napi_get_typedarray_info per array (type, length and data at once, the data already past the view's
  // offset): the wrapper's separate checks made four calls each, about 0.5 µs of a 20 µs sparse product.
  template <typename T>
  T* array(size_t i, size_t need, bool nullable = false, size_t* length = nullptr) {
    if (bad_) return nullptr;
    const Napi::Value v = info_[i];
    if (nullable && (v.IsNull() || v.IsUndefined())) return nullptr;
    napi_typedarray_type type;
    size_t have = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(info_.Env(), v, &type, &have, &data, nullptr, nullptr) != napi_ok || type != kindOf<T>()) {
      return fail<T>(i, "has the wrong typed-array type");
    }
    if (have < need) return fail<T>(i, "is shorter than the shape needs");
    if (length) *length = have;
    return static_cast<T*>(data);
  }
  // Arguments first, first + 1, … as arrays of at least `need` elements each, into `out…` in order: the
  // element-wise ops' run of equally long arrays read in one call.
  template <typename... T>
  void arrays(size_t first, size_t need, T*&... out) {
    size_t i = first;
    ((out = array<std::remove_const_t<T>>(i++, need)), ...);
  }
  // A scratch array of at least `need` floats, started at the first 64-byte boundary when it has room to spare.
  float* scratch(size_t i, size_t need) {
    size_t have = 0;
    float* p = array<float>(i, need, false, &have);
    if (!p) return p;
    const size_t skip = (64 - reinterpret_cast<uintptr_t>(p) % 64) % 64 / sizeof(float);
    return reinterpret_cast<uintptr_t>(p) % sizeof(float) == 0 && have >= need + skip ? p + skip : p;
  }
  int integer(size_t i) {
    if (!bad_ && !info_[i].IsNumber()) fail<int>(i, "must be a number");
    return bad_ ? 0 : info_[i].As<Napi::Number>().Int32Value();
  }
  float number(size_t i) { return (float)real(i); }
  double real(size_t i) {
    if (!bad_ && !info_[i].IsNumber()) fail<int>(i, "must be a number");
    return bad_ ? 0.0 : info_[i].As<Napi::Number>().DoubleValue();
  }
  bool boolean(size_t i) { return !bad_ && info_[i].ToBoolean().Value(); }
  bool bad() const { return bad_; }
  Napi::Value error() {
    Napi::TypeError::New(info_.Env(), why_).ThrowAsJavaScriptException();
    return info_.Env().Undefined();
  }

 private:
  template <typename T>
  T* fail(size_t i, const char* what) {
    if (!bad_) why_ = "native kernel: argument " + std::to_string(i) + " " + what;
    bad_ = true;
    return nullptr;
  }
  const Napi::CallbackInfo& info_;
  bool bad_ = false;
  std::string why_;
};

template <typename... T, size_t... I>
Napi::Value callOnArrays(const Napi::CallbackInfo& info, void (*op)(int, T*...), std::index_sequence<I...>) {
  Args args(info);
  const int n = args.integer(0);
  const std::tuple<T*...> arrays{args.array<std::remove_const_t<T>>(I + 1, n)...};  // braces: read in order
  if (args.bad()) return args.error();
  op(n, std::get<I>(arrays)...);
  return info.Env().Undefined();
}
template <typename... T>
Napi::Value callOnArrays(const Napi::CallbackInfo& info, void (*op)(int, T*...)) {
  return callOnArrays(info, op, std::index_sequence_for<T...>{});
}

// The binding of an element-wise op(n, a, b, …): its arguments are (n, a, b, …), each a typed array of the pointer's
// element type and at least n long, all checked before op runs. Example: elementwise<relu> for relu(n, x, y).
template <auto op>
Napi::Value elementwise(const Napi::CallbackInfo& info) {
  return callOnArrays(info, op);
}

}  // namespace ont
