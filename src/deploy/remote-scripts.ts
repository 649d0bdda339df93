/** The small node programs run on a host by `node -e` (templates/deploy/*.js; no secret ever passes through them). */
import { readFileSync } from 'node:fs';
import { TEMPLATES_DIR } from '../templates/index.js';
import { shq } from './transport/remote.js';

const cache = new Map<string, string>();

/** The scripts in templates/deploy/. */
export type RemoteScript = 'readyz-probe' | 'port-free' | 'mysql-greeting' | 'mysql-login';

/** `node -e '<templates/deploy/name>' args…` */
export function nodeScript(name: RemoteScript, ...args: string[]): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${TEMPLATES_DIR}deploy/${name}.js`, 'utf8');
    cache.set(name, text);
  }
  return `node -e ${shq(text)} ${args.map(shq).join(' ')}`;
}
