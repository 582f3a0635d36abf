// Claim 12 on Fashion-MNIST: IMP with rewinding finds a ticket at ~17 % density that matches dense training; re-drawn weights do worse.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const dataset = '/usr/share/datasets/fashion-mnist';

test('lottery: the rewound ticket matches the dense network; the re-initialised mask does worse', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, async () => {
  const spec = JSON.parse(readFileSync(new URL('../../experiments/lottery.json', import.meta.url), 'utf8'));
  const result = await runSpec(spec, await loadRegistry());
  const [ticket, control, dense] = ['ticket', 'reinit-control', 'dense'].map((name) => result.metric(name));
  const density = result.phases.get('ticket')!.density;
  console.log(`# lottery: ticket ${ticket} at density ${JSON.stringify(density)}, re-initialised ${control}, dense ${dense}`);
  assert.ok(density.fc1 < 0.17 && density.fc2 < 0.17, 'eight levels of 20 % leave about 17 %');
  assert.ok(ticket >= dense - 0.005, `ticket ${ticket} matches dense ${dense}`);
  assert.ok(control < ticket - 0.01, `the control ${control} does worse than the ticket ${ticket}`);
});
