// The portable build of the compute routines: baseline vectors (SSE2 on x86-64), no CPU requirement.
#define ONT_NS portable
#define ONT_LANES 4
#define ONT_MR 4
#define ONT_ISA "portable"
#include "ops-impl.h"

const ont::Ops* ont::opsPortable() { return &ont::portable::table; }

#if !defined(ONT_HAVE_X86_OPS)
// Other architectures build only the portable routines.
const ont::Ops* ont::opsAvx2() { return nullptr; }
const ont::Ops* ont::opsAvx512() { return nullptr; }
#endif
