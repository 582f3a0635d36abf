// The Node-API surface of the native kernel: typed arrays in, results written in place, CPU features picked once.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include "args.h"
#include "encoder-ops.h"
#include "ops.h"
#include "optimizers.h"
#include "pack.h"
#include "split-choice.h"

namespace ont {
void setPoolThreads(int threads);
}

namespace {

using ont::Args;
using ont::Ops;

const Ops* chooseOps(const std::string& wanted) {
  const Ops* best = ont::opsPortable();
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (wanted == "portable") return best;
  if (avx2 && ont::opsAvx2()) best = ont::opsAvx2();
  if (wanted == "avx2") return best;
  if (avx512 && ont::opsAvx512()) best = ont::opsAvx512();
#endif
  return best;
}

const Ops* ops = nullptr;
// Below this many multiply-adds an op stays on one thread: waking the other core costs more than it saves.
double minParallelWork = 1 << 18;
// The sparse product streams x's rows from L2 at about 17 cycles per stored entry (512 bytes at batch 128), and
// each core has its own L2 here: split by batch columns (spmmPart) into two parts per thread, two threads took
// 512×512 at batch 128 from 131 to 77–85 µs at 90 % sparsity, 73 to 44–51 µs at 95 % and 29 to 17–20 µs at 99 %
// (3·10⁵ multiply-adds; `pnpm bench kernel --quick`). One part per thread was slower than one thread at 99 %, and
// four parts per thread slower than two. The split starts at twice the general threshold (2¹⁸ at the default),
// so the tests' small thresholds reach it on small shapes too.
double sparseParallelWork() { return 2 * minParallelWork; }
// Large batches go through the sparse product in parts of at most this many bytes of x, xT, yT and y (a core's L2
// here): on one thread, 512×512 at batch 512 took 122 instead of 161 µs at 99 % sparsity and 528 instead of 618 µs
// at 90 %; a 2 MB budget gained less, and at batch 128 either changed nothing.
constexpr double kSparsePartBytes = 1 << 20;

// Splits [0, n) into `parts` ranges whose starts are multiples of `align`.
struct Split {
  int n, parts, step;
  Split(int n_, int parts_, int align) : n(n_), parts(parts_) {
    step = (n + parts - 1) / parts;
    step = (step + align - 1) / align * align;
    if (step == 0) step = align;
    parts = (n + step - 1) / step;
  }
  Split() : Split(0, 1, 1) {}  // no columns: a job's split before its part count is known
  int begin(int p) const { return p * step < n ? p * step : n; }
  int end(int p) const { return (p + 1) * step < n ? (p + 1) * step : n; }
};

// Several parts per thread: parts are claimed dynamically, so a thread the OS runs late (two vCPUs shared with
// other work) delays the call by one small part, not by half of it.
constexpr int kMaxParts = 32;
int partsFor(double work, int perThread = 4, double threshold = minParallelWork) {
  if (work < threshold || ont::poolThreads() == 1) return 1;
  const int parts = ont::poolThreads() * perThread;
  return parts < kMaxParts ? parts : kMaxParts;
}

// Runs f(lo, hi) over [0, n) split into parts whose starts are multiples of `align`, on the pool when `work`
// (multiply-add equivalents) is worth waking the other core for.
template <typename F>
void parallelRange(const char* op, int n, double work, int align, F&& f) {
  const int parts = partsFor(work, 2);
  if (parts == 1) {
    f(0, n);
    return;
  }
  struct Ctx {
    F* f;
    Split split;
  } ctx{&f, Split(n, parts, align)};
  ont::parallel(ctx.split.parts, [](void* c, int part) {
    const Ctx& x = *static_cast<Ctx*>(c);
    const int lo = x.split.begin(part), hi = x.split.end(part);
    if (hi > lo) (*x.f)(lo, hi);
  }, &ctx, op, work);
}

// ---- dense GEMM ----

struct GemmJob {
  bool ta, tb, splitM;
  int m, n, k;
  float alpha, beta;
  const float *a, *b;
  float* c;
  Split split;
};

void gemmPart(void* ctx, int part) {
  const GemmJob& j = *static_cast<GemmJob*>(ctx);
  const int lo = j.split.begin(part), hi = j.split.end(part);
  if (hi <= lo) return;
  const int lda = j.ta ? j.m : j.k, ldb = j.tb ? j.k : j.n;
  if (j.splitM) {
    const float* a = j.ta ? j.a + lo : j.a + (size_t)lo * lda;
    ops->gemm(j.ta, j.tb, hi - lo, j.n, j.k, j.alpha, a, lda, j.b, ldb, j.beta, j.c + (size_t)lo * j.n, j.n);
  } else {
    const float* b = j.tb ? j.b + (size_t)lo * ldb : j.b + lo;
    ops->gemm(j.ta, j.tb, j.m, hi - lo, j.k, j.alpha, j.a, lda, b, ldb, j.beta, j.c + lo, j.n);
  }
}

void runGemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, const float* b, float beta, float* c) {
  const int parts = partsFor((double)m * n * k, 2);  // each part packs its own panels: keep them few
  const bool splitM = m >= n;  // split the longer side so each part keeps whole micro-tiles
  GemmJob job{ta, tb, splitM, m, n, k, alpha, beta, a, b, c, Split(splitM ? m : n, parts, splitM ? 24 : 32)};
  ont::parallel(job.split.parts, gemmPart, &job, "gemm", (double)m * n * k);
}

Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Args args(info);
  const bool ta = args.boolean(0), tb = args.boolean(1);
  const int m = args.integer(2), n = args.integer(3), k = args.integer(4);
  const float alpha = args.number(5);
  const float* a = args.array<float>(6, (size_t)m * k);
  const float* b = args.array<float>(7, (size_t)k * n);
  const float beta = args.number(8);
  float* c = args.array<float>(9, (size_t)m * n);
  if (args.bad()) return args.error();
  runGemm(ta, tb, m, n, k, alpha, a, b, beta, c);
  return info.Env().Undefined();
}

// y(B×O) ← x(B×I)·Weffᵀ + bias: the bias is written first and the product accumulated onto it.
Napi::Value DenseForward(const Napi::CallbackInfo& info) {
  Args args(info);
  const int batch = args.integer(0), in = args.integer(1), out = args.integer(2);
  const float* x = args.array<float>(3, (size_t)batch * in);
  const float* w = args.array<float>(4, (size_t)out * in);
  const float* bias = args.array<float>(5, out, true);
  float* y = args.array<float>(6, (size_t)batch * out);
  if (args.bad()) return args.error();
  if (bias)
    for (int r = 0; r < batch; r++) std::memcpy(y + (size_t)r * out, bias, sizeof(float) * out);
  runGemm(false, true, batch, out, in, 1.0f, x, w, bias ? 1.0f : 0.0f, y);
  return info.Env().Undefined();
}

// ---- sparse × dense ----

enum Format { CSR = 0, BLOCK4 = 1, NM24 = 2 };

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

// The job's product over `width` columns of xT into yT (rows `ld` floats apart), adding bias to each output row.
void sparseProduct(const SpmmJob& j, int width, int ld, const float* xT, float* yT, const float* bias) {
  if (j.format == CSR) ops->spmmCsr(0, j.rows, width, ld, j.ptr, j.col, j.val, xT, yT, bias);
  else if (j.format == BLOCK4) ops->spmmBlock4(0, (j.rows + 3) / 4, j.rows, width, ld, j.ptr, j.col, j.val, xT, yT, bias);
  else ops->spmmNm24(0, j.rows, 2 * ((j.cols + 3) / 4), width, ld, j.idx, j.val, xT, yT, bias);
}

// One part is a range of batch columns [b0, b1) through all three steps: its rows of x into xT, the product over
// every output row into its columns of yT, those columns into y. Split by batch, each core reads only the half of
// xT it wrote, from its own L2; split by output rows (as before), the second core first pulled all of xT (256 KB at
// 512 × 128) across from the other's cache, and the two threads ran slower than one at 95–99 % sparsity.
// The transpose into y comes after the whole product rather than tile by tile: written along y's rows it costs
// less than the tiles' strips of y cost even from L1 (see transposeBlocks16).
void spmmPart(void* ctx, int part) {
  const SpmmJob& j = *static_cast<SpmmJob*>(ctx);
  const int b0 = j.split.begin(part), b1 = j.split.end(part);
  if (b1 <= b0) return;
  const int nb = (b1 - b0 + ops->lanes - 1) / ops->lanes * ops->lanes;
  // The part's xT (cols × nb) and yT (rows × nb) are blocks of their own, rows nb floats apart: strided at bp
  // instead, a part's lines fell into a fraction of the cache sets (a quarter at 32 of 128 columns).
  float* xT = j.xT + (size_t)b0 * j.cols;
  float* yT = j.yT + (size_t)b0 * j.rows;
  if (j.cols > 0) ops->transpose(j.x + (size_t)b0 * j.cols, 0, b1 - b0, j.cols, j.cols, xT, nb, nullptr);
  sparseProduct(j, nb, nb, xT, yT, nullptr);
  ops->transpose(yT, 0, j.rows, b1 - b0, nb, j.y + (size_t)b0 * j.rows, j.rows, j.bias);
}

// Boundaries that give each part about the same number of stored entries (ptr is a prefix sum).
void balance(const int32_t* ptr, int units, int parts, int* bounds) {
  bounds[0] = 0;
  for (int p = 1; p < parts; p++) {
    int at = bounds[p - 1];
    const double target = (double)ptr[units] * p / parts;
    while (at < units && ptr[at] < target) at++;
    bounds[p] = at;
  }
  bounds[parts] = units;
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
    const int32_t* ptr = format == NM24 ? nullptr : args.array<int32_t>(5, (format == BLOCK4 ? groups : out) + 1);
    stored = ptr ? (size_t)ptr[format == BLOCK4 ? groups : out] : (size_t)out * slots;
    const uint16_t* col = format == NM24 ? nullptr : args.array<uint16_t>(6, stored);
    const uint8_t* idx = format == NM24 ? args.array<uint8_t>(6, stored) : nullptr;
    const float* val = args.array<float>(7, format == BLOCK4 ? 4 * stored : stored);
    const float* bias = args.array<float>(8, out, true);
    float* y = args.array<float>(9, (size_t)batch * out);
    job = SpmmJob{format, out, in, ptr, col, idx, val, x, nullptr, nullptr, y, bias, Split()};
  }
  // Two parts per thread for CSR (see sparseParallelWork); one for 4×1 blocks, whose four weight broadcasts per
  // block take as many loads as a narrower share of x saves: 32-float parts made them 15–35 % slower.
  int partsWanted(int bp) const {
    const int perThread = format == BLOCK4 ? 1 : 2;
    return partsFor((double)stored * bp * (format == BLOCK4 ? 4 : 1), perThread, sparseParallelWork());
  }
};

// y(B×O) ← x(B×I)·W_effᵀ + bias with W in a compressed format, the batch as the vector dimension: each batch part
// transposes its rows of x, multiplies, and transposes its columns of the product back into y adding the bias.
// Also the backward pass: W's CSC is Wᵀ's CSR.
Napi::Value SparseForward(const Napi::CallbackInfo& info) {
  Args args(info);
  SparseArgs sparse(args);
  const int out = sparse.out, in = sparse.in, batch = sparse.batch;
  const int bp = (batch + ops->lanes - 1) / ops->lanes * ops->lanes;
  float* xT = args.scratch(10, (size_t)in * bp);
  float* yT = args.scratch(11, (size_t)out * bp);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0) return info.Env().Undefined();
  int wanted = sparse.partsWanted(bp);
  const int vectors = bp / ops->lanes;
  // Enough parts that each one's x, xT, yT and y fit in kSparsePartBytes, as many per thread, and of equal width
  // where some count allows: five parts of 96, 96, 96, 96, 128 columns at two threads left one thread a third more.
  const int fitting = (int)(kSparsePartBytes / (2.0 * sizeof(float) * ((double)in + out)));
  const int threads = ont::poolThreads();
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
  ont::parallel(job.split.parts, spmmPart, &job, "sparse product", (double)sparse.stored * bp);
  return info.Env().Undefined();
}

// A part of the feature-major product: batch columns [b0, b1) of xT (I×B) straight into the same columns of yT
// (O×B) with the bias; no transposes, the activations already have the layout the product wants.
void spmmFeatureMajorPart(void* ctx, int part) {
  const SpmmJob& j = *static_cast<SpmmJob*>(ctx);
  const int b0 = j.split.begin(part), b1 = j.split.end(part);
  if (b1 > b0) sparseProduct(j, b1 - b0, j.split.n, j.x + b0, j.y + b0, j.bias);
}

// yT(O×B) ← W_eff·xT(I×B) + bias, activations feature-major (one row per feature, the batch along it); with W's
// CSC, dxT(I×B) = W_effᵀ·dyT.
Napi::Value SparseForwardFeatureMajor(const Napi::CallbackInfo& info) {
  Args args(info);
  SparseArgs sparse(args);
  if (args.bad()) return args.error();
  if (sparse.batch == 0 || sparse.out == 0) return info.Env().Undefined();
  const int bp = (sparse.batch + ops->lanes - 1) / ops->lanes * ops->lanes;
  const int wanted = sparse.partsWanted(bp), vectors = bp / ops->lanes;
  SpmmJob& job = sparse.job;
  job.split = Split(sparse.batch, wanted < vectors ? wanted : vectors, ops->lanes);
  ont::parallel(job.split.parts, spmmFeatureMajorPart, &job, "feature-major sparse product", (double)sparse.stored * bp);
  return info.Env().Undefined();
}

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
  const int b0 = j.split.begin(part), b1 = j.split.end(part);
  const int n = b1 - b0, nb = (n + ops->lanes - 1) / ops->lanes * ops->lanes;
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
  const int bp = (batch + ops->lanes - 1) / ops->lanes * ops->lanes;
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
    ont::parallel(rowParts, sddmmRows, &rows, "sddmm by rows", (double)kept * bp);
    return;
  }
  ont::parallel(job.split.parts, sddmmPart, &job, "sddmm by batch", (double)kept * bp);
  const int rowParts = partsFor((double)kept * job.split.parts, 1);
  balance(job.ptr, job.rows, rowParts, rows.bounds);
  ont::parallel(rowParts, sddmmAdd, &rows, "sddmm sum", (double)kept * job.split.parts);
}

// dW(O×I) += (dyᵀ·x) at the kept entries of a CSR structure; nothing else of dW is touched.
// sddmm(O, I, B, dy, x, ptr, col, dW, dyT scratch, xT scratch, dots scratch of (sddmmBatchParts − 1)·kept floats).
Napi::Value Sddmm(const Napi::CallbackInfo& info) {
  Args args(info);
  const int out = args.integer(0), in = args.integer(1), batch = args.integer(2);
  const int bp = (batch + ops->lanes - 1) / ops->lanes * ops->lanes;
  const float* dy = args.array<float>(3, (size_t)batch * out);
  const float* x = args.array<float>(4, (size_t)batch * in);
  const int32_t* ptr = args.array<int32_t>(5, out + 1);
  const size_t kept = ptr ? (size_t)ptr[out] : 0;
  const uint16_t* col = args.array<uint16_t>(6, kept);
  float* dW = args.array<float>(7, (size_t)out * in);
  float* dyT = args.scratch(8, (size_t)out * bp);
  float* xT = args.scratch(9, (size_t)in * bp);
  float* dots = args.array<float>(10, (kSddmmBatchParts - 1) * kept, true);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0 || in == 0) return info.Env().Undefined();
  SddmmJob job{out, in, ptr, col, dy, x, false, dyT, xT, dW, dots, Split()};
  runSddmm(job, batch);
  return info.Env().Undefined();
}

// The same from feature-major activations, dyT (O×B) and xT (I×B), which the dot products read in place.
// sddmmFeatureMajor(O, I, B, dyT, xT, ptr, col, dW, dots scratch of (sddmmBatchParts − 1)·kept floats).
Napi::Value SddmmFeatureMajor(const Napi::CallbackInfo& info) {
  Args args(info);
  const int out = args.integer(0), in = args.integer(1), batch = args.integer(2);
  const float* dyT = args.array<float>(3, (size_t)out * batch);
  const float* xT = args.array<float>(4, (size_t)in * batch);
  const int32_t* ptr = args.array<int32_t>(5, out + 1);
  const size_t kept = ptr ? (size_t)ptr[out] : 0;
  const uint16_t* col = args.array<uint16_t>(6, kept);
  float* dW = args.array<float>(7, (size_t)out * in);
  float* dots = args.array<float>(8, (kSddmmBatchParts - 1) * kept, true);
  if (args.bad()) return args.error();
  if (batch == 0 || out == 0 || in == 0) return info.Env().Undefined();
  SddmmJob job{out, in, ptr, col, dyT, xT, true, nullptr, nullptr, dW, dots, Split()};
  runSddmm(job, batch);
  return info.Env().Undefined();
}

// out(cols×rows) ← a(rows×cols)ᵀ: the boundary between batch-major and feature-major activations.
// transpose(rows, cols, a, out)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* a = args.array<float>(2, (size_t)rows * cols);
  float* out = args.array<float>(3, (size_t)rows * cols);
  if (args.bad()) return args.error();
  if (cols == 0) return info.Env().Undefined();
  parallelRange("transpose", rows, (double)rows * cols, 16, [&](int lo, int hi) {
    ops->transpose(a, lo, hi, cols, cols, out, rows, nullptr);
  });
  return info.Env().Undefined();
}

// ---- element-wise helpers and packing ----

Napi::Value MaskApply(const Napi::CallbackInfo& info) {  // out = values ⊙ mask
  Args args(info);
  const int n = args.integer(0);
  const float* values = args.array<float>(1, n);
  const uint32_t* words = args.array<uint32_t>(2, (n + 31) / 32);
  float* out = args.array<float>(3, n);
  if (args.bad()) return args.error();
  parallelRange("maskApply", n, 1.0 * n, 32, [&](int lo, int hi) { ops->maskApply(hi - lo, values + lo, words + lo / 32, out + lo); });
  return info.Env().Undefined();
}

Napi::Value MaskedAdd(const Napi::CallbackInfo& info) {  // dst += src ⊙ mask, dst untouched off the mask
  Args args(info);
  const int n = args.integer(0);
  const float* src = args.array<float>(1, n);
  const uint32_t* words = args.array<uint32_t>(2, (n + 31) / 32);
  float* dst = args.array<float>(3, n);
  if (args.bad()) return args.error();
  ops->maskedAdd(n, src, words, dst);
  return info.Env().Undefined();
}

Napi::Value MulAdd(const Napi::CallbackInfo& info) {  // dst += a ⊙ b
  Args args(info);
  const int n = args.integer(0);
  const float* a = args.array<float>(1, n);
  const float* b = args.array<float>(2, n);
  float* dst = args.array<float>(3, n);
  if (args.bad()) return args.error();
  for (int i = 0; i < n; i++) dst[i] += a[i] * b[i];
  return info.Env().Undefined();
}

// sgdStep(n, values, grad, velocity | null, lr, momentum, nesterov, weightDecay)
Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  float* w = args.array<float>(1, n);
  const float* g = args.array<float>(2, n);
  float* vel = args.array<float>(3, n, true);
  const double lr = args.real(4), momentum = args.real(5);
  const bool nesterov = args.boolean(6);
  const double decay = args.real(7);
  if (args.bad()) return args.error();
  parallelRange("sgdStep", n, 2.0 * n, 64, [&](int lo, int hi) {
    ops->sgd(hi - lo, w + lo, g + lo, vel ? vel + lo : nullptr, lr, momentum, nesterov, decay);
  });
  return info.Env().Undefined();
}

// adamStep(n, values, grad, m, v, t, lr, beta1, beta2, epsilon, weightDecay, decoupled)
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  float* w = args.array<float>(1, n);
  const float* g = args.array<float>(2, n);
  float* m = args.array<float>(3, n);
  float* v = args.array<float>(4, n);
  float* t = args.array<float>(5, n);
  const double lr = args.real(6), beta1 = args.real(7), beta2 = args.real(8), eps = args.real(9), decay = args.real(10);
  const bool decoupled = args.boolean(11);
  if (args.bad()) return args.error();
  // Three divisions and a square root per entry in double: worth the second core from a few thousand entries.
  parallelRange("adamStep", n, 16.0 * n, 64, [&](int lo, int hi) {
    ops->adam(hi - lo, w + lo, g + lo, m + lo, v + lo, t + lo, lr, beta1, beta2, eps, decay, decoupled);
  });
  return info.Env().Undefined();
}

Napi::Value Relu(const Napi::CallbackInfo& info) {  // relu(n, x, y)
  Args args(info);
  const int n = args.integer(0);
  const float* x = args.array<float>(1, n);
  float* y = args.array<float>(2, n);
  if (args.bad()) return args.error();
  ops->relu(n, x, y);
  return info.Env().Undefined();
}

Napi::Value ReluBackward(const Napi::CallbackInfo& info) {  // reluBackward(n, y, dy, dx)
  Args args(info);
  const int n = args.integer(0);
  const float* y = args.array<float>(1, n);
  const float* dy = args.array<float>(2, n);
  float* dx = args.array<float>(3, n);
  if (args.bad()) return args.error();
  ops->reluBackward(n, y, dy, dx);
  return info.Env().Undefined();
}

Napi::Value ThresholdBits(const Napi::CallbackInfo& info) {  // thresholdBits(n, values, threshold, words)
  Args args(info);
  const int n = args.integer(0);
  const float* v = args.array<float>(1, n);
  const double wanted = args.real(2);
  uint32_t* words = args.array<uint32_t>(3, ((size_t)n + 31) / 32);
  if (args.bad()) return args.error();
  // The largest float ≤ the (double) threshold: then v > it ⟺ v > threshold for every float v, as in JavaScript.
  float threshold = (float)wanted;
  if ((double)threshold > wanted) threshold = std::nextafter(threshold, -INFINITY);
  ops->thresholdBits(n, v, threshold, words);
  return info.Env().Undefined();
}

Napi::Value ColumnSums(const Napi::CallbackInfo& info) {  // columnSums(rows, cols, m, out)
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* m = args.array<float>(2, (size_t)rows * cols);
  float* out = args.array<float>(3, cols);
  if (args.bad()) return args.error();
  ops->columnSums(rows, cols, m, out);
  return info.Env().Undefined();
}

Napi::Value Analyze(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(1), cols = args.integer(2);
  const uint32_t* words = args.array<uint32_t>(0, ((size_t)rows * cols + 31) / 32);
  int32_t* counts = args.array<int32_t>(3, 4);
  if (args.bad()) return args.error();
  ont::analyze(words, rows, cols, counts);
  return info.Env().Undefined();
}

// pack(format, words, rows, cols, ptr, index, perm): builds one layout's structure (format 3 = CSC).
Napi::Value Pack(const Napi::CallbackInfo& info) {
  Args args(info);
  const int format = args.integer(0), rows = args.integer(2), cols = args.integer(3);
  const uint32_t* words = args.array<uint32_t>(1, ((size_t)rows * cols + 31) / 32);
  if (args.bad()) return args.error();
  if (format == NM24) {
    const size_t slots = (size_t)rows * 2 * ((cols + 3) / 4);
    uint8_t* idx = args.array<uint8_t>(5, slots);
    int32_t* perm = args.array<int32_t>(6, slots);
    if (args.bad()) return args.error();
    ont::nm24Build(words, rows, cols, idx, perm);
    return info.Env().Undefined();
  }
  const int units = format == BLOCK4 ? (rows + 3) / 4 : format == 3 ? cols : rows;
  int32_t* ptr = args.array<int32_t>(4, units + 1);
  int32_t counts[4];
  ont::analyze(words, rows, cols, counts);
  const size_t stored = format == BLOCK4 ? counts[1] : counts[0];
  uint16_t* index = args.array<uint16_t>(5, stored);
  int32_t* perm = args.array<int32_t>(6, format == BLOCK4 ? 4 * stored : stored);
  if (args.bad()) return args.error();
  if (format == CSR) ont::csrBuild(words, rows, cols, ptr, index, perm);
  else if (format == BLOCK4) ont::block4Build(words, rows, cols, ptr, index, perm);
  else ont::cscBuild(words, rows, cols, ptr, index, perm);
  return info.Env().Undefined();
}

Napi::Value Gather(const Napi::CallbackInfo& info) {
  Args args(info);
  const int n = args.integer(0);
  const float* values = args.array<float>(1, 0);
  const int32_t* perm = args.array<int32_t>(2, n);
  float* out = args.array<float>(3, n);
  if (args.bad()) return args.error();
  const size_t limit = info[1].As<Napi::Float32Array>().ElementLength();
  for (int p = 0; p < n; p++)
    if (perm[p] >= (int64_t)limit) {
      Napi::RangeError::New(info.Env(), "native kernel: gather index out of range").ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  ont::gather(values, perm, n, out);
  return info.Env().Undefined();
}

// configure(isa?, threads?, minParallelWork?, adaptiveSplits?) → the ISA in use; unknown or unsupported ISAs fall back.
Napi::Value Configure(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && info[0].IsString()) ops = chooseOps(info[0].As<Napi::String>().Utf8Value());
  if (info.Length() > 1 && info[1].IsNumber()) ont::setPoolThreads(info[1].As<Napi::Number>().Int32Value());
  if (info.Length() > 2 && info[2].IsNumber()) minParallelWork = info[2].As<Napi::Number>().DoubleValue();
  if (info.Length() > 3 && info[3].IsBoolean()) ont::setAdaptiveSplits(info[3].As<Napi::Boolean>().Value());
  Napi::Object state = Napi::Object::New(info.Env());
  state.Set("isa", ops->isa);
  state.Set("lanes", ops->lanes);
  state.Set("threads", ont::poolThreads());
  state.Set("minParallelWork", minParallelWork);
  return state;
}

// splitReport() → [{ op, work, splitMicros, singleMicros, splitRuns, singleRuns, split }]: the split timings so far.
Napi::Value SplitReport(const Napi::CallbackInfo& info) {
  ont::SplitRecord records[256];
  const int count = ont::splitRecords(records, 256);
  Napi::Array out = Napi::Array::New(info.Env(), count);
  for (int i = 0; i < count; i++) {
    Napi::Object record = Napi::Object::New(info.Env());
    record.Set("op", records[i].op);
    record.Set("work", records[i].work);
    record.Set("splitMicros", records[i].splitNs / 1e3);
    record.Set("singleMicros", records[i].singleNs / 1e3);
    record.Set("splitRuns", (double)records[i].splitRuns);
    record.Set("singleRuns", (double)records[i].singleRuns);
    record.Set("split", records[i].split);
    out.Set(i, record);
  }
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ops = chooseOps("best");
  exports.Set("configure", Napi::Function::New(env, Configure));
  exports.Set("splitReport", Napi::Function::New(env, SplitReport));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("denseForward", Napi::Function::New(env, DenseForward));
  exports.Set("sparseProduct", Napi::Function::New(env, SparseForward));
  exports.Set("sparseForwardFeatureMajor", Napi::Function::New(env, SparseForwardFeatureMajor));
  exports.Set("sddmm", Napi::Function::New(env, Sddmm));
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("sddmmFeatureMajor", Napi::Function::New(env, SddmmFeatureMajor));
  exports.Set("sddmmBatchParts", Napi::Number::New(env, kSddmmBatchParts));
  exports.Set("maskApply", Napi::Function::New(env, MaskApply));
  exports.Set("maskedAdd", Napi::Function::New(env, MaskedAdd));
  exports.Set("mulAdd", Napi::Function::New(env, MulAdd));
  exports.Set("sgdStep", Napi::Function::New(env, SgdStep));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep));
  exports.Set("relu", Napi::Function::New(env, Relu));
  exports.Set("reluBackward", Napi::Function::New(env, ReluBackward));
  exports.Set("thresholdBits", Napi::Function::New(env, ThresholdBits));
  exports.Set("columnSums", Napi::Function::New(env, ColumnSums));
  exports.Set("analyze", Napi::Function::New(env, Analyze));
  exports.Set("pack", Napi::Function::New(env, Pack));
  exports.Set("gather", Napi::Function::New(env, Gather));
  ont::registerLayerNorm(env, exports);
  ont::registerGelu(env, exports);
  ont::registerAttention(env, exports);
  ont::registerEmbedding(env, exports);
  ont::registerResidual(env, exports);
  ont::registerRmsprop(env, exports);
  ont::registerSgdKept(env, exports);
  return exports;
}

}  // namespace

const ont::Ops* ont::activeOps() { return ops; }

void ont::parallelFor(const char* op, int n, double work, void (*fn)(void* ctx, int lo, int hi), void* ctx) {
  parallelRange(op, n, work, 1, [&](int lo, int hi) { fn(ctx, lo, hi); });
}

NODE_API_MODULE(ontogeny_kernel, Init)
