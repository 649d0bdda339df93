/**
 * The IM REST emulator: account_check with admin UserSigs built by src/sign, the real ErrorCode
 * values for every way a UserSig can be wrong, and faults as typed failures.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { imAccountCheck, type ImClientOptions } from '../../src/cloud/im.js';
import { genUserSigV2 } from '../../src/sign/index.js';
import { healthyImState, STACK } from '../emulators/cloud-stack.js';
import type { RunningEmulator } from '../emulators/emulator-server.js';
import { startImEmulator, type ImEmulatorState } from '../emulators/im-emulator.js';
import { freePort } from '../helpers/ports.js';
import { TEST_IM_PUBLIC_KEY, TEST_SECRETS } from '../helpers/fixtures.js';

let emu: RunningEmulator<ImEmulatorState>;

function opts(over: Partial<ImClientOptions> = {}): ImClientOptions {
  return {
    endpoint: emu.url,
    sdkAppId: STACK.sdkAppId,
    administrator: 'admin',
    secretKey: TEST_SECRETS.imSecretKey,
    timeoutMs: 2000,
    ...over,
  };
}

async function code(o: ImClientOptions): Promise<string> {
  const r = await imAccountCheck(o);
  assert.equal(r.ok, false, JSON.stringify(r));
  return r.ok ? '' : r.code;
}

async function rawCheck(query: Record<string, string>): Promise<{ ErrorCode: number; ActionStatus: string }> {
  const res = await fetch(
    `${emu.url}/v4/im_open_login_svc/account_check?${new URLSearchParams({ contenttype: 'json', random: '1', ...query }).toString()}`,
    { method: 'POST', body: '{"CheckItem":[{"UserID":"admin"}]}' },
  );
  return (await res.json()) as { ErrorCode: number; ActionStatus: string };
}

beforeAll(async () => {
  emu = await startImEmulator(healthyImState());
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  Object.assign(emu.state, healthyImState());
  emu.options.fault = 'none';
});

describe('IM emulator: account_check', () => {
  it('accepts an admin UserSig made with the right key and answers the real body', async () => {
    const r = await imAccountCheck(opts(), ['admin', 'nobody']);
    assert.ok(r.ok);
    assert.deepEqual(r.items, [
      { userId: 'admin', resultCode: 0, status: 'Imported' },
      { userId: 'nobody', resultCode: 0, status: 'NotImported' },
    ]);
  });

  it('accepts a legacy v1 (ECDSA) admin UserSig checked with the public key', async () => {
    emu.state.apps.push({
      sdkAppId: 1400012345,
      publicKey: TEST_IM_PUBLIC_KEY,
      administrators: ['admin'],
      accounts: [],
    });
    const r = await imAccountCheck(
      opts({ sdkAppId: 1400012345, secretKey: undefined, privateKey: TEST_SECRETS.imPrivateKey, accountType: '18647' }),
    );
    assert.equal(r.ok, true, JSON.stringify(r));
  });

  it('names every UserSig fault with its IM code', async () => {
    assert.equal(await code(opts({ secretKey: 'f'.repeat(64) })), '70009');
    assert.equal(await code(opts({ sdkAppId: 1400999999 })), '70020');
    assert.equal(await code(opts({ now: Math.floor(Date.now() / 1000) - 7200 })), '70001');
    emu.state.apps.push({ sdkAppId: 1400777777, administrators: ['admin'], accounts: [] });
    assert.equal(await code(opts({ sdkAppId: 1400777777 })), '70016');
    assert.equal(await code(opts({ administrator: 'bob' })), '70403');
    const other = genUserSigV2({ sdkAppId: 1400777777, secretKey: TEST_SECRETS.imSecretKey, userId: 'admin' });
    assert.equal(
      (await rawCheck({ sdkappid: String(STACK.sdkAppId), identifier: 'admin', usersig: other })).ErrorCode,
      70014,
    );
    assert.equal(
      (
        await rawCheck({
          sdkappid: String(STACK.sdkAppId),
          identifier: 'admin',
          usersig: 'eJyrVgotTi1SsgoxMDAwUKoFAC1HBKA_',
        })
      ).ErrorCode,
      70003,
    );
    const bobSig = genUserSigV2({ sdkAppId: STACK.sdkAppId, secretKey: TEST_SECRETS.imSecretKey, userId: 'bob' });
    assert.equal(
      (await rawCheck({ sdkappid: String(STACK.sdkAppId), identifier: 'admin', usersig: bobSig })).ErrorCode,
      70013,
    );
    assert.equal((await rawCheck({ identifier: 'admin', usersig: bobSig })).ErrorCode, 60012);
  });
});

describe('IM emulator: faults become typed failures', () => {
  it('5xx, malformed JSON, reset, hang, refused, DNS', async () => {
    const fault = async (o: ImClientOptions): Promise<Record<string, unknown>> => {
      const r = await imAccountCheck(o);
      assert.equal(r.ok, false);
      return r as unknown as Record<string, unknown>;
    };
    emu.options.fault = 'http-5xx';
    assert.equal((await fault(opts())).httpStatus, 502);
    emu.options.fault = 'malformed';
    assert.equal((await fault(opts())).malformed, true);
    emu.options.fault = 'reset';
    assert.equal((await fault(opts())).network, 'ECONNRESET');
    emu.options.fault = 'hang';
    emu.options.hangMs = 3000;
    assert.equal((await fault(opts({ timeoutMs: 800 }))).network, 'ETIMEDOUT');
    assert.equal((await fault(opts({ endpoint: `http://127.0.0.1:${await freePort()}` }))).network, 'ECONNREFUSED');
    assert.equal((await fault(opts({ endpoint: 'https://im.nowhere.invalid' }))).network, 'ENOTFOUND');
  });
});
