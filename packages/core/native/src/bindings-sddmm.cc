// The weight gradient at the kept entries (SDDMM) on the Node-API: dW += (dyᵀ·x) ⊙ M for a CSR structure. Each kept
// entry's dot product runs over the batch in an order fixed by the shapes (whole, or panel by panel for operands
// past 1 MB), and the pool splits the rows: a gradient is the same bits on any number of threads.
#include <cstring>
#include <vector>
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// The dot products' operands, rows `ld` floats apart with `width` columns each, and dW's rows split into ranges of
// about equal kept counts (`bounds`, one range per pool part).
struct SddmmJob {
  int rows, cols;
  const int32_t* ptr;
  const uint16_t* col;
  const float *dyT, *xT;
  int width, ld;
  float* dW;
  int bounds[kMaxParts + 1];
};

void sddmmRows(void* ctx, int part) {
  const SddmmJob& j = *static_cast<SddmmJob*>(ctx);
  activeOps()->sddmm(j.bounds[part], j.bounds[part + 1], j.cols, j.width, j.ld, j.ptr, j.col, j.dyT, j.xT, j.dW);
}

// The transposes' work for the pool's split, in multiply-adds: a transposed float costs a few (a load and a store
// out of order).
constexpr double kMultiplyAddsPerFloat = 4;

// Columns [from, ld) of each of `rows` rows of t (ld floats apart) set to zero: padding lanes past the batch, which
// enter the dot products (they run over whole vectors).
void zeroPadding(float* t, int rows, int ld, int from) {
  if (from == ld) return;
  for (int r = 0; r < rows; r++) std::memset(t + (size_t)r * ld + from, 0, sizeof(float) * (ld - from));
}

// dy (batch × O) and x (batch × I) into dyT (O × nb) and xT (I × nb), split over the pool by batch rows, with the
// padding lanes past the batch set to zero.
void transposeOperands(const float* dy, const float* x, int batch, int out, int in, int nb, float* dyT, float* xT) {
  const Ops* ops = activeOps();
  forRanges("sddmm transposes", batch, kMultiplyAddsPerFloat * batch * (out + in), 16, [&](int lo, int hi) {
    ops->transpose(dy, lo, hi, out, out, dyT, nb, nullptr);
    ops->transpose(x, lo, hi, in, in, xT, nb, nullptr);
  });
  zeroPadding(dyT, out, nb, batch);
  zeroPadding(xT, in, nb, batch);
}

// One batch part, split by rows: with the batch in two halves summed after (one per thread), each kept entry cost a
// horizontal sum and a pass over dW per half, and a 97 %-sparse 300×784 layer at batch 128 took 175 µs on one thread
// against 130 in one part (70 with its rows on two threads).
void runSddmm(SddmmJob& job) {
  const double work = (double)job.ptr[job.rows] * job.width;
  const int parts = partsFor(work);
  balance(job.ptr, job.rows, parts, job.bounds);
  parallel(parts, sddmmRows, &job, "sddmm", work);
}

// Batch-major operands larger than four times this go through the dot products in panels of batch columns whose
// dyT and xT take at most this many bytes (half a core's L2 here): whole, at batch 2048, each kept entry streamed a
// row of x (8 KB) from L3 (docs/architecture.md, "Panels", has the measurements).
constexpr double kSddmmPanelBytes = 1 << 18;

// The long batch's dot products panel by panel: dyT and xT are laid out panel after panel (panel k holds columns
// [k·width, …) of every row, rows `width` floats apart), each part's rows add every panel's lanes into `partial`
// and then sum them into dW. The panels depend on the shapes alone, so the bits do not depend on the thread count.
struct PanelJob {
  SddmmJob rows;
  int batch, nb, width;
  const float *dy, *x;
  float *dyT, *xT, *partial;
  int panels() const { return (nb + width - 1) / width; }
  int columns(int panel) const { return nb - panel * width < width ? nb - panel * width : width; }
};

// Panel k's columns of dy and x into its blocks of dyT and xT, the padding lanes past the batch zeroed.
void transposePanel(const PanelJob& j, int panel) {
  const Ops* ops = activeOps();
  const int c = panel * j.width, w = j.columns(panel), real = j.batch - c < w ? j.batch - c : w;
  const int out = j.rows.rows, in = j.rows.cols;
  float* dyT = j.dyT + (size_t)c * out;
  float* xT = j.xT + (size_t)c * in;
  ops->transpose(j.dy + (size_t)c * out, 0, real, out, out, dyT, w, nullptr);
  ops->transpose(j.x + (size_t)c * in, 0, real, in, in, xT, w, nullptr);
  zeroPadding(dyT, out, w, real);
  zeroPadding(xT, in, w, real);
}

void sddmmPanelRows(void* ctx, int part) {
  const Ops* ops = activeOps();
  const PanelJob& j = *static_cast<PanelJob*>(ctx);
  const int r0 = j.rows.bounds[part], r1 = j.rows.bounds[part + 1];
  const int32_t* ptr = j.rows.ptr;
  std::memset(j.partial + (size_t)ptr[r0] * ops->lanes, 0, sizeof(float) * ops->lanes * (ptr[r1] - ptr[r0]));
  for (int k = 0; k < j.panels(); k++) {
    const size_t c = (size_t)k * j.width;
    ops->sddmmPanel(r0, r1, j.columns(k), ptr, j.rows.col, j.dyT + c * j.rows.rows, j.xT + c * j.rows.cols, j.partial);
  }
  ops->sddmmPanelSums(r0, r1, j.rows.cols, ptr, j.rows.col, j.partial, j.rows.dW);
}

void runSddmmPanels(PanelJob& job) {
  const int panels = job.panels();
  forRanges("sddmm transposes", panels, kMultiplyAddsPerFloat * job.batch * (job.rows.rows + job.rows.cols),
            [&](int lo, int hi) {
              for (int k = lo; k < hi; k++) transposePanel(job, k);
            });
  const double work = (double)job.rows.ptr[job.rows.rows] * job.nb;
  const int parts = partsFor(work);
  balance(job.rows.ptr, job.rows.rows, parts, job.rows.bounds);
  parallel(parts, sddmmPanelRows, &job, "sddmm", work);
}

// The panel width for batch-major operands of out + in floats a column padded to nb, or nb when the whole
// operands fit in four panels' bytes: a multiple of two vectors (entryVectors' step), at least two.
int panelWidth(int out, int in, int nb, int lanes) {
  const double column = sizeof(float) * ((double)out + in);
  if (column * nb <= 4 * kSddmmPanelBytes) return nb;
  const int width = (int)(kSddmmPanelBytes / column) / (2 * lanes) * (2 * lanes);
  return width < 2 * lanes ? 2 * lanes : width;
}

// dW(O×I) += (dyᵀ·x) at the kept entries of a CSR structure; nothing else of dW is touched. Batch-major,
// sddmm(O, I, B, dy, x, ptr, col, dW, dyT scratch, xT scratch), the scratch O·nb and I·nb floats (nb: B rounded up
// to the vector width); feature-major, whose dot products read dyT (O×B) and xT (I×B) in place,
// sddmmFeatureMajor(O, I, B, dyT, xT, ptr, col, dW).
template <bool featureMajor>
Napi::Value Sddmm(const Napi::CallbackInfo& info) {
  Args args(info);
  const int out = args.integer(0), in = args.integer(1), batch = args.integer(2);
  const int nb = roundUp(batch, activeOps()->lanes);
  const float* dy = args.array<float>(3, (size_t)batch * out);
  const float* x = args.array<float>(4, (size_t)batch * in);
  const int32_t* ptr = args.array<int32_t>(5, out + 1);
  const size_t kept = ptr ? (size_t)ptr[out] : 0;
  const uint16_t* col = args.array<uint16_t>(6, kept);
  float* dW = args.array<float>(7, (size_t)out * in);
  float* dyT = featureMajor ? nullptr : args.scratch(8, (size_t)out * nb);
  float* xT = featureMajor ? nullptr : args.scratch(9, (size_t)in * nb);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0 || in == 0) return info.Env().Undefined();
  SddmmJob job{out, in, ptr, col, dy, x, batch, batch, dW, {}};
  const int lanes = activeOps()->lanes;
  const int width = featureMajor ? nb : panelWidth(out, in, nb, lanes);
  if (width < nb) {
    thread_local std::vector<float> partial;
    if (partial.size() < kept * lanes) partial.resize(kept * lanes);
    PanelJob panels{job, batch, nb, width, dy, x, dyT, xT, partial.data()};
    runSddmmPanels(panels);
    return info.Env().Undefined();
  }
  if (!featureMajor) {
    transposeOperands(dy, x, batch, out, in, nb, dyT, xT);
    job.dyT = dyT;
    job.xT = xT;
    job.width = job.ld = nb;
  }
  runSddmm(job);
  return info.Env().Undefined();
}

}  // namespace

void registerSddmm(Napi::Env env, Napi::Object exports) {
  exports.Set("sddmm", Napi::Function::New(env, Sddmm<false>));
  exports.Set("sddmmFeatureMajor", Napi::Function::New(env, Sddmm<true>));
}

}  // namespace ont
