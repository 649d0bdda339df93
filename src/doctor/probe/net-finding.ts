/** Turns a network failure into a finding that names the cause and the fix. */
import { fail, type CheckOutcome } from '../check.js';
import type { ProbeError } from './http.js';
import type { ServerTarget } from './server-target.js';

export function netFailure(err: ProbeError, target: ServerTarget, what: string, faqId = 'SRV-REACH'): CheckOutcome {
  const where = `${target.host}:${target.port}`;
  const evidence = { url: what, code: err.code, kind: err.kind };
  switch (err.kind) {
    case 'dns':
      return fail({
        summary: `the host name ${target.host} does not resolve (${err.code})`,
        cause: 'a typo in the server URL, or the DNS record is missing',
        fix: {
          text: `Check the host in server.publicUrl / --server (${target.configured}) and its DNS record.`,
          commands: [`nslookup ${target.host}`],
        },
        faqId: 'APP-SERVER-ADDR',
        evidence,
      });
    case 'refused':
      return fail({
        summary: `nothing accepts connections on ${where} (connection refused)`,
        cause: 'the server (nginx or minilvb serve) is not running, or listens on another port',
        fix: {
          text: 'Start the server, or correct the port in the server URL.',
          commands: ['systemctl status minilvb nginx', 'minilvb serve'],
        },
        faqId,
        evidence,
      });
    case 'timeout':
      return fail({
        summary: `no answer from ${where} in time`,
        cause: 'a firewall or cloud security group drops the traffic, or the server hangs',
        fix: {
          text:
            `Open TCP ${target.port} in the security group / firewall, and check ` +
            `that the server process is responsive.`,
          link: 'https://console.cloud.tencent.com/cvm/securitygroup',
        },
        faqId,
        evidence,
      });
    case 'unreachable':
      return fail({
        summary: `${where} is unreachable (${err.code})`,
        cause: 'no network route to the host from here',
        fix: { text: "Check the host address and this machine's network." },
        faqId,
        evidence,
      });
    case 'tls':
      return fail({
        summary: `TLS handshake with ${where} failed (${err.code})`,
        cause: 'the HTTPS certificate is not accepted (see server.https)',
        fix: { text: 'Deploy a valid certificate for this host name.' },
        faqId: 'SRV-HTTPS',
        evidence,
      });
    case 'reset':
      return fail({
        summary: `${where} closed the connection without a valid HTTP answer (${err.code})`,
        cause: 'not an HTTP server on this port, a crashing backend, or https spoken to an http port (or the reverse)',
        fix: { text: 'Check the scheme and port of the server URL, and the server logs.' },
        faqId,
        evidence,
      });
    default:
      return fail({
        summary: `request to ${what} failed: ${err.message} (${err.code})`,
        cause: 'a network problem between here and the server',
        fix: { text: 'Check the server URL and the network.' },
        faqId,
        evidence,
      });
  }
}
