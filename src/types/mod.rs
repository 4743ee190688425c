//! Type descriptions of the embedding API: value, function, memory, table, global and
//! extern types, and import/export descriptors (as wasmtime names them).

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::sync::Arc;
use core::fmt;

mod composite;
pub(crate) mod layout;
pub(crate) mod registry;

pub(crate) use composite::Registered;
pub use composite::{ArrayType, FieldType, Finality, FuncType, StorageType, StructType};
use registry::{CHeap, CVal, TypeRegistry};

/// The heap type of a reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HeapType {
    /// External (host) references.
    Extern,
    /// The bottom of the extern hierarchy (only null).
    NoExtern,
    /// Any function.
    Func,
    /// Functions of one type (typed function references).
    ConcreteFunc(FuncType),
    /// The bottom of the function hierarchy (only null).
    NoFunc,
    /// The top of the internal (GC) hierarchy: i31s, structs, arrays and converted externs.
    Any,
    /// References that `ref.eq` compares: i31s, structs and arrays.
    Eq,
    /// Unboxed 31-bit integers.
    I31,
    /// Any array.
    Array,
    /// Arrays of one type.
    ConcreteArray(ArrayType),
    /// Any struct.
    Struct,
    /// Structs of one type.
    ConcreteStruct(StructType),
    /// Exception references.
    Exn,
    /// The bottom of the exception hierarchy (only null).
    NoExn,
    /// The bottom of the internal hierarchy (only null).
    None,
}

impl HeapType {
    /// Whether every value of `self` is a value of `other`.
    pub fn matches(&self, other: &HeapType) -> bool {
        use HeapType::*;
        match (self, other) {
            (a, b) if a == b => true,
            (ConcreteFunc(a), ConcreteFunc(b)) => a.matches(b),
            (ConcreteStruct(a), ConcreteStruct(b)) => a.matches(b),
            (ConcreteArray(a), ConcreteArray(b)) => a.matches(b),
            (ConcreteFunc(_) | NoFunc, Func) | (NoFunc, ConcreteFunc(_)) => true,
            (NoExtern, Extern) | (NoExn, Exn) => true,
            (None, b) => b.top() == Any,
            (a, Any) => a.top() == Any,
            (I31 | Struct | Array | ConcreteStruct(_) | ConcreteArray(_), Eq) => true,
            (ConcreteStruct(_), Struct) | (ConcreteArray(_), Array) => true,
            _ => false,
        }
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &HeapType, b: &HeapType) -> bool {
        a == b
    }
    /// The top of this type's hierarchy.
    pub fn top(&self) -> HeapType {
        match self {
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Func | HeapType::ConcreteFunc(_) | HeapType::NoFunc => HeapType::Func,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
            _ => HeapType::Any,
        }
    }
    /// Whether this is the top of its hierarchy.
    pub fn is_top(&self) -> bool {
        *self == self.top()
    }
    /// The bottom of this type's hierarchy.
    pub fn bottom(&self) -> HeapType {
        match self.top() {
            HeapType::Extern => HeapType::NoExtern,
            HeapType::Func => HeapType::NoFunc,
            HeapType::Exn => HeapType::NoExn,
            _ => HeapType::None,
        }
    }
    /// Whether this is the bottom of its hierarchy.
    pub fn is_bottom(&self) -> bool {
        *self == self.bottom()
    }
    /// Whether this is a concrete (typed) heap type.
    pub fn is_concrete(&self) -> bool {
        matches!(self, HeapType::ConcreteFunc(_) | HeapType::ConcreteStruct(_) | HeapType::ConcreteArray(_))
    }
    /// The function type of a concrete function heap type.
    pub fn as_concrete_func(&self) -> Option<&FuncType> {
        if let HeapType::ConcreteFunc(f) = self { Some(f) } else { None }
    }
    /// The struct type of a concrete struct heap type.
    pub fn as_concrete_struct(&self) -> Option<&StructType> {
        if let HeapType::ConcreteStruct(t) = self { Some(t) } else { None }
    }
    /// The array type of a concrete array heap type.
    pub fn as_concrete_array(&self) -> Option<&ArrayType> {
        if let HeapType::ConcreteArray(t) = self { Some(t) } else { None }
    }

    pub(crate) fn from_canonical(reg: &Arc<TypeRegistry>, h: CHeap) -> HeapType {
        use registry::Abstract as A;
        match h {
            CHeap::Abs(a) => match a {
                A::Func => HeapType::Func,
                A::NoFunc => HeapType::NoFunc,
                A::Extern => HeapType::Extern,
                A::NoExtern => HeapType::NoExtern,
                A::Exn => HeapType::Exn,
                A::NoExn => HeapType::NoExn,
                A::Any => HeapType::Any,
                A::Eq => HeapType::Eq,
                A::I31 => HeapType::I31,
                A::Struct => HeapType::Struct,
                A::Array => HeapType::Array,
                A::None => HeapType::None,
            },
            CHeap::Id(id) | CHeap::Rec(id) => Registered::new(reg, id).into_heap_type(),
        }
    }

    pub(crate) fn to_canonical(&self) -> CHeap {
        use registry::Abstract as A;
        CHeap::Abs(match self {
            HeapType::Func => A::Func,
            HeapType::NoFunc => A::NoFunc,
            HeapType::Extern => A::Extern,
            HeapType::NoExtern => A::NoExtern,
            HeapType::Exn => A::Exn,
            HeapType::NoExn => A::NoExn,
            HeapType::Any => A::Any,
            HeapType::Eq => A::Eq,
            HeapType::I31 => A::I31,
            HeapType::Struct => A::Struct,
            HeapType::Array => A::Array,
            HeapType::None => A::None,
            HeapType::ConcreteFunc(t) => return CHeap::Id(t.registered().id()),
            HeapType::ConcreteStruct(t) => return CHeap::Id(t.registered().id()),
            HeapType::ConcreteArray(t) => return CHeap::Id(t.registered().id()),
        })
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Extern => f.write_str("extern"),
            HeapType::NoExtern => f.write_str("noextern"),
            HeapType::Func => f.write_str("func"),
            // By id: a recursive type would print forever.
            HeapType::ConcreteFunc(t) => write!(f, "(concrete func {})", t.registered().id()),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::Any => f.write_str("any"),
            HeapType::Eq => f.write_str("eq"),
            HeapType::I31 => f.write_str("i31"),
            HeapType::Array => f.write_str("array"),
            HeapType::ConcreteArray(t) => write!(f, "(concrete array {})", t.registered().id()),
            HeapType::Struct => f.write_str("struct"),
            HeapType::ConcreteStruct(t) => write!(f, "(concrete struct {})", t.registered().id()),
            HeapType::Exn => f.write_str("exn"),
            HeapType::NoExn => f.write_str("noexn"),
            HeapType::None => f.write_str("none"),
        }
    }
}

/// A reference type: a heap type, nullable or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefType {
    nullable: bool,
    heap: HeapType,
}

impl RefType {
    /// `funcref`.
    pub const FUNCREF: RefType = RefType { nullable: true, heap: HeapType::Func };
    /// `externref`.
    pub const EXTERNREF: RefType = RefType { nullable: true, heap: HeapType::Extern };
    /// `nullfuncref`.
    pub const NULLFUNCREF: RefType = RefType { nullable: true, heap: HeapType::NoFunc };
    /// `nullexternref`.
    pub const NULLEXTERNREF: RefType = RefType { nullable: true, heap: HeapType::NoExtern };
    /// `exnref`.
    pub const EXNREF: RefType = RefType { nullable: true, heap: HeapType::Exn };
    /// `nullexnref`.
    pub const NULLEXNREF: RefType = RefType { nullable: true, heap: HeapType::NoExn };
    /// `anyref`.
    pub const ANYREF: RefType = RefType { nullable: true, heap: HeapType::Any };
    /// `eqref`.
    pub const EQREF: RefType = RefType { nullable: true, heap: HeapType::Eq };
    /// `i31ref`.
    pub const I31REF: RefType = RefType { nullable: true, heap: HeapType::I31 };
    /// `structref`.
    pub const STRUCTREF: RefType = RefType { nullable: true, heap: HeapType::Struct };
    /// `arrayref`.
    pub const ARRAYREF: RefType = RefType { nullable: true, heap: HeapType::Array };
    /// `nullref`.
    pub const NULLREF: RefType = RefType { nullable: true, heap: HeapType::None };

    /// A reference type.
    pub fn new(nullable: bool, heap: HeapType) -> RefType {
        RefType { nullable, heap }
    }
    /// Whether null is a value of the type.
    pub fn is_nullable(&self) -> bool {
        self.nullable
    }
    /// The heap type.
    pub fn heap_type(&self) -> &HeapType {
        &self.heap
    }
    /// Whether every value of `self` is a value of `other` (subtyping).
    pub fn matches(&self, other: &RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap.matches(&other.heap)
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &RefType, b: &RefType) -> bool {
        a == b
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.nullable, &self.heap) {
            (true, HeapType::Func) => f.write_str("funcref"),
            (true, HeapType::Extern) => f.write_str("externref"),
            (true, HeapType::Exn) => f.write_str("exnref"),
            (true, HeapType::Any) => f.write_str("anyref"),
            (true, HeapType::Eq) => f.write_str("eqref"),
            (true, HeapType::I31) => f.write_str("i31ref"),
            (true, h) => write!(f, "(ref null {h})"),
            (false, h) => write!(f, "(ref {h})"),
        }
    }
}

/// The type of a wasm value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// 128-bit vector (fixed-width SIMD); takes two 64-bit slots in a frame.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    /// `nullfuncref`.
    pub const NULLFUNCREF: ValType = ValType::Ref(RefType::NULLFUNCREF);
    /// `nullexternref`.
    pub const NULLEXTERNREF: ValType = ValType::Ref(RefType::NULLEXTERNREF);
    /// `exnref`.
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);
    /// `nullexnref`.
    pub const NULLEXNREF: ValType = ValType::Ref(RefType::NULLEXNREF);
    /// `anyref`.
    pub const ANYREF: ValType = ValType::Ref(RefType::ANYREF);
    /// `eqref`.
    pub const EQREF: ValType = ValType::Ref(RefType::EQREF);
    /// `i31ref`.
    pub const I31REF: ValType = ValType::Ref(RefType::I31REF);
    /// `structref`.
    pub const STRUCTREF: ValType = ValType::Ref(RefType::STRUCTREF);
    /// `arrayref`.
    pub const ARRAYREF: ValType = ValType::Ref(RefType::ARRAYREF);
    /// `nullref`.
    pub const NULLREF: ValType = ValType::Ref(RefType::NULLREF);

    /// Whether this is a numeric type.
    pub fn is_num(&self) -> bool {
        matches!(self, ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64)
    }
    /// Whether this is a reference type.
    pub fn is_ref(&self) -> bool {
        matches!(self, ValType::Ref(_))
    }
    /// The reference type, if this is one.
    pub fn as_ref(&self) -> Option<&RefType> {
        if let ValType::Ref(r) = self { Some(r) } else { None }
    }
    /// Whether this is `funcref`.
    pub fn is_funcref(&self) -> bool {
        matches!(self, ValType::Ref(r) if *r == RefType::FUNCREF)
    }
    /// Whether this is `externref`.
    pub fn is_externref(&self) -> bool {
        matches!(self, ValType::Ref(r) if *r == RefType::EXTERNREF)
    }
    /// Whether this is `anyref`.
    pub fn is_anyref(&self) -> bool {
        matches!(self, ValType::Ref(r) if *r == RefType::ANYREF)
    }
    /// Whether every value of `self` is a value of `other` (subtyping).
    pub fn matches(&self, other: &ValType) -> bool {
        match (self, other) {
            (ValType::Ref(a), ValType::Ref(b)) => a.matches(b),
            (a, b) => a == b,
        }
    }
    /// Whether the two types are equal (an associated function, as in wasmtime).
    #[allow(clippy::should_implement_trait)]
    pub fn eq(a: &ValType, b: &ValType) -> bool {
        a == b
    }

    pub(crate) fn from_canonical(reg: &Arc<TypeRegistry>, v: CVal) -> ValType {
        match v {
            CVal::I32 => ValType::I32,
            CVal::I64 => ValType::I64,
            CVal::F32 => ValType::F32,
            CVal::F64 => ValType::F64,
            CVal::V128 => ValType::V128,
            CVal::Ref { nullable, heap } => ValType::Ref(RefType::new(nullable, HeapType::from_canonical(reg, heap))),
        }
    }

    pub(crate) fn to_canonical(&self) -> CVal {
        match self {
            ValType::I32 => CVal::I32,
            ValType::I64 => CVal::I64,
            ValType::F32 => CVal::F32,
            ValType::F64 => CVal::F64,
            ValType::V128 => CVal::V128,
            ValType::Ref(r) => CVal::Ref { nullable: r.nullable, heap: r.heap.to_canonical() },
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => r.fmt(f),
        }
    }
}

/// Global mutability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

impl Mutability {
    /// Whether this is `Const`.
    pub fn is_const(&self) -> bool {
        *self == Mutability::Const
    }
    /// Whether this is `Var`.
    pub fn is_var(&self) -> bool {
        *self == Mutability::Var
    }
}

/// A global's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> GlobalType {
        GlobalType { content, mutability }
    }
    /// The value type.
    pub fn content(&self) -> &ValType {
        &self.content
    }
    /// The mutability.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }
}

/// A table's type. Limits are kept in 64 bits (table64), so import matching and allocation
/// requests see the declared values; the VM's tables hold fewer than 2^32 elements, so a
/// larger minimum fails when the table is made and growth past it fails (returns -1 in wasm).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableType {
    element: RefType,
    min: u64,
    max: Option<u64>,
    is_64: bool,
}

impl TableType {
    /// A table type with 32-bit indices.
    pub fn new(element: RefType, min: u32, max: Option<u32>) -> TableType {
        TableType { element, min: min.into(), max: max.map(u64::from), is_64: false }
    }
    /// A table type with 64-bit indices (table64).
    pub fn new64(element: RefType, min: u64, max: Option<u64>) -> TableType {
        TableType { element, min, max, is_64: true }
    }
    /// Whether indices are 64-bit.
    pub fn is_64(&self) -> bool {
        self.is_64
    }
    pub(crate) fn with_min(&self, min: u64) -> TableType {
        TableType { min, ..self.clone() }
    }
    /// The element type.
    pub fn element(&self) -> &RefType {
        &self.element
    }
    /// Minimum size.
    pub fn minimum(&self) -> u64 {
        self.min
    }
    /// Maximum size.
    pub fn maximum(&self) -> Option<u64> {
        self.max
    }
}

/// A linear memory's type, in 64 KiB pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MemoryType {
    min: u64,
    max: Option<u64>,
    is_64: bool,
    page_size_log2: u8,
}

impl MemoryType {
    /// A 32-bit memory type.
    pub fn new(minimum: u32, maximum: Option<u32>) -> MemoryType {
        MemoryType { min: minimum as u64, max: maximum.map(u64::from), is_64: false, page_size_log2: 16 }
    }
    /// A 64-bit memory type (memory64).
    pub fn new64(minimum: u64, maximum: Option<u64>) -> MemoryType {
        MemoryType { min: minimum, max: maximum, is_64: true, page_size_log2: 16 }
    }
    pub(crate) fn with_page_size_log2(self, page_size_log2: u8) -> MemoryType {
        MemoryType { page_size_log2, ..self }
    }
    /// Bytes per page: 65536, or 1 under the custom-page-sizes proposal.
    pub fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }
    /// The page size as a power of two.
    pub fn page_size_log2(&self) -> u8 {
        self.page_size_log2
    }
    pub(crate) fn with_min(&self, min: u64) -> MemoryType {
        MemoryType { min, ..self.clone() }
    }
    /// Minimum pages.
    pub fn minimum(&self) -> u64 {
        self.min
    }
    /// Maximum pages.
    pub fn maximum(&self) -> Option<u64> {
        self.max
    }
    /// Whether addresses are 64-bit.
    pub fn is_64(&self) -> bool {
        self.is_64
    }
    /// Always false: threads are not implemented.
    pub fn is_shared(&self) -> bool {
        false
    }
}

/// The type of an importable or exportable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// An exception tag.
    Tag(crate::TagType),
}

impl ExternType {
    /// The function type, if this is one.
    pub fn func(&self) -> Option<&FuncType> {
        if let ExternType::Func(t) = self { Some(t) } else { None }
    }
    /// The global type, if this is one.
    pub fn global(&self) -> Option<&GlobalType> {
        if let ExternType::Global(t) = self { Some(t) } else { None }
    }
    /// The table type, if this is one.
    pub fn table(&self) -> Option<&TableType> {
        if let ExternType::Table(t) = self { Some(t) } else { None }
    }
    /// The memory type, if this is one.
    pub fn memory(&self) -> Option<&MemoryType> {
        if let ExternType::Memory(t) = self { Some(t) } else { None }
    }
    /// The tag type, if this is one.
    pub fn tag(&self) -> Option<&crate::TagType> {
        if let ExternType::Tag(t) = self { Some(t) } else { None }
    }
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "function",
            ExternType::Global(_) => "global",
            ExternType::Table(_) => "table",
            ExternType::Memory(_) => "memory",
            ExternType::Tag(_) => "tag",
        }
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => t.fmt(f),
            ExternType::Global(t) => write!(f, "(global {:?} {})", t.mutability, t.content),
            ExternType::Table(t) => write!(f, "(table {} {:?} {})", t.min, t.max, t.element),
            ExternType::Memory(t) => write!(f, "(memory {} {:?})", t.min, t.max),
            ExternType::Tag(t) => write!(f, "(tag {})", t.ty()),
        }
    }
}

/// An import of a module.
#[derive(Debug, Clone)]
pub struct ImportType<'a> {
    pub(crate) module: &'a str,
    pub(crate) name: &'a str,
    pub(crate) ty: ExternType,
}

impl<'a> ImportType<'a> {
    /// The module name.
    pub fn module(&self) -> &'a str {
        self.module
    }
    /// The item name.
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// The expected type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// An export of a module.
#[derive(Debug, Clone)]
pub struct ExportType<'a> {
    pub(crate) name: &'a str,
    pub(crate) ty: ExternType,
}

impl<'a> ExportType<'a> {
    /// The export name.
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// The exported item's type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// Slots a value of type `t` takes in a frame.
pub(crate) fn slot_width(t: &ValType) -> u32 {
    if *t == ValType::V128 { 2 } else { 1 }
}
