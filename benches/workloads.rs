//! The execution workloads of `../shared/bench` (ORIGIN.md there) as criterion benches, on
//! Sheave (this build's dispatcher) and wasmi: `cargo bench -p sheave-benches --bench
//! workloads -- coremark` judges a change in about a minute.
//!
//! CoreMark calibrates its own iteration count to run ~10 s of its clock. Here its clock
//! (`env.clock_ms`) runs `CLOCK_SPEEDUP` times faster than real time, so a run takes about
//! a second, and each sample reports the real time per CoreMark iteration (1 / score):
//! lower is better, and the ratio between runtimes is the ratio of their scores.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::time::{Duration, Instant};

const CLOCK_SPEEDUP: u64 = 20;

/// (name, file, argument of `run`)
const WORKLOADS: &[(&str, &str, i64)] = &[
    ("counter-local", "counter-local.wat", 1_000_000),
    ("counter-param", "counter-param.wat", 1_000_000),
    ("counter-global", "counter-global.wat", 500_000),
    ("fibonacci-rec", "fibonacci-rec.wat", 30),
    ("fibonacci-iter", "fibonacci-iter.wat", 2_000_000),
    ("bulk-ops", "bulk-ops.wat", 5_000),
];

fn bench_dir() -> std::path::PathBuf {
    match std::env::var_os("SHEAVE_BENCH_DIR") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench"),
    }
}

fn read(file: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(bench_dir().join(file)).ok()?;
    Some(if file.ends_with(".wat") { wat::parse_bytes(&bytes).unwrap().into_owned() } else { bytes })
}

fn fast_clock_ms() -> i32 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    (start.elapsed().as_millis() as u64 * CLOCK_SPEEDUP) as i32
}

/// A workload's `run`, ready to call: returns CoreMark's score (or 0 for the others).
type Runner = Box<dyn FnMut() -> f64>;

fn sheave_runner(wasm: &[u8], arg: Option<i64>) -> Runner {
    use sheave::*;
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "clock_ms", fast_clock_ms).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let ty = run.ty(&store);
    let args: Vec<Val> = ty
        .params()
        .map(|t| if t == ValType::I32 { Val::I32(arg.unwrap() as i32) } else { Val::I64(arg.unwrap()) })
        .collect();
    let mut results = vec![Val::I32(0); ty.results().len()];
    Box::new(move || {
        run.call(&mut store, &args, &mut results).unwrap();
        results.first().and_then(|r| r.f32()).map_or(0.0, |s| s as f64)
    })
}

fn wasmi_runner(wasm: &[u8], arg: Option<i64>) -> Runner {
    use wasmi::*;
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    linker.func_wrap("env", "clock_ms", fast_clock_ms).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let run = instance.get_func(&store, "run").unwrap();
    let ty = run.ty(&store);
    let args: Vec<Val> = ty
        .params()
        .iter()
        .map(|t| if *t == ValType::I32 { Val::I32(arg.unwrap() as i32) } else { Val::I64(arg.unwrap()) })
        .collect();
    let mut results: Vec<Val> = ty.results().iter().map(|_| Val::I32(0)).collect();
    Box::new(move || {
        run.call(&mut store, &args, &mut results).unwrap();
        results.first().and_then(|r| r.f32()).map_or(0.0, |s| f32::from(s) as f64)
    })
}

fn runners(wasm: &[u8], arg: Option<i64>) -> Vec<(String, Runner)> {
    let tag = if sheave::DISPATCHER.starts_with("tail") { "tail" } else { "loop" };
    vec![(format!("sheave-{tag}"), sheave_runner(wasm, arg)), ("wasmi".to_string(), wasmi_runner(wasm, arg))]
}

fn coremark(c: &mut Criterion) {
    let Some(wasm) = read("coremark.wasm") else { return eprintln!("coremark.wasm not found: skipped") };
    let mut group = c.benchmark_group("coremark");
    // One real run per sample; the reported time is derived from the score (see the top).
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.warm_up_time(Duration::from_nanos(1)).measurement_time(Duration::from_millis(1));
    for (name, mut run) in runners(&wasm, None) {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters.min(1) {
                    let score = run() * CLOCK_SPEEDUP as f64;
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
    for &(name, file, arg) in WORKLOADS {
        let Some(wasm) = read(file) else { continue };
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for (rt, mut run) in runners(&wasm, Some(arg)) {
            group.bench_function(rt, |b| b.iter(&mut run));
        }
        group.finish();
    }
}

criterion_group!(benches, coremark, workloads);
criterion_main!(benches);
