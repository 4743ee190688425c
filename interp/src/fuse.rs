//! Superinstruction fusion (see `for_each_fusion!` in the op table): a pass over a
//! finished function body that rewrites the opcode of the first instruction of each fusable
//! pair, in place.

use crate::code::{BR_TABLE, OP_INFO, Opcode, WORDS_MASK, decode_all, visit_branch_targets};
use alloc::vec;

macro_rules! define_fusions {
    ($( $fused:ident $fsnake:ident = $a:ident $asnake:ident { $($af:ident : $ak:ident),* }
        + $b:ident $bsnake:ident { $($bf:ident : $bk:ident),* } ; )*) => {
        /// The first op of each pair.
        const FIRST_OPS: &[Opcode] = &[$(Opcode::$a),*];

        /// The superinstruction for `a` followed by `b`, if there is one.
        pub fn fused(a: Opcode, b: Opcode) -> Option<Opcode> {
            match (a, b) {
                $((Opcode::$a, Opcode::$b) => Some(Opcode::$fused),)*
                _ => None,
            }
        }

        // A fused op is exactly as long as its pair: the rewrite moves nothing.
        $(const _: () = assert!(Opcode::$fused.words() == Opcode::$a.words() + Opcode::$b.words());)*
    };
}
crate::for_each_fusion!(define_fusions);

/// Per opcode: whether it starts some pair.
pub static FIRST: [bool; Opcode::COUNT] = {
    let mut t = [false; Opcode::COUNT];
    let mut i = 0;
    while i < FIRST_OPS.len() {
        t[FIRST_OPS[i] as usize] = true;
        i += 1;
    }
    t
};

/// Fuses pairs in `code` (a verified body) where the second instruction is not a branch
/// target and not in `pads` (exception landing pads), finding the targets by decoding the
/// branches. The translator, which knows its targets, calls `fuse_with_targets` instead.
/// Returns how many were fused.
pub fn fuse_pairs(code: &mut [u32], pads: impl IntoIterator<Item = usize>) -> usize {
    let Ok(ops) = decode_all(code) else { return 0 };
    let mut target = vec![false; code.len() + 1];
    let last = code.len();
    for (at, op) in &ops {
        visit_branch_targets(code, *at, op, &mut |to| target[(to.max(0) as usize).min(last)] = true);
    }
    for p in pads {
        target[p.min(last)] = true;
    }
    fuse_with_targets(code, &target)
}

/// Fuses pairs in `code` (freshly translated, so every word at an instruction start is an
/// opcode) greedily where the second instruction is not marked in `target` (branch targets
/// and landing pads, which the translator knows: no instruction is decoded). Returns how
/// many were fused.
pub fn fuse_with_targets(code: &mut [u32], target: &[bool]) -> usize {
    walk(code, Some(target), |_, _| {})
}

/// Walks the instructions of `code`, calling `visit(at, opcode)` for each (again, with the
/// superinstruction, for the first of a pair it fuses when `target` is given: see
/// `fuse_with_targets`). One walk serves fusion and `exec::link`. Returns the fusions.
#[inline(always)]
pub(crate) fn walk(code: &mut [u32], target: Option<&[bool]>, mut visit: impl FnMut(usize, usize)) -> usize {
    let mut fusions = 0;
    let mut prev: Option<(usize, Opcode)> = None;
    let mut at = 0;
    while at < code.len() {
        let word = code[at] as usize;
        let Some(&info) = OP_INFO.get(word) else { return fusions };
        let len = if info & BR_TABLE == 0 {
            (info & WORDS_MASK) as usize
        } else {
            match crate::code::instruction_len(code, at) {
                Some(len) => len,
                None => return fusions,
            }
        };
        visit(at, word);
        if let Some(target) = target {
            let op = Opcode::ALL[word];
            if let Some((p, p_op)) = prev
                && let Some(f) = fused(p_op, op)
                && !target.get(at).copied().unwrap_or(true)
                && crate::pin::keeps_pinnable(code, p, f)
            {
                code[p] = f as u32;
                visit(p, f as usize);
                fusions += 1;
                prev = None;
            } else {
                prev = FIRST[word].then_some((at, op));
            }
        }
        at += len;
    }
    fusions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Op;
    use alloc::vec::Vec;

    fn body(ops: &[Op]) -> Vec<u32> {
        crate::code::encode_all(ops)
    }

    #[test]
    fn fuses_pairs_in_place_but_not_into_a_branch_target() {
        let copy = |dst, src| Op::Copy { dst, src };
        // 0: copy, 4: copy, 8: copy (branch target), 12: copy, 16: br_if_nez -> 8, 20: ret
        let mut code = body(&[
            copy(1, 0),
            copy(2, 1),
            copy(3, 2),
            copy(4, 3),
            Op::BrIfNez { c: 0, to: -11 }, // its offset word is at 19
            Op::Return { src: 1, n: 1 },
        ]);
        let before = code.clone();
        assert_eq!(fuse_pairs(&mut code, []), 2);
        let ops = decode_all(&code).unwrap();
        let names: Vec<&str> = ops.iter().map(|(_, op)| op.opcode().name()).collect();
        // The pair at 8 may fuse (8 is the target: it starts the fused op); 4 -> 8 may not.
        assert_eq!(names, ["copy_copy", "copy_copy", "br_if_nez", "ret"]);
        assert_eq!(ops[1].0, 8);
        // Only opcode words changed.
        let changed: Vec<usize> = (0..code.len()).filter(|&i| code[i] != before[i]).collect();
        assert_eq!(changed, [0, 8]);
        // A landing pad blocks fusion like a branch target does.
        let mut code = before.clone();
        assert_eq!(fuse_pairs(&mut code, [4, 12]), 1);
        let names: Vec<&str> = decode_all(&code).unwrap().iter().map(|(_, op)| op.opcode().name()).collect();
        assert_eq!(names, ["copy", "copy", "copy", "copy_br_if_nez", "ret"]);
        // A `br_table` target (its offset word at 4 lands on word 9) blocks fusion too.
        let mut code = body(&[Op::BrTable { idx: 0, len: 0 }]);
        code.push(5);
        code.extend(body(&[copy(1, 0), copy(2, 1), Op::Return { src: 1, n: 1 }]));
        assert_eq!(fuse_pairs(&mut code, []), 0);
    }
}
