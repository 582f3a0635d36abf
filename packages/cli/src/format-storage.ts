// The text of `ontogeny inspect`: a table of bytes per layer, one line per task, the totals that add them up, and each continual phase's cost per task.
import type { ContinualStorage, StorageReport } from '@ontogeny/core';

/** Formats a storage report for a terminal; every figure is in bytes, with a readable size beside the totals. */
export function formatStorage(report: StorageReport): string {
  const tasks = report.tasks.length;
  const lines = [
    `shared weights: phase "${report.phase}"; ${tasks} task mask${tasks === 1 ? '' : 's'}: ${listed(report.tasks.map((t) => `${t.phase} (${t.task ?? '-'}, density ${(t.density * 100).toFixed(1)} %)`))}`,
    '',
    `${'layer'.padEnd(28)}${'weights'.padStart(10)}${'bits'.padStart(6)}${'shared'.padStart(12)}${'mask/task'.padStart(12)}${'dense/task'.padStart(12)}`,
  ];
  for (const l of report.layers) {
    lines.push(`${l.name.padEnd(28)}${String(l.weights).padStart(10)}${String(l.bits).padStart(6)}${String(l.sharedBytes).padStart(12)}${String(l.maskBytes).padStart(12)}${String(l.denseBytes).padStart(12)}`);
  }
  const { sharedBytes, maskBytes, ontogenyBytes, denseBytes } = report.totals;
  lines.push(
    '',
    `shared weights                 ${String(sharedBytes).padStart(12)} B  ${size(sharedBytes)}`,
    `+ ${tasks} bit-packed mask${tasks === 1 ? ' ' : 's'}            ${String(maskBytes).padStart(12)} B  ${size(maskBytes)}`,
    `= shared weights + masks       ${String(ontogenyBytes).padStart(12)} B  ${size(ontogenyBytes)}`,
    `vs ${tasks} dense float32 cop${tasks === 1 ? 'y  ' : 'ies'}       ${String(denseBytes).padStart(12)} B  ${size(denseBytes)}  (${(denseBytes / Math.max(1, ontogenyBytes)).toFixed(1)}× more)`,
  );
  // Phases that learned the same tasks on the same network cost the same: one block for them all
  const groups = new Map<string, ContinualStorage[]>();
  for (const c of report.continual) {
    const { phase: _phase, kind: _kind, ...figures } = c;
    const key = JSON.stringify(figures);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) lines.push('', ...formatContinual(group));
  return `${lines.join('\n')}\n`;
}

/** A continual phase's tasks: what one more task costs, and all of them kept as masks, as dense copies, and as PackNet. */
function formatContinual(group: readonly ContinualStorage[]): string[] {
  const c = group[0]!;
  const tasks = `${c.tasks} task${c.tasks === 1 ? '' : 's'}`;
  const phases = group.map((p) => `"${p.phase}" (${p.kind})`).join(', ');
  return [
    `continual phase${group.length === 1 ? '' : 's'} ${phases}: ${tasks} over ${c.weights} shared ${c.weightBits}-bit weights`,
    `  each added task: masks ${c.maskBytesPerTask} B (${c.maskBitsPerWeight.toFixed(3)} bits per weight) + head ${c.headBytesPerTask} B = ${c.bytesPerAddedTask} B`,
    `  ${tasks} as masks over shared weights  ${String(c.totals.masks).padStart(12)} B  ${size(c.totals.masks)}`,
    `  ${tasks} as dense float32 copies       ${String(c.totals.denseCopies).padStart(12)} B  ${size(c.totals.denseCopies)}  (${(c.totals.denseCopies / Math.max(1, c.totals.masks)).toFixed(1)}× the masks)`,
    `  ${tasks} in one PackNet network         ${String(c.totals.packnet).padStart(12)} B  ${size(c.totals.packnet)}  (${(c.totals.packnet / Math.max(1, c.totals.masks)).toFixed(1)}× the masks)`,
  ];
}

/** A long list shows its first three and last two items (a stream may have hundreds of tasks; --json has them all). */
function listed(items: readonly string[]): string {
  return items.length <= 6 ? items.join(', ') : `${items.slice(0, 3).join(', ')}, … ${items.length - 5} more …, ${items.slice(-2).join(', ')}`;
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
