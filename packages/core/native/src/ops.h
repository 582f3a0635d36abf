// The table of compute routines one instruction set provides; the addon picks a table at run time by CPU features.
#pragma once
#include <cstdint>

namespace ont {

// The most batch columns a panel of the sparse product holds (two cache lines of each row of xT and yT).
constexpr int kPanelFloats = 32;

// Shapes follow the Kernel contract: B = batch, I = inputs, O = outputs. "T" buffers are transposed scratch
// whose rows are padded to `bp` floats (a multiple of the vector width) so inner loops have no scalar tails.
struct Ops {
  const char* isa;
  int lanes;  // floats per vector; bp is rounded up to a multiple of this

  // C(m×n) ← α·op(A)·op(B) + β·C over the sub-rectangle handed to it, with explicit leading dimensions.
  void (*gemm)(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc);
  // out[c·ldo + r] ← in[r·ldi + c] + (bias ? bias[r] : 0) for r in [r0, r1), c in [0, cols).
  void (*transpose)(const float* in, int r0, int r1, int cols, int ldi, float* out, int ldo, const float* bias);
  // yT[r] ← Σ_p val[p]·xT[col[p]] + (bias ? bias[r] : 0) for rows [r0, r1) of a CSR matrix: `width` columns of
  // each row of xT and yT, rows `ld` floats apart (a batch part's own block, or a feature-major activation).
  void (*spmmCsr)(int r0, int r1, int width, int ld, const int32_t* ptr, const uint16_t* col, const float* val,
                  const float* xT, float* yT, const float* bias);
  // spmmCsr over one panel of the batch, `width` ≤ kPanelFloats columns (a multiple of `lanes`), xT and yT rows
  // `width` floats apart: a batch-major product's part, transposed panel by panel.
  void (*spmmCsrPanel)(int r0, int r1, int width, const int32_t* ptr, const uint16_t* col, const float* val,
                       const float* xT, float* yT, const float* bias);
  // The same for 4×1 blocks: group g covers rows 4g..4g+3, each block one column with 4 values.
  void (*spmmBlock4)(int g0, int g1, int rows, int width, int ld, const int32_t* ptr, const uint16_t* col,
                     const float* val, const float* xT, float* yT, const float* bias);
  // The same for 2:4 packing: row r has `slots` entries, slot s reads input 4·(s/2) + idx.
  void (*spmmNm24)(int r0, int r1, int slots, int width, int ld, const uint8_t* idx, const float* val,
                   const float* xT, float* yT, const float* bias);
  // dW[r·cols + col[p]] += Σ_b dyT[r][b]·xT[col[p]][b] over `width` columns (rows `ld` apart) for rows [r0, r1):
  // the gradient sampled at kept entries.
  void (*sddmm)(int r0, int r1, int cols, int width, int ld, const int32_t* ptr, const uint16_t* col,
                const float* dyT, const float* xT, float* dW);
  // sddmm over one panel of a long batch, dyT and xT rows `width` floats apart (a multiple of `lanes`): each kept
  // entry p adds its dot product's lanes into partial[p·lanes …]; sddmmPanelSums then adds each entry's lanes to dW.
  void (*sddmmPanel)(int r0, int r1, int width, const int32_t* ptr, const uint16_t* col, const float* dyT,
                     const float* xT, float* partial);
  void (*sddmmPanelSums)(int r0, int r1, int cols, const int32_t* ptr, const uint16_t* col, const float* partial,
                         float* dW);

  // Element-wise ops over [0, n), in place; the Kernel contract (kernel/contract.ts) gives their semantics.
  // The optimiser updates compute in double in the reference's order (no FMA contraction), so they give the
  // reference kernel's float32 results bit for bit and the kernels stay in agreement over a whole lifespan.
  // SGD: vel may be null (no momentum).
  void (*sgd)(int n, float* w, const float* g, float* vel, double lr, double momentum, bool nesterov, double decay);
  // Adam / AdamW with a per-entry step count t (whole numbers stored as floats).
  void (*adam)(int n, float* w, const float* g, float* m, float* v, float* t, double lr, double beta1, double beta2,
               double eps, double decay, bool decoupled);
  void (*relu)(int n, const float* x, float* y);
  void (*reluBackward)(int n, const float* y, const float* dy, float* dx);
  // words[i / 32] bit i % 32 ← v[i] > threshold, for every word covering [0, n).
  void (*thresholdBits)(int n, const float* v, float threshold, uint32_t* words);
  // out[i] ← values[i] where mask bit i is set, else 0 (maskApply); dst[i] += src[i] where set (maskedAdd).
  void (*maskApply)(int n, const float* values, const uint32_t* words, float* out);
  void (*maskedAdd)(int n, const float* src, const uint32_t* words, float* dst);
  // out[j] += m[r·cols + j] for r = 0, 1, … in order, rounding to float after each add (the bias gradient).
  void (*columnSums)(int rows, int cols, const float* m, float* out);
  // out[r] += the sum of row r in the contract's eight-lane order (the feature-major bias gradient).
  void (*rowSums)(int rows, int cols, const float* m, float* out);
};

const Ops* opsPortable();
const Ops* opsAvx2();    // null where not compiled
const Ops* opsAvx512();  // null where not compiled

// The routines the kernel is configured to use (the addon's `configure`).
const Ops* activeOps();

}  // namespace ont
