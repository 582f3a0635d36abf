// A tiny fork-join pool: the calling thread plus persistent workers that spin briefly, then sleep, between jobs.
// Parts are claimed dynamically, so a worker the OS has not scheduled yet costs nothing: the caller takes its
// parts, and only waits for parts actually started.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include "ops.h"

namespace ont {
namespace {

inline void relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  // A sequence lock over the job fields: odd while the caller rewrites them, even once published.
  std::atomic<unsigned> sequence{0};
  std::atomic<int> inside{0};  // workers currently reading the job fields
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  void (*fn)(void*, int) = nullptr;
  void* ctx = nullptr;
  int parts = 0;
  bool stopping = false;

  void take() {
    for (int part = next.fetch_add(1); part < parts; part = next.fetch_add(1)) {
      fn(ctx, part);
      done.fetch_add(1, std::memory_order_release);
    }
  }

  void loop(unsigned seen) {
    for (;;) {
      // Spin a little first: training steps call in bursts, and waking a sleeping thread costs ~10–50 µs.
      for (int spin = 0; spin < 20000 && sequence.load(std::memory_order_acquire) == seen; spin++) relax();
      if (sequence.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stopping || sequence.load() != seen; });
        if (stopping) return;
      }
      const unsigned now = sequence.load(std::memory_order_acquire);
      if (now & 1u) continue;  // being rewritten: look again
      inside.fetch_add(1, std::memory_order_acq_rel);
      if (sequence.load(std::memory_order_acquire) == now) {
        seen = now;
        take();
      }
      inside.fetch_sub(1, std::memory_order_release);
    }
  }

  void run(int n, void (*f)(void*, int), void* c) {
    if (workers.empty() || n <= 1) {
      for (int part = 0; part < n; part++) f(c, part);
      return;
    }
    sequence.fetch_add(1, std::memory_order_acq_rel);  // odd: late workers back off
    while (inside.load(std::memory_order_acquire) != 0) relax();
    fn = f;
    ctx = c;
    parts = n;
    done.store(0, std::memory_order_relaxed);
    next.store(0, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex);
      sequence.fetch_add(1, std::memory_order_release);  // even: published
    }
    wake.notify_all();
    take();
    while (done.load(std::memory_order_acquire) < n) relax();
  }

  void resize(int threads) {
    stop();
    stopping = false;
    // Each worker starts from the current sequence, so it never mistakes the last finished job for a new one.
    for (int t = 1; t < threads; t++) workers.emplace_back([this, start = sequence.load()] { loop(start); });
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
