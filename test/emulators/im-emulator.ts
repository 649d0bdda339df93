/**
 * An IM REST API emulator for `v4/im_open_login_svc/account_check` and `account_import`
 * (docs/cloud-apis.md#im-rest-api): checks the
 * admin UserSig in the URL the way the IM backend does and answers its real envelope and codes.
 */
import { verifyUserSig, type UserSigFailure } from '../../src/sign/index.js';
import {
  startEmulatorServer,
  type EmulatorOptions,
  type EmulatorReply,
  type RunningEmulator,
} from './emulator-server.js';

/** One IM application. */
export interface ImApp {
  sdkAppId: number;
  /** v2 HMAC key; absent together with publicKey → 70016 (no key for this SDKAppID). */
  secretKey?: string;
  /** v1 ECDSA public key PEM. */
  publicKey?: string;
  administrators: string[];
  /** Accounts already imported (AccountStatus Imported); administrators count as imported… */
  accounts: string[];
  /** …unless listed here: an admin identifier whose account was never imported (account_check NotImported). */
  notImported?: string[];
}

/** One group REST call the emulator accepted (admin UserSig verified). */
export interface ImGroupCall {
  cmd: string;
  sdkAppId: number;
  body: Record<string, unknown>;
}

/** The emulated IM backend. */
export interface ImEmulatorState {
  apps: ImApp[];
  clockOffsetSec: number;
  /** Group calls that passed the admin UserSig check, in order (created on first use). */
  groupCalls?: ImGroupCall[];
  /** Existing group ids per SDKAppID (created on first use). */
  groups?: Map<number, Set<string>>;
  /** Answer this IM error for a group command (e.g. { create_group: [10004, '…'] }). */
  failGroup?: Record<string, [number, string]>;
}

const SIG_CODES: Record<UserSigFailure, [number, string]> = {
  expired: [70001, 'UserSig expired, please generate a new one.'],
  garbled: [70003, 'UserSig is invalid: it cannot be decoded (truncated or not a UserSig).'],
  'bad-signature': [70009, "UserSig verification failed: it was not signed with this application's key."],
  'wrong-version': [70009, "UserSig verification failed: it was not signed with this application's key."],
  'identifier-mismatch': [70013, 'The identifier in the request does not match the one in the UserSig.'],
  'sdkappid-mismatch': [70014, 'The SDKAppID in the request does not match the one in the UserSig.'],
  'no-key': [70016, 'No key was found for this SDKAppID: check the SDKAppID and the data center.'],
};

function reply(body: Record<string, unknown>): EmulatorReply {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function failure(code: number, info: string): EmulatorReply {
  return reply({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info });
}

export async function startImEmulator(
  state: ImEmulatorState,
  options: EmulatorOptions = {},
): Promise<RunningEmulator<ImEmulatorState>> {
  const malformed = {
    contentType: 'application/json',
    body: '{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":"adm',
  };
  return startEmulatorServer(state, options, malformed, (req) => {
    const m = /^\/v4\/([a-z_]+)\/([a-z_]+)$/.exec(req.path);
    if (req.method !== 'POST' || !m)
      return failure(60002, 'HTTP parse error: POST /v4/{servicename}/{command} expected.');
    const q = new Map(req.query);
    const sdkAppIdText = q.get('sdkappid') ?? '';
    if (sdkAppIdText === '') return failure(60012, 'SDKAppID is missing from the URL.');
    const sdkAppId = Number(sdkAppIdText);
    const app = state.apps.find((a) => a.sdkAppId === sdkAppId);
    if (!Number.isSafeInteger(sdkAppId) || !app) return failure(70020, 'SDKAppID does not exist.');
    const identifier = q.get('identifier') ?? '';
    if (identifier === '') return failure(60004, 'identifier is missing from the URL.');
    if (!app.secretKey && !app.publicKey) return failure(...SIG_CODES['no-key']);
    const verdict = verifyUserSig(q.get('usersig') ?? '', {
      sdkAppId,
      userId: identifier,
      now: Math.floor(Date.now() / 1000) + state.clockOffsetSec,
      ...(app.secretKey ? { secretKey: app.secretKey } : {}),
      ...(app.publicKey ? { publicKeyPem: app.publicKey } : {}),
    });
    if (!verdict.ok) return failure(...SIG_CODES[verdict.reason ?? 'garbled']);
    if (!app.administrators.includes(identifier))
      return failure(70403, 'This operation requires an App administrator account.');
    if (m[1] === 'group_open_http_svc') return groupCall(state, sdkAppId, m[2] as string, req.body);
    const command = `${m[1]}/${m[2]}`;
    if (command !== 'im_open_login_svc/account_check' && command !== 'im_open_login_svc/account_import')
      return failure(60002, `Unknown command ${command} (emulator).`);
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return failure(60003, 'Fail to Parse json data of body, Please check it.');
    }
    if (command === 'im_open_login_svc/account_import') return accountImport(app, body);
    const items = (body as { CheckItem?: unknown }).CheckItem;
    if (!Array.isArray(items) || items.length === 0 || items.length > 100)
      return failure(90001, 'CheckItem must hold 1 to 100 accounts.');
    const ResultItem = items.map((it) => {
      const id = typeof it === 'object' && it !== null ? String((it as { UserID?: unknown }).UserID ?? '') : '';
      return {
        UserID: id,
        ResultCode: 0,
        ResultInfo: '',
        AccountStatus:
          !app.notImported?.includes(id) && (app.accounts.includes(id) || app.administrators.includes(id))
            ? 'Imported'
            : 'NotImported',
      };
    });
    return reply({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ResultItem });
  });
}

/** account_import: creates the account; importing an existing one succeeds too (it is idempotent). */
function accountImport(app: ImApp, body: unknown): EmulatorReply {
  const id = typeof body === 'object' && body !== null ? (body as { UserID?: unknown }).UserID : undefined;
  if (typeof id !== 'string' || id === '' || id.length > 32)
    return failure(70402, 'UserID is required and must be at most 32 bytes.');
  if (!app.accounts.includes(id)) app.accounts.push(id);
  app.notImported = (app.notImported ?? []).filter((x) => x !== id);
  return reply({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
}

/** create_group / destroy_group / send_group_system_notification, recorded with their bodies. */
function groupCall(state: ImEmulatorState, sdkAppId: number, cmd: string, raw: Buffer): EmulatorReply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return failure(60003, 'Fail to Parse json data of body, Please check it.');
  }
  (state.groupCalls ??= []).push({ cmd, sdkAppId, body });
  const forced = state.failGroup?.[cmd];
  if (forced) return failure(...forced);
  const groups = (state.groups ??= new Map());
  const mine = groups.get(sdkAppId) ?? new Set<string>();
  groups.set(sdkAppId, mine);
  const id = typeof body.GroupId === 'string' ? body.GroupId : '';
  if (id === '') return failure(10004, 'GroupId is missing.');
  switch (cmd) {
    case 'create_group':
      if (body.Type !== 'AVChatRoom') return failure(10007, 'Type must be AVChatRoom here (emulator).');
      if (mine.has(id)) return failure(10025, 'The group id is already used by you.');
      mine.add(id);
      return reply({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', GroupId: id });
    case 'destroy_group':
      if (!mine.delete(id)) return failure(10010, 'The group does not exist or was destroyed.');
      return reply({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    case 'send_group_system_notification':
      if (!mine.has(id)) return failure(10010, 'The group does not exist or was destroyed.');
      return reply({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    default:
      return failure(60002, `Unknown command group_open_http_svc/${cmd} (emulator).`);
  }
}
