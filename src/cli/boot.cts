/**
 * What bin/minilvb.js runs. It compiles the one-file CLI bundle (dist/cli.cjs, made by
 * src/build/bundle-cli.ts) with a V8 code cache in dist/.cache/, so a warm start neither resolves
 * ~30 ES modules nor compiles them: the v8-compile-cache technique (Node 20 has no built-in
 * compile cache). Startup time is a benchmarked target (`npm run bench`).
 *
 * CommonJS on purpose: a CommonJS entry skips the ES module loader's start-up cost, and a
 * vm.Script can only consume a code cache when it is plain script code.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import nodeModule = require('node:module');

type BundleMain = (argv: string[]) => Promise<number>;
type BundleFactory = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string, importModule: (specifier: string) => Promise<unknown>) => void;

const BUNDLE = path.join(__dirname, '..', 'cli.cjs');
const CACHE_DIR = path.join(__dirname, '..', '.cache');

/** Runs the CLI with these arguments and sets process.exitCode. */
function run(argv: string[]): void {
  // `minilvb … | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const loaded = loadBundle(argv);
  const main = loaded ? Promise.resolve(loaded.main) : import('./main.js').then((m: { main: BundleMain }) => m.main);
  main.then((m) => m(argv)).then((code) => {
    process.exitCode = code;
    loaded?.saveCache();
  }, (err: unknown) => {
    // main() turns every error into an exit code; reaching this is a bug in the loader itself.
    process.stderr.write(`minilvb: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 3;
  });
}

/** The bundle's main(), or undefined when there is no bundle (a plain `tsc` build): dist/cli/main.js is used then. */
function loadBundle(argv: string[]): { main: BundleMain; saveCache(): void } | undefined {
  let code: string;
  try {
    code = fs.readFileSync(BUNDLE, 'utf8');
  } catch {
    return undefined;
  }
  // The first line, `//minilvb-bundle:<build id>:<version>`, is written by the build.
  const [, build = 'dev', version] = /^\/\/minilvb-bundle:(\w+):(\S+)/.exec(code) ?? [];
  // The same fast path as main(), taken before compiling anything.
  if (version && argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    return { main: async () => { process.stdout.write(`${version}\n`); return 0; }, saveCache() {} };
  }
  // One cache per build, V8 version and command group: each group's cache holds the functions
  // that group runs, whichever group ran first.
  const group = argv[0] && /^[a-z][a-z-]*$/.test(argv[0]) ? argv[0] : 'root';
  const cacheFile = path.join(CACHE_DIR, `${build}-${process.versions.v8}-${group}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __mlvbImport) {${code}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} as { main?: BundleMain } };
  const factory = script.runInThisContext() as BundleFactory;
  factory(module.exports, nodeModule.createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE), (specifier) => import(specifier));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${BUNDLE} does not export main(); run \`npm run build\``);
  return {
    main,
    saveCache() {
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
