//! Pure WebAssembly numeric semantics shared by the handlers, the translator's constant
//! folding and the property tests: trapping division, exact float min/max/nearest and
//! float-to-int conversions.

use crate::Trap as TrapCode;

macro_rules! int_div {
    ($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $s:ty, $u:ty) => {
        /// Signed division; traps on zero and on `MIN / -1`.
        #[inline(always)]
        pub fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
        }
        /// Unsigned division; traps on zero.
        #[inline(always)]
        pub fn $div_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_div(b).ok_or(TrapCode::IntegerDivisionByZero)
        }
        /// Signed remainder; traps on zero (`MIN % -1` is 0).
        #[inline(always)]
        pub fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            Ok(a.wrapping_rem(b))
        }
        /// Unsigned remainder; traps on zero.
        #[inline(always)]
        pub fn $rem_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_rem(b).ok_or(TrapCode::IntegerDivisionByZero)
        }
    };
}
int_div!(i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32, u32);
int_div!(i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64, u64);

macro_rules! float_ops {
    ($min:ident, $max:ident, $nearest:ident, $canon:ident, $rint:path, $f:ty, $nan:expr) => {
        /// Returns a canonical quiet NaN when `x` is NaN, else `x`.
        #[inline(always)]
        pub fn $canon(x: $f) -> $f {
            if x.is_nan() { <$f>::from_bits($nan) } else { x }
        }
        /// Wasm `min`: NaN if either operand is NaN; `-0 < +0`.
        #[inline(always)]
        pub fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                return $canon(a + b);
            }
            if a == b {
                // Equal values: only the zeros differ, and the negative one wins.
                return <$f>::from_bits(a.to_bits() | b.to_bits());
            }
            if a < b { a } else { b }
        }
        /// Wasm `max`: NaN if either operand is NaN; `-0 < +0`.
        #[inline(always)]
        pub fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                return $canon(a + b);
            }
            if a == b {
                return <$f>::from_bits(a.to_bits() & b.to_bits());
            }
            if a > b { a } else { b }
        }
        /// Round to nearest, ties to even.
        #[inline(always)]
        pub fn $nearest(a: $f) -> $f {
            $rint(a)
        }
    };
}
float_ops!(f32_min, f32_max, f32_nearest, f32_canon, f32_rint, f32, 0x7fc0_0000);
float_ops!(f64_min, f64_max, f64_nearest, f64_canon, f64_rint, f64, 0x7ff8_0000_0000_0000);

macro_rules! trunc {
    ($name:ident, $sat:ident, $f:ty, $i:ty, $lo:expr, $hi:expr) => {
        /// Truncating conversion; traps on NaN (`BadConversionToInteger`) and out of range
        /// (`IntegerOverflow`). The bounds are exclusive and exactly representable.
        #[inline(always)]
        pub fn $name(x: $f) -> Result<$i, TrapCode> {
            if x.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            if x > $lo && x < $hi { Ok(x as $i) } else { Err(TrapCode::IntegerOverflow) }
        }
        /// Saturating conversion (Rust's `as` has exactly Wasm's semantics).
        #[inline(always)]
        pub fn $sat(x: $f) -> $i {
            x as $i
        }
    };
}
trunc!(i32_trunc_f32_s, i32_trunc_sat_f32_s, f32, i32, -2147483904.0f32, 2147483648.0f32);
trunc!(i32_trunc_f32_u, i32_trunc_sat_f32_u, f32, u32, -1.0f32, 4294967296.0f32);
trunc!(i32_trunc_f64_s, i32_trunc_sat_f64_s, f64, i32, -2147483649.0f64, 2147483648.0f64);
trunc!(i32_trunc_f64_u, i32_trunc_sat_f64_u, f64, u32, -1.0f64, 4294967296.0f64);
trunc!(i64_trunc_f32_s, i64_trunc_sat_f32_s, f32, i64, -9223373136366403584.0f32, 9223372036854775808.0f32);
trunc!(i64_trunc_f32_u, i64_trunc_sat_f32_u, f32, u64, -1.0f32, 18446744073709551616.0f32);
trunc!(i64_trunc_f64_s, i64_trunc_sat_f64_s, f64, i64, -9223372036854777856.0f64, 9223372036854775808.0f64);
trunc!(i64_trunc_f64_u, i64_trunc_sat_f64_u, f64, u64, -1.0f64, 18446744073709551616.0f64);

/// `f32.copysign` on bit patterns (keeps NaN payloads exactly).
#[inline(always)]
pub fn f32_copysign(a: u32, b: u32) -> u32 {
    (a & 0x7fff_ffff) | (b & 0x8000_0000)
}

/// `f64.copysign` on bit patterns (keeps NaN payloads exactly).
#[inline(always)]
pub fn f64_copysign(a: u64, b: u64) -> u64 {
    (a & 0x7fff_ffff_ffff_ffff) | (b & 0x8000_0000_0000_0000)
}

macro_rules! rounding {
    ($($name:ident: $f:ty, $quiet:expr, $op:path;)*) => {$(
        /// Wasm rounding/sqrt: libm's result, with NaN inputs quieted (libm may return a
        /// signalling NaN unchanged, but Wasm requires an arithmetic NaN).
        #[inline(always)]
        pub fn $name(a: $f) -> $f {
            if a.is_nan() {
                return <$f>::from_bits(a.to_bits() | $quiet);
            }
            $op(a)
        }
    )*};
}
rounding! {
    f32_ceil: f32, 0x0040_0000, libm::ceilf;
    f32_floor: f32, 0x0040_0000, libm::floorf;
    f32_trunc: f32, 0x0040_0000, libm::truncf;
    f32_sqrt: f32, 0x0040_0000, libm::sqrtf;
    f64_ceil: f64, 0x0008_0000_0000_0000, libm::ceil;
    f64_floor: f64, 0x0008_0000_0000_0000, libm::floor;
    f64_trunc: f64, 0x0008_0000_0000_0000, libm::trunc;
    f64_sqrt: f64, 0x0008_0000_0000_0000, libm::sqrt;
    f32_rint: f32, 0x0040_0000, libm::rintf;
    f64_rint: f64, 0x0008_0000_0000_0000, libm::rint;
}
