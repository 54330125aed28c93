#!/usr/bin/env bash
# Proves the package installs and compiles as a user would use it: `npm pack`s this repository,
# installs the tarball into a scratch project offline from the npm cache, writes every `ts` code
# block of README.md and docs/constructs.md there as one project, and type-checks it under each
# supported module resolution (node10 via typesVersions, node16 and bundler via exports).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
scratch=$(mktemp -d "${TMPDIR:-/tmp}/clinicnet-package-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

npm pack --silent --pack-destination "$scratch" >/dev/null
tarball=$(ls "$scratch"/clinicnet-*.tgz)
cd "$scratch"
npm init -y >/dev/null
npm install --offline --no-audit --no-fund "$tarball" "typescript@$(node -p "require('$repo/node_modules/typescript/package.json').version")" "@types/node@$(node -p "require('$repo/node_modules/@types/node/package.json').version")" >/dev/null

mkdir src
node "$repo/scripts/extract-code-blocks.js" src "$repo/README.md" "$repo/docs/constructs.md"
for resolution in node10:commonjs node16:node16 bundler:esnext; do
  npx tsc --noEmit --strict --skipLibCheck --target es2022 --types node \
    --moduleResolution "${resolution%%:*}" --module "${resolution##*:}" src/*.ts
  echo "package check: the docs' code compiles against the packed package (moduleResolution ${resolution%%:*})"
done
