/** `minilvb config set <key> <value>` and `minilvb config unset <key>`. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, FIELD_BY_PATH, formatIssue } from '../../config/index.js';
import { setConfigValue, type SetValueResult } from '../../config/set-value.js';
import type { CommandContext } from '../context.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

export function registerSet(config: Command, run: Runner): void {
  const set = config
    .command('set')
    .description('set one value in the config file (checked like every other value; secrets masked; file 0600)')
    .argument('<key>', 'the config key, e.g. cos.bucket (see `minilvb config show --all`)')
    .argument('<value>', 'the new value (for im.privateKeyFile / im.publicKeyFile: the PEM file path)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb config set cos.bucket xiaozhibo\n' +
        '  $ minilvb config set lvb.pushDomain push.example.com --profile staging\n' +
        '  $ minilvb config set im.privateKeyFile ./private_key',
    );
  defineCommand(set, run, {}, async (ctx, _opts, [key = '', value = '']) => change(ctx, key, value));
  const unset = config
    .command('unset')
    .description('remove one value from the config file (it falls back to its default)')
    .argument('<key>', 'the config key, e.g. db.password')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb config unset lvb.playKey\n' +
        '  $ minilvb config unset db.host        back to the embedded store',
    );
  defineCommand(unset, run, {}, async (ctx, _opts, [key = '']) => change(ctx, key, undefined));
}

async function change(ctx: CommandContext, key: string, value: string | undefined) {
  const file = resolve(ctx.io.cwd, ctx.globals.config ?? ctx.io.env.MINILVB_CONFIG ?? DEFAULT_CONFIG_FILE);
  const profile = ctx.globals.profile ?? ctx.io.env.MINILVB_PROFILE;
  const def = FIELD_BY_PATH.get(key);
  // Before anything can fail: an error message may quote the value.
  if (value !== undefined && (def?.secret || def?.kind === 'pem')) ctx.output.redactor.add(value);
  const done = await setConfigValue({
    file,
    key,
    cwd: ctx.io.cwd,
    ...(value !== undefined ? { value } : {}),
    ...(profile ? { profile } : {}),
  });
  for (const s of done.secrets) ctx.output.redactor.add(s);
  const { secrets: _secrets, ...data } = done;
  return result(value === undefined ? 'config.unset' : 'config.set', data, renderChange, {
    warnings: done.warnings.map(formatIssue),
  });
}

function renderChange(d: Omit<SetValueResult, 'secrets'>, s: Style): string {
  const where = `${d.file}${d.profile ? ` (profile ${d.profile})` : ''}`;
  if (!d.changed)
    return s.dim(
      `${d.key} ${d.value === null ? 'was not set' : `is already ${String(d.value)}`} in ${where}; nothing changed.`,
    );
  const what = d.value === null ? `removed ${d.key}` : `set ${d.key} = ${String(d.value)}`;
  return [
    `${s.green('✓')} ${what} in ${where}${d.created ? ' (created, mode 0600)' : ''}`,
    s.dim('Run `minilvb generate` to update the deployment files.'),
  ].join('\n');
}
