// The command's manners: -h and -v, suggestions for a mistyped command, spec key, plugin or phase, the --plugin
// hint for an unknown plugin, --json from validate and run, and `ontogeny plan`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repositoryRoot, runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-manners-'));

const base = {
  name: 'manners', seed: 0,
  model: { use: 'mlp', with: { hidden: [16] } },
  tasks: { a: { use: 'teacher', with: { train: 256, test: 64 } } },
  phases: [
    { name: 'learn', kind: 'pretrain', task: 'a', epochs: 2, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
    { name: 'age', kind: 'prune', from: 'learn', steps: 40, batch: 32, schedule: { use: 'cubic', with: { to: 0.75, every: 10 } },
      criterion: { use: 'magnitude' }, retune: { steps: 3, learner: { use: 'threshold' }, optimizer: { use: 'adam', with: { lr: 0.001 } } } },
  ],
};

/** Writes `base` with `edit` applied to a copy; returns the file. */
function specFile(edit: (spec: typeof base & Record<string, unknown>) => void = () => {}): string {
  const spec = structuredClone(base) as typeof base & Record<string, unknown>;
  edit(spec);
  const file = join(folder, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

test('-v prints the version of the package, -h the commands and examples', () => {
  const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'packages/cli/package.json'), 'utf8')) as { version: string };
  const shown = runCli(['-v']);
  assert.equal(shown.status, 0);
  assert.equal(shown.stdout.trim(), version);
  const help = runCli(['-h']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /ontogeny plan <spec>/);
  assert.match(help.stdout, /Examples:\n\s+ontogeny run experiments\/quickstart\.json/);
  const runHelp = runCli(['run', '-h']);
  assert.match(runHelp.stdout, /ontogeny run spec\.json --json/);
});

test('a mistyped command is exit 2 with the command it resembles', () => {
  const result = runCli(['rnu', 'spec.json']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Did you mean run\?/);
});

test('a misspelled option, phase name or task in a spec gets "did you mean"', () => {
  const option = runCli(['validate', specFile((spec) => { spec.phases[1]!.schedule = { use: 'cubic', with: { to: 0.75, evry: 10 } } as never; })]);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /ONT_SPEC_INVALID: .*\n.*found "evry" \(did you mean "every"\?\)/);
  const from = runCli(['validate', specFile((spec) => { spec.phases[1]!.from = 'lern'; })]);
  assert.match(from.stderr, /no earlier phase is named "lern" .*\(did you mean "learn"\?\)/);
  const key = runCli(['validate', specFile((spec) => { (spec.phases[0] as Record<string, unknown>).epocs = 2; })]);
  assert.match(key.stderr, /found "epocs" \(did you mean "epochs"\?\)/);
});

test('an unknown plugin is ONT_PLUGIN_UNKNOWN with its path, the nearest name and the --plugin hint', () => {
  const result = runCli(['validate', specFile((spec) => { spec.phases[1]!.schedule = { use: 'cubc', with: { to: 0.75 } } as never; })]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^ONT_PLUGIN_UNKNOWN: .*spec-\w+\.json at \/phases\/1\/schedule\/use: no schedule plugin named "cubc" \(did you mean "cubic"\?\) — expected one of .*cubic.*--plugin/);
});

test('validate --json gives the verdict, and for an invalid spec the code and each problem\'s path', () => {
  const valid = runCli(['validate', specFile(), '--json']);
  assert.equal(valid.status, 0);
  const verdict = JSON.parse(valid.stdout) as { valid: boolean; name: string; phases: string[]; runFolder: string };
  assert.deepEqual([verdict.valid, verdict.name, verdict.phases], [true, 'manners', ['learn', 'age']]);
  assert.match(verdict.runFolder, /^manners-[0-9a-f]{10}$/);
  const invalid = runCli(['validate', specFile((spec) => { spec.phases[0]!.batch = 0; spec.phases[1]!.task = 'b'; }), '--json']);
  assert.equal(invalid.status, 2);
  const failure = JSON.parse(invalid.stdout) as { valid: boolean; code: string; problems: Array<{ path: string }> };
  assert.equal(failure.valid, false);
  assert.equal(failure.code, 'ONT_SPEC_INVALID');
  assert.deepEqual(failure.problems.map((problem) => problem.path), ['/phases/0/batch']);
});

test('run --json prints every event as a JSON line, from lifespan:start to lifespan:end, and nothing else', () => {
  const out = join(folder, 'runs');
  const result = runCli(['run', specFile(), '--json', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string });
  assert.equal(events[0]!.type, 'lifespan:start');
  assert.equal(events.at(-1)!.type, 'lifespan:end');
  assert.equal(events.filter((event) => event.type === 'prune').length, 5);
  const written = readFileSync(join(out, 'manners-' + (events[0] as unknown as { hash: string }).hash, 'events.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(written.length, events.length);
});

test('plan shows each phase\'s steps, the schedule\'s events and the weights kept, and writes nothing', () => {
  const file = specFile();
  const text = runCli(['plan', file]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^1\/2 learn — pretrain on a, from @birth: 2 epochs × 8 batches of 32 = 16 steps$/m);
  assert.match(text.stdout, /^2\/2 age — prune on a, from learn: 5 pruning events over 40 schedule steps, 3 re-tuning steps after each = 15 steps$/m);
  // On the phase's axis, 3 re-tuning steps apart; the schedule's clock in brackets
  assert.match(text.stdout, /events \(step \[schedule step\] → sparsity\): 0 \[0\] → 0\.000, 3 \[10\] → .*, 12 \[40\] → 0\.750/);
  const plan = JSON.parse(runCli(['plan', file, '--json']).stdout) as { phases: Array<{ steps: number; layers: Array<{ name: string; rows: number; cols: number; kept: number }> }>; seconds: number };
  assert.deepEqual(plan.phases.map((phase) => phase.steps), [16, 15]);
  for (const layer of plan.phases[1]!.layers) assert.equal(layer.kept, Math.round(0.25 * layer.rows * layer.cols), layer.name);
  assert.ok(plan.seconds > 0);
  assert.equal(existsSync(join(repositoryRoot, 'runs', 'manners')), false);
});

test('plan counts a continual phase\'s tasks, an interpolation\'s points and a selection\'s candidates, with their evaluations', () => {
  const file = join(folder, 'plan-kinds.json');
  const task = (seed: number) => ({ use: 'teacher', with: { train: 256, test: 64, dev: 32, seed } });
  const sgd = { use: 'sgd', with: { lr: 0.05 } };
  writeFileSync(file, JSON.stringify({
    name: 'plan-kinds', model: { use: 'mlp', with: { hidden: [16] } }, tasks: { a: task(1), b: task(2) },
    phases: [
      { name: 'learn', kind: 'pretrain', task: 'a', steps: 10, batch: 32, optimizer: sgd },
      { name: 'dense', kind: 'finetune-dense', task: 'a', steps: 4, batch: 32, optimizer: sgd },
      { name: 'pack', kind: 'continual-packnet', from: 'learn', tasks: ['a', 'b'], steps: 6, retrainSteps: 4, batch: 32, optimizer: sgd },
      { name: 'path', kind: 'interpolate', task: 'a', between: ['learn', 'dense'], points: 5 },
      { name: 'best', kind: 'select', task: 'a', among: ['learn', 'dense'] },
    ],
  }));
  const text = runCli(['plan', file]);
  assert.equal(text.status, 0, text.stderr);
  // PackNet: 6 steps for each of the 2 tasks, 4 re-training steps after the first
  assert.match(text.stdout, /^3\/5 pack — continual-packnet learning 2 tasks, from learn: 2 tasks \(a, b\) × 6 steps of 32, then 4 re-training steps for each but the last = 16 steps$/m);
  // After task a: a; after task b: a and b
  assert.match(text.stdout, /evaluations: 3 × 64 examples \(tests of every task learned so far, after each task\); 64 examples \(a test at the end\); 32 examples \(a dev at the end\)/);
  assert.match(text.stdout, /^4\/5 path — interpolate on a, from pack: no training: 5 points on the line from "learn" to "dense", each evaluated on the test split$/m);
  assert.match(text.stdout, /^5\/5 best — select on a, from path: no training: 2 candidates \(learn, dense\) compared by dev accuracy; continues from the best$/m);
  const plan = JSON.parse(runCli(['plan', file, '--json']).stdout) as { phases: Array<{ steps: number; tasks: string[]; evaluations: Array<{ passes: number; examples: number }> }> };
  assert.deepEqual(plan.phases.map((phase) => phase.steps), [10, 4, 16, 0, 0]);
  assert.deepEqual(plan.phases[2]!.tasks, ['a', 'b']);
  assert.deepEqual(plan.phases.map((phase) => phase.evaluations.map(({ passes, examples }) => [passes, examples])), [
    [[1, 64], [1, 32]], [[1, 64], [1, 32]], [[3, 64], [1, 64], [1, 32]], [[5, 64], [1, 64], [1, 32]], [[2, 32], [1, 64], [1, 32]],
  ]);
});

test('plan of the 250-task inference experiment counts every task\'s steps, its tests and its task inference', () => {
  const text = runCli(['plan', join(repositoryRoot, 'experiments', 'continual-inference.full.json')]);
  assert.equal(text.status, 0, text.stderr);
  // 250 permuted tasks × 300 steps; each tested after it (250) and all after the last (249 more); one batch of 128 per task inferred
  assert.match(text.stdout, /^4\/4 masks-250 — continual-mask learning 250 tasks, from pretrain: 250 tasks \(permuted250\/0, permuted250\/1, …, permuted250\/249\) × 300 steps of 128 = 75,000 steps; task inference over 250 batches of 128, each under all 250 masks$/m);
  assert.match(text.stdout, /499 × 1,000 examples \(tests of each task after it, and of all after the last\)/);
  // 1404 + 10 × 300 + 50 × 300 + 250 × 300
  assert.match(text.stdout, /^94,404 steps; at least/m);
});
