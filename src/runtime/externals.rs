//! Memories, tables, globals and the `Extern` enum of importable/exportable items.

use crate::func::Func;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut, Store};
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType, ValType};
use crate::values::{Ref, Val};
use anyhow::{Result, anyhow, bail};
use sheave_interp::vm::{GlobalCell, Memory as VmMemory, Owned, Table as VmTable};

/// An item that can be imported or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// An exception tag.
    Tag(crate::Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self { Some(f) } else { None }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self { Some(g) } else { None }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self { Some(t) } else { None }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self { Some(m) } else { None }
    }
    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<crate::Tag> {
        if let Extern::Tag(t) = self { Some(t) } else { None }
    }
    /// The item's type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Extern::Tag(t) => ExternType::Tag(t.ty(store)),
            Extern::Func(f) => ExternType::Func(f.ty(store)),
            Extern::Global(g) => ExternType::Global(g.ty(store)),
            Extern::Table(t) => ExternType::Table(t.ty(store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(store)),
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<crate::Tag> for Extern {
    fn from(t: crate::Tag) -> Extern {
        Extern::Tag(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}

/// A `Memory::read` or `Memory::write` out of the memory's bounds (as wasmtime's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryAccessError(());

impl core::fmt::Display for MemoryAccessError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("out of bounds memory access")
    }
}

impl core::error::Error for MemoryAccessError {}

/// A linear memory of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Memory {
    /// A new memory of type `ty`.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let store = store.as_context_mut().0;
        new_memory(&mut store.inner, ty)
    }

    /// The memory's type (with its current size as minimum).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let store = store.as_context();
        let inner = store.inner();
        inner.check_store(self.store);
        inner.memory_types[self.index as usize].with_min(inner.memories[self.index as usize].pages())
    }

    /// The bytes.
    pub fn data<'a, T: 'static>(&self, store: impl Into<crate::store::StoreContext<'a, T>>) -> &'a [u8] {
        let store = store.into();
        store.inner().check_store(self.store);
        &store.inner().memories[self.index as usize].data
    }

    /// The bytes, mutably.
    pub fn data_mut<'a, T: 'static>(&self, store: impl Into<crate::StoreContextMut<'a, T>>) -> &'a mut [u8] {
        let store = store.into();
        let inner = &mut store.0.inner;
        inner.check_store(self.store);
        &mut inner.memories[self.index as usize].data
    }

    /// The bytes and the store's data, both mutably (as in wasmtime): what host functions
    /// that work on guest memory and their own state at once need.
    pub fn data_and_store_mut<'a, T: 'static>(
        &self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let store = store.into().0;
        store.inner.check_store(self.store);
        (&mut store.inner.memories[self.index as usize].data, &mut store.data)
    }

    /// Size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().memories[self.index as usize].data.len()
    }

    /// Size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().memories[self.index as usize].pages()
    }

    /// Reads `buffer.len()` bytes at `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buffer: &mut [u8]) -> Result<(), MemoryAccessError> {
        let store = store.as_context();
        store.inner().check_store(self.store);
        let data = &store.inner().memories[self.index as usize].data;
        let src =
            offset.checked_add(buffer.len()).and_then(|end| data.get(offset..end)).ok_or(MemoryAccessError(()))?;
        buffer.copy_from_slice(src);
        Ok(())
    }

    /// Writes `buffer` at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buffer: &[u8]) -> Result<(), MemoryAccessError> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.store);
        let data = &mut store.inner.memories[self.index as usize].data;
        let dst =
            offset.checked_add(buffer.len()).and_then(|end| data.get_mut(offset..end)).ok_or(MemoryAccessError(()))?;
        dst.copy_from_slice(buffer);
        Ok(())
    }

    /// Grows by `delta` pages, returning the old size in pages.
    pub fn grow<T: 'static>(&self, mut store: impl AsContextMut<Data = T>, delta: u64) -> Result<u64> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.store);
        let mem: *mut VmMemory = store.inner.memories[self.index as usize].as_ptr();
        // SAFETY: the boxed memory stays put; the limiter only sees the host data.
        grow_memory_limited(store, unsafe { &mut *mem }, delta)?
            .ok_or_else(|| anyhow!("failed to grow memory by `{delta}`"))
    }
}

impl<'a, T: 'static> From<&'a mut Store<T>> for crate::StoreContextMut<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        crate::store::StoreContextMut(s)
    }
}
impl<'a, T: 'static> From<&'a mut crate::Caller<'_, T>> for crate::StoreContextMut<'a, T> {
    fn from(c: &'a mut crate::Caller<'_, T>) -> Self {
        crate::store::StoreContextMut(c.store)
    }
}
impl<'a, T: 'static> From<&'a crate::Caller<'_, T>> for crate::StoreContext<'a, T> {
    fn from(c: &'a crate::Caller<'_, T>) -> Self {
        crate::store::StoreContext(c.store)
    }
}
impl<'a, T: 'static> From<&'a mut crate::Caller<'_, T>> for crate::StoreContext<'a, T> {
    fn from(c: &'a mut crate::Caller<'_, T>) -> Self {
        crate::store::StoreContext(c.store)
    }
}

pub(crate) fn new_memory(inner: &mut crate::store::StoreInner, ty: MemoryType) -> Result<Memory> {
    let vm = VmMemory::new(ty.minimum(), ty.maximum(), ty.is_64(), ty.page_size_log2())
        .ok_or_else(|| anyhow!("failed to allocate a memory of {} pages", ty.minimum()))?;
    inner.memories.push(Owned::new(vm));
    inner.memory_types.push(ty);
    Ok(Memory { store: inner.id, index: inner.memories.len() as u32 - 1 })
}

/// Grows a memory, consulting the store's limiter; `Ok(None)` when refused.
pub(crate) fn grow_memory_limited<T: 'static>(
    store: &mut Store<T>,
    mem: &mut VmMemory,
    delta: u64,
) -> Result<Option<u64>> {
    let cur = mem.data.len();
    let desired = mem.pages().saturating_add(delta).saturating_mul(mem.page_size());
    if let Some(limiter) = store.limiter_mut() {
        let max = Some(usize::try_from(mem.max_pages.saturating_mul(mem.page_size())).unwrap_or(usize::MAX));
        if !limiter.memory_growing(cur, usize::try_from(desired).unwrap_or(usize::MAX), max)? {
            return Ok(None);
        }
    }
    let r = mem.grow(delta);
    if r.is_none()
        && let Some(limiter) = store.limiter_mut()
    {
        limiter.memory_grow_failed(anyhow!("failed to grow memory"))?;
    }
    Ok(r)
}

/// Grows a table, consulting the store's limiter; `Ok(None)` when refused.
pub(crate) fn grow_table_limited<T: 'static>(
    store: &mut Store<T>,
    t: &mut VmTable,
    delta: u32,
    init: u64,
) -> Result<Option<u32>> {
    let cur = t.elems.len();
    if let Some(limiter) = store.limiter_mut()
        && !limiter.table_growing(cur, cur.saturating_add(delta as usize), Some(t.max as usize))?
    {
        return Ok(None);
    }
    let r = t.grow(delta, init);
    if r.is_none()
        && let Some(limiter) = store.limiter_mut()
    {
        limiter.table_grow_failed(anyhow!("failed to grow table"))?;
    }
    Ok(r)
}

/// A table of references of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

fn ref_bits(inner: &crate::store::StoreInner, ty: &TableType, init: Ref) -> Result<u64> {
    let v = Val::from(init);
    if !v.matches_ty(inner, &ValType::Ref(ty.element().clone())) {
        bail!("table element type mismatch: expected {}, got {}", ty.element(), v.ty_unchecked());
    }
    v.to_bits(inner.id)
}

impl Table {
    /// A new table of type `ty` filled with `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Ref) -> Result<Table> {
        let inner = &mut store.as_context_mut().0.inner;
        let bits = ref_bits(inner, &ty, init)?;
        new_table(inner, ty, bits)
    }

    /// The table's type (with its current size as minimum).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let store = store.as_context();
        let inner = store.inner();
        inner.check_store(self.store);
        inner.table_types[self.index as usize].with_min(inner.tables[self.index as usize].elems.len() as u64)
    }

    /// Current size.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().tables[self.index as usize].elems.len() as u64
    }

    /// The element at `index` (a heap reference is rooted in the current scope).
    pub fn get(&self, mut store: impl AsContextMut, index: u64) -> Option<Ref> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(self.store);
        let bits = *inner.tables[self.index as usize].elems.get(usize::try_from(index).ok()?)?;
        let ty = ValType::Ref(inner.table_types[self.index as usize].element().clone());
        let v = Val::from_bits(bits, &ty, inner.id);
        inner.root_val(&v);
        v.ref_()
    }

    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, value: Ref) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(self.store);
        let bits = ref_bits(inner, &inner.table_types[self.index as usize], value)?;
        let slot = usize::try_from(index).ok().and_then(|i| inner.tables[self.index as usize].elems.get_mut(i));
        *slot.ok_or_else(|| anyhow!("table index out of bounds"))? = bits;
        Ok(())
    }

    /// Grows by `delta` elements of `init`, returning the old size.
    pub fn grow<T: 'static>(&self, mut store: impl AsContextMut<Data = T>, delta: u64, init: Ref) -> Result<u64> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.store);
        let bits = ref_bits(&store.inner, &store.inner.table_types[self.index as usize], init)?;
        let delta = u32::try_from(delta).map_err(|_| anyhow!("failed to grow table by `{delta}`"))?;
        let t: *mut VmTable = store.inner.tables[self.index as usize].as_ptr();
        // SAFETY: the boxed table stays put; the limiter only sees the host data.
        let old = grow_table_limited(store, unsafe { &mut *t }, delta, bits)?;
        old.map(u64::from).ok_or_else(|| anyhow!("failed to grow table by `{delta}`"))
    }
}

pub(crate) fn new_table(inner: &mut crate::store::StoreInner, ty: TableType, init: u64) -> Result<Table> {
    let too_big = || anyhow!("failed to allocate a table of {} elements", ty.minimum());
    // The VM indexes tables with u32: a minimum of 2^32 elements or more cannot be made.
    let min = u32::try_from(ty.minimum()).map_err(|_| too_big())?;
    let mut elems = Vec::new();
    elems.try_reserve_exact(min as usize).map_err(|_| too_big())?;
    elems.resize(min as usize, init);
    // A larger declared maximum only means growth may go on: the VM's own cap is 2^32 - 1
    // (growth past it fails, as wasm allows any growth to).
    let max = ty.maximum().map_or(u32::MAX, |m| u32::try_from(m).unwrap_or(u32::MAX));
    let vm = VmTable { elems, max, index64: ty.is_64() };
    inner.tables.push(Owned::new(vm));
    if holds_heap_refs(&ValType::Ref(ty.element().clone())) {
        let t = inner.tables.last().expect("just pushed").as_ptr();
        inner.registry.heap.root_tables.push(t);
    }
    inner.table_types.push(ty);
    Ok(Table { store: inner.id, index: inner.tables.len() as u32 - 1 })
}

/// A global of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Global {
    /// A new global of type `ty` holding `val`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global> {
        let inner = &mut store.as_context_mut().0.inner;
        if !val.matches_ty(inner, ty.content()) {
            bail!("global type mismatch: expected {}, got {}", ty.content(), val.ty_unchecked());
        }
        let mut slots = [0u64; 2];
        val.write_slots(&mut slots, inner.id)?;
        Ok(new_global(inner, ty, slots[0] as u128 | (slots[1] as u128) << 64))
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().global_types[self.index as usize].clone()
    }

    /// The value.
    pub fn get(&self, mut store: impl AsContextMut) -> Val {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(self.store);
        let ty = inner.global_types[self.index as usize].content();
        let cell = &inner.globals[self.index as usize];
        let v = Val::read_slots(&[cell.bits, cell.hi], ty, inner.id);
        inner.root_val(&v);
        v
    }

    /// Sets the value (mutable globals only).
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(self.store);
        let ty = inner.global_types[self.index as usize].clone();
        if ty.mutability() != Mutability::Var {
            bail!("immutable global cannot be set");
        }
        if !val.matches_ty(inner, ty.content()) {
            bail!("global type mismatch: expected {}, got {}", ty.content(), val.ty_unchecked());
        }
        let mut slots = [0u64; 2];
        val.write_slots(&mut slots, inner.id)?;
        let cell = &mut inner.globals[self.index as usize];
        (cell.bits, cell.hi) = (slots[0], slots[1]);
        Ok(())
    }
}

pub(crate) fn new_global(inner: &mut crate::store::StoreInner, ty: GlobalType, bits: u128) -> Global {
    inner.globals.push(Owned::new(GlobalCell { bits: bits as u64, hi: (bits >> 64) as u64 }));
    if holds_heap_refs(ty.content()) {
        let g = inner.globals.last().expect("just pushed").as_ptr();
        inner.registry.heap.root_globals.push(g);
    }
    inner.global_types.push(ty);
    Global { store: inner.id, index: inner.globals.len() as u32 - 1 }
}

/// Whether values of `ty` may be handles of the GC heap (the internal, external and exception
/// hierarchies: structs, arrays, i31s, extern references and exceptions).
pub(crate) fn holds_heap_refs(ty: &ValType) -> bool {
    match ty {
        ValType::Ref(r) => {
            matches!(r.heap_type().top(), crate::HeapType::Any | crate::HeapType::Extern | crate::HeapType::Exn)
        }
        _ => false,
    }
}
