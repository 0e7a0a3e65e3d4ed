#!/usr/bin/env bash
# Set up this checkout: Debian packages (as root) and a pinned virtual environment in .venv.
# Usage: scripts/bootstrap.sh demo|test   (the set of Debian packages differs)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-demo}
UV_VERSION=0.13.9

# Qt runtime for PySide6 (offscreen and on a real X11 display) plus a font so text renders.
qt_packages="libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libx11-6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xkb1 libxcb-render-util0 libxcb-image0 libxcb-randr0 fonts-dejavu-core libxss1"
# A real X server and input for the whole-PC idle test; PostgreSQL; Chromium for the web UI.
test_packages="postgresql chromium xvfb xdotool"
packages="$qt_packages"
[ "$purpose" = test ] && packages="$packages $test_packages"

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed as '$python' (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi

missing=()
for pkg in $packages; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=("python3-venv")
fi
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v dpkg-query >/dev/null; then
    echo "warning: not a Debian system; make sure these are installed: ${missing[*]}" >&2
  elif [ "$(id -u)" = 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "These Debian packages are needed. Run, as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "==> creating .venv from requirements.lock"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q "uv==$UV_VERSION"
  .venv/bin/uv pip install -q --python .venv/bin/python -r requirements.lock
  # A path-based editable install: packages added later are importable without reinstalling.
  .venv/bin/uv pip install -q --python .venv/bin/python --no-deps -C editable_mode=compat -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# Compiled translations are build outputs: always rebuild them from the sources.
[ -f kiosk/i18n_build.py ] && .venv/bin/python -m kiosk.i18n_build
[ -f fleet/i18n_build.py ] && .venv/bin/python -m fleet.i18n_build
true
