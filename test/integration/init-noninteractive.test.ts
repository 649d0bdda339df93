/**
 * `init` without a terminal (or with --yes): values from flags, environment and --from files;
 * every problem reported at once with exit 2 and nothing written; existing configs kept intact.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  currentConfig,
  legacyConfig,
  projectDir,
  TEST_IM_PRIVATE_KEY,
  TEST_IM_PUBLIC_KEY,
  TEST_SECRETS,
} from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'minilvb-init-'));

const CURRENT_ENV_FILE = `# CI values for minilvb init
MINILVB_CREDENTIALS=current
MINILVB_PUSH_DOMAIN=push.example.com
MINILVB_PUSH_KEY=${TEST_SECRETS.pushKey}
MINILVB_API_KEY=${TEST_SECRETS.apiKey}
MINILVB_IM_SDKAPPID=1400123456
MINILVB_IM_SECRETKEY="${TEST_SECRETS.imSecretKey}"
MINILVB_COS_APPID=1250000000
MINILVB_COS_BUCKET=xiaozhibo
MINILVB_COS_REGION='ap-guangzhou'
MINILVB_COS_SECRET_ID=${TEST_SECRETS.cosSecretId}
MINILVB_COS_SECRET_KEY=${TEST_SECRETS.cosSecretKey}
MINILVB_PUBLIC_URL=https://live.example.com
`;

describe('init --yes: every bad input reported at once', () => {
  it('flags, env and --from problems and missing values in one error; exit 2; nothing written', async () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, 'ci.json'),
      JSON.stringify({
        credentials: 'legacy',
        lvb: { apiKey: 'short', pushKey: TEST_SECRETS.pushKey },
        cos: { appId: 1250000000, bucket: 'photos-1250000001' },
        bogus: 1,
      }),
    );
    const r = await runCli(
      [
        'init',
        '--yes',
        '--from',
        'ci.json',
        '--bizid',
        '88a8',
        '--im-sdkappid',
        'x1400',
        '--public-url',
        'http://host/path/x',
        '--im-private-key-file',
        'nope.pem',
        '--json',
      ],
      {
        cwd,
        env: { MINILVB_COS_REGION: 'Guangzhou', MINILVB_PORT: '70000' },
      },
    );
    assert.equal(r.code, 2);
    const err = r.json<{
      error: {
        code: string;
        message: string;
        details: {
          invalid: { path: string; flag?: string; env?: string }[];
          missing: { path: string; flag: string; env: string }[];
        };
      };
    }>().error;
    assert.equal(err.code, 'MLVB_CONFIG_INVALID');
    const invalid = err.details.invalid.map((p) => p.path).sort();
    assert.deepEqual(invalid, [
      'bogus',
      'cos.bucket',
      'cos.region',
      'im.privateKeyFile',
      'im.sdkAppId',
      'lvb.apiKey',
      'lvb.bizId',
      'server.port',
      'server.publicUrl',
    ]);
    const missing = Object.fromEntries(err.details.missing.map((p) => [p.path, `${p.flag} ${p.env}`]));
    assert.deepEqual(missing, {
      'cos.secretId': '--cos-secret-id MINILVB_COS_SECRET_ID',
      'cos.secretKey': '--cos-secret-key MINILVB_COS_SECRET_KEY',
      'lvb.appId': '--lvb-app-id MINILVB_APP_ID',
      'im.accountType': '--im-account-type MINILVB_IM_ACCOUNTTYPE',
      'im.publicKey': '--im-public-key-file <file> MINILVB_IM_PUBLIC_KEY_FILE',
    });
    assert.match(err.message, /lvb\.bizId: "88a8" is not a whole number .*set with --bizid, MINILVB_APP_BIZID/);
    assert.match(err.message, /lvb\.apiKey: is 5 characters/);
    assert.ok(!existsSync(join(cwd, 'minilvb.config.json')));
    assert.ok(!existsSync(join(cwd, 'minilvb-files')));
  });

  it('an existing config is left byte-identical when init fails, and with no TTY init never prompts', async () => {
    const dir = projectDir(currentConfig());
    const before = readFileSync(join(dir, 'minilvb.config.json'));
    const r = await runCli(['init', '--cos-bucket', 'Not_A_Bucket'], {
      cwd: dir,
      env: { MINILVB_COS_SECRET_KEY: `${TEST_SECRETS.cosSecretKey} x` },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /MLVB_CONFIG_INVALID/);
    assert.match(r.stderr, /cos\.bucket/);
    assert.match(r.stderr, /cos\.secretKey: contains whitespace/);
    assert.ok(readFileSync(join(dir, 'minilvb.config.json')).equals(before));
    assert.ok(!r.stderr.includes(TEST_SECRETS.cosSecretKey));
  });

  it('an env --from file with a broken line and an unknown variable is reported, not guessed', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'ci.env'), `${CURRENT_ENV_FILE}MINILVB_COS_BUKET=typo\nthis is not an assignment\n`);
    const r = await runCli(['init', '--yes', '--from', 'ci.env'], { cwd });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /MINILVB_COS_BUKET: is not a minilvb variable/);
    assert.match(r.stderr, /ci\.env:15: "this is not an assignment" is not a NAME=value line/);
  });
});

describe('init --yes: writing', () => {
  it('from an env-file: writes the config 0600 and generates the files', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'ci.env'), CURRENT_ENV_FILE);
    const r = await runCli(['init', '--yes', '--from', 'ci.env', '--json'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    const file = join(cwd, 'minilvb.config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written, {
      credentials: 'current',
      lvb: { pushDomain: 'push.example.com', pushKey: TEST_SECRETS.pushKey, apiKey: TEST_SECRETS.apiKey },
      im: { sdkAppId: 1400123456, secretKey: TEST_SECRETS.imSecretKey },
      cos: {
        appId: 1250000000,
        bucket: 'xiaozhibo',
        region: 'ap-guangzhou',
        secretId: TEST_SECRETS.cosSecretId,
        secretKey: TEST_SECRETS.cosSecretKey,
      },
      server: { publicUrl: 'https://live.example.com' },
    });
    const data = r.json<{
      data: { generate: { files: { name: string }[] }; fields: { path: string; value: string }[] };
    }>().data;
    assert.ok(data.generate.files.some((f) => f.name === 'outdefine'));
    assert.ok(existsSync(join(cwd, 'minilvb-files/php/conf/OutDefine.php')));
    assert.ok(!r.stdout.includes(TEST_SECRETS.cosSecretKey), 'summary masked');
  });

  it('MINILVB_CONFIG may name a file that does not exist yet', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'ci.env'), CURRENT_ENV_FILE);
    const r = await runCli(['init', '--yes', '--from', 'ci.env', '--no-generate'], {
      cwd,
      env: { MINILVB_CONFIG: 'conf/minilvb.json' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      (await loadConfig({ cwd, configFile: 'conf/minilvb.json' })).config.im.secretKey,
      TEST_SECRETS.imSecretKey,
    );
  });

  it('from JSON with a key file relative to it, and env values, for legacy credentials', async () => {
    const cwd = tmp();
    const keys = tmp();
    writeFileSync(join(keys, 'private_key'), TEST_IM_PRIVATE_KEY);
    writeFileSync(join(keys, 'public_key'), TEST_IM_PUBLIC_KEY);
    const { im, ...rest } = legacyConfig();
    writeFileSync(
      join(keys, 'ci.json'),
      JSON.stringify({
        ...rest,
        im: { sdkAppId: 1400012345, accountType: '18647', privateKeyFile: 'private_key', publicKeyFile: 'public_key' },
      }),
    );
    void im;
    const r = await runCli(['init', '--yes', '--from', join(keys, 'ci.json'), '--no-generate'], {
      cwd,
      env: { MINILVB_DB_HOST: '127.0.0.1', MINILVB_DB_PASSWORD: TEST_SECRETS.dbPassword },
    });
    assert.equal(r.code, 0, r.stderr);
    const loaded = await loadConfig({ cwd });
    assert.equal(loaded.config.im.privateKey, TEST_IM_PRIVATE_KEY);
    assert.equal(loaded.config.db?.password, TEST_SECRETS.dbPassword);
    assert.deepEqual(loaded.issues, []);
    assert.ok(!existsSync(join(cwd, 'minilvb-files')));
  });

  it('re-running edits: keeps $schema, profiles and unknown keys; --profile writes only into that profile', async () => {
    const original: Record<string, unknown> = {
      $schema: './schema.json',
      ...currentConfig(),
      profiles: { prod: { server: { port: 9000 } } },
      x_team_note: 'keep me',
    };
    const dir = projectDir(original);
    let r = await runCli(['init', '--yes', '--no-generate', '--cos-bucket', 'newbucket'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /x_team_note: is not a known setting/);
    let doc = JSON.parse(readFileSync(join(dir, 'minilvb.config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(doc, { ...original, cos: { ...(original.cos as object), bucket: 'newbucket' } });

    r = await runCli(
      ['init', '--yes', '--no-generate', '--profile', 'staging', '--public-url', 'https://staging.example.com'],
      { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    doc = JSON.parse(readFileSync(join(dir, 'minilvb.config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(doc.profiles, {
      prod: { server: { port: 9000 } },
      staging: { server: { publicUrl: 'https://staging.example.com' } },
    });
    assert.equal((doc.server as Record<string, unknown>).publicUrl, 'http://127.0.0.1:8080');
    const staging = await loadConfig({ cwd: dir, profile: 'staging' });
    assert.equal(staging.config.server.publicUrl, 'https://staging.example.com');
  });
});
