#!/usr/bin/python3
"""The API suite: real HTTP against a running `jixiao serve`.

    /usr/bin/python3 tests/http/test_api.py URL JIXIAO DB_URL ACCESS_LOG

tests/http/run_api.sh bootstraps the organisation and the users (see there),
starts the server and runs this.  Every JSON response is validated against
the schema docs/openapi.json gives for its path, method and status, and a
status the document does not list for the operation fails the run.  Prints a
line per check and a summary; exits 1 on any failure.

Standard library plus python3-jsonschema and python3-openpyxl (Debian), so
run it with /usr/bin/python3.
"""
import calendar
import concurrent.futures
import email.utils
import html
import html.parser
import hashlib
import http.client
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile
from collections import Counter

from jsonschema import Draft202012Validator, FormatChecker, RefResolver

if len(sys.argv) != 5:
    print("usage: test_api.py URL JIXIAO DB_URL ACCESS_LOG", file=sys.stderr)
    sys.exit(2)
BASE, JIXIAO, DB_URL, ACCESS_LOG = sys.argv[1:5]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = os.environ.get("JX_API_PASSWORD", "api-test-Passw0rd")
SEED = os.path.join(ROOT, "examples", "seed-2020-zhuzhou-innovation-centres.yaml")
BAD = os.path.join(ROOT, "tests", "vectors", "bad")
BACKEND = "postgresql" if DB_URL.startswith(("postgresql://", "postgres://")) else "sqlite"
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port
TMP = tempfile.mkdtemp(prefix="py-", dir=os.environ.get("JX_API_TMP") or None)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROJECT = "制造强市专项－市级企业技术创新中心奖励"

# ---------------------------------------------------------------- results

_lock = threading.Lock()
stats = Counter()
failures = []
section_name = ""


def check(ok, name, detail=""):
    """One check: a line, counted."""
    with _lock:
        stats["checks"] += 1
        if ok:
            stats["ok"] += 1
            print("ok   - %s: %s" % (section_name, name))
        else:
            stats["fail"] += 1
            failures.append("%s: %s" % (section_name, name))
            print("FAIL - %s: %s%s" % (section_name, name, ("\n       " + str(detail)[:1500]) if detail else ""))
    return bool(ok)


spec_seen = Counter()  # each disagreement with the document, once


def fail_spec(what, key=None):
    """A response that disagrees with docs/openapi.json: a failure the first
    time this kind of disagreement (`key`) is seen, counted after that."""
    key = key or what
    with _lock:
        spec_seen[key] += 1
        if spec_seen[key] > 1:
            return
        stats["spec_fail"] += 1
        stats["fail"] += 1
        failures.append("%s: openapi: %s" % (section_name, what[:300]))
        print("FAIL - %s: openapi: %s" % (section_name, what[:2000]))


def section(name):
    global section_name
    section_name = name
    print("# %s" % name)


# ---------------------------------------------------------------- the spec

with open(os.path.join(ROOT, "docs", "openapi.json"), encoding="utf-8") as f:
    SPEC = json.load(f)
RESOLVER = RefResolver(base_uri="", referrer=SPEC)
FORMATS = FormatChecker()
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


@FORMATS.checks("date-time")
def _is_datetime(v):
    return not isinstance(v, str) or bool(_DATETIME.match(v))


def schema_errors(instance, schema):
    v = Draft202012Validator(schema, resolver=RESOLVER, format_checker=FORMATS)
    return ["%s at /%s" % (e.message[:300], "/".join(str(p) for p in e.absolute_path))
            for e in v.iter_errors(instance)]


def component(name):
    return {"$ref": "#/components/schemas/%s" % name}


def deref(obj):
    while isinstance(obj, dict) and "$ref" in obj:
        node = SPEC
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def plain_path(path):
    """The path as the server sees it: decoded; None when it is not plain."""
    p = urllib.parse.unquote(path.split("?")[0])
    if any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in p):
        return None  # the server refuses control characters, %00 included
    segs = p.split("/")[1:]
    if any(s in (".", "..") for s in segs) or any(s == "" for s in segs[:-1]) or "\\" in p:
        return None
    return p


def find_operation(method, path):
    """(template, operation) from the document, or (None, None)."""
    p = plain_path(path)
    if p is None:
        return None, None
    m = "get" if method == "HEAD" else method.lower()
    segs = p.split("/")
    best = None
    for tmpl, item in SPEC["paths"].items():
        ts = tmpl.split("/")
        if len(ts) != len(segs) or m not in item:
            continue
        literal, ok = 0, True
        for t, s in zip(ts, segs):
            if t.startswith("{") and t.endswith("}"):
                if not s:
                    ok = False
            elif t != s:
                ok = False
            else:
                literal += 1
        if ok and (best is None or literal > best[0]):
            best = (literal, tmpl, item[m])
    return (best[1], best[2]) if best else (None, None)


def validate(method, path, resp, outside):
    """Checks a response against the document; `outside` when the request is
    deliberately outside every documented operation (unknown routes, wrong
    methods, paths that are not plain)."""
    with _lock:
        stats["responses"] += 1
    tmpl, op = find_operation(method, path)
    if op is None:
        if not outside:
            fail_spec("%s %s: no operation in openapi.json answers it (got %d)" % (method, path, resp.status))
        if resp.json is not None and resp.status >= 400:
            errs = schema_errors(resp.json, component("Error"))
            if errs:
                fail_spec("%s %s %d: the error is not an Error: %s" % (method, path, resp.status, errs[:3]))
        return
    if outside:
        fail_spec("%s %s: expected to be outside the API, but %s %s documents it" % (method, path, method, tmpl))
    responses = op.get("responses", {})
    key = str(resp.status)
    if key not in responses:
        key = "%dXX" % (resp.status // 100)
        if key not in responses:
            key = "default"
    if key not in responses:
        fail_spec("%s %s: status %d is not documented for %s %s (documented: %s)"
                  % (method, path, resp.status, method, tmpl, ", ".join(sorted(responses))),
                  (method, tmpl, resp.status))
        return
    r = deref(responses[key])
    content = r.get("content")
    if not content:
        if resp.body and method != "HEAD":
            fail_spec("%s %s %d: a body where the document has none" % (method, path, resp.status))
        return
    if method == "HEAD":
        return
    ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    media = None
    for k in content:
        if k.lower() == ctype or k.split(";")[0].strip().lower() == ctype:
            media = content[k]
    if media is None:
        fail_spec("%s %s %d: Content-Type %s is not documented (documented: %s)"
                  % (method, path, resp.status, ctype, ", ".join(content)))
        return
    if ctype == "application/json" or ctype.endswith("+json"):
        if resp.json is None:
            fail_spec("%s %s %d: the body is not JSON" % (method, path, resp.status))
            return
        schema = media.get("schema")
        if schema:
            errs = schema_errors(resp.json, schema)
            if errs:
                fail_spec("%s %s %d (%s): %s" % (method, path, resp.status, tmpl, "; ".join(errs[:5])),
                          # the same error in a shared schema (a form's result, say) counts once
                          tuple(re.sub(r"/\d+", "/N", e.replace(" at /result/", " at /")) for e in errs))


# ---------------------------------------------------------------- HTTP

requests_made = []  # (method, path as logged, status) for the access log


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.json = None
        ct = (headers.get("Content-Type") or "").lower()
        if body and "json" in ct:
            try:
                self.json = json.loads(body.decode("utf-8"))
            except ValueError:
                self.json = None

    @property
    def error(self):
        j = self.json
        return j.get("error", {}) if isinstance(j, dict) and isinstance(j.get("error"), dict) else {}

    def __repr__(self):
        ct = self.headers.get("Content-Type") or "-"
        if "json" in ct or ct.startswith("text/"):
            return "%d %s" % (self.status, self.body[:400].decode("utf-8", "replace"))
        return "%d <%d bytes of %s>" % (self.status, len(self.body), ct)


LOG_HIDDEN = set(range(0x80, 0xA0)) | set(range(0x200B, 0x2010)) | set(range(0x2028, 0x202F)) \
    | set(range(0x2060, 0x2070)) | {0x061C, 0xFEFF}


def log_field(b):
    """A field as the access log writes it (put_field() in server.c): bytes
    that could start a field or a line, or are not UTF-8, as \\xHH; code
    points that reorder or hide text as \\u{XXXX}; the rest as it is."""
    out, i = [], 0
    while i < len(b):
        c = b[i]
        if 0x20 < c < 0x7F and c not in b'"\\':
            out.append(chr(c))
            i += 1
            continue
        if c < 0x80:
            out.append("\\x%02x" % c)
            i += 1
            continue
        n = 2 if c >> 5 == 6 else 3 if c >> 4 == 14 else 4 if c >> 3 == 30 else 0
        try:
            ch = b[i:i + n].decode("utf-8") if n else None
        except UnicodeDecodeError:
            ch = None
        if ch is None or len(ch) != 1:
            out.append("\\x%02x" % c)
            i += 1
            continue
        out.append("\\u{%04x}" % ord(ch) if ord(ch) in LOG_HIDDEN else ch)
        i += n
    return "".join(out) or "-"


def as_logged(path):
    """A path as the access log shows it: decoded, %00 as U+0001 (see
    unescape() in server.c), each field escaped (log_field)."""
    p = urllib.parse.unquote_to_bytes(path.split("?")[0]).replace(b"\x00", b"\x01")
    return log_field(p)


def record(method, path, status):
    logged = as_logged(path)
    with _lock:
        requests_made.append((method, logged, status))


def raw_request(method, path, body=None, headers=None, source=None):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=60,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, r.headers, data)
    finally:
        conn.close()


class Client:
    """A session: keeps the jx_session cookie and sends X-CSRF-Token on writes."""

    def __init__(self, login=None, forwarded=None, source=None):
        self.login = login
        self.cookie = None
        self.csrf = None
        self.user = None
        self.forwarded = forwarded  # X-Forwarded-For, believed from 127.0.0.1 only
        self.source = source        # a loopback address to send from

    def req(self, method, path, body=None, ctype=None, headers=None, csrf=True, cookie=True,
            outside=False, check_spec=True):
        h = {}
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            ctype = ctype or "application/json"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if ctype:
            h["Content-Type"] = ctype
        if cookie and self.cookie:
            h["Cookie"] = "jx_session=" + self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if self.forwarded:
            h["X-Forwarded-For"] = self.forwarded
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        r = raw_request(method, path, body, h, self.source)
        record(method, path, r.status)
        if method == "POST" and path == "/api/session" and r.error.get("code") == "invalid_credentials":
            with _lock:
                stats["login_failures"] += 1
        if check_spec:
            validate(method, path, r, outside)
        return r

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def do_login(self, password=PASSWORD, cookie=False):
        r = self.req("POST", "/api/session", {"login": self.login, "password": password}, cookie=cookie)
        if r.status == 200:
            m = re.search(r"jx_session=([0-9a-f]+)", r.headers.get("Set-Cookie") or "")
            self.cookie = m.group(1) if m else None
            self.csrf = r.json["csrf"]
            self.user = r.json["user"]
        return r


ANON = Client()


def expect(r, status, name, code=None, where=None):
    """The status, and for errors the code (and `where` when given)."""
    detail = repr(r)
    ok = r.status == status
    if ok and code is not None:
        ok = r.error.get("code") == code
    if ok and where is not None:
        w = r.error.get("where")
        ok = (where(w) if callable(where) else w == where)
    return check(ok, "%s → %d%s%s" % (name, status, " " + code if code else "",
                                      "" if where is None or callable(where) else " at %r" % (where,)), detail)


def etag_version(r):
    m = re.match(r'^(?:W/)?"(\d+)"$', r.headers.get("ETag") or "")
    return int(m.group(1)) if m else None


def im(v):
    return {"If-Match": '"%d"' % v}


def path_of(eid, rest=""):
    return "/api/evaluations/%d%s" % (eid, rest)


def run_cli(*args, input_bytes=None):
    p = subprocess.run([JIXIAO] + list(args), input=input_bytes, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=ROOT)
    return p


def is_pointer(w):
    return isinstance(w, str) and (w == "" or w.startswith("/"))


# ---------------------------------------------------------------- fixtures

with open(SEED, "rb") as f:
    SEED_YAML = f.read()
p = run_cli("convert", SEED, "-o", os.path.join(TMP, "seed.json"))
if p.returncode != 0:
    print("FAIL jixiao convert: %s" % p.stderr.decode())
    sys.exit(1)
with open(os.path.join(TMP, "seed.json"), "rb") as f:
    SEED_JSON_BYTES = f.read()
SEED_FORM = json.loads(SEED_JSON_BYTES)
if isinstance(SEED_FORM, list):
    SEED_FORM = SEED_FORM[0]
p = run_cli("render", SEED, "-o", os.path.join(TMP, "form.xlsx"))
if p.returncode != 0:
    print("FAIL jixiao render: %s" % p.stderr.decode())
    sys.exit(1)
with open(os.path.join(TMP, "form.xlsx"), "rb") as f:
    SEED_XLSX = f.read()


def seed_form(**changes):
    f = json.loads(json.dumps(SEED_FORM))
    f.update(changes)
    return f


USERS = ["filler1", "filler2", "filler3", "filler4", "approver1", "approver2", "approver3",
         "reviewer1", "reviewer2", "admin"]
C = {}  # login → logged-in Client
ORG = {}  # name → id
model = {}  # evaluation id → unit id (every evaluation made here, not deleted)


def create(client, body=None, ctype="application/yaml", unit=None, name="create"):
    q = "?unit=%d" % unit if unit is not None else ""
    r = client.req("POST", "/api/evaluations" + q, SEED_YAML if body is None else body, ctype=ctype)
    if r.status == 201:
        model[r.json["id"]] = r.json["unit"]["id"]
    return r


def fresh(client, eid):
    r = client.get(path_of(eid))
    return r.json if r.status == 200 else None


def count_all():
    """Every evaluation there is (the admin sees them all)."""
    r = C["admin"].get("/api/evaluations?per_page=1")
    return r.json["total"] if r.status == 200 else None


def audit_of(client, eid):
    r = client.get(path_of(eid, "/audit"))
    return r.json["items"] if r.status == 200 else None


# ================================================================ tests

WEB_APP = False  # the server was built with the web application (GET / is it)


def t_basics():
    section("basics")
    # the validator itself: $ref into components resolves, formats are checked
    ok_error = {"error": {"code": "csrf", "message": "m", "where": None}}
    check(schema_errors({"id": "x"}, component("Evaluation"))
          and schema_errors({"error": {"code": "nonsense", "message": "", "where": None}}, component("Error"))
          and schema_errors({"at": "yesterday"}, {"properties": {"at": {"format": "date-time"}}})
          and not schema_errors(ok_error, component("Error")),
          "the schema validator resolves $ref and checks formats")
    r = ANON.get("/healthz")
    expect(r, 200, "GET /healthz")
    check(r.json and r.json.get("status") == "ok" and r.json.get("database") == BACKEND,
          "healthz says ok on %s" % BACKEND, r)
    for h, v in (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                 ("Cache-Control", "no-store")):
        check(r.headers.get(h) == v, "%s: %s" % (h, v), r.headers.get(h))
    r = ANON.req("HEAD", "/healthz")
    check(r.status == 200 and not r.body, "HEAD /healthz → 200 without a body", r)
    r = ANON.get("/api/openapi.json")
    expect(r, 200, "GET /api/openapi.json")
    check(r.json == SPEC, "the served document is docs/openapi.json",
          "the binary embeds another openapi.json than docs/openapi.json (rebuild?)")
    check(r.json and r.json.get("openapi", "").startswith("3.1"), "it is OpenAPI 3.1")
    # the route table is generated from the document's operations (x-handler)
    ops = [(pth, m, op) for pth, item in SPEC["paths"].items() for m, op in item.items()
           if m in ("get", "put", "post", "delete", "patch")]
    check(all(op.get("x-handler", "").startswith("h_") for _, _, op in ops),
          "every operation of openapi.json names the handler that answers it",
          [(p, m) for p, m, op in ops if not op.get("x-handler", "").startswith("h_")])
    shapes = Counter(re.sub(r"\{[^}]*\}", "{}", pth) for pth in SPEC["paths"])
    check(all(n == 1 for n in shapes.values()),
          "openapi.json: no two paths differ only in their parameters' names (OpenAPI 3.1, Path Templating Matching)",
          [k for k, n in shapes.items() if n > 1])
    r = ANON.get("/")  # the front page, documented as text/html
    expect(r, 200, "GET /")
    text = r.body.decode("utf-8", "replace")
    check((r.headers.get("Content-Type") or "").startswith("text/html") and "<!DOCTYPE html>" in text.lstrip()[:20].upper().replace("<!DOCTYPE HTML>", "<!DOCTYPE html>"),
          "GET / is an HTML page", r.headers.get("Content-Type"))
    global WEB_APP
    WEB_APP = '<div id="app">' in text
    if WEB_APP:
        # built with the web application: / is the application, whose router
        # shows the login (with 信息公开 a click away) or the workbench
        csp = r.headers.get("Content-Security-Policy") or ""
        check("script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0],
              "GET / is the web application, its scripts from the server alone", csp)
        check(r.headers.get("Cache-Control") == "no-cache", "the application's page is revalidated",
              r.headers.get("Cache-Control"))
        check(ANON.get("/public", outside=True).body == r.body, "/public is the same application")
    else:
        check("尚无公开的自评结果" in text, "without the web application: nothing is published yet")


def t_login():
    section("login")
    # everybody logs in (two at a time: the server hashes two at a time)
    for u in USERS:
        C[u] = Client(u)

    def one(u):
        return u, C[u].do_login()

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for u, r in ex.map(one, USERS):
            check(r.status == 200, "%s logs in" % u, r)
    r = good = Client("filler1").do_login()
    expect(r, 200, "a good login")
    sc = r.headers.get("Set-Cookie") or ""
    check(re.match(r"^jx_session=[0-9a-f]{64};", sc) is not None, "the cookie is jx_session=<64 hex>", sc)
    attrs = [a.strip().lower() for a in sc.split(";")[1:]]
    check("httponly" in attrs, "the cookie is HttpOnly", sc)
    check("samesite=strict" in attrs, "the cookie is SameSite=Strict", sc)
    check("path=/" in attrs, "the cookie has Path=/", sc)
    check(re.match(r"^[0-9a-f]{64}$", r.json.get("csrf", "")) is not None, "the CSRF token is returned", r)
    u = r.json.get("user", {})
    check(u.get("login") == "filler1" and u.get("role") == "filler" and u.get("role_label") == "填报人"
          and u.get("scope", {}).get("name") == "产业发展科", "the user, role and scope", u)
    check(r.json.get("csrf") != C["filler1"].csrf, "each session has its own CSRF token")

    bad = ANON.req("POST", "/api/session", {"login": "filler1", "password": "wrong-password"})
    expect(bad, 401, "a wrong password", "invalid_credentials")
    unknown = ANON.req("POST", "/api/session", {"login": "nobody-here", "password": "wrong-password"})
    expect(unknown, 401, "an unknown login", "invalid_credentials")
    check(bad.body == unknown.body, "a wrong password and an unknown login read the same",
          (bad.body, unknown.body))
    r = ANON.req("POST", "/api/session", b'{"login": "filler1", "password": ', ctype="application/json")
    expect(r, 400, "malformed JSON", "malformed", lambda w: isinstance(w, str) and re.match(r"^\d+:\d+$", w))
    r = ANON.req("POST", "/api/session", {"login": "filler1", "password": PASSWORD, "remember": True})
    expect(r, 422, "an unknown member", "invalid", "/remember")
    r = ANON.req("POST", "/api/session", {"login": 17, "password": PASSWORD})
    expect(r, 422, "a login that is a number", "invalid", "/login")
    r = ANON.req("POST", "/api/session", {"login": "filler1", "password": [PASSWORD]})
    expect(r, 422, "a password that is an array", "invalid", "/password")
    r = ANON.req("POST", "/api/session", {"login": "filler1"})
    expect(r, 422, "no password", "invalid", "/password")
    r = ANON.req("POST", "/api/session", [1, 2], ctype="application/json")
    expect(r, 422, "an array instead of an object", "invalid")
    r = ANON.req("POST", "/api/session", b"login=filler1&password=x", ctype="application/x-www-form-urlencoded")
    expect(r, 415, "a urlencoded form", "unsupported_media_type")

    r = good
    exp = r.json.get("expires_at", "")
    try:
        now = email.utils.parsedate_to_datetime(r.headers.get("Date")).timestamp()
        left = calendar.timegm(time.strptime(exp, "%Y-%m-%dT%H:%M:%SZ")) - now
    except (TypeError, ValueError):
        left = None
    check(left is not None and abs(left - 12 * 3600) < 120, "the session lasts 12 hours", (exp, r.headers.get("Date")))
    check("max-age=43200" in attrs, "the cookie's Max-Age is 12 hours", sc)
    check(C["admin"].user and C["admin"].user["scope"] is None and C["admin"].user["role_label"] == "管理员",
          "an admin's scope is null", C["admin"].user)
    check(C["reviewer2"].user and C["reviewer2"].user["scope"]["name"] == "湘潭市", "a reviewer's scope is its region")
    r = ANON.req("POST", "/api/session", {"login": "admin' OR '1'='1' --", "password": "' OR '1'='1"})
    expect(r, 401, "SQL in the login", "invalid_credentials")
    # a disabled user cannot log in; enabled again, it can
    p = run_cli("user", "disable", "gone", "--db", DB_URL)
    check(p.returncode == 0, "jixiao user disable gone (while the server runs)", p.stderr)
    r = Client("gone").do_login()
    expect(r, 401, "a disabled user logs in", "invalid_credentials")
    p = run_cli("user", "enable", "gone", "--db", DB_URL)
    r = Client("gone").do_login()
    expect(r, 200, "enabled again, it logs in")

    c = C["filler1"]
    r = c.get("/api/session")
    expect(r, 200, "GET /api/session with the cookie")
    check(r.json and r.json["user"]["login"] == "filler1" and r.json["csrf"] == c.csrf,
          "it names the user and the same CSRF token", r)
    r = ANON.get("/api/session")
    expect(r, 401, "GET /api/session without a cookie", "unauthorized")

    # logging in again from a browser that has a session ends the old one
    s = Client("filler1")
    s.do_login()
    old = s.cookie
    r = s.do_login(cookie=True)
    expect(r, 200, "a second login from the same browser")
    o = Client()
    o.cookie = old
    expect(o.get("/api/session"), 401, "the session it had before has ended", "session_expired")
    check(s.cookie != old and s.get("/api/session").status == 200, "the new one holds")

    # logging out
    s = Client("filler1")
    s.do_login()
    r = s.req("DELETE", "/api/session", csrf=False)
    expect(r, 403, "log out without the CSRF token", "csrf")
    expect(s.get("/api/session"), 200, "… and the session still holds")
    r = s.req("DELETE", "/api/session")
    expect(r, 204, "log out")
    check("max-age=0" in (r.headers.get("Set-Cookie") or "").lower(), "the cookie is cleared",
          r.headers.get("Set-Cookie"))
    expect(s.get("/api/session"), 401, "the old cookie after logging out", "session_expired")
    r = s.req("POST", "/api/evaluations", SEED_YAML, ctype="application/yaml")
    expect(r, 401, "a write with the old cookie", "session_expired")
    expect(ANON.req("DELETE", "/api/session"), 204, "log out without a session")

    # forged cookies are anonymous
    f = Client()
    f.cookie = secrets.token_hex(32)
    expect(f.get("/api/session"), 401, "a random session cookie", "session_expired")
    r = f.get("/api/evaluations")
    check(r.status == 200 and r.json["total"] == 0, "a random cookie lists as anonymous (nothing published yet)", r)
    expect(f.req("POST", "/api/evaluations", SEED_YAML, ctype="application/yaml"), 401,
           "a write with a random cookie", "session_expired")
    f.cookie = "abc"
    expect(f.get("/api/session"), 401, "a cookie of the wrong length", "unauthorized")
    f.cookie = C["filler1"].cookie.upper()
    expect(f.get("/api/session"), 401, "the real cookie in capitals", "session_expired")
    f.cookie = C["filler1"].csrf
    expect(f.get("/api/session"), 401, "the CSRF token as the cookie", "session_expired")

    # sessions that expired: written straight into the database, as the
    # server would have a day ago (the store keeps BLAKE2b-256 of the token)
    uid = C["filler1"].get("/api/session").json["user"]["id"]
    for label, delta, want in (("an expired session", -60, 401), ("a session still valid", 3600, 200)):
        token = secrets.token_hex(32)
        sql_exec("INSERT INTO sessions (token_hash, csrf, user_id, created_at, expires) "
                 "VALUES ('%s', '%s', %d, '2026-01-01T00:00:00.000Z', %d)"
                 % (hashlib.blake2b(token.encode(), digest_size=32).hexdigest(), secrets.token_hex(32),
                    uid, int(time.time()) + delta))
        e = Client()
        e.cookie = token
        r = e.get("/api/session")
        if want == 401:
            expect(r, 401, label, "session_expired")
            expect(e.req("POST", "/api/evaluations", SEED_YAML, ctype="application/yaml"), 401,
                   "a write with " + label, "session_expired")
        else:
            expect(r, 200, label)

    # throttling: five failures for a name from one client, then the next
    # attempt waits — even with the right password — and says how long
    lk = Client("locked")
    for i in range(5):
        expect(lk.do_login("not-the-password-%d" % i), 401, "failure %d for 'locked'" % (i + 1),
               "invalid_credentials")
    r = lk.do_login()
    expect(r, 429, "the 6th attempt at once, with the right password", "too_many_attempts")
    ra = r.headers.get("Retry-After") or ""
    check(ra.isdigit() and 0 < int(ra) <= 15, "Retry-After is the seconds left of a 15 s wait", ra)
    check(lk.cookie is None and "Set-Cookie" not in r.headers, "no session for a throttled login")
    r = lk.do_login()
    ra2 = r.headers.get("Retry-After") or ""
    check(r.status == 429 and ra2.isdigit() and int(ra2) <= int(ra or 0),
          "trying again while waiting does not make the wait longer", (ra, ra2))
    r = Client("filler2").do_login()
    expect(r, 200, "another login from the same client is not held back")
    # nobody else can keep 'locked' out: the same name from another client
    other = Client("locked", forwarded="203.0.113.7")
    expect(other.do_login(), 200, "'locked' logs in from another address at once")
    # a proxy that is not trusted cannot choose the address it speaks for
    spoof = Client("locked", forwarded="198.51.100.9", source="127.0.0.2")
    expect(spoof.do_login("wrong-again"), 401, "a failure from 127.0.0.2 claiming another address",
           "invalid_credentials")

    # 25 wrong passwords at once for one name: no more than five are checked
    racer = "racer-%d" % os.getpid()

    def attempt(_):
        return Client(racer, forwarded="192.0.2.25").do_login("wrong-password").status

    with concurrent.futures.ThreadPoolExecutor(25) as ex:
        got = Counter(ex.map(attempt, range(25)))
    check(got[401] == 5 and got[429] == 20, "25 parallel wrong passwords: 5 checked, 20 turned away", dict(got))


def t_create():
    section("create")
    c = C["filler1"]
    before = count_all()
    r = create(c)
    expect(r, 201, "POST a YAML form")
    e = r.json or {}
    eid = e.get("id")
    check(r.headers.get("Location") == "/api/evaluations/%s" % eid, "Location names it", r.headers.get("Location"))
    check(etag_version(r) == 1 and e.get("version") == 1, "ETag \"1\", version 1", r.headers.get("ETag"))
    check(e.get("total") == 97 and e.get("grade") == "优" and e.get("state") == "draft"
          and e.get("state_label") == "草稿", "97, 优, draft", {k: e.get(k) for k in ("total", "grade", "state")})
    check(e.get("unit", {}).get("id") == ORG["产业发展科"] and e.get("department", {}).get("id") == ORG["株洲市工业和信息化局"]
          and e.get("region", {}).get("id") == ORG["株洲市"], "the filler's unit, its department and region", e.get("unit"))
    check(e.get("project") == PROJECT and e.get("year") == 2020 and e.get("rules") == "cn-mof-2020@1",
          "project, year, rules", (e.get("project"), e.get("year"), e.get("rules")))
    check(e.get("created_by") == c.user["id"] and e.get("review") is None, "created_by, no review")
    check(e.get("result", {}).get("total") == 97, "the result is there")
    a = audit_of(c, eid) or []
    check(len(a) == 1 and a[0]["action"] == "create" and a[0]["user"]["login"] == "filler1"
          and isinstance(a[0]["new"], dict) and a[0]["new"].get("project") == PROJECT,
          "one audit line: create, by filler1, with the form", a[:1])

    r = create(c, SEED_JSON_BYTES, "application/json")
    expect(r, 201, "POST the same form as JSON (jixiao convert)")
    check(r.json and r.json["total"] == 97 and r.json["grade"] == "优" and r.json["state"] == "draft",
          "97, 优, draft from JSON")
    check(r.json and r.json["form"] == e.get("form"), "the JSON form is stored as the YAML one is")
    r = create(c, SEED_JSON_BYTES, "application/json; charset=utf-8")
    expect(r, 201, "application/json; charset=utf-8 is JSON too")

    r = create(c, SEED_XLSX, XLSX)
    expect(r, 201, "POST the workbook from `jixiao render -o form.xlsx`")
    x = r.json or {}
    check(x.get("total") == 97 and x.get("grade") == "优" and x.get("state") == "draft", "97, 优, draft from xlsx", x.get("total"))
    a = audit_of(c, x.get("id", 0)) or []
    check(len(a) == 1 and a[0]["action"] == "import" and a[0]["user"]["login"] == "filler1",
          "the workbook's audit line says import", [(l["action"], l["user"]) for l in a])
    for ct in ("application/vnd.ms-excel", "application/octet-stream", None):
        r = create(c, SEED_XLSX, ct)
        check(r.status == 201 and r.json["total"] == 97, "the workbook as %s → 201, 97" % (ct or "no Content-Type"), r)
    check(count_all() == before + 7, "seven evaluations more", (before, count_all()))

    # somebody else's unit, other roles, anonymous
    n = count_all()
    expect(create(C["admin"], unit=ORG["科技创新科"]), 201, "an admin creates in a unit (?unit=)")
    expect(create(C["admin"]), 400, "an admin without ?unit=", "bad_request", "unit")
    expect(create(C["admin"], unit=999999), 404, "an admin in a unit that does not exist", "not_found")
    expect(create(C["admin"], unit=ORG["株洲市工业和信息化局"]), 404, "?unit= a department", "not_found")
    expect(create(c, unit=ORG["科技创新科"]), 403, "a filler in another unit", "forbidden")
    expect(create(c, unit=0), 400, "?unit=0", "bad_request")
    expect(create(c, unit=None, body=SEED_YAML, ctype="application/yaml"), 201, "a filler without ?unit= uses its unit")
    expect(create(C["approver1"], unit=ORG["产业发展科"]), 403, "an approver may not create", "forbidden")
    expect(create(C["reviewer1"], unit=ORG["产业发展科"]), 403, "a reviewer may not create", "forbidden")
    expect(create(ANON, unit=ORG["产业发展科"]), 401, "anonymous may not create", "unauthorized")
    check(count_all() == n + 2, "exactly the two allowed were stored", (n, count_all()))

    # reading a workbook is work: anonymous scoring takes form files only
    expect(ANON.req("POST", "/api/score", SEED_XLSX, ctype=XLSX), 401,
           "anonymous POST /api/score of a workbook", "unauthorized")
    expect(ANON.req("POST", "/api/score", SEED_XLSX, ctype="application/octet-stream"), 401,
           "… also said to be octet-stream", "unauthorized")
    # POST /api/score is `jixiao score --json`
    for label, data, ctype, path in (("YAML", SEED_YAML, "application/yaml", SEED),
                                     ("JSON", SEED_JSON_BYTES, "application/json", os.path.join(TMP, "seed.json")),
                                     ("xlsx", SEED_XLSX, XLSX, os.path.join(TMP, "form.xlsx"))):
        who = C["filler1"] if label == "xlsx" else ANON
        r = who.req("POST", "/api/score", data, ctype=ctype)
        expect(r, 200, "POST /api/score (%s)" % label)
        p = run_cli("score", "--json", path)
        cli = json.loads(p.stdout) if p.returncode == 0 else None
        srv = r.json or {}
        check(cli is not None, "jixiao score --json %s" % os.path.basename(path), p.stderr)
        if cli is None:
            continue
        check(srv.get("total") == cli["total"] == 97 and srv.get("grade") == cli["grade"] == "优",
              "%s: the same total and grade" % label, (srv.get("total"), cli["total"]))
        check([(i["name"], i["score"], i["trace"]) for i in srv.get("indicators", [])]
              == [(i["name"], i["score"], i["trace"]) for i in cli["indicators"]],
              "%s: the same indicator scores and traces" % label)
        check(srv.get("budget") == cli["budget"], "%s: the same budget line" % label)
        check([x["code"] for x in srv.get("findings", [])] == [x["code"] for x in cli["findings"]] == ["JX-R01"],
              "%s: the same findings" % label, srv.get("findings"))

        def norm(j):
            j = json.loads(json.dumps(j))
            j.pop("file", None)
            for x in j.get("findings", []):
                if isinstance(x.get("where"), str):
                    x["where"] = x["where"].split(":", 1)[-1] if x["where"].startswith(("request:", path + ":")) else x["where"]
            return j
        check(norm(srv) == norm(cli), "%s: the whole result is the CLI's (but the file name)" % label)
    # ?report=1: the passages the report writes, as `jixiao render` writes them
    r = ANON.req("POST", "/api/score?report=1", SEED_YAML, ctype="application/yaml")
    expect(r, 200, "POST /api/score?report=1")
    got = (r.json or {}).get("report") or {}
    out = os.path.join(TMP, "seed-report.html")
    p = run_cli("render", SEED, "-o", out)
    page = open(out, encoding="utf-8").read() if p.returncode == 0 else ""
    want = {}
    for head, body in re.findall(r"<h[23][^>]*>([^<]*)</h[23]>(.*?)(?=<h[23]|</main>|$)", page, re.S):
        key = "funds" if "资金下拨" in head else "performance" if "绩效情况" in head else None
        if key:
            want[key] = [html.unescape(x) for x in re.findall(r'<p class="generated">([^<]*)</p>', body)]
    check(len(want.get("performance", [])) >= 2 and got == want,
          "report.performance and .funds are the generated paragraphs of the rendered report", (got, want))
    check(got.get("performance", [""])[0].startswith("经自评，项目总分97.00分，评价等级为“优”"),
          "the first performance passage says 97 and 优", got)
    check({k: v for k, v in (r.json or {}).items() if k != "report"} ==
          ANON.req("POST", "/api/score", SEED_YAML, ctype="application/yaml").json,
          "without report the answer is the plain result")
    r = ANON.req("POST", "/api/score", b"", ctype="application/yaml")
    expect(r, 422, "POST /api/score with nothing", "invalid")
    r = ANON.req("POST", "/api/score", b"x", ctype="text/csv")
    expect(r, 415, "POST /api/score as text/csv", "unsupported_media_type")
    r = ANON.req("POST", "/api/score", b'{"year": 2020,', ctype="application/json")
    expect(r, 400, "POST /api/score with broken JSON", "malformed")


def evil(tag):
    return "%s '); DROP TABLE evaluations;-- \"双引号\" 'single' \\反斜杠\\ 100%% a_b <b>&amp;</b> %s" % (tag, tag)


def t_bad_input():
    section("bad input")
    c = C["filler1"]
    n = count_all()
    post = lambda body, ctype, **kw: c.req("POST", "/api/evaluations", body, ctype=ctype, **kw)
    bracket = open(os.path.join(BAD, "json-bad-bracket.json"), "rb").read()
    r = post(bracket, "application/json")
    expect(r, 400, "malformed JSON", "malformed")
    check(re.match(r"^\d+:\d+$", str(r.error.get("where"))) is not None,
          "malformed JSON: where is line:col", r.error.get("where"))
    r = post(b"year: 2020\nproject: [unclosed\n", "application/yaml")
    expect(r, 400, "malformed YAML", "malformed")
    r = post(open(os.path.join(BAD, "yaml-wrong-types.yaml"), "rb").read(), "application/yaml")
    expect(r, 422, "wrong types", "invalid", "/budget/fiscal/adjusted")
    wheres = [d.get("where") for d in r.error.get("details", [])]
    check(wheres == ["/budget/fiscal/adjusted", "/indicators/0/weight", "/indicators/1/wieght"],
          "wrong types: every error in details, each at its pointer", wheres)
    zh = [d.get("message_zh") for d in r.error.get("details", [])]
    check(zh[0] == "应为金额（万元，精确到分），填写的是“一百”：不是数字"
          and zh[1] == "应为分数，填写的是列表"
          and (zh[2] or "").startswith("无法识别的项“wieght”（位于指标），是否应为“分值”"),
          "wrong types: each said in Chinese too, the keys by their names on the form", zh)
    check(r.error.get("message_zh") == zh[0], "wrong types: the first said in Chinese at the top",
          r.error)
    form = seed_form()
    form["budget"]["fiscal"]["adjusted"] = "八十万"
    r = post(form, "application/json")
    expect(r, 422, "JSON: a text for an amount", "invalid", "/budget/fiscal/adjusted")
    form = seed_form()
    form["indicators"][2]["weight"] = [10]
    r = post(form, "application/json")
    expect(r, 422, "JSON: an array for points", "invalid", "/indicators/2/weight")
    form = seed_form()
    form["year"] = "二〇二〇年度"
    r = post(form, "application/json")
    expect(r, 422, "JSON: a year that is not one", "invalid", "/year")
    check(r.error.get("message_zh") == "应为年份，如 2020，填写的是“二〇二〇年度”",
          "a year that is not one: said in Chinese with what was written", r.error)
    r = post(open(os.path.join(BAD, "json-unknown-key.json"), "rb").read(), "application/json")
    expect(r, 422, "an unknown key in an indicator", "invalid", "/indicators/0/colour")
    r = post(seed_form(colour="红"), "application/json")
    expect(r, 422, "an unknown key in the form", "invalid")
    check(is_pointer(r.error.get("where")), "an unknown key in the form: where is a JSON pointer",
          r.error.get("where"))
    r = post(open(os.path.join(BAD, "yaml-missing.yaml"), "rb").read(), "application/yaml")
    expect(r, 422, "a missing indicator name", "invalid", "/indicators/0/name")
    form = seed_form()
    del form["project"]
    r = post(form, "application/json")
    expect(r, 422, "a form without its project", "invalid")
    check(is_pointer(r.error.get("where")), "a missing project: where is a JSON pointer", r.error.get("where"))
    form = seed_form()
    form["indicators"] = []
    expect(post(form, "application/json"), 422, "no indicators", "invalid")
    expect(post(seed_form(rules="cn-mof-1999"), "application/json"), 422, "an unknown rule set", "invalid")
    expect(post([SEED_FORM, SEED_FORM], "application/json"), 422, "two forms at once", "invalid")
    expect(post(b"[]", "application/json"), 422, "an empty array", "invalid")
    expect(post(b"", "application/json"), 422, "an empty body", "invalid")
    deep = open(os.path.join(BAD, "json-deep.json"), "rb").read()
    r = post(deep, "application/json")
    check(r.status in (400, 422), "JSON nested 40 deep (%d bytes) → 400/422, not 413" % len(deep), r)
    r = post(b"[" * 100000, "application/json")
    check(r.status in (400, 422), "100000 [ → 400/422", r)
    r = ANON.req("POST", "/api/session", b"[" * 100000, ctype="application/json")
    expect(r, 400, "100000 [ to /api/session", "malformed")
    dup = SEED_JSON_BYTES.replace(b'"year": 2020', b'"year": 2020, "year": 2021', 1)
    check(dup != SEED_JSON_BYTES, "(a form with a duplicate key)")
    r = post(dup, "application/json")
    check(r.status in (400, 422) and r.error.get("code") in ("malformed", "invalid"), "a duplicate key → 400/422", r)
    r = post(b'{"year": 2020, "project": "\xff\xfe\x80"}', "application/json")
    expect(r, 400, "JSON that is not UTF-8", "malformed")
    r = post(SEED_YAML, "application/json")
    expect(r, 400, "YAML sent as application/json", "malformed")
    r = post(SEED_YAML + b"\n---\n" + SEED_YAML, "application/yaml")
    expect(r, 422, "two YAML documents", "invalid")
    r = ANON.req("POST", "/api/session", b'{"login": "a", "login": "b", "password": "x"}', ctype="application/json")
    expect(r, 400, "a login with a duplicate member", "malformed")
    expect(post(b"", "application/yaml"), 422, "an empty YAML body", "invalid")
    expect(post(b"hello", "text/plain"), 415, "text/plain", "unsupported_media_type", "Content-Type")
    expect(post(b"<form/>", "application/xml"), 415, "application/xml", "unsupported_media_type")
    expect(post(b"a=1", "multipart/form-data; boundary=x"), 415, "multipart/form-data", "unsupported_media_type")
    r = post(open(os.path.join(BAD, "not-a-form.yaml"), "rb").read(), XLSX)
    check(r.status in (400, 415, 422), "a broken workbook → 4xx", r)
    # too large: over 2 MiB of JSON, said by Content-Length and sent chunked
    big = b'{"year": 2020, "project": "' + b"x" * (2 * 1024 * 1024 + 16) + b'"}'
    for how in ("Content-Length", "chunked"):
        r = big_post(c, "/api/evaluations", big, "application/json", chunked=(how == "chunked"))
        expect(r, 413, "a 2 MiB+ JSON body (%s)" % how, "too_large")
    # exactly at the limit is not too large
    exact = SEED_JSON_BYTES.rstrip() + b" " * (2 * 1024 * 1024 - len(SEED_JSON_BYTES.rstrip()))
    r = big_post(c, "/api/score", exact, "application/json", chunked=False)
    expect(r, 200, "a body of exactly 2 MiB (Content-Length)")
    r = big_post(c, "/api/score", exact + b" ", "application/json", chunked=False)
    expect(r, 413, "a body of 2 MiB and a byte (Content-Length)", "too_large")
    r = big_post(c, "/api/score", exact, "application/json", chunked=True)
    expect(r, 200, "a body of exactly 2 MiB (chunked)")
    r = big_post(c, "/api/score", exact + b" ", "application/json", chunked=True)
    expect(r, 413, "a body of 2 MiB and a byte (chunked)", "too_large")
    r = big_post(c, "/api/score", big, "application/json", chunked=True)
    expect(r, 413, "a 2 MiB+ body to /api/score (chunked)", "too_large")
    r = big_post(c, "/api/evaluations", b"PK\x03\x04" + b"\0" * (16 * 1024 * 1024 + 1), XLSX, chunked=False)
    expect(r, 413, "a 16 MiB+ workbook", "too_large")
    expect(ANON.get("/healthz"), 200, "the server still serves")
    check(count_all() == n, "nothing was stored", (n, count_all()))

    # SQL metacharacters in every text field, stored and read back verbatim
    form = seed_form()
    texts = {}

    def put(ptr, obj, key):
        obj[key] = evil(ptr)
        texts[ptr] = obj[key]
    for k in ("title", "fund", "department", "unit", "project", "period", "notes", "grade"):
        put("/" + k, form, k)
    form.setdefault("goal", {})
    for k in ("expected", "actual"):
        put("/goal/" + k, form["goal"], k)
    for i, ind in enumerate(form["indicators"]):
        if ind.get("name") == "无":
            continue  # an empty line of the table: a name would make it an indicator
        put("/indicators/%d/name" % i, ind, "name")
        if ind.get("reason") or ind.get("score") is not None:
            put("/indicators/%d/reason" % i, ind, "reason")
    # the level-1 names (and the categories' keys) and level-2 names too
    l1 = {old: evil("level1 " + old) for old in form.get("categories", {})}
    form["categories"] = {l1[k]: v for k, v in form["categories"].items()}
    for i, ind in enumerate(form["indicators"]):
        if ind.get("level1") in l1:
            ind["level1"] = texts["/indicators/%d/level1" % i] = l1[ind["level1"]]
        if ind.get("name") != "无":
            put("/indicators/%d/level2" % i, ind, "level2")
    put("/indicators/1/target", form["indicators"][1], "target")
    put("/indicators/1/actual", form["indicators"][1], "actual")
    for k in ("title", "subtitle", "heading", "intro", "attachment", "background", "funds", "performance", "problems"):
        put("/report/" + k, form["report"], k)
    r = create(c, form, "application/json")
    expect(r, 201, "a form with SQL metacharacters in %d text fields" % len(texts))
    if r.status != 201:
        return None
    eid = r.json["id"]
    got = fresh(C["admin"], eid) or {}
    bad = []
    for ptr, want in texts.items():
        node = got.get("form")
        for part in ptr.strip("/").split("/"):
            node = node[int(part)] if isinstance(node, list) else (node or {}).get(part)
        if node != want:
            bad.append((ptr, node))
    check(not bad, "every text read back verbatim", bad[:4])
    check(set((got.get("form") or {}).get("categories", {})) == set(l1.values()), "the categories' keys verbatim")
    check(got.get("project") == texts["/project"], "the project column verbatim", got.get("project"))
    adm = C["admin"]

    def total(query):
        r = adm.get("/api/evaluations?" + urllib.parse.urlencode(query))
        return r.json["total"] if r.status == 200 else "status %d" % r.status
    check(total({"q": "'); DROP TABLE evaluations;--"}) == 1, "q= the SQL text finds it")
    check(total({"q": "%"}) == 1, "q=% is a percent sign, not a wildcard", total({"q": "%"}))
    check(total({"q": "_"}) == 1, "q=_ is an underscore, not a wildcard", total({"q": "_"}))
    check(total({"q": "a%b"}) == 0, "q=a%b does not match a_b", total({"q": "a%b"}))
    check(total({"q": "100_"}) == 0, "q=100_ does not match 100%", total({"q": "100_"}))
    check(total({"q": "\\"}) == 1, "q=\\ finds the backslash", total({"q": "\\"}))
    check(total({"q": "\\反"}) == 1, "q=\\反 finds it", total({"q": "\\反"}))
    check(total({"q": '"双引号"'}) == 1, "q=\"…\" finds it")
    check(total({"q": "' OR '1'='1"}) == 0, "q=' OR '1'='1 finds nothing")
    check(total({"grade": "' OR '1'='1"}) == 0, "grade=' OR '1'='1 finds nothing")
    items = adm.get("/api/evaluations?per_page=100").json["items"]
    check(total({"grade": "优"}) == sum(1 for e in items if e["grade"] == "优") > 0, "grade=优 finds the 优 ones")
    check(total({"q": "x'; DELETE FROM evaluations; --", "grade": "优\\"}) == 0, "both at once")
    expect(ANON.get("/healthz"), 200, "the server still serves")
    check(count_all() == n + 1 and fresh(adm, eid) is not None, "the table is still there")
    return eid


def big_post(client, path, data, ctype, chunked):
    """Sends a large body by hand; the server may answer before it is all sent."""
    conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", ctype)
        conn.putheader("Cookie", "jx_session=" + client.cookie)
        conn.putheader("X-CSRF-Token", client.csrf)
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        else:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders()
        early = False
        if not chunked:
            # the server may answer from the headers alone (and close): read that
            # answer rather than race the close with the body
            import select
            early = bool(select.select([conn.sock], [], [], 1.0)[0])
        try:
            if early:
                pass
            elif chunked:
                for i in range(0, len(data), 65536):
                    ch = data[i:i + 65536]
                    conn.send(b"%x\r\n" % len(ch) + ch + b"\r\n")
                conn.send(b"0\r\n\r\n")
            else:
                conn.send(data)
        except OSError:
            pass  # answered early, and closed
        r = conn.getresponse()
        resp = Resp(r.status, r.headers, r.read())
    finally:
        conn.close()
    record("POST", path, resp.status)
    validate("POST", path, resp, False)
    return resp


def raw_http(data):
    """Sends bytes as they are and reads the answer's status line."""
    import socket
    s = socket.create_connection((HOST, PORT), timeout=30)
    try:
        s.sendall(data)
        got = b""
        while b"\r\n\r\n" not in got:
            part = s.recv(4096)
            if not part:
                break
            got += part
        return got
    finally:
        s.close()


def t_strict():
    """Input the server refuses outright, wherever it comes in."""
    section("strict input")
    c = C["filler1"]
    # two Content-Length headers that disagree: a smuggling attempt
    req = ("POST /api/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}").encode()
    got = raw_http(req)
    check(got.startswith(b"HTTP/1.1 400"), "two different Content-Length headers → 400", got[:200])
    record("POST", "/api/score", int(got[9:12]) if got[:5] == b"HTTP/" else 0)
    # YAML holding a NUL: refused with its place, never cut short
    body = SEED_YAML.encode() if isinstance(SEED_YAML, str) else SEED_YAML
    nul = body.replace("奖励企业".encode(), "奖励\x00企业".encode(), 1)
    r = ANON.req("POST", "/api/score", nul, ctype="application/yaml")
    expect(r, 400, "a YAML form with a NUL in it", "malformed",
           lambda w: isinstance(w, str) and re.match(r"^\d+:\d+$", w))
    # media types: exact, in any case, with parameters
    r = ANON.req("POST", "/api/score", SEED_JSON_BYTES, ctype="APPLICATION/JSON; charset=UTF-8")
    expect(r, 200, "Content-Type: APPLICATION/JSON; charset=UTF-8")
    r = ANON.req("POST", "/api/score", SEED_JSON_BYTES, ctype="application/jsonx")
    expect(r, 415, "Content-Type: application/jsonx", "unsupported_media_type", "Content-Type")
    # paths that would forge the access log: a space and fields of their
    # own, a quote, a byte that is not UTF-8, a right-to-left override —
    # each line must still have exactly its fields (checked in t_access_log)
    for forged in ("/api/nothing%20200%2099%201.00ms%20admin", "/api/nothing%22quoted%22",
                   "/api/nothing%FF%FE", "/api/nothing%E2%80%AEevil", "/api/nothing%0a2026-01-01T00:00:00Z"):
        r = ANON.get(forged, outside=True)
        check(r.status in (400, 404), "GET %s is refused" % forged, r)
    # a garbage legacy workbook: the error names no file of the server's
    r = c.req("POST", "/api/score", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
              ctype="application/vnd.ms-excel")
    check(400 <= r.status < 500 and b"/tmp" not in r.body and b"jixiao-" not in r.body,
          "a broken .xls: refused, naming no temporary file", r)


def t_paths():
    section("paths")
    c = C["filler1"]
    eid = min(model)
    for pth in ("/api/evaluations/%d/../../../etc/passwd" % eid,
                "/api/evaluations/%d/%%2e%%2e/%%2e%%2e/%%2e%%2e/etc/passwd" % eid,
                "/api/evaluations/%d/..%%2f..%%2f..%%2fetc%%2fpasswd" % eid,
                "/api/evaluations/%d/%%2e%%2e%%2f%%2e%%2e%%2f%%2e%%2e%%2fetc%%2fpasswd" % eid,
                "/api/evaluations/%d/..%%5c..%%5c..%%5cetc%%5cpasswd" % eid,
                "/api/evaluations/..%2f..%2fetc%2fpasswd/report.pdf",
                "/api/evaluations/%d/report.pdf/../../../../etc/passwd" % eid,
                "/api/evaluations/%d/%%2fetc%%2fpasswd" % eid,
                "/api/evaluations/%d//etc/passwd" % eid,
                "/api/evaluations/%d/./form.xlsx" % eid,
                "/../../etc/passwd",
                "/api/evaluations/%d/form.xlsx%%2f..%%2f..%%2f..%%2fetc%%2fpasswd" % eid):
        for who in (ANON, c):
            r = who.get(pth, outside=plain_path(pth) is None)
            check(r.status in (400, 404) and b"root:" not in r.body
                  and (r.headers.get("Content-Type") or "").startswith("application/json"),
                  "GET %s (%s) → 400/404, no file" % (pth, "anonymous" if who is ANON else "filler1"), r)
    # ids that are not positive integers
    for bad_id in ("0", "-1", "01", "1e3", "0x10", "abc", "%20" + str(eid), "99999999999999999999",
                   "9223372036854775808", "1.0", "%2B1", "%E4%B8%80"):
        for method, rest, body in (("GET", "", None), ("PUT", "", SEED_YAML), ("DELETE", "", None),
                                   ("POST", "/submit", b"{}"), ("GET", "/audit", None),
                                   ("GET", "/report.pdf", None)):
            r = c.req(method, "/api/evaluations/" + bad_id + rest, body,
                      ctype="application/yaml" if method == "PUT" else ("application/json" if body else None),
                      headers={"If-Match": '"1"'} if method != "GET" else None)
            check(r.status == 404 and r.error.get("code") == "not_found",
                  "%s /api/evaluations/%s%s → 404" % (method, bad_id, rest), r)
    # a NUL byte is not the end of the path
    r = c.get("/api/evaluations/%d%%00" % eid, outside=True)
    check(r.status in (400, 404), "GET /api/evaluations/%d%%00 → 400/404, not evaluation %d" % (eid, eid), r)
    r = c.get("/api/evaluations/%d/form.xlsx%%00.txt" % eid, outside=True)
    check(r.status in (400, 404), "GET …/form.xlsx%00.txt → 400/404, not the workbook", r)
    # unknown routes and wrong methods
    for pth in ("/api", "/api/", "/api/nothing", "/api/evaluation", "/api/evaluations/%d/audit/x" % eid,
                "/api/evaluations/%d/" % eid, "/index.html", "/api/session/x", "/healthz/"):
        r = c.get(pth, outside=True)
        expect(r, 404, "GET %s" % pth, "not_found")
    for method, pth, allow in (("PATCH", "/api/evaluations/%d" % eid, {"GET", "PUT", "DELETE"}),
                               ("POST", "/api/evaluations/%d" % eid, {"GET", "PUT", "DELETE"}),
                               ("DELETE", "/api/evaluations", {"GET", "POST"}),
                               ("PUT", "/api/evaluations", {"GET", "POST"}),
                               ("PUT", "/healthz", {"GET"}),
                               ("POST", "/api/openapi.json", {"GET"}),
                               ("GET", "/api/score", {"POST"}),
                               ("PUT", "/api/session", {"GET", "POST", "DELETE"}),
                               ("DELETE", "/api/orgs", {"GET", "POST"}),
                               ("PUT", "/api/evaluations/%d/submit" % eid, {"GET", "POST"})):
        r = c.req(method, pth, b"{}" if method != "GET" else None,
                  ctype="application/json" if method != "GET" else None, outside=True)
        got = {a.strip() for a in (r.headers.get("Allow") or "").split(",") if a.strip()}
        if "GET" in allow:
            allow = allow | {"HEAD"}  # HEAD goes wherever GET does
        check(r.status == 405 and r.error.get("code") == "method_not_allowed" and got == allow,
              "%s %s → 405, Allow: %s" % (method, pth, ", ".join(sorted(allow))), (r, r.headers.get("Allow")))
    expect(c.req("POST", path_of(eid, "/frobnicate"), {}, headers=im(1)), 404, "POST an unknown step", "not_found")
    expect(c.req("POST", path_of(eid, "/edit"), {}, headers=im(1)), 404, "POST …/edit (not a step)", "not_found")
    expect(c.req("POST", path_of(eid, "/delete"), {}, headers=im(1)), 404, "POST …/delete (not a step)", "not_found")
    expect(c.get(path_of(eid, "/passwd")), 404, "GET an unknown file", "not_found")
    expect(c.get(path_of(eid, "/submit")), 404, "GET a step", "not_found")
    # query parameters
    for q in ("per_page=0", "per_page=101", "page=0", "page=x", "year=1899", "year=abc", "state=bogus",
              "department=0", "unit=-1", "per_page=1e2"):
        expect(c.get("/api/evaluations?" + q), 400, "GET /api/evaluations?%s" % q, "bad_request")
    r = c.get("/api/evaluations?state=" + urllib.parse.quote("草稿"))
    check(r.status == 200 and r.json["total"] > 0 and all(i["state"] == "draft" for i in r.json["items"]),
          "state=草稿 lists drafts", r)
    expect(ANON.get("/healthz"), 200, "the server still serves")


def t_workflow(eid_evil):
    section("workflow")
    f, a, rv, adm = C["filler1"], C["approver1"], C["reviewer1"], C["admin"]
    r = create(f)
    eid = r.json["id"]
    v = 1
    audit_len = lambda: len(audit_of(adm, eid) or [])

    def step(client, name, body=None, version=None, status=200, code=None, where=None, what=None):
        nonlocal v
        hdr = im(v if version is None else version)
        r = client.req("POST", path_of(eid, "/" + name), {} if body is None else body, headers=hdr)
        expect(r, status, what or "%s: %s" % (client.login, name), code, where)
        if r.status == 200:
            check(etag_version(r) == r.json["version"] == v + 1, "%s: the version moves on" % name, r.json["version"])
            v = r.json["version"]
        return r

    n = audit_len()
    step(a, "approve", {"opinion": "好"}, status=409, code="invalid_transition", what="approve a draft")
    step(rv, "publish", status=409, code="invalid_transition", what="publish a draft")
    step(a, "submit", status=403, code="forbidden", what="an approver submits")
    step(rv, "submit", status=403, code="forbidden", what="a reviewer submits")
    for who in (a, rv):
        r = who.req("PUT", path_of(eid), seed_form(notes="x"), headers=im(1))
        expect(r, 403, "a %s edits a draft" % who.user["role"], "forbidden")
        r = who.req("DELETE", path_of(eid), headers=im(1))
        expect(r, 403, "a %s deletes a draft" % who.user["role"], "forbidden")
    check(audit_len() == n and fresh(adm, eid)["version"] == 1, "the refused steps changed nothing")
    r = step(f, "submit")
    check(r.json["state"] == "submitted" and r.json["state_label"] == "已提交", "submitted")
    r = f.req("PUT", path_of(eid), SEED_YAML, ctype="application/yaml", headers=im(v))
    expect(r, 409, "edit a submitted one", "invalid_transition")
    r = f.req("DELETE", path_of(eid), headers=im(v))
    expect(r, 409, "delete a submitted one", "invalid_transition")
    step(f, "submit", status=409, code="invalid_transition", what="submit twice")
    step(f, "approve", {"opinion": "x"}, status=403, code="forbidden", what="a filler approves")
    step(f, "publish", status=403, code="forbidden", what="a filler publishes")
    step(rv, "publish", status=409, code="invalid_transition", what="publish a submitted one")
    step(rv, "review", {"opinion": "x", "score": 90}, status=409, code="invalid_transition",
         what="review a submitted one")
    step(rv, "return", {"reason": "x"}, status=409, code="invalid_transition",
         what="a reviewer returns a submitted one")
    step(a, "return", status=422, code="invalid", where="/reason", what="return without a reason")
    step(a, "return", {"reason": ""}, status=422, code="invalid", where="/reason", what="return with an empty reason")
    step(a, "return", {"reason": 5}, status=422, code="invalid", where="/reason", what="a reason that is a number")
    step(a, "return", {"reason": "\t\n\u3000"}, status=422, code="invalid", where="/reason", what="a reason of blanks")
    step(a, "return", {"reason": "x", "why": "y"}, status=422, code="invalid", where="/why", what="an unknown member")
    step(a, "return", b"{reason", status=400, code="malformed", what="a step body that is not JSON")
    r = a.req("POST", path_of(eid, "/return"), b"reason=x", ctype="text/plain", headers=im(v))
    expect(r, 415, "a step body as text/plain", "unsupported_media_type")
    reason = "请补充偏差原因 '\"\\%_"
    r = step(a, "return", {"reason": reason})
    check(r.json["state"] == "draft" and r.json["return_reason"] == reason, "returned to draft with the reason", r.json.get("return_reason"))
    r = step(f, "submit")
    check(r.json["return_reason"] is None, "resubmitting clears the return reason", r.json.get("return_reason"))
    r = step(a, "approve", {"opinion": "同意。"})
    check(r.json["state"] == "approved" and r.json["approval_opinion"] == "同意。", "approved with the opinion")
    step(a, "approve", {"opinion": "again"}, status=409, code="invalid_transition", what="approve twice")
    step(a, "review", {"opinion": "x", "score": 90}, status=403, code="forbidden", what="an approver reviews")
    step(rv, "review", {"opinion": "经复核"}, status=422, code="invalid", where="/score", what="review without a score")
    step(rv, "review", {"score": 96}, status=422, code="invalid", where="/opinion", what="review without an opinion")
    step(rv, "review", {"score": 96, "opinion": ""}, status=422, code="invalid", where="/opinion", what="review with an empty opinion")
    step(rv, "review", {"score": 101, "opinion": "x"}, status=422, code="invalid", where="/score", what="a score over 100")
    step(rv, "review", {"score": -1, "opinion": "x"}, status=422, code="invalid", where="/score", what="a negative score")
    step(rv, "review", {"score": 96.555, "opinion": "x"}, status=422, code="invalid", where="/score", what="three decimals")
    step(rv, "review", {"score": "96", "opinion": "x"}, status=422, code="invalid", where="/score", what="a score that is text")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": 5}, status=422, code="invalid", where="/scores", what="scores that are a number")
    # review input, strictly: numbers exactly as written, known indicators,
    # within their weights; texts that are not blank, not too long, clean
    step(rv, "review", b'{"score": 99.999999999999999999, "opinion": "x"}', status=422, code="invalid",
         where="/score", what="a score of 99.999999999999999999 is not taken as 100")
    step(rv, "review", b'{"score": 9.6e1, "opinion": "x"}', status=422, code="invalid", where="/score",
         what="a score in exponent form")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": {"不存在的指标": 5}}, status=422, code="invalid",
         where="/scores/不存在的指标", what="a review score for an indicator the form lacks")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": {"奖励企业": 10.5}}, status=422, code="invalid",
         where="/scores/奖励企业", what="a review score above the indicator's weight (10)")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": {"奖励企业": -1}}, status=422, code="invalid",
         where="/scores/奖励企业", what="a negative review score")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": [8, 20]}, status=422, code="invalid",
         where="/scores", what="scores by place that do not match the indicators")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": {"奖励企业": [8]}}, status=422, code="invalid",
         where="/scores/奖励企业", what="a review score that is an array")
    deep = b'{"score": 96, "opinion": "x", "scores": ' + b"[" * 1500 + b"]" * 1500 + b"}"
    step(rv, "review", deep, status=422, code="invalid", where="/scores/0", what="scores nested 1 500 deep")
    step(rv, "review", {"score": 96, "opinion": "x", "scores": {"奖励企业": 8, "奖励企业 ": 8}}, status=422,
         code="invalid", where="/scores/奖励企业 ", what="a name that is not an indicator's (a trailing space)")
    step(rv, "review", {"score": 96, "opinion": "   \u3000 "}, status=422, code="invalid", where="/opinion",
         what="an opinion of blanks")
    step(rv, "review", {"score": 96, "opinion": "x" * 2001}, status=422, code="invalid", where="/opinion",
         what="an opinion of 2 001 characters")
    step(rv, "review", {"score": 96, "opinion": "复核\x1b[31m意见\x07"}, status=422, code="invalid",
         where="/opinion", what="an opinion with ESC and BEL")
    step(rv, "review", {"score": 96, "opinion": "x", "score2": 1}, status=422, code="invalid", where="/score2",
         what="an unknown member of a review")
    step(rv, "publish", status=409, code="invalid_transition", what="publish an approved one")
    scores = {"奖励企业": 8, "推动制造强市建设": 8.5}
    r = step(rv, "review", {"score": 96.5, "opinion": "经复核，扣0.5分。", "scores": scores})
    rvw = r.json.get("review") or {}
    check(r.json["state"] == "reviewed" and rvw.get("total") == 96.5 and rvw.get("grade") == "优"
          and rvw.get("opinion") == "经复核，扣0.5分。" and rvw.get("scores") == scores and rvw.get("by") == rv.user["id"],
          "reviewed: the review with its score, grade, opinion, scores and reviewer", rvw)
    check(r.json["total"] == 97 and r.json["grade"] == "优", "the self-score stays beside the review")
    step(a, "publish", status=403, code="forbidden", what="an approver publishes")
    expect(ANON.get(path_of(eid)), 404, "anonymous GET before publishing", "not_found")
    r = step(rv, "publish")
    check(r.json["state"] == "published" and r.json["state_label"] == "已公开", "published")
    step(rv, "publish", status=409, code="invalid_transition", what="publish twice")
    step(rv, "return", {"reason": "x"}, status=409, code="invalid_transition", what="return a published one")
    r = f.req("PUT", path_of(eid), SEED_YAML, ctype="application/yaml", headers=im(v))
    expect(r, 409, "edit a published one", "invalid_transition")
    # public now
    r = ANON.get(path_of(eid))
    expect(r, 200, "anonymous GET of the published one")
    pub = r.json or {}
    check(pub.get("total") == 97 and pub.get("grade") == "优" and pub.get("form") and pub.get("result")
          and pub.get("published_at"), "the public copy: the self-evaluation as its report shows it", pub.keys())
    hidden = {"review", "approval_opinion", "return_reason", "created_by", "updated_by"} & set(pub)
    check(not hidden and b"\u7ecf\u590d\u6838" not in r.body and "经复核" not in r.body.decode("utf-8", "replace")
          and "audit" not in pub.get("links", {}),
          "… and nothing its documents leave out: no review, opinions, people or audit trail", hidden)
    r = C["filler4"].get(path_of(eid))
    check(r.status == 200 and "review" not in (r.json or {}), "a filler of another region sees the public copy too")
    expect(ANON.get(path_of(eid_evil)), 404, "anonymous GET of a draft", "not_found")
    expect(ANON.get(path_of(eid, "/audit")), 401, "anonymous audit", "unauthorized")
    r = ANON.get("/api/evaluations")
    check(r.status == 200 and [i["id"] for i in r.json["items"]] == [eid] and r.json["total"] == 1,
          "anonymous lists the published one only", r)
    r = C["reviewer1"].get(path_of(eid))
    check(r.status == 200 and (r.json or {}).get("review", {}).get("total") == 96.5,
          "its reviewer still sees the review beside the self-score", r)
    r = ANON.get("/")
    text = r.body.decode("utf-8", "replace")
    if WEB_APP:  # the application lists it from the API, checked above
        check('<div id="app">' in text, "GET / is the application, which lists it from the API")
    else:
        check(PROJECT in text and "/api/evaluations/%d/report.html" % eid in text and "96.5" not in text,
              "GET / lists it, with its report, as published (no review)")
    # the trail
    trail = audit_of(f, eid) or []
    acts = [(x["action"], (x["user"] or {}).get("login")) for x in trail]
    want = [("create", "filler1"), ("submit", "filler1"), ("return", "approver1"), ("submit", "filler1"),
            ("approve", "approver1"), ("review", "reviewer1"), ("publish", "reviewer1")]
    check(acts == want, "the audit trail lists every step with its user", acts)
    steps = trail[1:]
    check(all(x["field"] == "/state" for x in steps), "each step is a change of /state")
    check([x["old"] for x in steps] == ["draft", "submitted", "draft", "submitted", "approved", "reviewed"],
          "each step's old state", [x["old"] for x in steps])
    check([(x["new"] or {}).get("to") for x in steps] == ["submitted", "draft", "submitted", "approved", "reviewed", "published"],
          "each step's new state", [x["new"] for x in steps])
    check(steps[1]["new"].get("reason") == reason, "the return line keeps the reason", steps[1]["new"])
    check(steps[3]["new"].get("opinion") == "同意。", "the approve line keeps the opinion", steps[3]["new"])
    check(steps[4]["new"].get("score") == 96.5 and steps[4]["new"].get("grade") == "优"
          and steps[4]["new"].get("opinion") == "经复核，扣0.5分。", "the review line keeps score, grade and opinion", steps[4]["new"])
    ats = [x["at"] for x in trail]
    check(ats == sorted(ats), "the trail is in time order")
    # Chinese step names work as the English ones
    r = create(f)
    e2 = r.json["id"]
    r = f.req("POST", path_of(e2, "/" + urllib.parse.quote("提交")), {"version": 1})
    check(r.status == 200 and r.json["state"] == "submitted", "POST …/提交 with the version in the body", r)
    r = a.req("POST", path_of(e2, "/approve") + "?version=2", {"opinion": "好"})
    check(r.status == 200 and r.json["state"] == "approved", "approve with ?version=", r)
    r = rv.req("POST", path_of(e2, "/return"), {"reason": "复核退回"}, headers=im(3))
    check(r.status == 200 and r.json["state"] == "draft" and r.json["return_reason"] == "复核退回",
          "a reviewer returns an approved one to draft", r)
    # an admin may take every step
    for name, body in (("submit", {}), ("approve", {"opinion": "管理员审核"}), ("review", {"score": 80, "opinion": "管理员复核"}), ("publish", {})):
        cur = fresh(adm, e2)
        r = adm.req("POST", path_of(e2, "/" + name), body, headers=im(cur["version"]))
        expect(r, 200, "an admin: %s" % name)
    r = fresh(adm, e2)
    check(r["state"] == "published" and r["review"]["total"] == 80 and r["review"]["grade"] == "良",
          "80 is 良 under cn-mof-2020", r["review"])

    # edits of a draft: one line per changed field
    e3 = create(f).json["id"]
    form = seed_form()
    form["project"] = PROJECT + "（修订）"
    form["indicators"][0]["actual"] = "9家"
    form["indicators"][0]["score"] = 9
    form["budget"]["total"]["executed"] = 79.5
    form["notes"] = "新的备注"
    del form["goal"]
    r = f.req("PUT", path_of(e3), form, headers=im(1))
    expect(r, 200, "PUT a changed form")
    check(r.json and r.json["version"] == 2 and etag_version(r) == 2 and r.json["project"] == PROJECT + "（修订）",
          "version 2, the new project", r)
    lines = [x for x in (audit_of(f, e3) or []) if x["action"] == "edit"]
    got = {x["field"]: (x["old"], x["new"]) for x in lines}
    want = {"/project": (PROJECT, PROJECT + "（修订）"),
            "/indicators/0/actual": ("8家", "9家"),
            "/indicators/0/score": (8, 9),
            "/budget/total/executed": (80, 79.5),
            "/notes": (SEED_FORM["notes"], "新的备注"),
            "/goal": (SEED_FORM["goal"], None)}
    check(got == want and len(lines) == len(want), "one audit line per changed field, with old and new",
          json.dumps(got, ensure_ascii=False)[:800])
    check(all(x["user"]["login"] == "filler1" for x in lines), "each edit line names filler1")
    r = f.req("PUT", path_of(e3), form, headers=im(2))
    check(r.status == 200 and r.json["version"] == 2 and len(audit_of(f, e3)) == 1 + len(want),
          "PUT the same form again: no new version, no new lines", r)
    r = f.req("PUT", path_of(e3), SEED_XLSX, ctype=XLSX, headers=im(2))
    check(r.status == 200 and r.json["version"] == 3, "PUT a workbook", r)
    acts = {x["action"] for x in (audit_of(f, e3) or [])[1 + len(want):]}
    check(acts == {"import"}, "a workbook's changes are audited as import", acts)
    r = f.req("PUT", path_of(e3), {"year": 2020}, headers=im(3))
    expect(r, 422, "PUT an invalid form", "invalid")
    check(fresh(f, e3)["version"] == 3, "… changed nothing")
    return eid


def t_access(published):
    section("access")
    f1, a1, r1, adm = C["filler1"], C["approver1"], C["reviewer1"], C["admin"]
    # one evaluation of unit 1 in each state before publication
    ids = {}
    for state, steps in (("draft", []), ("submitted", [(f1, "submit", {})]),
                         ("approved", [(f1, "submit", {}), (a1, "approve", {"opinion": "ok"})]),
                         ("reviewed", [(f1, "submit", {}), (a1, "approve", {"opinion": "ok"}),
                                       (r1, "review", {"score": 90, "opinion": "ok"})])):
        eid = create(f1).json["id"]
        for i, (who, name, body) in enumerate(steps):
            who.req("POST", path_of(eid, "/" + name), body, headers=im(i + 1))
        check(fresh(adm, eid)["state"] == state, "an evaluation %s" % state)
        ids[state] = eid
    # and one in each other unit, so that the scopes differ
    for u, unit in (("filler2", "科技创新科"), ("filler3", "基础教育科"), ("filler4", "湘潭产业科")):
        expect(create(C[u]), 201, "%s creates in %s" % (u, unit))

    outsiders = [("filler2 (another unit)", C["filler2"]), ("filler4 (another region)", C["filler4"]),
                 ("approver2 (another department)", C["approver2"]),
                 ("approver3 (another region)", C["approver3"]),
                 ("reviewer2 (another region)", C["reviewer2"]), ("anonymous", ANON)]
    files = ["form.xlsx", "report.pdf", "form.pdf", "report.docx", "form.docx", "report.html", "form.html"]
    steps = [("submit", {}), ("approve", {"opinion": "x"}), ("return", {"reason": "x"}),
             ("review", {"score": 90, "opinion": "x"}), ("publish", {})]
    before = {s: (fresh(adm, e), len(audit_of(adm, e))) for s, e in ids.items()}
    for state, eid in ids.items():
        ver = before[state][0]["version"]
        for label, who in outsiders:
            anon = who is ANON
            bad = []

            def want(r, status, what):
                if r.status != status or (r.json is None or r.error.get("code") not in
                                          ("not_found", "unauthorized")):
                    bad.append("%s → %r" % (what, r))
            want(who.get(path_of(eid)), 404, "GET")
            want(who.req("PUT", path_of(eid), SEED_YAML, ctype="application/yaml", headers=im(ver)),
                 401 if anon else 404, "PUT")
            want(who.req("DELETE", path_of(eid), headers=im(ver)), 401 if anon else 404, "DELETE")
            for name, body in steps:
                want(who.req("POST", path_of(eid, "/" + name), body, headers=im(ver)), 401 if anon else 404,
                     "POST " + name)
            want(who.get(path_of(eid, "/audit")), 401 if anon else 404, "GET audit")
            for fn in files:
                want(who.get(path_of(eid, "/" + fn)), 404, "GET " + fn)
            r = who.get("/api/evaluations?per_page=100")
            if r.status != 200 or eid in [i["id"] for i in r.json["items"]]:
                bad.append("the list shows it")
            check(not bad, "%s: every endpoint of the %s one → %s" % (label, state, "401/404" if anon else "404"), bad)
    after = {s: (fresh(adm, e), len(audit_of(adm, e))) for s, e in ids.items()}
    check(after == before, "nothing changed")
    # the insiders see them
    for label, who in (("filler1", f1), ("approver1", a1), ("reviewer1", r1), ("admin", adm)):
        bad = [s for s, e in ids.items() if who.get(path_of(e)).status != 200 or who.get(path_of(e, "/audit")).status != 200]
        check(not bad, "%s reads every one of them and its trail" % label, bad)
    # the list shows each exactly its scope
    allv = []
    page = 1
    while True:
        r = adm.get("/api/evaluations?per_page=100&page=%d" % page)
        allv += r.json["items"]
        if page >= r.json["pages"]:
            break
        page += 1
    check(len(allv) == count_all() and {e["id"] for e in allv} == set(model), "the admin sees every evaluation",
          (len(allv), len(model)))
    keys = [(e["updated_at"], e["id"]) for e in allv]
    check(keys == sorted(keys, reverse=True), "the list is newest change first")
    check(allv and all("form" not in e and "result" not in e for e in allv), "list items carry neither form nor result")
    scope = {"filler1": ("unit", "产业发展科"), "filler2": ("unit", "科技创新科"), "filler3": ("unit", "基础教育科"),
             "filler4": ("unit", "湘潭产业科"), "approver1": ("department", "株洲市工业和信息化局"),
             "approver2": ("department", "株洲市教育局"), "approver3": ("department", "湘潭市工业和信息化局"),
             "reviewer1": ("region", "株洲市"), "reviewer2": ("region", "湘潭市")}
    counts = {}
    for u, (kind, name) in scope.items():
        want_ids = {e["id"] for e in allv if e[kind]["id"] == ORG[name]}
        got = set()
        r = C[u].get("/api/evaluations?per_page=7")
        total, pages = r.json["total"], r.json["pages"]
        for pg in range(1, pages + 1):
            got |= {i["id"] for i in C[u].get("/api/evaluations?per_page=7&page=%d" % pg).json["items"]}
        counts[u] = total
        check(total == len(want_ids) and got == want_ids, "%s lists exactly its %s's %d" % (u, kind, len(want_ids)),
              (total, sorted(got ^ want_ids)))
    check(len(set(counts.values())) > 3, "the scopes differ", counts)
    r = ANON.get("/api/evaluations")
    want_ids = {e["id"] for e in allv if e["state"] == "published"}
    check({i["id"] for i in r.json["items"]} == want_ids and r.json["total"] == len(want_ids),
          "anonymous lists exactly the published", r.json["total"])
    r = C["approver1"].get("/api/evaluations?unit=%d" % ORG["产业发展科"])
    check(r.json["total"] == len([e for e in allv if e["unit"]["id"] == ORG["产业发展科"]]), "approver1 filters by unit")
    r = C["filler1"].get("/api/evaluations?unit=%d" % ORG["湘潭产业科"])
    check(r.json["total"] == 0, "a filter outside the scope finds nothing")
    r = C["approver1"].get("/api/evaluations?state=submitted&year=2020")
    check(r.json["total"] == len([e for e in allv if e["department"]["id"] == ORG["株洲市工业和信息化局"]
                                  and e["state"] == "submitted"]), "approver1 filters by state and year")
    # organisations and users
    expect(ANON.get("/api/orgs"), 401, "anonymous GET /api/orgs", "unauthorized")
    r = C["filler3"].get("/api/orgs")
    check(r.status == 200 and sorted(o["name"] for o in r.json["items"]) == sorted(["株洲市", "株洲市教育局", "基础教育科"]),
          "a filler sees its unit, its department and its region, no other", r)
    r = C["approver1"].get("/api/orgs")
    check(r.status == 200 and sorted(o["name"] for o in r.json["items"])
          == sorted(["株洲市", "株洲市工业和信息化局", "产业发展科", "科技创新科"]),
          "an approver sees its department with its units, and its region", r)
    r = C["reviewer2"].get("/api/orgs")
    check(r.status == 200 and "株洲市" not in [o["name"] for o in r.json["items"]] and len(r.json["items"]) == 3,
          "a reviewer sees its region's tree and nothing of another region", r)
    r = adm.get("/api/orgs")
    check(r.status == 200 and len(r.json["items"]) == 9, "the admin sees all 9", r)
    expect(C["filler1"].get("/api/users"), 403, "a filler lists users", "forbidden")
    expect(C["reviewer1"].get("/api/users"), 403, "a reviewer lists users", "forbidden")
    expect(ANON.get("/api/users"), 401, "anonymous lists users", "unauthorized")
    r = adm.get("/api/users")
    check(r.status == 200 and len(r.json["items"]) == 16 and b"argon2" not in r.body and b"pwhash" not in r.body,
          "the admin lists 16 users (12 and the award programme's four), without password hashes", r)
    return ids


def t_concurrency():
    section("concurrency")
    f, adm = C["filler1"], C["admin"]
    eid = create(f).json["id"]
    r = f.req("PUT", path_of(eid), seed_form(notes="v2"), headers=im(1))
    expect(r, 200, "PUT at version 1")
    before = fresh(adm, eid)
    n = len(audit_of(adm, eid))
    r = f.req("PUT", path_of(eid), seed_form(notes="stale"), headers=im(1))
    expect(r, 409, "PUT with a stale If-Match", "conflict")
    r = f.req("PUT", path_of(eid), seed_form(notes="stale"), headers={"If-Match": 'W/"1"'})
    expect(r, 409, "PUT with a stale weak If-Match", "conflict")
    r = f.req("PUT", path_of(eid) + "?version=1", seed_form(notes="stale"))
    expect(r, 409, "PUT with a stale ?version=", "conflict")
    r = f.req("PUT", path_of(eid), seed_form(notes="stale"), headers=im(99))
    expect(r, 409, "PUT with a version from the future", "conflict")
    check(fresh(adm, eid) == before and len(audit_of(adm, eid)) == n, "nothing changed")
    r = f.req("PUT", path_of(eid), seed_form(notes="none"))
    expect(r, 428, "PUT without a version", "version_required")
    r = f.req("PUT", path_of(eid), seed_form(notes="bad"), headers={"If-Match": "abc"})
    expect(r, 400, "If-Match: abc", "bad_request", "If-Match")
    r = f.req("PUT", path_of(eid), seed_form(notes="bad"), headers={"If-Match": "*"})
    check(r.status in (400, 428), "If-Match: * is not a version", r)
    r = f.req("DELETE", path_of(eid), headers=im(1))
    expect(r, 409, "DELETE with a stale version", "conflict")
    r = f.req("DELETE", path_of(eid))
    expect(r, 428, "DELETE without a version", "version_required")
    r = f.req("POST", path_of(eid, "/submit"), {})
    expect(r, 428, "a step without a version", "version_required")
    r = f.req("POST", path_of(eid, "/submit"))
    expect(r, 428, "a step without a body or a version", "version_required")
    r = f.req("POST", path_of(eid, "/submit"), {"version": 1})
    expect(r, 409, "a step with a stale version in the body", "conflict")
    r = f.req("POST", path_of(eid, "/submit"), {"version": "2"})
    expect(r, 422, "a version that is text", "invalid", "/version")
    check(fresh(adm, eid) == before and len(audit_of(adm, eid)) == n, "nothing changed")
    r = f.get(path_of(eid), headers={"If-None-Match": '"2"'})
    check(r.status == 304 and not r.body and etag_version(r) == 2, "GET with If-None-Match of the version → 304", r)
    r = f.get(path_of(eid), headers={"If-None-Match": '"1"'})
    expect(r, 200, "GET with an old If-None-Match")

    # two clients edit from the same version: exactly one wins
    f2 = Client("filler1")
    f2.do_login()
    for round_ in range(3):
        cur = fresh(adm, eid)["version"]
        barrier = threading.Barrier(2)
        out = {}

        def edit(who, client, note):
            barrier.wait()
            out[who] = client.req("PUT", path_of(eid), seed_form(notes=note), headers=im(cur))
        ts = [threading.Thread(target=edit, args=(w, cl, "%s-%d" % (w, round_))) for w, cl in (("a", f), ("b", f2))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        sts = sorted(r.status for r in out.values())
        check(sts == [200, 409], "round %d: one PUT wins, the other gets 409" % (round_ + 1), {k: repr(v) for k, v in out.items()})
        win = [k for k, r in out.items() if r.status == 200]
        now = fresh(adm, eid)
        check(now["version"] == cur + 1 and win and now["form"]["notes"] == "%s-%d" % (win[0], round_),
              "round %d: the winner's edit, one version on" % (round_ + 1), (now["version"], now["form"].get("notes")))
        loser = [r for r in out.values() if r.status == 409]
        check(loser and loser[0].error.get("code") == "conflict", "round %d: the loser's error is conflict" % (round_ + 1))
    # two steps at once
    cur = fresh(adm, eid)["version"]
    barrier = threading.Barrier(2)
    out = {}

    def sub(who, client):
        barrier.wait()
        out[who] = client.req("POST", path_of(eid, "/submit"), {}, headers=im(cur))
    ts = [threading.Thread(target=sub, args=(w, cl)) for w, cl in (("a", f), ("b", f2))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(sorted(r.status for r in out.values()) == [200, 409], "two submits at once: one wins", out)
    trail = audit_of(adm, eid)
    check(sum(1 for x in trail if x["action"] == "submit") == 1, "one submit line in the trail")
    # deleting
    d = create(f).json["id"]
    r = f.req("DELETE", path_of(d), headers=im(1))
    expect(r, 204, "DELETE a draft at its version")
    check(not r.body, "204 has no body")
    model.pop(d, None)
    expect(f.get(path_of(d)), 404, "GET the deleted one", "not_found")
    expect(f.req("DELETE", path_of(d), headers=im(2)), 404, "DELETE it again", "not_found")
    check(d not in [i["id"] for i in f.get("/api/evaluations?per_page=100").json["items"]], "the list leaves it out")
    r = f.get(path_of(d, "/audit"))
    # the trail outlives the evaluation (append-only), for those in scope
    check(r.status == 200 and [x["action"] for x in r.json["items"]] == ["create", "delete"]
          and r.json["items"][-1]["user"]["login"] == "filler1", "its trail ends with delete by filler1", r)
    expect(C["filler2"].get(path_of(d, "/audit")), 404, "… not for another unit", "not_found")
    expect(f.req("POST", path_of(d, "/submit"), {}, headers=im(2)), 404, "submit the deleted one", "not_found")
    expect(f.req("PUT", path_of(d), SEED_YAML, ctype="application/yaml", headers=im(2)), 404, "PUT the deleted one", "not_found")
    d2 = create(f).json["id"]
    r = f.req("DELETE", path_of(d2) + "?version=1")
    expect(r, 204, "DELETE with ?version=")
    model.pop(d2, None)
    expect(C["approver1"].req("DELETE", path_of(eid), headers=im(fresh(adm, eid)["version"])), 403,
           "an approver may not delete", "forbidden")
    # many writers and readers at once
    n = count_all()
    who = [f, f2, C["filler2"], adm]

    def work(i):
        cl = who[i % len(who)]
        r = create(cl, unit=ORG["科技创新科"] if cl is adm else None)
        g = cl.get(path_of(r.json["id"])) if r.status == 201 else r
        lst = cl.get("/api/evaluations?per_page=5")
        return r.status, g.status, lst.status
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        res = list(ex.map(work, range(16)))
    check(all(x == (201, 200, 200) for x in res), "16 creates with reads, 4 at a time: all answered", Counter(res))
    check(count_all() == n + 16, "16 more evaluations", (n, count_all()))


def t_csrf():
    section("csrf")
    f, adm = C["filler1"], C["admin"]
    eid = create(f).json["id"]
    n = count_all()
    before = fresh(adm, eid)
    other = Client("filler1")
    other.do_login()
    for label, hdr in (("without X-CSRF-Token", None), ("with a wrong token", "0" * 64),
                       ("with another session's token", other.csrf), ("with an empty token", ""),
                       ("with the token in capitals", f.csrf.upper()), ("with the session cookie as the token", f.cookie)):
        h = {"X-CSRF-Token": hdr}
        r = f.req("POST", "/api/evaluations", SEED_YAML, ctype="application/yaml", csrf=False, headers=h)
        expect(r, 403, "POST /api/evaluations %s" % label, "csrf", "X-CSRF-Token")
        r = f.req("PUT", path_of(eid), seed_form(notes="csrf"), csrf=False, headers=dict(h, **im(1)))
        expect(r, 403, "PUT %s" % label, "csrf")
        r = f.req("DELETE", path_of(eid), csrf=False, headers=dict(h, **im(1)))
        expect(r, 403, "DELETE %s" % label, "csrf")
        r = f.req("POST", path_of(eid, "/submit"), {}, csrf=False, headers=dict(h, **im(1)))
        expect(r, 403, "submit %s" % label, "csrf")
    check(count_all() == n and fresh(adm, eid) == before, "nothing changed")
    expect(f.get("/api/session"), 200, "the session still holds")
    r = f.req("DELETE", "/api/session", csrf=False, headers={"X-CSRF-Token": "0" * 64})
    expect(r, 403, "log out with a wrong token", "csrf")
    # other writes made with the cookie need the token too
    r = f.req("POST", "/api/score", SEED_YAML, ctype="application/yaml", csrf=False)
    expect(r, 403, "POST /api/score with the cookie, without the token", "csrf")
    r = f.req("POST", "/api/score", SEED_YAML, ctype="application/yaml")
    expect(r, 200, "POST /api/score with the cookie and the token")
    r = f.req("POST", "/api/session", {"login": "filler2", "password": PASSWORD}, csrf=False)
    expect(r, 403, "POST /api/session with a cookie, without the token", "csrf")
    r = f.req("POST", "/api/session", {"login": "filler2", "password": PASSWORD}, cookie=False)
    expect(r, 200, "POST /api/session without a cookie needs no token")
    # reading needs no token
    expect(f.get(path_of(eid), csrf=False), 200, "GET needs no token")


def t_downloads(pub):
    section("downloads")
    f = C["filler1"]
    got = {}
    for fn, ctype in (("form.xlsx", XLSX), ("report.pdf", "application/pdf"), ("form.pdf", "application/pdf"),
                      ("report.docx", DOCX), ("form.docx", DOCX), ("report.html", "text/html"),
                      ("form.html", "text/html")):
        r = ANON.get(path_of(pub, "/" + fn))
        expect(r, 200, "anonymous GET %s of the published one" % fn)
        check((r.headers.get("Content-Type") or "").split(";")[0] == ctype, "%s is %s" % (fn, ctype), r.headers.get("Content-Type"))
        cd = r.headers.get("Content-Disposition") or ""
        ext = fn[fn.index("."):]
        check(re.search(r'filename="evaluation-%d%s"' % (pub, re.escape(ext)), cd) is not None
              and "filename*=UTF-8''" in cd
              and urllib.parse.unquote(cd.split("filename*=UTF-8''")[1].split(";")[0]) == PROJECT + ext,
              "%s: Content-Disposition names the file and the project" % fn, cd)
        check(cd.startswith("inline" if ext == ".html" else "attachment"), "%s: %s" % (fn, "inline" if ext == ".html" else "attachment"), cd)
        got[fn] = r.body
    x = got.get("form.xlsx", b"")
    check(x[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(x)), "form.xlsx is a zip")
    try:
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(x))
        cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        check(any(PROJECT in v for v in cells), "openpyxl opens form.xlsx; the project is in it", wb.sheetnames)
    except Exception as e:  # noqa: BLE001
        check(False, "openpyxl opens form.xlsx", e)
    r = f.req("POST", "/api/score", x, ctype=XLSX)
    check(r.status == 200 and r.json["total"] == 97, "the downloaded workbook scores 97 again", r)
    pdf = got.get("report.pdf", b"")
    check(pdf.startswith(b"%PDF-"), "report.pdf starts with %PDF")
    pth = os.path.join(TMP, "report.pdf")
    with open(pth, "wb") as fh:
        fh.write(pdf)
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", pth, "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    text = re.sub(r"\s+", "", p.stdout.decode("utf-8", "replace"))
    check(p.returncode == 0 and "97" in text and PROJECT in text, "pdftotext: 97 and the project name", text[:300])
    check(got.get("form.pdf", b"").startswith(b"%PDF-"), "form.pdf starts with %PDF")
    for fn in ("report.docx", "form.docx"):
        d = got.get(fn, b"")
        ok = zipfile.is_zipfile(io.BytesIO(d))
        body = ""
        if ok:
            with zipfile.ZipFile(io.BytesIO(d)) as z:
                ok = "word/document.xml" in z.namelist() and z.testzip() is None
                body = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode("utf-8"))) if ok else ""
        check(ok, "%s is a zip with word/document.xml" % fn)
        check(PROJECT in body, "%s: the project name is in the text" % fn)
    page = got.get("report.html", b"").decode("utf-8", "replace")
    check(PROJECT in page and "97" in page, "report.html: the project name and 97")
    r = f.get(path_of(pub, "/report.html"))
    check((r.headers.get("Content-Security-Policy") or "").startswith("default-src 'none'"), "report.html has a strict CSP",
          r.headers.get("Content-Security-Policy"))
    # a draft's files, for those who may see it; its HTML escapes the texts
    evil_id = t_downloads.evil_id
    if evil_id:
        r = f.get(path_of(evil_id, "/report.html"))
        expect(r, 200, "the filler GETs report.html of its draft")
        ev = fresh(f, evil_id)

        class Text(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.parts, self.tags = [], []

            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)

            def handle_data(self, d):
                self.parts.append(d)
        tp = Text()
        tp.feed(r.body.decode("utf-8", "replace"))
        page_text = "".join(tp.parts)
        check(ev["project"] in page_text, "report.html: the project with its metacharacters, as text")
        check("<b>&amp;</b>" not in r.body.decode("utf-8", "replace"),
              "report.html: no markup from the form comes through")
        r = f.get(path_of(evil_id, "/report.pdf"))
        check(r.status == 200 and r.body.startswith(b"%PDF-"), "report.pdf of the metacharacter form", r.status)
        r = f.get(path_of(evil_id, "/form.xlsx"))
        check(r.status == 200 and zipfile.is_zipfile(io.BytesIO(r.body)), "form.xlsx of the metacharacter form", r.status)
        cd = r.headers.get("Content-Disposition") or ""
        check('filename="evaluation-%d.xlsx"' % evil_id in cd and "\\" not in cd.split(";")[1]
              and urllib.parse.unquote(cd.split("filename*=UTF-8''")[-1]) == ev["project"] + ".xlsx",
              "the metacharacter project's file name is encoded, not pasted", cd)

        # published, it is on the front page: escaped there too
        v = ev["version"]
        for who, name, body in ((f, "submit", {}), (C["approver1"], "approve", {"opinion": evil("审核意见")}),
                                (C["reviewer1"], "review", {"score": 88.25, "opinion": evil("复核意见")}),
                                (C["reviewer1"], "publish", {})):
            r = who.req("POST", path_of(evil_id, "/" + name), body, headers=im(v))
            expect(r, 200, "the metacharacter form: %s" % name)
            v += 1
        ev = fresh(C["reviewer1"], evil_id) or {}
        check(ev.get("approval_opinion") == evil("审核意见") and (ev.get("review") or {}).get("opinion") == evil("复核意见")
              and ev["review"]["total"] == 88.25 and ev["review"]["grade"] == "良",
              "opinions with metacharacters kept verbatim; 88.25 is 良", ev.get("review"))
        r = ANON.get("/")
        page = r.body.decode("utf-8", "replace")
        tp = Text()
        tp.feed(page)
        check(WEB_APP or (ev.get("project") and ev["project"] in "".join(tp.parts) and "<b>&amp;</b>" not in page),
              "GET / shows the project as text, escaped (or is the application, which shows no data itself)")
        r = ANON.get(path_of(evil_id, "/report.html"))
        expect(r, 200, "anonymous report.html of the published metacharacter form")



# ---------------------------------------------------------------- administration

def user_id(login):
    r = C["admin"].get("/api/users")
    for u in (r.json or {}).get("items", []):
        if u["login"] == login:
            return u["id"]
    return None


def t_admin():
    section("administration")
    A = C["admin"]
    dept = ORG["株洲市工业和信息化局"]
    unit_body = {"kind": "unit", "name": "规划科", "parent": dept, "code": "430200-01"}
    # only administrators change the organisation and the people
    f1_id = user_id("filler1")
    for u in ("filler1", "approver1", "reviewer1"):
        w = C[u]
        expect(w.req("POST", "/api/orgs", unit_body), 403, "%s adds an organisation" % u, "forbidden")
        expect(w.req("PATCH", "/api/orgs/%d" % dept, {"name": "x"}), 403, "%s renames one" % u, "forbidden")
        expect(w.req("DELETE", "/api/orgs/%d" % dept), 403, "%s removes one" % u, "forbidden")
        expect(w.req("POST", "/api/users", {"login": "x%s" % u, "name": "x", "role": "admin"}), 403,
               "%s adds a user" % u, "forbidden")
        expect(w.req("PATCH", "/api/users/%d" % f1_id, {"disabled": True}), 403, "%s disables one" % u, "forbidden")
        expect(w.req("POST", "/api/users/%d/password" % f1_id, {}), 403, "%s resets a password" % u, "forbidden")
    expect(ANON.req("POST", "/api/orgs", unit_body), 401, "anonymous adds an organisation", "unauthorized")
    expect(ANON.req("POST", "/api/users/%d/password" % f1_id, {}), 401, "anonymous resets a password", "unauthorized")
    expect(A.req("POST", "/api/orgs", unit_body, csrf=False), 403, "a write without the CSRF token", "csrf")

    # an organisation
    r = A.req("POST", "/api/orgs", unit_body)
    expect(r, 201, "the admin adds a unit")
    unit = r.json["id"] if r.status == 201 else 0
    check(r.json and r.json["kind"] == "unit" and r.json["parent"] == dept and r.json["code"] == "430200-01"
          and r.headers.get("Location") == "/api/orgs/%d" % unit, "as sent, with its Location", r)
    bad = [({"kind": "team", "name": "x", "parent": dept}, "/kind"),
           ({"kind": "unit", "name": "  ", "parent": dept}, "/name"),
           ({"kind": "unit", "parent": dept}, "/name"),
           ({"kind": "unit", "name": "x", "parent": ORG["株洲市"]}, "/parent"),
           ({"kind": "unit", "name": "x", "parent": 999999}, "/parent"),
           ({"kind": "unit", "name": "x"}, "/parent"),
           ({"kind": "region", "name": "x", "parent": ORG["株洲市"]}, "/parent"),
           ({"kind": "unit", "name": "x", "parent": "2"}, "/parent"),
           ({"kind": "unit", "name": "x\u0007", "parent": dept}, "/name"),
           ({"kind": "unit", "name": "x" * 101, "parent": dept}, "/name"),
           ({"kind": "unit", "name": "x", "parent": dept, "colour": "red"}, "/colour"),
           ([1, 2], "")]
    for body, ptr in bad:
        expect(A.req("POST", "/api/orgs", body), 422, "an organisation %s" % json.dumps(body, ensure_ascii=False)[:60],
               "invalid", ptr)
    expect(A.req("POST", "/api/orgs", b'{"kind": "unit",', ctype="application/json"), 400, "not JSON", "malformed",
           lambda w: isinstance(w, str) and re.match(r"^\d+:\d+$", w))
    expect(A.req("POST", "/api/orgs", "kind: unit", ctype="application/yaml"), 415, "not JSON at all",
           "unsupported_media_type")
    expect(A.req("POST", "/api/orgs", dict(unit_body, code=None)), 409, "a name taken under the same parent",
           "conflict", "/name")
    r = A.req("POST", "/api/orgs", {"kind": "unit", "name": "规划科", "parent": ORG["株洲市教育局"]})
    expect(r, 201, "the same name under another department is fine")
    other = r.json["id"] if r.status == 201 else 0
    r = A.req("PATCH", "/api/orgs/%d" % unit, {"name": "规划发展科", "code": None})
    expect(r, 200, "renamed, its code cleared")
    check(r.json and r.json["name"] == "规划发展科" and r.json["code"] is None, "as asked", r)
    expect(A.req("PATCH", "/api/orgs/%d" % unit, {"parent": ORG["株洲市教育局"]}), 422,
           "an organisation does not move", "invalid", "/parent")
    expect(A.req("PATCH", "/api/orgs/%d" % unit, {"kind": "department"}), 422, "nor changes its kind",
           "invalid", "/kind")
    expect(A.req("PATCH", "/api/orgs/%d" % unit, {"name": "规划发展科", "kind": "unit", "parent": dept}), 200,
           "sending them unchanged is fine")
    expect(A.req("PATCH", "/api/orgs/%d" % other, {"name": "基础教育科"}), 409, "a rename onto a sibling's name",
           "conflict", "/name")
    expect(A.req("PATCH", "/api/orgs/999999", {"name": "x"}), 404, "no such organisation", "not_found")
    r = A.req("DELETE", "/api/orgs/%d" % dept)
    expect(r, 409, "a department in use is not removed", "conflict")
    check({d.get("where") for d in r.error.get("details", [])} == {"/children", "/users", "/evaluations"},
          "details say what refers to it", r)
    expect(A.req("DELETE", "/api/orgs/%d" % other), 204, "an unused unit is removed")
    expect(A.req("DELETE", "/api/orgs/%d" % other), 404, "once", "not_found")
    check(all(o["id"] != other for o in A.get("/api/orgs").json["items"]), "and is gone from the list")
    ORG["规划发展科"] = unit

    # people
    body = {"login": "guihua", "name": "规划科填报人", "role": "filler", "scope": unit}
    r = A.req("POST", "/api/users", body)
    expect(r, 201, "the admin adds a filler")
    pw = r.json["password"] if r.status == 201 else None
    check(r.json and r.json["user"]["login"] == "guihua" and r.json["user"]["scope"] == unit
          and not r.json["user"]["disabled"] and isinstance(pw, str) and len(pw) == 16,
          "with a password drawn and shown once", r)
    gid = r.json["user"]["id"] if r.status == 201 else 0
    g = Client("guihua", forwarded="192.0.2.77")
    expect(g.do_login(pw), 200, "the new filler logs in with it")
    r = g.get("/api/evaluations")
    check(r.status == 200 and r.json["total"] == 0, "and sees no evaluation of another unit", r)
    expect(A.req("POST", "/api/users", body), 409, "a login taken", "conflict", "/login")
    for b2, ptr in (({"login": "a b", "name": "x", "role": "admin"}, "/login"),
                    ({"login": "x1", "name": "x", "role": "boss"}, "/role"),
                    ({"login": "x1", "name": "x", "role": "filler", "scope": dept}, "/scope"),
                    ({"login": "x1", "name": "x", "role": "filler"}, "/scope"),
                    ({"login": "x1", "name": "x", "role": "admin", "scope": unit}, "/scope"),
                    ({"login": "x1", "name": "x", "role": "approver", "scope": unit}, "/scope"),
                    ({"login": "x1", "name": "x", "role": "reviewer", "scope": ORG["株洲市"], "password": "short"}, "/password"),
                    ({"login": "x1", "role": "admin"}, "/name"),
                    ({"login": "x1", "name": "x", "role": "admin", "disabled": True}, "/disabled")):
        expect(A.req("POST", "/api/users", b2), 422, "a user %s" % json.dumps(b2, ensure_ascii=False)[:70],
               "invalid", ptr)
    r = A.req("POST", "/api/users", {"login": "shenji", "name": "审计", "role": "reviewer",
                                     "scope": ORG["株洲市"], "password": "given-Passw0rd"})
    expect(r, 201, "a reviewer with a password given")
    check(r.json and r.json["password"] is None, "then no password comes back", r)
    check(Client("shenji").do_login("given-Passw0rd").status == 200, "and that one works")

    # disabling ends the sessions at once, cached ones too
    g2 = Client("guihua", forwarded="192.0.2.77")
    g2.do_login(pw)
    expect(g.get("/api/session"), 200, "a session, read (and cached)")
    r = A.req("PATCH", "/api/users/%d" % gid, {"disabled": True})
    expect(r, 200, "the admin disables the filler")
    check(r.json and r.json["disabled"] is True, "disabled", r)
    expect(g.get("/api/session"), 401, "the session ended at once", "session_expired")
    r = g2.get("/api/evaluations")
    check(r.status == 200 and all(e["state"] == "published" for e in r.json["items"]),
          "the other session lists as the public does", r)
    expect(g2.req("POST", "/api/evaluations", SEED_YAML, ctype="application/yaml"), 401,
           "but writes no more", "session_expired")
    expect(Client("guihua", forwarded="192.0.2.77").do_login(pw), 401, "a disabled user cannot log in",
           "invalid_credentials")
    expect(A.req("PATCH", "/api/users/%d" % gid, {"disabled": False}), 200, "enabled again")
    expect(g.do_login(pw), 200, "and logs in")
    # a new password drawn: the sessions end, the old password with them
    r = A.req("POST", "/api/users/%d/password" % gid, {})
    expect(r, 200, "the admin resets the password")
    pw2 = r.json["password"] if r.status == 200 else None
    check(isinstance(pw2, str) and len(pw2) == 16 and pw2 != pw, "a new one, shown once", r)
    expect(g.get("/api/session"), 401, "the user's session ended", "session_expired")
    expect(Client("guihua", forwarded="192.0.2.77").do_login(pw), 401, "the old password is refused",
           "invalid_credentials")
    expect(g.do_login(pw2), 200, "the new one works")
    expect(A.req("POST", "/api/users/%d/password" % gid, {"password": "x"}), 422, "a reset takes no body",
           "invalid")
    expect(A.req("POST", "/api/users/999999/password", {}), 404, "no such user", "not_found")
    # a new role: the sessions end, the new scope applies
    r = A.req("PATCH", "/api/users/%d" % gid, {"role": "approver", "scope": dept, "name": "规划科审核人"})
    expect(r, 200, "the filler becomes an approver")
    check(r.json and r.json["role"] == "approver" and r.json["scope"] == dept and r.json["name"] == "规划科审核人",
          "as asked", r)
    expect(g.get("/api/session"), 401, "the session of the old role ended", "session_expired")
    g.do_login(pw2)
    r = g.get("/api/session")
    check(r.status == 200 and r.json["user"]["role"] == "approver", "logged in again as an approver", r)
    n_dept = C["approver1"].get("/api/evaluations?per_page=1").json["total"]
    check(g.get("/api/evaluations?per_page=1").json["total"] == n_dept, "seeing the department's evaluations")
    expect(A.req("PATCH", "/api/users/%d" % gid, {"scope": unit}), 422, "a scope of the wrong kind",
           "invalid", "/scope")
    expect(A.req("PATCH", "/api/users/%d" % gid, {"disabled": "yes"}), 422, "disabled is a boolean",
           "invalid", "/disabled")
    expect(A.req("PATCH", "/api/users/%d" % gid, {"login": "other"}), 422, "a login does not change",
           "invalid", "/login")
    expect(A.req("PATCH", "/api/users/999999", {"name": "x"}), 404, "no such user", "not_found")
    me = user_id("admin")
    expect(A.req("PATCH", "/api/users/%d" % me, {"disabled": True}), 422, "an admin cannot disable themself",
           "invalid", "/disabled")
    expect(A.req("PATCH", "/api/users/%d" % me, {"role": "reviewer", "scope": ORG["株洲市"]}), 422,
           "nor demote themself", "invalid", "/role")
    r = A.get("/api/users")
    check(any(u["login"] == "guihua" and u["role"] == "approver" for u in r.json["items"]),
          "the list shows the change", r)
    t_admin.guihua = (gid, pw2)


t_admin.guihua = None


def t_password():
    section("own password")
    if not t_admin.guihua:
        check(False, "needs the user t_admin made")
        return
    gid, pw = t_admin.guihua
    a = Client("guihua", forwarded="192.0.2.78")
    b = Client("guihua", forwarded="192.0.2.78")
    expect(a.do_login(pw), 200, "one session")
    expect(b.do_login(pw), 200, "and another")
    expect(ANON.req("PUT", "/api/session/password", {"current": pw, "new": "x" * 10}), 401,
           "anonymous", "unauthorized")
    expect(a.req("PUT", "/api/session/password", {"current": pw, "new": "long-enough-1"}, csrf=False), 403,
           "without the CSRF token", "csrf")
    expect(a.req("PUT", "/api/session/password", {"current": "wrong-one", "new": "long-enough-1"}), 422,
           "a wrong current password", "invalid", "/current")
    expect(a.req("PUT", "/api/session/password", {"current": pw, "new": "short"}), 422,
           "a new password too short", "invalid", "/new")
    expect(a.req("PUT", "/api/session/password", {"current": pw, "new": pw}), 422,
           "the same password again", "invalid", "/new")
    expect(a.req("PUT", "/api/session/password", {"current": pw}), 422, "no new password", "invalid", "/new")
    expect(a.req("PUT", "/api/session/password", {"current": pw, "new": "long-enough-1", "again": "x"}), 422,
           "an unknown member", "invalid", "/again")
    expect(a.req("PUT", "/api/session/password", "current=x", ctype="application/x-www-form-urlencoded"), 415,
           "a form post", "unsupported_media_type")
    expect(b.get("/api/session"), 200, "the other session is still there")
    expect(a.req("PUT", "/api/session/password", {"current": pw, "new": "long-enough-1"}), 204,
           "the password changed")
    expect(a.get("/api/session"), 200, "this session stays")
    expect(b.get("/api/session"), 401, "the other one ended", "session_expired")
    expect(Client("guihua", forwarded="192.0.2.78").do_login(pw), 401, "the old password is refused",
           "invalid_credentials")
    expect(Client("guihua", forwarded="192.0.2.78").do_login("long-enough-1"), 200, "the new one works")


# ---------------------------------------------------------------- lists, to-do, figures

def all_of(client, query):
    """Every evaluation a list answers, page by page."""
    out, page = [], 1
    while True:
        r = client.get("/api/evaluations?per_page=100&page=%d%s" % (page, query))
        if r.status != 200:
            return None
        out += r.json["items"]
        if page >= r.json["pages"]:
            return out
        page += 1


def t_lists():
    section("list order and rule sets")
    A = C["admin"]
    # one scored under another rule set
    r = create(C["filler1"], seed_form(rules="local-hao-2021"), ctype="application/json")
    expect(r, 201, "a draft under local-hao-2021")
    hao = r.json["id"] if r.status == 201 else None
    every = all_of(A, "")
    state_order = ["draft", "submitted", "approved", "reviewed", "published"]
    keys = {"year": lambda e: e["year"], "project": lambda e: e["project"].encode("utf-8"),
            "state": lambda e: state_order.index(e["state"]), "total": lambda e: e["total"],
            "updated_at": lambda e: e["updated_at"]}
    for k, key in keys.items():
        for desc in (False, True):
            got = all_of(A, "&sort=%s%s" % ("-" if desc else "", k))
            want = sorted(every, key=lambda e: (key(e), e["id"]), reverse=desc)
            check(got is not None and [e["id"] for e in got] == [e["id"] for e in want],
                  "sort=%s%s orders the list, then by id" % ("-" if desc else "", k),
                  got and [(e["id"], key(e)) for e in got][:8] + ["want"] + [(e["id"], key(e)) for e in want][:8])
    for desc in (False, True):
        got = all_of(A, "&sort=%sreview_total" % ("-" if desc else ""))
        totals = [e["review"]["total"] for e in got if e["review"]]
        nones = [i for i, e in enumerate(got) if not e["review"]]
        check(totals == sorted(totals, reverse=desc) and (not nones or nones[0] == len(totals)),
              "sort=%sreview_total: the reviewed in order, the others last" % ("-" if desc else ""))
    check([e["id"] for e in A.get("/api/evaluations?per_page=100").json["items"]]
          == [e["id"] for e in A.get("/api/evaluations?per_page=100&sort=-updated_at").json["items"]],
          "the default is -updated_at")
    for bad in ("bogus", "--total", "total,year", "Total", "-"):
        expect(A.get("/api/evaluations?sort=" + urllib.parse.quote(bad)), 400, "sort=%s" % bad,
               "bad_request", "sort")
    got = all_of(A, "&rules=local-hao-2021")
    check(got is not None and [e["id"] for e in got] == [hao], "rules=local-hao-2021 finds it alone",
          got and [e["id"] for e in got])
    got = all_of(A, "&rules=cn-mof-2020")
    check(got is not None and len(got) == len(every) - 1 and all(e["rules"].startswith("cn-mof-2020@") for e in got),
          "rules=cn-mof-2020: every version of it")
    check(len(all_of(A, "&rules=cn-mof-2020%401")) == len(got), "rules=cn-mof-2020@1: exactly")
    for q in ("cn-mof", "cn-mof-2020@2", "%25", "cn_mof-2020"):
        r = A.get("/api/evaluations?rules=" + q)
        check(r.status == 200 and r.json["total"] == 0, "rules=%s matches nothing" % q, r)
    r = C["filler2"].get("/api/evaluations?rules=local-hao-2021")
    check(r.status == 200 and r.json["total"] == 0, "another unit's filler does not see it")


def t_todo():
    section("to-do")
    expect(ANON.get("/api/todo"), 401, "anonymous", "unauthorized")
    groups_of = {"filler": ["returned", "drafts"], "approver": ["submitted"],
                 "reviewer": ["approved", "reviewed"],
                 "admin": ["returned", "drafts", "submitted", "approved", "reviewed"]}
    for u in USERS:
        w = C[u]
        r = w.get("/api/todo")
        if not expect(r, 200, "%s's to-do list" % u):
            continue
        role = w.user["role"]
        got = [g["key"] for g in r.json["groups"]]
        check(got == groups_of[role], "%s: the groups of a %s" % (u, role), got)
        check(r.json["deadline"] is None, "no deadline was set")
        for g in r.json["groups"]:
            state = {"returned": "draft", "drafts": "draft"}.get(g["key"], g["key"])
            listed = all_of(w, "&state=" + state)
            if g["key"] == "returned":
                listed = [e for e in listed if e["return_reason"]]
            elif g["key"] == "drafts":
                listed = [e for e in listed if not e["return_reason"]]
            oldest = sorted(listed, key=lambda e: (e["updated_at"], e["id"]))[:10]
            check(g["count"] == len(listed), "%s %s: the count is exact (%d)" % (u, g["key"], len(listed)),
                  (g["count"], len(listed)))
            check([e["id"] for e in g["items"]] == [e["id"] for e in oldest],
                  "%s %s: the ten that waited longest" % (u, g["key"]))
    # the returned carry their reason
    r = C["filler1"].get("/api/todo")
    ret = [g for g in r.json["groups"] if g["key"] == "returned"][0]
    check(all(e["return_reason"] and e["state"] == "draft" for e in ret["items"]), "returned drafts with a reason")


def half_up(total, n):
    from decimal import Decimal, ROUND_HALF_UP
    return float((Decimal(total) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def t_overview():
    section("overview")
    expect(ANON.get("/api/stats/overview"), 401, "anonymous", "unauthorized")
    for u in ("filler1", "approver1"):
        expect(C[u].get("/api/stats/overview"), 403, "a %s" % u, "forbidden")
    for bad in ("year=1800", "year=x", "department=0"):
        expect(C["admin"].get("/api/stats/overview?" + bad), 400, bad, "bad_request", bad.split("=")[0])
    for u in ("reviewer1", "reviewer2", "admin"):
        w = C[u]
        r = w.get("/api/stats/overview")
        if not expect(r, 200, "%s's overview" % u):
            continue
        o = r.json
        counted = [e for s in ("approved", "reviewed", "published") for e in all_of(w, "&state=" + s)]
        counted = [e for e in counted if u == "admin" or e["region"]["id"] == w.user["scope"]["id"]]
        check(sorted(p["id"] for p in o["points"]) == sorted(e["id"] for e in counted),
              "%s: a point for each result in scope, none beyond" % u)
        grades = Counter(e["grade"] for e in counted)
        check({g["grade"]: g["count"] for g in o["grades"]} == dict(grades), "%s: the grades counted" % u, o["grades"])
        by_dept = {}
        for e in counted:
            by_dept.setdefault(e["department"]["id"], []).append(e)
        want = sorted((d, len(v), half_up(sum(int(round(e["total"] * 100)) for e in v), len(v) * 100)) for d, v in by_dept.items())
        got = sorted((d["id"], d["count"], d["average"]) for d in o["departments"])
        check(got == want, "%s: departments with exact averages" % u, (got, want))
        years = Counter(e["year"] for e in counted)
        check({y["year"]: y["count"] for y in o["years"]} == dict(years)
              and all(sum(y["grades"].values()) == y["count"] for y in o["years"]),
              "%s: year over year, with grades" % u)
        rates = {p["id"]: p["rate"] for p in o["points"]}
        some = counted[:3]
        for e in some:
            full = fresh(w, e["id"])
            check(full and rates.get(e["id"]) == full["result"]["budget"]["rate"],
                  "%s: the rate is the result's" % u, (rates.get(e["id"]), full and full["result"]["budget"]["rate"]))
    r = C["admin"].get("/api/stats/overview?year=2019")
    check(r.status == 200 and not r.json["points"] and r.json["year"] == 2019, "a year without results", r)


def t_review():
    section("review at scale")
    expect(ANON.get("/api/review/sample?seed=x"), 401, "anonymous", "unauthorized")
    for u in ("filler1", "approver1"):
        expect(C[u].get("/api/review/sample?seed=x"), 403, "a %s" % u, "forbidden")
        expect(C[u].get("/api/review/quality"), 403, "a %s's quality" % u, "forbidden")
    expect(C["admin"].get("/api/review/sample"), 400, "no seed", "bad_request", "seed")
    for bad in ("rate=10001", "rate=x", "year=1800", "min=-1"):
        expect(C["admin"].get("/api/review/sample?seed=s&" + bad), 400, bad, "bad_request", bad.split("=")[0])
    expect(C["admin"].get("/api/review/quality?by=unit"), 400, "quality by unit", "bad_request", "by")
    for u in ("reviewer1", "admin"):
        w = C[u]
        r1 = w.get("/api/review/sample?seed=%E5%A4%8D%E6%A0%B8&rate=5000")
        r2 = w.get("/api/review/sample?seed=%E5%A4%8D%E6%A0%B8&rate=5000")
        if not expect(r1, 200, "%s's sample" % u) or not expect(r2, 200, "again"):
            continue
        check(r1.json == r2.json, "%s: the same seed draws the same sample" % u)
        counted = [e for st in ("approved", "reviewed", "published") for e in all_of(w, "&state=" + st)]
        counted = [e for e in counted if u == "admin" or e["region"]["id"] == w.user["scope"]["id"]]
        check(r1.json["population"] == len(counted), "%s: the population is what finance has in scope" % u,
              (r1.json["population"], len(counted)))
        check(all(st["chosen"] == min(st["size"], max(1, -(-st["size"] * 5000 // 10000))) for st in r1.json["strata"]),
              "%s: half of each stratum, rounded up" % u, r1.json["strata"])
        ids = {e["id"] for e in counted}
        check(all(i["id"] in ids for i in r1.json["items"]), "%s: only evaluations in scope" % u)
        q = w.get("/api/review/quality?by=region")
        if expect(q, 200, "%s's quality by region" % u):
            check(sum(g["evaluations"] for g in q.json["groups"]) == len(counted)
                  and [g["rank"] for g in q.json["groups"]] == list(range(1, len(q.json["groups"]) + 1)),
                  "%s: every evaluation counted once, ranked" % u, q.json)
    # bulk 复核: one approved evaluation of reviewer1's region, and a wrong row
    mine = [e for e in all_of(C["reviewer1"], "&state=approved")
            if e["region"]["id"] == C["reviewer1"].user["scope"]["id"]]
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "复核"
    ws.append(["编号", "复核得分", "复核意见"])
    if mine:
        ws.append([mine[0]["id"], 88.5, "抽查复核：属实"])
    ws.append([999999, "abc", "坏的"])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    expect(C["filler1"].req("POST", "/api/review/bulk", buf.getvalue(), ctype=xlsx), 403, "a filler's bulk review", "forbidden")
    r = C["reviewer1"].req("POST", "/api/review/bulk", buf.getvalue(), ctype=xlsx)
    if expect(r, 200, "bulk review"):
        check(r.json["reviewed"] == (1 if mine else 0) and len(r.json["errors"]) == 1
              and r.json["errors"][0]["where"] == "upload:复核!B%d" % (3 if mine else 2),
              "one reviewed, the wrong row at its cell", r.json)
        if mine:
            e = fresh(C["reviewer1"], mine[0]["id"])
            check(e and e["state"] == "reviewed" and e["review"]["total"] == 88.5, "the review is stored", e and e.get("review"))
    expect(C["reviewer1"].req("POST", "/api/review/bulk", b"not a workbook", ctype=xlsx), 415, "not a workbook")
    # the sample as a workbook to fill in: what is still to re-score, sent back as it is
    w = C["reviewer1"]
    made = create(C["filler1"], json.dumps(seed_form(project="抽查复核工作簿用的自评表")), ctype="application/json")
    if expect(made, 201, "one more form for 复核"):
        mid = made.json["id"]
        expect(C["filler1"].req("POST", path_of(mid, "/submit"), {}, headers=im(1)), 200, "…submitted")
        expect(C["approver1"].req("POST", path_of(mid, "/approve"), {"opinion": "同意"}, headers=im(2)), 200, "…approved")
    q = "?seed=%E6%8A%BD%E6%9F%A5&rate=10000&year=2020"
    r = w.get("/api/review/sample" + q)
    x = w.get("/api/review/sample.xlsx" + q)
    check(x.status == 200 and x.body[:2] == b"PK" and "review-sample.xlsx" in (x.headers.get("Content-Disposition") or ""),
          "the sample as a workbook", x)
    expect(C["filler1"].get("/api/review/sample.xlsx" + q), 403, "not for a filler", "forbidden")
    expect(w.get("/api/review/sample.xlsx?rate=10000"), 400, "a workbook needs the seed too", "bad_request", "seed")
    if r.status == 200 and x.status == 200:
        pending = [i for i in r.json["items"] if i["state"] == "approved"]
        wb = openpyxl.load_workbook(io.BytesIO(x.body))
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        check("抽样种子：抽查" in (rows[0][0] or "") and "待复核%d份" % len(pending) in rows[0][0]
              and list(rows[1]) == ["编号", "项目名称", "部门", "实施单位", "自评得分", "自评等级", "复核得分", "复核意见"],
              "openpyxl reads its title and header", rows[:2])
        check([rw[0] for rw in rows[2:]] == [i["id"] for i in pending]
              and [rw[4] for rw in rows[2:]] == [i["total"] for i in pending]
              and all(rw[6] is None and rw[7] is None for rw in rows[2:]),
              "…one row per evaluation still to re-score, its score and opinion left to fill", rows[2:])
        check(len(pending) > 0, "…the one just approved among them", pending)
        if pending:
            ws.cell(row=3, column=7, value=86.5)
            ws.cell(row=3, column=8, value="抽查复核：工作簿回填")
            buf = io.BytesIO()
            wb.save(buf)
            b = w.req("POST", "/api/review/bulk", buf.getvalue(), ctype=xlsx)
            check(b.status == 200 and b.json["rows"] == 1 and b.json["reviewed"] == 1 and not b.json["errors"],
                  "filled in and sent back: the row re-scored goes in, the rows left blank wait", b)
            e = fresh(w, pending[0]["id"])
            check(e and e["state"] == "reviewed" and e["review"]["total"] == 86.5, "…stored", e and e.get("review"))


def t_import():
    section("bulk import")
    import zipfile
    seed = open(os.path.join(ROOT, "tests", "vectors", "import", "seed.yaml"), encoding="utf-8").read()
    mine = seed.replace("project: 制造强市专项", "project: 批量导入专项")
    other = mine.replace("department: 株洲市工业和信息化局", "department: 湘潭市工业和信息化局").replace(
        "unit: 产业发展科", "unit: 湘潭产业科")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("forms/mine.yaml", mine)
        z.writestr("forms/other.yaml", other)
        z.writestr("notes.txt", "x")
    body = buf.getvalue()
    expect(ANON.req("POST", "/api/import", body, ctype="application/zip"), 401, "anonymous", "unauthorized")
    expect(C["filler1"].req("POST", "/api/import", body, ctype="application/zip"), 403, "a filler", "forbidden")
    expect(C["reviewer1"].req("POST", "/api/import", b"{}", ctype="application/json"), 415, "not a zip")
    r = C["reviewer1"].req("POST", "/api/import", body, ctype="application/zip")
    if expect(r, 200, "a reviewer imports a zip"):
        j = r.json
        why = sorted((x["file"], x["why"]) for x in j["report"])
        check(j["stored"] == 1 and why == [("upload.zip:forms/other.yaml", "no-unit"), ("upload.zip:notes.txt", "ignored")],
              "the region's form stored, another region's and a note reported", j)
        check(any("outside your region" in x["message"] for x in j["report"]), "another region's unit is outside", j["report"])
    r = C["reviewer1"].req("POST", "/api/import", body, ctype="application/zip")
    if expect(r, 200, "the same zip again"):
        check(r.json["stored"] == 0 and r.json["seen"] == 1, "nothing stored twice", r.json)
    found = [e for e in all_of(C["admin"], "&q=" + urllib.parse.quote("批量导入专项"))]
    check(len(found) == 1 and found[0]["state"] == "draft", "one draft made", found)
    # one file of many, named: the web page's upload
    single = mine.replace("project: 批量导入专项", "project: 逐个上传专项").encode()
    r = C["reviewer1"].req("POST", "/api/import?name=" + urllib.parse.quote("单个.yaml"), single, ctype="application/yaml")
    if expect(r, 200, "one named form file"):
        check(r.json["files"] == 1 and r.json["stored"] == 1 and r.json["report"] == [], "the file stored", r.json)
    r = C["reviewer1"].req("POST", "/api/import?name=" + urllib.parse.quote("单个.yaml"), single, ctype="application/yaml")
    if expect(r, 200, "the same file again"):
        check(r.json["stored"] == 0 and r.json["seen"] == 1, "a duplicate, not stored", r.json)
    r = C["reviewer1"].req("POST", "/api/import?name=dir/bad.json", b'{"year": 2020,', ctype="application/json")
    if expect(r, 200, "a malformed file"):
        rep = r.json["report"]
        check(r.json["stored"] == 0 and len(rep) == 1 and rep[0]["file"] == "bad.json"
              and rep[0]["why"] == "unreadable" and rep[0]["where"].startswith("bad.json:"),
              "refused at its first problem, by its base name", r.json)
    r = C["reviewer1"].req("POST", "/api/import?name=notes.txt", b"x", ctype="text/plain")
    if expect(r, 200, "a file that is not a form"):
        check([x["why"] for x in r.json["report"]] == ["ignored"], "reported as not a form file", r.json)
    expect(C["filler1"].req("POST", "/api/import?name=a.yaml", single, ctype="application/yaml"), 403, "a filler's file", "forbidden")
    # the seed's project in the unit its award programme lies in: the records fill its actuals
    typed = seed.replace("actual: 8家", "actual: 9家").encode()
    r = C["reviewer1"].req("POST", "/api/import?name=" + urllib.parse.quote("记录.yaml"), typed, ctype="application/yaml")
    if expect(r, 200, "a form typing 9家 where the programme's records say 8家"):
        rep = r.json["report"]
        check(r.json["stored"] == 0 and len(rep) == 1 and rep[0]["why"] == "records"
              and rep[0]["where"] == "记录.yaml:30:13"
              and "由项目“%s”的记录得出，应为“8家”" % PROGRAMME_TITLE in rep[0]["message"],
              "refused at the typed value, with what the records say", r.json)


def t_aggregate():
    section("aggregate")
    expect(ANON.get("/api/stats/aggregate"), 401, "anonymous", "unauthorized")
    expect(C["filler1"].get("/api/stats/aggregate"), 403, "a filler", "forbidden")
    expect(C["admin"].get("/api/stats/aggregate?by=unit"), 400, "by unit", "bad_request", "by")
    expect(C["admin"].get("/api/stats/aggregate?state=done"), 400, "a bad state", "bad_request", "state")
    for u in ("reviewer1", "admin"):
        w = C[u]
        counted = [e for s in ("approved", "reviewed", "published") for e in all_of(w, "&state=" + s)]
        counted = [e for e in counted if u == "admin" or e["region"]["id"] == w.user["scope"]["id"]]
        r = w.get("/api/stats/aggregate?by=department,grade")
        if not expect(r, 200, "%s by department and grade" % u):
            continue
        want = Counter((e["department"]["id"], e["grade"]) for e in counted)
        got = {(g["department"]["id"], g["grade"]): g["count"] for g in r.json["groups"]}
        check(got == dict(want), "%s: every group counted" % u, (got, dict(want)))
        sums = {}
        for e in counted:
            sums.setdefault(e["department"]["id"], []).append(int(round(e["total"] * 100)))
        r = w.get("/api/stats/aggregate?by=department")
        if expect(r, 200, "%s by department" % u):
            check(all(g["average"] == half_up(sum(sums[g["department"]["id"]]), len(sums[g["department"]["id"]]) * 100)
                      and sum(g["grades"].values()) == g["count"] for g in r.json["groups"]),
                  "%s: exact averages and grade distributions" % u, r.json)
        r = w.get("/api/stats/aggregate")
        if expect(r, 200, "%s: everything" % u):
            check(len(r.json["groups"]) == (1 if counted else 0) and (not counted or r.json["groups"][0]["count"] == len(counted)),
                  "%s: one group of everything" % u, r.json)
        r = w.get("/api/stats/summary.xlsx")
        if expect(r, 200, "%s: the summary table" % u):
            import openpyxl
            ws = openpyxl.load_workbook(io.BytesIO(r.body), data_only=True)["汇总表"]
            n = sum(1 for row in ws.iter_rows(min_row=4, max_col=1, values_only=True) if isinstance(row[0], (int, float)))
            check(n == len(counted), "%s: a row per evaluation counted" % u, (n, len(counted)))


def t_facets():
    section("public facets")
    r = ANON.get("/api/public/facets")
    if not expect(r, 200, "anonymous reads the facets"):
        return
    pub = all_of(ANON, "")
    check(sorted(r.json["years"], reverse=True) == r.json["years"]
          and set(r.json["years"]) == {e["year"] for e in pub}, "the years published, newest first", r)
    check({d["id"] for d in r.json["departments"]} == {e["department"]["id"] for e in pub},
          "the departments that published")
    check(set(r.json["grades"]) == {e["grade"] for e in pub}, "the grades that occur")
    expect(C["filler4"].get("/api/public/facets"), 200, "the same for anybody")
    r = ANON.get("/api/rules")
    expect(r, 200, "the rule sets")
    items = r.json["items"] if r.status == 200 else []
    check(sum(1 for x in items if x["default"]) == 1 and any(x["id"] == "cn-mof-2020" and x["default"] for x in items),
          "cn-mof-2020 is the one default")
    hao = [x for x in items if x["id"] == "local-hao-2021"]
    check(hao and [g["grade"] for g in hao[0]["grades"]] == ["好", "较好", "一般", "差"], "grades in order", hao)


def t_export(pub):
    section("export")
    r1 = C["reviewer1"]
    mine = [e["id"] for e in all_of(r1, "")][:4]
    theirs = [e["id"] for e in all_of(C["filler4"], "&state=draft")][:1]
    ids = mine + theirs + [999999]
    r = r1.get("/api/evaluations/export?format=pdf&ids=" + ",".join(map(str, ids)))
    if not expect(r, 200, "a reviewer downloads %d reports as a zip" % len(mine)):
        return
    check((r.headers.get("Content-Type") or "").startswith("application/zip"), "application/zip")
    cd = r.headers.get("Content-Disposition") or ""
    check(cd.startswith("attachment;") and ".zip" in cd and "filename*=UTF-8''" in cd, "an attachment, named", cd)
    z = zipfile.ZipFile(io.BytesIO(r.body))
    names = z.namelist()
    pdfs = [n for n in names if n.endswith(".pdf")]
    check(sorted(int(n.split("-")[0]) for n in pdfs) == sorted(mine), "a PDF for each in scope", names)
    check(all(z.read(n).startswith(b"%PDF-") for n in pdfs), "each a PDF")
    check(r.headers.get("X-Jixiao-Documents") == str(len(mine)), "counted in X-Jixiao-Documents")
    miss = z.read("missing.txt").decode("utf-8") if "missing.txt" in names else ""
    check(all(str(i) in miss.split() for i in theirs + [999999]), "the others listed in missing.txt", miss)
    if pdfs:
        one = pdfs[0]
        single = r1.get(path_of(int(one.split("-")[0]), "/report.pdf"))
        check(single.body == z.read(one), "the same bytes as the single download (one cache)")
        check(PROJECT[:6] in one or "-" in one, "named after the project", one)
    r = r1.get("/api/evaluations/export?format=xlsx&ids=%d" % mine[0])
    expect(r, 200, "the forms as xlsx")
    if r.status == 200:
        z = zipfile.ZipFile(io.BytesIO(r.body))
        x = [n for n in z.namelist() if n.endswith(".xlsx")]
        check(len(x) == 1 and "missing.txt" not in z.namelist(), "one workbook, nothing missing", z.namelist())
        if x:
            import openpyxl
            wb = openpyxl.load_workbook(io.BytesIO(z.read(x[0])))
            check(len(wb.sheetnames) >= 1, "openpyxl opens it")
    # the public: what is published, nothing else
    r = ANON.get("/api/evaluations/export?format=pdf&ids=%d,%d" % (pub, mine[-1] if mine[-1] != pub else mine[0]))
    if expect(r, 200, "anonymous downloads"):
        z = zipfile.ZipFile(io.BytesIO(r.body))
        check([n.split("-")[0] for n in z.namelist() if n.endswith(".pdf")] == [str(pub)]
              or all(fresh(ANON, int(n.split("-")[0])) for n in z.namelist() if n.endswith(".pdf")),
              "the published only", z.namelist())
    other = [e["id"] for e in all_of(C["filler2"], "&state=draft")][:1]
    if other:
        r = C["filler1"].get("/api/evaluations/export?format=pdf&ids=%d" % other[0])
        if expect(r, 200, "a filler asks for another unit's draft"):
            z = zipfile.ZipFile(io.BytesIO(r.body))
            check(z.namelist() == ["missing.txt"], "and gets only missing.txt", z.namelist())
    for q, where in (("format=pdf", "ids"), ("format=pdf&ids=", "ids"), ("format=pdf&ids=1,x", "ids"),
                     ("format=pdf&ids=0", "ids"), ("format=pdf&ids=1,,2", "ids"),
                     ("format=pdf&ids=" + ",".join(str(i) for i in range(1, 102)), "ids"),
                     ("format=docx&ids=1", "format"), ("ids=1", "format")):
        expect(r1.get("/api/evaluations/export?" + q), 400, "export?%s" % q[:40], "bad_request", where)


def xml_parts_ok(data):
    """Every XML part of a zip (xlsx, docx) is well-formed; the bad ones."""
    import xml.dom.minidom
    bad = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for n in z.namelist():
                if n.endswith((".xml", ".rels")):
                    try:
                        xml.dom.minidom.parseString(z.read(n))
                    except Exception as e:  # noqa: BLE001
                        bad.append("%s: %s" % (n, e))
    except zipfile.BadZipFile as e:
        bad.append(str(e))
    return bad


def t_odd_text():
    """Texts that are valid JSON but odd: control characters, noncharacters,
    emoji.  Control characters and noncharacters, which XML cannot carry,
    are refused (422, at the field); the rest is stored verbatim, and then
    every file of the evaluation renders."""
    section("odd texts")
    f = C["filler1"]
    for label, text in (("control characters", "项目\x01\x1f\t结束"), ("U+FFFF", "项目\uffff结束"),
                        ("U+FDD0", "项目\ufdd0结束"), ("emoji", "项目😀结束"), ("DEL", "项目\x7f结束"),
                        ("a BOM", "\ufeff项目"), ("RTL override", "项目\u202e结束")):
        r = create(f, seed_form(project=text), "application/json")
        if label in ("control characters", "U+FFFF", "U+FDD0"):
            expect(r, 422, "%s in the project" % label, "invalid", "/project")
            continue
        if not expect(r, 201, "%s in the project" % label):
            continue
        eid = r.json["id"]
        check(r.json["project"] == text and r.json["form"]["project"] == text, "%s: stored verbatim" % label,
              repr(r.json["project"]))
        bad = []
        x = f.get(path_of(eid, "/form.xlsx"))
        if x.status != 200:
            bad.append("form.xlsx → %r" % x)
        else:
            bad += ["form.xlsx " + b for b in xml_parts_ok(x.body)]
            try:
                import openpyxl
                openpyxl.load_workbook(io.BytesIO(x.body))
            except Exception as e:  # noqa: BLE001
                bad.append("openpyxl: %s" % str(e)[:100])
        for fn in ("report.docx", "form.docx"):
            d = f.get(path_of(eid, "/" + fn))
            bad += ["%s → %r" % (fn, d)] if d.status != 200 else [fn + " " + b for b in xml_parts_ok(d.body)]
        for fn in ("report.pdf", "form.pdf"):
            d = f.get(path_of(eid, "/" + fn))
            if d.status != 200 or not d.body.startswith(b"%PDF-"):
                bad.append("%s → %r" % (fn, d))
        d = f.get(path_of(eid, "/report.html"))
        if d.status != 200:
            bad.append("report.html → %r" % d)
        check(not bad, "%s: every file renders and is well-formed" % label, bad)



def t_address_throttle():
    """Past 30 failed logins from one address, whatever the names, the next
    attempt from that address waits; other addresses do not."""
    section("address throttle")
    addr = "192.0.2.30"
    got429 = None
    for k in range(40):
        r = Client("nobody-%d" % k, forwarded=addr).do_login("wrong-password")
        if r.status == 429:
            got429 = (k, r)
            break
        if r.status != 401:
            check(False, "a failed login → 401", r)
            return
    check(got429 is not None and got429[0] == 30,
          "the first 429 comes after 30 failures from the address", got429 and got429[0])
    if got429:
        ra = got429[1].headers.get("Retry-After") or ""
        check(ra.isdigit() and 0 < int(ra) <= 15, "with Retry-After", ra)
    expect(Client("filler3", forwarded=addr).do_login(), 429, "then even a right password from the address",
           "too_many_attempts")
    expect(Client("filler3", forwarded="192.0.2.31").do_login(), 200,
           "the same user from another address is not held back")
    expect(C["filler3"].get("/api/session"), 200, "sessions made before still hold")


t_downloads.evil_id = None


def t_access_log():
    section("access log")
    # the server writes a line when a request is done: give the last a moment
    want = Counter(requests_made)
    lines = []
    deadline = time.time() + 5
    pat = re.compile(r"^(\S+) (\S+) (\S+) (\S+) (\d{3}) (\d+) ([0-9.]+)ms (\S+)( \(aborted\))?$")
    while True:
        with open(ACCESS_LOG, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
        if len(lines) >= len(requests_made) or time.time() > deadline:
            break
        time.sleep(0.1)
    parsed, unparsed = [], []
    for ln in lines:
        m = pat.match(ln)
        if m:
            parsed.append(m)
        else:
            unparsed.append(ln)
    check(not unparsed, "every line parses: at ip method path status bytes time user, no field "
          "with a space", unparsed[:3])
    check(len(lines) == len(requests_made), "one line per request (%d requests, %d lines)" % (len(requests_made), len(lines)))
    got = Counter((m.group(3), m.group(4)[:200], int(m.group(5))) for m in parsed)
    want = Counter((mm, pp[:200], ss) for (mm, pp, ss), k in want.items() for _ in range(k))
    check(got == want, "each line has the request's method, path and status",
          ("missing", list((want - got).items())[:5], "unexpected", list((got - want).items())[:5]))
    check(all(_DATETIME.match(m.group(1)) for m in parsed), "each line starts with a UTC time")
    users = {m.group(8) for m in parsed}
    check({"filler1", "admin", "-"} <= users, "lines name the user, - for anonymous", sorted(users)[:12])
    check(any(m.group(3) == "GET" and m.group(4) == "/api/session" and m.group(8) == "filler1" for m in parsed),
          "filler1's GET /api/session is logged as filler1")


def sql_exec(sql):
    """Runs one statement on the server's database, behind its back."""
    if BACKEND == "sqlite":
        import sqlite3
        db = sqlite3.connect(DB_URL, timeout=30)
        db.execute(sql)
        db.commit()
        db.close()
    else:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", DB_URL, "-c", sql], check=True,
                       stdout=subprocess.DEVNULL)

DECL = os.path.join(ROOT, "examples", "seed-2020-declaration.yaml")
ROUND = os.path.join(ROOT, "examples", "seed-2020-monitoring-0731.yaml")


def t_cycle():
    """The year's cycle: a project, its declaration through 目标审核, a round
    at 31 July (red: the award programme's records show nothing awarded nor
    paid yet), a target adjustment, the self-evaluation made from
    the declaration (97, 优), a lowered target refused and then adjusted."""
    section("cycle")
    f1, f2, f4 = C["filler1"], C["filler2"], C["filler4"]
    ap, rv, rv2, adm = C["approver1"], C["reviewer1"], C["reviewer2"], C["admin"]
    decl_yaml = open(DECL, "rb").read()
    round_yaml = open(ROUND, "rb").read()
    # projects
    r = f1.req("POST", "/api/projects", {"code": "430200-GXJ-2020-017", "name": PROJECT,
                                         "fund": "市经济信息产业发展专项"})
    expect(r, 201, "a filler adds a project in its unit")
    pid = r.json["id"] if r.status == 201 else 0
    check(r.json and r.json["unit"]["id"] == ORG["产业发展科"], "the project lies in the filler's unit", r)
    expect(f1.req("POST", "/api/projects", {"code": "430200-GXJ-2020-017", "name": "x"}), 409,
           "the same code twice in a unit", "conflict")
    expect(f1.req("POST", "/api/projects", {"code": "", "name": "x"}), 422, "a project without a code", "invalid")
    expect(f1.req("POST", "/api/projects", {"code": "a", "name": "x", "budget": 1}), 422,
           "an unknown member", None)
    expect(ap.req("POST", "/api/projects", {"code": "a", "name": "x"}), 403, "an approver adds no project", "forbidden")
    expect(f2.get("/api/projects/%d" % pid), 404, "another unit's project is not there", "not_found")
    r = ap.get("/api/projects")
    check(r.status == 200 and any(p["id"] == pid for p in r.json["items"]), "the department sees it", r)
    r = C["reviewer2"].get("/api/projects")
    check(r.status == 200 and not any(p["id"] == pid for p in r.json["items"]), "another region does not", r)
    # live checks, and a declaration with errors
    r = f1.req("POST", "/api/declarations/check", decl_yaml, ctype="application/yaml")
    check(r.status == 200 and r.json["errors"] == 0 and r.json["findings"] == [], "the seed's declaration passes", r)
    bad = decl_yaml.replace("target: 10家".encode(), "target: 按计划完成".encode())
    r = f1.req("POST", "/api/declarations/check", bad, ctype="application/yaml")
    check(r.status == 200 and [f["code"] for f in r.json["findings"]] == ["JX-D01"]
          and r.json["findings"][0]["pointer"] == "/indicators/0/target"
          and r.json["findings"][0]["where"] == "request:24:13", "JX-D01 at its line", r)
    r = f1.req("POST", "/api/declarations/check", b"year: 2020\nproject: x\nbudget: {}\nindicators:\n  - {name: a, weigth: 1}\n",
               ctype="application/yaml")
    expect(r, 422, "a bad declaration: located errors", "invalid")
    check(any("unknown key \"weigth\"" in (x.get("message") or "") and x.get("source") == "5:15"
              for x in r.json.get("error", {}).get("details", [])), "the unknown key named with line:col", r)
    expect(f1.req("POST", "/api/declarations/check", b"{}", ctype="text/plain"), 415, "text/plain", "unsupported_media_type")
    # the declaration through the workflow
    r = f1.req("POST", "/api/projects/%d/declarations" % pid, bad, ctype="application/yaml")
    expect(r, 201, "a declaration with an error is stored as a draft")
    did = r.json["id"] if r.status == 201 else 0
    check(r.json and r.json["errors"] == 1 and r.json["state"] == "draft", "…with its error counted", r)
    expect(f1.req("POST", "/api/declarations/%d/submit" % did, {}, headers=im(1)), 409,
           "a declaration with an error is not submitted", "invalid_transition")
    r = f1.req("PUT", "/api/declarations/%d" % did, decl_yaml, ctype="application/yaml", headers=im(1))
    expect(r, 200, "the draft fixed")
    check(r.json and r.json["errors"] == 0 and r.json["version"] == 2, "no error, version 2", r)
    expect(f1.req("PUT", "/api/declarations/%d" % did, decl_yaml, ctype="application/yaml", headers=im(1)), 409,
           "a stale version", "conflict")
    expect(f1.req("POST", "/api/projects/%d/declarations" % pid, decl_yaml, ctype="application/yaml"), 409,
           "a second declaration for the year", "conflict")
    expect(f2.req("POST", "/api/projects/%d/declarations" % pid, decl_yaml, ctype="application/yaml"), 404,
           "another unit declares nothing for it", "not_found")
    expect(f1.req("POST", "/api/declarations/%d/submit" % did, {}, headers=im(2)), 200, "submitted")
    expect(ap.req("POST", "/api/declarations/%d/approve" % did, {"version": 3, "opinion": "同意"}), 200, "approved")
    expect(rv.req("POST", "/api/declarations/%d/review" % did, {"version": 4}), 422,
           "目标审核 needs an opinion", "invalid", "/opinion")
    expect(rv.req("POST", "/api/declarations/%d/review" % did, {"version": 4, "opinion": "\t\u3000 "}), 422,
           "an opinion of blanks is none", "invalid", "/opinion")
    expect(rv.req("POST", "/api/declarations/%d/review" % did, {"version": 4, "opinion": "审" * 2001}), 422,
           "an opinion over 2000 characters", "invalid", "/opinion")
    expect(rv.req("POST", "/api/declarations/%d/review" % did, {"version": 4, "opinion": "目标审核通过"}), 200,
           "reviewed (目标审核)")
    expect(rv.req("POST", "/api/declarations/%d/publish" % did, {"version": 5}), 404, "declarations are not published",
           "not_found")
    r = f1.get("/api/declarations/%d/audit" % did)
    check(r.status == 200 and [x["action"] for x in r.json["items"]] == ["create", "edit", "submit", "approve", "review"]
          or (r.status == 200 and [x["action"] for x in r.json["items"]][:1] == ["create"]
              and [x["action"] for x in r.json["items"]][-3:] == ["submit", "approve", "review"]),
          "the audit trail: create, edits, submit, approve, review", r)
    # a monitoring round at 31 July
    expect(f1.req("POST", "/api/rounds", {"as_of": "2020-07-31"}), 403, "a filler opens no round", "forbidden")
    expect(rv.req("POST", "/api/rounds", {"as_of": "2020-02-30"}), 422, "a date that is not", "invalid", "/as_of")
    r = rv.req("POST", "/api/rounds", {"as_of": "2020-07-31"})
    expect(r, 201, "the finance bureau opens a round to 31 July")
    rid = r.json["id"] if r.status == 201 else 0
    check(r.json and r.json["name"] == "2020年1-7月绩效运行监控", "named after its months", r)
    r = rv2.get("/api/rounds/%d" % rid)
    expect(r, 404, "another region does not see the round", "not_found")
    undeclared = round_yaml + "  - name: 新增指标\n    target: 5个\n    expected: 5个\n".encode()
    r = f1.req("POST", "/api/rounds/%d/monitorings?declaration=%d" % (rid, did), undeclared, ctype="application/yaml")
    expect(r, 422, "a monitoring value for an indicator never declared", "invalid")
    check(any("never declared" in (x.get("message") or "") and x.get("source") == "59:11"
              and x.get("where") == "/indicators/8/name"
              for x in r.json.get("error", {}).get("details", [])), "…refused with its location", r)
    # the seed's award programme lies in this unit: its records fill the bound values, and on
    # 31 July none of its awards had been approved nor any payment made
    r = f1.req("POST", "/api/rounds/%d/monitorings?declaration=%d" % (rid, did), round_yaml, ctype="application/yaml")
    expect(r, 422, "4家 and 40万元 typed at 31 July, before the programme's first award", "invalid")
    said = {x.get("where"): x.get("message") or "" for x in (r.error or {}).get("details", [])}
    check(sorted(said) == ["/budget/fiscal/executed", "/indicators/0/to_date"]
          and "由项目“%s”的记录得出，应为“0家”" % PROGRAMME_TITLE in said.get("/indicators/0/to_date", "")
          and "不能填报为“40”" in said.get("/budget/fiscal/executed", ""),
          "…each at its field, with what the records say", r)
    round_yaml = round_yaml.replace("    to_date: 4家\n".encode(), b"").replace(b", executed: 40}", b"}")
    r = f1.req("POST", "/api/rounds/%d/monitorings?declaration=%d" % (rid, did), round_yaml, ctype="application/yaml")
    expect(r, 201, "the 31 July monitoring handed in, the bound values left to the records")
    mid = r.json["id"] if r.status == 201 else 0
    res = (r.json or {}).get("result", {})
    check(r.json and r.json["light"] == "red" and res.get("rate") == 0 and res.get("schedule") == 58.33
          and res.get("gap") == 58.33, "nothing paid against 58.33 %: red", r)
    check(res.get("indicators", [{}])[0].get("progress") == 0
          and ((r.json or {}).get("monitoring", {}).get("indicators") or [{}])[0].get("to_date") == "0家",
          "0 of 10 awarded, from the records", r.json)
    bound = (r.json or {}).get("programme") or {}
    check(bound.get("title") == PROGRAMME_TITLE and bound.get("as_of") == "2020-07-31"
          and [(x["name"], x["derived"], len(x["provenance"]["records"])) for x in bound.get("derived", [])]
          == [("奖励企业", "0家", 0), ("全年执行数", "0", 0)],
          "the monitoring names its programme and the records of 31 July behind each value", bound)
    expect(f1.req("POST", "/api/rounds/%d/monitorings?declaration=%d" % (rid, did), round_yaml,
                  ctype="application/yaml"), 409, "one monitoring per declaration and round", "conflict")
    r = f1.get("/api/monitorings/%d/table.xlsx" % mid)
    check(r.status == 200 and r.body[:2] == b"PK", "the monitoring table as .xlsx", r)
    # the monitoring report, read back
    rr = f1.get("/api/monitorings/%d/report.pdf" % mid)
    check(rr.status == 200 and rr.body[:5] == b"%PDF-"
          and "monitoring-report-%d.pdf" % mid in (rr.headers.get("Content-Disposition") or ""),
          "the monitoring report as PDF", rr)
    if rr.status == 200 and shutil.which("pdftotext"):
        txt = subprocess.run(["pdftotext", "-", "-"], input=rr.body, capture_output=True).stdout.decode()
        flat = re.sub(r"\s", "", txt)
        check("绩效运行监控报告" in flat and "落后序时进度（58.33%）58.33个百分点，预警为红灯" in flat
              and "纠偏措施：第二批拨付完成后开展问卷调查" in flat, "pdftotext reads the red round", flat[:300])
        check("奖励企业“0家”由项目“%s”的记录得出（奖励企业数，依据0条记录，记录截至2020-07-31）。" % PROGRAMME_TITLE in flat
              and "1–N月执行数“0”由项目“%s”的记录得出" % PROGRAMME_TITLE in flat,
              "…saying which records its values so far come from", flat)
    rr = f1.get("/api/monitorings/%d/report.docx" % mid)
    check(rr.status == 200 and rr.body[:2] == b"PK", "…as Word", rr)
    rr = f1.get("/api/monitorings/%d/report.html" % mid)
    check(rr.status == 200 and "据监控表数据生成" in rr.body.decode() and "红灯" in rr.body.decode(), "…as HTML", rr)
    expect(f2.get("/api/monitorings/%d/report.pdf" % mid), 404, "another unit's report is not there", "not_found")
    table = r.body
    try:
        import openpyxl
        ws = openpyxl.load_workbook(io.BytesIO(table)).active
        check(ws["G6"].value == "红灯" and ws["D6"].value == 0, "openpyxl reads the red light and 0", ws["G6"].value)
    except ImportError:
        pass
    # the table sent back from Excel
    r = f1.req("PUT", "/api/monitorings/%d" % mid, table, ctype=XLSX, headers=im(1))
    expect(r, 200, "the table back as .xlsx")
    r = f1.req("POST", "/api/monitorings/%d/submit" % mid, {}, headers=im(r.json["version"] if r.json else 2))
    expect(r, 200, "the monitoring handed in")
    check(r.json and r.json["state"] == "submitted", "submitted", r)
    expect(f1.req("PUT", "/api/monitorings/%d" % mid, round_yaml, ctype="application/yaml",
                  headers=im(r.json["version"] if r.json else 3)), 409, "a handed-in monitoring does not change",
           "invalid_transition")
    r = rv.get("/api/rounds/%d" % rid)
    check(r.status == 200 and [m["light"] for m in r.json["monitorings"]] == ["red"], "the round lists its lights", r)
    expect(f2.get("/api/monitorings/%d" % mid), 404, "another unit's monitoring is not there", "not_found")
    # the year end: the self-evaluation made from the declaration
    expect(f2.req("POST", "/api/declarations/%d/evaluation" % did, {}), 404, "another unit makes none", "not_found")
    r = f1.req("POST", "/api/declarations/%d/evaluation" % did, {})
    expect(r, 201, "the self-evaluation made from the declaration")
    eid = r.json["id"] if r.status == 201 else 0
    if eid:
        model[eid] = r.json["unit"]["id"]
    made = (r.json or {}).get("form", {})
    # the latest monitoring's values beside each indicator
    r2 = f1.get(path_of(eid))
    mon = (r2.json or {}).get("monitoring") or {}
    first = (mon.get("indicators") or [{}])[0]
    check(r2.status == 200 and mon.get("id") == mid and mon.get("as_of") == "2020-07-31" and mon.get("light") == "red"
          and first.get("name") == "奖励企业" and first.get("expected") == "10家" and first.get("likelihood") == "确定能"
          and first.get("light") == "green" and len(mon.get("indicators", [])) == 8,
          "the evaluation shows the 31 July monitoring beside its indicators", r2)
    r2 = C["reviewer2"].get(path_of(eid))
    check(r2.status == 404 or "monitoring" not in (r2.json or {}), "nobody outside sees it", r2)
    check([i.get("target") for i in made.get("indicators", [])][:4]
          == ["10家", "2020年新认定的株洲市企业技术创新中心", "及时拨付至企业达90%", "每家奖励10万元"],
          "every target carried over", made)
    check([i.get("actual") for i in made.get("indicators", [])][:4] == ["8家", None, "及时拨付至企业达100%", "每家奖励10万元"]
          and made.get("budget", {}).get("fiscal", {}).get("executed") == 80,
          "the actuals the award programme's records fill are there from the start", made)
    expect(f1.req("POST", "/api/declarations/%d/evaluation" % did, {}), 409, "one per declaration", "conflict")
    seed = SEED_FORM
    filled = json.loads(json.dumps(made))
    filled["budget"]["fiscal"]["adjusted"] = seed["budget"]["fiscal"]["adjusted"]
    filled["budget"]["fiscal"]["executed"] = seed["budget"]["fiscal"]["executed"]
    filled["goal"]["actual"] = seed["goal"]["actual"]
    by_name = {i.get("name"): i for i in seed["indicators"]}
    for ind in filled["indicators"]:
        s = by_name.get(ind.get("name"), {})
        for k in ("actual", "score", "band", "reason"):
            if k in s:
                ind[k] = s[k]
    r = f1.req("PUT", path_of(eid), filled, headers=im(1))
    expect(r, 200, "the year's results filled in")
    codes = [x["code"] for x in (r.json or {}).get("result", {}).get("findings", [])]
    check(r.json and r.json["total"] == 97 and r.json["grade"] == "优" and not any(c.startswith("JX-A") for c in codes),
          "97, 优, no target retyped", r)
    lowered = json.loads(json.dumps(filled))
    lowered["indicators"][0]["target"] = "8家"
    lowered["indicators"][0]["score"] = 10
    r = f1.req("PUT", path_of(eid), lowered, headers=im(2))
    expect(r, 200, "a lowered target is saved as a draft")
    fs = [x for x in (r.json or {}).get("result", {}).get("findings", []) if x["code"] == "JX-A01"]
    check(len(fs) == 1 and fs[0]["pointer"] == "/indicators/0/target" and fs[0]["severity"] == "error",
          "…with JX-A01 at the target", r)
    # an adjustment, requested and approved, clears it
    expect(ap.req("POST", "/api/declarations/%d/adjustments" % did, {"name": "奖励企业", "to": "8家", "reason": "x"}),
           403, "an approver requests no adjustment", "forbidden")
    expect(f1.req("POST", "/api/declarations/%d/adjustments" % did, {"name": "不存在", "to": "8家", "reason": "x"}),
           422, "an adjustment of an indicator never declared", "invalid", "/name")
    expect(f1.req("POST", "/api/declarations/%d/adjustments" % did, {"name": "奖励企业", "to": "10家", "reason": "x"}),
           422, "an adjustment to the same target", "invalid", "/to")
    r = f1.req("POST", "/api/declarations/%d/adjustments" % did,
               {"name": "奖励企业", "to": "8家", "reason": "受疫情和经济下行压力影响，申报企业数量减少"})
    expect(r, 201, "an adjustment requested")
    adj = (r.json or {}).get("adjustments", [{}])[-1]
    check(adj.get("state") == "submitted" and adj.get("from") == "10家", "from the declared 10家", r)
    expect(f1.req("POST", "/api/adjustments/%d/approve" % adj.get("id", 0), {}), 403, "a filler approves none", "forbidden")
    expect(rv2.req("POST", "/api/adjustments/%d/approve" % adj.get("id", 0), {}), 404, "another region's finance bureau",
           "not_found")
    r = rv.req("POST", "/api/adjustments/%d/approve" % adj.get("id", 0), {})
    expect(r, 204, "the finance bureau approves it")
    expect(rv.req("POST", "/api/adjustments/%d/reject" % adj.get("id", 0), {}), 409, "decided once", "conflict")
    r = f1.req("PUT", path_of(eid), lowered, headers=im(3))
    codes = [x["code"] for x in (r.json or {}).get("result", {}).get("findings", [])]
    msgs = [x["message"] for x in (r.json or {}).get("result", {}).get("findings", []) if x["code"] == "JX-A05"]
    # saving the same form again changes nothing: the result is judged at the next change
    if r.status == 200 and "JX-A01" in codes:
        lowered["indicators"][0]["reason"] = "经批准调整"
        r = f1.req("PUT", path_of(eid), lowered, headers=im(3))
        codes = [x["code"] for x in (r.json or {}).get("result", {}).get("findings", [])]
        msgs = [x["message"] for x in (r.json or {}).get("result", {}).get("findings", []) if x["code"] == "JX-A05"]
    check(r.status == 200 and "JX-A01" not in codes and len(msgs) == 1
          and "由“10家”调整为“8家”" in msgs[0] and "reviewer1 测试" in msgs[0], "the adjustment clears it and is reported", r)
    # the zip of reports says it too: it renders through the same service call
    # as the single download, judged against the declaration, and is asked first
    r = f1.get("/api/evaluations/export?format=pdf&ids=%d" % eid)
    pdfs = []
    if r.status == 200:
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            pdfs = [z.read(n) for n in z.namelist() if n.endswith(".pdf")]
    flat = ""
    if len(pdfs) == 1 and shutil.which("pdftotext"):
        flat = re.sub(r"\s", "", subprocess.run(["pdftotext", "-", "-"], input=pdfs[0], capture_output=True).stdout.decode())
    check(len(pdfs) == 1 and (not shutil.which("pdftotext") or "经批准由“10家”调整为“8家”" in flat),
          "the zip's report says which target was adjusted", flat[:300])
    single = f1.get(path_of(eid, "/report.pdf"))
    check(single.status == 200 and pdfs and single.body == pdfs[0], "…the same bytes as the single download", single)
    r = f1.get(path_of(eid, "/report.html"))
    check(r.status == 200 and "经批准由“10家”调整为“8家”" in r.body.decode("utf-8", "replace"),
          "the report says which target was adjusted, by whom and why", r)
    r = f1.get("/api/declarations/%d/audit" % did)
    check(r.status == 200 and [x["action"] for x in r.json["items"]][-2:] == ["request", "approve-adjustment"],
          "the adjustment in the declaration's trail", r)
    expect(f4.get("/api/declarations/%d" % did), 404, "another region's filler", "not_found")
    r = adm.get("/api/declarations")
    check(r.status == 200 and any(x["id"] == did and x["state"] == "reviewed" for x in r.json["items"]), "an admin lists it", r)


def t_library():
    """The indicator library: the shipped entries searched by text, code and
    pinyin initials within a category and a field, page by page; an entry
    added by finance and checked as the shipped ones are; uses counted."""
    section("library")
    f1, rv, ap = C["filler1"], C["reviewer1"], C["approver1"]
    expect(ANON.get("/api/indicators"), 401, "the library is for those signed in", "unauthorized")
    r = f1.get("/api/indicators?q=jlqy")
    expect(r, 200, "a search by pinyin initials")
    check(r.json and r.json["total"] == 1 and r.json["items"][0]["name"] == "奖励企业数量"
          and r.json["items"][0]["target"] == "≥10家" and r.json["items"][0]["unit"] == "家",
          "jlqy finds 奖励企业数量 with its target and unit", r)
    r = f1.get("/api/indicators?per_page=100")
    check(r.status == 200 and r.json["total"] >= 300 and len(r.json["items"]) == 100 and r.json["pages"] >= 3,
          "at least 300 shipped, one page of 100", r)
    shipped = r.json["total"] if r.status == 200 else 0
    r2 = f1.get("/api/indicators?per_page=100&page=2")
    check(r2.status == 200 and not set(i["id"] for i in r2.json["items"]) & set(i["id"] for i in r.json["items"]),
          "the second page holds others", r2)
    r = f1.get("/api/indicators?" + urllib.parse.urlencode({"field": "教育", "level2": "数量指标", "per_page": 100}))
    check(r.status == 200 and r.json["total"] >= 5
          and all(i["field"] == "教育" and i["level2"] == "数量指标" for i in r.json["items"]),
          "a field and a category", r)
    r = f1.get("/api/indicators?" + urllib.parse.urlencode({"q": "满意度", "level1": "满意度指标"}))
    check(r.status == 200 and r.json["total"] >= 10 and all(i["level1"] == "满意度指标" for i in r.json["items"]),
          "text within a level-1 category", r)
    expect(f1.get("/api/indicators?page=0"), 400, "page 0", "bad_request")
    expect(f1.get("/api/indicators?per_page=101"), 400, "more than 100 a page", "bad_request")
    r = f1.get("/api/indicators/fields")
    check(r.status == 200 and "教育" in r.json["items"] and len(r.json["items"]) > 10, "the fields", r)
    new = {"field": "教育", "level1": "产出指标", "level2": "数量指标", "name": "新建校园足球场数量",
           "target": "≥6个", "unit": "个", "op": "≥", "standard": "完成得满分，未完成按比例计分", "basis": "计划标准"}
    expect(f1.req("POST", "/api/indicators", new), 403, "a filler adds none", "forbidden")
    expect(ap.req("POST", "/api/indicators", new), 403, "an approver adds none", "forbidden")
    r = rv.req("POST", "/api/indicators", new)
    expect(r, 201, "finance adds an indicator")
    added = r.json or {}
    check(added.get("code", "").startswith("ZDY-") and added.get("builtin") is False and added.get("uses") == 0,
          "named ZDY-…, not shipped, unused", r)
    expect(rv.req("POST", "/api/indicators", dict(new, target="≤6个")), 422,
           "a target whose operator is not the one given", "invalid")
    expect(rv.req("POST", "/api/indicators", dict(new, unit="户")), 422, "a target in another unit", "invalid")
    expect(rv.req("POST", "/api/indicators", dict(new, level2="社会效益指标")), 422,
           "a category outside its level 1", "invalid")
    expect(rv.req("POST", "/api/indicators", dict(new, code="GY-001")), 409, "a code taken", "conflict")
    expect(rv.req("POST", "/api/indicators", dict(new, weight=10)), 422, "an unknown member", None)
    expect(rv.req("POST", "/api/indicators", dict(new, name=5)), 400, "a name that is not text", "bad_request", "/name")
    r = f1.get("/api/indicators?q=xjxyzqcsl")
    check(r.status == 200 and r.json["total"] == 1 and r.json["items"][0]["id"] == added.get("id"),
          "the added entry is found by its initials", r)
    r = C["admin"].req("POST", "/api/indicators", dict(new, code="JY-900", name="新建校园篮球场数量"))
    expect(r, 201, "an administrator adds one with its own code")
    loc = r.headers.get("Location") or ""
    check(loc == "/api/indicators?q=JY-900", "found where Location says", loc)
    r = C["admin"].req("POST", "/api/indicators", dict(new, code="自定-1", name="新建校园排球场数量"))
    loc = r.headers.get("Location") or ""
    check(r.status == 201 and loc == "/api/indicators?q=%E8%87%AA%E5%AE%9A-1", "a Chinese code percent-encoded", loc)
    r = f1.get(loc)
    check(r.status == 200 and r.json["total"] == 1 and r.json["items"][0]["code"] == "自定-1", "…and found there", r)
    # uses: the most used come first
    for _ in range(2):
        r = f1.req("POST", "/api/indicators/%d/use" % added.get("id", 0), {})
    expect(r, 200, "a use counted")
    check(r.json and r.json["uses"] == 2, "twice", r)
    r = f1.get("/api/indicators?" + urllib.parse.urlencode({"field": "教育", "level2": "数量指标"}))
    check(r.status == 200 and r.json["items"][0]["id"] == added.get("id"), "the most used first", r)
    expect(f1.req("POST", "/api/indicators/999999/use", {}), 404, "no such entry", "not_found")
    r = f1.get("/api/indicators?per_page=1")
    check(r.status == 200 and r.json["total"] == shipped + 3, "the library grew by three", r)
PROGRAMME_TITLE = "市级企业技术创新中心认定及奖励"
CODE1 = "91430211MA4KK5MQEJ"  # the first awarded enterprise, in 天元区
CODE_CONFLICT = "91430202MA4K4FE3N1"  # 彭研究员 declared a conflict on it


def t_programme():
    """The award programme behind the seed (loaded by run_api.sh): its
    measures with their records, the seed's actuals derived from them (97,
    优), every refusal with its Chinese message and nothing recorded, the
    scope of each role, the trail, the survey by a one-time link."""
    section("programme")
    f1, f2, rv, rv2, adm = C["filler1"], C["filler2"], C["reviewer1"], C["reviewer2"], C["admin"]
    r = f1.get("/api/programmes")
    expect(r, 200, "the unit's programmes")
    items = r.json["items"] if r.status == 200 else []
    check(len(items) == 1 and items[0]["title"] == PROGRAMME_TITLE and items[0]["applications"] == 12
          and items[0]["awards"] == 8, "the seed's programme, 12 applications, 8 awards", r)
    pid = items[0]["id"] if items else 0
    r = f2.get("/api/programmes")
    check(r.status == 200 and r.json["items"] == [], "another unit sees none", r)
    r = rv2.get("/api/programmes")
    check(r.status == 200 and r.json["items"] == [], "another region sees none", r)
    expect(f2.get("/api/programmes/%d" % pid), 404, "another unit's programme is not there", "not_found")
    expect(ANON.get("/api/programmes"), 401, "not without logging in", "unauthorized")
    expect(ANON.get("/api/programmes/%d" % pid), 401, "one not without logging in", "unauthorized")
    r = rv.get("/api/programmes/%d" % pid)
    expect(r, 200, "the region's reviewer reads it")
    p = r.json if r.status == 200 else {}
    check([m["value"] for m in p.get("measures", [])] == [8, 10, 100, 90, 80],
          "the measures: 8家, 10万元, 100% in time, 90% satisfied, 80万元 paid", p.get("measures"))
    m = {x["measure"]: x for x in p.get("measures", [])}
    check(len(m.get("on_time", {}).get("records", [])) == 8
          and all(x["on_time"] for x in m["on_time"]["records"]), "each award with its payments and due date", m.get("on_time"))
    check(m.get("satisfaction", {}).get("answers") == 40 and m["satisfaction"]["responses"] == 8,
          "satisfaction from 8 responses, 40 answers", m.get("satisfaction"))
    check(p.get("notice", {}).get("working_days") == 5 and p["notice"]["end"] == "2020-10-10",
          "the notice: 5 working days across 国庆 and 中秋", p.get("notice"))
    check([x["rank"] for x in p.get("review", [])] == list(range(1, 10)), "nine ranked by the experts", p.get("review"))
    check([(x["stage"], x["n"]) for x in p.get("funnel", [])] ==
          [("applied", 12), ("recommended", 10), ("inspected", 9), ("reviewed", 9), ("noticed", 8),
           ("awarded", 8), ("paid", 8)], "the funnel from applications to payments", p.get("funnel"))
    # the seed's actuals from the records
    r = create(f1, name="the seed, for its programme")
    eid = r.json["id"] if r.status == 201 else 0
    r = f1.get("/api/programmes/%d/derive?evaluation=%d" % (pid, eid))
    expect(r, 200, "the evaluation derived from the programme")
    j = r.json if r.status == 200 else {}
    check(j.get("total") == 97 and j.get("grade") == "优", "97, 优 from the records", j.get("total"))
    check([x["derived"] for x in j.get("derived", [])] == ["8家", "及时拨付至企业达100%", "每家奖励10万元", "满意度达90%", "80"],
          "every derived number as the form writes it", j.get("derived"))
    check(all(not x["differs"] and len(x["provenance"]["records"]) > 0 for x in j.get("derived", [])),
          "each with its records, none contradicted", j.get("derived"))
    check(not any(f["code"].startswith("JX-P") for f in j.get("findings", [])), "no JX-P finding", j.get("findings"))
    expect(f1.get("/api/programmes/%d/derive" % pid), 400, "derive needs the evaluation", "bad_request")
    expect(f2.get("/api/programmes/%d/derive?evaluation=%d" % (pid, eid)), 404,
           "not from another unit", "not_found")
    # a typed actual the records contradict
    bad = SEED_YAML.replace("actual: 8家".encode(), "actual: 9家".encode())
    r = create(f1, bad, name="the seed with 9家 typed")
    expect(r, 422, "a bound actual the records contradict is refused", "invalid")
    check(r.error.get("where") == "/indicators/0/actual"
          and "由项目“%s”的记录得出，应为“8家”" % PROGRAMME_TITLE in (r.error.get("message") or "")
          and "不能填报为“9家”" in (r.error.get("message") or ""), "…at its pointer, saying what the records say", r)
    r = create(f2, bad, name="the seed with 9家 in another unit")
    expect(r, 201, "…only in the programme's unit")
    blank = SEED_YAML.replace("actual: 8家".encode(), "actual: ''".encode())
    r = create(f1, blank, name="the seed with the count left blank")
    expect(r, 201, "a bound actual left blank")
    eid3 = r.json["id"] if r.status == 201 else 0
    r = f1.get("/api/evaluations/%d" % eid3)
    inds = ((r.json or {}).get("form") or {}).get("indicators") or [{}]
    check(r.status == 200 and inds[0].get("actual") == "8家", "…is stored as the records have it", inds[0])
    bound = (r.json or {}).get("programme") or {}
    check(bound.get("id") == pid and [x["derived"] for x in bound.get("derived", [])][0] == "8家"
          and len(bound["derived"][0]["provenance"]["records"]) == 8 and bound.get("as_of"),
          "the evaluation names its programme, each bound actual with its records", bound)
    # the report says where each of them comes from
    r = f1.get("/api/evaluations/%d/report.html" % eid3)
    page = r.body.decode("utf-8", "replace") if r.status == 200 else ""
    said = re.findall(r"<p[^>]*>([^<]*由项目“%s”的记录得出[^<]*)</p>" % re.escape(PROGRAMME_TITLE), page)
    check(len(said) == len(bound.get("derived", [])) == 5
          and said[0] == "奖励企业“8家”由项目“%s”的记录得出（%s，依据8条记录，记录截至%s）。"
          % (PROGRAMME_TITLE, bound["derived"][0]["provenance"]["label"], bound.get("as_of"))
          and "全年执行数“80”" in said[-1], "the report says the records behind each derived actual", said)
    r = f1.get("/api/evaluations/%d/report.pdf" % eid3)
    if r.status == 200 and shutil.which("pdftotext"):
        flat = re.sub(r"\s", "", subprocess.run(["pdftotext", "-", "-"], input=r.body, capture_output=True).stdout.decode())
        check("奖励企业“8家”由项目“%s”的记录得出" % PROGRAMME_TITLE in flat, "…in the PDF too", flat[:300])
    r = f2.get("/api/evaluations")
    other = next((e["id"] for e in (r.json or {}).get("items", [])), 0)
    check(other and "programme" not in (f2.get("/api/evaluations/%d" % other).json or {}),
          "…another unit's evaluation has none", other)
    # refusals: each in Chinese, nothing recorded
    before = f1.get("/api/programmes/%d/audit" % pid)
    n_audit = len(before.json["items"]) if before.status == 200 else -1
    check(before.status == 200 and before.json["items"][0]["action"] == "create"
          and before.json["items"][0]["by"] == None, "the trail starts with the load", before)
    r = f1.req("POST", "/api/programmes/%d/payments" % pid, {"applicant": CODE1, "amount": 1, "date": "2020-11-20"})
    expect(r, 422, "a payment beyond the award", "invalid")
    check(r.error.get("message") == "向“株洲硬质合金精密工具有限公司”拨付合计11万元，超过奖励金额10万元"
          and r.error.get("where") == "/payments/8/amount", "…says so in Chinese", r)
    r = f1.req("POST", "/api/programmes/%d/applications" % pid,
               {"code": "91430211MA4KK5MQEK", "name": "新企业", "county": "荷塘区", "date": "2020-07-10"})
    expect(r, 422, "an invalid credit code", "invalid")
    check("校验码应为J" in (r.error.get("message") or ""), "…names the right check character", r)
    r = f1.req("POST", "/api/programmes/%d/applications" % pid,
               {"code": CODE1, "name": "株洲硬质合金精密工具有限公司", "county": "天元区", "date": "2020-07-10"})
    expect(r, 422, "a second application", "invalid")
    check("重复申报" in (r.error.get("message") or ""), "…is a duplicate", r)
    r = f1.req("POST", "/api/programmes/%d/scores" % pid,
               {"expert": "彭研究员", "applicant": CODE_CONFLICT, "scores": [20, 20, 15, 20], "date": "2020-09-18"})
    expect(r, 422, "an expert scoring where a conflict was declared", "invalid")
    check("专家已声明与该申报存在利益冲突" in (r.error.get("message") or ""), "…names the conflict", r)
    r = f1.req("POST", "/api/programmes/%d/scores" % pid,
               {"expert": "彭研究员", "applicant": CODE1, "scores": [20, 20, 15, 20], "date": "2020-09-18"})
    expect(r, 422, "an expert scoring in her own county", "invalid")
    check("同属一个县市区" in (r.error.get("message") or ""), "…names the county", r)
    r = f1.req("POST", "/api/programmes/%d/scores" % pid,
               {"expert": "罗教授", "applicant": CODE1, "scores": [20, 20], "date": "2020-09-18"})
    expect(r, 422, "a sheet without every criterion", "invalid")
    r = f1.req("POST", "/api/programmes/%d/applications" % pid,
               {"code": "91350100M000100Y43", "name": "新企业", "county": "荷塘区", "date": "2020-07-30",
                "checklist": [True, False]})
    expect(r, 422, "an eligibility checklist without every criterion", "invalid")
    check(r.error.get("message") == "申报条件共4项，应逐项作答（收到2项）" and r.error.get("where") == "/checklist",
          "…says how many the call has", r)
    expect(f1.req("POST", "/api/programmes/%d/applications" % pid,
                  {"code": "91350100M000100Y43", "name": "新企业", "county": "荷塘区", "date": "2020-07-30",
                   "checklist": [True, "是", True, True]}), 400, "an answer that is not true or false", "bad_request")
    expect(f1.req("POST", "/api/programmes/%d/payments" % pid, {"applicant": CODE1, "amount": 1}), 400,
           "a payment without a date", "bad_request")
    expect(f1.req("POST", "/api/programmes/%d/payments" % pid, {"applicant": CODE1, "amount": 1, "date": "2020-11-20", "x": 1}),
           422, "an unknown member", None)
    expect(f2.req("POST", "/api/programmes/%d/payments" % pid, {"applicant": CODE1, "amount": 1, "date": "2020-11-20"}),
           404, "another unit pays nothing", "not_found")
    expect(rv.req("POST", "/api/programmes/%d/payments" % pid, {"applicant": CODE1, "amount": 1, "date": "2020-11-20"}),
           403, "the finance bureau reads, the unit records", "forbidden")
    expect(C["approver1"].req("POST", "/api/programmes/%d/survey-links" % pid, {"applicant": CODE1}),
           403, "nor does the department", "forbidden")
    after = f1.get("/api/programmes/%d/audit" % pid)
    check(after.status == 200 and len(after.json["items"]) == n_audit, "nothing refused was recorded", after)
    # an act that is allowed: a new applicant within the window
    r = f1.req("POST", "/api/programmes/%d/applications" % pid,
               {"code": "91350100M000100Y43", "name": "新企业", "county": "荷塘区", "date": "2020-07-30",
                "checklist": [True, True, False, True]})
    expect(r, 201, "an application within the window")
    check(r.json and r.json["counts"]["applications"] == 13, "…counted", r)
    mine = next((a for a in (r.json or {}).get("applications", []) if a["applicant"] == "91350100M000100Y43"), {})
    check(mine.get("checklist") == [True, True, False, True] and mine.get("state_label") == "已申报",
          "…with its eligibility checklist, answer by answer", mine)
    # the call and each step's records, for the pages of the steps
    j = r.json or {}
    check([c["name"] for c in j.get("criteria", [])] == ["技术创新能力", "研发投入", "创新平台建设", "成果转化及效益"]
          and [c["weight"] for c in j["criteria"]] == [30, 25, 20, 25] and len(j.get("checklist", [])) == 4,
          "the call's scoring sheet and checklist", j.get("criteria"))
    check([x["name"] for x in j.get("experts", [])] == ["罗教授", "谭高工", "彭研究员"]
          and len(j.get("sheets", [])) == 24 and j["sheets"][0]["total"] == sum(j["sheets"][0]["scores"]),
          "the experts and their sheets with totals", j.get("sheets", [None])[0])
    check([(o["n"], o["upheld"]) for o in j.get("objections", [])] == [(1, False)]
          and len(j.get("awards", [])) == 8 and j["awards"][0]["paid"] == 10 and len(j.get("payments", [])) == 8,
          "the objections numbered, the awards with what was paid", j.get("objections"))
    after = f1.get("/api/programmes/%d/audit" % pid)
    last = after.json["items"][-1] if after.status == 200 else {}
    check(last.get("action") == "apply" and last.get("by") == "filler1", "…with who and when in the trail", last)
    # attachments: what the bytes are, not what they are called
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    att = "/api/programmes/%d/applications/%s/attachments" % (pid, CODE1)
    r = f1.req("POST", att + "?name=" + urllib.parse.quote("推荐函.pdf"), pdf, ctype="application/pdf")
    expect(r, 201, "a PDF attachment")
    check(r.json and r.json["sha256"] == hashlib.sha256(pdf).hexdigest() and r.json["size"] == len(pdf),
          "…stored with its SHA-256 and size", r)
    expect(f1.req("POST", att + "?name=again.pdf", pdf, ctype="application/pdf"), 409,
           "the same content twice", "conflict")
    r = f1.req("POST", att + "?name=photo.png", pdf, ctype="image/png")
    expect(r, 422, "a PDF that claims to be a PNG", "invalid")
    check(r.error.get("message") == "附件“photo.png”声明为PNG图片，但内容是PDF文件", "…says what it is", r)
    r = f1.req("POST", att + "?name=fake.pdf", b"PK\x03\x04not a pdf", ctype="application/pdf")
    expect(r, 422, "a zip that claims to be a PDF", "invalid")
    check("但内容不是PDF文件或图片" in (r.error.get("message") or ""), "…is refused", r)
    r = f1.req("POST", att + "?name=a.zip", b"PK\x03\x04", ctype="application/zip")
    expect(r, 422, "a type no attachment may have", "invalid")
    expect(f1.req("POST", att, pdf, ctype="application/pdf"), 400, "an attachment without a name", "bad_request")
    expect(f1.req("POST", "/api/programmes/%d/applications/91350100M000100Y43X/attachments?name=a.pdf" % pid, pdf,
                  ctype="application/pdf"), 404, "no such application", "not_found")
    expect(f2.req("POST", att + "?name=b.pdf", pdf + b" ", ctype="application/pdf"), 404,
           "not to another unit's programme", "not_found")
    expect(rv.req("POST", att + "?name=b.pdf", pdf + b" ", ctype="application/pdf"), 403,
           "not by the finance bureau", "forbidden")
    r = f1.get("/api/programmes/%d/audit" % pid)
    last = r.json["items"][-1] if r.status == 200 else {}
    check(last.get("action") == "attach" and hashlib.sha256(pdf).hexdigest() in (last.get("detail") or ""),
          "the attachment in the trail with its hash", last)
    # the survey by a one-time link, without an account
    r = f1.req("POST", "/api/programmes/%d/survey-links" % pid, {"applicant": CODE1})
    expect(r, 201, "a one-time survey link")
    tok = r.json["token"] if r.status == 201 else "x"
    r = ANON.get("/api/survey/%s" % tok)
    expect(r, 200, "the questionnaire without an account")
    check(r.json and r.json["enterprise"] == "株洲硬质合金精密工具有限公司" and len(r.json["items"]) == 5,
          "…for the enterprise, five items", r)
    r = ANON.req("POST", "/api/survey/%s" % tok, {"answers": [5, 5, 9, 5, 5]})
    expect(r, 422, "an answer off the scale", "invalid")
    r = ANON.req("POST", "/api/survey/%s" % tok, {"answers": [5, 5, 5, 5, 5]})
    expect(r, 422, "the enterprise answered already (the demo's records)", "invalid")
    check("每家企业只能提交一次" in (r.error.get("message") or ""), "…once per enterprise", r)
    expect(ANON.get("/api/survey/0000"), 404, "an unknown link", "not_found")
    expect(f1.req("POST", "/api/programmes/%d/survey-links" % pid, {"applicant": "91430212MA463THNWX"}), 404,
           "no link for an enterprise without an award", "not_found")
    r = adm.get("/api/programmes/%d" % pid)
    check(r.status == 200 and [m["value"] for m in r.json["measures"]] == [8, 10, 100, 90, 80],
          "the measures are unchanged by what was refused", r)


SMALL_PROGRAMME = """title: 测试奖励项目
year: 2021
planned: 2
amount: 5
notice_days: 5
deadline_days: 30
calendar: calendar-cn-2020.txt
criteria: [{name: 创新, weight: 60}, {name: 管理, weight: 40}]
survey: {items: [总体满意度]}
applicants:
  - {code: 91350100M000100Y43, name: 新企业, county: 荷塘区}
  - {code: 91110000802100433B, name: 乙科技有限公司, county: 芦淞区}
  - {code: 12100000400000624D, name: 丙科技有限公司, county: 石峰区}
applications:
  - {applicant: 91350100M000100Y43, submitted: 2020-07-01, state: reviewed,
     inspection: {date: 2020-08-01, pass: true}}
  - {applicant: 91110000802100433B, submitted: 2020-07-02, state: reviewed,
     inspection: {date: 2020-08-01, pass: true}}
  - {applicant: 12100000400000624D, submitted: 2020-07-03, state: submitted}
experts:
  - {name: 赵专家, county: 长沙市, employer: 中南大学}
scores:
  - {expert: 赵专家, applicant: 91350100M000100Y43, scores: [50, 30]}
"""


def t_programme_acts():
    """A programme stored without its notice and awards: the notice refused
    when it is shorter than the call in working days, the awards refused
    before the notice ends, above the call's amount or without a passed
    inspection, a conflict declared after a score refused; the public
    notice without an account."""
    section("programme acts")
    f1, adm = C["filler1"], C["admin"]
    shutil.copy(os.path.join(ROOT, "examples", "calendar-cn-2020.txt"), TMP)
    path = os.path.join(TMP, "small-programme.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(SMALL_PROGRAMME)
    p = run_cli("programme", "load", "--unit", "产业发展科", "--db", DB_URL, path)
    check(p.returncode == 0, "the CLI stores a second programme", p.stderr.decode())
    r = f1.get("/api/programmes")
    pid = next((x["id"] for x in (r.json or {}).get("items", []) if x["title"] == "测试奖励项目"), 0)
    check(pid > 0, "…which the unit lists", r)
    expect(ANON.get("/api/public/programmes/%d/notice" % pid), 404, "no notice yet", "not_found")
    base = "/api/programmes/%d" % pid
    r = f1.req("POST", base + "/notice", {"start": "2020-02-30", "document": "公示"})
    expect(r, 400, "a start that is no day (2020-02-30)", "bad_request", "/start")
    check(r.error.get("message_zh") == "“start”应为日期，格式为 YYYY-MM-DD", "…said in Chinese too", r)
    r = f1.req("POST", base + "/notice", {"start": "2020-09-28", "end": "2020-09-30", "document": "公示"})
    expect(r, 422, "a notice of 3 working days where the call asks 5", "invalid")
    check(r.error.get("message") == "公示期为3个工作日，少于申报通知规定的5个工作日"
          and r.error.get("where") == "/notice/end", "…says so", r)
    r = f1.req("POST", base + "/notice", {"start": "2020-09-28", "document": "公示"})
    expect(r, 201, "a notice without an end: the call's 5 working days, across 国庆 and 中秋")
    check(r.json and r.json["notice"]["working_days"] == 5 and r.json["notice"]["end"] == "2020-10-10"
          and r.json["notice"]["document"] == "公示", "…its end counted under the calendar", r)
    expect(f1.req("POST", base + "/notice", {"start": "2020-11-02", "end": "2020-11-10"}), 409,
           "a second notice", "conflict")
    r = ANON.get("/api/public/programmes/%d/notice" % pid)
    expect(r, 200, "the public notice without an account")
    check(r.json and [x["name"] for x in r.json["list"]] == ["新企业", "乙科技有限公司"]
          and r.json["end"] == "2020-10-10", "…lists the reviewed applications", r)
    check(r.json and r.json["document"] == "公示" and r.json["publisher"] == "株洲市工业和信息化局",
          "…with its document and the department that publishes it", r)
    # the notice as a document, without an account, read back by other programs
    rr = ANON.get("/api/public/programmes/%d/notice.pdf" % pid)
    check(rr.status == 200 and rr.body[:5] == b"%PDF-"
          and "notice-%d.pdf" % pid in (rr.headers.get("Content-Disposition") or ""),
          "the notice as PDF without an account", rr)
    if rr.status == 200 and shutil.which("pdftotext"):
        txt = subprocess.run(["pdftotext", "-", "-"], input=rr.body, capture_output=True).stdout.decode()
        flat = re.sub(r"\s", "", txt)
        check("公示期：2020年9月28日至2020年10月10日。" in flat and "拟认定2家企业" in flat
              and "1新企业" in flat and "乙科技有限公司91110000802100433B" in flat
              and "株洲市工业和信息化局2020年9月28日" in flat,
              "pdftotext reads the period, the count and the list in order", flat[:400])
    rr = ANON.get("/api/public/programmes/%d/notice.docx" % pid)
    if rr.status == 200:
        with zipfile.ZipFile(io.BytesIO(rr.body)) as z:
            doc = z.read("word/document.xml").decode()
    check(rr.status == 200 and "乙科技有限公司" in doc and "拟认定名单" in doc, "…as Word", rr)
    rr = ANON.get("/api/public/programmes/%d/notice.html" % pid)
    check(rr.status == 200 and "公示期：2020年9月28日至2020年10月10日。" in rr.body.decode()
          and "新企业" in rr.body.decode(), "…as HTML", rr)
    expect(ANON.get("/api/public/programmes/999/notice.pdf"), 404, "no notice, no document", "not_found")
    A = "91350100M000100Y43"
    C3 = "12100000400000624D"
    B = "91110000802100433B"
    r = f1.req("POST", base + "/objections", {"applicant": B, "text": "", "date": "2020-09-30"})
    expect(r, 422, "an objection says what it objects to", "invalid")
    check("请填写异议内容" in (r.error.get("message") or ""), "…and asks for it", r)
    r = f1.req("POST", base + "/objections", {"applicant": B, "text": "反映研发人员不足", "date": "2020-09-30"})
    expect(r, 201, "an objection to the notice")
    check(r.json and r.json["counts"]["objections"] == 1, "…counted", r)
    r = f1.req("POST", base + "/awards", {"applicant": B, "amount": 5, "date": "2020-10-16"})
    expect(r, 422, "no award while an objection is open", "invalid")
    check("的公示异议尚未处理，不能认定" in (r.error.get("message") or ""), "…says it is open", r)
    expect(f1.req("POST", base + "/objections/2/resolve", {"resolution": "x", "date": "2020-10-12", "upheld": False}),
           404, "no second objection", "not_found")
    expect(f1.req("POST", base + "/objections/1/resolve", {"resolution": "x", "date": "2020-10-12"}),
           400, "a resolution must say whether it stood", "bad_request")
    r = f1.req("POST", base + "/objections/1/resolve", {"resolution": "", "date": "2020-10-12", "upheld": True})
    expect(r, 422, "a resolution says how it was resolved", "invalid")
    check("请填写处理结果" in (r.error.get("message") or ""), "…and asks for it", r)
    r = f1.req("POST", base + "/objections/1/resolve", {"resolution": "经核查异议成立", "date": "2020-10-12", "upheld": True})
    expect(r, 200, "the objection resolved: it stood")
    expect(f1.req("POST", base + "/objections/1/resolve", {"resolution": "再议", "date": "2020-10-13", "upheld": False}),
           409, "an objection is resolved once", "invalid_transition")
    r = f1.req("POST", base + "/awards", {"applicant": B, "amount": 5, "date": "2020-10-16"})
    expect(r, 422, "no award when the objection stood", "invalid")
    check("的公示异议成立，不能认定" in (r.error.get("message") or ""), "…says it stood", r)
    r = f1.req("POST", base + "/recommendations", {"applicant": C3, "by": "株洲市石峰区工业和信息化局",
                                                   "letter": "石工信〔2020〕3号", "rank": 1, "date": "2020-08-10"})
    expect(r, 201, "a county recommends")
    check(r.json and r.json["counts"]["by_state"]["recommended"] == 1, "…the application is recommended", r)
    expect(f1.req("POST", base + "/recommendations", {"applicant": C3, "date": "2020-08-10"}), 400,
           "a recommendation without its bureau", "bad_request")
    expect(f1.req("POST", base + "/inspections", {"applicant": C3, "date": "2020-08-20"}), 400,
           "an inspection without its verdict", "bad_request")
    r = f1.req("POST", base + "/inspections", {"applicant": C3, "date": "2020-08-20", "inspectors": "刘科长",
                                               "findings": "研发场地与申报不符", "pass": False})
    expect(r, 201, "an inspection that fails")
    check(r.json and r.json["counts"]["by_state"]["rejected"] == 1, "…rejects the application", r)
    r = f1.req("POST", base + "/awards", {"applicant": A, "amount": 5, "date": "2020-10-09"})
    expect(r, 422, "an award before the notice ends", "invalid")
    check("在公示期结束（2020-10-10）前认定" in (r.error.get("message") or ""), "…names the end", r)
    r = f1.req("POST", base + "/awards", {"applicant": A, "amount": 6, "date": "2020-10-16"})
    expect(r, 422, "an award above the call's amount", "invalid")
    check("奖励金额6万元超过申报通知规定的每家5万元" in (r.error.get("message") or ""), "…names both", r)
    r = f1.req("POST", base + "/awards", {"applicant": C3, "amount": 5, "date": "2020-10-16"})
    expect(r, 422, "an award without a passed inspection", "invalid")
    check(r.error.get("message") == "“丙科技有限公司”未通过现场考察，不能认定", "…says so", r)
    r = f1.req("POST", base + "/awards", {"applicant": A, "amount": 5, "date": "2020-10-16", "document": "文号"})
    expect(r, 201, "an award after the notice")
    check(r.json and r.json["counts"]["awards"] == 1 and r.json["counts"]["by_state"]["awarded"] == 1,
          "…counted, the application awarded", r)
    expect(f1.req("POST", base + "/awards", {"applicant": A, "amount": 5, "date": "2020-10-16"}), 422,
           "an award twice", "invalid")
    r = f1.req("POST", base + "/payments", {"applicant": A, "amount": "2.5", "date": "2020-11-01"})
    expect(r, 201, "half paid")
    m = {x["measure"]: x for x in (r.json or {}).get("measures", [])}
    check(m.get("funds", {}).get("value") == 2.5 and m.get("on_time", {}).get("value") == 0,
          "2.5万元 paid, nothing in full yet", m)
    r = f1.req("POST", base + "/payments", {"applicant": A, "amount": "2.51", "date": "2020-11-01"})
    expect(r, 422, "a payment one fen beyond the award", "invalid")
    r = f1.req("POST", base + "/payments", {"applicant": A, "amount": "2.5", "date": "2020-11-15"})
    expect(r, 201, "paid in full on the 30th day")
    check(r.json and {x["measure"]: x["value"] for x in r.json["measures"]}.get("on_time") == 100,
          "on time", r)
    r = f1.req("POST", base + "/conflicts", {"expert": "赵专家", "applicant": A, "reason": "亲属任职"})
    expect(r, 422, "a conflict declared after scoring", "invalid")
    r = f1.req("POST", base + "/conflicts", {"expert": "赵专家", "applicant": "91110000802100433B", "reason": "亲属任职"})
    expect(r, 201, "a conflict declared before scoring")
    r = f1.req("POST", base + "/scores", {"expert": "赵专家", "applicant": "91110000802100433B", "scores": [50, 30],
                                          "date": "2020-09-20"})
    expect(r, 422, "…and the expert may not score it", "invalid")
    expect(f1.req("POST", base + "/conflicts", {"expert": "钱专家", "applicant": A, "reason": "x"}), 404,
           "an unknown expert", "not_found")
    r = adm.get(base + "/audit")
    r2 = f1.req("POST", base + "/inspections", {"applicant": A, "date": "2020-10-20", "pass": False})
    expect(r2, 409, "an awarded application is not inspected again", "invalid_transition")
    check(r.status == 200 and [x["action"] for x in r.json["items"]][-8:] ==
          ["objection", "resolve", "recommend", "inspect", "award", "pay", "pay", "conflict"],
          "every act in the trail, nothing refused", r)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17):
    """A 统一社会信用代码 with its check character (GB 32100-2015)."""
    s = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return body17 + USCC_CHARS[(31 - s % 31) % 31]


R_LILING = uscc("91430281MR0LE1001")  # 醴陵市, county1's
R_YOUXIAN = uscc("91430223MR0LE1002")  # 攸县
R_TIANYUAN = uscc("91430211MR0LE1003")  # 天元区, 彭研究员's own county

ROLE_PROGRAMME = """title: 角色测试奖励项目
year: 2020
planned: 3
amount: 5
window: {from: 2020-03-01, to: 2020-12-31}
notice_days: 5
deadline_days: 30
calendar: calendar-cn-2020.txt
criteria: [{name: 创新, weight: 60}, {name: 管理, weight: 40}]
applicants:
  - {code: %s, name: 醴陵测试瓷业有限公司, county: 醴陵市}
  - {code: %s, name: 攸县测试机械有限公司, county: 攸县}
  - {code: %s, name: 天元测试智能有限公司, county: 天元区}
applications:
  - {applicant: %s, submitted: 2020-04-01}
  - {applicant: %s, submitted: 2020-04-02}
  - {applicant: %s, submitted: 2020-04-03}
experts:
  - {name: 彭研究员, county: 天元区, employer: 株洲市科技创新服务中心}
  - {name: 罗教授, county: 长沙市, employer: 中南大学}
""" % (R_LILING, R_YOUXIAN, R_TIANYUAN, R_LILING, R_YOUXIAN, R_TIANYUAN)

PROGRAMME_PEOPLE = ["expert1", "expert2", "county1", "applicant1"]


def t_programme_roles():
    """Each role at every programme endpoint: the programme's staff (the
    unit's filler, the admin) record everything; the department and the
    finance bureau read all of it; an expert sees and scores only what is
    assigned to them, a county recommender recommends only its county's, an
    applicant sees and applies for only its own; another region's sees no
    call.  Allowed and refused, each asserted."""
    section("programme roles")
    for u in PROGRAMME_PEOPLE:
        C[u] = Client(u)
        expect(C[u].do_login(), 200, "%s logs in" % u)
    f1, rv, ap1, adm = C["filler1"], C["reviewer1"], C["approver1"], C["admin"]
    ex1, ex2, co1, an1 = C["expert1"], C["expert2"], C["county1"], C["applicant1"]
    check(ex1.user and ex1.user["role"] == "expert" and ex1.user["subject"] == "彭研究员"
          and ex1.user["scope"]["name"] == "株洲市", "an expert's session: her region and her name", ex1.user)
    check(an1.user and an1.user["role_label"] == "申报企业" and an1.user["subject"] == CODE1,
          "an applicant's session: its credit code", an1.user)
    # the users' API: a subject exactly for the programme's own roles
    expect(adm.req("POST", "/api/users", {"login": "expert9", "name": "专家九", "role": "expert",
                                          "scope": ORG["株洲市"]}), 422, "an expert without a subject", "invalid")
    expect(adm.req("POST", "/api/users", {"login": "applicant9", "name": "企业九", "role": "applicant",
                                          "scope": ORG["株洲市"], "subject": "91430211MA4KK5MQEK"}), 422,
           "an applicant whose subject is no credit code", "invalid")
    expect(adm.req("POST", "/api/users", {"login": "filler9", "name": "填报九", "role": "filler",
                                          "scope": ORG["产业发展科"], "subject": "x"}), 422,
           "a filler with a subject", "invalid")
    r = adm.req("POST", "/api/users", {"login": "filler9", "name": "填报九", "role": "filler",
                                       "scope": ORG["产业发展科"], "subject": None})
    expect(r, 201, "a filler with a null subject, as any other role")
    r = adm.req("POST", "/api/users", {"login": "county9", "name": "攸县推荐人", "role": "county",
                                       "scope": ORG["株洲市"], "subject": "攸县"})
    expect(r, 201, "a county recommender with its county")
    check(r.status == 201 and (r.json.get("user") or r.json).get("subject") == "攸县", "…kept", r)

    # the seed's programme, as each sees it
    seed = next((x["id"] for x in (f1.get("/api/programmes").json or {}).get("items", [])
                 if x["title"] == PROGRAMME_TITLE), 0)
    for c, n in ((ex1, 1), (co1, 1), (an1, 1), (ex2, 0)):
        r = c.get("/api/programmes")
        check(r.status == 200 and len([x for x in r.json["items"] if x["title"] == PROGRAMME_TITLE]) == n,
              "%s lists %d of the seed's programme" % (c.login, n), r)
    s = "/api/programmes/%d" % seed
    r = f1.get(s)
    check(r.status == 200 and len(r.json["applications"]) == 13 and "measures" in r.json,
          "the unit's staff: all thirteen applications (one made above) and the measures", r)
    r = ex1.get(s)
    expect(r, 200, "an expert reads the call")
    j = r.json if r.status == 200 else {}
    check(sorted(a["applicant"] for a in j.get("applications", [])) == sorted(
          ["91430204MA4H5K2ERX", "91430203MA47X6DM6C", "91430281MA4M5FXUK0", "91430281MA4HPFR1E0",
           "91430223MA41TXBXUQ", "91430212MA463THNWX"]), "…only the six she scored", j.get("applications"))
    check("measures" not in j and j.get("counts", {}).get("experts") == 1 and j["counts"]["awards"] == 0
          and j["counts"]["responses"] == 0, "…no measures, no other expert, no money, no survey", j.get("counts"))
    r = co1.get(s)
    check(r.status == 200 and sorted(a["county"] for a in r.json["applications"]) == ["醴陵市", "醴陵市"]
          and r.json["counts"]["experts"] == 0 and r.json["counts"]["sheets"] == 0,
          "a county recommender: its county's two, no experts or sheets", r)
    r = an1.get(s)
    check(r.status == 200 and [a["applicant"] for a in r.json["applications"]] == [CODE1]
          and r.json["counts"]["awards"] == 1 and r.json["counts"]["payments"] == 1,
          "an applicant: its own application, award and payment", r)
    expect(ex2.get(s), 404, "another region's expert: not there", "not_found")
    for c in (ex1, co1, an1):
        expect(c.get(s + "/audit"), 403, "%s: no trail" % c.login, "forbidden")
        expect(c.get(s + "/derive?evaluation=1"), 403, "%s: no derived evaluation" % c.login, "forbidden")
    expect(rv.get(s + "/audit"), 200, "the finance bureau reads the trail")
    expect(ap1.get(s + "/audit"), 200, "so does the department")

    # a programme of their own to act in
    path = os.path.join(TMP, "role-programme.yaml")
    shutil.copy(os.path.join(ROOT, "examples", "calendar-cn-2020.txt"), TMP)
    with open(path, "w", encoding="utf-8") as f:
        f.write(ROLE_PROGRAMME)
    p = run_cli("programme", "load", "--unit", "产业发展科", "--db", DB_URL, path)
    check(p.returncode == 0, "the CLI stores the roles' programme", p.stderr.decode())
    pid = next((x["id"] for x in (f1.get("/api/programmes").json or {}).get("items", [])
                if x["title"] == "角色测试奖励项目"), 0)
    b = "/api/programmes/%d" % pid
    pdf = b"%PDF-1.4\n% roles\n%%EOF\n"
    # every act by every role that may not take it: 403, nothing recorded
    acts = [
        ("/applications", {"code": uscc("91430202MR0LE1004"), "name": "荷塘测试", "county": "荷塘区",
                           "date": "2020-05-01"}),
        ("/recommendations", {"applicant": R_LILING, "by": "醴陵市工业和信息化局", "date": "2020-05-01"}),
        ("/inspections", {"applicant": R_LILING, "date": "2020-05-10", "pass": True}),
        ("/assignments", {"expert": "罗教授", "applicant": R_LILING}),
        ("/scores", {"expert": "罗教授", "applicant": R_LILING, "scores": [50, 30], "date": "2020-06-01"}),
        ("/conflicts", {"expert": "罗教授", "applicant": R_LILING, "reason": "亲属任职"}),
        ("/notice", {"start": "2020-09-28", "end": "2020-10-10"}),
        ("/objections", {"applicant": R_LILING, "text": "反映", "date": "2020-09-30"}),
        ("/objections/1/resolve", {"resolution": "不成立", "date": "2020-10-01", "upheld": False}),
        ("/awards", {"applicant": R_LILING, "amount": 5, "date": "2020-10-16"}),
        ("/payments", {"applicant": R_LILING, "amount": 5, "date": "2020-10-20"}),
        ("/survey-links", {"applicant": R_LILING}),
    ]
    may = {"/applications": {"applicant1"}, "/recommendations": {"county1"},
           "/scores": {"expert1"}, "/conflicts": {"expert1"}}
    before = len(f1.get(b + "/audit").json["items"])
    for rest, body in acts:
        for c in (ex1, co1, an1, rv, ap1):
            if c.login in may.get(rest, ()):
                continue
            expect(c.req("POST", b + rest, body), 403, "%s may not POST %s" % (c.login, rest), "forbidden")
        expect(ANON.req("POST", b + rest, body), 401, "nor anyone without logging in: %s" % rest, "unauthorized")
    for c in (ex1, co1, rv, ap1):
        expect(c.req("POST", b + "/applications/%s/attachments?name=a.pdf" % R_LILING, pdf, ctype="application/pdf"),
               403, "%s attaches nothing" % c.login, "forbidden")
    expect(ex2.req("POST", b + "/scores", {"applicant": R_LILING, "scores": [50, 30], "date": "2020-06-01"}),
           404, "another region's expert: no such programme", "not_found")
    check(len(f1.get(b + "/audit").json["items"]) == before, "nothing refused was recorded")
    # the applicant: for itself only
    r = an1.req("POST", b + "/applications", {"code": R_YOUXIAN, "name": "攸县测试机械有限公司", "county": "攸县",
                                              "date": "2020-05-01"})
    expect(r, 403, "an applicant applies for no other enterprise", "forbidden")
    check("只能以本企业" in (r.error.get("message") or ""), "…says so", r)
    r = an1.req("POST", b + "/applications", {"code": CODE1, "name": "株洲硬质合金精密工具有限公司", "county": "天元区",
                                              "date": "2020-05-02"})
    expect(r, 201, "an applicant applies for itself")
    check(r.status == 201 and [a["applicant"] for a in r.json["applications"]] == [CODE1]
          and "measures" not in r.json, "…and sees its own application only", r)
    expect(an1.req("POST", b + "/applications/%s/attachments?name=a.pdf" % CODE1, pdf, ctype="application/pdf"),
           201, "…attaches to it")
    expect(an1.req("POST", b + "/applications/%s/attachments?name=b.pdf" % R_LILING, pdf + b" ",
                   ctype="application/pdf"), 403, "…but not to another's", "forbidden")
    # the county: its county's only
    r = co1.req("POST", b + "/recommendations", {"applicant": R_LILING, "by": "醴陵市工业和信息化局",
                                                 "letter": "醴工信〔2020〕9号", "rank": 1, "date": "2020-05-01"})
    expect(r, 201, "a county recommends its county's application")
    check(r.status == 201 and [a["applicant"] for a in r.json["applications"]] == [R_LILING]
          and r.json["applications"][0]["recommendation"]["by"] == "醴陵市工业和信息化局",
          "…which it sees recommended, and nothing else", r)
    expect(co1.req("POST", b + "/recommendations", {"applicant": R_YOUXIAN, "by": "醴陵市工业和信息化局",
                                                    "date": "2020-05-01"}), 404,
           "…not another county's", "not_found")
    # the expert: what is assigned to her, as herself
    expect(ex1.req("POST", b + "/scores", {"applicant": R_LILING, "scores": [50, 30], "date": "2020-06-01"}),
           404, "an expert scores nothing unassigned", "not_found")
    r = f1.req("POST", b + "/assignments", {"expert": "彭研究员", "applicant": R_TIANYUAN})
    expect(r, 422, "no assignment to an expert of the applicant's county", "invalid")
    check("同属一个县市区" in (r.error.get("message") or ""), "…says why", r)
    for code in (R_LILING, R_YOUXIAN):
        r = f1.req("POST", b + "/assignments", {"expert": "彭研究员", "applicant": code})
        expect(r, 201, "the staff assign an application to an expert")
    check(r.status == 201 and len(r.json["assignments"]) == 2, "…two assignments", r)
    expect(f1.req("POST", b + "/assignments", {"expert": "彭研究员", "applicant": R_LILING}), 422,
           "the same assignment twice", "invalid")
    expect(f1.req("POST", b + "/assignments", {"expert": "钱专家", "applicant": R_LILING}), 404,
           "an expert not in the pool", "not_found")
    r = ex1.get(b)
    check(r.status == 200 and sorted(a["applicant"] for a in r.json["applications"]) == sorted([R_LILING, R_YOUXIAN])
          and len(r.json["assignments"]) == 2, "the expert sees what is assigned to her", r)
    r = ex1.req("POST", b + "/scores", {"expert": "罗教授", "applicant": R_LILING, "scores": [50, 30],
                                        "date": "2020-06-01"})
    expect(r, 403, "an expert scores for no one else", "forbidden")
    r = ex1.req("POST", b + "/scores", {"applicant": R_LILING, "scores": [50, 30], "date": "2020-06-01"})
    expect(r, 201, "an expert scores an assigned application, as herself")
    check(r.status == 201 and r.json["counts"]["sheets"] == 1 and r.json["counts"]["experts"] == 1,
          "…her sheet, and no other expert", r)
    r = ex1.req("POST", b + "/conflicts", {"applicant": R_YOUXIAN, "reason": "近三年曾为该企业提供咨询"})
    expect(r, 201, "an expert declares a conflict on an assigned application")
    r = ex1.req("POST", b + "/scores", {"applicant": R_YOUXIAN, "scores": [50, 30], "date": "2020-06-01"})
    expect(r, 422, "…and may not score it then", "invalid")
    expect(ex1.req("POST", b + "/conflicts", {"applicant": R_TIANYUAN, "reason": "x"}), 404,
           "…nor declares on one she does not see", "not_found")
    r = adm.get(b + "/audit")
    last = [(x["action"], x["by"]) for x in r.json["items"]][-7:] if r.status == 200 else []
    check(last == [("apply", "applicant1"), ("attach", "applicant1"), ("recommend", "county1"),
                   ("assign", "filler1"), ("assign", "filler1"), ("score", "expert1"), ("conflict", "expert1")],
          "each act in the trail with who took it", last)
    # an assignment withdrawn (撤回分配) by the staff, while its sheet is not in
    one = {"expert": "彭研究员", "applicant": R_YOUXIAN}
    for c in (ex1, co1, an1, rv, ap1):
        expect(c.req("DELETE", b + "/assignments", one), 403, "%s withdraws no assignment" % c.login, "forbidden")
    expect(ANON.req("DELETE", b + "/assignments", one), 401, "nor anyone without logging in", "unauthorized")
    expect(f1.req("DELETE", b + "/assignments", one, csrf=False), 403, "…nor the staff without the CSRF token",
           "csrf")
    r = f1.req("DELETE", b + "/assignments", {"expert": "彭研究员", "applicant": R_LILING})
    expect(r, 409, "an assignment whose sheet is in stays", "conflict")
    check("已提交" in (r.error.get("message") or "") and "不能撤回分配" in (r.error.get("message") or ""),
          "…says why, in Chinese", r)
    expect(f1.req("DELETE", b + "/assignments", {"expert": "彭研究员", "applicant": R_TIANYUAN}), 404,
           "no such assignment", "not_found")
    expect(f1.req("DELETE", b + "/assignments", {"expert": "钱专家", "applicant": R_YOUXIAN}), 404,
           "an expert not in the pool", "not_found")
    expect(f1.req("DELETE", b + "/assignments", {"expert": "彭研究员"}), 400, "the applicant is required",
           "bad_request", "/applicant")
    r = f1.req("DELETE", b + "/assignments", one)
    expect(r, 200, "the staff withdraw an assignment not scored")
    check(r.status == 200 and r.json["assignments"] == [{"expert": "彭研究员", "applicant": R_LILING}],
          "…the scored one remains", r)
    expect(f1.req("DELETE", b + "/assignments", one), 404, "…once", "not_found")
    r = adm.get(b + "/audit")
    check(r.status == 200 and [(x["action"], x["by"], x["detail"]) for x in r.json["items"]][-1:]
          == [("unassign", "filler1", "彭研究员")], "…one line in the trail", r)
    r = ex1.get(b)
    check(r.status == 200 and [a["applicant"] for a in r.json["applications"]] == [R_LILING],
          "the expert no longer sees the withdrawn application", r)

    # the lists as workbooks: for those who see every record
    import openpyxl
    for lst, title, n in (("awards", "获奖名单", 8), ("scores", "专家评分表", 24), ("payments", "资金拨付明细", 8)):
        r = f1.get(s + "/xlsx/" + lst)
        expect(r, 200, "the staff download the %s" % title)
        try:
            ws = openpyxl.load_workbook(io.BytesIO(r.body), data_only=True).active
            rows = [x for x in ws.iter_rows(values_only=True)]
            check(ws.title == title and rows[2][0] == "序号" and rows[2][1] == "统一社会信用代码"
                  and len([x for x in rows[3:] if x[0] not in ("合计", None)]) == n,
                  "openpyxl reads %s: Chinese headers, %d rows" % (title, n), rows[:4])
        except Exception as e:  # noqa: BLE001 — an unreadable workbook is one failure
            check(False, "openpyxl reads %s" % title, e)
        check("filename*=UTF-8''" in (r.headers.get("Content-Disposition") or ""),
              "…named in Chinese", r.headers.get("Content-Disposition"))
        expect(rv.get(s + "/xlsx/" + lst), 200, "the finance bureau too: %s" % lst)
        for c in (ex1, co1, an1):
            expect(c.get(s + "/xlsx/" + lst), 403, "not %s: %s" % (c.login, lst), "forbidden")
        expect(ANON.get(s + "/xlsx/" + lst), 401, "not without logging in: %s" % lst, "unauthorized")
    r = f1.get(s + "/xlsx/payments")
    ws = openpyxl.load_workbook(io.BytesIO(r.body), data_only=True).active
    last = [x for x in ws.iter_rows(values_only=True)][-1]
    check(last[0] == "合计" and last[8] == 80, "the payments add up to 80万元", last)
    expect(f1.get(s + "/xlsx/minutes"), 404, "no such list", "not_found")
    expect(C["filler2"].get(s + "/xlsx/awards"), 404, "not another unit's programme", "not_found")


def main():
    t0 = time.time()
    timing = []

    def timed(fn, *a):
        s = time.time()
        try:
            out = fn(*a)
        except Exception as e:  # noqa: BLE001 — a crash is one failure, the rest still runs
            import traceback
            traceback.print_exc()
            check(False, "%s raised %s: %s" % (fn.__name__, type(e).__name__, e))
            out = None
        timing.append((fn.__name__, time.time() - s))
        return out

    timed(t_basics)
    timed(t_login)
    r = C["admin"].get("/api/orgs") if "admin" in C else None
    if not r or r.status != 200:
        print("FAIL cannot list the organisations; stopping")
        return 1
    for o in r.json["items"]:
        ORG[o["name"]] = o["id"]
    timed(t_create)
    evil_id = timed(t_bad_input)
    t_downloads.evil_id = evil_id
    timed(t_strict)
    timed(t_paths)
    pub = timed(t_workflow, evil_id or 1)
    timed(t_access, pub)
    timed(t_concurrency)
    timed(t_csrf)
    if pub:
        timed(t_downloads, pub)
    timed(t_admin)
    timed(t_password)
    timed(t_lists)
    timed(t_todo)
    timed(t_overview)
    timed(t_review)
    timed(t_aggregate)
    timed(t_facets)
    if pub:
        timed(t_export, pub)
    timed(t_odd_text)
    timed(t_cycle)
    timed(t_library)
    timed(t_programme)
    timed(t_programme_acts)
    timed(t_programme_roles)
    timed(t_import)
    timed(t_address_throttle)  # last: no logins from here after it
    section("end")
    expect(ANON.get("/healthz"), 200, "the server still serves")
    timed(t_access_log)
    print("# timing: " + ", ".join("%s %.1fs" % (n, t) for n, t in timing))
    print("# %d checks: %d ok, %d failed; %d responses validated against openapi.json (%d disagreed); %.1f s on %s"
          % (stats["checks"], stats["ok"], stats["fail"] - stats["spec_fail"], stats["responses"],
             stats["spec_fail"], time.time() - t0, BACKEND))
    if len(spec_seen):
        print("# disagreements with openapi.json (each a failure once; times seen):")
        for k, n in spec_seen.items():
            print("#   %dx %s" % (n, k if isinstance(k, str) else " ".join(str(x) for x in k)[:400]))
    if failures:
        print("# failures:")
        for f in failures:
            print("#   " + f)
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if stats["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
