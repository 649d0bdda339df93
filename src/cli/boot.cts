/**
 * What bin/minilvb.js runs. It compiles the CLI bundles (dist/cli.cjs and, when a command group is
 * named, dist/cli-<group>.cjs; made by src/build/bundle-cli.ts) with a V8 code cache in
 * dist/.cache/, so a warm start neither resolves ~30 ES modules nor compiles them: the
 * v8-compile-cache technique (Node 20 has no built-in compile cache). Startup time is a
 * benchmarked target (`npm run bench`).
 *
 * CommonJS on purpose: a CommonJS entry skips the ES module loader's start-up cost, and a
 * vm.Script can only consume a code cache when it is plain script code.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import nodeModule = require('node:module');

type BundleMain = (argv: string[]) => Promise<number>;
type ImportModule = (specifier: string) => Promise<unknown>;
type CoreModule = (id: string) => unknown;
type BundleFactory = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
  importModule: ImportModule,
  coreModule: CoreModule,
) => void;

/** A bundle, run; `save` writes its code cache when there was none or V8 rejected it. */
interface Compiled {
  exports: Record<string, unknown>;
  save(): void;
}

const DIST = path.join(__dirname, '..');
const CORE = path.join(DIST, 'cli.cjs');
const CACHE_DIR = path.join(DIST, '.cache');
const GROUP_PREFIX = 'mlvb-group:';

/** Runs the CLI with these arguments, sets process.exitCode and resolves to it. */
function run(argv: string[]): Promise<number> {
  const bundled = startBundled(argv);
  const main = bundled ? Promise.resolve(bundled.main) : import('./main.js').then((m: { main: BundleMain }) => m.main);
  return main
    .then((m) => m(argv))
    .then(
      (code) => {
        process.exitCode = code;
        bundled?.saveCaches();
        return code;
      },
      (err: unknown) => {
        // main() turns every error into an exit code; reaching this is a bug in the loader itself.
        process.stderr.write(`minilvb: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exitCode = 3;
        return 3;
      },
    );
}

/** main() of the core bundle, or undefined when there is no up-to-date bundle: dist/cli/main.js runs then. */
function startBundled(argv: string[]): { main: BundleMain; saveCaches(): void } | undefined {
  let code: string;
  try {
    // After a plain `tsc` (without the bundling step) the bundles are stale: run the tsc output then. A deployed
    // release carries the bundles only.
    const tscOutput = fs.statSync(path.join(__dirname, 'main.js'), { throwIfNoEntry: false });
    if (tscOutput && tscOutput.mtimeMs > fs.statSync(CORE).mtimeMs) return undefined;
    code = read(CORE);
  } catch {
    return undefined;
  }
  // The same fast path as main(), taken before compiling anything.
  const version = /^\/\/minilvb-bundle:\w+:(\S+)/.exec(code)?.[1];
  if (version && argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    return {
      main: async () => {
        process.stdout.write(`${version}\n`);
        return 0;
      },
      saveCaches() {},
    };
  }
  // One cache per bundle, build, V8 version and command group: each holds the functions that
  // group runs, whichever group ran first.
  const group = argv[0] && /^[a-z][a-z0-9-]*$/.test(argv[0]) ? argv[0] : 'root';
  const compiled: Compiled[] = [];
  const groups = new Map<string, Promise<unknown>>();
  const coreModule: CoreModule = (id) => (core.exports.coreModule as CoreModule)(id);
  const importModule: ImportModule = (specifier) => {
    if (!specifier.startsWith(GROUP_PREFIX)) return import(specifier);
    // Like import(): one instance per group, however often it is asked for.
    let loaded = groups.get(specifier);
    if (!loaded) {
      const file = path.join(DIST, `cli-${specifier.slice(GROUP_PREFIX.length)}.cjs`);
      loaded = Promise.resolve().then(() => {
        const bundle = compile(file, read(file), group, importModule, coreModule);
        compiled.push(bundle);
        return bundle.exports;
      });
      groups.set(specifier, loaded);
    }
    return loaded;
  };
  const core = compile(CORE, code, group, importModule, coreModule);
  compiled.push(core);
  const main = core.exports.main;
  if (typeof main !== 'function') throw new Error(`${CORE} does not export main(); run \`npm run build\``);
  return {
    main: main as BundleMain,
    saveCaches: () => {
      for (const c of compiled) c.save();
    },
  };
}

/** Bundles are pure ASCII (the build makes sure): latin1 skips UTF-8 decoding, ~2 ms of a 30 ms start. */
function read(file: string): string {
  return fs.readFileSync(file, 'latin1');
}

/** Compiles and runs one bundle file, `(function (exports, require, module, …) {…})`, with its code cache. */
function compile(
  file: string,
  code: string,
  group: string,
  importModule: ImportModule,
  coreModule: CoreModule,
): Compiled {
  const build = /^\/\/minilvb-bundle:(\w+)/.exec(code)?.[1] ?? 'dev';
  const cacheFile = path.join(CACHE_DIR, `${path.basename(file, '.cjs')}-${build}-${process.versions.v8}-${group}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(code, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as BundleFactory)(
    module.exports,
    nodeModule.createRequire(file),
    module,
    file,
    DIST,
    importModule,
    coreModule,
  );
  return {
    exports: module.exports,
    save() {
      if (cachedData && !script.cachedDataRejected) return;
      writeCache(cacheFile, script.createCachedData());
    },
  };
}

/** Best effort and atomic: a read-only install or a concurrent run must never fail the command. */
function writeCache(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

export = { run };
