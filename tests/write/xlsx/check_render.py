#!/usr/bin/python3
"""Checks of the workbooks jixiao writes, read back with openpyxl and with
LibreOffice's recalculated CSV (run by tests/write/xlsx/test_render.sh).

  check_render.py form XLSX MODEL.json RULES.json   the layout of docs/xlsx.md, cell by cell
  check_render.py template XLSX RULES.json ROWS YEAR
  check_render.py long-lists XLSX RULES.json    dropdowns too long to write inline
  check_render.py fill TEMPLATE MODEL.json OUT  fill the template with a form's values
  check_render.py tamper XLSX OUT               H14 := 5 with openpyxl (drops cached values)
  check_render.py rawtamper XLSX OUT            H14 := 5 in the XML, cached totals kept
  check_render.py recalc CSV CELL=VALUE...      values LibreOffice computed

MODEL.json and RULES.json come from the test driver (`json`, `rules`).
Exit status 1 when a check fails; every failure is printed.
"""
import csv
import json
import re
import sys
import zipfile

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter, range_boundaries

SHEET = "自评表"
failures = []


def fail(msg):
    failures.append(msg)
    print("  FAIL " + msg)


def eq(got, want, what):
    if isinstance(want, float) or isinstance(got, float):
        if (isinstance(got, (int, float)) and isinstance(want, (int, float))
                and abs(got - want) < 1e-9):
            return True
    elif got == want:
        return True
    fail("%s: got %r, expected %r" % (what, got, want))
    return False


def true(cond, what):
    if not cond:
        fail(what)
    return cond


def points_text(v):
    """50 → "50", 22.5 → "22.5" (as labels print weights)."""
    return ("%.2f" % v).rstrip("0").rstrip(".")


def load(path):
    f = openpyxl.load_workbook(path)
    v = openpyxl.load_workbook(path, data_only=True)
    true(SHEET in f.sheetnames, "%s: sheet %s (sheets %s)" % (path, SHEET, f.sheetnames))
    return f[SHEET], v[SHEET], f


def merged_set(ws):
    return {str(r) for r in ws.merged_cells.ranges}


# ---- the layout shared by the form and the template ----

LABELS = {
    "A2": "专项名称", "G2": "项目总投资（万元）", "A3": "部门名称", "G3": "其中：财政拨款",
    "A4": "实施单位", "G4": "项目总实施期", "A5": "项目名称", "A6": "项目资金（万元）", "D6": "年初预算数",
    "E6": "全年预算数", "F6": "全年执行数", "G6": "分值", "H6": "执行率", "I6": "得分",
    "B7": "年度资金总额", "B8": "其中：当年财政拨款", "B9": "上年结转资金", "B10": "其他资金",
    "A11": "年度总体目标", "B11": "预期目标", "G11": "实际完成情况", "A13": "绩效指标",
    "B13": "一级指标", "C13": "二级指标", "D13": "三级指标", "E13": "年度指标值",
    "F13": "实际完成值", "G13": "分值", "H13": "得分",
}

FIXED_MERGES = [
    "A1:J1", "A2:B2", "C2:F2", "G2:H2", "I2:J2", "A3:B3", "C3:F3", "G3:H3", "I3:J3",
    "A4:B4", "C4:F4", "G4:H4", "I4:J4", "A5:B5", "C5:J5", "G8:J10", "A6:A10", "I6:J6", "B7:C7", "B8:C8", "B9:C9",
    "B10:C10", "I7:J7", "A11:A12", "B11:F11", "G11:J11", "B12:F12", "G12:J12",
]


def check_layout(ws, wv, n, band_col, rounding, path, live_sums=True, template=False):
    last, tot, notes = 13 + n, 14 + n, 15 + n
    for cell, text in LABELS.items():
        eq(ws[cell].value, text, "%s label" % cell)
    eq(ws["A%d" % tot].value, "总分", "A%d label" % tot)
    merged = merged_set(ws)
    want = FIXED_MERGES + ["A13:A%d" % last, "A%d:F%d" % (tot, tot), "I%d:J%d" % (tot, tot),
                           "A%d:J%d" % (notes, notes)]
    if band_col:
        eq(ws["I13"].value, "评价档次", "I13 label")
        eq(ws["J13"].value, "偏差原因分析及改进措施", "J13 label")
        for r in range(13, last + 1):
            true("I%d:J%d" % (r, r) not in merged, "I%d:J%d is not merged (评价档次 variant)" % (r, r))
    else:
        eq(ws["I13"].value, "偏差原因分析及改进措施", "I13 label")
        want += ["I%d:J%d" % (r, r) for r in range(13, last + 1)]
    for m in want:
        true(m in merged, "merged range %s" % m)

    # formulas, each with its cached value (checked by the callers)
    d = 0 if rounding == "1" else 2
    for c in "DEF":
        if live_sums:
            eq(ws["%s7" % c].value, "=SUM(%s8:%s10)" % (c, c), "%s7 formula" % c)
        else:  # only 年度资金总额 was filled in: its amounts, as values
            true(not str(ws["%s7" % c].value).startswith("="), "%s7 holds a value" % c)
    eq(ws["H7"].value, '=IF(E7>0,MAX(F7,0)/E7,"")', "H7 formula")
    true(isinstance(ws["I7"].value, str) and "ROUND(G7*MIN(MAX(F7,0)/E7," in ws["I7"].value
         and ws["I7"].value.endswith("),%d),0)" % d) and ws["I7"].value.startswith("=IF(E7>0,"),
         "I7 formula guarded against E7=0 with ROUND(…,%d): %r" % (d, ws["I7"].value))
    eq(ws["G%d" % tot].value, "=SUM(G14:G%d)+G7" % last, "G%d formula" % tot)
    eq(ws["H%d" % tot].value, "=SUM(H14:H%d)+I7" % last, "H%d formula" % tot)
    g = ws["I%d" % tot].value
    true(isinstance(g, str) and g.startswith('="等级："&IF(H%d>=' % tot),
         "I%d grade formula: %r" % (tot, g))
    true(str(ws["A%d" % notes].value or "").startswith("备注"), "A%d notes" % notes)

    # fonts, borders, alignment, number formats
    eq(ws["A1"].font.name, "黑体", "A1 font")
    eq(ws["A1"].font.sz, 16, "A1 font size")
    true(ws["A1"].font.b, "A1 bold")
    # (openpyxl keeps the style of a merged range on its first cell only)
    for r in range(2, notes + 1):
        for c in range(1, 11):
            cell = ws.cell(r, c)
            ref = cell.coordinate
            if isinstance(cell, MergedCell):
                continue
            if cell.font.name != "宋体" or cell.font.sz != 11:
                fail("%s font %s %s, expected 宋体 11" % (ref, cell.font.name, cell.font.sz))
                return
            b = cell.border
            if not all(s.style == "thin" for s in (b.left, b.right, b.top, b.bottom)):
                fail("%s border %s/%s/%s/%s, expected thin" %
                     (ref, b.left.style, b.right.style, b.top.style, b.bottom.style))
                return
            if not cell.alignment.wrap_text or cell.alignment.vertical != "center":
                fail("%s not wrapped and vertically centred" % ref)
                return
    pts = "0.00" if d == 2 else "General"
    for ref, fmt in (("D8", "#,##0.00####"), ("D7", "#,##0.00####"), ("H7", "0.00%"),
                     ("G7", pts), ("I7", pts), ("G14", pts), ("H14", pts),
                     ("G%d" % tot, pts), ("H%d" % tot, pts)):
        eq(ws[ref].number_format, fmt, "%s number format" % ref)
        eq(ws[ref].alignment.horizontal, "right", "%s right-aligned" % ref)

    # sizes: every column set, every row given a height from its text
    for c in range(1, 11):
        col = get_column_letter(c)
        true(ws.column_dimensions[col].width and ws.column_dimensions[col].width >= 7,
             "column %s width %r" % (col, ws.column_dimensions[col].width))
    for r in range(1, notes + 1):
        h = ws.row_dimensions[r].height
        if template and 14 <= r <= last:
            # no height where the row holds one line: it grows as text is typed
            c = ws["C%d" % r].value or ""
            if len(c) > 6:
                true(h is not None and h >= 30, "row %d height %r for %s" % (r, h, c))
            else:  # (or a little taller for a level-1 label over few rows)
                true(h is None or h <= 20, "row %d left to grow (height %r)" % (r, h))
        else:
            true(h is not None and h >= 15, "row %d height %r" % (r, h))

    # page setup
    ps = ws.page_setup
    eq(ps.orientation, "landscape", "orientation")
    eq(str(ps.paperSize), "9", "paper size (A4)")
    eq(ws.sheet_properties.pageSetUpPr.fitToPage, True, "fit to page")
    eq(int(ps.fitToWidth or 1), 1, "fit to 1 page wide (1 is the default, may be left out)")
    eq(int(ps.fitToHeight), 0, "as many pages tall as needed")
    eq(ws.print_title_rows, "$13:$13", "indicator header repeated on every page")
    true(ws.print_options.horizontalCentered, "centred horizontally")
    footer = ws.oddFooter.center.text or ""
    true("&P" in footer and "&N" in footer and "第" in footer, "page numbers in the footer: %r" % footer)
    true(ws.page_margins.left <= 0.75 and ws.page_margins.top <= 0.75, "margins")


def check_properties(path, title, company):
    wb = openpyxl.load_workbook(path)
    eq(wb.properties.title, title, "document title")
    eq(wb.properties.creator, "jixiao", "document author")
    true(wb.properties.subject, "document subject")
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
    if company:
        true("<Company>%s</Company>" % company in app, "company %s in docProps/app.xml" % company)


# ---- the filled form ----

def groups(items, key):
    """Runs of consecutive items with the same key: [(start, end)]."""
    out, i = [], 0
    while i < len(items):
        j = i + 1
        while j < len(items) and key(items[j]) == key(items[i]):
            j += 1
        out.append((i, j))
        i = j
    return out


def grade_formula(rl, tot):
    """="等级："&IF(H≥90,"优",IF(…)) from the rule set's grade bands."""
    f, opened = '="等级："&', 0
    for k, g in enumerate(rl["grades"]):
        lastband = k == len(rl["grades"]) - 1
        if lastband and g["min"] <= 0:
            f += '"%s"' % g["name"]
            break
        f += 'IF(H%d>=%s,"%s",' % (tot, points_text(g["min"]), g["name"])
        opened += 1
        if lastband:
            f += '""'
    return f + ")" * opened


def check_form(path, model_path, rules_path):
    m = json.load(open(model_path, encoding="utf-8"))
    rl = json.load(open(rules_path, encoding="utf-8"))
    x = m["written"]
    ws, wv, _ = load(path)
    inds = m["indicators"]
    n = max(len(inds), 1)
    last, tot = 13 + n, 14 + n
    band_col = any(b for b in x["bands"])
    rounding = m["rules"]["rounding"]
    rows = m["budget"]["rows"]
    sources = [k for k in ("fiscal", "carryover", "other") if k in rows]
    check_layout(ws, wv, n, band_col, rounding, path, live_sums=bool(sources))

    title = x["title"] or "（%d）年度项目支出绩效自评表" % m["year"]
    eq(wv["A1"].value, title, "A1 title")
    check_properties(path, title, m["department"])

    # header
    for ref, want in (("C2", m["fund"]), ("C3", m["department"]), ("C4", m["unit"]),
                      ("C5", m["project"]), ("I4", x["period"]), ("B12", x["goal_expected"]),
                      ("G12", x["goal_actual"])):
        eq(wv[ref].value, want, "%s" % ref)
    eq(wv["I2"].value, x["investment"], "I2 investment")
    eq(wv["I3"].value, x.get("investment_fiscal"), "I3 其中：财政拨款")
    eq(wv["G8"].value, "偏差原因：" + (x.get("budget_reason") or ""), "G8 budget reason")

    # budget: the amounts as written, the sums and scores as computed
    b = m["budget"]
    for r, key in ((8, "fiscal"), (9, "carryover"), (10, "other")):
        for c, col in (("D", "initial"), ("E", "adjusted"), ("F", "executed")):
            eq(wv["%s%d" % (c, r)].value, rows.get(key, {}).get(col), "%s%d %s.%s" % (c, r, key, col))
    for c, col in (("D", "initial"), ("E", "adjusted"), ("F", "executed")):
        eq(wv["%s7" % c].value, b[col] if sources else rows["total"].get(col),
           "%s7 年度资金总额" % c)
    eq(wv["G7"].value, b["weight"], "G7 budget weight")
    if b.get("rate") is not None:
        eq(wv["H7"].value, b["rate"] / 100.0, "H7 cached rate")
    eq(wv["I7"].value, b["score"], "I7 cached budget score")

    # indicators
    level1 = [(i.get("level1") or "") for i in inds]
    cats = x["categories"]
    merged = merged_set(ws)
    for s, e in groups(inds, lambda i: i.get("level1")):
        name = level1[s]
        w = cats.get(name)
        if w is None:
            w = sum(i["weight"] for i in inds[s:e] if i["status"] != "empty")
        label = "%s（%s分）" % (name, points_text(w))
        eq(ws["B%d" % (14 + s)].value, label, "B%d level-1 label" % (14 + s))
        if e - s > 1:
            true("B%d:B%d" % (14 + s, 13 + e) in merged, "B%d:B%d merged" % (14 + s, 13 + e))
        for s2, e2 in groups(list(range(s, e)), lambda k: inds[k].get("level2")):
            a, z = s + s2, s + e2
            eq(ws["C%d" % (14 + a)].value, inds[a].get("level2"), "C%d level 2" % (14 + a))
            if z - a > 1:
                true("C%d:C%d" % (14 + a, 13 + z) in merged, "C%d:C%d merged" % (14 + a, 13 + z))
            for k in range(a + 1, z):
                eq(ws["C%d" % (14 + k)].value, None, "C%d inside a merged level 2" % (14 + k))
    for k, ind in enumerate(inds):
        r = 14 + k
        empty = ind["status"] == "empty"
        eq(wv["D%d" % r].value, ind["name"] or "无", "D%d name" % r)
        eq(wv["E%d" % r].value, None if empty else ind["target"]["text"], "E%d target" % r)
        eq(wv["F%d" % r].value, None if empty else ind["actual"]["text"], "F%d actual" % r)
        eq(wv["G%d" % r].value, None if empty else ind["weight"], "G%d weight" % r)
        score = ind["score"] if ind["status"] in ("computed", "assessed") else None
        eq(wv["H%d" % r].value, score, "H%d score (%s)" % (r, ind["status"]))
        reason = None if empty else ind.get("reason")
        if band_col:
            eq(wv["I%d" % r].value, None if empty else x["bands"][k], "I%d band" % r)
            eq(wv["J%d" % r].value, reason, "J%d reason" % r)
        else:
            eq(wv["I%d" % r].value, reason, "I%d reason" % r)

    # totals and the grade, cached
    weights = b["weight"] + sum(i["weight"] for i in inds if i["status"] != "empty")
    eq(wv["G%d" % tot].value, weights, "G%d cached total weight" % tot)
    eq(wv["H%d" % tot].value, m["total"], "H%d cached total" % tot)
    eq(wv["I%d" % tot].value, "等级：" + m["grade"], "I%d cached grade" % tot)
    notes = wv["A%d" % (tot + 1)].value
    if x["notes"]:
        eq(notes, "备注：" + x["notes"], "notes as written")
    else:
        true("执行率" in notes and "全年执行数" in notes, "generated notes: %r" % notes)

    # the formulas follow the rule set: grade bands, cap, rounding
    eq(ws["I%d" % tot].value, grade_formula(rl, tot), "I%d grade formula" % tot)
    eq(ws["I7"].value, "=IF(E7>0,ROUND(G7*MIN(MAX(F7,0)/E7,%s),%d),0)"
       % (points_text(rl["budget_cap"]), 0 if rl["rounding"] == "1" else 2), "I7 formula")
    # row heights grow with the text
    long_rows = [14 + k for k, i in enumerate(inds)
                 if len((i.get("reason") or "") + (i["target"]["text"] or "")) > 20]
    for r in long_rows:
        true(ws.row_dimensions[r].height >= 30, "row %d tall enough for its text (%r)"
             % (r, ws.row_dimensions[r].height))
    return m


# ---- the template ----

INPUTS = ["A1", "C2", "I2", "C3", "I3", "C4", "I4", "C5", "D8", "E8", "F8", "D9", "E9", "F9",
          "D10", "E10", "F10", "G8", "B12", "G12"]
LOCKED = ["A2", "G2", "A3", "G3", "A4", "G4", "A5", "A6", "D6", "E6", "F6", "G6", "H6", "I6",
          "B7", "D7", "E7", "F7", "G7", "H7", "I7", "B8", "B9", "B10", "A11", "B11",
          "G11", "A13", "B13", "C13", "D13", "E13", "F13", "G13", "H13", "I13", "J13"]
COMMENTED = ["A1", "A2", "G2", "A3", "G3", "A4", "G4", "A5", "D6", "E6", "F6", "H6", "I6", "B7",
             "G8", "B11", "G11", "B13", "C13", "D13", "E13", "F13", "G13", "H13", "I13", "J13"]


def validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng] = dv
    return out


def list_items(wb, dv):
    f = dv.formula1 or ""
    if f.startswith('"'):
        return f.strip('"').split(",")
    m = re.match(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$", f)
    if not m:
        return []
    ws = wb[m.group(1)]
    return [ws["%s%d" % (m.group(2), r)].value for r in range(int(m.group(3)), int(m.group(5)) + 1)]


def check_template(path, rules_path, rows, year):
    rl = json.load(open(rules_path, encoding="utf-8"))
    ws, wv, wb = load(path)
    n = rows
    last, tot = 13 + n, 14 + n
    check_layout(ws, wv, n, True, rl["rounding"], path, template=True)
    title = "（%d）年度项目支出绩效自评表" % year if year else "（    ）年度项目支出绩效自评表"
    eq(ws["A1"].value, title, "A1 title")
    check_properties(path, "项目支出绩效自评表（空白表）", None)

    # level-1 blocks with the rule set's default weights, level 2 prefilled
    merged = merged_set(ws)
    r = 14
    for c in rl["level1"]:
        label = "%s（%s分）" % (c["name"], points_text(c["weight"]))
        eq(ws["B%d" % r].value, label, "B%d level-1 label" % r)
        span = [m for m in merged if m.startswith("B%d:" % r)]
        end = int(span[0].split(":B")[1]) if span else r
        true(end - r + 1 >= 1, "block %s" % label)
        for k, l2 in enumerate(c["level2"]):
            if r + k <= end:
                eq(ws["C%d" % (r + k)].value, l2, "C%d level 2" % (r + k))
        r = end + 1
    eq(r, last + 1, "the level-1 blocks cover the %d indicator rows" % n)

    # locked and unlocked cells, the protection
    inputs = INPUTS + ["%s%d" % (c, r) for r in range(14, last + 1) for c in "BCDEFGHIJ"]
    for ref in inputs:
        true(ws[ref].protection.locked is False, "%s unlocked for input" % ref)
    locked = LOCKED + ["A%d" % tot, "G%d" % tot, "H%d" % tot, "I%d" % tot, "A%d" % (tot + 1)]
    for ref in locked:
        true(ws[ref].protection.locked is not False, "%s locked" % ref)
    p = ws.protection
    true(p.sheet, "sheet protected")
    true(not p.password, "no password")
    true(p.formatRows is False and p.formatColumns is False,
         "rows and columns may still be formatted (%r %r)" % (p.formatRows, p.formatColumns))
    true(not p.selectLockedCells and not p.selectUnlockedCells, "cells may be selected")
    true(p.formatCells is not False, "cell formats stay protected")

    # dropdowns and number checks
    dvs = validations(ws)
    names1 = [c["name"] for c in rl["level1"]]
    names2 = [n2 for c in rl["level1"] for n2 in c["level2"]]
    for col, names, what in (("B", names1, "level 1"), ("C", names2, "level 2"),
                             ("I", rl["bands"], "bands")):
        rng = "%s14:%s%d" % (col, col, last)
        dv = dvs.get(rng)
        if not true(dv is not None and dv.type == "list", "%s list validation on %s" % (what, rng)):
            continue
        items = " ".join(str(i) for i in list_items(wb, dv))
        for name in names:
            true(name in items, "%s dropdown holds %s" % (what, name))
        true(dv.prompt and dv.promptTitle, "%s dropdown has an input message" % what)
    for rng in ("D8:F10", "G14:G%d" % last, "H14:H%d" % last, "I2"):
        dv = dvs.get(rng)
        if not true(dv is not None, "number validation on %s" % rng):
            continue
        eq(dv.type, "decimal", "%s validation type" % rng)
        eq(dv.operator, "greaterThanOrEqual", "%s validation operator" % rng)
        eq(dv.formula1, "0", "%s validation minimum" % rng)
        true(dv.prompt and re.search("[\u4e00-\u9fff]", dv.prompt), "%s input message in Chinese" % rng)
        true(dv.error and re.search("[\u4e00-\u9fff]", dv.error), "%s error message in Chinese" % rng)
        eq(dv.errorStyle in (None, "stop"), True, "%s stops wrong input" % rng)

    # notes on the header cells
    for ref in COMMENTED:
        c = ws[ref].comment
        true(c is not None and re.search("[\u4e00-\u9fff]", c.text or ""), "%s has a note" % ref)
    c = ws["E13"].comment
    true(c is not None and "≥50个" in c.text and "定性指标" in c.text, "E13 note: %r" % (c and c.text))

    eq(ws["I%d" % tot].value, grade_formula(rl, tot), "I%d grade formula" % tot)

    # cached values of the empty form
    eq(wv["G%d" % tot].value, rl["budget_weight"], "G%d cached weight" % tot)
    eq(wv["H%d" % tot].value, 0, "H%d cached total" % tot)
    low = [g["name"] for g in rl["grades"] if g["min"] <= 0]
    if low:
        eq(wv["I%d" % tot].value, "等级：" + low[0], "I%d cached grade" % tot)


def check_long_lists(path, rules_path):
    """Lists longer than an inline list may be are read from a hidden sheet."""
    rl = json.load(open(rules_path, encoding="utf-8"))
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    hidden = [s for s in wb.worksheets if s.title != SHEET]
    true(len(hidden) == 1 and hidden[0].sheet_state == "hidden", "one hidden sheet of lists")
    names2 = [n2 for c in rl["level1"] for n2 in c["level2"]]
    true(len(",".join(names2).encode()) > 255, "the level-2 names need more than 255 bytes")
    for dv in ws.data_validations.dataValidation:
        if str(dv.sqref).startswith("C14:"):
            items = list_items(wb, dv)
            true(not (dv.formula1 or "").startswith('"'), "long list referenced, not inline")
            eq(sorted(items), sorted(set(names2)), "level-2 list on the hidden sheet")
            break
    else:
        fail("no level-2 dropdown")


# ---- preparing workbooks for LibreOffice ----

def fill(template, model_path, out):
    """Types a form's values into the template's input cells."""
    m = json.load(open(model_path, encoding="utf-8"))
    x = m["written"]
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    ws["A1"] = "（%d）年度项目支出绩效自评表" % m["year"]
    for ref, v in (("C2", m["fund"]), ("I2", x["investment"]), ("C3", m["department"]),
                   ("I3", x.get("investment_fiscal")), ("C4", m["unit"]), ("C5", m["project"]),
                   ("I4", x["period"]),
                   ("B12", x["goal_expected"]), ("G12", x["goal_actual"])):
        if v is not None:
            ws[ref] = v
    for r, key in ((8, "fiscal"), (9, "carryover"), (10, "other")):
        for c, col in (("D", "initial"), ("E", "adjusted"), ("F", "executed")):
            v = m["budget"]["rows"].get(key, {}).get(col)
            if v is not None:
                ws["%s%d" % (c, r)] = v
    # the level-1 blocks: B14:B18 产出指标（50分）, …
    blocks = {}
    for rng in ws.merged_cells.ranges:
        c1, r1, c2, r2 = range_boundaries(str(rng))
        if c1 == 2 and r1 >= 13:
            blocks[str(ws.cell(r1, 2).value).split("（")[0]] = [r1, r2]
    inds = m["indicators"]
    for s, e in groups(inds, lambda i: i.get("level1")):
        name = inds[s]["level1"]
        if name not in blocks:
            fail("no block for %s in the template" % name)
            continue
        r1, r2 = blocks[name]
        if r1 + (e - s) - 1 > r2:
            fail("block %s has %d rows, the form needs %d" % (name, r2 - r1 + 1, e - s))
            continue
        for k in range(s, e):
            i, r = inds[k], r1 + k - s
            ws["C%d" % r] = i.get("level2")
            ws["D%d" % r] = i["name"]
            if i["status"] == "empty":
                continue
            ws["E%d" % r] = i["target"]["text"]
            ws["F%d" % r] = i["actual"]["text"]
            ws["G%d" % r] = i["weight"]
            if i["status"] in ("computed", "assessed"):
                ws["H%d" % r] = i["score"]
            if x["bands"][k]:
                ws["I%d" % r] = x["bands"][k]
            if i.get("reason"):
                ws["J%d" % r] = i["reason"]
        # level-2 names left over from the template in unused rows
        for r in range(r1 + e - s, r2 + 1):
            ws["C%d" % r] = None
    wb.save(out)


def tamper(path, out):
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    eq(ws["H14"].value, 8, "H14 before tampering")
    ws["H14"] = 5
    wb.save(out)


def rawtamper(path, out):
    """H14 := 5 in the sheet's XML, every cached formula value kept: only
    a recalculation can change the 总分 LibreOffice shows."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    new, k = re.subn(r'(<c r="H14"[^>]*><v>)8(</v>)', r"\g<1>5\g<2>", xml)
    true(k == 1, "H14 found in the sheet XML")
    true('<v>97</v>' in new, "the cached 总分 97 is kept")
    parts[name] = new.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def recalc(csv_path, expects):
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    for e in expects:
        ref, want = e.split("=", 1)
        c1, r1, _, _ = range_boundaries(ref)
        got = rows[r1 - 1][c1 - 1] if r1 - 1 < len(rows) and c1 - 1 < len(rows[r1 - 1]) else None
        try:
            ok = got is not None and abs(float(got.replace(",", "").rstrip("%")) - float(want)) < 1e-9
        except ValueError:
            ok = got == want
        true(ok, "%s: LibreOffice shows %s=%r, expected %r" % (csv_path, ref, got, want))


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "form":
        check_form(*args)
    elif cmd == "template":
        check_template(args[0], args[1], int(args[2]), int(args[3]))
    elif cmd == "long-lists":
        check_long_lists(*args)
    elif cmd == "fill":
        fill(*args)
    elif cmd == "tamper":
        tamper(*args)
    elif cmd == "rawtamper":
        rawtamper(*args)
    elif cmd == "recalc":
        recalc(args[0], args[1:])
    else:
        print("unknown command " + cmd)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
