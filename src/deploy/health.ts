/**
 * Health gates: `/readyz` on the host itself (fetched by the host's own node over SSH, so the check
 * needs no open port), and the public URL the apps use (`GET /interface.php` answers returnValue
 * 4001 in both protocols, docs/app-protocol.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Layout } from './layout.js';
import type { ServiceManager } from './service/service-manager.js';
import { nodeScript } from './remote-scripts.js';
import type { Remote } from './transport/remote.js';

/** What a health check saw. */
export interface HealthResult {
  ok: boolean;
  detail: string;
}

/** One GET of `url` on the host, or, with `windowMs`, GETs every 100 ms until one answers 2xx. */
export function probeCommand(url: string, windowMs = 0): string {
  return windowMs > 0 ? nodeScript('readyz-probe', url, String(windowMs)) : nodeScript('readyz-probe', url);
}

/** How long one round trip of waitReady polls on the host. */
const POLL_WINDOW_MS = 5000;
/** How long after a start the service manager's "not running" is not believed yet. */
const START_GRACE_MS = 500;

export function readyzUrl(addr: { host: string; port: number }): string {
  return `http://${addr.host.includes(':') ? `[${addr.host}]` : addr.host}:${addr.port}/readyz`;
}

/** Polls /readyz on the host until it answers 200, the service stops running, or the time is up. */
export async function waitReady(
  remote: Remote,
  service: ServiceManager,
  l: Layout,
  addr: { host: string; port: number },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HealthResult> {
  const deadline = Date.now() + timeoutMs;
  // The probe polls on the host (no SSH round trip and node start per poll) and asks the service manager
  // every 250 ms whether the service still runs, so a server that died (bad config, port taken) is
  // reported within a second rather than at the timeout. Windows are bounded so an abort is seen.
  for (let i = 0; ; i++) {
    const window = Math.max(1, Math.min(POLL_WINDOW_MS, deadline - Date.now()));
    const grace = i === 0 ? START_GRACE_MS : 0;
    const r = await remote.exec(
      nodeScript('readyz-probe', readyzUrl(addr), String(window), service.statusCommand(l), String(grace)),
    );
    const last = (r.stdout || r.stderr).trim() || `exit ${r.code}`;
    if (r.code === 0) return { ok: true, detail: last };
    if (r.code === 99) return { ok: false, detail: `the service exited (${last})` };
    if (Date.now() >= deadline || signal?.aborted)
      return { ok: false, detail: `not ready after ${timeoutMs} ms (${last})` };
  }
}

/** GET <publicUrl>/interface.php from here must answer returnValue 4001. */
export async function publicHealth(publicUrl: string, tries = 3): Promise<HealthResult> {
  const url = `${publicUrl.replace(/\/interface\.php$/, '').replace(/\/+$/, '')}/interface.php`;
  let last = '';
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await res.text();
      if (/"returnValue"\s*:\s*4001/.test(body)) return { ok: true, detail: `${url}: returnValue 4001` };
      last = `${url}: HTTP ${res.status} ${body.slice(0, 120)}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      last = `${url}: ${cause ?? (e as Error).message}`;
    }
    if (i < tries - 1) await sleep(300);
  }
  return { ok: false, detail: last };
}
