// Sparse × dense products on the Node-API: the weights in one of the sparse layouts (formats.h), the batch split
// into column parts over the pool, from batch-major activations (transposed in and out) or feature-major ones.
#include "bindings.h"
#include "formats.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

// Large batches go through the sparse product in parts of at most this many bytes of x, xT, yT and y (a core's L2
// here): on one thread, 512×512 at batch 512 took 122 instead of 161 µs at 99 % sparsity and 528 instead of 618 µs
// at 90 %; a 2 MB budget gained less, and at batch 128 either changed nothing.
constexpr double kSparsePartBytes = 1 << 20;

struct SpmmJob {
  int format, rows, cols;
  const int32_t* ptr;
  const uint16_t* col;
  const uint8_t* idx;
  const float* val;
  const float* x;
  float* xT;
  float* yT;
  float* y;
  const float* bias;
  Split split;  // the batch columns, parts starting at multiples of the vector width
};

// The units the weights' layout stores rows in: 4-row groups for 4×1 blocks, else single rows.
int rowUnits(const SpmmJob& j) { return j.format == kBlock4 ? (j.rows + 3) / 4 : j.rows; }

// The job's product for row units [u0, u1) over `width` columns of xT into yT (rows `ld` floats apart), adding
// bias to each output row.
void multiplyRows(const SpmmJob& j, int u0, int u1, int width, int ld, const float* xT, float* yT, const float* bias) {
  const Ops* ops = activeOps();
  if (j.format == kCsr) ops->spmmCsr(u0, u1, width, ld, j.ptr, j.col, j.val, xT, yT, bias);
  else if (j.format == kBlock4) ops->spmmBlock4(u0, u1, j.rows, width, ld, j.ptr, j.col, j.val, xT, yT, bias);
  else ops->spmmNm24(u0, u1, 2 * ((j.cols + 3) / 4), width, ld, j.idx, j.val, xT, yT, bias);
}

// The panel of a CSR part: the most batch columns (up to kPanelFloats, halving down to one vector) whose xT takes
// at most this many bytes. At 512 inputs, 32 columns (64 KB) ran 5–10 % faster than 16; at 1 024, 25 % slower.
constexpr double kCsrPanelBytes = 64 << 10;

int panelColumns(int cols, int lanes) {
  int width = kPanelFloats;
  while (width > lanes && (double)cols * width * sizeof(float) > kCsrPanelBytes) width /= 2;
  return width;
}

// A CSR part panel by panel: each panel's rows of x into its xT (cols × width), the product, and its columns of yT
// into y (whole rows of it): a panel of x stays in L1 or close (see csrPanelRows).
void csrPanels(const SpmmJob& j, int b0, int b1, int nb, float* xT, float* yT) {
  const Ops* ops = activeOps();
  const int panel = panelColumns(j.cols, ops->lanes);
  for (int c = 0; c < nb; c += panel) {
    const int width = nb - c < panel ? nb - c : panel;
    const int real = b1 - b0 - c < width ? b1 - b0 - c : width;
    float* panelX = xT + (size_t)c * j.cols;
    float* panelY = yT + (size_t)c * j.rows;
    if (j.cols > 0) ops->transpose(j.x + (size_t)(b0 + c) * j.cols, 0, real, j.cols, j.cols, panelX, width, nullptr);
    ops->spmmCsrPanel(0, j.rows, width, j.ptr, j.col, j.val, panelX, panelY, nullptr);
    ops->transpose(panelY, 0, j.rows, real, width, j.y + (size_t)(b0 + c) * j.rows, j.rows, j.bias);
  }
}

// One part is a range of batch columns [b0, b1) through all three steps: its rows of x into xT, the product over
// every output row into its columns of yT, those columns into y. Split by batch, each core reads only the half of
// xT it wrote, from its own L2; split by output rows (as before), the second core first pulled all of xT (256 KB at
// 512 × 128) across from the other's cache, and the two threads ran slower than one at 95–99 % sparsity.
// CSR goes panel by panel (csrPanels); the other layouts transpose into y after the whole product rather than tile
// by tile: written along y's rows it cost less than the tiles' strips of y cost even from L1.
void spmmPart(void* ctx, int part) {
  const Ops* ops = activeOps();
  const SpmmJob& j = *static_cast<SpmmJob*>(ctx);
  const int b0 = j.split.begin(part), b1 = j.split.end(part);
  if (b1 <= b0) return;
  const int nb = roundUp(b1 - b0, ops->lanes);
  // The part's xT (cols × nb) and yT (rows × nb) are blocks of their own, rows nb floats apart: strided at bp
  // instead, a part's lines fell into a fraction of the cache sets (a quarter at 32 of 128 columns).
  float* xT = j.xT + (size_t)b0 * j.cols;
  float* yT = j.yT + (size_t)b0 * j.rows;
  if (j.format == kCsr) {
    csrPanels(j, b0, b1, nb, xT, yT);
    return;
  }
  if (j.cols > 0) ops->transpose(j.x + (size_t)b0 * j.cols, 0, b1 - b0, j.cols, j.cols, xT, nb, nullptr);
  multiplyRows(j, 0, rowUnits(j), nb, nb, xT, yT, nullptr);
  ops->transpose(yT, 0, j.rows, b1 - b0, nb, j.y + (size_t)b0 * j.rows, j.rows, j.bias);
}

// The arguments both sparse products share: (format, O, I, B, activations, ptr, index, values, bias, output),
// the activations and output B×I and B×O batch-major, or I×B and O×B feature-major.
struct SparseArgs {
  int format, out, in, batch;
  size_t stored;
  SpmmJob job;
  explicit SparseArgs(Args& args) {
    format = args.integer(0), out = args.integer(1), in = args.integer(2), batch = args.integer(3);
    const int groups = (out + 3) / 4, slots = 2 * ((in + 3) / 4);
    const float* x = args.array<float>(4, (size_t)batch * in);
    const int32_t* ptr = format == kNm24 ? nullptr : args.array<int32_t>(5, (format == kBlock4 ? groups : out) + 1);
    stored = ptr ? (size_t)ptr[format == kBlock4 ? groups : out] : (size_t)out * slots;
    const uint16_t* col = format == kNm24 ? nullptr : args.array<uint16_t>(6, stored);
    const uint8_t* idx = format == kNm24 ? args.array<uint8_t>(6, stored) : nullptr;
    const float* val = args.array<float>(7, format == kBlock4 ? 4 * stored : stored);
    const float* bias = args.array<float>(8, out, true);
    float* y = args.array<float>(9, (size_t)batch * out);
    job = SpmmJob{format, out, in, ptr, col, idx, val, x, nullptr, nullptr, y, bias, Split()};
  }
  // Two parts per thread for CSR (see sparseParallelWork); one for 4×1 blocks, whose four weight broadcasts per
  // block take as many loads as a narrower share of x saves: 32-float parts made them 15–35 % slower.
  int partsWanted(int bp) const { return partsFor(work(bp), format == kBlock4 ? 1 : 2, sparseParallelWork()); }
  // Multiply-adds over a batch padded to bp columns.
  double work(int bp) const { return (double)stored * bp * (format == kBlock4 ? 4 : 1); }
};

// y(B×O) ← x(B×I)·W_effᵀ + bias with W in a compressed format, the batch as the vector dimension: each batch part
// transposes its rows of x, multiplies, and transposes its columns of the product back into y adding the bias.
// Also the backward pass: W's CSC is Wᵀ's CSR.
Napi::Value SparseProduct(const Napi::CallbackInfo& info) {
  const Ops* ops = activeOps();
  Args args(info);
  SparseArgs sparse(args);
  const int out = sparse.out, in = sparse.in, batch = sparse.batch;
  const int bp = roundUp(batch, ops->lanes);
  float* xT = args.scratch(10, (size_t)in * bp);
  float* yT = args.scratch(11, (size_t)out * bp);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0) return info.Env().Undefined();
  int wanted = sparse.partsWanted(bp);
  const int vectors = bp / ops->lanes;
  // Enough parts that each one's x, xT, yT and y fit in kSparsePartBytes, as many per thread, and of equal width
  // where some count allows: five parts of 96, 96, 96, 96, 128 columns at two threads left one thread a third more.
  const int fitting = (int)(kSparsePartBytes / (2.0 * sizeof(float) * ((double)in + out)));
  const int threads = poolThreads();
  if (fitting > 0 && (bp + fitting - 1) / fitting > wanted) {
    const int least = ((bp + fitting - 1) / fitting + threads - 1) / threads * threads;
    wanted = least;
    for (int even = least; even <= vectors; even += threads)
      if (vectors % even == 0) {
        wanted = even;
        break;
      }
  }
  const int parts = wanted < vectors ? wanted : vectors;
  SpmmJob& job = sparse.job;
  job.xT = xT;
  job.yT = yT;
  job.split = Split(batch, parts, ops->lanes);
  parallel(job.split.parts, spmmPart, &job, "sparse product", (double)sparse.stored * bp);
  return info.Env().Undefined();
}

// The feature-major product split by output rows, each part holding about the same number of stored entries.
struct RowParts {
  SpmmJob job;
  int batch;
  int bounds[kMaxParts + 1];  // row units
};

// A part of the feature-major product: its rows over the whole batch, straight from xT (I×B) into yT (O×B) with
// the bias; no transposes, the activations already have the layout the product wants. Split by batch columns
// instead, every part walked all the stored entries for a quarter of the batch: two threads were no faster than
// one at 90 % sparsity and slower at 99 %.
void spmmFeatureMajorPart(void* ctx, int part) {
  const RowParts& parts = *static_cast<RowParts*>(ctx);
  const SpmmJob& j = parts.job;
  const int u0 = parts.bounds[part], u1 = parts.bounds[part + 1];
  if (u1 > u0) multiplyRows(j, u0, u1, parts.batch, parts.batch, j.x, j.y, j.bias);
}

// yT(O×B) ← W_eff·xT(I×B) + bias, activations feature-major (one row per feature, the batch along it); with W's
// CSC, dxT(I×B) = W_effᵀ·dyT.
Napi::Value SparseForwardFeatureMajor(const Napi::CallbackInfo& info) {
  const Ops* ops = activeOps();
  Args args(info);
  SparseArgs sparse(args);
  if (args.bad()) return args.error();
  if (sparse.batch == 0 || sparse.out == 0) return info.Env().Undefined();
  const int bp = roundUp(sparse.batch, ops->lanes);
  RowParts parts{sparse.job, sparse.batch, {}};
  const int units = rowUnits(parts.job);
  int count = partsFor(sparse.work(bp), 2, sparseParallelWork());
  if (count > units) count = units;
  if (parts.job.ptr) {
    balance(parts.job.ptr, units, count, parts.bounds);
  } else {
    for (int p = 0; p <= count; p++) parts.bounds[p] = (int)((int64_t)units * p / count);  // 2:4: equal rows
  }
  parallel(count, spmmFeatureMajorPart, &parts, "feature-major sparse product", (double)sparse.stored * bp);
  return info.Env().Undefined();
}

}  // namespace

void registerSparseProducts(Napi::Env env, Napi::Object exports) {
  exports.Set("sparseProduct", Napi::Function::New(env, SparseProduct));
  exports.Set("sparseForwardFeatureMajor", Napi::Function::New(env, SparseForwardFeatureMajor));
}

}  // namespace ont
