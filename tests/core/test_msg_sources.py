#!/usr/bin/env python3
"""Every English format in the catalogue of src/core/msg.c is one a reader
still makes: found, as a C string literal, in some other file of src/.  A
message reworded in its reader without its catalogue entry fails here.
    test_msg_sources.py SOURCE_DIR"""
import os
import re
import sys

src = os.path.join(sys.argv[1], "src")
LIT = r'"(?:[^"\\\n]|\\.)*"'


def joined(text):
    # adjacent literals are one string: "ab" "cd" -> "abcd"
    return re.sub(r'"\s*\n\s*"', "", re.sub(r'"[ \t]+"', "", text))


catalogue = open(os.path.join(src, "core", "msg.c"), encoding="utf-8").read()
body = catalogue[catalogue.index("catalogue[] = {"):catalogue.index("static const struct noun")]
entries = re.findall(r"\{\s*(%s(?:\s*%s)*)\s*,\s*(%s(?:\s*%s)*)\s*,\s*(PLAIN|GENERIC)\s*\}" % (LIT, LIT, LIT, LIT), body)
formats = [joined(en) for en, _, _ in entries]
if len(formats) < 50:
    sys.exit("test_msg_sources: only %d entries read from msg.c" % len(formats))

sources = []
for root, _, files in os.walk(src):
    for f in files:
        if f.endswith(".c") and f != "msg.c":
            sources.append(joined(open(os.path.join(root, f), encoding="utf-8").read()))
every = "\n".join(sources)
missing = [f for f in formats if f not in every and f != '"%s: %s"']
for f in missing:
    print("not made by any reader:", f)
print("%d formats, %d found in src/" % (len(formats), len(formats) - len(missing)))
sys.exit(1 if missing else 0)
