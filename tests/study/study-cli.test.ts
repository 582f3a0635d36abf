// `ontogeny study` end to end: same bytes with --jobs 1 and 2, growing a study runs only the new runs, a false claim
// exits 3 with its numbers, a single run's bootstrap interval, bad input exits 2 before any run, a crashed worker
// fails only its run, Ctrl-C stops and a rerun resumes; `ontogeny compare`.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadRegistry, loadStudy } from '@ontogeny/cli';
import type { OntogenyError } from '@ontogeny/core';
import { repositoryRoot, runCli, runFolders, startCli } from '../cli/run-cli.js';

const fixture = resolve(repositoryRoot, 'tests/study/fixtures/quickstart-bits.study.json');
const quickstart = resolve(repositoryRoot, 'experiments/quickstart.json');
const misbehaving = resolve(repositoryRoot, 'tests/study/fixtures/misbehaving-plugins.mjs');
const STUDY = 'quickstart-bits-ci';

/** A fresh folder holding `store/` and `studies/`, so study.json's relative store path is the same in every one. */
function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'ontogeny-study-'));
}

/** `ontogeny study file` with the store of `root` and its study folder in `out` (by default also in `root`). */
function study(root: string, file: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}, out = root) {
  return runCli(['study', file, '--store', join(root, 'store'), '--out', join(out, 'studies'), ...extra], repositoryRoot, env);
}

/** A copy of the fixture study with `change` applied, written beside nothing (its base made absolute). */
function derivedStudy(change: (spec: Record<string, any>) => void): string {
  const spec = JSON.parse(readFileSync(fixture, 'utf8'));
  spec.base = quickstart;
  delete spec.$schema;
  change(spec);
  const file = join(mkdtempSync(join(tmpdir(), 'ontogeny-study-spec-')), 'study.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;
const studyFile = (root: string, name: string) => readFileSync(join(root, 'studies', STUDY, name), 'utf8');

const byJobs = { one: workspace(), two: workspace() };

test('a study gives the same bytes with --jobs 1 and --jobs 2: study folder and every run', () => {
  const one = study(byJobs.one, fixture, ['--profile', 'ci', '--jobs', '1']);
  const two = study(byJobs.two, fixture, ['--profile', 'ci', '--jobs', '2']);
  assert.equal(one.status, 0, one.stderr + one.stdout);
  assert.equal(two.status, 0, two.stderr + two.stdout);
  assert.match(two.stdout, /3 points × 3 seeds = 9 runs on 2 workers/);
  assert.equal(count(two.stdout, /: done in /), 9);
  for (const name of ['study.json', 'results.csv', 'aggregate.csv', 'differences.csv']) {
    assert.equal(studyFile(byJobs.two, name), studyFile(byJobs.one, name), name);
  }
  const runs = runFolders(join(byJobs.one, 'store'));
  assert.deepEqual(runFolders(join(byJobs.two, 'store')), runs);
  assert.equal(runs.length, 9);
  for (const run of runs) {
    for (const name of ['summary.json', 'metrics.csv']) {
      assert.equal(readFileSync(join(byJobs.two, 'store', run, name), 'utf8'), readFileSync(join(byJobs.one, 'store', run, name), 'utf8'), `${run}/${name}`);
    }
  }
  const results = studyFile(byJobs.one, 'results.csv').trim().split('\n');
  assert.equal(results.length, 10, 'a header and one row per run');
  assert.match(results[0], /^bits,seed,run,status,pretrain\/accuracy,/);
  assert.match(studyFile(byJobs.one, 'aggregate.csv'), /^bits,metric,n,mean,sd,ci95_low,ci95_high,interval\n2,pretrain\/accuracy,3,[\d.]+,[\d.]+,[\d.]+,[\d.]+,t\n/);
  const record = JSON.parse(studyFile(byJobs.one, 'study.json'));
  assert.deepEqual(record.claims.map((claim: { holds: boolean }) => claim.holds), [true, true, true]);
  assert.ok(record.complete);
});

test('growing the study from 3 to 4 seeds runs only the 3 new runs; a claim made false on purpose fails: exit 3, named, with its numbers', () => {
  const grown = derivedStudy((spec) => {
    spec.profiles.ci.seeds = 4;
    spec.profiles.ci.claims = [...spec.claims, {
      name: 'the mask beats dense fine-tuning by 10 %', kind: 'ratio',
      of: { phase: 'finetune-mask', metric: 'accuracy', at: { bits: 32 } },
      to: { phase: 'finetune-dense', metric: 'accuracy', at: { bits: 32 } }, above: 1.1,
    }];
  });
  const result = study(byJobs.one, grown, ['--profile', 'ci', '--jobs', '2']);
  assert.equal(count(result.stdout, /: already complete /), 9, result.stdout);
  assert.equal(count(result.stdout, /: done in /), 3, result.stdout);
  assert.match(result.stdout, /runs 12\/12 done \(9 reused\)/);
  assert.equal(runFolders(join(byJobs.one, 'store')).length, 12);
  assert.equal(studyFile(byJobs.one, 'results.csv').trim().split('\n').length, 13);
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stderr, /1 claim failed: the mask beats dense fine-tuning by 10 %/);
  assert.match(result.stdout, /✗ FAILS: the mask beats dense fine-tuning by 10 % \(ratio\)\n {4}✗ finetune-mask\/accuracy at bits=32 \/ finetune-dense\/accuracy at bits=32 = [\d.]+ \[[\d.]+, [\d.]+\] \(n 4\): lower end [\d.]+ > 1\.1/);
  const record = JSON.parse(studyFile(byJobs.one, 'study.json'));
  assert.deepEqual(record.claims.map((claim: { holds: boolean }) => claim.holds), [true, true, true, false], 'the study\'s own claims still hold');
  assert.ok(record.claims[3].checks[0].low < 1.1);
});

test('a point of one run gets the bootstrap interval of its accuracy over its 1000 test examples; loss gets none', () => {
  const single = derivedStudy((spec) => { spec.profiles.ci.seeds = [0]; spec.profiles.ci.claims = []; });
  const out = workspace();
  const result = study(byJobs.two, single, ['--profile', 'ci', '--jobs', '2'], {}, out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /\* one run: the bootstrap over its test examples, not an interval over seeds/);
  assert.equal(count(result.stdout, /: already complete /), 3, 'seed 0 of each point, from the store');
  const rows = studyFile(out, 'aggregate.csv').trim().split('\n').map((line) => line.split(','));
  const accuracy = rows.find((cells) => cells[0] === '32' && cells[1] === 'quantized/accuracy')!;
  const [n, mean, , low, high] = accuracy.slice(2, 7).map(Number);
  assert.deepEqual([n, accuracy[7]], [1, 'bootstrap']);
  // The normal approximation of the binomial: p ± 1.96 √(p(1 − p)/n)
  const half = 1.96 * Math.sqrt(mean * (1 - mean) / 1000);
  assert.ok(Math.abs(low - (mean - half)) <= 0.004 && Math.abs(high - (mean + half)) <= 0.004, `[${low}, ${high}] vs ${mean} ± ${half}`);
  const loss = rows.find((cells) => cells[0] === '32' && cells[1] === 'quantized/loss')!;
  assert.deepEqual(loss.slice(5), ['', '', ''], 'no interval for a single loss');
});

test('bad input is located by its JSON path before any run: schema, pointer, claim, unnamed axis, profile', async () => {
  const registry = await loadRegistry();
  const cases: Array<[string, string | null, RegExp]> = [
    [derivedStudy((spec) => { spec.base = JSON.parse(readFileSync(quickstart, 'utf8')); spec.base.phases[0].epochz = 3; }), null,
      /ONT_STUDY_INVALID: .*\n {2}at \/base\/phases\/0: unknown property — expected one of .*found "epochz"/],
    [derivedStudy((spec) => { spec.vary.axes.bits.path = '/phases/9/before/0/with/bits'; }), null,
      /at \/vary \(point bits=1\): \/phases\/9\/before\/0\/with\/bits: the base spec has nothing at \/phases\/9\/before\/0\/with/],
    [derivedStudy((spec) => { spec.claims[0].metric.phase = 'quantised'; }), null,
      /at \/claims\/0\/metric\/phase: the base spec has no phase "quantised" — expected one of pretrain, /],
    [derivedStudy((spec) => { spec.claims[1].of.at = {}; }), null,
      /at \/claims\/1\/of\/at: axis "bits" has 5 values — name the one meant/],
    [derivedStudy((spec) => { spec.profiles.ci.set['/phases/0/epochs'] = 'three'; }), 'ci',
      /\(the base spec at point bits=2, seed 0\): the spec does not match its schema\n {2}at \/phases\/0\/epochs: wrong type/],
    [fixture, 'nightly', /--profile nightly: the study has no such profile — expected one of ci/],
  ];
  for (const [file, profile, message] of cases) {
    assert.throws(() => loadStudy(file, registry, profile), (error: OntogenyError) => {
      assert.equal(error.category, 'input');
      assert.match(error.message, message);
      return true;
    });
  }
});

test('the command exits 2 on bad input and writes nothing', () => {
  const root = workspace();
  for (const [file, extra] of [[derivedStudy((spec) => { spec.seeds = 0; }), []], [fixture, ['--jobs', '0']]] as const) {
    const result = study(root, file, extra);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, extra.length > 0 ? /--jobs 0: expected a whole number of worker threads, 1 or more/ : /at \/seeds: out of range/);
  }
  assert.ok(!existsSync(join(root, 'store')) && !existsSync(join(root, 'studies')), 'nothing was written');
});

test('a worker that crashes fails only its run (recorded, exit 1); running the study again resumes just that run', () => {
  const root = workspace();
  const crashing = derivedStudy((spec) => {
    delete spec.vary;
    spec.claims = [];
    spec.profiles.ci.vary = undefined;
    spec.profiles.ci.set['/phases/5/before/-'] = { use: 'crash-thread' };
  });
  const first = study(root, crashing, ['--profile', 'ci', '--jobs', '2', '--plugin', misbehaving], { ONTOGENY_TEST_CRASH_SEED: '1' });
  assert.equal(first.status, 1, first.stderr);
  assert.match(first.stderr, /1 of 3 runs failed .* run the study again to retry them:\n {2}\(base\), seed 1: its worker crashed/);
  const record = JSON.parse(studyFile(root, 'study.json'));
  assert.deepEqual(record.runs.map((run: { status: string }) => run.status), ['completed', 'failed', 'completed']);
  assert.equal(record.complete, false);
  assert.equal(studyFile(root, 'results.csv').trim().split('\n').length, 4, 'the failed run has its row');
  const again = study(root, crashing, ['--profile', 'ci', '--jobs', '2', '--plugin', misbehaving]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(count(again.stdout, /: already complete /), 2);
  assert.match(again.stdout, /\(base\), seed 1: resumed and done in /, 'from the checkpoint the crashed run left');
  assert.ok(JSON.parse(studyFile(root, 'study.json')).complete);
});

test('Ctrl-C stops a study cleanly (exit 130; the run in flight stops at its next step, queued ones never start) and a rerun resumes to the results of an uninterrupted study', async () => {
  const holding = derivedStudy((spec) => {
    delete spec.vary;
    spec.claims = [];
    spec.profiles.ci.vary = undefined;
    spec.profiles.ci.set['/phases/1/before'] = [{ use: 'hold-until-released' }];
  });
  const root = workspace();
  const hold = workspace();
  // Seed 1's run (the second of three, on one worker) waits inside its second phase until the test releases it
  Object.assign(process.env, { ONTOGENY_TEST_HOLD_SEED: '1', ONTOGENY_TEST_HOLD_DIR: hold });
  const child = startCli(['study', holding, '--profile', 'ci', '--jobs', '1', '--plugin', misbehaving, '--store', join(root, 'store'), '--out', join(root, 'studies')]);
  delete process.env.ONTOGENY_TEST_HOLD_SEED;
  delete process.env.ONTOGENY_TEST_HOLD_DIR;
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const heard = new Promise<void>((done) => child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.includes('stopping: running runs end at their next step')) done();
  }));
  for (let waited = 0; !existsSync(join(hold, 'held')); waited += 50) {
    assert.ok(waited < 240_000, 'seed 1 was not reached within 4 minutes');
    await new Promise((done) => setTimeout(done, 50));
  }
  child.kill('SIGINT');
  await heard;
  writeFileSync(join(hold, 'release'), '');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /interrupted \(Ctrl-C\) with \d runs? not finished — run the same command again to resume/);
  // The pool does not promise an order: the other runs may have come before seed 1's or been queued behind it
  const statuses: string[] = JSON.parse(studyFile(root, 'study.json')).runs.map((run: { status: string }) => run.status);
  assert.equal(statuses[1], 'interrupted');
  assert.ok(statuses.every((status) => status === 'completed' || status === 'interrupted'), statuses.join(', '));
  const summaries = runFolders(join(root, 'store')).map((run) => JSON.parse(readFileSync(join(root, 'store', run, 'summary.json'), 'utf8')));
  assert.equal(summaries.find((summary) => summary.seed === 1).status, 'failed', 'the stopped run\'s folder is marked, not left running');
  const resumed = study(root, holding, ['--profile', 'ci', '--jobs', '1', '--plugin', misbehaving]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /\(base\), seed 1: resumed and done in /);
  assert.equal(count(resumed.stdout, /: already complete /), statuses.filter((status) => status === 'completed').length);
  const uninterrupted = workspace();
  const reference = study(uninterrupted, holding, ['--profile', 'ci', '--jobs', '2', '--plugin', misbehaving]);
  assert.equal(reference.status, 0, reference.stderr);
  assert.equal(studyFile(root, 'results.csv'), studyFile(uninterrupted, 'results.csv'));
  for (const run of runFolders(join(uninterrupted, 'store'))) {
    for (const name of ['summary.json', 'metrics.csv']) {
      assert.equal(readFileSync(join(root, 'store', run, name), 'utf8'), readFileSync(join(uninterrupted, 'store', run, name), 'utf8'), `${run}/${name}`);
    }
  }
});

test('ontogeny compare: a study folder as its table; loose runs grouped by spec over seeds, --json, paired differences', () => {
  const folder = join(byJobs.two, 'studies', STUDY);
  const table = runCli(['compare', folder]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /point +metric +n +mean +sd +95 % CI\n/);
  assert.match(table.stdout, /bits=32 +quantized\/accuracy +3 +[\d.]+ +[\d.]+ +\[[\d.]+, [\d.]+\]/);
  const record = JSON.parse(readFileSync(join(folder, 'study.json'), 'utf8'));
  const runs = record.runs.filter((run: { axes: { bits: number } }) => run.axes.bits === 32).map((run: { run: string }) => join(byJobs.two, 'store', run.run));
  const compared = runCli(['compare', ...runs, '--json', '--difference', 'finetune-mask,finetune-dense']);
  assert.equal(compared.status, 0, compared.stderr);
  const { aggregate, differences } = JSON.parse(compared.stdout);
  const accuracy = runs.map((run: string) => JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')).phases.find((phase: { name: string }) => phase.name === 'quantized').metrics.accuracy);
  const row = aggregate.find((entry: { metric: string }) => entry.metric === 'quantized/accuracy');
  assert.deepEqual(row.axes, { run: 'quickstart' }, 'one spec over three seeds: one point');
  assert.equal(row.n, 3);
  assert.ok(Math.abs(row.mean - (accuracy[0] + accuracy[1] + accuracy[2]) / 3) < 1e-12);
  assert.ok(differences.some((entry: { of: string; minus: string; metric: string; n: number }) =>
    entry.of === 'finetune-mask' && entry.minus === 'finetune-dense' && entry.metric === 'accuracy' && entry.n === 3));
  const unknown = runCli(['compare', ...runs, '--difference', 'finetune-mask,dense']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--difference finetune-mask,dense: no run compared has both phases .* — phases: pretrain, finetune-dense, probe, /);
  const missing = runCli(['compare', join(byJobs.two, 'nothing-here')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /ONT_DATA_MISSING: .*nothing-here: not found — neither a run folder/);
});
