//! The host-vector-unit path of the integer lane ops (SSE2 on x86-64) against the portable
//! lane loops, on random vectors: both must give the same bits. (On hosts without such a path
//! `fast` is the portable code and this compares it with itself.)

use proptest::prelude::*;
use sheave_interp::simd::fast::{self, portable};

macro_rules! same {
    ($a:expr, $b:expr; $($name:ident)*) => {$(
        prop_assert_eq!(fast::$name($a, $b), portable::$name($a, $b), "{}", stringify!($name));
    )*};
}

proptest! {
    // Miri runs the portable path on both sides: a few cases suffice there.
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 256 }))]
    #[test]
    fn vector_unit_and_portable_paths_agree(a in any::<u128>(), b in any::<u128>(), mix in any::<u128>()) {
        // Mix in equal lanes, which random vectors rarely have.
        let b = (b & mix) | (a & !mix);
        same!(a, b; i8x16_add i16x8_add i32x4_add i64x2_add i8x16_sub i16x8_sub i32x4_sub i64x2_sub i16x8_mul
            i8x16_add_sat_s i8x16_add_sat_u i16x8_add_sat_s i16x8_add_sat_u i8x16_sub_sat_s i8x16_sub_sat_u
            i16x8_sub_sat_s i16x8_sub_sat_u i8x16_min_u i8x16_max_u i16x8_min_s i16x8_max_s i8x16_avgr_u
            i16x8_avgr_u i8x16_eq i16x8_eq i32x4_eq i8x16_gt_s i16x8_gt_s i32x4_gt_s);
        prop_assert_eq!(fast::i8x16_bitmask(a), sheave_interp::simd::bitmask::<u8>(a));
    }
}

fn same_f32(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

proptest! {
    /// `relaxed_madd`'s fused multiply-add is the correctly rounded one (std's `mul_add`),
    /// on arbitrary bits and on the cancelling sums where double rounding would show.
    #[test]
    fn f32_fma_is_correctly_rounded(a in any::<u32>(), b in any::<u32>(), c in any::<u32>(), ka in 0u32..1 << 12, kb in 0u32..1 << 12) {
        let (a, b, c) = (f32::from_bits(a), f32::from_bits(b), f32::from_bits(c));
        let (got, want) = (sheave_interp::simd::f32_fma(a, b, c), a.mul_add(b, c));
        prop_assert!(same_f32(got, want), "fma({a:e}, {b:e}, {c:e}): {got:e} ({:#x}), want {want:e} ({:#x})", got.to_bits(), want.to_bits());
        // x, y near 1 and z = -(x*y rounded): the exact result is the rounding error.
        let x = f32::from_bits(0x3f80_0000 + ka);
        let y = f32::from_bits(0x3f80_0000 + (kb << 8));
        let z = -(x * y);
        let (got, want) = (sheave_interp::simd::f32_fma(x, y, z), x.mul_add(y, z));
        prop_assert!(same_f32(got, want), "fma({x:e}, {y:e}, {z:e}): {got:e} ({:#x}), want {want:e} ({:#x})", got.to_bits(), want.to_bits());
    }
}

#[test]
fn f32_fma_of_the_spec_example() {
    // 1 + 2^-22, 1 + 2^-15, -(1 + 2^-15 + 2^-22) and 2^-37 as bits (`powi` is not exact
    // under Miri, which runs this test).
    let (x, y, z) = (f32::from_bits(0x3f80_0002), f32::from_bits(0x3f80_0100), f32::from_bits(0xbf80_0102));
    assert_eq!(sheave_interp::simd::f32_fma(x, y, z).to_bits(), 0x2d00_0000);
}
