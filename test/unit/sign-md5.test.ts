/** The TypeScript MD5 (src/sign/md5.ts) agrees with OpenSSL's, at every padding boundary and beyond. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'vitest';
import { md5Hex } from '../../src/sign/digest.js';
import { md5HexJs } from '../../src/sign/md5.js';

const openssl = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex');

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [text, hex] of suite) assert.equal(md5HexJs(Buffer.from(text)), hex, JSON.stringify(text));
  });

  it('agrees with OpenSSL for every length up to 300 bytes and for UTF-8 text', () => {
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff;
    for (let n = 0; n <= 300; n++) {
      const bytes = Uint8Array.from({ length: n }, next);
      assert.equal(md5HexJs(bytes), openssl(bytes), `${n} bytes`);
    }
    for (const text of ['小直播', 'Tpk7Qm2Xv9Lr4Ns8Wd3Hc6Jb1Yf5Gz0Kbench5C271099', '😀'.repeat(40)])
      assert.equal(md5Hex(text), openssl(text));
  });

  it('md5Hex gives the same digest on both sides of the JS/OpenSSL switch', () => {
    for (const n of [4095, 4096, 4097, 100_000]) {
      const body = Buffer.alloc(n, n % 251);
      assert.equal(md5Hex(body), openssl(body), `${n} bytes`);
      assert.equal(md5Hex(body.toString('latin1')), openssl(Buffer.from(body.toString('latin1'), 'utf8')));
    }
  });
});
