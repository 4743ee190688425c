//! One deterministic run of one workload on one runtime, for instruction counts
//! (`valgrind --tool=callgrind`): CoreMark's `env.clock_ms` is a fake clock that advances a
//! fixed step per call, so its self-calibrated iteration count, and so its instruction
//! count, is the same in every run and on every runtime.
//!
//! Usage: `cargo build --release -p sheave-benches --bin fixed` then
//! `valgrind --tool=callgrind target/release/fixed RUNTIME [WORKLOAD]`, where RUNTIME is
//! `sheave` (the interpreter alone, the build's default dispatcher), `sheave-loop`,
//! `sheave-counting`, `sheave-tiered` (both need `--features cranelift`) or `wasmi`, and WORKLOAD a name
//! of `sheave_benches::WORKLOADS` (default `coremark`).

use sheave_benches::{WORKLOADS, read_input};
use std::sync::atomic::{AtomicI32, Ordering};

/// Milliseconds the fake clock advances per call. CoreMark calibrates by running 10
/// iterations and timing them; one "second" ends calibration there, and it then runs
/// 10 * (1 + 10 / 1) = 110 iterations (about 60 ms on this machine's interpreters).
const STEP_MS: i32 = 1000;

fn fake_clock_ms() -> i32 {
    static NOW: AtomicI32 = AtomicI32::new(0);
    NOW.fetch_add(STEP_MS, Ordering::Relaxed)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = args.first().map(String::as_str).unwrap_or("sheave");
    let name = args.get(1).map(String::as_str).unwrap_or("coremark");
    let Some(w) = WORKLOADS.iter().find(|w| w.name == name) else {
        let names: Vec<&str> = WORKLOADS.iter().map(|w| w.name).collect();
        eprintln!("unknown workload {name}; one of {}", names.join(", "));
        std::process::exit(2);
    };
    let wasm = read_input(w.file).unwrap_or_else(|| panic!("{} not found", w.file));
    let mut run = match runtime {
        "sheave" | "sheave-loop" | "sheave-counting" | "sheave-tiered" => {
            let mut config = sheave::Config::new();
            config.strategy(sheave::Strategy::Winch);
            if runtime == "sheave-loop" {
                config.interpreter_dispatch(sheave::Dispatch::Loop);
            }
            // Tiering (a build with `--features cranelift`): `sheave-counting` counts calls but
            // never compiles (the interpreter's cost of counting); `sheave-tiered` compiles at
            // the default threshold on the calling thread (so callgrind sees the compilations).
            if runtime == "sheave-counting" {
                config.strategy(sheave::Strategy::Auto).tier_up_threshold(u32::MAX);
            }
            if runtime == "sheave-tiered" {
                config.strategy(sheave::Strategy::Auto).parallel_compilation(false);
            }
            sheave_benches::sheave_runner(&config, &wasm, w.arg, fake_clock_ms)
        }
        "wasmi" => sheave_benches::wasmi_runner(wasmi::CompilationMode::LazyTranslation, &wasm, w.arg, fake_clock_ms),
        other => {
            eprintln!("unknown runtime {other}; one of sheave, sheave-loop, sheave-counting, sheave-tiered, wasmi");
            std::process::exit(2);
        }
    };
    let t = std::time::Instant::now();
    let score = run();
    eprintln!("{runtime} {name}: {:?} in {:.1} ms", score, t.elapsed().as_secs_f64() * 1e3);
}
