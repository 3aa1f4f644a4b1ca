#!/bin/sh
# Put Panel Review in the applications menu of this user, and make .prb bundles
# and .prw workspaces open with it.  Run from the unpacked panel-review folder
# (double-click it, or: sh install-linux.sh).  Nothing outside your home folder
# is touched; uninstall with: sh install-linux.sh --remove
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor/256x256/apps"
mime="$data/mime/packages"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/panel-review.desktop" "$icons/panel-review.png" "$mime/panel-review.xml"
else
  mkdir -p "$apps" "$icons" "$mime"
  cp "$here/panel-review.png" "$icons/panel-review.png"
  cp "$here/panel-review-mime.xml" "$mime/panel-review.xml"
  # The menu entry runs this folder's program wherever it was unpacked.
  sed "s|^Exec=panel-review|Exec=\"$here/panel-review\"|" "$here/panel-review.desktop" \
    > "$apps/panel-review.desktop"
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
command -v xdg-mime >/dev/null 2>&1 && [ "${1:-}" != "--remove" ] && \
  xdg-mime default panel-review.desktop application/x-panel-review-bundle \
    application/x-panel-review-workspace || true
echo "Done."
