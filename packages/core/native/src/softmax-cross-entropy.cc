// Softmax cross-entropy over rows of logits (the Kernel contract's `softmaxCrossEntropy`), in double precision as
// the reference computes it; exp and log are libm's.
// B = rows, C = classes
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>
#include "bindings.h"

namespace ont {
namespace {

// softmaxCrossEntropy(B, C, logits, labels, dLogits) → { lossSum, correct, counted }
Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args args(info);
  const int rows = args.integer(0), cols = args.integer(1);
  const float* logits = args.array<float>(2, (size_t)rows * cols);
  const int32_t* labels = args.array<int32_t>(3, rows);
  float* dLogits = args.array<float>(4, (size_t)rows * cols);
  if (args.bad()) return args.error();
  int counted = 0;
  for (int r = 0; r < rows; r++) {
    if (labels[r] >= cols) {
      char text[200];
      std::snprintf(text, sizeof text, "softmaxCrossEntropy: row %d's label %d is not one of the %d classes (0 … %d, or −1 to ignore the row)",
                    r, labels[r], cols, cols - 1);
      Napi::RangeError::New(info.Env(), text).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
    if (labels[r] >= 0) counted++;
  }
  // One exp per logit, kept for the gradient
  thread_local std::vector<double> exps;
  if (exps.size() < (size_t)cols) exps.resize(cols);
  double lossSum = 0;
  int correct = 0;
  for (int r = 0; r < rows; r++) {
    const float* l = logits + (size_t)r * cols;
    float* d = dLogits + (size_t)r * cols;
    const int label = labels[r];
    if (label < 0) {
      std::fill(d, d + cols, 0.0f);
      continue;
    }
    double max = -INFINITY;
    int argmax = 0;
    for (int c = 0; c < cols; c++) {
      if (l[c] > max) {
        max = l[c];
        argmax = c;
      }
    }
    double sum = 0;
    for (int c = 0; c < cols; c++) sum += (exps[c] = std::exp((double)l[c] - max));
    lossSum += std::log(sum) + max - (double)l[label];
    if (argmax == label) correct++;
    for (int c = 0; c < cols; c++) d[c] = (float)((exps[c] / sum - (c == label ? 1.0 : 0.0)) / counted);
  }
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("lossSum", lossSum);
  result.Set("correct", correct);
  result.Set("counted", counted);
  return result;
}

}  // namespace

void registerSoftmaxCrossEntropy(Napi::Env env, Napi::Object exports) {
  exports.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropy));
}

}  // namespace ont
