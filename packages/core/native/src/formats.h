// The sparse weight layouts' codes, defined here once: the addon exports them as `formatCodes`, and the TypeScript
// side (kernel/native/addon.ts) passes the codes it finds there, so the two cannot disagree.
#pragma once
#include "args.h"

namespace ont {

enum SparseFormat : int {
  kCsr = 0,     // compressed rows
  kBlock4 = 1,  // 4×1 blocks: four rows of one column
  kNm24 = 2,    // 2:4, two of every aligned four inputs
  kCsc = 3,     // compressed columns (W's CSC is Wᵀ's CSR); `pack` only
};

// { csr, block4, nm24, csc } → their codes.
inline Napi::Object formatCodes(Napi::Env env) {
  Napi::Object codes = Napi::Object::New(env);
  codes.Set("csr", (int)kCsr);
  codes.Set("block4", (int)kBlock4);
  codes.Set("nm24", (int)kNm24);
  codes.Set("csc", (int)kCsc);
  return codes;
}

}  // namespace ont
