//! Differential tests: random valid modules from `wasm-smith` (tail calls, exceptions, memory64,
//! multiple memories and tables, wide arithmetic, extended constants; no GC, no SIMD) run on
//! Sheave's interpreter and on wasmtime 48, and on the interpreter and Sheave's Cranelift tier. Every exported function is called with zero arguments in turn,
//! and the outcome (results or trap kind or uncaught exception), the exported globals, the
//! exported memories' bytes and the exported tables' sizes must agree after every call.
//!
//! `SHEAVE_DIFF_SEEDS=N` sets how many seeds run (default 300), `SHEAVE_DIFF_START` the first.
//! A divergence prints the seed; `SHEAVE_DIFF_DUMP=DIR` writes every module run there, and
//! `SHEAVE_DIFF_FILE=PATH` runs just that module (binary or text).

/// What a call did, in terms both runtimes share.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Values(Vec<Value>),
    Trap(String),
    Exception,
    /// A stack overflow: the runtimes' limits differ, so the rest of the module is skipped.
    Exhausted,
}

/// A value as compared: floats by bits except that all NaNs are equal, references by
/// nullness.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    Ref(bool),
    /// An i31 reference (compared by value: the shape of a GC reference that has one).
    I31(i32),
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::F32(a), Value::F32(b)) => a == b || (f32::from_bits(*a).is_nan() && f32::from_bits(*b).is_nan()),
            (Value::F64(a), Value::F64(b)) => a == b || (f64::from_bits(*a).is_nan() && f64::from_bits(*b).is_nan()),
            (Value::V128(a), Value::V128(b)) => a == b,
            (Value::Ref(a), Value::Ref(b)) => a == b,
            (Value::I31(a), Value::I31(b)) => a == b,
            _ => false,
        }
    }
}

/// The state both sides expose after a call: exported globals, memories, table sizes.
#[derive(Debug, PartialEq)]
struct Snapshot {
    globals: Vec<(String, Value)>,
    memories: Vec<(String, Vec<u8>)>,
    tables: Vec<(String, u64)>,
}

/// What is compared of a memory: its length and, up to 64 MiB, its bytes (a 64-bit memory can
/// be grown to terabytes of untouched pages).
fn memory_view(data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u64).to_le_bytes().to_vec();
    if data.len() <= 64 << 20 {
        v.extend_from_slice(data);
    }
    v
}

fn smith_config() -> wasm_smith::Config {
    wasm_smith::Config {
        gc_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        relaxed_simd_enabled: false,
        // wasm-smith's NaN canonicalization misses some SIMD conversions (seed 991:
        // `f64x2.promote_low_f32x4` of a NaN, whose bits the spec leaves open, then reinterpreted),
        // so SIMD stays to the spec suite and the proptests.
        simd_enabled: false,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        canonicalize_nans: true,
        export_everything: true,
        allow_start_export: true,
        max_imports: 0,
        max_memories: 3,
        max_tables: 3,
        // Every memory and table has a maximum, so whether a grow succeeds never depends on
        // what the host can allocate (that differs between the runtimes).
        memory_max_size_required: true,
        table_max_size_required: true,
        max_memory32_bytes: 1 << 20,
        max_memory64_bytes: 1 << 20,
        min_funcs: 2,
        max_funcs: 20,
        max_tags: 4,
        memory64_enabled: true,
        exceptions_enabled: true,
        tail_call_enabled: true,
        wide_arithmetic_enabled: true,
        extended_const_enabled: true,
        ..wasm_smith::Config::default()
    }
}

/// A deterministic byte stream for a seed (xorshift64*), as wasm-smith's input.
fn seed_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// Which wasm-smith modules a run compares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Modules {
    /// The core features of `smith_config`.
    Core,
    /// With GC types and instructions.
    Gc,
    /// With SIMD and relaxed SIMD: for Sheave against itself only (interpreter against native
    /// code, whose results must match bit for bit; wasmtime's NaN bits differ, see
    /// `smith_config`).
    Simd,
}

fn module_for(seed: u64, kind: Modules) -> Option<Vec<u8>> {
    let bytes = seed_bytes(seed, 16 * 1024);
    let mut u = arbitrary::Unstructured::new(&bytes);
    let simd = kind == Modules::Simd;
    let config = wasm_smith::Config {
        gc_enabled: kind == Modules::Gc,
        simd_enabled: simd,
        relaxed_simd_enabled: simd,
        ..smith_config()
    };
    let mut m = wasm_smith::Module::new(config, &mut u).ok()?;
    m.ensure_termination(5_000).ok()?;
    Some(m.to_bytes())
}

mod sheave_side {
    use super::*;
    use sheave::*;

    pub struct Run {
        pub store: Store<()>,
        pub instance: Option<Instance>,
        pub functions: usize,
        pub interpreted: usize,
    }

    pub fn engine(strategy: Strategy) -> Engine {
        let mut c = Config::new();
        c.wasm_memory64(true).wasm_exceptions(true).wasm_wide_arithmetic(true).strategy(strategy);
        // Tiering compiles every function at its first call, on the calling thread, so every
        // switch from the interpreter to native code is exercised.
        c.tier_up_threshold(1).parallel_compilation(strategy != Strategy::Auto);
        Engine::new(&c).unwrap()
    }

    pub fn instantiate(engine: &Engine, wasm: &[u8]) -> std::result::Result<(Run, Outcome), String> {
        let module = Module::new(engine, wasm).map_err(|e| format!("{e:#}"))?;
        let functions = module.code_stats().map_or(0, |s| s.functions);
        // (Under tiering, the functions left interpreted are those that got hot but could not
        // be compiled; every function called is hot at threshold 1.)
        let interpreted = match engine.execution_mode() {
            ExecutionMode::Interpreter => functions,
            _ => module.interpreted_functions().len(),
        };
        if std::env::var("SHEAVE_DIFF_REASONS").is_ok() {
            for (f, why) in module.interpreted_functions() {
                println!("interpreted: func {f}: {why}");
            }
        }
        let mut store = Store::new(engine, ());
        let result = Linker::new(engine).instantiate(&mut store, &module);
        let (instance, outcome) = match result {
            Ok(i) => (Some(i), Outcome::Values(vec![])),
            Err(e) => (None, outcome_of_error(&mut store, &e)),
        };
        Ok((Run { store, instance, functions, interpreted }, outcome))
    }

    fn outcome_of_error(store: &mut Store<()>, e: &anyhow::Error) -> Outcome {
        if e.is::<ThrownException>() {
            store.take_pending_exception();
            return Outcome::Exception;
        }
        // Resource limits differ between the engines (wasmtime reserves a 4 GiB GC heap of
        // virtual memory, Sheave allocates what objects use and caps an object at 2 GiB): out
        // of memory counts as exhausted, not compared.
        if e.is::<GcHeapOutOfMemory<()>>() {
            return Outcome::Exhausted;
        }
        match e.downcast_ref::<Trap>() {
            Some(Trap::StackOverflow | Trap::AllocationTooLarge | Trap::GcHeapOutOfMemory) => Outcome::Exhausted,
            Some(t) => Outcome::Trap(trap_name(*t).to_string()),
            None => Outcome::Trap(format!("error: {e:#}")),
        }
    }

    fn trap_name(t: Trap) -> &'static str {
        match t {
            Trap::MemoryOutOfBounds => "memory out of bounds",
            Trap::TableOutOfBounds => "table out of bounds",
            Trap::IndirectCallToNull => "indirect call to null",
            Trap::BadSignature => "bad signature",
            Trap::IntegerOverflow => "integer overflow",
            Trap::IntegerDivisionByZero => "division by zero",
            Trap::BadConversionToInteger => "bad conversion",
            Trap::UnreachableCodeReached => "unreachable",
            Trap::NullReference => "null reference",
            Trap::ArrayOutOfBounds => "array out of bounds",
            Trap::CastFailure => "cast failure",
            Trap::AllocationTooLarge => "allocation too large",
            _ => "other",
        }
    }

    fn value(store: &mut Store<()>, v: &Val) -> Value {
        if let Val::AnyRef(Some(r)) = v
            && let Ok(Some(i)) = r.as_i31(&*store)
        {
            return Value::I31(i.get_i32());
        }
        match v {
            Val::I32(x) => Value::Int(*x as i64),
            Val::I64(x) => Value::Int(*x),
            Val::F32(x) => Value::F32(*x),
            Val::F64(x) => Value::F64(*x),
            Val::V128(x) => Value::V128(x.as_u128()),
            Val::FuncRef(f) => Value::Ref(f.is_some()),
            Val::ExternRef(r) => Value::Ref(r.is_some()),
            Val::ExnRef(r) => Value::Ref(r.is_some()),
            Val::AnyRef(r) => Value::Ref(r.is_some()),
        }
    }

    fn zero(t: &ValType) -> Val {
        match t {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0u128.into()),
            ValType::Ref(r) => Val::null_ref(r.heap_type()),
        }
    }

    pub fn exported_funcs(run: &mut Run) -> Vec<String> {
        let Some(i) = run.instance else { return vec![] };
        i.exports(&mut run.store).filter(|e| e.clone().into_func().is_some()).map(|e| e.name().to_string()).collect()
    }

    pub fn call(run: &mut Run, name: &str) -> Outcome {
        let i = run.instance.unwrap();
        let f = i.get_func(&mut run.store, name).unwrap();
        let ty = f.ty(&run.store);
        let args: Vec<Val> = ty.params().map(|t| zero(&t)).collect();
        let mut results: Vec<Val> = ty.results().map(|t| zero(&t)).collect();
        match f.call(&mut run.store, &args, &mut results) {
            Ok(()) => Outcome::Values(results.iter().map(|v| value(&mut run.store, v)).collect()),
            Err(e) => outcome_of_error(&mut run.store, &e),
        }
    }

    pub fn snapshot(run: &mut Run) -> Snapshot {
        let mut s = Snapshot { globals: vec![], memories: vec![], tables: vec![] };
        let Some(i) = run.instance else { return s };
        let exports: Vec<(String, Extern)> =
            i.exports(&mut run.store).map(|e| (e.name().to_string(), e.into_extern())).collect();
        for (name, e) in exports {
            match e {
                Extern::Global(g) => {
                    let v = g.get(&mut run.store);
                    s.globals.push((name, value(&mut run.store, &v)));
                }
                Extern::Memory(m) => s.memories.push((name, memory_view(m.data(&run.store)))),
                Extern::Table(t) => s.tables.push((name, t.size(&run.store))),
                _ => {}
            }
        }
        s
    }
}

mod wasmtime_side {
    use super::*;
    use wasmtime::*;

    pub struct Run {
        pub store: Store<()>,
        pub instance: Option<Instance>,
    }

    pub fn engine() -> Engine {
        let mut c = Config::new();
        c.wasm_memory64(true)
            .wasm_multi_memory(true)
            .wasm_tail_call(true)
            .wasm_exceptions(true)
            .wasm_wide_arithmetic(true)
            .wasm_extended_const(true)
            .wasm_function_references(true)
            .wasm_simd(true)
            .wasm_relaxed_simd(false);
        Engine::new(&c).unwrap()
    }

    pub fn instantiate(engine: &Engine, wasm: &[u8]) -> std::result::Result<(Run, Outcome), String> {
        let module = Module::new(engine, wasm).map_err(|e| format!("{e:#}"))?;
        let mut store = Store::new(engine, ());
        let result = Linker::new(engine).instantiate(&mut store, &module);
        let (instance, outcome) = match result {
            Ok(i) => (Some(i), Outcome::Values(vec![])),
            Err(e) => (None, outcome_of_error(&mut store, &e)),
        };
        Ok((Run { store, instance }, outcome))
    }

    fn outcome_of_error(store: &mut Store<()>, e: &wasmtime::Error) -> Outcome {
        if e.is::<ThrownException>() {
            let _ = store.take_pending_exception();
            return Outcome::Exception;
        }
        // Resource limits differ between the engines (wasmtime reserves a 4 GiB GC heap of
        // virtual memory, Sheave allocates what objects use and caps an object at 2 GiB): out
        // of memory counts as exhausted, not compared.
        if e.is::<GcHeapOutOfMemory<()>>() {
            return Outcome::Exhausted;
        }
        match e.downcast_ref::<Trap>() {
            Some(Trap::StackOverflow | Trap::AllocationTooLarge) => Outcome::Exhausted,
            Some(t) => Outcome::Trap(trap_name(*t).to_string()),
            None => Outcome::Trap(format!("error: {e:#}")),
        }
    }

    fn trap_name(t: Trap) -> &'static str {
        match t {
            Trap::MemoryOutOfBounds => "memory out of bounds",
            Trap::TableOutOfBounds => "table out of bounds",
            Trap::IndirectCallToNull => "indirect call to null",
            Trap::BadSignature => "bad signature",
            Trap::IntegerOverflow => "integer overflow",
            Trap::IntegerDivisionByZero => "division by zero",
            Trap::BadConversionToInteger => "bad conversion",
            Trap::UnreachableCodeReached => "unreachable",
            Trap::NullReference => "null reference",
            Trap::ArrayOutOfBounds => "array out of bounds",
            Trap::CastFailure => "cast failure",
            Trap::AllocationTooLarge => "allocation too large",
            _ => "other",
        }
    }

    fn value(store: &mut Store<()>, v: &Val) -> Value {
        if let Val::AnyRef(Some(r)) = v
            && let Ok(Some(i)) = r.as_i31(&*store)
        {
            return Value::I31(i.get_i32());
        }
        match v {
            Val::I32(x) => Value::Int(*x as i64),
            Val::I64(x) => Value::Int(*x),
            Val::F32(x) => Value::F32(*x),
            Val::F64(x) => Value::F64(*x),
            Val::V128(x) => Value::V128(x.as_u128()),
            Val::FuncRef(f) => Value::Ref(f.is_some()),
            Val::ExternRef(r) => Value::Ref(r.is_some()),
            Val::AnyRef(r) => Value::Ref(r.is_some()),
            Val::ExnRef(r) => Value::Ref(r.is_some()),
            Val::ContRef(_) => {
                let _ = store;
                Value::Ref(false)
            }
        }
    }

    fn zero(t: &ValType) -> Val {
        match t {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0u128.into()),
            ValType::Ref(r) => Val::null_ref(r.heap_type()),
        }
    }

    pub fn call(run: &mut Run, name: &str) -> Outcome {
        let i = run.instance.unwrap();
        let f = i.get_func(&mut run.store, name).unwrap();
        let ty = f.ty(&run.store);
        let args: Vec<Val> = ty.params().map(|t| zero(&t)).collect();
        let mut results: Vec<Val> = ty.results().map(|t| zero(&t)).collect();
        match f.call(&mut run.store, &args, &mut results) {
            Ok(()) => Outcome::Values(results.iter().map(|v| value(&mut run.store, v)).collect()),
            Err(e) => outcome_of_error(&mut run.store, &e),
        }
    }

    pub fn snapshot(run: &mut Run) -> Snapshot {
        let mut s = Snapshot { globals: vec![], memories: vec![], tables: vec![] };
        let Some(i) = run.instance else { return s };
        let exports: Vec<(String, Extern)> =
            i.exports(&mut run.store).map(|e| (e.name().to_string(), e.into_extern())).collect();
        for (name, e) in exports {
            match e {
                Extern::Global(g) => {
                    let v = g.get(&mut run.store);
                    s.globals.push((name, value(&mut run.store, &v)));
                }
                Extern::Memory(m) => s.memories.push((name, memory_view(m.data(&run.store)))),
                Extern::Table(t) => s.tables.push((name, t.size(&run.store))),
                _ => {}
            }
        }
        s
    }
}

/// One runtime under comparison.
trait Side {
    type Run;
    const NAME: &'static str;
    fn instantiate(&self, wasm: &[u8]) -> std::result::Result<(Self::Run, Outcome), String>;
    fn call(run: &mut Self::Run, name: &str) -> Outcome;
    fn snapshot(run: &mut Self::Run) -> Snapshot;
    /// (defined functions, functions left to the interpreter), for a tier that compiles.
    fn tiers(_run: &Self::Run) -> Option<(usize, usize)> {
        None
    }
}

impl Side for sheave::Engine {
    type Run = sheave_side::Run;
    const NAME: &'static str = "Sheave";
    fn instantiate(&self, wasm: &[u8]) -> std::result::Result<(Self::Run, Outcome), String> {
        sheave_side::instantiate(self, wasm)
    }
    fn call(run: &mut Self::Run, name: &str) -> Outcome {
        sheave_side::call(run, name)
    }
    fn snapshot(run: &mut Self::Run) -> Snapshot {
        sheave_side::snapshot(run)
    }
}

impl Side for wasmtime::Engine {
    type Run = wasmtime_side::Run;
    const NAME: &'static str = "wasmtime";
    fn instantiate(&self, wasm: &[u8]) -> std::result::Result<(Self::Run, Outcome), String> {
        wasmtime_side::instantiate(self, wasm)
    }
    fn call(run: &mut Self::Run, name: &str) -> Outcome {
        wasmtime_side::call(run, name)
    }
    fn snapshot(run: &mut Self::Run) -> Snapshot {
        wasmtime_side::snapshot(run)
    }
}

/// Sheave's native code (`Strategy::Cranelift`, or tiering), compared with the interpreter
/// (the other side).
struct Cranelift(sheave::Engine);

impl Side for Cranelift {
    type Run = sheave_side::Run;
    const NAME: &'static str = "Sheave's native code (Cranelift tier or tiering)";
    fn tiers(run: &Self::Run) -> Option<(usize, usize)> {
        Some((run.functions, run.interpreted))
    }
    fn instantiate(&self, wasm: &[u8]) -> std::result::Result<(Self::Run, Outcome), String> {
        sheave_side::instantiate(&self.0, wasm)
    }
    fn call(run: &mut Self::Run, name: &str) -> Outcome {
        sheave_side::call(run, name)
    }
    fn snapshot(run: &mut Self::Run) -> Snapshot {
        sheave_side::snapshot(run)
    }
}

/// What the seeds exercised (printed, so a run that compares nothing shows it).
#[derive(Default, Debug)]
struct Tally {
    modules: usize,
    instantiated: usize,
    calls: usize,
    returns: usize,
    traps: usize,
    exceptions: usize,
    exhausted: usize,
    /// Defined functions, and how many of them the Cranelift tier left to the interpreter.
    functions: usize,
    interpreted: usize,
}

/// Runs one module on Sheave (`a`, whose exports are called) and on `b`; `Err` describes
/// the divergence.
fn check_module<B: Side>(wasm: &[u8], a: &sheave::Engine, b: &B, tally: &mut Tally) -> std::result::Result<(), String> {
    let wasm = wasm.to_vec();
    tally.modules += 1;
    let (sheave, other) = (sheave::Engine::NAME, B::NAME);
    let w = b.instantiate(&wasm);
    let s = a.instantiate(&wasm);
    let ((mut srun, s_out), (mut wrun, w_out)) = match (s, w) {
        (Ok(s), Ok(w)) => (s, w),
        (Err(_), Err(_)) => return Ok(()),
        (Err(e), Ok(_)) => return Err(format!("{sheave} refused a module {other} compiled: {e}")),
        (Ok(_), Err(e)) => return Err(format!("{other} refused a module {sheave} compiled: {e}")),
    };
    if s_out == Outcome::Exhausted || w_out == Outcome::Exhausted {
        tally.exhausted += 1;
        return Ok(());
    }
    if s_out != w_out {
        return Err(format!("instantiation: {sheave} {s_out:?}, {other} {w_out:?}"));
    }
    if srun.instance.is_some() {
        tally.instantiated += 1;
    }
    if let Some((functions, interpreted)) = B::tiers(&wrun) {
        tally.functions += functions;
        tally.interpreted += interpreted;
    }
    for name in sheave_side::exported_funcs(&mut srun) {
        let (so, wo) = (sheave_side::call(&mut srun, &name), B::call(&mut wrun, &name));
        if so == Outcome::Exhausted || wo == Outcome::Exhausted {
            tally.exhausted += 1;
            return Ok(());
        }
        if so != wo {
            return Err(format!("call `{name}`: {sheave} {so:?}, {other} {wo:?}"));
        }
        tally.calls += 1;
        match so {
            Outcome::Values(_) => tally.returns += 1,
            Outcome::Trap(_) => tally.traps += 1,
            Outcome::Exception => tally.exceptions += 1,
            Outcome::Exhausted => {}
        }
        let (ss, ws) = (sheave_side::snapshot(&mut srun), B::snapshot(&mut wrun));
        if ss != ws {
            return Err(format!("state after `{name}` differs"));
        }
    }
    Ok(())
}

/// Runs `SHEAVE_DIFF_SEEDS` seeds (or the module `SHEAVE_DIFF_FILE`) on Sheave's interpreter
/// and on `b`, and fails on any divergence; GC and SIMD modules take as many seeds as
/// `SHEAVE_DIFF_GC_SEEDS` and `SHEAVE_DIFF_SIMD_SEEDS` (default 300 each).
fn run_seeds<B: Side>(b: &B, kind: Modules) {
    let var = match kind {
        Modules::Core => "SHEAVE_DIFF_SEEDS",
        Modules::Gc => "SHEAVE_DIFF_GC_SEEDS",
        Modules::Simd => "SHEAVE_DIFF_SIMD_SEEDS",
    };
    let count: u64 = std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let start: u64 = std::env::var("SHEAVE_DIFF_START").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let se = sheave_side::engine(sheave::Strategy::Winch);
    let mut divergences = Vec::new();
    let mut tally = Tally::default();
    if let Ok(file) = std::env::var("SHEAVE_DIFF_FILE") {
        // One module from a file (binary or text), e.g. a dumped divergence.
        let bytes = std::fs::read(&file).expect("SHEAVE_DIFF_FILE");
        let wasm = wat::parse_bytes(&bytes).expect("a module").into_owned();
        let result = check_module(&wasm, &se, b, &mut tally);
        println!("{file}: {tally:?}");
        result.unwrap();
        return;
    }
    for seed in start..start + count {
        let Some(wasm) = module_for(seed, kind) else { continue };
        if let Ok(dir) = std::env::var("SHEAVE_DIFF_DUMP") {
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("seed-{seed}.wasm")), &wasm);
        }
        if let Err(e) = check_module(&wasm, &se, b, &mut tally) {
            divergences.push(format!("seed {seed}: {e}"));
        }
    }
    let what = match kind {
        Modules::Core => "seeds",
        Modules::Gc => "GC seeds",
        Modules::Simd => "SIMD seeds",
    };
    println!("{} vs {}, {count} {what}: {tally:?}, {} divergences", sheave::Engine::NAME, B::NAME, divergences.len());
    assert!(divergences.is_empty(), "{}", divergences.join("\n"));
    // Every SIMD op has a native lowering: no function of these modules stays interpreted.
    if kind == Modules::Simd {
        assert_eq!(tally.interpreted, 0, "functions left to the interpreter: {tally:?}");
    }
    // A run that compared no calls proves nothing.
    assert!(count < 20 || tally.calls > 0, "no calls were compared: {tally:?}");
}

#[test]
fn sheave_agrees_with_wasmtime_on_random_modules() {
    run_seeds(&wasmtime_side::engine(), Modules::Core);
}

#[test]
fn sheave_agrees_with_wasmtime_on_random_gc_modules() {
    run_seeds(&wasmtime_side::engine(), Modules::Gc);
}

#[test]
fn cranelift_tier_agrees_with_the_interpreter_on_random_modules() {
    run_seeds(&Cranelift(sheave_side::engine(sheave::Strategy::Cranelift)), Modules::Core);
}

#[test]
fn tiering_agrees_with_the_interpreter_on_random_modules() {
    run_seeds(&Cranelift(sheave_side::engine(sheave::Strategy::Auto)), Modules::Core);
}

#[test]
fn cranelift_tier_agrees_with_the_interpreter_on_random_simd_modules() {
    run_seeds(&Cranelift(sheave_side::engine(sheave::Strategy::Cranelift)), Modules::Simd);
}

#[test]
fn tiering_agrees_with_the_interpreter_on_random_simd_modules() {
    run_seeds(&Cranelift(sheave_side::engine(sheave::Strategy::Auto)), Modules::Simd);
}
