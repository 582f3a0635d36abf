// The essay's twelve claims as studies: each CI profile runs every seed to completion and judges every claim over all of them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repositoryRoot, runCli } from '../cli/run-cli.js';

interface StudyRecord {
  readonly seeds: readonly number[];
  readonly complete: boolean;
  readonly runs: ReadonlyArray<{ readonly status: string; readonly reason?: string }>;
  readonly claims: ReadonlyArray<{
    readonly name: string;
    readonly holds: boolean;
    readonly checks: ReadonlyArray<{ readonly label: string; readonly n: number; readonly mean: number; readonly low: number | null; readonly high: number | null; readonly test: string }>;
  }>;
}

const folder = join(repositoryRoot, 'experiments', 'claims');
const studies = readdirSync(folder).filter((file) => file.endsWith('.study.json')).sort();
const work = mkdtempSync(join(tmpdir(), 'ontogeny-claims-'));
after(() => rmSync(work, { recursive: true, force: true }));

const fashion = '/usr/share/datasets/fashion-mnist';
/** Whether a study's lifespans read Fashion-MNIST (they are skipped where the dataset is absent). */
function needsFashion(study: string): boolean {
  const { base } = JSON.parse(readFileSync(join(folder, study), 'utf8')) as { base: string };
  return readFileSync(join(folder, base), 'utf8').includes('"fashion-mnist"');
}

test('every claim 1–12 has a study', () => {
  const numbers = new Set(studies.map((file) => Number(/^claim-(\d\d)-/.exec(file)?.[1])));
  assert.deepEqual([...numbers].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

for (const study of studies) {
  const skip = needsFashion(study) && !existsSync(fashion) && `${fashion} is absent (bash scripts/install.sh installs it)`;
  test(`${study} (CI profile): every run completes and every claim is judged over all seeds`, { skip }, () => {
    const result = runCli(['study', join('experiments', 'claims', study), '--profile', 'ci', '--store', join(work, 'store'), '--out', join(work, 'studies'), '--jobs', '2', '--quiet']);
    // 0: every claim holds, 3: one fails — both are results; anything else is a broken study
    assert.ok(result.status === 0 || result.status === 3, `exit ${result.status}: ${result.stderr}`);
    const name = study.replace(/\.study\.json$/, '');
    const record = JSON.parse(readFileSync(join(work, 'studies', `${name}-ci`, 'study.json'), 'utf8')) as StudyRecord;
    assert.ok(record.complete && record.runs.every((run) => run.status === 'completed'), JSON.stringify(record.runs.filter((run) => run.status !== 'completed')));
    assert.ok(record.claims.length > 0);
    for (const claim of record.claims) {
      assert.ok(claim.checks.length > 0, `${claim.name}: nothing judged`);
      for (const check of claim.checks) {
        assert.equal(check.n, record.seeds.length, `${claim.name}: ${check.label} judged on ${check.n} of ${record.seeds.length} seeds`);
        assert.ok(check.low !== null && check.high !== null && Number.isFinite(check.mean), `${claim.name}: ${check.label} has no interval`);
      }
      console.log(`# ${name}: ${claim.holds ? 'holds' : 'fails'} — ${claim.name}: ${claim.checks.map((c) => `${c.mean.toFixed(4)} [${c.low!.toFixed(4)}, ${c.high!.toFixed(4)}]`).join('; ')}`);
    }
    assert.equal(result.status === 0, record.claims.every((claim) => claim.holds), 'the exit code says whether every claim holds');
  });
}
