//! An independent checker of translated bytecode: every instruction decodes, every slot is
//! inside the frame, every branch lands on an instruction start, and execution cannot run
//! off the end. Run on deserialized artifacts and, in debug builds, on all translated code,
//! so a translator bug becomes an error instead of undefined behaviour.

use crate::code::{Op, OperandInfo, OperandKind, decode_all, visit_branch_targets};
use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;

/// Checks a function's exception handler regions against its code: regions inside the code,
/// every landing pad an instruction start, every slot inside the frame.
pub fn verify_regions(code: &[u32], frame_size: u32, regions: &[crate::vm::TryRegion]) -> Result<(), String> {
    let ops = decode_all(code).map_err(|e| format!("{e}"))?;
    let starts: BTreeSet<usize> = ops.iter().map(|(at, _)| *at).collect();
    for r in regions {
        if r.start > r.end || r.end as usize > code.len() {
            return Err(format!("handler region {}..{} outside the code", r.start, r.end));
        }
        for c in r.clauses.iter() {
            if c.kind == crate::vm::CatchKind::Delegate {
                continue;
            }
            if !starts.contains(&(c.pad as usize)) {
                return Err(format!("landing pad at word {}, not an instruction start", c.pad));
            }
            if c.base > frame_size || (c.exn_slot != crate::vm::NO_SLOT && c.exn_slot >= frame_size) {
                return Err(format!("handler slots outside the frame ({frame_size})"));
            }
        }
    }
    Ok(())
}

/// Checks one function body; `frame_size` is its slot count, `locals` its locals count.
pub fn verify(code: &[u32], frame_size: u32, locals: u32) -> Result<(), String> {
    if locals > frame_size {
        return Err(format!("locals ({locals}) exceed the frame ({frame_size})"));
    }
    let ops = decode_all(code).map_err(|e| format!("{e}"))?;
    let starts: BTreeSet<usize> = ops.iter().map(|(at, _)| *at).collect();
    let mut error = None;
    for (at, op) in &ops {
        let empty_return = matches!(op, Op::Return { n: 0, .. });
        let mut check = |o: OperandInfo| {
            if error.is_some() {
                return;
            }
            // A call's `base` starts the callee's frame: with no arguments and results it may
            // sit just past the caller's (the callee's own stack check covers what it uses).
            // So may a span of no slots (a return or throw of nothing); a span of some slots
            // is checked whole below.
            let past_end = matches!(o.name, "base" | "base2") || (empty_return && o.name == "src");
            let limit = frame_size as u64 + past_end as u64;
            match o.kind {
                OperandKind::Slot if o.value as u64 >= limit => {
                    error = Some(format!("slot {} outside the frame ({frame_size}) at word {at}", o.value));
                }
                OperandKind::VSlot if o.value as u64 + 1 >= frame_size as u64 => {
                    error = Some(format!("v128 slots {} outside the frame ({frame_size}) at word {at}", o.value));
                }
                _ => {}
            }
        };
        op.visit_operands(*at, &mut check);
        visit_branch_targets(code, *at, op, &mut |to| {
            if error.is_none() && (to < 0 || !starts.contains(&(to as usize))) {
                error = Some(format!("branch at word {at} to {to}, not an instruction start"));
            }
        });
        if let Op::CopySpan { dst, src, n } = op_span(op) {
            let end = dst.max(src) as u64 + n as u64;
            if n > 0 && end > frame_size as u64 {
                error.get_or_insert(format!("span of {n} slots leaves the frame at word {at}"));
            }
        }
        if let Op::LazyCompile {} = op {
            // Only the runtime's own stubs may ask for translation.
            error.get_or_insert(format!("lazy_compile stub at word {at} in translated code"));
        }
        if let Some(e) = error {
            return Err(e);
        }
    }
    crate::pin::check(code)?;
    match ops.last() {
        Some((
            _,
            Op::Return { .. }
            | Op::Br { .. }
            | Op::BrTable { .. }
            | Op::Unreachable {}
            | Op::Throw { .. }
            | Op::ThrowRef { .. },
        )) => Ok(()),
        _ => Err(String::from("code can run off its end")),
    }
}

/// Normalises span-moving ops to `CopySpan { dst, src, n }`.
fn op_span(op: &Op) -> Op {
    match *op {
        Op::Return { src, n } => Op::CopySpan { dst: 0, src, n },
        // The executor reads the payload as one slice of the frame.
        Op::Throw { base, n, .. } => Op::CopySpan { dst: base, src: base, n },
        other => other,
    }
}
