//! The pinned local: slot 0 of a frame (local 0) also lives in a handler argument, `l0`,
//! so that a loop counter or pointer kept there is read from a register, not from memory.
//!
//! The slot stays authoritative (write-through): a pinned-local variant (`*_l0_*` in the op
//! table) reads `l0` where its base op reads slot 0 and writes both. So `l0 == fp[0]` holds at
//! every instruction of a function whose code uses a variant, provided that nothing else
//! writes slot 0 there; the executor reloads `l0` wherever a frame is entered or resumed
//! (calls, returns, the start of every run, which also covers landing pads: unwinding always
//! leaves the dispatch loop). Exits, host calls, traps and unwinding
//! need no spill, and native code (the Cranelift tier) lowers a variant as its base op.
//!
//! [`pin_slot0`] rewrites a finished body's opcodes in place (operands do not move), after
//! fusion; [`check`] is the verifier's rule for artifacts.

use crate::code::{BR_TABLE, Layout, OP_INFO, Opcode, WORDS_MASK, half, kind_halves};
use alloc::vec::Vec;

/// The pinned-local variants: each line is a variant, the base op it runs, and the base's
/// operands with `P` for those that are the pinned slot (0). Every other `Slot` operand of
/// a variant is not slot 0 (the rewrite and the verifier see to it), which lets the handler
/// drop the "is this slot 0" test.
#[macro_export]
macro_rules! for_each_pin_variant {
    ($m:ident) => {
        $m! {
            I32AddImmL0DstA i32_add_imm_l0_dst_a = I32AddImm i32_add_imm { dst: P, a: P, imm: U32 };
            I32AddImmL0Dst i32_add_imm_l0_dst = I32AddImm i32_add_imm { dst: P, a: Slot, imm: U32 };
            I32AddImmL0A i32_add_imm_l0_a = I32AddImm i32_add_imm { dst: Slot, a: P, imm: U32 };
            I32SubImmL0DstA i32_sub_imm_l0_dst_a = I32SubImm i32_sub_imm { dst: P, a: P, imm: U32 };
            I32SubImmL0A i32_sub_imm_l0_a = I32SubImm i32_sub_imm { dst: Slot, a: P, imm: U32 };
            I32SubImmL0Dst i32_sub_imm_l0_dst = I32SubImm i32_sub_imm { dst: P, a: Slot, imm: U32 };
            I64AddImmL0DstA i64_add_imm_l0_dst_a = I64AddImm i64_add_imm { dst: P, a: P, imm: U64 };
            I64AddImmL0A i64_add_imm_l0_a = I64AddImm i64_add_imm { dst: Slot, a: P, imm: U64 };
            I64AddImmL0Dst i64_add_imm_l0_dst = I64AddImm i64_add_imm { dst: P, a: Slot, imm: U64 };
            I32SubImmBrIfNezL0DstAC2 i32_sub_imm_br_if_nez_l0_dst_a_c2 = I32SubImmBrIfNez i32_sub_imm_br_if_nez { dst: P, a: P, imm: U32, next: U64, c2: P, to2: Off };
            I32AddImmBrIfNezL0DstAC2 i32_add_imm_br_if_nez_l0_dst_a_c2 = I32AddImmBrIfNez i32_add_imm_br_if_nez { dst: P, a: P, imm: U32, next: U64, c2: P, to2: Off };
            I64AddImmBrNezL0DstA i64_add_imm_br_nez_l0_dst_a = I64AddImmBrNez i64_add_imm_br_nez { dst: P, a: P, imm: U64, to: Off };
            CopyL0Dst copy_l0_dst = Copy copy { dst: P, src: Slot };
            CopyL0Src copy_l0_src = Copy copy { dst: Slot, src: P };
            Const32L0Dst const32_l0_dst = Const32 const32 { dst: P, imm: U32 };
            BrIfNezL0C br_if_nez_l0_c = BrIfNez br_if_nez { c: P, to: Off };
            BrIfEqzL0C br_if_eqz_l0_c = BrIfEqz br_if_eqz { c: P, to: Off };
            BrI32EqImmL0A br_i32_eq_imm_l0_a = BrI32EqImm br_i32_eq_imm { a: P, imm: U32, to: Off };
            BrI32NeImmL0A br_i32_ne_imm_l0_a = BrI32NeImm br_i32_ne_imm { a: P, imm: U32, to: Off };
            BrI32LtSImmL0A br_i32_lt_s_imm_l0_a = BrI32LtSImm br_i32_lt_s_imm { a: P, imm: U32, to: Off };
            BrI32LtUImmL0A br_i32_lt_u_imm_l0_a = BrI32LtUImm br_i32_lt_u_imm { a: P, imm: U32, to: Off };
            BrI32GtSImmL0A br_i32_gt_s_imm_l0_a = BrI32GtSImm br_i32_gt_s_imm { a: P, imm: U32, to: Off };
            BrI32GtUImmL0A br_i32_gt_u_imm_l0_a = BrI32GtUImm br_i32_gt_u_imm { a: P, imm: U32, to: Off };
            BrI32LeSImmL0A br_i32_le_s_imm_l0_a = BrI32LeSImm br_i32_le_s_imm { a: P, imm: U32, to: Off };
            BrI32LeUImmL0A br_i32_le_u_imm_l0_a = BrI32LeUImm br_i32_le_u_imm { a: P, imm: U32, to: Off };
            BrI32GeSImmL0A br_i32_ge_s_imm_l0_a = BrI32GeSImm br_i32_ge_s_imm { a: P, imm: U32, to: Off };
            BrI32GeUImmL0A br_i32_ge_u_imm_l0_a = BrI32GeUImm br_i32_ge_u_imm { a: P, imm: U32, to: Off };
            BrI32LtSL0A br_i32_lt_s_l0_a = BrI32LtS br_i32_lt_s { a: P, b: Slot, to: Off };
            BrI32LtSL0B br_i32_lt_s_l0_b = BrI32LtS br_i32_lt_s { a: Slot, b: P, to: Off };
            BrI32LtUL0A br_i32_lt_u_l0_a = BrI32LtU br_i32_lt_u { a: P, b: Slot, to: Off };
            BrI32LtUL0B br_i32_lt_u_l0_b = BrI32LtU br_i32_lt_u { a: Slot, b: P, to: Off };
            BrI32GeSL0A br_i32_ge_s_l0_a = BrI32GeS br_i32_ge_s { a: P, b: Slot, to: Off };
            BrI32GeSL0B br_i32_ge_s_l0_b = BrI32GeS br_i32_ge_s { a: Slot, b: P, to: Off };
            BrI32GeUL0A br_i32_ge_u_l0_a = BrI32GeU br_i32_ge_u { a: P, b: Slot, to: Off };
            BrI32GeUL0B br_i32_ge_u_l0_b = BrI32GeU br_i32_ge_u { a: Slot, b: P, to: Off };
            BrI32NeL0A br_i32_ne_l0_a = BrI32Ne br_i32_ne { a: P, b: Slot, to: Off };
            BrI32NeL0B br_i32_ne_l0_b = BrI32Ne br_i32_ne { a: Slot, b: P, to: Off };
            BrI32EqL0A br_i32_eq_l0_a = BrI32Eq br_i32_eq { a: P, b: Slot, to: Off };
            BrI32EqL0B br_i32_eq_l0_b = BrI32Eq br_i32_eq { a: Slot, b: P, to: Off };
            Load32L0A load32_l0_a = Load32 load32 { dst: Slot, a: P, off: U32 };
            Load32L0Dst load32_l0_dst = Load32 load32 { dst: P, a: Slot, off: U32 };
            Load32L0DstA load32_l0_dst_a = Load32 load32 { dst: P, a: P, off: U32 };
            I32Load8UL0A i32_load8_u_l0_a = I32Load8U i32_load8_u { dst: Slot, a: P, off: U32 };
            I32Load8UL0Dst i32_load8_u_l0_dst = I32Load8U i32_load8_u { dst: P, a: Slot, off: U32 };
            Store32L0A store32_l0_a = Store32 store32 { a: P, off: U32, v: Slot };
            Store32L0V store32_l0_v = Store32 store32 { a: Slot, off: U32, v: P };
            I32AddL0A i32_add_l0_a = I32Add i32_add { dst: Slot, a: P, b: Slot };
            I32AddL0B i32_add_l0_b = I32Add i32_add { dst: Slot, a: Slot, b: P };
            I32AddL0DstA i32_add_l0_dst_a = I32Add i32_add { dst: P, a: P, b: Slot };
            I32AddL0DstB i32_add_l0_dst_b = I32Add i32_add { dst: P, a: Slot, b: P };
            I32AddL0Dst i32_add_l0_dst = I32Add i32_add { dst: P, a: Slot, b: Slot };
            I32AndImmL0A i32_and_imm_l0_a = I32AndImm i32_and_imm { dst: Slot, a: P, imm: U32 };
            I32ShlImmL0A i32_shl_imm_l0_a = I32ShlImm i32_shl_imm { dst: Slot, a: P, imm: U32 };
            BrI64EqImmL0A br_i64_eq_imm_l0_a = BrI64EqImm br_i64_eq_imm { a: P, imm: U64, to: Off };
            I64SubImmL0DstA i64_sub_imm_l0_dst_a = I64SubImm i64_sub_imm { dst: P, a: P, imm: U64 };
            I64SubImmL0Dst i64_sub_imm_l0_dst = I64SubImm i64_sub_imm { dst: P, a: Slot, imm: U64 };
            I64SubImmL0A i64_sub_imm_l0_a = I64SubImm i64_sub_imm { dst: Slot, a: P, imm: U64 };
            BrI64NeImmL0A br_i64_ne_imm_l0_a = BrI64NeImm br_i64_ne_imm { a: P, imm: U64, to: Off };
            I64AddL0A i64_add_l0_a = I64Add i64_add { dst: Slot, a: P, b: Slot };
            I64AddL0B i64_add_l0_b = I64Add i64_add { dst: Slot, a: Slot, b: P };
            BrIfNezCopyL0CSrc br_if_nez_copy_l0_c_src = BrIfNezCopy br_if_nez_copy { c: P, dst: Slot, src: P, to: Off };
            CopyLoad32L0Dst copy_load32_l0_dst = CopyLoad32 copy_load32 { dst: P, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            CopyLoad32L0A2 copy_load32_l0_a2 = CopyLoad32 copy_load32 { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: P, off2: U32 };
            CopyLoad32L0DstA2 copy_load32_l0_dst_a2 = CopyLoad32 copy_load32 { dst: P, src: Slot, next: U64, dst2: Slot, a2: P, off2: U32 };
            CopyLoad32L0SrcDst2 copy_load32_l0_src_dst2 = CopyLoad32 copy_load32 { dst: Slot, src: P, next: U64, dst2: P, a2: Slot, off2: U32 };
            I32ShrUAndImmL0Dst i32_shr_u_and_imm_l0_dst = I32ShrUAndImm i32_shr_u_and_imm { dst: P, a: Slot, shift: U32, mask: U32 };
            I32ShrUAndImmL0DstA i32_shr_u_and_imm_l0_dst_a = I32ShrUAndImm i32_shr_u_and_imm { dst: P, a: P, shift: U32, mask: U32 };
            SelectL0Dst select_l0_dst = Select select { dst: P, c: Slot, a: Slot, b: Slot };
            I32Load16UL0Dst i32_load16_u_l0_dst = I32Load16U i32_load16_u { dst: P, a: Slot, off: U32 };
            I32ShrUImmL0Dst i32_shr_u_imm_l0_dst = I32ShrUImm i32_shr_u_imm { dst: P, a: Slot, imm: U32 };
            I32ShrUImmL0DstA i32_shr_u_imm_l0_dst_a = I32ShrUImm i32_shr_u_imm { dst: P, a: P, imm: U32 };
            BrI64GtSImmL0A br_i64_gt_s_imm_l0_a = BrI64GtSImm br_i64_gt_s_imm { a: P, imm: U64, to: Off };
            BrI64LtSImmL0A br_i64_lt_s_imm_l0_a = BrI64LtSImm br_i64_lt_s_imm { a: P, imm: U64, to: Off };
            BrI64LeSImmL0A br_i64_le_s_imm_l0_a = BrI64LeSImm br_i64_le_s_imm { a: P, imm: U64, to: Off };
            BrI64GeSImmL0A br_i64_ge_s_imm_l0_a = BrI64GeSImm br_i64_ge_s_imm { a: P, imm: U64, to: Off };
            BrI64LtUImmL0A br_i64_lt_u_imm_l0_a = BrI64LtUImm br_i64_lt_u_imm { a: P, imm: U64, to: Off };
            BrI64GtUImmL0A br_i64_gt_u_imm_l0_a = BrI64GtUImm br_i64_gt_u_imm { a: P, imm: U64, to: Off };
        }
    };
}

/// The most `Slot` operands an op with variants has.
const MAX_SLOTS: usize = 4;

/// A variant's operand pattern: the half position of each `Slot` operand of its base op,
/// and whether the variant pins it.
#[derive(Clone, Copy)]
struct Variant {
    base: Opcode,
    variant: Opcode,
    slots: [(u8, bool); MAX_SLOTS],
    n: usize,
}

impl Variant {
    /// Whether the instruction at `at` has exactly this variant's pattern.
    fn matches(&self, code: &[u32], at: usize) -> bool {
        self.slots[..self.n].iter().all(|&(h, pinned)| (half(code, 2 * at + h as usize) == 0) == pinned)
    }
}

macro_rules! pin_kind_slot {
    (P) => {
        Some(true)
    };
    (Slot) => {
        Some(false)
    };
    ($k:ident) => {
        None
    };
}

macro_rules! define_variants {
    ($( $v:ident $vsnake:ident = $b:ident $bsnake:ident { $($f:ident : $k:ident),* } ; )*) => {
        /// Every variant, those of one base op next to each other.
        static VARIANTS: &[Variant] = &[$({
            let mut slots = [(0u8, false); MAX_SLOTS];
            let mut n = 0;
            let mut l = Layout::new();
            $(
                let h = l.place(kind_halves(stringify!($k)));
                if let Some(pinned) = pin_kind_slot!($k) {
                    slots[n] = (h as u8, pinned);
                    n += 1;
                }
            )*
            // A variant is its base op with another opcode: the rewrite moves no operand.
            assert!(l.words() == Opcode::$v.words() && l.words() == Opcode::$b.words());
            Variant { base: Opcode::$b, variant: Opcode::$v, slots, n }
        },)*];
    };
}
for_each_pin_variant!(define_variants);

/// Per opcode: 1 + the index of its first variant in `VARIANTS` (0: none).
static FIRST_VARIANT: [u8; Opcode::COUNT] = {
    let mut t = [0u8; Opcode::COUNT];
    let mut i = VARIANTS.len();
    while i > 0 {
        i -= 1;
        assert!(i < 255);
        t[VARIANTS[i].base as usize] = i as u8 + 1;
    }
    // The variants of one base op are listed together (the rewrite scans from the first).
    let mut i = 1;
    while i < VARIANTS.len() {
        let base = VARIANTS[i].base as usize;
        assert!(base == VARIANTS[i - 1].base as usize || t[base] as usize == i + 1);
        i += 1;
    }
    t
};

/// Per opcode: 1 + its index in `VARIANTS` if it is a variant (0: not one).
static VARIANT_INDEX: [u8; Opcode::COUNT] = {
    let mut t = [0u8; Opcode::COUNT];
    let mut i = 0;
    while i < VARIANTS.len() {
        t[VARIANTS[i].variant as usize] = i as u8 + 1;
        i += 1;
    }
    t
};

const fn starts_with(s: &str, p: &str) -> bool {
    let (s, p) = (s.as_bytes(), p.as_bytes());
    if s.len() < p.len() {
        return false;
    }
    let mut i = 0;
    while i < p.len() {
        if s[i] != p[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether an operand of this name and kind is a slot the op writes. Destinations are named
/// `dst…` in the op table, and `mem_window` writes its `tmp`; every other write an op makes
/// lands where the executor reloads `l0` (a return into the caller, a landing pad).
const fn is_write(name: &str, kind: &str) -> bool {
    (starts_with(name, "dst") || (name.len() == 3 && starts_with(name, "tmp")))
        && (starts_with(kind, "Slot") || starts_with(kind, "VSlot"))
}

macro_rules! define_writes {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// Per opcode: the half positions of the slots it writes (0: none).
        #[allow(unused_assignments)]
        static WRITES: [[u8; 2]; Opcode::COUNT] = [$({
            #[allow(unused_mut)]
            let mut w = [0u8; 2];
            #[allow(unused_mut, unused_variables)]
            let mut n = 0;
            #[allow(unused_mut, unused_variables)]
            let mut l = Layout::new();
            $(
                let h = l.place(kind_halves(stringify!($kind)));
                if is_write(stringify!($field), stringify!($kind)) {
                    w[n] = h as u8;
                    n += 1;
                }
            )*
            w
        },)*];
    };
}
crate::for_each_op!(define_writes);

/// Whether the instruction at `at` (opcode `op`) writes slot 0.
#[inline(always)]
fn writes_slot0(code: &[u32], at: usize, op: usize) -> bool {
    WRITES[op].iter().any(|&h| h != 0 && half(code, 2 * at + h as usize) == 0)
}

/// The instructions of `code` (a well-formed body: freshly translated, or verified), with
/// their opcodes, found from the opcode table alone.
fn for_each_instruction(code: &[u32], mut f: impl FnMut(usize, usize) -> bool) {
    let mut at = 0;
    while at < code.len() {
        let word = code[at] as usize;
        let Some(&info) = OP_INFO.get(word) else { return };
        let len = if info & BR_TABLE == 0 {
            (info & WORDS_MASK) as usize
        } else {
            match crate::code::instruction_len(code, at) {
                Some(len) => len,
                None => return,
            }
        };
        if !f(at, word) {
            return;
        }
        at += len;
    }
}

/// The variant of `op` for the instruction at `at` (its operands as they are), if any.
#[inline(always)]
fn variant_at(code: &[u32], at: usize, op: usize) -> Option<Opcode> {
    let first = FIRST_VARIANT[op] as usize;
    if first == 0 {
        return None;
    }
    VARIANTS[first - 1..].iter().take_while(|v| v.base as usize == op).find(|v| v.matches(code, at)).map(|v| v.variant)
}

/// Whether the instruction at `at` keeps slot 0 pinnable: it does not write slot 0, or a
/// variant fits it. The translator asks before it makes an op write local 0, and fusion
/// before it makes a pair one op.
pub fn keeps_pinnable(code: &[u32], at: usize, op: Opcode) -> bool {
    !writes_slot0(code, at, op as usize) || variant_at(code, at, op as usize).is_some()
}

/// Pins slot 0 of `code` (a function body after fusion): when every write to slot 0 is an
/// op with a variant for it, rewrites each instruction that has a variant for its operands
/// and returns the rewrites (word position, new opcode) for the threaded copy. Returns none
/// and changes nothing when some other op writes slot 0 (the function then runs unpinned).
pub fn pin_slot0(code: &mut [u32]) -> Vec<(usize, Opcode)> {
    let mut rewrites = Vec::new();
    let mut pinnable = true;
    for_each_instruction(code, |at, op| {
        match variant_at(code, at, op) {
            Some(v) => rewrites.push((at, v)),
            None if writes_slot0(code, at, op) => pinnable = false,
            None => {}
        }
        pinnable
    });
    if !pinnable {
        return Vec::new();
    }
    for &(at, op) in &rewrites {
        code[at] = op as u32;
    }
    rewrites
}

/// The verifier's rule: each variant's pinned operands are slot 0 and its other slot
/// operands are not, and in a body with variants only variants write slot 0.
pub fn check(code: &[u32]) -> Result<(), alloc::string::String> {
    let mut any_variant = false;
    let mut other_write = None;
    let mut error = None;
    for_each_instruction(code, |at, op| {
        match VARIANT_INDEX[op] as usize {
            0 => {
                if writes_slot0(code, at, op) {
                    other_write.get_or_insert(at);
                }
            }
            i => {
                any_variant = true;
                if !VARIANTS[i - 1].matches(code, at) {
                    error = Some(alloc::format!(
                        "pinned-local operands of the op at word {at} are not as its variant says"
                    ));
                }
            }
        }
        error.is_none()
    });
    if let Some(e) = error {
        return Err(e);
    }
    match other_write {
        Some(at) if any_variant => {
            Err(alloc::format!("the op at word {at} writes the pinned slot 0 without updating it"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{Op, decode_all};

    fn body(ops: &[Op]) -> Vec<u32> {
        crate::code::encode_all(ops)
    }

    fn names(code: &[u32]) -> Vec<&'static str> {
        decode_all(code).unwrap().iter().map(|(_, op)| op.opcode().name()).collect()
    }

    #[test]
    fn rewrites_ops_on_slot_0_when_every_write_to_it_has_a_variant() {
        let mut code = body(&[
            Op::I32AddImm { dst: 0, a: 0, imm: 1 },
            Op::I32AddImm { dst: 2, a: 1, imm: 1 },
            Op::Load32 { dst: 3, a: 0, off: 4 },
            Op::BrIfNez { c: 0, to: -14 },
            Op::Return { src: 0, n: 1 },
        ]);
        let before = code.clone();
        assert_eq!(pin_slot0(&mut code).len(), 3);
        assert_eq!(names(&code), ["i32_add_imm_l0_dst_a", "i32_add_imm", "load32_l0_a", "br_if_nez_l0_c", "ret"]);
        // Only opcode words changed, and the verifier accepts the result.
        assert_eq!(code.iter().zip(&before).filter(|(a, b)| a != b).count(), 3);
        assert_eq!(check(&code), Ok(()));
    }

    #[test]
    fn leaves_a_body_alone_when_another_op_writes_slot_0() {
        let mut code = body(&[
            Op::I32AddImm { dst: 0, a: 0, imm: 1 },
            Op::I32Mul { dst: 0, a: 1, b: 2 },
            Op::Return { src: 0, n: 1 },
        ]);
        let before = code.clone();
        assert!(pin_slot0(&mut code).is_empty());
        assert_eq!(code, before);
        // The translator asks the same question before it retargets a producer to slot 0.
        assert!(!keeps_pinnable(&code, Opcode::I32AddImm.words(), Opcode::I32Mul));
        assert!(keeps_pinnable(&code, 0, Opcode::I32AddImm));
    }

    #[test]
    fn the_verifier_refuses_variants_that_do_not_match_or_stale_writes() {
        // A variant whose pinned operand is not slot 0.
        let mut code = body(&[Op::I32AddImm { dst: 1, a: 1, imm: 1 }, Op::Return { src: 0, n: 1 }]);
        code[0] = Opcode::I32AddImmL0DstA as u32;
        assert!(check(&code).is_err());
        // A variant whose unpinned operand is slot 0 (its handler assumes it is not).
        let mut code = body(&[Op::I32AddImm { dst: 0, a: 0, imm: 1 }, Op::Return { src: 0, n: 1 }]);
        code[0] = Opcode::I32AddImmL0A as u32;
        assert!(check(&code).is_err());
        // A plain op writing slot 0 beside a variant would leave the register stale.
        let mut code = body(&[
            Op::I32AddImm { dst: 0, a: 0, imm: 1 },
            Op::I32Mul { dst: 0, a: 1, b: 2 },
            Op::Return { src: 0, n: 1 },
        ]);
        code[0] = Opcode::I32AddImmL0DstA as u32;
        assert!(check(&code).unwrap_err().contains("without updating it"));
    }
}
