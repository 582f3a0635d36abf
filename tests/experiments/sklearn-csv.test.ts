// scikit-learn's own CSV files, unedited, run as lifespans from a folder outside the repository (paths resolve
// against the spec's folder): iris, wine and digits in class-split transfers with one shared scaling, breast cancer whole.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSummary, repositoryRoot, runCli, runFolders } from '../cli/run-cli.js';

const elsewhere = mkdtempSync(join(tmpdir(), 'ontogeny-sklearn-'));

const cases: Array<[string, Record<string, RegExp>, number]> = [
  ['csv-iris', { source: /classes 0 = setosa, 1 = versicolor;/, target: /classes 0 = versicolor, 1 = virginica;/ }, 2],
  ['csv-wine', { source: /classes 0 = class_0, 1 = class_1;/, target: /classes 0 = class_1, 1 = class_2;/ }, 2],
  ['csv-digits', { source: /classes 0 = 0, 1 = 1, 2 = 2, 3 = 3, 4 = 4;/, target: /classes 0 = 5, 1 = 6, 2 = 7, 3 = 8, 4 = 9;/ }, 5],
  ['csv-breast-cancer', { diagnosis: /classes 0 = malignant, 1 = benign;/ }, 2],
];

for (const [name, classes, classCount] of cases) {
  test(`experiments/${name}.json runs from another folder, names its classes, and every phase beats chance`, () => {
    const out = join(elsewhere, name);
    const result = runCli(['run', join(repositoryRoot, 'experiments', `${name}.json`), '--out', out, '--quiet'], elsewhere);
    assert.equal(result.status, 0, result.stderr);
    const summary = readSummary(join(out, runFolders(out)[0]!));
    for (const [task, pattern] of Object.entries(classes)) assert.match(summary.tasks[task]!, pattern);
    const scalings = Object.values(summary.tasks).map((task) => /standardised with the means and stds of (.*)$/.exec(task)?.[1]);
    if (scalings.length > 1) assert.match(scalings[0]!, /^every training record of .*\/data\/sklearn\//);
    assert.equal(new Set(scalings).size, 1, 'every task of a spec is scaled alike');
    for (const phase of summary.phases) assert.ok(phase.metrics.accuracy! > 1.5 / classCount, `${phase.name}: accuracy ${phase.metrics.accuracy}`);
  });
}
