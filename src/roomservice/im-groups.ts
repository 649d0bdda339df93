/**
 * The IM side effects of RoomService (docs/roomservice.md#im-and-mixing): one AVChatRoom group per room,
 * created and destroyed with it, and a `notifyPusherChange` group system notification when members change.
 * Calls go to IM REST as the App administrator with an admin UserSig made from the configured key.
 */
import { adminUserSig, imRestUrl } from '../cloud/im.js';
import type { Clock } from '../time/clock.js';
import type { RsConfig } from './rs-config.js';

/** What an IM call gave: ok, skipped (no admin key: IM REST disabled), or the IM error. */
export type ImOutcome = { ok: true; skipped?: true } | { ok: false; imCode: number; message: string };

/** The port the service uses; tests and the bench may replace it. */
export interface ImGroups {
  createGroup(c: RsConfig, groupId: string): Promise<ImOutcome>;
  destroyGroup(c: RsConfig, groupId: string): Promise<ImOutcome>;
  notifyPusherChange(c: RsConfig, groupId: string): Promise<ImOutcome>;
}

/** What the IM error codes of a group call mean for the operator (docs/roomservice.md#im-and-mixing). */
const MEANING: Readonly<Record<number, string>> = {
  70020: 'the IM SDKAppID does not exist',
  60010: 'the IM administrator account is wrong',
  70009: 'the IM private key / secret key does not sign valid UserSigs for this SDKAppID',
  70001: 'the admin UserSig expired (server clock?)',
  70003: 'the admin UserSig is garbled',
  70013: 'the admin UserSig belongs to another identifier',
  70014: 'the admin UserSig was made for another SDKAppID',
  70016: 'IM has no key for this SDKAppID',
  70403: 'the identifier is not an App administrator',
};

/** The message a failed IM call is reported with. */
export function imMessage(imCode: number, info: string): string {
  const meaning = MEANING[imCode];
  return `IM ${imCode}: ${meaning ?? info}`;
}

/** IM's "group id already used by you": creating the group of a room again is fine. */
const GROUP_ID_ALREADY_YOURS = 10025;
/** IM's "group does not exist": destroying a group that is already gone is fine. */
const GROUP_GONE = [10010, 10015];

export function imRestGroups(endpoint: string, clock: Clock, timeoutMs = 5000): ImGroups {
  let cached: { key: string; sig: string; until: number } | undefined;
  const sig = (c: RsConfig): string | undefined => {
    if (c.sdkAppId === undefined || (!c.secretKey && !c.privateKey)) return undefined;
    const key = `${c.sdkAppId}|${c.administrator}|${c.secretKey ?? ''}|${c.privateKey ?? ''}|${c.accountType ?? ''}`;
    const now = Math.floor(clock.now() / 1000);
    // An ECDSA signature per IM call would be wasted work: one admin UserSig serves an hour.
    if (cached && cached.key === key && cached.until > now) return cached.sig;
    const value = adminUserSig({
      endpoint,
      sdkAppId: c.sdkAppId,
      administrator: c.administrator,
      ...(c.secretKey ? { secretKey: c.secretKey } : { privateKey: c.privateKey, accountType: c.accountType ?? '0' }),
      now,
    });
    cached = { key, sig: value, until: now + 3600 };
    return value;
  };
  const call = async (c: RsConfig, cmd: string, body: Record<string, unknown>, okCodes: number[]) => {
    let usersig: string | undefined;
    try {
      usersig = sig(c);
    } catch (err) {
      return { ok: false as const, imCode: -1, message: `cannot build the admin UserSig: ${(err as Error).message}` };
    }
    if (usersig === undefined || c.sdkAppId === undefined) return { ok: true as const, skipped: true as const };
    const url = imRestUrl(
      { endpoint, sdkAppId: c.sdkAppId, administrator: c.administrator },
      `group_open_http_svc/${cmd}`,
      usersig,
    );
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const reply = (await res.json()) as { ActionStatus?: unknown; ErrorCode?: unknown; ErrorInfo?: unknown };
      const code = typeof reply.ErrorCode === 'number' ? reply.ErrorCode : -1;
      if (code === 0 || okCodes.includes(code)) return { ok: true as const };
      return { ok: false as const, imCode: code, message: imMessage(code, String(reply.ErrorInfo ?? '')) };
    } catch (err) {
      // The URL carries the UserSig: name only the endpoint.
      return { ok: false as const, imCode: -1, message: `IM REST at ${endpoint} unreachable: ${(err as Error).name}` };
    }
  };
  return {
    createGroup: (c, GroupId) =>
      call(
        c,
        'create_group',
        { Owner_Account: c.administrator, Type: 'AVChatRoom', GroupId, Name: GroupId.slice(0, 30) },
        [GROUP_ID_ALREADY_YOURS],
      ),
    destroyGroup: (c, GroupId) => call(c, 'destroy_group', { GroupId }, GROUP_GONE),
    notifyPusherChange: (c, GroupId) =>
      call(
        c,
        'send_group_system_notification',
        { GroupId, Content: JSON.stringify({ cmd: 'notifyPusherChange', data: '' }) },
        [],
      ),
  };
}
