//! Runs the execution workloads of `../shared/bench` (see its ORIGIN.md) on Sheave and
//! wasmi in one process, alternating runs, and prints medians and ratios.
//! Usage: `cargo run --release -p sheave-benches --bin peers [-- --runs N] [FILTER]`.

use std::time::{Duration, Instant};

struct Workload {
    name: &'static str,
    file: &'static str,
    arg: Option<i64>,
}

const WORKLOADS: &[Workload] = &[
    Workload { name: "coremark", file: "coremark.wasm", arg: None },
    Workload { name: "counter-local", file: "counter-local.wat", arg: Some(1_000_000) },
    Workload { name: "counter-param", file: "counter-param.wat", arg: Some(1_000_000) },
    Workload { name: "counter-global", file: "counter-global.wat", arg: Some(500_000) },
    Workload { name: "fibonacci-rec", file: "fibonacci-rec.wat", arg: Some(30) },
    Workload { name: "fibonacci-iter", file: "fibonacci-iter.wat", arg: Some(2_000_000) },
    Workload { name: "bulk-ops", file: "bulk-ops.wat", arg: Some(5_000) },
];

fn bench_dir() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("SHEAVE_BENCH_DIR") {
        return p.into();
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench")
}

fn start() -> Instant {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn clock_ms() -> i32 {
    start().elapsed().as_millis() as i32
}

/// One run: returns the elapsed time and (for coremark) the score.
trait Runtime {
    fn name(&self) -> &'static str;
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>);
}

struct Sheave;
impl Runtime for Sheave {
    fn name(&self) -> &'static str {
        "sheave"
    }
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>) {
        use sheave::*;
        let engine = Engine::default();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.func_wrap("env", "clock_ms", clock_ms).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let run = instance.get_func(&mut store, "run").unwrap();
        let ty = run.ty(&store);
        let args: Vec<Val> = ty.params().map(|t| if t == ValType::I32 { Val::I32(arg.unwrap() as i32) } else { Val::I64(arg.unwrap()) }).collect();
        let mut results = vec![Val::I32(0); ty.results().len()];
        let t = Instant::now();
        run.call(&mut store, &args, &mut results).unwrap();
        (t.elapsed(), results.first().and_then(|r| r.f32()))
    }
}

struct Wasmi;
impl Runtime for Wasmi {
    fn name(&self) -> &'static str {
        "wasmi"
    }
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>) {
        use wasmi::*;
        let engine = Engine::default();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "clock_ms", clock_ms).unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        let run = instance.get_func(&store, "run").unwrap();
        let ty = run.ty(&store);
        let args: Vec<Val> = ty.params().iter().map(|t| if *t == ValType::I32 { Val::I32(arg.unwrap() as i32) } else { Val::I64(arg.unwrap()) }).collect();
        let mut results: Vec<Val> = ty.results().iter().map(|_| Val::I32(0)).collect();
        let t = Instant::now();
        run.call(&mut store, &args, &mut results).unwrap();
        (t.elapsed(), results.first().and_then(|r| r.f32()).map(f32::from))
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(5usize);
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with("--") && a.parse::<usize>().is_err()).collect();
    start();
    let mut runtimes: Vec<Box<dyn Runtime>> = vec![Box::new(Sheave), Box::new(Wasmi)];
    println!("{:<16} {:>14} {:>14} {:>8}", "workload", "sheave", "wasmi", "ratio");
    let mut log_ratio = 0.0;
    let mut n = 0;
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        let path = bench_dir().join(w.file);
        let wasm = match std::fs::read(&path) {
            Ok(b) if w.file.ends_with(".wat") => wat::parse_bytes(&b).unwrap().into_owned(),
            Ok(b) => b,
            Err(e) => {
                eprintln!("skip {}: {e}", path.display());
                continue;
            }
        };
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); runtimes.len()];
        for _ in 0..runs {
            for (i, rt) in runtimes.iter_mut().enumerate() {
                let (t, score) = rt.run(&wasm, w.arg);
                // CoreMark reports a score (higher is better): compare its inverse as a time.
                samples[i].push(score.map_or(t.as_secs_f64() * 1e3, |s| 1e3 / s as f64));
            }
        }
        let m: Vec<f64> = samples.into_iter().map(median).collect();
        let ratio = m[0] / m[1];
        log_ratio += ratio.ln();
        n += 1;
        if w.arg.is_none() {
            println!("{:<16} {:>10.0} pts {:>10.0} pts {:>8.2}", w.name, 1e3 / m[0], 1e3 / m[1], ratio);
        } else {
            println!("{:<16} {:>11.2} ms {:>11.2} ms {:>8.2}", w.name, m[0], m[1], ratio);
        }
    }
    if n > 0 {
        println!("geometric mean of time ratios (sheave / {}): {:.2}", runtimes[1].name(), (log_ratio / n as f64).exp());
    }
}
