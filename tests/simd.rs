//! Property tests of the SIMD lane operations: each op, run by Sheave on random vectors
//! (through the translator, v128 slot pairs and the handlers), against a scalar reference
//! model written here lane by lane with 128-bit integer arithmetic.

use proptest::prelude::*;
use sheave::{Config, Engine, Instance, Linker, Module, Store, Val};

/// Lane `i` of width `w` bits, zero-extended.
fn lane(v: u128, w: u32, i: u32) -> u128 {
    (v >> (i * w)) & mask(w)
}

fn mask(w: u32) -> u128 {
    if w == 128 { u128::MAX } else { (1u128 << w) - 1 }
}

/// Lane `i` sign-extended.
fn slane(v: u128, w: u32, i: u32) -> i128 {
    let x = lane(v, w, i) as i128;
    if x >> (w - 1) & 1 == 1 { x - (1i128 << w) } else { x }
}

fn from_lanes(w: u32, f: impl Fn(u32) -> i128) -> u128 {
    (0..128 / w).fold(0u128, |v, i| v | ((f(i) as u128) & mask(w)) << (i * w))
}

fn sat(x: i128, lo: i128, hi: i128) -> i128 {
    x.clamp(lo, hi)
}

/// The reference result of binary op `name` (e.g. `"i16x8.add_sat_s"`).
fn reference(name: &str, a: u128, b: u128) -> u128 {
    let (shape, op) = name.split_once('.').unwrap();
    let w: u32 = match shape {
        "i8x16" => 8,
        "i16x8" => 16,
        "i32x4" => 32,
        "i64x2" => 64,
        _ => 128,
    };
    // Lane bounds (whole-vector ops, w = 128, do not use them).
    let (smin, smax, umax) =
        if w == 128 { (0, 0, 0) } else { (-(1i128 << (w - 1)), (1i128 << (w - 1)) - 1, (1i128 << w) - 1) };
    let u = |v: u128, i: u32| lane(v, w, i) as i128;
    let s = |v: u128, i: u32| slane(v, w, i);
    let flag = |c: bool| if c { -1 } else { 0 };
    match op {
        "add" => from_lanes(w, |i| u(a, i) + u(b, i)),
        "sub" => from_lanes(w, |i| u(a, i) - u(b, i)),
        "mul" => from_lanes(w, |i| u(a, i).wrapping_mul(u(b, i))),
        "add_sat_s" => from_lanes(w, |i| sat(s(a, i) + s(b, i), smin, smax)),
        "add_sat_u" => from_lanes(w, |i| sat(u(a, i) + u(b, i), 0, umax)),
        "sub_sat_s" => from_lanes(w, |i| sat(s(a, i) - s(b, i), smin, smax)),
        "sub_sat_u" => from_lanes(w, |i| sat(u(a, i) - u(b, i), 0, umax)),
        "min_s" => from_lanes(w, |i| s(a, i).min(s(b, i))),
        "min_u" => from_lanes(w, |i| u(a, i).min(u(b, i))),
        "max_s" => from_lanes(w, |i| s(a, i).max(s(b, i))),
        "max_u" => from_lanes(w, |i| u(a, i).max(u(b, i))),
        "avgr_u" => from_lanes(w, |i| (u(a, i) + u(b, i) + 1) >> 1),
        "eq" => from_lanes(w, |i| flag(u(a, i) == u(b, i))),
        "ne" => from_lanes(w, |i| flag(u(a, i) != u(b, i))),
        "lt_s" => from_lanes(w, |i| flag(s(a, i) < s(b, i))),
        "lt_u" => from_lanes(w, |i| flag(u(a, i) < u(b, i))),
        "gt_s" => from_lanes(w, |i| flag(s(a, i) > s(b, i))),
        "gt_u" => from_lanes(w, |i| flag(u(a, i) > u(b, i))),
        "le_s" => from_lanes(w, |i| flag(s(a, i) <= s(b, i))),
        "ge_u" => from_lanes(w, |i| flag(u(a, i) >= u(b, i))),
        "and" => a & b,
        "or" => a | b,
        "xor" => a ^ b,
        "andnot" => a & !b,
        "swizzle" => from_lanes(8, |i| {
            let j = lane(b, 8, i);
            if j < 16 { lane(a, 8, j as u32) as i128 } else { 0 }
        }),
        "narrow_i16x8_s" => from_lanes(8, |i| {
            let x = if i < 8 { slane(a, 16, i) } else { slane(b, 16, i - 8) };
            sat(x, -128, 127)
        }),
        "narrow_i16x8_u" => from_lanes(8, |i| {
            let x = if i < 8 { slane(a, 16, i) } else { slane(b, 16, i - 8) };
            sat(x, 0, 255)
        }),
        "q15mulr_sat_s" => from_lanes(16, |i| sat((s(a, i) * s(b, i) + 0x4000) >> 15, smin, smax)),
        "dot_i16x8_s" => from_lanes(32, |i| {
            slane(a, 16, 2 * i) * slane(b, 16, 2 * i) + slane(a, 16, 2 * i + 1) * slane(b, 16, 2 * i + 1)
        }),
        "extmul_low_i8x16_s" => from_lanes(16, |i| slane(a, 8, i) * slane(b, 8, i)),
        "extmul_high_i16x8_u" => from_lanes(32, |i| lane(a, 16, i + 4) as i128 * lane(b, 16, i + 4) as i128),
        other => panic!("no reference for {other}"),
    }
}

const BINARY: &[&str] = &[
    "i8x16.add",
    "i16x8.add",
    "i32x4.add",
    "i64x2.add",
    "i8x16.sub",
    "i64x2.sub",
    "i16x8.mul",
    "i32x4.mul",
    "i64x2.mul",
    "i8x16.add_sat_s",
    "i8x16.add_sat_u",
    "i16x8.add_sat_s",
    "i16x8.sub_sat_u",
    "i8x16.sub_sat_s",
    "i8x16.min_s",
    "i8x16.min_u",
    "i16x8.max_s",
    "i32x4.max_u",
    "i32x4.min_s",
    "i8x16.avgr_u",
    "i16x8.avgr_u",
    "i8x16.eq",
    "i16x8.ne",
    "i32x4.lt_s",
    "i8x16.lt_u",
    "i16x8.gt_s",
    "i8x16.gt_u",
    "i64x2.le_s",
    "i32x4.ge_u",
    "v128.and",
    "v128.or",
    "v128.xor",
    "v128.andnot",
    "i8x16.swizzle",
    "i8x16.narrow_i16x8_s",
    "i8x16.narrow_i16x8_u",
    "i16x8.q15mulr_sat_s",
    "i32x4.dot_i16x8_s",
    "i16x8.extmul_low_i8x16_s",
    "i32x4.extmul_high_i16x8_u",
];

fn setup() -> (Store<()>, Instance) {
    let mut m = String::from("(module\n");
    for op in BINARY {
        m += &format!("(func (export \"{op}\") (param v128 v128) (result v128) ({op} (local.get 0) (local.get 1)))\n");
    }
    m += r#"(func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
        (func (export "all_true") (param v128) (result i32) (i32x4.all_true (local.get 0)))
        (func (export "shl") (param v128 i32) (result v128) (i16x8.shl (local.get 0) (local.get 1)))
        (func (export "shr_s") (param v128 i32) (result v128) (i32x4.shr_s (local.get 0) (local.get 1)))
        (func (export "bitselect") (param v128 v128 v128) (result v128)
            (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
        (func (export "extract_replace") (param v128 i32) (result v128 i32)
            (i16x8.replace_lane 3 (local.get 0) (local.get 1))
            (i8x16.extract_lane_s 15 (local.get 0)))
        (func (export "shuffle") (param v128 v128) (result v128)
            (i8x16.shuffle 31 0 30 1 29 2 28 3 16 17 18 19 4 5 6 7 (local.get 0) (local.get 1)))
        (func (export "f32x4.min") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
        (func (export "f32x4.add") (param v128 v128) (result v128) (f32x4.add (local.get 0) (local.get 1)))
        ;; v128 through locals, a block result, a call and memory
        (memory 1)
        (func $id (param v128) (result v128) (local.get 0))
        (func (export "roundtrip") (param v128) (result v128) (local v128)
            (v128.store offset=3 (i32.const 5) (call $id (local.get 0)))
            (local.set 1 (block (result v128) (v128.load offset=3 (i32.const 5))))
            (local.get 1)))"#;
    let mut config = Config::new();
    config.wasm_simd(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, m).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn call(store: &mut Store<()>, instance: &Instance, name: &str, args: &[Val], results: usize) -> Vec<Val> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let mut out = vec![Val::I32(0); results];
    f.call(&mut *store, args, &mut out).unwrap();
    out
}

fn v128(v: &Val) -> u128 {
    match v {
        Val::V128(x) => x.as_u128(),
        other => panic!("not a v128: {other:?}"),
    }
}

/// Wasm `min` of one f32 lane (canonical NaN when either is NaN; -0 below +0).
fn f32_min_ref(a: u32, b: u32) -> u32 {
    let (x, y) = (f32::from_bits(a), f32::from_bits(b));
    if x.is_nan() || y.is_nan() {
        return 0x7fc0_0000;
    }
    if x == y {
        return a | b;
    }
    if x < y { a } else { b }
}

fn f32_add_ref(a: u32, b: u32) -> u32 {
    let r = f32::from_bits(a) + f32::from_bits(b);
    if r.is_nan() { 0x7fc0_0000 } else { r.to_bits() }
}

proptest! {
    #[test]
    fn binary_lane_ops_match_the_reference(a in any::<u128>(), b in any::<u128>(), mix in any::<u128>()) {
        let (mut store, instance) = setup();
        // Equal lanes happen rarely in random vectors: mix some in.
        let b = (b & mix) | (a & !mix);
        for op in BINARY {
            let got = v128(&call(&mut store, &instance, op, &[Val::V128(a.into()), Val::V128(b.into())], 1)[0]);
            prop_assert_eq!(got, reference(op, a, b), "{} {:#x} {:#x}", op, a, b);
        }
    }

    #[test]
    fn lane_shapes_match_the_reference(a in any::<u128>(), b in any::<u128>(), c in any::<u128>(), n in any::<i32>()) {
        let (mut store, instance) = setup();
        let r = call(&mut store, &instance, "bitmask", &[Val::V128(a.into())], 1);
        prop_assert_eq!(r[0].unwrap_i32() as u32, (0..16).fold(0, |m, i| m | ((lane(a, 8, i) >> 7) as u32) << i));
        let r = call(&mut store, &instance, "all_true", &[Val::V128((a & c).into())], 1);
        prop_assert_eq!(r[0].unwrap_i32(), (0..4).all(|i| lane(a & c, 32, i) != 0) as i32);
        let r = call(&mut store, &instance, "shl", &[Val::V128(a.into()), Val::I32(n)], 1);
        prop_assert_eq!(v128(&r[0]), from_lanes(16, |i| (lane(a, 16, i) << (n as u32 % 16)) as i128));
        let r = call(&mut store, &instance, "shr_s", &[Val::V128(a.into()), Val::I32(n)], 1);
        prop_assert_eq!(v128(&r[0]), from_lanes(32, |i| slane(a, 32, i) >> (n as u32 % 32)));
        let r = call(&mut store, &instance, "bitselect", &[Val::V128(a.into()), Val::V128(b.into()), Val::V128(c.into())], 1);
        prop_assert_eq!(v128(&r[0]), (a & c) | (b & !c));
        let r = call(&mut store, &instance, "extract_replace", &[Val::V128(a.into()), Val::I32(n)], 2);
        let replaced = (a & !(0xffffu128 << 48)) | ((n as u16 as u128) << 48);
        prop_assert_eq!(v128(&r[0]), replaced);
        prop_assert_eq!(r[1].unwrap_i32(), slane(a, 8, 15) as i32);
        let r = call(&mut store, &instance, "shuffle", &[Val::V128(a.into()), Val::V128(b.into())], 1);
        let picks = [31u32, 0, 30, 1, 29, 2, 28, 3, 16, 17, 18, 19, 4, 5, 6, 7];
        let want = from_lanes(8, |i| {
            let j = picks[i as usize];
            (if j < 16 { lane(a, 8, j) } else { lane(b, 8, j - 16) }) as i128
        });
        prop_assert_eq!(v128(&r[0]), want);
        let r = call(&mut store, &instance, "roundtrip", &[Val::V128(a.into())], 1);
        prop_assert_eq!(v128(&r[0]), a);
    }

    #[test]
    fn float_lanes_match_the_reference(a in any::<u128>(), b in any::<u128>()) {
        let (mut store, instance) = setup();
        let r = call(&mut store, &instance, "f32x4.min", &[Val::V128(a.into()), Val::V128(b.into())], 1);
        let want = from_lanes(32, |i| f32_min_ref(lane(a, 32, i) as u32, lane(b, 32, i) as u32) as i128);
        prop_assert_eq!(v128(&r[0]), want);
        let r = call(&mut store, &instance, "f32x4.add", &[Val::V128(a.into()), Val::V128(b.into())], 1);
        let want = from_lanes(32, |i| f32_add_ref(lane(a, 32, i) as u32, lane(b, 32, i) as u32) as i128);
        prop_assert_eq!(v128(&r[0]), want);
    }
}

#[test]
fn simd_can_be_turned_off() {
    let mut config = Config::new();
    // As in wasmtime: SIMD off with relaxed SIMD (on by default) still on is a config error.
    config.wasm_simd(false);
    let err = Engine::new(&config).unwrap_err();
    assert!(format!("{err:#}").contains("relaxed simd"), "{err:#}");
    config.wasm_relaxed_simd(false);
    let engine = Engine::new(&config).unwrap();
    let err = Module::new(&engine, r#"(module (func (param v128)))"#).unwrap_err();
    assert!(format!("{err:?}").contains("SIMD"), "{err:?}");
    // Relaxed SIMD is on by default, as in wasmtime; it can be turned off alone.
    let wat = r#"(module (func (param v128 v128) (result v128)
        (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))"#;
    assert!(Module::new(&Engine::default(), wat).is_ok());
    let mut config = Config::new();
    config.wasm_relaxed_simd(false);
    assert!(Module::new(&Engine::new(&config).unwrap(), wat).is_err());
}
