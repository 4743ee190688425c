//! Exception handling in the API, as wasmtime 48 names it: tags (`Tag`, `TagType`),
//! exception objects (`ExnRef`), and `ThrownException`, the error a call returns when an
//! exception leaves wasm (the exception itself waits in `Store::take_pending_exception`).
//!
//! Exception objects live in the store's GC heap (see `sheave_interp::gc::exceptions`): the
//! collector frees them, and traces their payloads' references. One caught by a handler that
//! keeps no reference is freed at once.

#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut, StoreInner};
use crate::types::FuncType;
use crate::values::Val;
use anyhow::{Result, bail};

/// The type of a tag: the signature whose parameters are an exception's payload (its results
/// are empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    /// A tag type of signature `ty`.
    pub fn new(ty: FuncType) -> TagType {
        TagType { ty }
    }
    /// The signature (its parameters are the payload).
    pub fn ty(&self) -> &FuncType {
        &self.ty
    }
}

/// An exception tag of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Tag {
    /// A new tag of type `ty`, distinct from every other tag.
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Result<Tag> {
        let inner = &mut store.as_context_mut().0.inner;
        Ok(new_tag(inner, ty.clone()))
    }

    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let store = store.as_context();
        store.inner().check_store(self.store);
        store.inner().tag_types[self.index as usize].clone()
    }

    /// Whether `a` and `b` are the same tag.
    pub fn eq(a: &Tag, b: &Tag, _store: impl AsContext) -> bool {
        a == b
    }
}

pub(crate) fn new_tag(inner: &mut StoreInner, ty: TagType) -> Tag {
    // The payload slots the collector traces.
    let mut refs = Vec::new();
    let mut slot = 0;
    for t in ty.ty().params() {
        if crate::externals::holds_heap_refs(&t) {
            refs.push(slot);
        }
        slot += crate::types::slot_width(&t);
    }
    inner.registry.heap.add_tag(inner.tag_types.len() as u32, &refs);
    inner.tag_types.push(ty);
    Tag { store: inner.id, index: inner.tag_types.len() as u32 - 1 }
}

/// The type of an exception object: its payload fields (as wasmtime's `ExnType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExnType {
    ty: FuncType,
}

impl ExnType {
    /// The exception type with payload `fields`.
    pub fn new(engine: &crate::Engine, fields: impl IntoIterator<Item = crate::ValType>) -> Result<ExnType> {
        Ok(ExnType { ty: FuncType::new(engine, fields, []) })
    }
    /// The exception type of a tag's payload.
    pub fn from_tag_type(tag: &TagType) -> Result<ExnType> {
        if tag.ty().result_count() != 0 {
            bail!("a tag's type has no results");
        }
        Ok(ExnType { ty: tag.ty().clone() })
    }
    /// The payload's field types.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = crate::ValType> + '_ {
        self.ty.params()
    }
    /// Payload field `i`'s type.
    pub fn field(&self, i: usize) -> Option<crate::ValType> {
        self.ty.param(i)
    }
}

/// An exception type made ready for allocation in one store (as wasmtime's `ExnRefPre`).
#[derive(Debug, Clone)]
pub struct ExnRefPre {
    store: u64,
    ty: ExnType,
}

impl ExnRefPre {
    /// Prepares `ty` for allocation in `store`.
    pub fn new(mut store: impl AsContextMut, ty: ExnType) -> ExnRefPre {
        ExnRefPre { store: store.as_context_mut().0.inner.id, ty }
    }
}

/// A reference to an exception object: its tag and payload fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl crate::GcRef for ExnRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl ExnRef {
    /// A new exception of `tag` with payload `fields` (checked against the allocator's type,
    /// which must be the tag's), for a host function to throw with `Store::throw`.
    pub fn new(
        mut store: impl AsContextMut,
        allocator: &ExnRefPre,
        tag: &Tag,
        fields: &[Val],
    ) -> Result<crate::Rooted<ExnRef>> {
        let store = store.as_context_mut().0;
        let inner = &mut store.inner;
        inner.check_store(tag.store);
        inner.check_store(allocator.store);
        let ty = inner.tag_types[tag.index as usize].ty().clone();
        if ty != allocator.ty.ty {
            bail!("the allocator's exception type is not the tag's");
        }
        if fields.len() != ty.param_count() {
            bail!("the tag's payload has {} fields, {} given", ty.param_count(), fields.len());
        }
        let mut values = Vec::new();
        for (v, t) in fields.iter().zip(ty.params()) {
            if !v.matches_ty(inner, &t) {
                bail!("exception field type mismatch: expected {t}");
            }
            let mut slots = [0u64; 2];
            let n = v.write_slots(&mut slots, inner.id)?;
            values.extend_from_slice(&slots[..n]);
        }
        let handle = crate::runtime::gc_objects::allocate(store, |heap| heap.new_exception(tag.index, &values, true))?;
        Ok(store.inner.root(ExnRef { store: store.inner.id, handle }))
    }

    /// The exception's tag.
    pub fn tag(&self, mut store: impl AsContextMut) -> Result<Tag> {
        let index = self.tag_index(&store.as_context_mut().0.inner)?;
        Ok(Tag { store: self.store, index })
    }

    /// Payload field `index`.
    pub fn field(&self, mut store: impl AsContextMut, index: usize) -> Result<Val> {
        match self.fields_of(&mut store.as_context_mut().0.inner)?.into_iter().nth(index) {
            Some(v) => Ok(v),
            None => bail!("exception has no field {index}"),
        }
    }

    /// All payload fields, in order.
    pub fn fields<'a, T: 'static>(
        &'a self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> Result<impl ExactSizeIterator<Item = Val> + 'a> {
        let store = store.into();
        Ok(self.fields_of(&mut store.0.inner)?.into_iter())
    }

    fn tag_index(&self, inner: &StoreInner) -> Result<u32> {
        inner.check_store(self.store);
        match inner.registry.heap.exception_tag(self.handle) {
            Some(tag) => Ok(tag),
            None => bail!("stale exception reference"),
        }
    }

    fn fields_of(&self, inner: &mut StoreInner) -> Result<Vec<Val>> {
        let tag = self.tag_index(inner)?;
        let ty = inner.tag_types[tag as usize].ty().clone();
        let values: Vec<u64> = inner.registry.heap.exception_values(self.handle).collect();
        let mut at = 0;
        let mut out = Vec::new();
        for t in ty.params() {
            let v = Val::read_slots(&values[at..], &t, inner.id);
            inner.root_val(&v);
            out.push(v);
            at += crate::types::slot_width(&t) as usize;
        }
        Ok(out)
    }
}

/// The error of a call whose wasm threw an exception nobody caught (as in wasmtime): the
/// exception is in [`crate::Store::take_pending_exception`]. A host function returns it (from
/// `Store::throw`) to throw into its wasm caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrownException;

impl core::fmt::Display for ThrownException {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("thrown Wasm exception")
    }
}

impl core::error::Error for ThrownException {}

/// The API type of an exception reference slot.
pub(crate) fn exnref_val(bits: u64, store: u64) -> Val {
    match bits {
        0 => Val::ExnRef(None),
        b => Val::ExnRef(Some(crate::Rooted::new(ExnRef { store, handle: b as u32 }))),
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    const LOOP: &str = r#"(module
        (tag $e (param i32))
        (global $keep (mut exnref) (ref.null exn))
        (func $throw (param i32) (throw $e (local.get 0)))
        (func (export "plain") (param i32) (local $i i32)
            (loop $l
                (block $h (result i32)
                    (try_table (catch $e $h) (call $throw (local.get $i)))
                    (unreachable))
                (drop)
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get $i) (local.get 0)))))
        (func (export "kept") (param i32) (local $i i32)
            (loop $l
                (block $h (result i32 exnref)
                    (try_table (catch_ref $e $h) (call $throw (local.get $i)))
                    (unreachable))
                (global.set $keep)
                (drop)
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get $i) (local.get 0))))))"#;

    #[test]
    fn exceptions_caught_without_a_reference_are_freed() {
        let engine = Engine::default();
        let module = Module::new(&engine, LOOP).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let plain = instance.get_typed_func::<i32, ()>(&mut store, "plain").unwrap();
        plain.call(&mut store, 1000).unwrap();
        // One object, freed when caught and reused by the next throw: the arena never grows.
        let heap = &store.inner.registry.heap;
        assert_eq!((heap.entries.len(), heap.arena.len()), (1, 0));
        // Those that reached an exnref stay until a collection finds them unreachable: only
        // the one in `$keep` is then left.
        let kept = instance.get_typed_func::<i32, ()>(&mut store, "kept").unwrap();
        kept.call(&mut store, 1000).unwrap();
        let live =
            |s: &Store<()>| s.inner.registry.heap.entries.iter().filter(|e| e.ty == sheave_interp::gc::EXN_TY).count();
        assert_eq!(live(&store), 1000);
        store.gc(None).unwrap();
        assert_eq!(live(&store), 1);
    }
}
