/**
 * Runs last (test/run-tests.ts orders it so): every output the suite's CLI runs printed, and every
 * log file the tests left under MINILVB_TEST_ARTIFACTS, must be free of the test secrets.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { OUTPUT_LOG, runCli } from '../helpers/run-cli.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';

function secretNeedles(): Array<[string, string]> {
  const needles: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(TEST_SECRETS)) {
    if (value.includes('-----BEGIN')) {
      for (const line of value.split('\n'))
        if (line.length >= 16 && !line.startsWith('-----')) needles.push([name, line]);
    } else {
      needles.push([name, value]);
    }
  }
  return needles;
}

function logFiles(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return logFiles(p);
    return /\.(log|jsonl)$/.test(n) ? [p] : [];
  });
}

describe('secrets never leak', () => {
  it('config show and --json errors mask every secret', async () => {
    const cwd = projectDir(currentConfig());
    const shown = await runCli(['config', 'show', '--json'], { cwd });
    assert.equal(shown.code, 0);
    const fields = shown.json<{ data: { fields: Array<{ path: string; value: unknown }> } }>().data.fields;
    assert.match(String(fields.find((f) => f.path === 'lvb.pushKey')?.value), /…Gz0K$/);
    const badKey = `${TEST_SECRETS.apiKey} `;
    const failed = await runCli(['config', 'validate', '--json'], {
      cwd,
      env: { MINILVB_CREDENTIALS: 'legacy', MINILVB_API_KEY: badKey },
    });
    assert.equal(failed.code, 2);
    assert.match(failed.stdout, /lvb\.apiKey/);
    assert.ok(!failed.stdout.includes(TEST_SECRETS.apiKey));
  });

  it('no test secret appears in any captured CLI output or test log', () => {
    const sources = [OUTPUT_LOG, ...logFiles(process.env.MINILVB_TEST_ARTIFACTS)].filter((f) => existsSync(f));
    assert.ok(sources.length > 0);
    let scanned = 0;
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      scanned += text.length;
      for (const [name, needle] of secretNeedles()) {
        assert.ok(!text.includes(needle), `${name} leaked into ${file}`);
      }
    }
    assert.ok(scanned > 0, 'there was output to scan');
  });
});
