//! Runs the execution workloads of `../shared/bench` (see its ORIGIN.md) on Sheave and
//! wasmi in one process, alternating runs, and prints medians and ratios.
//! Usage: `cargo run --release -p sheave-benches --bin peers [-- --runs N] [--startup | --calls] [FILTER]`.

use sheave_benches::{WORKLOADS, bench_dir, read_input};
use std::time::{Duration, Instant};

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
    /// Compile + instantiate with every import defined by a trapping stub.
    fn startup(&mut self, wasm: &[u8]) -> Duration;
    /// `n` host-to-wasm calls of `empty`, then one call of `call_host(n)` (of `CALLS_WAT`).
    fn calls(&mut self, wasm: &[u8], n: u32) -> (Duration, Duration);
}

const STARTUP: &[&str] = &["spidermonkey.wasm", "pulldown-cmark.wasm", "bz2.wasm", "erc20.wasm", "coremark.wasm"];

/// Sheave in the given compilation mode, with the given dispatcher.
struct Sheave {
    mode: sheave::CompilationMode,
    dispatch: sheave::Dispatch,
    strategy: sheave::Strategy,
    /// Compile on one thread (`Config::parallel_compilation(false)`; the Cranelift tier).
    one_thread: bool,
}
impl Sheave {
    fn new(mode: sheave::CompilationMode) -> Sheave {
        Sheave {
            mode,
            dispatch: sheave::Dispatch::default_for_build(),
            // The interpreter alone; the tiered row sets `Auto`.
            strategy: sheave::Strategy::Winch,
            one_thread: false,
        }
    }
    fn config(&self) -> sheave::Config {
        let mut config = sheave::Config::new();
        config.compilation_mode(self.mode).interpreter_dispatch(self.dispatch).strategy(self.strategy);
        config.parallel_compilation(!self.one_thread);
        config
    }
    fn engine(&self) -> sheave::Engine {
        sheave::Engine::new(&self.config()).unwrap()
    }
}
impl Runtime for Sheave {
    fn name(&self) -> &'static str {
        if self.strategy == sheave::Strategy::Cranelift {
            return if self.one_thread { "sheave-cranelift-1t" } else { "sheave-cranelift" };
        }
        if self.strategy == sheave::Strategy::Auto {
            return "sheave-tiered";
        }
        if self.dispatch != sheave::Dispatch::default_for_build() {
            return "sheave-loop";
        }
        // `sheave` is the default configuration (lazy translation, as wasmi's default).
        match self.mode {
            sheave::CompilationMode::Eager => "sheave-eager",
            sheave::CompilationMode::LazyTranslation => "sheave",
            sheave::CompilationMode::Lazy => "sheave-lazy",
        }
    }
    fn calls(&mut self, wasm: &[u8], n: u32) -> (Duration, Duration) {
        use sheave::*;
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.func_wrap("env", "nop", || {}).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let empty = instance.get_typed_func::<(), ()>(&mut store, "empty").unwrap();
        let call_host = instance.get_typed_func::<i32, ()>(&mut store, "call_host").unwrap();
        let t = Instant::now();
        for _ in 0..n {
            empty.call(&mut store, ()).unwrap();
        }
        let into = t.elapsed();
        let t = Instant::now();
        call_host.call(&mut store, n as i32).unwrap();
        (into, t.elapsed())
    }
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>) {
        let mut run = sheave_benches::sheave_runner(&self.config(), wasm, arg, clock_ms);
        let t = Instant::now();
        let score = run();
        (t.elapsed(), score)
    }
    fn startup(&mut self, wasm: &[u8]) -> Duration {
        use sheave::*;
        let t = Instant::now();
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        for i in module.imports() {
            match i.ty() {
                ExternType::Func(ty) => {
                    linker.func_new(i.module(), i.name(), ty, |_, _, _| Err(Error::msg("stub"))).unwrap();
                }
                ExternType::Memory(ty) => {
                    let m = Memory::new(&mut store, ty).unwrap();
                    linker.define(&store, i.module(), i.name(), m).unwrap();
                }
                other => panic!("unsupported import {other}"),
            }
        }
        linker.instantiate(&mut store, &module).unwrap();
        t.elapsed()
    }
}

/// wasmi 2.0 in the given compilation mode (its default is `LazyTranslation`).
struct Wasmi {
    mode: wasmi::CompilationMode,
}
impl Wasmi {
    fn engine(&self) -> wasmi::Engine {
        let mut config = wasmi::Config::default();
        config.compilation_mode(self.mode);
        wasmi::Engine::new(&config)
    }
}
impl Runtime for Wasmi {
    fn name(&self) -> &'static str {
        match self.mode {
            wasmi::CompilationMode::Eager => "wasmi-eager",
            wasmi::CompilationMode::LazyTranslation => "wasmi",
            wasmi::CompilationMode::Lazy => "wasmi-lazy",
        }
    }
    fn calls(&mut self, wasm: &[u8], n: u32) -> (Duration, Duration) {
        use wasmi::*;
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "nop", || {}).unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        let empty = instance.get_typed_func::<(), ()>(&store, "empty").unwrap();
        let call_host = instance.get_typed_func::<i32, ()>(&store, "call_host").unwrap();
        let t = Instant::now();
        for _ in 0..n {
            empty.call(&mut store, ()).unwrap();
        }
        let into = t.elapsed();
        let t = Instant::now();
        call_host.call(&mut store, n as i32).unwrap();
        (into, t.elapsed())
    }
    fn startup(&mut self, wasm: &[u8]) -> Duration {
        use wasmi::*;
        let t = Instant::now();
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        for i in module.imports() {
            match i.ty() {
                ExternType::Func(ty) => {
                    linker.func_new(i.module(), i.name(), ty.clone(), |_, _, _| Err(Error::new("stub"))).unwrap();
                }
                ExternType::Memory(ty) => {
                    let m = Memory::new(&mut store, *ty).unwrap();
                    linker.define(i.module(), i.name(), m).unwrap();
                }
                other => panic!("unsupported import {other:?}"),
            }
        }
        linker.instantiate_and_start(&mut store, &module).unwrap();
        t.elapsed()
    }
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>) {
        let mut run = sheave_benches::wasmi_runner(self.mode, wasm, arg, clock_ms);
        let t = Instant::now();
        let score = run();
        (t.elapsed(), score)
    }
}

/// wasmtime with the Pulley interpreter (`pulley: true`) or Cranelift.
#[cfg(feature = "wasmtime")]
/// (Built without wasmtime's `parallel-compilation` feature: it compiles on one thread.)
struct Wasmtime {
    pulley: bool,
}

#[cfg(feature = "wasmtime")]
impl Wasmtime {
    fn engine(&self) -> wasmtime::Engine {
        let mut config = wasmtime::Config::new();
        if self.pulley {
            config.target("pulley64").unwrap();
        }
        wasmtime::Engine::new(&config).unwrap()
    }
}

#[cfg(feature = "wasmtime")]
impl Runtime for Wasmtime {
    fn name(&self) -> &'static str {
        if self.pulley { "wasmtime-pulley" } else { "wasmtime-cranelift" }
    }
    fn run(&mut self, wasm: &[u8], arg: Option<i64>) -> (Duration, Option<f32>) {
        use wasmtime::*;
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "clock_ms", clock_ms).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let run = instance.get_func(&mut store, "run").unwrap();
        let ty = run.ty(&store);
        let args: Vec<Val> = ty
            .params()
            .map(|t| if t.is_i32() { Val::I32(arg.unwrap() as i32) } else { Val::I64(arg.unwrap()) })
            .collect();
        let mut results: Vec<Val> = ty.results().map(|_| Val::I32(0)).collect();
        let t = Instant::now();
        run.call(&mut store, &args, &mut results).unwrap();
        (t.elapsed(), results.first().and_then(|r| r.f32()))
    }
    fn calls(&mut self, wasm: &[u8], n: u32) -> (Duration, Duration) {
        use wasmtime::*;
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.func_wrap("env", "nop", || {}).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let empty = instance.get_typed_func::<(), ()>(&mut store, "empty").unwrap();
        let call_host = instance.get_typed_func::<i32, ()>(&mut store, "call_host").unwrap();
        let t = Instant::now();
        for _ in 0..n {
            empty.call(&mut store, ()).unwrap();
        }
        let into = t.elapsed();
        let t = Instant::now();
        call_host.call(&mut store, n as i32).unwrap();
        (into, t.elapsed())
    }
    fn startup(&mut self, wasm: &[u8]) -> Duration {
        use wasmtime::*;
        let t = Instant::now();
        let engine = self.engine();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::<()>::new(&engine);
        linker.define_unknown_imports_as_traps(&module).unwrap();
        for i in module.imports() {
            if let ExternType::Memory(ty) = i.ty() {
                let m = Memory::new(&mut store, ty).unwrap();
                linker.define(&store, i.module(), i.name(), m).unwrap();
            }
        }
        linker.instantiate(&mut store, &module).unwrap();
        t.elapsed()
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    // A large stack for the peers: wasmi 2.0 dispatches by tail calls that are not
    // guaranteed on i686, and overflows an 8 MiB stack there on CoreMark.
    let tool = std::thread::Builder::new().stack_size(512 << 20).spawn(run_tool).expect("spawn the tool thread");
    tool.join().expect("the tool thread panicked");
}

fn run_tool() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5usize);
    let mut filter: Vec<&String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--runs" || a == "--svg" || a == "--only" {
            it.next();
        } else if !a.starts_with("--") {
            filter.push(a);
        }
    }
    start();
    #[allow(unused_mut)]
    let mut runtimes: Vec<Box<dyn Runtime>> = vec![
        Box::new(Sheave::new(sheave::CompilationMode::default())),
        Box::new(Wasmi { mode: wasmi::CompilationMode::LazyTranslation }),
    ];
    // The loop dispatcher beside the tail-call one, where the build has both.
    if sheave::Dispatch::TAIL_AVAILABLE && !args.iter().any(|a| a == "--startup") {
        let mut looped = Sheave::new(sheave::CompilationMode::default());
        looped.dispatch = sheave::Dispatch::Loop;
        runtimes.insert(1, Box::new(looped));
    }
    if args.iter().any(|a| a == "--startup") {
        runtimes.insert(1, Box::new(Sheave::new(sheave::CompilationMode::Eager)));
        runtimes.insert(2, Box::new(Sheave::new(sheave::CompilationMode::Lazy)));
        runtimes.push(Box::new(Wasmi { mode: wasmi::CompilationMode::Lazy }));
        runtimes.push(Box::new(Wasmi { mode: wasmi::CompilationMode::Eager }));
    }
    #[cfg(feature = "cranelift")]
    {
        // Tiered: interpreted first (lazy translation), hot functions compiled in the background.
        let mut tiered = Sheave::new(sheave::CompilationMode::default());
        tiered.strategy = sheave::Strategy::Auto;
        runtimes.push(Box::new(tiered));
        let mut jit = Sheave::new(sheave::CompilationMode::Eager);
        jit.strategy = sheave::Strategy::Cranelift;
        runtimes.push(Box::new(jit));
        if args.iter().any(|a| a == "--startup") {
            let mut one = Sheave::new(sheave::CompilationMode::Eager);
            one.strategy = sheave::Strategy::Cranelift;
            one.one_thread = true;
            runtimes.push(Box::new(one));
        }
    }
    #[cfg(feature = "wasmtime")]
    {
        runtimes.push(Box::new(Wasmtime { pulley: true }));
        runtimes.push(Box::new(Wasmtime { pulley: false }));
    }
    // `--only a,b` keeps the named runtimes (the first stays the baseline of the ratios).
    if let Some(only) = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)) {
        let keep: Vec<&str> = only.split(',').collect();
        runtimes.retain(|r| keep.contains(&r.name()));
    }
    let names: Vec<&str> = runtimes.iter().map(|r| r.name()).collect();
    if args.iter().any(|a| a == "--startup") {
        startup_table(&mut runtimes, &names, runs);
        return;
    }
    if args.iter().any(|a| a == "--calls") {
        calls_table(&mut runtimes, &names, runs);
        return;
    }
    if args.iter().any(|a| a == "--profile") {
        profile_workloads(&filter);
        return;
    }
    print!("| {:<16} |", "workload");
    for n in &names {
        print!(" {n:>18} |");
    }
    for n in &names[1..] {
        print!(" sheave/{n} |");
    }
    println!();
    println!("|{}|", vec!["---"; 1 + 2 * names.len() - 1].join("|"));
    let mut log_ratio = vec![0.0; names.len()];
    let mut n = 0;
    let mut chart: Vec<(&str, Vec<f64>)> = Vec::new();
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        let Some(wasm) = read_input(w.file) else {
            eprintln!("skip {}: not found in {}", w.file, bench_dir().display());
            continue;
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
        chart.push((w.name, m.iter().map(|v| v / m[0]).collect()));
        n += 1;
        print!("| {:<16} |", w.name);
        for v in &m {
            if w.arg.is_none() {
                print!(" {:>14.0} pts |", 1e3 / v);
            } else {
                print!(" {:>15.2} ms |", v);
            }
        }
        for (i, v) in m.iter().enumerate().skip(1) {
            let ratio = m[0] / v;
            log_ratio[i] += ratio.ln();
            print!(" {ratio:>8.2} |");
        }
        println!();
    }
    if let Some(path) = args.iter().position(|a| a == "--svg").and_then(|i| args.get(i + 1)) {
        std::fs::write(path, svg(&names, &chart)).expect("write the chart");
    }
    if n > 0 {
        for (i, name) in names.iter().enumerate().skip(1) {
            println!(
                "geometric mean of time ratios, sheave / {name}: {:.2} (below 1: sheave faster)",
                (log_ratio[i] / n as f64).exp()
            );
        }
    }
}

/// Compile + instantiate times of the startup workloads.
fn startup_table(runtimes: &mut [Box<dyn Runtime>], names: &[&str], runs: usize) {
    print!("| {:<16} |", "startup");
    for n in names {
        print!(" {n:>18} |");
    }
    println!();
    println!("|{}|", vec!["---"; names.len() + 1].join("|"));
    for file in STARTUP {
        let Ok(wasm) = std::fs::read(bench_dir().join(file)) else { continue };
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); runtimes.len()];
        for _ in 0..runs {
            for (i, rt) in runtimes.iter_mut().enumerate() {
                samples[i].push(rt.startup(&wasm).as_secs_f64() * 1e3);
            }
        }
        print!("| {:<16} |", file);
        for s in samples {
            print!(" {:>15.2} ms |", median(s));
        }
        println!();
    }
}

/// Nanoseconds per call, host to wasm (`empty`) and wasm to host (`env.nop`).
fn calls_table(runtimes: &mut [Box<dyn Runtime>], names: &[&str], runs: usize) {
    const N: u32 = 1_000_000;
    let wasm = wat::parse_str(sheave_benches::CALLS_WAT).unwrap();
    let mut into: Vec<Vec<f64>> = vec![Vec::new(); runtimes.len()];
    let mut out: Vec<Vec<f64>> = vec![Vec::new(); runtimes.len()];
    for _ in 0..runs {
        for (i, rt) in runtimes.iter_mut().enumerate() {
            let (a, b) = rt.calls(&wasm, N);
            into[i].push(a.as_secs_f64() * 1e9 / N as f64);
            out[i].push(b.as_secs_f64() * 1e9 / N as f64);
        }
    }
    print!("| {:<16} |", "ns per call");
    for n in names {
        print!(" {n:>18} |");
    }
    println!();
    println!("|{}|", vec!["---"; names.len() + 1].join("|"));
    for (label, samples) in [("host -> wasm", into), ("wasm -> host", out)] {
        print!("| {label:<16} |");
        for s in samples {
            print!(" {:>15.1} ns |", median(s));
        }
        println!();
    }
}

/// A bar chart of each runtime's time relative to Sheave (1.0 = Sheave; higher = slower), on a
/// log scale, as plain SVG.
fn svg(names: &[&str], rows: &[(&str, Vec<f64>)]) -> String {
    let colors = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];
    let (bar, gap, left, top) = (14.0, 18.0, 130.0, 40.0);
    let group = bar * names.len() as f64 + gap;
    let height = top + group * rows.len() as f64 + 40.0;
    let width = 760.0;
    let scale = |r: f64| (r.log2() + 5.0).clamp(0.0, 10.0) / 10.0 * (width - left - 20.0);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    out += r#"<text x="10" y="20">Run time relative to Sheave (log scale; 1 = Sheave, right = slower)</text>"#;
    let one = left + scale(1.0);
    out += &format!(r#"<line x1="{one}" y1="{top}" x2="{one}" y2="{}" stroke="black"/>"#, height - 30.0);
    for (i, (name, ratios)) in rows.iter().enumerate() {
        let y0 = top + i as f64 * group;
        out += &format!(r#"<text x="10" y="{}">{name}</text>"#, y0 + group / 2.0);
        for (j, r) in ratios.iter().enumerate() {
            let y = y0 + j as f64 * bar;
            let w = scale(*r).max(1.0);
            out +=
                &format!(r#"<rect x="{left}" y="{y}" width="{w}" height="{}" fill="{}"/>"#, bar - 2.0, colors[j % 4]);
            out += &format!(r#"<text x="{}" y="{}" font-size="10">{r:.2}</text>"#, left + w + 3.0, y + bar - 4.0);
        }
    }
    for (j, n) in names.iter().enumerate() {
        let x = left + j as f64 * 150.0;
        out += &format!(
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}">{n}</text>"#,
            height - 22.0,
            colors[j % 4],
            x + 14.0,
            height - 13.0
        );
    }
    out + "</svg>\n"
}

/// `--profile` (feature `profile`): one run of each workload on Sheave, then its most
/// frequent ops and op pairs (the candidates for superinstructions).
fn profile_workloads(filter: &[&String]) {
    #[cfg(feature = "profile")]
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        let Some(wasm) = read_input(w.file) else { continue };
        sheave::profile::reset();
        Sheave::new(sheave::CompilationMode::Eager).run(&wasm, w.arg);
        let p = sheave::profile::snapshot();
        let total = p.total().max(1) as f64;
        println!("## {}: {} dispatched ops", w.name, p.total());
        for &(op, n) in p.ops.iter().take(30) {
            println!("  {:>6.2}%  {}", 100.0 * n as f64 / total, op.name());
        }
        println!("  pairs:");
        for &(a, b, n) in p.pairs.iter().take(50) {
            println!("  {:>6.2}%  {} -> {}", 100.0 * n as f64 / total, a.name(), b.name());
        }
    }
    #[cfg(not(feature = "profile"))]
    {
        let _ = filter;
        eprintln!(
            "--profile needs the `profile` feature: cargo run --release -p sheave-benches --features profile --bin peers -- --profile"
        );
    }
}
