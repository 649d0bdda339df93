/**
 * The other generated files, each judged by the tool that reads it: nginx -t for both sites (HTTP
 * and HTTPS), node's require for RoomTool's config.js, systemd-analyze and two env-file readers
 * for systemd, exact declarations for the app constants; and generate's overwrite rules.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { FIELD_BY_PATH } from '../../src/config/index.js';
import { parseEnvFile } from '../../src/init/env-file.js';
import {
  currentConfig,
  legacyConfig,
  projectDir,
  TEST_IM_PRIVATE_KEY,
  TEST_IM_PUBLIC_KEY,
  TEST_SECRETS,
} from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
const DB = { host: '127.0.0.1', port: 3306, name: 'live_demo', user: 'live_user', password: TEST_SECRETS.dbPassword };

async function generate(
  config: Record<string, unknown>,
  args: string[] = [],
): Promise<{ dir: string; out: string; code: number; stdout: string; stderr: string }> {
  const dir = projectDir(config);
  const r = await runCli(['generate', '--out', 'out', ...args], { cwd: dir });
  return { dir, out: join(dir, 'out'), code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** nginx -t on a throwaway prefix whose nginx.conf includes just this site. */
function nginxTest(out: string, site: string, tls?: { cert: string; key: string }): { ok: boolean; stderr: string } {
  const prefix = mkdtempSync(join(tmpdir(), 'minilvb-nginx-'));
  mkdirSync(join(prefix, 'conf'));
  mkdirSync(join(prefix, 'logs'));
  copyFileSync('/etc/nginx/fastcgi.conf', join(prefix, 'conf/fastcgi.conf'));
  copyFileSync(join(out, 'nginx/minilvb_proxy.conf'), join(prefix, 'conf/minilvb_proxy.conf'));
  let text = readFileSync(join(out, 'nginx', site), 'utf8');
  if (tls) text = text.replace('/srv/tls/cert.pem', tls.cert).replace('/srv/tls/key.pem', tls.key);
  writeFileSync(join(prefix, 'conf', site), text);
  writeFileSync(
    join(prefix, 'conf/nginx.conf'),
    `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {}\nhttp {\n    include ${site};\n}\n`,
  );
  const r = spawnSync('nginx', ['-t', '-p', `${prefix}/`, '-c', join(prefix, 'conf/nginx.conf')], {
    encoding: 'utf8',
    env: { ...process.env, PATH },
  });
  return { ok: r.status === 0, stderr: r.stderr };
}

function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'minilvb-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=live.example.com',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

describe('nginx sites', () => {
  it('HTTP: both sites pass nginx -t without warnings', async () => {
    const g = await generate(currentConfig({ server: { publicUrl: 'http://live.example.com' } }), ['--only', 'nginx']);
    assert.equal(g.code, 0, g.stderr);
    for (const site of ['liteav_demo.nginx', 'minilvb.nginx']) {
      const r = nginxTest(g.out, site);
      assert.ok(r.ok, r.stderr);
      assert.doesNotMatch(r.stderr, /\[(warn|emerg)\]/);
      const text = readFileSync(join(g.out, 'nginx', site), 'utf8');
      assert.match(text, /server_name live\.example\.com;/);
      assert.doesNotMatch(text, /443/);
    }
    const php = readFileSync(join(g.out, 'nginx/liteav_demo.nginx'), 'utf8');
    assert.match(php, /root \/data\/live_demo_service;/);
    assert.match(php, /location ~ \^\/\(conf\|log\|dao\|common\|deps\|doc\|interface\)\/ \{ return 404; \}/);
    assert.match(php, /location ~ \\\.\(ini\|sh\|md\|log\|htaccess\)\$ \{ return 404; \}/);
    assert.match(php, /client_max_body_size 1m;/);
    const proxy = readFileSync(join(g.out, 'nginx/minilvb.nginx'), 'utf8');
    assert.equal(proxy.match(/proxy_pass http:\/\/127\.0\.0\.1:8080;/g)?.length, 5);
    // RoomService (docs/roomservice.md#transport) lives under /weapp/.
    assert.match(proxy, /location \^~ \/weapp\/ +\{ proxy_pass http:\/\/127\.0\.0\.1:8080;/);
    assert.match(proxy, /location \/ \{ return 404; \}/);
  });

  it('HTTPS: listen 443 ssl with the configured certificate, accepted by nginx -t', async () => {
    const g = await generate(
      currentConfig({
        server: {
          publicUrl: 'https://live.example.com',
          tlsCert: '/srv/tls/cert.pem',
          tlsKey: '/srv/tls/key.pem',
          phpRoot: '/srv/php',
          port: 9090,
        },
      }),
      ['--only', 'nginx'],
    );
    assert.equal(g.code, 0, g.stderr);
    const tls = selfSignedCert();
    for (const site of ['liteav_demo.nginx', 'minilvb.nginx']) {
      const text = readFileSync(join(g.out, 'nginx', site), 'utf8');
      assert.match(
        text,
        /listen 80;\n {4}listen 443 ssl;\n {4}ssl_certificate \/srv\/tls\/cert\.pem;\n {4}ssl_certificate_key \/srv\/tls\/key\.pem;/,
      );
      const r = nginxTest(g.out, site, tls);
      assert.ok(r.ok, r.stderr);
    }
    assert.match(readFileSync(join(g.out, 'nginx/liteav_demo.nginx'), 'utf8'), /root \/srv\/php;/);
    assert.match(readFileSync(join(g.out, 'nginx/minilvb.nginx'), 'utf8'), /proxy_pass http:\/\/127\.0\.0\.1:9090;/);
  });

  it('refuses a path nginx would read as syntax, and a certificate without its key', async () => {
    let g = await generate(
      currentConfig({ server: { publicUrl: 'http://live.example.com', phpRoot: '/srv/php; include /etc/passwd' } }),
      ['--only', 'nginx-php'],
    );
    assert.equal(g.code, 2);
    assert.match(g.stderr, /nginx\.phpRoot cannot be written to nginx\/liteav_demo\.nginx/);
    g = await generate(currentConfig({ server: { publicUrl: 'http://live.example.com', tlsCert: '/srv/c.pem' } }), [
      '--only',
      'nginx-proxy',
    ]);
    assert.equal(g.code, 2);
    assert.match(g.stderr, /server\.tlsCert and server\.tlsKey must be set together/);
  });
});

describe('RoomTool config.js', () => {
  it('requires (in a child node) to the expected object; PEM lines end in the escape \\r\\n', async () => {
    const g = await generate(legacyConfig(), ['--only', 'roomtool']);
    assert.equal(g.code, 0, g.stderr);
    const file = join(g.out, 'roomtool/config.js');
    const obj = JSON.parse(
      execFileSync(process.execPath, ['-e', 'console.log(JSON.stringify(require(process.argv[1])))', file], {
        encoding: 'utf8',
      }),
    ) as unknown;
    const crlf = (pem: string): string => pem.replace(/\n/g, '\r\n');
    assert.deepEqual(obj, {
      live: { APP_ID: 1252463788, API_KEY: TEST_SECRETS.apiKey },
      im: {
        IM_SDKAPPID: 1400012345,
        IM_ACCOUNTTYPE: '18647',
        ADMINISTRATOR: 'admin',
        PRIVATEKEY: crlf(TEST_IM_PRIVATE_KEY),
        PUBLICKEY: crlf(TEST_IM_PUBLIC_KEY),
      },
    });
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes('\r'), 'no real carriage return in the file');
    assert.match(text, /"-----BEGIN PRIVATE KEY-----\\r\\n" \+\n/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});

describe('systemd unit and env file', () => {
  it('the unit passes systemd-analyze verify; the env file reads back the same under systemd rules and bash', async () => {
    const apiKey = `${TEST_SECRETS.apiKey}'"\\$x\`id\``;
    const g = await generate(
      currentConfig({
        lvb: { ...(currentConfig().lvb as object), apiKey },
        db: { ...DB, password: `${TEST_SECRETS.dbPassword} #"$HOME` },
      }),
      ['--only', 'systemd'],
    );
    assert.equal(g.code, 0, g.stderr);
    const verify = spawnSync('systemd-analyze', ['verify', join(g.out, 'systemd/minilvb.service')], {
      encoding: 'utf8',
      env: { ...process.env, PATH },
    });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(verify.stderr.trim(), '');
    const envFile = join(g.out, 'systemd/minilvb.env');
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    const vars = parseEnvFile(readFileSync(envFile, 'utf8')).vars;
    const expected: Record<string, string> = {
      MINILVB_LISTEN: '127.0.0.1:8080',
      MINILVB_PROTOCOL: 'path',
      MINILVB_CREDENTIALS: 'current',
      MINILVB_DB_HOST: '127.0.0.1',
      MINILVB_DB_PORT: '3306',
      MINILVB_DB_NAME: 'live_demo',
      MINILVB_DB_USER: 'live_user',
      MINILVB_DB_PASSWORD: `${TEST_SECRETS.dbPassword} #"$HOME`,
      MINILVB_API_KEY: apiKey,
      MINILVB_COS_BUCKET: 'xiaozhibo',
      MINILVB_COS_REGION: 'ap-guangzhou',
      MINILVB_COS_APPID: '1250000000',
      MINILVB_COS_SECRET_ID: TEST_SECRETS.cosSecretId,
      MINILVB_COS_SECRET_KEY: TEST_SECRETS.cosSecretKey,
      MINILVB_COS_EXPIRED_TIME: '30',
      MINILVB_IM_SDKAPPID: '1400123456',
      MINILVB_IM_SECRETKEY: TEST_SECRETS.imSecretKey,
      MINILVB_PUSH_KEY: TEST_SECRETS.pushKey,
      MINILVB_PASSWORD_STORAGE: 'kdf',
      MINILVB_CALLBACK_SKEW: '60',
      MINILVB_STREAM_USER_RULE: 'after-first-underscore',
      MINILVB_LOG_LEVEL: 'info',
      MINILVB_PUSH_DOMAIN: 'push.example.com',
      MINILVB_PLAY_DOMAIN: 'play.example.com',
      MINILVB_PLAY_KEY: TEST_SECRETS.playKey,
      MINILVB_IM_ADMINISTRATOR: 'admin',
      MINILVB_PUBLIC_URL: 'http://127.0.0.1:8080',
      MINILVB_ADMIN_TOKEN: TEST_SECRETS.adminToken,
    };
    assert.deepEqual(vars, expected);
    const fromBash = execFileSync(
      'bash',
      [
        '-c',
        'set -a; . "$1"; node -e "const o={};for(const k of Object.keys(process.env).filter(k=>k.startsWith(\'MINILVB_\')))o[k]=process.env[k];console.log(JSON.stringify(o))"',
        'bash',
        envFile,
      ],
      { encoding: 'utf8', env: { PATH } },
    );
    assert.deepEqual(JSON.parse(fromBash), expected);
  });

  it('embedded store: no DB variables, a StateDirectory and MINILVB_DATA_DIR', async () => {
    const g = await generate(legacyConfig(), ['--only', 'systemd']);
    assert.equal(g.code, 0, g.stderr);
    const vars = parseEnvFile(readFileSync(join(g.out, 'systemd/minilvb.env'), 'utf8')).vars;
    assert.equal(vars.MINILVB_DB_HOST, undefined);
    assert.equal(vars.MINILVB_DATA_DIR, '/var/lib/minilvb');
    assert.equal(vars.MINILVB_IM_PRIVATE_KEY_FILE, '/etc/minilvb/im_private_key');
    assert.equal(vars.MINILVB_IM_SECRETKEY, undefined);
    const unit = readFileSync(join(g.out, 'systemd/minilvb.service'), 'utf8');
    assert.match(unit, /^StateDirectory=minilvb$/m);
    // The systemd default of 1024 open files is below the default connection cap (slow-client flood, issue 9.7).
    const nofile = Number(/^LimitNOFILE=(\d+)$/m.exec(unit)?.[1]);
    assert.ok(nofile >= Number(FIELD_BY_PATH.get('server.maxConnections')?.default) + 64, `LimitNOFILE=${nofile}`);
    assert.equal(readFileSync(join(g.out, 'systemd/im_private_key'), 'utf8'), TEST_IM_PRIVATE_KEY);
  });
});

/** `public static final TYPE NAME = VALUE;` / `#define NAME VALUE` / `static … NAME = VALUE;` lines. */
function declarations(text: string): string[][] {
  return text.split('\n').flatMap((line) => {
    const java = /^\s*public static final (\w+) (\w+) = (.+?);/.exec(line);
    if (java) return [[java[1], java[2], java[3]] as string[]];
    const define = /^#define (\w+) (@"(?:[^"\\]|\\.)*")/.exec(line);
    if (define) return [['#define', define[1], define[2]] as string[]];
    const stat = /^static (.+?) (\w+) = (.+?);/.exec(line);
    return stat ? [[stat[1], stat[2], stat[3]] as string[]] : [];
  });
}

describe('app constants', () => {
  it('generation A (legacy, Action protocol): the constants of seed 004 with the v4 region code', async () => {
    const g = await generate(
      legacyConfig({ protocol: 'action', server: { publicUrl: 'http://1.2.3.4/interface.php' } }),
      ['--only', 'clients'],
    );
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/A/TCConstants.java'), 'utf8')), [
      ['int', 'IMSDK_APPID', '1400012345'],
      ['int', 'IMSDK_ACCOUNT_TYPE', '18647'],
      ['String', 'COS_APPID', '"1250000000"'],
      ['String', 'COS_BUCKET', '"xiaozhibo"'],
      ['COSEndPoint', 'COS_REGION', 'COSEndPoint.COS_SH'],
      ['String', 'SVR_POST_URL', '"http://1.2.3.4/interface.php"'],
      ['String', 'CLOUD_API_SECRETID', '""'],
    ]);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/A/TCConstants.h'), 'utf8')), [
      ['#define', 'kTCIMSDKAppId', '@"1400012345"'],
      ['#define', 'kTCIMSDKAccountType', '@"18647"'],
      ['#define', 'kTCCOSAppId', '@"1250000000"'],
      ['#define', 'kTCCOSBucket', '@"xiaozhibo"'],
      ['#define', 'kTCCOSRegion', '@"sh"'],
      ['#define', 'kHttpServerAddr', '@"http://1.2.3.4/interface.php"'],
      ['#define', 'kTCCloudAPISecretId', '@""'],
    ]);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/B/TCConstants.java'), 'utf8')), [
      ['String', 'APP_SVR_URL', '"http://1.2.3.4"'],
    ]);
  });

  it('generations B and C (current): the server address without slash, and never the IM secret key', async () => {
    const g = await generate(currentConfig({ server: { publicUrl: 'https://live.example.com/' } }), [
      '--only',
      'clients',
    ]);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /skipped\s+clients\/A\/TCConstants\.java — app generation A uses legacy credentials/);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/B/TCConstants.h'), 'utf8')), [
      ['#define', 'kHttpServerAddr', '@"https://live.example.com"'],
    ]);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/C/TCGlobalConfig.java'), 'utf8')), [
      ['String', 'APP_SVR_URL', '"https://live.example.com"'],
      ['String', 'LICENCE_URL', '""'],
      ['String', 'LICENCE_KEY', '""'],
      ['int', 'SDKAPPID', '1400123456'],
      ['String', 'SECRETKEY', '""'],
      ['int', 'EXPIRETIME', '604800'],
    ]);
    assert.deepEqual(declarations(readFileSync(join(g.out, 'clients/C/TCGlobalConfig.h'), 'utf8')), [
      ['NSString * const', 'LICENCE_URL', '@""'],
      ['NSString * const', 'LICENCE_KEY', '@""'],
      ['const int', 'SDKAPPID', '1400123456'],
      ['NSString * const', 'SECRETKEY', '@""'],
      ['const int', 'EXPIRETIME', '604800'],
      ['#define', 'kHttpServerAddr', '@"https://live.example.com"'],
    ]);
    for (const f of ['A', 'B', 'C']) {
      for (const name of ['TCConstants.java', 'TCConstants.h', 'TCGlobalConfig.java', 'TCGlobalConfig.h']) {
        try {
          assert.ok(!readFileSync(join(g.out, 'clients', f, name), 'utf8').includes(TEST_SECRETS.imSecretKey));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
  });
});

describe('generate: output and overwrite rules', () => {
  it('lists what was written; re-running is a no-op; a changed file needs --force (nothing written without it)', async () => {
    const dir = projectDir(
      legacyConfig({ db: DB, protocol: 'action', server: { publicUrl: 'http://1.2.3.4/interface.php' } }),
    );
    const first = await runCli(['generate', '--out', 'out', '--json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const data = first.json<{ data: { files: { name: string; status: string; mode: string }[]; skipped: unknown[] } }>()
      .data;
    assert.equal(data.files.length, 19);
    assert.ok(data.files.every((f) => f.status === 'created'));
    assert.deepEqual(data.skipped, []);
    const again = await runCli(['generate', '--out', 'out', '--json'], { cwd: dir });
    assert.ok(
      again.json<{ data: { files: { status: string }[] } }>().data.files.every((f) => f.status === 'unchanged'),
    );

    const outDefine = join(dir, 'out/php/conf/OutDefine.php');
    writeFileSync(outDefine, '<?php // edited by hand\n');
    writeFileSync(
      join(dir, 'minilvb.config.json'),
      JSON.stringify(
        legacyConfig({
          db: { ...DB, port: 3307 },
          protocol: 'action',
          server: { publicUrl: 'http://1.2.3.4/interface.php' },
        }),
      ),
    );
    const refused = await runCli(['generate', '--out', 'out'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /MLVB_FILE_EXISTS/);
    assert.match(refused.stderr, /OutDefine\.php/);
    assert.match(refused.stderr, /cdn\.route\.ini/);
    assert.equal(readFileSync(outDefine, 'utf8'), '<?php // edited by hand\n');
    const forced = await runCli(['generate', '--out', 'out', '--force', '--json'], { cwd: dir });
    const statuses = Object.fromEntries(
      forced.json<{ data: { files: { name: string; status: string }[] } }>().data.files.map((f) => [f.name, f.status]),
    );
    assert.equal(statuses.outdefine, 'overwritten');
    assert.equal(statuses['cdn-route'], 'overwritten');
    assert.equal(statuses['cdn-inc'], 'unchanged');
    assert.match(readFileSync(join(dir, 'out/php/conf/cdn.route.ini'), 'utf8'), /^PORT=3307$/m);
  });

  it('an unknown --only name, or a named file whose values are missing, is an error', async () => {
    const dir = projectDir(currentConfig());
    const unknown = await runCli(['generate', '--only', 'outdefine,bogus'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown file name for --only: bogus/);
    const missing = await runCli(['generate', '--only', 'cdn-route'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no database configured/);
    const empty = await runCli(['generate'], { cwd: mkdtempSync(join(tmpdir(), 'minilvb-empty-')) });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /MLVB_CONFIG_MISSING/);
    assert.match(empty.stderr, /lvb\.apiKey: --api-key or MINILVB_API_KEY/);
  });
});
