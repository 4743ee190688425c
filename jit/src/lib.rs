//! `sheave-jit`: Sheave's Cranelift tier. It lowers Sheave's register bytecode (not wasm:
//! validation, constant expressions and control flow were resolved by the translator) to
//! Cranelift IR, one native function per bytecode function.
//!
//! # Frames and calls
//! Native code keeps the interpreter's frame layout: a function's frame is a run of 64-bit
//! slots in the value stack, parameters in slots `0..`, results returned in slots `0..`. Slots
//! live in Cranelift variables while the function runs; only call arguments, results and the
//! parameters touch the value stack. So native code and interpreter frames call each other
//! through the function registry: native to native directly (a Cranelift call within the
//! module), everything else through [`VmCtx::call_out`], which the embedder implements.
//!
//! # Traps
//! No signal handlers: every check is explicit (bounds, division, float-to-int conversion,
//! stack limits), and every function returns a status ([`OK`], a trap code from
//! [`status_of`], or [`ERROR`]: the embedder holds an error). A trap records the frames it
//! passes through in [`VmCtx::backtrace`].
//!
//! # What falls back
//! The lowering is generated from `for_each_op!`, so an op without one does not build. Ops
//! marked interpreter-only (see `ops::interp_only`) make their function stay in the
//! interpreter: per-function mixed mode, never an error.

#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod helpers;
mod lower;
mod ops;
mod simd;
mod tier;

use anyhow::{Result, anyhow, bail};
use cranelift_codegen::ir::{Signature, types};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};
use sheave_interp::Trap;
use sheave_interp::exec::EpochCounter;
use sheave_interp::vm::{CompiledFunc, InstanceCtx};

pub use lower::{Fallback, interp_only_ops};
pub use tier::TierJit;

/// Whether this host has a Cranelift backend Sheave supports (x86-64, aarch64, riscv64,
/// s390x; 64-bit hosts only, because native code reads the VM's 64-bit layout).
pub const HOST_SUPPORTED: bool =
    cfg!(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64", target_arch = "s390x"));

/// A function returned normally.
pub const OK: u32 = 0;
/// The embedder holds an error for this call (a host function failed, or an exception is on
/// its way out): native frames pass it up unchanged.
pub const ERROR: u32 = u32::MAX;

/// An exception is on its way out (`VmCtx::exception`, a registry exception index): native
/// frames pass it up unchanged (functions with handlers stay in the interpreter).
pub const EXCEPTION: u32 = u32::MAX - 1;

/// Traps in status order: a trap's status is its index here plus one.
const TRAPS: [Trap; 12] = [
    Trap::StackOverflow,
    Trap::MemoryOutOfBounds,
    Trap::TableOutOfBounds,
    Trap::IndirectCallToNull,
    Trap::BadSignature,
    Trap::IntegerOverflow,
    Trap::IntegerDivisionByZero,
    Trap::BadConversionToInteger,
    Trap::UnreachableCodeReached,
    Trap::Interrupt,
    Trap::OutOfFuel,
    Trap::NullReference,
];

/// The status native code returns for trap `t`.
pub fn status_of(t: Trap) -> u32 {
    TRAPS.iter().position(|&x| x == t).map_or(ERROR, |i| i as u32 + 1)
}

/// The trap behind a status, if it is one.
pub fn trap_of(status: u32) -> Option<Trap> {
    TRAPS.get((status as usize).wrapping_sub(1)).copied()
}

/// How native code calls out of itself: run registry function `func` with its frame (the
/// arguments, then the results) at `fp`, called from instance `inst`. Returns a status.
pub type CallOut = unsafe extern "C" fn(ctx: *mut VmCtx, inst: *const InstanceCtx, func: u32, fp: *mut u64) -> u32;

/// `memory.grow` of memory `memory` of `inst` by `delta` pages under the embedder's limits;
/// writes the old size (or -1 in the memory's index type) to `dst`. Returns a status.
pub type GrowFn =
    unsafe extern "C" fn(ctx: *mut VmCtx, inst: *const InstanceCtx, memory: u32, delta: u64, dst: *mut u64) -> u32;

/// `table.grow` of table `table` of `inst` by `delta` entries (slot bits) of `init` under the
/// embedder's limits; writes the old size (or -1 in the table's index type) to `dst`.
pub type TableGrowFn = unsafe extern "C" fn(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    table: u32,
    delta: u64,
    init: u64,
    dst: *mut u64,
) -> u32;

/// The embedder's way into native code (the platform's C calling convention; one per module):
/// runs `body`, a native function of `inst`, with its frame at `fp` (arguments in, results
/// out).
pub type Entry = unsafe extern "C" fn(ctx: *mut VmCtx, inst: *const InstanceCtx, fp: *mut u64, body: *const u8) -> u32;

/// What native code reads and writes during one invocation from the embedder. The embedder
/// builds it; native code addresses its fields by offset (hence `repr(C)`).
#[repr(C)]
#[derive(Debug)]
pub struct VmCtx {
    /// The lowest native stack address a function may start at (`Config::max_wasm_stack`
    /// below the first entry's stack pointer): deeper, it traps with `StackOverflow`.
    pub stack_limit: usize,
    /// One past the last usable slot of the value stack.
    pub stack_end: *mut u64,
    /// Remaining fuel (charged by `fuel` ops, which exist only with fuel on).
    pub fuel: i64,
    /// The engine's epoch counter.
    pub epoch: *const EpochCounter,
    /// The epoch at which `epoch` ops trap.
    pub epoch_deadline: u64,
    /// Calls out of native code (host functions, interpreted functions).
    pub call_out: CallOut,
    /// `memory.grow`.
    pub memory_grow: GrowFn,
    /// `table.grow`.
    pub table_grow: TableGrowFn,
    /// The embedder's state (its store), for `call_out` and `memory_grow`.
    pub embedder: *mut (),
    /// Set by `call_indirect`'s resolver: the callee's tail-convention body and instance
    /// (for a host callee, the calling instance), and its registry index (which the call-out
    /// trampoline reads when the callee is not native).
    pub target_body: *const u8,
    /// See `target_body`.
    pub target_inst: *const InstanceCtx,
    /// See `target_body`.
    pub target_func: u32,
    /// The exception behind an [`EXCEPTION`] status.
    pub exception: u32,
    /// Registry indices of the native frames a trap left, innermost first.
    pub backtrace: Vec<u32>,
    /// The first frame of this native run (a collection from native code scans the frames
    /// from here).
    pub frames_base: *mut u64,
}

/// A native function's two entry points (what `FuncKind::Native::entry` points at).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct NativeFunc {
    /// For the embedder: the module's entry trampoline (C calling convention), called with
    /// `body` as its last argument.
    pub entry: Entry,
    /// For native callers: Cranelift's `tail` convention (so tail calls are real).
    pub body: *const u8,
}

/// One function to compile.
#[derive(Debug, Clone, Copy)]
pub struct FuncInput<'a> {
    /// Its bytecode.
    pub code: &'a CompiledFunc,
    /// Its index in the module's function index space.
    pub index: u32,
}

/// A module to compile: its defined functions and what their calls need to know.
#[derive(Debug)]
pub struct ModuleInput<'a> {
    /// The defined functions, in order (function index `num_imported + i`).
    pub funcs: Vec<FuncInput<'a>>,
    /// Imported functions (function indices `0..num_imported`).
    pub num_imported: u32,
    /// Per function index: (parameter slots, result slots).
    pub func_arity: Vec<(u32, u32)>,
    /// Per type index: (parameter slots, result slots).
    pub type_arity: Vec<(u32, u32)>,
    /// The module has a memory 0 (defined or imported).
    pub has_memory0: bool,
    /// Per tag index: the payload's slot count.
    pub tag_arity: Vec<u32>,
}

/// A module's native code. The code memory is freed when this is dropped (the module that
/// owns it outlives every instance whose registry entries point into it).
pub struct JitCode {
    module: Option<JITModule>,
    funcs: Box<[Option<NativeFunc>]>,
    /// Defined functions left to the interpreter, with the reason.
    pub fallbacks: Vec<Fallback>,
}

// SAFETY: after `finalize_definitions` the JIT module is only read (function addresses were
// taken then) and freed on drop; the code it holds is immutable.
unsafe impl Send for JitCode {}
// SAFETY: as above.
unsafe impl Sync for JitCode {}

impl core::fmt::Debug for JitCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JitCode").field("funcs", &self.funcs.len()).field("fallbacks", &self.fallbacks).finish()
    }
}

impl Drop for JitCode {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: the owner drops this only when no registry entry can reach the code.
            unsafe { m.free_memory() };
        }
    }
}

impl JitCode {
    /// Defined function `i`'s entry points, or `None` when it runs in the interpreter.
    pub fn func(&self, i: usize) -> Option<&NativeFunc> {
        self.funcs.get(i).and_then(Option::as_ref)
    }
}

/// The lowest native stack address native code may use on this thread: `budget` bytes below
/// `sp` (the stack pointer at the outermost entry), but never closer than 64 KiB to the end
/// of the thread's stack where the OS says where that is (Linux), so a thread with less stack
/// than `Config::max_wasm_stack` gets a stack-overflow trap, not a crash.
pub fn stack_limit(sp: usize, budget: usize) -> usize {
    let limit = sp.saturating_sub(budget);
    match thread_stack_low() {
        Some(low) => limit.max(low.saturating_add(64 << 10)),
        None => limit,
    }
    .max(1)
}

/// The low end of this thread's stack (cached per thread).
#[cfg(target_os = "linux")]
fn thread_stack_low() -> Option<usize> {
    use std::cell::Cell;
    thread_local!(static LOW: Cell<Option<usize>> = const { Cell::new(None) });
    if let Some(low) = LOW.get() {
        return Some(low);
    }
    // SAFETY: `pthread_getattr_np` fills the zeroed attribute object for the calling thread,
    // which is destroyed after `pthread_attr_getstack` read it.
    let low = unsafe {
        let mut attr: libc::pthread_attr_t = core::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let (mut addr, mut size) = (core::ptr::null_mut(), 0usize);
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        if !ok {
            return None;
        }
        addr as usize
    };
    LOW.set(Some(low));
    Some(low)
}

#[cfg(not(target_os = "linux"))]
fn thread_stack_low() -> Option<usize> {
    None
}

/// The host's ISA with Sheave's settings (for `compile` and the compatibility hash).
pub fn host_isa() -> Result<OwnedTargetIsa> {
    if !HOST_SUPPORTED {
        bail!("the Cranelift tier does not support this host ({})", std::env::consts::ARCH);
    }
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").map_err(|e| anyhow!("{e}"))?;
    // Native code never relies on trap instructions, so Cranelift's own checks stay as they
    // are; the verifier only costs compile time.
    flags.set("enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" }).map_err(|e| anyhow!("{e}"))?;
    flags.set("preserve_frame_pointers", "true").map_err(|e| anyhow!("{e}"))?;
    let builder = cranelift_native::builder().map_err(|e| anyhow!("no Cranelift backend for this host: {e}"))?;
    builder.finish(settings::Flags::new(flags)).map_err(|e| anyhow!("{e}"))
}

/// Whether `isa` has 128-bit vectors in Wasm's lane order with every instruction the inline
/// SIMD forms use: aarch64, and x86-64 with SSE4.2 (Cranelift's SIMD baseline there is
/// SSE4.1; `pcmpgtq` is 4.2). Elsewhere SIMD ops call the interpreter's semantics.
pub(crate) fn host_vectors(isa: &dyn cranelift_codegen::isa::TargetIsa) -> bool {
    let flag = |name: &str| isa.isa_flags().iter().any(|f| f.name == name && f.as_bool() == Some(true));
    match isa.name() {
        "aarch64" => true,
        "x64" => flag("has_ssse3") && flag("has_sse41") && flag("has_sse42"),
        _ => false,
    }
}

/// A description of the host ISA and its flags (what native code depends on).
pub fn isa_description() -> String {
    match host_isa() {
        Ok(isa) => {
            format!("{} {}", isa.triple(), isa.isa_flags().iter().map(|f| f.to_string()).collect::<Vec<_>>().join(","))
        }
        Err(e) => format!("unsupported: {e}"),
    }
}

/// One function's machine code, ready for the code memory.
struct Compiled {
    id: FuncId,
    align: u64,
    bytes: Vec<u8>,
    relocs: Vec<cranelift_module::ModuleReloc>,
}

/// Compiles the function in `ctx` (module function `id`) to machine code.
fn compile_func(
    ctx: &mut cranelift_codegen::Context,
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    id: FuncId,
) -> Result<Compiled> {
    let mut plane = cranelift_codegen::control::ControlPlane::default();
    ctx.compile(isa, &mut plane).map_err(|e| anyhow!("compiling {id}: {:?}", e.inner))?;
    let code = ctx.compiled_code().expect("compiled above");
    let align = (code.buffer.alignment as u64).max(isa.function_alignment().minimum as u64).max(isa.symbol_alignment());
    let bytes = code.code_buffer().to_vec();
    let relocs =
        code.buffer.relocs().iter().map(|r| cranelift_module::ModuleReloc::from_mach_reloc(r, &ctx.func, id)).collect();
    Ok(Compiled { id, align, bytes, relocs })
}

/// What a compilation job builds.
#[derive(Clone, Copy)]
enum Job {
    /// Defined function `i`'s body (its lowering, or a call-out stub when it has none).
    Body(usize),
    /// The module's entry trampoline.
    Entry,
    /// The module's call-out trampoline.
    Trampoline,
}

/// Compiles every function of `input` that has a lowering; the others are listed in
/// `fallbacks` and stay in the interpreter. `threads` compile in parallel (1: on this thread).
pub fn compile(input: &ModuleInput, threads: usize) -> Result<JitCode> {
    let isa = host_isa()?;
    let call_conv = isa.default_call_conv();
    let ptr = isa.pointer_type();
    let frontend = isa.frontend_config();
    let mut module = JITModule::new(JITBuilder::with_isa(isa.clone(), cranelift_module::default_libcall_names()));
    let body_sig = lower::func_signature(ptr, CallConv::Tail);
    let int_ext = isa.default_argument_extension();
    let entry_sig = lower::c_signature(call_conv, int_ext, &[ptr, ptr, ptr, ptr], Some(types::I32));
    let declare = |m: &mut JITModule, name: String, sig: &Signature| {
        m.declare_function(&name, Linkage::Local, sig).map_err(|e| anyhow!("{e}"))
    };
    let mut bodies: Vec<FuncId> = Vec::with_capacity(input.funcs.len());
    for f in &input.funcs {
        bodies.push(declare(&mut module, format!("body{}", f.index), &body_sig)?);
    }
    let entry = declare(&mut module, "entry_trampoline".into(), &entry_sig)?;
    let trampoline = declare(&mut module, "call_out_trampoline".into(), &body_sig)?;
    let env = lower::ModuleEnv {
        input,
        bodies: &bodies,
        trampoline,
        tier_bodies: None,
        tier_self: None,
        ptr,
        c_conv: call_conv,
        int_ext,
        frontend,
        vectors: host_vectors(&*isa),
    };

    let mut jobs: Vec<Job> = (0..input.funcs.len()).map(Job::Body).collect();
    jobs.extend([Job::Entry, Job::Trampoline]);
    // Lowering and Cranelift's compilation run on `threads` threads, each taking the next job;
    // defining the results in the code memory stays on this thread.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Result<Vec<(usize, Compiled, Option<Fallback>)>> {
        let mut fctx = cranelift_frontend::FunctionBuilderContext::new();
        let mut ctx = cranelift_codegen::Context::new();
        let mut out = Vec::new();
        loop {
            let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&job) = jobs.get(j) else { return Ok(out) };
            ctx.clear();
            let mut fallback = None;
            let id = match job {
                Job::Body(i) => {
                    let f = &input.funcs[i];
                    ctx.func.signature = body_sig.clone();
                    if let Err(reason) = lower::lower_function(&mut ctx.func, &mut fctx, &env, f, None) {
                        fallback = Some(reason);
                        // The body becomes a call-out to the interpreter, so native callers
                        // still call it directly.
                        ctx.func.clear();
                        ctx.func.signature = body_sig.clone();
                        lower::call_out_stub(&mut ctx.func, &mut fctx, &env, Some(f.index));
                    }
                    bodies[i]
                }
                Job::Entry => {
                    ctx.func.signature = entry_sig.clone();
                    lower::entry_trampoline(&mut ctx.func, &mut fctx, &env);
                    entry
                }
                Job::Trampoline => {
                    ctx.func.signature = body_sig.clone();
                    lower::call_out_stub(&mut ctx.func, &mut fctx, &env, None);
                    trampoline
                }
            };
            out.push((j, compile_func(&mut ctx, &*isa, id)?, fallback));
        }
    };
    let mut results: Vec<(usize, Compiled, Option<Fallback>)> = if threads <= 1 {
        work()?
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            let mut all = Vec::new();
            for h in handles {
                all.extend(h.join().map_err(|_| anyhow!("a compilation thread panicked"))??);
            }
            Ok::<_, anyhow::Error>(all)
        })?
    };
    // The same order whatever the threads did: code layout and fallbacks are deterministic.
    results.sort_by_key(|(j, _, _)| *j);
    let mut fallbacks = Vec::new();
    let mut native = vec![true; input.funcs.len()];
    for (j, c, fallback) in results {
        if let (Job::Body(i), Some(f)) = (jobs[j], fallback) {
            native[i] = false;
            fallbacks.push(f);
        }
        module.define_function_bytes(c.id, c.align, &c.bytes, &c.relocs).map_err(|e| anyhow!("{e}"))?;
    }
    module.finalize_definitions().map_err(|e| anyhow!("{e}"))?;

    // SAFETY: `entry` was defined with `entry_sig`, the C convention `Entry` describes.
    let entry = unsafe { core::mem::transmute::<*const u8, Entry>(module.get_finalized_function(entry)) };
    let funcs = (0..input.funcs.len())
        .map(|i| native[i].then(|| NativeFunc { entry, body: module.get_finalized_function(bodies[i]) }))
        .collect();
    Ok(JitCode { module: Some(module), funcs, fallbacks })
}
