//! Control flow, calls, data movement and globals.

use super::{Executor, Exit, Flow, Mode, Regs, trap};
use crate::Trap;
use crate::exec::Pending;

#[inline(always)]
pub(crate) fn unreachable(_r: &mut Regs<impl Mode>, _cx: &mut Executor) -> Flow {
    Err(trap(Trap::UnreachableCodeReached))
}

#[inline(always)]
pub(crate) fn lazy_compile(_r: &mut Regs<impl Mode>, cx: &mut Executor) -> Flow {
    cx.pending = Pending::Compile;
    Err(Exit::Host)
}

/// Counts one call of function `func`, and leaves for the embedder when the count runs out.
#[inline(always)]
pub(crate) fn tier_count(_r: &mut Regs<impl Mode>, cx: &mut Executor, func: u32) -> Flow {
    let code = cx.instance_ref().direct(func);
    // SAFETY: direct code pointers are the registry's, live while the store is.
    let Some(code) = (unsafe { code.as_ref() }) else { return Ok(()) };
    let count = &code.tier.count;
    let n = count.load(core::sync::atomic::Ordering::Relaxed);
    // 2..=MAX-1 counts down; MAX is parked (compiling, or never): left alone, so that the
    // embedder's store of 0 when native code is ready cannot be overwritten by a decrement.
    if n.wrapping_sub(2) < u32::MAX - 2 {
        count.store(n - 1, core::sync::atomic::Ordering::Relaxed);
        return Ok(());
    }
    if n == u32::MAX || !cx.tier_up {
        return Ok(());
    }
    cx.pending = Pending::TierUp { at: crate::exec::ENTRY };
    Err(Exit::Host)
}

/// Counts one iteration of an outermost loop against the executor's loop budget, and leaves
/// for the embedder when it runs out.
#[inline(always)]
pub(crate) fn tier_loop(_r: &mut Regs<impl Mode>, cx: &mut Executor, at: u32) -> Flow {
    let left = cx.loop_budget;
    if left > 1 {
        cx.loop_budget = left - 1;
        return Ok(());
    }
    if !cx.tier_up {
        cx.loop_budget = u32::MAX;
        return Ok(());
    }
    cx.pending = Pending::TierUp { at };
    Err(Exit::Host)
}

#[inline(always)]
pub(crate) fn br(r: &mut Regs<impl Mode>, _cx: &mut Executor, to: *const u32) -> Flow {
    r.ip = to;
    Ok(())
}

#[inline(always)]
pub(crate) fn br_if_nez(r: &mut Regs<impl Mode>, _cx: &mut Executor, c: u32, to: *const u32) -> Flow {
    r.branch_if(r.u32(c) != 0, to);
    Ok(())
}

#[inline(always)]
pub(crate) fn br_if_eqz(r: &mut Regs<impl Mode>, _cx: &mut Executor, c: u32, to: *const u32) -> Flow {
    r.branch_if(r.u32(c) == 0, to);
    Ok(())
}

#[inline(always)]
pub(crate) fn br_table(r: &mut Regs<impl Mode>, _cx: &mut Executor, idx: u32, len: u32) -> Flow {
    let i = r.u32(idx).min(len) as usize;
    // SAFETY: `len + 1` offset words follow the op (translator invariant); each offset is
    // relative to its own word and lands inside the function.
    unsafe {
        let entry = r.ip.add(i);
        r.ip = entry.offset(*entry as i32 as isize);
    }
    Ok(())
}

macro_rules! cmp_branches {
    ($get:ident, $imm:ty; $($name:ident, $name_imm:ident => |$a:ident, $b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, a: u32, b: u32, to: *const u32) -> Flow {
            let $a = r.$get(a);
            let $b = r.$get(b);
            r.branch_if($e, to);
            Ok(())
        }
        #[inline(always)]
        pub(crate) fn $name_imm(r: &mut Regs<impl Mode>, _cx: &mut Executor, a: u32, imm: $imm, to: *const u32) -> Flow {
            let $a = r.$get(a);
            let $b = imm;
            r.branch_if($e, to);
            Ok(())
        }
    )*};
}

cmp_branches! { u32, u32;
    br_i32_eq, br_i32_eq_imm => |a, b| a == b;
    br_i32_ne, br_i32_ne_imm => |a, b| a != b;
    br_i32_lt_s, br_i32_lt_s_imm => |a, b| (a as i32) < (b as i32);
    br_i32_lt_u, br_i32_lt_u_imm => |a, b| a < b;
    br_i32_gt_s, br_i32_gt_s_imm => |a, b| (a as i32) > (b as i32);
    br_i32_gt_u, br_i32_gt_u_imm => |a, b| a > b;
    br_i32_le_s, br_i32_le_s_imm => |a, b| (a as i32) <= (b as i32);
    br_i32_le_u, br_i32_le_u_imm => |a, b| a <= b;
    br_i32_ge_s, br_i32_ge_s_imm => |a, b| (a as i32) >= (b as i32);
    br_i32_ge_u, br_i32_ge_u_imm => |a, b| a >= b;
}

cmp_branches! { u64, u64;
    br_i64_eq, br_i64_eq_imm => |a, b| a == b;
    br_i64_ne, br_i64_ne_imm => |a, b| a != b;
    br_i64_lt_s, br_i64_lt_s_imm => |a, b| (a as i64) < (b as i64);
    br_i64_lt_u, br_i64_lt_u_imm => |a, b| a < b;
    br_i64_gt_s, br_i64_gt_s_imm => |a, b| (a as i64) > (b as i64);
    br_i64_gt_u, br_i64_gt_u_imm => |a, b| a > b;
    br_i64_le_s, br_i64_le_s_imm => |a, b| (a as i64) <= (b as i64);
    br_i64_le_u, br_i64_le_u_imm => |a, b| a <= b;
    br_i64_ge_s, br_i64_ge_s_imm => |a, b| (a as i64) >= (b as i64);
    br_i64_ge_u, br_i64_ge_u_imm => |a, b| a >= b;
}

#[inline(always)]
pub(crate) fn br_if_nez_copy(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    c: u32,
    dst: u32,
    src: u32,
    to: *const u32,
) -> Flow {
    let taken = r.u32(c) != 0;
    if taken {
        let v = r.u64(src);
        r.set_u64(dst, v);
    }
    r.branch_if(taken, to);
    Ok(())
}

#[inline(always)]
pub(crate) fn ret(r: &mut Regs<impl Mode>, cx: &mut Executor, src: u32, n: u32) -> Flow {
    // Results move without a call to `memmove`: a call would make the tail handler save and
    // restore callee-saved registers every time it runs.
    if n == 1 {
        let v = r.u64(src);
        r.set_u64(0, v);
    } else if src != 0 {
        move_results(r.fp, src, n);
    }
    cx.return_to_caller(r)
}

/// Moves `n` results from `fp[src..]` down to `fp[0..]` (`src > 0`, so a forward copy is
/// right for overlapping ranges) with a plain loop: no call (see `ret`). The accesses are
/// volatile only so that the compiler does not turn the loop back into a `memmove` call.
#[inline(always)]
fn move_results(fp: *mut u64, src: u32, n: u32) {
    for i in 0..n as usize {
        // SAFETY: both ranges lie in the frame (translator invariant).
        unsafe { fp.add(i).write_volatile(fp.add(src as usize + i).read_volatile()) };
    }
}

#[inline(always)]
pub(crate) fn call(r: &mut Regs<impl Mode>, cx: &mut Executor, func: u32, base: u32) -> Flow {
    match cx.callee(func) {
        (idx, Some(code)) => {
            let instance = cx.inst;
            cx.call_wasm(r, idx, code, instance, base)
        }
        (idx, None) => cx.call_registry(r, idx, base),
    }
}

#[inline(always)]
pub(crate) fn call_indirect(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    ty: u32,
    table: u32,
    idx: u32,
    base: u32,
) -> Flow {
    let func = indirect_target(r, cx, ty, table, idx)?;
    cx.call_registry(r, func, base)
}

#[inline(always)]
pub(crate) fn return_call(r: &mut Regs<impl Mode>, cx: &mut Executor, func: u32, base: u32) -> Flow {
    match cx.callee(func) {
        (idx, Some(code)) => {
            let instance = cx.inst;
            cx.tail_call_wasm(r, idx, code, instance, base)
        }
        (idx, None) => cx.tail_call_registry(r, idx, base),
    }
}

#[inline(always)]
pub(crate) fn return_call_indirect(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    ty: u32,
    table: u32,
    idx: u32,
    base: u32,
) -> Flow {
    let func = indirect_target(r, cx, ty, table, idx)?;
    cx.tail_call_registry(r, func, base)
}

#[inline(always)]
pub(crate) fn call_ref(r: &mut Regs<impl Mode>, cx: &mut Executor, f: u32, base: u32) -> Flow {
    let func = non_null(r, f)?;
    cx.call_registry(r, func, base)
}

#[inline(always)]
pub(crate) fn return_call_ref(r: &mut Regs<impl Mode>, cx: &mut Executor, f: u32, base: u32) -> Flow {
    let func = non_null(r, f)?;
    cx.tail_call_registry(r, func, base)
}

#[inline(always)]
pub(crate) fn ref_as_non_null(r: &mut Regs<impl Mode>, _cx: &mut Executor, a: u32) -> Flow {
    non_null(r, a).map(drop)
}

#[inline(always)]
pub(crate) fn throw(r: &mut Regs<impl Mode>, cx: &mut Executor, tag: u32, base: u32, n: u32) -> Flow {
    match cx.new_exception(r.fp, r.ip, tag, base, n) {
        Ok(exn) => cx.throw_existing(exn),
        // A heap at its limit: the embedder's limiter may raise it, then `throw` runs again.
        res => super::gc::allocated(r, cx, res.map(drop), crate::code::Opcode::Throw),
    }
}

#[inline(always)]
pub(crate) fn throw_ref(r: &mut Regs<impl Mode>, cx: &mut Executor, e: u32) -> Flow {
    match r.u64(e) {
        0 => Err(trap(Trap::NullReference)),
        exn => cx.throw_existing(exn as u32),
    }
}

/// The registry index of the function reference in slot `s`, or a null-reference trap (the
/// validator checked its type, so no signature check is needed).
#[inline(always)]
fn non_null(r: &Regs<impl Mode>, s: u32) -> Result<u32, Exit> {
    match r.u64(s) {
        0 => Err(trap(Trap::NullReference)),
        bits => Ok((bits - 1) as u32),
    }
}

#[inline(always)]
pub(crate) fn table_index32(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let i = u32::try_from(r.u64(a)).map_err(|_| trap(Trap::TableOutOfBounds))?;
    r.set_u32(dst, i);
    Ok(())
}

/// The registry index `table[idx]` refers to, checked to be non-null and of module type `ty`.
#[inline(always)]
fn indirect_target(r: &Regs<impl Mode>, cx: &Executor, ty: u32, table: u32, idx: u32) -> Result<u32, Exit> {
    let inst = cx.instance_ref();
    let want = inst.types[ty as usize];
    // SAFETY: table pointers of a live instance are live.
    let table = unsafe { &*inst.tables[table as usize] };
    // A table64 index was narrowed by `table_index32` first.
    let Some(&bits) = table.elems.get(r.u32(idx) as usize) else {
        return Err(trap(Trap::TableOutOfBounds));
    };
    if bits == 0 {
        return Err(trap(Trap::IndirectCallToNull));
    }
    let func = (bits - 1) as u32;
    let sig = cx.registry().funcs[func as usize].sig;
    if sig != want && !cx.registry().is_subtype(sig, want) {
        return Err(trap(Trap::BadSignature));
    }
    Ok(func)
}

#[inline(always)]
pub(crate) fn fuel(_r: &mut Regs<impl Mode>, cx: &mut Executor, amount: u32) -> Flow {
    cx.fuel -= amount as i64;
    if cx.fuel < 0 {
        cx.fuel += amount as i64;
        cx.unpaid_fuel = amount;
        return Err(trap(Trap::OutOfFuel));
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn epoch(_r: &mut Regs<impl Mode>, cx: &mut Executor) -> Flow {
    if cx.epoch_now() >= cx.epoch_deadline {
        return Err(Exit::Trap(Trap::Interrupt));
    }
    Ok(())
}

#[inline(always)]
pub(crate) fn copy(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, src: u32) -> Flow {
    let v = r.u64(src);
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn copy_span(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, src: u32, n: u32) -> Flow {
    // SAFETY: both ranges lie in the frame (translator invariant); `copy` allows overlap.
    unsafe { core::ptr::copy(r.slot_ptr(src), r.slot_ptr(dst), n as usize) };
    Ok(())
}

#[inline(always)]
pub(crate) fn const32(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, imm: u32) -> Flow {
    r.set_u32(dst, imm);
    Ok(())
}

#[inline(always)]
pub(crate) fn const64(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, imm: u64) -> Flow {
    r.set_u64(dst, imm);
    Ok(())
}

#[inline(always)]
pub(crate) fn select(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, c: u32, a: u32, b: u32) -> Flow {
    let v = if r.u32(c) != 0 { r.u64(a) } else { r.u64(b) };
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn select_imm_a(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, c: u32, imm: u32, b: u32) -> Flow {
    let v = if r.u32(c) != 0 { u64::from(imm) } else { r.u64(b) };
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn select_imm_b(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, c: u32, a: u32, imm: u32) -> Flow {
    let v = if r.u32(c) != 0 { r.u64(a) } else { u64::from(imm) };
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn global_get(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, g: u32) -> Flow {
    // SAFETY: `g` was validated against the module's globals, which the instance's cell
    // array (`cx.globals`) mirrors; global cells of a live instance are live.
    let v = unsafe { (**cx.globals.add(g as usize)).bits };
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn global_add_imm(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, g: u32, imm: u32) -> Flow {
    // SAFETY: as for `global_set`.
    let cell = unsafe { *cx.globals.add(g as usize) };
    // SAFETY: global cells of a live instance are live; no other reference is active.
    let v = unsafe { ((*cell).bits as u32).wrapping_add(imm) as u64 };
    // SAFETY: as above.
    unsafe { (*cell).bits = v };
    r.set_u64(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn global_set(r: &mut Regs<impl Mode>, cx: &mut Executor, g: u32, src: u32) -> Flow {
    let v = r.u64(src);
    // SAFETY: `g` was validated against the module's globals, which `cx.globals` mirrors.
    let cell = unsafe { *cx.globals.add(g as usize) };
    // SAFETY: global cells of a live instance are live; no other reference is active.
    unsafe { (*cell).bits = v };
    Ok(())
}
