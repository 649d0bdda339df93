/** Deploy targets from `deploy.hosts`: `user@host[:port]`, optionally `/path` and `?listen=addr:port` per host. */
import { InputError } from '../errors.js';

/** One host to deploy to. */
export interface DeployTarget {
  /** As written in the config, for messages. */
  label: string;
  user: string;
  host: string;
  port: number;
  /** Deploy root on this host. */
  root: string;
  /** `addr:port` the server listens on there, when it differs from server.host/server.port. */
  listen?: { host: string; port: number };
}

export function parseTargets(hosts: string | undefined, defaultRoot: string): DeployTarget[] {
  const entries = (hosts ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return entries.map((entry) => parseTarget(entry, defaultRoot));
}

export function parseTarget(entry: string, defaultRoot: string): DeployTarget {
  let url: URL;
  try {
    url = new URL(`ssh://${entry.replace(/^ssh:\/\//, '')}`);
  } catch {
    throw bad(entry);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host || !url.username) throw bad(entry);
  const path = decodeURIComponent(url.pathname);
  const listen = url.searchParams.get('listen');
  const target: DeployTarget = {
    label: `${decodeURIComponent(url.username)}@${host}${url.port ? `:${url.port}` : ''}`,
    user: decodeURIComponent(url.username),
    host,
    port: url.port ? Number(url.port) : 22,
    root: path && path !== '/' ? path.replace(/\/+$/, '') : defaultRoot,
  };
  if (listen) {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(listen);
    if (!m) throw bad(entry);
    target.listen = { host: m[1] as string, port: Number(m[2]) };
  }
  return target;
}

function bad(entry: string): InputError {
  return new InputError(`deploy.hosts: "${entry}" is not user@host[:port][/path][?listen=addr:port].`, {
    hint: 'Example: root@203.0.113.5,deploy@203.0.113.6:2222 (minilvb config set deploy.hosts …).',
  });
}
