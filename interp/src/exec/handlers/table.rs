//! Tables and references.

use super::{Executor, Exit, Flow, Mode, Regs, trap};
use crate::Trap;
use crate::exec::Pending;
use crate::vm::{InstanceCtx, Table};

#[inline(always)]
fn table(cx: &mut Executor, t: u32) -> &mut Table {
    // SAFETY: table pointers of a live instance are live and not otherwise borrowed while a
    // handler runs; `t` was validated.
    let ptr = cx.instance_ref().tables[t as usize];
    // SAFETY: see above.
    unsafe { &mut *ptr }
}

#[inline(always)]
fn oob() -> Exit {
    trap(Trap::TableOutOfBounds)
}

#[inline(always)]
pub(crate) fn table_get(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, t: u32, idx: u32) -> Flow {
    let tab = table(cx, t);
    let i = tab.index(r.u64(idx));
    let v = *usize::try_from(i).ok().and_then(|i| tab.elems.get(i)).ok_or_else(oob)?;
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_set(r: &mut Regs<impl Mode>, cx: &mut Executor, t: u32, idx: u32, v: u32) -> Flow {
    let v = r.u64(v);
    let tab = table(cx, t);
    let i = tab.index(r.u64(idx));
    *usize::try_from(i).ok().and_then(|i| tab.elems.get_mut(i)).ok_or_else(oob)? = v;
    Ok(())
}

#[inline(always)]
pub(crate) fn table_size(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, t: u32) -> Flow {
    let n = table(cx, t).elems.len() as u64;
    r.set_u64(dst, n);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_grow(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, t: u32, init: u32, delta: u32) -> Flow {
    let init = r.u64(init);
    let host_grow = cx.host_grow;
    let tab = table(cx, t);
    let (delta, index64) = (tab.index(r.u64(delta)), tab.index64);
    if host_grow {
        cx.pending = Pending::TableGrow { table: t, delta, init, dst: r.slot_ptr(dst) };
        return Err(Exit::Host);
    }
    let old = u32::try_from(delta).ok().and_then(|delta| tab.grow(delta, init));
    super::mem::set_index(r, dst, index64, old.map(u64::from));
    Ok(())
}

#[inline(always)]
fn range(start: u64, n: u64, len: usize) -> Result<core::ops::Range<usize>, Exit> {
    super::range64(start, n, len, Trap::TableOutOfBounds)
}

#[inline(always)]
pub(crate) fn table_fill(r: &mut Regs<impl Mode>, cx: &mut Executor, t: u32, d: u32, v: u32, n: u32) -> Flow {
    let v = r.u64(v);
    let tab = table(cx, t);
    let (d, n) = (tab.index(r.u64(d)), tab.index(r.u64(n)));
    let range = range(d, n, tab.elems.len())?;
    tab.elems[range].fill(v);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_copy(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dst_t: u32,
    src_t: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Flow {
    let (dst_ptr, src_ptr) = (cx.instance_ref().tables[dst_t as usize], cx.instance_ref().tables[src_t as usize]);
    // SAFETY: table pointers of a live instance are live. Two indices may name one table (an
    // imported table twice), so only shared references are made and the copy goes through raw
    // pointers with overlap allowed.
    let (dst_tab, src_tab) = unsafe { (&*dst_ptr, &*src_ptr) };
    let d = dst_tab.index(r.u64(d));
    let s = src_tab.index(r.u64(s));
    // The length has the smaller of the two index types.
    let n = if dst_tab.index64 && src_tab.index64 { r.u64(n) } else { r.u32(n) as u64 };
    let src = range(s, n, src_tab.elems.len())?;
    let dst = range(d, n, dst_tab.elems.len())?;
    // SAFETY: both ranges were checked against their tables; `copy` allows overlap.
    unsafe {
        let from = (*src_ptr).elems.as_ptr().add(src.start);
        let to = (*dst_ptr).elems.as_mut_ptr().add(dst.start);
        core::ptr::copy(from, to, dst.len());
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn table_init(r: &mut Regs<impl Mode>, cx: &mut Executor, t: u32, seg: u32, d: u32, s: u32, n: u32) -> Flow {
    let (s, n) = (r.u32(s) as u64, r.u32(n) as u64);
    // Borrowed, not cloned: an `Arc` clone is a local with a destructor, and on s390x with
    // codegen-units=16 that kept the next handler's call from becoming a jump (wasmi's
    // torture.wast overflowed the host stack under qemu).
    let inst = cx.instance_ref();
    let (elems, tab_ptr) = (&inst.elems[seg as usize], inst.tables[t as usize]);
    let src = range(s, n, elems.len())?;
    // SAFETY: table pointers of a live instance are live; a table is not the segment storage
    // borrowed above, and nothing else borrows it while a handler runs.
    let tab = unsafe { &mut *tab_ptr };
    let d = tab.index(r.u64(d));
    let dst = range(d, n, tab.elems.len())?;
    tab.elems[dst].copy_from_slice(&elems[src]);
    Ok(())
}

#[inline(always)]
pub(crate) fn elem_drop(_r: &mut Regs<impl Mode>, cx: &mut Executor, seg: u32) -> Flow {
    // SAFETY: the instance is live and only the executor mutates it during a run.
    let inst = unsafe { &mut *(cx.inst as *mut InstanceCtx) };
    inst.elems[seg as usize] = alloc::sync::Arc::from(&[][..]);
    Ok(())
}

#[inline(always)]
pub(crate) fn ref_func(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, func: u32) -> Flow {
    let idx = cx.instance_ref().funcs[func as usize];
    r.set_u64(dst, idx as u64 + 1);
    Ok(())
}
