# The store a CLI test works on: the PostgreSQL named by $JX_TEST_DB
# (tests/common/with_pg.sh), else SQLite in $tmp; q runs SQL on it and J
# runs $jixiao with it.  Sourced after lib.sh, with $jixiao set.
if [ -n "${JX_TEST_DB:-}" ]; then
	db=$JX_TEST_DB
	q() { psql -qtA "$db" -c "$1"; }
else
	db=$tmp/t.db
	q() { sqlite3 "$db" "$1"; }
fi
J() { "$jixiao" "$@" --db "$db"; }
