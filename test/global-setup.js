// Runs once, before any test worker: empties the run's temporary folder (TMPDIR, set in
// jest.config.js), so directories that tests or Testing.app() leave do not pile up.
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  const dir = process.env.TMPDIR;
  // Only the project's own folder: never a TMPDIR someone set for the whole machine.
  if (dir === undefined || path.basename(dir) !== 'jest' || path.basename(path.dirname(dir)) !== '.tmp') return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
};
