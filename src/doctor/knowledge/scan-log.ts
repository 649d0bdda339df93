/** Scans the tail of a log file for the knowledge-base keywords (bounded in bytes and matches). */
import { open, stat } from 'node:fs/promises';
import { LOG_PATTERNS, type LogPattern } from './log-patterns.js';

/** The last bytes of a file that are read; older lines are ignored. */
export const MAX_TAIL_BYTES = 4 * 1024 * 1024;

/** One matched knowledge-base entry in one file. */
export interface LogHit {
  pattern: LogPattern;
  count: number;
  /** 1-based line number (within the part read) and a masked excerpt of the last match. */
  lastLine: number;
  excerpt: string;
}

/** What one file gave. */
export interface LogScan {
  file: string;
  bytes: number;
  readBytes: number;
  lines: number;
  hits: LogHit[];
}

export async function scanLog(file: string, patterns: readonly LogPattern[] = LOG_PATTERNS): Promise<LogScan> {
  const size = (await stat(file)).size;
  const readBytes = Math.min(size, MAX_TAIL_BYTES);
  const handle = await open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(readBytes);
    await handle.read(buf, 0, readBytes, size - readBytes);
    text = buf.toString('utf8');
  } finally {
    await handle.close();
  }
  // A cut in the middle of a line (or a UTF-8 sequence) only affects the first line: drop it.
  const lines = text.split(/\r?\n/);
  if (readBytes < size) lines.shift();
  if (lines[lines.length - 1] === '') lines.pop();
  const hits = new Map<LogPattern, LogHit>();
  lines.forEach((line, i) => {
    for (const p of patterns) {
      if (!p.pattern.test(line)) continue;
      const hit = hits.get(p);
      if (hit) {
        hit.count++;
        hit.lastLine = i + 1;
        hit.excerpt = maskLine(line);
      } else hits.set(p, { pattern: p, count: 1, lastLine: i + 1, excerpt: maskLine(line) });
    }
  });
  return { file, bytes: size, readBytes, lines: lines.length, hits: [...hits.values()] };
}

/** Log lines carry tokens and signatures: long key-like runs are shortened, and lines are cut. */
export function maskLine(line: string): string {
  const masked = line.replace(/[A-Za-z0-9+/=_-]{24,}/g, (m) => `${m.slice(0, 4)}…${m.slice(-4)}`).trim();
  return masked.length > 160 ? `${masked.slice(0, 157)}…` : masked;
}
