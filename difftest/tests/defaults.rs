//! Sheave's default configuration accepts the same proposals as wasmtime 48's (threads
//! aside: Sheave does not implement them, so it refuses them whatever the default): one probe
//! module per proposal, compiled on `Engine::default()` of both.

const PROBES: &[(&str, &str)] = &[
    ("tail calls", "(module (func $f (return_call $f)))"),
    ("multi-memory", "(module (memory 1) (memory 1))"),
    ("memory64", "(module (memory i64 1))"),
    ("extended const", "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"),
    ("function references", "(module (type $t (func)) (func (param (ref null $t))))"),
    ("exceptions", "(module (tag) (func (throw 0)))"),
    ("legacy exceptions", "(module (tag) (func try catch_all end))"),
    ("simd", "(module (func (result v128) (v128.const i64x2 0 0)))"),
    ("relaxed simd", "(module (func (param v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))"),
    (
        "wide arithmetic",
        "(module (func (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1))))",
    ),
    ("custom page sizes", "(module (memory 1 (pagesize 1)))"),
    ("gc", "(module (type $s (struct (field i32))) (func (result anyref) (struct.new $s (i32.const 1))))"),
    ("gc rec groups", "(module (rec (type $a (func (param (ref null $b)))) (type $b (struct))))"),
];

#[test]
fn default_proposals_match_wasmtime_48() {
    let sheave = sheave::Engine::default();
    let wasmtime = wasmtime::Engine::default();
    let mut differ = Vec::new();
    for (name, wat) in PROBES {
        let bytes = wat::parse_str(wat).unwrap();
        let s = sheave::Module::new(&sheave, &bytes).is_ok();
        let w = wasmtime::Module::new(&wasmtime, &bytes).is_ok();
        println!("{name}: sheave {s}, wasmtime {w}");
        if s != w {
            differ.push(format!("{name}: sheave accepts = {s}, wasmtime 48 accepts = {w}"));
        }
    }
    assert!(differ.is_empty(), "defaults differ:\n{}", differ.join("\n"));
}
