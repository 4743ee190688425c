//! Translation of GC operators: i31s, casts, `ref.eq`, the extern/any conversions (moves:
//! both hierarchies share one handle space), and struct and array ops, whose field offsets
//! and element widths come from the module's layouts and are baked into the ops.

use super::{FuncTranslator, Operand};
#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Result, bail};
use sheave_interp::code::Op as B;
use sheave_interp::gc::{Layout, Storage, cast};
use wasmparser::Operator;

impl FuncTranslator<'_> {
    /// Translates a GC operator; `false` when `op` is not one.
    pub(super) fn translate_gc(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::RefI31 => self.unary(|dst, a| B::RefI31 { dst, a }),
            Operator::I31GetS => self.unary(|dst, a| B::I31GetS { dst, a }),
            Operator::I31GetU => self.unary(|dst, a| B::I31GetU { dst, a }),
            Operator::RefEq => {
                let b = self.pop_slot();
                let a = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::I64Eq { dst, a, b }, dst);
            }
            Operator::AnyConvertExtern | Operator::ExternConvertAny => {}
            Operator::RefTestNonNull { hty } => self.cast_op(hty, false, true)?,
            Operator::RefTestNullable { hty } => self.cast_op(hty, true, true)?,
            Operator::RefCastNonNull { hty } => self.cast_op(hty, false, false)?,
            Operator::RefCastNullable { hty } => self.cast_op(hty, true, false)?,
            Operator::BrOnCast { relative_depth, to_ref_type, .. } => {
                let target = self.cast_target(to_ref_type.heap_type(), to_ref_type.is_nullable())?;
                self.br_on_cast(relative_depth, target, true);
            }
            Operator::BrOnCastFail { relative_depth, to_ref_type, .. } => {
                let target = self.cast_target(to_ref_type.heap_type(), to_ref_type.is_nullable())?;
                self.br_on_cast(relative_depth, target, false);
            }
            Operator::StructNew { struct_type_index: ty } => {
                let Layout::Struct { fields, .. } = &self.env.layouts[ty as usize] else { bail!("not a struct type") };
                let slots = fields.iter().map(|f| f.storage.slots()).sum::<u32>();
                let args = self.take_top(slots);
                let dst = self.push_temp();
                self.emit_result(B::StructNew { dst, ty, args }, dst);
            }
            Operator::StructNewDefault { struct_type_index: ty } => {
                let dst = self.push_temp();
                self.emit_result(B::StructNewDefault { dst, ty }, dst);
            }
            Operator::StructGet { struct_type_index: ty, field_index } => self.struct_get(ty, field_index, false)?,
            Operator::StructGetS { struct_type_index: ty, field_index } => self.struct_get(ty, field_index, true)?,
            Operator::StructGetU { struct_type_index: ty, field_index } => self.struct_get(ty, field_index, false)?,
            Operator::StructSet { struct_type_index: ty, field_index } => {
                let f = self.field(ty, field_index)?;
                let v = if f.storage == Storage::V128 { self.pop_v() } else { self.pop_slot() };
                let obj = self.pop_slot();
                let off = f.offset;
                self.emit(match f.storage {
                    Storage::I8 => B::StructSet8 { obj, off, v },
                    Storage::I16 => B::StructSet16 { obj, off, v },
                    Storage::I32 | Storage::GcRef | Storage::FuncRef => B::StructSet32 { obj, off, v },
                    Storage::I64 => B::StructSet64 { obj, off, v },
                    Storage::V128 => B::StructSet128 { obj, off, v },
                });
            }
            Operator::ArrayNew { array_type_index: ty } => {
                let n = self.pop_slot();
                let init = if self.elem(ty)? == Storage::V128 { self.pop_v() } else { self.pop_slot() };
                let dst = self.push_temp();
                self.emit_result(B::ArrayNew { dst, ty, init, n }, dst);
            }
            Operator::ArrayNewDefault { array_type_index: ty } => {
                let n = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::ArrayNewDefault { dst, ty, n }, dst);
            }
            Operator::ArrayNewFixed { array_type_index: ty, array_size: n } => {
                let slots = n.checked_mul(self.elem(ty)?.slots()).ok_or_else(|| anyhow::anyhow!("array too large"))?;
                let args = self.take_top(slots);
                let dst = self.push_temp();
                self.emit_result(B::ArrayNewFixed { dst, ty, args, n }, dst);
            }
            Operator::ArrayNewData { array_type_index: ty, array_data_index: seg } => {
                let n = self.pop_slot();
                let s = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::ArrayNewData { dst, ty, seg, s, n }, dst);
            }
            Operator::ArrayNewElem { array_type_index: ty, array_elem_index: seg } => {
                let n = self.pop_slot();
                let s = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::ArrayNewElem { dst, ty, seg, s, n }, dst);
            }
            Operator::ArrayGet { array_type_index: ty } => self.array_get(ty, false)?,
            Operator::ArrayGetS { array_type_index: ty } => self.array_get(ty, true)?,
            Operator::ArrayGetU { array_type_index: ty } => self.array_get(ty, false)?,
            Operator::ArraySet { array_type_index: ty } => {
                let elem = self.elem(ty)?;
                let v = if elem == Storage::V128 { self.pop_v() } else { self.pop_slot() };
                let i = self.pop_slot();
                let arr = self.pop_slot();
                self.emit(match elem {
                    Storage::I8 => B::ArraySet8 { arr, i, v },
                    Storage::I16 => B::ArraySet16 { arr, i, v },
                    Storage::I32 | Storage::GcRef | Storage::FuncRef => B::ArraySet32 { arr, i, v },
                    Storage::I64 => B::ArraySet64 { arr, i, v },
                    Storage::V128 => B::ArraySet128 { arr, i, v },
                });
            }
            Operator::ArrayLen => self.unary(|dst, arr| B::ArrayLen { dst, arr }),
            Operator::ArrayFill { array_type_index: ty } => {
                let n = self.pop_slot();
                let v = if self.elem(ty)? == Storage::V128 { self.pop_v() } else { self.pop_slot() };
                let d = self.pop_slot();
                let arr = self.pop_slot();
                self.emit(B::ArrayFill { ty, arr, d, v, n });
            }
            Operator::ArrayCopy { array_type_index_dst: ty, .. } => {
                let n = self.pop_slot();
                let s = self.pop_slot();
                let src = self.pop_slot();
                let d = self.pop_slot();
                let dst_arr = self.pop_slot();
                self.emit(B::ArrayCopy { ty, dst_arr, d, src, s, n });
            }
            Operator::ArrayInitData { array_type_index: ty, array_data_index: seg } => {
                let n = self.pop_slot();
                let s = self.pop_slot();
                let d = self.pop_slot();
                let arr = self.pop_slot();
                self.emit(B::ArrayInitData { ty, seg, arr, d, s, n });
            }
            Operator::ArrayInitElem { array_elem_index: seg, .. } => {
                let n = self.pop_slot();
                let s = self.pop_slot();
                let d = self.pop_slot();
                let arr = self.pop_slot();
                self.emit(B::ArrayInitElem { seg, arr, d, s, n });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Materializes the top `slots` operands in their stack slots and pops them; their first
    /// slot (where a result pushed next lands too: ops read their operands first).
    fn take_top(&mut self, slots: u32) -> u32 {
        self.materialize_top(slots);
        let at = self.height() - slots;
        let base = self.slot_at(at);
        self.stack.truncate(at as usize);
        base
    }

    fn field(&self, ty: u32, index: u32) -> Result<sheave_interp::gc::Field> {
        match &self.env.layouts[ty as usize] {
            Layout::Struct { fields, .. } => {
                fields.get(index as usize).copied().ok_or_else(|| anyhow::anyhow!("no field {index}"))
            }
            _ => bail!("type {ty} is not a struct type"),
        }
    }

    fn elem(&self, ty: u32) -> Result<Storage> {
        match &self.env.layouts[ty as usize] {
            Layout::Array { elem } => Ok(*elem),
            _ => bail!("type {ty} is not an array type"),
        }
    }

    fn struct_get(&mut self, ty: u32, index: u32, signed: bool) -> Result<()> {
        let f = self.field(ty, index)?;
        let obj = self.pop_slot();
        let off = f.offset;
        if f.storage == Storage::V128 {
            let dst = self.push_v();
            self.emit(B::StructGet128 { dst, obj, off });
            return Ok(());
        }
        let dst = self.push_temp();
        let op = match (f.storage, signed) {
            (Storage::I8, true) => B::StructGet8S { dst, obj, off },
            (Storage::I8, false) => B::StructGet8U { dst, obj, off },
            (Storage::I16, true) => B::StructGet16S { dst, obj, off },
            (Storage::I16, false) => B::StructGet16U { dst, obj, off },
            (Storage::I64, _) => B::StructGet64 { dst, obj, off },
            _ => B::StructGet32 { dst, obj, off },
        };
        self.emit_result(op, dst);
        Ok(())
    }

    fn array_get(&mut self, ty: u32, signed: bool) -> Result<()> {
        let elem = self.elem(ty)?;
        let i = self.pop_slot();
        let arr = self.pop_slot();
        if elem == Storage::V128 {
            let dst = self.push_v();
            self.emit(B::ArrayGet128 { dst, arr, i });
            return Ok(());
        }
        let dst = self.push_temp();
        let op = match (elem, signed) {
            (Storage::I8, true) => B::ArrayGet8S { dst, arr, i },
            (Storage::I8, false) => B::ArrayGet8U { dst, arr, i },
            (Storage::I16, true) => B::ArrayGet16S { dst, arr, i },
            (Storage::I16, false) => B::ArrayGet16U { dst, arr, i },
            (Storage::I64, _) => B::ArrayGet64 { dst, arr, i },
            _ => B::ArrayGet32 { dst, arr, i },
        };
        self.emit_result(op, dst);
        Ok(())
    }

    /// The `gc::cast` encoding of a cast to `(ref null? hty)`.
    fn cast_target(&self, hty: wasmparser::HeapType, nullable: bool) -> Result<u32> {
        use wasmparser::{AbstractHeapType as A, HeapType as H};
        let kind_index = match hty {
            H::Abstract { ty, .. } => (
                match ty {
                    A::Any => cast::ANY,
                    A::Eq => cast::EQ,
                    A::I31 => cast::I31,
                    A::Struct => cast::STRUCT,
                    A::Array => cast::ARRAY,
                    A::None => cast::NONE,
                    A::Func => cast::FUNC,
                    A::NoFunc => cast::NOFUNC,
                    A::Extern => cast::EXTERN,
                    A::NoExtern => cast::NOEXTERN,
                    A::Exn => cast::EXN,
                    A::NoExn => cast::NOEXN,
                    other => bail!("casts to {other:?} are not supported"),
                },
                0,
            ),
            H::Concrete(idx) | H::Exact(idx) => {
                let Some(i) = idx.as_module_index() else { bail!("unexpected type index {idx}") };
                let kind = if self.env.sigs[i as usize].entry().func().is_some() {
                    cast::CONCRETE_FUNC
                } else {
                    cast::CONCRETE_DATA
                };
                (kind, i)
            }
        };
        let (kind, index) = kind_index;
        if index > cast::TYPE_MASK {
            bail!("implementation limit: a cast to type index {index}");
        }
        Ok(if nullable { cast::NULLABLE } else { 0 } | kind << 24 | index)
    }

    fn cast_op(&mut self, hty: wasmparser::HeapType, nullable: bool, test: bool) -> Result<()> {
        let target = self.cast_target(hty, nullable)?;
        if test {
            self.unary(|dst, a| B::RefTest { dst, a, target });
        } else {
            self.unary(|dst, a| B::RefCast { dst, a, target });
        }
        Ok(())
    }

    /// `br_on_cast` (`on_cast`) or `br_on_cast_fail`: test into the slot above the stack,
    /// then branch (the reference stays where it is on both paths).
    fn br_on_cast(&mut self, depth: u32, target: u32, on_cast: bool) {
        let r = self.top_in_slot();
        let test = self.push_temp();
        self.pop();
        self.emit(B::RefTest { dst: test, a: r, target });
        let skip = if on_cast {
            self.emit_branch(B::BrIfEqz { c: test, to: 0 })
        } else {
            self.emit_branch(B::BrIfNez { c: test, to: 0 })
        };
        self.branch_to(depth);
        self.bind(&[skip]);
    }
}

/// Whether a canonical heap type's values are heap handles (the internal and external
/// hierarchies; a concrete type when it is a struct or array type). `types` are the module's.
pub(crate) fn heap_ref(h: crate::types::registry::CHeap, types: &[crate::types::Registered]) -> bool {
    use crate::types::registry::{Abstract as A, CHeap};
    match h {
        CHeap::Abs(a) => {
            matches!(
                a,
                A::Any | A::Eq | A::I31 | A::Struct | A::Array | A::None | A::Extern | A::NoExtern | A::Exn | A::NoExn
            )
        }
        CHeap::Id(id) => types.iter().find(|t| t.id() == id).is_none_or(|t| t.entry().func().is_none()),
        CHeap::Rec(_) => true,
    }
}

/// Whether values of a validated type of the module are heap handles.
pub(super) fn wasm_heap_ref(t: wasmparser::ValType, types: &[crate::types::Registered]) -> bool {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    let wasmparser::ValType::Ref(r) = t else { return false };
    match r.heap_type() {
        H::Abstract { ty, .. } => {
            matches!(
                ty,
                A::Any | A::Eq | A::I31 | A::Struct | A::Array | A::None | A::Extern | A::NoExtern | A::Exn | A::NoExn
            )
        }
        H::Concrete(i) | H::Exact(i) => {
            i.as_module_index().and_then(|i| types.get(i as usize)).is_none_or(|t| t.entry().func().is_none())
        }
    }
}

/// Whether translating `op` emits a point where the frame can stop while a collection runs:
/// a call (the callee, or a host function, may allocate), an allocation, or (with fuel or
/// epochs) a loop header's check, where resumable and async calls stop.
pub(super) fn is_safepoint(op: &Operator<'_>, checks: bool) -> bool {
    use Operator as O;
    match op {
        O::Call { .. } | O::CallIndirect { .. } | O::CallRef { .. } => true,
        O::StructNew { .. } | O::StructNewDefault { .. } | O::Throw { .. } => true,
        O::ArrayNew { .. }
        | O::ArrayNewDefault { .. }
        | O::ArrayNewFixed { .. }
        | O::ArrayNewData { .. }
        | O::ArrayNewElem { .. } => true,
        O::Loop { .. } => checks,
        _ => false,
    }
}

/// The stack maps of a function being translated (see `sheave_interp::gc::StackMaps`).
#[derive(Debug, Default)]
pub(super) struct MapBuilder {
    /// Reference-typed locals.
    pub always: Vec<u32>,
    /// Safepoints so far: the word after the instruction, the operand slots.
    pub sites: Vec<(u32, Vec<u32>)>,
    /// The operand slots holding references before the operator being translated.
    pub pre: Vec<u32>,
}

impl FuncTranslator<'_> {
    /// Records the operand slots that hold heap references now, before `op` changes the stack
    /// (`validator` has not seen `op` yet, so its operand types line up with the stack).
    pub(super) fn note_refs(&mut self, validator: &wasmparser::FuncValidator<wasmparser::ValidatorResources>) {
        let Some(maps) = self.gc_maps.as_deref_mut() else { return };
        maps.pre.clear();
        let (mut p, mut d) = (self.stack.len(), 0);
        while p > 0 {
            let Some(Some(t)) = validator.get_operand_type(d) else { break };
            d += 1;
            if t == wasmparser::ValType::V128 {
                p = p.saturating_sub(2);
                continue;
            }
            p -= 1;
            if wasm_heap_ref(t, self.env.sigs) && matches!(self.stack[p], Operand::Temp) {
                maps.pre.push(self.locals + p as u32);
            }
        }
    }

    /// Before `op`: notes the references on the stack when `op` makes a safepoint; whether
    /// the point after it is one (a loop's checks record their own).
    #[inline(never)]
    pub(super) fn before_safepoint(
        &mut self,
        op: &Operator<'_>,
        validator: &wasmparser::FuncValidator<wasmparser::ValidatorResources>,
    ) -> bool {
        if !is_safepoint(op, self.env.fuel || self.env.epoch) {
            return false;
        }
        self.note_refs(validator);
        !matches!(op, Operator::Loop { .. })
    }

    /// Makes the point after the last emitted instruction a safepoint with the references
    /// `note_refs` found (merged with one already recorded there).
    pub(super) fn gc_site(&mut self) {
        let at = self.code.len() as u32;
        let Some(maps) = self.gc_maps.as_deref_mut() else { return };
        match maps.sites.last_mut() {
            Some((last, slots)) if *last >= at => {
                if *last == at {
                    slots.extend_from_slice(&maps.pre);
                }
            }
            _ => maps.sites.push((at, maps.pre.clone())),
        }
    }

    /// The finished maps: slots moved past the scratch slots as `place_scratch` moved the code's,
    /// scratch slots listed everywhere (their contents are untyped), sites on instruction
    /// boundaries only (a rewrite may have taken code back).
    pub(super) fn finish_maps(&mut self, scratch: u32) -> Option<sheave_interp::gc::StackMaps> {
        let maps = self.gc_maps.take()?;
        if maps.always.is_empty() && scratch == 0 && maps.sites.iter().all(|(_, s)| s.is_empty()) {
            // No frame of this function ever holds a heap reference.
            return None;
        }
        let locals = self.locals;
        let shift = |s: u32| if s >= locals { s + scratch } else { s };
        let mut bounds = vec![false; self.code.len() + 1];
        let mut at = 0;
        while let Ok(op) = B::decode(&self.code, at) {
            at += op.len();
            bounds[at.min(self.code.len())] = true;
        }
        let mut always = maps.always;
        always.extend(locals..locals + scratch);
        let (mut sites, mut slots) = (Vec::new(), Vec::new());
        for (at, mut s) in maps.sites {
            if !bounds.get(at as usize).copied().unwrap_or(false) {
                continue;
            }
            s.sort_unstable();
            s.dedup();
            let start = slots.len() as u32;
            slots.extend(s.into_iter().map(shift));
            sites.push((at, start, slots.len() as u32 - start));
        }
        Some(sheave_interp::gc::StackMaps { always: always.into(), sites: sites.into(), slots: slots.into() })
    }
}
