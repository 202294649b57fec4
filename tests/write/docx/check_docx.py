#!/usr/bin/python3
"""Checks of the Word writer (src/io/docx_write.c), against what a reader
sees: the parts parsed with xml.etree, the LibreOffice printout read back
with poppler.  Standard library only (run it with /usr/bin/python3).

  check_docx.py structure DOCX REPORT.json
      every part well-formed; styles defined and used; the sections; the
      form's tables: grid, spans and merges as REPORT.json (docx_driver
      --json) says, header row, rows that do not split
  check_docx.py printout PDF REPORT.json
      the pages: portrait then landscape (landscape only for the form
      alone); pdftotext -raw holds every cell of the form and every
      paragraph of the report, the paragraphs in reading order, and the
      indicator header on every page of the indicator table
  check_docx.py form big|long N
      prints a generated form: N indicators, or one with a reason of N
      characters, emoji and a rare CJK character

Exits 1 with the reasons on a failed check.
"""
import json
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PARTS = [
    "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
    "word/settings.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
    "docProps/app.xml",
]
LANDSCAPE_WIDTH = 16838 - 2 * 1134  # between the landscape margins
GENERATED_LABEL = "据自评表数据生成"
ROLE_STYLE = {0: "TableLabel", 1: "TableText", 2: "TableNumber", 3: "TableTotal"}

problems = []


def expect(ok, message):
    if not ok:
        problems.append(message)
    return ok


def finish():
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


def val(el, name, attr="val"):
    """The w:val (or another attribute) of child `name`, None when absent."""
    if el is None:
        return None
    c = el.find(W + name)
    return None if c is None else c.get(W + attr)


def as_written(s):
    """A text as the document holds it: the characters XML 1.0 forbids
    dropped (C0 controls, U+FFFE, U+FFFF), and carriage returns."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]", "", s)


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag == W + "br":
            out.append("\n")
    return "".join(out)


def para_style(p):
    return val(p.find(W + "pPr"), "pStyle")


# ---- structure ----

def table_cells(tbl, first_row):
    """The cells a reader sees in a w:tbl: vertical merges joined, and a
    cell open below (bottom border nil) joined with the one under it."""
    cells, active = [], {}
    rows = tbl.findall(W + "tr")
    n_grid = len(tbl.find(W + "tblGrid").findall(W + "gridCol"))
    for i, tr in enumerate(rows):
        col = 0
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = int(val(pr, "gridSpan") or 1)
            vm = pr.find(W + "vMerge")
            paras = tc.findall(W + "p")
            text = "\n".join(para_text(p) for p in paras)
            if vm is not None and vm.get(W + "val", "continue") == "continue":
                c = active.get(col)
                if expect(c is not None and c["cols"] == span,
                          f"row {first_row + i} col {col}: vMerge continue without a "
                          f"restart of the same gridSpan above"):
                    c["rows"] += 1
                expect(text == "", f"row {first_row + i} col {col}: a covered cell holds text")
            else:
                borders = pr.find(W + "tcBorders")
                c = {"row": first_row + i, "col": col, "rows": 1, "cols": span, "text": text,
                     "open_top": val(borders, "top") == "nil",
                     "open_foot": val(borders, "bottom") == "nil",
                     "styles": {para_style(p) for p in paras},
                     "shaded": val(pr, "shd", "fill")}
                cells.append(c)
                if vm is not None:
                    active[col] = c
                else:
                    active.pop(col, None)
            col += span
        expect(col == n_grid, f"row {first_row + i}: cells span {col} columns, the grid {n_grid}")
    # a cell cut at a repeated header row, drawn as one
    for c in list(cells):
        if c["open_foot"]:
            below = [d for d in cells if d["row"] == c["row"] + c["rows"] and d["col"] == c["col"]
                     and d["cols"] == c["cols"] and d["open_top"]]
            if expect(len(below) == 1, f"row {c['row']} col {c['col']}: open below, nothing "
                      f"continues it"):
                d = below[0]
                c["rows"] += d["rows"]
                c["text"] = c["text"] + d["text"]
                cells.remove(d)
    return cells


def check_structure(docx, report_path):
    rep = json.load(open(report_path, encoding="utf-8"))
    form = rep["form"]
    z = zipfile.ZipFile(docx)
    names = set(z.namelist())
    trees = {}
    for n in sorted(names):
        try:
            trees[n] = ET.fromstring(z.read(n))
        except ET.ParseError as e:
            expect(False, f"{n}: not well-formed XML: {e}")
    for n in PARTS:
        expect(n in names, f"{n}: missing")
    if problems:
        return

    # content types and relationships name every part
    ct = trees["[Content_Types].xml"]
    overrides = {o.get("PartName") for o in ct}
    for n in names:
        if n.endswith(".xml") and not n.startswith("["):
            expect("/" + n in overrides, f"[Content_Types].xml: no Override for {n}")
    rels = {r.get("Id"): r.get("Target") for r in trees["word/_rels/document.xml.rels"]}
    for target in rels.values():
        expect("word/" + target in names, f"document.xml.rels: {target} is not in the package")

    core = trees["docProps/core.xml"]
    dc = "{http://purl.org/dc/elements/1.1/}"
    expect(core.findtext(dc + "title") == rep["title"], "core.xml: title is not the report's")
    expect(core.findtext(dc + "creator") == "jixiao", "core.xml: creator is not jixiao")
    expect(core.findtext(dc + "subject") == "项目支出绩效自评报告", "core.xml: subject")

    # styles
    styles = {s.get(W + "styleId"): s for s in trees["word/styles.xml"].findall(W + "style")}
    for sid in ["Normal", "Title", "Subtitle", "Heading1", "Heading2", "GeneratedText",
                "GeneratedLabel", "Attachment", "Caption", "TableText", "TableLabel",
                "TableNumber", "TableTotal", "Footer", "FormTable"]:
        expect(sid in styles, f"styles.xml: no style {sid}")
    if problems:
        return

    def style_prop(sid, path, attr="val"):
        """A property of a style, following basedOn."""
        while sid:
            s = styles[sid]
            el = s.find(path)
            if el is not None and el.get(W + attr) is not None:
                return el.get(W + attr)
            sid = val(s, "basedOn")
        return None

    normal = "./" + W + "pPr/" + W
    run = "./" + W + "rPr/" + W
    expect(style_prop("Normal", run + "sz") == "32", "Normal: not 16 pt")
    expect(style_prop("Normal", run + "rFonts", "eastAsia") == "仿宋", "Normal: not 仿宋")
    expect(style_prop("Normal", run + "rFonts", "ascii") == "Times New Roman",
           "Normal: Latin font is not Times New Roman")
    expect(style_prop("Normal", normal + "ind", "firstLineChars") == "200",
           "Normal: no first-line indent of 2 characters")
    expect(style_prop("Normal", normal + "spacing", "lineRule") == "exact" and
           560 <= int(style_prop("Normal", normal + "spacing", "line")) <= 580,
           "Normal: line spacing is not exactly 28–29 pt")
    expect(style_prop("Normal", normal + "jc") == "both", "Normal: not justified")
    expect(style_prop("Title", run + "sz") == "44" and
           style_prop("Title", normal + "jc") == "center" and
           styles["Title"].find(run + "b") is not None, "Title: not 22 pt bold centred")
    expect(style_prop("Title", run + "rFonts", "eastAsia") == "宋体", "Title: not 宋体")
    expect(style_prop("Heading1", run + "rFonts", "eastAsia") == "黑体" and
           style_prop("Heading1", run + "sz") == "32", "Heading1: not 黑体 16 pt")
    expect(style_prop("Heading2", run + "rFonts", "eastAsia") == "楷体" and
           style_prop("Heading2", run + "sz") == "32" and
           styles["Heading2"].find(run + "b") is not None, "Heading2: not 楷体 16 pt bold")
    expect(style_prop("Heading1", normal + "outlineLvl") == "0" and
           style_prop("Heading2", normal + "outlineLvl") == "1", "headings: outline levels")
    expect(style_prop("TableText", run + "sz") == "21" and
           style_prop("TableText", run + "rFonts", "eastAsia") == "宋体",
           "TableText: not 宋体 10.5 pt")
    expect(style_prop("TableLabel", normal + "jc") == "center" and
           styles["TableLabel"].find(run + "b") is not None, "TableLabel: not bold centred")
    expect(style_prop("TableNumber", normal + "jc") == "right", "TableNumber: not right-aligned")
    gen = styles["GeneratedText"]
    expect(val(gen, "basedOn") == "Normal", "GeneratedText: not based on Normal")
    expect(gen.find(normal + "pBdr/" + W + "left") is not None and
           gen.find(run + "color") is not None, "GeneratedText: no left bar or colour")
    borders = styles["FormTable"].find("./" + W + "tblPr/" + W + "tblBorders")
    expect(borders is not None and all(val(borders, s) == "single" and
                                       val(borders, s, "sz") == "4"
                                       for s in ["top", "left", "bottom", "right", "insideH",
                                                 "insideV"]), "FormTable: not thin single lines")

    # the body: paragraphs in the report's order, then the form
    doc = trees["word/document.xml"]
    body = doc.find(W + "body")
    blocks = [b for b in body if b.tag in (W + "p", W + "tbl")]
    paras = [(para_style(b), para_text(b), b) for b in blocks if b.tag == W + "p"]
    want = []
    if not rep["form_only"]:
        want.append(("Title", rep["title"]))
        if rep["subtitle"]:
            want.append(("Subtitle", rep["subtitle"]))
        for s in rep["sections"]:
            if s["level"] > 0 and s["heading"]:
                want.append(("Heading1" if s["level"] == 1 else "Heading2", s["heading"]))
            labelled = False
            for p in s["paras"]:
                if p["generated"] and not labelled:
                    want.append(("GeneratedLabel", GENERATED_LABEL))
                    labelled = True
                want.append(("GeneratedText" if p["generated"] else "Normal", p["text"]))
    narrative = len(want)
    if rep["attachment"]:
        want.append(("Attachment", rep["attachment"]))
    want.append(("Caption", form["caption"]))
    want = [(s, as_written(t)) for s, t in want]
    got = [(s, t) for s, t, _ in paras[:len(want)]]
    for k, (w, g) in enumerate(zip(want, got)):
        if not expect(w == g, f"paragraph {k + 1}: expected {w[0]} {w[1][:40]!r}, "
                      f"got {g[0]} {g[1][:40]!r}"):
            break
    expect(len(got) == len(want), f"{len(paras)} paragraphs, expected at least {len(want)}")
    for s, t, _ in paras[len(want):]:
        expect(t == "", f"an unexpected paragraph after the caption: {t[:40]!r}")
    used = {s for s, _, _ in paras}
    for sid in {s for s, _ in want}:
        expect(sid in used, f"style {sid} is not used")
    if rep["title"].startswith("2020年度市经济信息产业发展专项"):  # the seed uses them all
        for sid in ["Title", "Subtitle", "Heading1", "Heading2", "Normal", "GeneratedText"]:
            expect(sid in used or rep["form_only"], f"the seed does not use {sid}")

    # sections: the narrative's in its last paragraph, the form's at the end
    sects = [p.find(W + "pPr/" + W + "sectPr") for _, _, p in paras]
    where = [k for k, s in enumerate(sects) if s is not None]
    final = body[-1]
    expect(final.tag == W + "sectPr", "the body does not end with w:sectPr")
    if rep["form_only"]:
        expect(where == [], "form only: a section before the form's")
    else:
        expect(where == [narrative - 1], f"the portrait section ends at paragraph "
               f"{[k + 1 for k in where]}, expected {narrative} (the narrative's last)")
    for s, orient in ([(sects[k], "portrait") for k in where] + [(final, "landscape")]):
        size = s.find(W + "pgSz")
        w, h = int(size.get(W + "w")), int(size.get(W + "h"))
        if orient == "portrait":
            expect((w, h) == (11906, 16838) and size.get(W + "orient") in (None, "portrait"),
                   f"portrait section: page {w}×{h}")
            mar = s.find(W + "pgMar")
            for side, mm in [("top", 37), ("bottom", 35), ("left", 28), ("right", 26)]:
                expect(abs(int(mar.get(W + side)) - mm * 56.69) < 30,
                       f"portrait section: {side} margin is not {mm} mm")
        else:
            expect((w, h) == (16838, 11906) and size.get(W + "orient") == "landscape",
                   f"landscape section: page {w}×{h}, orient {size.get(W + 'orient')}")
        ref = s.find(W + "footerReference")
        expect(ref is not None and ref.get(R + "id") in rels, f"{orient} section: no footer")
    for n in names:
        if n.startswith("word/footer"):
            f = trees[n]
            fld = [e.get(W + "instr") for e in f.iter(W + "fldSimple")]
            expect(any("PAGE" in (i or "") for i in fld), f"{n}: no PAGE field")
            text = "".join(para_text(p) for p in f.iter(W + "p"))
            expect(text.startswith("—") and text.endswith("—"), f"{n}: not — PAGE —")

    # the form's tables
    tables = [b for b in blocks if b.tag == W + "tbl"]
    head = form["head_row"]
    split = head if 0 < head < form["n_rows"] else 0
    expect(len(tables) == (2 if split else 1), f"{len(tables)} tables, expected 2")
    if problems:
        return
    cells, first = [], 0
    for t in tables:
        grid = [int(g.get(W + "w")) for g in t.find(W + "tblGrid").findall(W + "gridCol")]
        expect(len(grid) == form["n_cols"], f"table grid has {len(grid)} columns, "
               f"expected {form['n_cols']}")
        expect(sum(grid) == LANDSCAPE_WIDTH, f"table grid is {sum(grid)} twips wide, "
               f"expected {LANDSCAPE_WIDTH}")
        for g, wdt in zip(grid, form["widths"]):
            expect(abs(g - wdt * LANDSCAPE_WIDTH) <= 2, f"column of {g} twips, expected "
                   f"{wdt * LANDSCAPE_WIDTH:.0f}")
        rows = t.findall(W + "tr")
        for k, tr in enumerate(rows):
            pr = tr.find(W + "trPr")
            # a row is kept whole unless it cannot fit on a page (the 10 000
            # characters of a reason): Word would cut it off at the page's foot
            longest = max(len(c["text"]) for c in form["cells"] if c["row"] == first + k)
            cant = pr is not None and pr.find(W + "cantSplit") is not None
            if longest < 200:
                expect(cant, f"row {first + k}: no cantSplit")
            elif longest > 5000:
                expect(not cant, f"row {first + k}: cantSplit on a row taller than a page")
            header = pr is not None and pr.find(W + "tblHeader") is not None
            expect(header == (first + k == head),
                   f"row {first + k}: tblHeader {'set' if header else 'missing'}")
        if t is tables[0]:
            expect(first + len(rows) == (split or form["n_rows"]), "first table: rows")
        cells += table_cells(t, first)
        first += len(rows)
    expect(first == form["n_rows"], f"{first} rows, expected {form['n_rows']}")
    got = {(c["row"], c["col"]): c for c in cells}
    want = {(c["row"], c["col"]): c for c in form["cells"]}
    for key in sorted(set(got) | set(want)):
        g, w = got.get(key), want.get(key)
        if not expect(g and w, f"cell at row {key[0]} col {key[1]}: "
                      f"{'missing' if w else 'not in the form'}"):
            continue
        expect((g["rows"], g["cols"]) == (w["rows"], w["cols"]),
               f"cell {w['text'][:20]!r} at row {key[0]} col {key[1]}: spans "
               f"{g['rows']}×{g['cols']}, expected {w['rows']}×{w['cols']}")
        expect(g["text"] == as_written(w["text"]), f"cell at row {key[0]} col {key[1]}: text "
               f"{g['text'][:30]!r}, expected {w['text'][:30]!r}")
        style = ROLE_STYLE[w["role"]]
        expect(g["styles"] == {style}, f"cell {w['text'][:20]!r}: styles {g['styles']}, "
               f"expected {style}")
        expect(bool(g["shaded"]) == (w["role"] == 0),
               f"cell {w['text'][:20]!r}: {'shaded' if g['shaded'] else 'not shaded'}")

    def find(text):
        return [c for c in cells if c["text"] == text]
    for c in find("项目名称"):
        right = got.get((c["row"], c["col"] + c["cols"]))
        expect(right and right["cols"] == 8, "项目名称's value does not span 8 columns")
    for c in find("产出指标（50分）"):  # the seed's
        expect(c["rows"] == 4, f"产出指标（50分） spans {c['rows']} rows, not 4")


# ---- the printout ----

def squeeze(s):
    """Whitespace removed, the footers' page numbers (— 3 —) too, and the
    characters beyond the BMP: no font here has 𠀀 (U+20000), so LibreOffice
    prints nothing for it, and pdftotext -raw puts an emoji of a fallback
    font out of its place (the structure check sees them in the XML)."""
    s = re.sub("[\U00010000-\U0010FFFF]", "", "".join(as_written(s).split()))
    return re.sub(r"—\d+—", "", s)


def check_printout(pdf, report_path):
    rep = json.load(open(report_path, encoding="utf-8"))
    form = rep["form"]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(n), pdf], capture_output=True,
                           text=True, check=True).stdout
    orient = "".join("P" if float(w) < float(h) else "L" for w, h in
                     re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", sizes, re.M))
    expect(len(orient) == n, f"pdfinfo gave {len(orient)} page sizes for {n} pages")
    pattern = r"L+" if rep["form_only"] else r"P+L+"
    expect(re.fullmatch(pattern, orient), f"page orientations {orient}, expected {pattern}")
    landscape = orient.count("L")

    raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    text = squeeze(raw)
    # the indicator header, repeated on the pages of the indicator table
    # (a cell running down from the header, 绩效指标, is printed below it)
    header = squeeze("".join(c["text"] for c in form["cells"]
                             if c["row"] == form["head_row"] and c["rows"] == 1))
    repeats = text.count(header)
    expect(repeats >= 1, "the indicator header is not in the printout")
    text = text.replace(header, "")

    for c in form["cells"]:
        if c["row"] == form["head_row"] and c["rows"] == 1:
            continue
        for line in c["text"].split("\n"):
            s = squeeze(line)
            expect(s in text, f"cell text not in the printout: {s[:60]!r}")
    pos = 0
    paras = []
    if not rep["form_only"]:
        paras = [rep["title"]] + ([rep["subtitle"]] if rep["subtitle"] else [])
        for s in rep["sections"]:
            paras += ([s["heading"]] if s["heading"] else []) + [p["text"] for p in s["paras"]]
    paras += [rep["attachment"], form["caption"]]
    for p in paras:
        s = squeeze(p)
        k = text.find(s, pos)
        if not expect(k >= 0, f"paragraph not in the printout after position {pos}: "
                      f"{s[:60]!r}" + (" (it is earlier)" if s in text else "")):
            continue
        pos = k + len(s)
    return landscape, repeats


# ---- generated forms ----

def form_big(n):
    out = ["rules: cn-mof-2020", "year: 2021", "fund: 测试专项", "department: 测试局",
           "project: 指标很多的项目", "budget:",
           "  fiscal: {initial: 100, adjusted: 100, executed: 90}", "indicators:"]
    groups = ["产出指标", "效益指标", "满意度指标"]
    for i in range(n):
        out.append(f"  - {{level1: {groups[i * 3 // n]}, level2: 二级{i // 5:02d}, "
                   f"name: 第{i + 1:03d}号指标, target: ≥{i + 1}个, actual: {i + 1}个, "
                   f"weight: {90 / n:.4f}}}")
    return "\n".join(out) + "\n"


def form_long(n):
    piece = "受疫情影响申报企业数量减少导致目标未达成，"
    reason = "".join(f"〔{k:04d}〕{piece}" for k in range(n // (len(piece) + 6) + 1))[:n]
    return f"""rules: cn-mof-2020
year: 2021
fund: 测试专项😀
department: 测试局𠀀
project: 长文本项目😀𠀀
budget:
  fiscal: {{initial: 100, adjusted: 100, executed: 90}}
  reason: 资金未全部拨付😀
indicators:
  - {{level1: 产出指标, level2: 数量指标, name: 奖励企业😀𠀀, target: 10家, actual: 8家,
     weight: 90, reason: "{reason}"}}
report:
  title: 长文本测试报告😀𠀀
  background: |-
    {reason}
  problems: "特殊字符：<>&\\"'\\\\ 😀 𠀀 制表\\t制表\\r回车。"
"""


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "structure":
        check_structure(a[1], a[2])
    elif len(a) >= 3 and a[0] == "printout":
        landscape, repeats = check_printout(a[1], a[2])
        # --repeats: the header opens every landscape page
        if "--repeats" in a[3:]:
            expect(repeats == landscape, f"the indicator header is on {repeats} pages, "
                   f"expected every landscape page ({landscape})")
    elif len(a) == 3 and a[0] == "form" and a[1] in ("big", "long"):
        sys.stdout.write(form_big(int(a[2])) if a[1] == "big" else form_long(int(a[2])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    finish()


if __name__ == "__main__":
    main()
