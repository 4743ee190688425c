//! Structs and arrays from the host, as wasmtime 48 has them: `StructRefPre`/`ArrayRefPre`
//! (a type made ready for allocation in a store), `StructRef`/`ArrayRef` (rooted handles),
//! field and element access by `Val`.

use crate::anyref::{AnyRef, GcRef, Rooted};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut, StoreInner};
use crate::types::{ArrayType, FieldType, StorageType, StructType, ValType};
use crate::values::Val;
use anyhow::{Result, bail};
use sheave_interp::gc::{ARRAY_HEADER, Layout, Storage};

/// Allocates with `alloc` in the store's heap; when the heap is full, collects and tries
/// again, then grows the heap through the store's limiter and tries once more (as allocations
/// from wasm do).
pub(crate) fn allocate<T: 'static>(
    store: &mut crate::Store<T>,
    alloc: impl Fn(&mut sheave_interp::gc::Heap) -> Result<u32, sheave_interp::Trap>,
) -> Result<u32> {
    for attempt in 0..3 {
        match alloc(&mut store.inner.registry.heap) {
            Err(sheave_interp::Trap::GcHeapOutOfMemory) if attempt == 0 => store.inner.collect_garbage(),
            Err(sheave_interp::Trap::GcHeapOutOfMemory) if attempt == 1 => crate::func::grow_gc_heap(store)?,
            other => return other.map_err(out_of_memory),
        }
    }
    unreachable!("the third attempt returns")
}

/// Makes type `ty` (a registered struct or array type) known to the store's heap.
fn prepare(inner: &mut StoreInner, ty: &crate::types::Registered) {
    let entry = ty.entry();
    inner.registry.add_type(entry.id, &entry.supers, crate::types::layout::layout(entry));
}

/// The bits a field of type `field` stores for `v` (checked against the type).
fn field_bits(inner: &StoreInner, field: &FieldType, v: &Val) -> Result<u128> {
    let want = field.element_type().unpack();
    if !v.matches_ty(inner, want) {
        bail!("type mismatch: a {} where the field holds {want}", v.ty_unchecked());
    }
    Ok(match v {
        Val::V128(x) => x.as_u128(),
        other => other.to_bits(inner.id)? as u128,
    })
}

/// The `Val` of a field of type `field` holding `bits` (packed fields zero-extended), rooted.
fn field_val(inner: &mut StoreInner, field: &FieldType, bits: u128) -> Val {
    let v = match field.element_type() {
        StorageType::I8 | StorageType::I16 => Val::I32(bits as u32 as i32),
        StorageType::ValType(ValType::V128) => Val::V128(bits.into()),
        StorageType::ValType(t) => Val::from_bits(bits as u64, t, inner.id),
    };
    inner.root_val(&v);
    v
}

/// A struct type ready for allocation in one store.
#[derive(Clone)]
pub struct StructRefPre {
    store: u64,
    ty: StructType,
}

impl StructRefPre {
    /// Prepares `ty` for allocation in `store`.
    pub fn new(mut store: impl AsContextMut, ty: StructType) -> StructRefPre {
        let inner = &mut store.as_context_mut().0.inner;
        prepare(inner, ty.registered());
        StructRefPre { store: inner.id, ty }
    }
}

/// A reference to a struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StructRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl GcRef for StructRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl StructRef {
    /// A new struct of `allocator`'s type with `fields`.
    pub fn new(mut store: impl AsContextMut, allocator: &StructRefPre, fields: &[Val]) -> Result<Rooted<StructRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(allocator.store);
        let types: Vec<FieldType> = allocator.ty.fields().collect();
        if types.len() != fields.len() {
            bail!("expected {} fields, got {}", types.len(), fields.len());
        }
        let bits = types.iter().zip(fields).map(|(t, v)| field_bits(inner, t, v)).collect::<Result<Vec<_>>>()?;
        let id = allocator.ty.registered().id();
        let store = store.as_context_mut().0;
        let handle = allocate(store, |heap| heap.new_struct(id, &bits))?;
        Ok(store.inner.root(StructRef { store: store.inner.id, handle }))
    }

    fn object(&self, inner: &StoreInner) -> Result<(usize, StructType)> {
        inner.check_store(self.store);
        let (at, id) = inner.registry.heap.object(self.handle, sheave_interp::Trap::NullReference).map_err(unrooted)?;
        let ty = crate::types::Registered::new(inner.engine.types(), id).into_heap_type();
        match ty.as_concrete_struct() {
            Some(s) => Ok((at, s.clone())),
            None => bail!("not a struct"),
        }
    }

    /// The struct's type.
    pub fn ty(&self, store: impl AsContext) -> Result<StructType> {
        Ok(self.object(store.as_context().inner())?.1)
    }

    /// Field `index`.
    pub fn field(&self, mut store: impl AsContextMut, index: usize) -> Result<Val> {
        let inner = &mut store.as_context_mut().0.inner;
        let (at, ty) = self.object(inner)?;
        let (Some(field), Some(Layout::Struct { fields, .. })) =
            (ty.field(index), inner.registry.heap.layout(ty.registered().id()))
        else {
            bail!("struct has no field {index}");
        };
        let f = fields[index];
        let bits = inner.registry.heap.load_wide(at + f.offset as usize, f.storage);
        Ok(field_val(inner, &field, bits))
    }

    /// All fields, in order.
    pub fn fields(&self, mut store: impl AsContextMut) -> Result<Vec<Val>> {
        let n = self.ty(store.as_context_mut())?.fields().len();
        (0..n).map(|i| self.field(store.as_context_mut(), i)).collect()
    }

    /// Sets field `index` (a mutable field) to `value`.
    pub fn set_field(&self, mut store: impl AsContextMut, index: usize, value: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        let (at, ty) = self.object(inner)?;
        let Some(field) = ty.field(index) else { bail!("struct has no field {index}") };
        if field.mutability().is_const() {
            bail!("field {index} is immutable");
        }
        let bits = field_bits(inner, &field, &value)?;
        let Some(Layout::Struct { fields, .. }) = inner.registry.heap.layout(ty.registered().id()) else {
            bail!("not a struct");
        };
        let f = fields[index];
        inner.registry.heap.store_wide(at + f.offset as usize, f.storage, bits);
        Ok(())
    }
}

impl Rooted<StructRef> {
    /// The same reference as an `anyref`.
    pub fn to_anyref(self) -> Rooted<AnyRef> {
        Rooted::new(AnyRef { store: self.store, handle: self.handle })
    }
}

/// An array type ready for allocation in one store.
#[derive(Clone)]
pub struct ArrayRefPre {
    store: u64,
    ty: ArrayType,
}

impl ArrayRefPre {
    /// Prepares `ty` for allocation in `store`.
    pub fn new(mut store: impl AsContextMut, ty: ArrayType) -> ArrayRefPre {
        let inner = &mut store.as_context_mut().0.inner;
        prepare(inner, ty.registered());
        ArrayRefPre { store: inner.id, ty }
    }
}

/// A reference to an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArrayRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl GcRef for ArrayRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl ArrayRef {
    /// A new array of `allocator`'s type: `len` copies of `elem`.
    pub fn new(
        mut store: impl AsContextMut,
        allocator: &ArrayRefPre,
        elem: &Val,
        len: u32,
    ) -> Result<Rooted<ArrayRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(allocator.store);
        let bits = field_bits(inner, &allocator.ty.field_type(), elem)?;
        let id = allocator.ty.registered().id();
        let store = store.as_context_mut().0;
        let handle = allocate(store, |heap| heap.new_array(id, len, Some(bits), &[]))?;
        Ok(store.inner.root(ArrayRef { store: store.inner.id, handle }))
    }

    /// A new array of `allocator`'s type holding `elems`.
    pub fn new_fixed(mut store: impl AsContextMut, allocator: &ArrayRefPre, elems: &[Val]) -> Result<Rooted<ArrayRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(allocator.store);
        let field = allocator.ty.field_type();
        let bits = elems.iter().map(|v| field_bits(inner, &field, v)).collect::<Result<Vec<_>>>()?;
        let len = u32::try_from(bits.len())?;
        let id = allocator.ty.registered().id();
        let store = store.as_context_mut().0;
        let handle = allocate(store, |heap| heap.new_array(id, len, None, &bits))?;
        Ok(store.inner.root(ArrayRef { store: store.inner.id, handle }))
    }

    fn object(&self, inner: &StoreInner) -> Result<(usize, u32, ArrayType, Storage)> {
        inner.check_store(self.store);
        let heap = &inner.registry.heap;
        let (at, id) = heap.object(self.handle, sheave_interp::Trap::NullReference).map_err(unrooted)?;
        let (first, len) = heap.array(self.handle).map_err(unrooted)?;
        debug_assert_eq!(first, at + ARRAY_HEADER);
        let ty = crate::types::Registered::new(inner.engine.types(), id).into_heap_type();
        match (ty.as_concrete_array(), heap.layout(id)) {
            (Some(a), Some(Layout::Array { elem })) => Ok((first, len, a.clone(), *elem)),
            _ => bail!("not an array"),
        }
    }

    /// The array's type.
    pub fn ty(&self, store: impl AsContext) -> Result<ArrayType> {
        Ok(self.object(store.as_context().inner())?.2)
    }

    /// The number of elements.
    pub fn len(&self, store: impl AsContext) -> Result<u32> {
        Ok(self.object(store.as_context().inner())?.1)
    }

    /// Element `index`.
    pub fn get(&self, mut store: impl AsContextMut, index: u32) -> Result<Val> {
        let inner = &mut store.as_context_mut().0.inner;
        let (first, len, ty, elem) = self.object(inner)?;
        if index >= len {
            bail!("array index {index} out of bounds (length {len})");
        }
        let bits = inner.registry.heap.load_wide(first + index as usize * elem.size(), elem);
        Ok(field_val(inner, &ty.field_type(), bits))
    }

    /// All elements, in order.
    pub fn elems(&self, mut store: impl AsContextMut) -> Result<Vec<Val>> {
        let n = self.len(store.as_context_mut())?;
        (0..n).map(|i| self.get(store.as_context_mut(), i)).collect()
    }

    /// Sets element `index` (of a mutable array) to `value`.
    pub fn set(&self, mut store: impl AsContextMut, index: u32, value: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        let (first, len, ty, elem) = self.object(inner)?;
        let field = ty.field_type();
        if field.mutability().is_const() {
            bail!("the array's elements are immutable");
        }
        if index >= len {
            bail!("array index {index} out of bounds (length {len})");
        }
        let bits = field_bits(inner, &field, &value)?;
        inner.registry.heap.store_wide(first + index as usize * elem.size(), elem, bits);
        Ok(())
    }
}

impl Rooted<ArrayRef> {
    /// The same reference as an `anyref`.
    pub fn to_anyref(self) -> Rooted<AnyRef> {
        Rooted::new(AnyRef { store: self.store, handle: self.handle })
    }
}

impl AnyRef {
    /// The struct this is, if it is one.
    pub fn as_struct(&self, mut store: impl AsContextMut) -> Result<Option<Rooted<StructRef>>> {
        if !self.is_struct(store.as_context_mut())? {
            return Ok(None);
        }
        let inner = &mut store.as_context_mut().0.inner;
        Ok(Some(inner.root(StructRef { store: self.store, handle: self.handle })))
    }
    /// The array this is, if it is one.
    pub fn as_array(&self, mut store: impl AsContextMut) -> Result<Option<Rooted<ArrayRef>>> {
        if !self.is_array(store.as_context_mut())? {
            return Ok(None);
        }
        let inner = &mut store.as_context_mut().0.inner;
        Ok(Some(inner.root(ArrayRef { store: self.store, handle: self.handle })))
    }
    /// The struct this is; panics when it is not one.
    pub fn unwrap_struct(&self, store: impl AsContextMut) -> Result<Rooted<StructRef>> {
        Ok(self.as_struct(store)?.expect("AnyRef::unwrap_struct on a non-struct reference"))
    }
    /// The array this is; panics when it is not one.
    pub fn unwrap_array(&self, store: impl AsContextMut) -> Result<Rooted<ArrayRef>> {
        Ok(self.as_array(store)?.expect("AnyRef::unwrap_array on a non-array reference"))
    }
}

fn unrooted(_: sheave_interp::Trap) -> anyhow::Error {
    anyhow::anyhow!("attempted to use a garbage-collected object that has been unrooted")
}

fn out_of_memory(t: sheave_interp::Trap) -> anyhow::Error {
    match t {
        sheave_interp::Trap::GcHeapOutOfMemory => anyhow::Error::new(crate::GcHeapOutOfMemory::new((), 0)),
        other => anyhow::Error::new(other),
    }
}

/// A reference that `ref.eq` compares (`eqref`): an i31, a struct or an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EqRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl GcRef for EqRef {
    fn handle(&self) -> u32 {
        self.handle
    }
}

impl EqRef {
    /// An `eqref` holding an i31.
    pub fn from_i31(mut store: impl AsContextMut, value: crate::I31) -> Rooted<EqRef> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.root(EqRef { store: inner.id, handle: value.to_handle() })
    }
    fn any(&self) -> AnyRef {
        AnyRef { store: self.store, handle: self.handle }
    }
    /// Whether this is an i31.
    pub fn is_i31(&self, store: impl AsContext) -> Result<bool> {
        self.any().is_i31(store)
    }
    /// The i31, if this is one.
    pub fn as_i31(&self, store: impl AsContext) -> Result<Option<crate::I31>> {
        self.any().as_i31(store)
    }
    /// Whether this is a struct.
    pub fn is_struct(&self, store: impl AsContext) -> Result<bool> {
        self.any().is_struct(store)
    }
    /// Whether this is an array.
    pub fn is_array(&self, store: impl AsContext) -> Result<bool> {
        self.any().is_array(store)
    }
    /// The struct this is, if it is one.
    pub fn as_struct(&self, store: impl AsContextMut) -> Result<Option<Rooted<StructRef>>> {
        self.any().as_struct(store)
    }
    /// The array this is, if it is one.
    pub fn as_array(&self, store: impl AsContextMut) -> Result<Option<Rooted<ArrayRef>>> {
        self.any().as_array(store)
    }
}

impl Rooted<EqRef> {
    /// The same reference as an `anyref`.
    pub fn to_anyref(self) -> Rooted<AnyRef> {
        Rooted::new(AnyRef { store: self.store, handle: self.handle })
    }
}

impl Rooted<StructRef> {
    /// The same reference as an `eqref`.
    pub fn to_eqref(self) -> Rooted<EqRef> {
        Rooted::new(EqRef { store: self.store, handle: self.handle })
    }
}

impl Rooted<ArrayRef> {
    /// The same reference as an `eqref`.
    pub fn to_eqref(self) -> Rooted<EqRef> {
        Rooted::new(EqRef { store: self.store, handle: self.handle })
    }
}

impl AnyRef {
    /// The `eqref` this is (an i31, struct or array), if it is one.
    pub fn as_eqref(&self, mut store: impl AsContextMut) -> Result<Option<Rooted<EqRef>>> {
        if !self.is_eqref(store.as_context_mut())? {
            return Ok(None);
        }
        let inner = &mut store.as_context_mut().0.inner;
        Ok(Some(inner.root(EqRef { store: self.store, handle: self.handle })))
    }
    /// The `eqref` this is; panics when it is not one.
    pub fn unwrap_eqref(&self, store: impl AsContextMut) -> Result<Rooted<EqRef>> {
        Ok(self.as_eqref(store)?.expect("AnyRef::unwrap_eqref on a non-eq reference"))
    }
}
