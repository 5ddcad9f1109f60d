"""schema_check.py - checks many deafen documents in one process (schema.sh)

python3 schema_check.py SCHEMA_DIR MANIFEST RESULTS [--some]

MANIFEST has one document pair a line, tab-separated:
    LABEL SCHEMA MODE JSON_FILE XML_FILE JSON_STATUS XML_STATUS STDERR_FILE
SCHEMA names schema/SCHEMA.schema.json. Each JSON_FILE must be strict UTF-8
and strict JSON (no duplicate key, no NaN) that the schema accepts; an
error document's "status" is the exit status, and "deafen: ERROR" is the
first line of STDERR_FILE. XML_FILE ("-": none) must be well-formed, its
root <deafen>, with the JSON's names: an object's keys are its children
in the same order, an array's items its children, null is null="true".
MODE: values (the same values too), shape (the same keys, array lengths
and types: two runs of a command that makes a backup id), names (the same
keys only: scan's live listeners may come and go between the two runs),
reject (a deliberately broken pair: it passes when something rejects it).
RESULTS gets "pass<TAB>LABEL" or "fail<TAB>LABEL<TAB>WHY" lines; without
--some, a schema no document was checked against is a failure too.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

import jsonschema


def load_schemas(sdir):
    schemas = {}
    for f in sorted(os.listdir(sdir)):
        if f.endswith(".schema.json"):
            with open(os.path.join(sdir, f), encoding="utf-8") as fh:
                schemas[f[: -len(".schema.json")]] = json.load(fh)
    return schemas


def make_validators(schemas):
    cls = jsonschema.Draft202012Validator
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource

        reg = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return {k: cls(s, registry=reg) for k, s in schemas.items()}
    except ImportError:  # Debian 12's 4.10
        store = {s["$id"]: s for s in schemas.values()}
        return {k: cls(s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
                for k, s in schemas.items()}


def no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise ValueError("duplicate key %r" % k)
        seen[k] = v
    return seen


def bad_constant(c):
    raise ValueError("not JSON: %s" % c)


def parse_json(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    text = raw.decode("utf-8")  # strict: a raw 0xE9 fails here
    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=bad_constant)


def where(path):
    return "/".join(path) or "/"


def compare(j, x, mode, path, top=False):
    """None when XML element X carries JSON value J, else why not."""
    if isinstance(j, dict):
        kids = list(x)
        if top and kids and kids[-1].tag == "tree":
            kids = kids[:-1]  # list's Augeas tree, beside the document's members
        keys, tags = list(j.keys()), [k.tag for k in kids]
        if keys != tags:
            return "%s: json keys %s, xml elements %s" % (where(path), keys, tags)
        for k, kid in zip(keys, kids):
            why = compare(j[k], kid, mode, path + [k])
            if why:
                return why
        return None
    if isinstance(j, list):
        kids = list(x)
        if len({k.tag for k in kids}) > 1:
            return "%s: items of several names %s" % (where(path), sorted({k.tag for k in kids}))
        if len(j) != len(kids) and mode != "names":
            return "%s: %d json items, %d xml items" % (where(path), len(j), len(kids))
        for i, (item, kid) in enumerate(zip(j, kids)):
            why = compare(item, kid, mode, path + [str(i)])
            if why:
                return why
        return None
    if len(x) > 0:
        return "%s: json scalar %r, xml element with children" % (where(path), j)
    text = x.text or ""
    if j is None:
        if mode == "names":
            return None
        if x.get("null") != "true" or text:
            return "%s: json null, xml %r" % (where(path), text)
        return None
    if x.get("null") == "true":
        return None if mode == "names" else "%s: json %r, xml null" % (where(path), j)
    if mode == "names":
        return None
    if isinstance(j, bool):
        want = "true" if j else "false"
    elif isinstance(j, int):
        want = str(j)
    else:
        want = j
    if mode == "shape" and isinstance(j, str):
        return None
    if text != want:
        return "%s: json %r, xml %r" % (where(path), want[:80], text[:80])
    return None


def check(v, label, schema, mode, jfile, xfile, jrc, xrc, errfile):
    """None when the pair is right, else why not."""
    try:
        doc = parse_json(jfile)
    except (UnicodeDecodeError, ValueError) as e:
        return "%s: not strict JSON: %s" % (os.path.basename(jfile), e)
    errs = sorted(v[schema].iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errs:
        e = errs[0]
        return "%s: schema %s: at %s: %s" % (
            os.path.basename(jfile), schema, "/".join(map(str, e.absolute_path)) or "/",
            e.message[:300])
    if schema == "error":
        if doc["status"] != int(jrc):
            return "status %d in the document, exit %s" % (doc["status"], jrc)
        first = ""
        if errfile != "-" and os.path.exists(errfile):
            with open(errfile, "rb") as fh:
                first = fh.read().decode("utf-8", "replace").split("\n")[0]
        if errfile != "-" and first != "deafen: " + doc["error"]:
            return "first line of stderr %r, document's error %r" % (first, doc["error"])
    if xfile == "-":
        return None
    if jrc != xrc:
        return "exit %s with json, %s with xml" % (jrc, xrc)
    try:
        root = ET.parse(xfile).getroot()
    except ET.ParseError as e:
        return "%s: not well-formed: %s" % (os.path.basename(xfile), e)
    if root.tag != "deafen":
        return "xml root <%s>, not <deafen>" % root.tag
    if schema == "list" and (len(root) == 0 or root[-1].tag != "tree"):
        return "list's xml has no <tree>"
    return compare(doc, root, mode, [], top=True)


def main():
    sdir, manifest, results = sys.argv[1:4]
    some = sys.argv[4:] == ["--some"]
    schemas = load_schemas(sdir)
    out = []
    for name, s in schemas.items():
        try:
            jsonschema.Draft202012Validator.check_schema(s)
        except jsonschema.SchemaError as e:
            out.append("fail\tschema/%s.schema.json is no draft 2020-12 schema\t%s"
                       % (name, e.message))
    v = make_validators(schemas)
    used = set()
    with open(manifest, encoding="utf-8") as fh:
        for line in fh:
            label, schema, mode, jfile, xfile, jrc, xrc, errfile = line.rstrip("\n").split("\t")
            if schema not in v:
                out.append("fail\t%s\tno schema/%s.schema.json" % (label, schema))
                continue
            try:
                why = check(v, label, schema, mode, jfile, xfile, jrc, xrc, errfile)
            except Exception as e:  # a bug here must fail, not pass
                why = "checker: %r" % e
            if mode == "reject":
                out.append(("pass\t%s (rejected: %s)" % (label, why[:150])) if why
                           else "fail\t%s\tthe broken document was accepted" % label)
                continue
            used.add(schema)
            out.append("pass\t%s" % label if why is None
                       else "fail\t%s\t%s" % (label, why.replace("\n", " ")))
    for name in sorted(set(schemas) - used - {"common"} if not some else []):
        out.append("fail\tschema/%s.schema.json\tno document was checked against it" % name)
    with open(results, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


main()
