// The AVX2 + FMA build of the compute routines (compiled with -mavx2 -mfma; used only when the CPU has both).
#define ONT_NS avx2
#define ONT_LANES 8
#define ONT_MR 6
#define ONT_ISA "avx2"
#include "ops-impl.h"

const ont::Ops* ont::opsAvx2() { return &ont::avx2::table; }
