//! The GC heap: a handle table plus an arena (design A of the project's GC note).
//!
//! A reference of the internal and external hierarchies is a 32-bit handle in a slot: 0 is
//! null, an odd value is an i31 (`v << 1 | 1`), an even value `2 * (i + 1)` names entry `i` of
//! the handle table. An entry holds the object's byte offset in the arena and its type (an
//! engine-wide type id, or [`EXTERN_TY`] for a host reference, whose "offset" is then the
//! embedder's index of the host value). Objects are a header word (entry index, payload
//! bytes) and the payload, values in host byte order at offsets the embedder's layouts give.
//!
//! Every access is an index into a bounds-checked `Vec`: a wrong handle is a trap or a wrong
//! value, never host memory unsafety. Handles never move, so nothing that holds one (slots,
//! tables, globals, host roots) is ever rewritten.

use crate::Trap;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// The type of a host (extern) reference's entry.
pub const EXTERN_TY: u32 = u32::MAX - 1;
/// The type of a free entry.
pub const FREE_TY: u32 = u32::MAX;
/// Bytes before an object's payload.
pub const HEADER: usize = 8;
/// Bytes before an array's elements (its length, padded to 8).
pub const ARRAY_HEADER: usize = 8;

/// How a field or element is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// A packed 8-bit integer.
    I8,
    /// A packed 16-bit integer.
    I16,
    /// i32 or f32.
    I32,
    /// i64 or f64.
    I64,
    /// v128 (two slots).
    V128,
    /// A handle of the internal, external or exception hierarchy (traced).
    GcRef,
    /// A function reference (registry index + 1; not a heap object).
    FuncRef,
}

impl Storage {
    /// Bytes taken.
    pub const fn size(self) -> usize {
        match self {
            Storage::I8 => 1,
            Storage::I16 => 2,
            Storage::I32 | Storage::GcRef | Storage::FuncRef => 4,
            Storage::I64 => 8,
            Storage::V128 => 16,
        }
    }
    /// Slots a value takes (a v128 two).
    pub const fn slots(self) -> u32 {
        if let Storage::V128 = self { 2 } else { 1 }
    }
}

/// A struct field: where it lies in the payload and how it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Byte offset in the payload.
    pub offset: u32,
    /// How it is stored.
    pub storage: Storage,
}

/// The layout of a defined type's objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A function type: no objects.
    Func,
    /// A struct: its payload size and fields in order.
    #[allow(missing_docs)]
    Struct { size: u32, fields: Box<[Field]> },
    /// An array of `elem`.
    #[allow(missing_docs)]
    Array { elem: Storage },
}

/// What the heap knows of a defined type.
#[derive(Debug, Clone)]
pub struct TypeInfo {
    /// The supertype chain, root first, the type itself last (empty: an unknown id).
    pub supers: Box<[u32]>,
    /// How its objects are laid out.
    pub layout: Layout,
}

/// One handle-table entry.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Byte offset of the object's header in the arena (for [`EXTERN_TY`], the host index).
    pub offset: u32,
    /// Engine-wide type id, [`EXTERN_TY`] or [`FREE_TY`].
    pub ty: u32,
}

/// The heap of a store.
#[derive(Debug, Default)]
pub struct Heap {
    /// The handle table.
    pub entries: Vec<Entry>,
    /// Free entries of `entries`.
    pub free: Vec<u32>,
    /// Objects, each a header and its payload.
    pub arena: Vec<u8>,
    /// Defined types by engine id.
    pub types: Vec<TypeInfo>,
}

/// The entry index a non-null, non-i31 handle names.
#[inline(always)]
pub const fn entry_index(handle: u32) -> usize {
    (handle >> 1) as usize - 1
}

/// The handle of entry `index`.
#[inline(always)]
pub const fn handle_of(index: u32) -> u32 {
    (index + 1) << 1
}

impl Heap {
    /// Records type `id`'s supertype chain and layout (the first record of an id stays).
    pub fn add_type(&mut self, id: u32, supers: &[u32], layout: Layout) {
        let i = id as usize;
        if self.types.len() <= i {
            self.types.resize(i + 1, TypeInfo { supers: Box::default(), layout: Layout::Func });
        }
        if self.types[i].supers.is_empty() {
            self.types[i] = TypeInfo { supers: supers.into(), layout };
        }
    }

    /// Whether type `a` is `b` or a declared subtype of it (O(1): `b` sits at its depth in
    /// `a`'s chain).
    pub fn is_subtype(&self, a: u32, b: u32) -> bool {
        if a == b {
            return true;
        }
        let (Some(sa), Some(sb)) = (self.types.get(a as usize), self.types.get(b as usize)) else {
            return false;
        };
        !sb.supers.is_empty() && sa.supers.get(sb.supers.len() - 1) == Some(&b)
    }

    /// The layout of type `id`.
    pub fn layout(&self, id: u32) -> Option<&Layout> {
        self.types.get(id as usize).map(|t| &t.layout)
    }

    fn new_entry(&mut self, e: Entry) -> Result<u32, Trap> {
        let index = match self.free.pop() {
            Some(i) => {
                self.entries[i as usize] = e;
                i
            }
            None => {
                let i = self.entries.len() as u32;
                if i >= (u32::MAX >> 1) - 1 {
                    return Err(Trap::GcHeapOutOfMemory);
                }
                self.entries.push(e);
                i
            }
        };
        Ok(handle_of(index))
    }

    /// A host reference to host value `index`; returns its handle.
    pub fn new_extern(&mut self, index: u32) -> Result<u32, Trap> {
        self.new_entry(Entry { offset: index, ty: EXTERN_TY })
    }

    /// A zeroed object of type `ty` with `payload` bytes; returns its handle and the arena
    /// offset of its payload.
    pub fn alloc(&mut self, ty: u32, payload: u64) -> Result<(u32, usize), Trap> {
        let start = self.arena.len();
        let size = payload.checked_add(HEADER as u64).map(|s| (s + 7) & !7).filter(|&s| s <= u32::MAX as u64);
        let Some(size) = size else { return Err(Trap::AllocationTooLarge) };
        if start as u64 + size > u32::MAX as u64 {
            return Err(Trap::GcHeapOutOfMemory);
        }
        let handle = self.new_entry(Entry { offset: start as u32, ty })?;
        self.arena.resize(start + size as usize, 0);
        self.arena[start..start + 4].copy_from_slice(&(entry_index(handle) as u32).to_ne_bytes());
        self.arena[start + 4..start + 8].copy_from_slice(&(payload as u32).to_ne_bytes());
        Ok((handle, start + HEADER))
    }

    /// The entry of a non-null, non-i31 handle.
    #[inline(always)]
    pub fn entry(&self, handle: u32) -> Option<&Entry> {
        if handle & 1 == 1 || handle == 0 {
            return None;
        }
        self.entries.get(entry_index(handle))
    }

    /// The payload offset and type of object `handle` (null is `null_trap`).
    #[inline(always)]
    pub fn object(&self, handle: u32, null_trap: Trap) -> Result<(usize, u32), Trap> {
        if handle == 0 {
            return Err(null_trap);
        }
        match self.entry(handle) {
            Some(e) if e.ty < EXTERN_TY => Ok((e.offset as usize + HEADER, e.ty)),
            _ => Err(Trap::CastFailure),
        }
    }

    /// Array `handle`'s element offset (its first element) and length.
    #[inline(always)]
    pub fn array(&self, handle: u32) -> Result<(usize, u32), Trap> {
        let (at, _) = self.object(handle, Trap::NullReference)?;
        Ok((at + ARRAY_HEADER, self.read_u32(at)))
    }

    /// The byte range of elements `i..i + n` of an array at `at` with `len` elements of
    /// `size` bytes, or an out-of-bounds trap.
    #[inline(always)]
    pub fn elems(at: usize, len: u32, i: u32, n: u32, size: usize) -> Result<core::ops::Range<usize>, Trap> {
        match i.checked_add(n) {
            Some(end) if end <= len => Ok(at + i as usize * size..at + end as usize * size),
            _ => Err(Trap::ArrayOutOfBounds),
        }
    }

    fn read_u32(&self, at: usize) -> u32 {
        self.arena.get(at..at + 4).map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads a value stored as `s` at `at` (packed values zero-extended; a v128's low half).
    #[inline(always)]
    pub fn load(&self, at: usize, s: Storage) -> u64 {
        let n = s.size().min(8);
        let Some(b) = self.arena.get(at..at + n) else { return 0 };
        let mut w = [0u8; 8];
        if cfg!(target_endian = "little") {
            w[..n].copy_from_slice(b);
        } else {
            w[8 - n..].copy_from_slice(b);
        }
        u64::from_ne_bytes(w)
    }

    /// Writes the low bytes of `v` as `s` at `at` (a v128's low half).
    #[inline(always)]
    pub fn store(&mut self, at: usize, s: Storage, v: u64) {
        let n = s.size().min(8);
        let w = v.to_ne_bytes();
        let Some(b) = self.arena.get_mut(at..at + n) else { return };
        if cfg!(target_endian = "little") {
            b.copy_from_slice(&w[..n]);
        } else {
            b.copy_from_slice(&w[8 - n..]);
        }
    }

    /// Writes a value stored as `s` (all 128 bits of a v128) at `at`.
    pub fn store_wide(&mut self, at: usize, s: Storage, v: u128) {
        self.store(at, s, v as u64);
        if s == Storage::V128 {
            self.store(at + 8, Storage::I64, (v >> 64) as u64);
        }
    }

    /// Reads a value stored as `s` (all 128 bits of a v128) at `at`.
    pub fn load_wide(&self, at: usize, s: Storage) -> u128 {
        let lo = self.load(at, s) as u128;
        if s == Storage::V128 { lo | (self.load(at + 8, Storage::I64) as u128) << 64 } else { lo }
    }

    /// A struct of type `id` with `fields` (in slots' bits; empty for all zero); its handle.
    pub fn new_struct(&mut self, id: u32, fields: &[u128]) -> Result<u32, Trap> {
        let Some(Layout::Struct { size, fields: layout }) = self.layout(id).cloned() else {
            return Err(Trap::CastFailure);
        };
        let (handle, at) = self.alloc(id, size as u64)?;
        for (f, &v) in layout.iter().zip(fields) {
            self.store_wide(at + f.offset as usize, f.storage, v);
        }
        Ok(handle)
    }

    /// An array of type `id` with `len` elements, each `fill` (or zero), or the `values`
    /// given (then `len` is their count); its handle.
    pub fn new_array(&mut self, id: u32, len: u32, fill: Option<u128>, values: &[u128]) -> Result<u32, Trap> {
        let Some(Layout::Array { elem }) = self.layout(id).cloned() else { return Err(Trap::CastFailure) };
        let bytes = ARRAY_HEADER as u64 + len as u64 * elem.size() as u64;
        let (handle, at) = self.alloc(id, bytes)?;
        self.store(at, Storage::I32, len as u64);
        let first = at + ARRAY_HEADER;
        for i in 0..len as usize {
            let v = fill.or_else(|| values.get(i).copied()).unwrap_or(0);
            self.store_wide(first + i * elem.size(), elem, v);
        }
        Ok(handle)
    }

    /// Whether `bits` (a reference of the hierarchy `target` names) passes a cast to it;
    /// `func_sig` gives a function reference's type id.
    pub fn ref_matches(&self, bits: u64, target: u32, func_sig: impl Fn(u64) -> Option<u32>) -> bool {
        if bits == 0 {
            return target & cast::NULLABLE != 0;
        }
        let handle = bits as u32;
        let object = || self.entry(handle).map(|e| e.ty);
        let kind_of = |ty: u32| self.layout(ty);
        match (target >> 24) & 0x7f {
            cast::ANY | cast::FUNC | cast::EXTERN | cast::EXN => true,
            cast::EQ => handle & 1 == 1 || object().is_some_and(|t| t < EXTERN_TY),
            cast::I31 => handle & 1 == 1,
            cast::STRUCT => object().is_some_and(|t| matches!(kind_of(t), Some(Layout::Struct { .. }))),
            cast::ARRAY => object().is_some_and(|t| matches!(kind_of(t), Some(Layout::Array { .. }))),
            cast::CONCRETE_DATA => {
                object().is_some_and(|t| t < EXTERN_TY && self.is_subtype(t, target & cast::TYPE_MASK))
            }
            cast::CONCRETE_FUNC => func_sig(bits).is_some_and(|t| self.is_subtype(t, target & cast::TYPE_MASK)),
            _ => false,
        }
    }
}

/// How a cast's target is encoded in an op's `U32` operand: bit 31 nullable, bits 24..31 the
/// kind, bits 0..24 a type id for the concrete kinds (the executor maps the module's type
/// index to the engine id before [`Heap::ref_matches`] sees it).
#[allow(missing_docs)]
pub mod cast {
    pub const NULLABLE: u32 = 1 << 31;
    pub const TYPE_MASK: u32 = (1 << 24) - 1;
    pub const ANY: u32 = 1;
    pub const EQ: u32 = 2;
    pub const I31: u32 = 3;
    pub const STRUCT: u32 = 4;
    pub const ARRAY: u32 = 5;
    pub const NONE: u32 = 6;
    pub const FUNC: u32 = 7;
    pub const NOFUNC: u32 = 8;
    pub const EXTERN: u32 = 9;
    pub const NOEXTERN: u32 = 10;
    pub const EXN: u32 = 11;
    pub const NOEXN: u32 = 12;
    /// A defined struct or array type.
    pub const CONCRETE_DATA: u32 = 13;
    /// A defined function type.
    pub const CONCRETE_FUNC: u32 = 14;

    /// Whether the kind names a defined type (whose index the executor maps).
    pub const fn is_concrete(target: u32) -> bool {
        let k = (target >> 24) & 0x7f;
        k == CONCRETE_DATA || k == CONCRETE_FUNC
    }
}
