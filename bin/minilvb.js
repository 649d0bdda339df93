#!/usr/bin/env node
// The built CLI (`npm run build`): the bundles dist/cli*.cjs, compiled with a V8 code cache by dist/cli/boot.cjs.
// CommonJS (bin/package.json): the ES module loader alone would add ~5 ms to every start.
require('../dist/cli/boot.cjs').run(process.argv.slice(2));
