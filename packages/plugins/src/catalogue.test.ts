// The training catalogue registers cleanly (names, versions, schemas), and every plugin builds from its schema's defaults.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAjv, PluginRegistry, type AnyPluginDefinition } from '@ontogeny/core';
import { criterionPlugins } from './criteria/index.js';
import { disorderPlugins } from './disorders/index.js';
import { lrSchedulePlugins } from './lr-schedules/index.js';
import { maskLearnerPlugins } from './mask-learners/index.js';
import { optimizerPlugins } from './optimizers/index.js';
import { regrowthPlugins } from './regrowth/index.js';
import { schedulePlugins } from './schedules/index.js';

const catalogue: readonly AnyPluginDefinition[] = [
  ...optimizerPlugins, ...lrSchedulePlugins, ...schedulePlugins, ...criterionPlugins, ...regrowthPlugins, ...maskLearnerPlugins, ...disorderPlugins,
];

/** The least a spec must give each plugin that has required options. */
const required: Record<string, Record<string, unknown>> = {
  'schedule/constant': { to: 0.5 }, 'schedule/cubic': { to: 0.9 }, 'schedule/linear': { to: 0.9 }, 'schedule/polynomial': { to: 0.9 },
  'schedule/exponential': { to: 0.9 }, 'schedule/one-shot': { to: 0.9 }, 'schedule/iterative': { to: 0.9 }, 'schedule/cosine-drop': { to: 0.9 },
  'lr-schedule/step': { every: 100 }, 'lr-schedule/warmup': { steps: 10 },
  'disorder/noise': { sigma: 0.1 }, 'disorder/shuffle': { fraction: 0.5 }, 'disorder/mix': { fraction: 0.5 },
};

describe('the plugin catalogue', () => {
  it('registers: names, versions, core range, described options', () => {
    new PluginRegistry().register('@ontogeny/plugins', ...catalogue);
  });
  it('every plugin builds from its defaults plus its required options', () => {
    const ajv = createAjv();
    for (const plugin of catalogue) {
      const options = { ...(required[`${plugin.kind}/${plugin.name}`] ?? {}) };
      const validate = ajv.compile(plugin.options);
      assert.ok(validate(options), `${plugin.kind}/${plugin.name}: ${JSON.stringify(validate.errors)}`);
      assert.ok((plugin.create as (o: unknown, c: unknown) => unknown)(Object.freeze(options), { seed: 0 }), `${plugin.name} created nothing`);
    }
  });
});
