/** This machine's clock agrees with COS: signatures (and the apps' 30 s keys) depend on it (COS-CLOCK). */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { cosEndpointProbe } from '../probe/cloud-clients.js';

export default defineCheck({
  id: 'cos.clock-skew',
  group: 'cos',
  title: 'Clock agrees with COS',
  needs: { checks: ['cos.endpoint'] },
  async run(ctx) {
    const probe = await cosEndpointProbe(ctx);
    const date = probe?.serverDate;
    const cosMs = date ? Date.parse(date) : NaN;
    if (!Number.isFinite(cosMs)) return skip('COS sent no usable Date header');
    const skew = Math.round((ctx.clock.now() - cosMs) / 1000);
    const lifetime = ctx.config.cos.expiredTime;
    const evidence = {
      cosDate: date ?? '',
      localTime: new Date(ctx.clock.now()).toUTCString(),
      skewSeconds: skew,
      cosKeyLifetime: lifetime,
    };
    const dir = skew > 0 ? 'ahead of' : 'behind';
    // Date has a 1 s resolution and the answer took some time: a couple of seconds is noise.
    if (Math.abs(skew) <= 5) return pass(`clock within ${Math.max(1, Math.abs(skew))} s of COS`, { evidence });
    const fix = {
      text:
        'Turn on time synchronisation (NTP) on this machine and on the server; ' +
        'raise cos.expiredTime (e.g. 300) to tolerate phones with a wrong clock.',
      commands: ['timedatectl set-ntp true', 'timedatectl status'],
    };
    if (Math.abs(skew) >= lifetime) {
      return fail({
        summary: `this clock is ${Math.abs(skew)} s ${dir} COS`,
        cause:
          `COS rejects signatures whose key time does not contain its own time ` +
          `("Request has expired" / RequestTimeTooSkewed); keys from /get_cos_sign ` +
          `live only ${lifetime} s (cos.expiredTime), so a server with this clock ` +
          `hands out keys COS refuses`,
        fix,
        faqId: 'COS-CLOCK',
        evidence,
      });
    }
    return warn({
      summary: `this clock is ${Math.abs(skew)} s ${dir} COS`,
      cause: `/get_cos_sign keys live ${lifetime} s; a skew this large eats into that window`,
      fix,
      faqId: 'COS-CLOCK',
      evidence,
    });
  },
});
