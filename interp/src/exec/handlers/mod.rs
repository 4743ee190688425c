//! Handler bodies, grouped by family. Each takes the registers, the executor and the op's
//! decoded operands, and returns `Ok` to continue at `r.ip`. Macros here are only glue.

mod control;
mod conv;
mod float;
mod fused;
mod gc;
mod int;
mod mem;
mod pinned;
mod simd;
mod table;

pub(crate) use control::*;
pub(crate) use conv::*;
pub(crate) use float::*;
pub(crate) use fused::*;
pub(crate) use gc::*;
pub(crate) use int::*;
pub(crate) use mem::*;
pub(crate) use pinned::*;
pub(crate) use simd::*;
pub(crate) use table::*;

use super::{Executor, Exit, Flow, Mode, Regs};
use crate::Trap;

#[inline(always)]
fn trap(code: Trap) -> Exit {
    Exit::Trap(code)
}

/// `start..start + n` as a range of a memory, table or segment of `len` elements, or trap
/// `oob` (the sum is taken in 64 bits, so it never wraps).
#[inline(always)]
fn range64(start: u64, n: u64, len: usize, oob: Trap) -> Result<core::ops::Range<usize>, Exit> {
    match start.checked_add(n) {
        Some(end) if end <= len as u64 => Ok(start as usize..end as usize),
        _ => Err(trap(oob)),
    }
}
