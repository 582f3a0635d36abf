// The encoder's non-matrix op families (layer norm, GELU, attention, embeddings, residual sums): each file adds its
// functions to the addon's exports.
#pragma once
#include "args.h"

namespace ont {

void registerLayerNorm(Napi::Env env, Napi::Object exports);
void registerGelu(Napi::Env env, Napi::Object exports);
void registerAttention(Napi::Env env, Napi::Object exports);
void registerEmbedding(Napi::Env env, Napi::Object exports);
void registerResidual(Napi::Env env, Napi::Object exports);

}  // namespace ont
