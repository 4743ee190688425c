//! Linear memories: loads and stores of memory 0 with the bounds check folded in, size/grow
//! and bulk ops; the window that points those loads and stores at any other memory (or a
//! 64-bit one), and the bulk ops of any memory.

use super::{Executor, Exit, Flow, Mode, Regs, trap};
use crate::Trap;
use crate::exec::Pending;
use crate::vm::Memory;

/// The effective address of an access of `size` bytes, or a trap.
#[inline(always)]
pub(super) fn effective(r: &Regs<impl Mode>, cx: &Executor, a: u32, off: u32, size: u64) -> Result<usize, Exit> {
    let ea = r.u32(a) as u64 + off as u64;
    if ea + size > cx.mem_len as u64 {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    Ok(ea as usize)
}

macro_rules! loads {
    ($($name:ident: $n:literal => |$b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, a: u32, off: u32) -> Flow {
            let ea = effective(r, cx, a, off, $n)?;
            // SAFETY: `ea + n <= len` was checked above and `mem..mem+len` is memory 0.
            let $b: [u8; $n] = unsafe { (r.mem.add(ea) as *const [u8; $n]).read_unaligned() };
            r.set_u64(dst, $e);
            Ok(())
        }
    )*};
}

loads! {
    load32: 4 => |b| u32::from_le_bytes(b) as u64;
    load64: 8 => |b| u64::from_le_bytes(b);
    i32_load8_s: 1 => |b| b[0] as i8 as i32 as u32 as u64;
    i32_load8_u: 1 => |b| b[0] as u64;
    i32_load16_s: 2 => |b| i16::from_le_bytes(b) as i32 as u32 as u64;
    i32_load16_u: 2 => |b| u16::from_le_bytes(b) as u64;
    i64_load8_s: 1 => |b| b[0] as i8 as i64 as u64;
    i64_load16_s: 2 => |b| i16::from_le_bytes(b) as i64 as u64;
    i64_load32_s: 4 => |b| i32::from_le_bytes(b) as i64 as u64;
}

macro_rules! stores {
    ($($name:ident: $n:literal => |$v:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, a: u32, off: u32, v: u32) -> Flow {
            let ea = effective(r, cx, a, off, $n)?;
            let $v = r.u64(v);
            let bytes: [u8; $n] = $e;
            // SAFETY: `ea + n <= len` was checked above and `mem..mem+len` is memory 0.
            unsafe { (r.mem.add(ea) as *mut [u8; $n]).write_unaligned(bytes) };
            Ok(())
        }
    )*};
}

stores! {
    store32: 4 => |v| (v as u32).to_le_bytes();
    store64: 8 => |v| v.to_le_bytes();
    store8: 1 => |v| [v as u8];
    store16: 2 => |v| (v as u16).to_le_bytes();
}

#[inline(always)]
fn memory(cx: &mut Executor) -> &mut crate::vm::Memory {
    // SAFETY: validation guarantees memory 0 exists for memory ops; it is live and not
    // otherwise borrowed while a handler runs.
    unsafe { &mut *cx.instance_ref().memory.unwrap_unchecked() }
}

#[inline(always)]
pub(crate) fn memory_size(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32) -> Flow {
    let pages = memory(cx).pages();
    r.set_u32(dst, pages as u32);
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_grow(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, delta: u32) -> Flow {
    let delta = r.u32(delta);
    if cx.host_grow {
        cx.pending = Pending::MemoryGrow { memory: 0, delta: delta as u64, dst: r.slot_ptr(dst) };
        return Err(Exit::Host);
    }
    let mem = memory(cx);
    let old = mem.grow(delta as u64).map_or(u32::MAX, |p| p as u32);
    r.mem = mem.data.as_mut_ptr();
    cx.mem_len = mem.data.len();
    r.set_u32(dst, old);
    Ok(())
}

/// Checks `start + n <= len` without overflow.
#[inline(always)]
fn in_bounds(start: u32, n: u32, len: usize) -> bool {
    start as u64 + n as u64 <= len as u64
}

#[inline(always)]
pub(crate) fn memory_fill(r: &mut Regs<impl Mode>, cx: &mut Executor, d: u32, v: u32, n: u32) -> Flow {
    let (d, v, n) = (r.u32(d), r.u32(v) as u8, r.u32(n));
    if !in_bounds(d, n, cx.mem_len) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: `d + n <= len` checked above.
    unsafe { core::ptr::write_bytes(r.mem.add(d as usize), v, n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_copy(r: &mut Regs<impl Mode>, cx: &mut Executor, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    if !in_bounds(d, n, cx.mem_len) || !in_bounds(s, n, cx.mem_len) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: both ranges checked above; `copy` allows overlap.
    unsafe { core::ptr::copy(r.mem.add(s as usize), r.mem.add(d as usize), n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_init(r: &mut Regs<impl Mode>, cx: &mut Executor, seg: u32, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    let data = &cx.instance_ref().datas[seg as usize];
    if !in_bounds(d, n, cx.mem_len) || !in_bounds(s, n, data.len()) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: both ranges checked above; a segment never aliases linear memory.
    unsafe { core::ptr::copy_nonoverlapping(data.as_ptr().add(s as usize), r.mem.add(d as usize), n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn data_drop(_r: &mut Regs<impl Mode>, cx: &mut Executor, seg: u32) -> Flow {
    // SAFETY: the instance is live and only the executor mutates it during a run.
    let inst = unsafe { &mut *(cx.inst as *mut crate::vm::InstanceCtx) };
    inst.datas[seg as usize] = alloc::sync::Arc::from(&[][..]);
    Ok(())
}

#[inline(always)]
fn memory_m(cx: &mut Executor, m: u32) -> &mut Memory {
    // SAFETY: memory pointers of a live instance are live and not otherwise borrowed while a
    // handler runs; `m` was validated.
    unsafe { &mut *cx.memory_at(m) }
}

#[inline(always)]
fn oob() -> Exit {
    trap(Trap::MemoryOutOfBounds)
}

/// `start..start + n` as a range of a memory (or data segment) of `len` bytes, or a trap.
#[inline(always)]
fn range64(start: u64, n: u64, len: usize) -> Result<core::ops::Range<usize>, Exit> {
    super::range64(start, n, len, Trap::MemoryOutOfBounds)
}

#[inline(always)]
pub(crate) fn mem_window(r: &mut Regs<impl Mode>, cx: &mut Executor, m: u32, a: u32, off: u64, tmp: u32) -> Flow {
    let mem = memory_m(cx, m);
    let ea = mem.address(r.u64(a)).checked_add(off).ok_or_else(oob)?;
    let len = mem.data.len();
    if ea > len as u64 {
        return Err(oob());
    }
    // In bounds (checked above): the window is the memory's tail from `ea`.
    r.mem = mem.data.as_mut_ptr().wrapping_add(ea as usize);
    cx.mem_len = len - ea as usize;
    r.set_u64(tmp, 0);
    Ok(())
}

#[inline(always)]
pub(crate) fn mem_restore(r: &mut Regs<impl Mode>, cx: &mut Executor) -> Flow {
    (r.mem, cx.mem_len) = cx.memory_of(cx.inst);
    Ok(())
}

/// Writes a size or old size (`None`: -1) in the index type of memory or table `index64`.
#[inline(always)]
pub(super) fn set_index(r: &mut Regs<impl Mode>, dst: u32, index64: bool, v: Option<u64>) {
    match (v, index64) {
        (Some(v), _) => r.set_u64(dst, v),
        (None, true) => r.set_u64(dst, u64::MAX),
        (None, false) => r.set_u64(dst, u32::MAX as u64),
    }
}

#[inline(always)]
pub(crate) fn memory_size_m(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, m: u32) -> Flow {
    let pages = memory_m(cx, m).pages();
    r.set_u64(dst, pages);
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_grow_m(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, m: u32, delta: u32) -> Flow {
    let host_grow = cx.host_grow;
    let mem = memory_m(cx, m);
    let delta = mem.address(r.u64(delta));
    if host_grow {
        cx.pending = Pending::MemoryGrow { memory: m, delta, dst: r.slot_ptr(dst) };
        return Err(Exit::Host);
    }
    let index64 = mem.index64;
    let old = mem.grow(delta);
    set_index(r, dst, index64, old);
    (r.mem, cx.mem_len) = cx.memory_of(cx.inst);
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_fill_m(r: &mut Regs<impl Mode>, cx: &mut Executor, m: u32, d: u32, v: u32, n: u32) -> Flow {
    let mem = memory_m(cx, m);
    let (d, v, n) = (mem.address(r.u64(d)), r.u32(v) as u8, mem.address(r.u64(n)));
    let range = range64(d, n, mem.data.len())?;
    mem.data[range].fill(v);
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_copy_m(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dm: u32,
    sm: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Flow {
    let (dst, src) = (cx.memory_at(dm), cx.memory_at(sm));
    // SAFETY: memory pointers of a live instance are live; only raw pointers are used where
    // the two memories may be one.
    let (dst_mem, src_mem) = unsafe { (&*dst, &*src) };
    let d = dst_mem.address(r.u64(d));
    let s = src_mem.address(r.u64(s));
    // The length has the smaller of the two index types.
    let n = if dst_mem.index64 && src_mem.index64 { r.u64(n) } else { r.u32(n) as u64 };
    let dr = range64(d, n, dst_mem.data.len())?;
    let sr = range64(s, n, src_mem.data.len())?;
    // SAFETY: both ranges are inside their memories (checked above); `copy` allows overlap
    // when both are the same memory.
    unsafe {
        let from = (*src).data.as_ptr().add(sr.start);
        let to = (*dst).data.as_mut_ptr().add(dr.start);
        core::ptr::copy(from, to, dr.len());
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_init_m(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    m: u32,
    seg: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Flow {
    let mem = cx.memory_at(m);
    // SAFETY: as in `memory_m`.
    let mem = unsafe { &mut *mem };
    let d = mem.address(r.u64(d));
    let (s, n) = (r.u32(s) as u64, r.u32(n) as u64);
    let data = &cx.instance_ref().datas[seg as usize];
    let dr = range64(d, n, mem.data.len())?;
    let sr = range64(s, n, data.len())?;
    mem.data[dr].copy_from_slice(&data[sr]);
    Ok(())
}
