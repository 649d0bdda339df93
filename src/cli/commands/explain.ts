/** `minilvb explain [id]`: the cause, how to confirm it and the fix of a troubleshooting id. */
import type { Command } from 'commander';
import { explainFaq, faqIndex, type Explanation, type IndexLine } from '../../doctor/knowledge/explain.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

export function register(program: Command, run: Runner): void {
  const cmd = program
    .command('explain')
    .description('what a troubleshooting id (printed by doctor) means: cause, how to confirm it, fix')
    .argument('[id]', 'a troubleshooting id, e.g. CB-API-KEY (case does not matter); none: list every id')
    .addHelpText(
      'after',
      `
Examples:
  $ minilvb explain                 list every id with a one-line title
  $ minilvb explain CB-API-KEY      cause, how to confirm it, fix
  $ minilvb explain api-perm --json a member of a family (API-*) shows the family's entry`,
    );
  defineCommand(cmd, run, {}, async (_ctx, _opts, args) => {
    const id = args[0];
    if (!id) return result('explain.list', { ids: faqIndex() }, renderIndex);
    return result('explain', explainFaq(id), renderExplanation);
  });
}

function renderIndex(data: { ids: IndexLine[] }, s: Style): string {
  const width = Math.max(...data.ids.map((e) => e.id.length));
  const lines: string[] = [];
  let section = '';
  for (const e of data.ids) {
    if (e.section !== section) {
      section = e.section;
      lines.push(...(lines.length > 0 ? [''] : []), s.bold(section));
    }
    lines.push(`  ${e.id.padEnd(width)}  ${e.title}`);
  }
  lines.push('', s.dim('Details: minilvb explain <id>'));
  return lines.join('\n');
}

function renderExplanation(x: Explanation, s: Style): string {
  const e = x.entry;
  const lines = [s.bold(`${e.id}: ${e.title}`)];
  if (x.aliasOf) lines.push(s.dim(`(${x.id} is listed under ${x.aliasOf})`));
  else if (x.id !== e.id) lines.push(s.dim(`(${x.id} belongs to the ${e.id} family)`));
  const part = (label: string, text: string | undefined): void => {
    if (!text) return;
    const [first, ...rest] = text.split('\n');
    lines.push('', s.cyan(label), `  ${capitalise(first ?? '')}`, ...rest.map((l) => `  ${l}`));
  };
  part('Symptom', e.symptom);
  part('Log keywords', e.logs);
  part('Cause', e.cause);
  part('How to confirm', e.confirm);
  part('Fix', e.fix);
  const footer = [
    x.aliases.length > 0 ? `also listed as ${x.aliases.join(', ')}` : undefined,
    `section "${e.section}" of docs/troubleshooting.md`,
  ].filter(Boolean);
  lines.push('', s.dim(footer.join('; ')));
  return lines.join('\n');
}

/** The file's items read as "**Cause:** the key …"; under a heading, a sentence starts upper-case. */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
