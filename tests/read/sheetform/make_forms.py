#!/usr/bin/python3
"""Builds workbooks the way other programs and other templates lay out the
self-evaluation form, with the quirks units send back, for the form locator
tests.  Usage: make_forms.py OUTDIR"""
import datetime
import os
import sys

from openpyxl import Workbook
from openpyxl.styles import Alignment

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
WRAP = Alignment(wrap_text=True, vertical="center")


def put(ws, ref, value):
    ws[ref] = value
    ws[ref].alignment = WRAP


def seed_sheet(ws, col0=1, quirks=True):
    """The seed's form as the Hunan template prints it, starting at column
    col0, with numbers stored as text, a blank row, full-width digits and a
    weight written as text."""
    def c(k):  # the k-th column of the form (0-based) as a letter
        from openpyxl.utils import get_column_letter
        return get_column_letter(col0 + k)

    def m(r1, k1, r2, k2):
        ws.merge_cells(f"{c(k1)}{r1}:{c(k2)}{r2}")

    put(ws, f"{c(0)}1", "2020年度项目支出绩效自评表")
    m(1, 0, 1, 9)
    put(ws, f"{c(0)}2", "专项名称")
    put(ws, f"{c(2)}2", "市经济信息产业发展专项")
    put(ws, f"{c(6)}2", "项目总投资（万元）")
    put(ws, f"{c(8)}2", "80" if quirks else 80)           # a number stored as text
    put(ws, f"{c(0)}3", "部门名称")
    put(ws, f"{c(2)}3", "株洲市工业和信息化局")
    put(ws, f"{c(6)}3", "其中： 财政拨款")
    put(ws, f"{c(8)}3", 80)
    put(ws, f"{c(0)}4", "支出方向名称（子项目）")
    put(ws, f"{c(2)}4", "制造强市专项－市级企业技术创新中心奖励")
    put(ws, f"{c(0)}5", "项目总实施期：2020年")
    put(ws, f"{c(6)}5", "填报日期")
    ws[f"{c(8)}5"] = datetime.date(2021, 3, 15)
    ws[f"{c(8)}5"].number_format = "yyyy年m月d日"
    put(ws, f"{c(0)}6", "年度项目资金（万元）")
    m(6, 0, 10, 0)
    for k, label in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                               "得分（执行率×分值）"]):
        put(ws, f"{c(3 + k)}6", label)
    rows = [("年度资金总额", 100, 80, 80, 10, "100%", 10),
            ("其中：当年财政拨款", "１００", 80, 80, None, None, None),
            ("上年结转资金", None, None, None, None, None, None),
            ("其他资金", None, None, None, None, None, None)]
    for i, row in enumerate(rows):
        r = 7 + i
        put(ws, f"{c(1)}{r}", row[0])
        m(r, 1, r, 2)
        for k, v in enumerate(row[1:]):
            if v is not None:
                put(ws, f"{c(3 + k)}{r}", v)
    put(ws, f"{c(0)}11", "年度总体目标")
    m(11, 0, 12, 0)
    put(ws, f"{c(1)}11", "预期目标")
    m(11, 1, 11, 5)
    put(ws, f"{c(6)}11", "实际完成情况")
    m(11, 6, 11, 9)
    put(ws, f"{c(1)}12", "新认定10家企业技术创新中心，每家奖励10万元。")
    m(12, 1, 12, 5)
    put(ws, f"{c(6)}12", "新认定8家企业技术创新中心，每家奖励10万元。")
    m(12, 6, 12, 9)
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"]
    put(ws, f"{c(0)}13", "绩效指标")
    for k, label in enumerate(header):
        put(ws, f"{c(1 + k)}13", label)
    m(13, 8, 13, 9)
    inds = [
        ("产出指标\n（50分）", "数量指标", "奖励企业", "10家", "8家", 10, 8,
         "受疫情和经济下行压力影响，申报企业数量减少"),
        (None, "质量指标", "奖励范围", "2020年新认定的株洲市企业技术创新中心",
         "2020年新认定的株洲市企业技术创新中心", 20, 20, None),
        (None, "时效指标", "及时拨付进度（%）", "及时拨付至企业达90%", "及时拨付至企业达100%",
         "10分" if quirks else 10, 10, None),
        (None, "成本指标", "奖励额度", "每家奖励10万元", "每家奖励10万元", 10, 10, None),
        ("BLANK",),
        ("效益指标(30分)", "经济效益指标", "提升企业科技创新能力",
         "提升企业创新能力，增强企业核心竞争力", "提升企业创新能力，增强企业核心竞争力", 10, 10,
         None),
        (None, "社会效益指标", "推动工业经济发展", "推动工业经济高质量发展",
         "推动工业经济高质量发展", 10, 10, None),
        (None, "生态效益指标", "无", None, None, None, None, None),
        (None, "可持续影响指标", "推动制造强市建设", "为推动制造强市建设提供坚实的技术支撑",
         "为推动制造强市建设提供坚实的技术支撑", 10, 9, None),
        ("满意度指标\n（10分）", "服务对象满意度指标", "企业满意度", "满意度达90%", "满意度达90%",
         10, 10, None),
    ]
    r = 14
    group_start = {}
    for ind in inds:
        if ind[0] == "BLANK":
            if quirks:
                r += 1                                  # a blank row inside the table
            continue
        if ind[0]:
            put(ws, f"{c(1)}{r}", ind[0])
            group_start[ind[0]] = r
        for k, v in enumerate(ind[1:]):
            if v is not None:
                put(ws, f"{c(2 + k)}{r}", v)
        m(r, 8, r, 9)
        r += 1
    # merge the level-1 cells over their rows, as the printed form does
    starts = sorted(group_start.values()) + [r]
    for a, b in zip(starts, starts[1:]):
        if b - 1 > a:
            m(a, 1, b - 1, 1)
    m(13, 0, r - 1, 0)
    put(ws, f"{c(0)}{r}", "总分")
    m(r, 0, r, 5)
    put(ws, f"{c(6)}{r}", 100)
    put(ws, f"{c(7)}{r}", 97)
    put(ws, f"{c(8)}{r}", "等级：优")
    m(r, 8, r, 9)
    put(ws, f"{c(0)}{r + 1}", "备注： 1.“执行率”=“全年执行数”/“全年预算数”；2.总分设置为100分。")
    m(r + 1, 0, r + 1, 9)


wb = Workbook()
ws = wb.active
ws.title = "附件2"
seed_sheet(ws, col0=2)                                   # starts at column B
wb.save(os.path.join(out, "hunan-seed.xlsx"))

# Sichuan-style columns: 指标性质 / 指标值 / 度量单位; 年初预算 / 调整后预算数 / 预算执行数
wb = Workbook()
ws = wb.active
ws.title = "项目支出绩效自评表"
ws["A1"] = "（2021）年度项目支出绩效自评表"
ws["A2"], ws["B2"] = "项目名称", "农村公路养护"
ws["D2"], ws["E2"] = "主管部门", "某县交通运输局"
ws["A4"] = "项目资金（万元）"
for k, label in enumerate(["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]):
    ws.cell(row=4, column=3 + k, value=label)
ws["B5"] = "年度资金总额"
for k, v in enumerate([300, 300, 300, 1, 10, 10]):
    ws.cell(row=5, column=3 + k, value=v)
ws["H5"].number_format = "0%"
ws["B6"] = "本年财政拨款"
for k, v in enumerate([300, 300, 300]):
    ws.cell(row=6, column=3 + k, value=v)
header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值",
          "权重", "得分", "偏差原因"]
for k, label in enumerate(header):
    ws.cell(row=8, column=1 + k, value=label)
rows = [
    ("产出指标", "数量指标", "养护里程", "≥", 120, "公里", 118, 22.5, None, "两段道路因汛期顺延"),
    (None, "质量指标", "优良路率", "≥", 80, "%", "82%", 22.5, None, None),
    (None, "时效指标", "完工时间", None, "2021年12月底前", None, "2021年11月完成", 22.5, 22.5, None),
    ("效益指标", "社会效益指标", "通行条件改善", None, "明显改善", None, "明显改善", 22.5, 21, None),
]
for i, row in enumerate(rows):
    for k, v in enumerate(row):
        if v is not None:
            ws.cell(row=9 + i, column=1 + k, value=v)
ws["A14"], ws["H14"] = "合计", 100
wb.save(os.path.join(out, "sichuan.xlsx"))

# two forms in one workbook, and a sheet without one
wb = Workbook()
ws = wb.active
ws.title = "说明"
ws["A1"] = "本工作簿包含两个项目的自评表"
seed_sheet(wb.create_sheet("项目一"), quirks=False)
seed_sheet(wb.create_sheet("项目二"))
wb.save(os.path.join(out, "multi.xlsx"))

# no form at all
wb = Workbook()
ws = wb.active
ws.title = "数据"
ws["A1"], ws["B1"] = "姓名", "金额"
ws["A2"], ws["B2"] = "张三", 100
wb.save(os.path.join(out, "noform.xlsx"))

# a form with a weight that is not a number and no 三级指标 name
wb = Workbook()
ws = wb.active
ws.title = "自评表"
seed_sheet(ws, quirks=False)
ws["G15"] = "二十"
ws["D16"] = None
wb.save(os.path.join(out, "broken.xlsx"))

# no budget block: the amount columns are not labelled
wb = Workbook()
ws = wb.active
ws.title = "自评表"
seed_sheet(ws, quirks=False)
ws["D6"], ws["E6"], ws["F6"] = "预算", "调整", "执行"
wb.save(os.path.join(out, "nobudget.xlsx"))


# ---- forms as departments fill them ----
#
# One form, written into workbooks the ways real forms are laid out (each
# habit on its own), and as YAML: each workbook must score as its YAML.

from openpyxl.utils import get_column_letter as col_letter

ROAD = {
    "year": 2022,
    "department": "某县交通运输局",
    "unit": "某县公路事务中心",
    "project": "农村公路养护工程",
    # 万元: initial, adjusted, executed
    "budget": {"total": (300, 280, 273.84), "fiscal": (200, 200, 196),
               "other": (100, 80, 77.84)},
    "printed": (10, "97.80%", 9.78),
    "goal": ("完成120公里农村公路养护。", "完成118公里农村公路养护。"),
    "indicators": [
        ("产出指标（50分）", "数量指标", "养护里程", "≥120公里", "118公里", 20, None,
         "两段道路因汛期顺延"),
        (None, "质量指标", "路面优良率", "≥90%", "92%", 15, None, None),
        (None, "时效指标", "完工及时率", "100%", "100%", 15, None, None),
        ("效益指标（30分）", "社会效益指标", "群众出行条件", "明显改善", "明显改善", 20, 18,
         "部分路段仍需提升"),
        (None, "可持续影响指标", "长效管护机制", "建立长效管护机制", "已建立", 10, 10, None),
        ("满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, None, None),
    ],
    "total": 97.45,
    "grade": "优",
}
STD_HEADS = {"l1": "一级指标", "l2": "二级指标", "name": "三级指标", "target": "年度指标值",
             "actual": "实际完成值", "weight": "分值", "score": "得分",
             "reason": "偏差原因分析及改进措施"}
STD_ORDER = ["l1", "l2", "name", "target", "actual", "weight", "score", "reason"]


def yaml_text(f, extra=""):
    """The same form as YAML (amounts in 万元, unfilled rows left out)."""
    def q(v):
        return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')
    out = ["year: %d" % f["year"], "department: " + q(f["department"]),
           "unit: " + q(f["unit"]), "project: " + q(f["project"]), "budget:"]
    for key, (a, b, c) in f["budget"].items():
        parts = []
        for k, v in zip(("initial", "adjusted", "executed"), (a, b, c)):
            if v is not None:
                parts.append("%s: %s" % (k, v))
        out.append("  %s: {%s}" % (key, ", ".join(parts)))
    w, rate, s = f["printed"]
    out += ["  weight: %s" % w, "  rate: %s" % q(rate), "  score: %s" % s]
    out += ["goal:", "  expected: " + q(f["goal"][0]), "  actual: " + q(f["goal"][1]),
            "indicators:"]
    for l1, l2, name, tgt, act, w, s, why in f["indicators"]:
        item = []
        if l1:
            item.append("level1: " + q(l1.replace("\n", "")))
        item += ["level2: " + q(l2.replace("\n", "")), "name: " + q(name.replace("\n", ""))]
        if tgt is not None:
            item.append("target: " + q(tgt))
        if act is not None:
            item.append("actual: " + q(act))
        item.append("weight: %s" % w)
        if s is not None:
            item.append("score: %s" % s)
        if why:
            item.append("reason: " + q(why))
        out.append("  - {" + ", ".join(item) + "}")
    out.append("total: %s" % f["total"])
    out.append("grade: " + q(f["grade"]))
    return "\n".join(out) + "\n" + extra


def money(v, unit):
    if v is None:
        return None
    return {"万元": v, "元": round(v * 10000, 2), "亿元": v / 10000}[unit] if unit else v


def road_sheet(ws, f=ROAD, title=None, year_row=None, attach=None, unit="万元",
               unit_note=None, budget="standard", order=STD_ORDER, heads=None,
               two_row=False, placeholders=(), level_breaks=False, extra_source=None,
               tall=(), header_again=None, fiscal_split=None, goal_inline=False):
    """Writes form f the way one department lays it out; returns the rows of
    the indicators and of the placeholder rows (for the checks)."""
    heads = dict(STD_HEADS, **(heads or {}))
    rows = {}

    def cell(r, c, v, merge_to=None, merge_down=None):
        if v is not None:
            put(ws, f"{col_letter(c)}{r}", v)
        if merge_to or merge_down:
            ws.merge_cells(start_row=r, start_column=c, end_row=merge_down or r,
                           end_column=merge_to or c)

    r = 1
    if attach:
        cell(r, 1, attach)
        r += 1
    cell(r, 1, title or "（%d）年度项目支出绩效自评表" % f["year"], merge_to=9)
    r += 1
    if year_row:
        cell(r, 1, year_row, merge_to=9)
        r += 1
    if unit_note:
        cell(r, 8, unit_note)
        r += 1
    cell(r, 1, "项目名称")
    cell(r, 3, f["project"], merge_to=9)
    r += 1
    cell(r, 1, "主管部门")
    cell(r, 3, f["department"], merge_to=5)
    cell(r, 6, "实施单位")
    cell(r, 7, f["unit"], merge_to=9)
    r += 1

    # ---- the budget block ----
    label = "项目资金" + ("（%s）" % unit if unit else "")
    w, rate, s = f["printed"]
    b = f["budget"]
    if budget == "provincial":
        # 年度预算数（万元） over 年初预算 / 调整后预算数 / 预算执行数, the rest
        # merged over both header rows; 总额 and four sources
        cell(r, 1, "项目资金", merge_down=r + 6)
        cell(r, 2, "资金来源", merge_down=r + 1)
        cell(r, 3, "年度预算数" + ("（%s）" % unit if unit else ""), merge_to=5)
        for k, h in enumerate(["预算执行率", "权重", "得分", "原因"]):
            cell(r, 6 + k, h, merge_down=r + 1)
        for k, h in enumerate(["年初预算", "调整后预算数", "预算执行数"]):
            cell(r + 1, 3 + k, h)
        src = [("总额", b["total"]), ("其中：财政资金", b["fiscal"]),
               ("财政专户管理资金", (None, None, None)), ("单位资金", b["other"]),
               ("其他资金", (0, 0, 0))]
        for i, (name, amounts) in enumerate(src):
            rr = r + 2 + i
            cell(rr, 2, name)
            for k, v in enumerate(amounts):
                cell(rr, 3 + k, money(v, unit))
            if i == 0:
                cell(rr, 6, rate)
                cell(rr, 7, w)
                cell(rr, 8, s)
                cell(rr, 9, "项目结余资金已按规定收回")
        r += 7
    else:
        no_initial = budget == "no_initial"
        hdr = (["全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
               if no_initial else ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
        src = [("年度资金总额", "total"), ("其中：当年财政拨款", "fiscal"),
               ("上年结转资金", None), ("其他资金", "other")]
        if extra_source:
            src.insert(2, (extra_source, "extra"))
            b = dict(b, extra=(50, 50, 50))
        if fiscal_split:
            # fiscal money by level: instead of 财政拨款, or under it
            fa = b["fiscal"]
            b = dict(b, central=tuple(round(v * 0.6, 2) for v in fa),
                     province=tuple(round(v * 0.4, 2) for v in fa))
            parts = [("其中：中央资金", "central"), ("省级资金", "province")]
            src[1:2] = parts if fiscal_split == "levels" else [src[1]] + parts
        cell(r, 1, label, merge_down=r + len(src))
        for k, h in enumerate(hdr):
            cell(r, 3 + k, h)
        for i, (name, key) in enumerate(src):
            rr = r + 1 + i
            cell(rr, 2, name)
            amounts = b[key] if key else (None, None, None)
            if no_initial:
                amounts = amounts[1:]
            for k, v in enumerate(amounts):
                if budget == "blank_initial" and k == 0:
                    continue
                cell(rr, 3 + k, money(v, unit))
            c0 = 3 + len(amounts)
            if i == 0 and budget != "repeat2":
                cell(rr, c0, w)
                cell(rr, c0 + 1, rate)
                cell(rr, c0 + 2, s)
            elif budget == "repeat2":
                # the total row prints none: the first source row does, the
                # others fill the cells with slashes and dashes
                rep = {0: (None, None, None), 1: (w, rate, s), 2: ("/", "/", "/"),
                       3: ("-", "－", "--")}[i]
                for k, v in enumerate(rep):
                    cell(rr, c0 + k, v)
            elif budget == "repeat":
                # each source row repeats 分值/执行率/得分: its own, or a dash
                rep = {1: (10, "98.00%", 9.8), 2: ("/", "/", "/"), 3: ("-", "—", "－")}[i]
                for k, v in enumerate(rep):
                    cell(rr, c0 + k, v)
            else:
                for k in range(3):
                    cell(rr, c0 + k, "—")
        r += len(src) + 1
    if goal_inline:
        # the goal on one row, each text beside its label, right above the
        # indicator table, whose 偏差原因 spans two columns
        cell(r, 1, "年度总体目标")
        cell(r, 2, "预期目标")
        cell(r, 3, f["goal"][0], merge_to=8)
        cell(r, 9, "实际完成情况")
        cell(r, 10, f["goal"][1])
        r += 1
    else:
        cell(r, 1, "年度总体目标", merge_down=r + 1)
        cell(r, 2, "预期目标", merge_to=5)
        cell(r, 6, "实际完成情况", merge_to=9)
        cell(r + 1, 2, f["goal"][0], merge_to=5)
        cell(r + 1, 6, f["goal"][1], merge_to=9)
        r += 2

    # ---- the indicator table ----
    col = {k: 2 + i for i, k in enumerate(order)}
    top = r
    cell(r, 1, "绩效指标")
    if two_row:
        group = [k for k in ("target", "actual") if k in col]
        first = min(col[k] for k in group)
        for k in order:
            if k in group:
                continue
            cell(r, col[k], heads[k], merge_down=r + 1)
        cell(r, first, "指标值", merge_to=first + len(group) - 1)
        for k in group:
            cell(r + 1, col[k], heads[k])
        r += 2
    else:
        for k in order:
            wide = goal_inline and k == "reason"
            cell(r, col[k], heads[k], merge_to=col[k] + 1 if wide else None)
        r += 1
    inds = list(f["indicators"])
    for at, row in placeholders:
        inds.insert(at, row)
    starts = []
    for i, ind in enumerate(inds):
        if i == header_again:  # the header typed again, as on a second page
            for k in order:
                cell(r, col[k], heads[k])
            r += 1
        l1, l2, name, tgt, act, w, s, why = ind
        if l1 and level_breaks:
            l1 = l1.replace("（", "\n（")
        if l2 and level_breaks and len(l2) > 5:
            l2 = l2[:4] + "\n" + l2[4:]
        if l1:
            starts.append(r)
        vals = {"l1": l1, "l2": l2, "name": name, "target": tgt, "actual": act,
                "weight": w, "score": s, "reason": why}
        for k in order:
            wide = goal_inline and k == "reason"
            cell(r, col[k], vals[k], merge_to=col[k] + 1 if wide else None)
        rows.setdefault("names", []).append((name, r))
        if name in tall:  # drawn over two rows, every cell merged down
            for k in order:
                if k != "l1":
                    ws.merge_cells(start_row=r, start_column=col[k], end_row=r + 1,
                                   end_column=col[k])
            r += 1
        r += 1
    for a, b2 in zip(starts, starts[1:] + [r]):
        if b2 - 1 > a:
            ws.merge_cells(start_row=a, start_column=col["l1"], end_row=b2 - 1,
                           end_column=col["l1"])
    ws.merge_cells(start_row=top, start_column=1, end_row=r - 1, end_column=1)
    cell(r, 1, "总分", merge_to=col["name"])
    cell(r, col["weight"], 100)
    cell(r, col["score"], f["total"])
    cell(r, col["reason"], "等级：" + f["grade"])
    rows["total"] = r
    return rows


def road(name, yaml_extra="", f=ROAD, sheet="自评表", **kw):
    if kw.get("budget") in ("no_initial", "blank_initial"):
        f = dict(f, budget={k: (None,) + v[1:] for k, v in f["budget"].items()})
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    rows = road_sheet(ws, f=f, **kw)
    wb.save(os.path.join(out, name + ".xlsx"))
    with open(os.path.join(out, name + ".yaml"), "w", encoding="utf-8") as fp:
        fp.write(yaml_text(f, yaml_extra))
    return rows


# the reference: the usual layout
road("road")
# the year on a row of its own under the title, in each printed form; 附件1 above
for i, y in enumerate(["（2022年度）", "(2022 年度)", "( 2022年度)", "2022年度)", "2022年度",
                       "（2022）年度", "评价年度：2022"]):
    road("year-%d" % i, title="项目支出绩效自评表", year_row=y, attach="附件1" if i == 0 else None)
# no year but in the sheet's name
road("year-sheet", title="项目支出绩效自评表", sheet="2022年度自评表")
# other titles
for i, t in enumerate(["2022年度财政项目支出绩效自评表", "部门预算项目支出绩效自评表",
                       "绩效目标自评表", "（2022）年度绩效目标自评表", "项目绩效目标自评表",
                       "自评表", "2022年度项目支出绩效自评价表", "项目绩效自评情况表"]):
    road("title-%d" % i, title=t, year_row=None if "2022" in t else "（2022年度）")
# 小计 rows adding up each category
road("subtotals", placeholders=[
    (3, (None, "产出指标小计", None, None, None, 50, 49.67, None)),
    (7, (None, "小计", None, None, None, 30, 28, None)),
])
# template rows left unfilled
road("placeholders", placeholders=[
    (3, (None, "数量指标", "指标1", None, None, None, None, None)),
    (4, (None, "质量指标", "指标2:", "/", "/", "/", None, None)),
    (7, (None, "社会效益指标", "……", "-", "-", "-", None, None)),
    (9, (None, "生态效益指标", "…", None, None, None, 0, None)),
    (10, (None, "生态效益指标", "指标3", "", "", 0, 0, None)),
])
# the budget block without 年初预算数, with it left blank, with repeated 分值/执行率/得分
road("budget-noinitial", budget="no_initial")
road("budget-blankinitial", budget="blank_initial")
road("budget-repeat", budget="repeat")
road("budget-repeat2", budget="repeat2")
# the provincial rows: 总额, 其中：财政资金, 财政专户管理资金, 单位资金, 其他资金
road("budget-provincial", budget="provincial")
# the header typed again inside the table; 实际完成情况 over the actuals
road("heads-again", header_again=4)
road("heads-situation", heads={"actual": "实际完成情况"})
# the goal's labels right above the indicator header, 偏差原因 two columns wide
road("goal-inline", goal_inline=True)
# header synonyms, another column order, two header rows
road("heads-synonyms", heads={"target": "年度目标值", "actual": "全年实际完成值"},
     order=["l1", "l2", "name", "weight", "target", "actual", "score", "reason"])
road("heads-synonyms2", heads={"target": "目标值", "actual": "完成值", "weight": "权重"},
     order=["l1", "l2", "name", "actual", "target", "score", "weight", "reason"])
road("heads-tworow", two_row=True, heads={"target": "年度指标值", "actual": "全年实际值"})
road("heads-tworow2", two_row=True, heads={"target": "年度目标值", "actual": "实际值"},
     order=["l1", "l2", "name", "weight", "target", "actual", "score", "reason"])
# the unit of money: 元 and 亿元 in the header, stated above the form, not stated
road("unit-yuan", unit="元")
road("unit-yi", unit="亿元")
road("unit-note", unit=None, unit_note="单位：万元")
road("unit-none", unit=None)
# labels broken over lines inside their cells
road("breaks", level_breaks=True)

# a budget row that is no known source: read whole, the row named
road("budget-unknown", extra_source="其中：专项债券资金")
# fiscal money by level (中央资金, 省级资金), instead of 财政拨款 or under it
road("budget-levels", fiscal_split="levels")
road("budget-breakdown", fiscal_split="breakdown")

# not a self-evaluation: a budget table, a blank sheet
wb = Workbook()
ws = wb.active
ws.title = "预算表"
for k, h in enumerate(["项目", "年初预算数", "全年预算数", "全年执行数"]):
    ws.cell(row=1, column=1 + k, value=h)
ws.append(["办公经费", 10, 10, 9])
wb.create_sheet("空白")
wb.save(os.path.join(out, "budget-table.xlsx"))
wb = Workbook()
wb.active.title = "Sheet1"
wb.save(os.path.join(out, "blank.xlsx"))

# merged cells: findings name a merged range's top-left cell
# horizontal: 分值 and 得分 typed into one cell merged over both columns
wb = Workbook()
ws = wb.active
ws.title = "自评表"
rows = road_sheet(ws)
r = dict(rows["names"])["路面优良率"]     # columns E target, F actual, G 分值, H 得分
ws[f"E{r}"], ws[f"F{r}"] = "≥95%", "90%"
ws[f"G{r}"], ws[f"H{r}"] = 15, None
ws.merge_cells(f"G{r}:H{r}")
wb.save(os.path.join(out, "merged-h.xlsx"))
ws[f"G{r}"] = "十五"
wb.save(os.path.join(out, "merged-h-bad.xlsx"))
# vertical: one target merged down over two indicators; an indicator drawn
# over two rows (every cell merged down)
wb = Workbook()
ws = wb.active
ws.title = "自评表"
f = dict(ROAD)
f["indicators"] = ROAD["indicators"][:-1] + [
    ("满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90", "95", 5, None, None),
    (None, "服务对象满意度指标", "养护单位满意度", None, "93", 5, None, None),
]
rows = road_sheet(ws, f=f)
names = dict(rows["names"])
r = names["群众满意度"]
ws.merge_cells(f"E{r}:E{r + 1}")
wb.save(os.path.join(out, "merged-v.xlsx"))
f = dict(ROAD)
f["indicators"] = [i if i[2] != "完工及时率" else i[:6] + (14,) + i[7:]
                   for i in ROAD["indicators"]]
f["total"] = 97.45
road("merged-tall", f=f, tall=("完工及时率",))
