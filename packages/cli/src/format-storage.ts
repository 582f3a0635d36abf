// The text of `ontogeny inspect`: a table of bytes per layer, one line per task, and the totals that add them up.
import type { StorageReport } from '@ontogeny/core';

/** Formats a storage report for a terminal; every figure is in bytes, with a readable size beside the totals. */
export function formatStorage(report: StorageReport): string {
  const tasks = report.tasks.length;
  const lines = [
    `shared weights: phase "${report.phase}"; ${tasks} task mask${tasks === 1 ? '' : 's'}: ${report.tasks.map((t) => `${t.phase} (${t.task ?? '-'}, density ${(t.density * 100).toFixed(1)} %)`).join(', ')}`,
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
  return `${lines.join('\n')}\n`;
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
