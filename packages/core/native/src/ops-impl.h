// One instruction set's table of compute routines; each ops-*.cc includes this under its own ISA flags, so every
// op family's -impl header is compiled once per ISA into a namespace of its own (see vector-impl.h).
#include "transpose-impl.h"
#include "gemm-impl.h"
#include "spmm-impl.h"
#include "sddmm-impl.h"
#include "optimizers-impl.h"
#include "masks-impl.h"
#include "elementwise-impl.h"

namespace ont {
namespace ONT_NS {

static const Ops table = {ONT_ISA, VW, gemm, transpose, spmmCsr, spmmCsrPanel, spmmBlock4, spmmNm24, sddmm, sddmmPanel, sddmmPanelSums,
                          sgd, adam, relu, reluBackward, thresholdBits, maskApply, maskedAdd, columnSums,
                          rowSums};

}  // namespace ONT_NS
}  // namespace ont
