// The --queue URL: redis://[user:password@]HOST:PORT[/DB], checked before any connection, shown without its password.
import { QUEUE_URL_INVALID } from '../errors.js';

/** A parsed queue address: how to connect, and how to name it to a person. */
export interface QueueAddress {
  /** The URL as given, its password replaced by `***` (messages and logs never show a secret). */
  readonly shown: string;
  readonly connection: QueueConnection;
}

/** The fields of a Redis URL, in the form both ioredis and BullMQ take. */
export interface QueueConnection {
  readonly host: string;
  readonly port: number;
  readonly db?: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: { readonly servername: string };
}

/**
 * Parses `url` as given to `flag`; QUEUE_URL_INVALID (an input error) for anything but a Redis URL with a host,
 * a port and an optional database number.
 *
 * @example
 * parseQueueUrl('redis://127.0.0.1:6379/2', '--queue').connection; // { host: '127.0.0.1', port: 6379, db: 2 }
 */
export function parseQueueUrl(url: string, flag: string): QueueAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw QUEUE_URL_INVALID(flag, url, 'not a URL');
  }
  const shown = parsed.password ? url.replace(`:${parsed.password}@`, ':***@') : url;
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw QUEUE_URL_INVALID(flag, shown, `the scheme is ${parsed.protocol.replace(/:$/, '')}, not redis`);
  }
  if (!parsed.hostname) throw QUEUE_URL_INVALID(flag, shown, 'no host');
  if (!parsed.port) throw QUEUE_URL_INVALID(flag, shown, 'no port');
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw QUEUE_URL_INVALID(flag, shown, `the database "${path}" is not a number`);
  if (parsed.search || parsed.hash) throw QUEUE_URL_INVALID(flag, shown, 'a query or fragment is not understood');
  return {
    shown,
    connection: {
      host: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: Number(parsed.port),
      ...(path !== '' ? { db: Number(path) } : {}),
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
    },
  };
}
