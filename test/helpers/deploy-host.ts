/**
 * The test side of a deploy target: a deploy root on this machine with the `process` supervisor the
 * harness provides (docs/deploy.md#service-managers), a config for minilvb deploy, and HTTP probes.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type MinilvbConfig } from '../../src/config/index.js';
import { buildRelease, type ReleaseArtifact } from '../../src/deploy/index.js';
import { currentConfig, TEST_SECRETS } from './fixtures.js';
import type { Sshd } from './sshd.js';

/** The supervisor: runs `node $MINILVB_RELEASE/bin/minilvb.js serve` with shared/minilvb.env, pidfile in shared/. */
export const SUPERVISOR = `#!/bin/sh
# minilvb test supervisor: restart|stop|status of the release shared/minilvb.env names.
root=$(cd "\${0%/*}" && pwd)
pidf="$root/shared/minilvb.pid"
# A server that exited stays a zombie until init reaps it (seconds on some machines), and kill -0 still
# finds a zombie: alive means a process that is not one.
alive() {
  [ -r "/proc/$1/stat" ] || return 1
  read -r _ _ state _ < "/proc/$1/stat" 2>/dev/null || return 1
  [ "$state" != Z ]
}
stop() {
  read -r pid 2>/dev/null < "$pidf" || return 0
  kill "$pid" 2>/dev/null
  i=0
  while alive "$pid" && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
  kill -9 "$pid" 2>/dev/null
  rm -f "$pidf"
}
case "$1" in
  restart)
    stop
    (set -a; . "$root/shared/minilvb.env"; set +a
     exec setsid node "$MINILVB_RELEASE/bin/minilvb.js" serve >>"$root/shared/logs/stdout.log" 2>&1 </dev/null) &
    echo $! > "$pidf" ;;
  stop) stop ;;
  status) read -r pid 2>/dev/null < "$pidf" && alive "$pid" ;;
  *) echo "usage: $0 restart|stop|status" >&2; exit 2 ;;
esac
`;

let release: Promise<ReleaseArtifact> | undefined;

/**
 * The release tarball of this build, made once per test run (in the run's artifacts directory) and shared
 * by the deploy tests that do not test the building itself (test/integration/deploy-release.test.ts does).
 * Two workers may both build it: the same bytes, each renamed into place.
 */
export function testRelease(): Promise<ReleaseArtifact> {
  release ??= (async () => {
    const dir = join(process.env.MINILVB_TEST_ARTIFACTS ?? mkdtempSync(join(tmpdir(), 'mlvb-release-')), 'release');
    const marker = join(dir, 'artifact.json');
    try {
      return JSON.parse(readFileSync(marker, 'utf8')) as ReleaseArtifact;
    } catch {
      const artifact = await buildRelease({ outDir: dir });
      writeFileSync(`${marker}.${process.pid}`, JSON.stringify(artifact));
      renameSync(`${marker}.${process.pid}`, marker);
      return artifact;
    }
  })();
  return release;
}

/** A fresh deploy root with the supervisor installed. */
export function deployRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'mlvb-deploy-root-'));
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'minilvb-service'), SUPERVISOR, { mode: 0o755 });
  return root;
}

/** Options of deployConfig. */
export interface DeployConfigOptions {
  hosts: Array<{ sshd: Sshd; root: string; listen?: string }>;
  port: number;
  knownHosts: string;
  publicUrl?: string;
  extra?: Record<string, unknown>;
  server?: Record<string, unknown>;
  /** A db section (a real database the deployment uses). */
  db?: Record<string, unknown>;
}

/** A resolved config deploying the current-credentials fixture to the given test hosts. */
export async function deployConfig(o: DeployConfigOptions): Promise<MinilvbConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'mlvb-deploy-cfg-'));
  const hosts = o.hosts
    .map((h) => `root@${h.sshd.address}:${h.sshd.port}${h.root}${h.listen ? `?listen=${h.listen}` : ''}`)
    .join(',');
  const file = currentConfig({
    server: {
      publicUrl: o.publicUrl ?? `http://127.0.0.1:${o.port}`,
      host: '127.0.0.1',
      port: o.port,
      adminToken: TEST_SECRETS.adminToken,
      ...o.server,
    },
    deploy: {
      hosts,
      service: 'process',
      key: o.hosts[0]?.sshd.clientKey,
      knownHosts: o.knownHosts,
      startTimeout: 20000,
      ...o.extra,
    },
    ...(o.db ? { db: o.db } : {}),
  });
  writeFileSync(join(dir, 'minilvb.config.json'), JSON.stringify(file), { mode: 0o600 });
  const loaded = await loadConfig({ cwd: dir, env: {} });
  const errors = loaded.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(`test config invalid: ${JSON.stringify(errors)}`);
  return loaded.config;
}

/** GET a path of a local server: status and body, or 0 when nothing answers. */
export async function httpGet(
  port: number,
  path: string,
  host = '127.0.0.1',
): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}
