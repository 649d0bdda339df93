/**
 * Build step after `tsc` (`npm run build`): bundles the CLI — dist/cli/main.js, every module of
 * ours it reaches, and commander — into ONE CommonJS file, dist/cli.cjs, that bin/minilvb.js runs
 * through dist/cli/boot.cjs with a V8 code cache. Startup time is a benchmarked target
 * (`npm run bench`): resolving, linking and compiling ~30 ESM files plus commander cost more than
 * the command itself. The tsc output stays the programmatic API (dist/index.js) and what tests use.
 *
 * Semantics kept: modules reached through `import()` become lazy init functions in the bundle, so
 * nothing of serve/db/doctor runs at startup; packages other than commander and chalk stay
 * external (loaded from node_modules at runtime, as before); `import.meta.url` is rewritten to
 * the URL the module has in dist/, so paths like `../../templates/` resolve exactly as in tsc output.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { VERSION } from '../version.js';

const DIST = dirname(dirname(fileURLToPath(import.meta.url)));
const ROOT = dirname(DIST);
const OUT = join(DIST, 'cli.cjs');
/** Small packages on the startup path; everything else is loaded from node_modules when used. */
const BUNDLED_PACKAGES = new Set(['commander', 'chalk']);

const packageName = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Bare imports of packages we do not bundle stay `require()`/`import()` of node_modules. */
const externals: Plugin = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./#]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      const esmOnly = isEsmOnly(packageName(args.path));
      if (args.kind !== 'dynamic-import' && esmOnly) {
        return { errors: [{ text: `${args.importer} imports the ESM-only package ${args.path} statically: use import() (heavy dependencies load lazily)` }] };
      }
      return { path: args.path, external: true };
    });
  },
};

function isEsmOnly(name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { type?: string; exports?: unknown };
    return pkg.type === 'module' && !JSON.stringify(pkg.exports ?? {}).includes('"require"');
  } catch {
    return false;
  }
}

/**
 * Builtins that are costly to load but rarely used on the startup path load on first use:
 * commander requires child_process only to run executable subcommands (minilvb has none), and
 * node:fs/promises pulls in streams and readline although `sign` never reads a file with it.
 */
const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|fs\/promises)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'lazy-builtin') return { path: `node:${name}`, external: true };
      // Only commander's CommonJS require() of child_process: a proxy cannot stand in for an ES namespace.
      if (name === 'child_process' && !args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: name, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => ({
      loader: 'js',
      contents: args.path === 'child_process' ? lazyProxy(args.path) : await lazyFsPromises(),
    }));
  },
};

function lazyProxy(name: string): string {
  return `let m; const load = () => (m ??= require(${JSON.stringify(`node:${name}`)}));
module.exports = new Proxy({}, {
  get: (_t, k) => load()[k],
  has: (_t, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_t, k) => { const d = Object.getOwnPropertyDescriptor(load(), k); if (d) d.configurable = true; return d; },
});`;
}

/** node:fs/promises as functions that reach `fs.promises` (a lazy getter of node:fs) when called. */
async function lazyFsPromises(): Promise<string> {
  const real = (await import('node:fs/promises')) as unknown as Record<string, unknown>;
  const names = Object.keys(real).filter((k) => k !== 'default' && typeof real[k] === 'function');
  return [
    "import * as fs from 'node:fs';",
    'export const constants = fs.constants;',
    ...names.map((n) => `export const ${n} = (...a) => fs.promises.${n}(...a);`),
    'export default new Proxy({}, { get: (_t, k) => fs.promises[k] });',
  ].join('\n');
}

/** `import.meta.url` → the module's URL in dist/ (the bundle defines __mlvbUrl from its own __dirname). */
const importMetaUrl: Plugin = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + sep)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const rel = relative(DIST, args.path).split(sep).join('/');
      const contents = text.replaceAll('import.meta.url', `__mlvbUrl(${JSON.stringify(rel)})`);
      if (/\bimport\.meta\b/.test(contents)) return { errors: [{ text: `${rel}: only import.meta.url is supported in bundled code` }] };
      return { contents, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [join(DIST, 'cli', 'main.js')],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'error' },
  banner: { js: '"use strict";var __mlvbUrl=(r)=>require("node:url").pathToFileURL(require("node:path").join(__dirname,r)).href;' },
  metafile: true,
  plugins: [externals, lazyBuiltins, importMetaUrl],
});

// import() cannot run inside a vm.Script on Node 20 (it needs --experimental-vm-modules), so the
// bundle's dynamic imports of external packages call the loader's __mlvbImport instead.
let code = result.outputFiles[0]?.text ?? '';
for (const spec of new Set(Object.values(result.metafile.inputs).flatMap((i) => i.imports).filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path))) {
  code = code.replaceAll(`import(${JSON.stringify(spec)})`, `__mlvbImport(${JSON.stringify(spec)})`);
}
const stray = /(?<![\w$.])import\(/.exec(code);
if (stray) throw new Error(`dist/cli.cjs: an import() the loader cannot serve: …${code.slice(stray.index - 60, stray.index + 60)}…`);
// The first line names the build: boot.cjs keys its V8 code cache on it, so a rebuilt bundle
// never runs with bytecode compiled from an older one.
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
// The version rides along so boot.cjs answers `--version` without compiling the bundle.
writeFileSync(OUT, `//minilvb-bundle:${id}:${VERSION}\n${code}`);
rmSync(join(DIST, '.cache'), { recursive: true, force: true });
