//! A runner for `.wast` spec scripts on Sheave: every directive kind, the `spectest` host
//! module (and wasmi's `wasmitest`, for its scripts), trap-code checks for `assert_trap`, and per-stage checks for `assert_invalid`,
//! `assert_malformed` and `assert_unlinkable`. Used by the `spec` test and `sheave wast`.

mod legacy;
pub mod peers;

use anyhow::{Context, Result, anyhow, bail};
use sheave::{
    Config, Engine, ExternRef, Global, GlobalType, Instance, LinkError, Linker, Memory, MemoryType, Module, Mutability,
    Ref, Store, Table, TableType, Trap, Val, ValType,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wast::core::{AbstractHeapType, HeapType, NanPattern, WastArgCore, WastRetCore};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// Directive counts of one script.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Directives that behaved as expected.
    pub passed: usize,
    /// Directives that did not, with a line each.
    pub failures: Vec<String>,
    /// Directives not run (unsupported kinds).
    pub skipped: usize,
}

impl Outcome {
    /// Failed directive count.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }
}

/// Where the official testsuite is: `SHEAVE_TESTSUITE`, else `spec-tests/testsuite`, else
/// `../shared/testsuite` next to the workspace.
pub fn testsuite_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHEAVE_TESTSUITE") {
        return Some(PathBuf::from(p));
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [here.join("testsuite"), here.join("../../shared/testsuite")];
    candidates.into_iter().find(|p| p.join("address.wast").exists())
}

/// Runs one script with a fresh store.
pub fn run_file(path: &Path, config: &Config) -> Result<Outcome> {
    let mut text = std::fs::read_to_string(path).with_context(|| format!("failed to read {}", path.display()))?;
    // The `wast` crate reads only the flat legacy `try`: unfold the folded one (as the
    // testsuite's `legacy/` scripts write it) wherever it appears.
    if legacy::has_folded_try(&text) {
        text = legacy::unfold_try(&text);
    }
    run_script(&text, path, config)
}

/// Runs script text (`path` names it in messages).
pub fn run_script(text: &str, path: &Path, config: &Config) -> Result<Outcome> {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| with_path(e, path, text))?;
    let script = parser::parse::<Wast>(&buf).map_err(|e| with_path(e, path, text))?;
    let engine = Engine::new(config)?;
    let mut runner = Runner::new(engine)?;
    let mut outcome = Outcome::default();
    for directive in script.directives {
        let (line, col) = directive.span().linecol_in(text);
        match runner.directive(directive) {
            Ok(Status::Pass) => outcome.passed += 1,
            Ok(Status::Skip) => outcome.skipped += 1,
            Err(e) => outcome.failures.push(format!("{}:{}:{}: {e:#}", path.display(), line + 1, col + 1)),
        }
    }
    Ok(outcome)
}

const NO_COMPONENTS: &str = "components need the component model, which Sheave does not implement";

fn is_component(wat: &QuoteWat<'_>) -> bool {
    matches!(wat, QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_)))
}

/// A core module's bytes; a component is refused with the feature it needs.
fn encode_core(wat: &mut QuoteWat<'_>) -> Result<Vec<u8>> {
    if is_component(wat) {
        bail!("{}", NO_COMPONENTS);
    }
    Ok(wat.encode()?)
}

fn with_path(mut e: wast::Error, path: &Path, text: &str) -> anyhow::Error {
    e.set_path(path);
    e.set_text(text);
    anyhow!("{e}")
}

enum Status {
    Pass,
    Skip,
}

/// Under `Strategy::Cranelift`: the functions of every module compiled so far that stay in
/// the interpreter, counted by reason (the first op without a native lowering).
static LEFT_INTERPRETED: std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// [`LEFT_INTERPRETED`]'s counts.
pub fn left_interpreted() -> Vec<(&'static str, usize)> {
    LEFT_INTERPRETED.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(&k, &v)| (k, v)).collect()
}

/// Whether op `name` (snake case) is a 128-bit SIMD op, which native code must lower.
pub fn is_simd_op(name: &str) -> bool {
    ["v128_", "i8x16_", "i16x8_", "i32x4_", "i64x2_", "f32x4_", "f64x2_"].iter().any(|p| name.starts_with(p))
}

/// Compiles a module that should be valid. With `SHEAVE_ARTIFACTS=1` it then goes through a
/// precompiled artifact (serialized, loaded back), so every script checks the artifact
/// format's module description as well.
fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module> {
    static THROUGH_ARTIFACTS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let module = Module::new(engine, bytes)?;
    if engine.execution_mode() == sheave::ExecutionMode::Cranelift {
        let mut left = LEFT_INTERPRETED.lock().unwrap_or_else(|e| e.into_inner());
        for (_, why) in module.interpreted_functions() {
            *left.entry(why).or_default() += 1;
        }
    }
    if !*THROUGH_ARTIFACTS.get_or_init(|| std::env::var("SHEAVE_ARTIFACTS").is_ok_and(|v| v == "1")) {
        return Ok(module);
    }
    let artifact = module.serialize()?;
    // SAFETY: the bytes were serialized just above by an engine of the same configuration.
    unsafe { Module::deserialize(engine, &artifact) }.context("loading the module's artifact")
}

struct Runner {
    store: Store<()>,
    linker: Linker<()>,
    named: HashMap<String, Instance>,
    current: Option<Instance>,
    definitions: HashMap<String, Module>,
    /// The latest `(module definition ...)`, which `(module instance)` without a module name
    /// instantiates (as the reference interpreter does).
    last_definition: Option<Module>,
    /// Threads started so far (each ran to its end when it started).
    threads: std::collections::HashSet<String>,
    externs: HashMap<u32, sheave::Rooted<ExternRef>>,
}

impl Runner {
    fn new(engine: Engine) -> Result<Runner> {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store)?;
        define_wasmitest(&mut linker)?;
        // wasmtime's test host function that forces a collection (its GC scripts call it).
        linker.func_wrap("wasmtime", "gc", |mut caller: sheave::Caller<'_, ()>| caller.gc(None))?;
        Ok(Runner {
            store,
            linker,
            named: HashMap::new(),
            current: None,
            definitions: HashMap::new(),
            last_definition: None,
            threads: Default::default(),
            externs: HashMap::new(),
        })
    }

    fn instance(&self, id: Option<wast::token::Id<'_>>) -> Result<Instance> {
        match id {
            Some(id) => self.named.get(id.name()).copied().ok_or_else(|| anyhow!("unknown module ${}", id.name())),
            None => self.current.ok_or_else(|| anyhow!("no module instantiated yet")),
        }
    }

    fn instantiate(&mut self, bytes: &[u8]) -> Result<Instance> {
        let module = compile(self.store.engine(), bytes)?;
        self.linker.instantiate(&mut self.store, &module)
    }

    fn directive(&mut self, d: WastDirective<'_>) -> Result<Status> {
        match d {
            WastDirective::Module(mut wat) => {
                let name = wat.name().map(|i| i.name().to_string());
                let bytes = encode_core(&mut wat)?;
                let instance = self.instantiate(&bytes)?;
                if let Some(name) = name {
                    self.named.insert(name, instance);
                }
                self.current = Some(instance);
            }
            WastDirective::ModuleDefinition(mut wat) => {
                let name = wat.name().map(|i| i.name().to_string());
                let module = compile(self.store.engine(), &encode_core(&mut wat)?)?;
                if let Some(name) = name {
                    self.definitions.insert(name, module.clone());
                }
                self.last_definition = Some(module);
            }
            WastDirective::ModuleInstance { instance, module, .. } => {
                let module = match module {
                    Some(m) => self
                        .definitions
                        .get(m.name())
                        .cloned()
                        .ok_or_else(|| anyhow!("unknown module definition ${}", m.name()))?,
                    None => self
                        .last_definition
                        .clone()
                        .ok_or_else(|| anyhow!("`(module instance)` names no module and none was defined before"))?,
                };
                let inst = self.linker.instantiate(&mut self.store, &module)?;
                if let Some(name) = instance {
                    self.named.insert(name.name().to_string(), inst);
                }
                self.current = Some(inst);
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker.instance(&mut self.store, name, instance)?;
            }
            WastDirective::Invoke(invoke) => {
                self.invoke(&invoke)?;
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                let got = self.execute(exec)?;
                self.check_results(&got, &results)?;
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec) {
                Ok(v) => bail!("expected trap `{message}`, got {v:?}"),
                Err(e) => check_trap(&e, message)?,
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(v) => bail!("expected exhaustion `{message}`, got {v:?}"),
                Err(e) => check_trap(&e, message)?,
            },
            WastDirective::AssertInvalid { mut module, message, .. } => {
                let bytes = encode_core(&mut module).context("failed to encode a module expected to be invalid")?;
                if Module::new(self.store.engine(), &bytes).is_ok() {
                    bail!("expected invalid module (`{message}`), but it compiled");
                }
            }
            WastDirective::AssertMalformed { module, message, .. } => self.assert_malformed(module, message)?,
            WastDirective::AssertUnlinkable { module, message, .. } => {
                if let Wat::Component(_) = module {
                    bail!("{}", NO_COMPONENTS);
                }
                let mut module = module;
                let bytes = module.encode()?;
                let compiled =
                    compile(self.store.engine(), &bytes).context("module expected to be unlinkable did not compile")?;
                match self.linker.instantiate(&mut self.store, &compiled) {
                    Ok(_) => bail!("expected unlinkable module (`{message}`), but it instantiated"),
                    Err(e) if e.downcast_ref::<LinkError>().is_some() => {}
                    // A segment out of bounds fails instantiation with a trap; scripts that
                    // predate Wasm 2.0 (and wasmtime's) call that unlinkable.
                    Err(e) if e.downcast_ref::<Trap>().is_some_and(|t| Some(*t) == expected_trap(message)) => {}
                    Err(e) => bail!("expected a link error (`{message}`), got: {e:#}"),
                }
            }
            WastDirective::AssertException { exec, .. } => match self.execute(exec) {
                Ok(v) => bail!("expected an uncaught exception, got {v:?}"),
                Err(e) if e.is::<sheave::ThrownException>() => {
                    if self.store.take_pending_exception().is_none() {
                        bail!("ThrownException without a pending exception");
                    }
                }
                Err(e) => bail!("expected an uncaught exception, got: {e:#}"),
            },
            // Custom sections (annotations) are not interpreted, as the spec allows.
            WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
                return Ok(Status::Skip);
            }
            WastDirective::AssertSuspension { .. } => {
                bail!("`assert_suspension` needs stack switching, which Sheave does not implement")
            }
            WastDirective::Thread(thread) => self.thread(thread)?,
            WastDirective::Wait { thread, .. } => {
                if !self.threads.contains(thread.name()) {
                    bail!("`wait` for thread ${}, which was not started", thread.name());
                }
            }
        }
        Ok(Status::Pass)
    }

    /// `(thread $T (shared (module $M))? directives...)`: the thread's directives run to their
    /// end here, one valid schedule of the script (Sheave has no shared memories, so no
    /// script can observe the difference), with their own module names: only the shared
    /// module is visible, and the main script's current module is restored afterwards.
    fn thread(&mut self, thread: wast::WastThread<'_>) -> Result<()> {
        let mut names = HashMap::new();
        if let Some(m) = thread.shared_module {
            names.insert(m.name().to_string(), self.instance(Some(m))?);
        }
        let saved_names = std::mem::replace(&mut self.named, names);
        let saved_current = self.current.take();
        let mut result = Ok(());
        for d in thread.directives {
            if let Err(e) = self.directive(d) {
                result = Err(e.context(format!("in thread ${}", thread.name.name())));
                break;
            }
        }
        self.named = saved_names;
        self.current = saved_current;
        self.threads.insert(thread.name.name().to_string());
        result
    }

    fn assert_malformed(&mut self, mut module: QuoteWat<'_>, message: &str) -> Result<()> {
        if is_component(&module) {
            bail!("{}", NO_COMPONENTS);
        }
        let bytes = match module.to_test() {
            Err(_) => return Ok(()),
            Ok(wast::QuoteWatTest::Binary(b)) => b,
            Ok(wast::QuoteWatTest::Text(text)) => {
                // Malformed text must already fail in the text parser.
                let Ok(text) = std::str::from_utf8(&text) else {
                    return Ok(());
                };
                match wat::parse_str(text) {
                    Err(_) => return Ok(()),
                    Ok(b) => b,
                }
            }
        };
        if Module::new(self.store.engine(), &bytes).is_ok() {
            bail!("expected malformed module (`{message}`), but it compiled");
        }
        Ok(())
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Wat(mut wat) => {
                let bytes = match &mut wat {
                    Wat::Module(m) => m.encode()?,
                    Wat::Component(_) => bail!("{}", NO_COMPONENTS),
                };
                self.instantiate(&bytes)?;
                Ok(Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                let g = instance.get_global(&mut self.store, global).ok_or_else(|| anyhow!("no global `{global}`"))?;
                Ok(vec![g.get(&mut self.store)])
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| anyhow!("no function export `{}`", invoke.name))?;
        let mut args = Vec::new();
        for a in &invoke.args {
            args.push(self.arg(a)?);
        }
        let ty = func.ty(&self.store);
        let mut results = vec![Val::I32(0); ty.results().len()];
        func.call(&mut self.store, &args, &mut results)?;
        Ok(results)
    }

    fn arg(&mut self, a: &WastArg<'_>) -> Result<Val> {
        let WastArg::Core(a) = a else { bail!("component values are not supported") };
        Ok(match a {
            WastArgCore::I32(v) => Val::I32(*v),
            WastArgCore::I64(v) => Val::I64(*v),
            WastArgCore::F32(v) => Val::F32(v.bits),
            WastArgCore::F64(v) => Val::F64(v.bits),
            WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes()).into()),
            WastArgCore::RefNull(HeapType::Abstract { ty: AbstractHeapType::Func, .. }) => Val::FuncRef(None),
            WastArgCore::RefNull(HeapType::Abstract {
                ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
                ..
            }) => Val::ExternRef(None),
            WastArgCore::RefNull(HeapType::Abstract {
                ty: AbstractHeapType::Exn | AbstractHeapType::NoExn, ..
            }) => Val::ExnRef(None),
            WastArgCore::RefNull(HeapType::Abstract { ty: AbstractHeapType::NoFunc, .. }) => Val::FuncRef(None),
            WastArgCore::RefNull(_) => Val::AnyRef(None),
            WastArgCore::RefExtern(n) => Val::ExternRef(Some(self.host_ref(*n)?)),
            // A host value where `anyref` is expected: its extern reference, converted.
            WastArgCore::RefHost(n) => {
                let r = self.host_ref(*n)?;
                Val::AnyRef(Some(sheave::AnyRef::convert_extern(&mut self.store, r)?))
            }
        })
    }

    /// The extern reference of host value `n` (one per value, so results compare by identity).
    fn host_ref(&mut self, n: u32) -> Result<sheave::Rooted<ExternRef>> {
        if let Some(r) = self.externs.get(&n) {
            return Ok(*r);
        }
        let r = ExternRef::new(&mut self.store, n)?;
        self.externs.insert(n, r);
        Ok(r)
    }

    fn check_results(&mut self, got: &[Val], want: &[WastRet<'_>]) -> Result<()> {
        if got.len() != want.len() {
            bail!("expected {} results, got {}", want.len(), got.len());
        }
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            let WastRet::Core(w) = w else { bail!("component results are not supported") };
            if !self.matches(g, w)? {
                bail!("result {i}: expected {w:?}, got {g:?}");
            }
        }
        Ok(())
    }

    fn matches(&mut self, got: &Val, want: &WastRetCore<'_>) -> Result<bool> {
        Ok(match (got, want) {
            (Val::I32(g), WastRetCore::I32(w)) => g == w,
            (Val::I64(g), WastRetCore::I64(w)) => g == w,
            (Val::F32(g), WastRetCore::F32(w)) => match w {
                NanPattern::CanonicalNan => g & 0x7fff_ffff == 0x7fc0_0000,
                NanPattern::ArithmeticNan => g & 0x7fc0_0000 == 0x7fc0_0000,
                NanPattern::Value(v) => *g == v.bits,
            },
            (Val::F64(g), WastRetCore::F64(w)) => match w {
                NanPattern::CanonicalNan => g & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
                NanPattern::ArithmeticNan => g & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
                NanPattern::Value(v) => *g == v.bits,
            },
            (Val::V128(g), WastRetCore::V128(w)) => v128_matches(g.as_u128(), w),
            // Relaxed ops: any one of the allowed results.
            (_, WastRetCore::Either(cases)) => {
                for case in cases {
                    if self.matches(got, case)? {
                        return Ok(true);
                    }
                }
                false
            }
            (Val::FuncRef(f), WastRetCore::RefNull(_)) => f.is_none(),
            (Val::ExternRef(r), WastRetCore::RefNull(_)) => r.is_none(),
            (Val::ExnRef(r), WastRetCore::RefNull(_)) => r.is_none(),
            (Val::AnyRef(r), WastRetCore::RefNull(_)) => r.is_none(),
            (Val::AnyRef(Some(r)), WastRetCore::RefI31) => r.is_i31(&self.store)?,
            (Val::AnyRef(Some(r)), WastRetCore::RefEq) => r.is_eqref(&self.store)?,
            (Val::AnyRef(r), WastRetCore::RefAny) => r.is_some(),
            (Val::AnyRef(Some(r)), WastRetCore::RefStruct) => r.is_struct(&self.store)?,
            (Val::AnyRef(Some(r)), WastRetCore::RefArray) => r.is_array(&self.store)?,
            (Val::AnyRef(Some(r)), WastRetCore::RefHost(n)) => {
                let e = ExternRef::convert_any(&mut self.store, *r)?;
                e.data(&self.store)?.and_then(|d| d.downcast_ref::<u32>()) == Some(n)
            }
            (Val::FuncRef(f), WastRetCore::RefFunc(_)) => f.is_some(),
            (Val::ExternRef(r), WastRetCore::RefExtern(n)) => match (r, n) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(r), Some(n)) => r.data(&self.store)?.and_then(|d| d.downcast_ref::<u32>()) == Some(n),
            },
            _ => false,
        })
    }
}

fn f32_matches(g: u32, w: &NanPattern<wast::token::F32>) -> bool {
    match w {
        NanPattern::CanonicalNan => g & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => g & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => g == v.bits,
    }
}

fn f64_matches(g: u64, w: &NanPattern<wast::token::F64>) -> bool {
    match w {
        NanPattern::CanonicalNan => g & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => g & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => g == v.bits,
    }
}

/// Lane-wise match of a v128 result (lane `i` of width `w` is bits `i*w..`).
fn v128_matches(g: u128, want: &wast::core::V128Pattern) -> bool {
    use wast::core::V128Pattern as P;
    let lane = |i: usize, w: usize| (g >> (i * w)) & ((1u128 << w) - 1);
    match want {
        P::I8x16(l) => l.iter().enumerate().all(|(i, x)| lane(i, 8) == *x as u8 as u128),
        P::I16x8(l) => l.iter().enumerate().all(|(i, x)| lane(i, 16) == *x as u16 as u128),
        P::I32x4(l) => l.iter().enumerate().all(|(i, x)| lane(i, 32) == *x as u32 as u128),
        P::I64x2(l) => l.iter().enumerate().all(|(i, x)| lane(i, 64) == *x as u64 as u128),
        P::F32x4(l) => l.iter().enumerate().all(|(i, x)| f32_matches(lane(i, 32) as u32, x)),
        P::F64x2(l) => l.iter().enumerate().all(|(i, x)| f64_matches(lane(i, 64) as u64, x)),
    }
}

/// The trap code a spec message names, if it names one.
fn expected_trap(message: &str) -> Option<Trap> {
    let table = [
        ("unreachable", Trap::UnreachableCodeReached),
        ("integer divide by zero", Trap::IntegerDivisionByZero),
        ("integer overflow", Trap::IntegerOverflow),
        ("invalid conversion to integer", Trap::BadConversionToInteger),
        ("out of bounds memory access", Trap::MemoryOutOfBounds),
        ("undefined element", Trap::TableOutOfBounds),
        ("out of bounds table access", Trap::TableOutOfBounds),
        ("uninitialized element", Trap::IndirectCallToNull),
        ("indirect call type mismatch", Trap::BadSignature),
        ("call stack exhausted", Trap::StackOverflow),
        ("null function reference", Trap::NullReference),
        ("null reference", Trap::NullReference),
        ("null structure reference", Trap::NullReference),
        ("null array reference", Trap::NullReference),
        ("null i31 reference", Trap::NullReference),
        ("out of bounds array access", Trap::ArrayOutOfBounds),
        ("cast failure", Trap::CastFailure),
        ("allocation size too large", Trap::AllocationTooLarge),
    ];
    table.iter().find(|(m, _)| message.starts_with(m)).map(|(_, t)| *t)
}

fn check_trap(e: &anyhow::Error, message: &str) -> Result<()> {
    let Some(trap) = e.downcast_ref::<Trap>() else {
        bail!("expected trap `{message}`, got error: {e:#}");
    };
    match expected_trap(message) {
        Some(want) if want != *trap => bail!("expected trap `{message}`, got `{trap}`"),
        _ => Ok(()),
    }
}

/// wasmi's test host module (`wasmitest`, defined in wasmi-tests' README), for wasmi's own
/// scripts: host functions that return their inputs, shifted.
fn define_wasmitest(linker: &mut Linker<()>) -> Result<()> {
    const M: &str = "wasmitest";
    linker.func_wrap(M, "identity-0", || {})?;
    linker.func_wrap(M, "identity-1", |a: i64| a)?;
    linker.func_wrap(M, "identity-2", |a: i64, b: i64| (a, b))?;
    linker.func_wrap(M, "offset-1", |a: i64| a.wrapping_add(1))?;
    linker.func_wrap(M, "offset-2", |a: i64, b: i64| (a.wrapping_add(1), b.wrapping_add(2)))?;
    linker.func_wrap(M, "sum-3", |a: i64, b: i64, c: i64| a.wrapping_add(b).wrapping_add(c))?;
    linker.func_wrap(M, "iota-3", |a: i64| (a.wrapping_add(1), a.wrapping_add(2), a.wrapping_add(3)))?;
    Ok(())
}

fn define_spectest(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<()> {
    linker.func_wrap("spectest", "print", || {})?;
    linker.func_wrap("spectest", "print_i32", |_: i32| {})?;
    linker.func_wrap("spectest", "print_i64", |_: i64| {})?;
    linker.func_wrap("spectest", "print_f32", |_: f32| {})?;
    linker.func_wrap("spectest", "print_f64", |_: f64| {})?;
    linker.func_wrap("spectest", "print_i32_f32", |_: i32, _: f32| {})?;
    linker.func_wrap("spectest", "print_f64_f64", |_: f64, _: f64| {})?;
    let g = |store: &mut Store<()>, ty: ValType, v: Val| Global::new(store, GlobalType::new(ty, Mutability::Const), v);
    let gi32 = g(store, ValType::I32, Val::I32(666))?;
    let gi64 = g(store, ValType::I64, Val::I64(666))?;
    let gf32 = g(store, ValType::F32, Val::F32(666.6f32.to_bits()))?;
    let gf64 = g(store, ValType::F64, Val::F64(666.6f64.to_bits()))?;
    linker.define(&*store, "spectest", "global_i32", gi32)?;
    linker.define(&*store, "spectest", "global_i64", gi64)?;
    linker.define(&*store, "spectest", "global_f32", gf32)?;
    linker.define(&*store, "spectest", "global_f64", gf64)?;
    let table = Table::new(&mut *store, TableType::new(sheave::RefType::FUNCREF, 10, Some(20)), Ref::Func(None))?;
    linker.define(&*store, "spectest", "table", table)?;
    let table64 = Table::new(&mut *store, TableType::new64(sheave::RefType::FUNCREF, 10, Some(20)), Ref::Func(None))?;
    linker.define(&*store, "spectest", "table64", table64)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, "spectest", "memory", memory)?;
    Ok(())
}

/// The files the runner skips, with the reason (`spec-tests/skip.tsv`).
pub fn skip_list() -> HashMap<String, String> {
    include_str!("../skip.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, r)| (f.to_string(), r.to_string()))
        .collect()
}

/// The engine tier a run uses, from `SHEAVE_STRATEGY`: `interpreter` (the default: the
/// interpreter alone, `Strategy::Winch`), `cranelift` (everything compiled up front) or
/// `tiered` (`Strategy::Auto`: start interpreted, compile what is hot; `SHEAVE_TIER_THRESHOLD`
/// sets the calls that make a function hot, 1 when unset so every function is compiled at its
/// first call and every transition is exercised). The last two need the `cranelift` feature.
/// Returns the name printed in the run's header, and whether native code runs (so the run
/// needs a larger host stack).
pub fn strategy_from_env(config: &mut Config) -> (&'static str, bool) {
    match std::env::var("SHEAVE_STRATEGY").as_deref() {
        Ok("cranelift") => {
            config.strategy(sheave::Strategy::Cranelift);
            ("cranelift", true)
        }
        Ok("tiered") => {
            let threshold = std::env::var("SHEAVE_TIER_THRESHOLD").ok().map_or(1, |t| {
                t.parse().unwrap_or_else(|_| panic!("SHEAVE_TIER_THRESHOLD={t}: expected a number of calls"))
            });
            config.strategy(sheave::Strategy::Auto).tier_up_threshold(threshold).parallel_compilation(false);
            ("tiered", true)
        }
        Ok("interpreter") | Ok("auto") | Err(_) => {
            config.strategy(sheave::Strategy::Winch);
            ("interpreter", false)
        }
        Ok(other) => panic!("SHEAVE_STRATEGY={other}: expected interpreter, cranelift or tiered"),
    }
}
