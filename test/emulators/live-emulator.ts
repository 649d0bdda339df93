/**
 * A Live API 3.0 emulator: verifies TC3-HMAC-SHA256 as the cloud does, tolerating the SDK quirks
 * of docs/cloud-apis.md#tencentcloud-sdk-nodejs (service and date taken from the Credential scope,
 * the hostname signed without its port, the exact payload bytes, 5-minute skew), and answers the
 * envelope of docs/cloud-apis.md#api-envelope.
 */
import { randomUUID } from 'node:crypto';
import { parseTc3Authorization, safeEqualHex, tc3Signature } from '../../src/sign/index.js';
import {
  startEmulatorServer,
  type EmulatorOptions,
  type EmulatorReply,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.js';
import { LIVE_ACTIONS, LiveApiError } from './live-emulator-actions.js';
import type { LiveEmulatorState } from './live-emulator-state.js';

export type { LiveEmulatorState } from './live-emulator-state.js';

const VERSION = '2018-08-01';

function header(req: EmulatorRequest, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

function envelope(body: Record<string, unknown>, requestId: string): EmulatorReply {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Response: { ...body, RequestId: requestId } }),
  };
}

/** Checks the TC3 signature; throws the AuthFailure.* the cloud would answer. */
function authenticate(req: EmulatorRequest, state: LiveEmulatorState): void {
  const parsed = parseTc3Authorization(header(req, 'authorization'));
  if (!parsed)
    throw new LiveApiError(
      'AuthFailure.InvalidAuthorization',
      'Authorization header is not a valid TC3-HMAC-SHA256 header.',
    );
  const key = state.keys.find((k) => k.secretId === parsed.secretId);
  if (!key)
    throw new LiveApiError(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  const timestamp = Number(header(req, 'x-tc-timestamp'));
  if (!Number.isSafeInteger(timestamp))
    throw new LiveApiError('MissingParameter', 'The request is missing a required parameter `X-TC-Timestamp`.');
  const serverNow = Math.floor(Date.now() / 1000) + state.clockOffsetSec;
  if (Math.abs(serverNow - timestamp) > 300) {
    throw new LiveApiError(
      'AuthFailure.SignatureExpire',
      `Signature expire. Timestamp is ${timestamp}, the server time is ${serverNow}: the difference must be within 300 s.`,
    );
  }
  const hostname = header(req, 'host').replace(/:\d+$/, '');
  const expected = tc3Signature({
    secretId: parsed.secretId,
    secretKey: key.secretKey,
    service: parsed.service,
    host: hostname,
    timestamp,
    payload: req.body,
    contentType: header(req, 'content-type'),
    method: req.method,
  });
  const sameDate = expected.date === parsed.date;
  if (
    !sameDate ||
    parsed.signedHeaders !== 'content-type;host' ||
    !safeEqualHex(expected.signature, parsed.signature)
  ) {
    throw new LiveApiError(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  const action = header(req, 'x-tc-action');
  if (key.allowedActions && !key.allowedActions.includes(action)) {
    throw new LiveApiError(
      'AuthFailure.UnauthorizedOperation',
      `You are not authorized to perform operation (live:${action}). Check your CAM policies.`,
    );
  }
}

export async function startLiveEmulator(
  state: LiveEmulatorState,
  options: EmulatorOptions = {},
): Promise<RunningEmulator<LiveEmulatorState>> {
  const malformed = { contentType: 'application/json', body: '{"Response": {"DomainList": [{"Name": "push.exa' };
  return startEmulatorServer(state, options, malformed, (req) => {
    const requestId = randomUUID();
    try {
      if (req.method !== 'POST')
        throw new LiveApiError('InvalidParameter', 'Only POST with a JSON body is supported (TC3).');
      authenticate(req, state);
      const version = header(req, 'x-tc-version');
      if (version !== VERSION)
        throw new LiveApiError('NoSuchVersion', `The API version \`${version}\` does not exist.`);
      const action = header(req, 'x-tc-action');
      const handler = LIVE_ACTIONS[action];
      if (!handler) throw new LiveApiError('InvalidAction', `The action \`${action}\` is not supported (emulator).`);
      if (!state.serviceActivated)
        throw new LiveApiError('ResourceNotFound', 'The live service is not activated for this account.');
      let params: unknown;
      try {
        params = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
      } catch {
        throw new LiveApiError('InvalidParameter', 'The request body is not valid JSON.');
      }
      if (typeof params !== 'object' || params === null || Array.isArray(params))
        throw new LiveApiError('InvalidParameter', 'The request body must be a JSON object.');
      return envelope(handler(params as Record<string, unknown>, state), requestId);
    } catch (err) {
      if (err instanceof LiveApiError) return envelope({ Error: { Code: err.code, Message: err.message } }, requestId);
      throw err;
    }
  });
}
