#!/bin/sh
# Installs the Debian packages jixiao needs that are not installed yet.
#   scripts/deps.sh          what building and running need
#   scripts/deps.sh --test   also what the test suite needs
#   scripts/deps.sh --list-test   prints the packages only the tests need
set -eu

build="gcc make cmake pkg-config libfyaml-dev libyajl-dev libjansson-dev libutf8proc-dev
 libxlsxwriter-dev libzip-dev zlib1g-dev libexpat1-dev libfreexl-dev libcairo2-dev libpango1.0-dev libharfbuzz-dev libfreetype-dev fonts-noto-cjk
 libsqlite3-dev libpq-dev libmicrohttpd-dev libsodium-dev"
test="clang libclang-rt-14-dev libcmocka-dev jq python3 python3-openpyxl libreoffice-calc-nogui
 libreoffice-writer-nogui
 poppler-utils postgresql python3-jsonschema curl wrk nginx-light"

if [ "${1:-}" = "--list-test" ]; then
	echo $test
	exit 0
fi

want="$build"
[ "${1:-}" = "--test" ] && want="$want $test"

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
