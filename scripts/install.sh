#!/usr/bin/env bash
# Create .venv and install Sijill into it (editable); `dev` adds the test and lint tools.
# Re-running is cheap: nothing is reinstalled unless pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Sijill needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extra:+-$extra}"
if [ ! -e "$stamp" ]; then
  echo "installing Sijill${extra:+ with $extra tools} into .venv …" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}" >&2
  touch "$stamp"
fi

# The console's message catalogs, compiled from the .po files in the repository (never committed).
.venv/bin/pybabel -q compile -d register/web/console/locales -D messages >&2

# The console's Arabic font, from the npm registry at a pinned version, checked by its SHA-256
# (the tarball `npm pack` would fetch, taken by URL so npm need not be installed); without it
# (no registry) the pages fall back to the system's fonts.
font_dir=register/web/console/static/fonts
font_url="https://registry.npmjs.org/@fontsource/noto-naskh-arabic/-/noto-naskh-arabic-5.3.0.tgz"
font_sha256=8e4d87d3ae28020665d61054e4262162797feee84f0f145502d15e769a5bbb73
if [ ! -e "$font_dir/noto-naskh-arabic-arabic-400-normal.woff2" ]; then
  work=$(mktemp -d)
  if .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlretrieve(*sys.argv[1:])' \
       "$font_url" "$work/font.tgz" 2>/dev/null \
     && echo "$font_sha256  $work/font.tgz" | sha256sum -c --quiet - >&2; then
    mkdir -p "$font_dir"
    tar -xzf "$work/font.tgz" -C "$work"
    cp "$work"/package/files/noto-naskh-arabic-arabic-{400,700}-normal.woff2 "$work"/package/LICENSE "$font_dir"/
  else
    echo "warning: could not fetch $font_url; the console uses the system's fonts" >&2
  fi
  rm -rf "$work"
fi

# The tests' Debian tools, installed when missing and we may (root): wrk paces the soak drill;
# chromium and chromium-driver run the console's browser tests (Selenium drives Debian's
# browser, nothing downloads one).
if [ "$extra" = dev ]; then
  missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing ${missing[*]} (Debian) …" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    else
      echo "the tests need ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]})" >&2
      exit 1
    fi
  fi
fi
