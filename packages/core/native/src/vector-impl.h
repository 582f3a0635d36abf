// The vector type of the instruction set being compiled, for the compute routines' -impl headers (see ops-impl.h).
// Expects ONT_NS (namespace), ONT_LANES (floats per vector), ONT_MR (micro-tile rows), ONT_ISA (name).
// Only C headers and intrinsics in these headers: an inline template from a C++ header (say std::vector) compiled
// under AVX-512 flags could be the copy the linker keeps for the portable path too, and fault on older CPUs.
#pragma once
#include <math.h>
#include <cstdlib>
#include <cstring>
#include "ops.h"
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace ont {
namespace ONT_NS {

constexpr int VW = ONT_LANES;
typedef float vf __attribute__((vector_size(VW * sizeof(float))));

static inline vf load(const float* p) { vf v; std::memcpy(&v, p, sizeof v); return v; }
static inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
static inline vf splat(float s) { return vf{} + s; }

}  // namespace ONT_NS
}  // namespace ont
