//! Superinstructions: each runs its pair's two handlers in order (the pairs are listed in
//! `for_each_fusion!`). The dispatcher's decoder has already moved `ip` past the pair, which
//! is what the second handler expects (a call returns there, a branch jumps from its own
//! offset word).

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
        pub(crate) fn $fsnake(
            r: &mut Regs<impl Mode>,
            cx: &mut Executor,
            $($af: kind_ty!($ak),)*
            _next: u64,
            $($bf: kind_ty!($bk),)*
        ) -> Flow {
            $asnake(r, cx, $($af),*)?;
            $bsnake(r, cx, $($bf),*)
        }
    )*};
}
crate::for_each_fusion!(define_fused_handlers);
