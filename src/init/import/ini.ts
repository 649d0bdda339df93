/** Reads an INI file the way PHP's parse_ini_file (normal mode) does, for cdn.route.ini. */

/** Sections of key → value (keys as written). */
export type IniSections = Record<string, Record<string, string>>;

export function parseIni(text: string): { sections: IniSections; warnings: string[] } {
  const sections: IniSections = {};
  const warnings: string[] = [];
  let current: Record<string, string> = (sections[''] = {});
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
      const section = /^\[([^\]]*)\]/.exec(line);
      if (section) {
        current = sections[(section[1] as string).trim()] ??= {};
        return;
      }
      const eq = line.indexOf('=');
      if (eq === -1) {
        warnings.push(`line ${index + 1}: not a key=value line, skipped`);
        return;
      }
      current[line.slice(0, eq).trim()] = iniValue(line.slice(eq + 1).trim());
    });
  return { sections, warnings };
}

function iniValue(text: string): string {
  const dq = /^"((?:[^"\\]|\\.)*)"/.exec(text);
  if (dq) return (dq[1] as string).replace(/\\(["\\])/g, '$1');
  const sq = /^'([^']*)'/.exec(text);
  if (sq) return sq[1] as string;
  const bare = text.replace(/\s*;.*$/, '').trim();
  if (/^(true|on|yes)$/i.test(bare)) return '1';
  if (/^(false|off|no|none|null)$/i.test(bare)) return '';
  return bare;
}
