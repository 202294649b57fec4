#!/usr/bin/python3
"""Writes the workbooks the container-reader tests read (tests/read/test_workbook.c).

    make_fixtures.py OUTDIR [--no-office]

Three kinds of file:
  - written by openpyxl (inline strings, merges, dates in several formats,
    several sheets, an empty sheet, full-width and very long text);
  - written by LibreOffice from one of those, as .xlsx (shared strings, rich
    text runs, explicit t="n") and as legacy .xls (BIFF8, read with freexl);
  - zips built byte by byte, for what no spreadsheet program writes: rich
    text with phonetic runs, _xHHHH_ escapes, cells and rows without r,
    repeated and unsorted cells, the 1904 date system, every part stored
    (so that a fuzzer mutates XML, not deflate's bits), and hostile files
    (not a zip, no workbook, decompression bombs, lying sizes, deep nesting,
    malformed XML, bad references, missing parts, too many sheets, DOCTYPE,
    encrypted and oddly compressed entries).
Run with Debian's /usr/bin/python3, which has python3-openpyxl.
"""
import datetime
import os
import shutil
import struct
import subprocess
import sys
import zlib

import openpyxl

OUT = sys.argv[1]
OFFICE = "--no-office" not in sys.argv[2:]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LONG_TEXT = "长" * 20000 + "end"


def path(name):
    return os.path.join(OUT, name)


# ---- openpyxl ----

def basic(name, long_text):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "（2020）年度项目支出绩效自评表"
    ws.merge_cells("A1:J1")
    ws["A2"] = "专项名称"
    ws.merge_cells("A2:B2")
    ws["C2"] = "市经济信息产业发展专项"
    ws["A3"] = 80
    ws["B3"] = 0.1
    ws["C3"] = 202.6
    ws["D3"] = "80"  # a number stored as text
    ws["E3"] = -5.5
    ws["F3"] = 1234567890123
    ws["A4"] = "（２０２０）年度：全角１２３，"
    ws["B4"] = long_text
    ws["C4"] = "  前后空格  "
    ws["D4"] = True
    ws["E4"] = False
    ws["F4"] = "#DIV/0!"
    ws["G4"] = "=SUM(A3:C3)"  # openpyxl stores no cached value: no cell
    ws["A5"] = datetime.date(2020, 6, 30)
    ws["A5"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B5"] = datetime.datetime(2020, 12, 31, 8, 30, 15)
    ws["B5"].number_format = "yyyy-mm-dd hh:mm:ss"
    ws["C5"] = 43831
    ws["C5"].number_format = "mm-dd-yy"  # built-in 14
    ws["D5"] = 0.5
    ws["D5"].number_format = "h:mm:ss"  # built-in 21
    ws["E5"] = 12.5
    ws["E5"].number_format = '0.00"days"'
    ws["F5"] = 0.25
    ws["F5"].number_format = "0%"
    ws["G5"] = 45000
    ws["G5"].number_format = "[Red]0"
    ws["H5"] = 44000.75
    ws["H5"].number_format = "yyyy/m/d h:mm AM/PM"
    ws["I5"] = 60
    ws["I5"].number_format = "yyyy-mm-dd"
    ws["J5"] = 61
    ws["J5"].number_format = "yyyy-mm-dd"
    ws["A6"] = ""  # an empty string: openpyxl writes no value
    ws["B6"] = None
    if name == "basic.xlsx":
        ws["XFD1048576"] = "corner"  # past the last cell of an .xls

    ws2 = wb.create_sheet("Sheet2")
    ws2["B2"] = "合并"
    ws2.merge_cells("B2:C3")
    ws2["D4"] = 7
    ws2["A1"] = "first"

    wb.create_sheet("空表")
    wb.save(path(name))


def office():
    """basic.xlsx as LibreOffice writes it, and legacy.xlsx as .xls."""
    profile = "/tmp/jx-lo-%d" % os.getpid()
    try:
        for fmt, outdir, src in (("xlsx", path("lo"), "basic.xlsx"),
                                 ("xls", OUT, "legacy.xlsx")):
            subprocess.run(
                ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                 "--convert-to", fmt, "--outdir", outdir, path(src)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# ---- zips by hand ----

def raw_zip(name, entries):
    """entries: (name, bytes[, method[, flags[, claimed uncompressed size]]])."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        ename, data = e[0], e[1]
        if isinstance(data, str):
            data = data.encode()
        method = e[2] if len(e) > 2 else 8
        flags = (e[3] if len(e) > 3 else 0) | 0x800  # UTF-8 names
        nb = ename.encode()
        crc = zlib.crc32(data)
        if method == 8:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp = c.compress(data) + c.flush()
        else:
            comp = data
        usize = e[4] if len(e) > 4 else len(data)
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc,
                           len(comp), usize, len(nb), 0) + nb + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0,
                               0x21, crc, len(comp), usize, len(nb), 0, 0, 0, 0, 0,
                               off) + nb
    cd = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                       len(central), cd, 0)
    with open(path(name), "wb") as f:
        f.write(out)


CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>')
ROOT_RELS = HEAD + (
    '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>' % (PKG, RELS))


def workbook_xml(names, pr=""):
    sheets = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1)
                     for i, n in enumerate(names))
    return HEAD + '<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets></workbook>' % (
        MAIN, RELS, pr, sheets)


def rels_xml(targets, extra=""):
    r = "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="%s"/>' % (i + 1, RELS, t)
                for i, t in enumerate(targets))
    return HEAD + '<Relationships xmlns="%s">%s%s</Relationships>' % (PKG, r, extra)


def sheet_xml(data, after=""):
    return HEAD + '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData>%s</worksheet>' % (
        MAIN, RELS, data, after)


def simple(name, sheets, workbook=None, rels=None, extra=(), drop=(), **entry_opts):
    """A workbook of sheets [(name, xml)]; entry_opts["xl/..."] = (method, flags, size)."""
    names = [s[0] for s in sheets]
    targets = ["worksheets/sheet%d.xml" % (i + 1) for i in range(len(sheets))]
    entries = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
               ("xl/workbook.xml", workbook or workbook_xml(names)),
               ("xl/_rels/workbook.xml.rels", rels or rels_xml(targets))]
    for i, s in enumerate(sheets):
        part = "xl/" + targets[i]
        if part not in drop:
            entries.append((part, s[1]) + tuple(entry_opts.get(part, ())))
    entries += list(extra)
    raw_zip(name, entries)


def handmade(name="handmade.xlsx", method=8):
    wb = HEAD + (
        '<x:workbook xmlns:x="%s" xmlns:r="%s"><x:workbookPr date1904="1"/>'
        '<x:sheets><x:sheet name="手工" sheetId="1" r:id="rId1"/>'
        '<x:sheet name="Chart" sheetId="2" r:id="rId9"/>'
        '<x:sheet name="Second" sheetId="3" r:id="rId2"/></x:sheets></x:workbook>' % (MAIN, RELS))
    rels = HEAD + (
        '<Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        '<Relationship Id="rId9" Type="%s/chartsheet" Target="chartsheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%s/worksheet" '
        'Target="./worksheets/../worksheets/second%%20sheet.xml"/>'
        '<Relationship Id="rId3" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId4" Type="%s/styles" Target="styles.xml"/>'
        '<Relationship Id="rId5" Type="%s/hyperlink" Target="http://example.com/x.xml" '
        'TargetMode="External"/>'
        '</Relationships>' % (PKG, RELS, RELS, RELS, RELS, RELS, RELS))
    sst = HEAD + (
        '<sst xmlns="%s" count="6" uniqueCount="6">'
        '<si><t>plain</t></si>'
        '<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text </t></r>'
        '<rPh sb="0" eb="1"><t>フリガナ</t></rPh><phoneticPr fontId="1"/></si>'
        '<si><t xml:space="preserve">  spaced  </t></si>'
        '<si><t/></si>'
        '<si><t>line_x000D_\nbreak a_x005F_x0041_b _x00e9_ _xZZZZ_</t></si>'
        '<si><t>项目资金（万元）</t></si>'
        '</sst>' % MAIN)
    styles = HEAD + (
        '<styleSheet xmlns="%s"><numFmts count="4">'
        '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="0.00&quot;days&quot;"/>'
        '<numFmt numFmtId="166" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>'
        '<numFmt numFmtId="167" formatCode="[h]:mm:ss"/>'
        '<numFmt numFmtId="168" formatCode="0.00E+00;[Red]general"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
        '<xf numFmtId="22"/><xf numFmtId="167"/><xf numFmtId="31"/><xf numFmtId="166"/>'
        '<xf numFmtId="168"/></cellXfs></styleSheet>' % MAIN)
    sheet1 = HEAD + (
        '<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:L9"/><sheetData>\n'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>\n'
        '<row><c t="s"><v>4</v></c><c r="C2" s="2"><v>12.5</v></c>'
        '<c r="D2"><v>8.0000000000000002E-2</v></c><c r="E2" s="7"><v>12345</v></c>'
        '<c r="F2" s="99"><v>7</v></c></row>\n'
        '<row r="4"><c r="B4" s="1"><v>42369</v></c><c r="A4"><v>1</v></c>'
        '<c r="C4" s="3"><v>42369.5</v></c><c r="D4" s="4"><v>1.5</v></c>'
        '<c r="E4" s="5"><v>42369</v></c><c r="F4" s="6"><v>42369</v></c></row>\n'
        '<row r="5"><c r="A5" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="B5" t="b"><v>1</v></c><c r="C5" t="b"><v>0</v></c>'
        '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="E5" t="d"><v>2020-06-30T00:00:00Z</v></c>'
        '<c r="F5" t="d"><v>2020-06-30T08:05:09</v></c>'
        '<c r="G5"><f>SUM(A4:A4)</f><v>1</v></c><c r="H5"><f>1+1</f></c>'
        '<c r="I5" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r><rPh><t>x</t></rPh>'
        '</is></c><c r="J5" t="inlineStr"><is><t></t></is></c>'
        '<c r="K5" t="str"><f>""</f><v></v></c><c r="L5" s="0"/></row>\n'
        '<row r="3"><c r="A3"><v>1</v></c><c r="A3"><v>2</v></c></row>\n'
        '<row r="8"><c r="A8" t="s"><v>5</v></c></row>\n'
        '<row r="9"><c r="C9"><v>99</v></c></row>\n'
        '</sheetData><mergeCells count="2"><mergeCell ref="C9:A8"/><mergeCell ref="E8"/>'
        '</mergeCells><extLst><ext uri="x"><a><b><c><d>deep but fine</d></c></b></a></ext>'
        '</extLst></worksheet>' % (MAIN, RELS))
    second = sheet_xml('<row r="2"><c r="B2"><v>3.5</v></c></row>')
    raw_zip(name, [
        ("[Content_Types].xml", CONTENT_TYPES, method), ("_rels/.rels", ROOT_RELS, method),
        ("xl/workbook.xml", wb, method), ("xl/_rels/workbook.xml.rels", rels, method),
        ("xl/sharedStrings.xml", sst, method), ("xl/styles.xml", styles, method),
        ("xl/worksheets/sheet1.xml", sheet1, 0),  # stored, not deflated
        ("xl/worksheets/second sheet.xml", second, method),
    ])


def hostile():
    with open(path("notzip.xlsx"), "wb") as f:
        f.write(b"hello, this is not a zip archive at all")
    open(path("empty.xlsx"), "wb").close()
    with open(path("truncated.xlsx"), "wb") as f:
        f.write(open(path("handmade.xlsx"), "rb").read()[:200])
    raw_zip("nowb.xlsx", [("[Content_Types].xml", CONTENT_TYPES),
                          ("word/document.xml", "<w:document/>")])

    # a sheet of 4 MiB of zeros between the tags, deflated to a few KiB
    zeros = sheet_xml("0" * (4 << 20))
    simple("bomb.xlsx", [("Sheet1", zeros)])
    # the same, claiming to inflate to 1000 bytes
    simple("bomb_lie.xlsx", [("Sheet1", zeros)],
           **{"xl/worksheets/sheet1.xml": (8, 0, 1000)})
    # two sheets of 600 KiB each
    half = sheet_xml(" " * (600 << 10))
    simple("bomb_total.xlsx", [("A", half), ("B", half)])

    deep = "<x>" * 100 + "</x>" * 100
    simple("deep.xlsx", [("Sheet1", sheet_xml(deep))])
    simple("malformed.xlsx", [("Sheet1", HEAD + '<worksheet xmlns="%s">\n<sheetData>\n'
                               '<row r="1"><c r="A1"><v>1</v></row>\n'
                               '</sheetData></worksheet>' % MAIN)])
    for ref in ("A0", "XFE1", "1A"):
        simple("badref_%s.xlsx" % ref,
               [("Sheet1", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>\n'
                                     '<row r="2"><c r="%s"><v>2</v></c></row>' % ref))])
    simple("badrow.xlsx", [("Sheet1", sheet_xml('<row r="0"><c><v>1</v></c></row>'))])
    simple("badmerge.xlsx", [("Sheet1", sheet_xml("", '<mergeCells><mergeCell ref="A1:"/>'
                                                      '</mergeCells>'))])
    simple("badsst.xlsx", [("Sheet1", sheet_xml('<row r="1"><c r="B1" t="s"><v>7</v></c>'
                                                '</row>'))])
    simple("missing.xlsx", [("Sheet1", sheet_xml("")), ("Sheet2", sheet_xml(""))],
           drop=("xl/worksheets/sheet2.xml",))
    simple("norel.xlsx", [("Sheet1", sheet_xml(""))], rels=rels_xml([]))
    simple("many.xlsx", [("S%d" % i, sheet_xml('<row r="1"><c r="A1"><v>%d</v></c></row>' % i))
                         for i in range(5)])
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE workbook [\n<!ENTITY a "aaaaaaaaaa">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
              '<workbook xmlns="%s"><sheets>&b;</sheets></workbook>' % MAIN)
    simple("doctype.xlsx", [("Sheet1", sheet_xml(""))], workbook=laughs)
    simple("encrypted.xlsx", [("Sheet1", sheet_xml(""))],
           **{"xl/worksheets/sheet1.xml": (0, 1)})
    simple("method.xlsx", [("Sheet1", sheet_xml(""))], **{"xl/worksheets/sheet1.xml": (12,)})
    # a stored sheet changed after its CRC was taken: still well-formed XML
    simple("badcrc.xlsx", [("Sheet1", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'))],
           **{"xl/worksheets/sheet1.xml": (0,)})
    data = open(path("badcrc.xlsx"), "rb").read().replace(b"<v>1</v>", b"<v>2</v>", 1)
    with open(path("badcrc.xlsx"), "wb") as f:
        f.write(data)
    simple("entries.xlsx", [("Sheet1", sheet_xml(""))],
           extra=[("extra%d.txt" % i, "x") for i in range(10)])


os.makedirs(path("lo"), exist_ok=True)
basic("basic.xlsx", LONG_TEXT)
# freexl 1.0.6 loses the strings after a long one continued over several SST
# records (and ASCII strings past 8 KiB), so the .xls holds a shorter text
basic("legacy.xlsx", "长" * 3000)
handmade()
# every part stored: a fuzzer mutates the XML itself, not deflate's bits
handmade("stored.xlsx", 0)
hostile()
if OFFICE:
    office()
