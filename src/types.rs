//! Type descriptions of the embedding API: value, function, memory, table, global and
//! extern types, and import/export descriptors (as wasmtime names them).

use crate::Engine;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::sync::Arc;
use core::fmt;

/// The heap type of a reference (the kinds Sheave runs: function, extern and exception
/// references; GC's heap types are not implemented).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HeapType {
    /// External (host) references.
    Extern,
    /// The bottom of the extern hierarchy (only null).
    NoExtern,
    /// Any function.
    Func,
    /// Functions of one signature (typed function references).
    ConcreteFunc(FuncType),
    /// The bottom of the function hierarchy (only null).
    NoFunc,
    /// Exception references.
    Exn,
    /// The bottom of the exception hierarchy (only null).
    NoExn,
}

impl HeapType {
    /// Whether every value of `self` is a value of `other`.
    pub fn matches(&self, other: &HeapType) -> bool {
        use HeapType::*;
        match (self, other) {
            (ConcreteFunc(a), ConcreteFunc(b)) => a == b,
            (a, b) if a == b => true,
            (ConcreteFunc(_) | NoFunc, Func) | (NoFunc, ConcreteFunc(_)) => true,
            (NoExtern, Extern) | (NoExn, Exn) => true,
            _ => false,
        }
    }
    /// The top of this type's hierarchy.
    pub fn top(&self) -> HeapType {
        match self {
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Func | HeapType::ConcreteFunc(_) | HeapType::NoFunc => HeapType::Func,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        }
    }
    /// Whether this is a concrete (typed) heap type.
    pub fn is_concrete(&self) -> bool {
        matches!(self, HeapType::ConcreteFunc(_))
    }
    /// The function type of a concrete function heap type.
    pub fn as_concrete_func(&self) -> Option<&FuncType> {
        if let HeapType::ConcreteFunc(f) = self { Some(f) } else { None }
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Extern => f.write_str("extern"),
            HeapType::NoExtern => f.write_str("noextern"),
            HeapType::Func => f.write_str("func"),
            HeapType::ConcreteFunc(t) => write!(f, "(concrete func {t})"),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::Exn => f.write_str("exn"),
            HeapType::NoExn => f.write_str("noexn"),
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
    /// `exnref`.
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

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

    /// The API type of a validated wasm type; `types` are the module's function types so
    /// far (a concrete reference names one of them).
    pub(crate) fn from_wasm(ty: wasmparser::ValType, types: &[FuncType]) -> anyhow::Result<ValType> {
        Ok(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(r) => ValType::Ref(RefType::from_wasm(r, types)?),
        })
    }
}

impl RefType {
    pub(crate) fn from_wasm(r: wasmparser::RefType, types: &[FuncType]) -> anyhow::Result<RefType> {
        use wasmparser::{AbstractHeapType as A, HeapType as H};
        let heap = match r.heap_type() {
            H::Abstract { shared: false, ty: A::Func } => HeapType::Func,
            H::Abstract { shared: false, ty: A::NoFunc } => HeapType::NoFunc,
            H::Abstract { shared: false, ty: A::Extern } => HeapType::Extern,
            H::Abstract { shared: false, ty: A::NoExtern } => HeapType::NoExtern,
            H::Abstract { shared: false, ty: A::Exn } => HeapType::Exn,
            H::Abstract { shared: false, ty: A::NoExn } => HeapType::NoExn,
            H::Concrete(idx) | H::Exact(idx) => match idx.as_module_index().and_then(|i| types.get(i as usize)) {
                Some(f) => HeapType::ConcreteFunc(f.clone()),
                None => {
                    anyhow::bail!("unsupported reference type {r}: recursive types need GC, which is not implemented")
                }
            },
            _ => anyhow::bail!("unsupported reference type {r}: GC is not implemented"),
        };
        Ok(RefType { nullable: r.is_nullable(), heap })
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

type Signature = (Box<[ValType]>, Box<[ValType]>);

/// A function signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncType {
    sig: Arc<Signature>,
}

impl FuncType {
    /// A signature with these parameters and results (the engine argument mirrors wasmtime).
    pub fn new(
        _engine: &Engine,
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        FuncType::from_parts(params.into_iter().collect(), results.into_iter().collect())
    }

    pub(crate) fn from_parts(params: Vec<ValType>, results: Vec<ValType>) -> FuncType {
        FuncType { sig: Arc::new((params.into_boxed_slice(), results.into_boxed_slice())) }
    }

    /// The parameter types.
    pub fn params(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.sig.0.iter().cloned()
    }
    /// The result types.
    pub fn results(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.sig.1.iter().cloned()
    }
    /// The `n`th parameter type.
    pub fn param(&self, n: usize) -> Option<ValType> {
        self.sig.0.get(n).cloned()
    }
    /// The `n`th result type.
    pub fn result(&self, n: usize) -> Option<ValType> {
        self.sig.1.get(n).cloned()
    }
    pub(crate) fn param_slice(&self) -> &[ValType] {
        &self.sig.0
    }
    pub(crate) fn result_slice(&self) -> &[ValType] {
        &self.sig.1
    }
    /// Whether a function of this type can stand where `other` is expected (parameters
    /// contravariant, results covariant).
    pub fn matches(&self, other: &FuncType) -> bool {
        self.sig.0.len() == other.sig.0.len()
            && self.sig.1.len() == other.sig.1.len()
            && self.sig.0.iter().zip(other.sig.0.iter()).all(|(a, b)| b.matches(a))
            && self.sig.1.iter().zip(other.sig.1.iter()).all(|(a, b)| a.matches(b))
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.sig.0.is_empty() {
            f.write_str(" (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if !self.sig.1.is_empty() {
            f.write_str(" (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
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
