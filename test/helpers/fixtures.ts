/**
 * The test suite's credentials. Every test uses these values, so the secret-leak test can grep
 * all captured output for them (test/e2e/secrets-leak.test.ts). They are well-formed, made up,
 * and used only against the local emulators.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_IM_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgzEZkdpxfZBapPvHhEdGD
Z3SNqKvxIN7QldCLBzJ4G72hRANCAARnd+Z4qgp6dig/raa65BsPTvBUePbNAXtr
ZDbF+TC0qvx3VkbtLW5SFC4/4anGvQZKAHOB77gSkD0hKVdm8qGI
-----END PRIVATE KEY-----
`;

export const TEST_IM_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEZ3fmeKoKenYoP62muuQbD07wVHj2zQF7
a2Q2xfkwtKr8d1ZG7S1uUhQuP+Gpxr0GSgBzge+4EpA9ISlXZvKhiA==
-----END PUBLIC KEY-----
`;

/** Secret values: none of these may ever appear in any output of the test suite. */
export const TEST_SECRETS = {
  pushKey: 'Tpk7Qm2Xv9Lr4Ns8Wd3Hc6Jb1Yf5Gz0K',
  playKey: 'Tpl3Hd8Ks2Mv6Qx0Zn4Rb9Wc1Yg7Jf5L',
  apiKey: 'Tak5Rn1Vw8Pc3Lx7Qz2Md6Hb0Yj4Gs9F',
  imSecretKey: '5e1d9c7a3b0f4e2d8c6a1b9f7e3d5c0a2b4f6e8d0c1a3b5f7e9d1c3a5b7f9e0d',
  cosSecretId: 'AKIDTstQ7m2Xv9Lr4Ns8Wd3Hc6Jb1Yf5Gz0K',
  cosSecretKey: 'TcsK2Vn7Xq4Lw9Pz1Rd6Mb3Hf8Yj0Gs5',
  cloudSecretId: 'AKIDCldR5n1Vw8Pc3Lx7Qz2Md6Hb0Yj4Gs9a',
  cloudSecretKey: 'TclK8Rw3Nv6Qx1Zp4Ld9Mc2Hb7Yf0Gj5',
  dbPassword: 'TdbP4ss9Xq2Lw7Vz1Rn6Mc3',
  adminToken: 'Tadm1nT0kenQ7m2Xv9Lr4Ns8Wd3Hc6Jb',
  imPrivateKey: TEST_IM_PRIVATE_KEY,
} as const;

/** A complete current-generation config (path protocol), as minilvb.config.json holds it. */
export function currentConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    protocol: 'path',
    credentials: 'current',
    lvb: {
      pushDomain: 'push.example.com',
      playDomain: 'play.example.com',
      pushKey: TEST_SECRETS.pushKey,
      playKey: TEST_SECRETS.playKey,
      apiKey: TEST_SECRETS.apiKey,
    },
    im: { sdkAppId: 1400123456, secretKey: TEST_SECRETS.imSecretKey, administrator: 'admin' },
    cos: {
      appId: 1250000000,
      bucket: 'xiaozhibo',
      region: 'ap-guangzhou',
      secretId: TEST_SECRETS.cosSecretId,
      secretKey: TEST_SECRETS.cosSecretKey,
      expiredTime: 30,
    },
    server: { publicUrl: 'http://127.0.0.1:8080', adminToken: TEST_SECRETS.adminToken },
    cloud: { secretId: TEST_SECRETS.cloudSecretId, secretKey: TEST_SECRETS.cloudSecretKey },
    ...overrides,
  };
}

/** A complete legacy-generation config (bizid, accountType, ECDSA keys). */
export function legacyConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    protocol: 'path',
    credentials: 'legacy',
    lvb: { appId: 1252463788, bizId: 8888, pushKey: TEST_SECRETS.pushKey, apiKey: TEST_SECRETS.apiKey },
    im: {
      sdkAppId: 1400012345,
      accountType: '18647',
      administrator: 'admin',
      privateKey: TEST_IM_PRIVATE_KEY,
      publicKey: TEST_IM_PUBLIC_KEY,
    },
    cos: {
      appId: 1250000000,
      bucket: 'xiaozhibo',
      region: 'ap-shanghai',
      secretId: TEST_SECRETS.cosSecretId,
      secretKey: TEST_SECRETS.cosSecretKey,
      expiredTime: 30,
    },
    server: { publicUrl: 'http://127.0.0.1:8080' },
    ...overrides,
  };
}

/** A temporary directory holding `minilvb.config.json` with the given content; returns the directory. */
export function projectDir(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'minilvb-project-'));
  writeFileSync(join(dir, 'minilvb.config.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return dir;
}
