// The weight gradient at the kept entries (SDDMM) on the Node-API: dW += (dyᵀ·x) ⊙ M for a CSR structure, split
// over a fixed number of batch parts (so a gradient is the same bits on any number of threads) or over rows.
#include <cstring>
#include "bindings.h"
#include "ops.h"
#include "partition.h"

namespace ont {
namespace {

constexpr int kSddmmBatchParts = 2;  // the batch parts of a large SDDMM, on any number of threads

struct SddmmJob {
  int rows, cols;
  const int32_t* ptr;
  const uint16_t* col;
  const float *dy, *x;          // B×O and B×I, or feature-major O×B and I×B
  bool featureMajor;
  float *dyT, *xT, *dW, *dots;  // dots: the products of parts 1, 2, … (ptr[rows] each)
  Split split;                  // the batch columns, parts starting at multiples of the vector width
};

// What one batch part's dot products read: `width` columns of dyT and xT, rows `ld` floats apart.
struct SddmmOperands {
  const float *dyT, *xT;
  int width, ld;
};

// Feature-major, the part's columns of dy and x themselves. Batch-major, its rows of dy and x transposed into
// blocks of their own (nb floats a row).
SddmmOperands sddmmPrepare(const SddmmJob& j, int part) {
  const Ops* ops = activeOps();
  const int b0 = j.split.begin(part), b1 = j.split.end(part);
  const int n = b1 - b0, nb = roundUp(n, ops->lanes);
  if (j.featureMajor) return {j.dy + b0, j.x + b0, n, j.split.n};
  float* dyT = j.dyT + (size_t)b0 * j.rows;
  float* xT = j.xT + (size_t)b0 * j.cols;
  ops->transpose(j.dy + (size_t)b0 * j.rows, 0, n, j.rows, j.rows, dyT, nb, nullptr);
  ops->transpose(j.x + (size_t)b0 * j.cols, 0, n, j.cols, j.cols, xT, nb, nullptr);
  if (nb != n) {  // padding lanes enter the dot products: finite zeros
    for (int r = 0; r < j.rows; r++) std::memset(dyT + (size_t)r * nb + n, 0, sizeof(float) * (nb - n));
    for (int c = 0; c < j.cols; c++) std::memset(xT + (size_t)c * nb + n, 0, sizeof(float) * (nb - n));
  }
  return {dyT, xT, nb, nb};
}

// Like spmmPart, one part is a range of batch columns: its rows of dy and x into blocks of their own, then every
// kept entry's dot product over those columns. Split by rows instead, each thread read all of xT, and the second
// from the first's cache: two threads were slower than one at 97 % sparsity (300×784, batch 128: 87 against
// 65 µs; now 44). Part 0 adds into dW at once, the others leave their products for sddmmAdd.
void sddmmPart(void* ctx, int part) {
  const Ops* ops = activeOps();
  const SddmmJob& j = *static_cast<SddmmJob*>(ctx);
  if (j.split.begin(part) >= j.split.end(part)) return;
  const SddmmOperands o = sddmmPrepare(j, part);
  float* dots = part == 0 ? nullptr : j.dots + (size_t)(part - 1) * j.ptr[j.rows];
  ops->sddmm(0, j.rows, j.cols, o.width, o.ld, j.ptr, j.col, o.dyT, o.xT, part == 0 ? j.dW : nullptr, dots);
}

// A pass over dW's rows, split into ranges of about equal kept counts (`bounds`, one range per pool part).
struct SddmmRowsJob {
  const SddmmJob* sddmm;
  SddmmOperands operands;  // of the one batch part, when there is one
  int bounds[kMaxParts + 1];
};

// With one batch part: its dot products, by rows.
void sddmmRows(void* ctx, int part) {
  const Ops* ops = activeOps();
  const SddmmRowsJob& rows = *static_cast<SddmmRowsJob*>(ctx);
  const SddmmJob& j = *rows.sddmm;
  const SddmmOperands& o = rows.operands;
  ops->sddmm(rows.bounds[part], rows.bounds[part + 1], j.cols, o.width, o.ld, j.ptr, j.col, o.dyT, o.xT, j.dW, nullptr);
}

// dW += the other parts' products, part by part (the same sums in the same order on any number of threads).
void sddmmAdd(void* ctx, int part) {
  const SddmmRowsJob& rows = *static_cast<SddmmRowsJob*>(ctx);
  const SddmmJob& j = *rows.sddmm;
  const size_t kept = (size_t)j.ptr[j.rows];
  for (int r = rows.bounds[part]; r < rows.bounds[part + 1]; r++) {
    float* row = j.dW + (size_t)r * j.cols;
    for (int p = j.ptr[r]; p < j.ptr[r + 1]; p++)
      for (int k = 1; k < j.split.parts; k++) row[j.col[p]] += j.dots[(k - 1) * kept + p];
  }
}

// The dot products of a job whose operands are in place: split by batch parts when `dots` has room for the parts
// beyond the first, else by rows.
// The batch parts' products are summed part by part, so their count is set by the job's size alone, never by the
// threads: a weight gradient is the same bits on one thread or two, and on machines with other core counts.
void runSddmm(SddmmJob& job, int batch) {
  const Ops* ops = activeOps();
  const int bp = roundUp(batch, ops->lanes);
  const size_t kept = (size_t)job.ptr[job.rows];
  // One part per thread, each at least four vectors wide: every part costs a horizontal sum per kept entry, and at
  // batch 32 two parts of one vector took 87 µs where a split by rows took 51 (512×512 at 90 % sparsity).
  const int vectors = bp / ops->lanes;
  int parts = job.dots && (double)kept * bp >= sparseParallelWork() ? kSddmmBatchParts : 1;
  if (parts > vectors / 4) parts = vectors / 4 > 1 ? vectors / 4 : 1;
  job.split = Split(batch, parts, ops->lanes);
  SddmmRowsJob rows{&job, {}, {}};
  if (job.split.parts == 1) {  // one batch part: its transposes here, the dot products split by rows
    rows.operands = sddmmPrepare(job, 0);
    const int rowParts = partsFor((double)kept * bp);
    balance(job.ptr, job.rows, rowParts, rows.bounds);
    parallel(rowParts, sddmmRows, &rows, "sddmm by rows", (double)kept * bp);
    return;
  }
  parallel(job.split.parts, sddmmPart, &job, "sddmm by batch", (double)kept * bp);
  const int rowParts = partsFor((double)kept * job.split.parts, 1);
  balance(job.ptr, job.rows, rowParts, rows.bounds);
  parallel(rowParts, sddmmAdd, &rows, "sddmm sum", (double)kept * job.split.parts);
}

// dW(O×I) += (dyᵀ·x) at the kept entries of a CSR structure; nothing else of dW is touched. Batch-major,
// sddmm(O, I, B, dy, x, ptr, col, dW, dyT scratch, xT scratch, dots);
// feature-major, whose dot products read dyT (O×B) and xT (I×B) in place,
// sddmmFeatureMajor(O, I, B, dyT, xT, ptr, col, dW, dots); dots is scratch of (sddmmBatchParts − 1)·kept floats.
template <bool featureMajor>
Napi::Value Sddmm(const Napi::CallbackInfo& info) {
  Args args(info);
  const int out = args.integer(0), in = args.integer(1), batch = args.integer(2);
  const int bp = roundUp(batch, activeOps()->lanes);
  const float* dy = args.array<float>(3, (size_t)batch * out);
  const float* x = args.array<float>(4, (size_t)batch * in);
  const int32_t* ptr = args.array<int32_t>(5, out + 1);
  const size_t kept = ptr ? (size_t)ptr[out] : 0;
  const uint16_t* col = args.array<uint16_t>(6, kept);
  float* dW = args.array<float>(7, (size_t)out * in);
  float* dyT = featureMajor ? nullptr : args.scratch(8, (size_t)out * bp);
  float* xT = featureMajor ? nullptr : args.scratch(9, (size_t)in * bp);
  float* dots = args.array<float>(featureMajor ? 8 : 10, (kSddmmBatchParts - 1) * kept, true);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0 || in == 0) return info.Env().Undefined();
  SddmmJob job{out, in, ptr, col, dy, x, featureMajor, dyT, xT, dW, dots, Split()};
  runSddmm(job, batch);
  return info.Env().Undefined();
}

}  // namespace

void registerSddmm(Napi::Env env, Napi::Object exports) {
  exports.Set("sddmm", Napi::Function::New(env, Sddmm<false>));
  exports.Set("sddmmFeatureMajor", Napi::Function::New(env, Sddmm<true>));
  exports.Set("sddmmBatchParts", Napi::Number::New(env, kSddmmBatchParts));
}

}  // namespace ont
