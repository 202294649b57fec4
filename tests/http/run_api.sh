#!/bin/sh
# The API suite: real HTTP against a running `jixiao serve`, on SQLite or on
# a throwaway PostgreSQL cluster (tests/http/test_api.py).
#   tests/http/run_api.sh JIXIAO [sqlite|postgresql]
#
# Bootstraps an organisation with the CLI —
#   株洲市 (region)
#     株洲市工业和信息化局 (department): 产业发展科, 科技创新科 (units)
#     株洲市教育局 (department): 基础教育科 (unit)
#   湘潭市 (region)
#     湘潭市工业和信息化局 (department): 湘潭产业科 (unit)
# — and a user for every role and scope, starts the server on a free port
# with an access log, runs test_api.py against it, then stops the server
# with SIGTERM and checks that it exits 0.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 JIXIAO [sqlite|postgresql]" >&2
	exit 2
fi
jixiao=$1
backend=${2:-sqlite}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $jixiao in
/*) ;;
*) jixiao=$(pwd)/$jixiao ;;
esac
case $backend in
sqlite) ;;
postgresql)
	if [ -z "${JX_TEST_DB:-}" ]; then
		exec sh "$root/tests/common/with_pg.sh" sh "$0" "$jixiao" postgresql
	fi
	;;
*)
	echo "$0: the backend is sqlite or postgresql, not $backend" >&2
	exit 2
	;;
esac
py=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1

# Under ASan the server renders PDFs, so it needs the PDF test's
# suppression too (tests/write/pdf/lsan.supp: a leak inside cairo 1.16, which only
# the slow unwinder can name)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-api-XXXXXX")
cat "$root/tests/lsan.supp" "$root/tests/write/pdf/lsan.supp" >"$tmp/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS
pid=""
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		sleep 0.2
		kill -9 "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$backend" = postgresql ]; then
	db=$JX_TEST_DB
else
	db=$tmp/jixiao.db
fi
pw=api-test-Passw0rd
cd "$root" || exit 1

t0=$(date +%s)
boot() { # boot COMMAND...: a bootstrap step that must succeed
	"$@" >>"$tmp/boot.log" 2>&1 || {
		echo "FAIL bootstrap: $*"
		cat "$tmp/boot.log"
		exit 1
	}
}
boot "$jixiao" org add region 株洲市 --db "$db"
boot "$jixiao" org add department 株洲市工业和信息化局 --parent 株洲市 --db "$db"
boot "$jixiao" org add department 株洲市教育局 --parent 株洲市 --db "$db"
boot "$jixiao" org add unit 产业发展科 --parent 株洲市工业和信息化局 --db "$db"
boot "$jixiao" org add unit 科技创新科 --parent 株洲市工业和信息化局 --db "$db"
boot "$jixiao" org add unit 基础教育科 --parent 株洲市教育局 --db "$db"
boot "$jixiao" org add region 湘潭市 --code 430300 --db "$db"
boot "$jixiao" org add department 湘潭市工业和信息化局 --parent 湘潭市 --db "$db"
boot "$jixiao" org add unit 湘潭产业科 --parent 湘潭市工业和信息化局 --db "$db"

adduser() { # adduser LOGIN ROLE [ORG]
	if [ $# -eq 3 ]; then
		echo "$pw" | "$jixiao" user add "$1" --role "$2" --org "$3" --name "$1 测试" \
			--password-stdin --db "$db" >>"$tmp/boot.log" 2>&1
	else
		echo "$pw" | "$jixiao" user add "$1" --role "$2" --name "$1 测试" \
			--password-stdin --db "$db" >>"$tmp/boot.log" 2>&1
	fi || {
		echo "FAIL bootstrap: user add $*"
		cat "$tmp/boot.log"
		exit 1
	}
}
adduser filler1 filler 产业发展科      # unit 1 of department 1
adduser filler2 filler 科技创新科      # unit 2 of department 1
adduser filler3 filler 基础教育科      # the unit of department 2
adduser filler4 filler 湘潭产业科      # the unit of the second region
adduser approver1 approver 株洲市工业和信息化局
adduser approver2 approver 株洲市教育局
adduser approver3 approver 湘潭市工业和信息化局
adduser reviewer1 reviewer 株洲市
adduser reviewer2 reviewer 湘潭市
adduser admin admin
adduser locked filler 产业发展科       # for the login throttle
adduser gone filler 基础教育科         # disabled and enabled while the server runs
# an award programme's own people, each of a region, speaking for a subject
addsubject() { # addsubject LOGIN ROLE REGION SUBJECT
	echo "$pw" | "$jixiao" user add "$1" --role "$2" --org "$3" --subject "$4" \
		--name "$1 测试" --password-stdin --db "$db" >>"$tmp/boot.log" 2>&1 || {
		echo "FAIL bootstrap: user add $*"
		cat "$tmp/boot.log"
		exit 1
	}
}
addsubject expert1 expert 株洲市 彭研究员          # scored six of the seed's applications
addsubject expert2 expert 湘潭市 罗教授            # another region's: sees no call of 株洲市
addsubject county1 county 株洲市 醴陵市            # two of the seed's applications
addsubject applicant1 applicant 株洲市 91430211MA4KK5MQEJ   # the first awarded enterprise
boot "$jixiao" org list --db "$db"
# the award programme behind the seed, with all its records, in 产业发展科
boot "$jixiao" programme load --unit 产业发展科 --db "$db" \
	"$root/examples/programme-2020-innovation-centres.yaml"
t1=$(date +%s)
echo "bootstrap ($backend): $((t1 - t0)) s"

log=$tmp/access.log
"$jixiao" serve --listen 127.0.0.1:0 --db "$db" --access-log "$log" --threads 4 \
	--trusted-proxy 127.0.0.1 \
	>"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url=""
for _ in $(seq 200); do
	url=$(head -n 1 "$tmp/serve.out" 2>/dev/null | sed -n 's/^jixiao is serving \(http:[^ ]*\).*/\1/p')
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
if [ -z "$url" ]; then
	echo "FAIL the server did not start"
	cat "$tmp/serve.out" "$tmp/serve.err"
	exit 1
fi
echo "server: $url ($backend)"

rc=0
JX_API_PASSWORD=$pw JX_API_TMP=$tmp $py "$here/test_api.py" "$url" "$jixiao" "$db" "$log" || rc=1

if kill -0 "$pid" 2>/dev/null; then
	kill -TERM "$pid"
	wait "$pid"
	src=$?
	pid=""
	if [ "$src" -ne 0 ]; then
		echo "FAIL the server exited $src after SIGTERM"
		rc=1
	else
		echo "ok - the server stopped cleanly on SIGTERM"
	fi
	grep -q 'stopped' "$tmp/serve.err" || { echo "FAIL the server did not say it stopped"; rc=1; }
else
	wait "$pid"
	src=$?
	pid=""
	echo "FAIL the server died during the tests (exit status $src)"
	rc=1
fi
if [ "$rc" -ne 0 ]; then
	echo "--- the server's standard error (last 30 lines):"
	tail -n 30 "$tmp/serve.err"
fi
echo "total ($backend): $(($(date +%s) - t0)) s"
exit $rc
