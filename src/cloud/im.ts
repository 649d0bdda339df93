/**
 * IM REST adapter: `v4/im_open_login_svc/account_check` and `account_import` with an admin UserSig built from the
 * configured key (docs/cloud-apis.md#im-rest-api). One call proves that SDKAppID, key and admin fit together.
 */
import { randomInt } from 'node:crypto';
import type { MinilvbConfig } from '../config/index.js';
import { genUserSigV1, genUserSigV2 } from '../sign/index.js';
import { DEFAULT_CLOUD_TIMEOUT_MS, malformedFailure, networkFailure, withTimeout, type CloudResult } from './result.js';

/** How to sign in to the IM REST API as the App admin. */
export interface ImClientOptions {
  /** Base URL, e.g. https://console.tim.qq.com */
  endpoint: string;
  sdkAppId: number;
  administrator: string;
  /** v2 key (preferred)… */
  secretKey?: string;
  /** …or the legacy v1 private key with its accountType. */
  privateKey?: string;
  accountType?: string;
  timeoutMs?: number;
  /** Unix seconds, for the UserSig issue time (tests). */
  now?: number;
  fetch?: typeof fetch;
}

/** One account_check result item. */
export interface ImAccountStatus {
  userId: string;
  resultCode: number;
  status: string;
}

/** Options from the config, or the missing field paths. */
export function imOptionsFromConfig(
  config: MinilvbConfig,
  timeoutMs?: number,
): ImClientOptions | { missing: string[] } {
  const im = config.im;
  const missing = [
    ...(im.sdkAppId === undefined ? ['im.sdkAppId'] : []),
    ...(im.secretKey || im.privateKey ? [] : ['im.secretKey']),
  ];
  if (missing.length > 0 || im.sdkAppId === undefined) return { missing };
  return {
    endpoint: config.cloud.imEndpoint,
    sdkAppId: im.sdkAppId,
    administrator: im.administrator,
    ...(im.secretKey ? { secretKey: im.secretKey } : { privateKey: im.privateKey, accountType: im.accountType ?? '0' }),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

/** A short-lived admin UserSig (v2 from the secret key, else v1 from the private key). */
export function adminUserSig(opts: ImClientOptions): string {
  const base = {
    sdkAppId: opts.sdkAppId,
    userId: opts.administrator,
    expireSeconds: 600,
    ...(opts.now === undefined ? {} : { now: opts.now }),
  };
  if (opts.secretKey) return genUserSigV2({ ...base, secretKey: opts.secretKey });
  return genUserSigV1({ ...base, privateKeyPem: opts.privateKey ?? '', accountType: opts.accountType ?? '0' });
}

/**
 * The URL of one IM REST call as `administrator` (docs/cloud-apis.md#im-rest-api). It carries the UserSig, so it
 * is never printed or logged: errors name the endpoint instead.
 */
export function imRestUrl(
  opts: { endpoint: string; sdkAppId: number; administrator: string },
  command: string,
  usersig: string,
): string {
  const query = new URLSearchParams({
    sdkappid: String(opts.sdkAppId),
    identifier: opts.administrator,
    usersig,
    random: String(randomInt(0, 2 ** 32 - 1)),
    contenttype: 'json',
  });
  return `${opts.endpoint.replace(/\/+$/, '')}/v4/${command}?${query.toString()}`;
}

/** One IM REST call as the App admin: the envelope checked, ErrorCode kept as the failure code. */
function imRest<T>(
  opts: ImClientOptions,
  command: string,
  body: object,
  map: (b: Record<string, unknown>) => T,
): Promise<CloudResult<T>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
  const what = `IM ${command.slice(command.lastIndexOf('/') + 1)}`;
  return withTimeout(
    (async (): Promise<CloudResult<T>> => {
      let sig: string;
      try {
        sig = adminUserSig(opts);
      } catch (err) {
        return {
          ok: false,
          code: 'LocalUserSig',
          message: `Cannot build the admin UserSig: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
      const url = imRestUrl(opts, command, sig);
      let res: Response;
      let text: string;
      try {
        res = await (opts.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
          body: JSON.stringify(body),
        });
        text = await res.text();
      } catch (err) {
        // The URL carries the UserSig: name only the endpoint.
        return networkFailure(err, `${what} at ${opts.endpoint}`);
      }
      if (res.status !== 200)
        return {
          ok: false,
          code: `HTTP${res.status}`,
          message: `${what}: HTTP ${res.status} ${res.statusText}`,
          httpStatus: res.status,
        };
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return malformedFailure(what, `not JSON (${text.slice(0, 40).replace(/\s+/g, ' ')}…)`, res.status);
      }
      const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      if (typeof b.ErrorCode !== 'number' || typeof b.ActionStatus !== 'string')
        return malformedFailure(what, 'no ActionStatus/ErrorCode', res.status);
      if (b.ActionStatus !== 'OK' || b.ErrorCode !== 0)
        return {
          ok: false,
          code: String(b.ErrorCode),
          message: typeof b.ErrorInfo === 'string' ? b.ErrorInfo : '',
          httpStatus: res.status,
        };
      return { ok: true, ...map(b) } as CloudResult<T>;
    })(),
    timeoutMs + 500,
    what,
  );
}

export function imAccountCheck(
  opts: ImClientOptions,
  userIds: readonly string[] = [opts.administrator],
): Promise<CloudResult<{ items: ImAccountStatus[] }>> {
  return imRest(opts, 'im_open_login_svc/account_check', { CheckItem: userIds.map((UserID) => ({ UserID })) }, (b) => ({
    items: (Array.isArray(b.ResultItem) ? b.ResultItem : []).map((it: Record<string, unknown>) => ({
      userId: String(it.UserID ?? ''),
      resultCode: Number(it.ResultCode ?? 0),
      status: String(it.AccountStatus ?? ''),
    })),
  }));
}

/** `account_import`: creates the account, or does nothing when it exists (docs/cloud-apis.md#im-rest-api). */
export function imAccountImport(opts: ImClientOptions, userId: string): Promise<CloudResult<Record<never, never>>> {
  return imRest(opts, 'im_open_login_svc/account_import', { UserID: userId }, () => ({}));
}
