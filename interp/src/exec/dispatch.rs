//! The two dispatchers, generated from the op table over the same handler bodies:
//! tail-call dispatch (each handler tail-calls the next op's handler with the hot state in
//! arguments) and the portable `loop { match }`. `build.rs` picks one (`sheave_tail_dispatch`).

use super::handlers;
use super::{Executor, Exit, Flow, Regs};
use crate::code::{OPCODE_WORDS, Off, Operand, Slot, U32, U64, VSlot};

/// How an operand is read by the executor (no bounds checks: the translator wrote it).
trait ExecOperand: Operand {
    type Value;
    /// # Safety
    /// `p` points into the instruction, at the operand's first word.
    unsafe fn read(p: *const u32) -> Self::Value;
}

impl ExecOperand for u32 {
    type Value = u32;
    #[inline(always)]
    unsafe fn read(p: *const u32) -> u32 {
        // SAFETY: the caller points at the operand inside the instruction.
        unsafe { *p }
    }
}

impl ExecOperand for u64 {
    type Value = u64;
    #[inline(always)]
    unsafe fn read(p: *const u32) -> u64 {
        // SAFETY: two words of the instruction; unaligned read since words are 4-aligned.
        unsafe { (p as *const u64).read_unaligned().to_le() }
    }
}

impl ExecOperand for i32 {
    type Value = *const u32;
    #[inline(always)]
    unsafe fn read(p: *const u32) -> *const u32 {
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
                pub(super) unsafe fn $snake(r: &mut Regs, cx: &mut Executor) -> Flow {
                    let ip = r.ip;
                    #[allow(unused_mut)]
                    let mut at = OPCODE_WORDS;
                    $(
                        // SAFETY: the operand lies inside the instruction at `ip`.
                        let $field = unsafe { <$kind as ExecOperand>::read(ip.add(at)) };
                        at += <$kind as Operand>::WORDS;
                    )*
                    r.ip = ip.wrapping_add(at);
                    handlers::$snake(r, cx $(, $field)*)
                }
            )*
        }
    };
}
crate::for_each_op!(define_decoders);

#[cfg(sheave_tail_dispatch)]
mod tail {
    use super::*;

    pub(super) type Handler = unsafe fn(*const u32, *mut u64, *mut u8, usize, &mut Executor) -> Exit;

    macro_rules! define_tail {
        ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
            pub(super) static TABLE: [Handler; crate::code::Opcode::COUNT] = [$(handlers_tail::$snake,)*];

            mod handlers_tail {
                use super::*;
                $(
                    pub(super) unsafe fn $snake(ip: *const u32, fp: *mut u64, mem: *mut u8, len: usize, cx: &mut Executor) -> Exit {
                        let mut r = Regs { ip, fp, mem, len };
                        // SAFETY: `ip` is at a valid instruction of this op (dispatch contract).
                        match unsafe { decode::$snake(&mut r, cx) } {
                            Ok(()) => {
                                // SAFETY: every handler leaves `ip` at an instruction of the
                                // threaded copy, whose opcode field holds its handler.
                                let next = unsafe { handler_at(r.ip) };
                                tail_call!(next(r.ip, r.fp, r.mem, r.len, cx))
                            }
                            Err(e) => {
                                cx.save(r);
                                e
                            }
                        }
                    }
                )*
            }
        };
    }

    /// The handler stored in the opcode field of a threaded instruction.
    ///
    /// # Safety
    /// `ip` points at an instruction of code made by [`link`].
    #[inline(always)]
    pub(super) unsafe fn handler_at(ip: *const u32) -> Handler {
        // SAFETY: `link` wrote a handler address into the (two-word) opcode field; the read is
        // unaligned because words are only 4-aligned.
        unsafe { core::mem::transmute::<usize, Handler>((ip as *const usize).read_unaligned()) }
    }

    /// The threaded copy of `code`: each opcode field replaced by its handler's address.
    pub(super) fn link(code: &[u32]) -> alloc::boxed::Box<[u32]> {
        let mut out: alloc::boxed::Box<[u32]> = code.into();
        let mut at = 0;
        while at < code.len() {
            let Some(len) = crate::code::instruction_len(code, at) else { break };
            let addr = TABLE[code[at] as usize] as usize as u64;
            out[at] = addr as u32;
            if core::mem::size_of::<usize>() == 8 {
                out[at + 1] = (addr >> 32) as u32;
            }
            at += len;
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
}

/// Runs from `r` until an exit.
///
/// # Safety
/// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
#[cfg(sheave_tail_dispatch)]
pub(super) unsafe fn run(r: Regs, cx: &mut Executor) -> Exit {
    // SAFETY: `r.ip` is an instruction of threaded code (caller's contract).
    unsafe {
        let h = tail::handler_at(r.ip);
        h(r.ip, r.fp, r.mem, r.len, cx)
    }
}

/// The code the dispatcher runs for a translated body (see [`crate::vm::CompiledFunc::new`]).
#[cfg(sheave_tail_dispatch)]
pub(crate) fn link(code: &[u32]) -> alloc::boxed::Box<[u32]> {
    tail::link(code)
}

/// The code the dispatcher runs for a translated body (the loop runs the opcode form).
#[cfg(not(sheave_tail_dispatch))]
pub(crate) fn link(code: &[u32]) -> alloc::boxed::Box<[u32]> {
    code.into()
}

/// Which dispatcher this build runs.
#[cfg(all(sheave_tail_dispatch, feature = "nightly-tail-calls"))]
pub const DISPATCHER: &str = "tail-call (become)";
/// Which dispatcher this build runs.
#[cfg(all(sheave_tail_dispatch, not(feature = "nightly-tail-calls")))]
pub const DISPATCHER: &str = "tail-call (sibling calls)";
/// Which dispatcher this build runs.
#[cfg(not(sheave_tail_dispatch))]
pub const DISPATCHER: &str = "loop";

macro_rules! define_loop {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// Runs from `r` until an exit.
        ///
        /// # Safety
        /// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
        #[cfg_attr(sheave_tail_dispatch, allow(dead_code))]
        pub(super) unsafe fn run_loop(mut r: Regs, cx: &mut Executor) -> Exit {
            use crate::code::Opcode;
            loop {
                // SAFETY: `ip` is at a valid opcode word; the opcode enum is `repr(u32)` and
                // the translator only writes opcodes from it.
                let op: Opcode = unsafe { core::mem::transmute::<u32, Opcode>(*r.ip) };
                // SAFETY: the instruction at `ip` is a well-formed `op`.
                let res = unsafe {
                    match op {
                        $(Opcode::$name => decode::$snake(&mut r, cx),)*
                    }
                };
                if let Err(e) = res {
                    cx.save(r);
                    return e;
                }
            }
        }
    };
}
crate::for_each_op!(define_loop);

/// Runs from `r` until an exit.
///
/// # Safety
/// `r.ip` is at a valid instruction of translated code; see [`Executor::run`].
#[cfg(not(sheave_tail_dispatch))]
pub(super) unsafe fn run(r: Regs, cx: &mut Executor) -> Exit {
    // SAFETY: forwarded contract.
    unsafe { run_loop(r, cx) }
}
