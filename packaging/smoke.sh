#!/usr/bin/env bash
# Builds the frozen app (packaging/desk.spec) and the .deb, then tries them the way a
# user gets them: the .deb unpacked into a temp root (dpkg-deb -x), every command run in
# a clean environment (env -i, a temp HOME, PATH=/usr/bin:/bin):
#   desk --version; desk-server migrate on a temp database;
#   desk --demo --self-check in Russian, offscreen and then on Xvfb with the real xcb
#   plugin (the queue shown, the Russian catalogue, the RU holiday calendar, a clean quit);
#   ldd over every bundled library and executable: nothing "not found".
# Prints the build time, the bundle and .deb sizes and the cold start to a painted window.
#
#   packaging/smoke.sh [PYTHON]     (default .venv/bin/python, the venv .ci/run makes)
# PyInstaller's work dir is kept in ~/.cache/desk-pyinstaller between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
[[ $python == /* ]] || python=$PWD/$python # absolute, but not resolved: a venv's python is a symlink
step() { echo "+ smoke: $*"; }
fail() { echo "smoke FAILED: $*" >&2; exit 1; }

# --- tools: installed only when missing (CI machines start bare) -----------------------
missing=()
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
command -v lintian >/dev/null || missing+=(lintian)
command -v Xvfb >/dev/null || missing+=(xvfb)
# What the Qt xcb plugin links (the .deb's Depends name them; a bare machine lacks them).
dpkg -s libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 >/dev/null 2>&1 ||
    missing+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1)
if ((${#missing[@]})); then
    step "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
"$python" -c 'import PyInstaller' 2>/dev/null || "$python" -m pip install -q -e '.[packaging]'

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
    [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

step "desktop file and AppStream metainfo"
desktop-file-validate packaging/linux/dev.deskapp.Desk.desktop
appstreamcli validate --no-net --pedantic packaging/linux/dev.deskapp.Desk.metainfo.xml

step "PyInstaller bundle"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/desk-pyinstaller
started=$(date +%s)
timeout 1200 "$python" -m PyInstaller --noconfirm --log-level WARN \
    --workpath "$cache/work" --distpath "$tmp/dist" packaging/desk.spec
build_s=$(($(date +%s) - started))

step ".deb"
deb=$(packaging/linux/build_deb.sh "$tmp/dist/desk" "$tmp")
dpkg-deb --field "$deb" Depends
step "lintian (warnings are fixed or explained in packaging/linux/lintian-overrides)"
lintian --fail-on error,warning --info "$deb"

root=$tmp/root
dpkg-deb -x "$deb" "$root"
[[ $(readlink "$root/usr/bin/desk") == /opt/desk/desk ]] || fail "/usr/bin/desk is no link to /opt/desk/desk"
[[ $(readlink "$root/usr/bin/desk-server") == /opt/desk/desk-server ]] || fail "/usr/bin/desk-server is no link"
app=$root/opt/desk
home=$tmp/home
mkdir -p "$home"
clean() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

step "desk --version"
version=$(clean timeout 60 "$app/desk" --version)
[[ $version == "Desk $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desk/__init__.py)" ]] ||
    fail "desk --version said '$version'"
echo "$version"

step "desk-server migrate"
clean timeout 120 "$app/desk-server" migrate --database "$tmp/server.db" --data-dir "$tmp/server"
revision=$("$python" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select version_num from alembic_version").fetchone()[0])' "$tmp/server.db")
echo "schema at revision $revision"

self_check() {  # platform, then env assignments for the run
    local platform=$1 out=$tmp/self-check-$1.txt
    shift
    clean "$@" QT_QPA_PLATFORM="$platform" DESK_LANG=ru timeout 180 \
        "$app/desk" --demo --self-check --data-dir "$tmp/demo" >"$out" 2>"$tmp/stderr-$platform.txt" ||
        { cat "$out" "$tmp/stderr-$platform.txt"; fail "desk --demo --self-check ($platform) failed"; }
    cat "$out"
    grep -q "^self-check: ok" "$out" || fail "no ok from the self-check ($platform)"
    grep -q "Qt platform plugin: $platform$" "$out" || fail "not on the $platform plugin"
    grep -q "translations: ru.*desk_ru.qm" "$out" || fail "the Russian catalogue did not load"
    grep -Eq "RU has [1-9][0-9]* holidays" "$out" || fail "the Russian holiday calendar is missing"
    grep -Eq "tickets in the queue: [1-9]" "$out" || fail "the queue was empty"
    grep -q "quit cleanly (exit code 0)" "$out" || fail "no clean quit ($platform)"
}

step "desk --demo --self-check, offscreen, in Russian (first start: seeds the demo)"
self_check offscreen
first_start=$(sed -n 's/^  first paint: \(.*\) s after start/\1/p' "$tmp/self-check-offscreen.txt")

step "desk --demo --self-check on Xvfb with the xcb plugin, in Russian"
# -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do [[ -s $tmp/display ]] && break; sleep 0.1; done
display=$(head -1 "$tmp/display")
[[ -n $display ]] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
self_check xcb DISPLAY=":$display"
cold_start=$(sed -n 's/^  first paint: \(.*\) s after start/\1/p' "$tmp/self-check-xcb.txt")

step "ldd over every bundled library and executable"
unresolved=$(find "$app" -type f \( -name '*.so*' -o -name desk -o -name desk-server \) -print0 |
    xargs -0 env LD_LIBRARY_PATH="$app/_internal" ldd 2>/dev/null | grep "not found" | sort -u || true)
[[ -z $unresolved ]] || fail "libraries not found: $unresolved"
echo "every library resolves ($(find "$app" -type f -name '*.so*' | wc -l) files checked)"

echo "smoke figures:"
echo "  build time:   $build_s s"
echo "  bundle size:  $(du -sh "$tmp/dist/desk" | cut -f1) ($(du -sb "$tmp/dist/desk" | cut -f1) bytes)"
echo "  .deb size:    $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes)"
echo "  cold start to a painted window (xcb, demo data on disk): $cold_start s"
echo "  first start ever (offscreen, seeds the demo first):      $first_start s"
