#!/usr/bin/env bash
# The main job on a bundled example: installs what is missing, builds, and cleans a saved news page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
echo "--- winnow fixtures/example/news-article.html" >&2
./build/src/cli/winnow fixtures/example/news-article.html
