#!/usr/bin/env python3
"""Report which Sigma logsources of a rule tree are served by Vigil's mapping files.

usage: tools/mapping_coverage.py SIGMA_DIR [MAPPING.yml ...]

SIGMA_DIR is a checkout of SigmaHQ/sigma; the rule folders rules, rules-*
below it are scanned. Without MAPPING files the bundled ones under
src/main/resources/dev/vigil/mapping/ are used. A rule is "mapped" when some
mapping entry's logsource names every product/category/service the rule names
(with equal values). Prints one line per (product, category, service) triple:
count, MAPPED/UNMAPPED, triple. Exit status 0 always; this is a survey tool.
"""
import collections, glob, os, sys
import yaml

KEYS = ("product", "category", "service")


def rule_triples(sigma_dir):
    c = collections.Counter()
    for d in sorted(glob.glob(os.path.join(sigma_dir, "rules*"))):
        for root, _, files in os.walk(d):
            for f in files:
                if not f.endswith((".yml", ".yaml")):
                    continue
                with open(os.path.join(root, f), encoding="utf-8") as fh:
                    for doc in yaml.safe_load_all(fh):
                        if isinstance(doc, dict) and isinstance(doc.get("logsource"), dict):
                            ls = doc["logsource"]
                            c[tuple((ls.get(k) or None) for k in KEYS)] += 1
    return c


def check_format(path, data):
    """Return a list of problems with the mapping file format."""
    bad = []
    if not isinstance(data, dict) or set(data) != {"family", "logsources"}:
        return [f"{path}: top level must have exactly family and logsources"]
    for i, e in enumerate(data["logsources"]):
        where = f"{path}: entry {i}"
        if not isinstance(e, dict) or not {"logsource", "when"} <= set(e) <= {"logsource", "when", "fields"}:
            bad.append(f"{where}: keys must be logsource, when[, fields]"); continue
        ls = e["logsource"]
        if not isinstance(ls, dict) or not ls or not set(ls) <= set(KEYS) or \
                any(not isinstance(v, str) or v != v.lower() for v in ls.values()):
            bad.append(f"{where}: bad logsource {ls}")
        whens = e["when"] if isinstance(e["when"], list) else [e["when"]]
        for w in whens:
            if not isinstance(w, dict):
                bad.append(f"{where}: when must be a map or a list of maps"); continue
            for k, v in w.items():
                for x in (v if isinstance(v, list) else [v]):
                    if k == "EventID" and not isinstance(x, int):
                        bad.append(f"{where}: EventID {x!r} must be an integer")
                    elif not isinstance(x, (str, int)):
                        bad.append(f"{where}: value {x!r} of {k} must be text")
        for k, v in (e.get("fields") or {}).items():
            if not (isinstance(v, str) or (isinstance(v, dict) and set(v) == {"values"})):
                bad.append(f"{where}: field {k} must map to a name or {{values: [...]}}")
    return bad


def mapped_logsources(paths):
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if "logsources" not in data:  # shapes.yml: event shapes, no logsource entries
            continue
        for problem in check_format(p, data):
            print("FORMAT", problem)
        for e in data["logsources"]:
            out.append({k: str(v).lower() for k, v in e["logsource"].items()})
    return out


def is_mapped(triple, entries):
    want = {k: str(v).lower() for k, v in zip(KEYS, triple) if v is not None}
    return any(all(e.get(k) == v for k, v in want.items()) for e in entries)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    maps = sys.argv[2:] or sorted(glob.glob(os.path.join(
        here, "..", "src", "main", "resources", "dev", "vigil", "mapping", "*.yml")))
    entries = mapped_logsources(maps)
    triples = rule_triples(sys.argv[1])
    tot = collections.Counter()
    for t, n in sorted(triples.items(), key=lambda kv: tuple(str(x) for x in kv[0])):
        m = is_mapped(t, entries)
        tot[m] += n
        print(f"{n:5d}  {'MAPPED  ' if m else 'UNMAPPED'}  " + "  ".join(f"{k}={v}" for k, v in zip(KEYS, t) if v))
    print(f"rules with mapped logsource: {tot[True]}, unmapped: {tot[False]}")


if __name__ == "__main__":
    main()
