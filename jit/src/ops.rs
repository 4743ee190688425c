//! One lowering per op of the table (`lower::lower_op` calls `ops::<snake_name>` with the
//! op's operands, branch offsets already turned into target word positions). An op added to
//! the table without a function here does not build; an op listed in `interp_only!` keeps
//! its function in the interpreter.

use crate::helpers;
use crate::lower::{Lower, Lowered, Unsupported, heap_flags, raw_offset, vm_flags};
pub(crate) use crate::simd::*;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use sheave_interp::Trap;
use sheave_interp::code::Opcode;
use sheave_interp::vm::{GlobalCell, Memory, RawInstance};

const I32: Type = types::I32;
const I64: Type = types::I64;
const F32: Type = types::F32;
const F64: Type = types::F64;

type R = Lowered;

impl Lower<'_, '_> {
    fn get(&mut self, ty: Type, s: u32) -> Value {
        match ty {
            I32 => self.get32(s),
            I64 => self.get64(s),
            F32 => self.getf32(s),
            _ => self.getf64(s),
        }
    }
    fn set(&mut self, ty: Type, s: u32, v: Value) {
        match ty {
            I32 => self.set32(s, v),
            I64 => self.set64(s, v),
            F32 => self.setf32(s, v),
            _ => self.setf64(s, v),
        }
    }
    fn int_const(&mut self, ty: Type, imm: u64) -> Value {
        let v = if ty == I32 { imm as u32 as i64 } else { imm as i64 };
        self.b.ins().iconst(ty, v)
    }
}

// ---- interpreter-only ops ----

macro_rules! interp_only {
    ($($name:ident $snake:ident,)*) => {
        $(
            pub(crate) fn $snake<A>(_: &mut Lower, _: A) -> R {
                Err(Unsupported(stringify!($snake)))
            }
        )*
        /// The op's name when it has no lowering (its function stays in the interpreter).
        pub(crate) fn interp_only(op: Opcode) -> Option<&'static str> {
            match op {
                $(Opcode::$name => Some(stringify!($snake)),)*
                _ => None,
            }
        }
    };
}

interp_only! {
    LazyCompile lazy_compile,
    // GC: functions that touch the heap stay interpreted for now (the heap is the
    // interpreter's; native frames then never hold a GC reference).
    RefI31 ref_i31, I31GetS i31_get_s, I31GetU i31_get_u, RefTest ref_test, RefCast ref_cast,
    StructNew struct_new, StructNewDefault struct_new_default, StructGet8S struct_get8_s,
    StructGet8U struct_get8_u, StructGet16S struct_get16_s, StructGet16U struct_get16_u,
    StructGet32 struct_get32, StructGet64 struct_get64, StructGet128 struct_get128, StructSet8 struct_set8,
    StructSet16 struct_set16, StructSet32 struct_set32, StructSet64 struct_set64, StructSet128 struct_set128,
    ArrayNew array_new, ArrayNewDefault array_new_default, ArrayNewFixed array_new_fixed,
    ArrayNewData array_new_data, ArrayNewElem array_new_elem, ArrayGet8S array_get8_s, ArrayGet8U array_get8_u,
    ArrayGet16S array_get16_s, ArrayGet16U array_get16_u, ArrayGet32 array_get32, ArrayGet64 array_get64,
    ArrayGet128 array_get128, ArraySet8 array_set8, ArraySet16 array_set16, ArraySet32 array_set32,
    ArraySet64 array_set64, ArraySet128 array_set128, ArrayLen array_len, ArrayFill array_fill,
    ArrayCopy array_copy, ArrayInitData array_init_data, ArrayInitElem array_init_elem,
}

// ---- control ----

/// The interpreter's call counter: native code has nothing to count.
pub(crate) fn tier_count(_cx: &mut Lower, (_func,): (u32,)) -> R {
    Ok(())
}

/// The interpreter's loop counter (where on-stack replacement enters): nothing to count.
pub(crate) fn tier_loop(_cx: &mut Lower, (_at,): (u32,)) -> R {
    Ok(())
}

pub(crate) fn unreachable(cx: &mut Lower, (): ()) -> R {
    cx.trap(Trap::UnreachableCodeReached);
    Ok(())
}

pub(crate) fn br(cx: &mut Lower, (to,): (usize,)) -> R {
    cx.jump(to);
    Ok(())
}

pub(crate) fn br_if_nez(cx: &mut Lower, (c, to): (u32, usize)) -> R {
    let c = cx.get32(c);
    cx.branch_if(c, to);
    Ok(())
}

pub(crate) fn br_if_eqz(cx: &mut Lower, (c, to): (u32, usize)) -> R {
    let c = cx.get32(c);
    let z = cx.b.ins().icmp_imm_s(IntCC::Equal, c, 0);
    cx.branch_if(z, to);
    Ok(())
}

pub(crate) fn br_table(cx: &mut Lower, (idx, len): (u32, u32)) -> R {
    let i = cx.get32(idx);
    cx.branch_table(i, len);
    Ok(())
}

macro_rules! cmp_branches {
    ($ty:ident, $imm:ty; $($name:ident, $name_imm:ident => $cc:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (a, b, to): (u32, u32, usize)) -> R {
            let (a, b) = (cx.get($ty, a), cx.get($ty, b));
            let c = cx.b.ins().icmp(IntCC::$cc, a, b);
            cx.branch_if(c, to);
            Ok(())
        }
        pub(crate) fn $name_imm(cx: &mut Lower, (a, imm, to): (u32, $imm, usize)) -> R {
            let a = cx.get($ty, a);
            let b = cx.int_const($ty, imm as u64);
            let c = cx.b.ins().icmp(IntCC::$cc, a, b);
            cx.branch_if(c, to);
            Ok(())
        }
    )*};
}

cmp_branches! { I32, u32;
    br_i32_eq, br_i32_eq_imm => Equal;
    br_i32_ne, br_i32_ne_imm => NotEqual;
    br_i32_lt_s, br_i32_lt_s_imm => SignedLessThan;
    br_i32_lt_u, br_i32_lt_u_imm => UnsignedLessThan;
    br_i32_gt_s, br_i32_gt_s_imm => SignedGreaterThan;
    br_i32_gt_u, br_i32_gt_u_imm => UnsignedGreaterThan;
    br_i32_le_s, br_i32_le_s_imm => SignedLessThanOrEqual;
    br_i32_le_u, br_i32_le_u_imm => UnsignedLessThanOrEqual;
    br_i32_ge_s, br_i32_ge_s_imm => SignedGreaterThanOrEqual;
    br_i32_ge_u, br_i32_ge_u_imm => UnsignedGreaterThanOrEqual;
}

cmp_branches! { I64, u64;
    br_i64_eq, br_i64_eq_imm => Equal;
    br_i64_ne, br_i64_ne_imm => NotEqual;
    br_i64_lt_s, br_i64_lt_s_imm => SignedLessThan;
    br_i64_lt_u, br_i64_lt_u_imm => UnsignedLessThan;
    br_i64_gt_s, br_i64_gt_s_imm => SignedGreaterThan;
    br_i64_gt_u, br_i64_gt_u_imm => UnsignedGreaterThan;
    br_i64_le_s, br_i64_le_s_imm => SignedLessThanOrEqual;
    br_i64_le_u, br_i64_le_u_imm => UnsignedLessThanOrEqual;
    br_i64_ge_s, br_i64_ge_s_imm => SignedGreaterThanOrEqual;
    br_i64_ge_u, br_i64_ge_u_imm => UnsignedGreaterThanOrEqual;
}

pub(crate) fn br_if_nez_copy(cx: &mut Lower, (c, dst, src, to): (u32, u32, u32, usize)) -> R {
    let c = cx.get32(c);
    let take = cx.b.create_block();
    let next = cx.b.create_block();
    cx.b.ins().brif(c, take, &[], next, &[]);
    cx.enter(take);
    let v = cx.get64(src);
    cx.set64(dst, v);
    cx.jump(to);
    cx.resume_at(next);
    Ok(())
}

pub(crate) fn ret(cx: &mut Lower, (src, n): (u32, u32)) -> R {
    let vals: Vec<Value> = (src..src + n).map(|s| cx.get64(s)).collect();
    for (i, v) in vals.into_iter().enumerate() {
        cx.b.ins().store(vm_flags(), v, cx.fp, (i * 8) as i32);
    }
    let ok = cx.b.ins().iconst(I32, crate::OK as i64);
    cx.b.ins().return_(&[ok]);
    cx.end_block();
    Ok(())
}

/// The registry index of instance function `func`.
fn registry_index(cx: &mut Lower, func: u32) -> Value {
    let funcs = cx.b.ins().load(cx.env.ptr, vm_flags(), cx.inst, raw_offset(core::mem::offset_of!(RawInstance, funcs)));
    cx.b.ins().load(I32, vm_flags(), funcs, (func * 4) as i32)
}

/// Tiering: defined function `i`'s native body from the module's table at `table`
/// (`ModuleEnv::tier_bodies`), or null while it runs in the interpreter.
fn tier_body(cx: &mut Lower, table: usize, i: u32) -> Value {
    let ptr = cx.env.ptr;
    let at = cx.b.ins().iconst(ptr, (table + i as usize * ptr.bytes() as usize) as i64);
    cx.b.ins().load(ptr, vm_flags(), at, 0)
}

/// Calls `VmCtx::call_out` for registry function `reg` with its frame at `fp`.
fn call_out(cx: &mut Lower, reg: Value, fp: Value) -> Value {
    let ptr = cx.env.ptr;
    let f = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, call_out) as i32);
    let sig = cx.b.import_signature(cx.env.c_signature(&[ptr, ptr, I32, ptr], Some(I32)));
    let (ctx, inst) = (cx.ctx, cx.inst);
    let call = cx.b.ins().call_indirect(sig, f, &[ctx, inst, reg, fp]);
    cx.b.inst_results(call)[0]
}

/// After a call whose results are at slots `base..base + results`; an exception it let out
/// goes to this frame's handlers.
fn after_call(cx: &mut Lower, status: Value, base: u32, results: u32) {
    cx.check_status_catching(status);
    cx.reload(base, results);
    cx.restore_memory();
}

/// After a call this frame's handlers do not see (a tail call's, a helper's).
fn after_call_uncaught(cx: &mut Lower, status: Value, base: u32, results: u32) {
    cx.check_status(status);
    cx.reload(base, results);
    cx.restore_memory();
}

pub(crate) fn call(cx: &mut Lower, (func, base): (u32, u32)) -> R {
    let (params, results) = cx.env.input.func_arity[func as usize];
    cx.spill(base, params);
    let callee_fp = cx.slot_addr(base);
    let (ctx, inst) = (cx.ctx, cx.inst);
    let to_self = cx.env.tier_self.is_some_and(|(me, _)| me == func);
    let status = match func.checked_sub(cx.env.input.num_imported) {
        Some(i) if !to_self && let Some(table) = cx.env.tier_bodies => {
            // Tiering: the callee's native body when it has one, else a call out (into the
            // interpreter, which counts the call).
            let body = tier_body(cx, table, i);
            let (native, out, done) = (cx.b.create_block(), cx.b.create_block(), cx.b.create_block());
            cx.b.append_block_param(done, I32);
            cx.b.ins().brif(body, native, &[], out, &[]);
            cx.enter(native);
            let sig = cx.body_sig();
            let call = cx.b.ins().call_indirect(sig, body, &[ctx, inst, callee_fp]);
            let status = cx.b.inst_results(call)[0];
            cx.b.ins().jump(done, &[status.into()]);
            cx.enter(out);
            let reg = registry_index(cx, func);
            let status = call_out(cx, reg, callee_fp);
            cx.b.ins().jump(done, &[status.into()]);
            cx.enter(done);
            cx.b.block_params(done)[0]
        }
        Some(i) => {
            let f = cx.body_ref(i as usize);
            let call = cx.b.ins().call(f, &[ctx, inst, callee_fp]);
            cx.b.inst_results(call)[0]
        }
        None => {
            let reg = registry_index(cx, func);
            call_out(cx, reg, callee_fp)
        }
    };
    after_call(cx, status, base, results);
    Ok(())
}

/// Moves the arguments at `base..base + n` to slots `0..n` of the value stack.
fn move_args_down(cx: &mut Lower, base: u32, n: u32) {
    let vals: Vec<Value> = (base..base + n).map(|s| cx.get64(s)).collect();
    for (i, v) in vals.into_iter().enumerate() {
        cx.b.ins().store(vm_flags(), v, cx.fp, (i * 8) as i32);
    }
}

pub(crate) fn return_call(cx: &mut Lower, (func, base): (u32, u32)) -> R {
    let (params, _) = cx.env.input.func_arity[func as usize];
    let to_self = cx.env.tier_self.is_some_and(|(me, _)| me == func);
    match func.checked_sub(cx.env.input.num_imported).filter(|_| cx.env.tier_bodies.is_none() || to_self) {
        Some(i) => {
            move_args_down(cx, base, params);
            let (ctx, inst, fp) = (cx.ctx, cx.inst, cx.fp);
            let f = cx.body_ref(i as usize);
            cx.b.ins().return_call(f, &[ctx, inst, fp]);
        }
        None => {
            if let (Some(i), Some(table)) = (func.checked_sub(cx.env.input.num_imported), cx.env.tier_bodies) {
                // Tiering: a defined callee's native body from the table when it has one.
                let body = tier_body(cx, table, i);
                let (native, resolve) = (cx.b.create_block(), cx.b.create_block());
                cx.b.ins().brif(body, native, &[], resolve, &[]);
                cx.enter(native);
                move_args_down(cx, base, params);
                let sig = cx.body_sig();
                let (ctx, inst, fp) = (cx.ctx, cx.inst, cx.fp);
                cx.b.ins().return_call_indirect(sig, body, &[ctx, inst, fp]);
                cx.enter(resolve);
            }
            // An import (another instance's function, or the host's), or a callee not native
            // yet when tiering (functions are compiled one at a time): resolved as a function
            // reference to its registry entry, which gives its native body or the trampoline
            // into the interpreter or the host, then tail-called like `return_call_ref`, so a
            // tail-call loop across instances keeps a constant native stack.
            let reg = registry_index(cx, func);
            let wide = cx.b.ins().uextend(I64, reg);
            let bits = cx.b.ins().iadd_imm_s(wide, 1);
            let (body, inst) = resolve_bits(cx, bits);
            move_args_down(cx, base, params);
            let sig = cx.body_sig();
            let (ctx, fp) = (cx.ctx, cx.fp);
            cx.b.ins().return_call_indirect(sig, body, &[ctx, inst, fp]);
        }
    }
    cx.end_block();
    Ok(())
}

/// Resolves `table[idx]` for module type `ty` into `VmCtx::target_*`.
fn resolve_indirect(cx: &mut Lower, ty: u32, table: u32, idx: u32) -> (Value, Value) {
    let ptr = cx.env.ptr;
    let i = cx.get32(idx);
    let (t, y) = (cx.b.ins().iconst(I32, table as i64), cx.b.ins().iconst(I32, ty as i64));
    let tramp = cx.trampoline_addr();
    let (ctx, inst) = (cx.ctx, cx.inst);
    cx.call_checked(
        helpers::resolve_indirect as *const u8,
        &[ptr, ptr, I32, I32, I32, ptr],
        &[ctx, inst, t, y, i, tramp],
    );
    target(cx)
}

/// The callee `resolve_*` left in the context: (body, instance).
fn target(cx: &mut Lower) -> (Value, Value) {
    let ptr = cx.env.ptr;
    let body = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, target_body) as i32);
    let inst = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, target_inst) as i32);
    (body, inst)
}

fn call_target(cx: &mut Lower, body: Value, inst: Value, fp: Value) -> Value {
    let sig = cx.body_sig();
    let ctx = cx.ctx;
    let call = cx.b.ins().call_indirect(sig, body, &[ctx, inst, fp]);
    cx.b.inst_results(call)[0]
}

pub(crate) fn call_indirect(cx: &mut Lower, (ty, table, idx, base): (u32, u32, u32, u32)) -> R {
    let (params, results) = cx.env.input.type_arity[ty as usize];
    cx.spill(base, params);
    let (body, inst) = resolve_indirect(cx, ty, table, idx);
    let callee_fp = cx.slot_addr(base);
    let status = call_target(cx, body, inst, callee_fp);
    after_call(cx, status, base, results);
    Ok(())
}

pub(crate) fn return_call_indirect(cx: &mut Lower, (ty, table, idx, base): (u32, u32, u32, u32)) -> R {
    let (params, _) = cx.env.input.type_arity[ty as usize];
    let (body, inst) = resolve_indirect(cx, ty, table, idx);
    move_args_down(cx, base, params);
    let sig = cx.body_sig();
    let (ctx, fp) = (cx.ctx, cx.fp);
    cx.b.ins().return_call_indirect(sig, body, &[ctx, inst, fp]);
    cx.end_block();
    Ok(())
}

/// Resolves the function reference in slot `f` into `VmCtx::target_*`.
fn resolve_ref(cx: &mut Lower, f: u32) -> (Value, Value) {
    let bits = cx.get64(f);
    resolve_bits(cx, bits)
}

/// Resolves function reference `bits` (registry index + 1) into `VmCtx::target_*`.
fn resolve_bits(cx: &mut Lower, bits: Value) -> (Value, Value) {
    let ptr = cx.env.ptr;
    let tramp = cx.trampoline_addr();
    let (ctx, inst) = (cx.ctx, cx.inst);
    cx.call_checked(helpers::resolve_ref as *const u8, &[ptr, ptr, I64, ptr], &[ctx, inst, bits, tramp]);
    target(cx)
}

// `call_ref`'s operands do not say the callee's arity, so every slot from `base` up goes to
// the value stack and comes back.
pub(crate) fn call_ref(cx: &mut Lower, (f, base): (u32, u32)) -> R {
    let live = cx.frame_size - base;
    cx.spill(base, live);
    let (body, inst) = resolve_ref(cx, f);
    let callee_fp = cx.slot_addr(base);
    let status = call_target(cx, body, inst, callee_fp);
    after_call(cx, status, base, live);
    Ok(())
}

pub(crate) fn return_call_ref(cx: &mut Lower, (f, base): (u32, u32)) -> R {
    let live = cx.frame_size - base;
    let (body, inst) = resolve_ref(cx, f);
    move_args_down(cx, base, live);
    let sig = cx.body_sig();
    let (ctx, fp) = (cx.ctx, cx.fp);
    cx.b.ins().return_call_indirect(sig, body, &[ctx, inst, fp]);
    cx.end_block();
    Ok(())
}

pub(crate) fn table_index32(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let v = cx.get64(a);
    let big = cx.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThan, v, u32::MAX as i64);
    cx.trap_if(big, Trap::TableOutOfBounds);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn ref_as_non_null(cx: &mut Lower, (a,): (u32,)) -> R {
    let v = cx.get64(a);
    let null = cx.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
    cx.trap_if(null, Trap::NullReference);
    Ok(())
}

pub(crate) fn ref_func(cx: &mut Lower, (dst, func): (u32, u32)) -> R {
    let reg = registry_index(cx, func);
    let wide = cx.b.ins().uextend(I64, reg);
    let r = cx.b.ins().iadd_imm_s(wide, 1);
    cx.set64(dst, r);
    Ok(())
}

pub(crate) fn fuel(cx: &mut Lower, (amount,): (u32,)) -> R {
    let off = core::mem::offset_of!(crate::VmCtx, fuel) as i32;
    let f = cx.b.ins().load(I64, vm_flags(), cx.ctx, off);
    let left = cx.b.ins().iadd_imm_s(f, -(amount as i64));
    let out = cx.b.ins().icmp_imm_s(IntCC::SignedLessThan, left, 0);
    cx.trap_if(out, Trap::OutOfFuel);
    cx.b.ins().store(vm_flags(), left, cx.ctx, off);
    Ok(())
}

pub(crate) fn epoch(cx: &mut Lower, (): ()) -> R {
    let ptr = cx.env.ptr;
    let counter = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, epoch) as i32);
    let now = cx.b.ins().atomic_load(I64, vm_flags(), counter);
    let deadline = cx.b.ins().load(I64, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, epoch_deadline) as i32);
    let late = cx.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, now, deadline);
    cx.trap_if(late, Trap::Interrupt);
    Ok(())
}

// ---- superinstructions: each is its two ops in order ----

macro_rules! operand_type {
    (Off) => {
        usize
    };
    (P) => {
        u32
    };
    (Slot) => {
        u32
    };
    (VSlot) => {
        u32
    };
    (U32) => {
        u32
    };
    (U64) => {
        u64
    };
}

macro_rules! define_fused {
    ($( $fused:ident $fsnake:ident = $a:ident $asnake:ident { $($af:ident : $ak:ident),* }
        + $b:ident $bsnake:ident { $($bf:ident : $bk:ident),* } ; )*) => {$(
        pub(crate) fn $fsnake(
            cx: &mut Lower,
            ($($af,)* _next, $($bf,)*): ($(operand_type!($ak),)* u64, $(operand_type!($bk),)*),
        ) -> R {
            $asnake(cx, ($($af,)*))?;
            $bsnake(cx, ($($bf,)*))
        }
    )*};
}
sheave_interp::for_each_fusion!(define_fused);

// ---- pinned-local variants: native code keeps every slot alike, so each is its base op ----

macro_rules! define_pinned {
    ($( $v:ident $vsnake:ident = $b:ident $bsnake:ident { $($f:ident : $k:ident),* } ; )*) => {$(
        pub(crate) fn $vsnake(cx: &mut Lower, args: ($(operand_type!($k),)*)) -> R {
            $bsnake(cx, args)
        }
    )*};
}
sheave_interp::for_each_pin_variant!(define_pinned);

// ---- data movement ----

pub(crate) fn copy(cx: &mut Lower, (dst, src): (u32, u32)) -> R {
    let v = cx.get64(src);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn copy_span(cx: &mut Lower, (dst, src, n): (u32, u32, u32)) -> R {
    let vals: Vec<Value> = (src..src + n).map(|s| cx.get64(s)).collect();
    for (i, v) in vals.into_iter().enumerate() {
        cx.set64(dst + i as u32, v);
    }
    Ok(())
}

pub(crate) fn const32(cx: &mut Lower, (dst, imm): (u32, u32)) -> R {
    let v = cx.b.ins().iconst(I64, imm as i64);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn const64(cx: &mut Lower, (dst, imm): (u32, u64)) -> R {
    let v = cx.b.ins().iconst(I64, imm as i64);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn select(cx: &mut Lower, (dst, c, a, b): (u32, u32, u32, u32)) -> R {
    let c = cx.get32(c);
    let (a, b) = (cx.get64(a), cx.get64(b));
    let v = cx.b.ins().select(c, a, b);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn select_imm_a(cx: &mut Lower, (dst, c, imm, b): (u32, u32, u32, u32)) -> R {
    let c = cx.get32(c);
    let (a, b) = (cx.int_const(I64, u64::from(imm)), cx.get64(b));
    let v = cx.b.ins().select(c, a, b);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn select_imm_b(cx: &mut Lower, (dst, c, a, imm): (u32, u32, u32, u32)) -> R {
    let c = cx.get32(c);
    let (a, b) = (cx.get64(a), cx.int_const(I64, u64::from(imm)));
    let v = cx.b.ins().select(c, a, b);
    cx.set64(dst, v);
    Ok(())
}

/// Global `g`'s cell (`*mut GlobalCell`).
pub(crate) fn global_cell(cx: &mut Lower, g: u32) -> Value {
    let ptr = cx.env.ptr;
    let globals = cx.b.ins().load(ptr, vm_flags(), cx.inst, raw_offset(core::mem::offset_of!(RawInstance, globals)));
    cx.b.ins().load(ptr, vm_flags(), globals, (g * 8) as i32)
}

pub(crate) fn global_get(cx: &mut Lower, (dst, g): (u32, u32)) -> R {
    let cell = global_cell(cx, g);
    let v = cx.b.ins().load(I64, vm_flags(), cell, core::mem::offset_of!(GlobalCell, bits) as i32);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn global_add_imm(cx: &mut Lower, (dst, g, imm): (u32, u32, u32)) -> R {
    let cell = global_cell(cx, g);
    let offset = core::mem::offset_of!(GlobalCell, bits) as i32;
    // The cell holds a zero-extended u64: its low half is not its first four bytes on a
    // big-endian host, so the whole cell is loaded.
    let wide = cx.b.ins().load(I64, vm_flags(), cell, offset);
    let v = cx.b.ins().ireduce(I32, wide);
    let k = cx.int_const(I32, imm as u64);
    let v = cx.b.ins().iadd(v, k);
    let wide = cx.b.ins().uextend(I64, v);
    cx.b.ins().store(vm_flags(), wide, cell, offset);
    cx.set(I32, dst, v);
    Ok(())
}

pub(crate) fn global_set(cx: &mut Lower, (g, src): (u32, u32)) -> R {
    let cell = global_cell(cx, g);
    let v = cx.get64(src);
    cx.b.ins().store(vm_flags(), v, cell, core::mem::offset_of!(GlobalCell, bits) as i32);
    Ok(())
}

// ---- integer arithmetic ----

macro_rules! int_binops {
    ($ty:ident, $imm:ty; $($name:ident, $name_imm:ident => $op:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            let (a, b) = (cx.get($ty, a), cx.get($ty, b));
            let v = cx.b.ins().$op(a, b);
            cx.set($ty, dst, v);
            Ok(())
        }
        pub(crate) fn $name_imm(cx: &mut Lower, (dst, a, imm): (u32, u32, $imm)) -> R {
            let a = cx.get($ty, a);
            let b = cx.int_const($ty, imm as u64);
            let v = cx.b.ins().$op(a, b);
            cx.set($ty, dst, v);
            Ok(())
        }
    )*};
}

int_binops! { I32, u32;
    i32_add, i32_add_imm => iadd;
    i32_sub, i32_sub_imm => isub;
    i32_mul, i32_mul_imm => imul;
    i32_and, i32_and_imm => band;
    i32_or, i32_or_imm => bor;
    i32_xor, i32_xor_imm => bxor;
    i32_shl, i32_shl_imm => ishl;
    i32_shr_s, i32_shr_s_imm => sshr;
    i32_shr_u, i32_shr_u_imm => ushr;
    i32_rotl, i32_rotl_imm => rotl;
    i32_rotr, i32_rotr_imm => rotr;
}

pub(crate) fn i32_shr_u_and_imm(cx: &mut Lower, (dst, a, shift, mask): (u32, u32, u32, u32)) -> R {
    let a = cx.get(I32, a);
    let (shift, mask) = (cx.int_const(I32, u64::from(shift)), cx.int_const(I32, u64::from(mask)));
    let shifted = cx.b.ins().ushr(a, shift);
    let v = cx.b.ins().band(shifted, mask);
    cx.set(I32, dst, v);
    Ok(())
}

pub(crate) fn i32_add_imm2(cx: &mut Lower, (dst, a, imm, dst2, a2, imm2): (u32, u32, u32, u32, u32, u32)) -> R {
    i32_add_imm(cx, (dst, a, imm))?;
    i32_add_imm(cx, (dst2, a2, imm2))
}

pub(crate) fn i64_add_imm_br_nez(cx: &mut Lower, (dst, a, imm, to): (u32, u32, u64, usize)) -> R {
    i64_add_imm(cx, (dst, a, imm))?;
    br_i64_ne_imm(cx, (dst, 0, to))
}

pub(crate) fn i32_xor_shr_u_imm(cx: &mut Lower, (dst, a, b, shift): (u32, u32, u32, u32)) -> R {
    i32_xor_shr_u_and_imm(cx, (dst, a, b, shift, u32::MAX))
}

pub(crate) fn i32_xor_and_imm(cx: &mut Lower, (dst, a, b, mask): (u32, u32, u32, u32)) -> R {
    i32_xor_shr_u_and_imm(cx, (dst, a, b, 0, mask))
}

pub(crate) fn i32_xor_shr_u_and_imm(cx: &mut Lower, (dst, a, b, shift, mask): (u32, u32, u32, u32, u32)) -> R {
    let (a, b) = (cx.get(I32, a), cx.get(I32, b));
    let (shift, mask) = (cx.int_const(I32, u64::from(shift)), cx.int_const(I32, u64::from(mask)));
    let shifted = cx.b.ins().ushr(b, shift);
    let x = cx.b.ins().bxor(a, shifted);
    let v = cx.b.ins().band(x, mask);
    cx.set(I32, dst, v);
    Ok(())
}

pub(crate) fn i32_mul_add(cx: &mut Lower, (dst, a, b, c): (u32, u32, u32, u32)) -> R {
    let (a, b, c) = (cx.get(I32, a), cx.get(I32, b), cx.get(I32, c));
    let product = cx.b.ins().imul(a, b);
    let v = cx.b.ins().iadd(product, c);
    cx.set(I32, dst, v);
    Ok(())
}

pub(crate) fn i32_add_shl_imm(cx: &mut Lower, (dst, a, b, shift): (u32, u32, u32, u32)) -> R {
    let (a, b) = (cx.get(I32, a), cx.get(I32, b));
    let shift = cx.int_const(I32, u64::from(shift));
    let shifted = cx.b.ins().ishl(b, shift);
    let v = cx.b.ins().iadd(a, shifted);
    cx.set(I32, dst, v);
    Ok(())
}

int_binops! { I64, u64;
    i64_add, i64_add_imm => iadd;
    i64_sub, i64_sub_imm => isub;
    i64_mul, i64_mul_imm => imul;
    i64_and, i64_and_imm => band;
    i64_or, i64_or_imm => bor;
    i64_xor, i64_xor_imm => bxor;
    i64_shl, i64_shl_imm => ishl;
    i64_shr_s, i64_shr_s_imm => sshr;
    i64_shr_u, i64_shr_u_imm => ushr;
    i64_rotl, i64_rotl_imm => rotl;
    i64_rotr, i64_rotr_imm => rotr;
}

#[derive(Clone, Copy, PartialEq)]
enum Div {
    DivS,
    DivU,
    RemS,
    RemU,
}

/// Division with the wasm traps checked first (the divisor `b` may be a constant).
fn divide(cx: &mut Lower, ty: Type, kind: Div, dst: u32, a: u32, b: Value, b_const: Option<u64>) {
    let a = cx.get(ty, a);
    let bits = ty.bits();
    let mask = if bits == 32 { u32::MAX as u64 } else { u64::MAX };
    match b_const.map(|c| c & mask) {
        Some(0) => {
            cx.trap(Trap::IntegerDivisionByZero);
            return;
        }
        Some(_) => {}
        None => {
            let zero = cx.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
            cx.trap_if(zero, Trap::IntegerDivisionByZero);
        }
    }
    if kind == Div::DivS && b_const.is_none_or(|c| c & mask == mask) {
        let min = cx.int_const(ty, if bits == 32 { i32::MIN as u32 as u64 } else { i64::MIN as u64 });
        let a_min = cx.b.ins().icmp(IntCC::Equal, a, min);
        let overflow = match b_const {
            Some(_) => a_min,
            None => {
                let neg1 = cx.int_const(ty, u64::MAX);
                let b_neg1 = cx.b.ins().icmp(IntCC::Equal, b, neg1);
                cx.b.ins().band(a_min, b_neg1)
            }
        };
        cx.trap_if(overflow, Trap::IntegerOverflow);
    }
    let v = match kind {
        Div::DivS => cx.b.ins().sdiv(a, b),
        Div::DivU => cx.b.ins().udiv(a, b),
        Div::RemS => {
            // `MIN % -1` is 0 in wasm; some ISAs fault on it, so that divisor never reaches the
            // instruction.
            if b_const.is_some_and(|c| c & mask == mask) {
                cx.b.ins().iconst(ty, 0)
            } else if b_const.is_some() {
                cx.b.ins().srem(a, b)
            } else {
                let all_ones = cx.int_const(ty, u64::MAX);
                let neg1 = cx.b.ins().icmp(IntCC::Equal, b, all_ones);
                let one = cx.b.ins().iconst(ty, 1);
                let safe_b = cx.b.ins().select(neg1, one, b);
                let r = cx.b.ins().srem(a, safe_b);
                let zero = cx.b.ins().iconst(ty, 0);
                cx.b.ins().select(neg1, zero, r)
            }
        }
        Div::RemU => cx.b.ins().urem(a, b),
    };
    cx.set(ty, dst, v);
}

macro_rules! int_divs {
    ($ty:ident, $imm:ty; $($name:ident, $name_imm:ident => $kind:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            let b = cx.get($ty, b);
            divide(cx, $ty, Div::$kind, dst, a, b, None);
            Ok(())
        }
        pub(crate) fn $name_imm(cx: &mut Lower, (dst, a, imm): (u32, u32, $imm)) -> R {
            let b = cx.int_const($ty, imm as u64);
            divide(cx, $ty, Div::$kind, dst, a, b, Some(imm as u64));
            Ok(())
        }
    )*};
}

int_divs! { I32, u32;
    i32_div_s, i32_div_s_imm => DivS;
    i32_div_u, i32_div_u_imm => DivU;
    i32_rem_s, i32_rem_s_imm => RemS;
    i32_rem_u, i32_rem_u_imm => RemU;
}

int_divs! { I64, u64;
    i64_div_s, i64_div_s_imm => DivS;
    i64_div_u, i64_div_u_imm => DivU;
    i64_rem_s, i64_rem_s_imm => RemS;
    i64_rem_u, i64_rem_u_imm => RemU;
}

macro_rules! int_cmps {
    ($ty:ident, $imm:ty; $($name:ident, $name_imm:ident => $cc:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            let (a, b) = (cx.get($ty, a), cx.get($ty, b));
            let c = cx.b.ins().icmp(IntCC::$cc, a, b);
            cx.set_bool(dst, c);
            Ok(())
        }
        pub(crate) fn $name_imm(cx: &mut Lower, (dst, a, imm): (u32, u32, $imm)) -> R {
            let a = cx.get($ty, a);
            let b = cx.int_const($ty, imm as u64);
            let c = cx.b.ins().icmp(IntCC::$cc, a, b);
            cx.set_bool(dst, c);
            Ok(())
        }
    )*};
}

int_cmps! { I32, u32;
    i32_eq, i32_eq_imm => Equal;
    i32_ne, i32_ne_imm => NotEqual;
    i32_lt_s, i32_lt_s_imm => SignedLessThan;
    i32_lt_u, i32_lt_u_imm => UnsignedLessThan;
    i32_gt_s, i32_gt_s_imm => SignedGreaterThan;
    i32_gt_u, i32_gt_u_imm => UnsignedGreaterThan;
    i32_le_s, i32_le_s_imm => SignedLessThanOrEqual;
    i32_le_u, i32_le_u_imm => UnsignedLessThanOrEqual;
    i32_ge_s, i32_ge_s_imm => SignedGreaterThanOrEqual;
    i32_ge_u, i32_ge_u_imm => UnsignedGreaterThanOrEqual;
}

int_cmps! { I64, u64;
    i64_eq, i64_eq_imm => Equal;
    i64_ne, i64_ne_imm => NotEqual;
    i64_lt_s, i64_lt_s_imm => SignedLessThan;
    i64_lt_u, i64_lt_u_imm => UnsignedLessThan;
    i64_gt_s, i64_gt_s_imm => SignedGreaterThan;
    i64_gt_u, i64_gt_u_imm => UnsignedGreaterThan;
    i64_le_s, i64_le_s_imm => SignedLessThanOrEqual;
    i64_le_u, i64_le_u_imm => UnsignedLessThanOrEqual;
    i64_ge_s, i64_ge_s_imm => SignedGreaterThanOrEqual;
    i64_ge_u, i64_ge_u_imm => UnsignedGreaterThanOrEqual;
}

macro_rules! int_unops {
    ($($name:ident: $ty:ident => |$cx:ident, $a:ident| $e:expr;)*) => {$(
        pub(crate) fn $name($cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            let $a = $cx.get($ty, a);
            let v = $e;
            $cx.set($ty, dst, v);
            Ok(())
        }
    )*};
}

int_unops! {
    i32_clz: I32 => |cx, a| cx.b.ins().clz(a);
    i32_ctz: I32 => |cx, a| cx.b.ins().ctz(a);
    i32_popcnt: I32 => |cx, a| cx.b.ins().popcnt(a);
    i32_extend8_s: I32 => |cx, a| { let n = cx.b.ins().ireduce(types::I8, a); cx.b.ins().sextend(I32, n) };
    i32_extend16_s: I32 => |cx, a| { let n = cx.b.ins().ireduce(types::I16, a); cx.b.ins().sextend(I32, n) };
    i64_clz: I64 => |cx, a| cx.b.ins().clz(a);
    i64_ctz: I64 => |cx, a| cx.b.ins().ctz(a);
    i64_popcnt: I64 => |cx, a| cx.b.ins().popcnt(a);
    i64_extend8_s: I64 => |cx, a| { let n = cx.b.ins().ireduce(types::I8, a); cx.b.ins().sextend(I64, n) };
    i64_extend16_s: I64 => |cx, a| { let n = cx.b.ins().ireduce(types::I16, a); cx.b.ins().sextend(I64, n) };
    i64_extend32_s: I64 => |cx, a| { let n = cx.b.ins().ireduce(I32, a); cx.b.ins().sextend(I64, n) };
}

pub(crate) fn i32_eqz(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let a = cx.get32(a);
    let c = cx.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
    cx.set_bool(dst, c);
    Ok(())
}

pub(crate) fn i64_eqz(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let a = cx.get64(a);
    let c = cx.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
    cx.set_bool(dst, c);
    Ok(())
}

/// Writes a 128-bit value to slots `dst` (low) and `dst + 1` (high).
fn set128(cx: &mut Lower, dst: u32, v: Value) {
    let (lo, hi) = cx.b.ins().isplit(v);
    cx.set64(dst, lo);
    cx.set64(dst + 1, hi);
}

fn get128(cx: &mut Lower, lo: u32, hi: u32) -> Value {
    let (lo, hi) = (cx.get64(lo), cx.get64(hi));
    cx.b.ins().iconcat(lo, hi)
}

pub(crate) fn i64_add128(cx: &mut Lower, (dst, a_lo, a_hi, b_lo, b_hi): (u32, u32, u32, u32, u32)) -> R {
    let (a, b) = (get128(cx, a_lo, a_hi), get128(cx, b_lo, b_hi));
    let v = cx.b.ins().iadd(a, b);
    set128(cx, dst, v);
    Ok(())
}

pub(crate) fn i64_sub128(cx: &mut Lower, (dst, a_lo, a_hi, b_lo, b_hi): (u32, u32, u32, u32, u32)) -> R {
    let (a, b) = (get128(cx, a_lo, a_hi), get128(cx, b_lo, b_hi));
    let v = cx.b.ins().isub(a, b);
    set128(cx, dst, v);
    Ok(())
}

pub(crate) fn i64_mul_wide_s(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
    let (a, b) = (cx.get64(a), cx.get64(b));
    let lo = cx.b.ins().imul(a, b);
    let hi = cx.b.ins().smulhi(a, b);
    cx.set64(dst, lo);
    cx.set64(dst + 1, hi);
    Ok(())
}

pub(crate) fn i64_mul_wide_u(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
    let (a, b) = (cx.get64(a), cx.get64(b));
    let lo = cx.b.ins().imul(a, b);
    let hi = cx.b.ins().umulhi(a, b);
    cx.set64(dst, lo);
    cx.set64(dst + 1, hi);
    Ok(())
}

// ---- floating point ----

macro_rules! float_binops {
    ($($name:ident: $ty:ident => $op:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            let (a, b) = (cx.get($ty, a), cx.get($ty, b));
            let v = cx.b.ins().$op(a, b);
            cx.set($ty, dst, v);
            Ok(())
        }
    )*};
}

float_binops! {
    f32_add: F32 => fadd; f32_sub: F32 => fsub; f32_mul: F32 => fmul; f32_div: F32 => fdiv;
    f32_min: F32 => fmin; f32_max: F32 => fmax; f32_copysign: F32 => fcopysign;
    f64_add: F64 => fadd; f64_sub: F64 => fsub; f64_mul: F64 => fmul; f64_div: F64 => fdiv;
    f64_min: F64 => fmin; f64_max: F64 => fmax; f64_copysign: F64 => fcopysign;
}

macro_rules! float_unops {
    ($($name:ident: $ty:ident => $op:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            let a = cx.get($ty, a);
            let v = cx.b.ins().$op(a);
            cx.set($ty, dst, v);
            Ok(())
        }
    )*};
}

float_unops! {
    f32_abs: F32 => fabs; f32_neg: F32 => fneg; f32_ceil: F32 => ceil; f32_floor: F32 => floor;
    f32_trunc: F32 => trunc; f32_nearest: F32 => nearest; f32_sqrt: F32 => sqrt;
    f64_abs: F64 => fabs; f64_neg: F64 => fneg; f64_ceil: F64 => ceil; f64_floor: F64 => floor;
    f64_trunc: F64 => trunc; f64_nearest: F64 => nearest; f64_sqrt: F64 => sqrt;
}

macro_rules! float_cmps {
    ($($name:ident: $ty:ident => $cc:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a, b): (u32, u32, u32)) -> R {
            let (a, b) = (cx.get($ty, a), cx.get($ty, b));
            let c = cx.b.ins().fcmp(FloatCC::$cc, a, b);
            cx.set_bool(dst, c);
            Ok(())
        }
    )*};
}

float_cmps! {
    f32_eq: F32 => Equal; f32_ne: F32 => NotEqual; f32_lt: F32 => LessThan; f32_gt: F32 => GreaterThan;
    f32_le: F32 => LessThanOrEqual; f32_ge: F32 => GreaterThanOrEqual;
    f64_eq: F64 => Equal; f64_ne: F64 => NotEqual; f64_lt: F64 => LessThan; f64_gt: F64 => GreaterThan;
    f64_le: F64 => LessThanOrEqual; f64_ge: F64 => GreaterThanOrEqual;
}

// ---- conversions ----

pub(crate) fn i32_wrap_i64(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let v = cx.get32(a);
    cx.set32(dst, v);
    Ok(())
}

pub(crate) fn i64_extend_i32_s(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let a = cx.get32(a);
    let v = cx.b.ins().sextend(I64, a);
    cx.set64(dst, v);
    Ok(())
}

pub(crate) fn i64_extend_i32_u(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
    let a = cx.get32(a);
    cx.set32(dst, a);
    Ok(())
}

/// A float constant of type `ty`.
fn fconst(cx: &mut Lower, ty: Type, x: f64) -> Value {
    if ty == F32 { cx.b.ins().f32const(x as f32) } else { cx.b.ins().f64const(x) }
}

/// A trapping float-to-int conversion: NaN and values outside the exclusive bounds
/// `(lo, hi)` (exactly representable in `from`) trap as in the interpreter.
#[allow(clippy::too_many_arguments)]
fn trunc_checked(cx: &mut Lower, dst: u32, a: u32, from: Type, to: Type, signed: bool, lo: f64, hi: f64) {
    let x = cx.get(from, a);
    let nan = cx.b.ins().fcmp(FloatCC::Unordered, x, x);
    cx.trap_if(nan, Trap::BadConversionToInteger);
    let (lo, hi) = (fconst(cx, from, lo), fconst(cx, from, hi));
    let low = cx.b.ins().fcmp(FloatCC::LessThanOrEqual, x, lo);
    let high = cx.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, hi);
    let out = cx.b.ins().bor(low, high);
    cx.trap_if(out, Trap::IntegerOverflow);
    let v = if signed { cx.b.ins().fcvt_to_sint_sat(to, x) } else { cx.b.ins().fcvt_to_uint_sat(to, x) };
    cx.set(to, dst, v);
}

macro_rules! truncs {
    ($($name:ident: $from:ident -> $to:ident, $signed:expr, $lo:expr, $hi:expr;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            trunc_checked(cx, dst, a, $from, $to, $signed, $lo, $hi);
            Ok(())
        }
    )*};
}

truncs! {
    i32_trunc_f32_s: F32 -> I32, true, -2147483904.0, 2147483648.0;
    i32_trunc_f32_u: F32 -> I32, false, -1.0, 4294967296.0;
    i32_trunc_f64_s: F64 -> I32, true, -2147483649.0, 2147483648.0;
    i32_trunc_f64_u: F64 -> I32, false, -1.0, 4294967296.0;
    i64_trunc_f32_s: F32 -> I64, true, -9223373136366403584.0, 9223372036854775808.0;
    i64_trunc_f32_u: F32 -> I64, false, -1.0, 18446744073709551616.0;
    i64_trunc_f64_s: F64 -> I64, true, -9223372036854777856.0, 9223372036854775808.0;
    i64_trunc_f64_u: F64 -> I64, false, -1.0, 18446744073709551616.0;
}

macro_rules! converts {
    ($($name:ident: $from:ident -> $to:ident => $op:ident;)*) => {$(
        pub(crate) fn $name(cx: &mut Lower, (dst, a): (u32, u32)) -> R {
            let x = cx.get($from, a);
            let v = cx.b.ins().$op($to, x);
            cx.set($to, dst, v);
            Ok(())
        }
    )*};
}

converts! {
    i32_trunc_sat_f32_s: F32 -> I32 => fcvt_to_sint_sat;
    i32_trunc_sat_f32_u: F32 -> I32 => fcvt_to_uint_sat;
    i32_trunc_sat_f64_s: F64 -> I32 => fcvt_to_sint_sat;
    i32_trunc_sat_f64_u: F64 -> I32 => fcvt_to_uint_sat;
    i64_trunc_sat_f32_s: F32 -> I64 => fcvt_to_sint_sat;
    i64_trunc_sat_f32_u: F32 -> I64 => fcvt_to_uint_sat;
    i64_trunc_sat_f64_s: F64 -> I64 => fcvt_to_sint_sat;
    i64_trunc_sat_f64_u: F64 -> I64 => fcvt_to_uint_sat;
    f32_convert_i32_s: I32 -> F32 => fcvt_from_sint;
    f32_convert_i32_u: I32 -> F32 => fcvt_from_uint;
    f32_convert_i64_s: I64 -> F32 => fcvt_from_sint;
    f32_convert_i64_u: I64 -> F32 => fcvt_from_uint;
    f64_convert_i32_s: I32 -> F64 => fcvt_from_sint;
    f64_convert_i32_u: I32 -> F64 => fcvt_from_uint;
    f64_convert_i64_s: I64 -> F64 => fcvt_from_sint;
    f64_convert_i64_u: I64 -> F64 => fcvt_from_uint;
    f32_demote_f64: F64 -> F32 => fdemote;
    f64_promote_f32: F32 -> F64 => fpromote;
}

// ---- memory ----

/// The address of an access of `size` bytes at slot `a` + `off` of the current memory
/// window, trapping when out of bounds.
pub(crate) fn heap_addr(cx: &mut Lower, a: u32, off: u32, size: u32) -> Value {
    let a32 = cx.get32(a);
    let a64 = cx.b.ins().uextend(I64, a32);
    let end = cx.b.ins().iadd_imm_s(a64, off as i64 + size as i64);
    let len = cx.b.use_var(cx.mem_len);
    let oob = cx.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
    cx.trap_if(oob, Trap::MemoryOutOfBounds);
    let base = cx.b.use_var(cx.mem_base);
    let p = cx.b.ins().iadd(base, a64);
    if off == 0 { p } else { cx.b.ins().iadd_imm_s(p, off as i64) }
}

macro_rules! loads {
    ($($name:ident: $size:literal, $ty:ident => |$cx:ident, $p:ident| $e:expr;)*) => {$(
        pub(crate) fn $name($cx: &mut Lower, (dst, a, off): (u32, u32, u32)) -> R {
            let $p = heap_addr($cx, a, off, $size);
            let v = $e;
            $cx.set($ty, dst, v);
            Ok(())
        }
    )*};
}

loads! {
    load32: 4, I32 => |cx, p| cx.b.ins().load(I32, heap_flags(), p, 0);
    load64: 8, I64 => |cx, p| cx.b.ins().load(I64, heap_flags(), p, 0);
    i32_load8_s: 1, I32 => |cx, p| cx.b.ins().sload8(I32, heap_flags(), p, 0);
    i32_load8_u: 1, I32 => |cx, p| cx.b.ins().uload8(I32, heap_flags(), p, 0);
    i32_load16_s: 2, I32 => |cx, p| cx.b.ins().sload16(I32, heap_flags(), p, 0);
    i32_load16_u: 2, I32 => |cx, p| cx.b.ins().uload16(I32, heap_flags(), p, 0);
    i64_load8_s: 1, I64 => |cx, p| cx.b.ins().sload8(I64, heap_flags(), p, 0);
    i64_load16_s: 2, I64 => |cx, p| cx.b.ins().sload16(I64, heap_flags(), p, 0);
    i64_load32_s: 4, I64 => |cx, p| cx.b.ins().sload32(heap_flags(), p, 0);
}

macro_rules! stores {
    ($($name:ident: $size:literal => |$cx:ident, $v:ident, $p:ident| $e:expr;)*) => {$(
        pub(crate) fn $name($cx: &mut Lower, (a, off, v): (u32, u32, u32)) -> R {
            let $p = heap_addr($cx, a, off, $size);
            let $v = $cx.get64(v);
            $e;
            Ok(())
        }
    )*};
}

stores! {
    store32: 4 => |cx, v, p| cx.b.ins().istore32(heap_flags(), v, p, 0);
    store64: 8 => |cx, v, p| cx.b.ins().store(heap_flags(), v, p, 0);
    store8: 1 => |cx, v, p| cx.b.ins().istore8(heap_flags(), v, p, 0);
    store16: 2 => |cx, v, p| cx.b.ins().istore16(heap_flags(), v, p, 0);
}

/// Pages of memory `m` (`*mut Memory`) from its length.
fn pages(cx: &mut Lower, m: Value) -> Value {
    let (_, len) = cx.memory_view(m);
    let log2 = cx.b.ins().uload8(I64, vm_flags(), m, core::mem::offset_of!(Memory, page_size_log2) as i32);
    cx.b.ins().ushr(len, log2)
}

pub(crate) fn memory_size(cx: &mut Lower, (dst,): (u32,)) -> R {
    let m = cx.memory_ptr(0);
    let p = pages(cx, m);
    cx.set64(dst, p);
    Ok(())
}

pub(crate) fn memory_size_m(cx: &mut Lower, (dst, m): (u32, u32)) -> R {
    let m = cx.memory_ptr(m);
    let p = pages(cx, m);
    cx.set64(dst, p);
    Ok(())
}

/// `memory.grow` through the embedder (`VmCtx::memory_grow`), which applies its limits.
fn grow(cx: &mut Lower, dst: u32, m: u32, delta: Value) {
    let ptr = cx.env.ptr;
    let f = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, memory_grow) as i32);
    let sig = cx.b.import_signature(cx.env.c_signature(&[ptr, ptr, I32, I64, ptr], Some(I32)));
    let m = cx.b.ins().iconst(I32, m as i64);
    let out = cx.slot_addr(dst);
    let (ctx, inst) = (cx.ctx, cx.inst);
    let call = cx.b.ins().call_indirect(sig, f, &[ctx, inst, m, delta, out]);
    let status = cx.b.inst_results(call)[0];
    after_call_uncaught(cx, status, dst, 1);
}

pub(crate) fn memory_grow(cx: &mut Lower, (dst, delta): (u32, u32)) -> R {
    let d = cx.get32(delta);
    let d = cx.b.ins().uextend(I64, d);
    grow(cx, dst, 0, d);
    Ok(())
}

pub(crate) fn memory_grow_m(cx: &mut Lower, (dst, m, delta): (u32, u32, u32)) -> R {
    let d = cx.get64(delta);
    grow(cx, dst, m, d);
    Ok(())
}

/// Calls a helper `f(inst, imms..., slot values..., [&dst]) -> status` (immediates as `u32`,
/// slot values as `u64`; `dst`, when given, is a slot the helper writes).
fn helper(cx: &mut Lower, f: *const u8, imms: &[u32], slots: &[u32], dst: Option<u32>) {
    let ptr = cx.env.ptr;
    let mut params = vec![ptr];
    let mut args = vec![cx.inst];
    for &i in imms {
        params.push(I32);
        args.push(cx.b.ins().iconst(I32, i as i64));
    }
    for &s in slots {
        params.push(I64);
        args.push(cx.get64(s));
    }
    if let Some(d) = dst {
        params.push(ptr);
        args.push(cx.slot_addr(d));
    }
    cx.call_checked(f, &params, &args);
    if let Some(d) = dst {
        cx.reload(d, 1);
    }
}

/// A bulk-memory or table helper that writes no slot.
fn bulk(cx: &mut Lower, f: *const u8, imms: &[u32], slots: &[u32]) {
    helper(cx, f, imms, slots, None);
}

pub(crate) fn memory_fill(cx: &mut Lower, (d, v, n): (u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_fill as *const u8, &[0], &[d, v, n]);
    Ok(())
}

pub(crate) fn memory_copy(cx: &mut Lower, (d, s, n): (u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_copy as *const u8, &[0, 0], &[d, s, n]);
    Ok(())
}

pub(crate) fn memory_init(cx: &mut Lower, (seg, d, s, n): (u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_init as *const u8, &[0, seg], &[d, s, n]);
    Ok(())
}

pub(crate) fn data_drop(cx: &mut Lower, (seg,): (u32,)) -> R {
    bulk(cx, helpers::data_drop as *const u8, &[seg], &[]);
    Ok(())
}

pub(crate) fn memory_fill_m(cx: &mut Lower, (m, d, v, n): (u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_fill as *const u8, &[m], &[d, v, n]);
    Ok(())
}

pub(crate) fn memory_copy_m(cx: &mut Lower, (dm, sm, d, s, n): (u32, u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_copy as *const u8, &[dm, sm], &[d, s, n]);
    Ok(())
}

pub(crate) fn memory_init_m(cx: &mut Lower, (m, seg, d, s, n): (u32, u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::memory_init as *const u8, &[m, seg], &[d, s, n]);
    Ok(())
}

pub(crate) fn mem_window(cx: &mut Lower, (m, a, off, tmp): (u32, u32, u64, u32)) -> R {
    let mem = cx.memory_ptr(m);
    let index64 = cx.b.ins().uload8(I32, vm_flags(), mem, core::mem::offset_of!(Memory, index64) as i32);
    let bits = cx.get64(a);
    let low = cx.b.ins().band_imm_u(bits, u32::MAX as i64);
    let addr = cx.b.ins().select(index64, bits, low);
    let off = cx.b.ins().iconst(I64, off as i64);
    let (ea, carry) = cx.b.ins().uadd_overflow(addr, off);
    cx.trap_if(carry, Trap::MemoryOutOfBounds);
    let (base, len) = cx.memory_view(mem);
    let oob = cx.b.ins().icmp(IntCC::UnsignedGreaterThan, ea, len);
    cx.trap_if(oob, Trap::MemoryOutOfBounds);
    let wbase = cx.b.ins().iadd(base, ea);
    let wlen = cx.b.ins().isub(len, ea);
    cx.b.def_var(cx.mem_base, wbase);
    cx.b.def_var(cx.mem_len, wlen);
    let zero = cx.b.ins().iconst(I64, 0);
    cx.set64(tmp, zero);
    Ok(())
}

pub(crate) fn mem_restore(cx: &mut Lower, (): ()) -> R {
    cx.restore_memory();
    Ok(())
}

// ---- tables ----

pub(crate) fn table_get(cx: &mut Lower, (dst, t, idx): (u32, u32, u32)) -> R {
    helper(cx, helpers::table_get as *const u8, &[t], &[idx], Some(dst));
    Ok(())
}

pub(crate) fn table_set(cx: &mut Lower, (t, idx, v): (u32, u32, u32)) -> R {
    bulk(cx, helpers::table_set as *const u8, &[t], &[idx, v]);
    Ok(())
}

pub(crate) fn table_size(cx: &mut Lower, (dst, t): (u32, u32)) -> R {
    helper(cx, helpers::table_size as *const u8, &[t], &[], Some(dst));
    Ok(())
}

/// `table.grow` through the embedder (`VmCtx::table_grow`), which applies its limits.
pub(crate) fn table_grow(cx: &mut Lower, (dst, t, init, delta): (u32, u32, u32, u32)) -> R {
    let ptr = cx.env.ptr;
    let f = cx.b.ins().load(ptr, vm_flags(), cx.ctx, core::mem::offset_of!(crate::VmCtx, table_grow) as i32);
    let sig = cx.b.import_signature(cx.env.c_signature(&[ptr, ptr, I32, I64, I64, ptr], Some(I32)));
    let t = cx.b.ins().iconst(I32, t as i64);
    let (delta, init) = (cx.get64(delta), cx.get64(init));
    let out = cx.slot_addr(dst);
    let (ctx, inst) = (cx.ctx, cx.inst);
    let call = cx.b.ins().call_indirect(sig, f, &[ctx, inst, t, delta, init, out]);
    let status = cx.b.inst_results(call)[0];
    after_call_uncaught(cx, status, dst, 1);
    Ok(())
}

pub(crate) fn table_fill(cx: &mut Lower, (t, d, v, n): (u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::table_fill as *const u8, &[t], &[d, v, n]);
    Ok(())
}

pub(crate) fn table_copy(cx: &mut Lower, (dst_t, src_t, d, s, n): (u32, u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::table_copy as *const u8, &[dst_t, src_t], &[d, s, n]);
    Ok(())
}

pub(crate) fn table_init(cx: &mut Lower, (t, seg, d, s, n): (u32, u32, u32, u32, u32)) -> R {
    bulk(cx, helpers::table_init as *const u8, &[t, seg], &[d, s, n]);
    Ok(())
}

pub(crate) fn elem_drop(cx: &mut Lower, (seg,): (u32,)) -> R {
    bulk(cx, helpers::elem_drop as *const u8, &[seg], &[]);
    Ok(())
}

// ---- exceptions (a function with handlers stays in the interpreter, so these only leave) ----

pub(crate) fn throw(cx: &mut Lower, (tag, base, n): (u32, u32, u32)) -> R {
    let ptr = cx.env.ptr;
    cx.spill(base, n);
    let payload = cx.slot_addr(base);
    let (tag, count) = (cx.b.ins().iconst(I32, tag as i64), cx.b.ins().iconst(I32, n as i64));
    let (ctx, inst) = (cx.ctx, cx.inst);
    let status = cx
        .call_helper(
            helpers::throw as *const u8,
            &[ptr, ptr, I32, ptr, I32],
            Some(I32),
            &[ctx, inst, tag, payload, count],
        )
        .expect("a status");
    cx.check_status_catching(status);
    // `throw` always leaves (or lands in a handler): the check above never falls through.
    cx.trap(Trap::UnreachableCodeReached);
    Ok(())
}

pub(crate) fn throw_ref(cx: &mut Lower, (e,): (u32,)) -> R {
    let ptr = cx.env.ptr;
    let bits = cx.get64(e);
    let ctx = cx.ctx;
    let status =
        cx.call_helper(helpers::throw_ref as *const u8, &[ptr, I64], Some(I32), &[ctx, bits]).expect("a status");
    cx.check_status_catching(status);
    cx.trap(Trap::UnreachableCodeReached);
    Ok(())
}
