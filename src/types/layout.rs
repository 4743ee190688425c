//! Object layouts of defined types, as the VM's heap stores them: struct fields in order at
//! their natural alignment (packed fields take one or two bytes), array elements after the
//! length. The translator bakes field offsets into the bytecode; the store gives the heap the
//! layout of every type its modules define.

use super::registry::{Abstract, CHeap, CStorage, CVal, Composite, TypeEntry};
#[allow(unused_imports)]
use crate::prelude::*;
use sheave_interp::gc::{Field, Layout, Storage};

/// How a field of storage type `s` is stored.
pub(crate) fn storage(s: CStorage) -> Storage {
    match s {
        CStorage::I8 => Storage::I8,
        CStorage::I16 => Storage::I16,
        CStorage::Val(v) => match v {
            CVal::I32 | CVal::F32 => Storage::I32,
            CVal::I64 | CVal::F64 => Storage::I64,
            CVal::V128 => Storage::V128,
            CVal::Ref { heap, .. } => match heap {
                CHeap::Abs(Abstract::Func | Abstract::NoFunc) => Storage::FuncRef,
                CHeap::Id(_) | CHeap::Rec(_) => Storage::GcRef,
                CHeap::Abs(_) => Storage::GcRef,
            },
        },
    }
}

/// The layout of a registered type's objects. (A concrete function reference is stored as a
/// `GcRef`-sized handle too; only its tracing differs, and functions are never collected.)
pub(crate) fn layout(entry: &TypeEntry) -> Layout {
    match &entry.ty.composite {
        Composite::Func { .. } => Layout::Func,
        Composite::Array(f) => Layout::Array { elem: storage(f.storage) },
        Composite::Struct(fields) => {
            let mut at = 0u32;
            let fields = fields
                .iter()
                .map(|f| {
                    let storage = storage(f.storage);
                    let align = storage.size().min(8) as u32;
                    at = at.next_multiple_of(align);
                    let field = Field { offset: at, storage };
                    at += storage.size() as u32;
                    field
                })
                .collect();
            Layout::Struct { size: at, fields }
        }
    }
}
