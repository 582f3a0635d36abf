// Checks that a queue's Redis answers, once and within a bounded time, so a wrong address fails fast and clearly.
import { Redis } from 'ioredis';
import { QUEUE_AUTH_FAILED, QUEUE_UNREACHABLE } from '../errors.js';
import type { QueueAddress } from './queue-url.js';

/** How long a first connection may take before the address is declared unreachable. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects to `address` without retrying and sends PING; resolves when Redis answers. Rejects with
 * QUEUE_UNREACHABLE (nothing answers, unknown host, timeout, a refused database) or QUEUE_AUTH_FAILED.
 */
export async function probeQueue(address: QueueAddress): Promise<void> {
  const client = new Redis({
    ...address.connection,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // ioredis rejects with "Connection is closed" and gives the cause only to its error listeners.
  let cause: unknown = null;
  client.on('error', (error: unknown) => { cause ??= error; });
  try {
    await client.connect();
    await client.ping();
    // ioredis selects the database while connecting but does not fail the connection when Redis refuses it.
    if (address.connection.db !== undefined) await client.select(address.connection.db);
  } catch (error) {
    throw describeFailure(address, cause ?? error);
  } finally {
    client.disconnect();
  }
}

function describeFailure(address: QueueAddress, error: unknown) {
  const { code, message } = error as NodeJS.ErrnoException;
  if (/NOAUTH|WRONGPASS|invalid password|AUTH.*without any password/i.test(message)) {
    return QUEUE_AUTH_FAILED(address.shown, message);
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing listens there (connection refused) — is redis-server running on that host and port?',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name could not be resolved',
    ETIMEDOUT: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
    EHOSTUNREACH: 'the host is unreachable',
  };
  const reason = (code && reasons[code]) ?? (/timeout/i.test(message) ? reasons.ETIMEDOUT : message);
  return Object.assign(QUEUE_UNREACHABLE(address.shown, reason), { cause: error });
}
