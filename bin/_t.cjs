#!/usr/bin/env node
require("../dist/cli/boot.cjs").run(process.argv.slice(2));
