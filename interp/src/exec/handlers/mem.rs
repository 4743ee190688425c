//! Linear memory 0: loads and stores with the bounds check folded in, size/grow and bulk ops.

use super::{Executor, Exit, Flow, Regs, trap};
use crate::Trap;
use crate::exec::Pending;

/// The effective address of an access of `size` bytes, or a trap.
#[inline(always)]
pub(super) fn effective(r: &Regs, a: u32, off: u32, size: u64) -> Result<usize, Exit> {
    let ea = r.u32(a) as u64 + off as u64;
    if ea + size > r.len as u64 {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    Ok(ea as usize)
}

macro_rules! loads {
    ($($name:ident: $n:literal => |$b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, off: u32) -> Flow {
            let ea = effective(r, a, off, $n)?;
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
        pub(crate) fn $name(r: &mut Regs, _cx: &mut Executor, a: u32, off: u32, v: u32) -> Flow {
            let ea = effective(r, a, off, $n)?;
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
pub(crate) fn memory_size(r: &mut Regs, cx: &mut Executor, dst: u32) -> Flow {
    let pages = memory(cx).pages();
    r.set_u32(dst, pages as u32);
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_grow(r: &mut Regs, cx: &mut Executor, dst: u32, delta: u32) -> Flow {
    let delta = r.u32(delta);
    if cx.host_grow {
        cx.pending = Pending::MemoryGrow { delta, dst: r.slot_ptr(dst) };
        return Err(Exit::Host);
    }
    let mem = memory(cx);
    let old = mem.grow(delta as u64).map_or(u32::MAX, |p| p as u32);
    r.mem = mem.data.as_mut_ptr();
    r.len = mem.data.len();
    r.set_u32(dst, old);
    Ok(())
}

/// Checks `start + n <= len` without overflow.
#[inline(always)]
fn in_bounds(start: u32, n: u32, len: usize) -> bool {
    start as u64 + n as u64 <= len as u64
}

#[inline(always)]
pub(crate) fn memory_fill(r: &mut Regs, _cx: &mut Executor, d: u32, v: u32, n: u32) -> Flow {
    let (d, v, n) = (r.u32(d), r.u32(v) as u8, r.u32(n));
    if !in_bounds(d, n, r.len) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: `d + n <= len` checked above.
    unsafe { core::ptr::write_bytes(r.mem.add(d as usize), v, n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_copy(r: &mut Regs, _cx: &mut Executor, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    if !in_bounds(d, n, r.len) || !in_bounds(s, n, r.len) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: both ranges checked above; `copy` allows overlap.
    unsafe { core::ptr::copy(r.mem.add(s as usize), r.mem.add(d as usize), n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn memory_init(r: &mut Regs, cx: &mut Executor, seg: u32, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    let data = &cx.instance_ref().datas[seg as usize];
    if !in_bounds(d, n, r.len) || !in_bounds(s, n, data.len()) {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    // SAFETY: both ranges checked above; a segment never aliases linear memory.
    unsafe { core::ptr::copy_nonoverlapping(data.as_ptr().add(s as usize), r.mem.add(d as usize), n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn data_drop(_r: &mut Regs, cx: &mut Executor, seg: u32) -> Flow {
    // SAFETY: the instance is live and only the executor mutates it during a run.
    let inst = unsafe { &mut *(cx.inst as *mut crate::vm::InstanceCtx) };
    inst.datas[seg as usize] = alloc::sync::Arc::from(&[][..]);
    Ok(())
}
