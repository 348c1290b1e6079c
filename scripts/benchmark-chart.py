#!/usr/bin/env python3
"""SVG charts of the backend benchmarks (docs/performance.md, "On a real backend").

    scripts/benchmark-chart.py BenchmarkDotNet.Artifacts/results docs/performance

Reads each *-report.csv that BenchmarkDotNet wrote for a class of StoreKit.Benchmarks.Backends and
writes <Class>.svg: one row per operation (and item count), the store's time as a bar scaled to the
raw client's (the baseline, drawn as a line at 1.0x), its ratio written beside it. Plain SVG written by
hand: the machine that runs it has Python's standard library and nothing else to plot with.
"""
import csv
import html
import pathlib
import re
import sys

ROW = 26
LABEL = 230
BAR = 420
RIGHT = 150


def nanoseconds(text):
    """BenchmarkDotNet's Mean column ("1,234.5 μs") in nanoseconds."""
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9}[unit]  # "m": minutes (an Init of 100,000 on azurite)


def readable(ns):
    for unit, size in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns:.3g} ns"


def rows_of(report):
    """(label, store ns, raw ns) per category and parameter set."""
    groups = {}
    for row in csv.DictReader(open(report, encoding="utf-8")):
        items = row.get("Items", "")
        label = row["Categories"] + (f" ({int(items):,} items)" if items else "")
        side = "raw" if "raw client" in row["Method"] else "store"
        if row["Mean"] in ("NA", ""):
            continue
        groups.setdefault(label, {})[side] = nanoseconds(row["Mean"])
    return [(label, g["store"], g["raw"]) for label, g in groups.items() if "store" in g and "raw" in g]


def svg(title, rows):
    top = 46
    height = top + ROW * len(rows) + 30
    width = LABEL + BAR + RIGHT
    most = max(2.0, max(store / raw for _, store, raw in rows))
    scale = BAR / most
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">{html.escape(title)}</text>',
           f'<text x="10" y="36" fill="#555">store time / raw client time (1.0 = the backend\'s own client, same run); lower is better</text>']
    for i, (label, store, raw) in enumerate(rows):
        y = top + i * ROW
        ratio = store / raw
        colour = "#2e7d32" if ratio <= 1.2 else "#f9a825" if ratio <= 1.5 else "#c62828"
        out.append(f'<text x="{LABEL - 8}" y="{y + 16}" text-anchor="end">{html.escape(label)}</text>')
        out.append(f'<rect x="{LABEL}" y="{y + 4}" width="{ratio * scale:.1f}" height="{ROW - 8}" fill="{colour}"/>')
        out.append(f'<text x="{LABEL + ratio * scale + 6:.1f}" y="{y + 16}">{ratio:.2f}x ({readable(store)} vs {readable(raw)})</text>')
    one = LABEL + scale
    out.append(f'<line x1="{one:.1f}" y1="{top}" x2="{one:.1f}" y2="{top + ROW * len(rows)}" stroke="black" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{one:.1f}" y="{top + ROW * len(rows) + 16}" text-anchor="middle">1.0x</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(results, target):
    target = pathlib.Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for report in sorted(pathlib.Path(results).glob("StoreKit.Benchmarks.Backends.*-report.csv")):
        name = re.sub(r"^StoreKit\.Benchmarks\.Backends\.|-report\.csv$", "", report.name)
        rows = rows_of(report)
        if rows:
            (target / f"{name}.svg").write_text(svg(name, rows), encoding="utf-8")
            print(f"{target / (name + '.svg')}: {len(rows)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
