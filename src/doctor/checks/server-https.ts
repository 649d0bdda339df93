/** The HTTPS certificate is trusted, matches the host and is not (nearly) expired (SRV-HTTPS). */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { netFailure } from '../probe/net-finding.js';
import { ProbeError } from '../probe/http.js';
import { targetOf } from '../probe/server-probes.js';
import { tlsInfo } from '../probe/tls-info.js';

const WARN_DAYS = 14;
const DAY = 86_400_000;

export default defineCheck({
  id: 'server.https',
  group: 'server',
  title: 'HTTPS certificate',
  needs: { checks: ['server.reachable'] },
  async run(ctx) {
    const target = targetOf(ctx);
    if (!target || !target.https) return skip('the server URL is http:// (see server.ios-ats)');
    let info;
    try {
      info = await tlsInfo(ctx, target);
    } catch (err) {
      if (err instanceof ProbeError) return netFailure(err, target, `${target.origin} (TLS)`, 'SRV-HTTPS');
      throw err;
    }
    const daysLeft = Math.floor((info.validTo.getTime() - ctx.clock.now()) / DAY);
    const evidence = {
      subject: info.subject,
      issuer: info.issuer,
      validTo: info.validTo.toISOString(),
      daysLeft,
      protocol: info.protocol,
    };
    const renew = {
      text: `Renew the certificate for ${target.host} and reload the web server.`,
      commands: ['nginx -t && nginx -s reload'],
      link: 'https://console.cloud.tencent.com/ssl',
    };
    if (info.validTo.getTime() < ctx.clock.now() || info.authorizationError === 'CERT_HAS_EXPIRED') {
      return fail({
        summary: `the certificate of ${target.host} expired on ${info.validTo.toISOString().slice(0, 10)}`,
        cause: 'the apps (and browsers) refuse an expired certificate: every request fails',
        fix: renew,
        faqId: 'SRV-HTTPS',
        evidence,
      });
    }
    if (info.validFrom.getTime() > ctx.clock.now() || info.authorizationError === 'CERT_NOT_YET_VALID') {
      return fail({
        summary: `the certificate of ${target.host} is valid only from ${info.validFrom.toISOString()}`,
        cause: "the certificate is not valid yet, or this machine's clock is wrong",
        fix: { text: 'Check the clock (NTP) here and on the server; deploy a currently valid certificate.' },
        faqId: 'SRV-HTTPS',
        evidence,
      });
    }
    if (info.hostnameError) {
      return fail({
        summary: `the certificate does not cover ${target.host}`,
        cause: info.hostnameError,
        fix: {
          text:
            `Deploy a certificate whose subject alternative names include ` +
            `${target.host}, or use the host name it was issued for.`,
        },
        faqId: 'SRV-HTTPS',
        evidence,
      });
    }
    if (info.authorizationError) {
      return fail({
        summary: `the certificate of ${target.host} is not trusted (${info.authorizationError})`,
        cause: /SELF_SIGNED/.test(info.authorizationError)
          ? 'it is self-signed; phones do not trust it'
          : 'it is not signed by a public CA, or the intermediate certificates are ' +
            'missing from the server configuration',
        fix: {
          text:
            'Use a certificate from a public CA and configure the full chain ' +
            '(ssl_certificate with the intermediates).',
        },
        faqId: 'SRV-HTTPS',
        evidence,
      });
    }
    if (daysLeft < WARN_DAYS) {
      return warn({
        summary:
          `the certificate of ${target.host} expires in ${daysLeft} day` +
          `${daysLeft === 1 ? '' : 's'} (${info.validTo.toISOString().slice(0, 10)}` +
          `)`,
        cause: 'when it expires, every app request fails',
        fix: renew,
        faqId: 'SRV-HTTPS',
        evidence,
      });
    }
    return pass(`trusted certificate for ${target.host}, ${daysLeft} days left`, { evidence });
  },
});
