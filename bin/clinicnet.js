#!/usr/bin/env node
// Entry point for `npx clinicnet`: runs the compiled CLI (built by `npm ci` via `prepare`).
require('../dist/lib/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
