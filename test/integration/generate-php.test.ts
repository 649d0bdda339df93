/**
 * The PHP server's files, judged by PHP itself: `php -l`, the constants an include defines (values
 * and types), parse_ini_file in both scanner modes, and the CVM script run by bash.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, legacyConfig, projectDir, TEST_IM_PRIVATE_KEY, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const DB = { host: '127.0.0.1', port: 3306, name: 'live_demo', user: 'live_user', password: TEST_SECRETS.dbPassword };

async function generate(
  config: Record<string, unknown>,
  args: string[] = [],
): Promise<{ dir: string; out: string; code: number; stderr: string; stdout: string }> {
  const dir = projectDir(config);
  const r = await runCli(['generate', '--out', 'out', ...args], { cwd: dir });
  return { dir, out: join(dir, 'out'), code: r.code, stderr: r.stderr, stdout: r.stdout };
}

/** Lints the file, includes it, and returns the user constants and anything it printed. */
function phpInclude(file: string): { constants: Record<string, unknown>; output: string } {
  assert.match(execFileSync('php', ['-l', file], { encoding: 'utf8' }), /No syntax errors/);
  const json = execFileSync(
    'php',
    [
      '-d',
      'display_errors=stderr',
      '-r',
      'ob_start(); include $argv[1]; $o = ob_get_clean(); echo json_encode(["output" => $o, "constants" => get_defined_constants(true)["user"] ?? []]);',
      file,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(json) as { constants: Record<string, unknown>; output: string };
}

function phpIni(file: string, raw: boolean): Record<string, Record<string, string>> {
  return JSON.parse(
    execFileSync(
      'php',
      ['-r', `echo json_encode(parse_ini_file($argv[1], true${raw ? ', INI_SCANNER_RAW' : ''}));`, file],
      { encoding: 'utf8' },
    ),
  ) as Record<string, Record<string, string>>;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('conf/OutDefine.php', () => {
  it('current generation: exactly the HEAD constants, ints bare, no closing tag, mode 0600', async () => {
    const g = await generate(currentConfig());
    assert.equal(g.code, 0, g.stderr);
    const file = join(g.out, 'php/conf/OutDefine.php');
    const { constants, output } = phpInclude(file);
    assert.equal(output, '');
    assert.deepEqual(constants, {
      API_KEY: TEST_SECRETS.apiKey,
      COSKEY_BUCKET: 'xiaozhibo',
      COSKEY_BUCKET_REGION: 'ap-guangzhou',
      COSKEY_SECRECTKEY: TEST_SECRETS.cosSecretKey,
      COSKEY_APPID: 1250000000,
      COSKEY_SECRECTID: TEST_SECRETS.cosSecretId,
      COSKEY_EXPIRED_TIME: 30,
      IM_SDKAPPID: 1400123456,
      IM_SECRETKEY: TEST_SECRETS.imSecretKey,
    });
    assert.ok(!readFileSync(file, 'utf8').includes('?>'));
    assert.equal(mode(file), 0o600);
    assert.ok(!existsSync(join(g.out, 'php/deps/sig/private_key')), 'no private key for current credentials');
    assert.match(g.stdout, /skipped\s+php\/conf\/cdn\.route\.ini — no database configured/);
  });

  it('legacy generation: APP_ID/APP_BIZID ints, IM_ACCOUNTTYPE a string, private_key verbatim with mode 0600', async () => {
    const g = await generate(legacyConfig({ db: DB }));
    assert.equal(g.code, 0, g.stderr);
    const { constants } = phpInclude(join(g.out, 'php/conf/OutDefine.php'));
    assert.deepEqual(constants, {
      APP_ID: 1252463788,
      APP_BIZID: 8888,
      API_KEY: TEST_SECRETS.apiKey,
      COSKEY_BUCKET: 'xiaozhibo',
      COSKEY_BUCKET_REGION: 'ap-shanghai',
      COSKEY_SECRECTKEY: TEST_SECRETS.cosSecretKey,
      COSKEY_APPID: 1250000000,
      COSKEY_SECRECTID: TEST_SECRETS.cosSecretId,
      COSKEY_EXPIRED_TIME: 30,
      IM_SDKAPPID: 1400012345,
      IM_ACCOUNTTYPE: '18647',
    });
    const key = join(g.out, 'php/deps/sig/private_key');
    assert.equal(readFileSync(key, 'utf8'), TEST_IM_PRIVATE_KEY);
    assert.equal(mode(key), 0o600);
  });

  it('hostile values (quotes, backslash, $, backtick, ?>, newline) come back byte for byte', async () => {
    const apiKey = `${TEST_SECRETS.apiKey}'"\\$x\`id\`?><?php`;
    const cosSecretKey = `${TEST_SECRETS.cosSecretKey}\\'\\\\');system('id');//`;
    const imSecretKey = `${TEST_SECRETS.imSecretKey}\n');echo('x`;
    const g = await generate(
      currentConfig({
        lvb: { apiKey },
        cos: { ...(currentConfig().cos as object), secretKey: cosSecretKey },
        im: { sdkAppId: 1400123456, secretKey: imSecretKey },
      }),
      ['--only', 'outdefine'],
    );
    assert.equal(g.code, 0, g.stderr);
    const { constants, output } = phpInclude(join(g.out, 'php/conf/OutDefine.php'));
    assert.equal(output, '');
    assert.equal(constants.API_KEY, apiKey);
    assert.equal(constants.COSKEY_SECRECTKEY, cosSecretKey);
    assert.equal(constants.IM_SECRETKEY, imSecretKey);
    assert.equal(Object.keys(constants).length, 9);
  });

  it('a value a selected format cannot carry stops generate before anything is written, naming field and file', async () => {
    const g = await generate(
      currentConfig({ im: { sdkAppId: 1400123456, secretKey: `${TEST_SECRETS.imSecretKey}\nX` } }),
    );
    assert.equal(g.code, 2);
    assert.match(g.stderr, /MLVB_INPUT_INVALID/);
    assert.match(g.stderr, /im\.secretKey cannot be written to systemd\/minilvb\.env: contains a newline/);
    assert.ok(!existsSync(g.out), 'nothing written');
    assert.ok(!g.stderr.includes(TEST_SECRETS.imSecretKey));
  });
});

describe('conf/cdn.route.ini and cdn.inc.ini', () => {
  it('parse back to the configured [DB] values with and without INI_SCANNER_RAW', async () => {
    const password = `${TEST_SECRETS.dbPassword};a#b=c{d}|e&f~g!h(i)^j k'l`;
    const g = await generate(legacyConfig({ db: { ...DB, password } }), ['--only', 'php']);
    assert.equal(g.code, 0, g.stderr);
    const file = join(g.out, 'php/conf/cdn.route.ini');
    for (const raw of [false, true]) {
      const ini = phpIni(file, raw);
      assert.deepEqual(ini.DB, {
        HOST: '127.0.0.1',
        DBNAME: 'live_demo',
        USER: 'live_user',
        PASSWD: password,
        PORT: '3306',
      });
      assert.equal(ini.LIVE_WEBSERVICE?.URL, 'http://fcgi.video.qcloud.com/common_access');
    }
    assert.equal(mode(file), 0o600);
    assert.deepEqual(phpIni(join(g.out, 'php/conf/cdn.inc.ini'), false).FORMAL, { ROUTE: 'conf/cdn.route.ini' });
  });

  it('refuses a password PHP would read differently (", \\, ${)', async () => {
    for (const password of [
      `${TEST_SECRETS.dbPassword}"`,
      `${TEST_SECRETS.dbPassword}\\`,
      `${TEST_SECRETS.dbPassword}\${HOME}`,
    ]) {
      const g = await generate(legacyConfig({ db: { ...DB, password } }), ['--only', 'cdn-route']);
      assert.equal(g.code, 2);
      assert.match(g.stderr, /db\.password cannot be written to php\/conf\/cdn\.route\.ini/);
    }
  });
});

describe('cvm-setup.sh', () => {
  for (const [name, config] of [
    [
      'current',
      currentConfig({
        lvb: { apiKey: `${TEST_SECRETS.apiKey}'"$(id)\`id\`\\` },
        im: { sdkAppId: 1400123456, secretKey: `${TEST_SECRETS.imSecretKey}\nMINILVB_EOF2\n$HOME` },
        db: { ...DB, password: `${TEST_SECRETS.dbPassword}$(id)'` },
      }),
    ],
    ['legacy', legacyConfig({ db: DB })],
  ] as const) {
    it(`${name}: run by bash in an empty directory, writes files byte-identical to the generated ones`, async () => {
      const g = await generate(config, ['--only', 'cvm-script,php']);
      assert.equal(g.code, 0, g.stderr);
      const root = join(mkdtempSync(join(tmpdir(), 'minilvb-cvm-')), 'srv root');
      const log = execFileSync('bash', [join(g.out, 'cvm-setup.sh'), root], {
        encoding: 'utf8',
        cwd: mkdtempSync(join(tmpdir(), 'minilvb-cwd-')),
        env: { ...process.env, MINILVB_PHP_USER: 'nobody' },
      });
      const files = [
        'conf/OutDefine.php',
        'conf/cdn.route.ini',
        ...(name === 'legacy' ? ['deps/sig/private_key'] : []),
      ];
      for (const f of files) {
        assert.ok(readFileSync(join(root, f)).equals(readFileSync(join(g.out, 'php', f))), `${f} identical`);
        assert.equal(mode(join(root, f)), 0o640);
      }
      assert.equal(log.trim().split('\n').length, files.length);
    });
  }

  /** A code root whose parents anyone may traverse, so only the files' own modes decide who reads them. */
  const openRoot = (): string => {
    const base = mkdtempSync(join(tmpdir(), 'minilvb-cvm-'));
    chmodSync(base, 0o755);
    return join(base, 'live_demo_service');
  };
  /** Reads a file as another user, as php-fpm's worker would (a real setuid switch, not a mode calculation). */
  const readsAs = (user: string, group: string, file: string): boolean => {
    try {
      execFileSync('setpriv', [`--reuid=${user}`, `--regid=${group}`, '--clear-groups', 'cat', file], {
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  };
  const gidOf = (group: string): number =>
    Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);

  it('gives the files to the php-fpm pool user found in the pool config: root:<its group> 0640, readable by it and nobody else', async () => {
    const g = await generate(legacyConfig({ db: DB }), ['--only', 'cvm-script']);
    assert.equal(g.code, 0, g.stderr);
    const pool = join(mkdtempSync(join(tmpdir(), 'minilvb-fpm-')), 'www.conf');
    writeFileSync(pool, '[www]\n; user = root\nuser = nobody\ngroup = nogroup\nlisten = /run/php/php-fpm.sock\n');
    const root = openRoot();
    const log = execFileSync('bash', [join(g.out, 'cvm-setup.sh'), root], {
      encoding: 'utf8',
      env: { ...process.env, MINILVB_PHP_FPM_CONF: pool, MINILVB_PHP_USER: '' },
    });
    assert.match(log, /group nogroup/);
    for (const f of ['conf/OutDefine.php', 'conf/cdn.route.ini', 'deps/sig/private_key']) {
      const st = statSync(join(root, f));
      assert.equal(st.mode & 0o777, 0o640, f);
      assert.equal(st.uid, 0, f);
      assert.equal(st.gid, gidOf('nogroup'), f);
      assert.ok(readsAs('nobody', 'nogroup', join(root, f)), `the pool user reads ${f}`);
      assert.ok(!readsAs('www-data', 'www-data', join(root, f)), `another user cannot read ${f}`);
    }
    for (const d of ['', 'conf', 'deps/sig']) assert.equal(mode(join(root, d)), 0o750, `directory ${d || '.'}`);
  });

  it('server.phpUser chooses the user; MINILVB_PHP_USER overrides it; an unknown user writes nothing and says how to fix it', async () => {
    const g = await generate(currentConfig({ server: { publicUrl: 'http://127.0.0.1:8080', phpUser: 'www-data' } }), [
      '--only',
      'cvm-script',
    ]);
    assert.equal(g.code, 0, g.stderr);
    const script = join(g.out, 'cvm-setup.sh');
    const env = { ...process.env, MINILVB_PHP_FPM_CONF: '/nonexistent' };
    const root = openRoot();
    execFileSync('bash', [script, root], { env: { ...env, MINILVB_PHP_USER: '' } });
    assert.equal(statSync(join(root, 'conf/OutDefine.php')).gid, gidOf('www-data'));
    assert.ok(readsAs('www-data', 'www-data', join(root, 'conf/OutDefine.php')));
    const other = openRoot();
    execFileSync('bash', [script, other], { env: { ...env, MINILVB_PHP_USER: 'nobody' } });
    assert.equal(statSync(join(other, 'conf/OutDefine.php')).gid, gidOf('nogroup'));
    const none = openRoot();
    let stderr = '';
    try {
      execFileSync('bash', [script, none], {
        env: { ...env, MINILVB_PHP_USER: 'no-such-user-mlvb' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      assert.fail('the script must fail');
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    assert.match(stderr, /no-such-user-mlvb does not exist\); nothing was written[\s\S]*MINILVB_PHP_USER=www-data/);
    assert.ok(!existsSync(none));
  });

  it('refuses a value holding the heredoc delimiter line', async () => {
    const g = await generate(
      currentConfig({ im: { sdkAppId: 1400123456, secretKey: `${TEST_SECRETS.imSecretKey}\nMINILVB_EOF\n` } }),
      ['--only', 'cvm-script'],
    );
    assert.equal(g.code, 2);
    assert.match(g.stderr, /cvm-setup\.sh: contains a line MINILVB_EOF/);
  });
});
