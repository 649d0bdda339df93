/** `minilvb config show`, `config validate`, and (config-set.ts) `config set` / `config unset`. */
import type { Command } from 'commander';
import {
  FIELDS,
  formatIssue,
  getPath,
  missingRequired,
  type ConfigIssue,
  type LoadedConfig,
  type Source,
} from '../../config/index.js';
import { EXIT } from '../../errors.js';
import { mask } from '../../secrets/mask.js';
import { result } from '../output/output.js';
import { defineCommand, type Runner } from '../run.js';
import type { Style } from '../output/style.js';
import { registerSet } from './config-set.js';

interface ShownField {
  path: string;
  label: string;
  value: string | number | null;
  source: Source | null;
  secret: boolean;
}

export function register(program: Command, run: Runner): void {
  const config = program.command('config').description('show, validate and change the configuration');
  const show = config
    .command('show')
    .description('print the resolved configuration, secrets masked, with where each value came from')
    .addHelpText('after', '\nExamples:\n  $ minilvb config show\n  $ minilvb config show --profile staging --json');
  defineCommand(
    show,
    run,
    { options: { all: { flags: '--all', description: 'also list fields that are not set' } } },
    async (ctx, opts) => {
      const loaded = await ctx.loadConfig();
      const fields = showFields(loaded).filter((f) => opts.all || f.value !== null);
      const data = {
        file: loaded.file ?? null,
        profile: loaded.profile ?? null,
        database: loaded.config.db ? 'mysql' : 'embedded',
        fields,
        issues: loaded.issues,
      };
      return result('config.show', data, (d, s) => renderShow(d.file, d.fields, d.issues, s));
    },
  );
  const validate = config
    .command('validate')
    .description('check every value against the credential formats; lists every problem at once')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb config validate\n' +
        '  $ MINILVB_COS_BUCKET=photos-1250000000 minilvb config validate --json',
    );
  defineCommand(validate, run, {}, async (ctx) => {
    const loaded = await ctx.loadConfig();
    // Unset required values are problems too: "valid" must mean every command will work.
    const issues = [...loaded.issues, ...missingRequired(loaded.config)];
    const errors = issues.filter((i) => i.severity === 'error');
    const data = { file: loaded.file ?? null, valid: errors.length === 0, issues };
    return result('config.validate', data, (d, s) => renderValidate(d.file, d.issues, s), {
      exitCode: errors.length > 0 ? EXIT.usage : EXIT.ok,
    });
  });
  registerSet(config, run);
}

function showFields(loaded: LoadedConfig): ShownField[] {
  return FIELDS.map((def) => {
    const raw = getPath(loaded.config, def.path);
    const value = raw === undefined ? null : def.secret ? mask(String(raw)) : (raw as string | number);
    return {
      path: def.path,
      label: def.label,
      value,
      source: loaded.sources[def.path] ?? null,
      secret: Boolean(def.secret),
    };
  });
}

function renderShow(file: string | null, fields: ShownField[], issues: ConfigIssue[], s: Style): string {
  const width = Math.max(...fields.map((f) => f.path.length));
  const lines = [s.bold(`Configuration${file ? ` (${file})` : ' (no config file)'}`)];
  for (const f of fields) {
    const value = f.value === null ? s.dim('(not set)') : String(f.value);
    lines.push(`  ${f.path.padEnd(width)}  ${value}${f.source ? s.dim(`  [${f.source}]`) : ''}`);
  }
  const problems = renderIssues(issues, s);
  return problems ? `${lines.join('\n')}\n\n${problems}` : lines.join('\n');
}

function renderValidate(file: string | null, issues: ConfigIssue[], s: Style): string {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const where = file ?? 'the configuration (no config file: defaults and environment only)';
  if (errors === 0) return [renderIssues(issues, s), s.green(`✓ ${where} is valid`)].filter(Boolean).join('\n');
  return [
    renderIssues(issues, s),
    '',
    s.red(`✗ ${where}: ${errors} problem${errors > 1 ? 's' : ''}`),
    `Set values with \`minilvb config set <key> <value>\`, or run \`minilvb init\` to be asked for each.`,
  ].join('\n');
}

export function renderIssues(issues: ConfigIssue[], s: Style): string {
  return issues
    .map((i) =>
      i.severity === 'error' ? `${s.red('✗ error')}   ${formatIssue(i)}` : `${s.yellow('! warning')} ${formatIssue(i)}`,
    )
    .join('\n');
}
