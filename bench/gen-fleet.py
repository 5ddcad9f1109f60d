#!/usr/bin/python3
"""gen-fleet.py - N synthetic host documents for deafen report, from real ones.

Usage: gen-fleet.py TEMPLATES OUTDIR N

TEMPLATES holds, for each fixture root NAME, what deafen wrote on it:
NAME.asis.list.json and NAME.asis.verify.json (the root as it is, verify
--keep ssh: everything it would disable comes back), NAME.applied.list.json,
NAME.applied.verify.json and NAME.applied.backups.json (after apply --keep
ssh; either state may be missing). Host i (OUTDIR/hostNNNNN.json) is one
file of the documents the collection gathers (list, scan, verify, backups on applied hosts), each with
a "host" member: one template in turn, and variations of a seeded random: on
some applied hosts telnet or another service turned back on (open, and in
drift), a few services of the host's own (app-K, K < 20), ports moved.
The scan is made from the list: a listener for each port of an open service,
started by its file and line, as deafen scan reports it.
"""
import copy
import json
import os
import random
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def scan_of(services, rnd):
    listeners = []
    for s in services:
        if not s["enabled"]:
            continue
        for p in s.get("ports") or []:
            where = s.get("where") or {}
            listeners.append({
                "port": p["port"], "proto": p["proto"],
                "address": p.get("address") or "0.0.0.0",
                "service": s["name"], "pids": [rnd.randrange(300, 60000)],
                "program": s.get("program") or None,
                "verdict": s.get("verdict") or "unrecognized", "where": where,
                "provenance": "%s:%s (%s)" % (where.get("file"), where.get("line"), s["name"]),
            })
    return {"format_version": 1, "listeners": listeners}


def main():
    tdir, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    names = sorted({f.split(".")[0] for f in os.listdir(tdir) if f.endswith(".list.json")})
    tpl = []
    for name in names:
        for state in ("asis", "applied"):
            if not os.path.exists(os.path.join(tdir, "%s.%s.list.json" % (name, state))):
                continue
            t = {k: load(os.path.join(tdir, "%s.%s.%s.json" % (name, state, k)))
                 for k in ("list", "verify")}
            b = os.path.join(tdir, "%s.%s.backups.json" % (name, state))
            t["backups"] = load(b) if os.path.exists(b) else None
            tpl.append(t)
    rnd = random.Random(19)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        host = "host%05d.example.org" % i
        t = tpl[i % len(tpl)]
        lst = copy.deepcopy(t["list"])
        ver = copy.deepcopy(t["verify"])
        svcs = lst["services"]
        for k in range(rnd.randrange(0, 4)):  # the host's own services
            a = copy.deepcopy(svcs[rnd.randrange(len(svcs))])
            a["name"] = "app-%d" % rnd.randrange(20)
            a["enabled"] = rnd.random() < 0.5
            a["state"]["state"] = "enabled" if a["enabled"] else "disabled"
            svcs.append(a)
        for s in svcs:  # ports moved now and then
            for p in s.get("ports") or []:
                if rnd.random() < 0.05:
                    p["port"] = 1024 + rnd.randrange(60000)
        if t["backups"] is not None and rnd.random() < 0.3:
            # turned back on after apply: open, and verify finds it
            closed = [s for s in svcs if not s["enabled"]]
            if closed:
                s = rnd.choice(closed)
                s["enabled"] = True
                s["state"]["state"] = "enabled"
                ver["comes_back"].append({"name": s["name"], "kind": s["kind"],
                                          "where": s.get("where"),
                                          "by": "%s" % (s.get("where") or {}).get("file")})
        docs = [lst, scan_of(svcs, rnd), ver]
        if t["backups"] is not None:
            docs.append(t["backups"])
        with open(os.path.join(out, "host%05d.json" % i), "w") as f:
            for d in docs:
                d = dict(d)
                d.pop("root", None)
                f.write(json.dumps(dict({"host": host}, **d)) + "\n")


main()
