//! Superinstructions: each runs its pair's two handlers in order (the pairs are listed in
//! `for_each_fusion!`): the first with the operands the dispatcher's decoder read, the second
//! through its own decoder, from `ip` moved back to its part of the pair, which leaves `ip`
//! past the pair, as the second handler expects (a call returns there, a branch jumps from
//! its own offset word).

use super::*;

macro_rules! kind_ty {
    (Slot) => { u32 };
    (U32) => { u32 };
    (U64) => { u64 };
    (Off) => { *const u32 };
}

macro_rules! define_fused_handlers {
    ($( $fused:ident $fsnake:ident = $a:ident $asnake:ident { $($af:ident : $ak:ident),* }
        + $b:ident $bsnake:ident { $($bf:ident : $bk:ident),* } ; )*) => {$(
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $fsnake<M: Mode>(
            r: &mut Regs<M>,
            cx: &mut Executor,
            $($af: kind_ty!($ak),)*
            _next: u64,
            $($bf: kind_ty!($bk),)*
        ) -> Flow {
            $asnake(r, cx, $($af),*)?;
            if M::PINNED {
                // A pinned-local variant: its pinned operands are constants here, which the
                // second op's own decoder would read back from the code.
                return $bsnake(r, cx, $($bf),*);
            }
            // The second op decodes its own operands, after the first ran: the operands
            // the decoder read up front go unused (LLVM drops the loads), so the two halves
            // need registers one after the other, not at once (decoded together, the
            // five-operand superinstructions saved callee-saved registers).
            let _ = ($($bf,)*);
            r.ip = r.ip.wrapping_sub(const { crate::code::Opcode::$b.words() });
            // SAFETY: `ip` is at the second op's part of the superinstruction: its opcode
            // field, then its operands, as the op alone has them (`Layout`).
            unsafe { crate::exec::dispatch::operands::$bsnake(r, cx) }
        }
    )*};
}
crate::for_each_fusion!(define_fused_handlers);
