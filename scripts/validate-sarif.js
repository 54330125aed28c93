#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
/**
 * Validates SARIF logs against the SARIF 2.1.0 JSON Schema (draft-04, hence ajv-draft-04).
 * Usage: node scripts/validate-sarif.js SCHEMA_FILE SARIF_FILE [SARIF_FILE…]
 * Exit 0 when every log is valid, 1 when one is not (errors listed), 2 for usage or unreadable files.
 * CI passes the schema path; the project ships no copy of the schema.
 */
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04').default;
const addFormats = require('ajv-formats').default;

function readJson(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`validate-sarif: cannot read ${what} ${file} — ${e.message}\n`);
    process.exit(2);
  }
}

const [schemaFile, ...sarifFiles] = process.argv.slice(2);
if (schemaFile === undefined || sarifFiles.length === 0) {
  process.stderr.write('usage: node scripts/validate-sarif.js SCHEMA_FILE SARIF_FILE [SARIF_FILE…]\n');
  process.exit(2);
}

// strict: false — the official schema uses keywords and formats ajv's strict mode rejects.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(readJson(schemaFile, 'schema'));

let failed = false;
for (const file of sarifFiles) {
  if (validate(readJson(file, 'SARIF log'))) {
    process.stdout.write(`${file}: valid SARIF 2.1.0\n`);
    continue;
  }
  failed = true;
  for (const error of validate.errors) {
    process.stdout.write(`${file}: ${error.instancePath || '/'} ${error.message}\n`);
  }
}
process.exit(failed ? 1 : 0);
