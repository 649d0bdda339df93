/**
 * `minilvb roomservice verify` and doctor's `roomservice` group (docs/roomservice.md#minilvb-roomservice-verify):
 * the genLoginInfo equivalent against a running server. Each step reports PASS/FAIL with the server's code and
 * message; a failed step skips the steps that need it.
 */
import { randomBytes } from 'node:crypto';
import type { MinilvbConfig } from '../config/index.js';
import { antiLeechSecret } from '../sign/anti-leech.js';
import { decodeUserSig } from '../sign/usersig-decode.js';
import { genUserSigV1 } from '../sign/usersig-v1.js';
import { genUserSigV2 } from '../sign/usersig-v2.js';

/** One verify step. */
export interface VerifyStep {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  /** The server's reply code and message, when it answered. */
  code?: number;
  message: string;
}

export interface VerifyOptions {
  server: string;
  config: MinilvbConfig;
  /** With it, step 1 asks the server's get_login_info; without, the UserSig is minted locally. */
  adminToken?: string;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  nowSec?: number;
  timeoutMs?: number;
}

export interface VerifyReport {
  server: string;
  ok: boolean;
  steps: VerifyStep[];
}

type Reply = Record<string, unknown> & { code?: number; message?: string };

/** What a failed request means for the user: fetch only says "fetch failed"; the cause has the code. */
function requestFailure(err: unknown, base: string): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.name ?? 'Error';
  if (code === 'ECONNREFUSED')
    return `nothing listens at ${base} (ECONNREFUSED): start the server (minilvb serve) or pass --server <url>`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host of ${base} (${code})`;
  if (code === 'TimeoutError') return `${base} did not answer in time (TimeoutError)`;
  return `request to ${base} failed (${code}): ${e.cause?.message ?? e.message ?? String(err)}`;
}

export async function verifyRoomService(o: VerifyOptions): Promise<VerifyReport> {
  const steps: VerifyStep[] = [];
  const base = o.server.replace(/\/+$/, '');
  const userID = `minilvb_verify_${randomBytes(4).toString('hex')}`;
  const im = o.config.im;
  const http = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: Reply }> => {
    const res = await (o.fetch ?? fetch)(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      ...init,
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Reply };
  };
  const step = (id: string, title: string, ok: boolean, msg: string, body?: Reply): boolean => {
    steps.push({
      id,
      title,
      status: ok ? 'pass' : 'fail',
      ...(typeof body?.code === 'number' ? { code: body.code } : {}),
      message: body && !ok ? `${msg} (server: code ${String(body.code)} ${String(body.message ?? '')})` : msg,
    });
    return ok;
  };
  const guard = async (id: string, title: string, fn: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await fn();
    } catch (err) {
      return step(id, title, false, requestFailure(err, base));
    }
  };
  const rest = (from: number, names: Array<[string, string]>): void => {
    for (const [id, title] of names.slice(from))
      if (!steps.some((s) => s.id === id)) steps.push({ id, title, status: 'skip', message: 'needs the steps above' });
  };
  const ALL: Array<[string, string]> = [
    ['usersig', 'UserSig (get_login_info or minted locally)'],
    ['login-v1', 'login, v1 form (accountType)'],
    ['login-v2', 'login, v2 form (platform)'],
    ['room-list', 'get_room_list with the token'],
    ['bad-token', 'a wrong token is refused (code 7)'],
    ['push-url', 'get_push_url signed with the local push key'],
    ['room', 'create, join, heartbeat, leave, destroy a throw-away room'],
    ['logout', 'logout ends the token'],
  ];
  const done = (): VerifyReport => ({ server: base, ok: steps.every((s) => s.status !== 'fail'), steps });

  // 1. A UserSig: the server's get_login_info (admin token), else minted here with the local key.
  let userSig = '';
  const ok1 = await guard('usersig', ALL[0]![1], async () => {
    if (o.adminToken) {
      const r = await http(`/weapp/utils/get_login_info?userID=${userID}`, {
        method: 'GET',
        headers: { Authorization: `Bearer ${o.adminToken}` },
      });
      if (r.body.code !== 0) return step('usersig', ALL[0]![1], false, 'get_login_info failed', r.body);
      userSig = String(r.body.userSig ?? '');
      if (im.sdkAppId !== undefined && Number(r.body.sdkAppID) !== im.sdkAppId)
        return step('usersig', ALL[0]![1], false, `server sdkAppID ${String(r.body.sdkAppID)} ≠ im.sdkAppId`, r.body);
      if (im.accountType && String(r.body.accType) !== im.accountType)
        return step('usersig', ALL[0]![1], false, `server accType ${String(r.body.accType)} ≠ im.accountType`, r.body);
      const d = decodeUserSig(userSig);
      if (d.identifier !== userID || d.sdkAppId !== im.sdkAppId)
        return step('usersig', ALL[0]![1], false, 'the UserSig is for another user or SDKAppID', r.body);
      return step('usersig', ALL[0]![1], true, `get_login_info: ${d.version} UserSig for ${userID}`);
    }
    if (im.sdkAppId === undefined || (!im.secretKey && !im.privateKey))
      return step('usersig', ALL[0]![1], false, 'no admin token and no local IM key (im.secretKey / im.privateKey)');
    const base2 = { sdkAppId: im.sdkAppId, userId: userID, expireSeconds: 600, ...(o.nowSec ? { now: o.nowSec } : {}) };
    userSig = im.secretKey
      ? genUserSigV2({ ...base2, secretKey: im.secretKey })
      : genUserSigV1({ ...base2, privateKeyPem: im.privateKey ?? '', accountType: im.accountType ?? '0' });
    return step('usersig', ALL[0]![1], true, `minted locally (${im.secretKey ? 'v2' : 'v1'}) for ${userID}`);
  });
  if (!ok1) return (rest(1, ALL), done());

  // 2. login in both forms; the v2 token is used afterwards.
  const loginQ = (extra: Record<string, string>): string =>
    new URLSearchParams({ sdkAppID: String(im.sdkAppId ?? ''), userID, userSig, ...extra }).toString();
  let token = '';
  for (const [id, extra] of [
    ['login-v1', { accountType: im.accountType ?? '0' }],
    ['login-v2', { platform: 'Android' }],
  ] as const) {
    const title = ALL.find((a) => a[0] === id)![1];
    const ok = await guard(id, title, async () => {
      const r = await http(`/weapp/live_room/login?${loginQ(extra)}`, { body: '' });
      token = String(r.body.token ?? '');
      return step(id, title, r.body.code === 0 && /^\S{8,}$/.test(token), 'token issued', r.body);
    });
    if (!ok) return (rest(1, ALL), done());
  }
  const q = (t: string): string => `?${new URLSearchParams({ userID, token: t }).toString()}`;
  const cgi = (type: string, name: string, body: Record<string, unknown>, t = token) =>
    http(`/weapp/${type}/${name}${q(t)}`, { body: JSON.stringify({ userID, ...body }) });

  // 3. The token works, and a wrong one is refused.
  const ok3 = await guard('room-list', ALL[3]![1], async () => {
    const r = await cgi('live_room', 'get_room_list', { index: 0, cnt: 1 });
    return step('room-list', ALL[3]![1], r.body.code === 0, 'rooms listed', r.body);
  });
  await guard('bad-token', ALL[4]![1], async () => {
    const r = await cgi('live_room', 'get_room_list', { index: 0, cnt: 1 }, '0'.repeat(32));
    return step('bad-token', ALL[4]![1], r.body.code === 7, 'refused with code 7', r.body);
  });
  if (!ok3) return (rest(5, ALL), done());

  // 4. The push URL's txSecret, recomputed with the local push key.
  let pushURL = '';
  await guard('push-url', ALL[5]![1], async () => {
    const r = await cgi('live_room', 'get_push_url', {});
    pushURL = String(r.body.pushURL ?? '');
    const m = /\/live\/([^/?]+)\?(?:.*&)?txSecret=([0-9a-f]{32})&txTime=([0-9A-F]+)/.exec(pushURL);
    if (r.body.code !== 0 || !m) return step('push-url', ALL[5]![1], false, 'no signed push URL', r.body);
    if (!o.config.lvb.pushKey) return step('push-url', ALL[5]![1], true, 'issued (no local lvb.pushKey to compare)');
    const same = antiLeechSecret(o.config.lvb.pushKey, m[1]!, m[3]!) === m[2];
    return step('push-url', ALL[5]![1], same, same ? 'txSecret matches lvb.pushKey' : 'txSecret ≠ local lvb.pushKey');
  });

  // 5. A throw-away room proves the IM REST path (create_group fails with code 6 and the IM error).
  await guard('room', ALL[6]![1], async () => {
    const roomID = `minilvb_verify_${randomBytes(3).toString('hex')}`;
    const stream = `${o.config.lvb.bizId !== undefined ? `${o.config.lvb.bizId}_` : ''}${userID}`;
    const url = pushURL || `rtmp://localhost/live/${stream}?txSecret=0&txTime=0`;
    const seq: Array<[string, Record<string, unknown>, number[]]> = [
      ['create_room', { roomID, roomInfo: 'roomservice verify probe' }, [0]],
      ['add_pusher', { roomID, userName: 'verify', userAvatar: '', pushURL: url }, [0]],
      ['pusher_heartbeat', { roomID }, [0]],
      ['delete_pusher', { roomID }, [0]],
      // The creator leaving a live room ends it: then "not found" is the expected answer.
      ['destroy_room', { roomID }, [0, 3]],
    ];
    for (const [name, body, codes] of seq) {
      const r = await cgi('live_room', name, body);
      if (!codes.includes(Number(r.body.code))) return step('room', ALL[6]![1], false, `${name} failed`, r.body);
    }
    return step('room', ALL[6]![1], true, `room ${roomID} created, joined, left and gone`);
  });

  // 6. logout, and the token no longer works.
  await guard('logout', ALL[7]![1], async () => {
    const r = await cgi('live_room', 'logout', {});
    if (r.body.code !== 0) return step('logout', ALL[7]![1], false, 'logout failed', r.body);
    const after = await cgi('live_room', 'get_room_list', { index: 0, cnt: 1 });
    return step('logout', ALL[7]![1], after.body.code === 7, 'token ended', after.body);
  });
  return done();
}
