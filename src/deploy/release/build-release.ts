/**
 * The release artifact of bundled mode: one reproducible .tgz of what `minilvb serve` needs on a
 * host: bin/, the CLI bundles of dist/ (not the tsc output, which only the library API and the tests
 * load), templates/, docs/, package.json + lock, and the packages the host's bundles load from
 * node_modules (dist/packages.json): mysql2 and its dependencies, not the cloud SDKs only the
 * deploying machine uses (1.3 MB instead of 14), and no type declarations: about 700 files instead of
 * 1,600, as unpacking is most of a redeploy's work on the host. The host needs no npm and no registry.
 * Sorted entries, zero mtimes and `gzip -n` make the same tree give the same bytes, so a redeploy of
 * an unchanged release is recognised by its hash.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MinilvbError } from '../../errors.js';
import { VERSION } from '../../version.js';

/** A built release tarball. */
export interface ReleaseArtifact {
  tarball: string;
  /** sha256 hex of the tarball. */
  hash: string;
  version: string;
  bytes: number;
}

/** The package root (the directory holding package.json) of this minilvb. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Options of buildRelease. */
export interface BuildReleaseOptions {
  /** Package root to pack (default: this minilvb). */
  root?: string;
  /** Where the tarball goes. */
  outDir: string;
}

export async function buildRelease(options: BuildReleaseOptions): Promise<ReleaseArtifact> {
  const root = options.root ?? PACKAGE_ROOT;
  if (!existsSync(join(root, 'dist', 'cli.cjs')))
    throw new MinilvbError('MLVB_DEPLOY_FAILED', `${root} has no built server (dist/cli.cjs).`, {
      hint: 'Run `npm run build` first.',
    });
  const entries = [...(await runtimeEntries(root))].sort();
  await mkdir(options.outDir, { recursive: true });
  const tmp = join(options.outDir, `.release-${process.pid}-${Date.now()}.tgz`);
  await tar(root, entries, tmp);
  const hash = await sha256File(tmp);
  const tarball = join(options.outDir, `minilvb-${VERSION}-${hash.slice(0, 12)}.tgz`);
  await rename(tmp, tarball);
  return { tarball, hash, version: VERSION, bytes: (await stat(tarball)).size };
}

/** The bundles a host runs: the core, `serve`, and `db` (migrate / verify / status on the host). */
const HOST_BUNDLES = ['cli.cjs', 'cli-serve.cjs', 'cli-db.cjs'];

interface LockPackage {
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Top-level paths to pack: the package's files and the runtime dependencies the host's bundles load. */
async function runtimeEntries(root: string): Promise<Set<string>> {
  const out = new Set(['bin', 'templates', 'docs', 'package.json'].filter((p) => existsSync(join(root, p))));
  for (const file of await bundleFiles(root)) out.add(file);
  if (existsSync(join(root, 'package-lock.json'))) out.add('package-lock.json');
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8').catch(() => '{}')) as {
    packages?: Record<string, LockPackage>;
  };
  // An installed package (npm install -g) has no lock file, and its node_modules holds only its runtime dependencies.
  if (!lock.packages) {
    if (existsSync(join(root, 'node_modules'))) out.add('node_modules');
    return out;
  }
  const wanted = await hostPackages(root);
  const paths = wanted ? closure(lock.packages, wanted) : allRuntime(lock.packages);
  for (const path of paths) if (existsSync(join(root, path))) out.add(path);
  return out;
}

/** dist/'s bundles, what bin/minilvb.js runs: boot.cjs, the core and every command group, and packages.json. */
async function bundleFiles(root: string): Promise<string[]> {
  const dist = await readdir(join(root, 'dist'));
  const bundles = dist.filter((f) => /^cli(-[a-z0-9-]+)?\.cjs$/.test(f)).map((f) => `dist/${f}`);
  return ['dist/cli/boot.cjs', 'dist/packages.json', ...bundles].filter((p) => existsSync(join(root, p)));
}

/** The packages the host's bundles load (dist/packages.json, written by the build), or undefined if unknown. */
async function hostPackages(root: string): Promise<string[] | undefined> {
  try {
    const byBundle = JSON.parse(await readFile(join(root, 'dist', 'packages.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    return [...new Set(HOST_BUNDLES.flatMap((b) => byBundle[b] ?? []))];
  } catch {
    return undefined;
  }
}

/**
 * The top-level node_modules entries that `names` and their dependencies resolve to, as Node resolves
 * them (a copy nested in the dependent's own node_modules first); nested copies are packed with their parent.
 */
function closure(packages: Record<string, LockPackage>, names: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (from: string, name: string): void => {
    for (let dir = from; ; dir = parentPackage(dir)) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      const pkg = packages[candidate];
      if (pkg) {
        if (seen.has(candidate)) return;
        seen.add(candidate);
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(candidate, dep);
        return;
      }
      if (!dir) return; // not installed (an optional dependency for another platform)
    }
  };
  for (const name of names) visit('', name);
  return new Set([...seen].map((p) => p.split('/node_modules/')[0] as string));
}

/** `node_modules/a/node_modules/b` → `node_modules/a` → `` (where Node looks next). */
function parentPackage(dir: string): string {
  const i = dir.lastIndexOf('/node_modules/');
  return i < 0 ? '' : dir.slice(0, i);
}

function allRuntime(packages: Record<string, LockPackage>): Set<string> {
  const out = new Set<string>();
  for (const [path, pkg] of Object.entries(packages))
    if (path.startsWith('node_modules/') && !pkg.dev && path.indexOf('/node_modules/', 1) < 0) out.add(path);
  return out;
}

function tar(root: string, entries: string[], out: string): Promise<void> {
  const args = [
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--exclude=dist/.cache',
    '--exclude=*.map',
    '--exclude=*.d.ts',
    '--exclude=*.d.cts',
    '--exclude=*.d.mts',
    '--use-compress-program=gzip -n -1',
    '-cf',
    out,
    '-C',
    root,
    '--',
    ...entries,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new MinilvbError('MLVB_DEPLOY_FAILED', `packing the release failed (tar exit ${code}): ${err.trim()}`),
          ),
    );
  });
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
