#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml): builds the CLI inside the hook's own checkout the
# first time, then checks the repository pre-commit runs in. Needs Node.js 20 and npm on PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$here/dist/cli.js" ]; then
  echo "mesh-lens: building the CLI once in $here" >&2
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 && npm run --silent build >&2)
fi
exec node "$here/dist/cli.js" check "$@"
