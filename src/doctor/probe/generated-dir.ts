import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_OUT_DIR } from '../../templates/outputs.js';
import type { DoctorInputs } from '../check.js';

/**
 * Where doctor reads what `minilvb generate` wrote: DoctorInputs.generatedDir, else generate's
 * default in the working directory. `shown` is the path to print (relative when it is inside cwd).
 */
export function generatedDir(inputs: Pick<DoctorInputs, 'cwd' | 'generatedDir'>): { path: string; shown: string } {
  const path = inputs.generatedDir ?? join(inputs.cwd, DEFAULT_OUT_DIR);
  const rel = relative(inputs.cwd, path);
  return { path, shown: rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path };
}
