// Runs the built CLI the way bin/minilvb.js does (dist/cli/boot.cjs), once per argument list, in ONE
// process: a start of node costs more than most commands, and the help of every command needs ~50 of them.
// What each run writes to descriptors 1 and 2 (the CLI writes pipes with fs.writeSync, terminals through
// process.stdout) is captured with its exit code; the results are printed as one JSON array.
// Usage: node bin-batch.cjs '[{"args":["sign","--help"]},{"args":["config","show"],"cwd":"/p","env":{"A":"1"}}]'
// (a run's cwd and env, if given, replace the process's for that run, as a separate start would have them).
'use strict';
const fs = require('node:fs');
const { run } = require('../../dist/cli/boot.cjs');

const original = { writeSync: fs.writeSync, stdout: process.stdout.write, stderr: process.stderr.write };
let sink;

const text = (chunk, offset = 0, length) =>
  typeof chunk === 'string'
    ? chunk
    : Buffer.from(chunk)
        .subarray(offset, length === undefined ? undefined : offset + length)
        .toString();

fs.writeSync = function (fd, chunk, offset, length, ...rest) {
  if (!sink || (fd !== 1 && fd !== 2)) return original.writeSync.call(fs, fd, chunk, offset, length, ...rest);
  const s = typeof offset === 'number' ? text(chunk, offset, length) : text(chunk);
  sink[fd === 1 ? 'stdout' : 'stderr'] += s;
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : (length ?? chunk.length - (offset ?? 0));
};
for (const name of ['stdout', 'stderr'])
  process[name].write = (chunk, encoding, callback) => {
    if (!sink) return original[name].call(process[name], chunk, encoding, callback);
    sink[name] += text(chunk);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };

async function main() {
  const results = [];
  const [cwd, env] = [process.cwd(), process.env];
  for (const one of JSON.parse(process.argv[2])) {
    process.chdir(one.cwd ?? cwd);
    process.env = { ...env, ...one.env };
    sink = { stdout: '', stderr: '' };
    process.exitCode = undefined;
    const code = await run(one.args);
    results.push({ code, ...sink });
    sink = undefined;
  }
  process.exitCode = 0;
  process.stdout.write(JSON.stringify(results));
}

main();
