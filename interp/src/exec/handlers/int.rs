//! Integer arithmetic, comparison and bit ops (i32 and i64), register and immediate forms.

use super::{Executor, Flow, Mode, Regs, trap};
use crate::semantics as sem;

macro_rules! binops {
    ($get:ident, $set:ident, $imm:ty; $($name:ident, $name_imm:ident => |$a:ident, $b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
            let $a = r.$get(a);
            let $b = r.$get(b);
            let v = $e;
            r.$set(dst, v);
            Ok(())
        }
        #[inline(always)]
        pub(crate) fn $name_imm(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, imm: $imm) -> Flow {
            let $a = r.$get(a);
            let $b = imm;
            let v = $e;
            r.$set(dst, v);
            Ok(())
        }
    )*};
}

binops! { u32, set_u32, u32;
    i32_add, i32_add_imm => |a, b| a.wrapping_add(b);
    i32_sub, i32_sub_imm => |a, b| a.wrapping_sub(b);
    i32_mul, i32_mul_imm => |a, b| a.wrapping_mul(b);
    i32_div_s, i32_div_s_imm => |a, b| sem::i32_div_s(a as i32, b as i32).map_err(trap)? as u32;
    i32_div_u, i32_div_u_imm => |a, b| sem::i32_div_u(a, b).map_err(trap)?;
    i32_rem_s, i32_rem_s_imm => |a, b| sem::i32_rem_s(a as i32, b as i32).map_err(trap)? as u32;
    i32_rem_u, i32_rem_u_imm => |a, b| sem::i32_rem_u(a, b).map_err(trap)?;
    i32_and, i32_and_imm => |a, b| a & b;
    i32_or, i32_or_imm => |a, b| a | b;
    i32_xor, i32_xor_imm => |a, b| a ^ b;
    i32_shl, i32_shl_imm => |a, b| a.wrapping_shl(b);
    i32_shr_s, i32_shr_s_imm => |a, b| (a as i32).wrapping_shr(b) as u32;
    i32_shr_u, i32_shr_u_imm => |a, b| a.wrapping_shr(b);
    i32_rotl, i32_rotl_imm => |a, b| a.rotate_left(b % 32);
    i32_rotr, i32_rotr_imm => |a, b| a.rotate_right(b % 32);
    i32_eq, i32_eq_imm => |a, b| (a == b) as u32;
    i32_ne, i32_ne_imm => |a, b| (a != b) as u32;
    i32_lt_s, i32_lt_s_imm => |a, b| ((a as i32) < (b as i32)) as u32;
    i32_lt_u, i32_lt_u_imm => |a, b| (a < b) as u32;
    i32_gt_s, i32_gt_s_imm => |a, b| ((a as i32) > (b as i32)) as u32;
    i32_gt_u, i32_gt_u_imm => |a, b| (a > b) as u32;
    i32_le_s, i32_le_s_imm => |a, b| ((a as i32) <= (b as i32)) as u32;
    i32_le_u, i32_le_u_imm => |a, b| (a <= b) as u32;
    i32_ge_s, i32_ge_s_imm => |a, b| ((a as i32) >= (b as i32)) as u32;
    i32_ge_u, i32_ge_u_imm => |a, b| (a >= b) as u32;
}

#[inline(always)]
pub(crate) fn i32_shr_u_and_imm(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    shift: u32,
    mask: u32,
) -> Flow {
    let v = r.u32(a).wrapping_shr(shift) & mask;
    r.set_u32(dst, v);
    Ok(())
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn i32_add_imm2(
    r: &mut Regs<impl Mode>,
    cx: &mut Executor,
    dst: u32,
    a: u32,
    imm: u32,
    dst2: u32,
    a2: u32,
    imm2: u32,
) -> Flow {
    i32_add_imm(r, cx, dst, a, imm)?;
    i32_add_imm(r, cx, dst2, a2, imm2)
}

#[inline(always)]
pub(crate) fn i64_add_imm_br_nez(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    imm: u64,
    to: *const u32,
) -> Flow {
    let v = r.u64(a).wrapping_add(imm);
    r.set_u64(dst, v);
    r.branch_if(v != 0, to);
    Ok(())
}

#[inline(always)]
pub(crate) fn i32_xor_shr_u_imm(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    shift: u32,
) -> Flow {
    let v = r.u32(a) ^ r.u32(b).wrapping_shr(shift);
    r.set_u32(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn i32_xor_and_imm(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    mask: u32,
) -> Flow {
    let v = (r.u32(a) ^ r.u32(b)) & mask;
    r.set_u32(dst, v);
    Ok(())
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn i32_xor_shr_u_and_imm(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    shift: u32,
    mask: u32,
) -> Flow {
    let v = (r.u32(a) ^ r.u32(b).wrapping_shr(shift)) & mask;
    r.set_u32(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn i32_mul_add(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
    let v = r.u32(a).wrapping_mul(r.u32(b)).wrapping_add(r.u32(c));
    r.set_u32(dst, v);
    Ok(())
}

#[inline(always)]
pub(crate) fn i32_add_shl_imm(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    shift: u32,
) -> Flow {
    let v = r.u32(a).wrapping_add(r.u32(b).wrapping_shl(shift));
    r.set_u32(dst, v);
    Ok(())
}

binops! { u64, set_u64, u64;
    i64_add, i64_add_imm => |a, b| a.wrapping_add(b);
    i64_sub, i64_sub_imm => |a, b| a.wrapping_sub(b);
    i64_mul, i64_mul_imm => |a, b| a.wrapping_mul(b);
    i64_div_s, i64_div_s_imm => |a, b| sem::i64_div_s(a as i64, b as i64).map_err(trap)? as u64;
    i64_div_u, i64_div_u_imm => |a, b| sem::i64_div_u(a, b).map_err(trap)?;
    i64_rem_s, i64_rem_s_imm => |a, b| sem::i64_rem_s(a as i64, b as i64).map_err(trap)? as u64;
    i64_rem_u, i64_rem_u_imm => |a, b| sem::i64_rem_u(a, b).map_err(trap)?;
    i64_and, i64_and_imm => |a, b| a & b;
    i64_or, i64_or_imm => |a, b| a | b;
    i64_xor, i64_xor_imm => |a, b| a ^ b;
    i64_shl, i64_shl_imm => |a, b| a.wrapping_shl(b as u32);
    i64_shr_s, i64_shr_s_imm => |a, b| (a as i64).wrapping_shr(b as u32) as u64;
    i64_shr_u, i64_shr_u_imm => |a, b| a.wrapping_shr(b as u32);
    i64_rotl, i64_rotl_imm => |a, b| a.rotate_left((b % 64) as u32);
    i64_rotr, i64_rotr_imm => |a, b| a.rotate_right((b % 64) as u32);
    i64_eq, i64_eq_imm => |a, b| (a == b) as u64;
    i64_ne, i64_ne_imm => |a, b| (a != b) as u64;
    i64_lt_s, i64_lt_s_imm => |a, b| ((a as i64) < (b as i64)) as u64;
    i64_lt_u, i64_lt_u_imm => |a, b| (a < b) as u64;
    i64_gt_s, i64_gt_s_imm => |a, b| ((a as i64) > (b as i64)) as u64;
    i64_gt_u, i64_gt_u_imm => |a, b| (a > b) as u64;
    i64_le_s, i64_le_s_imm => |a, b| ((a as i64) <= (b as i64)) as u64;
    i64_le_u, i64_le_u_imm => |a, b| (a <= b) as u64;
    i64_ge_s, i64_ge_s_imm => |a, b| ((a as i64) >= (b as i64)) as u64;
    i64_ge_u, i64_ge_u_imm => |a, b| (a >= b) as u64;
}

macro_rules! unops {
    ($get:ident, $set:ident; $($name:ident => |$a:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
            let $a = r.$get(a);
            let v = $e;
            r.$set(dst, v);
            Ok(())
        }
    )*};
}

unops! { u32, set_u32;
    i32_clz => |a| a.leading_zeros();
    i32_ctz => |a| a.trailing_zeros();
    i32_popcnt => |a| a.count_ones();
    i32_eqz => |a| (a == 0) as u32;
    i32_extend8_s => |a| a as i8 as i32 as u32;
    i32_extend16_s => |a| a as i16 as i32 as u32;
}

unops! { u64, set_u64;
    i64_clz => |a| a.leading_zeros() as u64;
    i64_ctz => |a| a.trailing_zeros() as u64;
    i64_popcnt => |a| a.count_ones() as u64;
    i64_eqz => |a| (a == 0) as u64;
    i64_extend8_s => |a| a as i8 as i64 as u64;
    i64_extend16_s => |a| a as i16 as i64 as u64;
    i64_extend32_s => |a| a as i32 as i64 as u64;
}

pub(crate) use unops;

// ---- wide arithmetic: 128-bit results in a slot pair, low half first ----

/// `dst` (a slot pair) = `f(a, b)` of the 128-bit integers in slot pairs (lo, hi).
#[inline(always)]
fn wide2<M: Mode>(r: &mut Regs<M>, dst: u32, a: (u32, u32), b: (u32, u32), f: fn(u128, u128) -> u128) -> Flow {
    let wide = |r: &Regs<M>, (lo, hi): (u32, u32)| r.u64(lo) as u128 | (r.u64(hi) as u128) << 64;
    let v = f(wide(r, a), wide(r, b));
    r.set_v128(dst, v);
    Ok(())
}

#[rustfmt::skip]
#[inline(always)]
pub(crate) fn i64_add128(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a_lo: u32, a_hi: u32, b_lo: u32, b_hi: u32) -> Flow {
    wide2(r, dst, (a_lo, a_hi), (b_lo, b_hi), u128::wrapping_add)
}

#[rustfmt::skip]
#[inline(always)]
pub(crate) fn i64_sub128(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a_lo: u32, a_hi: u32, b_lo: u32, b_hi: u32) -> Flow {
    wide2(r, dst, (a_lo, a_hi), (b_lo, b_hi), u128::wrapping_sub)
}

#[inline(always)]
pub(crate) fn i64_mul_wide_s(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let v = (r.u64(a) as i64 as i128).wrapping_mul(r.u64(b) as i64 as i128);
    r.set_v128(dst, v as u128);
    Ok(())
}

#[inline(always)]
pub(crate) fn i64_mul_wide_u(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
    let v = (r.u64(a) as u128) * (r.u64(b) as u128);
    r.set_v128(dst, v);
    Ok(())
}
