#!/usr/bin/python3
"""The openpyxl side of bench_xlsx: writes the same forms as workbooks with
the same cells, merges, formulas and styles as jixiao's layout
(docs/xlsx.md), and reads jixiao's workbooks back into the same values (a
dict per form), timing each.  Prints "write_first SECONDS" (the first
workbook, imports already done), "write SECONDS" and "read SECONDS".

With --one it writes one form (a JSON object) and exits: a whole process
for one workbook, as a user runs it.

usage: openpyxl_bench.py FORMS.json JIXIAO_DIR OUT_DIR
       openpyxl_bench.py --one FORM.json OUT.xlsx"""
import glob
import json
import os
import sys
import time

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

one = sys.argv[1] == "--one"
if not one:
    forms = json.load(open(sys.argv[1], encoding="utf-8"))
    jixiao_dir, out_dir = sys.argv[2], sys.argv[3]

thin = Side(style="thin")
BORDER = Border(left=thin, right=thin, top=thin, bottom=thin)
BODY = Font(name="宋体", size=11)
TITLE = Font(name="黑体", size=16, bold=True)
WRAP = Alignment(wrap_text=True, vertical="center")


def cell(ws, ref, value, font=BODY):
    c = ws[ref]
    c.value = value
    c.font = font
    c.border = BORDER
    c.alignment = WRAP


def write(form, path):
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    cell(ws, "A1", "（%d）年度项目支出绩效自评表" % form["year"], TITLE)
    ws.merge_cells("A1:J1")
    for r, (label, key, label2, key2) in enumerate([
            ("专项名称", "fund", "项目总投资（万元）", "investment"),
            ("部门名称", "department", "实施单位", None),
            ("项目名称", "project", "项目总实施期", None)], start=2):
        cell(ws, "A%d" % r, label)
        ws.merge_cells("A%d:B%d" % (r, r))
        cell(ws, "C%d" % r, form.get(key))
        ws.merge_cells("C%d:F%d" % (r, r))
        cell(ws, "G%d" % r, label2)
        ws.merge_cells("G%d:H%d" % (r, r))
        cell(ws, "I%d" % r, form.get(key2) if key2 else None)
        ws.merge_cells("I%d:J%d" % (r, r))
    cell(ws, "A5", "项目资金（万元）")
    ws.merge_cells("A5:A9")
    for col, label in zip("DEFGHI", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        cell(ws, "%s5" % col, label)
    b = form["budget"]
    for r, (label, key) in enumerate([("年度资金总额", None), ("其中：当年财政拨款", "fiscal"),
                                      ("上年结转资金", "carryover"), ("其他资金", "other")], start=6):
        cell(ws, "B%d" % r, label)
        ws.merge_cells("B%d:C%d" % (r, r))
        row = b.get(key, {}) if key else None
        for col, k in zip("DEF", ["initial", "adjusted", "executed"]):
            if row is None:
                cell(ws, "%s%d" % (col, r), "=SUM(%s7:%s9)" % (col, col))
            else:
                cell(ws, "%s%d" % (col, r), row.get(k))
    cell(ws, "G6", 10)
    cell(ws, "H6", "=IF(E6=0,\"\",F6/E6)")
    cell(ws, "I6", "=IF(E6=0,0,ROUND(G6*MIN(F6/E6,1),2))")
    ws.merge_cells("I6:J6")
    cell(ws, "A10", "年度总体目标")
    ws.merge_cells("A10:A11")
    cell(ws, "B10", "预期目标")
    ws.merge_cells("B10:F10")
    cell(ws, "G10", "实际完成情况")
    ws.merge_cells("G10:J10")
    cell(ws, "B11", form["goal"]["expected"])
    ws.merge_cells("B11:F11")
    cell(ws, "G11", form["goal"]["actual"])
    ws.merge_cells("G11:J11")
    for col, label in zip("ABCDEFGHI", ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
                                         "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]):
        cell(ws, "%s12" % col, label)
    ws.merge_cells("I12:J12")
    r = 13
    for ind in form["indicators"]:
        cell(ws, "B%d" % r, ind["level1"])
        cell(ws, "C%d" % r, ind["level2"])
        cell(ws, "D%d" % r, ind["name"])
        cell(ws, "E%d" % r, ind["target"])
        cell(ws, "F%d" % r, ind["actual"])
        cell(ws, "G%d" % r, ind["weight"])
        cell(ws, "H%d" % r, ind.get("score", ind["weight"]))
        cell(ws, "I%d" % r, ind.get("reason"))
        ws.merge_cells("I%d:J%d" % (r, r))
        r += 1
    ws.merge_cells("A12:A%d" % (r - 1))
    cell(ws, "A%d" % r, "总分")
    ws.merge_cells("A%d:F%d" % (r, r))
    cell(ws, "G%d" % r, "=SUM(G13:G%d)+G6" % (r - 1))
    cell(ws, "H%d" % r, "=SUM(H13:H%d)+I6" % (r - 1))
    cell(ws, "I%d" % r, "=\"等级：\"&IF(H%d>=90,\"优\",IF(H%d>=80,\"良\",IF(H%d>=60,\"中\",\"差\")))" % (r, r, r))
    ws.merge_cells("I%d:J%d" % (r, r))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    wb.save(path)


def read(path):
    wb = load_workbook(path, data_only=True)
    form = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = c.value
        merges = [str(m) for m in ws.merged_cells.ranges]
        form[ws.title] = (cells, merges)
    return form


if one:
    write(json.load(open(sys.argv[2], encoding="utf-8")), sys.argv[3])
    sys.exit(0)

t = time.monotonic()
for i, form in enumerate(forms):
    write(form, os.path.join(out_dir, "%06d.xlsx" % i))
    if i == 0:
        print("write_first %.6f" % (time.monotonic() - t), flush=True)
print("write %.3f" % (time.monotonic() - t), flush=True)

t = time.monotonic()
n = 0
for path in sorted(glob.glob(os.path.join(jixiao_dir, "*.xlsx"))):
    read(path)
    n += 1
print("read %.3f" % (time.monotonic() - t), flush=True)
