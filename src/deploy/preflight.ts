/**
 * What a host needs before a deploy. `basePreflight` runs before every deploy (Node, disk);
 * `deploy --check` runs all checks and reports each (docs/deploy.md#preflight).
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { probeAddress } from './release/env-file.js';
import { publicHealth } from './health.js';
import { nodeScript } from './remote-scripts.js';
import { commands, type Layout } from './layout.js';
import type { ServiceManager } from './service/service-manager.js';
import type { DeployTarget } from './targets.js';
import { shq, type Remote } from './transport/remote.js';

/** One preflight finding. */
export interface PreflightCheck {
  id: string;
  ok: boolean;
  /** A warning does not fail --check. */
  warning?: boolean;
  detail: string;
  hint?: string;
}

const MIN_NODE_MAJOR = 20;

export async function checkNode(remote: Remote, known?: string): Promise<PreflightCheck> {
  const version = known ?? (await remote.exec(commands.nodeVersion)).stdout.trim();
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? 0);
  if (major >= MIN_NODE_MAJOR) return { id: 'node', ok: true, detail: `node ${version}` };
  const hint = await installHint(remote);
  return {
    id: 'node',
    ok: false,
    detail: version
      ? `node ${version} is too old (need ${MIN_NODE_MAJOR} or newer)`
      : 'node is not installed (or not on the PATH of SSH commands)',
    hint,
  };
}

/** The Node install command for the host's distribution, from /etc/os-release. */
async function installHint(remote: Remote): Promise<string> {
  const r = await remote.exec('cat /etc/os-release 2>/dev/null');
  const id = /^ID="?([^"\n]*)"?/m.exec(r.stdout)?.[1] ?? '';
  const like = /^ID_LIKE="?([^"\n]*)"?/m.exec(r.stdout)?.[1] ?? '';
  const family = `${id} ${like}`;
  if (/debian|ubuntu/.test(family))
    return (
      `Install Node ${MIN_NODE_MAJOR}+ (${id}): ` +
      'curl -fsSL https://deb.nodesource.com/setup_22.x | sudo bash - && sudo apt-get install -y nodejs'
    );
  if (/rhel|centos|fedora|rocky|almalinux|tencentos|opencloudos/.test(family))
    return (
      `Install Node ${MIN_NODE_MAJOR}+ (${id}): sudo dnf module install -y nodejs:22 (or ` +
      'curl -fsSL https://rpm.nodesource.com/setup_22.x | sudo bash - && sudo yum install -y nodejs)'
    );
  if (/alpine/.test(family)) return `Install Node ${MIN_NODE_MAJOR}+ (alpine): apk add nodejs`;
  return (
    `Install Node ${MIN_NODE_MAJOR}+ from https://nodejs.org/en/download (or with nvm) and make sure ` +
    '`node` is on the PATH of non-interactive SSH sessions.'
  );
}

export async function checkDisk(
  remote: Remote,
  l: Layout,
  releaseBytes: number,
  knownKb?: number,
): Promise<PreflightCheck> {
  // The deepest existing ancestor of the deploy root: df needs a path that exists.
  const r =
    knownKb === undefined
      ? await remote.exec(
          `d=${shq(l.root)}; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" | awk 'NR==2{print $4}'`,
        )
      : { code: 0, stdout: String(knownKb), stderr: '' };
  const freeKb = Number(r.stdout.trim());
  const needKb = Math.ceil((releaseBytes * 4) / 1024) + 64 * 1024;
  if (r.code !== 0 || !Number.isFinite(freeKb) || r.stdout.trim() === '')
    return { id: 'disk', ok: false, detail: `cannot read the free space under ${l.root}: ${r.stderr.trim()}` };
  if (freeKb >= needKb)
    return { id: 'disk', ok: true, detail: `${Math.round(freeKb / 1024)} MiB free under ${l.root}` };
  return {
    id: 'disk',
    ok: false,
    detail:
      `only ${Math.round(freeKb / 1024)} MiB free under ${l.root}, ` +
      `a release needs about ${Math.round(needKb / 1024)} MiB`,
    hint: `Free space on the host, or lower deploy.keep so fewer old releases are kept.`,
  };
}

/** Node and disk before every deploy (values from the first round trip); MLVB_PREFLIGHT names what is missing. */
export async function basePreflight(
  remote: Remote,
  l: Layout,
  releaseBytes: number,
  known: { node: string; diskKb: number },
): Promise<string> {
  const checks = [await checkNode(remote, known.node), await checkDisk(remote, l, releaseBytes, known.diskKb)];
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) throw preflightError(remote.label, failed);
  return checks.map((c) => c.detail).join(', ');
}

export function preflightError(label: string, failed: PreflightCheck[]): MinilvbError {
  return new MinilvbError('MLVB_PREFLIGHT', `${label}: ${failed.map((c) => `${c.id}: ${c.detail}`).join('; ')}.`, {
    hint:
      failed
        .map((c) => c.hint)
        .filter(Boolean)
        .join(' ') || 'Run `minilvb deploy --check` for details.',
    details: { host: label, failed: failed.map((c) => c.id) },
  });
}

/** Every check of `deploy --check` for one host (the SSH connection itself was the first). */
export async function fullPreflight(
  remote: Remote,
  l: Layout,
  config: MinilvbConfig,
  target: DeployTarget,
  service: ServiceManager,
  releaseBytes: number,
): Promise<PreflightCheck[]> {
  const out: PreflightCheck[] = [{ id: 'ssh', ok: true, detail: `connected to ${remote.label}, key accepted` }];
  out.push(await checkNode(remote));
  out.push(await checkDisk(remote, l, releaseBytes));
  out.push(await checkPort(remote, l, config, target, service));
  if (config.deploy.service === 'systemd') {
    const r = await remote.exec('command -v systemctl >/dev/null && test -d /run/systemd/system');
    out.push(
      r.code === 0
        ? { id: 'systemd', ok: true, detail: 'systemd is running' }
        : {
            id: 'systemd',
            ok: false,
            detail: 'systemd is not running on the host',
            hint: 'Use deploy.service process with your own supervisor.',
          },
    );
  } else {
    const r = await remote.exec(`test -x ${shq(l.processScript)}`);
    out.push(
      r.code === 0
        ? { id: 'service', ok: true, detail: `${l.processScript} present` }
        : {
            id: 'service',
            ok: false,
            detail: `${l.processScript} is missing or not executable`,
            hint: 'See docs/deploy.md#service-managers.',
          },
    );
  }
  if (config.deploy.nginx === 'on') out.push(await checkNginx(remote, config.deploy.nginxConf));
  if (config.db) out.push(await checkDb(remote, l, config.db));
  if (config.server.publicUrl) {
    const pub = await publicHealth(config.server.publicUrl, 1);
    out.push({
      id: 'callback-url',
      ok: pub.ok,
      warning: !pub.ok,
      detail: pub.ok ? pub.detail : `not answering yet: ${pub.detail}`,
      ...(pub.ok
        ? {}
        : { hint: 'Fine before the first deploy; after it, the callback URL the LVB console calls must answer.' }),
    });
  }
  return out;
}

async function checkPort(
  remote: Remote,
  l: Layout,
  config: MinilvbConfig,
  target: DeployTarget,
  service: ServiceManager,
): Promise<PreflightCheck> {
  const addr = probeAddress(config, target);
  const r = await remote.exec(nodeScript('port-free', addr.host, String(addr.port)));
  if (r.code === 0) return { id: 'port', ok: true, detail: `${addr.host}:${addr.port} is free` };
  if (await service.running(remote, l))
    return { id: 'port', ok: true, detail: `${addr.host}:${addr.port} is held by the running minilvb` };
  return {
    id: 'port',
    ok: false,
    detail: `${addr.host}:${addr.port} is not free (${r.stdout.trim() || r.stderr.trim()})`,
    hint: 'Stop what listens there, or change server.port.',
  };
}

/**
 * The database as the host sees it: with a release there, a login with the server's credentials (sent on
 * stdin) by the release's mysql2; before the first deploy, a TCP connection that reads the MySQL greeting.
 */
async function checkDb(remote: Remote, l: Layout, db: NonNullable<MinilvbConfig['db']>): Promise<PreflightCheck> {
  const at = `${db.host}:${db.port}`;
  const hint = "Check db.host as seen from the host, the security group, bind-address and the account's host part.";
  const hasRelease = (await remote.exec(`test -d ${shq(l.current)}/node_modules/mysql2`)).code === 0;
  if (hasRelease) {
    const login = { host: db.host, port: db.port, user: db.user, password: db.password ?? '', database: db.name };
    const r = await remote.exec(nodeScript('mysql-login'), { cwd: l.current, stdin: JSON.stringify(login) });
    const said = r.stdout.trim() || r.stderr.trim().split('\n').pop() || `exit ${r.code}`;
    return r.code === 0
      ? { id: 'database', ok: true, detail: `${db.user} logs in to ${at}/${db.name} from the host` }
      : {
          id: 'database',
          ok: false,
          detail: `${db.user} cannot log in to ${at}/${db.name} from the host: ${said}`,
          hint,
        };
  }
  const r = await remote.exec(nodeScript('mysql-greeting', db.host, String(db.port)));
  return r.code === 0
    ? {
        id: 'database',
        ok: true,
        detail: `${at} answers from the host (${r.stdout.trim()}; login checked once a release is there)`,
      }
    : {
        id: 'database',
        ok: false,
        detail: `${at} is not reachable from the host (${r.stdout.trim() || r.stderr.trim()})`,
        hint,
      };
}

async function checkNginx(remote: Remote, conf: string): Promise<PreflightCheck> {
  const r = await remote.exec(
    'PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"; command -v nginx >/dev/null || exit 1; ' +
      `test -f ${shq(conf)} || exit 2`,
  );
  if (r.code === 0) return { id: 'nginx', ok: true, detail: `nginx present, ${conf}` };
  return r.code === 2
    ? {
        id: 'nginx',
        ok: false,
        detail: `${conf} does not exist`,
        hint: 'Set deploy.nginxConf to the nginx.conf nginx runs with (nginx -V shows the default).',
      }
    : {
        id: 'nginx',
        ok: false,
        detail: 'nginx is not installed',
        hint: 'apt-get install nginx (or dnf install nginx), or set deploy.nginx off.',
      };
}
