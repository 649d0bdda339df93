/** `minilvb config show` and `minilvb config validate`. */
import type { Command } from 'commander';
import { FIELDS, formatIssue, getPath, type ConfigIssue, type LoadedConfig, type Source } from '../../config/index.js';
import { EXIT } from '../../errors.js';
import { mask } from '../../secrets/mask.js';
import { result } from '../output/output.js';
import type { Runner } from '../run.js';
import type { Style } from '../output/style.js';

interface ShownField {
  path: string;
  label: string;
  value: string | number | null;
  source: Source | null;
  secret: boolean;
}

export function register(program: Command, run: Runner): void {
  const config = program.command('config').description('show and validate the configuration');
  config
    .command('show')
    .description('print the resolved configuration, secrets masked, with where each value came from')
    .option('--all', 'also list fields that are not set')
    .addHelpText('after', '\nExamples:\n  $ minilvb config show\n  $ minilvb config show --profile staging --json')
    .action(run<{ all?: boolean }>(async (ctx, opts) => {
      const loaded = await ctx.loadConfig();
      const fields = showFields(loaded).filter((f) => opts.all || f.value !== null);
      const data = { file: loaded.file ?? null, profile: loaded.profile ?? null, database: loaded.config.db ? 'mysql' : 'embedded', fields, issues: loaded.issues };
      return result('config.show', data, (d, s) => renderShow(d.file, d.fields, d.issues, s));
    }));
  config
    .command('validate')
    .description('check every value against the credential formats; lists every problem at once')
    .addHelpText('after', '\nExamples:\n  $ minilvb config validate\n  $ MINILVB_COS_BUCKET=photos-1250000000 minilvb config validate --json')
    .action(run(async (ctx) => {
      const loaded = await ctx.loadConfig();
      const errors = loaded.issues.filter((i) => i.severity === 'error');
      const data = { file: loaded.file ?? null, valid: errors.length === 0, issues: loaded.issues };
      return result('config.validate', data, (d, s) => renderIssues(d.issues, s) || s.green(`✓ ${d.file ?? 'configuration'} is valid`), {
        exitCode: errors.length > 0 ? EXIT.usage : EXIT.ok,
      });
    }));
}

function showFields(loaded: LoadedConfig): ShownField[] {
  return FIELDS.map((def) => {
    const raw = getPath(loaded.config as unknown as Record<string, unknown>, def.path);
    const value = raw === undefined ? null : def.secret ? mask(String(raw)) : (raw as string | number);
    return { path: def.path, label: def.label, value, source: loaded.sources[def.path] ?? null, secret: Boolean(def.secret) };
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

export function renderIssues(issues: ConfigIssue[], s: Style): string {
  return issues
    .map((i) => (i.severity === 'error' ? `${s.red('✗ error')}   ${formatIssue(i)}` : `${s.yellow('! warning')} ${formatIssue(i)}`))
    .join('\n');
}
