#!/bin/sh
# The report as one HTML page: self-contained, accessible, escaped, and
# saying the same numbers as the scored form.  Run from the source
# directory: tests/write/html/test_html.sh path/to/jixiao
set -u
jixiao=$1
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$jixiao" render "$seed" -o "$tmp/seed.html" || { echo "FAIL render"; exit 1; }
"$jixiao" score --json "$seed" > "$tmp/seed.json" || exit 1
"$jixiao" render "$seed" --form-only -o "$tmp/form.html" || { echo "FAIL form-only"; exit 1; }

# a form whose texts try to break out of the page
sed -e 's/^project: .*/project: "<script>alert(1)<\/script> \& \\"引号\\" 项目"/' \
	-e 's/^  problems: |-/  problems: |-\n    第一段 <b>未完成<\/b> \& 1 < 2/' "$seed" > "$tmp/evil.yaml"
"$jixiao" render "$tmp/evil.yaml" -o "$tmp/evil.html" || { echo "FAIL evil render"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import html.parser, json, re, sys
tmp = sys.argv[1]
fails = []
def check(ok, what):
    if not ok:
        fails.append(what)
        print("FAIL", what)

class Page(html.parser.HTMLParser):
    VOID = {"meta", "col", "br", "link", "img", "input", "hr"}
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.cells, self.text = [], [], [], []
        self.scopes, self.heads, self.external = [], [], []
        self.cur = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if k in a:
                self.external.append(a[k])
        if tag == "script":
            self.external.append("<script>")
        if tag in ("th", "td"):
            self.cur = []
            if tag == "th":
                self.scopes.append(a.get("scope"))
        if tag in ("h1", "h2", "h3"):
            self.heads.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "-"))
        else:
            self.stack.pop()
        if tag in ("th", "td") and self.cur is not None:
            self.cells.append("".join(self.cur))
            self.cur = None
    def handle_data(self, data):
        self.text.append(data)
        if self.cur is not None:
            self.cur.append(data)

def load(name):
    p = Page()
    src = open("%s/%s" % (tmp, name), encoding="utf-8").read()
    p.feed(src)
    p.close()
    return p, src

seed, src = load("seed.html")
r = json.load(open(tmp + "/seed.json", encoding="utf-8"))
check(src.startswith("<!DOCTYPE html>"), "doctype")
check('lang="zh-CN"' in src, "lang zh-CN")
check(not seed.errors and not seed.stack, "well nested: %s" % seed.errors[:3])
check(not seed.external, "self-contained (no src/href/script): %s" % seed.external[:3])
check("<caption>（2020）年度项目支出绩效自评表</caption>" in src, "table caption")
check(seed.scopes.count("col") >= 8, "column headers with scope=col")
check(all(s in ("col", "row", "rowgroup", None) for s in seed.scopes), "scopes")
check(seed.heads[:1] == ["h1"] and "h2" in seed.heads and "h3" in seed.heads, "headings h1 > h2 > h3")
check("@media print" in src and "A4" in src, "print styles")
text = re.sub(r"\s+", "", "".join(seed.text))
cells = [re.sub(r"\s+", "", c) for c in seed.cells]
def cell_has(v):
    return re.sub(r"\s+", "", v) in cells
# the same numbers as the scored form
check(cell_has("%.2f" % r["total"]), "total cell %.2f" % r["total"])
check(cell_has("等级：" + r["grade"]), "grade cell")
check(cell_has("%.2f%%" % r["budget"]["rate"]), "rate cell")
check(cell_has("%.2f" % r["budget"]["score"]), "budget score cell")
for ind in r["indicators"]:
    check(cell_has(ind["name"]), "indicator %s" % ind["name"])
    if ind["status"] != "empty":
        check(cell_has(ind["target"]["text"]), "target of %s" % ind["name"])
        check(cell_has(ind["actual"]["text"]), "actual of %s" % ind["name"])
        check(cell_has("%.2f" % ind["score"]), "score of %s" % ind["name"])
        if ind.get("reason"):
            check(cell_has(ind["reason"]), "reason of %s" % ind["name"])
check("经自评，项目总分97.00分，评价等级为“优”" in text, "generated performance passage")
check('class="generated"' in src and "据自评表数据生成" in text, "generated text marked")
check("受疫情和经济下行压力影响，符合申报条件企业数量没有达到预期目标" in text, "user text")
order = ["一、企业技术创新中心奖励项目", "（一）项目基本情况", "（二）资金下拨及使用情况",
         "（三）资金绩效情况", "（四）存在问题及意见建议", "附件2"]
pos = [text.find(o) for o in order]
check(all(p >= 0 for p in pos) and pos == sorted(pos), "sections in order: %s" % pos)

form, fsrc = load("form.html")
check("<h1>" not in fsrc and "项目基本情况" not in fsrc, "form only: no narrative")
check("<caption>" in fsrc, "form only: the table")

evil, esrc = load("evil.html")
check("<script>" not in esrc and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;" in esrc,
      "texts escaped")
check("&lt;b&gt;未完成&lt;/b&gt; &amp; 1 &lt; 2" in esrc, "paragraph escaped")
check(not evil.errors and not evil.external, "escaped page well formed")
print("html: %d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
exit $fail
