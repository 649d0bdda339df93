/** The COS parameters the server hands the apps equal the configured ones (APP-COS-PARAMS). */
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass } from '../check.js';
import { FAQ_BY_FIELD } from '../faq.js';
import { loggedInProbe } from '../probe/app-client.js';

export default defineCheck({
  id: 'app.cos-info',
  group: 'app',
  title: 'COS parameters from /login match the config',
  needs: { checks: ['app.login'] },
  async run(ctx) {
    const probe = await loggedInProbe(ctx);
    if (!probe.ok) return probe.skip;
    const { login } = probe;
    const info = (login.data.cos_info ?? {}) as Record<string, unknown>;
    const cos = ctx.config.cos;
    const pairs: Array<[string, string, unknown, unknown, boolean]> = [
      ['Bucket', 'cos.bucket', info.Bucket, cos.bucket, false],
      ['Region', 'cos.region', info.Region, cos.region, false],
      ['Appid', 'cos.appId', info.Appid, cos.appId, false],
      ['SecretId', 'cos.secretId', info.SecretId, cos.secretId, true],
    ];
    const differ = pairs.filter(([, , server, local]) => local !== undefined && String(server ?? '') !== String(local));
    const show = (v: unknown, secret: boolean): string =>
      v === undefined || v === '' ? '(empty)' : secret ? `fp ${fingerprint(String(v))}` : String(v);
    const evidence = Object.fromEntries(pairs.map(([k, , server, , secret]) => [k, show(server, secret)]));
    if (differ.length > 0) {
      return fail({
        summary:
          `the server hands the apps ` +
          `${differ.map(([k, p, s, l, secret]) => `${k}=${show(s, secret)} (${p} is ${show(l, secret)})`).join(', ')}`,
        cause:
          "the deployed server runs with other COS settings than your configuration; uploads use the server's values",
        fix: {
          text:
            'Decide which copy is right (the cos checks verify the local one against COS), ' +
            'then redeploy the server configuration (OutDefine.php COSKEY_* or the ' +
            "bundled server's env file) and restart it.",
        },
        faqId: FAQ_BY_FIELD[differ[0]?.[1] ?? ''] ?? 'APP-COS-PARAMS',
        evidence,
        // One line per value: the apps upload with these, whichever copy turns out to be right.
        findings: differ.map(([k, p, s, l, secret]) => ({
          status: 'fail' as const,
          summary: `cos_info.${k}: the apps get ${show(s, secret)}, ${p} is ${show(l, secret)}`,
          cause: `the parameters the apps upload with differ from ${p} (the cos checks verify ${p} against COS)`,
          fix: {
            text:
              `Make ${k} on the server (OutDefine.php COSKEY_* or the bundled server's ` +
              `env file) and ${p} the same, then restart the server.`,
          },
          faqId: 'APP-COS-PARAMS',
        })),
      });
    }
    return pass(
      `Bucket ${String(info.Bucket)}, Region ${String(info.Region)}, Appid ${String(info.Appid)}, same SecretId`,
      { evidence },
    );
  },
});
