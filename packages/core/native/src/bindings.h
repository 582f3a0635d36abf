// The addon's op families: each adds its functions to the one exports object addon.cc's Init hands round.
#pragma once
#include "args.h"

namespace ont {

void registerConfiguration(Napi::Env env, Napi::Object exports);  // bindings-configuration.cc
void registerGemm(Napi::Env env, Napi::Object exports);           // bindings-gemm.cc
void registerSparseProducts(Napi::Env env, Napi::Object exports); // bindings-spmm.cc
void registerSddmm(Napi::Env env, Napi::Object exports);          // bindings-sddmm.cc
void registerTranspose(Napi::Env env, Napi::Object exports);      // bindings-transpose.cc
void registerOptimizers(Napi::Env env, Napi::Object exports);     // bindings-optimizers.cc
void registerRmsprop(Napi::Env env, Napi::Object exports);        // rmsprop.cc
void registerMasks(Napi::Env env, Napi::Object exports);          // bindings-masks.cc
void registerElementwise(Napi::Env env, Napi::Object exports);    // bindings-elementwise.cc
void registerPacking(Napi::Env env, Napi::Object exports);        // bindings-packing.cc
// The encoder's non-matrix op families, each computing in its own file.
void registerLayerNorm(Napi::Env env, Napi::Object exports);
void registerGelu(Napi::Env env, Napi::Object exports);
void registerAttention(Napi::Env env, Napi::Object exports);
void registerEmbedding(Napi::Env env, Napi::Object exports);
void registerResidual(Napi::Env env, Napi::Object exports);
void registerSoftmaxCrossEntropy(Napi::Env env, Napi::Object exports);

}  // namespace ont
