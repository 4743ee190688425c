//! The two dispatchers, generated from the op table over the same handler bodies:
//! tail-call dispatch (each handler tail-calls the next op's handler with the hot state in
//! arguments) and the portable `loop { match }`. `build.rs` says whether the build has the
//! tail-call one (`sheave_tail_dispatch`); each executor runs the one its engine chose.

use super::handlers;
use super::{Executor, Exit, Flow, Mode, Regs};
use crate::code::{Off, Operand, Shape, Slot, U32, U64, VSlot};

/// How an operand is read by the executor (no bounds checks: the translator wrote it).
trait ExecOperand: Operand {
    type Value;
    /// # Safety
    /// `p` points into the instruction, at the word holding the operand; `h` is its half
    /// in that word (0 or 1; slots only).
    unsafe fn read(p: *const u32, h: usize, halves: usize) -> Self::Value;
}

impl ExecOperand for u32 {
    type Value = u32;
    #[inline(always)]
    unsafe fn read(p: *const u32, h: usize, halves: usize) -> u32 {
        if halves == 1 {
            // A slot is half `h` of the word by value: its bytes are the word's first two
            // on a little-endian host for `h == 0`, the last two on a big-endian one. Read as
            // a 16-bit load of its own (reading the word and shifting cost one or two more
            // instructions per handler: LLVM merges two slots' loads into one).
            let at = if cfg!(target_endian = "little") { h } else { 1 - h };
            // SAFETY: the caller points at the operand's word inside the instruction.
            unsafe { *(p as *const u16).add(at) as u32 }
        } else {
            // SAFETY: as above.
            unsafe { *p }
        }
    }
}

impl ExecOperand for u64 {
    type Value = u64;
    #[inline(always)]
    unsafe fn read(p: *const u32, _h: usize, _halves: usize) -> u64 {
        // SAFETY: two words of the instruction. The encoder writes the low word first, so
        // the value is assembled from words (one 8-byte load on little-endian hosts; a plain
        // u64 read would swap the halves on big-endian ones).
        unsafe { *p as u64 | (*p.add(1) as u64) << 32 }
    }
}

impl ExecOperand for i32 {
    type Value = *const u32;
    #[inline(always)]
    unsafe fn read(p: *const u32, _h: usize, _halves: usize) -> *const u32 {
        // SAFETY: branch offsets written by the translator stay inside the function body.
        unsafe { p.offset(*p as i32 as isize) }
    }
}

macro_rules! define_decoders {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// Per-op operand decoding in front of the handler body; shared by both dispatchers.
        mod decode {
            #[allow(unused_imports)]
            use super::*;
            $(
                // Unoptimised builds keep each op out of line: inlined into the loop dispatcher,
                // ~500 arms' unmerged locals would make its frame larger than a small thread's
                // stack. Optimised builds merge them (and tail dispatch needs the inlining).
                #[cfg_attr(not(debug_assertions), inline(always))]
                #[cfg_attr(debug_assertions, inline(never))]
                pub(super) unsafe fn $snake<M: Mode>(r: &mut Regs<M>, cx: &mut Executor) -> Flow {
                    #[cfg(feature = "profile")]
                    crate::profile::record(crate::code::Opcode::$name);
                    // SAFETY: forwarded contract.
                    unsafe { operands::$snake(r, cx) }
                }
            )*
        }

        /// The decoding itself, also what a superinstruction's second half runs (not a
        /// dispatch: the profile does not count it).
        pub(crate) mod operands {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[cfg_attr(not(debug_assertions), inline(always))]
                #[cfg_attr(debug_assertions, inline(never))]
                #[allow(unused_assignments)]
                pub(crate) unsafe fn $snake<M: Mode>(r: &mut Regs<M>, cx: &mut Executor) -> Flow {
                    let ip = r.ip;
                    const SHAPE: Shape = Shape::of(&[$(stringify!($kind)),*]);
                    #[allow(unused_mut, unused_variables, unused_assignments)]
                    let mut i = 0;
                    $(
                        let h = SHAPE.at[i] as usize;
                        // SAFETY: the operand lies inside the instruction at `ip`.
                        let $field = unsafe { <$kind as ExecOperand>::read(ip.add(h / 2), h % 2, SHAPE.halves[i] as usize) };
                        i += 1;
                    )*
                    r.ip = ip.wrapping_add(SHAPE.words as usize);
                    handlers::$snake(r, cx $(, $field)*)
                }
            )*
        }
    };
}
crate::for_each_op!(define_decoders);

/// Tail-call dispatch: each handler decodes its instruction, runs its body, and tail-calls
/// the handler of the next instruction (its address is in the threaded code's opcode field:
/// a lookup by opcode in `TABLE` measured 12% slower on a counting loop) with the hot state
/// in its arguments: `ip`, `fp`, `mem`, the executor, and where the target passes a fifth
/// integer argument in a register (`sheave_pin_reg`, see `build.rs`) the pinned local `l0`.
/// A handler has exactly one way out, that tail call: an exit records why in the executor
/// and continues to `exit`, the only handler that returns. (Measured on the targets
/// `build.rs` picks this for: a fifth argument on s390x, or an early return on wasm32 with
/// `tail-call`, turns the sibling call into a real call.)
#[cfg(sheave_tail_dispatch)]
mod tail {
    use super::*;
    use crate::code::OPCODE_WORDS;

    #[cfg(sheave_pin_reg)]
    pub(super) type Handler = unsafe fn(*const u32, *mut u64, *mut u8, u64, &mut Executor) -> Exit;
    #[cfg(not(sheave_pin_reg))]
    pub(super) type Handler = unsafe fn(*const u32, *mut u64, *mut u8, &mut Executor) -> Exit;

    /// Calls `next` with the hot state in `r` (a tail call).
    #[cfg(sheave_pin_reg)]
    macro_rules! jump {
        ($next:ident, $r:ident, $cx:ident) => {
            tail_call!($next($r.ip, $r.fp, $r.mem, $r.l0, $cx))
        };
    }
    #[cfg(not(sheave_pin_reg))]
    macro_rules! jump {
        ($next:ident, $r:ident, $cx:ident) => {
            tail_call!($next($r.ip, $r.fp, $r.mem, $cx))
        };
    }

    /// The mode of the registers between tail handlers.
    #[cfg(sheave_pin_reg)]
    type TailMode = crate::exec::Wide;
    #[cfg(not(sheave_pin_reg))]
    type TailMode = crate::exec::Narrow;

    macro_rules! define_tail {
        ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
            pub(super) static TABLE: [Handler; crate::code::Opcode::COUNT] = [$(handlers_tail::$snake,)*];

            mod handlers_tail {
                use super::*;
                $(
                    pub(super) unsafe fn $snake(
                        ip: *const u32,
                        fp: *mut u64,
                        mem: *mut u8,
                        #[cfg(sheave_pin_reg)] l0: u64,
                        cx: &mut Executor,
                    ) -> Exit {
                        #[cfg(not(sheave_pin_reg))]
                        let l0 = 0;
                        let mut r = Regs::new(ip, fp, mem).cast::<TailMode>();
                        r.l0 = l0;
                        // SAFETY: `ip` is at a valid instruction of this op (dispatch contract).
                        let next = match unsafe { decode::$snake(&mut r, cx) } {
                            // SAFETY: every handler leaves `ip` at an instruction.
                            Ok(()) => unsafe { handler_at(r.ip) },
                            Err(e) => {
                                cx.stop(r, e);
                                exit as Handler
                            }
                        };
                        jump!(next, r, cx)
                    }
                )*
            }
        };
    }

    /// Where every exit goes: the reason was recorded by `Executor::stop`.
    unsafe fn exit(
        _ip: *const u32,
        _fp: *mut u64,
        _mem: *mut u8,
        #[cfg(sheave_pin_reg)] _l0: u64,
        cx: &mut Executor,
    ) -> Exit {
        cx.exit
    }

    /// The handler stored in the opcode field of a threaded instruction.
    ///
    /// # Safety
    /// `ip` points at an instruction of code made by [`link`].
    #[inline(always)]
    pub(super) unsafe fn handler_at(ip: *const u32) -> Handler {
        // SAFETY: `link` wrote a handler address into the (two-word) opcode field in native
        // byte order; the read is unaligned because words are only 4-aligned.
        unsafe { core::mem::transmute::<usize, Handler>((ip as *const usize).read_unaligned()) }
    }

    /// The threaded copy of `code`: each opcode field replaced by its handler's address
    /// (fusing superinstructions in `code` on the way when `fuse` gives the branch targets).
    pub(super) fn link(code: &mut [u32], fuse: Option<&[bool]>) -> alloc::boxed::Box<[u32]> {
        const _: () = assert!(core::mem::size_of::<usize>() <= 4 * OPCODE_WORDS);
        let mut out: alloc::boxed::Box<[u32]> = (*code).into();
        let base = out.as_mut_ptr();
        let len = out.len();
        crate::fuse::walk(code, fuse, |at, op| {
            let addr = TABLE[op] as usize;
            assert!(at + OPCODE_WORDS <= len);
            // Written as one native `usize`, as `handler_at` reads it (on a big-endian host
            // two words written low first would swap the halves).
            // SAFETY: the instruction's opcode field has `OPCODE_WORDS` words (asserted above
            // to hold a `usize`), inside `out` (checked).
            unsafe { (base.add(at) as *mut usize).write_unaligned(addr) };
        });
        if fuse.is_some() {
            for (at, op) in crate::pin::pin_slot0(code) {
                // SAFETY: as above (`at` is an instruction `walk` visited).
                unsafe { (base.add(at) as *mut usize).write_unaligned(TABLE[op as usize] as usize) };
            }
        }
        out
    }

    #[cfg(feature = "nightly-tail-calls")]
    macro_rules! tail_call {
        ($f:ident($($a:expr),*)) => {
            // SAFETY: same signature, arguments owned; `become` guarantees the tail call.
            unsafe { become $f($($a),*) }
        };
    }
    #[cfg(not(feature = "nightly-tail-calls"))]
    macro_rules! tail_call {
        ($f:ident($($a:expr),*)) => {
            // SAFETY: same contract as the calling handler; LLVM turns this into a jump.
            unsafe { $f($($a),*) }
        };
    }

    crate::for_each_op!(define_tail);

    /// Runs from `r` until an exit.
    ///
    /// # Safety
    /// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
    pub(super) unsafe fn run(r: Regs, cx: &mut Executor) -> Exit {
        // The frame may have changed while the run was stopped: host results, a landing
        // pad's payload (unwinding always leaves the dispatch loop), a resumed caller.
        let mut r = r.cast::<TailMode>();
        r.reload_pin();
        // SAFETY: forwarded contract.
        let next = unsafe { handler_at(r.ip) };
        jump!(next, r, cx)
    }
}

/// The copy of `code` the tail-call dispatcher runs (empty in builds without it).
/// (`fuse`: fuse superinstructions in `code` first, given its branch targets, then pin
/// slot 0: see [`crate::pin`].)
pub(crate) fn link(code: &mut [u32], fuse: Option<&[bool]>) -> alloc::boxed::Box<[u32]> {
    #[cfg(sheave_tail_dispatch)]
    return tail::link(code, fuse);
    #[cfg(not(sheave_tail_dispatch))]
    {
        if let Some(target) = fuse {
            crate::fuse::fuse_with_targets(code, target);
            crate::pin::pin_slot0(code);
        }
        alloc::boxed::Box::new([])
    }
}

/// A dispatcher: how the executor goes from one instruction to the next. Both run the same
/// code and handler bodies; an engine picks one when it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dispatch {
    /// Each handler tail-calls the next one (only where the build guarantees the tail call:
    /// see [`Dispatch::TAIL_AVAILABLE`]).
    Tail,
    /// The portable `loop { match }`.
    Loop,
}

impl Dispatch {
    /// Whether this build has the tail-call dispatcher (optimised builds on targets where
    /// the sibling call is known to hold; see `build.rs`).
    pub const TAIL_AVAILABLE: bool = cfg!(sheave_tail_dispatch);

    /// The fastest dispatcher of this build.
    pub const fn default_for_build() -> Dispatch {
        if Self::TAIL_AVAILABLE { Dispatch::Tail } else { Dispatch::Loop }
    }

    /// The dispatchers this build has, fastest first.
    pub const fn available() -> &'static [Dispatch] {
        if Self::TAIL_AVAILABLE { &[Dispatch::Tail, Dispatch::Loop] } else { &[Dispatch::Loop] }
    }

    /// Parses `tail` or `loop` (as tools spell the choice, e.g. `SHEAVE_DISPATCH`).
    pub fn parse(name: &str) -> Option<Dispatch> {
        match name {
            "tail" => Some(Dispatch::Tail),
            "loop" => Some(Dispatch::Loop),
            _ => None,
        }
    }

    /// The short name `parse` reads.
    pub const fn short_name(self) -> &'static str {
        match self {
            Dispatch::Tail => "tail",
            Dispatch::Loop => "loop",
        }
    }

    /// The name `--version` and `settings` print.
    pub const fn name(self) -> &'static str {
        match self {
            Dispatch::Tail if cfg!(feature = "nightly-tail-calls") => "tail-call (become)",
            Dispatch::Tail => "tail-call (sibling calls)",
            Dispatch::Loop => "loop",
        }
    }
}

/// Runs from `r` until an exit, with the executor's dispatcher.
///
/// # Safety
/// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
pub(super) unsafe fn run(r: Regs, cx: &mut Executor) -> Exit {
    match cx.dispatch {
        // SAFETY: forwarded contract.
        #[cfg(sheave_tail_dispatch)]
        Dispatch::Tail => unsafe { tail::run(r, cx) },
        // SAFETY: forwarded contract.
        _ => unsafe { run_loop(r, cx) },
    }
}

macro_rules! define_loop {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// Runs from `r` until an exit.
        ///
        /// # Safety
        /// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
        pub(super) unsafe fn run_loop(regs: Regs, cx: &mut Executor) -> Exit {
            use crate::code::Opcode;
            // The hot state lives in locals, and each arm makes its own `Regs`: an op that
            // lends its `Regs` to an out-of-line call (calls, traps) would otherwise make
            // the loop keep `ip` and `fp` in memory for every op, a store and reload per
            // dispatch (fib_iter 3e6 under callgrind: 195.9M instructions with one `Regs`).
            let Regs { mut ip, mut fp, mut mem, .. } = regs;
            loop {
                // SAFETY: `ip` is at a valid opcode word; the opcode enum is `repr(u32)` and
                // the translator only writes opcodes from it.
                let op: Opcode = unsafe { core::mem::transmute::<u32, Opcode>(*ip) };
                // SAFETY: the instruction at `ip` is a well-formed `op`.
                let res = unsafe {
                    match op {
                        $(Opcode::$name => {
                            let mut r = Regs::new(ip, fp, mem);
                            let res = decode::$snake(&mut r, cx);
                            (ip, fp, mem) = (r.ip, r.fp, r.mem);
                            res
                        })*
                    }
                };
                if let Err(e) = res {
                    cx.stop(Regs::new(ip, fp, mem), e);
                    return e;
                }
            }
        }
    };
}
crate::for_each_op!(define_loop);
