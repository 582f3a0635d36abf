// The port of the live view's flags (`run --serve [PORT]`, `serve --port`), read before any heavy module loads.

/** The port the live view uses when none is given. */
export const DEFAULT_PORT = 8765;

/** The port a flag's value names: the default for a bare flag, else the number given (NaN when it is not one). */
export function servePort(value: unknown): number {
  return value === '' || value === true || value === undefined ? DEFAULT_PORT : Number(value);
}
