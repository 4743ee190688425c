//! Translation of the 128-bit SIMD operators (generated from the op list beside the handlers).

use super::FuncTranslator;
use anyhow::Result;
use sheave_interp::code::Op as B;
use wasmparser::Operator as O;

impl FuncTranslator<'_> {
    /// Translates a SIMD operator; `false` when `op` is not one.
    pub(super) fn translate_simd(&mut self, op: &O<'_>) -> Result<bool> {
        match *op {
            O::V128Const { value } => {
                let v = u128::from_le_bytes(*value.bytes());
                let dst = self.push_v();
                self.emit(B::V128Const { dst, lo: v as u64, hi: (v >> 64) as u64 });
            }
            O::I8x16Shuffle { lanes } => {
                let v = u128::from_le_bytes(lanes);
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Shuffle { dst, a, b, lo: v as u64, hi: (v >> 64) as u64 });
            }
            O::V128Not => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128Not { dst, a });
            }
            O::V128And => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128And { dst, a, b });
            }
            O::V128AndNot => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128AndNot { dst, a, b });
            }
            O::V128Or => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128Or { dst, a, b });
            }
            O::V128Xor => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128Xor { dst, a, b });
            }
            O::V128Bitselect => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::V128Bitselect { dst, a, b, c });
            }
            O::V128AnyTrue => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::V128AnyTrue { dst, a });
            }
            O::I8x16Swizzle => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Swizzle { dst, a, b });
            }
            O::I8x16RelaxedSwizzle => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16RelaxedSwizzle { dst, a, b });
            }
            O::I8x16Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Eq { dst, a, b });
            }
            O::I8x16Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Ne { dst, a, b });
            }
            O::I8x16LtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16LtS { dst, a, b });
            }
            O::I8x16LtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16LtU { dst, a, b });
            }
            O::I8x16GtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16GtS { dst, a, b });
            }
            O::I8x16GtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16GtU { dst, a, b });
            }
            O::I8x16LeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16LeS { dst, a, b });
            }
            O::I8x16LeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16LeU { dst, a, b });
            }
            O::I8x16GeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16GeS { dst, a, b });
            }
            O::I8x16GeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16GeU { dst, a, b });
            }
            O::I16x8Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Eq { dst, a, b });
            }
            O::I16x8Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Ne { dst, a, b });
            }
            O::I16x8LtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8LtS { dst, a, b });
            }
            O::I16x8LtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8LtU { dst, a, b });
            }
            O::I16x8GtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8GtS { dst, a, b });
            }
            O::I16x8GtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8GtU { dst, a, b });
            }
            O::I16x8LeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8LeS { dst, a, b });
            }
            O::I16x8LeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8LeU { dst, a, b });
            }
            O::I16x8GeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8GeS { dst, a, b });
            }
            O::I16x8GeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8GeU { dst, a, b });
            }
            O::I32x4Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Eq { dst, a, b });
            }
            O::I32x4Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Ne { dst, a, b });
            }
            O::I32x4LtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4LtS { dst, a, b });
            }
            O::I32x4LtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4LtU { dst, a, b });
            }
            O::I32x4GtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4GtS { dst, a, b });
            }
            O::I32x4GtU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4GtU { dst, a, b });
            }
            O::I32x4LeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4LeS { dst, a, b });
            }
            O::I32x4LeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4LeU { dst, a, b });
            }
            O::I32x4GeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4GeS { dst, a, b });
            }
            O::I32x4GeU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4GeU { dst, a, b });
            }
            O::I64x2Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Eq { dst, a, b });
            }
            O::I64x2Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Ne { dst, a, b });
            }
            O::I64x2LtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2LtS { dst, a, b });
            }
            O::I64x2GtS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2GtS { dst, a, b });
            }
            O::I64x2LeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2LeS { dst, a, b });
            }
            O::I64x2GeS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2GeS { dst, a, b });
            }
            O::F32x4Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Eq { dst, a, b });
            }
            O::F32x4Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Ne { dst, a, b });
            }
            O::F32x4Lt => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Lt { dst, a, b });
            }
            O::F32x4Gt => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Gt { dst, a, b });
            }
            O::F32x4Le => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Le { dst, a, b });
            }
            O::F32x4Ge => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Ge { dst, a, b });
            }
            O::F64x2Eq => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Eq { dst, a, b });
            }
            O::F64x2Ne => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Ne { dst, a, b });
            }
            O::F64x2Lt => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Lt { dst, a, b });
            }
            O::F64x2Gt => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Gt { dst, a, b });
            }
            O::F64x2Le => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Le { dst, a, b });
            }
            O::F64x2Ge => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Ge { dst, a, b });
            }
            O::I8x16Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Abs { dst, a });
            }
            O::I8x16Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Neg { dst, a });
            }
            O::I8x16Popcnt => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Popcnt { dst, a });
            }
            O::I8x16AllTrue => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I8x16AllTrue { dst, a });
            }
            O::I8x16Bitmask => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I8x16Bitmask { dst, a });
            }
            O::I8x16NarrowI16x8S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16NarrowI16x8S { dst, a, b });
            }
            O::I8x16NarrowI16x8U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16NarrowI16x8U { dst, a, b });
            }
            O::I8x16Shl => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Shl { dst, a, n });
            }
            O::I8x16ShrS => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16ShrS { dst, a, n });
            }
            O::I8x16ShrU => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16ShrU { dst, a, n });
            }
            O::I8x16Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Add { dst, a, b });
            }
            O::I8x16AddSatS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16AddSatS { dst, a, b });
            }
            O::I8x16AddSatU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16AddSatU { dst, a, b });
            }
            O::I8x16Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16Sub { dst, a, b });
            }
            O::I8x16SubSatS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16SubSatS { dst, a, b });
            }
            O::I8x16SubSatU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16SubSatU { dst, a, b });
            }
            O::I8x16MinS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16MinS { dst, a, b });
            }
            O::I8x16MinU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16MinU { dst, a, b });
            }
            O::I8x16MaxS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16MaxS { dst, a, b });
            }
            O::I8x16MaxU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16MaxU { dst, a, b });
            }
            O::I8x16AvgrU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16AvgrU { dst, a, b });
            }
            O::I16x8ExtAddPairwiseI8x16S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtAddPairwiseI8x16S { dst, a });
            }
            O::I16x8ExtAddPairwiseI8x16U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtAddPairwiseI8x16U { dst, a });
            }
            O::I16x8Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Abs { dst, a });
            }
            O::I16x8Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Neg { dst, a });
            }
            O::I16x8Q15MulrSatS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Q15MulrSatS { dst, a, b });
            }
            O::I16x8RelaxedQ15mulrS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8RelaxedQ15mulrS { dst, a, b });
            }
            O::I16x8AllTrue => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I16x8AllTrue { dst, a });
            }
            O::I16x8Bitmask => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I16x8Bitmask { dst, a });
            }
            O::I16x8NarrowI32x4S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8NarrowI32x4S { dst, a, b });
            }
            O::I16x8NarrowI32x4U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8NarrowI32x4U { dst, a, b });
            }
            O::I16x8ExtendLowI8x16S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtendLowI8x16S { dst, a });
            }
            O::I16x8ExtendHighI8x16S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtendHighI8x16S { dst, a });
            }
            O::I16x8ExtendLowI8x16U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtendLowI8x16U { dst, a });
            }
            O::I16x8ExtendHighI8x16U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtendHighI8x16U { dst, a });
            }
            O::I16x8Shl => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Shl { dst, a, n });
            }
            O::I16x8ShrS => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ShrS { dst, a, n });
            }
            O::I16x8ShrU => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ShrU { dst, a, n });
            }
            O::I16x8Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Add { dst, a, b });
            }
            O::I16x8AddSatS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8AddSatS { dst, a, b });
            }
            O::I16x8AddSatU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8AddSatU { dst, a, b });
            }
            O::I16x8Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Sub { dst, a, b });
            }
            O::I16x8SubSatS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8SubSatS { dst, a, b });
            }
            O::I16x8SubSatU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8SubSatU { dst, a, b });
            }
            O::I16x8Mul => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8Mul { dst, a, b });
            }
            O::I16x8MinS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8MinS { dst, a, b });
            }
            O::I16x8MinU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8MinU { dst, a, b });
            }
            O::I16x8MaxS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8MaxS { dst, a, b });
            }
            O::I16x8MaxU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8MaxU { dst, a, b });
            }
            O::I16x8AvgrU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8AvgrU { dst, a, b });
            }
            O::I16x8ExtMulLowI8x16S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtMulLowI8x16S { dst, a, b });
            }
            O::I16x8ExtMulHighI8x16S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtMulHighI8x16S { dst, a, b });
            }
            O::I16x8ExtMulLowI8x16U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtMulLowI8x16U { dst, a, b });
            }
            O::I16x8ExtMulHighI8x16U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ExtMulHighI8x16U { dst, a, b });
            }
            O::I16x8RelaxedDotI8x16I7x16S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8RelaxedDotI8x16I7x16S { dst, a, b });
            }
            O::I32x4ExtAddPairwiseI16x8S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtAddPairwiseI16x8S { dst, a });
            }
            O::I32x4ExtAddPairwiseI16x8U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtAddPairwiseI16x8U { dst, a });
            }
            O::I32x4Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Abs { dst, a });
            }
            O::I32x4Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Neg { dst, a });
            }
            O::I32x4AllTrue => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I32x4AllTrue { dst, a });
            }
            O::I32x4Bitmask => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I32x4Bitmask { dst, a });
            }
            O::I32x4ExtendLowI16x8S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtendLowI16x8S { dst, a });
            }
            O::I32x4ExtendHighI16x8S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtendHighI16x8S { dst, a });
            }
            O::I32x4ExtendLowI16x8U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtendLowI16x8U { dst, a });
            }
            O::I32x4ExtendHighI16x8U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtendHighI16x8U { dst, a });
            }
            O::I32x4Shl => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Shl { dst, a, n });
            }
            O::I32x4ShrS => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ShrS { dst, a, n });
            }
            O::I32x4ShrU => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ShrU { dst, a, n });
            }
            O::I32x4Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Add { dst, a, b });
            }
            O::I32x4Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Sub { dst, a, b });
            }
            O::I32x4Mul => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4Mul { dst, a, b });
            }
            O::I32x4MinS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4MinS { dst, a, b });
            }
            O::I32x4MinU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4MinU { dst, a, b });
            }
            O::I32x4MaxS => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4MaxS { dst, a, b });
            }
            O::I32x4MaxU => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4MaxU { dst, a, b });
            }
            O::I32x4DotI16x8S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4DotI16x8S { dst, a, b });
            }
            O::I32x4ExtMulLowI16x8S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtMulLowI16x8S { dst, a, b });
            }
            O::I32x4ExtMulHighI16x8S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtMulHighI16x8S { dst, a, b });
            }
            O::I32x4ExtMulLowI16x8U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtMulLowI16x8U { dst, a, b });
            }
            O::I32x4ExtMulHighI16x8U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ExtMulHighI16x8U { dst, a, b });
            }
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c });
            }
            O::I64x2Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Abs { dst, a });
            }
            O::I64x2Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Neg { dst, a });
            }
            O::I64x2AllTrue => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I64x2AllTrue { dst, a });
            }
            O::I64x2Bitmask => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I64x2Bitmask { dst, a });
            }
            O::I64x2ExtendLowI32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtendLowI32x4S { dst, a });
            }
            O::I64x2ExtendHighI32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtendHighI32x4S { dst, a });
            }
            O::I64x2ExtendLowI32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtendLowI32x4U { dst, a });
            }
            O::I64x2ExtendHighI32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtendHighI32x4U { dst, a });
            }
            O::I64x2Shl => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Shl { dst, a, n });
            }
            O::I64x2ShrS => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ShrS { dst, a, n });
            }
            O::I64x2ShrU => {
                let n = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ShrU { dst, a, n });
            }
            O::I64x2Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Add { dst, a, b });
            }
            O::I64x2Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Sub { dst, a, b });
            }
            O::I64x2Mul => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2Mul { dst, a, b });
            }
            O::I64x2ExtMulLowI32x4S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtMulLowI32x4S { dst, a, b });
            }
            O::I64x2ExtMulHighI32x4S => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtMulHighI32x4S { dst, a, b });
            }
            O::I64x2ExtMulLowI32x4U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtMulLowI32x4U { dst, a, b });
            }
            O::I64x2ExtMulHighI32x4U => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ExtMulHighI32x4U { dst, a, b });
            }
            O::F32x4Ceil => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Ceil { dst, a });
            }
            O::F32x4Floor => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Floor { dst, a });
            }
            O::F32x4Trunc => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Trunc { dst, a });
            }
            O::F32x4Nearest => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Nearest { dst, a });
            }
            O::F32x4Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Abs { dst, a });
            }
            O::F32x4Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Neg { dst, a });
            }
            O::F32x4Sqrt => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Sqrt { dst, a });
            }
            O::F32x4Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Add { dst, a, b });
            }
            O::F32x4Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Sub { dst, a, b });
            }
            O::F32x4Mul => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Mul { dst, a, b });
            }
            O::F32x4Div => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Div { dst, a, b });
            }
            O::F32x4Min => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Min { dst, a, b });
            }
            O::F32x4Max => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4Max { dst, a, b });
            }
            O::F32x4PMin => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4PMin { dst, a, b });
            }
            O::F32x4PMax => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4PMax { dst, a, b });
            }
            O::F32x4RelaxedMin => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4RelaxedMin { dst, a, b });
            }
            O::F32x4RelaxedMax => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4RelaxedMax { dst, a, b });
            }
            O::F64x2Ceil => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Ceil { dst, a });
            }
            O::F64x2Floor => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Floor { dst, a });
            }
            O::F64x2Trunc => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Trunc { dst, a });
            }
            O::F64x2Nearest => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Nearest { dst, a });
            }
            O::F64x2Abs => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Abs { dst, a });
            }
            O::F64x2Neg => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Neg { dst, a });
            }
            O::F64x2Sqrt => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Sqrt { dst, a });
            }
            O::F64x2Add => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Add { dst, a, b });
            }
            O::F64x2Sub => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Sub { dst, a, b });
            }
            O::F64x2Mul => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Mul { dst, a, b });
            }
            O::F64x2Div => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Div { dst, a, b });
            }
            O::F64x2Min => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Min { dst, a, b });
            }
            O::F64x2Max => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2Max { dst, a, b });
            }
            O::F64x2PMin => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2PMin { dst, a, b });
            }
            O::F64x2PMax => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2PMax { dst, a, b });
            }
            O::F64x2RelaxedMin => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2RelaxedMin { dst, a, b });
            }
            O::F64x2RelaxedMax => {
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2RelaxedMax { dst, a, b });
            }
            O::F32x4RelaxedMadd => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4RelaxedMadd { dst, a, b, c });
            }
            O::F32x4RelaxedNmadd => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4RelaxedNmadd { dst, a, b, c });
            }
            O::F64x2RelaxedMadd => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2RelaxedMadd { dst, a, b, c });
            }
            O::F64x2RelaxedNmadd => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2RelaxedNmadd { dst, a, b, c });
            }
            O::I8x16RelaxedLaneselect => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16RelaxedLaneselect { dst, a, b, c });
            }
            O::I16x8RelaxedLaneselect => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8RelaxedLaneselect { dst, a, b, c });
            }
            O::I32x4RelaxedLaneselect => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedLaneselect { dst, a, b, c });
            }
            O::I64x2RelaxedLaneselect => {
                let c = self.pop_v();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2RelaxedLaneselect { dst, a, b, c });
            }
            O::I32x4TruncSatF32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4TruncSatF32x4S { dst, a });
            }
            O::I32x4TruncSatF32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4TruncSatF32x4U { dst, a });
            }
            O::I32x4RelaxedTruncF32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedTruncF32x4S { dst, a });
            }
            O::I32x4RelaxedTruncF32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedTruncF32x4U { dst, a });
            }
            O::F32x4ConvertI32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4ConvertI32x4S { dst, a });
            }
            O::F32x4ConvertI32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4ConvertI32x4U { dst, a });
            }
            O::I32x4TruncSatF64x2SZero => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4TruncSatF64x2SZero { dst, a });
            }
            O::I32x4TruncSatF64x2UZero => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4TruncSatF64x2UZero { dst, a });
            }
            O::I32x4RelaxedTruncF64x2SZero => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedTruncF64x2SZero { dst, a });
            }
            O::I32x4RelaxedTruncF64x2UZero => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4RelaxedTruncF64x2UZero { dst, a });
            }
            O::F64x2ConvertLowI32x4S => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2ConvertLowI32x4S { dst, a });
            }
            O::F64x2ConvertLowI32x4U => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2ConvertLowI32x4U { dst, a });
            }
            O::F32x4DemoteF64x2Zero => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4DemoteF64x2Zero { dst, a });
            }
            O::F64x2PromoteLowF32x4 => {
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2PromoteLowF32x4 { dst, a });
            }
            O::I8x16Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::I8x16Splat { dst, x });
            }
            O::I16x8Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::I16x8Splat { dst, x });
            }
            O::I32x4Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::I32x4Splat { dst, x });
            }
            O::I64x2Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::I64x2Splat { dst, x });
            }
            O::F32x4Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::F32x4Splat { dst, x });
            }
            O::F64x2Splat => {
                let x = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::F64x2Splat { dst, x });
            }
            O::I8x16ExtractLaneS { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I8x16ExtractLaneS { dst, a, lane: lane as u32 });
            }
            O::I8x16ExtractLaneU { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I8x16ExtractLaneU { dst, a, lane: lane as u32 });
            }
            O::I16x8ExtractLaneS { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I16x8ExtractLaneS { dst, a, lane: lane as u32 });
            }
            O::I16x8ExtractLaneU { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I16x8ExtractLaneU { dst, a, lane: lane as u32 });
            }
            O::I32x4ExtractLane { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I32x4ExtractLane { dst, a, lane: lane as u32 });
            }
            O::I64x2ExtractLane { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::I64x2ExtractLane { dst, a, lane: lane as u32 });
            }
            O::F32x4ExtractLane { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::F32x4ExtractLane { dst, a, lane: lane as u32 });
            }
            O::F64x2ExtractLane { lane } => {
                let a = self.pop_v();
                let dst = self.push_temp();
                self.emit(B::F64x2ExtractLane { dst, a, lane: lane as u32 });
            }
            O::I8x16ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I8x16ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::I16x8ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I16x8ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::I32x4ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I32x4ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::I64x2ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::I64x2ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::F32x4ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F32x4ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::F64x2ReplaceLane { lane } => {
                let x = self.pop_slot();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::F64x2ReplaceLane { dst, a, x, lane: lane as u32 });
            }
            O::V128Load { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load { dst, addr, off });
            }
            O::V128Load8x8S { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load8x8S { dst, addr, off });
            }
            O::V128Load8x8U { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load8x8U { dst, addr, off });
            }
            O::V128Load16x4S { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load16x4S { dst, addr, off });
            }
            O::V128Load16x4U { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load16x4U { dst, addr, off });
            }
            O::V128Load32x2S { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load32x2S { dst, addr, off });
            }
            O::V128Load32x2U { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load32x2U { dst, addr, off });
            }
            O::V128Load8Splat { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load8Splat { dst, addr, off });
            }
            O::V128Load16Splat { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load16Splat { dst, addr, off });
            }
            O::V128Load32Splat { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load32Splat { dst, addr, off });
            }
            O::V128Load64Splat { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load64Splat { dst, addr, off });
            }
            O::V128Load32Zero { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load32Zero { dst, addr, off });
            }
            O::V128Load64Zero { memarg } => {
                let off = memarg.offset as u32;
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load64Zero { dst, addr, off });
            }
            O::V128Load8Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load8Lane { dst, addr, off, v, lane: lane as u32 });
            }
            O::V128Load16Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load16Lane { dst, addr, off, v, lane: lane as u32 });
            }
            O::V128Load32Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load32Lane { dst, addr, off, v, lane: lane as u32 });
            }
            O::V128Load64Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                let dst = self.push_v();
                self.emit(B::V128Load64Lane { dst, addr, off, v, lane: lane as u32 });
            }
            O::V128Store { memarg } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                self.emit(B::V128Store { addr, off, v });
            }
            O::V128Store8Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                self.emit(B::V128Store8Lane { addr, off, v, lane: lane as u32 });
            }
            O::V128Store16Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                self.emit(B::V128Store16Lane { addr, off, v, lane: lane as u32 });
            }
            O::V128Store32Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                self.emit(B::V128Store32Lane { addr, off, v, lane: lane as u32 });
            }
            O::V128Store64Lane { memarg, lane } => {
                let off = memarg.offset as u32;
                let v = self.pop_v();
                let addr = self.pop_slot();
                self.emit(B::V128Store64Lane { addr, off, v, lane: lane as u32 });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
