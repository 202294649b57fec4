#!/bin/bash
# A throwaway PostgreSQL cluster for the tests.
#
#   tests/common/pg_cluster.sh start DIR   prints postgresql://USER@127.0.0.1:PORT/jixiao
#   tests/common/pg_cluster.sh stop DIR    stops the cluster and removes DIR
#
# The cluster listens on a free TCP port on 127.0.0.1 only, with its unix
# socket inside DIR, trusts every local connection and skips fsync: it holds
# nothing worth keeping.  Its log is DIR/log.  initdb refuses to run as
# root, so under root the cluster belongs to the `postgres` system user (as
# Debian's postgresql package creates it) and the URL names that user.
#
# bash, not sh: $RANDOM and the /dev/tcp probe.
set -u

prog=${0##*/}
marker=.jx-pg-cluster # in DIR: what `stop` may remove

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog start DIR | stop DIR" >&2
	exit 2
}

# The newest Debian installation (/usr/lib/postgresql/VERSION/bin), else
# whatever initdb is on PATH.
find_bindir() {
	local best
	best=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	if [ -n "$best" ] && [ -x "$best/initdb" ]; then
		echo "$best"
	elif command -v initdb >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
	else
		return 1
	fi
}

# Runs a command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$owner" -- "$@"
	else
		"$@"
	fi
}

port_free() {
	if command -v ss >/dev/null 2>&1; then
		[ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
	else
		# nothing accepts a connection there
		! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

pick_port() {
	local port tries
	for tries in $(seq 1 100); do
		port=$((20000 + RANDOM % 20001))
		if port_free "$port"; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

log_tail() {
	echo "$prog: the end of $dir/log:" >&2
	tail -n 20 "$dir/log" >&2 2>/dev/null
}

start() {
	local bindir port tries
	bindir=$(find_bindir) ||
		die "no initdb: install PostgreSQL (Debian: apt-get install postgresql)"
	if [ "$(id -u)" -eq 0 ]; then
		owner=postgres
		id -u "$owner" >/dev/null 2>&1 ||
			die "running as root, and there is no '$owner' user to own the cluster"
	else
		owner=$(id -un)
	fi

	if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
		die "$dir exists and is not empty"
	fi
	mkdir -p "$dir" || die "cannot create $dir"
	dir=$(cd "$dir" && pwd) || die "cannot enter $dir"
	case $dir in
	*"'"*) die "$dir: a quote in the path would break postgresql.conf" ;;
	esac
	# stop needs to know what it may remove and how, before anything can fail
	printf 'bindir=%s\nowner=%s\n' "$bindir" "$owner" >"$dir/$marker" ||
		die "cannot write in $dir"
	mkdir "$dir/sock" || die "cannot write in $dir"
	: >"$dir/log" || die "cannot write in $dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$owner" "$dir" || die "cannot give $dir to $owner"
		runuser -u "$owner" -- test -w "$dir" -a -x "$dir" ||
			die "$owner cannot reach $dir (a parent directory is closed to it);" \
				"give a directory it can reach, e.g. \$(mktemp -d) itself"
	fi
	# the postgres user may not be able to enter the caller's directory
	cd "$dir" || die "cannot enter $dir"

	as_owner "$bindir/initdb" -D "$dir/data" -U "$owner" -A trust -E UTF8 --locale=C \
		--no-sync >>"$dir/log" 2>&1 || { log_tail; die "initdb failed"; }
	cat >>"$dir/data/postgresql.conf" <<EOF

# pg_cluster.sh: a throwaway cluster for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

	# Another process may take the port between the probe and the bind:
	# then pick again.
	for tries in 1 2 3 4 5; do
		port=$(pick_port) || die "no free port in 20000-40000"
		echo "port = $port" >>"$dir/data/postgresql.conf"
		if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 start \
			>>"$dir/log" 2>&1; then
			break
		fi
		if [ "$tries" -eq 5 ]; then
			log_tail
			die "the server did not start"
		fi
	done

	local waited=0
	until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; do
		waited=$((waited + 1))
		if [ "$waited" -ge 30 ]; then
			log_tail
			as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
			die "the server did not accept connections within 30 s"
		fi
		sleep 1
	done

	if ! as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$owner" jixiao \
		>>"$dir/log" 2>&1; then
		log_tail
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
		die "createdb failed"
	fi
	echo "postgresql://$owner@127.0.0.1:$port/jixiao"
}

stop() {
	local bindir
	# Removing DIR is only safe when start made it.
	[ -f "$dir/$marker" ] || die "$dir was not made by '$prog start'"
	dir=$(cd "$dir" && pwd) || die "cannot enter $dir"
	bindir=$(sed -n 's/^bindir=//p' "$dir/$marker")
	owner=$(sed -n 's/^owner=//p' "$dir/$marker")
	cd / || die "cannot enter /"
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>>"$dir/log" ||
			{ log_tail; die "pg_ctl stop failed; $dir is left in place"; }
	fi
	rm -rf -- "$dir" || die "cannot remove $dir"
}

if [ $# -ne 2 ] || [ -z "$2" ]; then
	usage
fi
dir=$2
owner=
case $1 in
start) start ;;
stop) stop ;;
*) usage ;;
esac
