#!/usr/bin/env bash
# Desk-<version>.dmg from dist/Desk.app (made by `pyinstaller packaging/desk.spec` on macOS).
# Runs on macOS only (hdiutil, codesign); .github/workflows/installers.yml calls it.
#   packaging/macos/build_dmg.sh DIST_DIR
# Signing is ready but optional: with CODESIGN_IDENTITY set ("Developer ID Application:
# ...") the app is signed with the hardened runtime and entitlements.plist, and with
# NOTARY_PROFILE set (a `xcrun notarytool store-credentials` profile) the .dmg is
# notarised and stapled. Without them the .dmg is unsigned (fine for testing).
set -euo pipefail
dist=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$here/../../desk/__init__.py")
app=$dist/Desk.app
[[ -d $app ]] || { echo "no $app: run pyinstaller packaging/desk.spec first" >&2; exit 1; }

plist=$app/Contents/Info.plist
/usr/libexec/PlistBuddy -c "Set :CFBundleShortVersionString $version" "$plist"
/usr/libexec/PlistBuddy -c "Set :CFBundleVersion $version" "$plist"

if [[ -n ${CODESIGN_IDENTITY:-} ]]; then
    codesign --force --deep --options runtime --timestamp \
        --entitlements "$here/entitlements.plist" --sign "$CODESIGN_IDENTITY" "$app"
    codesign --verify --strict --verbose=2 "$app"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg=$dist/Desk-$version.dmg
rm -f "$dmg"
hdiutil create -volname "Desk $version" -srcfolder "$stage" -format UDZO -ov "$dmg"

if [[ -n ${CODESIGN_IDENTITY:-} ]]; then
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
    if [[ -n ${NOTARY_PROFILE:-} ]]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
        xcrun stapler staple "$dmg"
    fi
fi
echo "$dmg"
