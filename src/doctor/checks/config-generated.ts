/**
 * The files `minilvb generate` wrote still match the config, and the secret ones are owner-only.
 * A file generated before the config changed ships old keys when deployed; a private key or
 * OutDefine.php readable by others leaks them. `doctor --fix` regenerates / narrows them.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { inspectTargets, planFiles, writeTargets, type Target } from '../../templates/index.js';
import { VERSION } from '../../version.js';
import { generatedDir } from '../probe/generated-dir.js';
import { defineCheck, fail, pass, skip, warn, type CheckFixAction, type FixContext } from '../check.js';

/** Generated files on disk: stale ones (content differs) and too-open ones (mode wider than planned). */
interface GeneratedState {
  dir: string;
  existing: Target[];
  stale: Target[];
  open: Array<{ target: Target; mode: number }>;
}

async function inspect(ctx: FixContext): Promise<GeneratedState | undefined> {
  const dir = generatedDir(ctx.inputs).path;
  if (!existsSync(dir)) return undefined;
  const plan = planFiles(ctx.config, { version: VERSION, date: new Date().toISOString().slice(0, 10) });
  const existing = (await inspectTargets(dir, plan.files)).filter((t) => t.state !== 'new');
  const open: GeneratedState['open'] = [];
  for (const t of existing) {
    const mode = (await stat(t.absolute)).mode & 0o777;
    if (process.platform !== 'win32' && mode & ~t.file.mode & 0o077) open.push({ target: t, mode });
  }
  return { dir, existing, stale: existing.filter((t) => t.state === 'differs'), open };
}

const octal = (mode: number): string => `0${mode.toString(8)}`;

const regenerate: CheckFixAction = {
  async plan(_result, ctx) {
    const s = await inspect(ctx);
    if (!s || (s.stale.length === 0 && s.open.length === 0)) return undefined;
    return [
      s.stale.length > 0 ? `regenerate ${s.stale.map((t) => t.file.path).join(', ')} in ${s.dir}` : undefined,
      s.open.length > 0
        ? `chmod ${s.open.map((o) => `${octal(o.target.file.mode)} ${o.target.file.path}`).join(', ')}`
        : undefined,
    ]
      .filter(Boolean)
      .join('; ');
  },
  async apply(_result, ctx) {
    const s = await inspect(ctx);
    if (!s) return 'no generated files any more';
    // writeTargets rewrites the stale files and resets the mode of the others to the planned one.
    const written = await writeTargets(s.existing, new Set(s.stale.map((t) => t.file.name)));
    const changed = written.filter((w) => w.status === 'overwritten').length;
    return (
      `${changed} file${changed === 1 ? '' : 's'} regenerated, ${s.open.length}` +
      ` mode${s.open.length === 1 ? '' : 's'} narrowed in ${s.dir}`
    );
  },
};

export default defineCheck({
  id: 'config.generated',
  group: 'config',
  title: 'Generated files match the config',
  fix: regenerate,
  async run(ctx) {
    let s: GeneratedState | undefined;
    try {
      s = await inspect(ctx);
    } catch (err) {
      return skip(
        `cannot render the files from this config: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
    }
    if (!s) return skip(`no ${generatedDir(ctx.inputs).shown}/ here (minilvb generate writes it)`);
    const evidence = { dir: s.dir, files: s.existing.length, stale: s.stale.length, tooOpen: s.open.length };
    const worldReadable = s.open.filter((o) => o.mode & 0o007);
    if (s.open.length > 0) {
      const list = s.open.map((o) => `${o.target.file.path} (${octal(o.mode)})`).join(', ');
      const details = {
        summary: `secret files readable by others: ${list}`,
        cause:
          'these files hold keys or passwords; anyone who can read them can push, sign callbacks or reach the database',
        fix: {
          text: 'Restrict them to their owner (doctor --fix does it).',
          commands: s.open.map((o) => `chmod ${octal(o.target.file.mode).slice(1)} ${o.target.absolute}`),
        },
        evidence,
      };
      return worldReadable.length > 0 ? fail(details) : warn(details);
    }
    if (s.stale.length > 0) {
      return warn({
        summary:
          `${s.stale.length} generated file` +
          `${s.stale.length === 1 ? ' differs' : 's differ'} from what the config ` +
          `renders now: ${s.stale.map((t) => t.file.path).join(', ')}`,
        cause:
          'the config changed after minilvb generate ran (or the files were edited ' +
          'by hand): deploying them ships the old values',
        fix: {
          text: 'Regenerate them (doctor --fix does it), then deploy them again.',
          commands: [`minilvb generate --force --only ${s.stale.map((t) => t.file.name).join(',')}`],
        },
        evidence,
      });
    }
    return pass(
      `${s.existing.length} generated file${s.existing.length === 1 ? '' : 's'} in ${s.dir} match the config`,
      { evidence },
    );
  },
});
