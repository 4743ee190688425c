//! The Cranelift tier's glue (feature `cranelift`): compiling a module's bytecode with
//! `sheave-jit`, running native functions, and the embedder side of native code's calls out
//! (host functions, interpreted functions, `memory.grow` under the store's limiter).

use crate::module::ModuleInner;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::Store;
use crate::trap::trap_error;
use anyhow::Result;
use sheave_interp::vm::{FuncKind, InstanceCtx};
use sheave_jit::{ERROR, EXCEPTION, NativeFunc, OK, VmCtx};

/// Compiles every defined function of `m` that has a lowering (translating lazy ones first).
pub(crate) fn compile_module(m: &ModuleInner) -> Result<sheave_jit::JitCode> {
    let mut funcs = Vec::with_capacity(m.code.len());
    for i in 0..m.code.len() {
        let code = m.compiled(i)?;
        funcs.push(sheave_jit::FuncInput { code, index: m.num_imported_funcs + i as u32 });
    }
    let input = sheave_jit::ModuleInput { funcs, ..module_input(m) };
    let threads = match m.engine.config().parallel_compilation {
        true => std::thread::available_parallelism().map_or(1, |n| n.get()),
        false => 1,
    };
    sheave_jit::compile(&input, threads)
}

/// What the lowering needs to know of `m` (with no functions to compile).
pub(crate) fn module_input(m: &ModuleInner) -> sheave_jit::ModuleInput<'static> {
    sheave_jit::ModuleInput {
        funcs: Vec::new(),
        num_imported: m.num_imported_funcs,
        func_arity: m.func_types.iter().map(|&t| m.arities[t as usize]).collect(),
        type_arity: m.arities.clone(),
        has_memory0: !m.memories.is_empty(),
        tag_arity: m.tags.iter().map(|t| crate::func::slot_count(t.ty().params()) as u32).collect(),
    }
}

/// The registry kind of defined function `i` of `m` in instance `instance`.
pub(crate) fn func_kind(
    m: &ModuleInner,
    i: usize,
    code: *const sheave_interp::vm::CompiledFunc,
    instance: *const InstanceCtx,
) -> FuncKind {
    match m.jit.as_ref().and_then(|j| j.func(i)) {
        Some(native) => FuncKind::Native { code, instance, entry: native as *const NativeFunc as *const u8 },
        None => FuncKind::Wasm { code, instance },
    }
}

/// Runs native registry function `func` with its frame at `fp` (in the store's value stack).
pub(crate) fn run_native<T: 'static>(store: &mut Store<T>, func: u32, fp: *mut u64) -> Result<()> {
    let FuncKind::Native { instance, entry, .. } = store.inner.registry.funcs[func as usize].kind else {
        unreachable!("run_native needs a native function")
    };
    // SAFETY: native registry entries point at the `NativeFunc` of their module's live code.
    let native = unsafe { *(entry as *const NativeFunc) };
    run_native_entry(store, instance, native, fp, &[])
}

/// Runs `native`, a function of `instance`, with its frame at `fp` (in the store's value stack).
/// `below`: the interpreter frames under it (registry indices, innermost first), which a
/// trap's backtrace lists after the native frames.
pub(crate) fn run_native_entry<T: 'static>(
    store: &mut Store<T>,
    instance: *const InstanceCtx,
    native: NativeFunc,
    fp: *mut u64,
    below: &[u32],
) -> Result<()> {
    let config = store.inner.engine.config();
    let fuel_on = config.consume_fuel;
    // The native stack budget is counted from the outermost native entry, so nested entries
    // (through host functions) share it.
    let outermost = store.inner.jit_stack_limit == 0;
    if outermost {
        let here = 0u8;
        let sp = core::ptr::addr_of!(here) as usize;
        store.inner.jit_stack_limit = sheave_jit::stack_limit(sp, config.max_wasm_stack);
    }
    let cap = store.inner.stack.len();
    let mut ctx = VmCtx {
        stack_limit: store.inner.jit_stack_limit,
        stack_end: store.inner.stack.as_mut_ptr().wrapping_add(cap),
        fuel: store.inner.fuel.min(i64::MAX as u64) as i64,
        epoch: store.inner.engine.epoch_counter(),
        epoch_deadline: store.inner.epoch_deadline,
        call_out: call_out::<T>,
        memory_grow: memory_grow::<T>,
        table_grow: table_grow::<T>,
        embedder: store as *mut Store<T> as *mut (),
        target_body: core::ptr::null(),
        target_inst: core::ptr::null(),
        target_func: 0,
        exception: 0,
        backtrace: Vec::new(),
        frames_base: fp,
    };
    // SAFETY: the code was compiled for this module and `instance` is the instance it runs
    // in; `fp` starts a frame inside the value stack, which native code bounds-checks against
    // `stack_end`; the store is reached only through `ctx.embedder` until this returns.
    store.inner.native_bases.push(fp as usize);
    let status = unsafe { (native.entry)(&mut ctx, instance, fp, native.body) };
    store.inner.native_bases.pop();
    if outermost {
        store.inner.jit_stack_limit = 0;
    }
    if fuel_on {
        store.inner.fuel = ctx.fuel.max(0) as u64;
    }
    match status {
        OK => Ok(()),
        ERROR => Err(store.inner.jit_error.take().unwrap_or_else(|| anyhow::anyhow!("native code failed"))),
        EXCEPTION => Err(crate::func::escaped(store, ctx.exception)),
        s => {
            let trap = sheave_jit::trap_of(s).unwrap_or(sheave_interp::Trap::UnreachableCodeReached);
            let mut frames = ctx.backtrace;
            frames.extend_from_slice(below);
            Err(trap_error(&store.inner, trap, frames))
        }
    }
}

/// `VmCtx::call_out`: runs registry function `func` (a host function, or wasm the
/// interpreter runs) with its frame at `fp`; `inst` is the calling instance.
unsafe extern "C" fn call_out<T: 'static>(ctx: *mut VmCtx, inst: *const InstanceCtx, func: u32, fp: *mut u64) -> u32 {
    // SAFETY: `ctx` is the live context `run_native` made, whose embedder is this store.
    let ctx = unsafe { &mut *ctx };
    // SAFETY: as above; nothing else uses the store while native code runs.
    let store = unsafe { &mut *(ctx.embedder as *mut Store<T>) };
    let fuel_on = store.inner.engine.config().consume_fuel;
    if fuel_on {
        store.inner.fuel = ctx.fuel.max(0) as u64;
    }
    let saved = store.inner.stack_in_use;
    // SAFETY: `fp` points into the value stack (native code only passes frame addresses).
    let fp_off = unsafe { fp.offset_from(store.inner.stack.as_ptr()) } as usize;
    let ent = store.inner.registry.funcs[func as usize];
    let scope = native_frame_roots(&mut store.inner, fp, ent.params.max(ent.results) as usize);
    let result = match ent.kind {
        FuncKind::Host { index } => {
            let n = ent.params.max(ent.results) as usize;
            store.inner.stack_in_use = fp_off + n;
            let instance = crate::instance::instance_of_ctx(&store.inner, inst);
            let call = store.host_funcs[index as usize].call.clone();
            let mut slots = vec![0u64; n];
            // SAFETY: the arguments lie in the caller's frame, inside the value stack.
            unsafe { core::ptr::copy_nonoverlapping(fp, slots.as_mut_ptr(), n) };
            let r = call(crate::Caller { store: &mut *store, instance }, &mut slots);
            if r.is_ok() {
                // SAFETY: as above; the results go where the arguments were.
                unsafe { core::ptr::copy_nonoverlapping(slots.as_ptr(), fp, ent.results as usize) };
            }
            r
        }
        FuncKind::Wasm { .. } => crate::func::run_wasm_at(store, func, fp_off),
        FuncKind::Native { .. } => run_native(store, func, fp),
    };
    store.inner.stack_in_use = saved;
    store.inner.registry.heap.roots.truncate(scope);
    ctx.fuel = store.inner.fuel.min(i64::MAX as u64) as i64;
    ctx.epoch_deadline = store.inner.epoch_deadline;
    match result {
        Ok(()) => OK,
        // An exception leaving the callee goes on as one, so native handlers can catch it.
        Err(e) if e.is::<crate::ThrownException>() && store.inner.registry.heap.pending_exception.is_some() => {
            ctx.exception = store.inner.registry.heap.pending_exception.take().expect("checked above");
            EXCEPTION
        }
        Err(e) => {
            store.inner.jit_error = Some(e);
            ERROR
        }
    }
}

/// `VmCtx::memory_grow`: grows memory `memory` of `inst` under the store's limiter.
/// Roots the heap references in the native frames below a call out of native code (the
/// native run's frames, from its first up to the callee's arguments): native code keeps every
/// slot the stack maps list in memory, so scanning that memory finds them (with other values
/// that look like handles, which only live longer). Returns the root list's length before.
fn native_frame_roots(inner: &mut crate::store::StoreInner, fp: *mut u64, args: usize) -> usize {
    let heap = &mut inner.registry.heap;
    let scope = heap.roots.len();
    let Some(&base) = inner.native_bases.last() else { return scope };
    let base = base as *const u64;
    if heap.entries.is_empty() {
        return scope;
    }
    // SAFETY: `base` and `fp` point into the store's value stack (the native run started at
    // `base`, its callee's frame starts at `fp`, above it); the slots up to the callee's
    // arguments are written (frames of native code, and the arguments).
    let slots = unsafe {
        let len = ((fp as *const u64).offset_from(base).max(0) as usize).saturating_add(args);
        core::slice::from_raw_parts(base, len)
    };
    for &v in slots {
        if let Some(h) = heap.live_handle(v) {
            heap.roots.push(h);
        }
    }
    scope
}

unsafe extern "C" fn memory_grow<T: 'static>(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    memory: u32,
    delta: u64,
    dst: *mut u64,
) -> u32 {
    // SAFETY: as in `call_out`.
    let ctx = unsafe { &mut *ctx };
    // SAFETY: as in `call_out`.
    let store = unsafe { &mut *(ctx.embedder as *mut Store<T>) };
    // SAFETY: the instance and its memories are live; native code holds no reference to the
    // memory across this call (it reloads the memory's base and length after it).
    let mem: *mut sheave_interp::vm::Memory = unsafe { (&(*inst).memories)[memory as usize] };
    // SAFETY: as above.
    let mem = unsafe { &mut *mem };
    let (index64, delta) = (mem.index64, mem.address(delta));
    match crate::externals::grow_memory_limited(store, mem, delta) {
        Ok(old) => {
            let fail = if index64 { u64::MAX } else { u32::MAX as u64 };
            // SAFETY: `dst` is a slot of the calling frame.
            unsafe { *dst = old.unwrap_or(fail) };
            OK
        }
        Err(e) => {
            store.inner.jit_error = Some(e);
            ERROR
        }
    }
}

/// `VmCtx::table_grow`: grows table `table` of `inst` under the store's limiter.
unsafe extern "C" fn table_grow<T: 'static>(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    table: u32,
    delta: u64,
    init: u64,
    dst: *mut u64,
) -> u32 {
    // SAFETY: as in `call_out`.
    let ctx = unsafe { &mut *ctx };
    // SAFETY: as in `call_out`.
    let store = unsafe { &mut *(ctx.embedder as *mut Store<T>) };
    // SAFETY: the instance and its tables are live; native code holds no reference to the table.
    let tab: *mut sheave_interp::vm::Table = unsafe { (&(*inst).tables)[table as usize] };
    // SAFETY: as above.
    let tab = unsafe { &mut *tab };
    let (index64, delta) = (tab.index64, tab.index(delta));
    let old = match u32::try_from(delta) {
        Ok(delta) => crate::externals::grow_table_limited(store, tab, delta, init),
        Err(_) => Ok(None),
    };
    match old {
        Ok(old) => {
            let fail = if index64 { u64::MAX } else { u32::MAX as u64 };
            // SAFETY: `dst` is a slot of the calling frame.
            unsafe { *dst = old.map_or(fail, u64::from) };
            OK
        }
        Err(e) => {
            store.inner.jit_error = Some(e);
            ERROR
        }
    }
}
