/**
 * Which server doctor probes: `--server`, else server.publicUrl, else the address `minilvb serve`
 * listens on with the same config (server.host / server.port), so `serve` then `doctor` checks
 * the server just started.
 */
import type { MinilvbConfig } from '../config/index.js';
import type { DoctorInputs } from './check.js';

/** Where the probed URL came from (doctor prints it, server.url names it in findings). */
export type ServerUrlSource = '--server' | 'server.publicUrl' | 'server.host/port';

/** The probed server URL and its source. */
export interface ProbeUrl {
  url: string;
  from: ServerUrlSource;
}

export function probeUrl(config: MinilvbConfig, inputs: Pick<DoctorInputs, 'serverUrl'>): ProbeUrl {
  if (inputs.serverUrl) return { url: inputs.serverUrl, from: '--server' };
  if (config.server.publicUrl) return { url: config.server.publicUrl, from: 'server.publicUrl' };
  const base = `http://${connectHost(config.server.host)}:${config.server.port}`;
  return { url: config.protocol === 'action' ? `${base}/interface.php` : base, from: 'server.host/port' };
}

/** A wildcard bind address is reached through loopback; IPv6 literals need brackets in a URL. */
function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
