//! Portable semantics of the 128-bit vector ops (fixed-width and relaxed SIMD).
//!
//! A `v128` is a `u128` whose lane `i` of width `w` bits is bits `i*w .. (i+1)*w`: the
//! little-endian memory layout read as a number, so results are the same on every host,
//! little- or big-endian, with or without vector units. Lanes are read and written through
//! [`Lane`]; the ops are lane loops the compiler may vectorise. Float arithmetic that can
//! make a NaN (add, sub, mul, div, demote, promote) returns the canonical NaN, so even NaN
//! payloads do not depend on the host's floating-point unit.

use crate::semantics as sem;

/// A 128-bit vector value.
pub type V = u128;

/// A lane type: how many fit in a vector and how to move one in and out.
pub trait Lane: Copy {
    /// Lanes per vector.
    const N: usize;
    /// Lane `i` of `v`.
    fn get(v: V, i: usize) -> Self;
    /// The lane's bits, zero-extended.
    fn bits(self) -> u128;
}

macro_rules! lane {
    ($($t:ty, $u:ty, $n:literal;)*) => {$(
        impl Lane for $t {
            const N: usize = $n;
            #[inline(always)]
            fn get(v: V, i: usize) -> Self {
                <$t>::from_ne_bytes(((v >> (i * (128 / $n))) as $u).to_ne_bytes())
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                <$u>::from_ne_bytes(self.to_ne_bytes()) as u128
            }
        }
    )*};
}
lane! {
    i8, u8, 16; u8, u8, 16; i16, u16, 8; u16, u16, 8; i32, u32, 4; u32, u32, 4;
    i64, u64, 2; u64, u64, 2; f32, u32, 4; f64, u64, 2;
}

/// Builds a vector from lane values `f(0..N)`.
#[inline(always)]
pub fn build<L: Lane>(f: impl Fn(usize) -> L) -> V {
    let w = 128 / L::N;
    let mut v = 0u128;
    for i in 0..L::N {
        v |= f(i).bits() << (i * w);
    }
    v
}

/// Lane-wise unary op.
#[inline(always)]
pub fn map<L: Lane>(a: V, f: impl Fn(L) -> L) -> V {
    build(|i| f(L::get(a, i)))
}

/// Lane-wise binary op.
#[inline(always)]
pub fn zip<L: Lane>(a: V, b: V, f: impl Fn(L, L) -> L) -> V {
    build(|i| f(L::get(a, i), L::get(b, i)))
}

/// Lane-wise compare: all ones where `f` holds.
#[inline(always)]
pub fn cmp<L: Lane>(a: V, b: V, f: impl Fn(L, L) -> bool) -> V {
    let w = 128 / L::N;
    let ones = if w == 128 { u128::MAX } else { (1u128 << w) - 1 };
    let mut v = 0u128;
    for i in 0..L::N {
        if f(L::get(a, i), L::get(b, i)) {
            v |= ones << (i * w);
        }
    }
    v
}

/// `v` with lane `i` replaced by `x`.
#[inline(always)]
pub fn replace<L: Lane>(v: V, i: usize, x: L) -> V {
    let w = 128 / L::N;
    let mask = if w == 128 { u128::MAX } else { ((1u128 << w) - 1) << (i * w) };
    (v & !mask) | (x.bits() << (i * w))
}

/// All lanes equal to `x`.
#[inline(always)]
pub fn splat<L: Lane>(x: L) -> V {
    build(|_| x)
}

/// 1 when every lane is non-zero.
#[inline(always)]
pub fn all_true<L: Lane + PartialEq + Default>(a: V) -> u32 {
    (0..L::N).all(|i| L::get(a, i) != L::default()) as u32
}

/// The lanes' top bits, lane 0 in bit 0.
#[inline(always)]
pub fn bitmask<L: Lane>(a: V) -> u32 {
    let w = 128 / L::N;
    (0..L::N).fold(0, |m, i| m | ((((a >> (i * w + w - 1)) & 1) as u32) << i))
}

/// Lane-wise shift by `s` modulo the lane width.
#[inline(always)]
pub fn shift<L: Lane>(a: V, s: u32, f: impl Fn(L, u32) -> L) -> V {
    let w = (128 / L::N) as u32;
    map(a, |x| f(x, s % w))
}

/// Widens lanes `half*N/2 ..` of `a` (`half` 0: low, 1: high).
#[inline(always)]
pub fn extend<S: Lane, D: Lane>(a: V, half: usize, f: impl Fn(S) -> D) -> V {
    build(|i| f(S::get(a, half * D::N + i)))
}

/// Narrows two vectors into one, saturating through `f`: `a`'s lanes first.
#[inline(always)]
pub fn narrow<S: Lane, D: Lane>(a: V, b: V, f: impl Fn(S) -> D) -> V {
    let n = S::N;
    build(|i| if i < n { f(S::get(a, i)) } else { f(S::get(b, i - n)) })
}

/// Extended multiply of the low or high halves.
#[inline(always)]
pub fn extmul<S: Lane, D: Lane>(a: V, b: V, half: usize, f: impl Fn(S, S) -> D) -> V {
    build(|i| f(S::get(a, half * D::N + i), S::get(b, half * D::N + i)))
}

/// Adds adjacent pairs into lanes twice as wide.
#[inline(always)]
pub fn pairwise<S: Lane, D: Lane>(a: V, f: impl Fn(S, S) -> D) -> V {
    build(|i| f(S::get(a, 2 * i), S::get(a, 2 * i + 1)))
}

/// `i8x16.swizzle`: lanes of `a` picked by `b`, 0 for indices past 15.
#[inline(always)]
pub fn swizzle(a: V, b: V) -> V {
    build(|i| {
        let j = <u8 as Lane>::get(b, i) as usize;
        if j < 16 { <u8 as Lane>::get(a, j) } else { 0 }
    })
}

/// `i8x16.shuffle`: lane `i` is byte `lanes[i]` of `a ++ b`.
#[inline(always)]
pub fn shuffle(a: V, b: V, lanes: V) -> V {
    build(|i| {
        let j = <u8 as Lane>::get(lanes, i) as usize & 31;
        if j < 16 { <u8 as Lane>::get(a, j) } else { <u8 as Lane>::get(b, j - 16) }
    })
}

/// `v128.bitselect`: bits of `a` where `c` is 1, else of `b`.
#[inline(always)]
pub fn bitselect(a: V, b: V, c: V) -> V {
    (a & c) | (b & !c)
}

/// Saturates to i8 (for the narrowing ops).
#[inline(always)]
pub fn sat_i8(x: i32) -> i8 {
    x.clamp(i8::MIN as i32, i8::MAX as i32) as i8
}
/// Saturates to u8 (for the narrowing ops).
#[inline(always)]
pub fn sat_u8(x: i32) -> u8 {
    x.clamp(0, u8::MAX as i32) as u8
}
/// Saturates to i16 (for the narrowing ops).
#[inline(always)]
pub fn sat_i16(x: i32) -> i16 {
    x.clamp(i16::MIN as i32, i16::MAX as i32) as i16
}
/// Saturates to u16 (for the narrowing ops).
#[inline(always)]
pub fn sat_u16(x: i32) -> u16 {
    x.clamp(0, u16::MAX as i32) as u16
}
#[inline(always)]
fn sat_i16_of_i64(x: i64) -> i16 {
    x.clamp(i16::MIN as i64, i16::MAX as i64) as i16
}

/// `i16x8.q15mulr_sat_s`.
#[inline(always)]
pub fn q15mulr(a: i16, b: i16) -> i16 {
    sat_i16_of_i64((a as i64 * b as i64 + 0x4000) >> 15)
}

/// `i32x4.dot_i16x8_s`.
#[inline(always)]
pub fn dot_i16x8(a: V, b: V) -> V {
    build(|i| {
        let p = |j: usize| <i16 as Lane>::get(a, j) as i32 * <i16 as Lane>::get(b, j) as i32;
        p(2 * i).wrapping_add(p(2 * i + 1))
    })
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s` (deterministic: signed, wrapping).
#[inline(always)]
pub fn dot_i8x16_i7x16(a: V, b: V) -> V {
    build(|i| {
        let p = |j: usize| <i8 as Lane>::get(a, j) as i16 * <i8 as Lane>::get(b, j) as i16;
        p(2 * i).wrapping_add(p(2 * i + 1))
    })
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s` (deterministic: signed, wrapping).
#[inline(always)]
pub fn dot_i8x16_i7x16_add(a: V, b: V, c: V) -> V {
    build(|i| {
        let p = |j: usize| <i8 as Lane>::get(a, j) as i32 * <i8 as Lane>::get(b, j) as i32;
        let s = p(4 * i) + p(4 * i + 1) + p(4 * i + 2) + p(4 * i + 3);
        s.wrapping_add(<i32 as Lane>::get(c, i))
    })
}

/// `f32x4.pmin`/`pmax`-style pseudo min: `b < a ? b : a`.
#[inline(always)]
pub fn pmin<F: PartialOrd + Copy>(a: F, b: F) -> F {
    if b < a { b } else { a }
}

/// Pseudo max: `a < b ? b : a`.
#[inline(always)]
pub fn pmax<F: PartialOrd + Copy>(a: F, b: F) -> F {
    if a < b { b } else { a }
}

/// Round-to-nearest-even lane ops and Wasm's NaN-exact min/max, from the scalar semantics.
pub use sem::{
    f32_canon, f32_ceil, f32_floor, f32_max, f32_min, f32_nearest, f32_sqrt, f32_trunc, f64_canon, f64_ceil, f64_floor,
    f64_max, f64_min, f64_nearest, f64_sqrt, f64_trunc, i32_trunc_sat_f32_s, i32_trunc_sat_f32_u, i32_trunc_sat_f64_s,
    i32_trunc_sat_f64_u,
};

/// Fused multiply-add (`relaxed_madd`'s deterministic choice, as wasmtime's).
#[inline(always)]
pub fn f32_fma(a: f32, b: f32, c: f32) -> f32 {
    // Through f64, where the product is exact: one rounding of the sum to f64, then a
    // correction of the last f64 bit (round to odd) when that rounding lands halfway between
    // two f32 values, so the final rounding to f32 is the only one that counts (as
    // `libm::fmaf` does).
    let (xy, z) = (widen(a) * b as f64, c as f64);
    let sum = xy + z;
    let bits = sum.to_bits();
    let halfway = bits & 0x1fff_ffff == 0x1000_0000;
    let special = (bits >> 52) & 0x7ff == 0x7ff;
    if !halfway || special || (sum - xy == z && sum - z == xy) {
        return sum as f32;
    }
    // The rounding error of `sum`, and the f64 neighbour on its side.
    let negative = bits >> 63 != 0;
    let err = if negative == (z > xy) { xy - sum + z } else { z - sum + xy };
    let odd = if negative == (err < 0.0) { bits + 1 } else { bits - 1 };
    f64::from_bits(odd) as f32
}

/// `a` as f64. On s390x LLVM would fuse the widening product into one `mdebr`, which qemu 7.2
/// (Debian 12, what CI emulates s390x with) computes wrongly: 1.0 * 1.0 = 2^-7. An opaque
/// value keeps it two conversions and an f64 multiply; out of line, so the handlers that use
/// it keep their tail call (a `black_box` slot in a handler's frame blocks it).
#[cfg(target_arch = "s390x")]
#[inline(never)]
fn widen(a: f32) -> f64 {
    core::hint::black_box(a as f64)
}

#[cfg(not(target_arch = "s390x"))]
#[inline(always)]
fn widen(a: f32) -> f64 {
    a as f64
}

/// Fused multiply-add on f64.
#[inline(always)]
pub fn f64_fma(a: f64, b: f64, c: f64) -> f64 {
    libm::fma(a, b, c)
}

/// `f32x4.demote_f64x2_zero`.
#[inline(always)]
pub fn demote(a: V) -> V {
    build(|i| if i < 2 { f32_canon(<f64 as Lane>::get(a, i) as f32) } else { 0.0f32 })
}

/// `f64x2.promote_low_f32x4`.
#[inline(always)]
pub fn promote(a: V) -> V {
    build(|i| f64_canon(<f32 as Lane>::get(a, i) as f64))
}

/// `i32x4.trunc_sat_f64x2_{s,u}_zero` through `f`.
#[inline(always)]
pub fn trunc_f64x2_zero(a: V, f: impl Fn(f64) -> u32) -> V {
    build(|i| if i < 2 { f(<f64 as Lane>::get(a, i)) } else { 0u32 })
}

/// Lane-wise conversion between lane types of the same count.
#[inline(always)]
pub fn map_to<S: Lane, D: Lane>(a: V, f: impl Fn(S) -> D) -> V {
    build(|i| f(S::get(a, i)))
}

/// Integer lane ops with a host-vector-unit path: SSE2 on x86-64 (always present there),
/// the portable lane loops elsewhere and under Miri. Integer results are exact, so both paths
/// give the same bits; `tests/simd.rs` checks that on x86-64.
pub mod fast {
    use super::V;

    macro_rules! ops {
        ($($name:ident: $sse:ident, $portable:expr;)*) => {$(
            /// The lane op, through SSE2 where available.
            #[inline(always)]
            pub fn $name(a: V, b: V) -> V {
                #[cfg(all(target_arch = "x86_64", not(miri)))]
                {
                    use core::arch::x86_64::*;
                    // SAFETY: SSE2 is part of the x86-64 baseline; `u128` and `__m128i` have the
                    // same size, and on little-endian x86-64 byte i of the u128 is lane byte i.
                    unsafe {
                        core::mem::transmute::<__m128i, V>($sse(
                            core::mem::transmute::<V, __m128i>(a),
                            core::mem::transmute::<V, __m128i>(b),
                        ))
                    }
                }
                #[cfg(not(all(target_arch = "x86_64", not(miri))))]
                {
                    portable::$name(a, b)
                }
            }
        )*

        /// The portable lane loops behind [`fast`](self) (what non-x86-64 hosts run).
        pub mod portable {
            use super::super::{V, zip, cmp};
            $(
                /// The portable lane loop.
                #[inline(always)]
                pub fn $name(a: V, b: V) -> V {
                    let f: fn(V, V) -> V = $portable;
                    f(a, b)
                }
            )*
        }
        };
    }

    ops! {
        i8x16_add: _mm_add_epi8, |a, b| zip::<u8>(a, b, u8::wrapping_add);
        i16x8_add: _mm_add_epi16, |a, b| zip::<u16>(a, b, u16::wrapping_add);
        i32x4_add: _mm_add_epi32, |a, b| zip::<u32>(a, b, u32::wrapping_add);
        i64x2_add: _mm_add_epi64, |a, b| zip::<u64>(a, b, u64::wrapping_add);
        i8x16_sub: _mm_sub_epi8, |a, b| zip::<u8>(a, b, u8::wrapping_sub);
        i16x8_sub: _mm_sub_epi16, |a, b| zip::<u16>(a, b, u16::wrapping_sub);
        i32x4_sub: _mm_sub_epi32, |a, b| zip::<u32>(a, b, u32::wrapping_sub);
        i64x2_sub: _mm_sub_epi64, |a, b| zip::<u64>(a, b, u64::wrapping_sub);
        i16x8_mul: _mm_mullo_epi16, |a, b| zip::<u16>(a, b, u16::wrapping_mul);
        i8x16_add_sat_s: _mm_adds_epi8, |a, b| zip::<i8>(a, b, i8::saturating_add);
        i8x16_add_sat_u: _mm_adds_epu8, |a, b| zip::<u8>(a, b, u8::saturating_add);
        i16x8_add_sat_s: _mm_adds_epi16, |a, b| zip::<i16>(a, b, i16::saturating_add);
        i16x8_add_sat_u: _mm_adds_epu16, |a, b| zip::<u16>(a, b, u16::saturating_add);
        i8x16_sub_sat_s: _mm_subs_epi8, |a, b| zip::<i8>(a, b, i8::saturating_sub);
        i8x16_sub_sat_u: _mm_subs_epu8, |a, b| zip::<u8>(a, b, u8::saturating_sub);
        i16x8_sub_sat_s: _mm_subs_epi16, |a, b| zip::<i16>(a, b, i16::saturating_sub);
        i16x8_sub_sat_u: _mm_subs_epu16, |a, b| zip::<u16>(a, b, u16::saturating_sub);
        i8x16_min_u: _mm_min_epu8, |a, b| zip::<u8>(a, b, core::cmp::min);
        i8x16_max_u: _mm_max_epu8, |a, b| zip::<u8>(a, b, core::cmp::max);
        i16x8_min_s: _mm_min_epi16, |a, b| zip::<i16>(a, b, core::cmp::min);
        i16x8_max_s: _mm_max_epi16, |a, b| zip::<i16>(a, b, core::cmp::max);
        i8x16_avgr_u: _mm_avg_epu8, |a, b| zip::<u8>(a, b, |x, y| ((x as u16 + y as u16 + 1) >> 1) as u8);
        i16x8_avgr_u: _mm_avg_epu16, |a, b| zip::<u16>(a, b, |x, y| ((x as u32 + y as u32 + 1) >> 1) as u16);
        i8x16_eq: _mm_cmpeq_epi8, |a, b| cmp::<u8>(a, b, |x, y| x == y);
        i16x8_eq: _mm_cmpeq_epi16, |a, b| cmp::<u16>(a, b, |x, y| x == y);
        i32x4_eq: _mm_cmpeq_epi32, |a, b| cmp::<u32>(a, b, |x, y| x == y);
        i8x16_gt_s: _mm_cmpgt_epi8, |a, b| cmp::<i8>(a, b, |x, y| x > y);
        i16x8_gt_s: _mm_cmpgt_epi16, |a, b| cmp::<i16>(a, b, |x, y| x > y);
        i32x4_gt_s: _mm_cmpgt_epi32, |a, b| cmp::<i32>(a, b, |x, y| x > y);
    }

    /// `i8x16.bitmask`, through SSE2's `pmovmskb` where available.
    #[inline(always)]
    pub fn i8x16_bitmask(a: V) -> u32 {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            use core::arch::x86_64::*;
            // SAFETY: as for the binary ops above.
            unsafe { _mm_movemask_epi8(core::mem::transmute::<V, __m128i>(a)) as u32 }
        }
        #[cfg(not(all(target_arch = "x86_64", not(miri))))]
        {
            super::bitmask::<u8>(a)
        }
    }
}
