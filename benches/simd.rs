//! A vector kernel on Sheave, SIMD against scalar: counting the bytes equal to a needle in
//! 64 KiB of memory, written once with `i8x16.eq` + `i8x16.bitmask` + `i32.popcnt` over 16
//! bytes a step and once with one `i32.load8_u` and compare a byte, plus a dot product of
//! i16 vectors (`i32x4.dot_i16x8_s` against scalar multiply-adds).
//! `cargo bench -p sheave-benches --bench simd [--features cranelift]` (the Cranelift tier's rows too).

use criterion::{Criterion, criterion_group, criterion_main};

const KERNELS: &str = r#"(module
  (memory (export "mem") 2)
  (func (export "count_simd") (param $needle i32) (result i32) (local $i i32) (local $n i32) (local $splat v128)
    (local.set $splat (i8x16.splat (local.get $needle)))
    (loop $l
      (local.set $n (i32.add (local.get $n)
        (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $splat))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 65536))))
    (local.get $n))
  (func (export "count_scalar") (param $needle i32) (result i32) (local $i i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.eq (i32.load8_u (local.get $i)) (local.get $needle))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536))))
    (local.get $n))
  ;; Dot product of two vectors of 16384 i16 each (at 0 and 32768).
  (func (export "dot_simd") (result i32) (local $i i32) (local $acc v128)
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc)
        (i32x4.dot_i16x8_s (v128.load (local.get $i)) (v128.load offset=32768 (local.get $i)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 32768))))
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
             (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
  (func (export "dot_scalar") (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (i32.mul (i32.load16_s (local.get $i)) (i32.load16_s offset=32768 (local.get $i)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (i32.const 32768))))
    (local.get $acc)))"#;

/// The engines the kernels run on: the interpreter alone, and with the `cranelift` feature
/// the Cranelift tier (SIMD ops inline where the host has vectors).
fn engines() -> Vec<(&'static str, sheave::Engine)> {
    use sheave::*;
    let mut strategies = vec![("interpreter", Strategy::Winch)];
    if cfg!(feature = "cranelift") {
        strategies.push(("cranelift", Strategy::Cranelift));
    }
    strategies
        .into_iter()
        .map(|(name, strategy)| {
            let mut config = Config::new();
            config.strategy(strategy);
            (name, Engine::new(&config).unwrap())
        })
        .collect()
}

fn simd(c: &mut Criterion) {
    use sheave::*;
    let mut group = c.benchmark_group("simd-kernels");
    group.sample_size(20);
    for (tier, engine) in engines() {
        let module = Module::new(&engine, KERNELS).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let mem = instance.get_memory(&mut store, "mem").unwrap();
        let bytes: Vec<u8> = (0..65536u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        mem.write(&mut store, 0, &bytes).unwrap();
        let count_simd = instance.get_typed_func::<i32, i32>(&mut store, "count_simd").unwrap();
        let count_scalar = instance.get_typed_func::<i32, i32>(&mut store, "count_scalar").unwrap();
        let dot_simd = instance.get_typed_func::<(), i32>(&mut store, "dot_simd").unwrap();
        let dot_scalar = instance.get_typed_func::<(), i32>(&mut store, "dot_scalar").unwrap();
        // Same answers both ways, or the comparison means nothing.
        assert_eq!(count_simd.call(&mut store, 7).unwrap(), count_scalar.call(&mut store, 7).unwrap());
        assert_eq!(dot_simd.call(&mut store, ()).unwrap(), dot_scalar.call(&mut store, ()).unwrap());
        // Under Cranelift, no kernel stays in the interpreter.
        assert!(tier == "interpreter" || module.interpreted_functions().is_empty());

        group.bench_function(format!("{tier}/byte-count/simd"), |b| b.iter(|| count_simd.call(&mut store, 7).unwrap()));
        group.bench_function(format!("{tier}/byte-count/scalar"), |b| {
            b.iter(|| count_scalar.call(&mut store, 7).unwrap())
        });
        group.bench_function(format!("{tier}/dot-i16/simd"), |b| b.iter(|| dot_simd.call(&mut store, ()).unwrap()));
        group.bench_function(format!("{tier}/dot-i16/scalar"), |b| b.iter(|| dot_scalar.call(&mut store, ()).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, simd);
criterion_main!(benches);
