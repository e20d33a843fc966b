#!/usr/bin/env bash
# Builds the .deb with CPack, checks what it holds and depends on, unpacks it
# into a scratch root and runs the installed qlora --version.
# Usage: test_deb_package.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cd "$build"
rm -rf package
cpack -G DEB --config CPackConfig.cmake > "$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
deb=$(ls package/qlora-studio_"${version}"*_*.deb)
echo "package: $deb"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in libtorch libqt6widgets6 libqcustomplot; do
    grep -q "$needed" <<<"$depends" || { echo "FAIL: Depends lacks $needed"; exit 1; }
done

dpkg-deb -x "$deb" "$scratch/root"
for file in usr/bin/qlora usr/bin/qlora-studio \
            usr/share/applications/qlora-studio.desktop \
            usr/share/icons/hicolor/256x256/apps/qlora-studio.png \
            usr/share/qlora-studio/translations/qlora_studio_ko.qm \
            usr/share/qlora-studio/demo/financial_security_qa.jsonl; do
    [ -s "$scratch/root/$file" ] || { echo "FAIL: package lacks $file"; exit 1; }
done

out=$("$scratch/root/usr/bin/qlora" --version)
echo "$out"
grep -q "^qlora $version " <<<"$out" || { echo "FAIL: installed qlora --version did not report $version"; exit 1; }
echo "PASS"
