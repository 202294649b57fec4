# What the shell tests share: a private temporary folder removed on exit,
# the count of checks and failures, and the conditions they check with.
# Sourced by each test:  . "$(dirname "$0")/../common/lib.sh"
# The helpers' own variables start with _ so as not to clobber a test's.
umask 022
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
count=0

check() {  # check NAME COMMAND...: counts a check, FAIL NAME when COMMAND fails
	_name=$1
	shift
	count=$((count + 1))
	if ! "$@"; then
		echo "FAIL $_name"
		fail=$((fail + 1))
	fi
}

run() {  # run COMMAND...: succeeds, output in $tmp/out and $tmp/err
	"$@" >"$tmp/out" 2>"$tmp/err" || { echo "  failed: $*"; cat "$tmp/err"; return 1; }
}

status() {  # status WANT COMMAND...: the exit status of COMMAND is WANT
	_want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	[ "$_rc" -eq "$_want" ] || { echo "  exit $_rc, expected $_want: $*"; cat "$tmp/err"; return 1; }
}

contains() {  # contains FILE TEXT
	grep -qF -- "$2" "$1" || { echo "  '$2' not in $1:"; head -20 "$1"; return 1; }
}

jq_is() {  # jq_is FILE FILTER EXPECTED
	_got=$(jq -r "$2" "$1")
	[ "$_got" = "$3" ] || { echo "  $2: got '$_got', expected '$3'"; return 1; }
}

eio() {  # eio PATH COMMAND...: the command fails with JX_EIO naming PATH
	_path=$1
	shift
	if "$@" >"$tmp/out" 2>"$tmp/err"; then
		echo "  succeeded, expected JX_EIO: $*"
		return 1
	fi
	contains "$tmp/err" JX_EIO && contains "$tmp/err" "$_path"
}

only() {  # only DIR NAME...: DIR holds exactly these entries (no temporary left)
	_dir=$1
	shift
	_got=$(ls -A "$_dir" | tr '\n' ' ')
	[ "$_got" = "$* " ] || [ "$_got" = "$*" ] || { echo "  $_dir holds: $_got, expected: $*"; return 1; }
}
