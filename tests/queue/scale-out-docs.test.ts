// The Slurm script and the Kubernetes manifest in docs/scale-out.md are consistent with --shard and each other.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';

const page = readFileSync(new URL('../../docs/scale-out.md', import.meta.url), 'utf8');
const blocks = (language: string) => [...page.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]);

interface Container {
  command: string[];
  volumeMounts: Array<{ name: string; mountPath: string }>;
}

test('the Kubernetes manifest: an indexed Job of N completions running --shard kubernetes/N into a ReadWriteMany store', () => {
  const [manifest] = blocks('yaml');
  assert.ok(manifest, 'docs/scale-out.md has no ```yaml block');
  const documents = parseAllDocuments(manifest).map((document) => {
    assert.deepEqual(document.errors, []);
    return document.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };
  });
  const job = documents.find((document) => document.kind === 'Job');
  assert.ok(job, 'no Job in the manifest');
  assert.equal(job.apiVersion, 'batch/v1');
  const spec = job.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: Record<string, unknown> } };
  assert.equal(spec.completionMode, 'Indexed');
  const pod = spec.template.spec as { restartPolicy: string; containers: Container[]; volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> };
  assert.ok(['Never', 'OnFailure'].includes(pod.restartPolicy), 'a Job\'s pods must not restart Always');
  const [container] = pod.containers;
  const shardAt = container.command.indexOf('--shard');
  assert.ok(container.command.includes('study') && shardAt > 0, `the command runs no study shard: ${container.command.join(' ')}`);
  const shard = /^kubernetes\/(\d+)$/.exec(container.command[shardAt + 1]);
  assert.ok(shard, `--shard ${container.command[shardAt + 1]} does not read the completion index`);
  assert.equal(spec.completions, Number(shard[1]), 'completions must equal the N of --shard kubernetes/N');
  assert.ok(spec.parallelism >= 1 && spec.parallelism <= spec.completions);
  const store = container.command[container.command.indexOf('--store') + 1];
  const mount = container.volumeMounts.find((candidate) => store === candidate.mountPath || store.startsWith(`${candidate.mountPath}/`));
  assert.ok(mount, `--store ${store} is on no mounted volume`);
  const claimName = pod.volumes.find((volume) => volume.name === mount.name)?.persistentVolumeClaim?.claimName;
  assert.ok(claimName, `the volume ${mount.name} of the store is not a persistent volume claim`);
  const claim = documents.find((document) => document.kind === 'PersistentVolumeClaim' && document.metadata.name === claimName);
  assert.ok(claim, `the claim ${claimName} is not in the manifest`);
  assert.deepEqual((claim.spec as { accessModes: string[] }).accessModes, ['ReadWriteMany'], 'every pod writes the store: it must be ReadWriteMany');
});

test('the Slurm script: an array of N tasks running --shard slurm/N', () => {
  const script = blocks('sh').find((block) => block.includes('#SBATCH'));
  assert.ok(script, 'docs/scale-out.md has no Slurm script');
  const array = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(script);
  assert.ok(array, 'no #SBATCH --array=FIRST-LAST line');
  const shard = /--shard slurm\/(\d+)/.exec(script);
  assert.ok(shard, 'the script runs no --shard slurm/N');
  assert.equal(Number(array[2]) - Number(array[1]) + 1, Number(shard[1]), 'the array must have as many tasks as shards');
  assert.match(script, /--store \/\S+/);
});
