//! The SIMD ops' semantics as plain functions of values, one per op of the op table's SIMD
//! part (the memory ops take the bytes read and give the bytes to write). The table is kept
//! once, in `for_each_simd_op!`: the interpreter's handlers read their operands and call these,
//! and the Cranelift tier calls them from native code for the ops it does not emit inline, so
//! both tiers compute the same bits (NaN payloads and the relaxed ops' choices included).

/// Calls `$m!(shape { name => |operands| expr; ... })` once per operand shape of the SIMD ops
/// (`un`, `bin`, `tern`, `test`, `shift`, `splat`, `extract`, `replace`, `load`, `load_lane`,
/// `store`, `store_lane`). Expressions name the portable semantics as `s::` (`crate::simd`).
#[macro_export]
macro_rules! for_each_simd_op {
    ($m:ident) => {
        $m!(un {
            v128_not => |a| !a;
            i8x16_abs => |a| s::map::<i8>(a, |x| x.wrapping_abs());
            i8x16_neg => |a| s::map::<i8>(a, |x| x.wrapping_neg());
            i8x16_popcnt => |a| s::map::<u8>(a, |x| x.count_ones() as u8);
            i16x8_ext_add_pairwise_i8x16_s => |a| s::pairwise::<i8, i16>(a, |x, y| x as i16 + y as i16);
            i16x8_ext_add_pairwise_i8x16_u => |a| s::pairwise::<u8, u16>(a, |x, y| x as u16 + y as u16);
            i16x8_abs => |a| s::map::<i16>(a, |x| x.wrapping_abs());
            i16x8_neg => |a| s::map::<i16>(a, |x| x.wrapping_neg());
            i16x8_extend_low_i8x16_s => |a| s::extend::<i8, i16>(a, 0, |x| x as i16);
            i16x8_extend_high_i8x16_s => |a| s::extend::<i8, i16>(a, 1, |x| x as i16);
            i16x8_extend_low_i8x16_u => |a| s::extend::<u8, u16>(a, 0, |x| x as u16);
            i16x8_extend_high_i8x16_u => |a| s::extend::<u8, u16>(a, 1, |x| x as u16);
            i32x4_ext_add_pairwise_i16x8_s => |a| s::pairwise::<i16, i32>(a, |x, y| x as i32 + y as i32);
            i32x4_ext_add_pairwise_i16x8_u => |a| s::pairwise::<u16, u32>(a, |x, y| x as u32 + y as u32);
            i32x4_abs => |a| s::map::<i32>(a, |x| x.wrapping_abs());
            i32x4_neg => |a| s::map::<i32>(a, |x| x.wrapping_neg());
            i32x4_extend_low_i16x8_s => |a| s::extend::<i16, i32>(a, 0, |x| x as i32);
            i32x4_extend_high_i16x8_s => |a| s::extend::<i16, i32>(a, 1, |x| x as i32);
            i32x4_extend_low_i16x8_u => |a| s::extend::<u16, u32>(a, 0, |x| x as u32);
            i32x4_extend_high_i16x8_u => |a| s::extend::<u16, u32>(a, 1, |x| x as u32);
            i64x2_abs => |a| s::map::<i64>(a, |x| x.wrapping_abs());
            i64x2_neg => |a| s::map::<i64>(a, |x| x.wrapping_neg());
            i64x2_extend_low_i32x4_s => |a| s::extend::<i32, i64>(a, 0, |x| x as i64);
            i64x2_extend_high_i32x4_s => |a| s::extend::<i32, i64>(a, 1, |x| x as i64);
            i64x2_extend_low_i32x4_u => |a| s::extend::<u32, u64>(a, 0, |x| x as u64);
            i64x2_extend_high_i32x4_u => |a| s::extend::<u32, u64>(a, 1, |x| x as u64);
            f32x4_ceil => |a| s::map::<f32>(a, s::f32_ceil);
            f32x4_floor => |a| s::map::<f32>(a, s::f32_floor);
            f32x4_trunc => |a| s::map::<f32>(a, s::f32_trunc);
            f32x4_nearest => |a| s::map::<f32>(a, s::f32_nearest);
            f32x4_abs => |a| s::map::<u32>(a, |x| x & 0x7fff_ffff);
            f32x4_neg => |a| s::map::<u32>(a, |x| x ^ 0x8000_0000);
            f32x4_sqrt => |a| s::map::<f32>(a, s::f32_sqrt);
            f64x2_ceil => |a| s::map::<f64>(a, s::f64_ceil);
            f64x2_floor => |a| s::map::<f64>(a, s::f64_floor);
            f64x2_trunc => |a| s::map::<f64>(a, s::f64_trunc);
            f64x2_nearest => |a| s::map::<f64>(a, s::f64_nearest);
            f64x2_abs => |a| s::map::<u64>(a, |x| x & 0x7fff_ffff_ffff_ffff);
            f64x2_neg => |a| s::map::<u64>(a, |x| x ^ 0x8000_0000_0000_0000);
            f64x2_sqrt => |a| s::map::<f64>(a, s::f64_sqrt);
            i32x4_trunc_sat_f32x4_s => |a| s::map_to::<f32, i32>(a, s::i32_trunc_sat_f32_s);
            i32x4_trunc_sat_f32x4_u => |a| s::map_to::<f32, u32>(a, s::i32_trunc_sat_f32_u);
            i32x4_relaxed_trunc_f32x4_s => |a| s::map_to::<f32, i32>(a, s::i32_trunc_sat_f32_s);
            i32x4_relaxed_trunc_f32x4_u => |a| s::map_to::<f32, u32>(a, s::i32_trunc_sat_f32_u);
            f32x4_convert_i32x4_s => |a| s::map_to::<i32, f32>(a, |x| x as f32);
            f32x4_convert_i32x4_u => |a| s::map_to::<u32, f32>(a, |x| x as f32);
            i32x4_trunc_sat_f64x2_s_zero => |a| s::trunc_f64x2_zero(a, |x| s::i32_trunc_sat_f64_s(x) as u32);
            i32x4_trunc_sat_f64x2_u_zero => |a| s::trunc_f64x2_zero(a, s::i32_trunc_sat_f64_u);
            i32x4_relaxed_trunc_f64x2_s_zero => |a| s::trunc_f64x2_zero(a, |x| s::i32_trunc_sat_f64_s(x) as u32);
            i32x4_relaxed_trunc_f64x2_u_zero => |a| s::trunc_f64x2_zero(a, s::i32_trunc_sat_f64_u);
            f64x2_convert_low_i32x4_s => |a| s::build::<f64>(|i| <i32 as s::Lane>::get(a, i) as f64);
            f64x2_convert_low_i32x4_u => |a| s::build::<f64>(|i| <u32 as s::Lane>::get(a, i) as f64);
            f32x4_demote_f64x2_zero => |a| s::demote(a);
            f64x2_promote_low_f32x4 => |a| s::promote(a);
        });

        $m!(bin {
            v128_and => |a, b| a & b;
            v128_and_not => |a, b| a & !b;
            v128_or => |a, b| a | b;
            v128_xor => |a, b| a ^ b;
            i8x16_swizzle => |a, b| s::swizzle(a, b);
            i8x16_relaxed_swizzle => |a, b| s::swizzle(a, b);
            i8x16_eq => |a, b| s::fast::i8x16_eq(a, b);
            i8x16_ne => |a, b| s::cmp::<u8>(a, b, |x, y| x != y);
            i8x16_lt_s => |a, b| s::cmp::<i8>(a, b, |x, y| x < y);
            i8x16_lt_u => |a, b| s::cmp::<u8>(a, b, |x, y| x < y);
            i8x16_gt_s => |a, b| s::fast::i8x16_gt_s(a, b);
            i8x16_gt_u => |a, b| s::cmp::<u8>(a, b, |x, y| x > y);
            i8x16_le_s => |a, b| s::cmp::<i8>(a, b, |x, y| x <= y);
            i8x16_le_u => |a, b| s::cmp::<u8>(a, b, |x, y| x <= y);
            i8x16_ge_s => |a, b| s::cmp::<i8>(a, b, |x, y| x >= y);
            i8x16_ge_u => |a, b| s::cmp::<u8>(a, b, |x, y| x >= y);
            i16x8_eq => |a, b| s::fast::i16x8_eq(a, b);
            i16x8_ne => |a, b| s::cmp::<u16>(a, b, |x, y| x != y);
            i16x8_lt_s => |a, b| s::cmp::<i16>(a, b, |x, y| x < y);
            i16x8_lt_u => |a, b| s::cmp::<u16>(a, b, |x, y| x < y);
            i16x8_gt_s => |a, b| s::fast::i16x8_gt_s(a, b);
            i16x8_gt_u => |a, b| s::cmp::<u16>(a, b, |x, y| x > y);
            i16x8_le_s => |a, b| s::cmp::<i16>(a, b, |x, y| x <= y);
            i16x8_le_u => |a, b| s::cmp::<u16>(a, b, |x, y| x <= y);
            i16x8_ge_s => |a, b| s::cmp::<i16>(a, b, |x, y| x >= y);
            i16x8_ge_u => |a, b| s::cmp::<u16>(a, b, |x, y| x >= y);
            i32x4_eq => |a, b| s::fast::i32x4_eq(a, b);
            i32x4_ne => |a, b| s::cmp::<u32>(a, b, |x, y| x != y);
            i32x4_lt_s => |a, b| s::cmp::<i32>(a, b, |x, y| x < y);
            i32x4_lt_u => |a, b| s::cmp::<u32>(a, b, |x, y| x < y);
            i32x4_gt_s => |a, b| s::fast::i32x4_gt_s(a, b);
            i32x4_gt_u => |a, b| s::cmp::<u32>(a, b, |x, y| x > y);
            i32x4_le_s => |a, b| s::cmp::<i32>(a, b, |x, y| x <= y);
            i32x4_le_u => |a, b| s::cmp::<u32>(a, b, |x, y| x <= y);
            i32x4_ge_s => |a, b| s::cmp::<i32>(a, b, |x, y| x >= y);
            i32x4_ge_u => |a, b| s::cmp::<u32>(a, b, |x, y| x >= y);
            i64x2_eq => |a, b| s::cmp::<u64>(a, b, |x, y| x == y);
            i64x2_ne => |a, b| s::cmp::<u64>(a, b, |x, y| x != y);
            i64x2_lt_s => |a, b| s::cmp::<i64>(a, b, |x, y| x < y);
            i64x2_gt_s => |a, b| s::cmp::<i64>(a, b, |x, y| x > y);
            i64x2_le_s => |a, b| s::cmp::<i64>(a, b, |x, y| x <= y);
            i64x2_ge_s => |a, b| s::cmp::<i64>(a, b, |x, y| x >= y);
            f32x4_eq => |a, b| s::cmp::<f32>(a, b, |x, y| x == y);
            f32x4_ne => |a, b| s::cmp::<f32>(a, b, |x, y| x != y);
            f32x4_lt => |a, b| s::cmp::<f32>(a, b, |x, y| x < y);
            f32x4_gt => |a, b| s::cmp::<f32>(a, b, |x, y| x > y);
            f32x4_le => |a, b| s::cmp::<f32>(a, b, |x, y| x <= y);
            f32x4_ge => |a, b| s::cmp::<f32>(a, b, |x, y| x >= y);
            f64x2_eq => |a, b| s::cmp::<f64>(a, b, |x, y| x == y);
            f64x2_ne => |a, b| s::cmp::<f64>(a, b, |x, y| x != y);
            f64x2_lt => |a, b| s::cmp::<f64>(a, b, |x, y| x < y);
            f64x2_gt => |a, b| s::cmp::<f64>(a, b, |x, y| x > y);
            f64x2_le => |a, b| s::cmp::<f64>(a, b, |x, y| x <= y);
            f64x2_ge => |a, b| s::cmp::<f64>(a, b, |x, y| x >= y);
            i8x16_narrow_i16x8_s => |a, b| s::narrow::<i16, i8>(a, b, |x| s::sat_i8(x as i32));
            i8x16_narrow_i16x8_u => |a, b| s::narrow::<i16, u8>(a, b, |x| s::sat_u8(x as i32));
            i8x16_add => |a, b| s::fast::i8x16_add(a, b);
            i8x16_add_sat_s => |a, b| s::fast::i8x16_add_sat_s(a, b);
            i8x16_add_sat_u => |a, b| s::fast::i8x16_add_sat_u(a, b);
            i8x16_sub => |a, b| s::fast::i8x16_sub(a, b);
            i8x16_sub_sat_s => |a, b| s::fast::i8x16_sub_sat_s(a, b);
            i8x16_sub_sat_u => |a, b| s::fast::i8x16_sub_sat_u(a, b);
            i8x16_min_s => |a, b| s::zip::<i8>(a, b, core::cmp::min);
            i8x16_min_u => |a, b| s::fast::i8x16_min_u(a, b);
            i8x16_max_s => |a, b| s::zip::<i8>(a, b, core::cmp::max);
            i8x16_max_u => |a, b| s::fast::i8x16_max_u(a, b);
            i8x16_avgr_u => |a, b| s::fast::i8x16_avgr_u(a, b);
            i16x8_q15_mulr_sat_s => |a, b| s::zip::<i16>(a, b, s::q15mulr);
            i16x8_relaxed_q15mulr_s => |a, b| s::zip::<i16>(a, b, s::q15mulr);
            i16x8_narrow_i32x4_s => |a, b| s::narrow::<i32, i16>(a, b, s::sat_i16);
            i16x8_narrow_i32x4_u => |a, b| s::narrow::<i32, u16>(a, b, s::sat_u16);
            i16x8_add => |a, b| s::fast::i16x8_add(a, b);
            i16x8_add_sat_s => |a, b| s::fast::i16x8_add_sat_s(a, b);
            i16x8_add_sat_u => |a, b| s::fast::i16x8_add_sat_u(a, b);
            i16x8_sub => |a, b| s::fast::i16x8_sub(a, b);
            i16x8_sub_sat_s => |a, b| s::fast::i16x8_sub_sat_s(a, b);
            i16x8_sub_sat_u => |a, b| s::fast::i16x8_sub_sat_u(a, b);
            i16x8_mul => |a, b| s::fast::i16x8_mul(a, b);
            i16x8_min_s => |a, b| s::fast::i16x8_min_s(a, b);
            i16x8_min_u => |a, b| s::zip::<u16>(a, b, core::cmp::min);
            i16x8_max_s => |a, b| s::fast::i16x8_max_s(a, b);
            i16x8_max_u => |a, b| s::zip::<u16>(a, b, core::cmp::max);
            i16x8_avgr_u => |a, b| s::fast::i16x8_avgr_u(a, b);
            i16x8_ext_mul_low_i8x16_s => |a, b| s::extmul::<i8, i16>(a, b, 0, |x, y| x as i16 * y as i16);
            i16x8_ext_mul_high_i8x16_s => |a, b| s::extmul::<i8, i16>(a, b, 1, |x, y| x as i16 * y as i16);
            i16x8_ext_mul_low_i8x16_u => |a, b| s::extmul::<u8, u16>(a, b, 0, |x, y| x as u16 * y as u16);
            i16x8_ext_mul_high_i8x16_u => |a, b| s::extmul::<u8, u16>(a, b, 1, |x, y| x as u16 * y as u16);
            i16x8_relaxed_dot_i8x16_i7x16_s => |a, b| s::dot_i8x16_i7x16(a, b);
            i32x4_add => |a, b| s::fast::i32x4_add(a, b);
            i32x4_sub => |a, b| s::fast::i32x4_sub(a, b);
            i32x4_mul => |a, b| s::zip::<u32>(a, b, u32::wrapping_mul);
            i32x4_min_s => |a, b| s::zip::<i32>(a, b, core::cmp::min);
            i32x4_min_u => |a, b| s::zip::<u32>(a, b, core::cmp::min);
            i32x4_max_s => |a, b| s::zip::<i32>(a, b, core::cmp::max);
            i32x4_max_u => |a, b| s::zip::<u32>(a, b, core::cmp::max);
            i32x4_dot_i16x8_s => |a, b| s::dot_i16x8(a, b);
            i32x4_ext_mul_low_i16x8_s => |a, b| s::extmul::<i16, i32>(a, b, 0, |x, y| x as i32 * y as i32);
            i32x4_ext_mul_high_i16x8_s => |a, b| s::extmul::<i16, i32>(a, b, 1, |x, y| x as i32 * y as i32);
            i32x4_ext_mul_low_i16x8_u => |a, b| s::extmul::<u16, u32>(a, b, 0, |x, y| x as u32 * y as u32);
            i32x4_ext_mul_high_i16x8_u => |a, b| s::extmul::<u16, u32>(a, b, 1, |x, y| x as u32 * y as u32);
            i64x2_add => |a, b| s::fast::i64x2_add(a, b);
            i64x2_sub => |a, b| s::fast::i64x2_sub(a, b);
            i64x2_mul => |a, b| s::zip::<u64>(a, b, u64::wrapping_mul);
            i64x2_ext_mul_low_i32x4_s => |a, b| s::extmul::<i32, i64>(a, b, 0, |x, y| x as i64 * y as i64);
            i64x2_ext_mul_high_i32x4_s => |a, b| s::extmul::<i32, i64>(a, b, 1, |x, y| x as i64 * y as i64);
            i64x2_ext_mul_low_i32x4_u => |a, b| s::extmul::<u32, u64>(a, b, 0, |x, y| x as u64 * y as u64);
            i64x2_ext_mul_high_i32x4_u => |a, b| s::extmul::<u32, u64>(a, b, 1, |x, y| x as u64 * y as u64);
            f32x4_add => |a, b| s::zip::<f32>(a, b, |x, y| s::f32_canon(x + y));
            f32x4_sub => |a, b| s::zip::<f32>(a, b, |x, y| s::f32_canon(x - y));
            f32x4_mul => |a, b| s::zip::<f32>(a, b, |x, y| s::f32_canon(x * y));
            f32x4_div => |a, b| s::zip::<f32>(a, b, |x, y| s::f32_canon(x / y));
            f32x4_min => |a, b| s::zip::<f32>(a, b, s::f32_min);
            f32x4_max => |a, b| s::zip::<f32>(a, b, s::f32_max);
            f32x4_p_min => |a, b| s::zip::<f32>(a, b, s::pmin);
            f32x4_p_max => |a, b| s::zip::<f32>(a, b, s::pmax);
            f32x4_relaxed_min => |a, b| s::zip::<f32>(a, b, s::f32_min);
            f32x4_relaxed_max => |a, b| s::zip::<f32>(a, b, s::f32_max);
            f64x2_add => |a, b| s::zip::<f64>(a, b, |x, y| s::f64_canon(x + y));
            f64x2_sub => |a, b| s::zip::<f64>(a, b, |x, y| s::f64_canon(x - y));
            f64x2_mul => |a, b| s::zip::<f64>(a, b, |x, y| s::f64_canon(x * y));
            f64x2_div => |a, b| s::zip::<f64>(a, b, |x, y| s::f64_canon(x / y));
            f64x2_min => |a, b| s::zip::<f64>(a, b, s::f64_min);
            f64x2_max => |a, b| s::zip::<f64>(a, b, s::f64_max);
            f64x2_p_min => |a, b| s::zip::<f64>(a, b, s::pmin);
            f64x2_p_max => |a, b| s::zip::<f64>(a, b, s::pmax);
            f64x2_relaxed_min => |a, b| s::zip::<f64>(a, b, s::f64_min);
            f64x2_relaxed_max => |a, b| s::zip::<f64>(a, b, s::f64_max);
        });

        $m!(tern {
            v128_bitselect => |a, b, c| s::bitselect(a, b, c);
            i32x4_relaxed_dot_i8x16_i7x16_add_s => |a, b, c| s::dot_i8x16_i7x16_add(a, b, c);
            f32x4_relaxed_madd => |a, b, c| s::build::<f32>(|i| s::f32_fma(s::Lane::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i)));
            f32x4_relaxed_nmadd => |a, b, c| s::build::<f32>(|i| s::f32_fma(-<f32 as s::Lane>::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i)));
            f64x2_relaxed_madd => |a, b, c| s::build::<f64>(|i| s::f64_fma(s::Lane::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i)));
            f64x2_relaxed_nmadd => |a, b, c| s::build::<f64>(|i| s::f64_fma(-<f64 as s::Lane>::get(a, i), s::Lane::get(b, i), s::Lane::get(c, i)));
            i8x16_relaxed_laneselect => |a, b, c| s::bitselect(a, b, c);
            i16x8_relaxed_laneselect => |a, b, c| s::bitselect(a, b, c);
            i32x4_relaxed_laneselect => |a, b, c| s::bitselect(a, b, c);
            i64x2_relaxed_laneselect => |a, b, c| s::bitselect(a, b, c);
        });

        $m!(test {
            v128_any_true => |a| (a != 0) as u32;
            i8x16_all_true => |a| s::all_true::<u8>(a);
            i8x16_bitmask => |a| s::fast::i8x16_bitmask(a);
            i16x8_all_true => |a| s::all_true::<u16>(a);
            i16x8_bitmask => |a| s::bitmask::<u16>(a);
            i32x4_all_true => |a| s::all_true::<u32>(a);
            i32x4_bitmask => |a| s::bitmask::<u32>(a);
            i64x2_all_true => |a| s::all_true::<u64>(a);
            i64x2_bitmask => |a| s::bitmask::<u64>(a);
        });

        $m!(shift {
            i8x16_shl => |a, n| s::shift::<u8>(a, n, |x, n| x << n);
            i8x16_shr_s => |a, n| s::shift::<i8>(a, n, |x, n| x >> n);
            i8x16_shr_u => |a, n| s::shift::<u8>(a, n, |x, n| x >> n);
            i16x8_shl => |a, n| s::shift::<u16>(a, n, |x, n| x << n);
            i16x8_shr_s => |a, n| s::shift::<i16>(a, n, |x, n| x >> n);
            i16x8_shr_u => |a, n| s::shift::<u16>(a, n, |x, n| x >> n);
            i32x4_shl => |a, n| s::shift::<u32>(a, n, |x, n| x << n);
            i32x4_shr_s => |a, n| s::shift::<i32>(a, n, |x, n| x >> n);
            i32x4_shr_u => |a, n| s::shift::<u32>(a, n, |x, n| x >> n);
            i64x2_shl => |a, n| s::shift::<u64>(a, n, |x, n| x << n);
            i64x2_shr_s => |a, n| s::shift::<i64>(a, n, |x, n| x >> n);
            i64x2_shr_u => |a, n| s::shift::<u64>(a, n, |x, n| x >> n);
        });

        $m!(splat {
            i8x16_splat => |x| s::splat::<u8>(x as u8);
            i16x8_splat => |x| s::splat::<u16>(x as u16);
            i32x4_splat => |x| s::splat::<u32>(x as u32);
            i64x2_splat => |x| s::splat::<u64>(x);
            f32x4_splat => |x| s::splat::<u32>(x as u32);
            f64x2_splat => |x| s::splat::<u64>(x);
        });

        $m!(extract {
            i8x16_extract_lane_s => |a, lane| <i8 as s::Lane>::get(a, lane) as i32 as u32 as u64;
            i8x16_extract_lane_u => |a, lane| <u8 as s::Lane>::get(a, lane) as u64;
            i16x8_extract_lane_s => |a, lane| <i16 as s::Lane>::get(a, lane) as i32 as u32 as u64;
            i16x8_extract_lane_u => |a, lane| <u16 as s::Lane>::get(a, lane) as u64;
            i32x4_extract_lane => |a, lane| <u32 as s::Lane>::get(a, lane) as u64;
            i64x2_extract_lane => |a, lane| <u64 as s::Lane>::get(a, lane);
            f32x4_extract_lane => |a, lane| <u32 as s::Lane>::get(a, lane) as u64;
            f64x2_extract_lane => |a, lane| <u64 as s::Lane>::get(a, lane);
        });

        $m!(replace {
            i8x16_replace_lane => |a, x, lane| s::replace::<u8>(a, lane, x as u8);
            i16x8_replace_lane => |a, x, lane| s::replace::<u16>(a, lane, x as u16);
            i32x4_replace_lane => |a, x, lane| s::replace::<u32>(a, lane, x as u32);
            i64x2_replace_lane => |a, x, lane| s::replace::<u64>(a, lane, x);
            f32x4_replace_lane => |a, x, lane| s::replace::<u32>(a, lane, x as u32);
            f64x2_replace_lane => |a, x, lane| s::replace::<u64>(a, lane, x);
        });

        $m!(load {
            v128_load: 16 => |m| u128::from_le_bytes(m);
            v128_load8x8_s: 8 => |m| s::build::<i16>(|i| m[i] as i8 as i16);
            v128_load8x8_u: 8 => |m| s::build::<u16>(|i| m[i] as u16);
            v128_load16x4_s: 8 => |m| s::build::<i32>(|i| i16::from_le_bytes([m[2 * i], m[2 * i + 1]]) as i32);
            v128_load16x4_u: 8 => |m| s::build::<u32>(|i| u16::from_le_bytes([m[2 * i], m[2 * i + 1]]) as u32);
            v128_load32x2_s: 8 => |m| s::build::<i64>(|i| i32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]) as i64);
            v128_load32x2_u: 8 => |m| s::build::<u64>(|i| u32::from_le_bytes([m[4 * i], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]]) as u64);
            v128_load8_splat: 1 => |m| s::splat::<u8>(m[0]);
            v128_load16_splat: 2 => |m| s::splat::<u16>(u16::from_le_bytes(m));
            v128_load32_splat: 4 => |m| s::splat::<u32>(u32::from_le_bytes(m));
            v128_load64_splat: 8 => |m| s::splat::<u64>(u64::from_le_bytes(m));
            v128_load32_zero: 4 => |m| u32::from_le_bytes(m) as u128;
            v128_load64_zero: 8 => |m| u64::from_le_bytes(m) as u128;
        });

        $m!(load_lane {
            v128_load8_lane: 1 => |m, v, lane| s::replace::<u8>(v, lane, m[0]);
            v128_load16_lane: 2 => |m, v, lane| s::replace::<u16>(v, lane, u16::from_le_bytes(m));
            v128_load32_lane: 4 => |m, v, lane| s::replace::<u32>(v, lane, u32::from_le_bytes(m));
            v128_load64_lane: 8 => |m, v, lane| s::replace::<u64>(v, lane, u64::from_le_bytes(m));
        });

        $m!(store {
            v128_store: 16 => |v| v.to_le_bytes();
        });

        $m!(store_lane {
            v128_store8_lane: 1 => |v, lane| [<u8 as s::Lane>::get(v, lane)];
            v128_store16_lane: 2 => |v, lane| <u16 as s::Lane>::get(v, lane).to_le_bytes();
            v128_store32_lane: 4 => |v, lane| <u32 as s::Lane>::get(v, lane).to_le_bytes();
            v128_store64_lane: 8 => |v, lane| <u64 as s::Lane>::get(v, lane).to_le_bytes();
        });
    };
}

#[cfg(feature = "simd")]
#[allow(missing_docs)] // one function per op, named as the op (its doc is in the op table)
mod values {
    use crate::simd as s;
    use crate::simd::V;

    /// One plain function per op, its operands as values.
    macro_rules! value_fns {
        (un { $($name:ident => |$a:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V) -> V { $e }
        )*};
        (bin { $($name:ident => |$a:ident, $b:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V, $b: V) -> V { $e }
        )*};
        (tern { $($name:ident => |$a:ident, $b:ident, $c:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V, $b: V, $c: V) -> V { $e }
        )*};
        (test { $($name:ident => |$a:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V) -> u32 { $e }
        )*};
        (shift { $($name:ident => |$a:ident, $n:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V, $n: u32) -> V { $e }
        )*};
        (splat { $($name:ident => |$x:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($x: u64) -> V { $e }
        )*};
        (extract { $($name:ident => |$a:ident, $lane:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V, $lane: usize) -> u64 { $e }
        )*};
        (replace { $($name:ident => |$a:ident, $x:ident, $lane:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($a: V, $x: u64, $lane: usize) -> V { $e }
        )*};
        (load { $($name:ident: $n:literal => |$m:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($m: [u8; $n]) -> V { $e }
        )*};
        (load_lane { $($name:ident: $n:literal => |$m:ident, $v:ident, $lane:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($m: [u8; $n], $v: V, $lane: usize) -> V { $e }
        )*};
        (store { $($name:ident: $n:literal => |$v:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($v: V) -> [u8; $n] { $e }
        )*};
        (store_lane { $($name:ident: $n:literal => |$v:ident, $lane:ident| $e:expr;)* }) => {$(
            #[inline(always)]
            pub fn $name($v: V, $lane: usize) -> [u8; $n] { $e }
        )*};
    }

    for_each_simd_op!(value_fns);
}

#[cfg(feature = "simd")]
pub use values::*;
