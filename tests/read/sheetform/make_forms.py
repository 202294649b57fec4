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

# no budget block
wb = Workbook()
ws = wb.active
ws.title = "自评表"
seed_sheet(ws, quirks=False)
ws["D6"] = "预算"
wb.save(os.path.join(out, "nobudget.xlsx"))
