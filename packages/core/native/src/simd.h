// Float vectors for the encoder op families: one body written over a vector type, compiled per instruction set
// by target attributes and chosen at run time by the ISA the kernel is configured with (see ops.h).
#pragma once
#include <math.h>
#include <cstdint>
#include <cstring>
#include "ops.h"

namespace ont {
namespace simd {

typedef float f4 __attribute__((vector_size(16)));
typedef float f8 __attribute__((vector_size(32)));
typedef float f16 __attribute__((vector_size(64)));

template <typename V> constexpr int lanes() { return sizeof(V) / sizeof(float); }
typedef int32_t i4 __attribute__((vector_size(16)));
typedef int32_t i8 __attribute__((vector_size(32)));
typedef int32_t i16 __attribute__((vector_size(64)));
// The vector of as many 32-bit integers as V has floats.
template <typename V> struct IntsOf;
template <> struct IntsOf<f4> { typedef i4 type; };
template <> struct IntsOf<f8> { typedef i8 type; };
template <> struct IntsOf<f16> { typedef i16 type; };
template <typename V> using Ints = typename IntsOf<V>::type;

// Lambdas do not take on the target attributes of the function they sit in; inlined, their code does.
#define ONT_INLINE __attribute__((always_inline))

template <typename V> static inline __attribute__((always_inline)) V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename V> static inline __attribute__((always_inline)) void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }
template <typename V> static inline __attribute__((always_inline)) V splat(float s) { return V{} + s; }

template <typename V> static inline __attribute__((always_inline)) float sum(V v) {
  float t[lanes<V>()];
  store(t, v);
  for (int w = lanes<V>() / 2; w >= 1; w /= 2)
    for (int l = 0; l < w; l++) t[l] += t[l + w];
  return t[0];
}

template <typename V> static inline __attribute__((always_inline)) V max(V a, V b) { return a > b ? a : b; }

// e^x in float32 (Cephes' expf: 2ⁿ · a degree-6 polynomial on |r| ≤ ½ln 2), within 2 ulp for x in [−87, 88];
// below −87 it gives 0 (never a denormal), above 88 it saturates at 2¹²⁷·e^(ln 2 / 2).
template <typename V> static inline __attribute__((always_inline)) V exp(V x) {
  const V lo = splat<V>(-87.0f), hi = splat<V>(88.0f);
  const V under = x < lo ? splat<V>(0.0f) : splat<V>(1.0f);
  x = x < lo ? lo : x > hi ? hi : x;
  // n = round(x / ln 2) by the 1.5·2²³ trick (exact under round-to-nearest, no fast-math here)
  const V shifter = splat<V>(12582912.0f);
  const V n = (x * 1.44269504088896341f + shifter) - shifter;
  const V r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  V p = splat<V>(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const Ints<V> bits = (__builtin_convertvector(n, Ints<V>) + 127) << 23;
  V scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale * under;
}

// tanh(z) = sign(z)·(1 − 2 / (e^{2|z|} + 1)): absolute error a few units of 2⁻²⁴, exactly ±1 past |z| ≈ 9.
template <typename V> static inline __attribute__((always_inline)) V tanh(V z) {
  const V a = z < 0 ? -z : z;
  const V t = 1.0f - 2.0f / (exp(a + a) + 1.0f);
  return z < 0 ? -t : t;
}

}  // namespace simd

#if defined(__x86_64__)
#define ONT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
#define ONT_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define ONT_TARGET_AVX512
#define ONT_TARGET_AVX2
#endif

// Defines `name(args…)`, which runs `body<V>(args…)` with V the vector of the configured ISA's width, compiled for
// that ISA: the portable build on 4-lane vectors, AVX2 + FMA on 8, AVX-512 on 16.
#define ONT_ISA_DISPATCH(name, body)                                                                            \
  template <typename... A> ONT_TARGET_AVX512 static void name##Avx512(A... a) { body<simd::f16>(a...); }       \
  template <typename... A> ONT_TARGET_AVX2 static void name##Avx2(A... a) { body<simd::f8>(a...); }            \
  template <typename... A> static void name##Portable(A... a) { body<simd::f4>(a...); }                        \
  template <typename... A> static void name(A... a) {                                                            \
    const int width = activeOps()->lanes;                                                                        \
    if (width == 16) name##Avx512(a...);                                                                         \
    else if (width == 8) name##Avx2(a...);                                                                       \
    else name##Portable(a...);                                                                                   \
  }

}  // namespace ont
