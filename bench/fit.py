#!/usr/bin/python3
"""fit.py DATA UNIT LABEL...: the exponent k of y = c * n^k, least squares on the logs.

DATA has lines "n y1 y2 ...": for each column i, "- LABEL_i grows as UNIT^k".
"""
import math
import sys

rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print()
for col, label in enumerate(sys.argv[3:], 1):
    pts = [(math.log(r[0]), math.log(max(r[col], 0.005))) for r in rows]
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    k = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    print(f"- {label} grows as {sys.argv[2]}^{k:.2f}")
