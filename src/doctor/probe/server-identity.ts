/** Tells the server generations apart from the /interface.php health answer (docs/troubleshooting.md, SRV-GEN). */
import { jsonObject, type HttpAnswer } from './http.js';

/** Which server answered. */
export type ServerKind = 'minilvb' | 'php-current' | 'php-legacy' | 'unknown-json' | 'html' | 'other';

/** The classification plus what it rests on. */
export interface ServerIdentity {
  kind: ServerKind;
  /** minilvb version from X-Powered-By, when present. */
  version?: string;
  poweredBy?: string;
}

export function identifyServer(answer: HttpAnswer): ServerIdentity {
  const poweredBy = answer.headers['x-powered-by'];
  const base = poweredBy ? { poweredBy } : {};
  const m = /minilvb\/?([\w.+-]*)/i.exec(poweredBy ?? '');
  if (m) return { kind: 'minilvb', ...(m[1] ? { version: m[1] } : {}), ...base };
  const json = jsonObject(answer.body);
  if (json) {
    if (json.returnValue === 4001) return { kind: 'php-legacy', ...base };
    if (json.code === 400 && typeof json.message === 'string' && json.message.startsWith('Bad Request'))
      return { kind: 'php-current', ...base };
    return { kind: 'unknown-json', ...base };
  }
  if (/<html|<!doctype|<body|<h1/i.test(answer.body)) return { kind: 'html', ...base };
  return { kind: 'other', ...base };
}

export const KIND_LABEL: Readonly<Record<ServerKind, string>> = {
  minilvb: 'the bundled minilvb server',
  'php-current': 'the current PHP server (xiaozhibo_server_php)',
  'php-legacy': 'a legacy Action-protocol PHP server',
  'unknown-json': 'a JSON service that is not a Mini LVB server',
  html: 'an HTML page (nginx/PHP not wired to the Mini LVB code)',
  other: 'something that is not a Mini LVB server',
};
