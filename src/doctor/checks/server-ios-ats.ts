/** What iOS App Transport Security requires of the server connection (APP-ATS). */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { targetOf } from '../probe/server-probes.js';
import { strongSignature, tlsInfo } from '../probe/tls-info.js';

export default defineCheck({
  id: 'server.ios-ats',
  group: 'server',
  title: 'iOS App Transport Security',
  needs: { checks: ['server.reachable'], after: ['server.https'] },
  async run(ctx) {
    const target = targetOf(ctx);
    if (!target) return skip('no server URL');
    if (!target.https) {
      return warn({
        summary: `the server is http:// (${target.origin}); iOS blocks plain HTTP by default`,
        cause: 'App Transport Security refuses http:// connections unless the app declares an exception',
        fix: {
          text:
            'Serve HTTPS (certificate + nginx listen 443 ssl) and set ' +
            'kHttpServerAddr to https://…; for development only, add an ' +
            'NSAppTransportSecurity exception to Info.plist.',
          link: 'https://developer.apple.com/documentation/security/preventing-insecure-network-connections',
        },
        faqId: 'APP-ATS',
        evidence: { scheme: 'http' },
      });
    }
    const https = ctx.result('server.https');
    if (https && https.status !== 'pass' && https.status !== 'warn')
      return skip(`server.https ${https.status === 'fail' ? 'failed' : 'did not pass'}`);
    const info = await tlsInfo(ctx, target);
    const problems: string[] = [];
    if (!/^TLSv1\.[23]$/.test(info.protocol)) problems.push(`protocol ${info.protocol} (needs TLS 1.2 or later)`);
    if (info.protocol !== 'TLSv1.3' && !/^(ECDHE|DHE)/.test(info.cipher))
      problems.push(`cipher ${info.cipher} has no forward secrecy (needs ECDHE)`);
    if (!strongSignature(info.signatureAlgorithm))
      problems.push(`certificate signed with ${info.signatureAlgorithm} (needs SHA-256 or stronger)`);
    if (info.keyType === 'RSA' && info.keyBits < 2048) problems.push(`RSA key of ${info.keyBits} bits (needs ≥ 2048)`);
    if (info.keyType === 'EC' && info.keyBits < 256) problems.push(`EC key of ${info.keyBits} bits (needs ≥ 256)`);
    const evidence = {
      protocol: info.protocol,
      cipher: info.cipher,
      signature: info.signatureAlgorithm,
      key: `${info.keyType} ${info.keyBits}`,
    };
    if (problems.length > 0) {
      return fail({
        summary: `iOS will refuse this HTTPS server: ${problems.join('; ')}`,
        cause:
          'App Transport Security requires TLS ≥ 1.2 with forward secrecy and a ' +
          'SHA-256+ certificate with an RSA ≥ 2048 or ECC ≥ 256 key',
        fix: {
          text:
            'Enable TLS 1.2/1.3 with ECDHE ciphers (nginx: ssl_protocols TLSv1.2 ' +
            'TLSv1.3;) and use a SHA-256 certificate with a 2048-bit RSA or P-256 ' +
            'key.',
        },
        faqId: 'APP-ATS',
        evidence,
      });
    }
    return pass(`${info.protocol}, ${info.cipher}, ${info.signatureAlgorithm}, ${info.keyType} ${info.keyBits}`, {
      evidence,
    });
  },
});
