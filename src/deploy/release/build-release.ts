/**
 * The release artifact of bundled mode: one reproducible .tgz of what `minilvb serve` needs on a
 * host (bin/, dist/ without maps, templates/, docs/, package.json + lock, and the runtime
 * dependencies from node_modules: the dist bundles load mysql2 and the SDKs from there), so the host
 * needs no npm and no registry. Sorted entries, zero mtimes and `gzip -n` make the same tree give the
 * same bytes, so a redeploy of an unchanged release is recognised by its hash.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
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

/** Top-level paths to pack: the package's files and its non-dev dependencies per package-lock.json. */
async function runtimeEntries(root: string): Promise<Set<string>> {
  const out = new Set(['bin', 'dist', 'templates', 'docs', 'package.json'].filter((p) => existsSync(join(root, p))));
  if (existsSync(join(root, 'package-lock.json'))) out.add('package-lock.json');
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8').catch(() => '{}')) as {
    packages?: Record<string, { dev?: boolean }>;
  };
  // An installed package (npm install -g) has no lock file, and its node_modules holds only its runtime dependencies.
  if (!lock.packages && existsSync(join(root, 'node_modules'))) out.add('node_modules');
  for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
    // Nested copies live inside their parent's directory, which is packed whole.
    if (!path.startsWith('node_modules/') || pkg.dev || path.indexOf('/node_modules/', 1) > 0) continue;
    if (existsSync(join(root, path))) out.add(path);
  }
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
