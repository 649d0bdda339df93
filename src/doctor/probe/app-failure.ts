/** What a failed app call means, by HTTP status and code (docs/troubleshooting.md#error-codes-the-apps-show). */
import { fail, type CheckOutcome } from '../check.js';
import { describeCall, type AppCall } from './app-client.js';
import { netFailure } from './net-finding.js';
import type { ServerTarget } from './server-target.js';

export function appCallFailure(call: AppCall, target: ServerTarget, what: string): CheckOutcome {
  if (!call.ok) return netFailure(call.error, target, what);
  const r = call.reply;
  const evidence = { endpoint: what, http: r.http, ...(r.code !== undefined ? { code: r.code } : {}) };
  const got = describeCall(call);
  if (r.http === 502 && /too big header/i.test(r.body)) {
    return fail({
      summary: `${what}: ${got}`,
      cause: 'PHP warnings go into the FastCGI stream because the PHP log directory is not writable',
      fix: { text: "Make the code's log/ directory writable by the php-fpm user." },
      faqId: 'SRV-LOG-PERM',
      evidence,
    });
  }
  if (r.http >= 500 || r.code === 500) {
    return fail({
      summary: `${what}: ${got}`,
      cause:
        r.code === 500
          ? 'the server cannot use its database (wrong DB user/password, missing tables, or the database is down)'
          : 'the server crashes on this request (database or Redis unreachable, PHP fatal error)',
      fix: {
        text:
          "Run the database checks (minilvb doctor database) with the server's DB " +
          'settings, and read the server error log (mysql_error*.log.php, php-fpm ' +
          'log, journalctl -u minilvb).',
        commands: ['minilvb doctor database'],
      },
      faqId: r.code === 500 ? 'DB-ACCESS' : 'REDIS-DOWN',
      evidence,
    });
  }
  if (r.code === 400) {
    return fail({
      summary: `${what}: ${got}`,
      cause:
        'the server does not know this endpoint: an older server generation, or ' +
        'requests reach the wrong path (a trailing slash?)',
      fix: { text: 'Deploy the current server; check server.publicUrl has no path and no trailing slash.' },
      faqId: 'SRV-TRAILING',
      evidence,
    });
  }
  if (r.code === 498) {
    return fail({
      summary: `${what}: ${got}`,
      cause:
        'the server rejected the Liteav-Sig of a fresh session: its session ' +
        'storage does not keep the token (Redis down, or a broken session table)',
      fix: { text: "Check the server's session store (Redis for PHP, minilvb_session for minilvb)." },
      faqId: 'REDIS-DOWN',
      evidence,
    });
  }
  if (r.code === 602) {
    return fail({
      summary: `${what}: ${got}`,
      cause: 'the server rejects the request format the apps send (protocol mismatch or a modified server)',
      fix: { text: 'Compare the server version with the app generation (protocol path vs action).' },
      evidence,
    });
  }
  if (r.code === undefined) {
    return fail({
      summary: `${what}: ${got}`,
      cause:
        'the answer is not the {code,message,data} envelope: not a Mini LVB server, or a proxy/login page in between',
      fix: { text: 'Check the server URL and what answers there (minilvb doctor server).' },
      faqId: 'SRV-GEN',
      evidence,
    });
  }
  return fail({
    summary: `${what}: ${got}`,
    cause: 'an answer the apps treat as failure',
    fix: {
      text:
        'The codes and what they mean: ' +
        'docs/troubleshooting.md#error-codes-the-apps-show (in the package), or ' +
        'minilvb explain <id>.',
    },
    evidence,
  });
}
