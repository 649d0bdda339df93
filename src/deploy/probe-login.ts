/**
 * The probe login of a deploy's health check, which writes nothing: `/login` for a user that cannot exist must
 * answer 620 (the server reached its database and looked), and a signed call with a random token must answer 498
 * (the signature path, which reads the session store, works). docs/app-protocol.md#path-protocol has the codes;
 * docs/deploy.md#the-probe-login what a wrong answer points at.
 */
import { randomBytes } from 'node:crypto';
import { PROBE_USER_PREFIX } from '../db/probe-user.js';
import { appReply, appRequest, type AppReply } from '../sign/app-request.js';
import { clientPasswordHash } from '../sign/index.js';
import { publicHealth, type HealthResult } from './health.js';

/** Which server answers: the PHP reference behind nginx + php-fpm, or the bundled server (maybe behind a proxy). */
export type ProbeFlavour = 'php' | 'bundled';

/** Options of probeLogin. */
export interface ProbeLoginOptions {
  flavour: ProbeFlavour;
  now?: () => number;
  timeoutMs?: number;
}

/** The public health check: GET /interface.php answers 4001, then the probe login. */
export async function appHealth(publicUrl: string, o: ProbeLoginOptions & { tries?: number }): Promise<HealthResult> {
  const pub = await publicHealth(publicUrl, o.tries);
  if (!pub.ok) return pub;
  const login = await probeLogin(publicUrl, o);
  return login.ok ? { ok: true, detail: `${pub.detail}; ${login.detail}` } : login;
}

type Answer = { ok: true; reply: AppReply } | { ok: false; error: string };

/** POST <base>/login (620 expected), then a signed POST <base>/get_user_info with a random token (498 expected). */
export async function probeLogin(publicUrl: string, o: ProbeLoginOptions): Promise<HealthResult> {
  const base = publicUrl.replace(/\/interface\.php$/, '').replace(/\/+$/, '');
  const userid = `${PROBE_USER_PREFIX}${randomBytes(5).toString('hex')}`;
  const password = clientPasswordHash(randomBytes(12).toString('hex'), userid);
  const nowSeconds = Math.floor((o.now ?? Date.now)() / 1000);
  const post = async (name: string, session?: { userid: string; token: string }): Promise<Answer> => {
    const { body, headers } = appRequest(session ? {} : { userid, password }, session, nowSeconds);
    try {
      const res = await fetch(`${base}/${name}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10000),
      });
      return { ok: true, reply: appReply(res.status, await res.text()) };
    } catch (e) {
      const c = (e as { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, error: c?.code ?? c?.message ?? (e as Error).message };
    }
  };
  const login = await post('login');
  if (!login.ok || login.reply.code !== 620) return failed(`${base}/login`, 620, login, o.flavour, 'login');
  const signed = await post('get_user_info', { userid, token: randomBytes(16).toString('hex') });
  if (!signed.ok || signed.reply.code !== 498) return failed(`${base}/get_user_info`, 498, signed, o.flavour, 'signed');
  return { ok: true, detail: `probe login: /login answers 620 for ${userid}, a signed call with a random token 498` };
}

function failed(url: string, want: number, a: Answer, flavour: ProbeFlavour, step: 'login' | 'signed'): HealthResult {
  const said = a.ok ? `answered ${answerText(a.reply)}, not code ${want}` : `got no answer (${a.error})`;
  return { ok: false, detail: `probe login: ${url} ${said}; ${cause(a, flavour, step)}` };
}

function answerText(r: AppReply): string {
  if (r.code !== undefined) return `HTTP ${r.http}, code ${r.code}${r.message ? ` "${r.message.slice(0, 100)}"` : ''}`;
  const body = r.body.replace(/\s+/g, ' ').trim().slice(0, 100);
  return `HTTP ${r.http}${body ? `, ${body}` : ', empty body'}`;
}

/** The likely cause of an unexpected answer (docs/troubleshooting.md#4-the-room-list-does-not-load). */
function cause(a: Answer, flavour: ProbeFlavour, step: 'login' | 'signed'): string {
  const php = flavour === 'php';
  if (!a.ok)
    return php
      ? 'nothing answers there: is nginx running and server.publicUrl right?'
      : 'nothing answers there: is the server (or the proxy in front of it) running and server.publicUrl right?';
  const { http, code } = a.reply;
  if (http === 500 || code === 500) {
    if (!php) return 'the server cannot use its database: check db.* as seen from the host (`minilvb doctor`).';
    return step === 'login'
      ? 'PHP cannot use the database or Redis: check the [DB] section of conf/cdn.route.ini against the database ' +
          '(DB-ACCESS) and that Redis answers with the [REDIS] password (REDIS-DOWN).'
      : 'PHP cannot read its session store: check that Redis runs and answers with the [REDIS] password of ' +
          'conf/cdn.route.ini (REDIS-DOWN).';
  }
  if (http === 502 || http === 503 || http === 504)
    return php
      ? 'nginx cannot reach php-fpm: is it running, and does fastcgi_pass point at its listen address?'
      : 'the proxy in front cannot reach the server: is it running on the address the proxy forwards to?';
  if (http === 404 || code === 400)
    return php
      ? 'nginx does not route /login to interface.php: install the generated liteav_demo.nginx (its rewrite).'
      : 'the proxy in front does not route the app endpoints: install the generated minilvb.nginx.';
  if (step === 'signed' && code === 200)
    return 'the server accepted a signature made with a random token: it does not check Liteav-Sig.';
  return php
    ? 'this is not the PHP server of this deployment, or a different version of it.'
    : 'this is not the bundled server of this deployment, or a different version of it.';
}
