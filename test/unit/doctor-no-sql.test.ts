/**
 * Architecture: SQL lives only in src/db. The doctor reaches the database through src/db functions
 * (verifySchema, checkWritePermission, timeZoneReport, deleteProbeRows, replayReport, …), so no
 * string literal under src/doctor may hold a SQL statement. Parsed with the TypeScript compiler,
 * so comments and regular expressions do not count.
 */
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'vitest';
import { literalsOf, sourceFile, tsFiles } from '../helpers/source-files.js';

const DOCTOR = new URL('../../src/doctor/', import.meta.url).pathname;
const SQL =
  /\bSELECT\s[\s\S]*\bFROM\b|\bSELECT\s+(@@|VERSION\(|DATABASE\(|1\b)|\bINSERT\s+INTO\b|\bUPDATE\s+\S+\s+SET\b|\bDELETE\s+FROM\b|\bCREATE\s+TABLE\b|\bSTART\s+TRANSACTION\b|\bROLLBACK\b|\bSHOW\s+(TABLES|GRANTS|VARIABLES)\b/;

/** SQL-looking literals of the files under `dir`, as `file:line: text`. */
function sqlLiterals(dir: string): string[] {
  return tsFiles(dir).flatMap((path) =>
    literalsOf(sourceFile(path))
      .filter((l) => SQL.test(l.text))
      .map((l) => `${relative(dir, path)}:${l.line}: ${l.text.slice(0, 80)}`),
  );
}

describe('doctor has no SQL of its own', () => {
  it('the detector finds SQL in src/db (so an empty result below means something)', () => {
    const db = sqlLiterals(new URL('../../src/db/', import.meta.url).pathname);
    assert.ok(
      db.some((l) => l.startsWith('diagnose.ts:') && /INSERT INTO tb_account/.test(l)),
      db.join('\n'),
    );
    assert.ok(
      db.some((l) => /DELETE FROM tb_vod/.test(l)),
      db.join('\n'),
    );
  });

  it('no string literal under src/doctor holds a SQL statement', () => {
    assert.deepEqual(sqlLiterals(DOCTOR), []);
  });
});
