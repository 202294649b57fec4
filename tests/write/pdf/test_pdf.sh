#!/bin/sh
# The PDF writer (src/io/pdf_write.c), checked against what poppler reads
# back: pdftotext finds every text of the report and the form (the
# narrative in reading order), pdffonts the embedded CJK fonts, pdfinfo the
# page sizes and the metadata.  The texts are checked twice: against what
# the report model says the PDF must hold (pdf_driver --dump), and against
# the source form itself and what `jixiao score` makes of it
# (tests/common/check_source.py), so that a mistake in the model shows too.
# Run from the source directory:
#   tests/write/pdf/test_pdf.sh path/to/pdf_driver path/to/jixiao
#
# Needs /usr/bin/python3 (the python3 on PATH may be another one) and
# poppler-utils (pdftotext, pdffonts, pdfinfo).
set -u
. "$(dirname "$0")/../../common/lib.sh"
driver=$1
jixiao=$2
py=/usr/bin/python3
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml

pdfck() {  # pdfck ARGS...: tests/write/pdf/check_pdf.py
	"$py" tests/write/pdf/check_pdf.py "$@"
}

dump() {  # dump OUT ARGS...: what the PDF must hold (pdf_driver --dump)
	out=$1
	shift
	"$driver" --dump "$@" >"$out" 2>"$tmp/err" || { echo "  --dump $*"; cat "$tmp/err"; return 1; }
}

# Under ASan: the suite's suppressions and this test's (tests/write/pdf/lsan.supp:
# a leak inside cairo, which only the slow unwinder can name)
cat tests/lsan.supp tests/write/pdf/lsan.supp >"$tmp/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp:print_suppressions=0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS

for tool in pdftotext pdffonts pdfinfo; do
	command -v $tool >/dev/null || { echo "FAIL $tool is not installed (poppler-utils)"; exit 1; }
done

# ---- the seed: report on portrait pages, the form on landscape ones ----
check "seed renders" run "$driver" "$seed" "$tmp/seed.pdf"
check "seed contents" dump "$tmp/seed.dump" "$seed"
check "seed: every paragraph in order, every cell" pdfck text "$tmp/seed.pdf" "$tmp/seed.dump"
check "seed: generated passages labelled" contains "$tmp/seed.dump" "para-generated	"
check "seed: CJK fonts embedded" pdfck fonts "$tmp/seed.pdf"
check "seed: A4 portrait, then A4 landscape" pdfck pages "$tmp/seed.pdf" 'P+L+'
check "seed: metadata" pdfck info "$tmp/seed.pdf" \
	"Title=2020年度市经济信息产业发展专项资金绩效自评报告" Author=jixiao \
	"Subject=项目支出绩效自评报告" Creator=jixiao
pdftotext -raw "$tmp/seed.pdf" - | tr -d ' \n' >"$tmp/seed.txt"
check "seed: the generated label" contains "$tmp/seed.txt" "据自评表数据生成"
check "seed: page numbers" contains "$tmp/seed.txt" "—1—"
check "seed: the attachment label" contains "$tmp/seed.txt" "附件2（2020）年度项目支出绩效自评表"
check "seed: 97 优" contains "$tmp/seed.txt" "97.00等级：优"

# ---- against the source form, not the report model ----
source_of() {  # source_of NAME FORM: NAME.form.json and NAME.result.json
	"$jixiao" convert "$2" -o "$tmp/$1.form.json" 2>"$tmp/err" &&
		"$jixiao" score --json "$2" >"$tmp/$1.result.json" 2>"$tmp/err" ||
		{ cat "$tmp/err"; return 1; }
}
srcck() {  # srcck PDF NAME [OPTIONS]: every text of the source form is in the PDF
	pdf_=$1
	name_=$2
	shift 2
	pdftotext -raw -enc UTF-8 "$pdf_" "$tmp/$name_.txt" &&
		"$py" tests/common/check_source.py "$tmp/$name_.txt" "$tmp/$name_.form.json" \
			"$tmp/$name_.result.json" "$@"
}
check "seed: the source" source_of seed "$seed"
check "seed: every text and score of the source form" srcck "$tmp/seed.pdf" seed
over=tests/vectors/scoring/road-overspent-not-below.yaml
check "over 100%: the source" source_of over "$over"
check "over 100% renders" run "$driver" "$over" "$tmp/over.pdf"
check "over 100%: every text and score of the source form" srcck "$tmp/over.pdf" over
# after another form in the same process: the fonts' tables, cut once per
# process for the characters drawn so far, are cut again for the new ones
check "over 100% after the seed renders" run "$driver" --after "$seed" "$over" "$tmp/over2.pdf"
check "over 100% after the seed: every text and score" srcck "$tmp/over2.pdf" over
check "over 100% after the seed: the same fonts" test "$(pdffonts "$tmp/over.pdf")" = "$(pdffonts "$tmp/over2.pdf")"
check "over 100% after the seed: the same text" \
	test "$(pdftotext -layout "$tmp/over.pdf" -)" = "$(pdftotext -layout "$tmp/over2.pdf" -)"

# the same report twice, and from four threads at once: the same bytes
# (but for the creation date)
check "seed, 4 threads" run "$driver" --threads 4 "$seed" "$tmp/again.pdf"
for i in "" .1 .2 .3 .4; do
	check "same PDF$i" pdfck same "$tmp/seed.pdf" "$tmp/again.pdf$i"
done

# text that is not UTF-8 (from a caller; the readers refuse it): repaired,
# not warned about on stderr, not failing the document
check "not UTF-8: renders" run "$driver" --bad-utf8 "$seed" "$tmp/bad.pdf"
check "not UTF-8: nothing printed" test ! -s "$tmp/err"
check "not UTF-8: pages" pdfck pages "$tmp/bad.pdf" 'P+L+'

# ---- the form alone ----
check "form only renders" run "$driver" --form-only "$seed" "$tmp/form.pdf"
check "form only contents" dump "$tmp/form.dump" --form-only "$seed"
check "form only: every cell" pdfck text "$tmp/form.pdf" "$tmp/form.dump"
check "form only: landscape pages only" pdfck pages "$tmp/form.pdf" 'L+'
check "form only: every text and score of the source form" srcck "$tmp/form.pdf" seed --form-only
check "form only: titled by its caption" pdfck info "$tmp/form.pdf" \
	"Title=（2020）年度项目支出绩效自评表"

# ---- 60 indicators: the table across pages ----
check "60 indicators: form" pdfck gen-many 60 "$tmp/many.json"
check "60 indicators render" run "$driver" "$tmp/many.json" "$tmp/many.pdf"
check "60 indicators contents" dump "$tmp/many.dump" "$tmp/many.json"
check "60 indicators: every text" pdfck text "$tmp/many.pdf" "$tmp/many.dump"
check "60 indicators: the source" source_of many "$tmp/many.json"
check "60 indicators: every text and score of the source form" srcck "$tmp/many.pdf" many
check "60 indicators: header on every page, each row once, total last" \
	pdfck many "$tmp/many.pdf" 60
check "60 indicators: report then form" pdfck pages "$tmp/many.pdf" 'P+LL+'

# ---- absurd texts: 10 000 characters, emoji, CJK no font has ----
check "absurd texts: form" pdfck gen-long "$tmp/long.json"
check "absurd texts render" run "$driver" "$tmp/long.json" "$tmp/long.pdf"
check "absurd texts contents" dump "$tmp/long.dump" "$tmp/long.json"
# every line of the narrative is set, however many pages it takes; a cell
# too tall for a page is cut there: its beginning is shown
check "absurd texts: the narrative whole, cells begun" \
	pdfck text "$tmp/long.pdf" "$tmp/long.dump" --cell-prefix 30 --box 𠀀
check "absurd texts: A4 pages" pdfck pages "$tmp/long.pdf" 'P+L+'
check "absurd texts, form only" run "$driver" --form-only "$tmp/long.json" "$tmp/longform.pdf"
check "absurd texts, form only: landscape" pdfck pages "$tmp/longform.pdf" 'L+'

# ---- atomic writing ----
check "no directory: JX_EIO" eio "$tmp/missing/report.pdf" \
	"$driver" "$seed" "$tmp/missing/report.pdf"
check "no directory: nothing created" test ! -e "$tmp/missing"

mkdir "$tmp/at"
check "new file" run "$driver" "$seed" "$tmp/at/report.pdf"
check "new file mode 644" test "$(stat -c %a "$tmp/at/report.pdf")" = 644
cp "$tmp/at/report.pdf" "$tmp/good.pdf"

# the path is a directory: rename fails, the directory stays as it was
mkdir "$tmp/at/dir.pdf"
check "path is a directory: JX_EIO" eio "$tmp/at/dir.pdf" "$driver" "$seed" "$tmp/at/dir.pdf"
check "path is a directory: still an empty directory" only "$tmp/at/dir.pdf"
check "path is a directory: no temporary left" only "$tmp/at" dir.pdf report.pdf

# writing fails (the file size limit): the old file stays
check "write fails: JX_EIO" eio "$tmp/at/report.pdf" \
	sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' - "$driver" --form-only "$seed" "$tmp/at/report.pdf"
check "write fails: old file intact" cmp -s "$tmp/good.pdf" "$tmp/at/report.pdf"
check "write fails: no temporary left" only "$tmp/at" dir.pdf report.pdf

# a read-only directory: the temporary cannot be created, the old file stays
# (root ignores permissions: run the driver as nobody then)
as=""
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 755 "$tmp"
	else
		as=skip
	fi
fi
if [ "$as" = skip ]; then
	echo "SKIP read-only directory (root without setpriv)"
else
	mkdir "$tmp/ro"
	cp "$tmp/good.pdf" "$tmp/ro/report.pdf"
	chmod 555 "$tmp/ro"
	check "read-only directory: JX_EIO" eio "$tmp/ro/report.pdf" \
		$as "$driver" "$seed" "$tmp/ro/report.pdf"
	check "read-only directory: old file intact" cmp -s "$tmp/good.pdf" "$tmp/ro/report.pdf"
	check "read-only directory: no temporary left" only "$tmp/ro" report.pdf
	chmod 755 "$tmp/ro"
fi

echo "$((count - fail))/$count pdf checks passed"
[ "$fail" -eq 0 ]
