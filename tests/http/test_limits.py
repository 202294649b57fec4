"""The server under hostile load and across restarts, each with servers of
its own on a throwaway SQLite database:

- workbook bombs (ten million cells, one 250 MiB shared string, XML nested
  100 000 deep) sent four at a time: each refused with a 4xx, the server's
  peak memory (VmHWM) grows by less than a small multiple of the upload
  limit, and /healthz answers while they are worked on;
- the login throttle's counts survive a restart, and two server processes
  on one database count together;
- the database, its WAL and a backup are created for the owner alone.

    /usr/bin/python3 tests/http/test_limits.py JIXIAO
    /usr/bin/python3 tests/http/test_limits.py - --corpus DIR   (small bombs, for the fuzzers)

Ends with 'N passed, N failed'; exits 1 when a check failed.
"""
import concurrent.futures
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

JIXIAO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
PASSWORD = "limits-test-Passw0rd"
passed = failed = 0
TMP = tempfile.mkdtemp(prefix="jixiao-limits-")
DB = os.path.join(TMP, "limits.db")


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   - " + name)
    else:
        failed += 1
        print("FAIL - %s%s" % (name, ("\n       %s" % (detail,))[:600] if detail != "" else ""))


def run(*args, input_bytes=None):
    return subprocess.run([JIXIAO, *args], input=input_bytes, capture_output=True, timeout=120)


class Server:
    def __init__(self, *extra):
        self.out = open(os.path.join(TMP, "serve-%d.out" % time.monotonic_ns()), "w+")
        self.p = subprocess.Popen([JIXIAO, "serve", "--listen", "127.0.0.1:0", "--db", DB,
                                   "--access-log", "off", *extra],
                                  stdout=self.out, stderr=subprocess.STDOUT)
        for _ in range(200):
            self.out.seek(0)
            m = re.search(r"jixiao is serving http://127\.0\.0\.1:(\d+)/", self.out.read())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def call(self, method, path, body=None, headers=None, timeout=120):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body, headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, r.headers, data
        finally:
            c.close()

    def login(self, login, password, forwarded=None):
        h = {"Content-Type": "application/json"}
        return self.call("POST", "/api/session",
                         json.dumps({"login": login, "password": password}).encode(), h)

    def hwm_kib(self):
        with open("/proc/%d/status" % self.p.pid) as fh:
            return int(re.search(r"VmHWM:\s+(\d+) kB", fh.read()).group(1))

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def xlsx(sheet_xml_chunks, shared=None):
    """A minimal workbook whose sheet (and shared strings) are written in
    chunks, so that a bomb never sits whole in this process's memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                   '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        with z.open("xl/sharedStrings.xml", "w") as f:
            for chunk in shared or [b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                                    b'spreadsheetml/2006/main"/>']:
                f.write(chunk)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for chunk in sheet_xml_chunks:
                f.write(chunk)
    return buf.getvalue()


HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def many_cells(n=10_000_000, per_row=100):
    yield HEAD
    for r in range(1, n // per_row + 1):
        yield (b'<row r="%d">' % r) + b'<c t="n"><v>1</v></c>' * per_row + b"</row>"
    yield TAIL


def huge_string(mib=250):
    yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    block = b"A" * (1 << 20)
    for _ in range(mib):
        yield block
    yield b"</t></si></sst>"


def one_cell():
    yield HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + TAIL


def deep(levels=100_000):
    yield HEAD + b'<row r="1"><c r="A1"><v>' + b"<x>" * levels + b"</x>" * levels + b"</v></c></row>" + TAIL


def bootstrap():
    for args in (("org", "add", "region", "测试市"), ("org", "add", "department", "测试局", "--parent", "测试市"),
                 ("org", "add", "unit", "测试科", "--parent", "测试局")):
        p = run(*args, "--db", DB)
        assert p.returncode == 0, p.stderr
    for login in ("filler", "victim", "bomber"):
        p = run("user", "add", login, "--role", "filler", "--org", "测试科", "--password-stdin", "--db", DB,
                input_bytes=(PASSWORD + "\n").encode())
        assert p.returncode == 0, p.stderr


def session_headers(srv):
    st, h, body = srv.login("bomber", PASSWORD)
    cookie = re.search(r"jx_session=([0-9a-f]+)", h.get("Set-Cookie") or "").group(1)
    return {"Cookie": "jx_session=" + cookie, "X-CSRF-Token": json.loads(body)["csrf"]}


def t_bombs():
    print("# workbook bombs")
    t = time.time()
    bombs = {
        "ten million cells": xlsx(many_cells()),
        "one 250 MiB shared string": xlsx(one_cell(), huge_string()),
        "XML nested 100 000 deep": xlsx(deep()),
    }
    for name, data in bombs.items():
        print("#   %s: %d KiB compressed" % (name, len(data) // 1024))
    print("#   made in %.1f s" % (time.time() - t))
    srv = Server("--threads", "4")
    try:
        auth = session_headers(srv)
        xl = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        # warm: one real request of each kind, so the baseline holds the libraries' own memory
        srv.call("GET", "/healthz")
        base = srv.hwm_kib()
        st, _, body = srv.call("POST", "/api/score", bombs["ten million cells"], {"Content-Type": xl})
        check(st == 401, "anonymous POST /api/score of a workbook is refused before it is read", (st, body[:200]))
        jobs = [(name, data) for name, data in bombs.items() for _ in range(4 if name != "XML nested 100 000 deep" else 1)]
        health = []
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                t0 = time.time()
                try:
                    st, _, _ = srv.call("GET", "/healthz", timeout=10)
                except OSError:
                    st = 0
                health.append((st, time.time() - t0))
                time.sleep(0.2)

        prober = threading.Thread(target=probe)
        prober.start()

        def send(job):
            name, data = job
            t0 = time.time()
            st, _, body = srv.call("POST", "/api/score", data, dict(auth, **{"Content-Type": xl}), timeout=120)
            return name, st, body, time.time() - t0

        with concurrent.futures.ThreadPoolExecutor(len(jobs)) as ex:
            results = list(ex.map(send, jobs))
        stop.set()
        prober.join()
        for name, st, body, secs in results:
            try:
                err = json.loads(body)["error"]
            except (ValueError, KeyError, TypeError):
                err = {}
            check(st in (413, 422, 503) and err.get("code") in ("invalid", "too_large", "busy"),
                  "%s → %d %s (%.1f s)" % (name, st, err.get("code"), secs), body[:300])
            check("/tmp" not in body.decode("utf-8", "replace"), "%s: no server path in the answer" % name,
                  body[:300])
        grown = (srv.hwm_kib() - base) / 1024
        print("#   peak memory grew by %.0f MiB over %.0f MiB (upload limit 16 MiB)" % (grown, base / 1024))
        check(grown < 256, "peak memory grows by less than 16 × the upload limit (%.0f MiB)" % grown)
        slow = max((s for _, s in health), default=0)
        check(health and all(st == 200 for st, _ in health),
              "/healthz answered 200 all along (%d probes, slowest %.2f s)" % (len(health), slow),
              [h for h in health if h[0] != 200][:3])
        st, _, _ = srv.call("GET", "/healthz")
        check(st == 200, "the server still serves")
    finally:
        srv.stop()


def t_throttle():
    print("# the login throttle across restarts and processes")
    a = Server()
    try:
        for i in range(5):
            st, _, _ = a.login("victim", "wrong-%d" % i)
            check(st == 401, "failure %d" % (i + 1))
        st, h, _ = a.login("victim", PASSWORD)
        check(st == 429, "the 6th at once waits", st)
    finally:
        a.stop()
    b = Server()
    try:
        st, h, _ = b.login("victim", PASSWORD)
        ra = h.get("Retry-After") or ""
        check(st == 429 and ra.isdigit() and int(ra) <= 15, "after a restart the count still holds", (st, ra))
    finally:
        b.stop()
    # two processes on one database count together
    p1, p2 = Server(), Server()
    try:
        for i in range(3):
            p1.login("filler", "wrong-%d" % i)
        for i in range(2):
            p2.login("filler", "wrong-%d" % (i + 3))
        st, _, _ = p2.login("filler", PASSWORD)
        check(st == 429, "five failures on two processes: the next on either waits", st)
        st, _, _ = p1.login("filler", PASSWORD)
        check(st == 429, "… on the other too", st)
    finally:
        p1.stop()
        p2.stop()


def t_modes():
    print("# files of the owner alone")
    old = os.umask(0o022)
    srv = Server()
    try:
        srv.login("filler", PASSWORD)  # a write: the WAL is there while the server runs
        for path in (DB, DB + "-wal", DB + "-shm"):
            mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else None
            check(mode == 0o600, "%s is %s (umask 022)" % (os.path.basename(path),
                                                           oct(mode) if mode is not None else "missing"))
        copy = os.path.join(TMP, "copy.db")
        p = run("backup", copy, "--db", DB)
        check(p.returncode == 0, "jixiao backup", p.stderr)
        mode = os.stat(copy).st_mode & 0o777 if os.path.exists(copy) else None
        check(mode == 0o600, "the backup is %s" % (oct(mode) if mode is not None else "missing"))
    finally:
        srv.stop()
        os.umask(old)


def corpus(folder):
    """Small versions of the bombs, for the fuzzers' seed corpus."""
    os.makedirs(folder, exist_ok=True)
    for name, data in (("bomb-cells.xlsx", xlsx(many_cells(200_000))),
                       ("bomb-string.xlsx", xlsx(one_cell(), huge_string(16))),
                       ("bomb-deep.xlsx", xlsx(deep(5_000)))):
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)


def main():
    if len(sys.argv) > 3 and sys.argv[2] == "--corpus":
        corpus(sys.argv[3])
        return
    try:
        os.umask(0o022)
        bootstrap()
        for fn in (t_modes, t_throttle, t_bombs):
            try:
                fn()
            except Exception as e:  # noqa: BLE001 — one crash is one failure
                import traceback
                traceback.print_exc()
                check(False, "%s raised %r" % (fn.__name__, e))
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
