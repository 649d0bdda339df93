/**
 * The journal's line format and its recovery on open. A line is `<crc32 hex> <json op>\n`; the
 * checksum covers the JSON text, so a torn or damaged line is detected instead of being replayed.
 * Lines written before checksums existed (`{…}` alone) are still read.
 *
 * Recovery: every line up to the first bad one is replayed. If nothing valid follows it, the bad
 * part is a damaged tail (a crash or a full disk mid-append): it was never acknowledged, so it is
 * cut off, kept in a `journal.damaged-*` file and reported. A bad line followed by valid ones is
 * damage to acknowledged data: opening refuses rather than losing it silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { StoreQueryError } from '../errors.js';
import { crc32Hex } from './crc32.js';

/** One journal line: set (`v` = row) or delete (`v` = null) the row `k` of table `t`. */
export interface JournalOp {
  t: string;
  k: string;
  v: unknown;
}

/** What reading the journal found. */
export interface JournalScan {
  ops: JournalOp[];
  /** Byte length of the valid prefix. */
  goodBytes: number;
  /** The cut-off tail (empty when the journal ended cleanly). */
  tail: Buffer;
  /** 1-based line number where the tail starts. */
  tailLine: number;
}

/** The journal text of some ops, each line checksummed. */
export function formatOps(ops: readonly JournalOp[]): string {
  let out = '';
  for (const op of ops) {
    const json = JSON.stringify(op);
    out += `${crc32Hex(json)} ${json}\n`;
  }
  return out;
}

export function scanJournal(path: string): JournalScan {
  if (!existsSync(path)) return { ops: [], goodBytes: 0, tail: Buffer.alloc(0), tailLine: 0 };
  const buf = readFileSync(path);
  const ops: JournalOp[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo += 1;
    const end = nl === -1 ? buf.length : nl;
    // A line without its newline was never acknowledged (the newline is written with it).
    const op = nl === -1 ? undefined : parseLine(buf.subarray(start, end).toString('utf8'));
    if (op === undefined) {
      if (hasValidLineAfter(buf, end + 1)) {
        throw new StoreQueryError(
          `The embedded store journal ${path} is damaged at line ${lineNo}, and acknowledged writes follow it.`,
          {
            hint:
              'Restore the data directory from a backup, or keep a copy and cut the ' +
              'journal before that line to keep what precedes it.',
          },
        );
      }
      return { ops, goodBytes: start, tail: buf.subarray(start), tailLine: lineNo };
    }
    ops.push(op);
    start = end + 1;
  }
  return { ops, goodBytes: buf.length, tail: Buffer.alloc(0), tailLine: 0 };
}

function hasValidLineAfter(buf: Buffer, from: number): boolean {
  let start = from;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    if (nl === -1) return false;
    if (parseLine(buf.subarray(start, nl).toString('utf8')) !== undefined) return true;
    start = nl + 1;
  }
  return false;
}

const CHECKED = /^([0-9a-f]{8}) (\{.*\})$/s;

function parseLine(line: string): JournalOp | undefined {
  const m = CHECKED.exec(line);
  if (m) return crc32Hex(m[2] as string) === m[1] ? parseOp(m[2] as string) : undefined;
  return line.startsWith('{') ? parseOp(line) : undefined;
}

function parseOp(json: string): JournalOp | undefined {
  try {
    const v = JSON.parse(json) as unknown;
    if (
      v &&
      typeof v === 'object' &&
      typeof (v as JournalOp).t === 'string' &&
      typeof (v as JournalOp).k === 'string' &&
      'v' in v
    )
      return v as JournalOp;
  } catch {
    // not a complete line
  }
  return undefined;
}
