/**
 * Each key as the local config, the deployed server, a PHP deployment (--php-dir) and the cloud see it, side by side:
 * which copy is wrong.
 */
import { getPath } from '../../config/index.js';
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, type Finding } from '../check.js';
import { FAQ_BY_FIELD } from '../faq.js';
import { cloudCopies, serverCopies } from '../probe/key-copies.js';
import { phpDeployment, phpKeyValues } from '../probe/php-deployment.js';

const KEYS = [
  'lvb.apiKey',
  'lvb.pushKey',
  'lvb.pushKeyBackup',
  'im.secretKey',
  'cos.secretId',
  'cos.secretKey',
] as const;

type Side = 'local' | 'server' | 'php' | 'cloud';

/** Where each copy is changed, for the fix text. */
const WHERE: Record<Side, string> = {
  local: 'your minilvb config',
  server: 'the deployed server (OutDefine.php / minilvb env file, then restart)',
  php: "the PHP deployment's conf/OutDefine.php (--php-dir)",
  cloud: 'the Tencent Cloud console',
};

export default defineCheck({
  id: 'keys.fingerprints',
  group: 'keys',
  title: 'Same keys in config, server and cloud',
  needs: { after: ['server.generation'] },
  async run(ctx) {
    const [server, cloud, php] = await Promise.all([serverCopies(ctx), cloudCopies(ctx), phpDeployment(ctx)]);
    if (!server.ok && server.wrongToken) {
      return fail({
        summary: 'the server refused server.adminToken at /minilvb/fingerprints',
        cause: 'server.adminToken here differs from the admin token the server runs with',
        fix: { text: "Copy the server's MINILVB_ADMIN_TOKEN into server.adminToken (or set both anew)." },
      });
    }
    const phpValues = php?.outDefine ? phpKeyValues(php) : undefined;
    if (!server.ok && !cloud.ok && !phpValues)
      return skip(`nothing to compare with: server (${server.reason}); cloud (${cloud.reason})`);
    const { config } = ctx;
    const findings: Finding[] = [];
    const evidence: Record<string, string> = {};
    for (const path of KEYS) {
      const raw = getPath(config, path);
      const phpRaw = phpValues?.[path];
      const copies: Record<Side, string | undefined> = {
        local: typeof raw === 'string' && raw !== '' ? fingerprint(raw) : undefined,
        server: server.ok ? server.fps[path] : undefined,
        php: phpRaw !== undefined ? fingerprint(phpRaw) : undefined,
        cloud: cloud.ok ? cloud.fps[path] : undefined,
      };
      const known = (Object.entries(copies) as Array<[Side, string | undefined]>).filter(
        (e): e is [Side, string] => e[1] !== undefined,
      );
      if (known.length === 0) continue;
      const table = known.map(([side, f]) => `${side} ${f}`).join('  ');
      evidence[path] = table;
      if (known.length < 2) continue;
      const alternates = cloud.ok ? (cloud.accepted?.[path] ?? []) : [];
      const onAlternate = known
        .filter(([side, f]) => side !== 'cloud' && f !== copies.cloud && alternates.includes(f))
        .map(([side]) => side);
      const wrong = wrongCopies(known, copies.cloud).filter((side) => !onAlternate.includes(side));
      if (wrong.length === 0) {
        const note =
          onAlternate.length > 0
            ? ` (${onAlternate.join(' and ')}: the cloud's backup key, which Tencent accepts too)`
            : '';
        findings.push({ status: 'pass', summary: `${path}: ${table}${note}` });
        continue;
      }
      findings.push({
        status: 'fail',
        summary: `${path}: ${table}`,
        ...explain(path, wrong, copies, known.length),
        ...(FAQ_BY_FIELD[path] ? { faqId: FAQ_BY_FIELD[path] } : {}),
      });
    }
    const sides =
      `server: ${server.ok ? 'yes' : server.reason}; cloud: ` +
      `${cloud.ok ? 'yes' : cloud.reason}` +
      `${php ? `; php: ${phpValues ? 'yes' : 'no OutDefine.php'}` : ''}`;
    const failed = findings.filter((f) => f.status === 'fail');
    if (failed.length > 0) {
      const first = failed[0] as Finding;
      return {
        status: 'fail',
        summary: `${failed.length} key${failed.length > 1 ? 's differ' : ' differs'} between copies (${sides})`,
        findings,
        evidence,
        ...(first.faqId ? { faqId: first.faqId } : {}),
        ...(first.cause ? { cause: first.cause } : {}),
        ...(first.fix ? { fix: first.fix } : {}),
      };
    }
    if (findings.length === 0) return skip(`no key has two copies to compare (${sides})`, { evidence });
    return pass(`${findings.length} keys identical across copies (${sides})`, { findings, evidence });
  },
});

/**
 * The copies that differ from the cloud; without a cloud copy, the odd ones out (all of them when there is no
 * majority).
 */
function wrongCopies(known: Array<[Side, string]>, truth: string | undefined): Side[] {
  if (truth) return known.filter(([, f]) => f !== truth).map(([side]) => side);
  const counts = new Map<string, number>();
  for (const [, f] of known) counts.set(f, (counts.get(f) ?? 0) + 1);
  if (counts.size === 1) return [];
  const top = Math.max(...counts.values());
  const majority = [...counts.entries()].filter(([, n]) => n === top);
  if (majority.length !== 1) return known.map(([side]) => side);
  const agreed = majority[0]?.[0];
  return known.filter(([, f]) => f !== agreed).map(([side]) => side);
}

function explain(
  path: string,
  wrong: Side[],
  copies: Record<Side, string | undefined>,
  knownCount: number,
): Pick<Finding, 'cause' | 'fix'> {
  const list = wrong.join(' and ');
  if (copies.cloud) {
    return {
      cause:
        `the ${list} cop${wrong.length > 1 ? 'ies differ' : 'y differs'} from ` +
        `the cloud, which is what Tencent uses`,
      fix: { text: `Set ${path} in ${wrong.map((w) => WHERE[w]).join(' and in ')} to the console value.` },
    };
  }
  if (knownCount === 2 && copies.local && copies.server) {
    return {
      cause:
        'the server runs with another value than your config; the cloud checks ' +
        '(cos, im) verify the local copy — if they pass, the server copy is wrong',
      fix: { text: `Make ${path} equal in your config and on the server.` },
    };
  }
  return {
    cause:
      wrong.length < knownCount
        ? `the ${list} cop${wrong.length > 1 ? 'ies differ' : 'y differs'} from the others (no cloud copy to settle it)`
        : 'every copy differs from the others (no cloud copy to settle it)',
    fix: { text: `Compare with the console and make ${path} equal in ${wrong.map((w) => WHERE[w]).join(', ')}.` },
  };
}
