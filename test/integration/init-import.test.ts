/**
 * `init --import`: the PHP and JS readers against what PHP and node themselves make of the same
 * files, robustness (comments, quote styles, misspellings), never executing, and the round trip
 * generate → import → the same config.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { readModuleExports } from '../../src/init/import/js-object.js';
import { readPhpDefines } from '../../src/init/import/php-defines.js';
import {
  legacyConfig,
  projectDir,
  TEST_IM_PRIVATE_KEY,
  TEST_IM_PUBLIC_KEY,
  TEST_SECRETS,
} from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'minilvb-import-'));
const DB = { host: '127.0.0.1', port: 3306, name: 'live_demo', user: 'live_user', password: TEST_SECRETS.dbPassword };

/** An OutDefine.php in the style of the seeds' scripts, with every trap a hand edit adds. */
const MESSY_OUTDEFINE = `<?php
/* OutDefine.php — edited by hand
 * define('API_KEY', 'commented-out');
 */
# define('APP_ID', 1);
define('APP_ID', '1252463788');   // English seed: quoted
define ( "APP_BIZID" , 8888 ) ;
define('API_KEY', "${TEST_SECRETS.apiKey}");
define('CALL_BACK_KEY', '${TEST_SECRETS.apiKey}'); // documentation alias
define('COSKEY_BUCKET', 'xiao' . 'zhibo');
define('COSKEY_BUCKET_REGION', 'ap-shanghai'); # trailing hash comment
define('COSKEY_SECRETKEY', '${TEST_SECRETS.cosSecretKey}');
define('COSKEY_APPID', 1250000000);
define('COSKEY_SECRECTID', '${TEST_SECRETS.cosSecretId}');
define('COSKEY_EXPIRED_TIME', 0x1E);
define('IM_SDKAPPID', 1400012345);
define('IM_ACCOUNTTYPE', '18647');
define('QUOTES', 'it\\'s a \\\\ "dq" \\n literal');
define('DQ', "tab\\there \\x41\\101 \\$x");
define('DYNAMIC', getenv('HOME'));
?> "
`;

function phpDefined(source: string): Record<string, unknown> {
  const file = join(tmp(), 'OutDefine.php');
  writeFileSync(file, source);
  return JSON.parse(
    execFileSync(
      'php',
      [
        '-r',
        'ob_start(); include $argv[1]; ob_end_clean(); echo json_encode(get_defined_constants(true)["user"]);',
        file,
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<string, unknown>;
}

describe('OutDefine.php reader (no PHP executed)', () => {
  it('reads the same literal constants PHP defines, and says what it skipped', () => {
    const ours = readPhpDefines(MESSY_OUTDEFINE);
    const php = phpDefined(MESSY_OUTDEFINE);
    delete php.DYNAMIC;
    assert.deepEqual(Object.fromEntries(ours.defines.map((d) => [d.name, d.value])), php);
    assert.equal(ours.warnings.length, 1);
    assert.match(ours.warnings[0] as string, /DYNAMIC is not a literal/);
  });

  it('import warns about COSKEY_SECRETKEY (no extra C) and uses its value; CALL_BACK_KEY stands in for a missing API_KEY', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf/OutDefine.php'), MESSY_OUTDEFINE.replace(/^define\('API_KEY'.*\n/m, ''));
    const cwd = tmp();
    const r = await runCli(
      [
        'init',
        '--yes',
        '--import',
        dir,
        '--no-generate',
        '--public-url',
        'http://1.2.3.4',
        '--im-private-key-file',
        write('private_key', TEST_IM_PRIVATE_KEY),
        '--im-public-key-file',
        write('public_key', TEST_IM_PUBLIC_KEY),
      ],
      { cwd, env: { MINILVB_PUSH_KEY: TEST_SECRETS.pushKey } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /defines COSKEY_SECRETKEY, but the PHP server reads COSKEY_SECRECTKEY \(sic\).*fatal misconfiguration/,
    );
    assert.match(r.stderr, /no API_KEY, only CALL_BACK_KEY/);
    const written = JSON.parse(readFileSync(join(cwd, 'minilvb.config.json'), 'utf8')) as {
      lvb: Record<string, unknown>;
      cos: Record<string, unknown>;
      credentials: string;
    };
    assert.equal(written.credentials, 'legacy');
    assert.deepEqual(written.lvb, {
      appId: 1252463788,
      bizId: 8888,
      apiKey: TEST_SECRETS.apiKey,
      pushKey: TEST_SECRETS.pushKey,
    });
    assert.equal(written.cos.secretKey, TEST_SECRETS.cosSecretKey);
    assert.equal(written.cos.bucket, 'xiaozhibo');
    assert.equal(written.cos.expiredTime, 30);
    for (const s of Object.values(TEST_SECRETS))
      assert.ok(!r.stderr.includes(s) && !r.stdout.includes(s), 'no secret printed');
  });

  it('never executes the files it reads', async () => {
    const dir = tmp();
    const marker = join(tmp(), 'executed');
    mkdirSync(join(dir, 'conf'));
    writeFileSync(
      join(dir, 'conf/OutDefine.php'),
      `<?php file_put_contents('${marker}', 'php'); define('IM_SDKAPPID', 1400012345);\n`,
    );
    writeFileSync(
      join(dir, 'config.js'),
      `require('fs').writeFileSync('${marker}', 'js');\nmodule.exports = { live: { APP_ID: 1252463788 }, im: { IM_SDKAPPID: 1400012345 } };\n`,
    );
    const r = await runCli(['init', '--yes', '--import', dir, '--no-generate'], { cwd: tmp() });
    assert.equal(r.code, 2, 'incomplete, but read');
    assert.ok(!existsSync(marker));
  });
});

describe('RoomTool config.js reader (no JS executed)', () => {
  it('evaluates the object literal like node does: comments, quote styles, escapes, + concatenation', () => {
    const source = `// RoomTool config
var config = {
  /** [live 需要开通云直播服务] */
  live: { APP_ID: 1252463788, 'API_KEY': '${TEST_SECRETS.apiKey}', },
  im: {
    IM_SDKAPPID: 1400012345, IM_ACCOUNTTYPE: "18647", ADMINISTRATOR: \`admin\`,
    PRIVATEKEY: "-----BEGIN PRIVATE KEY-----\\r\\n" +
                "abc\\u0041\\x42\\r\\n" + // inline comment
                '-----END PRIVATE KEY-----\\r\\n',
    nested: [1, -2, { a: null, b: true }],
    fn: function () { return 1; },
  },
};
module.exports = config;
`;
    const file = join(tmp(), 'config.js');
    writeFileSync(file, source);
    const viaNode = JSON.parse(
      execFileSync(
        process.execPath,
        ['-e', 'const o = require(process.argv[1]); delete o.im.fn; console.log(JSON.stringify(o))', file],
        { encoding: 'utf8' },
      ),
    ) as unknown;
    const ours = readModuleExports(source).value as { im: Record<string, unknown> };
    assert.equal(ours.im.fn, undefined);
    delete ours.im.fn;
    assert.deepEqual(ours, viaNode);
  });
});

function write(name: string, text: string): string {
  const path = join(tmp(), name);
  writeFileSync(path, text);
  return path;
}

describe('round trip', () => {
  it('init --import of generated files gives back the same config', async () => {
    const original = legacyConfig({
      db: DB,
      protocol: 'action',
      server: { publicUrl: 'http://1.2.3.4/interface.php' },
    });
    const src = projectDir(original);
    const g = await runCli(['generate', '--out', 'out'], { cwd: src });
    assert.equal(g.code, 0, g.stderr);
    const cwd = tmp();
    const r = await runCli(
      [
        'init',
        '--yes',
        '--import',
        join(src, 'out'),
        '--protocol',
        'action',
        '--public-url',
        'http://1.2.3.4/interface.php',
        '--out',
        'regenerated',
      ],
      { cwd, env: { MINILVB_PUSH_KEY: TEST_SECRETS.pushKey } },
    );
    assert.equal(r.code, 0, r.stderr);
    const a = await loadConfig({ cwd: src });
    const b = await loadConfig({ cwd });
    assert.deepEqual(b.config, a.config);
    assert.deepEqual(b.issues, []);
    for (const f of [
      'php/conf/OutDefine.php',
      'php/conf/cdn.route.ini',
      'roomtool/config.js',
      'systemd/minilvb.env',
      'cvm-setup.sh',
    ]) {
      const strip = (s: string): string => s.replace(/generated by minilvb [^\n]*/g, '');
      assert.equal(
        strip(readFileSync(join(cwd, 'regenerated', f), 'utf8')),
        strip(readFileSync(join(src, 'out', f), 'utf8')),
        f,
      );
    }
  });
});
