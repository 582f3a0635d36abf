// The reference GEMM: transposes to the "NT" form, then register-blocked dot products over contiguous rows.

let scratchA = new Float32Array(0);
let scratchB = new Float32Array(0);

function scratch(which: 'a' | 'b', size: number): Float32Array {
  if (which === 'a') {
    if (scratchA.length < size) scratchA = new Float32Array(size);
    return scratchA;
  }
  if (scratchB.length < size) scratchB = new Float32Array(size);
  return scratchB;
}

/** out(cols×rows) ← in(rows×cols)ᵀ. */
export function transpose(input: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  const block = 32;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(r0 + block, rows);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(c0 + block, cols);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = input[r * cols + c];
      }
    }
  }
  return out;
}

/** C ← α · op(A) · op(B) + β · C, as the Kernel contract's `gemm`. */
export function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
  alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
  const rowsA = transA ? transpose(a, K, M, scratch('a', M * K)) : a;
  const rowsB = transB ? b : transpose(b, K, N, scratch('b', N * K));
  gemmNT(M, N, K, alpha, rowsA, rowsB, beta, c);
}

/**
 * C(M×N) ← α · A(M×K) · B(N×K)ᵀ + β · C. Both operands are read along contiguous rows; a 4×4 block of
 * dot products shares each load four times.
 */
export function gemmNT(M: number, N: number, K: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      store(c, i * N + j, N, alpha, beta, c00, c01, c02, c03, c10, c11, c12, c13);
      store(c, (i + 2) * N + j, N, alpha, beta, c20, c21, c22, c23, c30, c31, c32, c33);
    }
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) dotInto(c, (i + r) * N + j, a, (i + r) * K, b, j * K, K, alpha, beta);
    }
  }
  for (; i < M; i++) {
    for (let j = 0; j < N; j++) dotInto(c, i * N + j, a, i * K, b, j * K, K, alpha, beta);
  }
}

/** Writes a 2×4 block of results at `at` (two rows, `stride` apart). */
function store(c: Float32Array, at: number, stride: number, alpha: number, beta: number,
  r00: number, r01: number, r02: number, r03: number, r10: number, r11: number, r12: number, r13: number): void {
  const below = at + stride;
  if (beta === 0) {
    c[at] = alpha * r00; c[at + 1] = alpha * r01; c[at + 2] = alpha * r02; c[at + 3] = alpha * r03;
    c[below] = alpha * r10; c[below + 1] = alpha * r11; c[below + 2] = alpha * r12; c[below + 3] = alpha * r13;
  } else {
    c[at] = alpha * r00 + beta * c[at]; c[at + 1] = alpha * r01 + beta * c[at + 1];
    c[at + 2] = alpha * r02 + beta * c[at + 2]; c[at + 3] = alpha * r03 + beta * c[at + 3];
    c[below] = alpha * r10 + beta * c[below]; c[below + 1] = alpha * r11 + beta * c[below + 1];
    c[below + 2] = alpha * r12 + beta * c[below + 2]; c[below + 3] = alpha * r13 + beta * c[below + 3];
  }
}

function dotInto(c: Float32Array, at: number, a: Float32Array, aStart: number, b: Float32Array, bStart: number,
  K: number, alpha: number, beta: number): void {
  let sum = 0;
  for (let k = 0; k < K; k++) sum += a[aStart + k] * b[bStart + k];
  c[at] = beta === 0 ? alpha * sum : alpha * sum + beta * c[at];
}
