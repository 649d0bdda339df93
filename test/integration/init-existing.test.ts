/**
 * `init` on an existing project (issue 8 item 10): it changes only what it was given, brings the
 * files it generated along, and never says "nothing was written" after writing something.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

describe('init --yes on an existing project', () => {
  it('updates the config and regenerates the files it generated; an edited file stops it before anything is written', async () => {
    const dir = projectDir(currentConfig());
    const first = await runCli(['init', '--yes'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const outDefine = join(dir, 'minilvb-files/php/conf/OutDefine.php');
    assert.match(readFileSync(outDefine, 'utf8'), /xiaozhibo/);

    const second = await runCli(['init', '--yes', '--cos-bucket', 'newbucket', '--json'], { cwd: dir });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const files = Object.fromEntries(
      second
        .json<{ data: { generate: { files: { name: string; status: string }[] } } }>()
        .data.generate.files.map((f) => [f.name, f.status]),
    );
    assert.equal(files.outdefine, 'overwritten');
    assert.equal(files['private-key'] ?? files['nginx-proxy'] ?? 'unchanged', 'unchanged');
    assert.match(readFileSync(outDefine, 'utf8'), /newbucket/);
    const doc = JSON.parse(readFileSync(join(dir, 'minilvb.config.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(doc, { ...currentConfig(), cos: { ...(currentConfig().cos as object), bucket: 'newbucket' } });

    writeFileSync(outDefine, '<?php // edited by hand\n');
    const before = readFileSync(join(dir, 'minilvb.config.json'));
    const third = await runCli(['init', '--yes', '--cos-bucket', 'third'], { cwd: dir });
    assert.equal(third.code, 2);
    assert.match(third.stderr, /MLVB_FILE_EXISTS/);
    assert.match(third.stderr, /--no-generate to only update the config\. Nothing was written\./);
    assert.ok(
      readFileSync(join(dir, 'minilvb.config.json')).equals(before),
      'the config is unchanged, as the message says',
    );
    assert.equal(readFileSync(outDefine, 'utf8'), '<?php // edited by hand\n');
  });
});
