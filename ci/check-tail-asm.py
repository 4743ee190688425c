#!/usr/bin/env python3
"""Checks that every tail-call handler really tail-calls on the targets where build.rs picks
tail-call dispatch: emits the VM's assembly per target and fails if a handler's call of the
next handler was compiled as a real call rather than a jump (the host stack would grow by
one frame per executed op).

On x86-64 it also holds the hottest handlers to instruction budgets (`BUDGETS`; set
SHEAVE_ASM_REPORT=1 to print their sizes), and checks that no conditional branch handler
chooses its next instruction with a conditional move (`Regs::branch_if`).

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
# Conditional branch handlers (fused and pinned-local ones too; not `br_table`, whose index
# clamp is data): a `cmov` there makes the next instruction's address wait for the branch
# condition (CoreMark 48.4 -> 33.9 ms when they became branches).
CONDITIONAL_BRANCH = re.compile(r"(^|_)br_(if|i32|i64|nez)")
END = re.compile(r"^\.Lfunc_end\d+:")
INSN = re.compile(r"^\s+[a-z]")
NAME = re.compile(r"handlers_tail\d+(\w+?)17h[0-9a-f]{16}E$")

# x86-64 budgets for the handlers that run most in CoreMark and the ../shared/bench workloads
# (benches/handler-costs.py on a callgrind profile of `fixed`): the most instructions the
# handler's function may have, cold exit path included, and whether it may save registers
# (push), which costs a push and a pop per register on every run. The counts are today's:
# a change that makes a hot handler longer fails here, and its commit says why it pays.
BUDGETS = {
    "i32_add_imm": (8, False),
    "i32_and_imm": (8, False),
    "i32_shr_u_imm": (11, False),
    "i32_add": (9, False),
    "i32_mul": (10, False),
    "i32_xor": (9, False),
    "copy": (7, False),
    "const32": (6, False),
    "select": (12, False),
    "br_if_nez": (11, False),
    "br_if_eqz": (11, False),
    # Conditional branches are branches, not conditional moves (`Regs::branch_if`): one
    # more jump instruction, and CoreMark 1.3x faster.
    "br_i32_eq_imm": (12, False),
    "br_table": (14, False),
    "global_get": (10, False),
    "global_set": (10, False),
    "load32": (24, False),
    "i32_load8_u": (24, False),
    "i32_load16_u": (24, False),
    "i32_load16_s": (24, False),
    "store32": (24, False),
    "copy_copy": (12, False),
    # Superinstructions: the second op decodes its operands after the first ran, so the
    # halves need registers one after the other (decoded together, these saved one).
    "copy_load32": (26, False),
    "store32_copy": (26, False),
    "i32_add_imm_add": (16, False),
    "i32_mul_add_add_imm": (18, False),
    "load32_br_if_nez": (32, False),
    "i32_add_imm_br_if_nez": (16, False),
    # The hottest pinned-local variants (CoreMark, counter-local, fibonacci-iter).
    "load32_l0_dst": (20, False),
    "copy_l0_dst": (6, False),
    "copy_l0_src": (5, False),
    "br_if_nez_l0_c": (10, False),
    "load32_l0_a": (21, False),
    "i32_sub_imm_br_if_nez_l0_dst_a_c2": (11, False),
    "i64_add_imm_br_nez_l0_dst_a": (11, False),
    # Calls and returns still save registers (the call path needs more than the
    # caller-saved ones); their budgets hold today's size. `call` holds two inlined paths:
    # the direct call of the instance's own function, and the registry's.
    "call": (270, True),
    "ret": (90, True),
}


def check(target, target_dir):
    flags, call, ret = TARGETS[target]
    call, ret = re.compile(call), re.compile(ret)
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir)
    if flags:
        env["RUSTFLAGS"] = flags
    # One .s file per codegen unit (CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 gives several):
    # drop the last build's so that every file read is this build's, and clean the crate so
    # that cargo builds it again (an up-to-date crate would emit nothing).
    pattern = f"{target_dir}/{target}/release/deps/sheave_interp-*.s"
    for old in glob.glob(pattern):
        os.remove(old)
    subprocess.run(
        ["cargo", "clean", "-q", "--release", "-p", "sheave-interp", "--target", target],
        check=True,
        env=env,
    )
    subprocess.run(
        ["cargo", "rustc", "--release", "-q", "-p", "sheave-interp", "--target", target, "--", "--emit", "asm"],
        check=True,
        env=env,
    )
    asm = sorted(glob.glob(pattern))
    handlers, bad, current, calls, returns = 0, [], None, False, False
    sizes, pushes, cmovs = {}, set(), set()
    lines = (line for path in asm for line in open(path, encoding="utf-8", errors="replace"))
    for line in lines:
        m = HANDLER.match(line)
        if m:
            current, calls, returns = m.group(1), False, False
            handlers += 1
            n = NAME.search(current)
            name = n.group(1) if n else current
            sizes[name] = 0
        elif current and END.match(line):
            if calls and returns:
                bad.append(current)
            current = None
        elif current and call.match(line):
            calls = True
        elif current and ret.match(line):
            returns = True
        if current and INSN.match(line):
            sizes[name] += 1
            if re.match(r"^\s+push", line):
                pushes.add(name)
            if re.match(r"^\s+cmov", line):
                cmovs.add(name)
    if handlers == 0:
        sys.exit(f"{target}: no tail-call handlers in {asm} (did build.rs pick the loop?)")
    for name in bad:
        print(f"{target}: handler does not tail-call: {name}")
    print(f"{target}: {handlers} handlers, {len(bad)} not tail-calling")
    over = []
    if target.startswith("x86_64"):
        for name, (budget, may_push) in BUDGETS.items():
            size = sizes.get(name)
            if size is None:
                over.append(f"{name}: not found")
            elif size > budget or (name in pushes and not may_push):
                over.append(f"{name}: {size} instructions (budget {budget}){', saves registers' if name in pushes else ''}")
        moves = sorted(n for n in cmovs if CONDITIONAL_BRANCH.search(n))
        branches = [n for n in sizes if CONDITIONAL_BRANCH.search(n)]
        over += [f"{n}: branches with a conditional move" for n in moves]
        print(f"{target}: {len(branches)} conditional branch handlers, {len(moves)} with a conditional move")
        for o in over:
            print(f"{target}: hot handler over budget: {o}")
        print(f"{target}: {len(BUDGETS)} hot handlers checked, {len(over)} over budget")
        if os.environ.get("SHEAVE_ASM_REPORT"):
            for name in BUDGETS:
                print(f"  {name}: {sizes.get(name)}{' push' if name in pushes else ''}")
    return not bad and not over


def main():
    targets = sys.argv[1:] or list(TARGETS)
    target_dir = os.environ.get("SHEAVE_ASM_TARGET_DIR", os.path.join("target", "asm-check"))
    ok = all([check(t, os.path.abspath(target_dir)) for t in targets])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
