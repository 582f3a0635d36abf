// A tiny fork-join pool: the calling thread plus persistent workers that spin briefly, then sleep, between jobs.
// Each thread owns a contiguous share of the parts and takes those first, so from call to call the same core
// touches the same columns of the scratch and output arrays and finds them in its own L2 (99 %-sparse products
// at 512 × 512, batch 128: 21.8–22.9 µs, against 23.6–24.6 µs with parts handed out first come, first served).
// A thread done with its share takes what is left of the others', so a worker the OS has not scheduled yet
// delays the call by one part, and the caller only waits for parts actually started. Asking for fewer threads
// idles workers rather than ending them: kernels with different thread counts take turns in one process (the
// benchmarks, the tests), and each newly started worker ran the sparse products slower than one thread for a
// while (tens of milliseconds).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include "pool.h"
#include "split-choice.h"

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
  static constexpr int kMaxThreads = 64;
  struct alignas(64) Claimed {  // a line each: the threads' counters must not share one
    std::atomic<int> count{0};
  };
  Claimed claimed[kMaxThreads];  // parts taken from each thread's share
  std::atomic<int> done{0};
  std::atomic<int> active{1};  // threads taking parts, the caller included; workers 1..active-1 join in
  void (*fn)(void*, int) = nullptr;
  void* ctx = nullptr;
  int parts = 0;
  // The threads the job was shared among. A worker can arrive after its job finished (the caller waits only for
  // parts started); shares computed from a thread count set since (`active`) would cover claim counters the job
  // never reset, and the worker would run parts of a finished job on its dead context.
  int jobThreads = 1;
  bool stopping = false;

  void take(int index) {
    const int threads = jobThreads;
    for (int k = 0; k < threads; k++) {
      const int owner = (index + k) % threads;
      const int begin = (int)((int64_t)parts * owner / threads), end = (int)((int64_t)parts * (owner + 1) / threads);
      for (int part = begin + claimed[owner].count.fetch_add(1); part < end;
           part = begin + claimed[owner].count.fetch_add(1)) {
        fn(ctx, part);
        done.fetch_add(1, std::memory_order_release);
      }
    }
  }

  void loop(int index, unsigned seen) {
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
        if (index < jobThreads) take(index);
      }
      inside.fetch_sub(1, std::memory_order_release);
    }
  }

  void run(int n, void (*f)(void*, int), void* c) {
    if (active.load(std::memory_order_relaxed) == 1 || n <= 1) {
      for (int part = 0; part < n; part++) f(c, part);
      return;
    }
    sequence.fetch_add(1, std::memory_order_acq_rel);  // odd: late workers back off
    while (inside.load(std::memory_order_acquire) != 0) relax();
    fn = f;
    ctx = c;
    parts = n;
    jobThreads = active.load(std::memory_order_relaxed);
    done.store(0, std::memory_order_relaxed);
    for (int t = 0; t < jobThreads; t++) claimed[t].count.store(0, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex);
      sequence.fetch_add(1, std::memory_order_release);  // even: published
    }
    wake.notify_all();
    take(0);
    while (done.load(std::memory_order_acquire) < n) relax();
  }

  // Called between jobs from the calling thread; a job reads `active` once, when it is published.
  void setActive(int threads) {
    // Each worker starts from the current sequence, so it never mistakes the last finished job for a new one.
    for (int t = (int)workers.size() + 1; t < threads; t++)
      workers.emplace_back([this, t, start = sequence.load()] { loop(t, start); });
    active.store(threads, std::memory_order_relaxed);
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

bool adaptiveSplits = true;

void parallel(int parts, void (*fn)(void* ctx, int part), void* ctx, const char* op, double work) {
  if (!adaptiveSplits || parts <= 1 || poolThreads() == 1) {
    pool().run(parts, fn, ctx);
    return;
  }
  SplitSlot* slot = splitSlot(op, work);
  const bool split = chooseSplit(slot);
  const auto start = std::chrono::steady_clock::now();
  if (split) {
    pool().run(parts, fn, ctx);
  } else {
    for (int part = 0; part < parts; part++) fn(ctx, part);
  }
  recordSplit(slot, split, std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
}
void setAdaptiveSplits(bool on) { adaptiveSplits = on; }
int poolThreads() { return pool().active.load(std::memory_order_relaxed); }
void setPoolThreads(int threads) {
  if (threads != poolThreads()) resetSplitRecords();
  pool().setActive(threads < 1 ? 1 : threads < Pool::kMaxThreads ? threads : Pool::kMaxThreads);
}

}  // namespace ont
