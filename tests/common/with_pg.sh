#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster: starts one, exports
# its URL as JX_TEST_DB, runs the command, stops and removes the cluster.
#   tests/common/with_pg.sh COMMAND [ARG...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-pg-XXXXXX")
chmod 711 "$dir" # the postgres user must reach the cluster inside
url=$("$here/pg_cluster.sh" start "$dir/cluster") || {
	echo "with_pg: could not start PostgreSQL" >&2
	cat "$dir/cluster/log" 2>/dev/null >&2
	rm -rf "$dir"
	exit 1
}
trap '"$here/pg_cluster.sh" stop "$dir/cluster" >/dev/null 2>&1; rm -rf "$dir"' EXIT INT TERM
JX_TEST_DB=$url "$@"
