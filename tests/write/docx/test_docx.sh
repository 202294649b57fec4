#!/bin/sh
# The Word writer (src/io/docx_write.c), checked against what real readers
# see: Python's xml.etree parses every part and checks styles, sections
# and the form's tables cell by cell; LibreOffice converts each document
# to PDF, and pdfinfo and pdftotext read the pages back.  What the pages say
# is checked against the report model (docx_driver --json) and against the
# source form itself and what `jixiao score` makes of it
# (tests/common/check_source.py), so that a mistake in the model shows too.
# Run from the source directory:
#   tests/write/docx/test_docx.sh path/to/docx_driver path/to/jixiao
#
# Needs /usr/bin/python3 (standard library only; the python3 on PATH may
# be another one), soffice with Writer (libreoffice-writer-nogui) and
# poppler-utils.
set -u
. "$(dirname "$0")/../../common/lib.sh"
driver=$1
jixiao=$2
py=/usr/bin/python3
check="$py tests/write/docx/check_docx.py"
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml

for tool in soffice pdftotext pdfinfo; do
	command -v $tool >/dev/null || { echo "FAIL $tool is not installed"; exit 1; }
done

# A private LibreOffice profile, so that a running LibreOffice or another
# test does not hold the conversion.
soffice() {
	HOME="$tmp" command soffice "-env:UserInstallation=file://$tmp/profile-$$" --headless "$@" \
		>>"$tmp/soffice.log" 2>&1
}

# ---- the documents ----
$check form big 60 >"$tmp/big.yaml"
$check form long 10000 >"$tmp/long.yaml"
mkdir "$tmp/doc" "$tmp/pdf"
for f in seed:$seed big:$tmp/big.yaml long:$tmp/long.yaml; do
	name=${f%%:*}
	file=${f#*:}
	check "write $name" run "$driver" "$file" "$tmp/doc/$name.docx"
	check "content $name" run sh -c '"$1" --json "$2" >"$3"' - "$driver" "$file" "$tmp/$name.json"
done
check "write the seed's form alone" run "$driver" --form-only "$seed" "$tmp/doc/formonly.docx"
check "content of the form alone" run sh -c '"$1" --form-only --json "$2" >"$3"' - "$driver" \
	"$seed" "$tmp/formonly.json"

# ---- the parts, read with xml.etree ----
for name in seed big long formonly; do
	check "structure $name" $check structure "$tmp/doc/$name.docx" "$tmp/$name.json"
done
check "seed: 10 columns" contains "$tmp/seed.json" '"n_cols": 10'

# ---- LibreOffice prints them ----
soffice --convert-to pdf --outdir "$tmp/pdf" "$tmp"/doc/*.docx
for name in seed big long formonly; do
	if ! [ -s "$tmp/pdf/$name.pdf" ]; then
		echo "FAIL LibreOffice did not convert $name.docx (Writer: libreoffice-writer-nogui)"
		cat "$tmp/soffice.log"
		fail=$((fail + 1))
	fi
done
if [ -s "$tmp/pdf/seed.pdf" ]; then
	# the seed's indicators take two landscape pages: the header opens both
	check "printout seed" $check printout "$tmp/pdf/seed.pdf" "$tmp/seed.json" --repeats
	pdftotext -raw "$tmp/pdf/seed.pdf" - | tr -d ' \n' >"$tmp/seed.txt"
	check "printout seed: 97 优" contains "$tmp/seed.txt" "97.00等级：优"
	check "printout seed: page numbers" contains "$tmp/seed.txt" "—1—"
fi
[ -s "$tmp/pdf/big.pdf" ] &&
	check "printout 60 indicators" $check printout "$tmp/pdf/big.pdf" "$tmp/big.json" --repeats
if [ -s "$tmp/pdf/long.pdf" ]; then
	check "printout 10 000 characters, emoji, rare CJK" $check printout "$tmp/pdf/long.pdf" \
		"$tmp/long.json"
	pdftotext -raw "$tmp/pdf/long.pdf" "$tmp/long.txt"
	check "printout: the emoji" contains "$tmp/long.txt" "😀"
	check "printout: <>&\"'\\ as typed" contains "$tmp/long.txt" "特殊字符：<>&\"'\\"
fi
[ -s "$tmp/pdf/formonly.pdf" ] &&
	check "printout the form alone" $check printout "$tmp/pdf/formonly.pdf" "$tmp/formonly.json"

# ---- the printouts against the source forms, not the report model ----
source_of() {  # source_of NAME FORM: NAME.form.json and NAME.result.json
	"$jixiao" convert "$2" -o "$tmp/$1.form.json" 2>"$tmp/err" &&
		"$jixiao" score --json "$2" >"$tmp/$1.result.json" 2>"$tmp/err" ||
		{ cat "$tmp/err"; return 1; }
}
srcck() {  # srcck NAME SOURCE [OPTIONS]: every text of the source is in NAME's printout
	pdf_=$tmp/pdf/$1.pdf
	src_=$2
	shift 2
	[ -s "$pdf_" ] && pdftotext -raw -enc UTF-8 "$pdf_" "$pdf_.txt" &&
		$py tests/common/check_source.py "$pdf_.txt" "$tmp/$src_.form.json" \
			"$tmp/$src_.result.json" "$@"
}
check "seed: the source" source_of seed "$seed"
check "big: the source" source_of big "$tmp/big.yaml"
check "printout seed: every text and score of the source form" srcck seed seed
check "printout of the form alone: every text and score of the source" srcck formonly seed \
	--form-only
check "printout 60 indicators: every text and score of the source" srcck big big

# ---- atomic writing ----
check "no directory: JX_EIO" eio "$tmp/missing/report.docx" \
	"$driver" "$seed" "$tmp/missing/report.docx"
check "no directory: nothing created" test ! -e "$tmp/missing"

mkdir "$tmp/at"
check "new file" run "$driver" "$seed" "$tmp/at/report.docx"
check "new file mode 644" test "$(stat -c %a "$tmp/at/report.docx")" = 644
check "replace" run "$driver" --form-only "$seed" "$tmp/at/report.docx"
check "replace: no temporary left" only "$tmp/at" report.docx
cp "$tmp/at/report.docx" "$tmp/good.docx"

# the write fails (the file size limit): the old file stays
check "write fails: JX_EIO" eio "$tmp/at/report.docx" \
	sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' - "$driver" "$seed" "$tmp/at/report.docx"
check "write fails: old file intact" cmp -s "$tmp/good.docx" "$tmp/at/report.docx"
check "write fails: no temporary left" only "$tmp/at" report.docx

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
	cp "$tmp/good.docx" "$tmp/ro/report.docx"
	chmod 555 "$tmp/ro"
	check "read-only directory: JX_EIO" eio "$tmp/ro/report.docx" \
		$as "$driver" "$seed" "$tmp/ro/report.docx"
	check "read-only directory: old file intact" cmp -s "$tmp/good.docx" "$tmp/ro/report.docx"
	check "read-only directory: no temporary left" only "$tmp/ro" report.docx
	chmod 755 "$tmp/ro"
fi

echo "$((count - fail))/$count docx checks passed"
[ "$fail" -eq 0 ]
