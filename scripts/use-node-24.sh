#!/usr/bin/env bash
# Prints a folder holding Node 24 for the front of PATH: the machine's own node when it is 24 or
# newer, else the official binary from the npm registry's node-linux-<arch> package, fetched once
# into a cache outside the repo. Use: export PATH="$(bash scripts/use-node-24.sh):$PATH"
set -euo pipefail
VERSION=24.22.3

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "No Node 24 package for $(uname -m): install Node 24 yourself" >&2; exit 1 ;;
esac
cache="${XDG_CACHE_HOME:-$HOME/.cache}/curfew-variations/node-$VERSION-linux-$arch"
if [ ! -x "$cache/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-$arch@$VERSION" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache" && mv "$work/package" "$cache"
fi
echo "$cache/bin"
