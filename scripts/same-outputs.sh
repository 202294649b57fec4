#!/bin/sh
# Compares what two builds of jixiao write for the same inputs: the table,
# the JSON result, the findings, converted forms, and every document
# format.  For a change that must leave every output as it was.
#   scripts/same-outputs.sh OLD_JIXIAO NEW_JIXIAO
# Compares bytes, except where a format carries the time it was made: a
# workbook or a Word file is compared part by part without docProps/core.xml,
# a PDF by its text (pdftotext) and its fonts (pdffonts).  Prints each
# difference; exits 1 when there is one.
set -u
old=$1
new=$2
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
diffs=0

# normalise: a document as comparable text on stdout
norm() {
	case "$1" in
	*.xlsx | *.docx)
		mkdir "$1.d" && (cd "$1.d" && unzip -q ../"$(basename "$1")") &&
			find "$1.d" -type f ! -name core.xml | sort | xargs cat ;;
	*.pdf) pdftotext -layout "$1" - && pdffonts "$1" | awk 'NR > 2 { print $1, $2, $3 }' ;;
	*) cat "$1" ;;
	esac
}

# run NAME ARGS...: both builds, same arguments ({} is the output folder)
run() {
	name=$1
	shift
	for side in old new; do
		bin=$old
		[ $side = new ] && bin=$new
		mkdir -p "$tmp/$side"
		args=$(printf '%s\n' "$@" | sed "s|{}|$tmp/$side|g")
		# shellcheck disable=SC2086
		(IFS='
'
		"$bin" $args >"$tmp/$side/$name.out" 2>"$tmp/$side/$name.err"
		echo "exit $?" >>"$tmp/$side/$name.err")
	done
	for a in "$tmp/old/$name".out "$tmp/old/$name".err; do
		b="$tmp/new/${a#"$tmp/old/"}"
		sed "s|$tmp/old|OUT|g" "$a" >"$a.n"
		sed "s|$tmp/new|OUT|g" "$b" >"$b.n"
		if ! cmp -s "$a.n" "$b.n"; then
			echo "DIFFERS: $name ($(basename "$a"))"
			diff "$a.n" "$b.n" | head -10
			diffs=$((diffs + 1))
		fi
	done
}

# doc NAME FILE: the same output document of both builds
doc() {
	# neither build wrote it (the input is refused: run compared the messages)
	[ -e "$tmp/old/$2" ] || [ -e "$tmp/new/$2" ] || return 0
	norm "$tmp/old/$2" >"$tmp/old/$1.doc" 2>&1
	norm "$tmp/new/$2" >"$tmp/new/$1.doc" 2>&1
	if ! cmp -s "$tmp/old/$1.doc" "$tmp/new/$1.doc"; then
		echo "DIFFERS: $1 ($2)"
		diff "$tmp/old/$1.doc" "$tmp/new/$1.doc" | head -10
		diffs=$((diffs + 1))
	fi
}

n=0
for f in examples/*.yaml tests/vectors/scoring/*.yaml tests/vectors/scoring/*.json tests/write/xlsx/*.yaml; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	for rules in "" local-hao-2021; do
		r=${rules:+--rules=$rules}
		run "score$n$rules" score ${r:+"$r"} "$f"
		run "json$n$rules" score --json ${r:+"$r"} "$f"
	done
	run "check$n" check "$f"
	run "checkjson$n" check --json "$f"
	run "yaml$n" convert "$f" -o "{}/f$n.yaml"
	doc "yaml$n" "f$n.yaml"
	for fmt in xlsx pdf docx html; do
		run "render$n$fmt" render "$f" -o "{}/f$n.$fmt"
		doc "render$n$fmt" "f$n.$fmt"
	done
	run "form$n" render --form-only "$f" -o "{}/f$n-form.pdf"
	doc "form$n" "f$n-form.pdf"
	# the rendered workbook, read back
	run "book$n" score --json "{}/f$n.xlsx"
done
# an award programme: its check, its derived form and its three lists
for f in examples/programme-*.yaml; do
	n=$((n + 1))
	run "prog$n" programme check --json "$f"
	run "derive$n" programme derive --json "$f" examples/seed-2020-zhuzhou-innovation-centres.yaml
	for list in awards scores payments; do
		run "list$n$list" programme xlsx "$f" $list "{}/p$n-$list.xlsx"
		doc "list$n$list" "p$n-$list.xlsx"
	done
done
# the year's cycle: a declaration's checks and form; a monitoring's
# warnings, its table and its report
decl=examples/seed-2020-declaration.yaml
n=$((n + 1))
run "declare$n" declare check --json "$decl"
run "declform$n" declare form "$decl"
for f in examples/seed-2020-monitoring-*.yaml; do
	n=$((n + 1))
	run "monitor$n" monitor --json --declaration "$decl" "$f"
	run "montable$n" monitor "$f" -o "{}/m$n.xlsx"
	doc "montable$n" "m$n.xlsx"
	for fmt in pdf docx html; do
		run "monreport$n$fmt" monitor "$f" --report "{}/m$n.$fmt"
		doc "monreport$n$fmt" "m$n.$fmt"
	done
done
for f in tests/vectors/bad/*; do
	case "$f" in *.err) continue ;; esac
	n=$((n + 1))
	run "bad$n" check "$f"
done
echo "$n inputs compared, $diffs differences"
[ "$diffs" -eq 0 ]
