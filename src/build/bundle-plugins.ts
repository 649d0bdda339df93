/**
 * The esbuild plugins of the CLI bundles (see bundle-cli.ts): what stays external, what loads lazily, what maps where.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** Command group modules become `import("mlvb-group:<name>")`, served by boot.cjs from dist/cli-<name>.cjs. */
export const GROUP_PREFIX = 'mlvb-group:';

export const packageName = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Bare imports of packages not in `bundled` stay `require()`/`import()` of node_modules, as in the tsc output. */
export function externalPackages(root: string, bundled: ReadonlySet<string>): Plugin {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./#]/ }, (args) => {
        if (args.path.startsWith('node:') || args.path.startsWith(GROUP_PREFIX) || bundled.has(packageName(args.path)))
          return undefined;
        if (args.kind !== 'dynamic-import' && isEsmOnly(root, packageName(args.path))) {
          return {
            errors: [
              {
                text:
                  `${args.importer} imports the ESM-only package ${args.path} statically: ` +
                  `use import() (heavy dependencies load lazily)`,
              },
            ],
          };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

function isEsmOnly(root: string, name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      type?: string;
      exports?: unknown;
    };
    return pkg.type === 'module' && !JSON.stringify(pkg.exports ?? {}).includes('"require"');
  } catch {
    return false;
  }
}

/**
 * Builtins that are costly to load but rarely used on the startup path load on first use:
 * commander requires child_process only to run executable subcommands (minilvb has none);
 * node:fs/promises pulls in streams and readline although `sign` never reads a file with it; and
 * node:crypto (~3 ms with OpenSSL's start-up) serves the config model's PEM checks and masks, which
 * `sign push` never calls; node:os only gives the home directory when $HOME is unset. crypto and os
 * are lazy only for importers that name plain functions of them.
 */
export const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|fs\/promises|crypto|os)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'lazy-builtin') return { path: `node:${name}`, external: true };
      const fromPackage = args.importer.includes(`${sep}node_modules${sep}`);
      // A proxy stands in for commander's CommonJS require() only, not for an ES namespace.
      if (name === 'child_process' && !fromPackage) return undefined;
      if (
        (name === 'crypto' || name === 'os') &&
        (fromPackage ||
          args.kind !== 'import-statement' ||
          !namedImports(args.importer, args.path)?.every((n) => LAZY_FUNCTIONS[name].has(n)))
      )
        return undefined;
      return { path: name, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents:
        args.path === 'child_process' ? lazyProxy(args.path) : lazyFunctions(args.path as keyof typeof LAZY_FUNCTIONS),
    }));
  },
};

/** The plain functions (lower-case names; not classes or objects) each lazily wrapped builtin offers. */
const LAZY_FUNCTIONS = {
  crypto: functionNames(await import('node:crypto')),
  os: functionNames(await import('node:os')),
  'fs/promises': functionNames(await import('node:fs/promises')),
};

function functionNames(mod: object): ReadonlySet<string> {
  return new Set(
    Object.entries(mod)
      .filter(([k, v]) => /^[a-z]/.test(k) && typeof v === 'function')
      .map(([k]) => k),
  );
}

/** The names an ES module (tsc output) imports from `spec`; undefined for namespace, default or re-exports. */
function namedImports(file: string, spec: string): string[] | undefined {
  const text = readFileSync(file, 'utf8');
  const quoted = spec.replace(/[/.]/g, '\\$&');
  if (new RegExp(`(import\\s+(\\*|[\\w$]+)|export\\s*[*{])[^;]*from\\s*['"]${quoted}['"]`).test(text)) return undefined;
  const names: string[] = [];
  for (const m of text.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${quoted}['"]`, 'g'))) {
    names.push(
      ...(m[1] ?? '')
        .split(',')
        .map((n) => n.trim().split(/\s+as\s+/)[0] ?? '')
        .filter(Boolean),
    );
  }
  return names;
}

function lazyProxy(name: string): string {
  return `let m; const load = () => (m ??= require(${JSON.stringify(`node:${name}`)}));
module.exports = new Proxy({}, {
  get: (_t, k) => load()[k],
  has: (_t, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_t, k) => {
    const d = Object.getOwnPropertyDescriptor(load(), k);
    if (d) d.configurable = true;
    return d;
  },
});`;
}

/**
 * The builtin as functions that load it when called. node:fs/promises is reached through
 * `fs.promises`, a lazy getter of node:fs that returns the very same module.
 */
function lazyFunctions(name: keyof typeof LAZY_FUNCTIONS): string {
  // require(), not `import * as fs`: esbuild's namespace interop copies every export of node:fs at init.
  const load =
    name === 'fs/promises'
      ? "const load = () => require('node:fs').promises;"
      : `let m; const load = () => (m ??= require(${JSON.stringify(`node:${name}`)}));`;
  return [
    load,
    ...[...LAZY_FUNCTIONS[name]].map((n) => `export const ${n} = (...a) => load().${n}(...a);`),
    ...(name === 'fs/promises'
      ? [
          "export const constants = require('node:fs').constants;",
          'export default new Proxy({}, { get: (_t, k) => load()[k] });',
        ]
      : []),
  ].join('\n');
}

/** `import.meta.url` → the module's URL in dist/ (each bundle defines __mlvbUrl from its own __dirname, dist/). */
export function importMetaUrl(dist: string): Plugin {
  return {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(dist + sep)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta')) return undefined;
        const rel = relative(dist, args.path).split(sep).join('/');
        const contents = text.replaceAll('import.meta.url', `__mlvbUrl(${JSON.stringify(rel)})`);
        if (/\bimport\.meta\b/.test(contents))
          return { errors: [{ text: `${rel}: only import.meta.url is supported in bundled code` }] };
        return { contents, loader: 'js' };
      });
    },
  };
}

/** In the core bundle: the command groups that registry.js imports become separate bundles. */
export function commandGroups(registry: string): Plugin {
  return {
    name: 'command-groups',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z0-9-]+\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.importer !== registry) return undefined;
        return { path: `${GROUP_PREFIX}${basename(args.path, '.js')}`, external: true };
      });
    },
  };
}

/**
 * In a group bundle: modules the core bundle holds are taken from it (`__mlvbCore(id)`, see boot.cjs)
 * instead of being copied, so there is one instance of each, as with ES modules.
 */
export function coreModules(dist: string, core: ReadonlySet<string>): Plugin {
  return {
    name: 'core-modules',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== 'file') return undefined;
        const id = relative(dist, resolve(dirname(args.importer), args.path))
          .split(sep)
          .join('/');
        return core.has(id) ? { path: id, namespace: 'mlvb-core' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'mlvb-core' }, (args) => ({
        contents: `module.exports = __mlvbCore(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}
