//! Values crossing the embedding boundary: `Val`, `Ref`, `ExternRef`, and their encoding in
//! the VM's 64-bit slots (references are `index + 1`, null is 0).

use crate::anyref::{AnyRef, Rooted};
use crate::func::Func;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContext, AsContextMut};
use crate::types::{HeapType, ValType};
use anyhow::{Result, bail};
use core::any::Any;

/// A host reference (`externref`) owned by a store: an entry of the store's GC heap that
/// names the host value, so it shares the `anyref` handle space (`any.convert_extern` is a
/// move, and a converted reference converts back to the same `ExternRef`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u64,
    pub(crate) handle: u32,
}

impl ExternRef {
    /// Wraps a host value in a new reference.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> Result<Rooted<ExternRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        let handle = inner.registry.heap.new_extern(Box::new(value))?;
        Ok(inner.root(ExternRef { store: inner.id, handle }))
    }

    /// The extern reference an `anyref` converts to (`extern.convert_any`).
    pub fn convert_any(mut store: impl AsContextMut, anyref: Rooted<AnyRef>) -> Result<Rooted<ExternRef>> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check_store(anyref.store);
        Ok(inner.root(ExternRef { store: anyref.store, handle: anyref.handle }))
    }

    /// The host value (`None` when this reference is a converted `anyref`, which has none).
    pub fn data<'a, T: 'static>(
        &self,
        store: impl Into<crate::store::StoreContext<'a, T>>,
    ) -> Result<Option<&'a (dyn Any + Send + Sync)>> {
        let store = store.into();
        let inner = store.inner();
        inner.check_store(self.store);
        Ok(inner.registry.heap.host_value(self.handle))
    }

    pub(crate) fn to_bits(self) -> u64 {
        self.handle as u64
    }

    pub(crate) fn from_bits(store: u64, bits: u64) -> Option<Rooted<ExternRef>> {
        (bits != 0).then_some(Rooted::new(ExternRef { store, handle: bits as u32 }))
    }
}

impl<'a, T: 'static> From<&'a crate::Store<T>> for crate::store::StoreContext<'a, T> {
    fn from(s: &'a crate::Store<T>) -> Self {
        crate::store::StoreContext(s)
    }
}
impl<'a, T: 'static> From<&'a mut crate::Store<T>> for crate::store::StoreContext<'a, T> {
    fn from(s: &'a mut crate::Store<T>) -> Self {
        crate::store::StoreContext(s)
    }
}

/// A reference value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// A function reference (`None` is null).
    Func(Option<Func>),
    /// An external reference (`None` is null).
    Extern(Option<Rooted<ExternRef>>),
    /// An exception reference (`None` is null).
    Exn(Option<Rooted<crate::ExnRef>>),
    /// A reference of the internal (GC) hierarchy (`None` is null).
    Any(Option<Rooted<AnyRef>>),
}

impl Ref {
    /// Whether this is a null reference.
    pub fn is_null(&self) -> bool {
        matches!(self, Ref::Func(None) | Ref::Extern(None) | Ref::Exn(None) | Ref::Any(None))
    }

    /// Whether this is a non-null reference.
    pub fn is_non_null(&self) -> bool {
        !self.is_null()
    }

    /// Whether this is a function reference (null or not).
    pub fn is_func(&self) -> bool {
        matches!(self, Ref::Func(_))
    }

    /// The function reference (`Some(None)` for null), or `None` for another kind.
    pub fn as_func(&self) -> Option<Option<&Func>> {
        match self {
            Ref::Func(f) => Some(f.as_ref()),
            _ => None,
        }
    }

    /// The function, or `None` for null.
    ///
    /// # Panics
    /// When this is not a function reference (as wasmtime's).
    pub fn unwrap_func(&self) -> Option<&Func> {
        self.as_func().expect("Ref::unwrap_func on a non-function reference")
    }

    /// Whether this is an external reference (null or not).
    pub fn is_extern(&self) -> bool {
        matches!(self, Ref::Extern(_))
    }

    /// The external reference (`Some(None)` for null), or `None` for another kind.
    pub fn as_extern(&self) -> Option<Option<&Rooted<ExternRef>>> {
        match self {
            Ref::Extern(r) => Some(r.as_ref()),
            _ => None,
        }
    }

    /// Whether this is an exception reference (null or not).
    pub fn is_exn(&self) -> bool {
        matches!(self, Ref::Exn(_))
    }

    /// The exception reference (`Some(None)` for null), or `None` for another kind.
    pub fn as_exn(&self) -> Option<Option<&Rooted<crate::ExnRef>>> {
        match self {
            Ref::Exn(r) => Some(r.as_ref()),
            _ => None,
        }
    }
}

/// A `v128` value, as wasmtime's: 16 bytes in native order (so `Val` keeps 8-byte alignment).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct V128([u8; 16]);

impl V128 {
    /// The value as a 128-bit integer (lane 0 in the low bits).
    pub fn as_u128(&self) -> u128 {
        u128::from_ne_bytes(self.0)
    }
}

impl From<u128> for V128 {
    fn from(v: u128) -> V128 {
        V128(v.to_ne_bytes())
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> u128 {
        v.as_u128()
    }
}

impl core::fmt::Debug for V128 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_u128().fmt(f)
    }
}

/// A wasm value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// i32
    I32(i32),
    /// i64
    I64(i64),
    /// f32, as its bits (as in wasmtime, so NaN payloads survive)
    F32(u32),
    /// f64, as its bits
    F64(u64),
    /// v128
    V128(V128),
    /// funcref
    FuncRef(Option<Func>),
    /// externref
    ExternRef(Option<Rooted<ExternRef>>),
    /// exnref
    ExnRef(Option<Rooted<crate::ExnRef>>),
    /// anyref (and its subtypes: eqref, i31ref, structs and arrays)
    AnyRef(Option<Rooted<AnyRef>>),
}

impl Val {
    /// The value's type.
    pub fn ty(&self, _store: impl AsContext) -> Result<ValType> {
        Ok(self.ty_unchecked())
    }

    pub(crate) fn ty_unchecked(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
            Val::ExnRef(_) => ValType::EXNREF,
            Val::AnyRef(_) => ValType::ANYREF,
        }
    }

    /// The default value of a type (zero, or null for a nullable reference), as wasmtime's;
    /// `None` for a non-nullable reference, which has none.
    pub fn default_for_ty(ty: &ValType) -> Option<Val> {
        Some(match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(V128::from(0)),
            ValType::Ref(r) if r.is_nullable() => Val::null_ref(r.heap_type()),
            ValType::Ref(_) => return None,
        })
    }

    /// The null function reference (type `nullfuncref`, a subtype of every function reference).
    pub const fn null_func_ref() -> Val {
        Val::FuncRef(None)
    }

    /// The null external reference (type `nullexternref`).
    pub const fn null_extern_ref() -> Val {
        Val::ExternRef(None)
    }

    /// The null reference of a heap type's hierarchy (as wasmtime's).
    pub fn null_ref(heap_type: &HeapType) -> Val {
        match heap_type.top() {
            HeapType::Extern => Val::ExternRef(None),
            HeapType::Exn => Val::ExnRef(None),
            HeapType::Any => Val::AnyRef(None),
            _ => Val::FuncRef(None),
        }
    }

    /// Whether the value is of type `ty` in the store `inner` (a function reference
    /// matches a typed reference by its function's signature).
    pub(crate) fn matches_ty(&self, inner: &crate::store::StoreInner, ty: &ValType) -> bool {
        let ValType::Ref(r) = ty else { return self.ty_unchecked() == *ty };
        match self {
            Val::FuncRef(None) => r.is_nullable() && r.heap_type().top() == HeapType::Func,
            Val::ExternRef(None) => r.is_nullable() && r.heap_type().top() == HeapType::Extern,
            Val::FuncRef(Some(f)) => match r.heap_type() {
                HeapType::Func => true,
                HeapType::ConcreteFunc(want) => {
                    inner.func_info.get(f.index as usize).is_some_and(|i| i.ty.matches(want))
                }
                _ => false,
            },
            Val::ExternRef(Some(_)) => *r.heap_type() == HeapType::Extern,
            Val::ExnRef(None) => r.is_nullable() && r.heap_type().top() == HeapType::Exn,
            Val::ExnRef(Some(_)) => *r.heap_type() == HeapType::Exn,
            Val::AnyRef(None) => r.is_nullable() && r.heap_type().top() == HeapType::Any,
            Val::AnyRef(Some(a)) => {
                // The cast test wasm's `ref.test` runs.
                use sheave_interp::gc::cast;
                let target = match r.heap_type() {
                    HeapType::Any => cast::ANY << 24,
                    HeapType::Eq => cast::EQ << 24,
                    HeapType::I31 => cast::I31 << 24,
                    HeapType::Struct => cast::STRUCT << 24,
                    HeapType::Array => cast::ARRAY << 24,
                    HeapType::ConcreteStruct(t) => cast::CONCRETE_DATA << 24 | t.registered().id(),
                    HeapType::ConcreteArray(t) => cast::CONCRETE_DATA << 24 | t.registered().id(),
                    _ => return false,
                };
                inner.registry.heap.ref_matches(a.handle as u64, target, |_| None)
            }
            _ => false,
        }
    }

    /// The i32, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self { Some(*v) } else { None }
    }
    /// The i64, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self { Some(*v) } else { None }
    }
    /// The f32, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self { Some(f32::from_bits(*v)) } else { None }
    }
    /// The f64, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self { Some(f64::from_bits(*v)) } else { None }
    }
    /// The i32 (panics otherwise).
    pub fn unwrap_i32(&self) -> i32 {
        self.i32().expect("not an i32")
    }
    /// The i64 (panics otherwise).
    pub fn unwrap_i64(&self) -> i64 {
        self.i64().expect("not an i64")
    }
    /// The f32 (panics otherwise).
    pub fn unwrap_f32(&self) -> f32 {
        self.f32().expect("not an f32")
    }
    /// The f64 (panics otherwise).
    pub fn unwrap_f64(&self) -> f64 {
        self.f64().expect("not an f64")
    }
    /// The function reference, if this is a funcref.
    pub fn funcref(&self) -> Option<Option<&Func>> {
        if let Val::FuncRef(f) = self { Some(f.as_ref()) } else { None }
    }
    /// The extern reference, if this is an externref.
    pub fn externref(&self) -> Option<Option<&Rooted<ExternRef>>> {
        if let Val::ExternRef(r) = self { Some(r.as_ref()) } else { None }
    }
    /// The reference, if this is one.
    pub fn ref_(self) -> Option<Ref> {
        match self {
            Val::FuncRef(f) => Some(Ref::Func(f)),
            Val::ExternRef(e) => Some(Ref::Extern(e)),
            Val::ExnRef(e) => Some(Ref::Exn(e)),
            Val::AnyRef(a) => Some(Ref::Any(a)),
            _ => None,
        }
    }
    /// The any reference, if this is an anyref.
    pub fn anyref(&self) -> Option<Option<&Rooted<AnyRef>>> {
        if let Val::AnyRef(r) = self { Some(r.as_ref()) } else { None }
    }
    /// The null any reference (type `nullref`).
    pub const fn null_any_ref() -> Val {
        Val::AnyRef(None)
    }

    /// Encodes the value into a slot; references must belong to `store`.
    pub(crate) fn to_bits(self, store: u64) -> Result<u64> {
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::V128(_) => bail!("a v128 takes two slots (internal: use write_slots)"),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) | Val::AnyRef(None) => 0,
            Val::AnyRef(Some(a)) => {
                if a.store != store {
                    bail!("any reference used with the wrong store");
                }
                a.handle as u64
            }
            Val::ExnRef(Some(e)) => {
                if e.store != store {
                    bail!("exception reference used with the wrong store");
                }
                e.handle as u64
            }
            Val::FuncRef(Some(f)) => {
                if f.store != store {
                    bail!("function reference used with the wrong store");
                }
                f.index as u64 + 1
            }
            Val::ExternRef(Some(r)) => {
                if r.store != store {
                    bail!("extern reference used with the wrong store");
                }
                r.to_bits()
            }
        })
    }

    /// Writes the value into `slots` (two slots for a v128, low half first); returns how
    /// many it took.
    pub(crate) fn write_slots(self, slots: &mut [u64], store: u64) -> Result<usize> {
        if let Val::V128(v) = self {
            let v = v.as_u128();
            slots[0] = v as u64;
            slots[1] = (v >> 64) as u64;
            return Ok(2);
        }
        slots[0] = self.to_bits(store)?;
        Ok(1)
    }

    /// Reads a value of type `ty` from `slots` (see `write_slots`).
    pub(crate) fn read_slots(slots: &[u64], ty: &ValType, store: u64) -> Val {
        match ty {
            ValType::V128 => Val::V128(V128::from(slots[0] as u128 | (slots[1] as u128) << 64)),
            _ => Val::from_bits(slots[0], ty, store),
        }
    }

    /// Decodes a slot of type `ty`.
    pub(crate) fn from_bits(bits: u64, ty: &ValType, store: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(bits as u32 as i32),
            ValType::I64 => Val::I64(bits as i64),
            ValType::F32 => Val::F32(bits as u32),
            ValType::F64 => Val::F64(bits),
            ValType::V128 => Val::V128(V128::from(0)),
            ValType::Ref(r) => match (r.heap_type().top(), bits) {
                (HeapType::Extern, b) => Val::ExternRef(ExternRef::from_bits(store, b)),
                (HeapType::Any, b) => Val::AnyRef(AnyRef::from_handle(store, b as u32)),
                (HeapType::Exn, b) => crate::exceptions::exnref_val(b, store),
                (_, 0) => Val::FuncRef(None),
                (_, b) => Val::FuncRef(Some(Func { store, index: (b - 1) as u32 })),
            },
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
impl From<Func> for Val {
    fn from(f: Func) -> Val {
        Val::FuncRef(Some(f))
    }
}
impl From<Ref> for Val {
    fn from(r: Ref) -> Val {
        match r {
            Ref::Func(f) => Val::FuncRef(f),
            Ref::Extern(e) => Val::ExternRef(e),
            Ref::Exn(e) => Val::ExnRef(e),
            Ref::Any(a) => Val::AnyRef(a),
        }
    }
}
