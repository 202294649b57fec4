#!/bin/sh
# jixiao review: the seeded stratified sample (the same seed redraws the
# same sample, and an independent transcription of the algorithm agrees),
# bulk 复核 from a workbook with errors at their cells, the quality
# measures.  On SQLite, or on the PostgreSQL named by $JX_TEST_DB.
# Run from the source directory: tests/cli/test_review.sh path/to/jixiao
set -u
jixiao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
vec=$(pwd)/tests/vectors/import
py=/usr/bin/python3
. "$(dirname "$0")/../common/lib.sh"
. "$(dirname "$0")/../common/store.sh"
cd "$tmp" || exit 1
J org add region 株洲市 >/dev/null
for dep in 工信局 财政局 教育局; do
	J org add department $dep --parent 株洲市 >/dev/null
	J org add unit ${dep}本级 --parent $dep >/dev/null
done
J org add region 湘潭市 >/dev/null
J org add department 湘潭工信局 --parent 湘潭市 >/dev/null
J org add unit 湘潭工信局本级 --parent 湘潭工信局 >/dev/null
printf 'pw-reviewer-1\n' | J user add fuhe --role reviewer --org 株洲市 --password-stdin >/dev/null
printf 'pw-reviewer-2\n' | J user add xt --role reviewer --org 湘潭市 --password-stdin >/dev/null

# 60 forms: three departments, budgets in three bands, 8家 … 10家 actual
mkdir in
i=0
for dep in 工信局 财政局 教育局; do
	for k in $(seq 1 20); do
		adj=$((k * 40))
		act=$((8 + k % 3))
		sed -e "s/^department: .*/department: $dep/" -e '/^unit:/d' \
			-e "s/^project: .*/project: 项目$i/" \
			-e "s/adjusted: 80, executed: 80/adjusted: $adj, executed: $adj/g" \
			-e "s/^    actual: 8家/    actual: ${act}家/" "$vec/seed.yaml" >in/f$i.yaml
		i=$((i + 1))
	done
done
sed -e "s/^department: .*/department: 湘潭工信局/" -e '/^unit:/d' "$vec/seed.yaml" >in/xt.yaml
J import in --report rep -q >/dev/null 2>&1
check "61 imported" [ "$(q 'SELECT COUNT(*) FROM evaluations')" = 61 ]
q "UPDATE evaluations SET state = 'approved'" >/dev/null

# --- the sample ---
J review sample --seed 2020年复核 --year 2020 --rate 10% --min 1 --user fuhe >s1.csv 2>err
check "sample runs" [ $? -eq 0 ]
J review sample --seed 2020年复核 --year 2020 --rate 10% --min 1 --user fuhe >s2.csv
check "the same seed draws the same sample" cmp -s s1.csv s2.csv
J review sample --seed 另一个 --year 2020 --rate 10% --min 1 --user fuhe >s3.csv
check "another seed draws another" sh -c '! cmp -s s1.csv s3.csv'
check "the reviewer's region only (60 of 61)" grep -q "of 60," s1.csv
J review sample --seed 2020年复核 --year 2020 --rate 10% --user fuhe --json >s.json
if [ -n "${JX_TEST_DB:-}" ]; then adj="(e.result_json::jsonb #>> '{budget,adjusted}')"
else adj="json_extract(e.result_json, '\$.budget.adjusted')"; fi
q "SELECT e.id || '|' || e.department || '|' || $adj || '|' || e.grade FROM evaluations e
   JOIN orgs r ON r.id = e.region WHERE r.name = '株洲市'" >pop.txt
$py - <<'PY' || { echo "FAIL: an auditor's redraw differs"; fail=$((fail + 1)); }
import json, math
M = (1 << 64) - 1
def fnv(h, s):
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) & M
    return h
def rng(seed, stream):
    h = fnv(0xcbf29ce484222325, seed)
    h = ((h ^ 0xff) * 0x100000001b3) & M
    h = fnv(h, stream)
    s = []
    for _ in range(4):
        h = (h + 0x9e3779b97f4a7c15) & M
        z = h
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
        s.append(z ^ (z >> 31))
    return s
rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
def nxt(s):
    out = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 17) & M
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
    return out
def below(s, n):
    floor = ((1 << 64) - n) % n
    while True:
        x = nxt(s)
        if x >= floor:
            return x % n
j = json.load(open("s.json"))
# the population by stratum, from the database as the auditor sees it
import subprocess, os
strata = {st["key"]: st for st in j["strata"]}
assert sum(st["size"] for st in j["strata"]) == j["population"] == 60
members = {}
for line in open("pop.txt"):
    i, dep, adj, grade = line.rstrip("\n").split("|")
    a = float(adj)
    band = "<50万" if a < 50 else ("50-500万" if a < 500 else "≥500万")
    members.setdefault(f"{dep}|{band}|{grade}", []).append(int(i))
assert set(members) == set(strata), (set(members) ^ set(strata))
want = set()
for key, ids in members.items():
    ids.sort()
    k = max(math.ceil(len(ids) * j["rate_bp"] / 10000), j["min"])
    k = min(k, len(ids))
    s = rng(j["seed"], key)
    for t in range(k):
        p = t + below(s, len(ids) - t)
        ids[t], ids[p] = ids[p], ids[t]
    want |= set(ids[:k])
got = {it["id"] for it in j["items"]}
assert got == want, (sorted(got), sorted(want))
PY
check "json and table agree" [ "$(tail -n +3 s1.csv | cut -d, -f1 | sort -n | tr '\n' ' ')" = \
	"$($py -c 'import json; print(" ".join(str(i["id"]) for i in sorted(json.load(open("s.json"))["items"], key=lambda i: i["id"])), end=" ")')" ]
J review sample --year 2020 --user fuhe >/dev/null 2>&1
check "no seed is a usage error" [ $? -eq 2 ]

# --- bulk 复核 from a workbook ---
first=$(tail -n +3 s1.csv | head -1 | cut -d, -f1)
second=$(tail -n +3 s1.csv | sed -n 2p | cut -d, -f1)
xt=$(q "SELECT e.id FROM evaluations e JOIN orgs r ON r.id = e.region WHERE r.name = '湘潭市'")
$py - "$first" "$second" "$xt" <<'PY'
import sys, openpyxl
a, b, xt = sys.argv[1:]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "复核"
ws.append(["2020年度复核结果"])
ws.append(["编号", "项目", "复核得分", "复核意见"])
ws.append([int(a), "", 90, "抽查复核：指标完成情况属实"])
ws.append([int(b), "", "九十", "得分不是数字"])
ws.append([int(xt), "", 80, "另一地区的"])
ws.append([99999, "", 80, "没有这个"])
ws.append([int(b), "", 101, "超出总分"])
ws.append([int(b), "", 85, None])
ws.append([int(b), "", 85.5, "复核通过"])
wb.save("review.xlsx")
PY
J review import review.xlsx --user fuhe >out 2>err
check "bulk review exits 1 when rows are wrong" [ $? -eq 1 ]
check "two rows reviewed" grep -q "2 of 7 rows reviewed" err
check "a score that is no number, at its cell" grep -q "review.xlsx:复核!C4: error: expected the review score" err
check "another region's evaluation is not found" grep -q "review.xlsx:复核!A5: error:" err
check "an unknown id" grep -q "review.xlsx:复核!A6: error:" err
check "a score above the total" grep -q "review.xlsx:复核!C7: error:" err
check "no opinion" grep -q "review.xlsx:复核!D8: error: the review opinion" err
check "the review is stored" [ "$(q "SELECT review_total FROM evaluations WHERE id IN ($first, $second) ORDER BY id" | tr '\n' ' ')" = \
	"$(if [ "$first" -lt "$second" ]; then echo "9000 8550 "; else echo "8550 9000 "; fi)" ]

# --- quality ---
J review quality --year 2020 --user fuhe >qual.csv
check "quality runs" [ $? -eq 0 ]
dep=$(q "SELECT dp.name FROM evaluations e JOIN orgs dp ON dp.id = e.department WHERE e.id = $first")
self1=$(q "SELECT total FROM evaluations WHERE id = $first")
check "quality ranks the reviewed first" sh -c "sed -n 2p qual.csv | grep -q '^1,'"
check "quality covers three departments" [ "$(tail -n +2 qual.csv | wc -l)" -eq 3 ]
J review quality --year 2020 --json >qual.json
check "quality as JSON, every region for an admin" [ "$($py -c 'import json; print(len(json.load(open("qual.json"))))')" = 4 ]

echo "review: $fail failures"
[ "$fail" -eq 0 ]
