"""Checks of the PDF writer's output, read back with poppler-utils.

    check_pdf.py gen-many N OUT.json     a form with N indicators
    check_pdf.py gen-long OUT.json       a form with absurd texts, emoji, rare CJK
    check_pdf.py text PDF DUMP [--cell-prefix N] [--box CHARS]
        every text of `pdf_driver --dump` is in the PDF (whitespace removed on
        both sides), the narrative's in reading order; cells longer than N
        characters (cut on the page) only by their first N; CHARS, which no
        installed font has, are left out of the comparison (pango draws them
        as hex boxes, 𠀀 as 020000, out of the stream order of the text)
    check_pdf.py fonts PDF               every font embedded, Noto CJK among them
    check_pdf.py pages PDF REGEX         page orientations (P portrait, L landscape,
                                         each A4) match REGEX, e.g. 'P+L+'
    check_pdf.py info PDF KEY=VALUE...   pdfinfo fields
    check_pdf.py many PDF N              the N-indicator form of gen-many: spans
                                         two or more landscape pages, each with the
                                         repeated header, every indicator on exactly
                                         one of them, the total on the last
    check_pdf.py same A.pdf B.pdf        identical but for the creation date

Run by tests/write/pdf/test_pdf.sh with /usr/bin/python3; prints what differs and
exits 1 on failure.
"""
import json
import re
import subprocess
import sys

A4 = (595.276, 841.89)
HEADER = "一级指标二级指标三级指标年度指标值实际完成值"
WS = re.compile(r"\s+")
PAGENO = re.compile(r"—\d+—")


def fail(msg):
    print("  " + msg)
    sys.exit(1)


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        fail("%s failed: %s" % (" ".join(cmd), p.stderr.decode("utf-8", "replace")))
    if p.stderr.strip():
        fail("%s complained: %s" % (" ".join(cmd), p.stderr.decode("utf-8", "replace")))
    return p.stdout.decode("utf-8")


def squash(s):
    return WS.sub("", s)


def page_text(pdf, first=None, last=None):
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    # page numbers (— 1 —) fall between the halves of a paragraph broken
    # across pages: they are not part of the text
    return PAGENO.sub("", squash(run(*args, pdf, "-")))


def page_sizes(pdf):
    n = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.M).group(1))
    out = run("pdfinfo", "-f", "1", "-l", str(n), pdf)
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]
    if len(sizes) != n:
        fail("pdfinfo lists %d page sizes for %d pages" % (len(sizes), n))
    return sizes


def orientations(pdf):
    kinds = ""
    for w, h in page_sizes(pdf):
        if abs(w - A4[0]) < 0.5 and abs(h - A4[1]) < 0.5:
            kinds += "P"
        elif abs(w - A4[1]) < 0.5 and abs(h - A4[0]) < 0.5:
            kinds += "L"
        else:
            kinds += "?"
    return kinds


def hexbox(ch):
    return "%06X" % ord(ch) if ord(ch) > 0xFFFF else "%04X" % ord(ch)


def cmd_text(pdf, dump, prefix=None, boxes=""):
    text = page_text(pdf)
    for ch in boxes:
        text = text.replace(hexbox(ch), "")
    pos, bad = 0, 0
    for line in open(dump, encoding="utf-8"):
        kind, _, value = line.rstrip("\n").partition("\t")
        want = squash(value)
        for ch in boxes:
            want = want.replace(ch, "")
        if not want:
            continue
        if kind in ("cell", "caption"):
            if prefix and len(want) > prefix:
                want = want[:prefix]
            if want not in text:
                print("  %s not in the PDF: %s" % (kind, want[:80]))
                bad += 1
            continue
        # the narrative, in reading order
        at = text.find(want, pos)
        if at < 0:
            where = "anywhere" if want not in text else "after the previous text"
            print("  %s not found %s: %s" % (kind, where, want[:80]))
            bad += 1
            continue
        pos = at + len(want)
    if bad:
        fail("%d texts missing or out of order" % bad)


def cmd_fonts(pdf):
    rows = run("pdffonts", pdf).splitlines()[2:]
    if not rows:
        fail("no fonts")
    names = []
    for row in rows:
        f = row.split()
        # name type... encoding emb sub uni object ID
        emb = f[-5]
        names.append(f[0])
        if emb != "yes":
            fail("font not embedded: " + row)
    cjk = [n for n in names if re.search(r"Noto(Serif|Sans)CJK", n)]
    if not any("NotoSerifCJK" in n for n in cjk) or not any("NotoSansCJK" in n for n in cjk):
        fail("expected Noto Serif CJK and Noto Sans CJK, got: " + ", ".join(names))


def cmd_pages(pdf, pattern):
    kinds = orientations(pdf)
    if not re.fullmatch(pattern, kinds):
        fail("page orientations %s, expected %s" % (kinds, pattern))


def cmd_info(pdf, pairs):
    out = run("pdfinfo", pdf)
    for pair in pairs:
        key, _, value = pair.partition("=")
        m = re.search(r"^%s:\s*(.*)$" % re.escape(key), out, re.M)
        got = m.group(1).strip() if m else None
        if got != value:
            fail("pdfinfo %s: %r, expected %r" % (key, got, value))


def indicator_name(i):
    return "测试指标%02d号" % i


def cmd_many(pdf, n):
    kinds = orientations(pdf)
    land = [k + 1 for k, c in enumerate(kinds) if c == "L"]
    if len(land) < 2:
        fail("%d landscape pages, expected two or more" % len(land))
    texts = {k: page_text(pdf, k) for k in land}
    for k in land:
        if HEADER not in texts[k]:
            fail("landscape page %d lacks the indicator header" % k)
        if "绩效指标" not in texts[k]:
            fail("landscape page %d lacks the 绩效指标 cell" % k)
    for i in range(1, n + 1):
        name = indicator_name(i)
        on = [k for k in land if name in texts[k]]
        if len(on) != 1:
            fail("%s is on pages %s, expected exactly one" % (name, on))
    last = texts[land[-1]]
    if "总分" not in last or "等级：" not in last:
        fail("the total is not on the last page")
    for k in land[:-1]:
        if "总分" in texts[k]:
            fail("the total is on page %d, not only on the last" % k)


def cmd_same(a, b):
    da, db = (re.sub(rb"/CreationDate \([^)]*\)", b"", open(f, "rb").read()) for f in (a, b))
    if da != db:
        fail("%s and %s differ (beyond the creation date)" % (a, b))


def gen_many(n, out):
    cats = [("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"], 50),
            ("效益指标", ["经济效益指标", "社会效益指标", "可持续影响指标"], 30),
            ("满意度指标", ["服务对象满意度指标"], 10)]
    share = [n * 2 // 3, n // 4]  # 60: 40, 15, 5 (weights 1.25, 2, 2)
    share.append(n - sum(share))
    inds, i = [], 0
    for (l1, l2s, total), count in zip(cats, share):
        for k in range(count):
            i += 1
            weight = round(total / count, 2)
            ind = {"level1": l1, "level2": l2s[k * len(l2s) // count], "name": indicator_name(i),
                   "target": "≥10个", "actual": "12个" if i % 7 else "8个", "weight": weight}
            if i % 7 == 0:
                ind["reason"] = "受上游供应延误影响，部分任务推迟至下一年度完成，已制定整改计划并按月跟踪落实"
            if i % 5 == 0:  # qualitative: taller rows
                ind["target"] = ind["actual"] = "按期完成年度建设任务并通过验收，形成可推广的经验做法"
                ind["band"] = "达成"
                ind["score"] = weight
            inds.append(ind)
    form = {
        "rules": "cn-mof-2020", "year": 2021, "fund": "测试专项", "department": "测试局",
        "unit": "测试中心", "project": "六十项指标测试项目",
        "budget": {"fiscal": {"initial": 500, "adjusted": 480, "executed": 450}},
        "goal": {"expected": "完成六十项年度任务。", "actual": "完成五十余项年度任务。"},
        "indicators": inds,
        "report": {"background": "本项目用于测试跨页的自评表。",
                   "problems": "部分指标未达预期。"},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False, indent=1)


def gen_long(out):
    long_reason = "受疫情影响项目进度滞后，" * 834  # 10 008 characters
    form = {
        "rules": "cn-mof-2020", "year": 2021,
        "title": "（2021）年度项目支出绩效自评表" + "（标题很长）" * 40,
        "fund": "专项" * 200, "department": "😀部门𠀀", "project": "极端文本测试项目" * 30,
        "budget": {"fiscal": {"initial": 100, "adjusted": 100, "executed": 50},
                   "reason": "执行率低的原因说明。" * 300},
        "goal": {"expected": "目标😀" * 500, "actual": "完成𠀀" * 500},
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "奖励企业😀", "target": "10家",
             "actual": "8家", "weight": 50, "reason": long_reason},
            {"level1": "效益指标" * 60, "level2": "社会效益指标", "name": "𠀀字指标",
             "target": "效果明显𠀀", "actual": "效果明显😀", "weight": 30, "band": "达成",
             "score": 30},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度",
             "target": "≥90%", "actual": "95%", "weight": 10},
        ],
        "report": {"title": "极端文本😀𠀀" * 50, "background": "很长的背景。" * 2000,
                   "problems": long_reason},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False, indent=1)


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "gen-many":
        gen_many(int(args[0]), args[1])
    elif cmd == "gen-long":
        gen_long(args[0])
    elif cmd == "text":
        opts = dict(zip(args[2::2], args[3::2]))
        prefix = int(opts["--cell-prefix"]) if "--cell-prefix" in opts else None
        cmd_text(args[0], args[1], prefix, opts.get("--box", ""))
    elif cmd == "fonts":
        cmd_fonts(args[0])
    elif cmd == "pages":
        cmd_pages(args[0], args[1])
    elif cmd == "info":
        cmd_info(args[0], args[1:])
    elif cmd == "many":
        cmd_many(args[0], int(args[1]))
    elif cmd == "same":
        cmd_same(args[0], args[1])
    else:
        fail("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
