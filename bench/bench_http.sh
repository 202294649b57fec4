#!/bin/sh
# Benchmark: the server under load, with wrk on loopback.
#
# For SQLite and for PostgreSQL (a throwaway cluster), starts `jixiao serve
# --demo` and measures, at 64 and 256 connections:
#   GET  /api/evaluations/1   one evaluation with its form and result, as a
#                             logged-in user (session cookie)
#   POST /api/score           scoring the seed form, nothing stored
# and, in the same run, nginx serving the same evaluation JSON as a static
# file: the ceiling.  Prints requests per second, p99 latency and the ratio
# to nginx.  Both servers write an access log.
#
# On PostgreSQL it also runs, in the same run and with the server stopped,
# pgbench on the same cluster: the very query the GET runs (taken from the
# server's log, with its parameters), prepared, over as many connections
# as the server keeps (one per worker thread): what the database alone
# answers, which the GET is compared with.
#
# Every jixiao run also reads the server's CPU time (utime + stime from
# /proc/PID/stat) before and after wrk: CPU per request, the figure that
# holds when other work shares the machine and the rate does not.
#
# With a second build (BASELINE_BUILD, or a third argument: a build
# directory of older code, e.g. of a commit made with
# cmake -DBUILD_TESTING=OFF), POST /api/score is also measured on SQLite
# against that build's server, in the same run, the two taking turns, and
# the ratio this build / baseline is printed; the two answers to the seed
# are compared byte for byte.
#   bench/bench_http.sh BUILD_DIR [SECONDS [BASELINE_BUILD]]
set -eu
build=${1:-build}
secs=${2:-10}
baseline=${3:-${BASELINE_BUILD:-}}
jixiao=$(cd "$build" && pwd)/jixiao
base_jixiao=""
[ -n "$baseline" ] && base_jixiao=$(cd "$baseline" && pwd)/jixiao
hz=$(getconf CLK_TCK)
root=$(cd "$(dirname "$0")/.." && pwd)
threads=$((2 * $(nproc)))
for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || { echo "bench_http: $tool is missing (scripts/deps.sh --test)"; exit 1; }
done
tmp=$(mktemp -d)
chmod 711 "$tmp"
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null
	[ -d "$tmp/pg" ] && sh "$root/tests/common/pg_cluster.sh" stop "$tmp/pg" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$jixiao" convert "$root/examples/seed-2020-zhuzhou-innovation-centres.yaml" -o "$tmp/seed.json"
# wrk's Lua script for the POST: the seed as the body
{
	printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==['
	cat "$tmp/seed.json"
	printf ']==]\n'
} >"$tmp/score.lua"

results="$tmp/results"
: >"$results"

# cpu_ticks: the server's user + system time so far, in clock ticks
cpu_ticks() {
	if [ -n "$server" ] && [ -r "/proc/$server/stat" ]; then
		# the fields after the command's name, which is in parentheses
		sed 's/^.*) //' "/proc/$server/stat" | awk '{ print $12 + $13 }'
	else
		echo -
	fi
}

# run NAME CONNS URL [wrk args]: one wrk run, its figures into $results:
# name, connections, requests/s, p99, CPU µs per request (- for nginx), errors
run() {
	name=$1 conns=$2 target=$3
	shift 3
	t0=$(cpu_ticks)
	wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$target" >"$tmp/wrk.out" 2>&1 || {
		cat "$tmp/wrk.out"; exit 1; }
	t1=$(cpu_ticks)
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
	n=$(awk '/ requests in / {print $1}' "$tmp/wrk.out")
	cpu=-
	[ "$t0" != - ] && [ "$t1" != - ] && [ "${n:-0}" -gt 0 ] &&
		cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v n="$n" \
			'BEGIN { printf "%.1f", (b - a) / hz * 1e6 / n }')
	errs=$(awk '/Non-2xx|Socket errors/ {print}' "$tmp/wrk.out" | tr '\n' ' ')
	echo "$name $conns $rps $p99 $cpu $errs" >>"$results"
}

serve() { # serve DB NAME [BINARY]: starts jixiao --demo, sets $url and $cookie
	"${3:-$jixiao}" serve --demo --listen 127.0.0.1:0 --db "$1" --access-log "$tmp/access-$2.log" \
		--threads "$threads" \
		>"$tmp/serve.out" 2>"$tmp/serve.err" &
	server=$!
	url=""
	for _ in $(seq 300); do
		url=$(sed -n 's/^jixiao is serving \(http[^ ]*\).*/\1/p' "$tmp/serve.out")
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { echo "bench_http: the server did not start"; cat "$tmp/serve.err"; exit 1; }
	pw=$(sed -n 's/.*password for all four: \([^ ]*\).*/\1/p' "$tmp/serve.out")
	cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"login\":\"tianbao\",\"password\":\"$pw\"}" "${url}api/session" |
		sed -n 's/^Set-Cookie: \(jx_session=[0-9a-f]*\).*/\1/p')
	[ -n "$cookie" ] || { echo "bench_http: cannot log in"; exit 1; }
}

# capture_get_query URL: the SELECT a GET of the evaluation runs, with its
# parameters, from the server's log, as a pgbench script ($tmp/get.sql)
capture_get_query() {
	psql -q -X "$1" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
	sleep 0.5
	: >"$tmp/pg-mark"
	curl -s -H "Cookie: $cookie" -H "Cache-Control: no-cache" "${url}api/evaluations/1" >/dev/null
	sleep 0.5
	psql -q -X "$1" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
	awk '
		/execute [^:]*: SELECT .* FROM evaluations e .*WHERE e.id = \$1/ {
			sub(/.*execute [^:]*: /, ""); sql = $0; want = 1; next }
		want && /DETAIL:  parameters:/ {
			sub(/.*parameters: /, ""); params = $0; want = 0 }
		END {
			n = split(params, p, /, /)
			for (i = 1; i <= n; i++) {
				split(p[i], kv, / = /)
				v = kv[2]; gsub(sprintf("%c", 39), "", v)
				k = kv[1]; sub(/\$/, "", k)
				printf "\\set p%s %s\n", k, v
			}
			for (i = n; i >= 1; i--) gsub("\\$" i, ":p" i, sql)
			print sql ";"
		}' "$tmp/pg/log" >"$tmp/get.sql"
	grep -q 'FROM evaluations' "$tmp/get.sql" || {
		echo "bench_http: the GET's query is not in the server's log"; exit 1; }
}

# run_pgbench URL: the GET's query alone, over the server's connections
run_pgbench() {
	pgbench -n -M prepared -c "$threads" -j 2 -T "$secs" -f "$tmp/get.sql" "$1" \
		>"$tmp/pgbench.out" 2>&1 || { cat "$tmp/pgbench.out"; exit 1; }
	tps=$(awk '/^tps = / {print $3; exit}' "$tmp/pgbench.out")
	lat=$(awk '/^latency average = / {print $4}' "$tmp/pgbench.out")
	echo "pgbench $threads $tps ${lat}ms" >>"$results"
}

unserve() {
	kill -TERM "$server"
	wait "$server" || true
	server=""
}

for backend in sqlite postgresql; do
	if [ "$backend" = sqlite ]; then
		db="$tmp/jixiao.db"
	else
		db=$(sh "$root/tests/common/pg_cluster.sh" start "$tmp/pg")
	fi
	serve "$db" "$backend"
	curl -s -H "Cookie: $cookie" "${url}api/evaluations/1" >"$tmp/evaluation.json"
	grep -q '"total":97' "$tmp/evaluation.json" || { echo "bench_http: the seed is not served"; exit 1; }
	[ "$backend" = postgresql ] && capture_get_query "$db"
	for c in 64 256; do
		run "GET-$backend" "$c" "${url}api/evaluations/1" -H "Cookie: $cookie"
		run "score-$backend" "$c" "${url}api/score" -s "$tmp/score.lua"
	done
	unserve
	[ "$backend" = postgresql ] && run_pgbench "$db"
done

# POST /api/score against the baseline build: the two servers take turns,
# each on a database of its own, so that the machine's load falls on both
if [ -n "$base_jixiao" ]; then
	for c in 64 256; do
		for which in base this; do
			bin=$jixiao
			[ "$which" = base ] && bin=$base_jixiao
			serve "$tmp/$which.db" "$which" "$bin"
			curl -s -H 'Content-Type: application/json' --data-binary @"$tmp/seed.json" \
				"${url}api/score" >"$tmp/answer-$which.json"
			run "vs-$which" "$c" "${url}api/score" -s "$tmp/score.lua"
			unserve
		done
	done
	same="the same bytes"
	cmp -s "$tmp/answer-base.json" "$tmp/answer-this.json" || same="DIFFERENT answers"
	echo "vs-answers $same ($(wc -c <"$tmp/answer-this.json") bytes)" >>"$results"
fi

# the ceiling: nginx, the same JSON as a static file, one worker per core
mkdir -p "$tmp/www" "$tmp/nginx"
cp "$tmp/evaluation.json" "$tmp/www/evaluation.json"
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
	access_log $tmp/nginx/access.log;
	client_body_temp_path $tmp/nginx;
	proxy_temp_path $tmp/nginx;
	fastcgi_temp_path $tmp/nginx;
	uwsgi_temp_path $tmp/nginx;
	scgi_temp_path $tmp/nginx;
	server {
		listen 127.0.0.1:$port;
		root $tmp/www;
		default_type application/json;
	}
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx"
sleep 0.5
curl -sf "http://127.0.0.1:$port/evaluation.json" >/dev/null || { echo "bench_http: nginx does not serve"; exit 1; }
for c in 64 256; do
	run nginx "$c" "http://127.0.0.1:$port/evaluation.json"
done
kill "$(cat "$tmp/nginx.pid")"
rm -f "$tmp/nginx.pid"

bytes=$(wc -c <"$tmp/evaluation.json")
echo "jixiao bench_http: wrk -t2, ${secs} s a run, loopback, $(nproc) cores; GET is $bytes bytes of JSON"
echo
awk -v bytes="$bytes" '
	function ms(s) {  # wrk latency text (950.00us, 1.20ms, 2.00s) in ms
		if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
		if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
		if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
		return s + 0
	}
	$1 == "pgbench" { pg_tps = $3; pg_conns = $2; pg_lat = $4; next }
	$1 == "vs-answers" { sub(/^vs-answers /, ""); answers = $0; next }
	$1 ~ /^vs-/ { vrps[$1, $2] = $3; vp99[$1, $2] = ms($4); vcpu[$1, $2] = $5
	  if ($1 == "vs-this") vconns[++nv] = $2; next }
	{ rps[$1, $2] = $3; p99[$1, $2] = ms($4); cpu[$1, $2] = $5; note[$1, $2] = ""
	  for (i = 6; i <= NF; i++) note[$1, $2] = note[$1, $2] " " $i
	  order[++n] = $1 SUBSEP $2 }
	END {
		printf "%-28s %6s %12s %10s %10s %11s\n", "", "conns", "requests/s", "p99 ms", "vs nginx", "CPU us/req"
		for (i = 1; i <= n; i++) {
			split(order[i], k, SUBSEP)
			label = k[1]
			sub(/^GET-/, "GET one evaluation, ", label)
			sub(/^score-/, "POST /api/score, ", label)
			if (label == "nginx") label = "nginx, the same JSON, static"
			ratio = rps["nginx", k[2]] ? sprintf("%.2fx", rps[k[1], k[2]] / rps["nginx", k[2]]) : "-"
			printf "%-28s %6s %12.0f %10.2f %10s %11s%s\n", label, k[2], rps[k[1], k[2]], p99[k[1], k[2]], ratio, cpu[k[1], k[2]], note[k[1], k[2]]
		}
		if (nv) {
			printf "\nPOST /api/score, sqlite, this build against the baseline build, taking turns\n"
			printf "%-28s %6s %12s %10s %11s\n", "", "conns", "requests/s", "p99 ms", "CPU us/req"
			for (i = 1; i <= nv; i++) {
				c = vconns[i]
				printf "%-28s %6s %12.0f %10.2f %11s\n", "baseline", c, vrps["vs-base", c], vp99["vs-base", c], vcpu["vs-base", c]
				printf "%-28s %6s %12.0f %10.2f %11s\n", "this build", c, vrps["vs-this", c], vp99["vs-this", c], vcpu["vs-this", c]
				rr = vrps["vs-base", c] ? sprintf("%.2fx", vrps["vs-this", c] / vrps["vs-base", c]) : "-"
				cr = vcpu["vs-this", c] + 0 ? sprintf("%.2fx", vcpu["vs-base", c] / vcpu["vs-this", c]) : "-"
				printf "%-28s %6s %12s %10s %11s\n", "gain over the baseline", c, rr, "", cr
			}
			printf "(the gain in CPU is the baseline\047s CPU per request over this build\047s)\n"
			printf "the two answers to the seed: %s\n", answers
		}
		if (pg_tps) {
			printf "\nPostgreSQL alone: pgbench -M prepared, the GET'"'"'s query and parameters,\n"
			printf "%d connections (the server'"'"'s worker threads, one connection each), same cluster\n", pg_conns
			printf "%-28s %6s %12s %10s %10s\n", "", "conns", "per second", "latency", "vs pgbench"
			printf "%-28s %6s %12.0f %10s %10s\n", "pgbench, the same query", pg_conns, pg_tps, pg_lat, "1.00x"
			for (i = 1; i <= n; i++) {
				split(order[i], k, SUBSEP)
				if (k[1] != "GET-postgresql") continue
				printf "%-28s %6s %12.0f %10s %9.2fx\n", "GET one evaluation", k[2], rps[k[1], k[2]], "", rps[k[1], k[2]] / pg_tps
			}
		}
	}' "$results"
if [ -s "$tmp/get.sql" ]; then
	echo
	echo "the pgbench script (the GET's query as the server's log shows it):"
	sed 's/^/  /' "$tmp/get.sql"
fi
