//! `Store<T>`: owns every runtime object (functions, memories, tables, globals, instances,
//! external references), the wasm value stack, fuel and epoch state, and the host data `T`.

use crate::engine::Engine;
use crate::func::HostFunc;
use crate::module::Module;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::types::{FuncType, GlobalType, MemoryType, TableType};
use anyhow::{Result, bail};
use core::sync::atomic::{AtomicUsize, Ordering};
use sheave_interp::vm::{GlobalCell, InstanceCtx, Memory as VmMemory, Owned, Registry, Table as VmTable};

static NEXT_STORE_ID: AtomicUsize = AtomicUsize::new(1);

/// Limits memory and table growth, and the number of instances, memories and tables (as
/// wasmtime's `ResourceLimiter`).
pub trait ResourceLimiter: Send {
    /// Whether a memory may grow from `current` to `desired` bytes.
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool>;
    /// Whether a table may grow from `current` to `desired` elements.
    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool>;
    /// Called when a memory growth failed.
    fn memory_grow_failed(&mut self, _error: anyhow::Error) -> Result<()> {
        Ok(())
    }
    /// Called when a table growth failed.
    fn table_grow_failed(&mut self, _error: anyhow::Error) -> Result<()> {
        Ok(())
    }
    /// Maximum instances in the store.
    fn instances(&self) -> usize {
        crate::limits::DEFAULT_COUNT_LIMIT
    }
    /// Maximum tables in the store.
    fn tables(&self) -> usize {
        crate::limits::DEFAULT_COUNT_LIMIT
    }
    /// Maximum memories in the store.
    fn memories(&self) -> usize {
        crate::limits::DEFAULT_COUNT_LIMIT
    }
}

/// What a registry function is, beyond the VM's view.
#[derive(Clone)]
pub(crate) struct FuncInfo {
    pub ty: FuncType,
    /// The defining module and function index (wasm functions).
    pub origin: Option<(Module, u32)>,
}

/// Per-instance data outside the VM's `InstanceCtx`.
pub(crate) struct InstanceData {
    pub module: Module,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    pub tags: Vec<u32>,
}

/// The part of a store that does not depend on `T`. Runtime objects are `Owned`
/// (raw-owned heap allocations) so the VM's raw pointers to them stay valid.
pub struct StoreInner {
    pub(crate) id: u64,
    pub(crate) engine: Engine,
    pub(crate) registry: Owned<Registry>,
    pub(crate) func_info: Vec<FuncInfo>,
    pub(crate) memories: Vec<Owned<VmMemory>>,
    pub(crate) memory_types: Vec<MemoryType>,
    pub(crate) tables: Vec<Owned<VmTable>>,
    pub(crate) table_types: Vec<TableType>,
    pub(crate) globals: Vec<Owned<GlobalCell>>,
    pub(crate) global_types: Vec<GlobalType>,
    pub(crate) instances: Vec<Owned<InstanceCtx>>,
    pub(crate) instance_data: Vec<InstanceData>,
    /// Store-wide tags (the VM's tag indices).
    pub(crate) tag_types: Vec<crate::exceptions::TagType>,
    /// The wasm value stack (allocated on first call, never reallocated).
    pub(crate) stack: Vec<u64>,
    /// Slots in use by active invocations.
    pub(crate) stack_in_use: usize,
    pub(crate) fuel: u64,
    pub(crate) epoch_deadline: u64,
    /// The error behind a native call's `ERROR` status (Cranelift tier).
    #[cfg(feature = "cranelift")]
    pub(crate) jit_error: Option<anyhow::Error>,
    /// The native stack limit of the outermost native invocation running (0: none).
    #[cfg(feature = "cranelift")]
    pub(crate) jit_stack_limit: usize,
    /// The first frame of each native run in progress (innermost last): native frames keep
    /// their heap references in their frames' memory, which a call out of them scans.
    #[cfg(feature = "cranelift")]
    pub(crate) native_bases: Vec<usize>,
}

type LimiterFn<T> = Box<dyn FnMut(&mut T) -> &mut (dyn ResourceLimiter) + Send + Sync>;

/// A collection of instances and their objects, with host data `T`.
pub struct Store<T: 'static> {
    pub(crate) inner: StoreInner,
    pub(crate) host_funcs: Vec<HostFunc<T>>,
    pub(crate) limiter: Option<LimiterFn<T>>,
    /// `epoch_deadline_async_yield_and_update`'s delta: an async call yields at the deadline
    /// (and moves it) instead of trapping.
    pub(crate) epoch_yield_delta: Option<u64>,
    /// `fuel_async_yield_interval`: an async call yields after each this much fuel.
    pub(crate) fuel_yield_interval: Option<u64>,
    pub(crate) data: T,
}

impl<T: 'static> Store<T> {
    /// A new store in `engine` holding `data`.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: StoreInner {
                id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed) as u64,
                engine: engine.clone(),
                registry: Owned::new(Registry {
                    heap: sheave_interp::gc::Heap {
                        zeal: engine.config().gc_zeal,
                        null: engine.config().collector == crate::Collector::Null,
                        ..Default::default()
                    },
                    ..Default::default()
                }),
                func_info: Vec::new(),
                memories: Vec::new(),
                memory_types: Vec::new(),
                tables: Vec::new(),
                table_types: Vec::new(),
                globals: Vec::new(),
                global_types: Vec::new(),
                instances: Vec::new(),
                instance_data: Vec::new(),
                tag_types: Vec::new(),
                stack: Vec::new(),
                stack_in_use: 0,
                fuel: 0,
                epoch_deadline: 0,
                #[cfg(feature = "cranelift")]
                jit_error: None,
                #[cfg(feature = "cranelift")]
                jit_stack_limit: 0,
                #[cfg(feature = "cranelift")]
                native_bases: Vec::new(),
            },
            host_funcs: Vec::new(),
            limiter: None,
            epoch_yield_delta: None,
            fuel_yield_interval: None,
            data,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }
    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }
    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }
    /// Consumes the store, returning the host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Sets the fuel (needs `Config::consume_fuel`).
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.check_fuel_enabled()?;
        self.inner.fuel = fuel.min(i64::MAX as u64);
        Ok(())
    }

    /// The remaining fuel (needs `Config::consume_fuel`).
    pub fn get_fuel(&self) -> Result<u64> {
        self.check_fuel_enabled()?;
        Ok(self.inner.fuel)
    }

    fn check_fuel_enabled(&self) -> Result<()> {
        if !self.inner.engine.config().consume_fuel {
            bail!("fuel is not configured in this store (Config::consume_fuel)");
        }
        Ok(())
    }

    /// Sets the epoch deadline to `ticks` beyond the engine's current epoch.
    pub fn set_epoch_deadline(&mut self, ticks_beyond_current: u64) {
        let now = self.inner.engine.current_epoch();
        self.inner.epoch_deadline = now.saturating_add(ticks_beyond_current);
    }

    /// Reaching the epoch deadline traps (the default, as in wasmtime).
    pub fn epoch_deadline_trap(&mut self) {
        self.epoch_yield_delta = None;
    }

    /// Reaching the epoch deadline in an async call yields to the async runtime and moves the
    /// deadline `delta` ticks beyond the current epoch (as wasmtime's; a synchronous call still
    /// traps there, having nothing to yield to).
    pub fn epoch_deadline_async_yield_and_update(&mut self, delta: u64) {
        self.epoch_yield_delta = Some(delta);
    }

    /// Makes async calls yield to the async runtime after each `interval` units of fuel
    /// (`None`: never); needs `Config::consume_fuel`.
    pub fn fuel_async_yield_interval(&mut self, interval: Option<u64>) -> Result<()> {
        self.check_fuel_enabled()?;
        if interval == Some(0) {
            bail!("fuel_async_yield_interval must not be zero");
        }
        self.fuel_yield_interval = interval;
        Ok(())
    }

    /// Installs a resource limiter for memory and table growth.
    pub fn limiter(&mut self, limiter: impl FnMut(&mut T) -> &mut (dyn ResourceLimiter) + Send + Sync + 'static) {
        self.limiter = Some(Box::new(limiter));
        // The GC heap grows past its first MiB only as the limiter allows (`memory_growing`).
        let heap = &mut self.inner.registry.heap;
        heap.limit = heap.limit.min(sheave_interp::gc::MIN_THRESHOLD.max(heap.arena.len()));
    }

    /// Collects garbage in the store's GC heap now (as wasmtime's; `why` is the failed
    /// allocation that asks for it, if one did).
    pub fn gc(&mut self, why: Option<&crate::GcHeapOutOfMemory<()>>) -> Result<()> {
        let _ = why;
        self.inner.collect_garbage();
        Ok(())
    }

    /// The GC heap's current size in bytes (objects and handle table).
    pub fn gc_heap_capacity(&self) -> usize {
        let heap = &self.inner.registry.heap;
        heap.arena.capacity() + heap.entries.capacity() * core::mem::size_of::<sheave_interp::gc::Entry>()
    }

    /// The exception that made the last call fail with `ThrownException` (as in wasmtime).
    pub fn take_pending_exception(&mut self) -> Option<crate::Rooted<crate::ExnRef>> {
        let handle = self.inner.registry.heap.pending_exception.take()?;
        Some(self.inner.root(crate::ExnRef { store: self.inner.id, handle }))
    }

    /// Whether an exception is pending.
    pub fn has_pending_exception(&self) -> bool {
        self.inner.registry.heap.pending_exception.is_some()
    }

    /// Sets `exception` pending and returns the error a host function returns to throw it
    /// into its wasm caller (as in wasmtime).
    pub fn throw<R>(&mut self, exception: crate::Rooted<crate::ExnRef>) -> Result<R> {
        self.inner.check_store(exception.store);
        self.inner.registry.heap.pending_exception = Some(exception.handle);
        Err(anyhow::Error::new(crate::ThrownException))
    }

    pub(crate) fn limiter_mut(&mut self) -> Option<&mut dyn ResourceLimiter> {
        let data = &mut self.data;
        self.limiter.as_mut().map(|f| f(data))
    }
}

impl StoreInner {
    /// Collects garbage with no wasm running here (stopped frames are roots through the
    /// snapshots `serve` and suspended calls keep).
    pub(crate) fn collect_garbage(&mut self) {
        self.registry.heap.collect(&mut |_| {});
    }

    pub(crate) fn check_store(&self, id: u64) {
        assert_eq!(id, self.id, "object used with the wrong store");
    }

    /// The value stack, allocated to the engine's `max_wasm_stack` on first use.
    pub(crate) fn ensure_stack(&mut self) {
        if self.stack.is_empty() {
            let slots = self.engine.config().max_wasm_stack / 8;
            self.stack = vec![0; slots];
        }
    }
}

/// A shared borrow of a store.
pub struct StoreContext<'a, T: 'static>(pub(crate) &'a Store<T>);
/// A mutable borrow of a store.
pub struct StoreContextMut<'a, T: 'static>(pub(crate) &'a mut Store<T>);

/// Types that give shared access to a store (as in wasmtime).
pub trait AsContext {
    /// The host data type.
    type Data: 'static;
    /// The store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Types that give mutable access to a store (as in wasmtime).
pub trait AsContextMut: AsContext {
    /// The store, mutably.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T: 'static> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self)
    }
}
impl<T: 'static> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self)
    }
}
impl<T: 'static> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}
impl<T: 'static> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}
impl<T: 'static> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self.0)
    }
}
impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}
impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        (**self).as_context_mut()
    }
}

impl<'a, T: 'static> StoreContext<'a, T> {
    /// The host data.
    pub fn data(&self) -> &'a T {
        self.0.data()
    }
    /// The engine.
    pub fn engine(&self) -> &'a Engine {
        self.0.engine()
    }
    pub(crate) fn inner(&self) -> &'a StoreInner {
        &self.0.inner
    }
}

impl<T: 'static> StoreContextMut<'_, T> {
    /// Collects garbage now (as [`Store::gc`]).
    pub fn gc(&mut self, why: Option<&crate::GcHeapOutOfMemory<()>>) -> Result<()> {
        self.0.gc(why)
    }
    /// The host data.
    pub fn data(&self) -> &T {
        self.0.data()
    }
    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.0.data_mut()
    }
    /// The engine.
    pub fn engine(&self) -> &Engine {
        self.0.engine()
    }
    /// Sets the fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.0.set_fuel(fuel)
    }
    /// The remaining fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.0.get_fuel()
    }
}
