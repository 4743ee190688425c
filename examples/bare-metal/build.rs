//! Assembles the example's workloads, embeds CoreMark when the benchmark inputs are beside the
//! checkout (`SHEAVE_BENCH_DIR`, else `../shared/bench`), and, for a bare-metal target, hands
//! the linker the board's memory map. Without the feature `parse`, the firmware embeds
//! precompiled artifacts instead of `.wasm`: made here, by `sheave` built for the host.
use std::path::{Path, PathBuf};

#[allow(dead_code)]
mod engine_config {
    include!("src/engine_config.rs");
}

/// Writes `name.wasm` and, for a firmware without the parser, `name.cwasm` (its artifact).
fn emit(out: &Path, name: &str, wasm: &[u8]) {
    std::fs::write(out.join(format!("{name}.wasm")), wasm).unwrap();
    if std::env::var_os("CARGO_FEATURE_PARSE").is_none() {
        let engine = sheave::Engine::new(&engine_config::config()).unwrap();
        let artifact = engine.precompile_module(wasm).unwrap_or_else(|e| panic!("precompiling {name}: {e:#}"));
        std::fs::write(out.join(format!("{name}.cwasm")), artifact).unwrap();
    }
}

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    println!("cargo:rerun-if-env-changed=SHEAVE_BENCH_DIR");
    for name in ["workloads", "big-memory"] {
        println!("cargo:rerun-if-changed={name}.wat");
        let wasm = wat::parse_file(dir.join(format!("{name}.wat"))).expect("a workload's text");
        emit(&out, name, &wasm);
    }

    let bench = match std::env::var_os("SHEAVE_BENCH_DIR") {
        Some(p) => PathBuf::from(p),
        None => dir.join("../../../shared/bench"),
    };
    let coremark = bench.join("coremark.wasm");
    let code = if coremark.is_file() {
        println!("cargo:rerun-if-changed={}", coremark.display());
        emit(&out, "coremark", &std::fs::read(&coremark).unwrap());
        let ext = if std::env::var_os("CARGO_FEATURE_PARSE").is_some() { "wasm" } else { "cwasm" };
        format!("Some(aligned_bytes!({:?}))", out.join(format!("coremark.{ext}")))
    } else {
        "None".to_string()
    };
    std::fs::write(out.join("coremark.rs"), code).unwrap();

    // The board: a memory.x for the runtime crate's link.x (cortex-m-rt, riscv-rt).
    let target = std::env::var("TARGET").unwrap();
    let memory = if target.starts_with("thumb") {
        "memory-mps2.x"
    } else if target.starts_with("riscv32") {
        "memory-riscv-virt.x"
    } else {
        return;
    };
    println!("cargo:rerun-if-changed={memory}");
    std::fs::copy(dir.join(memory), out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    if target.starts_with("riscv32") {
        // riscv-rt's link.x expects the memory map as a linker script of its own.
        println!("cargo:rustc-link-arg-bins=-Tmemory.x");
    }
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
}
