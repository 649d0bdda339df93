/**
 * `minilvb doctor --report <file>`: the support bundle holds versions, the masked config, the
 * report with evidence and the log tails, is 0600, and contains no configured secret (nor any
 * piece of one longer than the mask shows), even when the logs hold them.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { SECRET_PATHS } from '../../src/config/index.js';
import { mask } from '../../src/secrets/mask.js';
import { scrubLogLine } from '../../src/doctor/report/scrub.js';
import { legacyConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

/** Distinctive values for every secret field of the schema (none of them used elsewhere). */
const PEM = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const SECRETS: Record<string, string> = {
  'lvb.pushKey': 'Rq8Zb3Vt6Nw1Ky4Hm7Jc0Xp5Ld2Gs9Fa',
  'lvb.pushKeyBackup': 'Bk4Yw7Qe2Rt9Ui3Op6As1Df8Gh5Jk0Lz',
  'lvb.playKey': 'Pl9Xc2Vb5Nm8Qw1Er4Ty7Ui0Op3As6Dx',
  'lvb.apiKey': 'Ap3Sd6Fg9Hj2Kl5Zx8Cv1Bn4Mq7We0Ry',
  'im.secretKey': '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0',
  'im.privateKey': PEM,
  'cos.secretId': 'AKIDRpt5Wq8Er1Ty4Ui7Op0As3Df6Gh9Jk2L',
  'cos.secretKey': 'Cs7Kv2Bx5Nz8Mq1Wr4Et7Yu0Io3Pa6Sd',
  'server.adminToken': 'Ad5Mn8Bv1Cx4Zl7Kj0Hg3Fd6Sa9Qw2Er',
  'db.password': 'Dp2Wo5Ie8Ur1Yt4Re7Wq0Ao',
  'cloud.secretId': 'AKIDCl9Mn2Bv5Cx8Zl1Kj4Hg7Fd0Sa3Qw6E',
  'cloud.secretKey': 'Ck6Jh9Gf2Ds5Aq8Wz1Xs4Ed7Rf0Tg3Yh',
};

function configWithEverySecret(logFile: string): Record<string, unknown> {
  const base = legacyConfig();
  const s = (p: string): string => SECRETS[p] ?? '';
  return {
    ...base,
    lvb: {
      ...(base.lvb as object),
      pushKey: s('lvb.pushKey'),
      pushKeyBackup: s('lvb.pushKeyBackup'),
      playKey: s('lvb.playKey'),
      apiKey: s('lvb.apiKey'),
    },
    im: { ...(base.im as object), secretKey: s('im.secretKey'), privateKey: s('im.privateKey') },
    cos: { ...(base.cos as object), secretId: s('cos.secretId'), secretKey: s('cos.secretKey') },
    server: { publicUrl: 'http://127.0.0.1:9', adminToken: s('server.adminToken'), logFile },
    db: { host: '127.0.0.1', port: 9, name: 'live_demo', user: 'live_user', password: s('db.password') },
    cloud: { secretId: s('cloud.secretId'), secretKey: s('cloud.secretKey') },
  };
}

/** Every piece of a secret longer than what mask() shows (4 characters in a row). */
function pieces(secret: string): string[] {
  const body = secret.includes('-----BEGIN')
    ? secret
        .split('\n')
        .filter((l) => !l.startsWith('-----'))
        .join('')
    : secret;
  const out: string[] = [];
  for (let i = 0; i + 5 <= body.length; i++) out.push(body.slice(i, i + 5));
  return out;
}

describe('minilvb doctor --report', () => {
  it('the test configures every secret field of the schema', () => {
    assert.deepEqual(Object.keys(SECRETS).sort(), [...SECRET_PATHS].sort());
  });

  it('writes a 0600 bundle with versions, masked config, the report, evidence and log tails, and no secret', async () => {
    const dir = projectDir({});
    const serverLog = join(dir, 'server.log');
    const appLog = join(dir, 'rtmpsdk_20240101.log');
    // Logs that leak everything: the secrets themselves, and credentials minilvb does not know.
    const leaky = Object.values(SECRETS).map(
      (v, i) => `{"level":"error","line":${i},"msg":"boom ${v.split('\n').join('\\n')}"}`,
    );
    writeFileSync(
      serverLog,
      [
        ...Array.from({ length: 50 }, (_, i) => `{"level":"info","msg":"request ${i}"}`),
        ...leaky,
        'GET /live?txSecret=0f1e2d3c4b5a69788796a5b4&txTime=65A0B1C2 200',
      ].join('\n'),
    );
    writeFileSync(
      appLog,
      `E: applog:upload image failed, code:-61, msg:ERROR_PROXY_SIGN_BUCKET_NOTMATCH\nPOST /login password=hunter2hunter2 userid=alice\n`,
    );
    writeFileSync(join(dir, 'minilvb.config.json'), JSON.stringify(configWithEverySecret(serverLog)), { mode: 0o600 });
    const out = join(dir, 'support.json');
    const r = await runCli(['doctor', 'config', 'logs', '--log', appLog, '--report', out, '--report-lines', '20'], {
      cwd: dir,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Support bundle written to ${out.replace(/[/.]/g, '\\$&')}`));
    assert.equal(statSync(out).mode & 0o777, 0o600);

    const text = readFileSync(out, 'utf8');
    const leaks = Object.entries(SECRETS).flatMap(([path, v]) =>
      text.includes(v.trim())
        ? [`${path}: whole`]
        : pieces(v)
            .filter((p) => text.includes(p))
            .map((p) => `${path}: ${p}`),
    );
    assert.deepEqual(leaks, []);
    assert.doesNotMatch(text, /0f1e2d3c4b5a69788796a5b4|hunter2hunter2/);

    const bundle = JSON.parse(text) as {
      kind: string;
      versions: { minilvb: string; node: string; os: string };
      config: Array<{ path: string; value: unknown; source: string }>;
      report: { checks: Array<{ id: string; evidence?: Record<string, unknown> }>; summary: { total: number } };
      evidence: Record<string, Record<string, unknown>>;
      logs: Array<{ file: string; from: string; lines: string[] }>;
    };
    assert.equal(bundle.kind, 'minilvb-support-bundle');
    assert.equal(bundle.versions.node, process.version);
    assert.match(bundle.versions.minilvb, /^\d+\.\d+\.\d+/);
    assert.equal(bundle.config.find((c) => c.path === 'cos.secretKey')?.value, mask(SECRETS['cos.secretKey'] ?? ''));
    assert.equal(bundle.config.find((c) => c.path === 'cos.bucket')?.value, 'xiaozhibo');
    assert.equal(bundle.config.find((c) => c.path === 'cos.bucket')?.source, 'file');
    assert.ok(bundle.report.summary.total >= 7);
    assert.ok(bundle.report.checks.some((c) => c.id === 'logs.scan'));
    assert.equal(bundle.evidence['config.file-mode']?.mode, '0600');
    const server = bundle.logs.find((l) => l.from === 'server.logFile');
    assert.equal(server?.file, serverLog);
    assert.equal(server?.lines.length, 20);
    assert.match(server?.lines.at(-1) ?? '', /txSecret=\*\*\*&txTime/);
    assert.match(
      bundle.logs.find((l) => l.from === '--log')?.lines.join('\n') ?? '',
      /ERROR_PROXY_SIGN_BUCKET_NOTMATCH[\s\S]*password=\*\*\* userid=alice/,
    );
  });

  it('a bad --report-lines is a usage error', async () => {
    const r = await runCli(['doctor', 'config', '--report', 'x.json', '--report-lines', 'many']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--report-lines many is not a line count/);
  });

  it('log scrubbing removes credentials minilvb does not know, and keeps the rest', () => {
    assert.equal(
      scrubLogLine('rtmp://push.example.com/live/1_a?txSecret=abcdef0123&txTime=5F000000'),
      'rtmp://push.example.com/live/1_a?txSecret=***&txTime=5F000000',
    );
    assert.equal(scrubLogLine('{"userid":"bob","password":"0123456789abcdef"}'), '{"userid":"bob","password":"***"}');
    assert.equal(scrubLogLine('Authorization: Bearer abc.def.ghi'), 'Authorization: Bearer ***');
    assert.equal(scrubLogLine('GET /get_vod_list 200 12ms'), 'GET /get_vod_list 200 12ms');
  });
});
