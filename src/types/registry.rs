//! The engine's type registry: every defined type of every module (and every type the host
//! makes), canonicalized by rec group, so that two modules' equivalent types get one id.
//!
//! Equivalence is iso-recursive (Wasm 3.0): a rec group is keyed by its types with references
//! into the group written relative to the group (`CHeap::Rec`) and references outside it by
//! their canonical id (`CHeap::Id`). Equal keys are the same group, so equal ids are equal
//! types and `call_indirect`'s type check stays one compare in the common case. Subtyping is
//! single inheritance, so each entry keeps its supertype chain (`supers`, root first, itself
//! last): `a <: b` is `a.supers[depth(b)] == b`, O(1), as wasmtime checks it.
//!
//! Entries live as long as the engine (types are few; a module loaded twice adds nothing).

#[allow(unused_imports)]
use crate::prelude::*;
use crate::sync::Mutex;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use anyhow::{Result, bail};

/// Abstract heap types (Wasm 3.0's, without shared ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Abstract {
    Func,
    NoFunc,
    Extern,
    NoExtern,
    Exn,
    NoExn,
    Any,
    Eq,
    I31,
    Struct,
    Array,
    None,
}

/// A heap type in canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum CHeap {
    Abs(Abstract),
    /// A registered type, by engine id.
    Id(u32),
    /// A type of the rec group being keyed, by its index in the group (keys only).
    Rec(u32),
}

/// A value type in canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum CVal {
    I32,
    I64,
    F32,
    F64,
    V128,
    Ref { nullable: bool, heap: CHeap },
}

/// A field's storage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum CStorage {
    I8,
    I16,
    Val(CVal),
}

/// A struct field or array element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CField {
    pub storage: CStorage,
    pub mutable: bool,
}

/// What a type is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Composite {
    Func { params: Box<[CVal]>, results: Box<[CVal]> },
    Struct(Box<[CField]>),
    Array(CField),
}

/// A type with its place in the subtype hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SubType {
    pub composite: Composite,
    pub is_final: bool,
    pub supertype: Option<CHeap>,
}

/// A registered type.
#[derive(Debug)]
pub(crate) struct TypeEntry {
    pub id: u32,
    pub ty: SubType,
    /// The supertype chain, root first, `id` last.
    pub supers: Box<[u32]>,
}

impl TypeEntry {
    /// Whether this type is `other` or a subtype of it.
    pub fn is_subtype_of(&self, other: &TypeEntry) -> bool {
        self.supers.get(other.supers.len() - 1) == Some(&other.id)
    }
    pub fn func(&self) -> Option<(&[CVal], &[CVal])> {
        match &self.ty.composite {
            Composite::Func { params, results } => Some((params, results)),
            _ => None,
        }
    }
    pub fn supertype(&self) -> Option<u32> {
        (self.supers.len() >= 2).then(|| self.supers[self.supers.len() - 2])
    }
}

#[derive(Default)]
struct Inner {
    entries: Vec<Arc<TypeEntry>>,
    groups: BTreeMap<Box<[SubType]>, u32>,
}

/// The engine-wide registry.
#[derive(Default)]
pub(crate) struct TypeRegistry {
    inner: Mutex<Inner>,
}

impl core::fmt::Debug for TypeRegistry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TypeRegistry")
    }
}

impl TypeRegistry {
    /// Registers a rec group given with group-relative references (`CHeap::Rec`); returns
    /// the engine ids of its types, in order. Supertypes must come earlier (in the group or
    /// registered before), which validation guarantees.
    pub fn register_group(&self, key: Vec<SubType>) -> Result<Vec<u32>> {
        let n = key.len() as u32;
        let key: Box<[SubType]> = key.into();
        let mut inner = self.inner.lock();
        if let Some(&first) = inner.groups.get(&key) {
            return Ok((first..first + n).collect());
        }
        let first = inner.entries.len() as u32;
        // Casts carry a type id in 24 bits (`sheave_interp::gc::cast`).
        if first.checked_add(n).is_none_or(|end| end > sheave_interp::gc::cast::TYPE_MASK + 1) {
            bail!("implementation limit: too many types in one engine");
        }
        let resolve = |h: CHeap| match h {
            CHeap::Rec(i) => CHeap::Id(first + i),
            other => other,
        };
        for (i, sub) in key.iter().enumerate() {
            let ty = map_sub(sub, &resolve);
            let supers: Box<[u32]> = match ty.supertype {
                Some(CHeap::Id(s)) => {
                    let Some(parent) = inner.entries.get(s as usize) else {
                        bail!("type {i} of a rec group names a later type as its supertype");
                    };
                    parent.supers.iter().copied().chain([first + i as u32]).collect()
                }
                _ => [first + i as u32].into(),
            };
            inner.entries.push(Arc::new(TypeEntry { id: first + i as u32, ty, supers }));
        }
        inner.groups.insert(key, first);
        Ok((first..first + n).collect())
    }

    /// The entry of engine id `id`.
    pub fn entry(&self, id: u32) -> Arc<TypeEntry> {
        self.inner.lock().entries[id as usize].clone()
    }
}

fn map_val(v: CVal, f: &impl Fn(CHeap) -> CHeap) -> CVal {
    match v {
        CVal::Ref { nullable, heap } => CVal::Ref { nullable, heap: f(heap) },
        other => other,
    }
}

fn map_field(x: CField, f: &impl Fn(CHeap) -> CHeap) -> CField {
    let storage = match x.storage {
        CStorage::Val(v) => CStorage::Val(map_val(v, f)),
        other => other,
    };
    CField { storage, mutable: x.mutable }
}

fn map_sub(s: &SubType, f: &impl Fn(CHeap) -> CHeap) -> SubType {
    let composite = match &s.composite {
        Composite::Func { params, results } => Composite::Func {
            params: params.iter().map(|&v| map_val(v, f)).collect(),
            results: results.iter().map(|&v| map_val(v, f)).collect(),
        },
        Composite::Struct(fields) => Composite::Struct(fields.iter().map(|&x| map_field(x, f)).collect()),
        Composite::Array(x) => Composite::Array(map_field(*x, f)),
    };
    SubType { composite, is_final: s.is_final, supertype: s.supertype.map(f) }
}

#[cfg(feature = "parse")]
/// Reads a wasmparser type (module indices below `group_start` are `module_ids`, those from it
/// on are the group's own) into canonical form.
pub(crate) struct Canonicalizer<'a> {
    pub module_ids: &'a [u32],
    pub group_start: u32,
}

#[cfg(feature = "parse")]
impl Canonicalizer<'_> {
    pub fn heap(&self, h: wasmparser::HeapType) -> Result<CHeap> {
        use wasmparser::{AbstractHeapType as A, HeapType as H};
        Ok(match h {
            H::Abstract { shared: true, .. } => bail!("shared reference types need threads, which are not implemented"),
            H::Abstract { ty, .. } => CHeap::Abs(match ty {
                A::Func => Abstract::Func,
                A::NoFunc => Abstract::NoFunc,
                A::Extern => Abstract::Extern,
                A::NoExtern => Abstract::NoExtern,
                A::Exn => Abstract::Exn,
                A::NoExn => Abstract::NoExn,
                A::Any => Abstract::Any,
                A::Eq => Abstract::Eq,
                A::I31 => Abstract::I31,
                A::Struct => Abstract::Struct,
                A::Array => Abstract::Array,
                A::None => Abstract::None,
                A::Cont | A::NoCont => bail!("continuation types (stack switching) are not implemented"),
            }),
            H::Exact(_) => bail!("exact reference types (custom descriptors) are not implemented"),
            H::Concrete(idx) => {
                let Some(i) = idx.as_module_index() else { bail!("unexpected canonical type index {idx}") };
                if i >= self.group_start {
                    CHeap::Rec(i - self.group_start)
                } else {
                    match self.module_ids.get(i as usize) {
                        Some(&id) => CHeap::Id(id),
                        None => bail!("type index {i} out of bounds"),
                    }
                }
            }
        })
    }

    pub fn val(&self, v: wasmparser::ValType) -> Result<CVal> {
        use wasmparser::ValType as V;
        Ok(match v {
            V::I32 => CVal::I32,
            V::I64 => CVal::I64,
            V::F32 => CVal::F32,
            V::F64 => CVal::F64,
            V::V128 => CVal::V128,
            V::Ref(r) => CVal::Ref { nullable: r.is_nullable(), heap: self.heap(r.heap_type())? },
        })
    }

    fn field(&self, f: &wasmparser::FieldType) -> Result<CField> {
        let storage = match f.element_type {
            wasmparser::StorageType::I8 => CStorage::I8,
            wasmparser::StorageType::I16 => CStorage::I16,
            wasmparser::StorageType::Val(v) => CStorage::Val(self.val(v)?),
        };
        Ok(CField { storage, mutable: f.mutable })
    }

    pub fn sub(&self, s: &wasmparser::SubType) -> Result<SubType> {
        use wasmparser::CompositeInnerType as C;
        if s.composite_type.shared {
            bail!("shared types need threads, which are not implemented");
        }
        if s.composite_type.descriptor_idx.is_some() || s.composite_type.describes_idx.is_some() {
            bail!("descriptor types (custom descriptors) are not implemented");
        }
        let composite = match &s.composite_type.inner {
            C::Func(f) => Composite::Func {
                params: f.params().iter().map(|&v| self.val(v)).collect::<Result<_>>()?,
                results: f.results().iter().map(|&v| self.val(v)).collect::<Result<_>>()?,
            },
            C::Struct(st) => Composite::Struct(st.fields.iter().map(|f| self.field(f)).collect::<Result<_>>()?),
            C::Array(a) => Composite::Array(self.field(&a.0)?),
            C::Cont(_) => bail!("continuation types (stack switching) are not implemented"),
        };
        let supertype = match s.supertype_idxs.as_slice() {
            [] => None,
            [idx] => Some(self.heap(wasmparser::HeapType::Concrete(idx.unpack()))?),
            _ => bail!("a type may have at most one supertype"),
        };
        Ok(SubType { composite, is_final: s.is_final, supertype })
    }
}
