//! The GC heap: a handle table plus an arena (design A of the project's GC note).
//!
//! A reference of the internal and external hierarchies is a 32-bit handle in a slot: 0 is
//! null, an odd value is an i31 (`v << 1 | 1`), an even value `2 * (i + 1)` names entry `i` of
//! the handle table. An entry holds the object's byte offset in the arena and its type (an
//! engine-wide type id, [`EXN_TY`] for an exception (see `exceptions`), or [`EXTERN_TY`]
//! for a host reference, whose "offset" is then the embedder's index of the host value). Objects are a header word (entry index, payload
//! bytes) and the payload, values in host byte order at offsets the embedder's layouts give.
//!
//! Every access is an index into a bounds-checked `Vec`: a wrong handle is a trap or a wrong
//! value, never host memory unsafety. Handles never move, so nothing that holds one (slots,
//! tables, globals, host roots) is ever rewritten.

use crate::Trap;
use alloc::boxed::Box;
use alloc::sync::Weak;
use alloc::vec;
use alloc::vec::Vec;
use core::any::Any;

mod exceptions;
pub use exceptions::EXN_TY;

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
    /// Engine-wide type id, [`EXN_TY`], [`EXTERN_TY`] or [`FREE_TY`].
    pub ty: u32,
}

/// The heap of a store.
pub struct Heap {
    /// The handle table.
    pub entries: Vec<Entry>,
    /// Free entries of `entries`.
    pub free: Vec<u32>,
    /// Objects, each a header and its payload.
    pub arena: Vec<u8>,
    /// Defined types by engine id.
    pub types: Vec<TypeInfo>,
    /// Host values of extern references (an extern entry's `offset` indexes it); dropped when
    /// the collector frees their entry.
    pub host_data: Vec<Option<Box<dyn Any + Send + Sync>>>,
    /// Free slots of `host_data`.
    pub host_free: Vec<u32>,
    /// Roots the embedder holds: `Rooted` values (a LIFO list, trimmed by scopes) and the
    /// handles in the frames of executors stopped at a host call (a segment per call).
    pub roots: Vec<u32>,
    /// Handles in the frames of suspended calls (resumable or async), each alive while its
    /// flag is.
    pub parked: Vec<(Weak<()>, Box<[u32]>)>,
    /// `OwnedRooted` handles, each alive while its flag is (trimmed when the list doubles).
    pub owned: Vec<(Weak<()>, u32)>,
    /// The length at which `owned` is trimmed next.
    pub owned_trim_at: usize,
    /// Tables, globals and instances (element segments) whose entries may be references.
    pub root_tables: Vec<*const crate::vm::Table>,
    /// See `root_tables`.
    pub root_globals: Vec<*const crate::vm::GlobalCell>,
    /// See `root_tables`.
    pub root_instances: Vec<*const crate::vm::InstanceCtx>,
    /// Arena bytes past which the next allocation from wasm collects first.
    pub threshold: usize,
    /// Arena bytes the heap may never pass (an allocation that would is out of memory).
    pub limit: usize,
    /// Collect before every allocation from wasm (a test mode that finds missing roots).
    pub zeal: bool,
    /// Never collect (the null collector): allocations past the limit fail.
    pub null: bool,
    /// The arena size the last allocation refused by `limit` needed.
    pub wanted: usize,
    /// Collections so far.
    pub collections: u64,
    /// Per store-wide tag: the payload slots that hold heap references.
    pub tag_refs: Vec<Box<[u32]>>,
    /// The exception that left wasm and waits for the embedder (a root).
    pub pending_exception: Option<u32>,
}

impl core::fmt::Debug for Heap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Heap")
            .field("entries", &self.entries.len())
            .field("arena_bytes", &self.arena.len())
            .field("collections", &self.collections)
            .finish()
    }
}

/// Where a function's frame holds references into the heap, recorded by the translator at
/// every point the frame can stop while a collection runs (calls, allocations, fuel and epoch
/// checks). Listing a slot that holds something else only keeps an object alive longer;
/// at a point with no map the whole frame is scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackMaps {
    /// Slots that may hold references wherever the frame stops (reference-typed locals and
    /// scratch slots).
    pub always: Box<[u32]>,
    /// Safepoints, sorted by `at` (the word after the instruction, as a caller's return
    /// address is): `(at, start, len)`, the operand slots `slots[start..start + len]`.
    pub sites: Box<[(u32, u32, u32)]>,
    /// The safepoints' operand slots.
    pub slots: Box<[u32]>,
}

impl StackMaps {
    /// The operand slots at safepoint `at`, if it is one.
    pub fn at(&self, at: u32) -> Option<&[u32]> {
        let i = self.sites.binary_search_by_key(&at, |s| s.0).ok()?;
        let (_, start, len) = self.sites[i];
        self.slots.get(start as usize..(start + len) as usize)
    }

    /// Serializes (a count-prefixed list of words).
    pub fn encode(&self, out: &mut Vec<u32>) {
        out.push(self.always.len() as u32);
        out.extend_from_slice(&self.always);
        out.push(self.sites.len() as u32);
        for &(a, s, l) in self.sites.iter() {
            out.extend_from_slice(&[a, s, l]);
        }
        out.push(self.slots.len() as u32);
        out.extend_from_slice(&self.slots);
    }

    /// Reads what `encode` wrote from `next` (`None` when the words run out).
    pub fn decode(mut next: impl FnMut() -> Option<u32>) -> Option<StackMaps> {
        let list =
            |n: u32, next: &mut dyn FnMut() -> Option<u32>| -> Option<Vec<u32>> { (0..n).map(|_| next()).collect() };
        let n = next()?;
        let always = list(n, &mut next)?;
        let n = next()?;
        let flat = list(n.checked_mul(3)?, &mut next)?;
        let sites = flat.chunks_exact(3).map(|c| (c[0], c[1], c[2])).collect();
        let n = next()?;
        let slots = list(n, &mut next)?;
        Some(StackMaps { always: always.into(), sites, slots: slots.into() })
    }

    /// Checks the maps against a function: slots inside the frame, sites sorted, ranges
    /// inside `slots`.
    pub fn verify(&self, code_len: usize, frame_size: u32) -> Result<(), &'static str> {
        if self.always.iter().chain(self.slots.iter()).any(|&s| s >= frame_size) {
            return Err("a stack map slot lies outside the frame");
        }
        let mut last = None;
        for &(a, s, l) in self.sites.iter() {
            if a as usize > code_len || last.is_some_and(|p| p >= a) {
                return Err("stack map sites out of order or outside the code");
            }
            if (s as u64 + l as u64) > self.slots.len() as u64 {
                return Err("a stack map site names slots it does not have");
            }
            last = Some(a);
        }
        Ok(())
    }
}

/// The largest object, in bytes (header included): larger allocations trap with
/// `AllocationTooLarge` whatever the heap's limit, as wasmtime's do past its heap's size.
pub const MAX_OBJECT: usize = 1 << 31;

/// The smallest collection threshold: below it, a heap just grows.
pub const MIN_THRESHOLD: usize = 1 << 20;

impl Default for Heap {
    fn default() -> Heap {
        Heap {
            entries: Vec::new(),
            free: Vec::new(),
            arena: Vec::new(),
            types: Vec::new(),
            host_data: Vec::new(),
            host_free: Vec::new(),
            roots: Vec::new(),
            parked: Vec::new(),
            owned: Vec::new(),
            owned_trim_at: 64,
            root_tables: Vec::new(),
            root_globals: Vec::new(),
            root_instances: Vec::new(),
            threshold: MIN_THRESHOLD,
            limit: u32::MAX as usize,
            zeal: false,
            null: false,
            wanted: 0,
            collections: 0,
            tag_refs: Vec::new(),
            pending_exception: None,
        }
    }
}

// SAFETY: the root pointers point at objects of the store that owns the heap; the heap moves
// between threads only with its store.
unsafe impl Send for Heap {}
// SAFETY: as for `Send`: the pointers are only followed by a collection, which needs `&mut`.
unsafe impl Sync for Heap {}

/// What reports extra roots to a collection: it calls the given marker with each candidate.
pub type RootReporter<'a> = &'a mut dyn FnMut(&mut dyn FnMut(u64));

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

    /// A host reference to `value`; returns its handle.
    pub fn new_extern(&mut self, value: Box<dyn Any + Send + Sync>) -> Result<u32, Trap> {
        let index = match self.host_free.pop() {
            Some(i) => {
                self.host_data[i as usize] = Some(value);
                i
            }
            None => {
                self.host_data.push(Some(value));
                self.host_data.len() as u32 - 1
            }
        };
        self.new_entry(Entry { offset: index, ty: EXTERN_TY })
    }

    /// The host value of extern reference `handle` (`None` for other references).
    pub fn host_value(&self, handle: u32) -> Option<&(dyn Any + Send + Sync)> {
        match self.entry(handle) {
            Some(e) if e.ty == EXTERN_TY => self.host_data.get(e.offset as usize)?.as_deref(),
            _ => None,
        }
    }

    /// Roots `handle` while `alive` lives (an `OwnedRooted`); dead entries are trimmed whenever
    /// the list has doubled since the last trim, so a root costs amortized O(1).
    pub fn add_owned_root(&mut self, alive: Weak<()>, handle: u32) {
        if self.owned.len() >= self.owned_trim_at {
            self.owned.retain(|(a, _)| a.strong_count() > 0);
            self.owned_trim_at = (2 * self.owned.len()).max(64);
        }
        self.owned.push((alive, handle));
    }

    /// Whether an allocation of `payload` bytes from wasm should collect first: it would pass
    /// the threshold, or the limit (collecting comes before asking for more).
    #[inline(always)]
    pub fn wants_collection(&self, payload: u64) -> bool {
        !self.null
            && (self.zeal || (self.arena.len() as u64).saturating_add(payload) > self.threshold.min(self.limit) as u64)
    }

    /// A zeroed object of type `ty` with `payload` bytes; returns its handle and the arena
    /// offset of its payload.
    pub fn alloc(&mut self, ty: u32, payload: u64) -> Result<(u32, usize), Trap> {
        let start = self.arena.len();
        let size = payload.checked_add(HEADER as u64).map(|s| (s + 7) & !7).filter(|&s| s <= MAX_OBJECT as u64);
        let Some(size) = size else { return Err(Trap::AllocationTooLarge) };
        if start as u64 + size > self.limit.min(u32::MAX as usize) as u64 {
            self.wanted = (start as u64 + size).min(u32::MAX as u64) as usize;
            return Err(Trap::GcHeapOutOfMemory);
        }
        // Fallible: a host that cannot give the memory gets a trap, not an abort.
        self.arena.try_reserve(size as usize).map_err(|_| Trap::GcHeapOutOfMemory)?;
        let handle = self.new_entry(Entry { offset: start as u32, ty })?;
        self.arena.resize(start + size as usize, 0);
        self.arena[start..start + 4].copy_from_slice(&(entry_index(handle) as u32).to_ne_bytes());
        self.arena[start + 4..start + 8].copy_from_slice(&(payload as u32).to_ne_bytes());
        Ok((handle, start + HEADER))
    }

    /// Arena bytes of the object starting at `start` (header, payload, padding to 8).
    fn object_bytes(&self, start: usize) -> usize {
        (HEADER + self.read_u32(start + 4) as usize + 7) & !7
    }

    /// The entry of a non-null, non-i31 handle.
    #[inline(always)]
    pub fn entry(&self, handle: u32) -> Option<&Entry> {
        if handle & 1 == 1 || handle == 0 {
            return None;
        }
        self.entries.get(entry_index(handle))
    }

    /// The handle a slot's bits hold when they name a live entry (an object or a host
    /// reference): what a scan of untyped slots keeps as a root.
    #[inline]
    pub fn live_handle(&self, bits: u64) -> Option<u32> {
        let h = u32::try_from(bits).ok()?;
        self.entry(h).filter(|e| e.ty != FREE_TY).map(|_| h)
    }

    /// The payload offset and type of object `handle` (null is `null_trap`).
    #[inline(always)]
    pub fn object(&self, handle: u32, null_trap: Trap) -> Result<(usize, u32), Trap> {
        if handle == 0 {
            return Err(null_trap);
        }
        match self.entry(handle) {
            Some(e) if e.ty < EXN_TY => Ok((e.offset as usize + HEADER, e.ty)),
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

    /// Collects garbage: marks what the roots reach (the heap's own root lists, the
    /// embedder's tables, globals and element segments, and whatever `more_roots` reports),
    /// frees the rest (dropping extern references' host values) and slides the live objects
    /// down the arena. Handles never change. Root candidates that are not live handles (an
    /// integer in a slot a stack map over-approximates) are ignored. Returns the live bytes.
    pub fn collect(&mut self, more_roots: RootReporter<'_>) -> usize {
        if self.null {
            return self.arena.len();
        }
        self.collections += 1;
        self.parked.retain(|(alive, _)| alive.strong_count() > 0);
        self.owned.retain(|(alive, _)| alive.strong_count() > 0);
        let n = self.entries.len();
        let mut marks = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        {
            let entries = &self.entries;
            let mut mark = |bits: u64| {
                if bits == 0 || bits & 1 == 1 || bits > u32::MAX as u64 {
                    return;
                }
                let i = entry_index(bits as u32);
                if i < n && !marks[i] && entries[i].ty != FREE_TY {
                    marks[i] = true;
                    stack.push(i);
                }
            };
            self.roots.iter().chain(&self.pending_exception).for_each(|&h| mark(h as u64));
            self.parked.iter().flat_map(|(_, hs)| hs.iter()).for_each(|&h| mark(h as u64));
            self.owned.iter().for_each(|&(_, h)| mark(h as u64));
            for &t in &self.root_tables {
                // SAFETY: registered tables live as long as the store that owns this heap.
                unsafe { (*t).elems.iter().for_each(|&v| mark(v)) };
            }
            for &g in &self.root_globals {
                // SAFETY: as for tables.
                mark(unsafe { (*g).bits });
            }
            for &i in &self.root_instances {
                // SAFETY: as for tables.
                unsafe { (*i).elems.iter().flat_map(|e| e.iter()).for_each(|&v| mark(v)) };
            }
            more_roots(&mut mark);
        }
        // Trace with an explicit stack: deep object graphs never recurse on the host stack.
        while let Some(i) = stack.pop() {
            let Entry { offset, ty } = self.entries[i];
            let at = offset as usize + HEADER;
            let visit = |h: u64, marks: &mut Vec<bool>, stack: &mut Vec<usize>| {
                if h != 0 && h & 1 == 0 && h <= u32::MAX as u64 {
                    let j = entry_index(h as u32);
                    if j < n && !marks[j] && self.entries[j].ty != FREE_TY {
                        marks[j] = true;
                        stack.push(j);
                    }
                }
            };
            if ty == EXN_TY {
                self.exception_refs(at).for_each(|h| visit(h, &mut marks, &mut stack));
                continue;
            }
            match self.types.get(ty as usize).map(|t| &t.layout) {
                Some(Layout::Struct { fields, .. }) => {
                    for f in fields.iter().filter(|f| f.storage == Storage::GcRef) {
                        visit(self.load(at + f.offset as usize, Storage::GcRef), &mut marks, &mut stack);
                    }
                }
                Some(Layout::Array { elem: Storage::GcRef }) => {
                    let len = self.read_u32(at) as usize;
                    for k in 0..len {
                        visit(self.load(at + ARRAY_HEADER + 4 * k, Storage::GcRef), &mut marks, &mut stack);
                    }
                }
                _ => {}
            }
        }
        // Sweep: free unmarked entries (and their host values).
        for (i, e) in self.entries.iter_mut().enumerate() {
            if marks[i] || e.ty == FREE_TY {
                continue;
            }
            if e.ty == EXTERN_TY
                && let Some(v) = self.host_data.get_mut(e.offset as usize)
            {
                *v = None;
                self.host_free.push(e.offset);
            }
            e.ty = FREE_TY;
            self.free.push(i as u32);
        }
        // Slide: live objects move down in address order; their entries follow.
        let (mut at, mut to) = (0usize, 0usize);
        while at + HEADER <= self.arena.len() {
            let owner = self.read_u32(at) as usize;
            let size = self.object_bytes(at);
            let live = owner < n
                && marks[owner]
                && self.entries[owner].offset as usize == at
                && self.entries[owner].ty < EXTERN_TY;
            if live {
                if to != at {
                    self.arena.copy_within(at..at + size, to);
                }
                self.entries[owner].offset = to as u32;
                to += size;
            }
            at += size;
        }
        self.arena.truncate(to);
        if self.arena.capacity() > 4 * to.max(MIN_THRESHOLD) {
            self.arena.shrink_to(2 * to);
        }
        self.threshold = (2 * to).max(MIN_THRESHOLD);
        if self.zeal {
            self.verify();
        }
        to
    }

    /// Checks the heap after a collection (zeal mode): every live object's header names its
    /// entry, and every reference field of a live object is null, an i31 or a live entry. A
    /// failure is a collector bug: it panics, in the test mode only.
    fn verify(&self) {
        let live = |h: u32| h == 0 || h & 1 == 1 || self.entry(h).is_some_and(|e| e.ty != FREE_TY);
        for (i, e) in self.entries.iter().enumerate().filter(|(_, e)| e.ty < EXTERN_TY) {
            let at = e.offset as usize;
            assert_eq!(self.read_u32(at) as usize, i, "GC zeal: object header does not name its entry");
            let payload = at + HEADER;
            if e.ty == EXN_TY {
                assert!(
                    self.exception_refs(payload).all(|h| live(h as u32)),
                    "GC zeal: an exception holds a freed reference"
                );
                continue;
            }
            match self.types.get(e.ty as usize).map(|t| &t.layout) {
                Some(Layout::Struct { fields, .. }) => {
                    for f in fields.iter().filter(|f| f.storage == Storage::GcRef) {
                        let h = self.load(payload + f.offset as usize, Storage::GcRef) as u32;
                        assert!(live(h), "GC zeal: a struct field holds a freed reference");
                    }
                }
                Some(Layout::Array { elem: Storage::GcRef }) => {
                    for k in 0..self.read_u32(payload) as usize {
                        let h = self.load(payload + ARRAY_HEADER + 4 * k, Storage::GcRef) as u32;
                        assert!(live(h), "GC zeal: an array element holds a freed reference");
                    }
                }
                Some(_) => {}
                None => panic!("GC zeal: an object of an unknown type"),
            }
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
            cast::EQ => handle & 1 == 1 || object().is_some_and(|t| t < EXN_TY),
            cast::I31 => handle & 1 == 1,
            cast::STRUCT => object().is_some_and(|t| matches!(kind_of(t), Some(Layout::Struct { .. }))),
            cast::ARRAY => object().is_some_and(|t| matches!(kind_of(t), Some(Layout::Array { .. }))),
            cast::CONCRETE_DATA => object().is_some_and(|t| t < EXN_TY && self.is_subtype(t, target & cast::TYPE_MASK)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A heap knowing a struct type 0 (an i32 and a reference) and an array type 1 (references).
    fn heap() -> Heap {
        let mut h = Heap::default();
        let fields = [Field { offset: 0, storage: Storage::I32 }, Field { offset: 4, storage: Storage::GcRef }];
        h.add_type(0, &[0], Layout::Struct { size: 8, fields: fields.into() });
        h.add_type(1, &[1], Layout::Array { elem: Storage::GcRef });
        h
    }

    fn field(h: &Heap, obj: u32, n: usize) -> u64 {
        let (at, _) = h.object(obj, Trap::NullReference).unwrap();
        h.load(at + 4 * n, if n == 0 { Storage::I32 } else { Storage::GcRef })
    }

    #[test]
    fn collection_keeps_what_roots_reach_and_slides_it_down() {
        let mut h = heap();
        let garbage = h.new_struct(0, &[1, 0]).unwrap();
        let leaf = h.new_struct(0, &[2, 0]).unwrap();
        let node = h.new_struct(0, &[3, leaf as u128]).unwrap();
        let cycle_a = h.new_struct(0, &[4, 0]).unwrap();
        let cycle_b = h.new_struct(0, &[5, cycle_a as u128]).unwrap();
        let (at, _) = h.object(cycle_a, Trap::NullReference).unwrap();
        h.store(at + 4, Storage::GcRef, cycle_b as u64);
        let list = h.new_array(1, 2, None, &[node as u128, 7]).unwrap();
        let before = h.arena.len();
        // Root the array only (and an i31 and an integer that is no handle).
        let live = h.collect(&mut |mark| {
            mark(list as u64);
            mark(7);
            mark(1 << 40);
        });
        assert!(live < before);
        assert_eq!(field(&h, node, 0), 3);
        assert_eq!(field(&h, leaf, 0), 2);
        assert_eq!(field(&h, node, 1), leaf as u64);
        for dead in [garbage, cycle_a, cycle_b] {
            assert_eq!(h.object(dead, Trap::NullReference), Err(Trap::CastFailure), "freed");
            assert_eq!(h.live_handle(dead as u64), None);
        }
        assert_eq!(h.live_handle(node as u64), Some(node));
        assert_eq!(h.live_handle(7), None, "an i31");
        assert_eq!(h.live_handle(node as u64 | 1 << 40), None, "not a 32-bit handle");
        // Freed entries are reused, handles of live objects never change.
        let again = h.new_struct(0, &[9, 0]).unwrap();
        assert!([garbage, cycle_a, cycle_b].contains(&again));
        assert_eq!(field(&h, again, 0), 9);
        assert_eq!(field(&h, node, 0), 3);
    }

    #[test]
    fn host_values_drop_with_their_entries() {
        use alloc::sync::Arc;
        let mut h = heap();
        let value = Arc::new(());
        let kept = h.new_extern(Box::new(value.clone())).unwrap();
        let dropped = h.new_extern(Box::new(value.clone())).unwrap();
        assert_eq!(Arc::strong_count(&value), 3);
        h.collect(&mut |mark| mark(kept as u64));
        assert_eq!(Arc::strong_count(&value), 2);
        assert!(h.host_value(kept).is_some() && h.host_value(dropped).is_none());
    }

    #[test]
    fn stack_maps_round_trip_and_bad_ones_are_refused() {
        let maps = StackMaps { always: [1].into(), sites: [(4, 0, 2), (9, 2, 1)].into(), slots: [2, 3, 2].into() };
        let mut words = Vec::new();
        maps.encode(&mut words);
        let mut it = words.iter().copied();
        let back = StackMaps::decode(|| it.next()).unwrap();
        assert_eq!(back, maps);
        assert_eq!(back.at(9), Some(&[2][..]));
        assert_eq!(back.at(5), None);
        assert!(maps.verify(10, 4).is_ok());
        assert!(maps.verify(10, 3).is_err(), "slot 3 outside a 3-slot frame");
        assert!(maps.verify(8, 4).is_err(), "a site past the code");
        let unsorted = StackMaps { sites: [(9, 0, 1), (4, 0, 1)].into(), ..maps.clone() };
        assert!(unsorted.verify(10, 4).is_err());
        let overrun = StackMaps { sites: [(4, 2, 5)].into(), ..maps.clone() };
        assert!(overrun.verify(10, 4).is_err());
        // Truncated words are a decode error, not a panic.
        let mut short = words[..words.len() - 1].iter().copied();
        assert!(StackMaps::decode(|| short.next()).is_none());
    }

    #[test]
    fn sizes_past_the_limits_are_errors() {
        let mut h = heap();
        assert_eq!(h.new_array(1, u32::MAX, None, &[]), Err(Trap::AllocationTooLarge));
        h.limit = 64;
        assert!(h.new_struct(0, &[1, 0]).is_ok());
        assert_eq!(h.new_array(1, 100, None, &[]), Err(Trap::GcHeapOutOfMemory));
        // The struct (header and 8 bytes), then the array: header, length word, 100 elements.
        assert_eq!(h.wanted, 16 + 8 + 8 + 400);
    }
}
