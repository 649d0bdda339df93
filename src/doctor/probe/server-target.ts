/** The URLs doctor probes on the business server, derived from the configured base URL. */
import type { Protocol } from '../../config/index.js';

/** Where things live on the server. */
export interface ServerTarget {
  /** As configured (may have a trailing slash or a path: server.url flags those). */
  configured: string;
  /** scheme://host[:port] */
  origin: string;
  https: boolean;
  host: string;
  port: number;
  /** The deployment health check (docs/app-protocol.md#health-check-and-errors). */
  interfaceUrl: string;
  /** The URL the LVB console calls for recordings (docs/callbacks.md#where-callbacks-come-from). */
  callbackUrl: string;
  /** A path-protocol endpoint, e.g. `login` → `{origin}/login`. */
  endpoint(name: string): string;
}

export function serverTarget(url: string, _protocol: Protocol): ServerTarget {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const origin = `${u.protocol}//${u.host}`;
  return {
    configured: url,
    origin,
    https,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : https ? 443 : 80,
    interfaceUrl: `${origin}/interface.php`,
    callbackUrl: `${origin}/callback/tape_callback.php`,
    endpoint: (name) => `${origin}/${name}`,
  };
}
