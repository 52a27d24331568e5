#!/usr/bin/env bash
# Quick start: installs missing Debian packages, configures build/ (Release), builds and
# runs the demo. Arguments are passed to the demo program.
# SPDX-License-Identifier: MIT
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

actfn_install_deps
actfn_configure
cmake --build "$build_dir" --target actfn_demo -j "$jobs"

demo="$build_dir/examples/actfn_demo"
if [[ ! -x "$demo" ]]; then
  demo=$(find "$build_dir" -type f -name actfn_demo -perm -u+x | head -n 1)
fi
echo
exec "$demo" "$@"
