// Optimiser updates pinned against hand-computed steps, and state reset for regrown entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitMask, MaskedParameter, Parameter, ReferenceKernel, Rng, type Kernel } from '@ontogeny/core';
import adam from './adam.js';
import adamw from './adamw.js';
import rmsprop from './rmsprop.js';
import sgd from './sgd.js';

// What a run's scope injects into these plugins (the kernel), for making them directly
const context = { seed: 0, kernel: new ReferenceKernel() };

/** A one-entry parameter at w with gradient g. */
function scalar(w: number, g: number): Parameter {
  const p = new Parameter('p', [1], Float32Array.of(w));
  p.grad[0] = g;
  return p;
}

function close(actual: number, expected: number, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

describe('sgd', () => {
  it('plain: w − lr·(g + λw)', () => {
    const p = scalar(1, 0.5);
    sgd.create({ lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0.1 }, context).step([p], 0.1);
    close(p.values[0], 0.94); // 1 − 0.1·(0.5 + 0.1)
  });
  it('heavy ball: b = g, then b = 0.9·0.5 + 0.5', () => {
    const p = scalar(1, 0.5);
    const optimizer = sgd.create({ lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 }, context);
    optimizer.step([p], 0.1);
    close(p.values[0], 0.95);
    optimizer.step([p], 0.1);
    close(p.values[0], 0.855); // 0.95 − 0.1·0.95
  });
  it('nesterov: steps along g + μ·b', () => {
    const p = scalar(1, 0.5);
    const optimizer = sgd.create({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0 }, context);
    optimizer.step([p], 0.1);
    close(p.values[0], 0.905); // 1 − 0.1·(0.5 + 0.9·0.5)
    optimizer.step([p], 0.1);
    close(p.values[0], 0.7695); // b = 0.95; 0.905 − 0.1·(0.5 + 0.855)
  });
  it('uses the lr it is given, not its base rate', () => {
    const p = scalar(1, 1);
    sgd.create({ lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 }, context).step([p], 0.01);
    close(p.values[0], 0.99);
  });
});

describe('sgd on a sparse layer', () => {
  const options = { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 };

  /** A 40 × 50 layer keeping 3 % of its weights, the same for the same seed. */
  function sparseLayer(): MaskedParameter {
    const rng = Rng.derive(5, 'layer');
    const w = new MaskedParameter('w', 40, 50, Float32Array.from({ length: 2000 }, () => rng.normal()));
    w.setMask(BitMask.from(w.size, () => rng.uniform() < 0.03));
    return w;
  }

  /** Steps with gradients at the kept entries (the kernel's contract), pruning half the kept entries after `pruneAt`. */
  function train(kernel: Kernel, steps: number, pruneAt: number): { w: MaskedParameter; velocity: Float32Array } {
    const w = sparseLayer();
    const optimizer = sgd.create(options, { seed: 0, kernel });
    const rng = Rng.derive(5, 'grad');
    for (let step = 0; step < steps; step++) {
      for (let i = 0; i < w.size; i++) w.grad[i] = w.mask.get(i) ? rng.normal() : 0;
      optimizer.step([w], 0.1);
      if (step === pruneAt) w.remove([...Array(w.size).keys()].filter((i) => w.mask.get(i) && i % 2 === 0));
    }
    return { w, velocity: optimizer.saveState([w])['velocity#w'] as Float32Array };
  }

  it('steps the kept entries alone, to the bits of the step over every entry, before and after pruning', () => {
    const reference = new ReferenceKernel();
    let keptSteps = 0;
    const counting: Kernel = Object.assign(Object.create(reference) as Kernel, {
      sgdStepAt: (...args: Parameters<Kernel['sgdStepAt']>) => { keptSteps++; reference.sgdStepAt(...args); },
    });
    // Asked for the kept entries, it steps every entry.
    const everyEntry: Kernel = Object.assign(Object.create(reference) as Kernel, {
      sgdStepAt: (_indices: Int32Array, ...step: Parameters<Kernel['sgdStep']>) => reference.sgdStep(...step),
    });
    const kept = train(counting, 12, 5);
    const dense = train(everyEntry, 12, 5);
    assert.deepEqual(new Uint32Array(kept.w.values.buffer), new Uint32Array(dense.w.values.buffer));
    assert.deepEqual(new Uint32Array(kept.velocity.buffer), new Uint32Array(dense.velocity.buffer));
    // Before the pruning every step takes the kept entries; after it, the pruned entries' momentum sends the
    // steps over every entry again.
    assert.equal(keptSteps, 6);
    const prunedMoving = [...dense.velocity].some((v, i) => v !== 0 && !dense.w.mask.get(i));
    assert.ok(prunedMoving, 'pruned entries keep momentum');
  });
});

describe('adam', () => {
  const options = { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
  it('first step moves by lr·sign(g); the second by the bias-corrected ratio', () => {
    const p = scalar(1, 0.5);
    const optimizer = adam.create(options, context);
    optimizer.step([p], 0.1);
    close(p.values[0], 0.9);
    p.grad[0] = 0.25;
    optimizer.step([p], 0.1);
    // m = 0.07, v = 0.00031225; m̂ = 0.07/0.19, v̂ = 0.00031225/0.001999
    close(p.values[0], 0.806782038);
  });
  it('adamw decays the weight apart from the gradient: w·(1 − lr·λ) − lr·m̂/√v̂', () => {
    const p = scalar(1, 0.5);
    adamw.create({ ...options, weightDecay: 0.01 }, context).step([p], 0.1);
    close(p.values[0], 0.899);
  });
  it('adam with weight decay adds λw to the gradient (no effect on the first step size)', () => {
    const p = scalar(1, 0.5);
    adam.create({ ...options, weightDecay: 0.5 }, context).step([p], 0.1);
    close(p.values[0], 0.9);
  });
});

describe('rmsprop', () => {
  it('first step: v = 0.01·g², w − lr·g/√v', () => {
    const p = scalar(1, 0.5);
    rmsprop.create({ lr: 0.01, alpha: 0.99, epsilon: 1e-8, momentum: 0, weightDecay: 0 }, context).step([p], 0.01);
    close(p.values[0], 0.9); // √(0.01·0.25) = 0.05; 1 − 0.01·0.5/0.05
  });
  it('with momentum the normalised steps accumulate', () => {
    const p = scalar(1, 0.5);
    const optimizer = rmsprop.create({ lr: 0.01, alpha: 0.99, epsilon: 0, momentum: 0.5, weightDecay: 0 }, context);
    optimizer.step([p], 0.01);
    optimizer.step([p], 0.01);
    // v₂ = 0.99·0.0025 + 0.01·0.25 = 0.004975; b₂ = 0.5·10 + 0.5/√0.004975
    close(p.values[0], 0.9 - 0.01 * (5 + 0.5 / Math.sqrt(0.004975)));
  });
});

describe('optimiser state reset', () => {
  for (const [name, plugin, options] of [
    ['sgd', sgd, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0 }],
    ['adam', adam, { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }],
    ['rmsprop', rmsprop, { lr: 0.01, alpha: 0.99, epsilon: 1e-8, momentum: 0.9, weightDecay: 0 }],
  ] as const) {
    it(`${name}: a reset entry steps as if new, the others keep their state`, () => {
      const trained = new Parameter('w', [2], Float32Array.of(1, 1));
      const optimizer = plugin.create(options as never, context);
      for (let step = 0; step < 5; step++) {
        trained.grad.set([0.5, -0.3 * step]);
        optimizer.step([trained], 0.1);
      }
      optimizer.resetState(trained, [0]);
      trained.values[0] = 0; // regrown connections start at 0
      const fresh = new Parameter('w', [2], Float32Array.of(0, trained.values[1]));
      const reference = plugin.create(options as never, context);
      trained.grad.set([0.5, 0.2]);
      fresh.grad.set([0.5, 0.2]);
      const keptBefore = trained.values[1];
      optimizer.step([trained], 0.1);
      reference.step([fresh], 0.1);
      close(trained.values[0], fresh.values[0], 0);
      assert.notEqual(trained.values[1] - keptBefore, fresh.values[1] - keptBefore, 'entry 1 kept its momentum');
    });
  }
});
