/**
 * Exact routing (docs/app-protocol.md#d11, docs/config-files.md#reverse-proxy-site-for-the-bundled-server):
 * `/{name}` and `/interface.php/{name}` for the fixed endpoint list (case-sensitive, one trailing slash
 * tolerated), `/interface.php` itself, the two callback paths, health and admin. A well-formed
 * but unknown single name answers code 400 like the PHP router; every other path is a 404.
 */
import type { PathEndpoint } from './routes/endpoint.js';
import { PATH_ENDPOINTS } from './routes/index.js';

/** Where a request goes. */
export type Route =
  | { kind: 'path'; name: string; endpoint: PathEndpoint }
  | { kind: 'unknown-name'; name: string }
  | { kind: 'interface' }
  | { kind: 'callback' }
  | { kind: 'healthz' }
  | { kind: 'readyz' }
  | { kind: 'fingerprints' }
  | { kind: 'cleanup-probe' }
  | { kind: 'roomservice' }
  | { kind: 'not-found' };

const NAME = /^[A-Za-z0-9_]{1,64}$/;
const FIXED: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/interface.php', { kind: 'interface' }],
  ['/interface.php/', { kind: 'interface' }],
  ['/callback/tape_callback.php', { kind: 'callback' }],
  ['/callback/Live_callback.php', { kind: 'callback' }],
  ['/healthz', { kind: 'healthz' }],
  ['/readyz', { kind: 'readyz' }],
  ['/minilvb/fingerprints', { kind: 'fingerprints' }],
  ['/minilvb/cleanup-probe', { kind: 'cleanup-probe' }],
]);

/** The path part of a request target (no query), also for absolute-form targets. */
export function pathnameOf(url: string | undefined): string {
  let target = url ?? '/';
  if (!target.startsWith('/')) {
    try {
      target = new URL(target).pathname;
    } catch {
      return '';
    }
  }
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

export function route(pathname: string): Route {
  const fixed = FIXED.get(pathname);
  if (fixed) return fixed;
  // RoomService (docs/roomservice.md#transport) lives under /weapp/.
  if (pathname.startsWith('/weapp/')) return { kind: 'roomservice' };
  let rest = pathname.startsWith('/interface.php/') ? pathname.slice('/interface.php/'.length) : pathname.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (!NAME.test(rest)) return { kind: 'not-found' };
  const endpoint = PATH_ENDPOINTS.get(rest);
  return endpoint ? { kind: 'path', name: rest, endpoint } : { kind: 'unknown-name', name: rest };
}
