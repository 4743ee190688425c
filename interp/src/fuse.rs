//! Superinstruction fusion (see `for_each_fusion!` in the op table): a pass over a
//! finished function body that rewrites the opcode of the first instruction of each fusable
//! pair, in place.

use crate::code::{BR_TABLE, HAS_OFFSET, OP_INFO, Op, Opcode, WORDS_MASK};
use alloc::vec;
use alloc::vec::Vec;

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

/// Fuses pairs in `code` (a verified or freshly translated body) where the second
/// instruction is not a branch target and not in `pads` (exception landing pads). Pairs are
/// taken greedily from the start. Returns how many were fused.
pub fn fuse_pairs(code: &mut [u32], pads: impl IntoIterator<Item = usize>) -> usize {
    // One walk over the instructions finds the branch targets (only branches are decoded:
    // this runs on every translated function, so it must stay cheap) and the candidate
    // pairs; then candidates whose second instruction is a target are dropped.
    let mut target = vec![false; code.len() + 1];
    let mut candidates: Vec<(u32, u32, Opcode)> = Vec::new();
    let mut prev: Option<(usize, Opcode)> = None;
    let mut at = 0;
    while at < code.len() {
        let word = code[at];
        let Some(&info) = OP_INFO.get(word as usize) else { return 0 };
        let op = Opcode::ALL[word as usize];
        let len = if info & (HAS_OFFSET | BR_TABLE) != 0 {
            let Ok(decoded) = Op::decode(code, at) else { return 0 };
            mark_targets(code, at, &decoded, &mut target);
            decoded.len()
        } else {
            (info & WORDS_MASK) as usize
        };
        if let Some((p, p_op)) = prev
            && let Some(f) = fused(p_op, op)
        {
            candidates.push((p as u32, at as u32, f));
        }
        prev = FIRST[word as usize].then_some((at, op));
        at += len;
    }
    for p in pads {
        target[p.min(code.len())] = true;
    }
    fuse_candidates(code, &candidates, &target)
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

/// Fuses `candidates` (pairs `(first, second, fused op)` of adjacent instructions, in code
/// order) greedily, skipping a pair whose second instruction is a branch target
/// (`target[pos]`) or overlaps the pair fused before it. Returns how many were fused.
pub fn fuse_candidates(code: &mut [u32], candidates: &[(u32, u32, Opcode)], target: &[bool]) -> usize {
    let mut fusions = 0;
    let mut taken_up_to = 0;
    for &(a, b, f) in candidates {
        let (a, b) = (a as usize, b as usize);
        if a >= taken_up_to && !target.get(b).copied().unwrap_or(true) {
            code[a] = f as u32;
            fusions += 1;
            taken_up_to = b + 1;
        }
    }
    fusions
}

/// Marks the branch targets of instruction `op` at word `at`.
fn mark_targets(code: &[u32], at: usize, op: &Op, target: &mut [bool]) {
    let last = target.len() - 1;
    op.visit_operands(at, &mut |o| {
        if o.kind == crate::code::OperandKind::Off && o.target() >= 0 {
            target[(o.target() as usize).min(last)] = true;
        }
    });
    if let Op::BrTable { .. } = op {
        let fixed = op.opcode().words();
        for i in 0..op.trailing_words() {
            let pos = at + fixed + i;
            let to = pos as i64 + code[pos] as i32 as i64;
            target[(to.max(0) as usize).min(last)] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::decode_all;

    fn body(ops: &[Op]) -> Vec<u32> {
        let mut code = Vec::new();
        for op in ops {
            op.encode(&mut code);
        }
        code
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
    }
}
