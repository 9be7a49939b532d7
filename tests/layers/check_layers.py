#!/usr/bin/env python3
"""The include graph of include/dynorm keeps its layers: a header includes only headers of its own
layer or of a lower one (see README, "Layout"); a layer's detail/ serves that layer only, but for
the shared helpers' one home each; and no header reaches itself through its includes. Exits 1
naming every edge that breaks a rule."""
import os
import re
import sys

root = os.path.join(sys.argv[1], "include")

# Lowest first. A path is matched by the first prefix it starts with.
LAYERS = [
    ("base", ["dynorm/version.hpp", "dynorm/fwd.hpp", "dynorm/error.hpp"]),
    ("reflect", ["dynorm/reflect.hpp"]),
    ("codec", ["dynorm/codec/"]),
    ("schema", ["dynorm/schema/", "dynorm/schema.hpp"]),
    ("dsl", ["dynorm/dsl/", "dynorm/dsl.hpp"]),
    ("protocol", ["dynorm/protocol/"]),
    ("wire", ["dynorm/wire/"]),
    ("api", ["dynorm/"]),
]


def layer_of(path):
    for rank, (name, prefixes) in enumerate(LAYERS):
        if any(path == p or (p.endswith("/") and path.startswith(p)) for p in prefixes):
            return rank, name
    raise SystemExit(f"{path}: in no layer")


headers = {}
for folder, _, files in os.walk(os.path.join(root, "dynorm")):
    for f in files:
        if f.endswith((".hpp", ".ipp")):  # .ipp: a header's definitions (separate compilation)
            path = os.path.relpath(os.path.join(folder, f), root)
            text = open(os.path.join(root, path), encoding="utf-8").read()
            headers[path] = re.findall(r'^\s*#\s*include\s*<(dynorm/[^>]+)>', text, re.M)

# The helpers several layers share, each in the detail/ of its lowest user.
SHARED_DETAIL = {"dynorm/codec/detail/text.hpp", "dynorm/wire/detail/crc32.hpp"}


def detail_owner(path):
    """The layer whose detail/ holds path, or None."""
    parts = path.split("/")
    if "detail" not in parts[:-1]:
        return None
    return layer_of("/".join(parts[: parts.index("detail")]) + "/x.hpp")[1]


problems = []
for path, includes in sorted(headers.items()):
    rank, name = layer_of(path)
    for inc in includes:
        if inc not in headers:
            problems.append(f"{path} includes {inc}, which doesn't exist")
            continue
        inc_rank, inc_name = layer_of(inc)
        if inc_rank > rank:
            problems.append(f"{path} ({name}) includes {inc} ({inc_name}): a lower layer includes a higher one")
        owner = detail_owner(inc)
        if owner is not None and owner != name and inc not in SHARED_DETAIL:
            problems.append(f"{path} ({name}) includes {inc}, a detail of the {owner} layer")

# No circles: depth-first search over the include edges.
state = {}


def visit(path, stack):
    state[path] = "open"
    for inc in headers.get(path, []):
        if inc not in headers:
            continue
        if state.get(inc) == "open":
            problems.append("include circle: " + " -> ".join(stack[stack.index(inc):] + [inc]))
        elif inc not in state:
            visit(inc, stack + [inc])
    state[path] = "done"


for path in sorted(headers):
    if path not in state:
        visit(path, [path])

for p in problems:
    print(p)
print(f"{len(headers)} headers, {sum(len(v) for v in headers.values())} includes, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
