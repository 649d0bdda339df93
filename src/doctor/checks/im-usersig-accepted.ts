/** The IM REST API accepts an admin UserSig made from im.sdkAppId and the configured key (APP-IM-PARAMS, IM-*). */
import { imAccountCheck, imOptionsFromConfig } from '../../cloud/im.js';
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, warn, type CheckOutcome, type Evidence } from '../check.js';
import { CLOUD_CALL_TIMEOUT_MS } from '../probe/cloud-clients.js';
import { transportOutcome } from '../probe/cloud-finding.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

const IM_CONSOLE = 'https://console.cloud.tencent.com/im';

function interpret(code: string, message: string, sdkAppId: number, admin: string, evidence: Evidence): CheckOutcome {
  const key = 'the IM console (Application configuration > Basic information > Key)';
  switch (code) {
    case '70001':
      return fail({
        summary: 'IM says a freshly made UserSig has expired (70001)',
        cause: "this machine's clock is far off, so the UserSig issue time is wrong",
        fix: { text: 'Turn on NTP.', commands: ['timedatectl set-ntp true'] },
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    case '70003':
      return fail({
        summary: 'IM cannot parse the admin UserSig (70003)',
        cause: 'the key material is malformed (a private key or secret key with stray characters)',
        fix: { text: `Copy the key again from ${key}.`, link: IM_CONSOLE },
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    case '70009':
      return fail({
        summary: `the IM key is not the key of SDKAppID ${sdkAppId} (70009)`,
        cause:
          'im.secretKey (IM_SECRETKEY) belongs to another app or was mistyped: ' +
          'every UserSig the server makes is refused and app login fails',
        fix: {
          text: `Copy the key of SDKAppID ${sdkAppId} from ${key} into im.secretKey and the server, then restart it.`,
          link: IM_CONSOLE,
        },
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    case '70013':
      return fail({
        summary: 'IM says the UserSig is for another identifier (70013)',
        cause: 'a bug: the UserSig and the identifier disagree',
        fix: { text: 'Report this with --verbose output.' },
        faqId: 'IM-*',
        evidence,
      });
    case '70014':
    case '70016':
    case '70020':
    case '60006':
    case '60016':
      return fail({
        summary:
          code === '70020'
            ? `SDKAppID ${sdkAppId} does not exist (70020)`
            : code === '70016'
              ? `IM has no key for SDKAppID ${sdkAppId} here (70016)`
              : `IM refuses SDKAppID ${sdkAppId} (${code})`,
        cause:
          code === '70016'
            ? 'im.sdkAppId is wrong, or the app lives in another data center (set ' +
              'cloud.imEndpoint to its REST host, e.g. adminapisgp.im.qcloud.com)'
            : 'im.sdkAppId (IM_SDKAPPID) is mistyped, belongs to another account, or the app was disabled',
        fix: {
          text:
            'Copy the SDKAppID from the IM console application list into ' +
            'im.sdkAppId, the server and the app constants.',
          link: IM_CONSOLE,
        },
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    case '70403':
    case '60010':
      return fail({
        summary: `${admin} is not an App admin of SDKAppID ${sdkAppId} (${code})`,
        cause: 'im.administrator names an account without admin rights',
        fix: {
          text:
            'Use the admin account of the app (usually "administrator" or "admin", ' +
            'see IM console > Account management) as im.administrator.',
          link: IM_CONSOLE,
        },
        faqId: 'IM-*',
        evidence,
      });
    case '70050':
    case '60007':
    case '60011':
      return warn({
        summary: `IM rate-limits this app (${code})`,
        cause: 'too many requests or failed verifications; IM blocks for about a minute',
        fix: { text: 'Run doctor again in a minute.' },
        faqId: 'IM-*',
        evidence,
      });
    case '60020':
      return fail({
        summary: 'the IM plan of this app has expired (60020)',
        cause: 'IM refuses REST calls until the plan is renewed',
        fix: { text: 'Renew the IM plan.', link: IM_CONSOLE },
        faqId: 'IM-*',
        evidence,
      });
    case '60021':
      return fail({
        summary: 'IM does not allow calls from this IP (60021)',
        cause: 'an IP allow-list is set for the REST API',
        fix: { text: "Add this machine's and the server's IP to the allow-list, or remove it.", link: IM_CONSOLE },
        faqId: 'IM-*',
        evidence,
      });
    default:
      return fail({
        summary: `IM account_check failed: ${code} ${message}`,
        cause: 'IM refused the admin request',
        fix: {
          text: 'See the IM error code list (doc 269/1671).',
          link: 'https://cloud.tencent.com/document/product/269/1671',
        },
        faqId: 'IM-*',
        evidence,
      });
  }
}

export default defineCheck({
  id: 'im.usersig-accepted',
  group: 'im',
  title: 'IM accepts UserSigs made with the key',
  needs: { config: ['im.sdkAppId'] },
  fix: cloudApplyFix('im.admin'),
  async run(ctx) {
    const opts = imOptionsFromConfig(ctx.config, CLOUD_CALL_TIMEOUT_MS);
    if ('missing' in opts)
      return skip(`not configured: set ${opts.missing.join(', ')} (or im.privateKey for legacy apps)`);
    const evidence: Evidence = {
      sdkAppId: opts.sdkAppId,
      administrator: opts.administrator,
      keyFingerprint: fingerprint(opts.secretKey ?? opts.privateKey ?? ''),
      userSigVersion: opts.secretKey ? 'v2' : 'v1',
    };
    const r = await imAccountCheck({ ...opts, now: Math.floor(ctx.clock.now() / 1000) });
    const admin = r.ok ? r.items.find((i) => i.userId === opts.administrator) : undefined;
    if (admin?.status === 'NotImported') {
      return fail({
        summary:
          `the IM admin account ${opts.administrator} is not imported in SDKAppID ` +
          `${opts.sdkAppId} (account_check: NotImported)`,
        cause:
          'the key and SDKAppID fit, but the admin identifier the server uses ' +
          '(im.administrator) has no IM account: admin REST calls of the server ' +
          '(group creation, messages) fail',
        fix: {
          text:
            `Create or import ${opts.administrator} in the IM console (Account ` +
            `management > App admin), or set im.administrator to an existing App ` +
            `admin.`,
          link: IM_CONSOLE,
        },
        faqId: 'IM-ADMIN',
        evidence: { ...evidence, accountStatus: admin.status },
      });
    }
    if (r.ok)
      return pass(`SDKAppID ${opts.sdkAppId} accepts admin UserSigs made with the configured key`, { evidence });
    const transport = transportOutcome(r, {
      name: 'the IM REST API',
      where: ctx.config.cloud.imEndpoint,
      endpointField: 'cloud.imEndpoint',
    });
    if (transport) return transport;
    if (r.code === 'LocalUserSig')
      return fail({
        summary: 'cannot make an admin UserSig from the configured key',
        cause: r.message,
        fix: { text: 'Check im.secretKey / im.privateKey (see config.credentials).' },
        faqId: 'APP-IM-PARAMS',
        evidence,
      });
    return interpret(r.code, r.message, opts.sdkAppId, opts.administrator, { ...evidence, errorCode: r.code });
  },
});
