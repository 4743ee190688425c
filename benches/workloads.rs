//! The execution workloads of `../shared/bench` (ORIGIN.md there) as criterion benches, on
//! Sheave (this build's dispatcher) and wasmi: `cargo bench -p sheave-benches --bench
//! workloads -- coremark` judges a change in about a minute.
//!
//! CoreMark calibrates its own iteration count to run ~10 s of its clock. Here its clock
//! (`env.clock_ms`) runs `CLOCK_SPEEDUP` times faster than real time, so a run takes about
//! a second, and each sample reports the real time per CoreMark iteration (1 / score):
//! lower is better, and the ratio between runtimes is the ratio of their scores.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use sheave_benches::{Runner, WORKLOADS, read_input, sheave_runner, wasmi_runner};
use std::time::{Duration, Instant};

const CLOCK_SPEEDUP: u64 = 20;

fn fast_clock_ms() -> i32 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    (start.elapsed().as_millis() as u64 * CLOCK_SPEEDUP) as i32
}

fn runners(wasm: &[u8], arg: Option<i64>) -> Vec<(String, Runner)> {
    let mut out: Vec<(String, Runner)> = sheave::Dispatch::available()
        .iter()
        .map(|&d| {
            let runner = sheave_runner(sheave::Config::new().interpreter_dispatch(d), wasm, arg, fast_clock_ms);
            (format!("sheave-{}", d.short_name()), runner)
        })
        .collect();
    out.push(("wasmi".to_string(), wasmi_runner(wasmi::CompilationMode::LazyTranslation, wasm, arg, fast_clock_ms)));
    out
}

fn coremark(c: &mut Criterion) {
    let Some(wasm) = read_input("coremark.wasm") else { return eprintln!("coremark.wasm not found: skipped") };
    let mut group = c.benchmark_group("coremark");
    // One real run per sample; the reported time is derived from the score (see the top).
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.warm_up_time(Duration::from_nanos(1)).measurement_time(Duration::from_millis(1));
    for (name, mut run) in runners(&wasm, None) {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters.min(1) {
                    let score = run().unwrap_or(0.0) as f64 * CLOCK_SPEEDUP as f64;
                    assert!(score.is_finite() && score > 0.0, "CoreMark returned the score {score}");
                    total += Duration::from_secs_f64(1.0 / score);
                }
                total * iters as u32
            })
        });
    }
    group.finish();
}

fn workloads(c: &mut Criterion) {
    for w in WORKLOADS.iter().filter(|w| w.arg.is_some()) {
        let Some(wasm) = read_input(w.file) else { continue };
        let mut group = c.benchmark_group(w.name);
        group.sample_size(10);
        for (rt, mut run) in runners(&wasm, w.arg) {
            group.bench_function(rt, |b| b.iter(&mut run));
        }
        group.finish();
    }
}

criterion_group!(benches, coremark, workloads);
criterion_main!(benches);
