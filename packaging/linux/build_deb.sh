#!/usr/bin/env bash
# Builds desk_<version>_<arch>.deb from a PyInstaller bundle (dist/desk/ of packaging/desk.spec):
#   /opt/desk/                 the bundle (desk, desk-server, _internal/)
#   /usr/bin/desk, desk-server symlinks into it
#   /usr/share/applications/   dev.deskapp.Desk.desktop
#   /usr/share/metainfo/       dev.deskapp.Desk.metainfo.xml (AppStream)
#   /usr/share/icons/hicolor/  the icon at 16-256 px and as SVG
# Depends is derived, not written by hand: every library the bundled executables and .so
# files (the Qt xcb and Wayland plugins among them) need from outside the bundle, mapped
# to its Debian package with dpkg -S (the smoke test checks them all with ldd).
#
#   packaging/linux/build_deb.sh BUNDLE_DIR OUT_DIR      prints the .deb's path
set -euo pipefail
bundle=$(realpath "$1")
out=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root_dir=$(cd "$here/../.." && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root_dir/desk/__init__.py")
arch=$(dpkg --print-architecture)
app_id=dev.deskapp.Desk

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg=$stage/desk

install -d "$pkg/opt" "$pkg/usr/bin" "$pkg/DEBIAN"
cp -a "$bundle" "$pkg/opt/desk"
ln -s /opt/desk/desk "$pkg/usr/bin/desk"
ln -s /opt/desk/desk-server "$pkg/usr/bin/desk-server"
install -Dm644 "$here/$app_id.desktop" "$pkg/usr/share/applications/$app_id.desktop"
install -Dm644 "$here/$app_id.metainfo.xml" "$pkg/usr/share/metainfo/$app_id.metainfo.xml"
for png in "$root_dir"/desk_resources/icons/desk-*.png; do
    size=$(basename "$png" .png)
    size=${size#desk-}
    install -Dm644 "$png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -Dm644 "$root_dir/desk_resources/icons/desk.svg" \
    "$pkg/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
install -Dm644 "$here/copyright" "$pkg/usr/share/doc/desk/copyright"
gzip -9n <"$here/changelog" >"$pkg/usr/share/doc/desk/changelog.gz"
chmod 644 "$pkg/usr/share/doc/desk/changelog.gz"
install -Dm644 "$here/lintian-overrides" "$pkg/usr/share/lintian/overrides/desk"
for page in desk desk-server; do
    install -d "$pkg/usr/share/man/man1"
    gzip -9n <"$here/$page.1" >"$pkg/usr/share/man/man1/$page.1.gz"
    chmod 644 "$pkg/usr/share/man/man1/$page.1.gz"
done
# Libraries are data, not programs; only the two executables stay executable.
find "$pkg/opt/desk/_internal" -type f -name '*.so*' -exec chmod 644 {} +

# --- Depends: what the bundle loads from the system ---------------------------------
# The direct needs (ELF NEEDED entries, as dpkg-shlibdeps reads them) of every bundled
# executable and library, less what the bundle itself holds, found where the dynamic
# loader would find them (ldconfig's cache) and mapped to the package that ships them.
elves=$(find "$bundle" -type f \( -name '*.so*' -o -name desk -o -name desk-server \))
needed=$(for elf in $elves; do readelf -d "$elf" 2>/dev/null; done |
    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
bundled=$(find "$bundle" -name '*.so*' -printf '%f\n' | sort -u)
system_libs=$(comm -23 <(echo "$needed") <(echo "$bundled"))
owner() {  # the package that ships a library (with usrmerge dpkg may know either path)
    local path real
    path=$(ldconfig -p | awk -v lib="$1" '$1 == lib && /x86-64|64bit|aarch64/ { print $NF; exit }')
    [[ -n $path ]] || path=$(ldconfig -p | awk -v lib="$1" '$1 == lib { print $NF; exit }')
    [[ -n $path ]] || { echo "no system library $1 (needed by the bundle)" >&2; return 1; }
    real=$(readlink -f "$path")
    for candidate in "$path" "$real" "${real#/usr}" "/usr$path"; do
        dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 && return 0
    done
    echo "no Debian package ships $1" >&2
    return 1
}
depends=$(for lib in $system_libs; do owner "$lib"; done | sort -u | paste -sd, | sed 's/,/, /g')

installed_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: desk
Version: $version
Architecture: $arch
Maintainer: The Desk developers <desk@deskapp.dev>
Installed-Size: $installed_kb
Depends: $depends
Section: misc
Priority: optional
Homepage: https://deskapp.dev/
Description: helpdesk client for support staff, with its ticket server
 Desk keeps the ticket queue at hand, sorted by priority and by the time left
 to each response deadline, with the conversation beside it. Replies go to a
 local outbox first and are delivered exactly once. Deadlines follow a business
 calendar with public holidays. The package also ships desk-server, the
 reference ticket server, and a demo mode (desk --demo).
CONTROL

deb=$out/desk_${version}_${arch}.deb
# gzip: quick to make on CI's 2 cores, and every dpkg reads it (xz took minutes).
dpkg-deb --root-owner-group -Zgzip -z6 --build "$pkg" "$deb" >/dev/null
echo "$deb"
