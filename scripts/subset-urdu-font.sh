#!/usr/bin/env bash
# Rebuild static/fonts/noto-nastaliq-urdu-subset.woff2 (make assets, after npm ci).
#
# Source: @fontsource-variable/noto-nastaliq-urdu (OFL-1.1), its Arabic-script file,
# weights 400-700 in one variable font. pyftsubset (fontTools, in a throwaway
# virtualenv) keeps the characters Urdu pages need: the Arabic blocks and
# presentation forms, the space and no-break space, the joiners (ZWNJ, ZWJ) and
# direction marks, and the hyphens. Latin letters, Western digits and ASCII
# punctuation are left to the system's sans-serif, which the stylesheet names
# after this font. Every OpenType layout feature is kept: Nastaliq's joining,
# stacking and mark placement are all in GSUB and GPOS.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=node_modules/@fontsource-variable/noto-nastaliq-urdu
SOURCE="$PACKAGE/files/noto-nastaliq-urdu-arabic-wght-normal.woff2"
OUT=static/fonts/noto-nastaliq-urdu-subset.woff2
UNICODES="U+0020,U+00A0,U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+2010-2011"
FONTTOOLS="fonttools==4.68.0 brotli==1.2.1"

test -f "$SOURCE" || { echo "missing $SOURCE: run npm ci first" >&2; exit 1; }
VENV="$(mktemp -d /tmp/cpec-fonttools.XXXXXX)"
trap 'rm -rf "$VENV"' EXIT
python3 -m venv "$VENV"
# shellcheck disable=SC2086
"$VENV/bin/python" -m pip install --quiet $FONTTOOLS
"$VENV/bin/pyftsubset" "$SOURCE" --unicodes="$UNICODES" --layout-features='*' \
  --flavor=woff2 --output-file="$OUT"
cp "$PACKAGE/LICENSE" static/fonts/LICENSE.noto-nastaliq-urdu.txt
echo "$OUT: $(wc -c <"$OUT") bytes"
