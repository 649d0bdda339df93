/** Register and log in a probe user exactly as the app does; the reply has what the app needs. */
import { defineCheck, fail, pass, skip } from '../check.js';
import { probeLogin } from '../probe/app-client.js';
import { appCallFailure } from '../probe/app-failure.js';
import { serverDbFailure } from '../probe/db-fault-finding.js';
import { targetOf } from '../probe/server-probes.js';

const NEEDED = ['token', 'refresh_token', 'expires', 'roomservice_sign', 'cos_info'];

export default defineCheck({
  id: 'app.login',
  group: 'app',
  title: 'Register and log in (probe user)',
  needs: { checks: ['server.generation'], after: ['server.database', 'database.schema'] },
  async run(ctx) {
    const target = targetOf(ctx);
    if (!target) return skip('no server URL');
    if (ctx.config.protocol === 'action') return skip('the legacy Action protocol has no login');
    const login = await probeLogin(ctx, target);
    if (!login.ok) {
      const r = login.call.ok ? login.call.reply : undefined;
      const db =
        r && (r.http >= 500 || r.code === 500)
          ? await serverDbFailure(ctx, target, r.body, `/${login.step}`)
          : undefined;
      return db ?? appCallFailure(login.call, target, `/${login.step}`);
    }
    const missing = NEEDED.filter((k) => login.data[k] === undefined || login.data[k] === null);
    if (missing.length > 0) {
      return fail({
        summary: `/login answers without ${missing.join(', ')}`,
        cause: 'the apps read these fields right after login (IM login, COS uploads) and fail without them',
        fix: {
          text:
            'Deploy a current server (or the bundled one): its /login returns token, ' +
            'refresh_token, expires, roomservice_sign and cos_info.',
        },
        faqId: 'APP-IM-PARAMS',
        evidence: { userid: login.userid },
      });
    }
    return pass(`registered and logged in ${login.userid}`, {
      evidence: { userid: login.userid, expires: String(login.data.expires) },
    });
  },
});
