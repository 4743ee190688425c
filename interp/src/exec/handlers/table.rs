//! Tables and references.

use super::{Executor, Exit, Flow, Regs, trap};
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
pub(crate) fn table_get(r: &mut Regs, cx: &mut Executor, dst: u32, t: u32, idx: u32) -> Flow {
    let v = *table(cx, t).elems.get(r.u32(idx) as usize).ok_or_else(oob)?;
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_set(r: &mut Regs, cx: &mut Executor, t: u32, idx: u32, v: u32) -> Flow {
    let v = r.u64(v);
    *table(cx, t).elems.get_mut(r.u32(idx) as usize).ok_or_else(oob)? = v;
    Ok(())
}

#[inline(always)]
pub(crate) fn table_size(r: &mut Regs, cx: &mut Executor, dst: u32, t: u32) -> Flow {
    let n = table(cx, t).elems.len() as u32;
    r.set_u32(dst, n);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_grow(r: &mut Regs, cx: &mut Executor, dst: u32, t: u32, init: u32, delta: u32) -> Flow {
    let (init, delta) = (r.u64(init), r.u32(delta));
    if cx.host_grow {
        cx.pending = Pending::TableGrow { table: t, delta, init, dst: r.slot_ptr(dst) };
        return Err(Exit::Host);
    }
    let old = table(cx, t).grow(delta, init).unwrap_or(u32::MAX);
    r.set_u32(dst, old);
    Ok(())
}

#[inline(always)]
fn range(start: u32, n: u32, len: usize) -> Result<core::ops::Range<usize>, Exit> {
    let end = start as u64 + n as u64;
    if end > len as u64 {
        return Err(oob());
    }
    Ok(start as usize..end as usize)
}

#[inline(always)]
pub(crate) fn table_fill(r: &mut Regs, cx: &mut Executor, t: u32, d: u32, v: u32, n: u32) -> Flow {
    let (d, v, n) = (r.u32(d), r.u64(v), r.u32(n));
    let tab = table(cx, t);
    let range = range(d, n, tab.elems.len())?;
    tab.elems[range].fill(v);
    Ok(())
}

#[inline(always)]
pub(crate) fn table_copy(r: &mut Regs, cx: &mut Executor, dst_t: u32, src_t: u32, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    if dst_t == src_t {
        let tab = table(cx, dst_t);
        let src = range(s, n, tab.elems.len())?;
        range(d, n, tab.elems.len())?;
        tab.elems.copy_within(src, d as usize);
    } else {
        let src_tab = table(cx, src_t);
        let src = range(s, n, src_tab.elems.len())?;
        // SAFETY: distinct table indices of one instance can still name one table (an
        // imported table twice), so copy through a raw pointer with overlap allowed.
        let (src_ptr, _) = (src_tab.elems.as_ptr().wrapping_add(src.start), ());
        let dst_tab = table(cx, dst_t);
        let dst = range(d, n, dst_tab.elems.len())?;
        // SAFETY: both ranges were checked against their tables; `copy` allows overlap.
        unsafe { core::ptr::copy(src_ptr, dst_tab.elems.as_mut_ptr().add(dst.start), n as usize) };
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn table_init(r: &mut Regs, cx: &mut Executor, t: u32, seg: u32, d: u32, s: u32, n: u32) -> Flow {
    let (d, s, n) = (r.u32(d), r.u32(s), r.u32(n));
    let elems = cx.instance_ref().elems[seg as usize].clone();
    let src = range(s, n, elems.len())?;
    let tab = table(cx, t);
    let dst = range(d, n, tab.elems.len())?;
    tab.elems[dst].copy_from_slice(&elems[src]);
    Ok(())
}

#[inline(always)]
pub(crate) fn elem_drop(_r: &mut Regs, cx: &mut Executor, seg: u32) -> Flow {
    // SAFETY: the instance is live and only the executor mutates it during a run.
    let inst = unsafe { &mut *(cx.inst as *mut InstanceCtx) };
    inst.elems[seg as usize] = alloc::sync::Arc::from(&[][..]);
    Ok(())
}

#[inline(always)]
pub(crate) fn ref_func(r: &mut Regs, cx: &mut Executor, dst: u32, func: u32) -> Flow {
    let idx = cx.instance_ref().funcs[func as usize];
    r.set_u64(dst, idx as u64 + 1);
    Ok(())
}
