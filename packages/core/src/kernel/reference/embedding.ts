// Embedding lookups and their gradient scatter in plain TypeScript: the definition.
// N = looked-up entries, V = table rows, D = width

/** The table row of entry i's id, or a RangeError naming the entry when the id is not a row of the table. */
function rowOf(ids: Float32Array, i: number, rows: number): number {
  const id = ids[i];
  if (!Number.isInteger(id) || id < 0 || id >= rows) {
    throw new RangeError(`embedding: id ${id} at entry ${i} is outside the table of ${rows} rows`);
  }
  return id;
}

/** See `Kernel.embeddingGather`. */
export function embeddingGather(ids: Float32Array, table: Float32Array, width: number, out: Float32Array): void {
  const rows = table.length / width;
  for (let i = 0; i < ids.length; i++) {
    const id = rowOf(ids, i, rows);
    out.set(table.subarray(id * width, id * width + width), i * width);
  }
}

/** See `Kernel.embeddingScatterAdd`. */
export function embeddingScatterAdd(ids: Float32Array, dy: Float32Array, width: number, grad: Float32Array): void {
  const rows = grad.length / width;
  for (let i = 0; i < ids.length; i++) {
    const at = rowOf(ids, i, rows) * width;
    const from = i * width;
    for (let j = 0; j < width; j++) grad[at + j] += dy[from + j];
  }
}
