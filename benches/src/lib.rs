//! Workloads shared by the benches: small WAT programs that stress the dispatch loop.

/// Recursive Fibonacci (`fib`), a counted loop (`count`) and a memory-walking loop (`walk`).
pub const DISPATCH_WAT: &str = r#"(module
  (memory (export "mem") 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "count") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $n) (i32.const 7))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "walk") (param $rounds i32) (result i32) (local $i i32) (local $sum i32)
    (loop $round
      (local.set $i (i32.const 0))
      (loop $l
        (i32.store (local.get $i) (i32.add (i32.load (local.get $i)) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $i))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 65536))))
      (br_if $round (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))))
    (local.get $sum)))"#;

/// (export name, argument) of each dispatch workload.
pub const DISPATCH_CASES: &[(&str, i32)] = &[("fib", 25), ("count", 1_000_000), ("walk", 20)];

/// Call overhead: `empty` (called from the host) and `call_host` (calls the imported
/// `env.nop` `n` times).
pub const CALLS_WAT: &str = r#"(module
  (import "env" "nop" (func $nop))
  (func (export "empty"))
  (func (export "call_host") (param $n i32)
    (loop $l
      (call $nop)
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))"#;

/// One execution workload of `../shared/bench` (see its ORIGIN.md): the file and the argument
/// of its `run` export (`None` for CoreMark, which returns its score).
pub struct Workload {
    /// Short name.
    pub name: &'static str,
    /// File under the bench directory.
    pub file: &'static str,
    /// Argument of `run`.
    pub arg: Option<i64>,
}

/// The execution workloads with the inputs ORIGIN.md gives.
pub const WORKLOADS: &[Workload] = &[
    Workload { name: "coremark", file: "coremark.wasm", arg: None },
    Workload { name: "counter-local", file: "counter-local.wat", arg: Some(1_000_000) },
    Workload { name: "counter-param", file: "counter-param.wat", arg: Some(1_000_000) },
    Workload { name: "counter-global", file: "counter-global.wat", arg: Some(500_000) },
    Workload { name: "fibonacci-rec", file: "fibonacci-rec.wat", arg: Some(30) },
    Workload { name: "fibonacci-iter", file: "fibonacci-iter.wat", arg: Some(2_000_000) },
    Workload { name: "fibonacci-tail", file: "fibonacci-tail.wat", arg: Some(1_000_000) },
    Workload { name: "bulk-ops", file: "bulk-ops.wat", arg: Some(5_000) },
];

/// Where the inputs are: `SHEAVE_BENCH_DIR`, else `../shared/bench` beside the checkout.
pub fn bench_dir() -> std::path::PathBuf {
    match std::env::var_os("SHEAVE_BENCH_DIR") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench"),
    }
}

/// A bench input as wasm bytes (`.wat` files are assembled); `None` when missing.
pub fn read_input(file: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(bench_dir().join(file)).ok()?;
    Some(if file.ends_with(".wat") { wat::parse_bytes(&bytes).unwrap().into_owned() } else { bytes })
}

/// A workload's `run`, instantiated and ready to call again and again; returns CoreMark's
/// score (`None` for the others).
pub type Runner = Box<dyn FnMut() -> Option<f32>>;

/// `run` of `wasm` on Sheave, with `clock` as `env.clock_ms`.
pub fn sheave_runner(config: &sheave::Config, wasm: &[u8], arg: Option<i64>, clock: fn() -> i32) -> Runner {
    use sheave::*;
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "clock_ms", clock).unwrap();
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
        results.first().and_then(|r| r.f32())
    })
}

/// `run` of `wasm` on wasmi in compilation mode `mode`, with `clock` as `env.clock_ms`.
pub fn wasmi_runner(mode: wasmi::CompilationMode, wasm: &[u8], arg: Option<i64>, clock: fn() -> i32) -> Runner {
    use wasmi::*;
    let mut config = Config::default();
    config.compilation_mode(mode);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    linker.func_wrap("env", "clock_ms", clock).unwrap();
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
        results.first().and_then(|r| r.f32()).map(f32::from)
    })
}
