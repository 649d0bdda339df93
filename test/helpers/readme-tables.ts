/**
 * The README's config and error-code tables are generated from src/config/fields.ts and
 * src/errors.ts, so they cannot drift: test/unit/readme.test.ts compares them, and
 * `node --import tsx test/helpers/readme-tables.ts --write` regenerates them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { FIELDS, FILE_FIELDS } from '../../src/config/index.js';
import { ERROR_CODES } from '../../src/errors.js';

export const README = new URL('../../README.md', import.meta.url).pathname;

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function configTable(): string {
  const head =
    '| key | environment | flag | default | secret | what it is / where to find it |\n|---|---|---|---|---|---|';
  const rows = FIELDS.map(
    (f) =>
      `| \`${f.path}\` | ${f.env.map((e) => `\`${e}\``).join(', ')} | \`${f.flag}\` | ${f.default ?? ''} | ${f.secret ? 'yes' : ''} | ${cell(f.where)} |`,
  );
  for (const [path, v] of Object.entries(FILE_FIELDS))
    rows.push(
      `| \`${path}\` | \`${v.env}\` | \`${v.flag}\` |  |  | a PEM file whose content becomes \`${v.target}\` (relative to the config file) |`,
    );
  return [head, ...rows].join('\n');
}

export function errorTable(): string {
  const head = '| code | exit | meaning |\n|---|---|---|';
  return [
    head,
    ...Object.entries(ERROR_CODES).map(([code, v]) => `| \`${code}\` | ${v.exit} | ${cell(v.meaning)} |`),
  ].join('\n');
}

/** The README with both generated blocks replaced by fresh ones. */
export function regenerated(readme: string): string {
  return replaceBlock(replaceBlock(readme, 'config-table', configTable()), 'error-table', errorTable());
}

function replaceBlock(text: string, name: string, body: string): string {
  const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!re.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> block`);
  return text.replace(re, `$1${body}\n$2`);
}

if (process.argv.includes('--write')) writeFileSync(README, regenerated(readFileSync(README, 'utf8')));
