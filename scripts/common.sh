# scripts/common.sh — sourced by demo.sh and test.sh: installs the Debian 12 packages the build needs
# (or, without root, prints the one command that does) and builds Release. Sets repo_root and build_dir
# and leaves the current directory at the repository root.
# INFOPLANE_BUILD_DIR chooses another build directory than build/ (relative to the repository root).

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${INFOPLANE_BUILD_DIR:-build}"
cd "$repo_root"

packages=(cmake g++ make libopenblas-dev liblapacke-dev liblapack-dev libboost-program-options-dev catch2
          zlib1g-dev parallel  # parallel: the GNU parallel test of tests/test_sweep.cpp
          chromium)  # chromium (headless): tests/test_report.cpp renders the report page in it

log() { printf '== %s\n' "$*"; }

# Installs the packages dpkg does not report as installed; not being root, says how and stops.
ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        log "no dpkg-query (not Debian): make sure these are installed: ${packages[*]}"
        return 0
    fi
    local missing=() package
    for package in "${packages[@]}"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        log "packages: all ${#packages[@]} installed"
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "missing packages: ${missing[*]}; install them with:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    log "installing: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# Configures and builds Release in $build_dir with every core.
build_release() {
    log "configuring $build_dir (Release)"
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
    log "building $build_dir"
    cmake --build "$build_dir" -j"$(nproc)"
}
