//! Functions: `Func`, `TypedFunc`, `Caller`, host functions (`Func::new`, `Func::wrap`) and
//! the driver that runs the executor and serves its host requests.

use crate::anyref::Rooted;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut, FuncInfo, Store};
use crate::trap::{backtrace_limit, trap_error};
use crate::types::{FuncType, ValType};
use crate::values::{ExternRef, Val};
use crate::{Extern, Instance};
use alloc::sync::Arc;
use anyhow::{Result, bail};
use sheave_interp::exec::{Executor, Exit, Limits, Pending};
use sheave_interp::vm::{FuncEntity, FuncKind};

/// The raw form of every host function: arguments in `slots[..params]`, results written to
/// `slots[..results]` (the slice holds `max(params, results)` slots).
pub(crate) type HostCallFn<T> = Arc<dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<()> + Send + Sync>;

/// Argument/result slots of one call: inline up to 16, so calls do not allocate.
/// Runs `f` on `n` zeroed slots: a stack buffer when few (no allocation, no copy of a
/// returned container), else a heap one.
#[inline(always)]
fn with_slots<R>(n: usize, f: impl FnOnce(&mut [u64]) -> R) -> R {
    if n <= 16 {
        let mut buf = [0u64; 16];
        f(&mut buf[..n])
    } else {
        f(&mut vec![0u64; n])
    }
}

/// The raw form of an async host function: as `HostCallFn`, finishing in a future.
pub(crate) type AsyncHostCallFn<T> = Arc<
    dyn for<'a> Fn(Caller<'a, T>, &'a mut [u64]) -> core::pin::Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>
        + Send
        + Sync,
>;

pub(crate) struct HostFunc<T: 'static> {
    /// How a synchronous call runs it (for an async host function: an error saying so).
    pub call: HostCallFn<T>,
    /// How an async call runs it, for an async host function.
    pub async_call: Option<AsyncHostCallFn<T>>,
}

/// A wasm or host function of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// The context a host function is called with: the store and the calling instance.
pub struct Caller<'a, T: 'static> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<Instance>,
}

impl<T: 'static> Caller<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }
    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }
    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }
    /// An export of the calling instance.
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        let instance = self.instance?;
        instance.get_export(&mut *self.store, name)
    }
    /// Throws `exception` into the calling wasm: return the error from the host function.
    pub fn throw<R>(&mut self, exception: crate::Rooted<crate::ExnRef>) -> Result<R> {
        self.store.throw(exception)
    }

    /// Collects garbage now (as `Store::gc`; the calling wasm's frames are roots).
    pub fn gc(&mut self, why: Option<&crate::GcHeapOutOfMemory<()>>) -> Result<()> {
        self.store.gc(why)
    }

    /// The remaining fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.store.get_fuel()
    }
    /// Sets the fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.store.set_fuel(fuel)
    }
}

impl<T: 'static> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> crate::StoreContext<'_, T> {
        crate::store::StoreContext(self.store)
    }
}
impl<T: 'static> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> crate::StoreContextMut<'_, T> {
        crate::store::StoreContextMut(self.store)
    }
}

impl Func {
    /// A host function of type `ty` taking and returning `Val`s.
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let ty2 = ty.clone();
        let call: HostCallFn<T> = Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
            let Caller { store, instance } = caller;
            let params = read_vals(&mut store.inner, slots, ty2.params());
            let mut results: Vec<Val> = ty2.results().map(default_val).collect();
            func(Caller { store: &mut *store, instance }, &params, &mut results)?;
            write_host_results(&store.inner, &ty2, &results, slots)
        });
        new_host(store.as_context_mut().0, ty, call)
    }

    /// A host function from a Rust closure with wasm-compatible parameter and result types,
    /// optionally taking a `Caller` first.
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let engine = store.as_context().engine().clone();
        let (ty, call) = func.into_host(&engine);
        new_host(store.as_context_mut().0, ty, call)
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().func_info[self.index as usize].ty.clone()
    }

    /// Calls the function with `params`, writing `results`.
    pub fn call<T: 'static>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut().0;
        let ty = self.type_for_call(store, results.len())?;
        with_slots(slot_count(ty.params()).max(slot_count(ty.results())), |slots| {
            write_params(store, &ty, params, slots)?;
            invoke(store, self.index, slots)?;
            for (r, v) in results.iter_mut().zip(read_vals(&mut store.inner, slots, ty.results())) {
                *r = v;
            }
            Ok(())
        })
    }

    /// The function's type, after checking that it belongs to `store` and returns `results`
    /// values.
    pub(crate) fn type_for_call<T: 'static>(&self, store: &Store<T>, results: usize) -> Result<FuncType> {
        store.inner.check_store(self.store);
        let ty = store.inner.func_info[self.index as usize].ty.clone();
        if results != ty.result_count() {
            bail!("expected {} results, got {}", ty.result_count(), results);
        }
        Ok(ty)
    }

    /// A typed view of the function; fails when the types differ.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(store);
        let (p, r) = (Params::types(), Results::types());
        if !ty.params().eq(p.iter().cloned()) || !ty.results().eq(r.iter().cloned()) {
            bail!("type mismatch: the function is {ty}, requested params {p:?} and results {r:?}");
        }
        Ok(TypedFunc { func: *self, _marker: core::marker::PhantomData })
    }

    pub(crate) fn from_index(store: u64, index: u32) -> Func {
        Func { store, index }
    }
}

/// Checks `params` against `ty` (count and types) and writes them to `slots`.
pub(crate) fn write_params<T: 'static>(
    store: &Store<T>,
    ty: &FuncType,
    params: &[Val],
    slots: &mut [u64],
) -> Result<()> {
    if params.len() != ty.param_count() {
        bail!("expected {} arguments, got {}", ty.param_count(), params.len());
    }
    write_vals(&store.inner, params, ty.params(), slots, |i, p, t| {
        anyhow::anyhow!("argument type mismatch: argument {i} is {} but the function expects {t}", p.ty_unchecked())
    })
}

/// Writes `vals` to `slots` (a v128 takes two), each checked against its type in `tys`;
/// `mismatch` words the error for value `i`.
pub(crate) fn write_vals(
    inner: &crate::store::StoreInner,
    vals: &[Val],
    tys: impl Iterator<Item = ValType>,
    slots: &mut [u64],
    mismatch: impl Fn(usize, &Val, &ValType) -> anyhow::Error,
) -> Result<()> {
    let mut at = 0;
    for (i, (v, t)) in vals.iter().zip(tys).enumerate() {
        if !v.matches_ty(inner, &t) {
            return Err(mismatch(i, v, &t));
        }
        at += v.write_slots(&mut slots[at..], inner.id)?;
    }
    Ok(())
}

/// Writes a `Val`-level host function's `results` to `slots`, checked against `ty`.
pub(crate) fn write_host_results(
    inner: &crate::store::StoreInner,
    ty: &FuncType,
    results: &[Val],
    slots: &mut [u64],
) -> Result<()> {
    write_vals(inner, results, ty.results(), slots, |_, r, t| {
        anyhow::anyhow!("host function returned a {} where its type says {t}", r.ty_unchecked())
    })
}

/// `params` checked against `ty` and written to enough slots for the arguments and results.
pub(crate) fn param_slots<T: 'static>(store: &Store<T>, ty: &FuncType, params: &[Val]) -> Result<Vec<u64>> {
    let mut slots = vec![0u64; slot_count(ty.params()).max(slot_count(ty.results()))];
    write_params(store, ty, params, &mut slots)?;
    Ok(slots)
}

/// Slots that values of types `tys` take (a v128 takes two).
pub(crate) fn slot_count(tys: impl Iterator<Item = ValType>) -> usize {
    tys.map(|t| crate::types::slot_width(&t) as usize).sum()
}

/// Reads values of types `tys` laid out in `slots`; their heap references are rooted in the
/// current scope.
pub(crate) fn read_vals(
    inner: &mut crate::store::StoreInner,
    slots: &[u64],
    tys: impl Iterator<Item = ValType>,
) -> Vec<Val> {
    let mut at = 0;
    tys.map(|t| {
        let v = Val::read_slots(&slots[at..], &t, inner.id);
        inner.root_val(&v);
        at += crate::types::slot_width(&t) as usize;
        v
    })
    .collect()
}

pub(crate) fn default_val(t: ValType) -> Val {
    match t {
        ValType::I32 => Val::I32(0),
        ValType::I64 => Val::I64(0),
        ValType::F32 => Val::F32(0),
        ValType::F64 => Val::F64(0),
        ValType::V128 => Val::V128(0u128.into()),
        ValType::Ref(r) => Val::null_ref(r.heap_type()),
    }
}

fn new_host<T: 'static>(store: &mut Store<T>, ty: FuncType, call: HostCallFn<T>) -> Func {
    new_host_func(store, ty, HostFunc { call, async_call: None })
}

pub(crate) fn new_host_func<T: 'static>(store: &mut Store<T>, ty: FuncType, host: HostFunc<T>) -> Func {
    let sig = store.inner.engine.signature_id(&ty);
    let entry = ty.registered().entry();
    store.inner.registry.add_type(sig, &entry.supers, crate::types::layout::layout(entry));
    let host_index = store.host_funcs.len() as u32;
    store.host_funcs.push(host);
    let index = store.inner.registry.funcs.len() as u32;
    store.inner.registry.funcs.push(FuncEntity {
        sig,
        params: slot_count(ty.params()) as u32,
        results: slot_count(ty.results()) as u32,
        kind: FuncKind::Host { index: host_index },
    });
    store.inner.func_info.push(FuncInfo { ty, origin: None });
    Func { store: store.inner.id, index }
}

/// Runs registry function `func` with `slots` as arguments and results.
pub(crate) fn invoke<T: 'static>(store: &mut Store<T>, func: u32, slots: &mut [u64]) -> Result<()> {
    match store.inner.registry.funcs[func as usize].kind {
        FuncKind::Host { index } => {
            let call = store.host_funcs[index as usize].call.clone();
            call(Caller { store, instance: None }, slots)
        }
        FuncKind::Wasm { .. } | FuncKind::Native { .. } => run_wasm(store, func, slots),
    }
}

/// Runs wasm (or native) function `func` with `slots` copied to the top of the value stack.
fn run_wasm<T: 'static>(store: &mut Store<T>, func: u32, slots: &mut [u64]) -> Result<()> {
    store.inner.ensure_stack();
    let base = store.inner.stack_in_use;
    let cap = store.inner.stack.len();
    if base + slots.len() > cap {
        return Err(trap_error(&store.inner, sheave_interp::Trap::StackOverflow, vec![func]));
    }
    // All stack accesses during a run go through this one raw pointer (nested runs from host
    // calls derive theirs the same way), so the executor's pointers stay valid.
    let stack_ptr = store.inner.stack.as_mut_ptr();
    // SAFETY: `base + slots.len() <= cap` was checked above.
    unsafe { core::ptr::copy_nonoverlapping(slots.as_ptr(), stack_ptr.add(base), slots.len()) };
    match store.inner.registry.funcs[func as usize].kind {
        #[cfg(feature = "cranelift")]
        FuncKind::Native { .. } => crate::jit::run_native(store, func, stack_ptr.wrapping_add(base))?,
        // A tiered function whose native code is ready.
        #[cfg(feature = "cranelift")]
        // SAFETY: registry code pointers are live while the store is.
        FuncKind::Wasm { code, instance } if let Some(native) = crate::tier::native_of(unsafe { &*code }) => {
            crate::jit::run_native_entry(store, instance, native, stack_ptr.wrapping_add(base), &[])?
        }
        _ => run_wasm_at(store, func, base)?,
    }
    // SAFETY: as above; the results are in the entry frame's first slots.
    unsafe { core::ptr::copy_nonoverlapping(stack_ptr.add(base), slots.as_mut_ptr(), slots.len()) };
    Ok(())
}

/// The executor's limits for a run in `store` on a value stack that ends at `stack_end`.
pub(crate) fn limits<T: 'static>(store: &Store<T>, stack_end: *mut u64) -> Limits {
    let config = store.inner.engine.config();
    Limits {
        stack_end,
        max_frames: config.max_wasm_stack / 16,
        fuel: store.inner.fuel.min(i64::MAX as u64) as i64,
        epoch: store.inner.engine.epoch_counter(),
        epoch_deadline: store.inner.epoch_deadline,
        host_grow: store.limiter.is_some(),
        dispatch: config.dispatch,
    }
}

/// Runs wasm function `func` in the interpreter with its frame (arguments in, results out)
/// at slot `base` of the value stack.
pub(crate) fn run_wasm_at<T: 'static>(store: &mut Store<T>, func: u32, base: usize) -> Result<()> {
    let saved_in_use = store.inner.stack_in_use;
    let cap = store.inner.stack.len();
    let stack_ptr = store.inner.stack.as_mut_ptr();
    let limits = limits(store, stack_ptr.wrapping_add(cap));
    let fuel_on = store.inner.engine.config().consume_fuel;
    // SAFETY: the registry, its code and instances live as long as the store, which we borrow
    // mutably for the whole run; the stack allocation is never reallocated once made.
    let mut exec = match unsafe { Executor::new(&store.inner.registry, func, stack_ptr.wrapping_add(base), limits) } {
        Ok(e) => e,
        Err(t) => return Err(trap_error(&store.inner, t, vec![func])),
    };
    #[cfg(feature = "cranelift")]
    if store.inner.engine.config().tiers() {
        exec.loop_budget = crate::tier::loop_sample(store.inner.engine.config());
    }
    let result = loop {
        // SAFETY: as above; pending requests are served before resuming.
        match unsafe { exec.run() } {
            Exit::Done => break Ok(()),
            Exit::Trap(t) => break Err(trap_error(&store.inner, t, exec.backtrace(backtrace_limit(&store.inner)))),
            Exit::Exception => break Err(escaped(store, exec.escaped_exception())),
            Exit::Host => {
                if fuel_on {
                    store.inner.fuel = exec.fuel.max(0) as u64;
                }
                let served = serve(store, &mut exec, Some(stack_ptr));
                store.inner.stack_in_use = saved_in_use;
                if let Err(e) = served {
                    // A host function threw (or let a nested call's exception through): the
                    // exception goes on from its call site.
                    let thrown =
                        e.is::<crate::ThrownException>().then(|| store.inner.registry.heap.pending_exception.take());
                    let Some(Some(exn)) = thrown else { break Err(e) };
                    // SAFETY: as for `run`; the exception belongs to this store's registry.
                    if let Err(Exit::Exception) = unsafe { exec.raise(exn) } {
                        break Err(escaped(store, exec.escaped_exception()));
                    }
                }
                exec.fuel = store.inner.fuel.min(i64::MAX as u64) as i64;
                exec.epoch_deadline = store.inner.epoch_deadline;
            }
        }
    };
    if fuel_on {
        store.inner.fuel = exec.fuel.max(0) as u64;
    }
    store.inner.stack_in_use = saved_in_use;
    result
}

/// Records exception `exn` as pending (it left wasm) and returns the error of the call.
pub(crate) fn escaped<T: 'static>(store: &mut Store<T>, exn: u32) -> anyhow::Error {
    store.inner.registry.heap.expose_exception(exn);
    store.inner.registry.heap.pending_exception = Some(exn);
    anyhow::Error::new(crate::ThrownException)
}

/// Serves the executor's pending host request. `stack_ptr` is the start of the store's value
/// stack when the executor runs on it (nested calls then start above the calling frame), `None`
/// when it runs on a stack of its own (a resumable or async call).
pub(crate) fn serve<T: 'static>(store: &mut Store<T>, exec: &mut Executor, stack_ptr: Option<*mut u64>) -> Result<()> {
    if matches!(exec.pending, Pending::Call { .. } | Pending::TierUp { .. })
        && !store.inner.registry.heap.entries.is_empty()
    {
        // While the call runs, the caller's frames are roots (their heap references may be
        // all that keeps objects alive), and the call is a rooting scope for the host's `Rooted`s.
        let scope = store.inner.registry.heap.roots.len();
        let frames = exec.gc_roots(&store.inner.registry);
        store.inner.registry.heap.roots.extend(frames);
        let result = serve_request(store, exec, stack_ptr);
        store.inner.registry.heap.roots.truncate(scope);
        return result;
    }
    serve_request(store, exec, stack_ptr)
}

fn serve_request<T: 'static>(store: &mut Store<T>, exec: &mut Executor, stack_ptr: Option<*mut u64>) -> Result<()> {
    match exec.pending {
        #[cfg(feature = "cranelift")]
        Pending::Call { func, args }
            if matches!(store.inner.registry.funcs[func as usize].kind, FuncKind::Native { .. }) =>
        {
            crate::jit::run_native(store, func, args)
        }
        Pending::Call { func, args } => {
            let ent = store.inner.registry.funcs[func as usize];
            let FuncKind::Host { index } = ent.kind else { unreachable!("pending call of a wasm function") };
            let n = ent.params.max(ent.results) as usize;
            if let Some(stack_ptr) = stack_ptr {
                // Nested invocations start above the calling frame.
                // SAFETY: `fp` points into the stack allocation that starts at `stack_ptr`.
                let fp_off = unsafe { exec.frame_pointer().offset_from(stack_ptr) } as usize;
                store.inner.stack_in_use = fp_off + exec.current_frame_size(&store.inner.registry);
            }
            let instance = crate::instance::instance_of_ctx(&store.inner, exec.instance());
            let call = store.host_funcs[index as usize].call.clone();
            with_slots(n, |slots| {
                // SAFETY: the arguments lie in the caller's frame, inside the stack allocation.
                unsafe { core::ptr::copy_nonoverlapping(args, slots.as_mut_ptr(), n) };
                call(Caller { store: &mut *store, instance }, slots)?;
                // SAFETY: as above; results go where the arguments were.
                unsafe { core::ptr::copy_nonoverlapping(slots.as_ptr(), args, ent.results as usize) };
                Ok(())
            })
        }
        Pending::MemoryGrow { memory, delta, dst } => {
            let inst = exec.instance();
            // SAFETY: the instance is live; the memory exists (validated).
            let mem = unsafe { (&(*inst).memories)[memory as usize] };
            // SAFETY: the memory is live and not borrowed elsewhere while the executor waits.
            let mem = unsafe { &mut *mem };
            let index64 = mem.index64;
            let old = crate::externals::grow_memory_limited(store, mem, delta)?;
            let fail = if index64 { u64::MAX } else { u32::MAX as u64 };
            // SAFETY: `dst` is a slot of the calling frame.
            unsafe { *dst = old.unwrap_or(fail) };
            Ok(())
        }
        Pending::TableGrow { table, delta, init, dst } => {
            let inst = exec.instance();
            // SAFETY: the instance and its tables are live.
            let tp = unsafe { (&(*inst).tables)[table as usize] };
            // SAFETY: the table is live and not borrowed elsewhere while the executor waits.
            let t = unsafe { &mut *tp };
            let fail = if t.index64 { u64::MAX } else { u32::MAX as u64 };
            let old = match u32::try_from(delta) {
                Ok(delta) => crate::externals::grow_table_limited(store, t, delta, init)?,
                Err(_) => None,
            };
            // SAFETY: `dst` is a slot of the calling frame.
            unsafe { *dst = old.map_or(fail, u64::from) };
            Ok(())
        }
        Pending::Compile => {
            let func = exec.current_func();
            let (module, index) =
                store.inner.func_info[func as usize].origin.clone().expect("a wasm function has its module");
            let code = module.inner.compiled((index - module.inner.num_imported_funcs) as usize)?;
            if let FuncKind::Wasm { code: entry, instance } = &mut store.inner.registry.funcs[func as usize].kind {
                // The module (kept alive by `func_info`) never moves or drops its translations.
                *entry = code;
                // SAFETY: the instance is the store's, live while it is.
                unsafe { (**instance).set_direct(index, code) };
            }
            // SAFETY: the registry entry now points at live, translated code.
            unsafe { exec.restart_frame(&store.inner.registry) }
                .map_err(|t| trap_error(&store.inner, t, exec.backtrace(backtrace_limit(&store.inner))))
        }
        Pending::GcGrow => grow_gc_heap(store),
        #[cfg(feature = "cranelift")]
        Pending::TierUp { at } => crate::tier::serve(store, exec, at, stack_ptr.is_some()),
        // No tiering in this build: no code counts calls.
        #[cfg(not(feature = "cranelift"))]
        Pending::TierUp { .. } => Ok(()),
        // `Executor::run` serves throws itself.
        Pending::None | Pending::Throw { .. } | Pending::GrowFrames => Ok(()),
    }
}

/// Raises the GC heap's limit for the allocation that asked (`Pending::GcGrow`) as the store's
/// resource limiter allows: to twice the limit, else to what the allocation needs, else the call
/// fails with `GcHeapOutOfMemory` (as wasmtime's heap growth goes through `memory_growing`).
pub(crate) fn grow_gc_heap<T: 'static>(store: &mut Store<T>) -> Result<()> {
    let heap = &store.inner.registry.heap;
    let (current, wanted) = (heap.limit, heap.wanted);
    let cap = u32::MAX as usize;
    for desired in [wanted.max(current.saturating_mul(2)).min(cap), wanted] {
        let allowed = match store.limiter_mut() {
            Some(limiter) => limiter.memory_growing(current, desired, Some(cap))?,
            None => true,
        };
        if allowed && desired >= wanted {
            store.inner.registry.heap.limit = desired;
            return Ok(());
        }
    }
    Err(anyhow::Error::new(crate::GcHeapOutOfMemory::new((), wanted.saturating_sub(current) as u64)))
}

/// A function with statically known parameter and result types.
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: core::marker::PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// The untyped function.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.func.store);
        let id = store.inner.id;
        with_slots(Params::COUNT.max(Results::COUNT), |slots| {
            params.store_slots(id, slots)?;
            invoke(store, self.func.index, slots)?;
            // Heap references returned to the host are rooted in the current scope.
            for (t, &bits) in Results::types().iter().zip(slots.iter()) {
                if crate::externals::holds_heap_refs(t) && bits & 1 == 0 && bits != 0 {
                    store.inner.registry.heap.roots.push(bits as u32);
                }
            }
            Ok(Results::load_slots(id, slots))
        })
    }
}

/// A Rust type that maps to one wasm value type.
pub trait WasmTy: Sized + Send + 'static {
    /// The wasm type.
    fn valtype() -> ValType;
    #[doc(hidden)]
    fn to_slot(self, store: u64) -> Result<u64>;
    #[doc(hidden)]
    fn from_slot(bits: u64, store: u64) -> Self;
}

macro_rules! num_ty {
    ($($t:ty => $vt:ident, |$v:ident| $to:expr, |$b:ident| $from:expr;)*) => {$(
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::$vt
            }
            fn to_slot(self, _store: u64) -> Result<u64> {
                let $v = self;
                Ok($to)
            }
            fn from_slot($b: u64, _store: u64) -> Self {
                $from
            }
        }
    )*};
}

num_ty! {
    i32 => I32, |v| v as u32 as u64, |b| b as u32 as i32;
    u32 => I32, |v| v as u64, |b| b as u32;
    i64 => I64, |v| v as u64, |b| b as i64;
    u64 => I64, |v| v, |b| b;
    f32 => F32, |v| v.to_bits() as u64, |b| f32::from_bits(b as u32);
    f64 => F64, |v| v.to_bits(), |b| f64::from_bits(b);
}

impl WasmTy for Option<Func> {
    fn valtype() -> ValType {
        ValType::FUNCREF
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::FuncRef(self).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        (bits != 0).then(|| Func::from_index(store, (bits - 1) as u32))
    }
}

impl WasmTy for Option<Rooted<ExternRef>> {
    fn valtype() -> ValType {
        ValType::EXTERNREF
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::ExternRef(self).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        ExternRef::from_bits(store, bits)
    }
}

impl WasmTy for Option<Rooted<crate::AnyRef>> {
    fn valtype() -> ValType {
        ValType::ANYREF
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::AnyRef(self).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        crate::AnyRef::from_handle(store, bits as u32)
    }
}

impl WasmTy for Rooted<crate::AnyRef> {
    fn valtype() -> ValType {
        ValType::Ref(crate::RefType::new(false, crate::HeapType::Any))
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::AnyRef(Some(self)).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        // The signature check makes the slot non-null; a null would fail every use.
        crate::AnyRef::from_handle(store, bits as u32).unwrap_or(Rooted::new(crate::AnyRef { store, handle: 0 }))
    }
}

impl WasmTy for Option<Rooted<crate::ExnRef>> {
    fn valtype() -> ValType {
        ValType::EXNREF
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::ExnRef(self).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        (bits != 0).then(|| Rooted::new(crate::ExnRef { store, handle: bits as u32 }))
    }
}

impl WasmTy for Rooted<crate::ExnRef> {
    fn valtype() -> ValType {
        ValType::Ref(crate::RefType::new(false, crate::HeapType::Exn))
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::ExnRef(Some(self)).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        // The signature check makes the slot non-null.
        Rooted::new(crate::ExnRef { store, handle: bits as u32 })
    }
}

impl WasmTy for Option<Rooted<crate::EqRef>> {
    fn valtype() -> ValType {
        ValType::EQREF
    }
    fn to_slot(self, store: u64) -> Result<u64> {
        Val::AnyRef(self.map(|e| e.to_anyref())).to_bits(store)
    }
    fn from_slot(bits: u64, store: u64) -> Self {
        (bits != 0).then(|| Rooted::new(crate::EqRef { store, handle: bits as u32 }))
    }
}

impl WasmTy for Option<crate::I31> {
    fn valtype() -> ValType {
        ValType::I31REF
    }
    fn to_slot(self, _store: u64) -> Result<u64> {
        Ok(self.map_or(0, |v| v.to_handle() as u64))
    }
    fn from_slot(bits: u64, _store: u64) -> Self {
        (bits != 0).then(|| crate::I31::wrapping_u32(bits as u32 >> 1))
    }
}

impl WasmTy for crate::I31 {
    fn valtype() -> ValType {
        ValType::Ref(crate::RefType::new(false, crate::HeapType::I31))
    }
    fn to_slot(self, _store: u64) -> Result<u64> {
        Ok(self.to_handle() as u64)
    }
    fn from_slot(bits: u64, _store: u64) -> Self {
        crate::I31::wrapping_u32(bits as u32 >> 1)
    }
}

/// A list of wasm values (a single `WasmTy`, or a tuple of them).
pub trait WasmTyList: Sized + 'static {
    /// How many values.
    const COUNT: usize;
    /// Their types.
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn store_slots(self, store: u64, slots: &mut [u64]) -> Result<()>;
    #[doc(hidden)]
    fn load_slots(store: u64, slots: &[u64]) -> Self;
}

/// Parameters of a typed function.
pub trait WasmParams: WasmTyList {}
impl<L: WasmTyList> WasmParams for L {}
/// Results of a typed function.
pub trait WasmResults: WasmTyList {}
impl<L: WasmTyList> WasmResults for L {}

macro_rules! single_list {
    ($($t:ty),*) => {$(
        impl WasmTyList for $t {
            const COUNT: usize = 1;
            fn types() -> Vec<ValType> {
                vec![<$t as WasmTy>::valtype()]
            }
            fn store_slots(self, store: u64, slots: &mut [u64]) -> Result<()> {
                slots[0] = self.to_slot(store)?;
                Ok(())
            }
            fn load_slots(store: u64, slots: &[u64]) -> Self {
                <$t as WasmTy>::from_slot(slots[0], store)
            }
        }
    )*};
}
single_list!(
    i32,
    u32,
    i64,
    u64,
    f32,
    f64,
    Option<Func>,
    Option<Rooted<ExternRef>>,
    Option<Rooted<crate::AnyRef>>,
    Rooted<crate::AnyRef>,
    Option<Rooted<crate::EqRef>>,
    Option<Rooted<crate::ExnRef>>,
    Rooted<crate::ExnRef>,
    Option<crate::I31>,
    crate::I31
);

macro_rules! tuple_list {
    ($n:expr; $($a:ident $i:tt)*) => {
        impl<$($a: WasmTy),*> WasmTyList for ($($a,)*) {
            const COUNT: usize = $n;
            fn types() -> Vec<ValType> {
                vec![$($a::valtype()),*]
            }
            #[allow(unused_variables)]
            fn store_slots(self, store: u64, slots: &mut [u64]) -> Result<()> {
                $( slots[$i] = self.$i.to_slot(store)?; )*
                Ok(())
            }
            #[allow(unused_variables, clippy::unused_unit)]
            fn load_slots(store: u64, slots: &[u64]) -> Self {
                ($($a::from_slot(slots[$i], store),)*)
            }
        }
    };
}
tuple_list!(0;);
tuple_list!(1; A0 0);
tuple_list!(2; A0 0 A1 1);
tuple_list!(3; A0 0 A1 1 A2 2);
tuple_list!(4; A0 0 A1 1 A2 2 A3 3);
tuple_list!(5; A0 0 A1 1 A2 2 A3 3 A4 4);
tuple_list!(6; A0 0 A1 1 A2 2 A3 3 A4 4 A5 5);
tuple_list!(7; A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6);
tuple_list!(8; A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7);

/// What a host closure may return: values, or `Result` of values.
pub trait WasmRet: 'static {
    /// The result list.
    type List: WasmTyList;
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::List>;
}
impl<L: WasmTyList> WasmRet for L {
    type List = L;
    fn into_result(self) -> Result<L> {
        Ok(self)
    }
}
impl<L: WasmTyList> WasmRet for Result<L> {
    type List = L;
    fn into_result(self) -> Result<L> {
        self
    }
}

/// Closures usable with `Func::wrap` and `Linker::func_wrap`.
pub trait IntoFunc<T: 'static, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    fn into_host(self, engine: &crate::Engine) -> (FuncType, HostCallFn<T>);
}

macro_rules! into_func {
    ($($a:ident $i:tt)*) => {
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
        {
            fn into_host(self, engine: &crate::Engine) -> (FuncType, HostCallFn<T>) {
                let ty = FuncType::new(engine, vec![$($a::valtype()),*], R::List::types());
                let call: HostCallFn<T> = Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
                    let id = caller.store.inner.id;
                    let r = (self)($($a::from_slot(slots[$i], id)),*).into_result()?;
                    r.store_slots(id, slots)
                });
                (ty, call)
            }
        }

        #[allow(non_snake_case)]
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, (Caller<'_, T>, $($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            fn into_host(self, engine: &crate::Engine) -> (FuncType, HostCallFn<T>) {
                let ty = FuncType::new(engine, vec![$($a::valtype()),*], R::List::types());
                let call: HostCallFn<T> = Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
                    let id = caller.store.inner.id;
                    $( let $a = $a::from_slot(slots[$i], id); )*
                    let r = (self)(caller, $($a),*).into_result()?;
                    r.store_slots(id, slots)
                });
                (ty, call)
            }
        }
    };
}
into_func!();
into_func!(A0 0);
into_func!(A0 0 A1 1);
into_func!(A0 0 A1 1 A2 2);
into_func!(A0 0 A1 1 A2 2 A3 3);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10 A11 11);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10 A11 11 A12 12);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10 A11 11 A12 12 A13 13);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10 A11 11 A12 12 A13 13 A14 14);
into_func!(A0 0 A1 1 A2 2 A3 3 A4 4 A5 5 A6 6 A7 7 A8 8 A9 9 A10 10 A11 11 A12 12 A13 13 A14 14 A15 15);
