// TMPDIR is set in jest.config.js (the sandbox's process.env does not reach os.tmpdir()).
process.env.CHECKPOINT_DISABLE = '1';
