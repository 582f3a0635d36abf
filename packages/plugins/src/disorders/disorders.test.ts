// Weight disorders pinned by hand (noise, shuffle, mix, binarize, lesion, bad-init, unstable optimiser) and the dose-0 property.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kaimingNormal, MaskedParameter, Parameter, Rng, type Disorder, type DisorderTarget, type Model } from '@ontogeny/core';
import { disorderPlugins } from './index.js';

function disorder(name: string, options: Record<string, unknown>): Disorder {
  return disorderPlugins.find((p) => p.name === name)!.create(options as never, { seed: 0 }) as Disorder;
}

/** A two-layer body (fc1: 3 → 2, fc2: 2 → 2) with biases, as a model's masked parameters. */
function network(): DisorderTarget & { fc1: MaskedParameter; fc2: MaskedParameter; bias1: Parameter } {
  const fc1 = new MaskedParameter('fc1.weight', 2, 3, Float32Array.of(0.3, -2, 0, 1, 0.5, -0.25));
  const fc2 = new MaskedParameter('fc2.weight', 2, 2, Float32Array.of(1, 2, 3, 4));
  const bias1 = new Parameter('fc1.bias', [2], Float32Array.of(0.1, 0.2));
  const model = { maskedParameters: () => [fc1, fc2], bodyParameters: () => [fc1, bias1, fc2] } as unknown as Model;
  return { model, layers: [fc1, fc2], fc1, fc2, bias1 };
}

const stream = () => Rng.derive(3, 'disorder');

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `entry ${i}: expected ${expected[i]}, got ${actual[i]}`);
}

describe('weight disorders', () => {
  it('noise: w + σ·std(w)·z with the stream\'s normals', () => {
    const t = network();
    const report = disorder('noise', { sigma: 0.5 }).apply({ ...t, layers: [t.fc2] }, stream());
    const z = stream();
    const std = Math.sqrt(1.25); // of 1, 2, 3, 4
    close(t.fc2.values, [1, 2, 3, 4].map((w) => w + 0.5 * std * z.normal()));
    assert.equal(report.dose, 0.5);
  });
  it('shuffle: f = 1 permutes a layer\'s values among themselves', () => {
    const t = network();
    disorder('shuffle', { fraction: 1 }).apply(t, stream());
    assert.deepEqual([...t.fc2.values].sort(), [1, 2, 3, 4]);
  });
  it('mix: (1 − f)·w + f·KaimingNormal(fan_in)', () => {
    const t = network();
    disorder('mix', { fraction: 0.25 }).apply({ ...t, layers: [t.fc2] }, stream());
    const fresh = new Float32Array(4);
    kaimingNormal(fresh, 2, stream());
    close(t.fc2.values, [1, 2, 3, 4].map((w, i) => 0.75 * w + 0.25 * fresh[i]));
  });
  it('binarize: sign(w)·√(2/fan_in), recorded as a 1-bit quantization', () => {
    const t = network();
    disorder('binarize', { fraction: 1 }).apply({ ...t, layers: [t.fc1] }, stream());
    const c = Math.sqrt(2 / 3);
    close(t.fc1.values, [c, -c, 0, c, c, -c]);
    assert.equal(t.fc1.quantization!.bits, 1);
  });
  it('lesion units: the unit\'s inputs, bias and outputs go, for good', () => {
    const t = network();
    const report = disorder('lesion', { target: 'units', fraction: 0.1, units: [1] }).apply({ ...t, layers: [t.fc1] }, stream());
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => t.fc1.removed.get(i)), [false, false, false, true, true, true]);
    assert.deepEqual([0, 1, 2, 3].map((i) => t.fc2.removed.get(i)), [false, true, false, true]);
    assert.equal(t.bias1.values[1], 0);
    assert.deepEqual(report.detail, { units: 1, connections: 5 });
  });
  it('lesion layers: every connection of the named layers; an unknown name lists the known ones', () => {
    const t = network();
    disorder('lesion', { target: 'layers', fraction: 0.1, layers: ['fc2'] }).apply(t, stream());
    assert.equal(t.fc2.keptCount(), 0);
    assert.equal(t.fc1.keptCount(), 6);
    assert.throws(() => disorder('lesion', { target: 'layers', fraction: 0.1, layers: ['fc9'] }).apply(t, stream()), /fc1, fc2/);
  });
  it('bad-init: gain ½ halves the weights at dose 1; correlation 1 makes every unit alike', () => {
    const t = network();
    assert.equal(disorder('bad-init', { mode: 'gain', gain: 0.5, correlation: 0 }).apply(t, stream()).dose, 1);
    close(t.fc2.values, [0.5, 1, 1.5, 2]);
    disorder('bad-init', { mode: 'correlate', gain: 1, correlation: 1 }).apply(t, stream());
    close(t.fc2.values.subarray(0, 2), t.fc2.values.subarray(2, 4));
  });
  it('unstable optimiser: spikes multiply the lr by k; noise touches only trained gradients at kept connections', () => {
    const t = network();
    t.fc1.mask.set(0, false);
    t.fc1.grad.fill(1);
    t.fc2.learning = 'frozen';
    const unstable = disorder('unstable-optimizer', { spikeProbability: 1, spikeFactor: 10, gradientNoise: 0.1 });
    assert.equal(unstable.perturbStep!(0, t, stream()).lrFactor, 10);
    assert.equal(t.fc1.grad[0], 1);
    assert.ok(t.fc1.grad.subarray(1).every((g) => g !== 1));
    assert.deepEqual([...t.fc2.grad], [0, 0, 0, 0]);
    assert.equal(unstable.apply(t, stream()).dose, 9.1);
  });
});

describe('a disorder at dose 0 changes nothing', () => {
  const zeroDoses: Array<[string, Record<string, unknown>]> = [
    ['noise', { sigma: 0 }], ['shuffle', { fraction: 0 }], ['mix', { fraction: 0 }], ['binarize', { fraction: 0 }],
    ['lesion', { target: 'units', fraction: 0 }], ['lesion', { target: 'units', fraction: 0.5, units: [] }],
    ['lesion', { target: 'layers', fraction: 0.1, layers: [] }],
    ['bad-init', { mode: 'gain', gain: 1, correlation: 0.9 }], ['bad-init', { mode: 'correlate', gain: 0.1, correlation: 0 }],
    ['unstable-optimizer', { spikeProbability: 0, spikeFactor: 10, gradientNoise: 0 }],
    ['unstable-optimizer', { spikeProbability: 0.5, spikeFactor: 1, gradientNoise: 0 }],
  ];
  for (const [name, options] of zeroDoses) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      fc.assert(fc.property(fc.array(fc.float({ noNaN: true, min: -3, max: 3 }), { minLength: 6, maxLength: 6 }), fc.integer(), (values, seed) => {
        const t = network();
        t.fc1.values.set(values);
        t.fc1.grad.set(values);
        const quantization = { bits: 8, scales: Float32Array.of(1), zeroPoints: new Int32Array(1), codes: new Int32Array(6) };
        t.fc1.quantization = quantization;
        const before = { values: t.fc1.values.slice(), grad: t.fc1.grad.slice(), mask: t.fc1.mask.copy(), version: t.fc1.valuesVersion };
        const d = disorder(name, options);
        const report = d.apply(t, Rng.derive(seed, 'd'));
        const step = d.perturbStep?.(0, t, Rng.derive(seed, 's'));
        assert.equal(report.dose, 0);
        assert.deepEqual(t.fc1.values, before.values);
        assert.deepEqual(t.fc1.grad, before.grad);
        assert.ok(t.fc1.mask.equals(before.mask) && t.fc1.removed.count() === 0);
        assert.equal(t.fc1.valuesVersion, before.version);
        assert.equal(t.fc1.quantization, quantization);
        if (step) assert.equal(step.lrFactor, 1);
      }), { numRuns: 30 });
    });
  }
});
