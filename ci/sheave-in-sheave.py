#!/usr/bin/env python3
"""Sheave inside Sheave: the CLI built for wasm32-wasip1 (without its WASI host) runs spec files
inside the native CLI. Built twice: the loop dispatcher (what build.rs picks for wasm32) and
with `+tail-call` (tail-call dispatch: the tail-call proposal on a large program). Prints each
file's time natively and inside Sheave, and the slowdowns; fails if any run fails."""
import os, subprocess, sys, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
os.chdir(root)
suite = os.environ.get("SHEAVE_TESTSUITE")
for d in ["spec-tests/testsuite", "../shared/testsuite"]:
    if not suite and Path(d, "address.wast").exists():
        suite = str(Path(d).resolve())
if not suite:
    sys.exit("spec testsuite not found (set SHEAVE_TESTSUITE)")
sample = os.environ.get("SHEAVE_IN_SHEAVE_SAMPLE",
    "i32.wast f64.wast br_table.wast call_indirect.wast memory.wast address.wast simd_i32x4_arith.wast").split()

def cargo(*args, env=None):
    subprocess.run(["cargo", "build", "--release", "-p", "sheave-cli", *args], check=True, env=env)

cargo()
cargo("--no-default-features", "--target", "wasm32-wasip1")
# RUSTFLAGS replaces .cargo/config.toml's flags (they only matter to the loop dispatcher).
cargo("--no-default-features", "--target", "wasm32-wasip1", "--target-dir", "target/wasm-tail-call",
      env={**os.environ, "RUSTFLAGS": "-C target-feature=+tail-call"})
native = "target/release/sheave"
builds = {
    "loop": ["run", "--dir", f"{suite}::/t", "target/wasm32-wasip1/release/sheave.wasm"],
    "tail-call": ["run", "--dir", f"{suite}::/t", "target/wasm-tail-call/wasm32-wasip1/release/sheave.wasm"],
}

def timed(args):
    start = time.monotonic()
    p = subprocess.run([native, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{p.stdout}{p.stderr}")
    return time.monotonic() - start, p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""

print(f"{'file':<24} {'native':>8} {'loop':>8} {'tail-call':>9} {'loop/n':>7} {'tail/n':>7}  result")
totals = [0.0, 0.0, 0.0]
for f in sample:
    n, out = timed(["wast", f"{suite}/{f}"])
    l, out_l = timed(builds["loop"] + ["wast", f"/t/{f}"])
    t, out_t = timed(builds["tail-call"] + ["wast", f"/t/{f}"])
    if not (out == out_l == out_t):
        sys.exit(f"{f}: native says {out!r}, inside Sheave {out_l!r} (loop) and {out_t!r} (tail-call)")
    for i, v in enumerate((n, l, t)):
        totals[i] += v
    print(f"{f:<24} {n:>7.2f}s {l:>7.2f}s {t:>8.2f}s {l / n:>6.1f}x {t / n:>6.1f}x  {out}")
n, l, t = totals
print(f"{'total':<24} {n:>7.2f}s {l:>7.2f}s {t:>8.2f}s {l / n:>6.1f}x {t / n:>6.1f}x")
print(f"inside Sheave, {'tail-call' if t < l else 'loop'} dispatch is faster ({max(l, t) / min(l, t):.2f}x)")
