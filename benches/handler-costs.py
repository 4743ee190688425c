#!/usr/bin/env python3
"""Per-handler instruction counts of a callgrind profile of Sheave's tail-call dispatcher
(each tail handler is its own function) or of wasmi (each of its handlers is too).

Usage:
  cargo build --release -p sheave-benches --bin fixed
  valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/fixed sheave coremark
  python3 benches/handler-costs.py cg.out [TOP]

Prints the TOP (default 30) functions by self instructions (Ir), summed over the files their
code was inlined from, with their share of the program's total, and the share of all
instructions spent in the interpreter's handlers.
"""
import collections
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(?:[^:]*:)?(.+?)(?:\s+\[.*\])?$")


def short(name):
    name = re.sub(r"'\d+$", "", name)
    for marker in ("handlers_tail::", "dispatch::run_loop", "handler::exec::", "handler::dispatch::"):
        if marker in name:
            return name[name.index(marker):]
    return name


def main():
    out, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
    text = subprocess.run(
        ["callgrind_annotate", "--threshold=100", "--auto=no", out], check=True, capture_output=True, text=True
    ).stdout
    total, per = 0, collections.Counter()
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = ir
            continue
        per[short(m.group(2))] += ir
    handlers = sum(v for k, v in per.items() if "handlers_tail::" in k or "run_loop" in k or "handler::exec::" in k)
    print(f"total Ir {total:,}; in interpreter handlers {handlers:,} ({100 * handlers / max(total, 1):.1f}%)")
    print(f"| {'function':<60} | {'Ir':>13} | share |")
    print(f"|{'-' * 62}|{'-' * 15}|-------|")
    for name, ir in per.most_common(top):
        print(f"| {name[:60]:<60} | {ir:>13,} | {100 * ir / max(total, 1):4.1f}% |")


if __name__ == "__main__":
    main()
