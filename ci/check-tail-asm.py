#!/usr/bin/env python3
"""Checks that every tail-call handler really tail-calls on the targets where build.rs picks
tail-call dispatch: emits the VM's assembly per target and fails if a handler's call of the
next handler was compiled as a real call rather than a jump (the host stack would grow by
one frame per executed op).

Usage: python3 ci/check-tail-asm.py [TARGET...]   (default: every target below)
Needs the targets' rust-std (rustup target add); no linker (the VM is a library).
"""
import glob
import os
import re
import subprocess
import sys

# target -> (extra RUSTFLAGS, an indirect call, a return). A handler fails when it makes an
# indirect call and returns: its call to the next handler was not turned into a jump.
# (An indirect call alone is a helper through a register, as fma in relaxed SIMD; a return
# alone is a handler that only exits, as `unreachable`, with the exit inlined.)
TARGETS = {
    # x86-64: a call through the GOT, `*name@GOTPCREL(%rip)`, is a direct call of a helper.
    "x86_64-unknown-linux-gnu": ("", r"^\s*callq?\s+\*(?![^\s@]+@GOTPCREL)", r"^\s*retq?\b"),
    "aarch64-unknown-linux-gnu": ("", r"^\s*blr\b", r"^\s*ret\b"),
    "riscv64gc-unknown-linux-gnu": ("", r"^\s*jalr\b", r"^\s*(ret|jr\s+ra)\b"),
    "s390x-unknown-linux-gnu": ("", r"^\s*basr\b", r"^\s*br\s+%r14\b"),
    # wasm: the tail call is `return_call_indirect`; every function ends in `end_function`.
    "wasm32-unknown-unknown": ("-C target-feature=+tail-call", r"^\s*call_indirect\b", r"^\s*end_function\b"),
}
HANDLER = re.compile(r"^(_ZN\w*handlers_tail\w*):\s*$")
END = re.compile(r"^\.Lfunc_end\d+:")


def check(target, target_dir):
    flags, call, ret = TARGETS[target]
    call, ret = re.compile(call), re.compile(ret)
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir)
    if flags:
        env["RUSTFLAGS"] = flags
    subprocess.run(
        ["cargo", "rustc", "--release", "-q", "-p", "sheave-interp", "--target", target, "--", "--emit", "asm"],
        check=True,
        env=env,
    )
    asm = max(glob.glob(f"{target_dir}/{target}/release/deps/sheave_interp-*.s"), key=os.path.getmtime)
    handlers, bad, current, calls, returns = 0, [], None, False, False
    for line in open(asm, encoding="utf-8", errors="replace"):
        m = HANDLER.match(line)
        if m:
            current, calls, returns = m.group(1), False, False
            handlers += 1
        elif current and END.match(line):
            if calls and returns:
                bad.append(current)
            current = None
        elif current and call.match(line):
            calls = True
        elif current and ret.match(line):
            returns = True
    if handlers == 0:
        sys.exit(f"{target}: no tail-call handlers in {asm} (did build.rs pick the loop?)")
    for name in bad:
        print(f"{target}: handler does not tail-call: {name}")
    print(f"{target}: {handlers} handlers, {len(bad)} not tail-calling")
    return not bad


def main():
    targets = sys.argv[1:] or list(TARGETS)
    target_dir = os.environ.get("SHEAVE_ASM_TARGET_DIR", os.path.join("target", "asm-check"))
    ok = all([check(t, os.path.abspath(target_dir)) for t in targets])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
