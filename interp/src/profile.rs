//! Dispatch profile (feature `profile`): how many times each op ran, and each pair of
//! consecutive ops, counted by both dispatchers in front of every handler. Without the
//! feature none of this is compiled and handlers are unchanged.
//!
//! The counters are process-wide relaxed atomics (a profiling build is for measuring, not
//! for production): runs on several threads add up, and a pair that spans two runs or
//! threads is counted as if they were one stream.

use crate::code::Opcode;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

const N: usize = Opcode::COUNT;
static OPS: [AtomicU64; N] = [const { AtomicU64::new(0) }; N];
static PAIRS: [AtomicU64; N * N] = [const { AtomicU64::new(0) }; N * N];
/// The op dispatched last (`N`: none yet).
static PREV: AtomicU32 = AtomicU32::new(N as u32);

/// Counts one dispatch of `op`.
#[inline(always)]
pub(crate) fn record(op: Opcode) {
    let op = op as usize;
    OPS[op].fetch_add(1, Ordering::Relaxed);
    let prev = PREV.swap(op as u32, Ordering::Relaxed) as usize;
    if prev < N {
        PAIRS[prev * N + op].fetch_add(1, Ordering::Relaxed);
    }
}

/// Forgets every count.
pub fn reset() {
    for c in OPS.iter().chain(PAIRS.iter()) {
        c.store(0, Ordering::Relaxed);
    }
    PREV.store(N as u32, Ordering::Relaxed);
}

/// The counts so far.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Ops that ran, most frequent first.
    pub ops: Vec<(Opcode, u64)>,
    /// Consecutive pairs (first, then second), most frequent first.
    pub pairs: Vec<(Opcode, Opcode, u64)>,
}

impl Profile {
    /// Every op dispatched.
    pub fn total(&self) -> u64 {
        self.ops.iter().map(|&(_, n)| n).sum()
    }
}

/// Reads the counters.
pub fn snapshot() -> Profile {
    let mut ops: Vec<(Opcode, u64)> =
        Opcode::ALL.iter().map(|&op| (op, OPS[op as usize].load(Ordering::Relaxed))).filter(|&(_, n)| n > 0).collect();
    ops.sort_by(|a, b| b.1.cmp(&a.1));
    let mut pairs = Vec::new();
    for (&a, &b) in Opcode::ALL.iter().flat_map(|a| Opcode::ALL.iter().map(move |b| (a, b))) {
        let n = PAIRS[a as usize * N + b as usize].load(Ordering::Relaxed);
        if n > 0 {
            pairs.push((a, b, n));
        }
    }
    pairs.sort_by(|a, b| b.2.cmp(&a.2));
    Profile { ops, pairs }
}
