//! Conversions between integer and float types.

use super::{Executor, Flow, Mode, Regs, trap};
use crate::semantics as sem;

super::int::unops! { u64, set_u32;
    i32_wrap_i64 => |a| a as u32;
}
super::int::unops! { u32, set_u64;
    i64_extend_i32_s => |a| a as i32 as i64 as u64;
    i64_extend_i32_u => |a| a as u64;
}
super::int::unops! { f32, set_u32;
    i32_trunc_f32_s => |a| sem::i32_trunc_f32_s(a).map_err(trap)? as u32;
    i32_trunc_f32_u => |a| sem::i32_trunc_f32_u(a).map_err(trap)?;
    i32_trunc_sat_f32_s => |a| sem::i32_trunc_sat_f32_s(a) as u32;
    i32_trunc_sat_f32_u => |a| sem::i32_trunc_sat_f32_u(a);
}
super::int::unops! { f64, set_u32;
    i32_trunc_f64_s => |a| sem::i32_trunc_f64_s(a).map_err(trap)? as u32;
    i32_trunc_f64_u => |a| sem::i32_trunc_f64_u(a).map_err(trap)?;
    i32_trunc_sat_f64_s => |a| sem::i32_trunc_sat_f64_s(a) as u32;
    i32_trunc_sat_f64_u => |a| sem::i32_trunc_sat_f64_u(a);
}
super::int::unops! { f32, set_u64;
    i64_trunc_f32_s => |a| sem::i64_trunc_f32_s(a).map_err(trap)? as u64;
    i64_trunc_f32_u => |a| sem::i64_trunc_f32_u(a).map_err(trap)?;
    i64_trunc_sat_f32_s => |a| sem::i64_trunc_sat_f32_s(a) as u64;
    i64_trunc_sat_f32_u => |a| sem::i64_trunc_sat_f32_u(a);
}
super::int::unops! { f64, set_u64;
    i64_trunc_f64_s => |a| sem::i64_trunc_f64_s(a).map_err(trap)? as u64;
    i64_trunc_f64_u => |a| sem::i64_trunc_f64_u(a).map_err(trap)?;
    i64_trunc_sat_f64_s => |a| sem::i64_trunc_sat_f64_s(a) as u64;
    i64_trunc_sat_f64_u => |a| sem::i64_trunc_sat_f64_u(a);
}
super::int::unops! { u32, set_f32;
    f32_convert_i32_s => |a| a as i32 as f32;
    f32_convert_i32_u => |a| a as f32;
}
super::int::unops! { u64, set_f32;
    f32_convert_i64_s => |a| a as i64 as f32;
    f32_convert_i64_u => |a| a as f32;
}
super::int::unops! { u32, set_f64;
    f64_convert_i32_s => |a| a as i32 as f64;
    f64_convert_i32_u => |a| a as f64;
}
super::int::unops! { u64, set_f64;
    f64_convert_i64_s => |a| a as i64 as f64;
    f64_convert_i64_u => |a| a as f64;
}
super::int::unops! { f64, set_f32;
    f32_demote_f64 => |a| a as f32;
}
super::int::unops! { f32, set_f64;
    f64_promote_f32 => |a| a as f64;
}
