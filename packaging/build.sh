#!/usr/bin/env bash
# Build a stand-alone relbook folder with PyInstaller (run from anywhere).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-build
.venv-build/bin/pip install -q . "pyinstaller==6.22.3"
.venv-build/bin/pyinstaller --noconfirm packaging/relbook.spec
echo "Built: dist/relbook/relbook"
