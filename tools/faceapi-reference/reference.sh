#!/usr/bin/env bash
# Runs face-api's own FaceExpressionNet under Node: installs the pinned tfjs (pure JS, cpu backend)
# here, unpacks the face-api tarball the build cached (plugin-core/models/fetch-models.sh), and
# passes the rest of the arguments to reference.cjs. With no arguments it regenerates the test
# fixture plugin-core/src/test/resources/faceapi/reference-synthetic.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${AUTOTIER_MODEL_CACHE:-$HOME/.cache/autotier/npm}"
tgz="$cache/_vladmandic_face-api_1.7.15.tgz"
[ -f "$tgz" ] || { echo "faceapi-reference: $tgz missing; build plugin-core first" >&2; exit 1; }
[ -d "$here/node_modules/@tensorflow/tfjs" ] || (cd "$here" && npm ci --silent --no-audit --no-fund --ignore-scripts >&2)
pkg="$here/target/face-api"
if [ ! -f "$pkg/package.json" ]; then
    mkdir -p "$pkg" && tar -xzf "$tgz" -C "$pkg" --strip-components=1
fi
if [ $# -eq 0 ]; then
    set -- synthetic "$here/../../plugin-core/src/test/resources/faceapi/reference-synthetic.json"
fi
NODE_PATH="$here/node_modules" exec node "$here/reference.cjs" "$pkg" "$@" 2> >(grep -v -e 'tfjs-node' -e '^=*$' -e 'speed things up' -e '^$' >&2)
