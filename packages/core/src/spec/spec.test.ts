// Spec validation messages, defaults, canonical JSON and the run hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isError, PLUGIN_UNKNOWN, SPEC_INVALID } from '../errors.js';
import { PHASE_KINDS } from '../lifespan/phases/index.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { PluginRegistry } from '../plugin/registry.js';
import { canonicalHash, canonicalJson } from './canonical-json.js';
import { withoutDefaults } from './defaults.js';
import { buildSpecSchema } from './schema.js';
import { validateSpec } from './validate.js';

const noop = () => { throw new Error('not created in these tests'); };
const registry = new PluginRegistry().register('test',
  definePlugin({ kind: 'model', name: 'tiny', version: '1.0.0', core: '^0.1.0', source: 'test', description: 'test model',
    options: { type: 'object', additionalProperties: false, properties: { width: { type: 'integer', minimum: 1, default: 8, description: 'Width.' } } },
    create: noop }),
  definePlugin({ kind: 'task', name: 'toy', version: '1.0.0', core: '^0.1.0', source: 'test', description: 'test task',
    options: { type: 'object', additionalProperties: false, properties: {} }, create: noop }),
  definePlugin({ kind: 'optimizer', name: 'plain', version: '1.0.0', core: '^0.1.0', source: 'test', description: 'test optimizer',
    options: { type: 'object', additionalProperties: false, properties: { lr: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Rate.' } } },
    create: noop }),
  definePlugin({ kind: 'schedule', name: 'steady', version: '1.0.0', core: '^0.1.0', source: 'test', description: 'test schedule',
    options: { type: 'object', additionalProperties: false, required: ['to'], properties: {
      to: { type: 'number', minimum: 0, maximum: 1, description: 'Sparsity.' },
      every: { type: 'integer', minimum: 1, default: 100, description: 'Steps between events.' } } },
    create: noop }),
);
const schema = buildSpecSchema(registry, PHASE_KINDS);

function spec(overrides: Record<string, unknown> = {}, phase: Record<string, unknown> = {}) {
  return {
    name: 'demo',
    model: { use: 'tiny' },
    tasks: { a: { use: 'toy' } },
    phases: [{ name: 'p', kind: 'pretrain', task: 'a', optimizer: { use: 'plain' }, ...phase }],
    ...overrides,
  };
}

function messageOf(raw: unknown, expected: { code: string } = SPEC_INVALID): string {
  try {
    validateSpec(raw, 'demo.json', schema, PHASE_KINDS);
  } catch (error) {
    assert.ok(isError(error, expected), `expected ${expected.code}, got ${String(error)}`);
    return (error as Error).message;
  }
  assert.fail('the spec was accepted');
}

test('a valid spec is returned with every default filled in', () => {
  const resolved = validateSpec(spec(), 'demo.json', schema, PHASE_KINDS);
  assert.equal(resolved.seed, 0);
  assert.equal(resolved.kernel, 'auto');
  assert.deepEqual(resolved.model, { use: 'tiny', with: { width: 8 } });
  const phase = resolved.phases[0] as unknown as Record<string, unknown>;
  assert.equal(phase.batch, 128);
  assert.deepEqual(phase.optimizer, { use: 'plain', with: { lr: 0.1 } });
});

test('an unknown plugin is PLUGIN_UNKNOWN naming the path, the allowed names, what was found and --plugin', () => {
  const message = messageOf(spec({}, { optimizer: { use: 'sgdd' } }), PLUGIN_UNKNOWN);
  assert.match(message, /demo\.json at \/phases\/0\/optimizer\/use: no optimizer plugin named "sgdd"/);
  assert.match(message, /expected one of plain, or load the package that has it with --plugin/);
});

test('a near miss gets "did you mean" and a far one does not', () => {
  assert.match(messageOf(spec({}, { optimizer: { use: 'plan' } }), PLUGIN_UNKNOWN), /named "plan" \(did you mean "plain"\?\)/);
  assert.doesNotMatch(messageOf(spec({}, { optimizer: { use: 'adamw' } }), PLUGIN_UNKNOWN), /did you mean/);
});

test('a misspelled option names the plugin, the allowed options and the misspelling', () => {
  const message = messageOf(spec({}, { kind: 'prune', optimizer: undefined, schedule: { use: 'steady', with: { to: 0.5, evry: 3 } }, criterion: undefined }));
  assert.match(message, /at \/phases\/0\/schedule\/with \(plugin "steady"\): unknown property — expected one of to, every, found "evry"/);
});

test('an option out of range says the limit and the value', () => {
  const message = messageOf(spec({}, { optimizer: { use: 'plain', with: { lr: -1 } } }));
  assert.match(message, /\/phases\/0\/optimizer\/with\/lr \(plugin "plain"\): out of range — expected a number > 0, found -1/);
});

test('a misspelled phase key lists the keys of that phase kind', () => {
  const message = messageOf(spec({}, { epocs: 3 }));
  assert.match(message, /at \/phases\/0: unknown property — expected one of .*epochs.*found "epocs"/);
});

test('references: an unknown task, a `from` that is not an earlier phase, duplicate names', () => {
  assert.match(messageOf(spec({}, { task: 'b' })), /\/phases\/0\/task: no task is named "b" — expected one of a/);
  assert.match(messageOf(spec({}, { from: 'later' })), /\/phases\/0\/from: no earlier phase is named "later"/);
  const twice = spec();
  twice.phases.push({ ...twice.phases[0] });
  assert.match(messageOf(twice), /phase names must be unique/);
});

test('canonical JSON sorts keys and drops whitespace; the hash is SHA-256 of that text', () => {
  const text = canonicalJson({ b: [1, 'x', { d: null, c: true }], a: 0.5 });
  assert.equal(text, '{"a":0.5,"b":[1,"x",{"c":true,"d":null}]}');
  const expected = createHash('sha256').update('{"a":0.5,"b":[1,"x",{"c":true,"d":null}]}').digest('hex').slice(0, 10);
  assert.equal(canonicalHash({ a: 0.5, b: [1, 'x', { c: true, d: null }] }), expected);
});

test('values equal to their defaults leave the hash unchanged; other values change it', () => {
  const hashOf = (raw: unknown) => canonicalHash(withoutDefaults(validateSpec(raw, 'demo.json', schema, PHASE_KINDS), schema));
  const plain = hashOf(spec());
  assert.equal(hashOf(spec({ seed: 0 }, { batch: 128, optimizer: { use: 'plain', with: { lr: 0.1 } } })), plain);
  assert.notEqual(hashOf(spec({ seed: 1 })), plain);
  assert.notEqual(hashOf(spec({}, { optimizer: { use: 'plain', with: { lr: 0.2 } } })), plain);
});
