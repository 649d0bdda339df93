/** The CLI shell as a user meets it: version, help, exit codes, JSON errors, colours. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { Command } from 'commander';
import { COMMAND_GROUPS } from '../../src/cli/registry.js';
import { runBin, runCli } from '../helpers/run-cli.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';

/** The start of every ANSI colour sequence. */
const ANSI = '\x1b[';

/** Every leaf command path, e.g. ['sign', 'push']. */
async function leafCommands(): Promise<string[][]> {
  const program = new Command('minilvb');
  const noop = () => async () => {};
  for (const load of Object.values(COMMAND_GROUPS)) (await load()).register(program, noop);
  const walk = (cmd: Command, path: string[]): string[][] =>
    cmd.commands.length === 0 ? [path] : cmd.commands.flatMap((c) => walk(c, [...path, c.name()]));
  return program.commands.flatMap((c) => walk(c, [c.name()]));
}

describe('minilvb CLI', () => {
  it('prints its version', async () => {
    const run = await runBin(['--version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('has help with examples for every command', async () => {
    const leaves = await leafCommands();
    assert.ok(leaves.length >= 2);
    for (const path of leaves) {
      const run = await runCli([...path, '--help']);
      assert.equal(run.code, 0, `${path.join(' ')} --help exits 0`);
      assert.match(run.stdout, /Usage: minilvb/, `${path.join(' ')} has usage`);
      assert.match(run.stdout, /Examples?:/, `${path.join(' ')} --help shows examples`);
    }
  });

  it('answers an unknown command or option with exit 2 and, with --json, a JSON error on stdout only', async () => {
    const human = await runBin(['frobnicate']);
    assert.equal(human.code, 2);
    assert.match(human.stderr, /MLVB_USAGE/);
    const json = await runBin(['config', 'show', '--json', '--nope']);
    assert.equal(json.code, 2);
    const doc = json.json<{ schemaVersion: number; error: { code: string; message: string; hint: string } }>();
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.error.code, 'MLVB_USAGE');
    assert.match(doc.error.message, /--nope/);
    assert.ok(doc.error.hint.length > 0);
  });

  it('exits 2 on a broken config file and names the file', async () => {
    const cwd = projectDir({});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${cwd}/minilvb.config.json`, '{"lvb": {');
    const run = await runCli(['config', 'show'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MLVB_CONFIG_FILE.*minilvb\.config\.json is not valid JSON/);
  });

  it('honours FORCE_COLOR, NO_COLOR and --no-color', async () => {
    const cwd = projectDir(currentConfig({ cos: { bucket: 'BAD bucket' } }));
    const forced = await runBin(['config', 'validate'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.ok(forced.stdout.includes(ANSI), 'coloured');
    const plain = await runBin(['config', 'validate', '--no-color'], { cwd, env: { FORCE_COLOR: undefined } });
    assert.ok(!plain.stdout.includes(ANSI), 'plain');
    const noColor = await runBin(['config', 'validate'], { cwd, env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    assert.ok(!noColor.stdout.includes(ANSI), 'plain');
    assert.equal(noColor.code, 2);
  });
});
