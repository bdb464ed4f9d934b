#!/usr/bin/env bash
# Build Configurator.app and a .dmg on macOS: PyInstaller (same spec and file list as Linux) +
# hdiutil. Optional: CODESIGN_IDENTITY="Developer ID Application: ..." signs the app (hardened
# runtime) before the dmg is made; notarize the dmg afterwards with `xcrun notarytool`.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[packaging]"
# The rule engine's hot modules compiled with mypyc (Xcode's command line tools' clang).
.venv/bin/python packaging/native.py
VERSION=$(.venv/bin/python -c 'from importlib.metadata import version; print(version("configurator"))')
git rev-parse --short=12 HEAD > configurator/_build_revision.txt
trap 'rm -f configurator/_build_revision.txt resources/icons/configurator.icns' EXIT
.venv/bin/python packaging/render_icons.py build/macos/icons
cp build/macos/icons/configurator.icns resources/icons/
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/macos/pyinstaller \
    packaging/configurator.spec
/usr/libexec/PlistBuddy -c "Set :CFBundleShortVersionString $VERSION" \
    -c "Set :CFBundleVersion $VERSION" dist/Configurator.app/Contents/Info.plist 2>/dev/null || \
  /usr/libexec/PlistBuddy -c "Add :CFBundleShortVersionString string $VERSION" \
    -c "Add :CFBundleVersion string $VERSION" dist/Configurator.app/Contents/Info.plist
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" dist/Configurator.app
fi
rm -f "dist/Configurator-$VERSION.dmg"
hdiutil create -volname Configurator -srcfolder dist/Configurator.app -ov -format UDZO \
    "dist/Configurator-$VERSION.dmg"
echo "dist/Configurator-$VERSION.dmg"
