// A redis-server of the test's own (Debian's binary) on a free loopback port, with nothing persisted.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A running Redis: its URL, and how to stop or restart it on the same port. */
export interface TestRedis {
  readonly port: number;
  /** redis://127.0.0.1:PORT, with the password when one was asked for. */
  readonly url: string;
  stop(): Promise<void>;
  /** Stops it and starts an empty one on the same port (nothing was persisted). */
  restart(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1 and a port no one uses; resolves once it accepts connections. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  let server = await launch(port, options.password);
  return {
    port,
    url: `redis://${options.password ? `:${options.password}@` : ''}127.0.0.1:${port}`,
    stop: () => halt(server),
    restart: async () => {
      await halt(server);
      server = await launch(port, options.password);
    },
  };
}

async function launch(port: number, password: string | undefined): Promise<ChildProcess> {
  const server = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    ...(password ? ['--requirepass', password] : []),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  await new Promise<void>((ready, fail) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) ready();
    });
    server.once('exit', (code) => fail(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${log}`)));
    server.once('error', fail);
  });
  server.stdout!.resume();
  return server;
}

async function halt(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

/** A port the kernel just gave out on the loopback address and took back. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
