//! Translation of the 128-bit SIMD operators: each pops its operands (v128s as slot pairs, see
//! `pop_v`), pushes its result and emits one op of the same name.

use super::FuncTranslator;
#[allow(unused_imports)]
use crate::prelude::*;
#[cfg(feature = "simd")]
use sheave_interp::code::Op as B;
use wasmparser::Operator as O;

/// Without the `simd` feature wasmparser has no SIMD operators, and an engine refuses to turn
/// SIMD on: no operator is one.
#[cfg(not(feature = "simd"))]
impl FuncTranslator<'_> {
    pub(super) fn translate_simd(&mut self, _op: &O<'_>) -> bool {
        false
    }
}

#[cfg(feature = "simd")]
impl FuncTranslator<'_> {
    /// Translates a SIMD operator; `false` when `op` is not one.
    pub(super) fn translate_simd(&mut self, op: &O<'_>) -> bool {
        match *op {
            O::V128Const { value } => {
                let v = u128::from_le_bytes(*value.bytes());
                let dst = self.push_v();
                self.emit(B::V128Const { dst, lo: v as u64, hi: (v >> 64) as u64 });
            }
            O::I8x16Shuffle { lanes } => {
                let v = u128::from_le_bytes(lanes);
                self.v_bin(|dst, a, b| B::I8x16Shuffle { dst, a, b, lo: v as u64, hi: (v >> 64) as u64 });
            }
            O::V128Not => self.v_un(|dst, a| B::V128Not { dst, a }),
            O::V128And => self.v_bin(|dst, a, b| B::V128And { dst, a, b }),
            O::V128AndNot => self.v_bin(|dst, a, b| B::V128AndNot { dst, a, b }),
            O::V128Or => self.v_bin(|dst, a, b| B::V128Or { dst, a, b }),
            O::V128Xor => self.v_bin(|dst, a, b| B::V128Xor { dst, a, b }),
            O::V128Bitselect => self.v_tern(|dst, a, b, c| B::V128Bitselect { dst, a, b, c }),
            O::V128AnyTrue => self.v_test(|dst, a| B::V128AnyTrue { dst, a }),
            O::I8x16Swizzle => self.v_bin(|dst, a, b| B::I8x16Swizzle { dst, a, b }),
            O::I8x16RelaxedSwizzle => self.v_bin(|dst, a, b| B::I8x16RelaxedSwizzle { dst, a, b }),
            O::I8x16Eq => self.v_bin(|dst, a, b| B::I8x16Eq { dst, a, b }),
            O::I8x16Ne => self.v_bin(|dst, a, b| B::I8x16Ne { dst, a, b }),
            O::I8x16LtS => self.v_bin(|dst, a, b| B::I8x16LtS { dst, a, b }),
            O::I8x16LtU => self.v_bin(|dst, a, b| B::I8x16LtU { dst, a, b }),
            O::I8x16GtS => self.v_bin(|dst, a, b| B::I8x16GtS { dst, a, b }),
            O::I8x16GtU => self.v_bin(|dst, a, b| B::I8x16GtU { dst, a, b }),
            O::I8x16LeS => self.v_bin(|dst, a, b| B::I8x16LeS { dst, a, b }),
            O::I8x16LeU => self.v_bin(|dst, a, b| B::I8x16LeU { dst, a, b }),
            O::I8x16GeS => self.v_bin(|dst, a, b| B::I8x16GeS { dst, a, b }),
            O::I8x16GeU => self.v_bin(|dst, a, b| B::I8x16GeU { dst, a, b }),
            O::I16x8Eq => self.v_bin(|dst, a, b| B::I16x8Eq { dst, a, b }),
            O::I16x8Ne => self.v_bin(|dst, a, b| B::I16x8Ne { dst, a, b }),
            O::I16x8LtS => self.v_bin(|dst, a, b| B::I16x8LtS { dst, a, b }),
            O::I16x8LtU => self.v_bin(|dst, a, b| B::I16x8LtU { dst, a, b }),
            O::I16x8GtS => self.v_bin(|dst, a, b| B::I16x8GtS { dst, a, b }),
            O::I16x8GtU => self.v_bin(|dst, a, b| B::I16x8GtU { dst, a, b }),
            O::I16x8LeS => self.v_bin(|dst, a, b| B::I16x8LeS { dst, a, b }),
            O::I16x8LeU => self.v_bin(|dst, a, b| B::I16x8LeU { dst, a, b }),
            O::I16x8GeS => self.v_bin(|dst, a, b| B::I16x8GeS { dst, a, b }),
            O::I16x8GeU => self.v_bin(|dst, a, b| B::I16x8GeU { dst, a, b }),
            O::I32x4Eq => self.v_bin(|dst, a, b| B::I32x4Eq { dst, a, b }),
            O::I32x4Ne => self.v_bin(|dst, a, b| B::I32x4Ne { dst, a, b }),
            O::I32x4LtS => self.v_bin(|dst, a, b| B::I32x4LtS { dst, a, b }),
            O::I32x4LtU => self.v_bin(|dst, a, b| B::I32x4LtU { dst, a, b }),
            O::I32x4GtS => self.v_bin(|dst, a, b| B::I32x4GtS { dst, a, b }),
            O::I32x4GtU => self.v_bin(|dst, a, b| B::I32x4GtU { dst, a, b }),
            O::I32x4LeS => self.v_bin(|dst, a, b| B::I32x4LeS { dst, a, b }),
            O::I32x4LeU => self.v_bin(|dst, a, b| B::I32x4LeU { dst, a, b }),
            O::I32x4GeS => self.v_bin(|dst, a, b| B::I32x4GeS { dst, a, b }),
            O::I32x4GeU => self.v_bin(|dst, a, b| B::I32x4GeU { dst, a, b }),
            O::I64x2Eq => self.v_bin(|dst, a, b| B::I64x2Eq { dst, a, b }),
            O::I64x2Ne => self.v_bin(|dst, a, b| B::I64x2Ne { dst, a, b }),
            O::I64x2LtS => self.v_bin(|dst, a, b| B::I64x2LtS { dst, a, b }),
            O::I64x2GtS => self.v_bin(|dst, a, b| B::I64x2GtS { dst, a, b }),
            O::I64x2LeS => self.v_bin(|dst, a, b| B::I64x2LeS { dst, a, b }),
            O::I64x2GeS => self.v_bin(|dst, a, b| B::I64x2GeS { dst, a, b }),
            O::F32x4Eq => self.v_bin(|dst, a, b| B::F32x4Eq { dst, a, b }),
            O::F32x4Ne => self.v_bin(|dst, a, b| B::F32x4Ne { dst, a, b }),
            O::F32x4Lt => self.v_bin(|dst, a, b| B::F32x4Lt { dst, a, b }),
            O::F32x4Gt => self.v_bin(|dst, a, b| B::F32x4Gt { dst, a, b }),
            O::F32x4Le => self.v_bin(|dst, a, b| B::F32x4Le { dst, a, b }),
            O::F32x4Ge => self.v_bin(|dst, a, b| B::F32x4Ge { dst, a, b }),
            O::F64x2Eq => self.v_bin(|dst, a, b| B::F64x2Eq { dst, a, b }),
            O::F64x2Ne => self.v_bin(|dst, a, b| B::F64x2Ne { dst, a, b }),
            O::F64x2Lt => self.v_bin(|dst, a, b| B::F64x2Lt { dst, a, b }),
            O::F64x2Gt => self.v_bin(|dst, a, b| B::F64x2Gt { dst, a, b }),
            O::F64x2Le => self.v_bin(|dst, a, b| B::F64x2Le { dst, a, b }),
            O::F64x2Ge => self.v_bin(|dst, a, b| B::F64x2Ge { dst, a, b }),
            O::I8x16Abs => self.v_un(|dst, a| B::I8x16Abs { dst, a }),
            O::I8x16Neg => self.v_un(|dst, a| B::I8x16Neg { dst, a }),
            O::I8x16Popcnt => self.v_un(|dst, a| B::I8x16Popcnt { dst, a }),
            O::I8x16AllTrue => self.v_test(|dst, a| B::I8x16AllTrue { dst, a }),
            O::I8x16Bitmask => self.v_test(|dst, a| B::I8x16Bitmask { dst, a }),
            O::I8x16NarrowI16x8S => self.v_bin(|dst, a, b| B::I8x16NarrowI16x8S { dst, a, b }),
            O::I8x16NarrowI16x8U => self.v_bin(|dst, a, b| B::I8x16NarrowI16x8U { dst, a, b }),
            O::I8x16Shl => self.v_shift(|dst, a, n| B::I8x16Shl { dst, a, n }),
            O::I8x16ShrS => self.v_shift(|dst, a, n| B::I8x16ShrS { dst, a, n }),
            O::I8x16ShrU => self.v_shift(|dst, a, n| B::I8x16ShrU { dst, a, n }),
            O::I8x16Add => self.v_bin(|dst, a, b| B::I8x16Add { dst, a, b }),
            O::I8x16AddSatS => self.v_bin(|dst, a, b| B::I8x16AddSatS { dst, a, b }),
            O::I8x16AddSatU => self.v_bin(|dst, a, b| B::I8x16AddSatU { dst, a, b }),
            O::I8x16Sub => self.v_bin(|dst, a, b| B::I8x16Sub { dst, a, b }),
            O::I8x16SubSatS => self.v_bin(|dst, a, b| B::I8x16SubSatS { dst, a, b }),
            O::I8x16SubSatU => self.v_bin(|dst, a, b| B::I8x16SubSatU { dst, a, b }),
            O::I8x16MinS => self.v_bin(|dst, a, b| B::I8x16MinS { dst, a, b }),
            O::I8x16MinU => self.v_bin(|dst, a, b| B::I8x16MinU { dst, a, b }),
            O::I8x16MaxS => self.v_bin(|dst, a, b| B::I8x16MaxS { dst, a, b }),
            O::I8x16MaxU => self.v_bin(|dst, a, b| B::I8x16MaxU { dst, a, b }),
            O::I8x16AvgrU => self.v_bin(|dst, a, b| B::I8x16AvgrU { dst, a, b }),
            O::I16x8ExtAddPairwiseI8x16S => self.v_un(|dst, a| B::I16x8ExtAddPairwiseI8x16S { dst, a }),
            O::I16x8ExtAddPairwiseI8x16U => self.v_un(|dst, a| B::I16x8ExtAddPairwiseI8x16U { dst, a }),
            O::I16x8Abs => self.v_un(|dst, a| B::I16x8Abs { dst, a }),
            O::I16x8Neg => self.v_un(|dst, a| B::I16x8Neg { dst, a }),
            O::I16x8Q15MulrSatS => self.v_bin(|dst, a, b| B::I16x8Q15MulrSatS { dst, a, b }),
            O::I16x8RelaxedQ15mulrS => self.v_bin(|dst, a, b| B::I16x8RelaxedQ15mulrS { dst, a, b }),
            O::I16x8AllTrue => self.v_test(|dst, a| B::I16x8AllTrue { dst, a }),
            O::I16x8Bitmask => self.v_test(|dst, a| B::I16x8Bitmask { dst, a }),
            O::I16x8NarrowI32x4S => self.v_bin(|dst, a, b| B::I16x8NarrowI32x4S { dst, a, b }),
            O::I16x8NarrowI32x4U => self.v_bin(|dst, a, b| B::I16x8NarrowI32x4U { dst, a, b }),
            O::I16x8ExtendLowI8x16S => self.v_un(|dst, a| B::I16x8ExtendLowI8x16S { dst, a }),
            O::I16x8ExtendHighI8x16S => self.v_un(|dst, a| B::I16x8ExtendHighI8x16S { dst, a }),
            O::I16x8ExtendLowI8x16U => self.v_un(|dst, a| B::I16x8ExtendLowI8x16U { dst, a }),
            O::I16x8ExtendHighI8x16U => self.v_un(|dst, a| B::I16x8ExtendHighI8x16U { dst, a }),
            O::I16x8Shl => self.v_shift(|dst, a, n| B::I16x8Shl { dst, a, n }),
            O::I16x8ShrS => self.v_shift(|dst, a, n| B::I16x8ShrS { dst, a, n }),
            O::I16x8ShrU => self.v_shift(|dst, a, n| B::I16x8ShrU { dst, a, n }),
            O::I16x8Add => self.v_bin(|dst, a, b| B::I16x8Add { dst, a, b }),
            O::I16x8AddSatS => self.v_bin(|dst, a, b| B::I16x8AddSatS { dst, a, b }),
            O::I16x8AddSatU => self.v_bin(|dst, a, b| B::I16x8AddSatU { dst, a, b }),
            O::I16x8Sub => self.v_bin(|dst, a, b| B::I16x8Sub { dst, a, b }),
            O::I16x8SubSatS => self.v_bin(|dst, a, b| B::I16x8SubSatS { dst, a, b }),
            O::I16x8SubSatU => self.v_bin(|dst, a, b| B::I16x8SubSatU { dst, a, b }),
            O::I16x8Mul => self.v_bin(|dst, a, b| B::I16x8Mul { dst, a, b }),
            O::I16x8MinS => self.v_bin(|dst, a, b| B::I16x8MinS { dst, a, b }),
            O::I16x8MinU => self.v_bin(|dst, a, b| B::I16x8MinU { dst, a, b }),
            O::I16x8MaxS => self.v_bin(|dst, a, b| B::I16x8MaxS { dst, a, b }),
            O::I16x8MaxU => self.v_bin(|dst, a, b| B::I16x8MaxU { dst, a, b }),
            O::I16x8AvgrU => self.v_bin(|dst, a, b| B::I16x8AvgrU { dst, a, b }),
            O::I16x8ExtMulLowI8x16S => self.v_bin(|dst, a, b| B::I16x8ExtMulLowI8x16S { dst, a, b }),
            O::I16x8ExtMulHighI8x16S => self.v_bin(|dst, a, b| B::I16x8ExtMulHighI8x16S { dst, a, b }),
            O::I16x8ExtMulLowI8x16U => self.v_bin(|dst, a, b| B::I16x8ExtMulLowI8x16U { dst, a, b }),
            O::I16x8ExtMulHighI8x16U => self.v_bin(|dst, a, b| B::I16x8ExtMulHighI8x16U { dst, a, b }),
            O::I16x8RelaxedDotI8x16I7x16S => self.v_bin(|dst, a, b| B::I16x8RelaxedDotI8x16I7x16S { dst, a, b }),
            O::I32x4ExtAddPairwiseI16x8S => self.v_un(|dst, a| B::I32x4ExtAddPairwiseI16x8S { dst, a }),
            O::I32x4ExtAddPairwiseI16x8U => self.v_un(|dst, a| B::I32x4ExtAddPairwiseI16x8U { dst, a }),
            O::I32x4Abs => self.v_un(|dst, a| B::I32x4Abs { dst, a }),
            O::I32x4Neg => self.v_un(|dst, a| B::I32x4Neg { dst, a }),
            O::I32x4AllTrue => self.v_test(|dst, a| B::I32x4AllTrue { dst, a }),
            O::I32x4Bitmask => self.v_test(|dst, a| B::I32x4Bitmask { dst, a }),
            O::I32x4ExtendLowI16x8S => self.v_un(|dst, a| B::I32x4ExtendLowI16x8S { dst, a }),
            O::I32x4ExtendHighI16x8S => self.v_un(|dst, a| B::I32x4ExtendHighI16x8S { dst, a }),
            O::I32x4ExtendLowI16x8U => self.v_un(|dst, a| B::I32x4ExtendLowI16x8U { dst, a }),
            O::I32x4ExtendHighI16x8U => self.v_un(|dst, a| B::I32x4ExtendHighI16x8U { dst, a }),
            O::I32x4Shl => self.v_shift(|dst, a, n| B::I32x4Shl { dst, a, n }),
            O::I32x4ShrS => self.v_shift(|dst, a, n| B::I32x4ShrS { dst, a, n }),
            O::I32x4ShrU => self.v_shift(|dst, a, n| B::I32x4ShrU { dst, a, n }),
            O::I32x4Add => self.v_bin(|dst, a, b| B::I32x4Add { dst, a, b }),
            O::I32x4Sub => self.v_bin(|dst, a, b| B::I32x4Sub { dst, a, b }),
            O::I32x4Mul => self.v_bin(|dst, a, b| B::I32x4Mul { dst, a, b }),
            O::I32x4MinS => self.v_bin(|dst, a, b| B::I32x4MinS { dst, a, b }),
            O::I32x4MinU => self.v_bin(|dst, a, b| B::I32x4MinU { dst, a, b }),
            O::I32x4MaxS => self.v_bin(|dst, a, b| B::I32x4MaxS { dst, a, b }),
            O::I32x4MaxU => self.v_bin(|dst, a, b| B::I32x4MaxU { dst, a, b }),
            O::I32x4DotI16x8S => self.v_bin(|dst, a, b| B::I32x4DotI16x8S { dst, a, b }),
            O::I32x4ExtMulLowI16x8S => self.v_bin(|dst, a, b| B::I32x4ExtMulLowI16x8S { dst, a, b }),
            O::I32x4ExtMulHighI16x8S => self.v_bin(|dst, a, b| B::I32x4ExtMulHighI16x8S { dst, a, b }),
            O::I32x4ExtMulLowI16x8U => self.v_bin(|dst, a, b| B::I32x4ExtMulLowI16x8U { dst, a, b }),
            O::I32x4ExtMulHighI16x8U => self.v_bin(|dst, a, b| B::I32x4ExtMulHighI16x8U { dst, a, b }),
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                self.v_tern(|dst, a, b, c| B::I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c })
            }
            O::I64x2Abs => self.v_un(|dst, a| B::I64x2Abs { dst, a }),
            O::I64x2Neg => self.v_un(|dst, a| B::I64x2Neg { dst, a }),
            O::I64x2AllTrue => self.v_test(|dst, a| B::I64x2AllTrue { dst, a }),
            O::I64x2Bitmask => self.v_test(|dst, a| B::I64x2Bitmask { dst, a }),
            O::I64x2ExtendLowI32x4S => self.v_un(|dst, a| B::I64x2ExtendLowI32x4S { dst, a }),
            O::I64x2ExtendHighI32x4S => self.v_un(|dst, a| B::I64x2ExtendHighI32x4S { dst, a }),
            O::I64x2ExtendLowI32x4U => self.v_un(|dst, a| B::I64x2ExtendLowI32x4U { dst, a }),
            O::I64x2ExtendHighI32x4U => self.v_un(|dst, a| B::I64x2ExtendHighI32x4U { dst, a }),
            O::I64x2Shl => self.v_shift(|dst, a, n| B::I64x2Shl { dst, a, n }),
            O::I64x2ShrS => self.v_shift(|dst, a, n| B::I64x2ShrS { dst, a, n }),
            O::I64x2ShrU => self.v_shift(|dst, a, n| B::I64x2ShrU { dst, a, n }),
            O::I64x2Add => self.v_bin(|dst, a, b| B::I64x2Add { dst, a, b }),
            O::I64x2Sub => self.v_bin(|dst, a, b| B::I64x2Sub { dst, a, b }),
            O::I64x2Mul => self.v_bin(|dst, a, b| B::I64x2Mul { dst, a, b }),
            O::I64x2ExtMulLowI32x4S => self.v_bin(|dst, a, b| B::I64x2ExtMulLowI32x4S { dst, a, b }),
            O::I64x2ExtMulHighI32x4S => self.v_bin(|dst, a, b| B::I64x2ExtMulHighI32x4S { dst, a, b }),
            O::I64x2ExtMulLowI32x4U => self.v_bin(|dst, a, b| B::I64x2ExtMulLowI32x4U { dst, a, b }),
            O::I64x2ExtMulHighI32x4U => self.v_bin(|dst, a, b| B::I64x2ExtMulHighI32x4U { dst, a, b }),
            O::F32x4Ceil => self.v_un(|dst, a| B::F32x4Ceil { dst, a }),
            O::F32x4Floor => self.v_un(|dst, a| B::F32x4Floor { dst, a }),
            O::F32x4Trunc => self.v_un(|dst, a| B::F32x4Trunc { dst, a }),
            O::F32x4Nearest => self.v_un(|dst, a| B::F32x4Nearest { dst, a }),
            O::F32x4Abs => self.v_un(|dst, a| B::F32x4Abs { dst, a }),
            O::F32x4Neg => self.v_un(|dst, a| B::F32x4Neg { dst, a }),
            O::F32x4Sqrt => self.v_un(|dst, a| B::F32x4Sqrt { dst, a }),
            O::F32x4Add => self.v_bin(|dst, a, b| B::F32x4Add { dst, a, b }),
            O::F32x4Sub => self.v_bin(|dst, a, b| B::F32x4Sub { dst, a, b }),
            O::F32x4Mul => self.v_bin(|dst, a, b| B::F32x4Mul { dst, a, b }),
            O::F32x4Div => self.v_bin(|dst, a, b| B::F32x4Div { dst, a, b }),
            O::F32x4Min => self.v_bin(|dst, a, b| B::F32x4Min { dst, a, b }),
            O::F32x4Max => self.v_bin(|dst, a, b| B::F32x4Max { dst, a, b }),
            O::F32x4PMin => self.v_bin(|dst, a, b| B::F32x4PMin { dst, a, b }),
            O::F32x4PMax => self.v_bin(|dst, a, b| B::F32x4PMax { dst, a, b }),
            O::F32x4RelaxedMin => self.v_bin(|dst, a, b| B::F32x4RelaxedMin { dst, a, b }),
            O::F32x4RelaxedMax => self.v_bin(|dst, a, b| B::F32x4RelaxedMax { dst, a, b }),
            O::F64x2Ceil => self.v_un(|dst, a| B::F64x2Ceil { dst, a }),
            O::F64x2Floor => self.v_un(|dst, a| B::F64x2Floor { dst, a }),
            O::F64x2Trunc => self.v_un(|dst, a| B::F64x2Trunc { dst, a }),
            O::F64x2Nearest => self.v_un(|dst, a| B::F64x2Nearest { dst, a }),
            O::F64x2Abs => self.v_un(|dst, a| B::F64x2Abs { dst, a }),
            O::F64x2Neg => self.v_un(|dst, a| B::F64x2Neg { dst, a }),
            O::F64x2Sqrt => self.v_un(|dst, a| B::F64x2Sqrt { dst, a }),
            O::F64x2Add => self.v_bin(|dst, a, b| B::F64x2Add { dst, a, b }),
            O::F64x2Sub => self.v_bin(|dst, a, b| B::F64x2Sub { dst, a, b }),
            O::F64x2Mul => self.v_bin(|dst, a, b| B::F64x2Mul { dst, a, b }),
            O::F64x2Div => self.v_bin(|dst, a, b| B::F64x2Div { dst, a, b }),
            O::F64x2Min => self.v_bin(|dst, a, b| B::F64x2Min { dst, a, b }),
            O::F64x2Max => self.v_bin(|dst, a, b| B::F64x2Max { dst, a, b }),
            O::F64x2PMin => self.v_bin(|dst, a, b| B::F64x2PMin { dst, a, b }),
            O::F64x2PMax => self.v_bin(|dst, a, b| B::F64x2PMax { dst, a, b }),
            O::F64x2RelaxedMin => self.v_bin(|dst, a, b| B::F64x2RelaxedMin { dst, a, b }),
            O::F64x2RelaxedMax => self.v_bin(|dst, a, b| B::F64x2RelaxedMax { dst, a, b }),
            O::F32x4RelaxedMadd => self.v_tern(|dst, a, b, c| B::F32x4RelaxedMadd { dst, a, b, c }),
            O::F32x4RelaxedNmadd => self.v_tern(|dst, a, b, c| B::F32x4RelaxedNmadd { dst, a, b, c }),
            O::F64x2RelaxedMadd => self.v_tern(|dst, a, b, c| B::F64x2RelaxedMadd { dst, a, b, c }),
            O::F64x2RelaxedNmadd => self.v_tern(|dst, a, b, c| B::F64x2RelaxedNmadd { dst, a, b, c }),
            O::I8x16RelaxedLaneselect => self.v_tern(|dst, a, b, c| B::I8x16RelaxedLaneselect { dst, a, b, c }),
            O::I16x8RelaxedLaneselect => self.v_tern(|dst, a, b, c| B::I16x8RelaxedLaneselect { dst, a, b, c }),
            O::I32x4RelaxedLaneselect => self.v_tern(|dst, a, b, c| B::I32x4RelaxedLaneselect { dst, a, b, c }),
            O::I64x2RelaxedLaneselect => self.v_tern(|dst, a, b, c| B::I64x2RelaxedLaneselect { dst, a, b, c }),
            O::I32x4TruncSatF32x4S => self.v_un(|dst, a| B::I32x4TruncSatF32x4S { dst, a }),
            O::I32x4TruncSatF32x4U => self.v_un(|dst, a| B::I32x4TruncSatF32x4U { dst, a }),
            O::I32x4RelaxedTruncF32x4S => self.v_un(|dst, a| B::I32x4RelaxedTruncF32x4S { dst, a }),
            O::I32x4RelaxedTruncF32x4U => self.v_un(|dst, a| B::I32x4RelaxedTruncF32x4U { dst, a }),
            O::F32x4ConvertI32x4S => self.v_un(|dst, a| B::F32x4ConvertI32x4S { dst, a }),
            O::F32x4ConvertI32x4U => self.v_un(|dst, a| B::F32x4ConvertI32x4U { dst, a }),
            O::I32x4TruncSatF64x2SZero => self.v_un(|dst, a| B::I32x4TruncSatF64x2SZero { dst, a }),
            O::I32x4TruncSatF64x2UZero => self.v_un(|dst, a| B::I32x4TruncSatF64x2UZero { dst, a }),
            O::I32x4RelaxedTruncF64x2SZero => self.v_un(|dst, a| B::I32x4RelaxedTruncF64x2SZero { dst, a }),
            O::I32x4RelaxedTruncF64x2UZero => self.v_un(|dst, a| B::I32x4RelaxedTruncF64x2UZero { dst, a }),
            O::F64x2ConvertLowI32x4S => self.v_un(|dst, a| B::F64x2ConvertLowI32x4S { dst, a }),
            O::F64x2ConvertLowI32x4U => self.v_un(|dst, a| B::F64x2ConvertLowI32x4U { dst, a }),
            O::F32x4DemoteF64x2Zero => self.v_un(|dst, a| B::F32x4DemoteF64x2Zero { dst, a }),
            O::F64x2PromoteLowF32x4 => self.v_un(|dst, a| B::F64x2PromoteLowF32x4 { dst, a }),
            O::I8x16Splat => self.v_splat(|dst, x| B::I8x16Splat { dst, x }),
            O::I16x8Splat => self.v_splat(|dst, x| B::I16x8Splat { dst, x }),
            O::I32x4Splat => self.v_splat(|dst, x| B::I32x4Splat { dst, x }),
            O::I64x2Splat => self.v_splat(|dst, x| B::I64x2Splat { dst, x }),
            O::F32x4Splat => self.v_splat(|dst, x| B::F32x4Splat { dst, x }),
            O::F64x2Splat => self.v_splat(|dst, x| B::F64x2Splat { dst, x }),
            O::I8x16ExtractLaneS { lane } => {
                self.v_extract(|dst, a| B::I8x16ExtractLaneS { dst, a, lane: lane as u32 })
            }
            O::I8x16ExtractLaneU { lane } => {
                self.v_extract(|dst, a| B::I8x16ExtractLaneU { dst, a, lane: lane as u32 })
            }
            O::I16x8ExtractLaneS { lane } => {
                self.v_extract(|dst, a| B::I16x8ExtractLaneS { dst, a, lane: lane as u32 })
            }
            O::I16x8ExtractLaneU { lane } => {
                self.v_extract(|dst, a| B::I16x8ExtractLaneU { dst, a, lane: lane as u32 })
            }
            O::I32x4ExtractLane { lane } => self.v_extract(|dst, a| B::I32x4ExtractLane { dst, a, lane: lane as u32 }),
            O::I64x2ExtractLane { lane } => self.v_extract(|dst, a| B::I64x2ExtractLane { dst, a, lane: lane as u32 }),
            O::F32x4ExtractLane { lane } => self.v_extract(|dst, a| B::F32x4ExtractLane { dst, a, lane: lane as u32 }),
            O::F64x2ExtractLane { lane } => self.v_extract(|dst, a| B::F64x2ExtractLane { dst, a, lane: lane as u32 }),
            O::I8x16ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::I8x16ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::I16x8ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::I16x8ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::I32x4ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::I32x4ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::I64x2ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::I64x2ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::F32x4ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::F32x4ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::F64x2ReplaceLane { lane } => {
                self.v_replace(|dst, a, x| B::F64x2ReplaceLane { dst, a, x, lane: lane as u32 })
            }
            O::V128Load { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load { dst, addr, off }),
            O::V128Load8x8S { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load8x8S { dst, addr, off }),
            O::V128Load8x8U { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load8x8U { dst, addr, off }),
            O::V128Load16x4S { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load16x4S { dst, addr, off }),
            O::V128Load16x4U { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load16x4U { dst, addr, off }),
            O::V128Load32x2S { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load32x2S { dst, addr, off }),
            O::V128Load32x2U { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load32x2U { dst, addr, off }),
            O::V128Load8Splat { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load8Splat { dst, addr, off }),
            O::V128Load16Splat { memarg } => {
                self.v_load(memarg, |dst, addr, off| B::V128Load16Splat { dst, addr, off })
            }
            O::V128Load32Splat { memarg } => {
                self.v_load(memarg, |dst, addr, off| B::V128Load32Splat { dst, addr, off })
            }
            O::V128Load64Splat { memarg } => {
                self.v_load(memarg, |dst, addr, off| B::V128Load64Splat { dst, addr, off })
            }
            O::V128Load32Zero { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load32Zero { dst, addr, off }),
            O::V128Load64Zero { memarg } => self.v_load(memarg, |dst, addr, off| B::V128Load64Zero { dst, addr, off }),
            O::V128Load8Lane { memarg, lane } => {
                self.v_load_lane(memarg, |dst, addr, off, v| B::V128Load8Lane { dst, addr, off, v, lane: lane as u32 })
            }
            O::V128Load16Lane { memarg, lane } => {
                self.v_load_lane(memarg, |dst, addr, off, v| B::V128Load16Lane { dst, addr, off, v, lane: lane as u32 })
            }
            O::V128Load32Lane { memarg, lane } => {
                self.v_load_lane(memarg, |dst, addr, off, v| B::V128Load32Lane { dst, addr, off, v, lane: lane as u32 })
            }
            O::V128Load64Lane { memarg, lane } => {
                self.v_load_lane(memarg, |dst, addr, off, v| B::V128Load64Lane { dst, addr, off, v, lane: lane as u32 })
            }
            O::V128Store { memarg } => self.v_store(memarg, |addr, off, v| B::V128Store { addr, off, v }),
            O::V128Store8Lane { memarg, lane } => {
                self.v_store(memarg, |addr, off, v| B::V128Store8Lane { addr, off, v, lane: lane as u32 })
            }
            O::V128Store16Lane { memarg, lane } => {
                self.v_store(memarg, |addr, off, v| B::V128Store16Lane { addr, off, v, lane: lane as u32 })
            }
            O::V128Store32Lane { memarg, lane } => {
                self.v_store(memarg, |addr, off, v| B::V128Store32Lane { addr, off, v, lane: lane as u32 })
            }
            O::V128Store64Lane { memarg, lane } => {
                self.v_store(memarg, |addr, off, v| B::V128Store64Lane { addr, off, v, lane: lane as u32 })
            }
            _ => return false,
        }
        true
    }

    // One helper per operand shape; v128 operands are popped with `pop_v`, scalars with
    // `pop_slot`, in reverse order of the wasm operands.

    fn v_un(&mut self, f: impl FnOnce(u32, u32) -> B) {
        let a = self.pop_v();
        let dst = self.push_v();
        self.emit(f(dst, a));
    }

    fn v_bin(&mut self, f: impl FnOnce(u32, u32, u32) -> B) {
        let b = self.pop_v();
        let a = self.pop_v();
        let dst = self.push_v();
        self.emit(f(dst, a, b));
    }

    fn v_tern(&mut self, f: impl FnOnce(u32, u32, u32, u32) -> B) {
        let c = self.pop_v();
        let b = self.pop_v();
        let a = self.pop_v();
        let dst = self.push_v();
        self.emit(f(dst, a, b, c));
    }

    /// A v128 in, a scalar out (`all_true`, `bitmask`, `any_true`).
    fn v_test(&mut self, f: impl FnOnce(u32, u32) -> B) {
        let a = self.pop_v();
        let dst = self.push_temp();
        self.emit(f(dst, a));
    }

    fn v_shift(&mut self, f: impl FnOnce(u32, u32, u32) -> B) {
        let n = self.pop_slot();
        let a = self.pop_v();
        let dst = self.push_v();
        self.emit(f(dst, a, n));
    }

    fn v_splat(&mut self, f: impl FnOnce(u32, u32) -> B) {
        let x = self.pop_slot();
        let dst = self.push_v();
        self.emit(f(dst, x));
    }

    fn v_extract(&mut self, f: impl FnOnce(u32, u32) -> B) {
        let a = self.pop_v();
        let dst = self.push_temp();
        self.emit(f(dst, a));
    }

    fn v_replace(&mut self, f: impl FnOnce(u32, u32, u32) -> B) {
        let x = self.pop_slot();
        let a = self.pop_v();
        let dst = self.push_v();
        self.emit(f(dst, a, x));
    }

    fn v_load(&mut self, m: wasmparser::MemArg, f: impl FnOnce(u32, u32, u32) -> B) {
        let (addr, off, window) = self.pop_address(m);
        let dst = self.push_v();
        self.emit(f(dst, addr, off));
        self.end_window(window);
    }

    fn v_load_lane(&mut self, m: wasmparser::MemArg, f: impl FnOnce(u32, u32, u32, u32) -> B) {
        let v = self.pop_v();
        let (addr, off, window) = self.pop_address(m);
        let dst = self.push_v();
        self.emit(f(dst, addr, off, v));
        self.end_window(window);
    }

    /// Stores, whole or one lane: address, then the vector.
    fn v_store(&mut self, m: wasmparser::MemArg, f: impl FnOnce(u32, u32, u32) -> B) {
        let v = self.pop_v();
        let (addr, off, window) = self.pop_address(m);
        self.emit(f(addr, off, v));
        self.end_window(window);
    }
}
