#!/usr/bin/env python3
# Helpers of bench/run.sh (Python 3 standard library only):
#   report.py compare KIND CLI.csv REF.csv   checks that a report printed by syscensus and the
#                                            hand-written query give the same numbers
#   report.py table SAMPLES.tsv META.json    prints the results table (Markdown) from the samples
# SAMPLES.tsv lines: backend, step, side (target|reference), metric, value.
"""Comparison of report outputs and the results table of bench/run.sh."""

import csv
import json
import statistics
import sys


# ---- compare --------------------------------------------------------------------------------

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    return rows[0], rows[1:]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same(a, b):
    x, y = number(a), number(b)
    if x is not None and y is not None:
        return abs(x - y) <= 0.051   # one-decimal figures rounded by two engines
    return a.strip() == b.strip()


def compare(kind, cli_path, ref_path):
    cli_header, cli_rows = read_csv(cli_path)
    ref_header, ref_rows = read_csv(ref_path)
    cli_rows = [r for r in cli_rows if r[0] != "total"]   # the CLI adds a total line
    index = {name.lower(): i for i, name in enumerate(cli_header)}
    problems = []
    missing = [h for h in ref_header[1:] if h.lower() not in index]
    if missing:
        problems.append(f"columns of the reference not printed by syscensus: {missing}")
    if len(cli_rows) != len(ref_rows):
        problems.append(f"{len(cli_rows)} rows from syscensus, {len(ref_rows)} from the reference")
    for n, (c, r) in enumerate(zip(cli_rows, ref_rows), start=1):
        if not same(c[0], r[0]):
            problems.append(f"row {n}: group {c[0]!r} vs {r[0]!r}")
            continue
        for j, name in enumerate(ref_header[1:], start=1):
            i = index.get(name.lower())
            if i is not None and not same(c[i], r[j]):
                problems.append(f"row {n} ({r[0]}), {name}: syscensus {c[i]!r}, reference {r[j]!r}")
    if problems:
        print(f"{kind}: syscensus and the reference differ:", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"{kind}: same numbers ({len(ref_rows)} rows, columns {', '.join(ref_header)})")
    return 0


# ---- table ----------------------------------------------------------------------------------

def load_samples(path):
    samples = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            backend, step, side, metric, value = parts
            samples.setdefault((backend, step, side, metric), []).append(value)
    return samples


def values(samples, key):
    out = []
    for v in samples.get(key, []):
        try:
            out.append(float(v))
        except ValueError:
            pass
    return out


def failed(samples, key):
    return any(v == "FAILED" for v in samples.get(key, []))


def fmt(x, unit):
    if unit == "s":
        return f"{x:.3f} s" if x < 1 else (f"{x:.2f} s" if x < 100 else f"{x:.0f} s")
    if unit == "rps":
        return f"{x:,.0f}/s"
    if unit == "MB":
        return f"{x:.0f} MB"
    if unit == "ms":
        return f"{x:.1f} ms"
    return f"{x:g}"


def spread(xs, unit):
    if not xs:
        return "—"
    m = statistics.median(xs)
    if len(xs) == 1:
        return fmt(m, unit)
    return f"{fmt(m, unit)} ({fmt(min(xs), unit)}–{fmt(max(xs), unit)})"


# (step, metric, unit, reference label, goal, kind of ratio)
TIMED_STEPS = [
    ("systems import", "seconds", "s", "raw load", 2.0, "time"),
    ("survey upload", "seconds", "s", "raw load", 2.0, "time"),
    ("report coverage --by province", "seconds", "s", "hand-written SQL", 1.5, "time"),
    ("report compliance --by province", "seconds", "s", "hand-written SQL", 1.5, "time"),
    ("report gaps --limit 10", "seconds", "s", "hand-written SQL", 1.5, "time"),
    ("GET /api/v1/systems/{code}", "rps", "rps", "pgbench PK lookup", 0.5, "rate"),
]
REFERENCE_NAME = {
    ("sqlite", "raw load"): "sqlite3 .import",
    ("postgresql", "raw load"): "psql \\copy",
}


def table(samples_path, meta_path):
    samples = load_samples(samples_path)
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    backends = [b for b in ("sqlite", "postgresql") if any(k[0] == b for k in samples)]
    lines = []
    lines.append(f"Size {meta.get('size')}: {meta.get('systems')} systems ({meta.get('operating')} operating), "
                 f"{meta.get('entities')} entities, {meta.get('questions')} questions, national file "
                 f"{meta.get('national_rows')} rows x {meta.get('national_columns')} columns, "
                 f"{meta.get('national_mb')} MB; {meta.get('applicable_answers')} applicable answers. "
                 f"Median of {meta.get('runs')} runs (min–max).")
    lines.append("")
    lines.append("| backend | step | syscensus | reference | ratio | target | met |")
    lines.append("|---|---|---|---|---|---|---|")
    for b in backends:
        for step, metric, unit, ref_label, goal, kind in TIMED_STEPS:
            t = values(samples, (b, step, "target", metric))
            r = values(samples, (b, step, "reference", metric))
            if not t and not failed(samples, (b, step, "target", metric)):
                continue
            ref_name = REFERENCE_NAME.get((b, ref_label), ref_label)
            if failed(samples, (b, step, "target", metric)):
                lines.append(f"| {b} | {step} | FAILED | {spread(r, unit)} {ref_name} | — | — | no |")
                continue
            ratio, verdict, target = "—", "—", ""
            if t and r:
                mt, mr = statistics.median(t), statistics.median(r)
                if kind == "time":
                    q = mt / mr
                    ratio = f"{q:.2f}x"
                    target = f"≤ {goal}x"
                    ok = q <= goal
                    if step.startswith("report") and b == "postgresql":
                        target += ", < 1 s"
                        ok = ok and mt < 1.0
                else:
                    q = mt / mr
                    ratio = f"{q:.2f}x"
                    p99 = values(samples, (b, step, "target", "p99_ms"))
                    errs = values(samples, (b, step, "target", "errors"))
                    worst_p99 = max(p99) if p99 else float("nan")
                    total_errs = sum(errs) if errs else 0
                    target = f"≥ {goal}x, 0 errors, p99 < 20 ms"
                    ok = q >= goal and total_errs == 0 and worst_p99 < 20
                    ref_name += f" ({meta.get('connections')} clients)"
                verdict = "yes" if ok else "**no**"
            elif kind == "rate" and b == "sqlite":
                target, verdict = "(no pgbench on SQLite)", "—"
            extra = ""
            if kind == "rate":
                p99 = values(samples, (b, step, "target", "p99_ms"))
                errs = values(samples, (b, step, "target", "errors"))
                if p99:
                    extra = f"; p99 {spread(p99, 'ms')}, errors {int(sum(errs))}"
            lines.append(f"| {b} | {step} | {spread(t, unit)}{extra} | {spread(r, unit)} {ref_name if r else ''} "
                         f"| {ratio} | {target} | {verdict} |")
        lst = values(samples, (b, "GET /api/v1/systems?province&level&limit=50", "target", "rps"))
        if lst:
            p99 = values(samples, (b, "GET /api/v1/systems?province&level&limit=50", "target", "p99_ms"))
            errs = values(samples, (b, "GET /api/v1/systems?province&level&limit=50", "target", "errors"))
            lines.append(f"| {b} | GET /api/v1/systems?province&level&limit=50 | {spread(lst, 'rps')}; p99 "
                         f"{spread(p99, 'ms')}, errors {int(sum(errs))} | — | — | (no target) | — |")
    lines.append("")
    mem = sorted({k[1] for k in samples if k[1].startswith("upload peak RSS")},
                 key=lambda s: float(s.split()[-1].rstrip("km")) * (1000 if s.endswith("k") else 1e6))
    if mem:
        lines.append("| backend | upload | rows | syscensus peak RSS | raw load peak RSS | target |")
        lines.append("|---|---|---|---|---|---|")
        for b in backends:
            for step in mem:
                t = values(samples, (b, step, "target", "rss_mb"))
                r = values(samples, (b, step, "reference", "rss_mb"))
                rows = values(samples, (b, step, "target", "rows"))
                if not t:
                    continue
                lines.append(f"| {b} | {step.split()[-1]} | {int(rows[0]) if rows else '?'} | {spread(t, 'MB')} | "
                             f"{spread(r, 'MB')} | < 200 MB: {'yes' if max(t) < 200 else '**no**'} |")
        for b in backends:
            sizes = []
            for step in mem:
                t = values(samples, (b, step, "target", "rss_mb"))
                if t:
                    sizes.append((step.split()[-1], max(t)))
            if len(sizes) >= 2:
                growth = ", ".join(f"{sizes[i][0]}→{sizes[i + 1][0]}: {100 * (sizes[i + 1][1] / sizes[i][1] - 1):+.0f}%"
                                   for i in range(len(sizes) - 1))
                lines.append(f"\n{b}: peak RSS growth {growth} (target: within 10% from 100k to 1m rows)")
    print("\n".join(lines))
    return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "compare" and len(sys.argv) == 5:
        return compare(*sys.argv[2:])
    if len(sys.argv) == 4 and sys.argv[1] == "table":
        return table(sys.argv[2], sys.argv[3])
    print(__doc__ + "\nusage: report.py compare KIND CLI.csv REF.csv | report.py table SAMPLES.tsv META.json",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
