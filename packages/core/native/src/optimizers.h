// Optimiser steps kept in files of their own: each adds its functions to the addon's exports.
#pragma once
#include "args.h"

namespace ont {

void registerRmsprop(Napi::Env env, Napi::Object exports);
void registerSgdKept(Napi::Env env, Napi::Object exports);

}  // namespace ont
