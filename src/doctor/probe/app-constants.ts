/**
 * The app constants `minilvb generate` wrote (minilvb-files/clients/{A,B,C}), as the apps were
 * built with them: the server URL they call and, for the COS v4 generation A, the region code.
 * Read as text, never run; a hand-edited file is reported as it is, not as the config says.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../check.js';
import { generatedDir } from './generated-dir.js';

const FILES: ReadonlyArray<{ generation: 'A' | 'B' | 'C'; path: string }> = [
  { generation: 'A', path: 'clients/A/TCConstants.java' },
  { generation: 'A', path: 'clients/A/TCConstants.h' },
  { generation: 'B', path: 'clients/B/TCConstants.java' },
  { generation: 'B', path: 'clients/B/TCConstants.h' },
  { generation: 'C', path: 'clients/C/TCGlobalConfig.java' },
  { generation: 'C', path: 'clients/C/TCGlobalConfig.h' },
];

/** One constants file with the values doctor lints. */
export interface AppConstants {
  generation: 'A' | 'B' | 'C';
  path: string;
  /** APP_SVR_URL / SVR_POST_URL / kHttpServerAddr. */
  serverUrl?: { name: string; value: string };
  /** kTCCOSRegion (a v4 code) or COS_REGION (COSEndPoint.COS_GZ → gz). */
  cosRegion?: { name: string; value: string };
}

const STRING = String.raw`@?"((?:[^"\\]|\\.)*)"`;

function find(text: string, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const m = new RegExp(String.raw`\b${name}\b\s*=?\s*${STRING}`).exec(text);
    if (m) return { name, value: (m[1] ?? '').replace(/\\(.)/g, '$1') };
  }
  return undefined;
}

export function parseAppConstants(text: string, generation: AppConstants['generation'], path: string): AppConstants {
  const out: AppConstants = { generation, path };
  const url = find(text, ['APP_SVR_URL', 'SVR_POST_URL', 'kHttpServerAddr']);
  if (url) out.serverUrl = url;
  const region =
    find(text, ['kTCCOSRegion']) ??
    (() => {
      const m = /\bCOS_REGION\s*=\s*COSEndPoint\.COS_([A-Z]+)/.exec(text);
      return m ? { name: 'COS_REGION', value: (m[1] ?? '').toLowerCase() } : undefined;
    })();
  if (region) out.cosRegion = region;
  return out;
}

/** The constants files present under the generated directory (none: nothing was generated here). */
export function appConstants(ctx: CheckContext): Promise<AppConstants[]> {
  return ctx.memo('app:constants', async () => {
    const { path: dir, shown } = generatedDir(ctx.inputs);
    const read = await Promise.all(
      FILES.map(async (f) => {
        const text = await readFile(join(dir, f.path), 'utf8').catch(() => undefined);
        return text === undefined ? undefined : parseAppConstants(text, f.generation, join(shown, f.path));
      }),
    );
    return read.filter((c): c is AppConstants => c !== undefined);
  });
}
