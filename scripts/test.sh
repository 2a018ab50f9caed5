#!/usr/bin/env bash
# scripts/test.sh — installs what the build needs, builds Release in build/, runs the whole test suite.
# Extra arguments go to ctest, e.g. scripts/test.sh -R install_consumer
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_packages
build_release
log "testing"
ctest --test-dir "$build_dir" --output-on-failure -j2 "$@"
