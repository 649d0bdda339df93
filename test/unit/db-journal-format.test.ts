/** The embedded journal's line format: CRC-32 as zlib computes it, round trip, damage detection. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, it } from 'vitest';
import { crc32Hex } from '../../src/db/embedded/crc32.js';
import { formatOps, scanJournal } from '../../src/db/embedded/journal-format.js';

describe('journal format', () => {
  it('computes the same CRC-32 as zlib (known vector and random text)', () => {
    assert.equal(crc32Hex('123456789'), 'cbf43926');
    const native = (zlib as unknown as { crc32?: (d: string) => number }).crc32;
    if (native)
      for (const s of ['', 'a', '{"t":"room"}', 'é直播\n'.repeat(50)])
        assert.equal(crc32Hex(s), native(s).toString(16).padStart(8, '0'));
  });

  it('reads back what it wrote, and treats a flipped byte at the end as a damaged tail', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'minilvb-journal-')), 'journal.jsonl');
    const ops = [
      { t: 'room', k: 'a', v: { title: 'x' } },
      { t: 'room', k: 'b', v: null },
    ];
    const text = formatOps(ops);
    writeFileSync(path, text);
    assert.deepEqual(scanJournal(path).ops, ops);
    writeFileSync(path, text.replace('"b"', '"c"'));
    const scan = scanJournal(path);
    assert.deepEqual(scan.ops, ops.slice(0, 1));
    assert.equal(scan.tailLine, 2);
    assert.equal(scan.goodBytes, Buffer.byteLength(text.split('\n')[0] as string) + 1);
  });
});
