//! 128-bit SIMD handlers: one per op of the SIMD part of the op table, each decoding its
//! operands and applying the semantics of `crate::simd`. A `VSlot` names the low slot of a v128.

use super::{Executor, Flow, Regs, trap};
use crate::Trap;
use crate::simd as s;
use crate::simd::V;

/// The effective address of an access of `size` bytes, or a trap.
#[inline(always)]
fn effective(r: &Regs, a: u32, off: u32, size: u64) -> Result<usize, super::Exit> {
    let ea = r.u32(a) as u64 + off as u64;
    if ea + size > r.len as u64 {
        return Err(trap(Trap::MemoryOutOfBounds));
    }
    Ok(ea as usize)
}

#[inline(always)]
fn read<const N: usize>(r: &Regs, ea: usize) -> [u8; N] {
    // SAFETY: callers checked `ea + N <= len` (`effective`); `mem..mem+len` is memory 0.
    unsafe { (r.mem.add(ea) as *const [u8; N]).read_unaligned() }
}

#[inline(always)]
fn write<const N: usize>(r: &Regs, ea: usize, bytes: [u8; N]) {
    // SAFETY: as for `read`.
    unsafe { (r.mem.add(ea) as *mut [u8; N]).write_unaligned(bytes) }
}

#[inline(always)]
pub(crate) fn v128_const(r: &mut Regs, _cx: &mut Executor, dst: u32, lo: u64, hi: u64) -> Flow {
    r.set_v128(dst, (hi as V) << 64 | lo as V);
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_shuffle(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, lo: u64, hi: u64) -> Flow {
    let v = s::shuffle(r.v128(a), r.v128(b), (hi as V) << 64 | lo as V);
    r.set_v128(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_global_get(r: &mut Regs, cx: &mut Executor, dst: u32, g: u32) -> Flow {
    // SAFETY: `g` was validated against the module's globals; cells of a live instance are live.
    let cell = unsafe { &**cx.instance_ref().globals.get_unchecked(g as usize) };
    r.set_v128(dst, (cell.hi as V) << 64 | cell.bits as V);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_global_set(r: &mut Regs, cx: &mut Executor, g: u32, src: u32) -> Flow {
    let v = r.v128(src);
    // SAFETY: as for `v128_global_get`; validation checked the global is mutable.
    let cell = unsafe { &mut **cx.instance_ref().globals.get_unchecked(g as usize) };
    cell.bits = v as u64;
    cell.hi = (v >> 64) as u64;
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_not(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, !a);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_and(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, a & b);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_and_not(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, a & !b);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_or(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, a | b);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_xor(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, a ^ b);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_bitselect(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::bitselect(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_any_true(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, (a != 0) as u32);
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_swizzle(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::swizzle(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_relaxed_swizzle(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::swizzle(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_eq(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u8>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_lt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i8>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_lt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u8>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_gt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_gt_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_gt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u8>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_le_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i8>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_le_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u8>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_ge_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i8>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_ge_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u8>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_eq(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u16>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_lt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i16>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_lt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u16>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_gt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_gt_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_gt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u16>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_le_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i16>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_le_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u16>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ge_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i16>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ge_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u16>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i32x4_eq(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u32>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_lt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i32>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_lt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u32>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_gt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i32x4_gt_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_gt_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u32>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_le_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i32>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_le_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u32>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ge_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i32>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ge_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u32>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u64>(a, b, |x, y| x == y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<u64>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_lt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i64>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_gt_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i64>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_le_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i64>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ge_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<i64>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x == y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_lt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_gt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_le(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_ge(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f32>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_eq(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x == y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_ne(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x != y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_lt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x < y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_gt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x > y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_le(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x <= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_ge(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::cmp::<f64>(a, b, |x, y| x >= y));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i8>(a, |x| x.wrapping_abs()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i8>(a, |x| x.wrapping_neg()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_popcnt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<u8>(a, |x| x.count_ones() as u8));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_all_true(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::all_true::<u8>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_bitmask(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::fast::i8x16_bitmask(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_narrow_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::narrow::<i16, i8>(a, b, |x| s::sat_i8(x as i32)));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_narrow_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::narrow::<i16, u8>(a, b, |x| s::sat_u8(x as i32)));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_shl(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u8>(a, n, |x, n| x << n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_shr_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<i8>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_shr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u8>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_add(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_add_sat_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_add_sat_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_add_sat_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_add_sat_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_sub(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_sub_sat_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_sub_sat_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_sub_sat_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_sub_sat_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_min_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i8>(a, b, core::cmp::min));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_min_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_min_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_max_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i8>(a, b, core::cmp::max));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_max_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_max_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_avgr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i8x16_avgr_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_add_pairwise_i8x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::pairwise::<i8, i16>(a, |x, y| x as i16 + y as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_add_pairwise_i8x16_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::pairwise::<u8, u16>(a, |x, y| x as u16 + y as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i16>(a, |x| x.wrapping_abs()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i16>(a, |x| x.wrapping_neg()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_q15_mulr_sat_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i16>(a, b, s::q15mulr));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_relaxed_q15mulr_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i16>(a, b, s::q15mulr));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_all_true(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::all_true::<u16>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_bitmask(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::bitmask::<u16>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_narrow_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::narrow::<i32, i16>(a, b, s::sat_i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_narrow_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::narrow::<i32, u16>(a, b, s::sat_u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extend_low_i8x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i8, i16>(a, 0, |x| x as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extend_high_i8x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i8, i16>(a, 1, |x| x as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extend_low_i8x16_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u8, u16>(a, 0, |x| x as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extend_high_i8x16_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u8, u16>(a, 1, |x| x as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_shl(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u16>(a, n, |x, n| x << n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_shr_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<i16>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_shr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u16>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_add(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_add_sat_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_add_sat_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_add_sat_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_add_sat_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_sub(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_sub_sat_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_sub_sat_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_sub_sat_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_sub_sat_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_mul(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_mul(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_min_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_min_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_min_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u16>(a, b, core::cmp::min));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_max_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_max_s(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_max_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u16>(a, b, core::cmp::max));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_avgr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i16x8_avgr_u(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_mul_low_i8x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i8, i16>(a, b, 0, |x, y| x as i16 * y as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_mul_high_i8x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i8, i16>(a, b, 1, |x, y| x as i16 * y as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_mul_low_i8x16_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u8, u16>(a, b, 0, |x, y| x as u16 * y as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_ext_mul_high_i8x16_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u8, u16>(a, b, 1, |x, y| x as u16 * y as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_relaxed_dot_i8x16_i7x16_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::dot_i8x16_i7x16(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_add_pairwise_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::pairwise::<i16, i32>(a, |x, y| x as i32 + y as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_add_pairwise_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::pairwise::<u16, u32>(a, |x, y| x as u32 + y as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i32>(a, |x| x.wrapping_abs()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i32>(a, |x| x.wrapping_neg()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_all_true(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::all_true::<u32>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_bitmask(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::bitmask::<u32>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_extend_low_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i16, i32>(a, 0, |x| x as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_extend_high_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i16, i32>(a, 1, |x| x as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_extend_low_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u16, u32>(a, 0, |x| x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_extend_high_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u16, u32>(a, 1, |x| x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_shl(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u32>(a, n, |x, n| x << n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_shr_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<i32>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_shr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u32>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i32x4_add(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i32x4_sub(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_mul(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u32>(a, b, u32::wrapping_mul));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_min_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i32>(a, b, core::cmp::min));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_min_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u32>(a, b, core::cmp::min));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_max_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<i32>(a, b, core::cmp::max));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_max_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u32>(a, b, core::cmp::max));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_dot_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::dot_i16x8(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_mul_low_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i16, i32>(a, b, 0, |x, y| x as i32 * y as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_mul_high_i16x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i16, i32>(a, b, 1, |x, y| x as i32 * y as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_mul_low_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u16, u32>(a, b, 0, |x, y| x as u32 * y as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_ext_mul_high_i16x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u16, u32>(a, b, 1, |x, y| x as u32 * y as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_dot_i8x16_i7x16_add_s(
    r: &mut Regs,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    c: u32,
) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::dot_i8x16_i7x16_add(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i64>(a, |x| x.wrapping_abs()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<i64>(a, |x| x.wrapping_neg()));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_all_true(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::all_true::<u64>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_bitmask(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_u32(dst, s::bitmask::<u64>(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_extend_low_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i32, i64>(a, 0, |x| x as i64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_extend_high_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<i32, i64>(a, 1, |x| x as i64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_extend_low_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u32, u64>(a, 0, |x| x as u64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_extend_high_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::extend::<u32, u64>(a, 1, |x| x as u64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_shl(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u64>(a, n, |x, n| x << n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_shr_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<i64>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_shr_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
    let (a, n) = (r.v128(a), r.u32(n));
    r.set_v128(dst, s::shift::<u64>(a, n, |x, n| x >> n));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i64x2_add(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::fast::i64x2_sub(a, b));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_mul(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<u64>(a, b, u64::wrapping_mul));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ext_mul_low_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i32, i64>(a, b, 0, |x, y| x as i64 * y as i64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ext_mul_high_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<i32, i64>(a, b, 1, |x, y| x as i64 * y as i64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ext_mul_low_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u32, u64>(a, b, 0, |x, y| x as u64 * y as u64));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_ext_mul_high_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::extmul::<u32, u64>(a, b, 1, |x, y| x as u64 * y as u64));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_ceil(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f32>(a, s::f32_ceil));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_floor(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f32>(a, s::f32_floor));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_trunc(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f32>(a, s::f32_trunc));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_nearest(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f32>(a, s::f32_nearest));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<u32>(a, |x| x & 0x7fff_ffff));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<u32>(a, |x| x ^ 0x8000_0000));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_sqrt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f32>(a, s::f32_sqrt));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, |x, y| s::f32_canon(x + y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, |x, y| s::f32_canon(x - y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_mul(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, |x, y| s::f32_canon(x * y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_div(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, |x, y| s::f32_canon(x / y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::f32_min));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::f32_max));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_p_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::pmin));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_p_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::pmax));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_relaxed_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::f32_min));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_relaxed_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f32>(a, b, s::f32_max));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_ceil(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f64>(a, s::f64_ceil));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_floor(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f64>(a, s::f64_floor));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_trunc(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f64>(a, s::f64_trunc));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_nearest(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f64>(a, s::f64_nearest));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_abs(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<u64>(a, |x| x & 0x7fff_ffff_ffff_ffff));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_neg(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<u64>(a, |x| x ^ 0x8000_0000_0000_0000));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_sqrt(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map::<f64>(a, s::f64_sqrt));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_add(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, |x, y| s::f64_canon(x + y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_sub(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, |x, y| s::f64_canon(x - y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_mul(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, |x, y| s::f64_canon(x * y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_div(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, |x, y| s::f64_canon(x / y)));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::f64_min));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::f64_max));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_p_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::pmin));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_p_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::pmax));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_relaxed_min(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::f64_min));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_relaxed_max(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let (a, b) = (r.v128(a), r.v128(b));
    r.set_v128(dst, s::zip::<f64>(a, b, s::f64_max));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_relaxed_madd(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::build::<f32>(|i| s::f32_fma(s::Lane::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i))));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_relaxed_nmadd(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(
        dst,
        s::build::<f32>(|i| s::f32_fma(-<f32 as s::Lane>::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i))),
    );
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_relaxed_madd(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::build::<f64>(|i| s::f64_fma(s::Lane::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i))));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_relaxed_nmadd(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(
        dst,
        s::build::<f64>(|i| s::f64_fma(-<f64 as s::Lane>::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i))),
    );
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_relaxed_laneselect(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::bitselect(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_relaxed_laneselect(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::bitselect(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_laneselect(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::bitselect(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_relaxed_laneselect(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let (a, b, c) = (r.v128(a), r.v128(b), r.v128(c));
    r.set_v128(dst, s::bitselect(a, b, c));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_trunc_sat_f32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<f32, i32>(a, s::i32_trunc_sat_f32_s));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_trunc_sat_f32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<f32, u32>(a, s::i32_trunc_sat_f32_u));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_trunc_f32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<f32, i32>(a, s::i32_trunc_sat_f32_s));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_trunc_f32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<f32, u32>(a, s::i32_trunc_sat_f32_u));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_convert_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<i32, f32>(a, |x| x as f32));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_convert_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::map_to::<u32, f32>(a, |x| x as f32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_trunc_sat_f64x2_s_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::trunc_f64x2_zero(a, |x| s::i32_trunc_sat_f64_s(x) as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_trunc_sat_f64x2_u_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::trunc_f64x2_zero(a, s::i32_trunc_sat_f64_u));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_trunc_f64x2_s_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::trunc_f64x2_zero(a, |x| s::i32_trunc_sat_f64_s(x) as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_relaxed_trunc_f64x2_u_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::trunc_f64x2_zero(a, s::i32_trunc_sat_f64_u));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_convert_low_i32x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::build::<f64>(|i| <i32 as s::Lane>::get(a, i) as f64));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_convert_low_i32x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::build::<f64>(|i| <u32 as s::Lane>::get(a, i) as f64));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_demote_f64x2_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::demote(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_promote_low_f32x4(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
    let a = r.v128(a);
    r.set_v128(dst, s::promote(a));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u8>(x as u8));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u16>(x as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u32>(x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u64>(x));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u32>(x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
    let x = r.u64(x);
    r.set_v128(dst, s::splat::<u64>(x));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_extract_lane_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <i8 as s::Lane>::get(a, lane) as i32 as u32 as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_extract_lane_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u8 as s::Lane>::get(a, lane) as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extract_lane_s(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <i16 as s::Lane>::get(a, lane) as i32 as u32 as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_extract_lane_u(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u16 as s::Lane>::get(a, lane) as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_extract_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u32 as s::Lane>::get(a, lane) as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_extract_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u64 as s::Lane>::get(a, lane));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_extract_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u32 as s::Lane>::get(a, lane) as u64);
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_extract_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
    let (a, lane) = (r.v128(a), lane as usize);
    r.set_u64(dst, <u64 as s::Lane>::get(a, lane));
    Ok(())
}

#[inline(always)]
pub(crate) fn i8x16_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u8>(a, lane, x as u8));
    Ok(())
}

#[inline(always)]
pub(crate) fn i16x8_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u16>(a, lane, x as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn i32x4_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u32>(a, lane, x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn i64x2_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u64>(a, lane, x));
    Ok(())
}

#[inline(always)]
pub(crate) fn f32x4_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u32>(a, lane, x as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn f64x2_replace_lane(r: &mut Regs, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
    let (a, x, lane) = (r.v128(a), r.u64(x), lane as usize);
    r.set_v128(dst, s::replace::<u64>(a, lane, x));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 16)?;
    let m: [u8; 16] = read(r, ea);
    r.set_v128(dst, u128::from_le_bytes(m));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load8x8_s(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, s::build::<i16>(|i| m[i] as i8 as i16));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load8x8_u(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, s::build::<u16>(|i| m[i] as u16));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load16x4_s(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, s::build::<i32>(|i| i16::from_le_bytes([m[2 * i], m[2 * i + 1]]) as i32));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load16x4_u(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, s::build::<u32>(|i| u16::from_le_bytes([m[2 * i], m[2 * i + 1]]) as u32));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load32x2_s(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(
        dst,
        s::build::<i64>(|i| i32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]) as i64),
    );
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load32x2_u(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(
        dst,
        s::build::<u64>(|i| u32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]) as u64),
    );
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load8_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 1)?;
    let m: [u8; 1] = read(r, ea);
    r.set_v128(dst, s::splat::<u8>(m[0]));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load16_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 2)?;
    let m: [u8; 2] = read(r, ea);
    r.set_v128(dst, s::splat::<u16>(u16::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load32_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 4)?;
    let m: [u8; 4] = read(r, ea);
    r.set_v128(dst, s::splat::<u32>(u32::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load64_splat(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, s::splat::<u64>(u64::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load32_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 4)?;
    let m: [u8; 4] = read(r, ea);
    r.set_v128(dst, u32::from_le_bytes(m) as u128);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load64_zero(r: &mut Regs, _cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    r.set_v128(dst, u64::from_le_bytes(m) as u128);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load8_lane(
    r: &mut Regs,
    _cx: &mut Executor,
    dst: u32,
    addr: u32,
    off: u32,
    v: u32,
    lane: u32,
) -> Flow {
    let ea = effective(r, addr, off, 1)?;
    let m: [u8; 1] = read(r, ea);
    let (v, lane) = (r.v128(v), lane as usize);
    r.set_v128(dst, s::replace::<u8>(v, lane, m[0]));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load16_lane(
    r: &mut Regs,
    _cx: &mut Executor,
    dst: u32,
    addr: u32,
    off: u32,
    v: u32,
    lane: u32,
) -> Flow {
    let ea = effective(r, addr, off, 2)?;
    let m: [u8; 2] = read(r, ea);
    let (v, lane) = (r.v128(v), lane as usize);
    r.set_v128(dst, s::replace::<u16>(v, lane, u16::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load32_lane(
    r: &mut Regs,
    _cx: &mut Executor,
    dst: u32,
    addr: u32,
    off: u32,
    v: u32,
    lane: u32,
) -> Flow {
    let ea = effective(r, addr, off, 4)?;
    let m: [u8; 4] = read(r, ea);
    let (v, lane) = (r.v128(v), lane as usize);
    r.set_v128(dst, s::replace::<u32>(v, lane, u32::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_load64_lane(
    r: &mut Regs,
    _cx: &mut Executor,
    dst: u32,
    addr: u32,
    off: u32,
    v: u32,
    lane: u32,
) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let m: [u8; 8] = read(r, ea);
    let (v, lane) = (r.v128(v), lane as usize);
    r.set_v128(dst, s::replace::<u64>(v, lane, u64::from_le_bytes(m)));
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_store(r: &mut Regs, _cx: &mut Executor, addr: u32, off: u32, v: u32) -> Flow {
    let ea = effective(r, addr, off, 16)?;
    let v = r.v128(v);
    write(r, ea, v.to_le_bytes());
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_store8_lane(r: &mut Regs, _cx: &mut Executor, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
    let ea = effective(r, addr, off, 1)?;
    let (v, lane) = (r.v128(v), lane as usize);
    let bytes: [u8; 1] = [<u8 as s::Lane>::get(v, lane)];
    write(r, ea, bytes);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_store16_lane(r: &mut Regs, _cx: &mut Executor, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
    let ea = effective(r, addr, off, 2)?;
    let (v, lane) = (r.v128(v), lane as usize);
    let bytes: [u8; 2] = <u16 as s::Lane>::get(v, lane).to_le_bytes();
    write(r, ea, bytes);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_store32_lane(r: &mut Regs, _cx: &mut Executor, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
    let ea = effective(r, addr, off, 4)?;
    let (v, lane) = (r.v128(v), lane as usize);
    let bytes: [u8; 4] = <u32 as s::Lane>::get(v, lane).to_le_bytes();
    write(r, ea, bytes);
    Ok(())
}

#[inline(always)]
pub(crate) fn v128_store64_lane(r: &mut Regs, _cx: &mut Executor, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
    let ea = effective(r, addr, off, 8)?;
    let (v, lane) = (r.v128(v), lane as usize);
    let bytes: [u8; 8] = <u64 as s::Lane>::get(v, lane).to_le_bytes();
    write(r, ea, bytes);
    Ok(())
}
