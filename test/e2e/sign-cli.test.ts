/** `minilvb sign …` through the in-process CLI: every subcommand, its JSON shape, and every bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  antiLeechSecret,
  callbackSign,
  cosAuthorization,
  cosSignKey,
  genUserSigV1,
  genUserSigV2,
  md5Hex,
  verifyCallbackSign,
  verifyUserSig,
} from '../../src/sign/index.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { currentConfig, legacyConfig, projectDir, TEST_IM_PUBLIC_KEY, TEST_SECRETS } from '../helpers/fixtures.js';

type Json = Record<string, any>; // test-side JSON access

const current = projectDir(currentConfig());
const legacy = projectDir(legacyConfig());
const empty = projectDir({});
const now = (): number => Math.floor(Date.now() / 1000);

function data(run: CliRun): Json {
  const doc = run.json<Json>();
  assert.equal(doc.schemaVersion, 1);
  return doc.data as Json;
}

function assertNoSecrets(run: CliRun): void {
  for (const s of Object.values(TEST_SECRETS)) {
    assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), 'a secret leaked into the output');
  }
}

function assertConfigError(run: CliRun, code: string, ...mentions: RegExp[]): void {
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, new RegExp(code));
  for (const m of mentions) assert.match(run.stderr, m);
}

describe('sign push', () => {
  it('reproduces the official vector from flags, with OBS split and ffmpeg line', async () => {
    const run = await runCli(
      [
        'sign',
        'push',
        '--stream',
        'test',
        '--push-domain',
        'livepush.tcloud.com',
        '--push-key',
        'e12c46f2612d5106e2034781ab261ca3',
        '--tx-time',
        '5C271099',
      ],
      { cwd: empty },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /rtmp:\/\/livepush\.tcloud\.com\/live\/test\?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099/,
    );
    assert.match(run.stdout, /Server +rtmp:\/\/livepush\.tcloud\.com\/live\/\n/);
    assert.match(run.stdout, /Stream key +test\?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099/);
    assert.match(
      run.stdout,
      /ffmpeg .* -f flv 'rtmp:\/\/livepush\.tcloud\.com\/live\/test\?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099'/,
    );
    assert.ok(!run.stdout.includes('e12c46f2612d5106e2034781ab261ca3'), 'the key is never printed');
  });
  it('accepts --tx-time in decimal and gives the same URL', async () => {
    const run = await runCli(
      [
        'sign',
        'push',
        '--stream',
        'test',
        '--push-domain',
        'livepush.tcloud.com',
        '--push-key',
        'e12c46f2612d5106e2034781ab261ca3',
        '--tx-time',
        '1546064025',
        '--json',
      ],
      { cwd: empty },
    );
    assert.equal(data(run).forms[0].txSecret, 'f85a2ab363fe4deaffef9754d79da6fe');
  });
  it('signs from the config file with the JSON shape documented in the help', async () => {
    const run = await runCli(['sign', 'push', '--stream', 'demo', '--expires', '2h', '--json'], { cwd: current });
    assert.equal(run.code, 0, run.stderr);
    const d = data(run);
    const exp = d.expiresAt.unix as number;
    assert.ok(Math.abs(exp - (now() + 7200)) <= 5);
    assert.equal(d.txTime, exp.toString(16).toUpperCase());
    assert.deepEqual(Object.keys(d.forms[0]).sort(), [
      'ffmpeg',
      'form',
      'server',
      'streamKey',
      'streamName',
      'txSecret',
      'url',
    ]);
    assert.equal(d.forms.length, 1);
    assert.equal(d.forms[0].txSecret, antiLeechSecret(TEST_SECRETS.pushKey, 'demo', d.txTime));
    assert.equal(
      d.forms[0].url,
      `rtmp://push.example.com/live/demo?txSecret=${d.forms[0].txSecret}&txTime=${d.txTime}`,
    );
    assertNoSecrets(run);
  });
  it('makes the legacy bizid form from a legacy config', async () => {
    const d = data(
      await runCli(['sign', 'push', '--stream', 'jacqiu', '--tx-time', '1546064025', '--json'], { cwd: legacy }),
    );
    assert.equal(d.forms[0].form, 'legacy');
    const secret = antiLeechSecret(TEST_SECRETS.pushKey, '8888_jacqiu', '5C271099');
    assert.equal(
      d.forms[0].url,
      `rtmp://8888.livepush.myqcloud.com/live/8888_jacqiu?bizid=8888&txSecret=${secret}&txTime=5C271099`,
    );
    assert.equal(d.forms[0].streamKey, `8888_jacqiu?bizid=8888&txSecret=${secret}&txTime=5C271099`);
  });
  it('signs with the backup key on --backup, and says how to set it when missing', async () => {
    const run = await runCli(['sign', 'push', '--stream', 'demo', '--backup'], { cwd: current });
    assertConfigError(run, 'MLVB_CONFIG_MISSING', /lvb\.pushKeyBackup/, /--push-key-backup/, /MINILVB_PUSH_KEY_BACKUP/);
    const ok = await runCli(['sign', 'push', '--stream', 'demo', '--backup', '--tx-time', '5C271099', '--json'], {
      cwd: current,
      env: { MINILVB_PUSH_KEY_BACKUP: TEST_SECRETS.playKey },
    });
    assert.equal(data(ok).forms[0].txSecret, antiLeechSecret(TEST_SECRETS.playKey, 'demo', '5C271099'));
    assert.equal(data(ok).key, 'backup');
  });
  it('names every missing field and how to set it, exit 2 (human and JSON)', async () => {
    const run = await runCli(['sign', 'push', '--stream', 'demo'], { cwd: empty });
    assertConfigError(
      run,
      'MLVB_CONFIG_MISSING',
      /lvb\.pushKey/,
      /--push-key/,
      /MINILVB_PUSH_KEY/,
      /lvb\.pushDomain/,
      /--push-domain/,
      /lvb\.bizId/,
    );
    const json = await runCli(['sign', 'push', '--stream', 'demo', '--json'], { cwd: empty });
    assert.equal(json.code, 2);
    const err = json.json<Json>().error;
    assert.equal(err.code, 'MLVB_CONFIG_MISSING');
    assert.deepEqual(err.details.missing, ['lvb.pushKey', 'lvb.pushDomain', 'lvb.bizId']);
    assert.equal(json.stderr, '');
  });
  it('reports an invalid legacy key as MLVB_CONFIG_INVALID, and an odd current one as a warning', async () => {
    const run = await runCli(['sign', 'push', '--stream', 'demo', '--push-key', 'short'], { cwd: legacy });
    assertConfigError(run, 'MLVB_CONFIG_INVALID', /lvb\.pushKey/);
    const warned = await runCli(['sign', 'push', '--stream', 'demo', '--push-key', 'short', '--json'], {
      cwd: current,
    });
    assert.equal(warned.code, 0);
    assert.match(warned.json<Json>().warnings[0], /lvb\.pushKey: is 5 characters/);
  });
  it('rejects bad durations, bad stream ids, bad tx-time, both expiry flags and bad schemes with exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--expires', '2x'], /Invalid --expires "2x"/],
      [['--expires', '0'], /Invalid --expires/],
      [['--expires', '-5m'], /--expires/],
      [['--tx-time', 'zz'], /Invalid --tx-time "zz"/],
      [['--expires', '2h', '--tx-time', '5C271099'], /either --expires or --tx-time/],
      [['--scheme', 'http'], /Invalid --scheme/],
    ];
    for (const [flags, msg] of cases) {
      const run = await runCli(['sign', 'push', '--stream', 'demo', ...flags], { cwd: current });
      assert.equal(run.code, 2, flags.join(' '));
      assert.match(run.stderr, msg);
    }
    for (const stream of ['a/b', 'a b', 'x?y=1', '流']) {
      const run = await runCli(['sign', 'push', '--stream', stream], { cwd: current });
      assert.equal(run.code, 2, stream);
      assert.match(run.stderr, /MLVB_INPUT_INVALID.*Invalid stream id/);
    }
    const noStream = await runCli(['sign', 'push'], { cwd: current });
    assert.equal(noStream.code, 2);
    assert.match(noStream.stderr, /--stream/);
  });
  it('webrtc scheme has no ffmpeg line', async () => {
    const d = data(
      await runCli(['sign', 'push', '--stream', 'demo', '--scheme', 'webrtc', '--json'], { cwd: current }),
    );
    assert.match(d.forms[0].url, /^webrtc:\/\/push\.example\.com\/live\/demo\?txSecret=/);
    assert.equal(d.forms[0].ffmpeg, null);
  });
});

describe('sign play', () => {
  it('signs every URL with the play key', async () => {
    const run = await runCli(['sign', 'play', '--stream', 'demo', '--tx-time', '5C271099', '--json'], { cwd: current });
    assert.equal(run.code, 0, run.stderr);
    const d = data(run);
    const q = `?txSecret=${antiLeechSecret(TEST_SECRETS.playKey, 'demo', '5C271099')}&txTime=5C271099`;
    assert.equal(d.rtmp, `rtmp://play.example.com/live/demo${q}`);
    assert.equal(d.flv, `http://play.example.com/live/demo.flv${q}`);
    assert.equal(d.hls, `http://play.example.com/live/demo.m3u8${q}`);
    assert.equal(d.webrtc, `webrtc://play.example.com/live/demo${q}`);
    assert.equal(d.signed, true);
    assertNoSecrets(run);
  });
  it('is unsigned without a play key and says so', async () => {
    const cfg = currentConfig();
    delete (cfg.lvb as Json).playKey;
    const run = await runCli(['sign', 'play', '--stream', 'demo'], { cwd: projectDir(cfg) });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /FLV +http:\/\/play\.example\.com\/live\/demo\.flv\n/);
    assert.match(run.stdout, /Unsigned/);
  });
  it('legacy form with the push-key-signed low-latency URL', async () => {
    const d = data(
      await runCli(['sign', 'play', '--stream', 'jacqiu', '--tx-time', '5C271099', '--json'], { cwd: legacy }),
    );
    assert.equal(d.flv, 'http://8888.liveplay.myqcloud.com/live/8888_jacqiu.flv');
    assert.equal(
      d.acc,
      `rtmp://8888.liveplay.myqcloud.com/live/8888_jacqiu?bizid=8888&txSecret=${antiLeechSecret(TEST_SECRETS.pushKey, '8888_jacqiu', '5C271099')}&txTime=5C271099`,
    );
  });
  it('names lvb.playDomain / lvb.bizId when neither is set', async () => {
    assertConfigError(
      await runCli(['sign', 'play', '--stream', 'demo'], { cwd: empty }),
      'MLVB_CONFIG_MISSING',
      /lvb\.playDomain/,
      /--play-domain/,
      /lvb\.bizId/,
    );
  });
});

describe('sign usersig', () => {
  it('makes a v2 UserSig (180 days by default) that verifies with the configured key', async () => {
    const run = await runCli(['sign', 'usersig', '--user', 'jacqiu', '--json'], { cwd: current });
    assert.equal(run.code, 0, run.stderr);
    const d = data(run);
    assert.equal(d.version, 'v2');
    assert.equal(d.expireSeconds, 15552000);
    assert.equal(
      verifyUserSig(d.userSig, { sdkAppId: 1400123456, secretKey: TEST_SECRETS.imSecretKey, userId: 'jacqiu' }).ok,
      true,
    );
    assertNoSecrets(run);
  });
  it('honours --expire and --now', async () => {
    const d = data(
      await runCli(['sign', 'usersig', '--user', 'admin', '--expire', '7d', '--now', '1700000000', '--json'], {
        cwd: current,
      }),
    );
    assert.equal(d.expireSeconds, 604800);
    assert.equal(d.issuedAt.unix, 1700000000);
    assert.equal(d.expiresAt.iso, '2023-11-21T22:13:20Z');
  });
  it('makes a v1 ECDSA UserSig with --legacy that verifies with the public key', async () => {
    const d = data(await runCli(['sign', 'usersig', '--user', 'admin', '--legacy', '--json'], { cwd: legacy }));
    assert.equal(d.version, 'v1');
    assert.equal(
      verifyUserSig(d.userSig, { sdkAppId: 1400012345, publicKeyPem: TEST_IM_PUBLIC_KEY, userId: 'admin' }).ok,
      true,
    );
  });
  it('names the missing IM fields for each version', async () => {
    assertConfigError(
      await runCli(['sign', 'usersig', '--user', 'a1'], { cwd: empty }),
      'MLVB_CONFIG_MISSING',
      /im\.sdkAppId/,
      /im\.secretKey/,
      /--im-secret-key/,
      /MINILVB_IM_SECRETKEY/,
    );
    assertConfigError(
      await runCli(['sign', 'usersig', '--user', 'a1', '--legacy'], { cwd: current }),
      'MLVB_CONFIG_MISSING',
      /im\.accountType/,
      /im\.privateKey/,
    );
  });
  it('rejects a bad --expire and a bad user id', async () => {
    const a = await runCli(['sign', 'usersig', '--user', 'u1', '--expire', '180x'], { cwd: current });
    assert.equal(a.code, 2);
    assert.match(a.stderr, /Invalid --expire "180x"/);
    const b = await runCli(['sign', 'usersig', '--user', 'has space'], { cwd: current });
    assert.equal(b.code, 2);
    assert.match(b.stderr, /Invalid --user/);
  });
});

describe('sign decode', () => {
  const sig = (o: { now?: number; sdkAppId?: number; key?: string; expire?: number; user?: string } = {}): string =>
    genUserSigV2({
      sdkAppId: o.sdkAppId ?? 1400123456,
      secretKey: o.key ?? TEST_SECRETS.imSecretKey,
      userId: o.user ?? 'jacqiu',
      expireSeconds: o.expire ?? 86400,
      now: o.now ?? now(),
    });

  it('shows every field, both time zones, and a passed verification (exit 0)', async () => {
    const run = await runCli(['sign', 'decode', sig({ now: 1700000000, expire: 3600 }), '--now', '1700000100'], {
      cwd: current,
    });
    assert.equal(run.code, 0, run.stderr);
    for (const f of ['TLS.ver', 'TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig'])
      assert.match(run.stdout, new RegExp(f.replace('.', '\\.')));
    assert.match(run.stdout, /Issued +2023-11-14T22:13:20Z +\(2023-11-15 06:13:20 UTC\+8\)/);
    assert.match(run.stdout, /Expired +no/);
    assert.match(run.stdout, /✓ Valid v2 UserSig/);
  });
  it('JSON shape: decoded fields plus the verification verdict', async () => {
    const d = data(await runCli(['sign', 'decode', sig(), '--json'], { cwd: current }));
    assert.equal(d.version, 'v2');
    assert.equal(d.identifier, 'jacqiu');
    assert.equal(d.expired, false);
    assert.deepEqual(d.verification, {
      checked: true,
      ok: true,
      reason: null,
      imErrorCode: null,
      message: d.verification.message,
    });
    assert.equal(d.fields['TLS.ver'], '2.0');
  });
  const failures: Array<[string, () => string, string[], string, number]> = [
    ['expired', () => sig({ now: now() - 7200, expire: 3600 }), [], 'expired', 70001],
    ['other SDKAppID', () => sig({ sdkAppId: 1400999999 }), [], 'sdkappid-mismatch', 70014],
    ['wrong key', () => sig({ key: TEST_SECRETS.cloudSecretKey }), [], 'bad-signature', 70009],
    ['other user', () => sig(), ['--user', 'bob1'], 'identifier-mismatch', 70013],
  ];
  for (const [name, make, flags, reason, code] of failures) {
    it(`fails verification with exit 1: ${name} → ${code}`, async () => {
      const run = await runCli(['sign', 'decode', make(), ...flags, '--json'], { cwd: current });
      assert.equal(run.code, 1);
      const doc = run.json<Json>();
      assert.equal(doc.ok, false);
      assert.equal(doc.data.verification.reason, reason);
      assert.equal(doc.data.verification.imErrorCode, code);
      const human = await runCli(['sign', 'decode', make(), ...flags], { cwd: current });
      assert.equal(human.code, 1);
      assert.match(human.stdout, new RegExp(`IM error ${code} \\(${reason}\\)`));
    });
  }
  it('exits 2 on garbled and truncated input, naming the failing step and 70003', async () => {
    const good = sig();
    const truncated = await runCli(['sign', 'decode', good.slice(0, 30)], { cwd: current });
    assert.equal(truncated.code, 2);
    assert.match(truncated.stderr, /MLVB_INPUT_INVALID.*does not decompress/);
    assert.match(truncated.stderr, /70003/);
    const garbled = await runCli(['sign', 'decode', 'not a usersig!', '--json'], { cwd: current });
    assert.equal(garbled.code, 2);
    assert.equal(garbled.json<Json>().error.details.step, 'base64');
  });
  it('decodes without a key (exit 0, not verified) and still flags expiry (exit 1)', async () => {
    const fresh = await runCli(['sign', 'decode', sig(), '--json'], { cwd: empty });
    assert.equal(fresh.code, 0);
    assert.equal(fresh.json<Json>().data.verification.checked, false);
    const old = await runCli(['sign', 'decode', sig({ now: 1600000000, expire: 60 })], { cwd: empty });
    assert.equal(old.code, 1);
    assert.match(old.stdout, /Expired +yes/);
    assert.match(old.stdout, /70001/);
  });
  it('reads the UserSig from stdin with -, and verifies v1 with the legacy public key', async () => {
    const v1 = genUserSigV1({
      sdkAppId: 1400012345,
      accountType: '18647',
      privateKeyPem: TEST_SECRETS.imPrivateKey,
      userId: 'admin',
      expireSeconds: 3600,
    });
    const run = await runCli(['sign', 'decode', '-', '--json'], { cwd: legacy, input: `${v1}\n` });
    assert.equal(run.code, 0, run.stdout);
    const d = data(run);
    assert.equal(d.version, 'v1');
    assert.equal(d.accountType, '18647');
    assert.equal(d.verification.ok, true);
  });
});

describe('sign callback', () => {
  it('signs t with the configured API key', async () => {
    const run = await runCli(['sign', 'callback', '--t', '1545030873', '--json'], { cwd: current });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      { t: data(run).t, sign: data(run).sign },
      { t: 1545030873, sign: callbackSign(TEST_SECRETS.apiKey, 1545030873) },
    );
    assertNoSecrets(run);
  });
  it('defaults t to about now + 10 minutes', async () => {
    const d = data(await runCli(['sign', 'callback', '--json'], { cwd: current }));
    assert.ok(Math.abs(d.t - (now() + 600)) <= 5);
  });
  it('--event 100 prints a complete signed payload and a curl command', async () => {
    const run = await runCli(['sign', 'callback', '--event', '100', '--stream', 'jacqiu', '--json'], { cwd: legacy });
    const d = data(run);
    const p = d.payload;
    assert.equal(p.event_type, 100);
    assert.equal(p.stream_id, '8888_jacqiu');
    assert.equal(p.channel_id, '8888_jacqiu');
    for (const f of [
      'video_id',
      'file_id',
      'video_url',
      'file_format',
      'start_time',
      'end_time',
      'appid',
      'app',
      'appname',
    ])
      assert.ok(p[f] !== undefined, f);
    assert.ok(p.end_time - p.start_time > 60, 'long enough to be stored');
    assert.equal(verifyCallbackSign(TEST_SECRETS.apiKey, p.t, p.sign), true);
    assert.equal(d.url, 'http://127.0.0.1:8080/callback/tape_callback.php');
    assert.ok(d.curl.startsWith("curl -sS -X POST -H 'Content-Type: application/json' --data '{"));
    assert.ok(d.curl.endsWith(' http://127.0.0.1:8080/callback/tape_callback.php'));
    assert.deepEqual(JSON.parse(d.curl.slice(d.curl.indexOf("'{") + 1, d.curl.lastIndexOf("}'") + 1)), p);
  });
  it('samples events 0, 1 and 200, and warns when the stream cannot map to a user', async () => {
    for (const ev of ['0', '1', '200']) {
      const run = await runCli(
        ['sign', 'callback', '--event', ev, '--stream', 'jacqiu', '--url', 'http://127.0.0.1:9/cb', '--json'],
        { cwd: current },
      );
      assert.equal(run.code, 0);
      const doc = run.json<Json>();
      assert.equal(doc.data.payload.event_type, Number(ev));
      assert.match(doc.warnings[0], /cannot map it to a user id/);
    }
  });
  it('rejects bad --event, --event without --stream, bad --t, and a missing API key', async () => {
    const bad = await runCli(['sign', 'callback', '--event', '7', '--stream', 'x'], { cwd: current });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid --event "7"/);
    const noStream = await runCli(['sign', 'callback', '--event', '100'], { cwd: current });
    assert.equal(noStream.code, 2);
    assert.match(noStream.stderr, /--event needs --stream/);
    const badT = await runCli(['sign', 'callback', '--t', 'soon'], { cwd: current });
    assert.equal(badT.code, 2);
    assertConfigError(
      await runCli(['sign', 'callback'], { cwd: empty }),
      'MLVB_CONFIG_MISSING',
      /lvb\.apiKey/,
      /--api-key/,
      /MINILVB_API_KEY/,
    );
  });
});

describe('sign cos', () => {
  it('prints what /get_cos_sign returns', async () => {
    const run = await runCli(['sign', 'cos', '--now', '1557989151', '--json'], { cwd: current });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(data(run), {
      keyTime: '1557989151;1557989181',
      signKey: cosSignKey(TEST_SECRETS.cosSecretKey, '1557989151;1557989181'),
    });
  });
  it('makes a full Authorization for --method and --path (SecretId masked, signature complete)', async () => {
    const run = await runCli(
      [
        'sign',
        'cos',
        '--method',
        'put',
        '--path',
        '/jacqiu/1?acl',
        '-H',
        'Content-Type: image/jpeg',
        '--now',
        '1700000000',
        '--expires',
        '15m',
        '--json',
      ],
      { cwd: current },
    );
    assert.equal(run.code, 0, run.stderr);
    const d = data(run);
    const expected = cosAuthorization({
      secretId: TEST_SECRETS.cosSecretId,
      secretKey: TEST_SECRETS.cosSecretKey,
      keyTime: '1700000000;1700000900',
      method: 'PUT',
      pathname: '/jacqiu/1',
      query: [['acl', '']],
      headers: { Host: 'xiaozhibo-1250000000.cos.ap-guangzhou.myqcloud.com', 'Content-Type': 'image/jpeg' },
    });
    assert.equal(d.signature, expected.signature);
    assert.equal(d.headerList, 'content-type;host');
    assert.equal(d.urlParamList, 'acl');
    assert.match(
      d.authorization,
      /^q-sign-algorithm=sha1&q-ak=.+&q-sign-time=1700000000;1700000900&.*&q-signature=[0-9a-f]{40}$/,
    );
    assertNoSecrets(run);
  });
  it('rejects a missing or relative --path, a bad method or header, and names missing COS fields', async () => {
    for (const [flags, msg] of [
      [['--method', 'PUT'], /Missing --path/],
      [['--path', 'x'], /Invalid --path/],
      [['--method', 'FETCH', '--path', '/a'], /Invalid --method/],
      [['--path', '/a', '-H', 'nocolon'], /Invalid --header/],
    ] as Array<[string[], RegExp]>) {
      const run = await runCli(['sign', 'cos', ...flags], { cwd: current });
      assert.equal(run.code, 2, flags.join(' '));
      assert.match(run.stderr, msg);
    }
    assertConfigError(
      await runCli(['sign', 'cos'], { cwd: empty }),
      'MLVB_CONFIG_MISSING',
      /cos\.secretKey/,
      /--cos-secret-key/,
    );
    assertConfigError(
      await runCli(['sign', 'cos', '--path', '/a'], { cwd: empty }),
      'MLVB_CONFIG_MISSING',
      /cos\.secretId/,
      /cos\.bucket/,
      /cos\.region/,
    );
  });
});

describe('sign liteav', () => {
  const body = '{"userid":"jacqiu","timestamp":1512890037,"expires":10,"index":0,"count":20}';
  it('reproduces the spec example', async () => {
    const run = await runCli(['sign', 'liteav', '--token', '123456789', '--body', body, '--json'], { cwd: empty });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(data(run), {
      bodyMd5: '155aa237abdd9d207ea57c51eb2e8d50',
      bodyBytes: 76,
      liteavSig: 'c8df92f35df00a4824970d979bdc8627',
      header: 'Liteav-Sig: c8df92f35df00a4824970d979bdc8627',
    });
  });
  it('reads the body from stdin byte for byte', async () => {
    const run = await runCli(['sign', 'liteav', '--token', '123456789', '--body', '-'], { cwd: empty, input: body });
    assert.match(run.stdout, /^Liteav-Sig: c8df92f35df00a4824970d979bdc8627\n/);
  });
  it('warns about a body the server would reject, and needs --token and --body', async () => {
    const run = await runCli(['sign', 'liteav', '--token', '123456789', '--body', 'hello'], { cwd: empty });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /not JSON/);
    assert.match(run.stdout, new RegExp(md5Hex(`123456789${md5Hex('hello')}`)));
    const noUser = await runCli(['sign', 'liteav', '--token', '123456789', '--body', '{}'], { cwd: empty });
    assert.match(noUser.stderr, /no "userid"/);
    const missing = await runCli(['sign', 'liteav', '--body', body], { cwd: empty });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--token/);
  });
});
