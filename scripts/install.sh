#!/usr/bin/env bash
# Installs everything Ontogeny needs on a fresh Debian machine with Node 20, builds it, and runs the quickstart lifespan.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global "pnpm@$PNPM_VERSION"
fi

# Fashion-MNIST from Debian, unless its files are already there.
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y dataset-fashion-mnist
fi

# node-gyp builds the native kernel against the headers Node ships in /usr/include/node, not a download.
export npm_config_nodedir=/usr
export ORT_DISABLE_TELEMETRY=1
pnpm install --frozen-lockfile
pnpm build
node packages/cli/dist/main.js run experiments/quickstart.json
