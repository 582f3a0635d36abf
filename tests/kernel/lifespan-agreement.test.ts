// The quickstart lifespan on the native and the reference kernel: the same accuracies to the printed precision.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAddon, type Summary } from '@ontogeny/core';
import { readSummary, runToDirectory } from '../cli/run-cli.js';

const addon = loadAddon();

/** The summary of `experiments/quickstart.json` run on one kernel (the native one optionally forced onto a layout by its option). */
function summaryOn(kernel: 'native' | 'reference', layout: 'csr' | null = null): Summary {
  const out = mkdtempSync(join(tmpdir(), `ontogeny-agreement-${kernel}-`));
  if (layout === null) return readSummary(runToDirectory('experiments/quickstart.json', out, ['--kernel', kernel]));
  const spec = join(out, 'quickstart-forced.json');
  const quickstart = JSON.parse(readFileSync('experiments/quickstart.json', 'utf8')) as Record<string, unknown>;
  writeFileSync(spec, JSON.stringify({ ...quickstart, kernel: { use: kernel, with: { layout } } }));
  return readSummary(runToDirectory(spec, out, []));
}

/** The progress reporter prints metrics with 4 significant digits; that is the precision the kernels must agree to. */
const printed = (value: number): string => value.toPrecision(4);

/** Asserts that two runs of the quickstart agree phase by phase to the printed precision. */
function assertAgree(native: Summary, reference: Summary): void {
  assert.equal(native.kernel, 'native');
  assert.equal(reference.kernel, 'reference');
  assert.deepEqual(native.phases.map((p) => p.name), reference.phases.map((p) => p.name));
  for (const [i, phase] of native.phases.entries()) {
    const other = reference.phases[i];
    assert.equal(printed(phase.metrics.accuracy), printed(other.metrics.accuracy), `${phase.name}: accuracy`);
    // The summation order differs (SIMD tiles vs plain loops), so losses agree to rounding, not bit for bit;
    // a relative 1e-4 would catch a real divergence without depending on where 4 digits round.
    const loss = Math.abs(phase.metrics.loss - other.metrics.loss) / Math.max(1e-12, Math.abs(other.metrics.loss));
    assert.ok(loss < 1e-4, `${phase.name}: loss ${phase.metrics.loss} vs ${other.metrics.loss}`);
    // Masks are chosen from scores and magnitudes: a tie flipped by rounding would show as a density change.
    assert.deepEqual(phase.density, other.density, `${phase.name}: density per layer`);
    assert.equal(phase.steps, other.steps, `${phase.name}: steps`);
  }
}

const skip = 'unavailable' in addon && addon.unavailable;
const reference = skip ? null : summaryOn('reference');

test('a lifespan gives the same accuracies (4 significant digits) on the native and the reference kernel', { skip }, () => {
  const native = summaryOn('native');
  assertAgree(native, reference!);
  assert.ok(native.phases.every((phase) => Object.keys(phase.formats ?? {}).length > 0), 'the native kernel reports its layouts in summary.json');
  assert.ok(reference!.phases.every((phase) => phase.formats === undefined), 'the reference kernel reports no layouts');
});

test('the same holds with the native products forced onto their sparse paths (CSR forward, CSC backward)', { skip }, () => {
  const native = summaryOn('native', 'csr');
  assertAgree(native, reference!);
  const layouts = native.phases.flatMap((phase) => Object.values(phase.formats ?? {}));
  assert.ok(layouts.some((layout) => layout.startsWith('csr')) && layouts.some((layout) => layout.startsWith('csc')),
    `the sparse paths ran: ${layouts.join('; ')}`);
});
