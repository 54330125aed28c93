// Testing.app() leaves temporary directories behind: keep them inside the project's
// ignored .tmp folder instead of the machine's /tmp.
const fs = require('fs');
const path = require('path');
const dir = path.join(__dirname, '..', '.tmp', 'jest');
fs.mkdirSync(dir, { recursive: true });
process.env.TMPDIR = dir;
process.env.CHECKPOINT_DISABLE = '1';
