#!/usr/bin/env python3
"""Which TrustBeat classes the enclave can reach, and their source lines (docs/TCB.md).

Reads the constant pools of the compiled classes of the enclave's modules and follows every
class they name (class constants and descriptors), starting at the enclave's entry point.
Reflection and ServiceLoader are not followed; the enclave code uses neither for its own classes.

  python3 tools/tcb_reach.py            # after a build (target/classes of the five modules)
"""
import os
import re
import struct
import sys

MODULES = ["codec", "hrv", "protocol", "attestation", "enclave"]
ROOT = "org/trustbeat/enclave/internal/EnclaveMain"
DESCRIPTOR = re.compile(r"L(org/trustbeat/[A-Za-z0-9_/$]+);")


def pool_names(data):
    """Class names a class file mentions: class constants and org/trustbeat types in descriptors."""
    if data[:4] != b"\xca\xfe\xba\xbe":
        raise ValueError("not a class file")
    count = struct.unpack(">H", data[8:10])[0]
    pos, i = 10, 1
    utf8, classes = {}, []
    while i < count:
        tag = data[pos]
        pos += 1
        if tag == 1:
            n = struct.unpack(">H", data[pos:pos + 2])[0]
            utf8[i] = data[pos + 2:pos + 2 + n].decode("utf-8", "replace")
            pos += 2 + n
        elif tag in (3, 4):
            pos += 4
        elif tag in (5, 6):
            pos += 8
            i += 1
        elif tag == 7:
            classes.append(struct.unpack(">H", data[pos:pos + 2])[0])
            pos += 2
        elif tag in (8, 16, 19, 20):
            pos += 2
        elif tag in (9, 10, 11, 12, 17, 18):
            pos += 4
        elif tag == 15:
            pos += 3
        else:
            raise ValueError("unknown constant pool tag %d" % tag)
        i += 1
    names = {utf8[c].lstrip("[").removeprefix("L").removesuffix(";") for c in classes}
    for s in utf8.values():
        names.update(DESCRIPTOR.findall(s))
    return names


def main(top):
    classes = {}
    for m in MODULES:
        base = os.path.join(top, m, "target", "classes")
        for d, _, files in os.walk(base):
            for f in files:
                if f.endswith(".class"):
                    p = os.path.join(d, f)
                    classes[os.path.relpath(p, base)[:-6]] = (m, p)
    if ROOT not in classes:
        sys.exit("no compiled %s under */target/classes; build first" % ROOT)
    seen, todo = set(), [ROOT]
    while todo:
        c = todo.pop()
        if c in seen or c not in classes:
            continue
        seen.add(c)
        with open(classes[c][1], "rb") as fh:
            todo.extend(pool_names(fh.read()))
    sources = {}
    for c in seen:
        m = classes[c][0]
        sources[(m, c.split("$")[0] + ".java")] = None
    total = 0
    for m in MODULES:
        files = sorted(s for mm, s in sources if mm == m)
        lines = 0
        for s in files:
            with open(os.path.join(top, m, "src", "main", "java", s), encoding="utf-8") as fh:
                n = sum(1 for _ in fh)
            lines += n
            print("%-12s %5d  %s" % (m, n, s[:-5].replace("/", ".")))
        print("%-12s %5d  lines in %d reachable source files" % (m, lines, len(files)))
        total += lines
    print("%-12s %5d  lines reachable from %s" % ("total", total, ROOT.replace("/", ".")))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
