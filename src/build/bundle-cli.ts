/**
 * Build step after `tsc` (`npm run build`): bundles the CLI for startup time, a benchmarked target
 * (`npm run bench`) — resolving, linking and compiling ~30 ES modules plus commander cost more than
 * `minilvb sign push` itself. bin/minilvb.js runs the bundles through dist/cli/boot.cjs, which
 * compiles them with a V8 code cache. The tsc output stays the programmatic API (dist/index.js)
 * and what the tests import.
 *
 * - dist/cli.cjs, the core: dist/cli/main.js, everything it reaches (output, config, errors, …)
 *   and commander. It also answers `coreModule(id)` for the group bundles.
 * - dist/cli-<group>.cjs, one per command group of registry.js: what only that group uses (doctor,
 *   server, db, cloud adapters, …), so `minilvb sign` never reads or compiles them. Core modules
 *   are taken from the core bundle, so each module has one instance, as with ES modules.
 *
 * Semantics kept: modules reached through `import()` stay lazy (esbuild init functions), packages
 * other than commander and chalk stay external (node_modules at runtime, as before), and
 * `import.meta.url` is the URL the module has in dist/, so `../../templates/` resolves as in tsc output.
 */
import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type BuildResult, type Metafile } from 'esbuild';
import { VERSION } from '../version.js';
import {
  commandGroups,
  coreModules,
  externalPackages,
  GROUP_PREFIX,
  importMetaUrl,
  lazyBuiltins,
  packageName,
} from './bundle-plugins.js';

const DIST = dirname(dirname(fileURLToPath(import.meta.url)));
const ROOT = dirname(DIST);
const MAIN = join(DIST, 'cli', 'main.js');
/** The parameters of the function each bundle file is stored as (boot.cjs passes them). */
const BUNDLE_PARAMS = 'exports, require, module, __filename, __dirname, __mlvbImport, __mlvbCore';
/** Small packages on every start; everything else is loaded from node_modules when used. */
const CORE_PACKAGES = new Set(['commander', 'chalk']);

const common: BuildOptions & { metafile: true; write: false } = {
  absWorkingDir: ROOT,
  bundle: true,
  write: false,
  metafile: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.MINILVB_BUNDLE_PLAIN !== '1',
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'error' },
  banner: {
    js:
      '"use strict";var ' +
      '__mlvbUrl=(r)=>require("node:url").pathToFileURL(require("node:path").join(__dirname,r)).href;',
  },
};
const corePlugins = [
  externalPackages(ROOT, CORE_PACKAGES),
  lazyBuiltins,
  importMetaUrl(DIST),
  commandGroups(join(DIST, 'cli', 'registry.js')),
];

/** Our modules (ids relative to dist/) in a build. */
const distModules = (meta: Metafile): string[] =>
  Object.keys(meta.inputs)
    .filter((p) => p.startsWith('dist/'))
    .map((p) => p.slice('dist/'.length));

// Pass 1 finds the core's modules and the command groups; pass 2 adds coreModule() for them.
const probe = await build({ ...common, entryPoints: [MAIN], plugins: corePlugins });
const coreIds = distModules(probe.metafile);
const groups = [
  ...new Set(
    externalImports(probe)
      .filter((p) => p.startsWith(GROUP_PREFIX))
      .map((p) => p.slice(GROUP_PREFIX.length)),
  ),
];

const coreEntry = [
  `export { main } from ${JSON.stringify(MAIN)};`,
  'const loaded = new Map();',
  '/** A core module by its id in dist/ (for the group bundles): loaded once, like an ES module. */',
  'export function coreModule(id) {',
  '  if (!loaded.has(id)) loaded.set(id, load(id));',
  '  return loaded.get(id);',
  '}',
  'function load(id) {',
  '  switch (id) {',
  ...coreIds.map((id) => `    case ${JSON.stringify(id)}: return require(${JSON.stringify(join(DIST, id))});`),
  '    default: throw new Error(`minilvb: ${id} is not in the core bundle; run npm run build`);',
  '  }',
  '}',
].join('\n');
const outputs: Array<{ file: string; result: BuildResult<typeof common> }> = [
  {
    file: 'cli.cjs',
    result: await build({
      ...common,
      stdin: { contents: coreEntry, resolveDir: DIST, sourcefile: 'mlvb-core-entry.js' },
      plugins: corePlugins,
    }),
  },
];
const core = new Set(coreIds);
for (const group of groups) {
  outputs.push({
    file: `cli-${group}.cjs`,
    result: await build({
      ...common,
      entryPoints: [join(DIST, 'cli', 'commands', `${group}.js`)],
      plugins: [externalPackages(ROOT, new Set()), lazyBuiltins, importMetaUrl(DIST), coreModules(DIST, core)],
    }),
  });
}

// Each file replaced atomically, the core last, so a CLI started meanwhile reads whole files.
for (const { file, result } of outputs.reverse()) {
  const tmp = join(DIST, `.${file}.${process.pid}.tmp`);
  writeFileSync(tmp, finish(file, result));
  renameSync(tmp, join(DIST, file));
}
// Which packages each bundle loads from node_modules: a deploy release packs only the server's.
const packages = Object.fromEntries(outputs.map(({ file, result }) => [file, packagesOf(result)]));
writeFileSync(join(DIST, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
const written = new Set(outputs.map((o) => o.file));
for (const name of readdirSync(DIST))
  if (/^cli(-[a-z0-9-]+)?\.cjs$/.test(name) && !written.has(name)) rmSync(join(DIST, name));
rmSync(join(DIST, '.cache'), { recursive: true, force: true });

function externalImports(result: BuildResult<typeof common>): string[] {
  return Object.values(result.metafile.inputs)
    .flatMap((i) => i.imports)
    .filter((i) => i.external && i.kind === 'dynamic-import')
    .map((i) => i.path);
}

function packagesOf(result: BuildResult<typeof common>): string[] {
  const specs = Object.values(result.metafile.inputs)
    .flatMap((i) => i.imports)
    .filter((i) => i.external && !i.path.startsWith('node:') && !i.path.startsWith(GROUP_PREFIX))
    .map((i) => i.path)
    .filter((p) => !p.startsWith('.') && !p.startsWith('/'));
  return [...new Set(specs.map(packageName))].sort();
}

/** The file's text: a header line, then the code wrapped as the function boot.cjs calls. */
function finish(file: string, result: BuildResult<typeof common>): string {
  let code = result.outputFiles[0]?.text ?? '';
  // import() cannot run inside a vm.Script on Node 20 (it needs --experimental-vm-modules): the
  // bundles' dynamic imports of packages and command groups call boot.cjs's __mlvbImport instead.
  for (const spec of new Set(externalImports(result)))
    code = code.replaceAll(`import(${JSON.stringify(spec)})`, `__mlvbImport(${JSON.stringify(spec)})`);
  // boot.cjs reads bundles as latin1 (no UTF-8 decoding). charset 'ascii' escapes strings and
  // identifiers; regular expression literals keep their characters, and \uXXXX means the same there.
  // eslint-disable-next-line no-control-regex
  code = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const stray = /(?<![\w$.])import\(/.exec(code);
  if (stray)
    throw new Error(
      `dist/${file}: an import() the loader cannot serve: …${code.slice(stray.index - 60, stray.index + 60)}…`,
    );
  // The header names the build (boot.cjs keys its V8 code cache on it, so a rebuilt bundle never
  // runs with bytecode compiled from an older one) and the version (`--version` compiles nothing).
  // Stored already wrapped: no 400 kB string concatenation at startup.
  const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
  return `//minilvb-bundle:${id}:${VERSION}\n(function (${BUNDLE_PARAMS}) {${code}\n})`;
}
