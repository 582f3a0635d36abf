// The Node-API surface of the native kernel: each op family (bindings.h) adds its functions to one exports object.
#include "bindings.h"
#include "formats.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ont::registerConfiguration(env, exports);  // first: it picks the routines the others run
  exports.Set("formatCodes", ont::formatCodes(env));
  ont::registerGemm(env, exports);
  ont::registerSparseProducts(env, exports);
  ont::registerSddmm(env, exports);
  ont::registerTranspose(env, exports);
  ont::registerOptimizers(env, exports);
  ont::registerRmsprop(env, exports);
  ont::registerMasks(env, exports);
  ont::registerElementwise(env, exports);
  ont::registerPacking(env, exports);
  ont::registerLayerNorm(env, exports);
  ont::registerGelu(env, exports);
  ont::registerAttention(env, exports);
  ont::registerEmbedding(env, exports);
  ont::registerResidual(env, exports);
  ont::registerSoftmaxCrossEntropy(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(ontogeny_kernel, Init)
