/**
 * The release tarball carries what the host runs (the CLI bundles, no tsc output, and the packages
 * they load, with their dependencies, as resolved from package-lock.json) and not the cloud SDKs,
 * which only the deploying machine uses. Needs `npm run build` (dist/packages.json).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { buildRelease, PACKAGE_ROOT } from '../../src/deploy/release/build-release.js';

interface Lock {
  packages: Record<string, { dependencies?: Record<string, string> }>;
}

describe('the release tarball', () => {
  it("packs mysql2 and every dependency it resolves to, and none of the cloud SDKs; the server's bundles run", async () => {
    const out = mkdtempSync(join(tmpdir(), 'mlvb-release-'));
    const artifact = await buildRelease({ outDir: out });
    const entries = new Set(execFileSync('tar', ['-tzf', artifact.tarball], { encoding: 'utf8' }).split('\n'));
    const has = (dir: string): boolean => entries.has(`${dir}/package.json`);
    const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as Lock;
    assert.ok(has('node_modules/mysql2'));
    for (const dep of Object.keys(lock.packages['node_modules/mysql2']?.dependencies ?? {}))
      assert.ok(has(`node_modules/mysql2/node_modules/${dep}`) || has(`node_modules/${dep}`), dep);
    for (const sdk of ['tencentcloud-sdk-nodejs', 'cos-nodejs-sdk-v5', 'node-ssh', 'vitest', 'typescript'])
      assert.ok(!has(`node_modules/${sdk}`), `${sdk} is not packed`);
    assert.ok(artifact.bytes < 5_000_000, `${artifact.bytes} bytes`);
    // The bundles and nothing else of dist/: no tsc output, no declarations, here or in node_modules.
    for (const bundle of ['dist/cli/boot.cjs', 'dist/cli.cjs', 'dist/cli-serve.cjs', 'dist/cli-db.cjs'])
      assert.ok(entries.has(bundle), bundle);
    const extra = [...entries].filter((e) => /\.(js|d\.[cm]?ts|map)$/.test(e) && /^dist\//.test(e));
    assert.deepEqual(extra, []);
    assert.deepEqual(
      [...entries].filter((e) => /\.d\.[cm]?ts$/.test(e)),
      [],
    );

    const host = mkdtempSync(join(tmpdir(), 'mlvb-release-host-'));
    execFileSync('tar', ['-xzf', artifact.tarball, '-C', host]);
    const run = (args: string[]): string =>
      execFileSync(process.execPath, [join(host, 'bin', 'minilvb.js'), ...args], {
        cwd: host,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: host, NO_COLOR: '1', CI: '1' },
      });
    assert.match(run(['serve', '--help']), /--port/);
    assert.match(run(['db', 'migrate', '--help']), /migrat/);
    // mysql2 loads from the release's own node_modules.
    const probe = `require(${JSON.stringify(join(host, 'node_modules', 'mysql2', 'promise'))}).createPool`;
    assert.equal(execFileSync(process.execPath, ['-p', `typeof ${probe}`], { encoding: 'utf8' }).trim(), 'function');
  });
});
