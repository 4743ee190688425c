//! The VM's runtime layout: compiled functions, linear memories, tables, global cells, the
//! instance context that ops address, and the function registry that references point into.
//!
//! The embedding crate owns these objects (boxed, so their addresses are stable) and hands
//! the executor raw pointers to them; the executor never allocates or frees them.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicPtr, Ordering};

/// Wasm page size.
pub const PAGE_SIZE: u64 = 65536;
/// The largest memory a 32-bit Wasm address space allows, in pages.
pub const MAX_PAGES: u64 = 65536;
/// The largest memory a 64-bit Wasm address space allows, in pages (2^64 bytes).
pub const MAX_PAGES64: u64 = 1 << 48;

/// A function's instruction words: its own, or (an artifact loaded in place, with the loop
/// dispatcher) words that stay where the embedder keeps them, in flash for instance.
#[derive(Debug, Clone)]
pub enum CodeWords {
    /// Words on the heap.
    Owned(Box<[u32]>),
    /// Words that live for the program (the embedder's promise to `Module::deserialize_raw`).
    Borrowed(&'static [u32]),
}

impl core::ops::Deref for CodeWords {
    type Target = [u32];
    #[inline(always)]
    fn deref(&self) -> &[u32] {
        match self {
            CodeWords::Owned(words) => words,
            CodeWords::Borrowed(words) => words,
        }
    }
}

/// A function translated to register bytecode.
#[derive(Debug, Clone)]
pub struct CompiledFunc {
    /// The instruction words (portable form: what is serialized, verified and disassembled).
    pub code: CodeWords,
    /// The copy the tail-call dispatcher runs (direct threading: each opcode field holds its
    /// handler's address); empty in builds without that dispatcher. The loop runs `code`.
    pub threaded: Box<[u32]>,
    /// Parameter count (slots `0..params`).
    pub params: u32,
    /// Result count.
    pub results: u32,
    /// Parameters plus declared locals: slots `params..locals` are zeroed on entry.
    pub locals: u32,
    /// Slots the frame needs (locals plus the deepest operand stack).
    pub frame_size: u32,
    /// The exception handlers (`try_table` and legacy `try` regions), innermost first.
    pub regions: Box<[TryRegion]>,
    /// Where the frame holds heap references (`None`: it never does).
    pub gc_maps: Option<Box<crate::gc::StackMaps>>,
    /// Tier-up state: the call counter `tier_count` ops decrement, and the native code the
    /// embedder installed (see [`TierCell`]).
    pub tier: TierCell,
}

/// A function's tier-up state, shared by every instance running its code (so it lives with
/// the code). The interpreter only counts: a `tier_count` op decrements `count` and leaves to
/// the embedder ([`crate::exec::Pending::TierUp`]) when it reaches zero; the embedder decides
/// what a count means (a threshold, "compiling", "never", or 0: "native code is ready, run it")
/// and stores `native`, which only it and its native code read. `u32::MAX` is "parked": the
/// interpreter neither decrements it nor stops, so the embedder's later store (0, native code
/// ready) is never lost to a decrement. Relaxed loads and stores only (no read-modify-write),
/// so this builds on targets without atomic RMW; a decrement lost between threads only delays
/// a tier-up.
#[derive(Debug, Default)]
pub struct TierCell {
    /// Calls left before the function is reported hot.
    pub count: core::sync::atomic::AtomicU32,
    /// The embedder's native code for the function (opaque here), or null.
    pub native: AtomicPtr<()>,
}

impl Clone for TierCell {
    /// A copy of the code starts cold: native code belongs to the code it was made from.
    fn clone(&self) -> TierCell {
        TierCell::default()
    }
}

/// A region of a function's code with exception handlers: an exception raised by an
/// instruction in words `start..end` (directly or in a callee) tries `clauses` in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryRegion {
    /// First word of the region.
    pub start: u32,
    /// One past its last word.
    pub end: u32,
    /// How many regions enclose it (what a `delegate` skips by).
    pub level: u32,
    /// The handlers, in order.
    pub clauses: Box<[Catch]>,
}

/// Slot number meaning "no slot".
pub const NO_SLOT: u32 = u32::MAX;

/// One handler of a [`TryRegion`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Catch {
    /// What it catches.
    pub kind: CatchKind,
    /// The module tag index (`CatchKind::Tag`), or the level limit of a `Delegate`: the search
    /// goes on with regions of a lower level.
    pub tag: u32,
    /// Where the handler's code starts (a word of the function's code).
    pub pad: u32,
    /// Where a tag's payload goes (slots `base..`).
    pub base: u32,
    /// Where the exception reference goes, or [`NO_SLOT`].
    pub exn_slot: u32,
}

/// What a [`Catch`] catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum CatchKind {
    /// Exceptions of one tag.
    Tag = 0,
    /// Every exception.
    All = 1,
    /// Hands the exception to the handlers outside (legacy `delegate`).
    Delegate = 2,
}

impl TryRegion {
    /// The handler tables of a function as words (for artifacts): region count, then per
    /// region `start, end, level, clause count` and five words per clause.
    pub fn encode_all(regions: &[TryRegion], out: &mut Vec<u32>) {
        out.push(regions.len() as u32);
        for r in regions {
            out.extend([r.start, r.end, r.level, r.clauses.len() as u32]);
            for c in r.clauses.iter() {
                out.extend([c.kind as u32, c.tag, c.pad, c.base, c.exn_slot]);
            }
        }
    }

    /// Reads what `encode_all` wrote from `next` (a word source); `None` when malformed.
    pub fn decode_all(mut next: impl FnMut() -> Option<u32>) -> Option<Vec<TryRegion>> {
        let n = next()?;
        let mut regions = Vec::new();
        for _ in 0..n {
            let (start, end, level, count) = (next()?, next()?, next()?, next()?);
            let mut clauses = Vec::new();
            for _ in 0..count {
                let kind = match next()? {
                    0 => CatchKind::Tag,
                    1 => CatchKind::All,
                    2 => CatchKind::Delegate,
                    _ => return None,
                };
                clauses.push(Catch { kind, tag: next()?, pad: next()?, base: next()?, exn_slot: next()? });
            }
            regions.push(TryRegion { start, end, level, clauses: clauses.into() });
        }
        Some(regions)
    }
}

impl CompiledFunc {
    /// The clause that catches an exception of store-wide tag `tag` raised at word `pc`
    /// (`tags` maps the running instance's tag indices to store-wide ones), searching regions
    /// innermost first, with its region's and its own index.
    pub fn find_clause(&self, pc: u32, tag: u32, tags: &[u32]) -> Option<(usize, usize, Catch)> {
        let mut limit = u32::MAX;
        for (ri, region) in self.regions.iter().enumerate() {
            if pc < region.start || pc >= region.end || region.level >= limit {
                continue;
            }
            for (ci, c) in region.clauses.iter().enumerate() {
                match c.kind {
                    CatchKind::Delegate => {
                        limit = c.tag;
                        break;
                    }
                    CatchKind::All => return Some((ri, ci, *c)),
                    CatchKind::Tag if tags.get(c.tag as usize) == Some(&tag) => return Some((ri, ci, *c)),
                    CatchKind::Tag => {}
                }
            }
        }
        None
    }

    /// A compiled function; `code` must have passed [`crate::verify::verify`] or come from
    /// the translator.
    pub fn new(mut code: Box<[u32]>, params: u32, results: u32, locals: u32, frame_size: u32) -> CompiledFunc {
        let threaded = crate::exec::link(&mut code, None);
        CompiledFunc::from_parts(CodeWords::Owned(code), threaded, [params, results, locals, frame_size])
    }

    /// A function of these words with no handlers, stack maps or tier state yet;
    /// `counts` = params, results, locals, frame size.
    fn from_parts(code: CodeWords, threaded: Box<[u32]>, counts: [u32; 4]) -> CompiledFunc {
        let [params, results, locals, frame_size] = counts;
        CompiledFunc {
            code,
            threaded,
            params,
            results,
            locals,
            frame_size,
            regions: Box::new([]),
            gc_maps: None,
            tier: TierCell::default(),
        }
    }

    /// As `new`, for words that stay where they are (an artifact in flash): the loop
    /// dispatcher runs them in place. A build with the tail-call dispatcher runs a threaded
    /// copy anyway, and copies them as `new` does.
    pub fn in_place(code: &'static [u32], params: u32, results: u32, locals: u32, frame_size: u32) -> CompiledFunc {
        #[cfg(sheave_tail_dispatch)]
        return CompiledFunc::new(code.into(), params, results, locals, frame_size);
        // Unfused code needs no linking for the loop (`exec::link` leaves it as it is).
        #[cfg(not(sheave_tail_dispatch))]
        CompiledFunc::from_parts(CodeWords::Borrowed(code), Box::new([]), [params, results, locals, frame_size])
    }

    /// As `new`, fusing superinstructions first (see [`crate::fuse::fuse_with_targets`]):
    /// `target` marks the branch targets and landing pads of `code`.
    pub fn new_fused(
        mut code: Box<[u32]>,
        target: &[bool],
        params: u32,
        results: u32,
        locals: u32,
        frame_size: u32,
    ) -> CompiledFunc {
        let threaded = crate::exec::link(&mut code, Some(target));
        CompiledFunc::from_parts(CodeWords::Owned(code), threaded, [params, results, locals, frame_size])
    }

    /// The function with exception handler regions.
    pub fn with_regions(mut self, regions: Box<[TryRegion]>) -> CompiledFunc {
        self.regions = regions;
        self
    }

    /// The function with its stack maps (see [`crate::gc::StackMaps`]).
    pub fn with_gc_maps(mut self, maps: Option<crate::gc::StackMaps>) -> CompiledFunc {
        self.gc_maps = maps.map(Box::new);
        self
    }

    /// The stand-in for a function not translated yet: one `lazy_compile` op, whose frame
    /// is just the parameters.
    pub fn lazy_stub(params: u32, results: u32) -> CompiledFunc {
        let mut code = Vec::new();
        crate::code::Op::LazyCompile {}.encode(&mut code);
        CompiledFunc::new(code.into_boxed_slice(), params, results, params, params)
    }
}

/// A function as stored in the registry: wasm code bound to its instance, or a host function.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub enum FuncKind {
    /// A wasm function: its code and the instance it runs in.
    Wasm { code: *const CompiledFunc, instance: *const InstanceCtx },
    /// A host function, identified by an index the embedder understands.
    Host { index: u32 },
    /// A wasm function compiled to native code by another tier (Sheave's Cranelift tier):
    /// `entry` is its entry point, which only the embedder calls. The interpreter calls it as
    /// it calls a host function ([`crate::exec::Pending::Call`]), so mixed-mode programs need
    /// no native code in this crate.
    Native { code: *const CompiledFunc, instance: *const InstanceCtx, entry: *const u8 },
}

/// One entry of the function registry.
#[derive(Debug, Clone, Copy)]
pub struct FuncEntity {
    /// Engine-wide canonical signature id (for `call_indirect` checks).
    pub sig: u32,
    /// Parameter count.
    pub params: u32,
    /// Result count.
    pub results: u32,
    /// What runs.
    pub kind: FuncKind,
}

/// A linear memory.
#[derive(Debug)]
pub struct Memory {
    /// The bytes; `len` is always a multiple of the page size. Reallocated only by
    /// [`Memory::grow`], which keeps `base` and `bytes` in step.
    pub data: Vec<u8>,
    /// `data`'s address, for native code (which cannot read a `Vec`'s fields).
    pub base: *mut u8,
    /// `data`'s length in bytes, for native code.
    pub bytes: usize,
    /// Maximum pages.
    pub max_pages: u64,
    /// Addresses are i64 (memory64), else i32.
    pub index64: bool,
    /// Page size as a power of two: 16 (64 KiB) unless the custom-page-sizes proposal chose
    /// 0 (one byte).
    pub page_size_log2: u8,
}

impl Memory {
    /// A zeroed memory of `pages` pages of `1 << page_size_log2` bytes, growable to
    /// `max_pages`; `None` when the host cannot hold it.
    pub fn new(pages: u64, max_pages: Option<u64>, index64: bool, page_size_log2: u8) -> Option<Memory> {
        if page_size_log2 > 16 {
            return None;
        }
        let bytes = pages.checked_mul(1 << page_size_log2)?;
        let bytes = usize::try_from(bytes).ok()?;
        let data = zeroed_bytes(bytes)?;
        // The address space's size in pages (an i32 memory of 1-byte pages stops one short
        // of 2^32, where its size would no longer fit the index type).
        let limit = match (index64, page_size_log2) {
            (false, _) => (MAX_PAGES << 16 >> page_size_log2).min(u32::MAX as u64),
            (true, 0) => u64::MAX,
            (true, log2) => 1 << (64 - log2 as u32),
        };
        let mut mem = Memory {
            data,
            base: core::ptr::null_mut(),
            bytes: 0,
            max_pages: max_pages.unwrap_or(limit).min(limit),
            index64,
            page_size_log2,
        };
        mem.sync_view();
        Some(mem)
    }

    /// Points `base` and `bytes` at `data` again.
    fn sync_view(&mut self) {
        self.base = self.data.as_mut_ptr();
        self.bytes = self.data.len();
    }

    /// Bytes per page.
    pub fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }

    /// The address in slot bits `bits`: all 64 bits for memory64, else the low 32.
    #[inline(always)]
    pub fn address(&self, bits: u64) -> u64 {
        if self.index64 { bits } else { bits as u32 as u64 }
    }

    /// Size in pages.
    pub fn pages(&self) -> u64 {
        self.data.len() as u64 >> self.page_size_log2
    }

    /// Grows by `delta` pages; returns the old size, or `None` when over the maximum or out
    /// of host memory.
    pub fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        let bytes = usize::try_from(new.checked_mul(self.page_size())?).ok()?;
        if bytes > self.data.len() {
            // A fresh zeroed allocation, then a copy of the old bytes: the new pages stay
            // untouched (the OS zeroes them lazily), so a large grow costs what is used, and a
            // grow the host cannot back fails here instead of aborting later.
            let mut data = zeroed_bytes(bytes)?;
            data[..self.data.len()].copy_from_slice(&self.data);
            self.data = data;
            self.sync_view();
        }
        Some(old)
    }
}

// SAFETY: `base` points into `data`, which the memory owns; the pointer moves with it and is
// only written through by code holding the store mutably, as `data` itself.
unsafe impl Send for Memory {}
// SAFETY: as above; shared references never write through `base`.
unsafe impl Sync for Memory {}

impl Default for Memory {
    fn default() -> Memory {
        Memory {
            data: Vec::new(),
            base: core::ptr::null_mut(),
            bytes: 0,
            max_pages: 0,
            index64: false,
            page_size_log2: 16,
        }
    }
}

/// `len` zero bytes from the allocator's zeroed path (the OS hands out zero pages lazily, so
/// a large initial memory costs nothing until touched); `None` when allocation fails.
fn zeroed_bytes(len: usize) -> Option<Vec<u8>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let layout = core::alloc::Layout::array::<u8>(len).ok()?;
    // SAFETY: `layout` has a non-zero size.
    let ptr = unsafe { alloc::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with this layout (u8, `len`
    // elements), and all `len` bytes are initialised (zero).
    Some(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

/// A table of references as bits (0 is null; a function reference is its registry index + 1).
#[derive(Debug, Default)]
pub struct Table {
    /// The entries.
    pub elems: Vec<u64>,
    /// Maximum entries.
    pub max: u32,
    /// Indices are i64 (table64), else i32.
    pub index64: bool,
}

impl Table {
    /// The index in slot bits `bits`: all 64 bits for table64, else the low 32.
    #[inline(always)]
    pub fn index(&self, bits: u64) -> u64 {
        if self.index64 { bits } else { bits as u32 as u64 }
    }

    /// Grows by `delta` entries of `init`; returns the old size or `None`.
    pub fn grow(&mut self, delta: u32, init: u64) -> Option<u32> {
        let old = self.elems.len() as u32;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        self.elems.try_reserve_exact(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        Some(old)
    }
}

/// A global's value cell.
#[derive(Debug, Default)]
pub struct GlobalCell {
    /// The value's bits (the low half of a v128).
    pub bits: u64,
    /// The high half of a v128 (0 for other types).
    pub hi: u64,
}

/// What the ops of one instance address: its functions, memory, tables, globals, types and
/// segments. Built by the embedder at instantiation.
#[derive(Debug)]
pub struct InstanceCtx {
    /// Function index space -> registry index.
    pub funcs: Vec<u32>,
    /// Function index space -> the code a `call` runs directly: set for the instance's own
    /// functions that run in the interpreter (their translation, or the lazy stub until the
    /// embedder replaces it with [`InstanceCtx::set_direct`]); null for imports and native
    /// functions, which a call reaches through the registry. (Atomic only so that the
    /// embedder may update it through the shared pointers executors hold; loads are plain.)
    pub direct: Vec<AtomicPtr<CompiledFunc>>,
    /// Module type index -> canonical signature id.
    pub types: Vec<u32>,
    /// Memory 0, or null.
    pub memory: Option<*mut Memory>,
    /// Memory index space -> memory (memory 0 included).
    pub memories: Vec<*mut Memory>,
    /// Global index space -> value cell.
    pub globals: Vec<*mut GlobalCell>,
    /// Table index space -> table.
    pub tables: Vec<*mut Table>,
    /// Passive data segments (emptied by `data.drop` and after active initialisation).
    pub datas: Vec<Arc<[u8]>>,
    /// Element segments as reference bits (emptied by `elem.drop`).
    pub elems: Vec<Arc<[u64]>>,
    /// Tag index space -> store-wide tag index.
    pub tags: Vec<u32>,
    /// The registry this instance lives in (the store's function list).
    pub registry: *const Registry,
    /// The same tables as raw pointers, for native code; filled by [`InstanceCtx::seal`].
    pub raw: RawInstance,
}

/// Raw views of an [`InstanceCtx`]'s tables (whose `Vec`s native code cannot read), valid
/// once the instance is complete and [`InstanceCtx::seal`] ran.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
pub struct RawInstance {
    /// `funcs`' elements.
    pub funcs: *const u32,
    /// `globals`' elements.
    pub globals: *const *mut GlobalCell,
    /// `memories`' elements.
    pub memories: *const *mut Memory,
    /// Memory 0, or null.
    pub memory0: *mut Memory,
    /// `types`' elements.
    pub types: *const u32,
}

impl Default for RawInstance {
    fn default() -> Self {
        RawInstance {
            funcs: core::ptr::null(),
            globals: core::ptr::null(),
            memories: core::ptr::null(),
            memory0: core::ptr::null_mut(),
            types: core::ptr::null(),
        }
    }
}

impl InstanceCtx {
    /// Makes `call`s of function `func` (an index of this instance's function space) run
    /// `code` directly, or go through the registry when `code` is null.
    pub fn set_direct(&self, func: u32, code: *const CompiledFunc) {
        if let Some(slot) = self.direct.get(func as usize) {
            slot.store(code as *mut CompiledFunc, Ordering::Relaxed);
        }
    }

    /// The code a `call` of function `func` runs directly, or null (see `direct`).
    #[inline(always)]
    pub fn direct(&self, func: u32) -> *const CompiledFunc {
        self.direct.get(func as usize).map_or(core::ptr::null(), |slot| slot.load(Ordering::Relaxed))
    }

    /// Fills `raw` from the tables; call when they are final (they never change after
    /// instantiation).
    pub fn seal(&mut self) {
        self.raw = RawInstance {
            funcs: self.funcs.as_ptr(),
            globals: self.globals.as_ptr(),
            memories: self.memories.as_ptr(),
            memory0: self.memory.unwrap_or(core::ptr::null_mut()),
            types: self.types.as_ptr(),
        };
    }
}

/// The store-wide state the VM reaches through every instance: the function registry (the
/// target of function references) and the GC heap (which also holds exceptions).
#[derive(Debug, Default)]
pub struct Registry {
    /// All functions of the store.
    pub funcs: Vec<FuncEntity>,
    /// The GC heap, which also knows the defined types the store's code uses.
    pub heap: crate::gc::Heap,
}

impl Registry {
    /// Records type `id`'s supertype chain (root first, `id` last) and object layout.
    pub fn add_type(&mut self, id: u32, supers: &[u32], layout: crate::gc::Layout) {
        self.heap.add_type(id, supers, layout)
    }

    /// Whether type `a` is `b` or a declared subtype of it.
    #[inline(never)]
    pub fn is_subtype(&self, a: u32, b: u32) -> bool {
        self.heap.is_subtype(a, b)
    }
}

impl Default for InstanceCtx {
    fn default() -> Self {
        InstanceCtx {
            funcs: Vec::new(),
            direct: Vec::new(),
            types: Vec::new(),
            memory: None,
            memories: Vec::new(),
            globals: Vec::new(),
            tables: Vec::new(),
            datas: Vec::new(),
            elems: Vec::new(),
            tags: Vec::new(),
            registry: core::ptr::null(),
            raw: RawInstance::default(),
        }
    }
}

// SAFETY: the raw pointers of an instance and of registry entries point into objects owned
// by the same store (boxed, never moved), and are only dereferenced by code holding that
// store mutably; moving or sharing the store across threads moves them together.
unsafe impl Send for InstanceCtx {}
// SAFETY: as above; shared references never write through these pointers.
unsafe impl Sync for InstanceCtx {}
// SAFETY: as above.
unsafe impl Send for FuncKind {}
// SAFETY: as above.
unsafe impl Sync for FuncKind {}

/// A heap allocation owned through a raw pointer, so the VM's raw pointers to it and the
/// owner's references derive from one root and stay valid under Rust's aliasing model
/// (a `Box` would assert uniqueness on every use and invalidate the VM's pointers).
pub struct Owned<T> {
    ptr: core::ptr::NonNull<T>,
}

impl<T> Owned<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Owned<T> {
        let ptr = alloc::boxed::Box::into_raw(alloc::boxed::Box::new(value));
        // SAFETY: `Box::into_raw` never returns null.
        Owned { ptr: unsafe { core::ptr::NonNull::new_unchecked(ptr) } }
    }

    /// The raw pointer the VM keeps.
    pub fn as_ptr(&self) -> *mut T {
        self.ptr.as_ptr()
    }
}

impl<T> core::ops::Deref for Owned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the allocation lives until `drop`; the VM writes through its pointers only
        // while the owner is mutably borrowed by the executor's caller.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T> core::ops::DerefMut for Owned<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; `&mut self` excludes other references from the owner.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::into_raw` and is dropped once.
        drop(unsafe { alloc::boxed::Box::from_raw(self.ptr.as_ptr()) });
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for Owned<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        (**self).fmt(f)
    }
}

// SAFETY: `Owned<T>` owns its `T` like a `Box`.
unsafe impl<T: Send> Send for Owned<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Owned<T> {}
