#!/usr/bin/env bash
# scripts/demo.sh — installs what the build needs, builds Release in build/, trains the SZT demo network
# and prints where its information plane (SVG) and the numbers behind it (CSV) are. Replaces runs/szt_demo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_packages
build_release
run_dir="runs/szt_demo"
log "training experiments/szt_demo.ini into $run_dir"
"$build_dir/apps/infoplane" train --config experiments/szt_demo.ini --out "$run_dir" --force

for file in information_plane.svg information_plane.csv; do
    if [[ ! -f "$run_dir/$file" ]]; then
        echo "demo: $run_dir/$file was not written" >&2
        exit 1
    fi
done
log "done"
echo "information plane (SVG): $repo_root/$run_dir/information_plane.svg"
echo "its numbers (CSV):       $repo_root/$run_dir/information_plane.csv"
