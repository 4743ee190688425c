#!/usr/bin/env python3
"""Sheave on emulated microcontrollers (examples/bare-metal): builds the firmware for a
Cortex-M4F (thumbv7em-none-eabihf, qemu's mps2-an386) and a RISC-V32 core
(riscv32imac-unknown-none-elf, qemu's `virt`) at opt-level "s" and 3, reports each build's
flash (.text, .rodata, .data) from its ELF section headers, runs the opt-level "s" build under
qemu-system, checks its output, and fails when a figure passes its budget. Each board has two
firmwares: one that compiles .wasm on the device, and one built without Sheave's parser
(`--no-default-features`) that loads precompiled artifacts made on the host.

Usage: python3 ci/firmware.py [--no-run]
"""
import glob
import os
import re
import struct
import subprocess
import sys

BOARDS = [
    # (target, qemu command before the kernel path)
    ("thumbv7em-none-eabihf",
     ["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-semihosting-config", "enable=on,target=native"]),
    ("riscv32imac-unknown-none-elf",
     ["qemu-system-riscv32", "-M", "virt", "-bios", "none", "-nographic",
      "-semihosting-config", "enable=on,target=native"]),
]
PROFILES = ["firmware-s", "firmware-3"]
PACKAGE = "sheave-example-bare-metal"

# Budgets (bytes). Flash: a guard against growth, a few percent above the figures measured on
# 2026-12-07 without SIMD (thumbv7em 439,472 at "s", 559,544 at 3; riscv32 517,694 and
# 616,450). The goal of issue 22, below wasmi's published 459 KB at opt-level "s" for a build
# that loads .wasm, is a budget too where it holds (thumbv7em: 431,296 B without the embedded
# wasm); riscv32 is 51 KB over it, and the run prints the gap.
FLASH_BUDGET = {
    ("thumbv7em-none-eabihf", "firmware-s"): 452_000,
    ("thumbv7em-none-eabihf", "firmware-3"): 575_000,
    ("riscv32imac-unknown-none-elf", "firmware-s"): 532_000,
    ("riscv32imac-unknown-none-elf", "firmware-3"): 635_000,
}
FLASH_GOAL = 459_000  # wasmi 2.0 at opt-level "s" (issue 22)
GOAL_HOLDS = {("thumbv7em-none-eabihf", "firmware-s")}
# The firmware without the parser, loading artifacts: its runtime flash (without the embedded
# artifacts), a few percent above the figures of 2026-12-07 (thumbv7em 184,164 B at "s";
# riscv32 218,150 B). Issue 22's goal for it, 200 KB, holds on thumbv7em and is a budget
# there; riscv32 is 18 KB over it, and the run prints the gap.
ARTIFACTS_BUDGET = {
    "thumbv7em-none-eabihf": 190_000,
    "riscv32imac-unknown-none-elf": 225_000,
}
ARTIFACTS_GOAL = 200_000
ARTIFACTS_GOAL_HOLDS = {"thumbv7em-none-eabihf"}
# (variant, cargo flags, profiles, the line that names how it loads)
VARIANTS = [
    ("wasm", [], PROFILES, "loading: .wasm"),
    ("artifacts", ["--no-default-features"], ["firmware-s"], "loading: precompiled artifacts"),
]
STACK_BUDGET = 16 * 1024  # native stack of a whole run, module loading included
HEAP_BUDGET = 256 * 1024  # the heap's high-water mark over the whole run (CoreMark included)

# Lines the run must print (the workloads' results, checked by the firmware too).
EXPECTED = [
    "wasm_simd: refused: SIMD (wasm_simd) is not in this build of Sheave",
    "hello from wasm on bare metal",
    "fib(20) = 6765: ok",
    "count(100000) = 0: ok",
    "deep recursion: trapped",
    "memory.grow by 64 MiB: -1",
    "memory.grow by 4 KiB: ok",
    "table.grow by 2^28: -1",
    "instantiating a 2 MiB memory: error: ",
]


def sections(path):
    """(name, flags, type, size) of each section of a 32-bit little-endian ELF file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        raise SystemExit(f"{path}: not a 32-bit little-endian ELF file")
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
    headers = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx][4]
    out = []
    for name, typ, flags, _addr, _off, size, *_ in headers:
        end = data.index(b"\0", strtab + name)
        out.append((data[strtab + name:end].decode(), flags, typ, size))
    return out


def flash(path):
    """Bytes the image keeps in flash: code, read-only data, and .data's initial values."""
    ALLOC, WRITE, EXEC, PROGBITS = 0x2, 0x1, 0x4, 1
    text = rodata = data = 0
    for _name, flags, typ, size in sections(path):
        if not flags & ALLOC or typ != PROGBITS:
            continue
        if flags & EXEC:
            text += size
        elif flags & WRITE:
            data += size
        else:
            rodata += size
    return text, rodata, data


def embedded_modules(target, profile, ext):
    """Bytes of the modules the firmware carries as data (its workloads and CoreMark, as .wasm
    or as artifacts): payload, not runtime, so the flash goals are checked without them."""
    outs = glob.glob(f"target/{target}/{profile}/build/{PACKAGE}-*/out/workloads.{ext}")
    out = os.path.dirname(max(outs, key=os.path.getmtime))
    coremark = os.path.isfile(os.path.join(os.environ.get("SHEAVE_BENCH_DIR", "../shared/bench"), "coremark.wasm"))
    names = ["workloads", "big-memory"] + (["coremark"] if coremark else [])
    return sum(os.path.getsize(os.path.join(out, f"{name}.{ext}")) for name in names)


def size(target, profile, variant, failures):
    elf = f"target/{target}/{profile}/{PACKAGE}"
    text, rodata, data = flash(elf)
    total = text + rodata + data
    payload = embedded_modules(target, profile, "wasm" if variant == "wasm" else "cwasm")
    runtime = total - payload
    if variant == "wasm":
        budget, goal = FLASH_BUDGET[(target, profile)], FLASH_GOAL
        over_budget = total > budget
        holds = (target, profile) in GOAL_HOLDS
    else:
        budget, goal = ARTIFACTS_BUDGET[target], ARTIFACTS_GOAL
        over_budget = runtime > budget
        holds = target in ARTIFACTS_GOAL_HOLDS
    gap = f"; {runtime - goal:+} B from the {goal} B goal" if profile == "firmware-s" else ""
    print(f"{target} {profile} ({variant}): flash {total} B (.text {text}, .rodata {rodata}, .data {data})"
          f", budget {budget}{' without the modules' if variant != 'wasm' else ''}; without the {payload} B"
          f" of embedded modules {runtime} B{gap}")
    if over_budget:
        failures.append(f"{target} {profile} ({variant}): flash over {budget}")
    if holds and runtime > goal:
        failures.append(f"{target} {profile}: runtime flash {runtime} B over the {goal} B goal")


def run_board(target, qemu, variant, loading, failures):
    elf = f"target/{target}/firmware-s/{PACKAGE}"
    proc = subprocess.run(qemu + ["-kernel", elf], capture_output=True, text=True, timeout=600)
    print(f"--- {target} ({variant}) under {qemu[0]} (exit {proc.returncode})")
    print(proc.stdout + proc.stderr, end="")
    if proc.returncode != 0:
        failures.append(f"{target} ({variant}): the firmware exited with {proc.returncode}")
    for line in EXPECTED + [loading]:
        if not any(l.startswith(line) for l in proc.stdout.splitlines()):
            failures.append(f"{target} ({variant}): no line {line!r}")
    m = re.search(r"figures: heap peak (\d+) B, stack peak (\d+) B", proc.stdout)
    if not m:
        failures.append(f"{target} ({variant}): no figures line")
        return
    heap, stack = int(m.group(1)), int(m.group(2))
    if heap > HEAP_BUDGET:
        failures.append(f"{target} ({variant}): heap peak {heap} B over {HEAP_BUDGET}")
    if stack > STACK_BUDGET:
        failures.append(f"{target} ({variant}): stack peak {stack} B over {STACK_BUDGET}")
    if os.path.isfile(os.environ.get("SHEAVE_BENCH_DIR", "../shared/bench") + "/coremark.wasm") \
            and "coremark: " not in proc.stdout:
        failures.append(f"{target} ({variant}): CoreMark did not run")


def main():
    run = "--no-run" not in sys.argv
    failures = []
    for target, qemu in BOARDS:
        for variant, flags, profiles, loading in VARIANTS:
            # The "s" build last: it is the one that runs (both variants share the ELF's path).
            for profile in sorted(profiles, key=lambda p: p == "firmware-s"):
                subprocess.run(["cargo", "build", "-q", "-p", PACKAGE, "--profile", profile, "--target", target]
                               + flags, check=True)
                size(target, profile, variant, failures)
            if run:
                run_board(target, qemu, variant, loading, failures)
    for f in failures:
        print("FAIL", f)
    print(f"firmware: {len(BOARDS)} boards x {len(VARIANTS)} firmwares, {'run and ' if run else ''}sized;"
          f" {len(failures)} budget or output failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
