/**
 * The generated app constants hold what the apps call, whatever the local config now says: a
 * trailing slash (SRV-TRAILING), another host or form of the server URL (APP-SERVER-ADDR), a COS
 * v4 region code that is not the bucket's (APP-COS-REGION, app generation A).
 */
import { cosV4Region } from '../../templates/view.js';
import { defineCheck, fail, pass, skip, type Finding } from '../check.js';
import { appConstants, type AppConstants } from '../probe/app-constants.js';
import { generatedDir } from '../probe/generated-dir.js';

export default defineCheck({
  id: 'config.app-constants',
  group: 'config',
  title: 'Generated app constants (server URL, COS region)',
  async run(ctx) {
    const files = await appConstants(ctx);
    if (files.length === 0)
      return skip(
        `no generated app constants in ${generatedDir(ctx.inputs).shown}/clients (minilvb generate writes them)`,
      );
    const base = ctx.serverUrl?.replace(/\/interface\.php$/, '').replace(/\/+$/, '');
    const findings = files.flatMap((f) => [
      ...urlFindings(f, base, ctx.config.protocol),
      ...regionFindings(f, ctx.config.cos.region),
    ]);
    const evidence = Object.fromEntries(
      files.map((f) => [f.path, [f.serverUrl?.value, f.cosRegion?.value].filter(Boolean).join(' ')]),
    );
    const failed = findings.filter((x) => x.status === 'fail');
    const first = failed[0];
    if (first) {
      return fail({
        summary:
          failed.length > 1 ? `${failed.length} problems in the app constants; first: ${first.summary}` : first.summary,
        ...(first.cause ? { cause: first.cause } : {}),
        ...(first.fix ? { fix: first.fix } : {}),
        ...(first.faqId ? { faqId: first.faqId } : {}),
        findings,
        evidence,
      });
    }
    return pass(
      `${files.length} constants file${files.length === 1 ? '' : 's'} call ` +
        `${base ?? 'the server'}` +
        `${files.some((f) => f.cosRegion) ? " with the bucket's COS v4 region" : ''}`,
      { evidence },
    );
  },
});

const REGENERATE = {
  text: 'Regenerate the constants (minilvb generate --only clients --force), paste them into the app and rebuild it.',
  commands: ['minilvb generate --only clients --force'],
};

function urlFindings(f: AppConstants, base: string | undefined, protocol: string): Finding[] {
  const url = f.serverUrl;
  if (!url) return [];
  const at = `${url.name} in ${f.path} is ${JSON.stringify(url.value)}`;
  if (url.value.endsWith('/')) {
    return [
      {
        status: 'fail',
        summary: `${at}: it ends with "/"`,
        cause: 'the apps append "/login" etc., so every request goes to //login and the server answers 400 Bad Request',
        fix: REGENERATE,
        faqId: 'SRV-TRAILING',
      },
    ];
  }
  const action = f.generation === 'A';
  let parsed: URL;
  try {
    parsed = new URL(url.value);
  } catch {
    return [
      {
        status: 'fail',
        summary: `${at}: not a URL`,
        cause: 'the apps cannot reach the server',
        fix: REGENERATE,
        faqId: 'APP-SERVER-ADDR',
      },
    ];
  }
  if (action ? parsed.pathname !== '/interface.php' : parsed.pathname !== '/') {
    return [
      {
        status: 'fail',
        summary: `${at}: ${action ? 'it must end in /interface.php' : 'it has a path'}`,
        cause: action
          ? 'the 2016–17 apps POST to SVR_POST_URL itself'
          : 'the path protocol apps append /login, /get_vod_list, … to the bare base URL',
        fix: REGENERATE,
        faqId: 'APP-SERVER-ADDR',
      },
    ];
  }
  if (base && parsed.origin !== new URL(base).origin) {
    return [
      {
        status: 'fail',
        summary: `${at}, but the server is ${base}`,
        cause: 'apps built with these constants call another server than the one doctor checks',
        fix: REGENERATE,
        faqId: 'APP-SERVER-ADDR',
      },
    ];
  }
  if (protocol === 'action' && !action) return [];
  return [{ status: 'pass', summary: at }];
}

function regionFindings(f: AppConstants, region: string | undefined): Finding[] {
  if (!f.cosRegion || !region) return [];
  const want = cosV4Region(region)?.code;
  const at = `${f.cosRegion.name} in ${f.path} is ${f.cosRegion.value}`;
  if (want === f.cosRegion.value) return [{ status: 'pass', summary: at }];
  return [
    {
      status: 'fail',
      summary: `${at}, the bucket is in ${region}${want ? ` (COS v4 code ${want})` : ' (no COS v4 code)'}`,
      cause: 'the COS v4 apps build the upload host from this code: a wrong one gives ERROR_CMD_BUCKET_NOTEXIST (-133)',
      fix: REGENERATE,
      faqId: 'APP-COS-REGION',
    },
  ];
}
