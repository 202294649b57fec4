#!/usr/bin/python3
"""Checks a written report against the form it was written from, not against
the writer's own report model: every text of the source form and every number
jixiao scored must be in what a reader sees.

    check_source.py TEXT FORM.json RESULT.json [--form-only] [--cell-prefix N]

TEXT is the document as text (pdftotext -raw of the PDF, or of LibreOffice's
printout of the .docx); FORM.json the source form as `jixiao convert` writes
it; RESULT.json what `jixiao score --json` says of it.  Whitespace is ignored
on both sides, and page numbers (— 1 —) are taken out of the text.  Texts
longer than N characters (cells cut at a page's end) are looked for by their
first N.  The narrative's paragraphs must come in the order written.
Standard library only: run it with /usr/bin/python3.  Exits 1 with what is
missing."""
import json
import re
import sys

WS = re.compile(r"\s+")
PAGENO = re.compile(r"—\d+—")
WEIGHT = re.compile(r"[（(]\s*[\d.]+\s*分?\s*[)）]\s*$")


def squash(s):
    return WS.sub("", s)


def main(argv):
    args = argv[1:]
    form_only = "--form-only" in args
    prefix = None
    if "--cell-prefix" in args:
        prefix = int(args[args.index("--cell-prefix") + 1])
    text_path, form_path, result_path = [a for a in args if not a.startswith("--")
                                         and not a.isdigit()][:3]
    text = PAGENO.sub("", squash(open(text_path, encoding="utf-8").read()))
    form = json.load(open(form_path, encoding="utf-8"))
    res = json.load(open(result_path, encoding="utf-8"))
    missing = []

    def has(what, value):
        if value is None or value == "":
            return
        want = squash(str(value))
        if prefix and len(want) > prefix:
            want = want[:prefix]
        if want not in text:
            missing.append("%s: %s" % (what, want[:60]))

    # the form's own texts
    for key in ("fund", "department", "unit", "project", "period"):
        has(key, form.get(key))
    goal = form.get("goal", {})
    has("goal expected", goal.get("expected"))
    has("goal actual", goal.get("actual"))
    has("budget reason", form.get("budget", {}).get("reason"))
    for i, ind in enumerate(form.get("indicators", [])):
        level1 = ind.get("level1")
        if level1:
            has("indicator %d level1" % i, WEIGHT.sub("", level1))
        for key in ("level2", "name", "reason"):
            has("indicator %d %s" % (i, key), ind.get(key))
        for key in ("target", "actual"):
            v = ind.get(key)
            has("indicator %d %s" % (i, key), v if isinstance(v, str) else None)
    # the numbers jixiao scored
    has("total", "%.2f" % res["total"])
    has("grade", "等级：" + res["grade"])
    if res["budget"]["rate"] is not None:
        has("execution rate", "%.2f%%" % res["budget"]["rate"])
    has("budget score", "%.2f" % res["budget"]["score"])
    for ind in res["indicators"]:
        if ind["status"] != "empty":
            has("score of " + ind["name"], "%.2f" % ind["score"])
    # the narrative, in the order written
    if not form_only:
        rep = form.get("report", {})
        for key in ("title", "subtitle", "heading", "intro", "attachment"):
            has("report " + key, rep.get(key))
        pos = 0
        for key in ("background", "funds", "performance", "problems"):
            for para in (rep.get(key) or "").split("\n"):
                want = squash(para)
                if not want:
                    continue
                at = text.find(want, pos)
                if at < 0:
                    where = "anywhere" if want not in text else "in order"
                    missing.append("report %s paragraph not found %s: %s"
                                   % (key, where, want[:60]))
                    continue
                pos = at + len(want)
        has("generated passage", "经自评，项目总分%.2f分，评价等级为“%s”"
            % (res["total"], res["grade"]))
    for m in missing:
        print("  " + m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
