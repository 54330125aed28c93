// SPDX-License-Identifier: Apache-2.0
// ESLint with typescript-eslint's type-checked recommended rules over the TypeScript sources, and
// ESLint's recommended rules over the few JavaScript files (bin shim, jest and CI scripts): they are
// not in the TypeScript project, so the type-checked rules cannot run on them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's CommonJS globals that the JavaScript files use (no `globals` package is installed). */
const NODE_COMMONJS = {
  require: 'readonly',
  module: 'writable',
  __dirname: 'readonly',
  process: 'readonly',
  console: 'readonly',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', '.tmp/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_COMMONJS },
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
