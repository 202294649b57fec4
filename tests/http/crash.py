"""Kill -9 in the middle of a batch of writes: nothing committed is lost,
nothing half-written is there.

Run by tests/http/test_crash.sh, which starts and kills the server:

  crash.py write URL PASSWORD SEED_JSON ACKS      writes until killed
  crash.py check URL PASSWORD ACKS                 checks after the restart

Each writer thread creates an evaluation and then edits it again and again;
every edit renames the project to "批次-<n>" and changes five more fields
(the six indicators' actual values), so a change is six audit lines or
none.  Every write the server acknowledged is appended to ACKS (one JSON
per line) before the next is sent.
"""
import http.client
import json
import sys
import threading
import urllib.parse

THREADS = 4
FIELDS = 6  # audit lines per edit: /project and five indicators' actuals


class Client:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        if data is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/json"
        c.request(method, path, data, h)
        r = c.getresponse()
        raw = r.read()
        c.close()
        ctype = r.getheader("Content-Type") or ""
        return r.status, (json.loads(raw) if ctype.startswith("application/json") and raw else raw), r

    def login(self, login, password):
        st, body, r = self.call("POST", "/api/session", {"login": login, "password": password})
        assert st == 200, (st, body)
        self.cookie = r.getheader("Set-Cookie").split(";")[0]
        self.csrf = body["csrf"]


def edited(form, n):
    f = json.loads(json.dumps(form))
    f["project"] = "批次-%d" % n
    for k in range(1, FIELDS):
        f["indicators"][k]["actual"] = "%d-%d" % (n, k)
    return f


def writer(url, password, form, acks, lock, stop):
    c = Client(url)
    c.login("crash", password)
    try:
        while not stop.is_set():
            st, ev, _ = c.call("POST", "/api/evaluations", form)
            if st != 201:
                return
            with lock:
                acks.write(json.dumps({"id": ev["id"], "version": 1, "project": ev["project"]}) + "\n")
                acks.flush()
            version = 1
            for n in range(1, 6):
                st, ev, _ = c.call("PUT", "/api/evaluations/%d" % ev["id"], edited(form, n),
                                   {"If-Match": '"%d"' % version})
                if st != 200:
                    return
                version = ev["version"]
                with lock:
                    acks.write(json.dumps({"id": ev["id"], "version": version,
                                           "project": ev["project"]}) + "\n")
                    acks.flush()
    except (ConnectionError, OSError, http.client.HTTPException):
        return  # the server was killed


def write(url, password, seed, acks_path):
    form = json.load(open(seed))
    lock = threading.Lock()
    stop = threading.Event()
    with open(acks_path, "a") as acks:
        ts = [threading.Thread(target=writer, args=(url, password, form, acks, lock, stop))
              for _ in range(THREADS)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


def check(url, password, acks_path):
    c = Client(url)
    c.login("crash", password)
    acked = {}
    for line in open(acks_path):
        a = json.loads(line)
        acked[a["id"]] = a if a["version"] >= acked.get(a["id"], {"version": 0})["version"] else acked[a["id"]]
    problems = []
    # every evaluation there, acknowledged or not, must be whole
    page, seen = 1, {}
    while True:
        st, body, _ = c.call("GET", "/api/evaluations?per_page=100&page=%d" % page)
        assert st == 200, (st, body)
        for ev in body["items"]:
            seen[ev["id"]] = ev
        if page >= body["pages"]:
            break
        page += 1
    for i, a in acked.items():
        ev = seen.get(i)
        if not ev:
            problems.append("evaluation %d was acknowledged but is gone" % i)
        elif ev["version"] < a["version"]:
            problems.append("evaluation %d was acknowledged at version %d but is at %d"
                            % (i, a["version"], ev["version"]))
    for i, ev in seen.items():
        st, full, _ = c.call("GET", "/api/evaluations/%d" % i)
        st2, audit, _ = c.call("GET", "/api/evaluations/%d/audit" % i)
        if st != 200 or st2 != 200:
            problems.append("evaluation %d: GET %d, audit %d" % (i, st, st2))
            continue
        lines = audit["items"]
        creates = [x for x in lines if x["action"] == "create"]
        edits = [x for x in lines if x["action"] == "edit"]
        if len(creates) != 1:
            problems.append("evaluation %d has %d create lines" % (i, len(creates)))
        # all six fields of every edit, or none: versions and lines agree
        if len(edits) != FIELDS * (full["version"] - 1):
            problems.append("evaluation %d at version %d has %d edit lines, expected %d"
                            % (i, full["version"], len(edits), FIELDS * (full["version"] - 1)))
        n = full["version"] - 1
        want = "批次-%d" % n if n else None
        if want and full["project"] != want:
            problems.append("evaluation %d: project %r at version %d" % (i, full["project"], full["version"]))
        if want and full["form"]["indicators"][FIELDS - 1]["actual"] != "%d-%d" % (n, FIELDS - 1):
            problems.append("evaluation %d: the form's last edited field is not from version %d" % (i, full["version"]))
        if full["total"] != full["result"]["total"]:
            problems.append("evaluation %d: total %s but its result says %s" % (i, full["total"], full["result"]["total"]))
    print("crash: %d writes acknowledged on %d evaluations; %d evaluations after the restart"
          % (sum(1 for _ in open(acks_path)), len(acked), len(seen)))
    for p in problems:
        print("FAIL " + p)
    if not acked:
        print("FAIL no write was acknowledged before the kill: the test proved nothing")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:6])
    else:
        sys.exit(check(*sys.argv[2:5]))
