//! GC ops: i31s, casts, structs and arrays on the store's heap (`crate::gc`). The work that
//! loops or allocates is in `#[inline(never)]` helpers, so each handler stays a few
//! instructions and a tail call.

use super::{Executor, Flow, Mode, Regs, trap};
use crate::Trap;
use crate::gc::{ARRAY_HEADER, Heap, Layout, Storage, cast};
use crate::vm::Registry;

impl Executor {
    /// The store's heap.
    #[inline(always)]
    fn heap(&self) -> &Heap {
        &self.registry().heap
    }

    /// The store's heap, to allocate or write.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn heap_mut(&mut self) -> &mut Heap {
        // SAFETY: as in `catch`: only the executor touches the registry during a run, and the
        // instance's registry pointer came from the store's mutable allocation.
        unsafe { &mut (*(self.instance_ref().registry as *mut Registry)).heap }
    }

    /// The engine-wide id of module type `ty`.
    #[inline(always)]
    fn type_id(&self, ty: u32) -> Result<u32, Trap> {
        self.instance_ref().types.get(ty as usize).copied().ok_or(Trap::CastFailure)
    }
}

/// The running frame's pointers, for the out-of-line slow paths, which take them by value: a
/// reference to the handler's registers would escape and cost the handler its tail call.
#[derive(Clone, Copy)]
struct At {
    fp: *mut u64,
    ip: *const u32,
}

impl At {
    #[inline(always)]
    fn of(r: &Regs<impl Mode>) -> At {
        At { fp: r.fp, ip: r.ip }
    }
    #[inline(always)]
    fn u64(self, s: u32) -> u64 {
        // SAFETY: as `Regs::u64`: the translator only emits slots inside the frame. (GC ops are
        // never pinned-local variants, and the pinned local is written through to its slot.)
        unsafe { *self.fp.add(s as usize) }
    }
    #[inline(always)]
    fn u32(self, s: u32) -> u32 {
        self.u64(s) as u32
    }
    #[inline(always)]
    fn wide(self, s: u32, storage: Storage) -> u128 {
        let lo = self.u64(s) as u128;
        if storage == Storage::V128 { lo | (self.u64(s + 1) as u128) << 64 } else { lo }
    }
    #[inline(always)]
    fn set_u32(self, s: u32, v: u32) {
        // SAFETY: as for `u64`.
        unsafe { *self.fp.add(s as usize) = v as u64 }
    }
}

/// Collects first when an allocation of `bytes` would pass the heap's threshold (the roots
/// include this frame: the stack map at `r.ip`, after the allocating op, lists its operands).
#[inline(always)]
fn before_alloc(r: At, cx: &mut Executor, bytes: u64) {
    if cx.heap().wants_collection(bytes) {
        cx.collect_garbage(r.fp, r.ip);
    }
}

#[inline(always)]
fn t<T>(r: Result<T, Trap>) -> Result<T, super::Exit> {
    r.map_err(trap)
}

/// The outcome of allocating op `op`: a heap at its limit under a resource limiter asks the
/// embedder to raise it (`Pending::GcGrow`), standing at the op to run it again.
#[inline(always)]
pub(super) fn allocated<M: Mode>(
    r: &mut Regs<M>,
    cx: &mut Executor,
    res: Result<(), Trap>,
    op: crate::code::Opcode,
) -> Flow {
    match res {
        Ok(()) => Ok(()),
        Err(Trap::GcHeapOutOfMemory) if cx.host_grow => {
            r.ip = r.ip.wrapping_sub(op.words());
            cx.pending = super::super::Pending::GcGrow;
            Err(super::Exit::Host)
        }
        Err(e) => Err(trap(e)),
    }
}

#[inline(always)]
pub(crate) fn ref_i31(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    r.set_u32(dst, r.u32(a) << 1 | 1);
    Ok(())
}

#[inline(always)]
pub(crate) fn i31_get_s(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    match r.u32(a) {
        0 => Err(trap(Trap::NullReference)),
        h => {
            r.set_u32(dst, ((h as i32) >> 1) as u32);
            Ok(())
        }
    }
}

#[inline(always)]
pub(crate) fn i31_get_u(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    match r.u32(a) {
        0 => Err(trap(Trap::NullReference)),
        h => {
            r.set_u32(dst, h >> 1);
            Ok(())
        }
    }
}

/// Whether `bits` passes cast `target` (a concrete target's module type index mapped here).
#[inline(never)]
fn passes(cx: &Executor, bits: u64, target: u32) -> Result<bool, Trap> {
    let target = if cast::is_concrete(target) {
        (target & !cast::TYPE_MASK) | cx.type_id(target & cast::TYPE_MASK)?
    } else {
        target
    };
    let reg = cx.registry();
    Ok(reg.heap.ref_matches(bits, target, |f| reg.funcs.get(f as usize - 1).map(|e| e.sig)))
}

#[inline(always)]
pub(crate) fn ref_test(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, a: u32, target: u32) -> Flow {
    let ok = t(passes(cx, r.u64(a), target))?;
    r.set_u32(dst, ok as u32);
    Ok(())
}

#[inline(always)]
pub(crate) fn ref_cast(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, a: u32, target: u32) -> Flow {
    let v = r.u64(a);
    if !t(passes(cx, v, target))? {
        return Err(trap(Trap::CastFailure));
    }
    r.set_u64(dst, v);
    Ok(())
}

/// Stores the value in slot `src` (a v128: two) as `s` at `at`.
#[inline(always)]
fn write_field(heap: &mut Heap, r: At, at: usize, s: Storage, src: u32) {
    heap.store_wide(at, s, r.wide(src, s));
}

#[inline(never)]
fn struct_new_slow(r: At, cx: &mut Executor, dst: u32, ty: u32, args: Option<u32>) -> Result<(), Trap> {
    let id = cx.type_id(ty)?;
    let Some(Layout::Struct { size, fields }) = cx.heap().layout(id).cloned() else { return Err(Trap::CastFailure) };
    before_alloc(r, cx, size as u64);
    let heap = cx.heap_mut();
    let (handle, at) = heap.alloc(id, size as u64)?;
    if let Some(mut src) = args {
        for f in fields.iter() {
            write_field(heap, r, at + f.offset as usize, f.storage, src);
            src += f.storage.slots();
        }
    }
    r.set_u32(dst, handle);
    Ok(())
}

#[inline(always)]
pub(crate) fn struct_new(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, ty: u32, args: u32) -> Flow {
    let res = struct_new_slow(At::of(r), cx, dst, ty, Some(args));
    allocated(r, cx, res, crate::code::Opcode::StructNew)
}

#[inline(always)]
pub(crate) fn struct_new_default(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, ty: u32) -> Flow {
    let res = struct_new_slow(At::of(r), cx, dst, ty, None);
    allocated(r, cx, res, crate::code::Opcode::StructNewDefault)
}

/// The arena offset of the field at payload byte `off` of struct `obj`.
#[inline(always)]
fn field(r: &Regs<impl Mode>, cx: &Executor, obj: u32, off: u32) -> Result<usize, super::Exit> {
    let (at, _) = t(cx.heap().object(r.u32(obj), Trap::NullReference))?;
    Ok(at + off as usize)
}

macro_rules! struct_get {
    ($($name:ident: $s:ident, |$v:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, obj: u32, off: u32) -> Flow {
            let at = field(r, cx, obj, off)?;
            let $v = cx.heap().load(at, Storage::$s);
            r.set_u64(dst, $e);
            Ok(())
        }
    )*};
}

struct_get! {
    struct_get8_s: I8, |v| v as i8 as i32 as u32 as u64;
    struct_get8_u: I8, |v| v;
    struct_get16_s: I16, |v| v as i16 as i32 as u32 as u64;
    struct_get16_u: I16, |v| v;
    struct_get32: I32, |v| v;
    struct_get64: I64, |v| v;
}

#[inline(always)]
pub(crate) fn struct_get128(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, obj: u32, off: u32) -> Flow {
    let at = field(r, cx, obj, off)?;
    let (lo, hi) = (cx.heap().load(at, Storage::I64), cx.heap().load(at + 8, Storage::I64));
    r.set_u64(dst, lo);
    r.set_u64(dst + 1, hi);
    Ok(())
}

macro_rules! struct_set {
    ($($name:ident: $s:ident;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, obj: u32, off: u32, v: u32) -> Flow {
            let at = field(r, cx, obj, off)?;
            write_field(cx.heap_mut(), At::of(r), at, Storage::$s, v);
            Ok(())
        }
    )*};
}

struct_set! {
    struct_set8: I8;
    struct_set16: I16;
    struct_set32: I32;
    struct_set64: I64;
    struct_set128: V128;
}

/// The element storage of array type `id`.
fn elem_of(heap: &Heap, id: u32) -> Result<Storage, Trap> {
    match heap.layout(id) {
        Some(Layout::Array { elem }) => Ok(*elem),
        _ => Err(Trap::CastFailure),
    }
}

/// A new array of module type `ty` with `n` zeroed elements: its handle, element storage and
/// the arena offset of its first element.
fn new_array(r: At, cx: &mut Executor, ty: u32, n: u32) -> Result<(u32, Storage, usize), Trap> {
    let id = cx.type_id(ty)?;
    let elem = elem_of(cx.heap(), id)?;
    let bytes = ARRAY_HEADER as u64 + n as u64 * elem.size() as u64;
    before_alloc(r, cx, bytes);
    let heap = cx.heap_mut();
    let (handle, at) = heap.alloc(id, bytes)?;
    heap.store(at, Storage::I32, n as u64);
    Ok((handle, elem, at + ARRAY_HEADER))
}

#[inline(never)]
fn array_new_slow(r: At, cx: &mut Executor, dst: u32, ty: u32, init: Option<u32>, n: u32) -> Result<(), Trap> {
    let (handle, elem, at) = new_array(r, cx, ty, r.u32(n))?;
    if let Some(init) = init {
        let heap = cx.heap_mut();
        for i in 0..r.u32(n) as usize {
            write_field(heap, r, at + i * elem.size(), elem, init);
        }
    }
    r.set_u32(dst, handle);
    Ok(())
}

#[inline(always)]
pub(crate) fn array_new(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, ty: u32, init: u32, n: u32) -> Flow {
    let res = array_new_slow(At::of(r), cx, dst, ty, Some(init), n);
    allocated(r, cx, res, crate::code::Opcode::ArrayNew)
}

#[inline(always)]
pub(crate) fn array_new_default(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, ty: u32, n: u32) -> Flow {
    let res = array_new_slow(At::of(r), cx, dst, ty, None, n);
    allocated(r, cx, res, crate::code::Opcode::ArrayNewDefault)
}

#[inline(never)]
fn array_new_fixed_slow(r: At, cx: &mut Executor, dst: u32, ty: u32, args: u32, n: u32) -> Result<(), Trap> {
    let (handle, elem, at) = new_array(r, cx, ty, n)?;
    let heap = cx.heap_mut();
    for i in 0..n {
        write_field(heap, r, at + i as usize * elem.size(), elem, args + i * elem.slots());
    }
    r.set_u32(dst, handle);
    Ok(())
}

#[inline(always)]
pub(crate) fn array_new_fixed(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dst: u32,
    ty: u32,
    args: u32,
    n: u32,
) -> Flow {
    let res = array_new_fixed_slow(At::of(r), cx, dst, ty, args, n);
    allocated(r, cx, res, crate::code::Opcode::ArrayNewFixed)
}

/// Copies `n` elements from data segment `seg` at byte `s` to the arena at `at` (elements
/// little-endian in the segment, host order in the heap).
fn copy_data(cx: &mut Executor, seg: u32, s: u32, n: u32, elem: Storage, at: usize) -> Result<(), Trap> {
    let data = cx.instance_ref().datas.get(seg as usize).cloned().ok_or(Trap::MemoryOutOfBounds)?;
    let size = elem.size();
    let bytes = (n as u64) * size as u64;
    let end = (s as u64).checked_add(bytes).filter(|&e| e <= data.len() as u64).ok_or(Trap::MemoryOutOfBounds)?;
    let src = &data[s as usize..end as usize];
    let heap = cx.heap_mut();
    for (i, chunk) in src.chunks_exact(size).enumerate() {
        let mut w = [0u8; 16];
        w[..size].copy_from_slice(chunk);
        let v = u128::from_le_bytes(w);
        heap.store(at + i * size, elem, v as u64);
        if elem == Storage::V128 {
            heap.store(at + i * size + 8, Storage::I64, (v >> 64) as u64);
        }
    }
    Ok(())
}

/// Copies `n` references from element segment `seg` at `s` to the arena at `at`.
fn copy_elems(cx: &mut Executor, seg: u32, s: u32, n: u32, elem: Storage, at: usize) -> Result<(), Trap> {
    let elems = cx.instance_ref().elems.get(seg as usize).cloned().ok_or(Trap::TableOutOfBounds)?;
    let end = (s as u64).checked_add(n as u64).filter(|&e| e <= elems.len() as u64).ok_or(Trap::TableOutOfBounds)?;
    let heap = cx.heap_mut();
    for (i, &v) in elems[s as usize..end as usize].iter().enumerate() {
        heap.store(at + i * elem.size(), elem, v);
    }
    Ok(())
}

#[inline(never)]
fn array_new_data_slow(r: At, cx: &mut Executor, dst: u32, ty: u32, seg: u32, s: u32, n: u32) -> Result<(), Trap> {
    let (s, n) = (r.u32(s), r.u32(n));
    // Bounds first: a failed check allocates nothing.
    let elem = elem_of(cx.heap(), cx.type_id(ty)?)?;
    let len = cx.instance_ref().datas.get(seg as usize).map_or(0, |d| d.len() as u64);
    if s as u64 + n as u64 * elem.size() as u64 > len {
        return Err(Trap::MemoryOutOfBounds);
    }
    let (handle, elem, at) = new_array(r, cx, ty, n)?;
    copy_data(cx, seg, s, n, elem, at)?;
    r.set_u32(dst, handle);
    Ok(())
}

#[inline(always)]
pub(crate) fn array_new_data(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dst: u32,
    ty: u32,
    seg: u32,
    s: u32,
    n: u32,
) -> Flow {
    let res = array_new_data_slow(At::of(r), cx, dst, ty, seg, s, n);
    allocated(r, cx, res, crate::code::Opcode::ArrayNewData)
}

#[inline(never)]
fn array_new_elem_slow(r: At, cx: &mut Executor, dst: u32, ty: u32, seg: u32, s: u32, n: u32) -> Result<(), Trap> {
    let (s, n) = (r.u32(s), r.u32(n));
    let len = cx.instance_ref().elems.get(seg as usize).map_or(0, |e| e.len() as u64);
    if s as u64 + n as u64 > len {
        return Err(Trap::TableOutOfBounds);
    }
    let (handle, elem, at) = new_array(r, cx, ty, n)?;
    copy_elems(cx, seg, s, n, elem, at)?;
    r.set_u32(dst, handle);
    Ok(())
}

#[inline(always)]
pub(crate) fn array_new_elem(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dst: u32,
    ty: u32,
    seg: u32,
    s: u32,
    n: u32,
) -> Flow {
    let res = array_new_elem_slow(At::of(r), cx, dst, ty, seg, s, n);
    allocated(r, cx, res, crate::code::Opcode::ArrayNewElem)
}

/// The arena offset of element `i` (of `size` bytes) of array `arr`.
#[inline(always)]
fn element(r: &Regs<impl Mode>, cx: &Executor, arr: u32, i: u32, size: usize) -> Result<usize, super::Exit> {
    let (at, len) = t(cx.heap().array(r.u32(arr)))?;
    let i = r.u32(i);
    if i >= len {
        return Err(trap(Trap::ArrayOutOfBounds));
    }
    Ok(at + i as usize * size)
}

macro_rules! array_get {
    ($($name:ident: $s:ident, |$v:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, arr: u32, i: u32) -> Flow {
            let at = element(r, cx, arr, i, Storage::$s.size())?;
            let $v = cx.heap().load(at, Storage::$s);
            r.set_u64(dst, $e);
            Ok(())
        }
    )*};
}

array_get! {
    array_get8_s: I8, |v| v as i8 as i32 as u32 as u64;
    array_get8_u: I8, |v| v;
    array_get16_s: I16, |v| v as i16 as i32 as u32 as u64;
    array_get16_u: I16, |v| v;
    array_get32: I32, |v| v;
    array_get64: I64, |v| v;
}

#[inline(always)]
pub(crate) fn array_get128(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, arr: u32, i: u32) -> Flow {
    let at = element(r, cx, arr, i, 16)?;
    let (lo, hi) = (cx.heap().load(at, Storage::I64), cx.heap().load(at + 8, Storage::I64));
    r.set_u64(dst, lo);
    r.set_u64(dst + 1, hi);
    Ok(())
}

macro_rules! array_set {
    ($($name:ident: $s:ident;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, arr: u32, i: u32, v: u32) -> Flow {
            let at = element(r, cx, arr, i, Storage::$s.size())?;
            write_field(cx.heap_mut(), At::of(r), at, Storage::$s, v);
            Ok(())
        }
    )*};
}

array_set! {
    array_set8: I8;
    array_set16: I16;
    array_set32: I32;
    array_set64: I64;
    array_set128: V128;
}

#[inline(always)]
pub(crate) fn array_len(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, arr: u32) -> Flow {
    let (_, len) = t(cx.heap().array(r.u32(arr)))?;
    r.set_u32(dst, len);
    Ok(())
}

#[inline(never)]
fn array_fill_slow(r: At, cx: &mut Executor, ty: u32, arr: u32, d: u32, v: u32, n: u32) -> Result<(), Trap> {
    let elem = elem_of(cx.heap(), cx.type_id(ty)?)?;
    let (at, len) = cx.heap().array(r.u32(arr))?;
    let range = Heap::elems(at, len, r.u32(d), r.u32(n), elem.size())?;
    let heap = cx.heap_mut();
    for at in range.step_by(elem.size()) {
        write_field(heap, r, at, elem, v);
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn array_fill(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    ty: u32,
    arr: u32,
    d: u32,
    v: u32,
    n: u32,
) -> Flow {
    t(array_fill_slow(At::of(r), cx, ty, arr, d, v, n))
}

#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn array_copy_slow(
    r: At,
    cx: &mut Executor,
    ty: u32,
    dst_arr: u32,
    d: u32,
    src: u32,
    s: u32,
    n: u32,
) -> Result<(), Trap> {
    let size = elem_of(cx.heap(), cx.type_id(ty)?)?.size();
    let n = r.u32(n);
    let (dat, dlen) = cx.heap().array(r.u32(dst_arr))?;
    let (sat, slen) = cx.heap().array(r.u32(src))?;
    let to = Heap::elems(dat, dlen, r.u32(d), n, size)?;
    let from = Heap::elems(sat, slen, r.u32(s), n, size)?;
    // Element sizes match (the validator checked the types), so one byte move does it,
    // overlapping ranges included.
    cx.heap_mut().arena.copy_within(from, to.start);
    Ok(())
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn array_copy(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    ty: u32,
    dst_arr: u32,
    d: u32,
    src: u32,
    s: u32,
    n: u32,
) -> Flow {
    t(array_copy_slow(At::of(r), cx, ty, dst_arr, d, src, s, n))
}

#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn array_init_data_slow(
    r: At,
    cx: &mut Executor,
    ty: u32,
    seg: u32,
    arr: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Result<(), Trap> {
    let elem = elem_of(cx.heap(), cx.type_id(ty)?)?;
    let (at, len) = cx.heap().array(r.u32(arr))?;
    let n = r.u32(n);
    let to = Heap::elems(at, len, r.u32(d), n, elem.size())?;
    copy_data(cx, seg, r.u32(s), n, elem, to.start)
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn array_init_data(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    ty: u32,
    seg: u32,
    arr: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Flow {
    t(array_init_data_slow(At::of(r), cx, ty, seg, arr, d, s, n))
}

#[inline(never)]
fn array_init_elem_slow(r: At, cx: &mut Executor, seg: u32, arr: u32, d: u32, s: u32, n: u32) -> Result<(), Trap> {
    let handle = r.u32(arr);
    let (at, len) = cx.heap().array(handle)?;
    let (_, ty) = cx.heap().object(handle, Trap::NullReference)?;
    let elem = elem_of(cx.heap(), ty)?;
    let n = r.u32(n);
    let to = Heap::elems(at, len, r.u32(d), n, elem.size())?;
    copy_elems(cx, seg, r.u32(s), n, elem, to.start)
}

#[inline(always)]
pub(crate) fn array_init_elem(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    seg: u32,
    arr: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Flow {
    t(array_init_elem_slow(At::of(r), cx, seg, arr, d, s, n))
}
