//! Defined types of the embedding API: function, struct and array types, each a handle to an
//! entry of the engine's type registry (as wasmtime's are), so type identity is the registry's
//! (iso-recursive) identity and a recursive type needs no infinite structure.

use super::registry::{CField, CHeap, CStorage, CVal, Composite, SubType, TypeEntry, TypeRegistry};
use super::{HeapType, Mutability, ValType};
use crate::Engine;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::sync::Arc;
use anyhow::{Result, bail};
use core::fmt;

/// A registered type: the registry it lives in and its entry.
#[derive(Clone)]
pub(crate) struct Registered {
    reg: Arc<TypeRegistry>,
    entry: Arc<TypeEntry>,
}

impl Registered {
    pub(crate) fn new(reg: &Arc<TypeRegistry>, id: u32) -> Registered {
        Registered { reg: reg.clone(), entry: reg.entry(id) }
    }
    /// The engine-wide type id.
    pub(crate) fn id(&self) -> u32 {
        self.entry.id
    }
    pub(crate) fn entry(&self) -> &TypeEntry {
        &self.entry
    }
    pub(crate) fn registry(&self) -> &Arc<TypeRegistry> {
        &self.reg
    }
    fn is_subtype_of(&self, other: &Registered) -> bool {
        Arc::ptr_eq(&self.reg, &other.reg) && self.entry.is_subtype_of(&other.entry)
    }
    pub(crate) fn into_heap_type(self) -> HeapType {
        match self.entry.ty.composite {
            Composite::Func { .. } => HeapType::ConcreteFunc(FuncType(self)),
            Composite::Struct(_) => HeapType::ConcreteStruct(StructType(self)),
            Composite::Array(_) => HeapType::ConcreteArray(ArrayType(self)),
        }
    }
    fn val(&self, v: CVal) -> ValType {
        ValType::from_canonical(&self.reg, v)
    }
    fn supertype(&self) -> Option<Registered> {
        self.entry.supertype().map(|id| Registered::new(&self.reg, id))
    }
    fn finality(&self) -> Finality {
        if self.entry.ty.is_final { Finality::Final } else { Finality::NonFinal }
    }
    /// Registers a host-made type (a rec group of one).
    fn register(
        engine: &Engine,
        finality: Finality,
        supertype: Option<&Registered>,
        composite: Composite,
    ) -> Result<Registered> {
        let reg = engine.types();
        if let Some(s) = supertype {
            if !Arc::ptr_eq(s.registry(), reg) {
                bail!("the supertype belongs to another engine");
            }
            if s.entry.ty.is_final {
                bail!("the supertype is final");
            }
        }
        let sub = SubType {
            composite,
            is_final: finality == Finality::Final,
            supertype: supertype.map(|s| CHeap::Id(s.id())),
        };
        let id = reg.register_group(vec![sub])?[0];
        Ok(Registered::new(reg, id))
    }
}

impl PartialEq for Registered {
    fn eq(&self, other: &Registered) -> bool {
        self.entry.id == other.entry.id && Arc::ptr_eq(&self.reg, &other.reg)
    }
}
impl Eq for Registered {}
impl core::hash::Hash for Registered {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.entry.id.hash(state)
    }
}
impl PartialOrd for Registered {
    fn partial_cmp(&self, other: &Registered) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Registered {
    fn cmp(&self, other: &Registered) -> core::cmp::Ordering {
        self.entry.id.cmp(&other.entry.id)
    }
}
impl fmt::Debug for Registered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "type#{}", self.entry.id)
    }
}

/// Whether a type is final (no subtypes) or may have subtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Finality {
    /// No type may declare this one as its supertype.
    Final,
    /// Subtypes may be declared.
    NonFinal,
}

impl Finality {
    /// Whether this is `Final`.
    pub fn is_final(&self) -> bool {
        *self == Finality::Final
    }
    /// Whether this is `NonFinal`.
    pub fn is_non_final(&self) -> bool {
        *self == Finality::NonFinal
    }
}

/// A function type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncType(Registered);

impl FuncType {
    /// A final function type with these parameters and results, registered in `engine`.
    pub fn new(
        engine: &Engine,
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        FuncType::with_finality_and_supertype(engine, Finality::Final, None, params, results)
            .expect("a final function type without a supertype always registers")
    }

    /// A function type with the given finality and supertype.
    pub fn with_finality_and_supertype(
        engine: &Engine,
        finality: Finality,
        supertype: Option<&FuncType>,
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Result<FuncType> {
        let params: Box<[CVal]> = params.into_iter().map(|t| t.to_canonical()).collect();
        let results: Box<[CVal]> = results.into_iter().map(|t| t.to_canonical()).collect();
        let ty = Registered::register(engine, finality, supertype.map(|s| &s.0), Composite::Func { params, results })?;
        let this = FuncType(ty);
        if let Some(s) = supertype
            && !this.structurally_matches(s)
        {
            bail!("function type {this} does not match its supertype {s}");
        }
        Ok(this)
    }

    pub(crate) fn from_registered(r: Registered) -> FuncType {
        debug_assert!(r.entry.func().is_some());
        FuncType(r)
    }
    pub(crate) fn registered(&self) -> &Registered {
        &self.0
    }
    /// The engine-wide type id (`call_indirect`'s check compares these).
    pub(crate) fn type_id(&self) -> u32 {
        self.0.id()
    }
    fn sig(&self) -> (&[CVal], &[CVal]) {
        self.0.entry.func().expect("a FuncType's entry is a function type")
    }
    /// The parameter types.
    pub fn params(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.sig().0.iter().map(|&v| self.0.val(v))
    }
    /// The result types.
    pub fn results(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.sig().1.iter().map(|&v| self.0.val(v))
    }
    /// The `n`th parameter type.
    pub fn param(&self, n: usize) -> Option<ValType> {
        self.sig().0.get(n).map(|&v| self.0.val(v))
    }
    /// The `n`th result type.
    pub fn result(&self, n: usize) -> Option<ValType> {
        self.sig().1.get(n).map(|&v| self.0.val(v))
    }
    pub(crate) fn param_count(&self) -> usize {
        self.sig().0.len()
    }
    pub(crate) fn result_count(&self) -> usize {
        self.sig().1.len()
    }
    /// Whether a function of this type can stand where `other` is expected: this type is
    /// `other` or a declared subtype of it.
    pub fn matches(&self, other: &FuncType) -> bool {
        self.0.is_subtype_of(&other.0)
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &FuncType, b: &FuncType) -> bool {
        a == b
    }
    /// Parameters contravariant, results covariant (the rule a declared subtype must obey).
    fn structurally_matches(&self, other: &FuncType) -> bool {
        self.param_count() == other.param_count()
            && self.result_count() == other.result_count()
            && self.params().zip(other.params()).all(|(a, b)| b.matches(&a))
            && self.results().zip(other.results()).all(|(a, b)| a.matches(&b))
    }
    /// Whether the type is final.
    pub fn finality(&self) -> Finality {
        self.0.finality()
    }
    /// The declared supertype.
    pub fn supertype(&self) -> Option<FuncType> {
        self.0.supertype().map(FuncType)
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if self.param_count() > 0 {
            f.write_str(" (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if self.result_count() > 0 {
            f.write_str(" (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// The storage type of a struct field or array element: a value type or a packed integer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StorageType {
    /// An 8-bit integer, read as i32.
    I8,
    /// A 16-bit integer, read as i32.
    I16,
    /// A value type.
    ValType(ValType),
}

impl StorageType {
    /// Whether this is `I8`.
    pub fn is_i8(&self) -> bool {
        matches!(self, StorageType::I8)
    }
    /// Whether this is `I16`.
    pub fn is_i16(&self) -> bool {
        matches!(self, StorageType::I16)
    }
    /// Whether this is a value type.
    pub fn is_val_type(&self) -> bool {
        matches!(self, StorageType::ValType(_))
    }
    /// The value type, if this is one.
    pub fn as_val_type(&self) -> Option<&ValType> {
        if let StorageType::ValType(v) = self { Some(v) } else { None }
    }
    /// The value type; panics for packed types.
    pub fn unwrap_val_type(&self) -> &ValType {
        self.as_val_type().expect("a packed storage type has no value type")
    }
    /// The type a read gives (i32 for packed types).
    pub fn unpack(&self) -> &ValType {
        match self {
            StorageType::I8 | StorageType::I16 => &ValType::I32,
            StorageType::ValType(v) => v,
        }
    }
    /// Whether `self` may stand where `other` is expected.
    pub fn matches(&self, other: &StorageType) -> bool {
        match (self, other) {
            (StorageType::ValType(a), StorageType::ValType(b)) => a.matches(b),
            (a, b) => a == b,
        }
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &StorageType, b: &StorageType) -> bool {
        a == b
    }
    fn to_canonical(&self) -> CStorage {
        match self {
            StorageType::I8 => CStorage::I8,
            StorageType::I16 => CStorage::I16,
            StorageType::ValType(v) => CStorage::Val(v.to_canonical()),
        }
    }
}

/// A struct field's or array element's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldType {
    mutability: Mutability,
    element_type: StorageType,
}

impl FieldType {
    /// A field type.
    pub fn new(mutability: Mutability, element_type: StorageType) -> FieldType {
        FieldType { mutability, element_type }
    }
    /// Whether the field may be set.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }
    /// The storage type.
    pub fn element_type(&self) -> &StorageType {
        &self.element_type
    }
    /// Whether `self` may stand where `other` is expected (mutable fields are invariant).
    pub fn matches(&self, other: &FieldType) -> bool {
        match (self.mutability, other.mutability) {
            (Mutability::Const, Mutability::Const) => self.element_type.matches(&other.element_type),
            (Mutability::Var, Mutability::Var) => self.element_type == other.element_type,
            _ => false,
        }
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &FieldType, b: &FieldType) -> bool {
        a == b
    }
    fn to_canonical(&self) -> CField {
        CField { storage: self.element_type.to_canonical(), mutable: self.mutability == Mutability::Var }
    }
    fn from_canonical(reg: &Arc<TypeRegistry>, f: CField) -> FieldType {
        let element_type = match f.storage {
            CStorage::I8 => StorageType::I8,
            CStorage::I16 => StorageType::I16,
            CStorage::Val(v) => StorageType::ValType(ValType::from_canonical(reg, v)),
        };
        FieldType { mutability: if f.mutable { Mutability::Var } else { Mutability::Const }, element_type }
    }
}

/// A struct type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructType(Registered);

impl StructType {
    /// A final struct type with these fields.
    pub fn new(engine: &Engine, fields: impl IntoIterator<Item = FieldType>) -> Result<StructType> {
        StructType::with_finality_and_supertype(engine, Finality::Final, None, fields)
    }
    /// A struct type with the given finality and supertype.
    pub fn with_finality_and_supertype(
        engine: &Engine,
        finality: Finality,
        supertype: Option<&StructType>,
        fields: impl IntoIterator<Item = FieldType>,
    ) -> Result<StructType> {
        let fields: Vec<FieldType> = fields.into_iter().collect();
        if let Some(s) = supertype {
            let sup: Vec<FieldType> = s.fields().collect();
            if sup.len() > fields.len() || !fields.iter().zip(&sup).all(|(a, b)| a.matches(b)) {
                bail!("struct type does not match its supertype");
            }
        }
        let composite = Composite::Struct(fields.iter().map(FieldType::to_canonical).collect());
        Ok(StructType(Registered::register(engine, finality, supertype.map(|s| &s.0), composite)?))
    }
    pub(crate) fn registered(&self) -> &Registered {
        &self.0
    }
    fn canonical_fields(&self) -> &[CField] {
        match &self.0.entry.ty.composite {
            Composite::Struct(f) => f,
            _ => &[],
        }
    }
    /// The `i`th field's type.
    pub fn field(&self, i: usize) -> Option<FieldType> {
        self.canonical_fields().get(i).map(|&f| FieldType::from_canonical(&self.0.reg, f))
    }
    /// The fields' types.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = FieldType> + '_ {
        self.canonical_fields().iter().map(|&f| FieldType::from_canonical(&self.0.reg, f))
    }
    /// Whether this type is `other` or a declared subtype of it.
    pub fn matches(&self, other: &StructType) -> bool {
        self.0.is_subtype_of(&other.0)
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &StructType, b: &StructType) -> bool {
        a == b
    }
    /// Whether the type is final.
    pub fn finality(&self) -> Finality {
        self.0.finality()
    }
    /// The declared supertype.
    pub fn supertype(&self) -> Option<StructType> {
        self.0.supertype().map(StructType)
    }
}

/// An array type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrayType(Registered);

impl ArrayType {
    /// A final array type with this element type.
    pub fn new(engine: &Engine, field_type: FieldType) -> ArrayType {
        ArrayType::with_finality_and_supertype(engine, Finality::Final, None, field_type)
            .expect("a final array type without a supertype always registers")
    }
    /// An array type with the given finality and supertype.
    pub fn with_finality_and_supertype(
        engine: &Engine,
        finality: Finality,
        supertype: Option<&ArrayType>,
        field_type: FieldType,
    ) -> Result<ArrayType> {
        if let Some(s) = supertype
            && !field_type.matches(&s.field_type())
        {
            bail!("array type does not match its supertype");
        }
        let composite = Composite::Array(field_type.to_canonical());
        Ok(ArrayType(Registered::register(engine, finality, supertype.map(|s| &s.0), composite)?))
    }
    pub(crate) fn registered(&self) -> &Registered {
        &self.0
    }
    /// The element type.
    pub fn field_type(&self) -> FieldType {
        match &self.0.entry.ty.composite {
            Composite::Array(f) => FieldType::from_canonical(&self.0.reg, *f),
            _ => unreachable!("an ArrayType's entry is an array type"),
        }
    }
    /// The elements' mutability.
    pub fn mutability(&self) -> Mutability {
        self.field_type().mutability()
    }
    /// The elements' storage type.
    pub fn element_type(&self) -> StorageType {
        self.field_type().element_type
    }
    /// Whether this type is `other` or a declared subtype of it.
    pub fn matches(&self, other: &ArrayType) -> bool {
        self.0.is_subtype_of(&other.0)
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &ArrayType, b: &ArrayType) -> bool {
        a == b
    }
    /// Whether the type is final.
    pub fn finality(&self) -> Finality {
        self.0.finality()
    }
    /// The declared supertype.
    pub fn supertype(&self) -> Option<ArrayType> {
        self.0.supertype().map(ArrayType)
    }
}
