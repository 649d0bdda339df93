/** buildServer, the one way to assemble the server: its default logger masks every secret field of the schema. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { SECRET_PATHS, getPath } from '../../src/config/index.js';
import { buildServer } from '../../src/server/index.js';
import { currentConfig } from '../helpers/fixtures.js';
import { resolveConfig } from '../helpers/server-client.js';

describe('buildServer', () => {
  it('masks every configured secret (lvb.pushKeyBackup too) in its request log', async () => {
    const backup = 'BackupKey0123456789abcdefABCDEF0';
    const config = await resolveConfig(
      currentConfig({
        lvb: { ...(currentConfig().lvb as object), pushKeyBackup: backup },
        server: { dataDir: mkdtempSync(join(tmpdir(), 'minilvb-build-')) },
      }),
    );
    const secrets = SECRET_PATHS.map((p) => getPath(config, p)).filter(
      (v): v is string => typeof v === 'string' && /^[\w-]+$/.test(v),
    );
    assert.ok(secrets.includes(backup));
    let log = '';
    const { running } = await buildServer(config, {
      host: '127.0.0.1',
      port: 0,
      logStream: {
        write: (c: string) => {
          log += c;
        },
      },
    });
    try {
      for (const s of secrets) assert.equal((await fetch(`${running.url}/x-${s}`)).status, 404);
    } finally {
      await running.close();
    }
    assert.ok(log.includes('"path":"/x-'), 'the requests were logged');
    for (const s of secrets) assert.ok(!log.includes(s), `a secret reached the log: ${s.slice(0, 4)}…`);
  });
});
