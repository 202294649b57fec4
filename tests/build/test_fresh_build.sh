#!/bin/sh
# The README's first command on a machine that has only what it installs
# itself: a copy of the source tree is built by `make build` with the
# packages only the tests need made invisible to the build (their
# pkg-config files hidden), and the built program scores the seed.
#   tests/build/test_fresh_build.sh SOURCE_DIR
set -u
. "$(dirname "$0")/../common/lib.sh"
src=$(cd "$1" && pwd)

# the tree as a clean checkout has it: tracked and untracked-but-not-ignored files
mkdir "$tmp/src"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" ls-files -z --cached --others --exclude-standard |
		(cd "$src" && xargs -0 tar cf - --no-recursion) | tar xf - -C "$tmp/src"
else
	(cd "$src" && tar cf - --exclude=./build* .) | tar xf - -C "$tmp/src"
fi

# pkg-config sees every .pc file but those of the test-only packages
hidden=""
for p in $("$src/scripts/deps.sh" --list-test); do
	hidden="$hidden $(dpkg -L "$p" 2>/dev/null | grep '\.pc$' | xargs -r -n1 basename)"
done
mkdir "$tmp/pc"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
	[ -d "$d" ] || continue
	for f in "$d"/*.pc; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		case " $hidden " in *" $b "*) continue ;; esac
		[ -e "$tmp/pc/$b" ] || ln -s "$f" "$tmp/pc/$b"
	done
done
check "cmocka is hidden" sh -c "! PKG_CONFIG_LIBDIR='$tmp/pc' pkg-config --exists cmocka"
check "make build" run env PKG_CONFIG_LIBDIR="$tmp/pc" PKG_CONFIG_PATH= \
	make -C "$tmp/src" build BUILD="$tmp/build"
check "scores the seed" run "$tmp/build/jixiao" score --json \
	"$tmp/src/examples/seed-2020-zhuzhou-innovation-centres.yaml"
check "97" jq_is "$tmp/out" .total 97
check "优" jq_is "$tmp/out" .grade 优
check "no test was configured" sh -c "! [ -e '$tmp/build/CTestTestfile.cmake' ] || ! grep -q add_test '$tmp/build/CTestTestfile.cmake'"

echo "$((count - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
