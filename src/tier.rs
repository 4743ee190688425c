//! Tiering (`Strategy::Auto` with the Cranelift tier): every function starts in the
//! interpreter; hot ones are compiled, one at a time, and later calls run native code.
//!
//! - **Counting.** Tiering bytecode starts each function with a `tier_count` op, which
//!   decrements the function's `CompiledFunc::tier.count` and leaves the interpreter with
//!   `Pending::TierUp` at zero. The count's meaning is this module's: the first exit sets it
//!   to the threshold; at the next the function is hot; while it compiles (or when it cannot
//!   be compiled) it is `u32::MAX`; once native code is ready it is 0, so every interpreted
//!   entry leaves and is sent to native code.
//! - **Installation.** Native code is installed in the code, which every store and instance
//!   of the module share, never in a store's registry (registry entries stay `Wasm`, so
//!   resumable and async calls can still run any function in the interpreter): in the tier
//!   cell (`CompiledFunc::tier.native`, read by native `call_indirect`/`call_ref` resolution
//!   and by calls from the host) and in the module's table of native bodies, which native
//!   calls of defined functions read.
//! - **Compilation** runs on the engine's background thread when `parallel_compilation` is
//!   on (the interpreter goes on meanwhile), else on the calling thread at the threshold.

use crate::module::ModuleInner;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::Store;
use anyhow::Result;
use core::sync::atomic::{AtomicPtr, AtomicU8, AtomicUsize, Ordering};
use sheave_interp::exec::Executor;
use sheave_interp::vm::{CompiledFunc, FuncKind};
use sheave_jit::{NativeFunc, TierJit};
use std::sync::{Arc, Mutex, Weak, mpsc};
use std::time::{Duration, Instant};

/// Per defined function: what tiering did with it (`ModuleTier::states`).
const FRESH: u8 = 0;
const COUNTING: u8 = 1;
const COMPILING: u8 = 2;
const NATIVE: u8 = 3;
const NEVER: u8 = 4;

/// A module's tiering state (in a tiering engine).
pub(crate) struct ModuleTier {
    /// The code memory, made at the first compilation.
    jit: Mutex<Option<TierJit>>,
    /// Per defined function: its native body (tail convention), or null.
    bodies: Box<[AtomicPtr<u8>]>,
    /// Per defined function: `FRESH`, `COUNTING`, ...
    states: Box<[AtomicU8]>,
    /// On-stack replacement entries by (defined function, loop header word).
    osr: Mutex<std::collections::HashMap<(usize, u32), Osr>>,
    /// What happened, in order.
    log: Mutex<TierLog>,
    created: Instant,
    /// The engine's native code bytes over all its modules (`Config::tier_code_memory_limit`
    /// bounds it); this module's share is given back when it drops.
    engine_bytes: Arc<AtomicUsize>,
}

impl Drop for ModuleTier {
    fn drop(&mut self) {
        self.engine_bytes.fetch_sub(self.code_bytes(), Ordering::Relaxed);
    }
}

/// An on-stack replacement entry's state.
#[derive(Clone, Copy)]
enum Osr {
    Compiling,
    /// Its `NativeFunc` (an address in the module's code memory).
    Ready(usize),
    Never,
}

/// What the background compiler does for a module.
#[derive(Clone, Copy)]
enum Job {
    /// Defined function `i`, then its loop header `osr` if one asked.
    Function { i: usize, osr: Option<u32> },
    /// The on-stack replacement entry of defined function `i` at loop header `at`.
    Osr { i: usize, at: u32 },
}

#[derive(Default)]
struct TierLog {
    tiered: Vec<(u32, Duration)>,
    fallbacks: Vec<(u32, &'static str)>,
}

impl ModuleTier {
    pub(crate) fn new(defined: usize, engine_bytes: Arc<AtomicUsize>) -> ModuleTier {
        ModuleTier {
            jit: Mutex::new(None),
            bodies: (0..defined).map(|_| AtomicPtr::new(core::ptr::null_mut())).collect(),
            states: (0..defined).map(|_| AtomicU8::new(FRESH)).collect(),
            osr: Mutex::new(Default::default()),
            log: Mutex::new(TierLog::default()),
            created: Instant::now(),
            engine_bytes,
        }
    }

    /// Functions (module function indices) compiled so far, with when (since the module was
    /// made), in order.
    pub(crate) fn tiered(&self) -> Vec<(u32, Duration)> {
        self.log.lock().map(|l| l.tiered.clone()).unwrap_or_default()
    }

    /// Hot functions that stay interpreted, with the reason.
    pub(crate) fn fallbacks(&self) -> Vec<(u32, &'static str)> {
        self.log.lock().map(|l| l.fallbacks.clone()).unwrap_or_default()
    }

    /// Whether the engine's tiered code reached `Config::tier_code_memory_limit`.
    fn over_limit(&self, m: &ModuleInner) -> bool {
        self.engine_bytes.load(Ordering::Relaxed) >= m.engine.config().tier_code_limit
    }

    /// `jit.compile`, counting the code it makes toward the engine's limit.
    fn compile(
        &self,
        jit: &mut TierJit,
        f: sheave_jit::FuncInput<'_>,
        osr: Option<u32>,
    ) -> Result<Result<*const NativeFunc, sheave_jit::Fallback>> {
        let before = jit.code_bytes();
        let result = jit.compile(f, self.bodies.as_ptr(), osr);
        self.engine_bytes.fetch_add(jit.code_bytes() - before, Ordering::Relaxed);
        result
    }

    /// Native code bytes made so far.
    pub(crate) fn code_bytes(&self) -> usize {
        self.jit.lock().ok().and_then(|j| j.as_ref().map(TierJit::code_bytes)).unwrap_or(0)
    }
}

impl core::fmt::Debug for ModuleTier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ModuleTier").field("functions", &self.states.len()).finish()
    }
}

/// The engine's background compiler: one thread, started at the first hot function, that
/// ends when the engine is dropped (its queue's sender goes with the engine).
pub(crate) struct TierWorker {
    queue: Mutex<mpsc::Sender<(Weak<ModuleInner>, Job)>>,
}

impl TierWorker {
    fn start() -> Option<TierWorker> {
        let (tx, rx) = mpsc::channel::<(Weak<ModuleInner>, Job)>();
        let worker = std::thread::Builder::new().name("sheave-tier-up".into()).spawn(move || {
            // A module dropped while its job waited is skipped; one dropped during its job
            // is freed when the job lets go of it.
            while let Ok((module, job)) = rx.recv() {
                if let Some(m) = module.upgrade() {
                    run_job(&m, job);
                }
            }
        });
        worker.ok().map(|_| TierWorker { queue: Mutex::new(tx) })
    }
}

fn run_job(m: &ModuleInner, job: Job) {
    match job {
        Job::Function { i, osr } => {
            compile(m, i);
            if let Some(at) = osr {
                compile_osr(m, i, at);
            }
        }
        Job::Osr { i, at } => compile_osr(m, i, at),
    }
}

/// Hands `job` to the engine's background compiler; false when there is none (compile here).
fn queue(module: &crate::Module, job: Job) -> bool {
    let m = &module.inner;
    m.engine.config().parallel_compilation
        && m.engine
            .inner
            .tier_worker
            .get_or_init(TierWorker::start)
            .as_ref()
            .is_some_and(|w| w.queue.lock().is_ok_and(|q| q.send((Arc::downgrade(&module.inner), job)).is_ok()))
}

/// Serves `Pending::TierUp` for the executor's current function, which stopped at its entry
/// (`at` = `ENTRY`) or at the loop header at word `at`. `may_switch`: the frame may go on in
/// native code (false in resumable and async calls, which stay interpreted).
pub(crate) fn serve<T: 'static>(store: &mut Store<T>, exec: &mut Executor, at: u32, may_switch: bool) -> Result<()> {
    let func = exec.current_func();
    let FuncKind::Wasm { code, instance } = store.inner.registry.funcs[func as usize].kind else { return Ok(()) };
    // SAFETY: registry code pointers are live while the store is.
    let code: &CompiledFunc = unsafe { &*code };
    let Some((module, index)) = store.inner.func_info[func as usize].origin.clone() else { return Ok(()) };
    let m = &module.inner;
    let (Some(tier), Some(i)) = (m.tier.as_ref(), index.checked_sub(m.num_imported_funcs)) else {
        code.tier.count.store(u32::MAX, Ordering::Relaxed);
        return Ok(());
    };
    let i = i as usize;
    let osr = (at != sheave_interp::exec::ENTRY).then_some(at);
    let config = m.engine.config();
    let state = tier.states[i].load(Ordering::Acquire);
    let sample = loop_sample(config);
    if osr.is_some() {
        exec.loop_budget = sample;
    }
    match state {
        NATIVE => {}
        // (A loop's stop leaves the count alone: calls read it.)
        COMPILING | NEVER if osr.is_some() => return Ok(()),
        COMPILING | NEVER => {
            code.tier.count.store(u32::MAX, Ordering::Relaxed);
            return Ok(());
        }
        // A loop's stop stands for `sample` iterations of the running function: they count
        // as calls toward its threshold.
        FRESH | COUNTING if osr.is_some() => {
            let left = if state == FRESH { config.tier_up_threshold } else { code.tier.count.load(Ordering::Relaxed) };
            if left > sample {
                code.tier.count.store(left - sample, Ordering::Relaxed);
                tier.states[i].store(COUNTING, Ordering::Relaxed);
                return Ok(());
            }
        }
        FRESH if osr.is_none() && config.tier_up_threshold > 1 => {
            code.tier.count.store(config.tier_up_threshold - 1, Ordering::Relaxed);
            tier.states[i].store(COUNTING, Ordering::Relaxed);
            return Ok(());
        }
        _ => {}
    }
    if state != NATIVE {
        // Hot: one caller wins the right to compile it.
        if tier.states[i].compare_exchange(state, COMPILING, Ordering::AcqRel, Ordering::Acquire).is_err() {
            return Ok(());
        }
        code.tier.count.store(u32::MAX, Ordering::Relaxed);
        if let Some(at) = osr {
            set_osr(tier, i, at, Osr::Compiling);
        }
        if queue(&module, Job::Function { i, osr }) {
            return Ok(());
        }
        run_job(m, Job::Function { i, osr });
        if tier.states[i].load(Ordering::Acquire) != NATIVE {
            return Ok(());
        }
    }
    if !may_switch {
        return Ok(());
    }
    let native = match osr {
        None => code.tier.native.load(Ordering::Acquire) as *const NativeFunc,
        Some(at) => {
            let known = tier.osr.lock().ok().and_then(|map| map.get(&(i, at)).copied());
            match known {
                Some(Osr::Ready(n)) => n as *const NativeFunc,
                // Compiling: the interpreter goes on; the count says when to look again.
                Some(Osr::Compiling) => {
                    code.tier.count.store(u32::MAX, Ordering::Relaxed);
                    return Ok(());
                }
                // Not possible here: the loop stays interpreted; calls still find the native code.
                Some(Osr::Never) => {
                    code.tier.count.store(u32::MAX, Ordering::Relaxed);
                    return Ok(());
                }
                None => {
                    set_osr(tier, i, at, Osr::Compiling);
                    code.tier.count.store(u32::MAX, Ordering::Relaxed);
                    if queue(&module, Job::Osr { i, at }) {
                        return Ok(());
                    }
                    compile_osr(m, i, at);
                    match tier.osr.lock().ok().and_then(|map| map.get(&(i, at)).copied()) {
                        Some(Osr::Ready(n)) => n as *const NativeFunc,
                        _ => return Ok(()),
                    }
                }
            }
        }
    };
    // SAFETY: tier cells and OSR entries point at `NativeFunc`s of the module's live code memory.
    let native = unsafe { *native };
    // The frame's own function is the native run's first; the interpreter's frames follow.
    let below = exec.backtrace(crate::trap::backtrace_limit(&store.inner));
    crate::jit::run_native_entry(store, instance, native, exec.frame_pointer(), below.get(1..).unwrap_or(&[]))?;
    exec.return_from_frame();
    Ok(())
}

fn set_osr(tier: &ModuleTier, i: usize, at: u32, state: Osr) {
    if let Ok(mut map) = tier.osr.lock() {
        map.insert((i, at), state);
    }
}

/// Compiles the on-stack replacement entry of defined function `i` of `m` at loop header
/// `at`, then lets the interpreter look again (the function's count back to 0).
fn compile_osr(m: &ModuleInner, i: usize, at: u32) {
    let Some(tier) = m.tier.as_ref() else { return };
    let index = m.num_imported_funcs + i as u32;
    let Ok(code) = m.compiled(i) else { return set_osr(tier, i, at, Osr::Never) };
    let result = match tier.jit.lock() {
        Ok(mut jit) => match jit.as_mut() {
            Some(jit) if !tier.over_limit(m) => tier.compile(jit, sheave_jit::FuncInput { code, index }, Some(at)),
            _ => Err(anyhow::anyhow!("no code memory")),
        },
        Err(_) => Err(anyhow::anyhow!("tiering state poisoned")),
    };
    set_osr(
        tier,
        i,
        at,
        match result {
            Ok(Ok(native)) => Osr::Ready(native as usize),
            _ => Osr::Never,
        },
    );
    if tier.states[i].load(Ordering::Acquire) == NATIVE {
        code.tier.count.store(0, Ordering::Release);
    }
}

/// Outermost-loop iterations between two stops of an executor of a tiering engine (see
/// `Executor::loop_budget`): each stop credits the running function with that many.
pub(crate) fn loop_sample(config: &crate::Config) -> u32 {
    config.tier_up_threshold.clamp(1, 1000)
}

/// The native code of `code` (a function of a tiering module), when it has some.
pub(crate) fn native_of(code: &CompiledFunc) -> Option<NativeFunc> {
    let native = code.tier.native.load(Ordering::Acquire) as *const NativeFunc;
    // SAFETY: as in `serve`.
    (!native.is_null()).then(|| unsafe { *native })
}

/// Compiles defined function `i` of `m` (its state is `COMPILING`) and installs the result,
/// or marks it `NEVER` with the reason.
fn compile(m: &ModuleInner, i: usize) {
    let Some(tier) = m.tier.as_ref() else { return };
    let index = m.num_imported_funcs + i as u32;
    let fail = |reason: &'static str| {
        tier.states[i].store(NEVER, Ordering::Release);
        if let Ok(mut log) = tier.log.lock() {
            log.fallbacks.push((index, reason));
        }
    };
    let Ok(code) = m.compiled(i) else { return fail("translation failed") };
    let Ok(mut jit) = tier.jit.lock() else { return fail("tiering state poisoned") };
    if tier.over_limit(m) {
        return fail("the engine's tier code memory limit is reached");
    }
    if jit.is_none() {
        match TierJit::new(crate::jit::module_input(m)) {
            Ok(j) => {
                tier.engine_bytes.fetch_add(j.code_bytes(), Ordering::Relaxed);
                *jit = Some(j);
            }
            Err(_) => return fail("no Cranelift backend"),
        }
    }
    let jit = jit.as_mut().expect("made above");
    match tier.compile(jit, sheave_jit::FuncInput { code, index }, None) {
        Ok(Ok(native)) => {
            // SAFETY: `native` lives as long as the code memory, which the module keeps.
            let body = unsafe { (*native).body };
            tier.bodies[i].store(body as *mut u8, Ordering::Release);
            code.tier.native.store(native as *mut (), Ordering::Release);
            tier.states[i].store(NATIVE, Ordering::Release);
            code.tier.count.store(0, Ordering::Release);
            if let Ok(mut log) = tier.log.lock() {
                log.tiered.push((index, tier.created.elapsed()));
            }
        }
        Ok(Err(fallback)) => fail(fallback.reason),
        Err(_) => fail("Cranelift failed to compile it"),
    }
}
