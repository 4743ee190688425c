//! Translation of the straight-line operators: numeric, memory, table and bulk ops.

use super::{FuncTranslator, LastCompare, Operand};
#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Result, bail};
use sheave_interp::code::{Op as B, Opcode};
use wasmparser::{MemArg, Operator};

/// The right operand of a fusable compare.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rhs {
    Slot(u32),
    Imm(u64),
}

/// Whether `op` is the second op of some pair `merged` knows (checked before the previous op
/// is decoded, which most ops need not pay for).
pub(super) fn may_merge(op: &B) -> bool {
    matches!(op, B::I32AddImm { .. })
}

/// The op that runs `first` then `second` (adjacent, nothing between them a branch can
/// reach), and the half index of `second`'s `dst` in it, for the pairs that have one: the
/// two pointer increments of a loop over two arrays (`i32_add_imm2`).
pub(super) fn merged(first: &B, second: &B) -> Option<(B, usize)> {
    debug_assert!(may_merge(second));
    match (*first, *second) {
        (B::I32AddImm { dst, a, imm }, B::I32AddImm { dst: dst2, a: a2, imm: imm2 }) => {
            let merged = B::I32AddImm2 { dst, a, imm, dst2, a2, imm2 };
            Some((merged, Opcode::I32AddImm2.operand_position("dst2").expect("i32_add_imm2 has dst2").0))
        }
        _ => None,
    }
}

/// An integer comparison that can be fused into a branch (`Eqz`/`Nez` test one operand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmp {
    Eqz,
    Nez,
    Eq,
    Ne,
    LtS,
    LtU,
    GtS,
    GtU,
    LeS,
    LeU,
    GeS,
    GeU,
}

impl Cmp {
    /// The comparison that holds exactly when `self` does not.
    pub(super) fn negate(self) -> Cmp {
        match self {
            Cmp::Eqz => Cmp::Nez,
            Cmp::Nez => Cmp::Eqz,
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::LtS => Cmp::GeS,
            Cmp::LtU => Cmp::GeU,
            Cmp::GtS => Cmp::LeS,
            Cmp::GtU => Cmp::LeU,
            Cmp::LeS => Cmp::GtS,
            Cmp::LeU => Cmp::GtU,
            Cmp::GeS => Cmp::LtS,
            Cmp::GeU => Cmp::LtU,
        }
    }
}

macro_rules! branch_family {
    ($cmp:expr, $a:expr, $b:expr, $($c:ident => $reg:ident, $imm:ident;)*) => {
        match ($cmp, $b) {
            $((Cmp::$c, Rhs::Slot(b)) => B::$reg { a: $a, b, to: 0 },)*
            $((Cmp::$c, Rhs::Imm(imm)) => B::$imm { a: $a, imm: imm as _, to: 0 },)*
            (Cmp::Eqz | Cmp::Nez, _) => unreachable!("handled by the caller"),
        }
    };
}

/// The branch taken when `a cmp b` holds (`wide`: i64 operands), offset to be patched.
pub(super) fn fused_branch(cmp: Cmp, wide: bool, a: u32, b: Rhs) -> B {
    match (cmp, wide) {
        (Cmp::Eqz, false) => return B::BrIfEqz { c: a, to: 0 },
        (Cmp::Nez, false) => return B::BrIfNez { c: a, to: 0 },
        (Cmp::Eqz, true) => return B::BrI64EqImm { a, imm: 0, to: 0 },
        (Cmp::Nez, true) => return B::BrI64NeImm { a, imm: 0, to: 0 },
        _ => {}
    }
    if wide {
        branch_family!(cmp, a, b,
            Eq => BrI64Eq, BrI64EqImm; Ne => BrI64Ne, BrI64NeImm; LtS => BrI64LtS, BrI64LtSImm;
            LtU => BrI64LtU, BrI64LtUImm; GtS => BrI64GtS, BrI64GtSImm; GtU => BrI64GtU, BrI64GtUImm;
            LeS => BrI64LeS, BrI64LeSImm; LeU => BrI64LeU, BrI64LeUImm; GeS => BrI64GeS, BrI64GeSImm;
            GeU => BrI64GeU, BrI64GeUImm;)
    } else {
        branch_family!(cmp, a, b,
            Eq => BrI32Eq, BrI32EqImm; Ne => BrI32Ne, BrI32NeImm; LtS => BrI32LtS, BrI32LtSImm;
            LtU => BrI32LtU, BrI32LtUImm; GtS => BrI32GtS, BrI32GtSImm; GtU => BrI32GtU, BrI32GtUImm;
            LeS => BrI32LeS, BrI32LeSImm; LeU => BrI32LeU, BrI32LeUImm; GeS => BrI32GeS, BrI32GeSImm;
            GeU => BrI32GeU, BrI32GeUImm;)
    }
}

type Reg = fn(u32, u32, u32) -> B;
type Imm32 = fn(u32, u32, u32) -> B;
type Imm64 = fn(u32, u32, u64) -> B;

/// How a binary op may take a constant right operand.
enum ImmForm {
    None,
    I32(Imm32),
    I64(Imm64),
}

macro_rules! reg {
    ($op:ident) => {
        (|dst, a, b| B::$op { dst, a, b }) as Reg
    };
}
macro_rules! imm32 {
    ($op:ident) => {
        ImmForm::I32(|dst, a, imm| B::$op { dst, a, imm })
    };
}
macro_rules! imm64 {
    ($op:ident) => {
        ImmForm::I64(|dst, a, imm| B::$op { dst, a, imm })
    };
}
macro_rules! un {
    ($op:ident) => {
        |dst, a| B::$op { dst, a }
    };
}

impl FuncTranslator<'_> {
    fn binary(&mut self, reg: Reg, imm: ImmForm, commutative: bool, cmp: Option<Cmp>) {
        let wide = matches!(imm, ImmForm::I64(_));
        let h = self.height();
        let (a_pos, b_pos) = (h - 2, h - 1);
        let b = self.pop();
        let a = self.pop();
        let (a, b, a_pos, b_pos) = match (a, b) {
            (Operand::Const(_), b) if commutative && !matches!(b, Operand::Const(_)) => (b, a, b_pos, a_pos),
            _ => (a, b, a_pos, b_pos),
        };
        if let Operand::Const(c) = b {
            let emitted = match imm {
                ImmForm::None => None,
                ImmForm::I32(f) => {
                    let from_temp = matches!(a, Operand::Temp);
                    let a = self.operand_slot(a, a_pos);
                    let dst = self.push_temp();
                    let op = f(dst, a, c as u32);
                    if from_temp && let Some(chained) = self.chain_imm32(&op) {
                        self.emit_result(chained, dst);
                        return;
                    }
                    Some((op, dst, a, Rhs::Imm(c as u32 as u64)))
                }
                ImmForm::I64(f) => {
                    let a = self.operand_slot(a, a_pos);
                    let dst = self.push_temp();
                    Some((f(dst, a, c), dst, a, Rhs::Imm(c)))
                }
            };
            if let Some((op, dst, a, rhs)) = emitted {
                let start = self.emit_result(op, dst);
                if let Some(cmp) = cmp {
                    self.last_cmp =
                        Some(LastCompare { start, len: self.code.len() - start, dst, cmp, wide, a, b: rhs });
                }
                return;
            }
        }
        let temps = (matches!(a, Operand::Temp), matches!(b, Operand::Temp));
        let a = self.operand_slot(a, a_pos);
        let b = self.operand_slot(b, b_pos);
        let dst = self.push_temp();
        let op = reg(dst, a, b);
        if let Some(chained) = self.chain_add32(&op, temps) {
            self.emit_result(chained, dst);
            return;
        }
        let start = self.emit_result(op, dst);
        if let Some(cmp) = cmp {
            self.last_cmp =
                Some(LastCompare { start, len: self.code.len() - start, dst, cmp, wide, a, b: Rhs::Slot(b) });
        }
    }

    /// One op for `op` (an i32 op with an immediate whose operand is the temporary it
    /// overwrites) and the op just before it, when that op produced the operand and the pair
    /// has a single-op form: the previous op is removed and the replacement returned. The
    /// operand dies here (a temporary is read once), so nothing else needs its value; nothing
    /// was emitted and no branch target bound since the producer (`producer_of`).
    fn chain_imm32(&mut self, op: &B) -> Option<B> {
        let (dst, a, imm) = match *op {
            B::I32AndImm { dst, a, imm } | B::I32AddImm { dst, a, imm } | B::I32ShrSImm { dst, a, imm } => {
                (dst, a, imm)
            }
            _ => return None,
        };
        if dst != a {
            return None;
        }
        let (start, first) = self.producer_of(
            a,
            &[Opcode::I32ShrUImm, Opcode::I32AddImm, Opcode::I32ShlImm, Opcode::I32Xor, Opcode::I32XorShrUImm],
        )?;
        let chained = match (first, op) {
            // A bit of a difference: `(x ^ y) & m`, and `(x ^ (y >> k)) & m` (a CRC step).
            (B::I32Xor { a: x, b: y, .. }, B::I32AndImm { .. }) => B::I32XorAndImm { dst, a: x, b: y, mask: imm },
            (B::I32XorShrUImm { a: x, b: y, shift, .. }, B::I32AndImm { .. }) => {
                B::I32XorShrUAndImm { dst, a: x, b: y, shift, mask: imm }
            }
            // A bit field: `(x >> k) & m`.
            (B::I32ShrUImm { a: x, imm: shift, .. }, B::I32AndImm { .. }) => {
                B::I32ShrUAndImm { dst, a: x, shift, mask: imm }
            }
            // `(x + i) + j` is `x + (i + j)` in wrapping arithmetic.
            (B::I32AddImm { a: x, imm: i, .. }, B::I32AddImm { .. }) => {
                B::I32AddImm { dst, a: x, imm: i.wrapping_add(imm) }
            }
            // Sign extension written as shifts (code built without the sign-extension ops).
            (B::I32ShlImm { a: x, imm: 24, .. }, B::I32ShrSImm { imm: 24, .. }) => B::I32Extend8S { dst, a: x },
            (B::I32ShlImm { a: x, imm: 16, .. }, B::I32ShrSImm { imm: 16, .. }) => B::I32Extend16S { dst, a: x },
            _ => return None,
        };
        self.take_back(start);
        Some(chained)
    }

    /// The op just before (`last_op`, one of `wanted`), when its `dst` is the temporary in
    /// `slot` (`last_dst`): its start and the op.
    fn producer_of(&self, slot: u32, wanted: &[Opcode]) -> Option<(usize, B)> {
        let (site, produced) = self.last_dst?;
        let (start, op) = self.last_op(wanted)?;
        (produced == slot && site == 2 * start + super::DST_HALF).then_some((start, op))
    }

    /// One op for an `i32.add` (`op`) of a product or a shifted value that the op just
    /// before it produced into a temporary (`temps` says which operands are temporaries):
    /// `a * b + c` (a multiply-accumulate) and `a + (b << k)` (an address). The temporary
    /// is read once, here, so it may stay unwritten.
    fn chain_add32(&mut self, op: &B, temps: (bool, bool)) -> Option<B> {
        let (dst, a, b, wanted): (_, _, _, &[Opcode]) = match *op {
            B::I32Add { dst, a, b } => (dst, a, b, &[Opcode::I32Mul, Opcode::I32ShlImm]),
            B::I32Xor { dst, a, b } => (dst, a, b, &[Opcode::I32ShrUImm]),
            _ => return None,
        };
        let (start, first, other) = [(temps.0, a, b), (temps.1, b, a)]
            .into_iter()
            .filter(|&(temp, _, _)| temp)
            .find_map(|(_, slot, other)| self.producer_of(slot, wanted).map(|(start, first)| (start, first, other)))?;
        let chained = match (first, op) {
            (B::I32Mul { a, b, .. }, B::I32Add { .. }) => B::I32MulAdd { dst, a, b, c: other },
            (B::I32ShlImm { a: x, imm, .. }, B::I32Add { .. }) => B::I32AddShlImm { dst, a: other, b: x, shift: imm },
            // `x ^ (y >> k)` (a CRC step; the `and` that often follows chains on).
            (B::I32ShrUImm { a: y, imm, .. }, B::I32Xor { .. }) => B::I32XorShrUImm { dst, a: other, b: y, shift: imm },
            _ => return None,
        };
        self.take_back(start);
        Some(chained)
    }

    /// A loop latch: `x += k` (or `-=`) then a branch while `x != 0` (i64), with nothing a
    /// branch reaches between them, is one `i64_add_imm_br_nez` (the add is taken back).
    pub(super) fn counted_branch(&mut self, branch: B) -> Option<B> {
        let B::BrI64NeImm { a: counter, imm: 0, .. } = branch else { return None };
        let (start, first) = self.last_op(&[Opcode::I64AddImm, Opcode::I64SubImm])?;
        let (a, imm) = match first {
            B::I64AddImm { dst, a, imm } if dst == counter => (a, imm),
            B::I64SubImm { dst, a, imm } if dst == counter => (a, imm.wrapping_neg()),
            _ => return None,
        };
        self.take_back(start);
        Some(B::I64AddImmBrNez { dst: counter, a, imm, to: 0 })
    }

    /// `eqz`, remembered so a following branch can test the operand directly.
    fn test_zero(&mut self, wide: bool) {
        let a = self.pop_slot();
        let dst = self.push_temp();
        let op = if wide { B::I64Eqz { dst, a } } else { B::I32Eqz { dst, a } };
        let start = self.emit_result(op, dst);
        let len = self.code.len() - start;
        self.last_cmp = Some(LastCompare { start, len, dst, cmp: Cmp::Eqz, wide, a, b: Rhs::Imm(0) });
    }

    fn load(&mut self, m: MemArg, f: fn(u32, u32, u32) -> B) {
        let (a, off, window) = self.pop_address(m);
        let dst = self.push_temp();
        self.emit_result(f(dst, a, off), dst);
        self.end_window(window);
    }

    fn store(&mut self, m: MemArg, f: fn(u32, u32, u32) -> B) {
        let v = self.pop_slot();
        let (a, off, window) = self.pop_address(m);
        self.emit(f(a, off, v));
        self.end_window(window);
    }

    /// Pops the address of an access through `m`. Memory 0 with 32-bit addresses gives the
    /// address slot and static offset for the op. Any other memory gets a `mem_window` that
    /// points the memory registers at the accessed byte; the op then uses a zero address in
    /// the address's stack slot and offset 0, and `end_window` restores memory 0.
    pub(super) fn pop_address(&mut self, m: MemArg) -> (u32, u32, bool) {
        let pos = self.height() - 1;
        let a = self.pop_slot();
        // Validated: GC arrays (the other target) are refused with GC off.
        let wasmparser::MemArgTarget::Memory(mem) = m.target else { unreachable!("GC is not enabled") };
        if self.is_memory0_32(mem) {
            return (a, m.offset as u32, false);
        }
        let tmp = self.slot_at(pos);
        self.emit(B::MemWindow { m: mem, a, off: m.offset, tmp });
        (tmp, 0, true)
    }

    pub(super) fn end_window(&mut self, window: bool) {
        if window {
            self.emit(B::MemRestore {});
        }
    }

    /// Whether memory `m` is memory 0 with 32-bit addresses (the ops with memory registers).
    fn is_memory0_32(&self, m: u32) -> bool {
        m == 0 && !self.env.memories[0].is_64()
    }

    /// Whether memory `m` has 64 KiB pages (what `memory.size`/`memory.grow` of memory 0 assume).
    fn default_pages(&self, m: u32) -> bool {
        self.env.memories[m as usize].page_size_log2() == 16
    }

    fn pop3(&mut self) -> (u32, u32, u32) {
        let c = self.pop_slot();
        let b = self.pop_slot();
        let a = self.pop_slot();
        (a, b, c)
    }

    pub(super) fn translate_plain(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        match op {
            // i32 binary
            O::I32Add => self.binary(reg!(I32Add), imm32!(I32AddImm), true, None),
            O::I32Sub => self.binary(reg!(I32Sub), imm32!(I32SubImm), false, None),
            O::I32Mul => self.binary(reg!(I32Mul), imm32!(I32MulImm), true, None),
            O::I32DivS => self.binary(reg!(I32DivS), imm32!(I32DivSImm), false, None),
            O::I32DivU => self.binary(reg!(I32DivU), imm32!(I32DivUImm), false, None),
            O::I32RemS => self.binary(reg!(I32RemS), imm32!(I32RemSImm), false, None),
            O::I32RemU => self.binary(reg!(I32RemU), imm32!(I32RemUImm), false, None),
            O::I32And => self.binary(reg!(I32And), imm32!(I32AndImm), true, None),
            O::I32Or => self.binary(reg!(I32Or), imm32!(I32OrImm), true, None),
            O::I32Xor => self.binary(reg!(I32Xor), imm32!(I32XorImm), true, None),
            O::I32Shl => self.binary(reg!(I32Shl), imm32!(I32ShlImm), false, None),
            O::I32ShrS => self.binary(reg!(I32ShrS), imm32!(I32ShrSImm), false, None),
            O::I32ShrU => self.binary(reg!(I32ShrU), imm32!(I32ShrUImm), false, None),
            O::I32Rotl => self.binary(reg!(I32Rotl), imm32!(I32RotlImm), false, None),
            O::I32Rotr => self.binary(reg!(I32Rotr), imm32!(I32RotrImm), false, None),
            O::I32Eq => self.binary(reg!(I32Eq), imm32!(I32EqImm), true, Some(Cmp::Eq)),
            O::I32Ne => self.binary(reg!(I32Ne), imm32!(I32NeImm), true, Some(Cmp::Ne)),
            O::I32LtS => self.binary(reg!(I32LtS), imm32!(I32LtSImm), false, Some(Cmp::LtS)),
            O::I32LtU => self.binary(reg!(I32LtU), imm32!(I32LtUImm), false, Some(Cmp::LtU)),
            O::I32GtS => self.binary(reg!(I32GtS), imm32!(I32GtSImm), false, Some(Cmp::GtS)),
            O::I32GtU => self.binary(reg!(I32GtU), imm32!(I32GtUImm), false, Some(Cmp::GtU)),
            O::I32LeS => self.binary(reg!(I32LeS), imm32!(I32LeSImm), false, Some(Cmp::LeS)),
            O::I32LeU => self.binary(reg!(I32LeU), imm32!(I32LeUImm), false, Some(Cmp::LeU)),
            O::I32GeS => self.binary(reg!(I32GeS), imm32!(I32GeSImm), false, Some(Cmp::GeS)),
            O::I32GeU => self.binary(reg!(I32GeU), imm32!(I32GeUImm), false, Some(Cmp::GeU)),
            // i64 binary
            O::I64Add => self.binary(reg!(I64Add), imm64!(I64AddImm), true, None),
            O::I64Sub => self.binary(reg!(I64Sub), imm64!(I64SubImm), false, None),
            O::I64Mul => self.binary(reg!(I64Mul), imm64!(I64MulImm), true, None),
            O::I64DivS => self.binary(reg!(I64DivS), imm64!(I64DivSImm), false, None),
            O::I64DivU => self.binary(reg!(I64DivU), imm64!(I64DivUImm), false, None),
            O::I64RemS => self.binary(reg!(I64RemS), imm64!(I64RemSImm), false, None),
            O::I64RemU => self.binary(reg!(I64RemU), imm64!(I64RemUImm), false, None),
            O::I64And => self.binary(reg!(I64And), imm64!(I64AndImm), true, None),
            O::I64Or => self.binary(reg!(I64Or), imm64!(I64OrImm), true, None),
            O::I64Xor => self.binary(reg!(I64Xor), imm64!(I64XorImm), true, None),
            O::I64Shl => self.binary(reg!(I64Shl), imm64!(I64ShlImm), false, None),
            O::I64ShrS => self.binary(reg!(I64ShrS), imm64!(I64ShrSImm), false, None),
            O::I64ShrU => self.binary(reg!(I64ShrU), imm64!(I64ShrUImm), false, None),
            O::I64Rotl => self.binary(reg!(I64Rotl), imm64!(I64RotlImm), false, None),
            O::I64Rotr => self.binary(reg!(I64Rotr), imm64!(I64RotrImm), false, None),
            O::I64Eq => self.binary(reg!(I64Eq), imm64!(I64EqImm), true, Some(Cmp::Eq)),
            O::I64Ne => self.binary(reg!(I64Ne), imm64!(I64NeImm), true, Some(Cmp::Ne)),
            O::I64LtS => self.binary(reg!(I64LtS), imm64!(I64LtSImm), false, Some(Cmp::LtS)),
            O::I64LtU => self.binary(reg!(I64LtU), imm64!(I64LtUImm), false, Some(Cmp::LtU)),
            O::I64GtS => self.binary(reg!(I64GtS), imm64!(I64GtSImm), false, Some(Cmp::GtS)),
            O::I64GtU => self.binary(reg!(I64GtU), imm64!(I64GtUImm), false, Some(Cmp::GtU)),
            O::I64LeS => self.binary(reg!(I64LeS), imm64!(I64LeSImm), false, Some(Cmp::LeS)),
            O::I64LeU => self.binary(reg!(I64LeU), imm64!(I64LeUImm), false, Some(Cmp::LeU)),
            O::I64GeS => self.binary(reg!(I64GeS), imm64!(I64GeSImm), false, Some(Cmp::GeS)),
            O::I64GeU => self.binary(reg!(I64GeU), imm64!(I64GeUImm), false, Some(Cmp::GeU)),
            // float binary
            O::F32Add => self.binary(reg!(F32Add), ImmForm::None, false, None),
            O::F32Sub => self.binary(reg!(F32Sub), ImmForm::None, false, None),
            O::F32Mul => self.binary(reg!(F32Mul), ImmForm::None, false, None),
            O::F32Div => self.binary(reg!(F32Div), ImmForm::None, false, None),
            O::F32Min => self.binary(reg!(F32Min), ImmForm::None, false, None),
            O::F32Max => self.binary(reg!(F32Max), ImmForm::None, false, None),
            O::F32Copysign => self.binary(reg!(F32Copysign), ImmForm::None, false, None),
            O::F32Eq => self.binary(reg!(F32Eq), ImmForm::None, false, None),
            O::F32Ne => self.binary(reg!(F32Ne), ImmForm::None, false, None),
            O::F32Lt => self.binary(reg!(F32Lt), ImmForm::None, false, None),
            O::F32Gt => self.binary(reg!(F32Gt), ImmForm::None, false, None),
            O::F32Le => self.binary(reg!(F32Le), ImmForm::None, false, None),
            O::F32Ge => self.binary(reg!(F32Ge), ImmForm::None, false, None),
            O::F64Add => self.binary(reg!(F64Add), ImmForm::None, false, None),
            O::F64Sub => self.binary(reg!(F64Sub), ImmForm::None, false, None),
            O::F64Mul => self.binary(reg!(F64Mul), ImmForm::None, false, None),
            O::F64Div => self.binary(reg!(F64Div), ImmForm::None, false, None),
            O::F64Min => self.binary(reg!(F64Min), ImmForm::None, false, None),
            O::F64Max => self.binary(reg!(F64Max), ImmForm::None, false, None),
            O::F64Copysign => self.binary(reg!(F64Copysign), ImmForm::None, false, None),
            O::F64Eq => self.binary(reg!(F64Eq), ImmForm::None, false, None),
            O::F64Ne => self.binary(reg!(F64Ne), ImmForm::None, false, None),
            O::F64Lt => self.binary(reg!(F64Lt), ImmForm::None, false, None),
            O::F64Gt => self.binary(reg!(F64Gt), ImmForm::None, false, None),
            O::F64Le => self.binary(reg!(F64Le), ImmForm::None, false, None),
            O::F64Ge => self.binary(reg!(F64Ge), ImmForm::None, false, None),
            // unary
            O::I32Clz => self.unary(un!(I32Clz)),
            O::I32Ctz => self.unary(un!(I32Ctz)),
            O::I32Popcnt => self.unary(un!(I32Popcnt)),
            O::I32Eqz => self.test_zero(false),
            O::I32Extend8S => self.unary(un!(I32Extend8S)),
            O::I32Extend16S => self.unary(un!(I32Extend16S)),
            O::I64Clz => self.unary(un!(I64Clz)),
            O::I64Ctz => self.unary(un!(I64Ctz)),
            O::I64Popcnt => self.unary(un!(I64Popcnt)),
            O::I64Eqz => self.test_zero(true),
            O::I64Extend8S => self.unary(un!(I64Extend8S)),
            O::I64Extend16S => self.unary(un!(I64Extend16S)),
            O::I64Extend32S => self.unary(un!(I64Extend32S)),
            O::I64Add128 | O::I64Sub128 => {
                let (b_hi, b_lo) = (self.pop_slot(), self.pop_slot());
                let (a_hi, a_lo) = (self.pop_slot(), self.pop_slot());
                let dst = self.push_v();
                self.emit(if matches!(op, O::I64Add128) {
                    B::I64Add128 { dst, a_lo, a_hi, b_lo, b_hi }
                } else {
                    B::I64Sub128 { dst, a_lo, a_hi, b_lo, b_hi }
                });
            }
            O::I64MulWideS | O::I64MulWideU => {
                let (b, a) = (self.pop_slot(), self.pop_slot());
                let dst = self.push_v();
                self.emit(if matches!(op, O::I64MulWideS) {
                    B::I64MulWideS { dst, a, b }
                } else {
                    B::I64MulWideU { dst, a, b }
                });
            }
            O::F32Abs => self.unary(un!(F32Abs)),
            O::F32Neg => self.unary(un!(F32Neg)),
            O::F32Ceil => self.unary(un!(F32Ceil)),
            O::F32Floor => self.unary(un!(F32Floor)),
            O::F32Trunc => self.unary(un!(F32Trunc)),
            O::F32Nearest => self.unary(un!(F32Nearest)),
            O::F32Sqrt => self.unary(un!(F32Sqrt)),
            O::F64Abs => self.unary(un!(F64Abs)),
            O::F64Neg => self.unary(un!(F64Neg)),
            O::F64Ceil => self.unary(un!(F64Ceil)),
            O::F64Floor => self.unary(un!(F64Floor)),
            O::F64Trunc => self.unary(un!(F64Trunc)),
            O::F64Nearest => self.unary(un!(F64Nearest)),
            O::F64Sqrt => self.unary(un!(F64Sqrt)),
            // conversions
            O::I32WrapI64 => self.unary(un!(I32WrapI64)),
            O::I64ExtendI32S => self.unary(un!(I64ExtendI32S)),
            O::I64ExtendI32U => self.unary(un!(I64ExtendI32U)),
            O::I32TruncF32S => self.unary(un!(I32TruncF32S)),
            O::I32TruncF32U => self.unary(un!(I32TruncF32U)),
            O::I32TruncF64S => self.unary(un!(I32TruncF64S)),
            O::I32TruncF64U => self.unary(un!(I32TruncF64U)),
            O::I64TruncF32S => self.unary(un!(I64TruncF32S)),
            O::I64TruncF32U => self.unary(un!(I64TruncF32U)),
            O::I64TruncF64S => self.unary(un!(I64TruncF64S)),
            O::I64TruncF64U => self.unary(un!(I64TruncF64U)),
            O::I32TruncSatF32S => self.unary(un!(I32TruncSatF32S)),
            O::I32TruncSatF32U => self.unary(un!(I32TruncSatF32U)),
            O::I32TruncSatF64S => self.unary(un!(I32TruncSatF64S)),
            O::I32TruncSatF64U => self.unary(un!(I32TruncSatF64U)),
            O::I64TruncSatF32S => self.unary(un!(I64TruncSatF32S)),
            O::I64TruncSatF32U => self.unary(un!(I64TruncSatF32U)),
            O::I64TruncSatF64S => self.unary(un!(I64TruncSatF64S)),
            O::I64TruncSatF64U => self.unary(un!(I64TruncSatF64U)),
            O::F32ConvertI32S => self.unary(un!(F32ConvertI32S)),
            O::F32ConvertI32U => self.unary(un!(F32ConvertI32U)),
            O::F32ConvertI64S => self.unary(un!(F32ConvertI64S)),
            O::F32ConvertI64U => self.unary(un!(F32ConvertI64U)),
            O::F64ConvertI32S => self.unary(un!(F64ConvertI32S)),
            O::F64ConvertI32U => self.unary(un!(F64ConvertI32U)),
            O::F64ConvertI64S => self.unary(un!(F64ConvertI64S)),
            O::F64ConvertI64U => self.unary(un!(F64ConvertI64U)),
            O::F32DemoteF64 => self.unary(un!(F32DemoteF64)),
            O::F64PromoteF32 => self.unary(un!(F64PromoteF32)),
            // memory
            O::I32Load { memarg } | O::F32Load { memarg } | O::I64Load32U { memarg } => {
                self.load(memarg, |dst, a, off| B::Load32 { dst, a, off })
            }
            O::I64Load { memarg } | O::F64Load { memarg } => self.load(memarg, |dst, a, off| B::Load64 { dst, a, off }),
            O::I32Load8S { memarg } => self.load(memarg, |dst, a, off| B::I32Load8S { dst, a, off }),
            O::I32Load8U { memarg } | O::I64Load8U { memarg } => {
                self.load(memarg, |dst, a, off| B::I32Load8U { dst, a, off })
            }
            O::I32Load16S { memarg } => self.load(memarg, |dst, a, off| B::I32Load16S { dst, a, off }),
            O::I32Load16U { memarg } | O::I64Load16U { memarg } => {
                self.load(memarg, |dst, a, off| B::I32Load16U { dst, a, off })
            }
            O::I64Load8S { memarg } => self.load(memarg, |dst, a, off| B::I64Load8S { dst, a, off }),
            O::I64Load16S { memarg } => self.load(memarg, |dst, a, off| B::I64Load16S { dst, a, off }),
            O::I64Load32S { memarg } => self.load(memarg, |dst, a, off| B::I64Load32S { dst, a, off }),
            O::I32Store { memarg } | O::F32Store { memarg } | O::I64Store32 { memarg } => {
                self.store(memarg, |a, off, v| B::Store32 { a, off, v })
            }
            O::I64Store { memarg } | O::F64Store { memarg } => self.store(memarg, |a, off, v| B::Store64 { a, off, v }),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => {
                self.store(memarg, |a, off, v| B::Store8 { a, off, v })
            }
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => {
                self.store(memarg, |a, off, v| B::Store16 { a, off, v })
            }
            O::MemorySize { mem } if self.is_memory0_32(mem) && self.default_pages(mem) => {
                let dst = self.push_temp();
                self.emit_result(B::MemorySize { dst }, dst);
            }
            O::MemorySize { mem: m } => {
                let dst = self.push_temp();
                self.emit_result(B::MemorySizeM { dst, m }, dst);
            }
            O::MemoryGrow { mem } if self.is_memory0_32(mem) && self.default_pages(mem) => {
                let delta = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::MemoryGrow { dst, delta }, dst);
            }
            O::MemoryGrow { mem: m } => {
                let delta = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::MemoryGrowM { dst, m, delta }, dst);
            }
            O::MemoryFill { mem } if self.is_memory0_32(mem) => {
                let (d, v, n) = self.pop3();
                self.emit(B::MemoryFill { d, v, n });
            }
            O::MemoryFill { mem: m } => {
                let (d, v, n) = self.pop3();
                self.emit(B::MemoryFillM { m, d, v, n });
            }
            O::MemoryCopy { dst_mem, src_mem } if self.is_memory0_32(dst_mem) && self.is_memory0_32(src_mem) => {
                let (d, s, n) = self.pop3();
                self.emit(B::MemoryCopy { d, s, n });
            }
            O::MemoryCopy { dst_mem: dm, src_mem: sm } => {
                let (d, s, n) = self.pop3();
                self.emit(B::MemoryCopyM { dm, sm, d, s, n });
            }
            O::MemoryInit { data_index, mem } if self.is_memory0_32(mem) => {
                let (d, s, n) = self.pop3();
                self.emit(B::MemoryInit { seg: data_index, d, s, n });
            }
            O::MemoryInit { data_index, mem: m } => {
                let (d, s, n) = self.pop3();
                self.emit(B::MemoryInitM { m, seg: data_index, d, s, n });
            }
            O::DataDrop { data_index } => {
                self.emit(B::DataDrop { seg: data_index });
            }
            // tables
            O::TableGet { table } => {
                let idx = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::TableGet { dst, t: table, idx }, dst);
            }
            O::TableSet { table } => {
                let v = self.pop_slot();
                let idx = self.pop_slot();
                self.emit(B::TableSet { t: table, idx, v });
            }
            O::TableSize { table } => {
                let dst = self.push_temp();
                self.emit_result(B::TableSize { dst, t: table }, dst);
            }
            O::TableGrow { table } => {
                let delta = self.pop_slot();
                let init = self.pop_slot();
                let dst = self.push_temp();
                self.emit_result(B::TableGrow { dst, t: table, init, delta }, dst);
            }
            O::TableFill { table } => {
                let (d, v, n) = self.pop3();
                self.emit(B::TableFill { t: table, d, v, n });
            }
            O::TableCopy { dst_table, src_table } => {
                let (d, s, n) = self.pop3();
                self.emit(B::TableCopy { dst_t: dst_table, src_t: src_table, d, s, n });
            }
            O::TableInit { elem_index, table } => {
                let (d, s, n) = self.pop3();
                self.emit(B::TableInit { t: table, seg: elem_index, d, s, n });
            }
            O::ElemDrop { elem_index } => {
                self.emit(B::ElemDrop { seg: elem_index });
            }
            // GC operators last: the common ops above never pay for their match.
            other => {
                if !self.translate_gc(&other)? {
                    let (name, proposal) = operator_name(&other);
                    bail!("unsupported operator {name} (proposal `{proposal}`): not implemented in Sheave")
                }
            }
        }
        Ok(())
    }
}

/// `op`'s variant name and proposal, for error messages. Not `{op:?}`: `Operator`'s Debug is
/// 38 KB of code on a 32-bit board; this table of names is a fraction of it.
fn operator_name(op: &Operator<'_>) -> (&'static str, &'static str) {
    macro_rules! names {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( Operator::$op { .. } => (stringify!($op), stringify!($proposal)), )*
                _ => ("(unknown)", "(unknown)"),
            }
        };
    }
    wasmparser::for_each_operator!(names)
}
