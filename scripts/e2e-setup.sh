#!/usr/bin/env bash
# Installs what the end-to-end tests need on a fresh Debian 12 machine (run as root):
#   - Debian packages: chromium (UI and extension-host tests), neovim, emacs-nox + elpa-eglot
#     (other LSP clients), ripgrep + libkrb5-dev (code-server's native install)
#   - code-server 4.100.3 (= VS Code 1.100.3, the last release that runs on Node 20) from npm
#     into .e2e/code-server, which is git-ignored.
# Idempotent: skips whatever is already present.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CODE_SERVER_VERSION=4.100.3
E2E_DIR="$ROOT/.e2e"
CS_DIR="$E2E_DIR/code-server"
start=$(date +%s)

need_pkgs=()
for p in chromium neovim emacs-nox elpa-eglot ripgrep libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  echo "e2e-setup: apt-get install ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
else
  echo "e2e-setup: Debian packages present"
fi

CS_BIN="$CS_DIR/node_modules/.bin/code-server"
if [ -x "$CS_BIN" ] && [ -f "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
   && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_DIR/node_modules/code-server/package.json"; then
  echo "e2e-setup: code-server $CODE_SERVER_VERSION present"
else
  echo "e2e-setup: installing code-server $CODE_SERVER_VERSION into .e2e/code-server"
  mkdir -p "$CS_DIR"
  # @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg
  # (the same 13.0.0) so the install works offline.
  TMP="${TMPDIR:-/tmp}"
  RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
  RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$RG_TGZ" ]; then
    mkdir -p "$RG_CACHE"
    rgtmp=$(mktemp -d)
    cp "$(command -v rg)" "$rgtmp/rg"
    tar -czf "$RG_TGZ" -C "$rgtmp" rg
    rm -rf "$rgtmp"
  fi
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"e2e-code-server","private":true}' > "$CS_DIR/package.json"
  # --unsafe-perm: its postinstall refuses to run as root otherwise; npm_config_yes: node-pty
  # runs `npx node-gyp`.
  (cd "$CS_DIR" && npm_config_yes=true npm_config_fund=false npm_config_audit=false \
    npm install --unsafe-perm --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION")
fi
echo "e2e-setup: code-server $(node -p "require('$CS_DIR/node_modules/code-server/package.json').version")"
echo "e2e-setup: done in $(( $(date +%s) - start )) s"
