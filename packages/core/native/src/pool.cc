// A tiny fork-join pool: the calling thread plus persistent workers that spin briefly, then sleep, between jobs.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include "ops.h"

namespace ont {
namespace {

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<unsigned> generation{0};
  std::atomic<int> next{0};
  std::atomic<int> finished{0};
  void (*fn)(void*, int) = nullptr;
  void* ctx = nullptr;
  int parts = 0;
  bool stopping = false;

  void take() {
    for (int part = next.fetch_add(1); part < parts; part = next.fetch_add(1)) fn(ctx, part);
  }

  void loop(unsigned seen) {
    for (;;) {
      // Spin a little first: training steps call in bursts, and waking a sleeping thread costs ~10–50 µs.
      for (int spin = 0; spin < 20000 && generation.load(std::memory_order_acquire) == seen; spin++) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#endif
      }
      if (generation.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stopping || generation.load() != seen; });
        if (stopping) return;
      }
      seen = generation.load(std::memory_order_acquire);
      take();
      finished.fetch_add(1, std::memory_order_release);
    }
  }

  void run(int n, void (*f)(void*, int), void* c) {
    if (workers.empty() || n <= 1) {
      for (int part = 0; part < n; part++) f(c, part);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      fn = f;
      ctx = c;
      parts = n;
      next.store(0);
      finished.store(0);
      generation.fetch_add(1, std::memory_order_release);
    }
    wake.notify_all();
    take();
    while (finished.load(std::memory_order_acquire) < (int)workers.size()) {
#if defined(__x86_64__)
      __builtin_ia32_pause();
#endif
    }
  }

  void resize(int threads) {
    stop();
    stopping = false;
    // Each worker starts from the current generation, so it never mistakes the last finished job for a new one.
    for (int t = 1; t < threads; t++) workers.emplace_back([this, start = generation.load()] { loop(start); });
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    for (auto& worker : workers) worker.join();
    workers.clear();
  }

  ~Pool() { stop(); }
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

void parallel(int parts, void (*fn)(void* ctx, int part), void* ctx) { pool().run(parts, fn, ctx); }
int poolThreads() { return (int)pool().workers.size() + 1; }
void setPoolThreads(int threads) {
  if (threads < 1) threads = 1;
  if (threads != poolThreads()) pool().resize(threads);
}

}  // namespace ont
