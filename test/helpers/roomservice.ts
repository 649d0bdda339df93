/**
 * RoomService test helpers: a config holding both IM key generations (so one server takes v1 and v2
 * logins), the IM emulator app that matches it, and small clients for the CGIs.
 */
import { genUserSigV1, genUserSigV2 } from '../../src/sign/index.js';
import { afterAll, beforeAll } from 'vitest';
import type { RunningEmulator } from '../emulators/emulator-server.js';
import { startImEmulator, type ImEmulatorState } from '../emulators/im-emulator.js';
import { currentConfig, TEST_IM_PRIVATE_KEY, TEST_IM_PUBLIC_KEY, TEST_SECRETS } from './fixtures.js';
import { post, releaseMariaDB, send, type Answer } from './server-client.js';

export const RS_SDKAPPID = 1400123456;
export const RS_ACCOUNT_TYPE = '18647';

/** A server config for RoomService tests, its IM REST pointing at `imUrl`. */
export function rsRawConfig(imUrl: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base = currentConfig();
  return {
    ...base,
    lvb: { ...(base.lvb as Record<string, unknown>), bizId: 8888 },
    im: {
      sdkAppId: RS_SDKAPPID,
      secretKey: TEST_SECRETS.imSecretKey,
      administrator: 'admin',
      accountType: RS_ACCOUNT_TYPE,
      privateKey: TEST_IM_PRIVATE_KEY,
      publicKey: TEST_IM_PUBLIC_KEY,
    },
    cloud: { ...(base.cloud as Record<string, unknown>), imEndpoint: imUrl },
    ...over,
  };
}

/** The IM emulator state that accepts the config's admin UserSig. */
export function rsImState(): ImEmulatorState {
  return {
    apps: [{ sdkAppId: RS_SDKAPPID, secretKey: TEST_SECRETS.imSecretKey, administrators: ['admin'], accounts: [] }],
    clockOffsetSec: 0,
  };
}

/**
 * The IM emulator of a RoomService test file: started before its tests, closed after them (with the
 * MariaDB this process started, if any). Call at the top level of the file.
 */
export function rsImPerFile(): () => RunningEmulator<ImEmulatorState> {
  let im: RunningEmulator<ImEmulatorState> | undefined;
  beforeAll(async () => {
    im = await startImEmulator(rsImState());
  });
  afterAll(async () => {
    await im?.close();
    await releaseMariaDB();
  });
  return () => {
    if (!im) throw new Error('the IM emulator starts in beforeAll(); use it inside a test or hook');
    return im;
  };
}

export function v1Sig(userId: string, now?: number): string {
  return genUserSigV1({
    sdkAppId: RS_SDKAPPID,
    accountType: RS_ACCOUNT_TYPE,
    privateKeyPem: TEST_IM_PRIVATE_KEY,
    userId,
    appIdAt3rd: String(RS_SDKAPPID),
    ...(now === undefined ? {} : { now }),
  });
}

export function v2Sig(userId: string, now?: number): string {
  return genUserSigV2({
    sdkAppId: RS_SDKAPPID,
    secretKey: TEST_SECRETS.imSecretKey,
    userId,
    ...(now === undefined ? {} : { now }),
  });
}

/** A logged-in RoomService user. */
export interface RsUser {
  userID: string;
  token: string;
}

/** `login` in the v1 form (accountType, v1 UserSig) or the v2 form (platform, v2 UserSig). */
export async function rsLogin(
  url: string,
  userID: string,
  form: 'v1' | 'v2',
  type = 'live_room',
): Promise<{ answer: Answer; user: RsUser }> {
  const q = new URLSearchParams(
    form === 'v1'
      ? { sdkAppID: String(RS_SDKAPPID), accountType: RS_ACCOUNT_TYPE, userID, userSig: v1Sig(userID) }
      : { sdkAppID: String(RS_SDKAPPID), userID, userSig: v2Sig(userID), platform: 'Android' },
  );
  const answer = await post(url, `/weapp/${type}/login?${q.toString()}`, '');
  return { answer, user: { userID, token: String(answer.json.token ?? '') } };
}

/** One authenticated CGI call. */
export function rsCall(
  url: string,
  type: string,
  cgi: string,
  user: RsUser,
  body: Record<string, unknown> = {},
): Promise<Answer> {
  const q = new URLSearchParams({ userID: user.userID, token: user.token });
  return post(url, `/weapp/${type}/${cgi}?${q.toString()}`, { userID: user.userID, ...body });
}

/** A GET under /weapp/. */
export function rsGet(url: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, path, { method: 'GET', headers });
}

/** A push URL of the shape get_push_url answers (the stream id is what matters). */
export function pushUrlFor(stream: string): string {
  return `rtmp://8888.livepush.myqcloud.com/live/${stream}?bizid=8888&txSecret=0&txTime=0`;
}
