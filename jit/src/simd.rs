//! SIMD in native code. A v128 stays in its two frame slots, in memory (Cranelift variables
//! here are 64-bit): `vector_slots` marks them before lowering, so scalar code that copies
//! the halves (moves, calls) loads and stores them there too.
//!
//! Where the host's backend has 128-bit vectors in Wasm's lane order (x86-64 with SSE4.2,
//! aarch64: `ModuleEnv::vectors`) the common ops are vector instructions on those slots. Every
//! other op, and every op on the other hosts (s390x, whose lanes are big-endian in registers,
//! and riscv64, whose vectors need the V extension), calls the op's semantics in
//! `sheave_interp::simd_ops`, the functions the interpreter's handlers call: both tiers give
//! the same bits (NaN payloads and the relaxed ops' choices included) on every host.

use crate::lower::{Lower, Lowered, heap_flags, vm_flags};
use crate::ops::{global_cell, heap_addr};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};
use cranelift_codegen::ir::types::{F32X4, F64X2, I8, I8X16, I16, I16X8, I32, I32X4, I64, I64X2};
use cranelift_codegen::ir::{Endianness, InstBuilder, MemFlagsData, Type, Value};
use sheave_interp::code::{Op, Opcode, OperandKind};
use sheave_interp::simd::V;
use sheave_interp::simd_ops as sem;
use sheave_interp::vm::GlobalCell;

type R = Lowered;

/// Marks the slots of every v128 operand as kept in memory. The wide-arithmetic ops name a
/// slot pair too, but as two scalars, which variables hold.
pub(crate) fn vector_slots(ops: &[(usize, Op)], in_memory: &mut [bool]) {
    for (at, op) in ops {
        if matches!(op.opcode(), Opcode::I64Add128 | Opcode::I64Sub128 | Opcode::I64MulWideS | Opcode::I64MulWideU) {
            continue;
        }
        op.visit_operands(*at, &mut |o| {
            if o.kind == OperandKind::VSlot {
                for s in [o.value, o.value + 1] {
                    if let Some(m) = in_memory.get_mut(s as usize) {
                        *m = true;
                    }
                }
            }
        });
    }
}

// ---- helpers: the interpreter's semantics, on slots in the frame ----

/// The v128 in slots `p[0]` (low half) and `p[1]`.
///
/// # Safety
/// `p` points at two slots of a live frame.
unsafe fn read(p: *const u64) -> V {
    // SAFETY: the caller's contract.
    unsafe { *p as V | (*p.add(1) as V) << 64 }
}

/// Writes `v` to slots `p[0]` and `p[1]`.
///
/// # Safety
/// As for `read`.
unsafe fn write(p: *mut u64, v: V) {
    // SAFETY: the caller's contract.
    unsafe {
        *p = v as u64;
        *p.add(1) = (v >> 64) as u64;
    }
}

/// `N` bytes of linear memory at `p`.
///
/// # Safety
/// Native code checked `p..p + N` against the memory's bounds.
unsafe fn bytes<const N: usize>(p: *const u8) -> [u8; N] {
    // SAFETY: the caller's contract.
    unsafe { (p as *const [u8; N]).read_unaligned() }
}

/// Defines, per op of one operand shape, its helper (in module `h`, C convention, slots
/// passed by address) and its lowering (the inline form where `native` has one, else a call
/// of the helper).
macro_rules! lowerings {
    (un { $($name:ident => |$a:ident| $e:expr;)* }) => {
        mod h_un { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, a: *const u64) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(read(a))) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            if let Some(v) = cx.env.vectors.then(|| native_un(cx, stringify!($name), a)).flatten() {
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), cx.slot_addr(a)];
                cx.call_helper(h_un::$name as *const u8, &[p, p], None, &args);
            }
            Ok(())
        })*
    };
    (bin { $($name:ident => |$a:ident, $b:ident| $e:expr;)* }) => {
        mod h_bin { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, a: *const u64, b: *const u64) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(read(a), read(b))) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            if let Some(v) = cx.env.vectors.then(|| native_bin(cx, stringify!($name), a, b)).flatten() {
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), cx.slot_addr(a), cx.slot_addr(b)];
                cx.call_helper(h_bin::$name as *const u8, &[p, p, p], None, &args);
            }
            Ok(())
        })*
    };
    (tern { $($name:ident => |$a:ident, $b:ident, $c:ident| $e:expr;)* }) => {
        mod h_tern { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, a: *const u64, b: *const u64, c: *const u64) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(read(a), read(b), read(c))) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a, b, c): (u32, u32, u32, u32)) -> R {
            if let Some(v) = cx.env.vectors.then(|| native_tern(cx, stringify!($name), a, b, c)).flatten() {
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), cx.slot_addr(a), cx.slot_addr(b), cx.slot_addr(c)];
                cx.call_helper(h_tern::$name as *const u8, &[p, p, p, p], None, &args);
            }
            Ok(())
        })*
    };
    (test { $($name:ident => |$a:ident| $e:expr;)* }) => {
        mod h_test { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(a: *const u64) -> u32 {
                // SAFETY: the caller's contract.
                unsafe { sem::$name(read(a)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            let v = match cx.env.vectors.then(|| native_test(cx, stringify!($name), a)).flatten() {
                Some(v) => v,
                None => {
                    let p = cx.env.ptr;
                    let args = [cx.slot_addr(a)];
                    cx.call_helper(h_test::$name as *const u8, &[p], Some(I32), &args).expect("a result")
                }
            };
            cx.set32(dst, v);
            Ok(())
        })*
    };
    (shift { $($name:ident => |$a:ident, $n:ident| $e:expr;)* }) => {
        mod h_shift { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, a: *const u64, n: u32) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(read(a), n)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a, n): (u32, u32, u32)) -> R {
            if let Some(v) = cx.env.vectors.then(|| native_shift(cx, stringify!($name), a, n)).flatten() {
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), cx.slot_addr(a), cx.get32(n)];
                cx.call_helper(h_shift::$name as *const u8, &[p, p, I32], None, &args);
            }
            Ok(())
        })*
    };
    (splat { $($name:ident => |$x:ident| $e:expr;)* }) => {
        mod h_splat { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, x: u64) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(x)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, x): (u32, u32)) -> R {
            let x = cx.get64(x);
            if cx.env.vectors {
                let v = splat_of(cx, stringify!($name), x);
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), x];
                cx.call_helper(h_splat::$name as *const u8, &[p, I64], None, &args);
            }
            Ok(())
        })*
    };
    (extract { $($name:ident => |$a:ident, $lane:ident| $e:expr;)* }) => {
        mod h_extract { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(a: *const u64, lane: u32) -> u64 {
                // SAFETY: the caller's contract.
                unsafe { sem::$name(read(a), lane as usize) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a, lane): (u32, u32, u32)) -> R {
            let v = if cx.env.vectors {
                extract_of(cx, stringify!($name), a, lane)
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(a), cx.b.ins().iconst(I32, lane as i64)];
                cx.call_helper(h_extract::$name as *const u8, &[p, I32], Some(I64), &args).expect("a result")
            };
            cx.set64(dst, v);
            Ok(())
        })*
    };
    (replace { $($name:ident => |$a:ident, $x:ident, $lane:ident| $e:expr;)* }) => {
        mod h_replace { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, a: *const u64, x: u64, lane: u32) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(read(a), x, lane as usize)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, a, x, lane): (u32, u32, u32, u32)) -> R {
            let x = cx.get64(x);
            if cx.env.vectors {
                let v = replace_of(cx, stringify!($name), a, x, lane);
                vset(cx, dst, v);
            } else {
                let p = cx.env.ptr;
                let args = [cx.slot_addr(dst), cx.slot_addr(a), x, cx.b.ins().iconst(I32, lane as i64)];
                cx.call_helper(h_replace::$name as *const u8, &[p, p, I64, I32], None, &args);
            }
            Ok(())
        })*
    };
    (load { $($name:ident: $n:literal => |$m:ident| $e:expr;)* }) => {
        mod h_load { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots and a checked address.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, p: *const u8) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(bytes::<$n>(p))) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, addr, off): (u32, u32, u32)) -> R {
            let p = heap_addr(cx, addr, off, $n);
            if !load_inline(cx, stringify!($name), dst, p) {
                let ptr = cx.env.ptr;
                let args = [cx.slot_addr(dst), p];
                cx.call_helper(h_load::$name as *const u8, &[ptr, ptr], None, &args);
            }
            Ok(())
        })*
    };
    (load_lane { $($name:ident: $n:literal => |$m:ident, $v:ident, $lane:ident| $e:expr;)* }) => {
        mod h_load_lane { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots and a checked address.
            pub(super) unsafe extern "C" fn $name(d: *mut u64, p: *const u8, v: *const u64, lane: u32) {
                // SAFETY: the caller's contract.
                unsafe { write(d, sem::$name(bytes::<$n>(p), read(v), lane as usize)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (dst, addr, off, v, lane): (u32, u32, u32, u32, u32)) -> R {
            let p = heap_addr(cx, addr, off, $n);
            if cx.env.vectors {
                let ty = lane_int($n);
                let x = cx.b.ins().load(ty, heap_flags(), p, 0);
                let a = vget(cx, vector_of(ty), v);
                let r = cx.b.ins().insertlane(a, x, lane as u8);
                vset(cx, dst, r);
            } else {
                let ptr = cx.env.ptr;
                let args = [cx.slot_addr(dst), p, cx.slot_addr(v), cx.b.ins().iconst(I32, lane as i64)];
                cx.call_helper(h_load_lane::$name as *const u8, &[ptr, ptr, ptr, I32], None, &args);
            }
            Ok(())
        })*
    };
    (store { $($name:ident: $n:literal => |$v:ident| $e:expr;)* }) => {
        $(pub(crate) fn $name(cx: &mut Lower, (addr, off, v): (u32, u32, u32)) -> R {
            let p = heap_addr(cx, addr, off, $n);
            if cx.env.vectors {
                let x = vget(cx, I8X16, v);
                cx.b.ins().store(heap_flags(), x, p, 0);
            } else {
                // Two little-endian halves: the same bytes on every host.
                let (lo, hi) = (cx.get64(v), cx.get64(v + 1));
                cx.b.ins().store(heap_flags(), lo, p, 0);
                cx.b.ins().store(heap_flags(), hi, p, 8);
            }
            Ok(())
        })*
    };
    (store_lane { $($name:ident: $n:literal => |$v:ident, $lane:ident| $e:expr;)* }) => {
        mod h_store_lane { use super::*; $(
            /// # Safety
            /// Native code passes its frame's slots and a checked address.
            pub(super) unsafe extern "C" fn $name(p: *mut u8, v: *const u64, lane: u32) {
                // SAFETY: the caller's contract.
                unsafe { (p as *mut [u8; $n]).write_unaligned(sem::$name(read(v), lane as usize)) }
            }
        )* }
        $(pub(crate) fn $name(cx: &mut Lower, (addr, off, v, lane): (u32, u32, u32, u32)) -> R {
            let p = heap_addr(cx, addr, off, $n);
            if cx.env.vectors {
                let ty = lane_int($n);
                let a = vget(cx, vector_of(ty), v);
                let x = cx.b.ins().extractlane(a, lane as u8);
                cx.b.ins().store(heap_flags(), x, p, 0);
            } else {
                let ptr = cx.env.ptr;
                let args = [p, cx.slot_addr(v), cx.b.ins().iconst(I32, lane as i64)];
                cx.call_helper(h_store_lane::$name as *const u8, &[ptr, ptr, I32], None, &args);
            }
            Ok(())
        })*
    };
}

sheave_interp::for_each_simd_op!(lowerings);

// ---- the ops outside the shape tables ----

pub(crate) fn v128_const(cx: &mut Lower, (dst, lo, hi): (u32, u64, u64)) -> R {
    let (lo, hi) = (cx.b.ins().iconst(I64, lo as i64), cx.b.ins().iconst(I64, hi as i64));
    cx.set64(dst, lo);
    cx.set64(dst + 1, hi);
    Ok(())
}

/// # Safety
/// Native code passes its frame's slots.
unsafe extern "C" fn shuffle_helper(d: *mut u64, a: *const u64, b: *const u64, lo: u64, hi: u64) {
    // SAFETY: the caller's contract.
    unsafe { write(d, sheave_interp::simd::shuffle(read(a), read(b), (hi as V) << 64 | lo as V)) }
}

pub(crate) fn i8x16_shuffle(cx: &mut Lower, (dst, a, b, lo, hi): (u32, u32, u32, u64, u64)) -> R {
    if cx.env.vectors {
        let lanes = (hi as V) << 64 | lo as V;
        let mask = cx.b.func.dfg.immediates.push(lanes.to_le_bytes().to_vec().into());
        let (x, y) = (vget(cx, I8X16, a), vget(cx, I8X16, b));
        let v = cx.b.ins().shuffle(x, y, mask);
        vset(cx, dst, v);
    } else {
        let p = cx.env.ptr;
        let (lo, hi) = (cx.b.ins().iconst(I64, lo as i64), cx.b.ins().iconst(I64, hi as i64));
        let args = [cx.slot_addr(dst), cx.slot_addr(a), cx.slot_addr(b), lo, hi];
        cx.call_helper(shuffle_helper as *const u8, &[p, p, p, I64, I64], None, &args);
    }
    Ok(())
}

pub(crate) fn v128_global_get(cx: &mut Lower, (dst, g): (u32, u32)) -> R {
    let cell = global_cell(cx, g);
    let lo = cx.b.ins().load(I64, vm_flags(), cell, core::mem::offset_of!(GlobalCell, bits) as i32);
    let hi = cx.b.ins().load(I64, vm_flags(), cell, core::mem::offset_of!(GlobalCell, hi) as i32);
    cx.set64(dst, lo);
    cx.set64(dst + 1, hi);
    Ok(())
}

pub(crate) fn v128_global_set(cx: &mut Lower, (g, src): (u32, u32)) -> R {
    let cell = global_cell(cx, g);
    let (lo, hi) = (cx.get64(src), cx.get64(src + 1));
    cx.b.ins().store(vm_flags(), lo, cell, core::mem::offset_of!(GlobalCell, bits) as i32);
    cx.b.ins().store(vm_flags(), hi, cell, core::mem::offset_of!(GlobalCell, hi) as i32);
    Ok(())
}

// ---- inline forms (hosts with `ModuleEnv::vectors`) ----

/// Frame slots as one vector: little-endian hosts only (`vectors`), where the low half's
/// bytes come first; 8-byte aligned.
fn frame_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap().with_endianness(Endianness::Little)
}

/// The v128 in slots `s`, `s + 1` as a vector of type `ty`: the value last written there if
/// this block (or one it is sure to follow) wrote it, else read from memory as two 64-bit
/// halves. Scalar code (moves, selects, calls) writes the halves one at a time, and a 128-bit
/// load of two 64-bit stores cannot take their values from the store buffer (a stall of over
/// ten cycles on x86-64; the loop of `i32x4.dot_i16x8_s` in `benches/simd.rs` ran 2x slower).
fn vget(cx: &mut Lower, ty: Type, s: u32) -> Value {
    let v = match cx.vcache.get(&s) {
        Some(&v) => v,
        None => {
            let (lo, hi) = (cx.get64(s), cx.get64(s + 1));
            let v = cx.b.ins().scalar_to_vector(I64X2, lo);
            let v = cx.b.ins().insertlane(v, hi, 1);
            cx.vcache.insert(s, v);
            v
        }
    };
    if cx.b.func.dfg.value_type(v) == ty { v } else { cx.b.ins().bitcast(ty, frame_flags(), v) }
}

/// Writes vector `v` (any vector type) to slots `s`, `s + 1`, and remembers it there.
fn vset(cx: &mut Lower, s: u32, v: Value) {
    cx.b.ins().store(frame_flags(), v, cx.fp, (s * 8) as i32);
    // A pair overlapping this one is stale now.
    cx.vcache.remove(&s.wrapping_sub(1));
    cx.vcache.remove(&(s + 1));
    cx.vcache.insert(s, v);
}

/// The integer lane type of `n` bytes.
fn lane_int(n: u32) -> Type {
    match n {
        1 => I8,
        2 => I16,
        4 => I32,
        _ => I64,
    }
}

/// The vector of 128 bits with lanes of type `ty`.
fn vector_of(ty: Type) -> Type {
    ty.by(128 / ty.bits()).expect("a 128-bit vector")
}

/// NaN lanes of float vector `v` made the canonical NaN (as the interpreter's arithmetic).
fn canon(cx: &mut Lower, v: Value) -> Value {
    let ty = cx.b.func.dfg.value_type(v);
    let nan = if ty == F32X4 {
        cx.b.ins().f32const(Ieee32::with_bits(0x7fc0_0000))
    } else {
        cx.b.ins().f64const(Ieee64::with_bits(0x7ff8_0000_0000_0000))
    };
    let nans = cx.b.ins().splat(ty, nan);
    let mask = cx.b.ins().fcmp(FloatCC::Unordered, v, v);
    let mask = cx.b.ins().bitcast(ty, frame_flags(), mask);
    cx.b.ins().bitselect(mask, nans, v)
}

/// Reads operands of type `$ty` from slots `$x...` as `$a...` and gives `$e`, for the op named
/// by the string literal; `None` for any other op.
macro_rules! inline_table {
    ($cx:ident, $name:ident, ($($x:ident),*), { $($n:literal => $ty:ident, |$($a:ident),*| $e:expr;)* }) => {
        {
            let slots = [$($x),*];
            match $name {
                $($n => {
                    let mut slot = slots.iter().copied();
                    $(let $a = vget($cx, $ty, slot.next().expect("an operand per slot"));)*
                    Some($e)
                })*
                _ => None,
            }
        }
    };
}

fn native_un(cx: &mut Lower, name: &str, x: u32) -> Option<Value> {
    inline_table!(cx, name, (x), {
        "v128_not" => I8X16, |a| cx.b.ins().bnot(a);
        "i8x16_abs" => I8X16, |a| cx.b.ins().iabs(a);
        "i8x16_neg" => I8X16, |a| cx.b.ins().ineg(a);
        "i8x16_popcnt" => I8X16, |a| cx.b.ins().popcnt(a);
        "i16x8_abs" => I16X8, |a| cx.b.ins().iabs(a);
        "i16x8_neg" => I16X8, |a| cx.b.ins().ineg(a);
        "i32x4_abs" => I32X4, |a| cx.b.ins().iabs(a);
        "i32x4_neg" => I32X4, |a| cx.b.ins().ineg(a);
        "i64x2_abs" => I64X2, |a| cx.b.ins().iabs(a);
        "i64x2_neg" => I64X2, |a| cx.b.ins().ineg(a);
        "i16x8_extend_low_i8x16_s" => I8X16, |a| cx.b.ins().swiden_low(a);
        "i16x8_extend_high_i8x16_s" => I8X16, |a| cx.b.ins().swiden_high(a);
        "i16x8_extend_low_i8x16_u" => I8X16, |a| cx.b.ins().uwiden_low(a);
        "i16x8_extend_high_i8x16_u" => I8X16, |a| cx.b.ins().uwiden_high(a);
        "i32x4_extend_low_i16x8_s" => I16X8, |a| cx.b.ins().swiden_low(a);
        "i32x4_extend_high_i16x8_s" => I16X8, |a| cx.b.ins().swiden_high(a);
        "i32x4_extend_low_i16x8_u" => I16X8, |a| cx.b.ins().uwiden_low(a);
        "i32x4_extend_high_i16x8_u" => I16X8, |a| cx.b.ins().uwiden_high(a);
        "i64x2_extend_low_i32x4_s" => I32X4, |a| cx.b.ins().swiden_low(a);
        "i64x2_extend_high_i32x4_s" => I32X4, |a| cx.b.ins().swiden_high(a);
        "i64x2_extend_low_i32x4_u" => I32X4, |a| cx.b.ins().uwiden_low(a);
        "i64x2_extend_high_i32x4_u" => I32X4, |a| cx.b.ins().uwiden_high(a);
        // Rounding and sqrt quiet a NaN and keep its payload, as the interpreter's do.
        "f32x4_ceil" => F32X4, |a| cx.b.ins().ceil(a);
        "f32x4_floor" => F32X4, |a| cx.b.ins().floor(a);
        "f32x4_trunc" => F32X4, |a| cx.b.ins().trunc(a);
        "f32x4_nearest" => F32X4, |a| cx.b.ins().nearest(a);
        "f32x4_sqrt" => F32X4, |a| cx.b.ins().sqrt(a);
        "f32x4_abs" => F32X4, |a| cx.b.ins().fabs(a);
        "f32x4_neg" => F32X4, |a| cx.b.ins().fneg(a);
        "f64x2_ceil" => F64X2, |a| cx.b.ins().ceil(a);
        "f64x2_floor" => F64X2, |a| cx.b.ins().floor(a);
        "f64x2_trunc" => F64X2, |a| cx.b.ins().trunc(a);
        "f64x2_nearest" => F64X2, |a| cx.b.ins().nearest(a);
        "f64x2_sqrt" => F64X2, |a| cx.b.ins().sqrt(a);
        "f64x2_abs" => F64X2, |a| cx.b.ins().fabs(a);
        "f64x2_neg" => F64X2, |a| cx.b.ins().fneg(a);
        "f32x4_convert_i32x4_s" => I32X4, |a| cx.b.ins().fcvt_from_sint(F32X4, a);
        "f32x4_convert_i32x4_u" => I32X4, |a| cx.b.ins().fcvt_from_uint(F32X4, a);
        "i32x4_trunc_sat_f32x4_s" => F32X4, |a| cx.b.ins().fcvt_to_sint_sat(I32X4, a);
        "i32x4_trunc_sat_f32x4_u" => F32X4, |a| cx.b.ins().fcvt_to_uint_sat(I32X4, a);
        "i32x4_relaxed_trunc_f32x4_s" => F32X4, |a| cx.b.ins().fcvt_to_sint_sat(I32X4, a);
        "i32x4_relaxed_trunc_f32x4_u" => F32X4, |a| cx.b.ins().fcvt_to_uint_sat(I32X4, a);
    })
}

fn native_bin(cx: &mut Lower, name: &str, x: u32, y: u32) -> Option<Value> {
    use FloatCC as F;
    use IntCC as C;
    inline_table!(cx, name, (x, y), {
        "v128_and" => I64X2, |a, b| cx.b.ins().band(a, b);
        "v128_and_not" => I64X2, |a, b| cx.b.ins().band_not(a, b);
        "v128_or" => I64X2, |a, b| cx.b.ins().bor(a, b);
        "v128_xor" => I64X2, |a, b| cx.b.ins().bxor(a, b);
        "i8x16_swizzle" => I8X16, |a, b| cx.b.ins().swizzle(a, b);
        "i8x16_relaxed_swizzle" => I8X16, |a, b| cx.b.ins().swizzle(a, b);
        "i8x16_eq" => I8X16, |a, b| cx.b.ins().icmp(C::Equal, a, b);
        "i8x16_ne" => I8X16, |a, b| cx.b.ins().icmp(C::NotEqual, a, b);
        "i8x16_lt_s" => I8X16, |a, b| cx.b.ins().icmp(C::SignedLessThan, a, b);
        "i8x16_lt_u" => I8X16, |a, b| cx.b.ins().icmp(C::UnsignedLessThan, a, b);
        "i8x16_gt_s" => I8X16, |a, b| cx.b.ins().icmp(C::SignedGreaterThan, a, b);
        "i8x16_gt_u" => I8X16, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThan, a, b);
        "i8x16_le_s" => I8X16, |a, b| cx.b.ins().icmp(C::SignedLessThanOrEqual, a, b);
        "i8x16_le_u" => I8X16, |a, b| cx.b.ins().icmp(C::UnsignedLessThanOrEqual, a, b);
        "i8x16_ge_s" => I8X16, |a, b| cx.b.ins().icmp(C::SignedGreaterThanOrEqual, a, b);
        "i8x16_ge_u" => I8X16, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThanOrEqual, a, b);
        "i16x8_eq" => I16X8, |a, b| cx.b.ins().icmp(C::Equal, a, b);
        "i16x8_ne" => I16X8, |a, b| cx.b.ins().icmp(C::NotEqual, a, b);
        "i16x8_lt_s" => I16X8, |a, b| cx.b.ins().icmp(C::SignedLessThan, a, b);
        "i16x8_lt_u" => I16X8, |a, b| cx.b.ins().icmp(C::UnsignedLessThan, a, b);
        "i16x8_gt_s" => I16X8, |a, b| cx.b.ins().icmp(C::SignedGreaterThan, a, b);
        "i16x8_gt_u" => I16X8, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThan, a, b);
        "i16x8_le_s" => I16X8, |a, b| cx.b.ins().icmp(C::SignedLessThanOrEqual, a, b);
        "i16x8_le_u" => I16X8, |a, b| cx.b.ins().icmp(C::UnsignedLessThanOrEqual, a, b);
        "i16x8_ge_s" => I16X8, |a, b| cx.b.ins().icmp(C::SignedGreaterThanOrEqual, a, b);
        "i16x8_ge_u" => I16X8, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThanOrEqual, a, b);
        "i32x4_eq" => I32X4, |a, b| cx.b.ins().icmp(C::Equal, a, b);
        "i32x4_ne" => I32X4, |a, b| cx.b.ins().icmp(C::NotEqual, a, b);
        "i32x4_lt_s" => I32X4, |a, b| cx.b.ins().icmp(C::SignedLessThan, a, b);
        "i32x4_lt_u" => I32X4, |a, b| cx.b.ins().icmp(C::UnsignedLessThan, a, b);
        "i32x4_gt_s" => I32X4, |a, b| cx.b.ins().icmp(C::SignedGreaterThan, a, b);
        "i32x4_gt_u" => I32X4, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThan, a, b);
        "i32x4_le_s" => I32X4, |a, b| cx.b.ins().icmp(C::SignedLessThanOrEqual, a, b);
        "i32x4_le_u" => I32X4, |a, b| cx.b.ins().icmp(C::UnsignedLessThanOrEqual, a, b);
        "i32x4_ge_s" => I32X4, |a, b| cx.b.ins().icmp(C::SignedGreaterThanOrEqual, a, b);
        "i32x4_ge_u" => I32X4, |a, b| cx.b.ins().icmp(C::UnsignedGreaterThanOrEqual, a, b);
        "i64x2_eq" => I64X2, |a, b| cx.b.ins().icmp(C::Equal, a, b);
        "i64x2_ne" => I64X2, |a, b| cx.b.ins().icmp(C::NotEqual, a, b);
        "i64x2_lt_s" => I64X2, |a, b| cx.b.ins().icmp(C::SignedLessThan, a, b);
        "i64x2_gt_s" => I64X2, |a, b| cx.b.ins().icmp(C::SignedGreaterThan, a, b);
        "i64x2_le_s" => I64X2, |a, b| cx.b.ins().icmp(C::SignedLessThanOrEqual, a, b);
        "i64x2_ge_s" => I64X2, |a, b| cx.b.ins().icmp(C::SignedGreaterThanOrEqual, a, b);
        "f32x4_eq" => F32X4, |a, b| cx.b.ins().fcmp(F::Equal, a, b);
        "f32x4_ne" => F32X4, |a, b| cx.b.ins().fcmp(F::NotEqual, a, b);
        "f32x4_lt" => F32X4, |a, b| cx.b.ins().fcmp(F::LessThan, a, b);
        "f32x4_gt" => F32X4, |a, b| cx.b.ins().fcmp(F::GreaterThan, a, b);
        "f32x4_le" => F32X4, |a, b| cx.b.ins().fcmp(F::LessThanOrEqual, a, b);
        "f32x4_ge" => F32X4, |a, b| cx.b.ins().fcmp(F::GreaterThanOrEqual, a, b);
        "f64x2_eq" => F64X2, |a, b| cx.b.ins().fcmp(F::Equal, a, b);
        "f64x2_ne" => F64X2, |a, b| cx.b.ins().fcmp(F::NotEqual, a, b);
        "f64x2_lt" => F64X2, |a, b| cx.b.ins().fcmp(F::LessThan, a, b);
        "f64x2_gt" => F64X2, |a, b| cx.b.ins().fcmp(F::GreaterThan, a, b);
        "f64x2_le" => F64X2, |a, b| cx.b.ins().fcmp(F::LessThanOrEqual, a, b);
        "f64x2_ge" => F64X2, |a, b| cx.b.ins().fcmp(F::GreaterThanOrEqual, a, b);
        "i8x16_narrow_i16x8_s" => I16X8, |a, b| cx.b.ins().snarrow(a, b);
        "i8x16_narrow_i16x8_u" => I16X8, |a, b| cx.b.ins().unarrow(a, b);
        "i16x8_narrow_i32x4_s" => I32X4, |a, b| cx.b.ins().snarrow(a, b);
        "i16x8_narrow_i32x4_u" => I32X4, |a, b| cx.b.ins().unarrow(a, b);
        "i8x16_add" => I8X16, |a, b| cx.b.ins().iadd(a, b);
        "i8x16_add_sat_s" => I8X16, |a, b| cx.b.ins().sadd_sat(a, b);
        "i8x16_add_sat_u" => I8X16, |a, b| cx.b.ins().uadd_sat(a, b);
        "i8x16_sub" => I8X16, |a, b| cx.b.ins().isub(a, b);
        "i8x16_sub_sat_s" => I8X16, |a, b| cx.b.ins().ssub_sat(a, b);
        "i8x16_sub_sat_u" => I8X16, |a, b| cx.b.ins().usub_sat(a, b);
        "i8x16_min_s" => I8X16, |a, b| cx.b.ins().smin(a, b);
        "i8x16_min_u" => I8X16, |a, b| cx.b.ins().umin(a, b);
        "i8x16_max_s" => I8X16, |a, b| cx.b.ins().smax(a, b);
        "i8x16_max_u" => I8X16, |a, b| cx.b.ins().umax(a, b);
        "i8x16_avgr_u" => I8X16, |a, b| cx.b.ins().avg_round(a, b);
        "i16x8_q15_mulr_sat_s" => I16X8, |a, b| cx.b.ins().sqmul_round_sat(a, b);
        "i16x8_relaxed_q15mulr_s" => I16X8, |a, b| cx.b.ins().sqmul_round_sat(a, b);
        "i16x8_add" => I16X8, |a, b| cx.b.ins().iadd(a, b);
        "i16x8_add_sat_s" => I16X8, |a, b| cx.b.ins().sadd_sat(a, b);
        "i16x8_add_sat_u" => I16X8, |a, b| cx.b.ins().uadd_sat(a, b);
        "i16x8_sub" => I16X8, |a, b| cx.b.ins().isub(a, b);
        "i16x8_sub_sat_s" => I16X8, |a, b| cx.b.ins().ssub_sat(a, b);
        "i16x8_sub_sat_u" => I16X8, |a, b| cx.b.ins().usub_sat(a, b);
        "i16x8_mul" => I16X8, |a, b| cx.b.ins().imul(a, b);
        "i16x8_min_s" => I16X8, |a, b| cx.b.ins().smin(a, b);
        "i16x8_min_u" => I16X8, |a, b| cx.b.ins().umin(a, b);
        "i16x8_max_s" => I16X8, |a, b| cx.b.ins().smax(a, b);
        "i16x8_max_u" => I16X8, |a, b| cx.b.ins().umax(a, b);
        "i16x8_avgr_u" => I16X8, |a, b| cx.b.ins().avg_round(a, b);
        "i32x4_add" => I32X4, |a, b| cx.b.ins().iadd(a, b);
        "i32x4_sub" => I32X4, |a, b| cx.b.ins().isub(a, b);
        "i32x4_mul" => I32X4, |a, b| cx.b.ins().imul(a, b);
        "i32x4_min_s" => I32X4, |a, b| cx.b.ins().smin(a, b);
        "i32x4_min_u" => I32X4, |a, b| cx.b.ins().umin(a, b);
        "i32x4_max_s" => I32X4, |a, b| cx.b.ins().smax(a, b);
        "i32x4_max_u" => I32X4, |a, b| cx.b.ins().umax(a, b);
        "i64x2_add" => I64X2, |a, b| cx.b.ins().iadd(a, b);
        "i64x2_sub" => I64X2, |a, b| cx.b.ins().isub(a, b);
        "i64x2_mul" => I64X2, |a, b| cx.b.ins().imul(a, b);
        "i16x8_ext_mul_low_i8x16_s" => I8X16, |a, b| ext_mul(cx, a, b, Half::LowS);
        "i16x8_ext_mul_high_i8x16_s" => I8X16, |a, b| ext_mul(cx, a, b, Half::HighS);
        "i16x8_ext_mul_low_i8x16_u" => I8X16, |a, b| ext_mul(cx, a, b, Half::LowU);
        "i16x8_ext_mul_high_i8x16_u" => I8X16, |a, b| ext_mul(cx, a, b, Half::HighU);
        "i32x4_ext_mul_low_i16x8_s" => I16X8, |a, b| ext_mul(cx, a, b, Half::LowS);
        "i32x4_ext_mul_high_i16x8_s" => I16X8, |a, b| ext_mul(cx, a, b, Half::HighS);
        "i32x4_ext_mul_low_i16x8_u" => I16X8, |a, b| ext_mul(cx, a, b, Half::LowU);
        "i32x4_ext_mul_high_i16x8_u" => I16X8, |a, b| ext_mul(cx, a, b, Half::HighU);
        "i64x2_ext_mul_low_i32x4_s" => I32X4, |a, b| ext_mul(cx, a, b, Half::LowS);
        "i64x2_ext_mul_high_i32x4_s" => I32X4, |a, b| ext_mul(cx, a, b, Half::HighS);
        "i64x2_ext_mul_low_i32x4_u" => I32X4, |a, b| ext_mul(cx, a, b, Half::LowU);
        "i64x2_ext_mul_high_i32x4_u" => I32X4, |a, b| ext_mul(cx, a, b, Half::HighU);
        "i32x4_dot_i16x8_s" => I16X8, |a, b| {
            let lo = ext_mul(cx, a, b, Half::LowS);
            let hi = ext_mul(cx, a, b, Half::HighS);
            cx.b.ins().iadd_pairwise(lo, hi)
        };
        "f32x4_add" => F32X4, |a, b| { let v = cx.b.ins().fadd(a, b); canon(cx, v) };
        "f32x4_sub" => F32X4, |a, b| { let v = cx.b.ins().fsub(a, b); canon(cx, v) };
        "f32x4_mul" => F32X4, |a, b| { let v = cx.b.ins().fmul(a, b); canon(cx, v) };
        "f32x4_div" => F32X4, |a, b| { let v = cx.b.ins().fdiv(a, b); canon(cx, v) };
        "f32x4_min" => F32X4, |a, b| { let v = cx.b.ins().fmin(a, b); canon(cx, v) };
        "f32x4_max" => F32X4, |a, b| { let v = cx.b.ins().fmax(a, b); canon(cx, v) };
        "f32x4_relaxed_min" => F32X4, |a, b| { let v = cx.b.ins().fmin(a, b); canon(cx, v) };
        "f32x4_relaxed_max" => F32X4, |a, b| { let v = cx.b.ins().fmax(a, b); canon(cx, v) };
        "f32x4_p_min" => F32X4, |a, b| pseudo_min_max(cx, a, b, true);
        "f32x4_p_max" => F32X4, |a, b| pseudo_min_max(cx, a, b, false);
        "f64x2_add" => F64X2, |a, b| { let v = cx.b.ins().fadd(a, b); canon(cx, v) };
        "f64x2_sub" => F64X2, |a, b| { let v = cx.b.ins().fsub(a, b); canon(cx, v) };
        "f64x2_mul" => F64X2, |a, b| { let v = cx.b.ins().fmul(a, b); canon(cx, v) };
        "f64x2_div" => F64X2, |a, b| { let v = cx.b.ins().fdiv(a, b); canon(cx, v) };
        "f64x2_min" => F64X2, |a, b| { let v = cx.b.ins().fmin(a, b); canon(cx, v) };
        "f64x2_max" => F64X2, |a, b| { let v = cx.b.ins().fmax(a, b); canon(cx, v) };
        "f64x2_relaxed_min" => F64X2, |a, b| { let v = cx.b.ins().fmin(a, b); canon(cx, v) };
        "f64x2_relaxed_max" => F64X2, |a, b| { let v = cx.b.ins().fmax(a, b); canon(cx, v) };
        "f64x2_p_min" => F64X2, |a, b| pseudo_min_max(cx, a, b, true);
        "f64x2_p_max" => F64X2, |a, b| pseudo_min_max(cx, a, b, false);
    })
}

/// Which half of the lanes an extending op widens, and how.
enum Half {
    LowS,
    HighS,
    LowU,
    HighU,
}

/// The product of the halves `half` of `a` and `b`, widened (`extmul`).
fn ext_mul(cx: &mut Lower, a: Value, b: Value, half: Half) -> Value {
    let mut widen = |v| match half {
        Half::LowS => cx.b.ins().swiden_low(v),
        Half::HighS => cx.b.ins().swiden_high(v),
        Half::LowU => cx.b.ins().uwiden_low(v),
        Half::HighU => cx.b.ins().uwiden_high(v),
    };
    let (a, b) = (widen(a), widen(b));
    cx.b.ins().imul(a, b)
}

/// `pmin` (`b < a ? b : a`) or `pmax` (`a < b ? b : a`): one of the operands, bits unchanged.
fn pseudo_min_max(cx: &mut Lower, a: Value, b: Value, min: bool) -> Value {
    let ty = cx.b.func.dfg.value_type(a);
    let (lt, then) =
        if min { (cx.b.ins().fcmp(FloatCC::LessThan, b, a), b) } else { (cx.b.ins().fcmp(FloatCC::LessThan, a, b), b) };
    let mask = cx.b.ins().bitcast(ty, frame_flags(), lt);
    cx.b.ins().bitselect(mask, then, a)
}

fn native_tern(cx: &mut Lower, name: &str, x: u32, y: u32, z: u32) -> Option<Value> {
    inline_table!(cx, name, (x, y, z), {
        "v128_bitselect" => I64X2, |a, b, c| cx.b.ins().bitselect(c, a, b);
        "i8x16_relaxed_laneselect" => I64X2, |a, b, c| cx.b.ins().bitselect(c, a, b);
        "i16x8_relaxed_laneselect" => I64X2, |a, b, c| cx.b.ins().bitselect(c, a, b);
        "i32x4_relaxed_laneselect" => I64X2, |a, b, c| cx.b.ins().bitselect(c, a, b);
        "i64x2_relaxed_laneselect" => I64X2, |a, b, c| cx.b.ins().bitselect(c, a, b);
    })
}

fn native_test(cx: &mut Lower, name: &str, x: u32) -> Option<Value> {
    let v = inline_table!(cx, name, (x), {
        "v128_any_true" => I8X16, |a| cx.b.ins().vany_true(a);
        "i8x16_all_true" => I8X16, |a| cx.b.ins().vall_true(a);
        "i16x8_all_true" => I16X8, |a| cx.b.ins().vall_true(a);
        "i32x4_all_true" => I32X4, |a| cx.b.ins().vall_true(a);
        "i64x2_all_true" => I64X2, |a| cx.b.ins().vall_true(a);
        "i8x16_bitmask" => I8X16, |a| cx.b.ins().vhigh_bits(I32, a);
        "i16x8_bitmask" => I16X8, |a| cx.b.ins().vhigh_bits(I32, a);
        "i32x4_bitmask" => I32X4, |a| cx.b.ins().vhigh_bits(I32, a);
        "i64x2_bitmask" => I64X2, |a| cx.b.ins().vhigh_bits(I32, a);
    })?;
    // `vany_true`/`vall_true` give an i8.
    Some(if cx.b.func.dfg.value_type(v) == I8 { cx.b.ins().uextend(I32, v) } else { v })
}

fn native_shift(cx: &mut Lower, name: &str, x: u32, n: u32) -> Option<Value> {
    // Cranelift takes the count modulo the lane width, as Wasm does.
    let n = cx.get32(n);
    inline_table!(cx, name, (x), {
        "i8x16_shl" => I8X16, |a| cx.b.ins().ishl(a, n);
        "i8x16_shr_s" => I8X16, |a| cx.b.ins().sshr(a, n);
        "i8x16_shr_u" => I8X16, |a| cx.b.ins().ushr(a, n);
        "i16x8_shl" => I16X8, |a| cx.b.ins().ishl(a, n);
        "i16x8_shr_s" => I16X8, |a| cx.b.ins().sshr(a, n);
        "i16x8_shr_u" => I16X8, |a| cx.b.ins().ushr(a, n);
        "i32x4_shl" => I32X4, |a| cx.b.ins().ishl(a, n);
        "i32x4_shr_s" => I32X4, |a| cx.b.ins().sshr(a, n);
        "i32x4_shr_u" => I32X4, |a| cx.b.ins().ushr(a, n);
        "i64x2_shl" => I64X2, |a| cx.b.ins().ishl(a, n);
        "i64x2_shr_s" => I64X2, |a| cx.b.ins().sshr(a, n);
        "i64x2_shr_u" => I64X2, |a| cx.b.ins().ushr(a, n);
    })
}

/// The lane type (as an integer) an op named `<shape>x<n>_...` works on.
fn lane_of(name: &str) -> Type {
    match &name[..3] {
        "i8x" => I8,
        "i16" => I16,
        "i32" | "f32" => I32,
        _ => I64,
    }
}

/// `splat` of scalar slot bits `x` (floats as their bits).
fn splat_of(cx: &mut Lower, name: &str, x: Value) -> Value {
    let ty = lane_of(name);
    let x = if ty == I64 { x } else { cx.b.ins().ireduce(ty, x) };
    cx.b.ins().splat(vector_of(ty), x)
}

/// Lane `lane` of slots `a` as scalar slot bits (zero-extended; `_s` lanes sign-extended to
/// 32 bits).
fn extract_of(cx: &mut Lower, name: &str, a: u32, lane: u32) -> Value {
    let ty = lane_of(name);
    let v = vget(cx, vector_of(ty), a);
    let x = cx.b.ins().extractlane(v, lane as u8);
    match ty {
        I64 => x,
        I32 => cx.b.ins().uextend(I64, x),
        _ => {
            let x = if name.ends_with("_s") { cx.b.ins().sextend(I32, x) } else { cx.b.ins().uextend(I32, x) };
            cx.b.ins().uextend(I64, x)
        }
    }
}

/// Slots `a` with lane `lane` replaced by the low bits of `x`.
fn replace_of(cx: &mut Lower, name: &str, a: u32, x: Value, lane: u32) -> Value {
    let ty = lane_of(name);
    let v = vget(cx, vector_of(ty), a);
    let x = if ty == I64 { x } else { cx.b.ins().ireduce(ty, x) };
    cx.b.ins().insertlane(v, x, lane as u8)
}

/// Emits load op `name` from checked address `p` into slots `dst` inline, where it has an
/// inline form on this host; `false` otherwise.
fn load_inline(cx: &mut Lower, name: &str, dst: u32, p: Value) -> bool {
    let f = heap_flags();
    match name {
        // Zero-extending loads are scalar on every host.
        "v128_load32_zero" | "v128_load64_zero" => {
            let lo =
                if name == "v128_load32_zero" { cx.b.ins().uload32(f, p, 0) } else { cx.b.ins().load(I64, f, p, 0) };
            let hi = cx.b.ins().iconst(I64, 0);
            cx.set64(dst, lo);
            cx.set64(dst + 1, hi);
            return true;
        }
        // Two little-endian halves where vectors are not inline.
        "v128_load" if !cx.env.vectors => {
            let (lo, hi) = (cx.b.ins().load(I64, f, p, 0), cx.b.ins().load(I64, f, p, 8));
            cx.set64(dst, lo);
            cx.set64(dst + 1, hi);
            return true;
        }
        _ if !cx.env.vectors => return false,
        _ => {}
    }
    let v = match name {
        "v128_load" => cx.b.ins().load(I8X16, f, p, 0),
        "v128_load8x8_s" => cx.b.ins().sload8x8(f, p, 0),
        "v128_load8x8_u" => cx.b.ins().uload8x8(f, p, 0),
        "v128_load16x4_s" => cx.b.ins().sload16x4(f, p, 0),
        "v128_load16x4_u" => cx.b.ins().uload16x4(f, p, 0),
        "v128_load32x2_s" => cx.b.ins().sload32x2(f, p, 0),
        "v128_load32x2_u" => cx.b.ins().uload32x2(f, p, 0),
        "v128_load8_splat" | "v128_load16_splat" | "v128_load32_splat" | "v128_load64_splat" => {
            let ty = match name {
                "v128_load8_splat" => I8,
                "v128_load16_splat" => I16,
                "v128_load32_splat" => I32,
                _ => I64,
            };
            let x = cx.b.ins().load(ty, f, p, 0);
            cx.b.ins().splat(vector_of(ty), x)
        }
        _ => return false,
    };
    vset(cx, dst, v);
    true
}
