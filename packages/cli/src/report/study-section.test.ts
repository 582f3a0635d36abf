// A study's report section from a study folder as read: its facts, the claims as judged, paired differences, and runs linked or named why not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClaimResult, RunRow } from '@ontogeny/core';
import type { StudyFolder, StudyRunEntry } from '../study/read-study-folder.js';
import { studySection } from './study-section.js';

const runs: StudyRunEntry[] = [
  { axes: { optimizer: 'sgd' }, seed: 0, run: 'demo-aaaaaaaaaa', status: 'completed' },
  { axes: { optimizer: 'sgd' }, seed: 1, run: 'demo-bbbbbbbbbb', status: 'completed' },
  { axes: { optimizer: 'adam' }, seed: 0, run: 'demo-cccccccccc', status: 'failed', reason: 'diverged at step 3' },
  { axes: { optimizer: 'adam' }, seed: 1, run: null, status: 'interrupted', reason: 'stopped by Ctrl-C' },
];
const rows: RunRow[] = [
  { point: { axes: { optimizer: 'sgd' }, patch: {} }, seed: 0, run: 'demo-aaaaaaaaaa', status: 'completed', metrics: { 'dense/accuracy': 0.7, 'mask/accuracy': 0.8 } },
  { point: { axes: { optimizer: 'sgd' }, patch: {} }, seed: 1, run: 'demo-bbbbbbbbbb', status: 'completed', metrics: { 'dense/accuracy': 0.75, 'mask/accuracy': 0.9 } },
];
const claims: ClaimResult[] = [{
  name: 'the mask beats dense by 20 points', kind: 'difference', holds: false,
  checks: [{ label: 'mask/accuracy − dense/accuracy', n: 2, mean: 0.125, sd: 0.0354, low: -0.1927, high: 0.4427, test: 'lower end -0.1927 > 0.2', passed: false }],
}];
const study: StudyFolder = {
  dir: '/studies/demo', name: 'demo', profile: 'ci', store: '/runs', seeds: [0, 1], axes: ['optimizer'], complete: false, runs, claims, rows,
  spec: { name: 'demo', description: 'A demonstration.', base: 'base.json', seeds: 2, differences: [{ of: 'mask', minus: 'dense' }], profiles: { ci: { description: 'Fewer steps.' } } },
};

const section = studySection(study, 'study-demo', (run) => (run === 'demo-aaaaaaaaaa' || run === 'demo-bbbbbbbbbb' ? run : undefined));
const html = section.blocks.join('\n');

test('the facts name the study, its profile with its description, and that it is not complete', () => {
  assert.equal(section.title, 'Study demo (profile ci)');
  assert.deepEqual(Object.fromEntries(section.facts).runs, '2 of 4 completed — the study is not complete: run it again to finish it');
  assert.equal(Object.fromEntries(section.facts).description, 'A demonstration.');
  assert.equal(Object.fromEntries(section.facts)['profile ci'], 'Fewer steps.');
});

test('an axis with one completed level draws no curve', () => {
  assert.deepEqual(section.figures, []);
});

test('a failing claim is shown failing, with its numbers and the test it missed', () => {
  assert.match(html, /<h3>Claims: 0 of 1 hold<\/h3>/);
  assert.match(html, /<td>the mask beats dense by 20 points<\/td><td>difference<\/td><td>✗ fails<\/td><td>mask\/accuracy − dense\/accuracy<\/td><td class="number">2<\/td><td class="number">0\.1250<\/td><td class="number">-0\.1927<\/td><td class="number">0\.4427<\/td><td>✗ lower end -0\.1927 &#62; 0\.2<\/td>/);
});

test('the paired difference mask − dense over the two seeds: 0.1 and 0.15, mean 0.125', () => {
  assert.match(html, /<td>sgd<\/td><td>mask − dense: accuracy<\/td><td class="number">2<\/td><td class="number">0\.1250<\/td>/);
});

test('each run is linked to its section, or says why it has none', () => {
  assert.match(html, /<td><a href="#demo-aaaaaaaaaa">demo-aaaaaaaaaa<\/a><\/td>/);
  assert.match(html, /<td>failed: diverged at step 3<\/td><td>demo-cccccccccc \(no folder in the store\)<\/td>/);
  assert.match(html, /<td>interrupted: stopped by Ctrl-C<\/td><td>\(never started\)<\/td>/);
});
