"""Two `jixiao serve` nodes on one PostgreSQL behave as one server:

- a user disabled through node A is refused on node B at once (no session
  cache on PostgreSQL);
- a password changed on node A ends the user's other sessions on node B at
  once, and the new password works on B;
- the login throttle counts attempts on both nodes together;
- a form uploaded on A is read, and its workbook downloaded, on B.

Run under a throwaway cluster (tests/common/with_pg.sh sets JX_TEST_DB):
    tests/common/with_pg.sh /usr/bin/python3 tests/http/test_nodes.py JIXIAO

Ends with 'N passed, N failed'; exits 1 when a check failed.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

JIXIAO = os.path.abspath(sys.argv[1])
DB = os.environ.get("JX_TEST_DB", "")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = "nodes-test-Passw0rd"
TMP = tempfile.mkdtemp(prefix="jixiao-nodes-")
passed = failed = 0


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   - " + name)
    else:
        failed += 1
        print("FAIL - %s%s" % (name, ("\n       %s" % (detail,))[:600] if detail != "" else ""))


def run(*args, input_bytes=None):
    p = subprocess.run([JIXIAO, *args, "--db", DB], input=input_bytes, capture_output=True,
                       timeout=120)
    if p.returncode != 0:
        raise RuntimeError("jixiao %s: %s" % (" ".join(args), p.stderr.decode()))
    return p


class Node:
    def __init__(self, name):
        self.name = name
        self.out = open(os.path.join(TMP, "serve-%s.out" % name), "w+")
        self.p = subprocess.Popen([JIXIAO, "serve", "--listen", "127.0.0.1:0", "--db", DB,
                                   "--access-log", "off"],
                                  stdout=self.out, stderr=subprocess.STDOUT)
        for _ in range(400):
            self.out.seek(0)
            m = re.search(r"jixiao is serving http://127\.0\.0\.1:(\d+)/", self.out.read())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError("node %s did not start" % name)

    def call(self, method, path, body=None, headers=None, session=None):
        h = dict(headers or {})
        if session:
            h["Cookie"] = "jx_session=" + session["cookie"]
            if method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = session["csrf"]
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
            h.setdefault("Content-Type", "application/json")
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            c.request(method, path, body, h)
            r = c.getresponse()
            return r.status, r.headers, r.read()
        finally:
            c.close()

    def login(self, login, password):
        st, h, data = self.call("POST", "/api/session", {"login": login, "password": password})
        if st != 200:
            return st, None
        m = re.search(r"jx_session=([0-9a-f]+)", h.get("Set-Cookie") or "")
        return st, {"cookie": m.group(1), "csrf": json.loads(data)["csrf"]}

    def stop(self):
        self.p.terminate()
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
        self.out.close()


def setup():
    run("org", "add", "region", "株洲市")
    run("org", "add", "department", "工信局", "--parent", "株洲市")
    run("org", "add", "unit", "产业发展科", "--parent", "工信局")
    for login, role, org in (("admin", "admin", None), ("tianbao", "filler", "产业发展科"),
                             ("zhang", "filler", "产业发展科"), ("li", "filler", "产业发展科")):
        args = ["user", "add", login, "--role", role, "--password-stdin"]
        if org:
            args += ["--org", org]
        run(*args, input_bytes=(PASSWORD + "\n").encode())


def user_id(node, admin, login):
    st, _, data = node.call("GET", "/api/users", session=admin)
    for u in json.loads(data)["items"]:
        if u["login"] == login:
            return u["id"]
    return None


def main():
    if not DB.startswith("postgres"):
        print("test_nodes: needs JX_TEST_DB=postgresql://… (tests/common/with_pg.sh)")
        return 77
    setup()
    a, b = Node("A"), Node("B")
    try:
        _, admin = a.login("admin", PASSWORD)
        check(admin is not None, "the administrator logs in on A")

        # --- disabling on A is refused on B at once ---
        st, s_b = b.login("tianbao", PASSWORD)
        check(st == 200, "tianbao logs in on B")
        st, _, _ = b.call("GET", "/api/session", session=s_b)
        check(st == 200, "tianbao's session works on B (and would be cached there)")
        uid = user_id(a, admin, "tianbao")
        st, _, data = a.call("PATCH", "/api/users/%d" % uid, {"disabled": True}, session=admin)
        check(st == 200, "A disables tianbao", (st, data[:200]))
        st, _, data = b.call("GET", "/api/session", session=s_b)
        check(st == 401, "B refuses tianbao's session at once", (st, data[:200]))
        st, _ = b.login("tianbao", PASSWORD)
        check(st == 401, "and a new login on B", st)

        # --- a password changed on A ends the session on B at once ---
        st, z_a = a.login("zhang", PASSWORD)
        st2, z_b = b.login("zhang", PASSWORD)
        check(st == 200 and st2 == 200, "zhang logs in on A and on B")
        st, _, _ = b.call("GET", "/api/session", session=z_b)
        check(st == 200, "zhang's session on B works")
        new = PASSWORD + "-new"
        st, _, data = a.call("PUT", "/api/session/password", {"current": PASSWORD, "new": new},
                             session=z_a)
        check(st in (200, 204), "zhang changes the password on A", (st, data[:200]))
        st, _, _ = b.call("GET", "/api/session", session=z_b)
        check(st == 401, "B refuses zhang's other session at once", st)
        st, _, _ = a.call("GET", "/api/session", session=z_a)
        check(st == 200, "the session that changed it stays on A", st)
        st, _ = b.login("zhang", PASSWORD)
        check(st == 401, "the old password is refused on B", st)
        st, _ = b.login("zhang", new)
        check(st == 200, "the new password works on B", st)

        # --- the throttle counts on both nodes together ---
        for i in range(3):
            a.login("li", "wrong-%d" % i)
        for i in range(2):
            b.login("li", "wrong-%d" % (i + 3))
        st, _ = a.login("li", PASSWORD)
        check(st == 429, "five failures on two nodes: the next on A waits", st)
        st, _ = b.login("li", PASSWORD)
        check(st == 429, "… and on B", st)

        # --- upload on A, download on B ---
        with open(os.path.join(ROOT, "examples", "seed-2020-zhuzhou-innovation-centres.yaml"),
                  "rb") as f:
            form = f.read()
        _, z2 = b.login("zhang", new)
        st, h, data = a.call("POST", "/api/evaluations", form,
                             {"Content-Type": "application/yaml"}, session=z2)
        check(st == 201, "zhang uploads a form on A (signed in on B)", (st, data[:300]))
        eid = json.loads(data)["id"] if st == 201 else 0
        st, _, data = b.call("GET", "/api/evaluations/%d" % eid, session=z2)
        check(st == 200 and json.loads(data)["total"] == 97, "B reads it: 97", (st, data[:200]))
        st, h, data = b.call("GET", "/api/evaluations/%d/form.xlsx" % eid, session=z2)
        check(st == 200 and data[:2] == b"PK", "B serves its workbook", (st, data[:100]))
        st, h, data = b.call("GET", "/api/evaluations/%d/report.pdf" % eid, session=z2)
        check(st == 200 and data[:5] == b"%PDF-", "B serves its report", (st, data[:100]))
        for n in (a, b):
            st, _, data = n.call("GET", "/healthz")
            check(st == 200, "node %s is healthy" % n.name, data[:200])
    finally:
        a.stop()
        b.stop()
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
