#!/usr/bin/env bash
# Proves the package installs and compiles as a user would use it: `npm pack`s this repository,
# installs the tarball into a scratch project from the npm cache (fetching only registry metadata the
# cache lacks), writes every `ts` code
# block of README.md and docs/constructs.md there as one project, and type-checks it under each
# supported module resolution (node10 via typesVersions, node16 and bundler via exports).
# --link-deps: unpack the tarball and link its dependencies from this repository's node_modules
# instead of installing (for a machine whose npm cache was not filled by `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
scratch=$(mktemp -d "${TMPDIR:-/tmp}/clinicnet-package-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

npm pack --silent --pack-destination "$scratch" >/dev/null
tarball=$(ls "$scratch"/clinicnet-*.tgz)
cd "$scratch"
npm init -y >/dev/null
if [ "${1:-}" = "--link-deps" ]; then
  mkdir -p node_modules/clinicnet node_modules/@types
  tar -xzf "$tarball" -C node_modules/clinicnet --strip-components=1
  for dep in $(node -p "Object.keys(require('./node_modules/clinicnet/package.json').dependencies).join(' ')") typescript @types/node; do
    mkdir -p "node_modules/$(dirname "$dep")"
    ln -s "$repo/node_modules/$dep" "node_modules/$dep"
  done
else
  version() { node -p "require('$repo/node_modules/$1/package.json').version"; }
  packages=("$tarball" "typescript@$(version typescript)" "@types/node@$(version @types/node)")
  # `npm ci` caches tarballs but not the registry metadata a fresh install resolves with: when
  # the cache cannot answer, fetch only what is missing (the registry is reachable in CI).
  if ! npm install --offline --no-audit --no-fund "${packages[@]}" >/dev/null 2>&1; then
    echo "package check: the npm cache lacks some registry metadata; installing with --prefer-offline"
    npm install --prefer-offline --no-audit --no-fund "${packages[@]}" >/dev/null
  fi
fi

mkdir src
node "$repo/scripts/extract-code-blocks.js" src "$repo/README.md" "$repo/docs/constructs.md"
for resolution in node10:commonjs node16:node16 bundler:esnext; do
  node node_modules/typescript/bin/tsc --noEmit --strict --skipLibCheck --target es2022 --types node \
    --moduleResolution "${resolution%%:*}" --module "${resolution##*:}" src/*.ts
  echo "package check: the docs' code compiles against the packed package (moduleResolution ${resolution%%:*})"
done
