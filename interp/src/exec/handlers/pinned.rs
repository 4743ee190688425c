//! Pinned-local variants (listed in `for_each_pin_variant!`): each runs its base op's
//! handler in mode `Pinned` with its pinned operands the constant slot 0, so that the base
//! handler's reads of slot 0 become reads of `l0` and its writes also update `l0`.

use super::*;

macro_rules! pin_ty {
    (P) => { u32 };
    (Slot) => { u32 };
    (U32) => { u32 };
    (U64) => { u64 };
    (Off) => { *const u32 };
}

macro_rules! pin_arg {
    (P, $f:ident) => {{
        let _ = $f;
        0
    }};
    (Slot, $f:ident) => {{
        // SAFETY: a variant's unpinned slot operands are not slot 0 (`pin::pin_slot0` only
        // rewrites such instructions, and the verifier checks artifacts' variants).
        unsafe { core::hint::assert_unchecked($f != 0) };
        $f
    }};
    ($k:ident, $f:ident) => {
        $f
    };
}

macro_rules! define_pinned_handlers {
    ($( $v:ident $vsnake:ident = $b:ident $bsnake:ident { $($f:ident : $k:ident),* } ; )*) => {$(
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $vsnake<M: Mode>(r: &mut Regs<M>, cx: &mut Executor, $($f: pin_ty!($k)),*) -> Flow {
            let mut p = r.cast::<crate::exec::Pinned<M>>();
            let flow = $bsnake(&mut p, cx, $(pin_arg!($k, $f)),*);
            *r = p.cast();
            flow
        }
    )*};
}
crate::for_each_pin_variant!(define_pinned_handlers);
