/**
 * Log lines come from anywhere (nginx, PHP, the apps), so besides the configured secrets they may
 * hold other credentials: a txSecret in a push URL, a UserSig, a password in a form body, a
 * bearer token. Their values are replaced by `***` before a line goes into a support bundle.
 */
const SECRET_NAMES = [
  '(?:tx)?secret\\w*',
  'usersig',
  'user_?sig',
  'sign(?:key)?',
  '(?:refresh_|access_)?token',
  'passw(?:or)?d',
  'pwd',
  'api_?key',
  'push_?key',
  'private_?key',
  'authorization',
];
const NAMED = new RegExp(
  `(${SECRET_NAMES.join('|')})(["']?\\s*[=:]\\s*["']?(?:bearer\\s+|basic\\s+)?)([^\\s"'&,;<>]{4,})`,
  'gi',
);
const PEM_BODY = /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g;

export function scrubLogLine(line: string): string {
  return line.replace(PEM_BODY, '<pem removed>').replace(NAMED, (_m, name: string, sep: string) => `${name}${sep}***`);
}
