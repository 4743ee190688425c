//! Property tests of integer and float op semantics: each Wasm op, executed by Sheave (with
//! register and immediate operands), against Rust's own operations.

use proptest::prelude::*;
use sheave::{Engine, Instance, Linker, Module, Store, Trap};

const OPS_I32: &[&str] = &[
    "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl",
    "rotr", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];
const OPS_F: &[&str] = &["add", "sub", "mul", "div", "min", "max", "copysign", "eq", "ne", "lt", "gt", "le", "ge"];

fn module_text() -> String {
    let mut m = String::from("(module\n");
    for ty in ["i32", "i64"] {
        for op in OPS_I32 {
            let is_cmp = ["eq", "ne", "lt", "gt", "le", "ge"].iter().any(|c| op.starts_with(c));
            let res = if is_cmp { "i32" } else { ty };
            m += &format!(
                "(func (export \"{ty}.{op}\") (param {ty} {ty}) (result {res}) ({ty}.{op} (local.get 0) (local.get 1)))\n"
            );
        }
    }
    for ty in ["f32", "f64"] {
        for op in OPS_F {
            let res = if ["eq", "ne", "lt", "gt", "le", "ge"].contains(op) { "i32" } else { ty };
            m += &format!(
                "(func (export \"{ty}.{op}\") (param {ty} {ty}) (result {res}) ({ty}.{op} (local.get 0) (local.get 1)))\n"
            );
        }
    }
    m += "(func (export \"i32.add_imm\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 12345)))\n";
    m += "(func (export \"i32.shl_imm\") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 37)))\n";
    m += "(func (export \"i64.mul_imm\") (param i64) (result i64) (i64.mul (local.get 0) (i64.const -77777777777)))\n";
    m += ")";
    m
}

fn setup() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, module_text()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// Rust's reference result of a binary op, for a signed type and its unsigned twin.
macro_rules! int_ref {
    ($name:ident, $s:ty, $u:ty, $bits:expr) => {
        fn $name(op: &str, a: $s, b: $s) -> Result<$s, Trap> {
            let (ua, ub) = (a as $u, b as $u);
            Ok(match op {
                "add" => a.wrapping_add(b),
                "sub" => a.wrapping_sub(b),
                "mul" => a.wrapping_mul(b),
                "div_s" => {
                    if b == 0 {
                        return Err(Trap::IntegerDivisionByZero);
                    }
                    a.checked_div(b).ok_or(Trap::IntegerOverflow)?
                }
                "div_u" => ua.checked_div(ub).ok_or(Trap::IntegerDivisionByZero)? as $s,
                "rem_s" => {
                    if b == 0 {
                        return Err(Trap::IntegerDivisionByZero);
                    }
                    a.wrapping_rem(b)
                }
                "rem_u" => ua.checked_rem(ub).ok_or(Trap::IntegerDivisionByZero)? as $s,
                "and" => a & b,
                "or" => a | b,
                "xor" => a ^ b,
                "shl" => a.wrapping_shl(ub as u32),
                "shr_s" => a.wrapping_shr(ub as u32),
                "shr_u" => ua.wrapping_shr(ub as u32) as $s,
                "rotl" => ua.rotate_left((ub % $bits) as u32) as $s,
                "rotr" => ua.rotate_right((ub % $bits) as u32) as $s,
                "eq" => (a == b) as $s,
                "ne" => (a != b) as $s,
                "lt_s" => (a < b) as $s,
                "lt_u" => (ua < ub) as $s,
                "gt_s" => (a > b) as $s,
                "gt_u" => (ua > ub) as $s,
                "le_s" => (a <= b) as $s,
                "le_u" => (ua <= ub) as $s,
                "ge_s" => (a >= b) as $s,
                "ge_u" => (ua >= ub) as $s,
                _ => unreachable!(),
            })
        }
    };
}
int_ref!(i32_ref, i32, u32, 32);
int_ref!(i64_ref, i64, u64, 64);

fn trap_of(e: anyhow::Error) -> Trap {
    *e.downcast_ref::<Trap>().expect("a trap")
}

/// Small values and edges hit division, overflow and shift corners more often.
fn int32() -> impl Strategy<Value = i32> {
    prop_oneof![any::<i32>(), -3i32..3, Just(i32::MIN), Just(i32::MAX), Just(31), Just(32)]
}
fn int64() -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>(), -3i64..3, Just(i64::MIN), Just(i64::MAX), Just(63), Just(64)]
}
fn float64() -> impl Strategy<Value = f64> {
    prop_oneof![any::<f64>(), Just(0.0), Just(-0.0), Just(f64::INFINITY), Just(f64::NAN), -2.0f64..2.0]
}

proptest! {
    #[test]
    fn i32_ops_match_rust(a in int32(), b in int32()) {
        let (mut store, instance) = setup();
        for op in OPS_I32 {
            let want = i32_ref(op, a, b);
            let name = format!("i32.{op}");
            let f = instance.get_typed_func::<(i32, i32), i32>(&mut store, &name).unwrap();
            let got = f.call(&mut store, (a, b)).map_err(trap_of);
            prop_assert_eq!(got, want, "{} {} {}", name, a, b);
        }
        let add = instance.get_typed_func::<i32, i32>(&mut store, "i32.add_imm").unwrap();
        prop_assert_eq!(add.call(&mut store, a).unwrap(), a.wrapping_add(12345));
        let shl = instance.get_typed_func::<i32, i32>(&mut store, "i32.shl_imm").unwrap();
        prop_assert_eq!(shl.call(&mut store, a).unwrap(), a.wrapping_shl(37));
    }

    #[test]
    fn i64_ops_match_rust(a in int64(), b in int64()) {
        let (mut store, instance) = setup();
        for op in OPS_I32 {
            let want = i64_ref(op, a, b);
            let name = format!("i64.{op}");
            let f = instance.get_func(&mut store, &name).unwrap();
            let mut out = [sheave::Val::I32(0)];
            let got = f.call(&mut store, &[a.into(), b.into()], &mut out).map_err(trap_of).map(|_| match out[0] {
                sheave::Val::I64(v) => v,
                sheave::Val::I32(v) => v as i64,
                other => panic!("unexpected {other:?}"),
            });
            prop_assert_eq!(got, want, "{} {} {}", name, a, b);
        }
        let mul = instance.get_typed_func::<i64, i64>(&mut store, "i64.mul_imm").unwrap();
        prop_assert_eq!(mul.call(&mut store, a).unwrap(), a.wrapping_mul(-77777777777));
    }

    #[test]
    fn f64_ops_match_rust(a in float64(), b in float64()) {
        let (mut store, instance) = setup();
        for op in OPS_F {
            let name = format!("f64.{op}");
            let f = instance.get_func(&mut store, &name).unwrap();
            let mut out = [sheave::Val::I32(0)];
            f.call(&mut store, &[a.into(), b.into()], &mut out).unwrap();
            let want: Option<f64> = match *op {
                "add" => Some(a + b),
                "sub" => Some(a - b),
                "mul" => Some(a * b),
                "div" => Some(a / b),
                "min" => Some(if a.is_nan() || b.is_nan() { f64::NAN } else if a == b { if a.is_sign_negative() { a } else { b } } else { a.min(b) }),
                "max" => Some(if a.is_nan() || b.is_nan() { f64::NAN } else if a == b { if a.is_sign_positive() { a } else { b } } else { a.max(b) }),
                "copysign" => Some(a.copysign(b)),
                _ => None,
            };
            match (want, out[0]) {
                (Some(w), sheave::Val::F64(bits)) => {
                    let g = f64::from_bits(bits);
                    if w.is_nan() {
                        prop_assert!(g.is_nan(), "{} {} {} -> {}", name, a, b, g);
                    } else {
                        prop_assert_eq!(g.to_bits(), w.to_bits(), "{} {} {}", name, a, b);
                    }
                }
                (None, sheave::Val::I32(v)) => {
                    let w = match *op { "eq" => a == b, "ne" => a != b, "lt" => a < b, "gt" => a > b, "le" => a <= b, _ => a >= b };
                    prop_assert_eq!(v, w as i32, "{} {} {}", name, a, b);
                }
                other => prop_assert!(false, "unexpected {:?}", other),
            }
        }
    }

    #[test]
    fn f32_conversions_match_rust(x in any::<f32>()) {
        let engine = Engine::default();
        let module = Module::new(&engine, r#"(module
            (func (export "sat") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
            (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
            (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0))))"#).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let sat = inst.get_typed_func::<f32, i32>(&mut store, "sat").unwrap();
        prop_assert_eq!(sat.call(&mut store, x).unwrap(), x as i32);
        let trunc = inst.get_typed_func::<f32, i32>(&mut store, "trunc").unwrap();
        let t = x.trunc();
        let want = if x.is_nan() { Err(Trap::BadConversionToInteger) }
            else if (-2147483648.0..2147483648.0).contains(&t) { Ok(t as i32) } else { Err(Trap::IntegerOverflow) };
        prop_assert_eq!(trunc.call(&mut store, x).map_err(trap_of), want);
        let nearest = inst.get_typed_func::<f32, f32>(&mut store, "nearest").unwrap();
        let n = nearest.call(&mut store, x).unwrap();
        if x.is_nan() { prop_assert!(n.is_nan()); } else { prop_assert_eq!(n.to_bits(), x.round_ties_even().to_bits()); }
    }
}
