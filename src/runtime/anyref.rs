//! References of the internal (GC) hierarchy as the embedder sees them: `AnyRef`, `I31` and
//! `Rooted`, named and shaped as wasmtime 48's.
//!
//! In a slot, an `anyref` is a 32-bit handle: 0 is null, an odd value is an i31 (`v << 1 | 1`),
//! an even one a heap object (today an extern reference converted with `any.convert_extern`:
//! extern and any references share one handle space, so the conversions are moves).

#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut};
use anyhow::Result;
use sheave_interp::gc::Layout;

/// An unboxed 31-bit integer (`i31ref`'s payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct I31(u32);

impl I31 {
    /// The value if it fits in 31 unsigned bits.
    pub fn new_u32(value: u32) -> Option<I31> {
        (value >> 31 == 0).then_some(I31(value))
    }
    /// The value if it fits in 31 signed bits.
    pub fn new_i32(value: i32) -> Option<I31> {
        (((value << 1) >> 1) == value).then_some(I31(value as u32 & 0x7fff_ffff))
    }
    /// The low 31 bits of `value`.
    pub fn wrapping_u32(value: u32) -> I31 {
        I31(value & 0x7fff_ffff)
    }
    /// The low 31 bits of `value`.
    pub fn wrapping_i32(value: i32) -> I31 {
        I31(value as u32 & 0x7fff_ffff)
    }
    /// Zero-extended.
    pub fn get_u32(&self) -> u32 {
        self.0
    }
    /// Sign-extended.
    pub fn get_i32(&self) -> i32 {
        ((self.0 << 1) as i32) >> 1
    }
    pub(crate) fn to_handle(self) -> u32 {
        self.0 << 1 | 1
    }
}

/// A handle that stays valid while its scope lasts (as wasmtime's `Rooted`). Sheave's heap
/// never moves a handle, so a `Rooted` is the reference itself, checked against its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Rooted<T>(T);

impl<T> core::ops::Deref for Rooted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Rooted<T> {
    pub(crate) fn new(value: T) -> Rooted<T> {
        Rooted(value)
    }
}

impl<T: Copy + PartialEq> Rooted<T> {
    /// Whether the two roots are the same root.
    pub fn rooted_eq(a: Self, b: Self) -> bool {
        a.0 == b.0
    }
}

impl<T: GcRef> Rooted<T> {
    /// A root that lasts as long as the returned value (or a clone of it), whatever scope
    /// this one ends with.
    pub fn to_owned_rooted(&self, mut store: impl AsContextMut) -> Result<OwnedRooted<T>> {
        let alive = alloc::sync::Arc::new(());
        let heap = &mut store.as_context_mut().0.inner.registry.heap;
        if self.0.handle() & 1 == 0 && self.0.handle() != 0 {
            heap.add_owned_root(alloc::sync::Arc::downgrade(&alive), self.0.handle());
        }
        Ok(OwnedRooted { value: self.0, alive })
    }
}

/// A root owned by the host: it keeps its object alive until it (and every clone) drops, not
/// tied to a scope (as wasmtime's `OwnedRooted`; dropping it needs no store).
#[derive(Clone)]
pub struct OwnedRooted<T> {
    value: T,
    /// Held only to be dropped: the heap's entry for this root lives while it does.
    #[allow(dead_code)]
    alive: alloc::sync::Arc<()>,
}

impl<T> core::ops::Deref for OwnedRooted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for OwnedRooted<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("OwnedRooted").field(&self.value).finish()
    }
}

impl<T: GcRef> OwnedRooted<T> {
    /// A `Rooted` in the current scope for the same object.
    pub fn to_rooted(&self, mut context: impl AsContextMut) -> Rooted<T> {
        context.as_context_mut().0.inner.root(self.value)
    }
}

/// A reference of the internal hierarchy (`anyref`): an i31, a struct, an array, or a
/// converted extern reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnyRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl AnyRef {
    /// An `anyref` holding an i31.
    pub fn from_i31(mut store: impl AsContextMut, value: I31) -> Rooted<AnyRef> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.root(AnyRef { store: inner.id, handle: value.to_handle() })
    }
    /// Whether this is an i31.
    pub fn is_i31(&self, store: impl AsContext) -> Result<bool> {
        store.as_context().inner().check_store(self.store);
        Ok(self.handle & 1 == 1)
    }
    /// The i31, if this is one.
    pub fn as_i31(&self, store: impl AsContext) -> Result<Option<I31>> {
        Ok(self.is_i31(store)?.then_some(I31(self.handle >> 1)))
    }
    /// The i31; panics when this is not one.
    pub fn unwrap_i31(&self, store: impl AsContext) -> Result<I31> {
        Ok(self.as_i31(store)?.expect("AnyRef::unwrap_i31 on a non-i31 reference"))
    }
    /// Whether this is an `eqref` (an i31, struct or array: not a converted extern reference).
    pub fn is_eqref(&self, store: impl AsContext) -> Result<bool> {
        Ok(self.handle & 1 == 1 || self.layout(store.as_context().inner())?.is_some())
    }
    /// Whether this is a struct.
    pub fn is_struct(&self, store: impl AsContext) -> Result<bool> {
        Ok(matches!(self.layout(store.as_context().inner())?, Some(Layout::Struct { .. })))
    }
    /// Whether this is an array.
    pub fn is_array(&self, store: impl AsContext) -> Result<bool> {
        Ok(matches!(self.layout(store.as_context().inner())?, Some(Layout::Array { .. })))
    }

    /// The layout of the object this names (`None` for an i31 or a converted extern reference).
    fn layout<'a>(&self, inner: &'a crate::store::StoreInner) -> Result<Option<&'a Layout>> {
        inner.check_store(self.store);
        let heap = &inner.registry.heap;
        Ok(match heap.entry(self.handle) {
            Some(e) if e.ty < sheave_interp::gc::EXN_TY => heap.layout(e.ty),
            Some(_) => None,
            None if self.handle & 1 == 1 => None,
            None => anyhow::bail!("attempted to use a garbage-collected object that is no longer alive"),
        })
    }
    /// The `anyref` an extern reference converts to (`any.convert_extern`).
    pub fn convert_extern(mut store: impl AsContextMut, externref: Rooted<crate::ExternRef>) -> Result<Rooted<AnyRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(externref.store);
        Ok(inner.root(AnyRef { store: externref.store, handle: externref.handle }))
    }
    /// The raw handle (as wasmtime's `to_raw`).
    pub fn to_raw(&self, store: impl AsContextMut) -> Result<u32> {
        let _ = store;
        Ok(self.handle)
    }

    pub(crate) fn from_handle(store: u64, handle: u32) -> Option<Rooted<AnyRef>> {
        (handle != 0).then_some(Rooted(AnyRef { store, handle }))
    }
}

/// A reference type whose values are heap handles (what a root records).
pub trait GcRef: Copy {
    /// The handle.
    #[doc(hidden)]
    fn handle(&self) -> u32;
}

impl GcRef for AnyRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl GcRef for crate::ExternRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl crate::store::StoreInner {
    /// Roots the heap reference `v` holds, if any.
    pub(crate) fn root_val(&mut self, v: &crate::Val) {
        match v {
            crate::Val::AnyRef(Some(r)) => self.registry.heap.roots.push(r.handle),
            crate::Val::ExternRef(Some(r)) => self.registry.heap.roots.push(r.handle),
            crate::Val::ExnRef(Some(r)) => self.registry.heap.roots.push(r.handle),
            _ => {}
        }
    }

    /// Roots `r` in the current scope (the store's, or a `RootScope`'s, or the host call's).
    pub(crate) fn root<T: GcRef>(&mut self, r: T) -> Rooted<T> {
        if r.handle() & 1 == 0 && r.handle() != 0 {
            self.registry.heap.roots.push(r.handle());
        }
        Rooted(r)
    }
}

/// A scope for roots: those made while it lives are released when it drops (as wasmtime's
/// `RootScope`). Without one, a root lasts as long as its store.
pub struct RootScope<C: AsContextMut> {
    store: C,
    len: usize,
}

impl<C: AsContextMut> RootScope<C> {
    /// A scope in `store`.
    pub fn new(mut store: C) -> RootScope<C> {
        let len = store.as_context_mut().0.inner.registry.heap.roots.len();
        RootScope { store, len }
    }
    /// Reserves room for `additional` roots.
    pub fn reserve(&mut self, additional: usize) {
        self.store.as_context_mut().0.inner.registry.heap.roots.reserve(additional);
    }
}

impl<C: AsContextMut> Drop for RootScope<C> {
    fn drop(&mut self) {
        self.store.as_context_mut().0.inner.registry.heap.roots.truncate(self.len);
    }
}

impl<C: AsContextMut> AsContext for RootScope<C> {
    type Data = C::Data;
    fn as_context(&self) -> crate::StoreContext<'_, Self::Data> {
        self.store.as_context()
    }
}

impl<C: AsContextMut> AsContextMut for RootScope<C> {
    fn as_context_mut(&mut self) -> crate::StoreContextMut<'_, Self::Data> {
        self.store.as_context_mut()
    }
}

/// An allocation the GC heap could not make, even after collecting (as wasmtime's): it gives
/// back the value that was to be stored (`into_inner`).
pub struct GcHeapOutOfMemory<T> {
    inner: T,
    bytes_needed: u64,
}

impl<T> GcHeapOutOfMemory<T> {
    /// The error for an allocation of `bytes_needed` bytes that carried `inner`.
    pub fn new(inner: T, bytes_needed: u64) -> GcHeapOutOfMemory<T> {
        GcHeapOutOfMemory { inner, bytes_needed }
    }
    /// The bytes the allocation needed.
    pub fn bytes_needed(&self) -> u64 {
        self.bytes_needed
    }
    /// The value the allocation was for.
    pub fn into_inner(self) -> T {
        self.inner
    }
}

impl<T> core::fmt::Debug for GcHeapOutOfMemory<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GcHeapOutOfMemory").field("bytes_needed", &self.bytes_needed).finish()
    }
}

impl<T> core::fmt::Display for GcHeapOutOfMemory<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "GC heap out of memory: no capacity for allocation of {} bytes", self.bytes_needed)
    }
}

impl<T> core::error::Error for GcHeapOutOfMemory<T> {}
