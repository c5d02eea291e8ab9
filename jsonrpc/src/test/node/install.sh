#!/usr/bin/env bash
# Installs the reference clients the tests drive the servers with, exactly as package-lock.json pins them.
# Run by the build (generate-test-resources); skips npm when node_modules already holds this lock file's install.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
    echo "npm not found: install Node.js 20 or newer (the jsonrpc tests drive the servers with Node clients)" >&2
    exit 1
fi
if cmp -s package-lock.json node_modules/.zsync-installed-lock 2>/dev/null; then
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.zsync-installed-lock
