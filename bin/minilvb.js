#!/usr/bin/env node
// The built CLI (`npm run build`): dist/cli.cjs, compiled with a V8 code cache by dist/cli/boot.cjs.
import boot from '../dist/cli/boot.cjs';

boot.run(process.argv.slice(2));
