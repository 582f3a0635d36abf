// The kernel's configuration: which instruction set's routines run (picked once by CPU features, then by
// `configure`), the pool's threads and split threshold, and the split timings so far.
#include <string>
#include "bindings.h"
#include "ops.h"
#include "partition.h"
#include "split-choice.h"

namespace ont {
namespace {

const Ops* active = nullptr;

const Ops* chooseOps(const std::string& wanted) {
  const Ops* best = opsPortable();
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (wanted == "portable") return best;
  if (avx2 && opsAvx2()) best = opsAvx2();
  if (wanted == "avx2") return best;
  if (avx512 && opsAvx512()) best = opsAvx512();
#endif
  return best;
}

// configure(isa?, threads?, minParallelWork?, adaptiveSplits?) → the ISA in use; unknown or unsupported ISAs fall back.
Napi::Value Configure(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && info[0].IsString()) active = chooseOps(info[0].As<Napi::String>().Utf8Value());
  if (info.Length() > 1 && info[1].IsNumber()) setPoolThreads(info[1].As<Napi::Number>().Int32Value());
  if (info.Length() > 2 && info[2].IsNumber()) setMinParallelWork(info[2].As<Napi::Number>().DoubleValue());
  if (info.Length() > 3 && info[3].IsBoolean()) setAdaptiveSplits(info[3].As<Napi::Boolean>().Value());
  Napi::Object state = Napi::Object::New(info.Env());
  state.Set("isa", active->isa);
  state.Set("lanes", active->lanes);
  state.Set("threads", poolThreads());
  state.Set("minParallelWork", minParallelWork());
  return state;
}

// splitReport() → [{ op, work, splitMicros, singleMicros, splitRuns, singleRuns, split }]: the split timings so far.
Napi::Value SplitReport(const Napi::CallbackInfo& info) {
  SplitRecord records[256];
  const int count = splitRecords(records, 256);
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

}  // namespace

const Ops* activeOps() { return active; }

void registerConfiguration(Napi::Env env, Napi::Object exports) {
  active = chooseOps("best");
  exports.Set("configure", Napi::Function::New(env, Configure));
  exports.Set("splitReport", Napi::Function::New(env, SplitReport));
}

}  // namespace ont
