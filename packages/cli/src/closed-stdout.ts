// Output to a reader that may leave (`ontogeny run … | head -2`): once stdout is closed, what would be printed is dropped and the work goes on.

/**
 * From the first EPIPE on `stream` on, writes to it are dropped instead of crashing the process with an
 * unhandled 'error' event; any other error of the stream is still thrown.
 */
export function dropOutputWhenClosed(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = (() => true) as typeof stream.write;
  });
}
