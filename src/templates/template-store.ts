/** Finds, reads and compiles the files of the top-level `templates/` folder (cached per process). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type CompiledTemplate } from './engine.js';

/** The templates folder: two levels up from this module, in src/ (tsx) and in dist/ alike. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const cache = new Map<string, CompiledTemplate>();

export function loadTemplate(name: string): CompiledTemplate {
  let template = cache.get(name);
  if (!template) {
    template = compile(readFileSync(`${TEMPLATES_DIR}${name}`, 'utf8'), name);
    cache.set(name, template);
  }
  return template;
}
