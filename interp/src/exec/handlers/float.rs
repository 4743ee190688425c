//! Float arithmetic, comparison and sign ops (f32 and f64). Sign ops work on bits so NaN
//! payloads survive exactly.

use super::{Executor, Flow, Mode, Regs};
use crate::semantics as sem;

macro_rules! fbinops {
    ($get:ident, $set:ident; $($name:ident => |$a:ident, $b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
            let $a = r.$get(a);
            let $b = r.$get(b);
            let v = $e;
            r.$set(dst, v);
            Ok(())
        }
    )*};
}

fbinops! { f32, set_f32;
    f32_add => |a, b| a + b;
    f32_sub => |a, b| a - b;
    f32_mul => |a, b| a * b;
    f32_div => |a, b| a / b;
    f32_min => |a, b| sem::f32_min(a, b);
    f32_max => |a, b| sem::f32_max(a, b);
}
fbinops! { f64, set_f64;
    f64_add => |a, b| a + b;
    f64_sub => |a, b| a - b;
    f64_mul => |a, b| a * b;
    f64_div => |a, b| a / b;
    f64_min => |a, b| sem::f64_min(a, b);
    f64_max => |a, b| sem::f64_max(a, b);
}
fbinops! { u32, set_u32;
    f32_copysign => |a, b| sem::f32_copysign(a, b);
}
fbinops! { u64, set_u64;
    f64_copysign => |a, b| sem::f64_copysign(a, b);
}

macro_rules! fcmps {
    ($get:ident; $($name:ident => |$a:ident, $b:ident| $e:expr;)*) => {$(
        #[inline(always)]
        pub(crate) fn $name(r: &mut Regs<impl Mode>, _cx: &mut Executor, dst: u32, a: u32, b: u32) -> Flow {
            let $a = r.$get(a);
            let $b = r.$get(b);
            r.set_u32(dst, ($e) as u32);
            Ok(())
        }
    )*};
}

fcmps! { f32;
    f32_eq => |a, b| a == b;
    f32_ne => |a, b| a != b;
    f32_lt => |a, b| a < b;
    f32_gt => |a, b| a > b;
    f32_le => |a, b| a <= b;
    f32_ge => |a, b| a >= b;
}
fcmps! { f64;
    f64_eq => |a, b| a == b;
    f64_ne => |a, b| a != b;
    f64_lt => |a, b| a < b;
    f64_gt => |a, b| a > b;
    f64_le => |a, b| a <= b;
    f64_ge => |a, b| a >= b;
}

super::int::unops! { u32, set_u32;
    f32_abs => |a| a & 0x7fff_ffff;
    f32_neg => |a| a ^ 0x8000_0000;
}
super::int::unops! { u64, set_u64;
    f64_abs => |a| a & 0x7fff_ffff_ffff_ffff;
    f64_neg => |a| a ^ 0x8000_0000_0000_0000;
}
super::int::unops! { f32, set_f32;
    f32_ceil => |a| sem::f32_ceil(a);
    f32_floor => |a| sem::f32_floor(a);
    f32_trunc => |a| sem::f32_trunc(a);
    f32_nearest => |a| sem::f32_nearest(a);
    f32_sqrt => |a| sem::f32_sqrt(a);
}
super::int::unops! { f64, set_f64;
    f64_ceil => |a| sem::f64_ceil(a);
    f64_floor => |a| sem::f64_floor(a);
    f64_trunc => |a| sem::f64_trunc(a);
    f64_nearest => |a| sem::f64_nearest(a);
    f64_sqrt => |a| sem::f64_sqrt(a);
}
