//! Picks the dispatcher. Stable tail-call dispatch relies on LLVM's sibling-call
//! optimisation, which only holds in optimised builds on known targets; everything else
//! (debug builds, Miri, unknown targets, wasm32 without `tail-call`) has only the loop.
//! Where the tail-call dispatcher is built, the loop is too, and each engine picks one at
//! run time (`Config::interpreter_dispatch`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(sheave_tail_dispatch)");
    println!("cargo::rustc-check-cfg=cfg(sheave_pin_reg)");
    println!("cargo::rerun-if-changed=build.rs");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let feature = |f: &str| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some();
    let tail = if feature("LOOP_DISPATCH") {
        false
    } else if feature("NIGHTLY_TAIL_CALLS") {
        true
    } else {
        let optimised = matches!(env("OPT_LEVEL").as_str(), "2" | "3");
        let arch = env("CARGO_CFG_TARGET_ARCH");
        let features = env("CARGO_CFG_TARGET_FEATURE");
        let known = match arch.as_str() {
            // Not 32-bit x86: its stack-passed arguments change between handlers (the
            // instruction pointer), and LLVM only turns such calls into jumps when outgoing
            // stack arguments equal the incoming ones. Measured: i686 overflows the stack.
            "x86_64" | "aarch64" | "riscv64" | "s390x" => true,
            "wasm32" | "wasm64" => features.split(',').any(|f| f == "tail-call"),
            _ => false,
        };
        let miri = std::env::var_os("CARGO_CFG_MIRI").is_some();
        optimised && known && !miri
    };
    if tail {
        println!("cargo::rustc-cfg=sheave_tail_dispatch");
        // A fifth handler argument (the pinned local) where the calling convention passes it
        // in a register: not s390x (four: a fifth lands in a callee-saved register and the
        // sibling call becomes a call) and not Windows x64 (four, then the stack).
        let arch = env("CARGO_CFG_TARGET_ARCH");
        let windows = env("CARGO_CFG_TARGET_OS") == "windows";
        if matches!(arch.as_str(), "aarch64" | "riscv64" | "wasm32" | "wasm64") || (arch == "x86_64" && !windows) {
            println!("cargo::rustc-cfg=sheave_pin_reg");
        }
    }
}
