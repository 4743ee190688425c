//! Handler bodies, grouped by family. Each takes the registers, the executor and the op's
//! decoded operands, and returns `Ok` to continue at `r.ip`. Macros here are only glue.

mod control;
mod conv;
mod float;
mod int;
mod mem;
mod simd;
mod table;

pub(crate) use control::*;
pub(crate) use conv::*;
pub(crate) use float::*;
pub(crate) use int::*;
pub(crate) use mem::*;
pub(crate) use simd::*;
pub(crate) use table::*;

use super::{Executor, Exit, Flow, Regs};
use crate::Trap;

#[inline(always)]
fn trap(code: Trap) -> Exit {
    Exit::Trap(code)
}
