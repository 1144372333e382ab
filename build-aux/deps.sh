#!/usr/bin/env bash
# Installs the Debian 12 packages Faultline needs, only those that are missing.
# Sourced by run-sample.sh and run-tests.sh; safe to run repeatedly.
set -euo pipefail

FAULTLINE_PACKAGES=(
  # build
  meson ninja-build pkg-config gcc g++ gettext
  # core
  libglib2.0-dev libjson-glib-dev libsqlite3-dev libxgboost-dev libyajl-dev libsimdjson-dev nettle-dev libcsv-dev liblinear-dev libgsl-dev
  # LLVM's OpenMP runtime, which XGBoost's parallel regions run under (meson.build)
  libomp-dev
  # charts and app
  libplplot-dev plplot-driver-cairo libgtk-4-dev libadwaita-1-dev
  # validation of the desktop files
  desktop-file-utils appstream
  # headless GUI tests: X server, session bus, accessibility, screenshots
  xvfb xauth dbus-daemon at-spi2-core python3-dogtail imagemagick
)

faultline_install_deps () {
  local missing=() pkg sudo=""
  for pkg in "${FAULTLINE_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing missing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# One line about the machine for benchmark output: CPU model, CPUs, and the
# vector extensions the import's kernels can use (timings depend on them).
faultline_machine () {
  local model flags ext=""
  model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
  flags=$(awk -F': ' '/^flags/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
  for f in avx2 avx512bw sha_ni; do
    case " $flags " in *" $f "*) ext="$ext $f" ;; esac
  done
  echo "machine: ${model:-unknown CPU}, $(nproc) CPUs,${ext:- no AVX2}"
}

# CPU time (s, all CPUs) the hypervisor gave to others while this guest
# wanted it, since boot (/proc/stat "steal"); the benches print the
# difference over each run, since a run slowed by a busy host looks like a
# slow program.
faultline_steal_s () {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f\n", $9 / hz; exit }' /proc/stat
}
