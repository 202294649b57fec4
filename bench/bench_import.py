"""jixiao bench_import: a province's year into the store, against COPY.

Generates N forms (one in five a workbook, the rest JSON; one file each,
in folders of 1 000) for 100 departments of 10 regions, then for SQLite and
for a throwaway PostgreSQL cluster:

- `jixiao import` of the whole folder: forms per second, peak RSS;
- the ceiling: the same rows (every column of evaluations) written by
  PostgreSQL's COPY into an empty copy of the table (SQLite: one
  transaction of prepared INSERTs, its fastest path);
- the same import again (nothing to store: every file hashed and skipped);
- with the N evaluations stored and handed to finance: the list with
  filters, the aggregate endpoint and the overview, p50 and p99 over 200
  sequential requests each from a logged-in administrator.

    /usr/bin/python3 bench/bench_import.py build/jixiao [N]     (default N = 2000)

Prints figures and ratios; asserts nothing about time.
"""
import http.client
import io
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

JIXIAO = os.path.abspath(sys.argv[1])
N = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SEED = os.path.join(ROOT, "examples", "seed-2020-zhuzhou-innovation-centres.yaml")
PG = os.path.join(ROOT, "tests", "common", "pg_cluster.sh")
TMP = tempfile.mkdtemp(prefix="jixiao-bench-import-")
PASSWORD = "bench-import-Passw0rd"
DEPTS = 100
REGIONS = 10


def sh(*args, input_bytes=None, env=None):
    p = subprocess.run(args, input=input_bytes, capture_output=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(args), p.stderr.decode()[:2000]))
    return p.stdout.decode()


def dept(i):
    return "第%02d厅局" % i


def generate(folder):
    """N files: JSON from the seed, workbooks from one rendered template."""
    t = os.path.join(TMP, "t.yaml")
    with open(SEED, encoding="utf-8") as f:
        y = f.read()
    y = re.sub(r"(?m)^department: .*$", "department: DEPTXXXXXXXXXX", y)
    y = re.sub(r"(?m)^project: .*$", "project: PROJXXXXXXXXXX", y)
    with open(t, "w", encoding="utf-8") as f:
        f.write(y)
    sh(JIXIAO, "render", t, "-o", os.path.join(TMP, "t.xlsx"))
    sh(JIXIAO, "convert", t, "-o", os.path.join(TMP, "t.json"))
    with open(os.path.join(TMP, "t.json"), encoding="utf-8") as f:
        js = f.read()
    with zipfile.ZipFile(os.path.join(TMP, "t.xlsx")) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    xlsx = 0
    for k in range(N):
        sub = os.path.join(folder, "%03d" % (k // 1000))
        if k % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        d, p = dept(k % DEPTS), "项目%06d" % k
        if k % 5 == 4:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for info, data in parts:
                    if info.filename.endswith(".xml"):
                        data = data.replace(b"DEPTXXXXXXXXXX", d.encode()).replace(
                            b"PROJXXXXXXXXXX", p.encode())
                    z.writestr(info, data)
            with open(os.path.join(sub, "%06d.xlsx" % k), "wb") as f:
                f.write(buf.getvalue())
            xlsx += 1
        else:
            with open(os.path.join(sub, "%06d.json" % k), "w", encoding="utf-8") as f:
                f.write(js.replace("DEPTXXXXXXXXXX", d).replace("PROJXXXXXXXXXX", p))
    return xlsx


def setup_orgs(db, q):
    sh(JIXIAO, "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", db,
       input_bytes=(PASSWORD + "\n").encode())
    for r in range(REGIONS):
        q("INSERT INTO orgs (kind, parent, name) VALUES ('region', NULL, '第%02d地区')" % r)
    for i in range(DEPTS):
        q("INSERT INTO orgs (kind, parent, name) SELECT 'department', id, '%s' FROM orgs "
          "WHERE kind = 'region' AND name = '第%02d地区'" % (dept(i), i % REGIONS))
        q("INSERT INTO orgs (kind, parent, name) SELECT 'unit', id, '%s本级' FROM orgs "
          "WHERE kind = 'department' AND name = '%s'" % (dept(i), dept(i)))


def import_run(db, folder, tag):
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = ru0.ru_maxrss
    t = time.monotonic()
    p = subprocess.run([JIXIAO, "import", folder, "--db", db, "--report",
                        os.path.join(TMP, "rep-" + tag)], capture_output=True)
    el = time.monotonic() - t
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = ru1.ru_maxrss
    cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    m = re.search(r"peak RSS (\d+) MB", p.stderr.decode())
    if p.returncode != 0:
        print("  import exited %d: %s" % (p.returncode, p.stderr.decode()[-600:]))
    import_run.cpu = cpu
    return el, int(m.group(1)) if m else max(rss, before) // 1024


class Client:
    def __init__(self, port):
        self.port = port
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = None
        st, h, data = self.call("POST", "/api/session",
                                json.dumps({"login": "admin", "password": PASSWORD}),
                                {"Content-Type": "application/json"})
        self.cookie = re.search(r"jx_session=([0-9a-f]+)", h.get("Set-Cookie")).group(1)

    def call(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = "jx_session=" + self.cookie
        self.c.request(method, path, body, h)
        r = self.c.getresponse()
        return r.status, r.headers, r.read()


def latency(db, label):
    out = open(os.path.join(TMP, "serve.out"), "w+")
    p = subprocess.Popen([JIXIAO, "serve", "--listen", "127.0.0.1:0", "--db", db,
                          "--access-log", "off"], stdout=out, stderr=subprocess.STDOUT)
    port = None
    for _ in range(400):
        out.seek(0)
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", out.read())
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.05)
    res = []
    try:
        c = Client(port)
        paths = [
            ("list, year + department, page 1", lambda k: "/api/evaluations?year=2020&department=%d" % (k % DEPTS + REGIONS + 1)),
            ("list, state + grade, by total", lambda k: "/api/evaluations?state=approved&grade=%%E4%%BC%%98&sort=-total&page=%d" % (k % 5 + 1)),
            ("list, search a project", lambda k: "/api/evaluations?q=%%E9%%A1%%B9%%E7%%9B%%AE%06d" % (k * 7 % N)),
            ("aggregate by department, a year", lambda k: "/api/stats/aggregate?by=department&year=2020"),
            ("aggregate by region and grade", lambda k: "/api/stats/aggregate?by=region,grade"),
            ("overview, one year", lambda k: "/api/stats/overview?year=2020"),
        ]
        for name, f in paths:
            ts = []
            for k in range(200):
                t = time.monotonic()
                st, _, _ = c.call("GET", f(k))
                ts.append(time.monotonic() - t)
                if st != 200:
                    raise RuntimeError("%s: %d" % (name, st))
            ts.sort()
            res.append((name, ts[len(ts) // 2] * 1000, ts[int(len(ts) * 0.99) - 1] * 1000))
    finally:
        p.terminate()
        p.wait()
    for name, p50, p99 in res:
        print("  %-34s %-10s p50 %7.2f ms   p99 %7.2f ms" % (name, label, p50, p99))


def main():
    folder = os.path.join(TMP, "in")
    t = time.monotonic()
    xlsx = generate(folder)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs)
    print("jixiao bench_import: %d forms (%d .xlsx, %d JSON), %.1f MB, generated in %.1f s; load average %.1f on %d cores"
          % (N, xlsx, N - xlsx, size / 1e6, time.monotonic() - t, os.getloadavg()[0], os.cpu_count()))
    # --- SQLite ---
    db = os.path.join(TMP, "bench.db")

    def q_sqlite(sql):
        c = sqlite3.connect(db)
        c.execute(sql)
        c.commit()
        c.close()
    setup_orgs(db, q_sqlite)
    el, rss = import_run(db, folder, "sqlite")
    cpu = import_run.cpu
    c = sqlite3.connect(db)
    n = c.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0]
    cols = [r[1] for r in c.execute("PRAGMA table_info(evaluations)") if r[1] != "id"]
    rows = c.execute("SELECT %s FROM evaluations" % ", ".join(cols)).fetchall()
    c.execute("CREATE TABLE ev_copy AS SELECT * FROM evaluations WHERE 0")
    t = time.monotonic()
    c.execute("BEGIN")
    c.executemany("INSERT INTO ev_copy (%s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * len(cols))), rows)
    c.execute("COMMIT")
    ceil_sqlite = time.monotonic() - t
    del rows  # a forked import would count this process's peak in its ru_maxrss
    c.execute("DROP TABLE ev_copy")
    c.execute("UPDATE evaluations SET state = 'approved'")
    c.commit()
    c.close()
    again, _ = import_run(db, folder, "sqlite-again")
    print("into SQLite: %d evaluations stored" % n)
    print("  jixiao import                %8.1f s  %8.0f forms/s   peak RSS %d MB" % (el, N / el, rss))
    print("    its CPU time (user + sys)  %8.1f s  %8.0f forms per CPU second" % (cpu, N / cpu))
    print("  ceiling: INSERT of the rows  %8.2f s  %8.0f rows/s    (ratio %.1fx)" % (ceil_sqlite, n / ceil_sqlite, el / ceil_sqlite))
    print("  the same import again        %8.1f s  %8.0f files/s   (nothing stored)" % (again, N / again))
    latency(db, "sqlite")
    # --- PostgreSQL ---
    pgdir = os.path.join(TMP, "pg")
    os.makedirs(pgdir)
    os.chmod(TMP, 0o711)
    os.chmod(pgdir, 0o711)
    url = sh("bash", PG, "start", os.path.join(pgdir, "cluster")).strip()
    try:
        def q_pg(sql):
            sh("psql", "-qtA", url, "-c", sql)
        sh(JIXIAO, "org", "add", "region", "临时", "--db", url)  # the schema
        q_pg("DELETE FROM orgs")
        setup_orgs(url, q_pg)
        el, rss = import_run(url, folder, "pg")
        cpu = import_run.cpu
        n = int(sh("psql", "-qtA", url, "-c", "SELECT COUNT(*) FROM evaluations").strip())
        csv = os.path.join(TMP, "rows.csv")
        sh("psql", "-qtA", url, "-c",
           "\\copy (SELECT version, state, unit, department, region, year, project, form_json, "
           "result_json, total, grade, rules, rate, created_at, updated_at FROM evaluations) TO '%s' CSV" % csv)
        q_pg("CREATE TABLE ev_copy (LIKE evaluations INCLUDING ALL)")
        t = time.monotonic()
        sh("psql", "-qtA", url, "-c",
           "\\copy ev_copy (version, state, unit, department, region, year, project, form_json, "
           "result_json, total, grade, rules, rate, created_at, updated_at) FROM '%s' CSV" % csv)
        ceil_pg = time.monotonic() - t
        q_pg("DROP TABLE ev_copy")
        q_pg("UPDATE evaluations SET state = 'approved'")
        q_pg("VACUUM ANALYZE")
        again, _ = import_run(url, folder, "pg-again")
        print("into PostgreSQL: %d evaluations stored" % n)
        print("  jixiao import                %8.1f s  %8.0f forms/s   peak RSS %d MB" % (el, N / el, rss))
        print("    its CPU time (user + sys)  %8.1f s  %8.0f forms per CPU second" % (cpu, N / cpu))
        print("  ceiling: COPY of the rows    %8.2f s  %8.0f rows/s    (ratio %.1fx)" % (ceil_pg, n / ceil_pg, el / ceil_pg))
        print("  the same import again        %8.1f s  %8.0f files/s   (nothing stored)" % (again, N / again))
        latency(url, "postgresql")
    finally:
        subprocess.run(["bash", PG, "stop", os.path.join(pgdir, "cluster")], capture_output=True)
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
