// The PyTorch peers at their best: the OpenBLAS core this CPU runs fastest (checked for correct results), OpenMP's
// threads passive, and each peer run as its own process whose JSON the benchmarks read.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** How the peers run: the environment to start them with, and one line saying which core and why. */
export interface PeerSetup {
  readonly env: NodeJS.ProcessEnv;
  readonly description: string;
}

interface Probe {
  readonly core: string;
  readonly correct: boolean;
  readonly error: number;
  readonly gflops: number;
}

// Debian's OpenBLAS 0.3.21 may not recognise a newer CPU and fall back to old kernels; these two are the AVX-512
// and AVX2 sets. The automatic choice is tried as well, so a correctly detected CPU keeps its own.
const CANDIDATES = ['', 'SkylakeX', 'Haswell'];

/**
 * The fastest OpenBLAS core that computes a float32 product within its error bound (bench/openblas_probe.py), with
 * `OMP_WAIT_POLICY=PASSIVE` (spinning OpenMP threads otherwise fight OpenBLAS's on two vCPUs); or why PyTorch
 * cannot run here.
 */
export function choosePeerSetup(): PeerSetup | string {
  if (!existsSync(PYTHON)) return `no ${PYTHON}`;
  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) {
    return 'PyTorch is not installed (apt-get install python3-torch libopenblas0-pthread)';
  }
  const tried: string[] = [];
  let best: { core: string; probe: Probe } | null = null;
  for (const core of CANDIDATES) {
    const env = { ...process.env, OPENBLAS_CORETYPE: core || undefined };
    const run = spawnSync(PYTHON, [script('openblas_probe.py')], { encoding: 'utf8', env });
    if (run.status !== 0) {
      tried.push(`${core || 'automatic'}: failed (${run.stderr.trim().split('\n').pop()})`);
      continue;
    }
    const probe = JSON.parse(run.stdout) as Probe;
    const name = core ? probe.core : `${probe.core} (automatic)`;
    tried.push(`${name} ${probe.gflops.toFixed(0)} GFLOP/s${probe.correct ? '' : `, WRONG (error ${probe.error.toExponential(1)})`}`);
    if (probe.correct && (!best || probe.gflops > best.probe.gflops)) best = { core, probe };
  }
  if (!best) return `no OpenBLAS core computed correctly (${tried.join('; ')})`;
  return {
    env: { ...process.env, OPENBLAS_CORETYPE: best.core || undefined, OMP_WAIT_POLICY: 'PASSIVE' },
    description: `PyTorch on OpenBLAS core ${best.probe.core}, OMP_WAIT_POLICY=PASSIVE (512³ sgemm on 1 thread: ${tried.join(', ')})`,
  };
}

/** Runs bench/<name> with the arguments and reads its JSON, or returns why it failed. */
export function runPeer<T>(setup: PeerSetup, name: string, args: readonly string[]): T | string {
  const run = spawnSync(PYTHON, [script(name), ...args], { encoding: 'utf8', env: setup.env, maxBuffer: 1 << 24 });
  if (run.status !== 0) return `the PyTorch peer ${name} failed: ${run.stderr.trim().split('\n').pop()}`;
  return JSON.parse(run.stdout) as T;
}
