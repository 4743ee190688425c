//! 128-bit SIMD handlers: one per op of the SIMD part of the op table, each reading its
//! operands and applying the semantics of `crate::simd`. A `VSlot` names the low slot of a
//! v128. The tables below group the ops by operand shape; the macros are only glue.
//!
//! On bare-metal hosts with the loop dispatcher the SIMD handlers stay out of line: inlined
//! into `run_loop`, their lane temporaries (v128s live in memory on a host without 128-bit
//! registers) grew its frame to 16 KiB on thumbv7em (68 B without them) and its code from
//! 32 KB to 102 KB, where 16 KiB may be a board's whole stack. Hosted 32-bit targets keep them
//! inline: out of line cost i686 13% on a SIMD loop (445 -> 503 ms), and their stacks are
//! large. With tail-call dispatch each handler is its own function anyway.

#[cfg(feature = "simd")]
use super::mem::effective;
use super::{Executor, Flow, Mode, Regs};
use crate::simd as s;
use crate::simd::V;

#[cfg(feature = "simd")]
#[inline(always)]
fn read<const N: usize>(r: &Regs<impl Mode>, ea: usize) -> [u8; N] {
    // SAFETY: callers checked `ea + N <= len` (`effective`); `mem..mem+len` is memory 0.
    unsafe { (r.mem.add(ea) as *const [u8; N]).read_unaligned() }
}

#[cfg(feature = "simd")]
#[inline(always)]
fn write<const N: usize>(r: &Regs<impl Mode>, ea: usize, bytes: [u8; N]) {
    // SAFETY: as for `read`.
    unsafe { (r.mem.add(ea) as *mut [u8; N]).write_unaligned(bytes) }
}

/// Defines handlers of one operand shape: `$name => |operands| expr;`, the operands bound to
/// the values read (v128s as `V`, scalars as `u64`/`u32`, lanes as `usize`).
#[cfg(feature = "simd")]
macro_rules! shape {
    (un { $($name:ident => |$a:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
            let $a = r.v128(a);
            r.set_v128(dst, crate::simd_ops::$name($a));
            Ok(())
        }
    )*};
    (bin { $($name:ident => |$a:ident, $b:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
            let ($a, $b) = (r.v128(a), r.v128(b));
            r.set_v128(dst, crate::simd_ops::$name($a, $b));
            Ok(())
        }
    )*};
    (tern { $($name:ident => |$a:ident, $b:ident, $c:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32, c: u32) -> Flow {
            let ($a, $b, $c) = (r.v128(a), r.v128(b), r.v128(c));
            r.set_v128(dst, crate::simd_ops::$name($a, $b, $c));
            Ok(())
        }
    )*};
    (test { $($name:ident => |$a:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32) -> Flow {
            let $a = r.v128(a);
            r.set_u32(dst, crate::simd_ops::$name($a));
            Ok(())
        }
    )*};
    (shift { $($name:ident => |$a:ident, $n:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, n: u32) -> Flow {
            let ($a, $n) = (r.v128(a), r.u32(n));
            r.set_v128(dst, crate::simd_ops::$name($a, $n));
            Ok(())
        }
    )*};
    (splat { $($name:ident => |$x:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, x: u32) -> Flow {
            let $x = r.u64(x);
            r.set_v128(dst, crate::simd_ops::$name($x));
            Ok(())
        }
    )*};
    (extract { $($name:ident => |$a:ident, $lane:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, lane: u32) -> Flow {
            let ($a, $lane) = (r.v128(a), lane as usize);
            r.set_u64(dst, crate::simd_ops::$name($a, $lane));
            Ok(())
        }
    )*};
    (replace { $($name:ident => |$a:ident, $x:ident, $lane:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, x: u32, lane: u32) -> Flow {
            let ($a, $x, $lane) = (r.v128(a), r.u64(x), lane as usize);
            r.set_v128(dst, crate::simd_ops::$name($a, $x, $lane));
            Ok(())
        }
    )*};
    // Memory: `$name: bytes => |...| expr;`; loads see the bytes read, stores make them.
    (load { $($name:ident: $n:literal => |$m:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, addr: u32, off: u32) -> Flow {
            let $m: [u8; $n] = read(r, effective(r, cx, addr, off, $n)?);
            r.set_v128(dst, crate::simd_ops::$name($m));
            Ok(())
        }
    )*};
    (load_lane { $($name:ident: $n:literal => |$m:ident, $v:ident, $lane:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
            let $m: [u8; $n] = read(r, effective(r, cx, addr, off, $n)?);
            let ($v, $lane) = (r.v128(v), lane as usize);
            r.set_v128(dst, crate::simd_ops::$name($m, $v, $lane));
            Ok(())
        }
    )*};
    (store { $($name:ident: $n:literal => |$v:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, addr: u32, off: u32, v: u32) -> Flow {
            let ea = effective(r, cx, addr, off, $n)?;
            let $v = r.v128(v);
            write::<$n>(r, ea, crate::simd_ops::$name($v));
            Ok(())
        }
    )*};
    (store_lane { $($name:ident: $n:literal => |$v:ident, $lane:ident| $e:expr;)* }) => {$(
        #[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
        #[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, cx: &mut Executor, addr: u32, off: u32, v: u32, lane: u32) -> Flow {
            let ea = effective(r, cx, addr, off, $n)?;
            let ($v, $lane) = (r.v128(v), lane as usize);
            write::<$n>(r, ea, crate::simd_ops::$name($v, $lane));
            Ok(())
        }
    )*};
}

/// Without the `simd` feature every SIMD handler traps: the translator of such a build never
/// emits these ops (an engine refuses to turn SIMD on), so only forged bytecode reaches one,
/// and it stops there as at `unreachable`.
#[cfg(not(feature = "simd"))]
macro_rules! shape {
    (@stub $name:ident ($($arg:ident),*)) => {
        #[inline(never)]
        pub(crate) fn $name(_r: &mut Regs<impl Mode>, _cx: &mut Executor, $($arg: u32),*) -> Flow {
            let _ = ($($arg),*);
            Err(super::trap(sheave_trap()))
        }
    };
    (un { $($name:ident => |$a:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a)); )*};
    (bin { $($name:ident => |$a:ident, $b:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a, b)); )*};
    (tern { $($name:ident => |$a:ident, $b:ident, $c:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a, b, c)); )*};
    (test { $($name:ident => |$a:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a)); )*};
    (shift { $($name:ident => |$a:ident, $n:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a, n)); )*};
    (splat { $($name:ident => |$x:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, x)); )*};
    (extract { $($name:ident => |$a:ident, $lane:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a, lane)); )*};
    (replace { $($name:ident => |$a:ident, $x:ident, $lane:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, a, x, lane)); )*};
    (load { $($name:ident: $n:literal => |$m:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, addr, off)); )*};
    (load_lane { $($name:ident: $n:literal => |$m:ident, $v:ident, $lane:ident| $e:expr;)* }) => {$( shape!(@stub $name (dst, addr, off, v, lane)); )*};
    (store { $($name:ident: $n:literal => |$v:ident| $e:expr;)* }) => {$( shape!(@stub $name (addr, off, v)); )*};
    (store_lane { $($name:ident: $n:literal => |$v:ident, $lane:ident| $e:expr;)* }) => {$( shape!(@stub $name (addr, off, v, lane)); )*};
}

/// What a SIMD op does in a build without SIMD.
#[cfg(not(feature = "simd"))]
fn sheave_trap() -> crate::Trap {
    crate::Trap::UnreachableCodeReached
}

#[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
#[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
pub(crate) fn v128_const(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, lo: u64, hi: u64) -> Flow {
    r.set_v128(dst, (hi as V) << 64 | lo as V);
    Ok(())
}

#[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
#[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
pub(crate) fn i8x16_shuffle(
    r: &mut Regs<impl Mode>,
    _cx: &mut Executor,
    dst: u32,
    a: u32,
    b: u32,
    lo: u64,
    hi: u64,
) -> Flow {
    let v = s::shuffle(r.v128(a), r.v128(b), (hi as V) << 64 | lo as V);
    r.set_v128(dst, v);
    Ok(())
}

#[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
#[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
pub(crate) fn v128_global_get(r: &mut Regs<impl Mode>, cx: &mut Executor, dst: u32, g: u32) -> Flow {
    // SAFETY: `g` was validated against the module's globals; cells of a live instance are live.
    let cell = unsafe { &**cx.instance_ref().globals.get_unchecked(g as usize) };
    r.set_v128(dst, (cell.hi as V) << 64 | cell.bits as V);
    Ok(())
}

#[cfg_attr(not(all(target_os = "none", not(sheave_tail_dispatch))), inline(always))]
#[cfg_attr(all(target_os = "none", not(sheave_tail_dispatch)), inline(never))]
pub(crate) fn v128_global_set(r: &mut Regs<impl Mode>, cx: &mut Executor, g: u32, src: u32) -> Flow {
    let v = r.v128(src);
    // SAFETY: as for `v128_global_get`; validation checked the global is mutable.
    let cell = unsafe { &mut **cx.instance_ref().globals.get_unchecked(g as usize) };
    cell.bits = v as u64;
    cell.hi = (v >> 64) as u64;
    Ok(())
}

crate::for_each_simd_op!(shape);
