#!/usr/bin/env bash
# scripts/test.sh — installs what the build needs, builds Release in build/ and runs the whole test suite,
# then (only when that passed) builds build-sanitize/ under AddressSanitizer and UndefinedBehaviorSanitizer
# and runs the suite again there. Extra arguments go to both ctest runs, e.g. scripts/test.sh -R install_consumer
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

sanitize_dir="${INFOPLANE_SANITIZE_BUILD_DIR:-build-sanitize}"

ensure_packages
build_release
log "testing"
ctest --test-dir "$build_dir" --output-on-failure -j2 "$@"

log "configuring $sanitize_dir (RelWithDebInfo, INFOPLANE_SANITIZE=ON)"
cmake -S . -B "$sanitize_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINFOPLANE_SANITIZE=ON
log "building $sanitize_dir"
cmake --build "$sanitize_dir" -j"$(nproc)"
log "testing under ASan and UBSan"
# LeakSanitizer needs ptrace-like access to the process, which some containers deny; it works on the
# Debian 12 machines this runs on, so leaks are findings too.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
# test_allocations replaces operator new and delete (malloc and free) but not the nothrow new, which ASan
# then provides itself, so Catch's nothrow allocations freed by the replaced delete are reported as an
# alloc-dealloc-mismatch. Its tests run on their own below, with only that check off.
allocation_options="$ASAN_OPTIONS:alloc_dealloc_mismatch=0"
# Catch's listing exits with the number of tests it listed, hence the `|| true`.
allocation_names="$(ASAN_OPTIONS="$allocation_options" "$sanitize_dir/tests/test_allocations" --list-test-names-only)" || true
allocation_tests="$(sed -e '/^$/d' -e 's/[][\\.^$*+?(){}|]/\\&/g' -e 's/.*/^&$/' <<<"$allocation_names" | paste -sd'|')"
# Excluded: install_consumer. The installed static libraries carry the sanitizer instrumentation, and
# the consumer project, built without -fsanitize, cannot link them; the Release run above covers it.
ctest --test-dir "$sanitize_dir" --output-on-failure -j2 -E "^install_consumer\$|$allocation_tests" "$@"
ASAN_OPTIONS="$allocation_options" "$sanitize_dir/tests/test_allocations"
