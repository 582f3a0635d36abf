// The AVX-512 build of the compute routines (compiled with -mavx512f and friends; used only when the CPU has them).
#define ONT_NS avx512
#define ONT_LANES 16
#define ONT_MR 8
#define ONT_ISA "avx512"
#include "ops-impl.h"

const ont::Ops* ont::opsAvx512() { return &ont::avx512::table; }
