/** Each key as the local config, the deployed server and the cloud see it, side by side: which copy is wrong. */
import { getPath } from '../../config/index.js';
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, type Finding } from '../check.js';
import { FAQ_BY_FIELD } from '../faq.js';
import { cloudCopies, serverCopies } from '../probe/key-copies.js';

const KEYS = ['lvb.apiKey', 'lvb.pushKey', 'lvb.pushKeyBackup', 'im.secretKey', 'cos.secretId', 'cos.secretKey'] as const;

/** Where each copy is changed, for the fix text. */
const WHERE: Record<'local' | 'server' | 'cloud', string> = {
  local: 'your minilvb config',
  server: 'the deployed server (OutDefine.php / minilvb env file, then restart)',
  cloud: 'the Tencent Cloud console',
};

export default defineCheck({
  id: 'keys.fingerprints',
  group: 'keys',
  title: 'Same keys in config, server and cloud',
  needs: { after: ['server.generation'] },
  async run(ctx) {
    const [server, cloud] = await Promise.all([serverCopies(ctx), cloudCopies(ctx)]);
    if (!server.ok && server.wrongToken) {
      return fail({ summary: 'the server refused server.adminToken at /minilvb/fingerprints', cause: 'server.adminToken here differs from the admin token the server runs with', fix: { text: 'Copy the server\'s MINILVB_ADMIN_TOKEN into server.adminToken (or set both anew).' } });
    }
    if (!server.ok && !cloud.ok) return skip(`nothing to compare with: server (${server.reason}); cloud (${cloud.reason})`);
    const config = ctx.config as unknown as Record<string, unknown>;
    const findings: Finding[] = [];
    const evidence: Record<string, string> = {};
    for (const path of KEYS) {
      const raw = getPath(config, path);
      const copies = {
        local: typeof raw === 'string' && raw !== '' ? fingerprint(raw) : undefined,
        server: server.ok ? server.fps[path] : undefined,
        cloud: cloud.ok ? cloud.fps[path] : undefined,
      };
      const known = (Object.entries(copies) as Array<[keyof typeof copies, string | undefined]>).filter(([, v]) => v !== undefined) as Array<[keyof typeof WHERE, string]>;
      if (known.length === 0) continue;
      const table = known.map(([side, fp]) => `${side} ${fp}`).join('  ');
      evidence[path] = table;
      if (known.length < 2) continue;
      const truth = copies.cloud;
      const wrong = truth ? known.filter(([, fp]) => fp !== truth).map(([side]) => side) : copies.local !== copies.server ? ['local', 'server'] as const : [];
      if (wrong.length === 0) {
        findings.push({ status: 'pass', summary: `${path}: ${table}` });
        continue;
      }
      findings.push({
        status: 'fail',
        summary: `${path}: ${table}`,
        cause: truth
          ? `the ${wrong.join(' and ')} cop${wrong.length > 1 ? 'ies differ' : 'y differs'} from the cloud, which is what Tencent uses`
          : 'the server runs with another value than your config; the cloud checks (cos, im) verify the local copy — if they pass, the server copy is wrong',
        fix: { text: truth ? `Set ${path} in ${wrong.map((w) => WHERE[w]).join(' and in ')} to the console value.` : `Make ${path} equal in your config and on the server.` },
        ...(FAQ_BY_FIELD[path] ? { faqId: FAQ_BY_FIELD[path] } : {}),
      });
    }
    const sides = `server: ${server.ok ? 'yes' : server.reason}; cloud: ${cloud.ok ? 'yes' : cloud.reason}`;
    const failed = findings.filter((f) => f.status === 'fail');
    if (failed.length > 0) {
      const first = failed[0] as Finding;
      return { status: 'fail', summary: `${failed.length} key${failed.length > 1 ? 's differ' : ' differs'} between copies (${sides})`, findings, evidence, ...(first.faqId ? { faqId: first.faqId } : {}), ...(first.cause ? { cause: first.cause } : {}), ...(first.fix ? { fix: first.fix } : {}) };
    }
    if (findings.length === 0) return skip(`no key has two copies to compare (${sides})`, { evidence });
    return pass(`${findings.length} keys identical across copies (${sides})`, { findings, evidence });
  },
});
