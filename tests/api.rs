//! Tests of the embedding API: instantiation, typed and untyped calls, host functions,
//! memories, tables, globals, traps with backtraces, fuel, epochs, the wasm stack limit and
//! precompiled artifacts.

mod common;

use common::restamp_checksum;
use sheave::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

fn instantiate(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn typed_and_untyped_calls() {
    let (mut store, instance) = instantiate(
        r#"(module (func (export "addsub") (param i32 i64) (result i64 i32)
            (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
            (i32.sub (local.get 0) (i32.const 1))))"#,
    );
    let f = instance.get_typed_func::<(i32, i64), (i64, i32)>(&mut store, "addsub").unwrap();
    assert_eq!(f.call(&mut store, (-5, 10)).unwrap(), (5, -6));
    let g = instance.get_func(&mut store, "addsub").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    g.call(&mut store, &[Val::I32(7), Val::I64(1)], &mut out).unwrap();
    assert_eq!(out, [Val::I64(8), Val::I32(6)]);
    // Wrong argument types are an error, not a panic.
    assert!(g.call(&mut store, &[Val::I64(7), Val::I64(1)], &mut out).is_err());
    assert!(instance.get_typed_func::<i32, i32>(&mut store, "addsub").is_err());
}

#[test]
fn host_functions_with_caller_and_reentry() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "double" (func $double (param i32) (result i32)))
            (import "host" "reenter" (func $reenter (param i32) (result i32)))
            (memory (export "mem") 1)
            (func (export "run") (param i32) (result i32)
                (call $reenter (call $double (local.get 0))))
            (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "double", |mut caller: Caller<'_, u32>, x: i32| {
            *caller.data_mut() += 1;
            let mem = caller.get_export("mem").unwrap().into_memory().unwrap();
            mem.data_mut(&mut caller)[0] = 42;
            x * 2
        })
        .unwrap();
    linker
        .func_wrap("host", "reenter", |mut caller: Caller<'_, u32>, x: i32| -> Result<i32> {
            let inc = caller.get_export("inc").unwrap().into_func().unwrap();
            inc.typed::<i32, i32>(&caller)?.call(&mut caller, x)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 20).unwrap(), 41);
    assert_eq!(*store.data(), 1);
    let mem = instance.get_memory(&mut store, "mem").unwrap();
    assert_eq!(mem.data(&store)[0], 42);
}

#[test]
fn func_new_and_host_errors_propagate() {
    let engine = Engine::default();
    let ty = FuncType::new(&engine, [ValType::I32], [ValType::I32]);
    let module = Module::new(
        &engine,
        r#"(module (import "m" "f" (func (param i32) (result i32)))
        (func (export "g") (param i32) (result i32) (call 0 (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_new("m", "f", ty, |_, args, results| {
            if args[0].unwrap_i32() < 0 {
                anyhow::bail!("negative input");
            }
            results[0] = Val::I32(args[0].unwrap_i32() + 100);
            Ok(())
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let g = instance.get_typed_func::<i32, i32>(&mut store, "g").unwrap();
    assert_eq!(g.call(&mut store, 1).unwrap(), 101);
    let err = g.call(&mut store, -1).unwrap_err();
    assert!(format!("{err:#}").contains("negative input"), "{err:#}");
}

#[test]
fn traps_carry_code_and_named_backtrace() {
    let (mut store, instance) = instantiate(
        r#"(module $m
            (func $inner (unreachable))
            (func $outer (export "outer") (call $inner))
            (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0))))"#,
    );
    let outer = instance.get_func(&mut store, "outer").unwrap();
    let err = outer.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached));
    let bt = err.downcast_ref::<WasmBacktrace>().expect("backtrace attached");
    let names: Vec<_> = bt.frames().iter().map(|f| f.func_name().unwrap_or("?")).collect();
    assert_eq!(names, ["inner", "outer"]);
    assert!(format!("{err:?}").contains("m!inner"), "{err:?}");
    let div = instance.get_typed_func::<i32, i32>(&mut store, "div").unwrap();
    assert_eq!(div.call(&mut store, 0).unwrap_err().downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
    // The store stays usable after a trap.
    assert_eq!(div.call(&mut store, 1).unwrap(), 1);
}

#[test]
fn deep_recursion_traps_instead_of_overflowing() {
    let mut config = Config::new();
    config.max_wasm_stack(64 * 1024);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
        (func $f (export "f") (param i64) (result i64) (i64.add (call $f (local.get 0)) (i64.const 1)))
        (func $g (export "g") (call $g)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    for name in ["f", "g"] {
        let f = instance.get_func(&mut store, name).unwrap();
        let mut out = vec![Val::I64(0); f.ty(&store).results().len()];
        let args: Vec<Val> = f.ty(&store).params().map(|_| Val::I64(0)).collect();
        let err = f.call(&mut store, &args, &mut out).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow), "{name}");
    }
}

const INFINITE: &str = r#"(module (func (export "spin") (loop $l (br $l))))"#;

#[test]
fn fuel_stops_an_infinite_loop() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, INFINITE).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000).unwrap();
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    assert!(store.get_fuel().unwrap() < 10);
    // Without the option, fuel calls are errors.
    let mut plain = Store::new(&Engine::default(), ());
    assert!(plain.set_fuel(1).is_err());
}

#[test]
fn epoch_from_another_thread_interrupts_an_infinite_loop() {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, INFINITE).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            engine.increment_epoch();
        })
    };
    let err = spin.call(&mut store, ()).unwrap_err();
    ticker.join().unwrap();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
}

#[test]
fn memory_table_global_objects() {
    let (mut store, instance) = instantiate(
        r#"(module
            (memory (export "mem") 1 3)
            (table (export "tab") 2 funcref)
            (global (export "g") (mut i32) (i32.const 7))
            (func $f (export "f") (result i32) (i32.const 9))
            (elem (i32.const 1) $f)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    let mem = instance.get_memory(&mut store, "mem").unwrap();
    mem.write(&mut store, 8, &[1, 2, 3, 4]).unwrap();
    let load = instance.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(load.call(&mut store, 8).unwrap(), 0x0403_0201);
    assert!(mem.write(&mut store, 65535, &[1, 2]).is_err());
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(mem.size(&store), 2);
    assert_eq!(grow.call(&mut store, 5).unwrap(), -1);
    assert_eq!(mem.grow(&mut store, 1).unwrap(), 2);
    assert!(mem.grow(&mut store, 1).is_err());

    let tab = instance.get_table(&mut store, "tab").unwrap();
    assert_eq!(tab.size(&store), 2);
    assert!(tab.get(&mut store, 0).unwrap().is_null());
    let Some(Ref::Func(Some(f))) = tab.get(&mut store, 1) else { panic!("expected a function") };
    assert_eq!(f.typed::<(), i32>(&store).unwrap().call(&mut store, ()).unwrap(), 9);

    let g = instance.get_global(&mut store, "g").unwrap();
    assert_eq!(g.get(&mut store), Val::I32(7));
    g.set(&mut store, Val::I32(8)).unwrap();
    assert_eq!(g.get(&mut store), Val::I32(8));
    assert!(g.set(&mut store, Val::I64(8)).is_err());
}

struct Limits {
    max_bytes: usize,
    refused: Arc<AtomicU32>,
}

impl ResourceLimiter for Limits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> Result<bool> {
        let ok = desired <= self.max_bytes;
        if !ok {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        Ok(ok)
    }
    fn table_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> Result<bool> {
        Ok(desired <= 10)
    }
}

#[test]
fn resource_limiter_bounds_growth_from_wasm() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1) (table 1 funcref)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#,
    )
    .unwrap();
    let refused = Arc::new(AtomicU32::new(0));
    let mut store = Store::new(&engine, Limits { max_bytes: 2 * 65536, refused: refused.clone() });
    store.limiter(|l| l);
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(refused.load(Ordering::Relaxed), 1);
    let tgrow = instance.get_typed_func::<i32, i32>(&mut store, "tgrow").unwrap();
    assert_eq!(tgrow.call(&mut store, 9).unwrap(), 1);
    assert_eq!(tgrow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn link_errors_name_the_import() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "env" "missing" (func (param i32))))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Linker::new(&engine).instantiate(&mut store, &module).unwrap_err();
    assert!(err.downcast_ref::<LinkError>().is_some());
    assert!(err.to_string().contains("env::missing"), "{err}");
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "missing", |_: i64| {}).unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(err.to_string().contains("incompatible import type"), "{err}");
}

#[test]
fn malformed_and_invalid_modules_are_errors() {
    let engine = Engine::default();
    for bytes in [&b""[..], b"\0asm", b"\0asm\x01\0\0\0\x01", b"garbage", b"\0asm\x01\0\0\0\x0a\x04\x01\x02\0\x0b"] {
        assert!(Module::new(&engine, bytes).is_err());
    }
    let err = Module::new(&engine, "(module (func (result i32) (i64.const 0)))").unwrap_err();
    assert!(format!("{err:#}").contains("type mismatch"), "{err:#}");
    // Proposals that are off are refused with a clear message (relaxed SIMD switched off here).
    let wat = "(module (func (param v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))";
    assert!(Module::new(&engine, wat).is_ok(), "relaxed SIMD is on by default, as in wasmtime");
    let mut config = Config::new();
    config.wasm_relaxed_simd(false);
    let err = Module::new(&Engine::new(&config).unwrap(), wat).unwrap_err();
    assert!(format!("{err:#}").to_lowercase().contains("simd"), "{err:#}");
}

#[test]
fn engine_methods() {
    let engine = Engine::default();
    assert!(engine.is_pulley());
    assert!(!engine.is_async());
    let weak = engine.weak();
    assert!(Engine::same(&weak.upgrade().unwrap(), &engine));
    Engine::tls_eager_initialize();
    assert!(engine.precompile_component(b"").unwrap_err().to_string().contains("component model"));
    let mut cfg = Config::new();
    cfg.strategy(Strategy::Cranelift);
    // The Cranelift tier exists where the build has it and the host has a backend; elsewhere
    // `Engine::new` says why.
    match Engine::new(&cfg) {
        Ok(e) => assert!(!e.is_pulley() && sheave::native_isa().is_some()),
        Err(e) => assert!(e.to_string().contains("Cranelift") && sheave::native_isa().is_none(), "{e}"),
    }
    let mut cfg = Config::new();
    cfg.async_support(true);
    assert!(Engine::new(&cfg).unwrap().is_async());
    // An async engine interprets, whatever the strategy (native frames cannot stop mid-call).
    cfg.strategy(Strategy::Cranelift);
    if let Ok(e) = Engine::new(&cfg) {
        assert!(e.is_pulley() && e.is_async());
    }
    let other = Engine::default();
    drop(weak);
    // SAFETY: `other` is the last handle of its engine and is not used afterwards.
    unsafe { other.unload_process_handlers() };
}

#[test]
fn precompiled_artifacts_round_trip_and_are_checked() {
    let engine = Engine::default();
    let wat = r#"(module (func (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0))))"#;
    let bytes = engine.precompile_module(wat.as_bytes()).unwrap();
    assert_eq!(Engine::detect_precompiled(&bytes), Some(Precompiled::Module));
    assert_eq!(Engine::detect_precompiled(b"\0asm\x01\0\0\0"), None);
    // SAFETY: the bytes come from `precompile_module` above.
    let module = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let sq = instance.get_typed_func::<i32, i32>(&mut store, "sq").unwrap();
    assert_eq!(sq.call(&mut store, 12).unwrap(), 144);

    let mut fuel_cfg = Config::new();
    fuel_cfg.consume_fuel(true);
    let fuel_engine = Engine::new(&fuel_cfg).unwrap();
    // SAFETY: the bytes are a real artifact; it must be refused for its configuration.
    let err = unsafe { Module::deserialize(&fuel_engine, &bytes) }.unwrap_err();
    assert!(err.to_string().contains("configuration"), "{err}");
    let mut old = bytes.clone();
    old[8] = 99;
    // SAFETY: a corrupted artifact must be refused, not trusted.
    assert!(unsafe { Module::deserialize(&engine, &old) }.unwrap_err().to_string().contains("version"));
    let truncated = &bytes[..bytes.len() - 3];
    // SAFETY: as above.
    assert!(unsafe { Module::deserialize(&engine, truncated) }.is_err());
}

/// `deserialize_raw` runs an artifact's code where it lies (a debug build has only the loop
/// dispatcher, which runs it in place), from an aligned and a misaligned copy alike.
#[test]
fn artifacts_load_in_place() {
    let engine = Engine::default();
    let wat = r#"(module (memory 1) (data (i32.const 0) "\05")
        (func $fib (export "fib") (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
        (func (export "first") (result i32) (i32.load8_u (i32.const 0))))"#;
    let bytes = Module::new(&engine, wat).unwrap().serialize().unwrap();
    for offset in [0, 1] {
        // Words keep the artifact 4-aligned; one byte in, the same bytes are misaligned.
        // Leaked: the module may point into them for the rest of the program.
        let words: &'static mut [u32] = Vec::leak(vec![0u32; bytes.len() / 4 + 1]);
        // SAFETY: viewing `u32`s as bytes: any bit pattern is a `u8`, the length is in bounds.
        let buffer: &'static mut [u8] =
            unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), words.len() * 4) };
        buffer[offset..offset + bytes.len()].copy_from_slice(&bytes);
        let buffer: &'static [u8] = buffer;
        let memory = &buffer[offset..offset + bytes.len()];
        // SAFETY: the bytes come from `serialize`, and `memory` lives, unchanged, for the rest
        // of the program.
        let module = unsafe { Module::deserialize_raw(&engine, std::ptr::NonNull::from(memory)) }.unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765, "offset {offset}");
        let first = instance.get_typed_func::<(), i32>(&mut store, "first").unwrap();
        assert_eq!(first.call(&mut store, ()).unwrap(), 5);
    }
}

/// An artifact of a module with every kind of import, export, segment and a rec group loads
/// back to the same module; every byte flipped and every truncation is an error, never a
/// panic.
#[test]
fn corrupted_artifacts_are_errors() {
    let engine = Engine::default();
    let wat = r#"(module $m
        (rec (type $s (struct (field (mut i32)))) (type $f (func (param (ref null $s)) (result i32))))
        (import "env" "g" (global $g i32))
        (import "env" "t" (table 1 funcref))
        (memory (export "mem") 1 2)
        (global $h (export "h") (mut i64) (i64.add (i64.const 40) (i64.const 2)))
        (data (i32.const 8) "sheave")
        (data $p "passive")
        (elem (i32.const 0) $get)
        (elem declare func $get)
        (tag $e (param i32))
        (func $get (export "get") (type $f) (struct.get $s 0 (local.get 0)))
        (func (export "load") (result i32) (i32.load8_u (i32.const 8)))
        (start $init)
        (func $init (global.set $h (i64.const 7))))"#;
    let module = Module::new(&engine, wat).unwrap();
    let bytes = module.serialize().unwrap();
    // SAFETY: the bytes come from `serialize` above.
    let back = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    assert_eq!(back.name(), Some("m"));
    let names =
        |m: &Module| m.imports().map(|i| format!("{}.{} {:?}", i.module(), i.name(), i.ty())).collect::<Vec<_>>();
    assert_eq!(names(&back), names(&module));
    let exports = |m: &Module| m.exports().map(|e| format!("{} {:?}", e.name(), e.ty())).collect::<Vec<_>>();
    assert_eq!(exports(&back), exports(&module));
    assert_eq!(back.serialize().unwrap(), bytes, "serializing a loaded artifact gives the same bytes");
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let g = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(1)).unwrap();
    linker.define(&mut store, "env", "g", g).unwrap();
    let t = Table::new(&mut store, TableType::new(RefType::FUNCREF, 1, None), Ref::Func(None)).unwrap();
    linker.define(&mut store, "env", "t", t).unwrap();
    let instance = linker.instantiate(&mut store, &back).unwrap();
    assert_eq!(
        instance.get_typed_func::<(), i32>(&mut store, "load").unwrap().call(&mut store, ()).unwrap(),
        b's' as i32
    );
    assert_eq!(instance.get_global(&mut store, "h").unwrap().get(&mut store).unwrap_i64(), 7);
    for at in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[at] ^= 0x5a;
        // SAFETY: corrupted bytes must be refused, never trusted.
        assert!(unsafe { Module::deserialize(&engine, &bad) }.is_err(), "byte {at} flipped was accepted");
        // With its checksum made right, the description's own checks must hold: loading
        // either fails or gives a module (a flipped data byte is still a module), never panics.
        restamp_checksum(&mut bad);
        // SAFETY: as above.
        let _ = unsafe { Module::deserialize(&engine, &bad) };
    }
    for len in 0..bytes.len() {
        // SAFETY: as above.
        assert!(unsafe { Module::deserialize(&engine, &bytes[..len]) }.is_err(), "truncated at {len} was accepted");
    }
}

/// At least 10^8 dispatched ops in one wasm frame: with tail-call dispatch this would
/// overflow the host stack if a handler stopped tail-calling.
#[test]
fn long_running_frame_does_not_grow_the_host_stack() {
    let wat = r#"(module (func (export "count") (param i32) (result i32) (local i32)
            (loop $l
              (local.set 1 (i32.add (local.get 1) (i32.const 3)))
              (br_if $l (i32.ne (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 0))))
            (local.get 1)))"#;
    // Every dispatcher the build has (the loop cannot grow the stack, but runs the same code).
    for &dispatch in Dispatch::available() {
        let engine = Engine::new(Config::new().interpreter_dispatch(dispatch)).unwrap();
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        // Each iteration dispatches 3 ops (add, sub, fused compare-branch); a debug build (loop
        // only) runs fewer.
        let iters = if Dispatch::TAIL_AVAILABLE { 40_000_000 } else { 1_000_000 };
        let count = instance.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
        // A small host stack: 10^8 non-eliminated calls would need gigabytes.
        let result = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || count.call(&mut store, iters).unwrap())
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result, iters.wrapping_mul(3), "{dispatch:?}");
    }
}

fn lazy_engine(mode: CompilationMode) -> Engine {
    let mut config = Config::new();
    config.compilation_mode(mode);
    Engine::new(&config).unwrap()
}

const LAZY_WAT: &str = r#"(module
    (type $t (func (param i32) (result i32)))
    (table 1 funcref) (elem (i32.const 0) $fib)
    (func $fib (export "fib") (type $t)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 2)) (i32.const 0))))))
    (func (export "locals") (param i32) (result i32) (local i64 i32)
        (local.set 2 (i32.add (local.get 0) (local.get 2)))
        (local.get 2)))"#;

#[test]
fn lazy_modes_translate_on_first_call() {
    for mode in [CompilationMode::Lazy, CompilationMode::LazyTranslation] {
        let engine = lazy_engine(mode);
        let module = Module::new(&engine, LAZY_WAT).unwrap();
        // Two stores share the module's translations; recursion and call_indirect reach
        // functions while they are still stubs.
        for _ in 0..2 {
            let mut store = Store::new(&engine, ());
            let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
            let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
            assert_eq!(fib.call(&mut store, 20).unwrap(), 6765, "{mode:?}");
            let locals = instance.get_typed_func::<i32, i32>(&mut store, "locals").unwrap();
            assert_eq!(locals.call(&mut store, 5).unwrap(), 5);
            assert_eq!(locals.call(&mut store, 7).unwrap(), 7);
        }
        // Artifacts and the disassembler translate what is left.
        let artifact = module.serialize().unwrap();
        let eager = Module::new(&Engine::default(), LAZY_WAT).unwrap();
        assert_eq!(module.disassemble().unwrap(), eager.disassemble().unwrap());
        let back = unsafe { Module::deserialize(&engine, &artifact) }.unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &back).unwrap();
        let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
    }
}

#[test]
fn lazy_mode_reports_an_invalid_body_at_its_first_call() {
    let wat = r#"(module
        (func (export "good") (result i32) (i32.const 7))
        (func (export "bad") (result i32) (i64.const 1)))"#;
    let bytes = wat::parse_str(wat).unwrap();
    // Eager validation refuses the module.
    assert!(Module::new(&lazy_engine(CompilationMode::LazyTranslation), &bytes).is_err());
    assert!(Module::new(&Engine::default(), &bytes).is_err());
    // Lazy validation accepts it; only calling the bad function fails, every time.
    let engine = lazy_engine(CompilationMode::Lazy);
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let good = instance.get_typed_func::<(), i32>(&mut store, "good").unwrap();
    let bad = instance.get_typed_func::<(), i32>(&mut store, "bad").unwrap();
    for _ in 0..2 {
        let err = bad.call(&mut store, ()).unwrap_err();
        assert!(format!("{err:?}").contains("type mismatch"), "{err:?}");
        assert_eq!(good.call(&mut store, ()).unwrap(), 7);
    }
    assert!(module.serialize().is_err());
}

/// Every dispatcher the build has runs the same code to the same results and traps, chosen
/// per engine; asking for one the build lacks is an engine error naming it.
#[test]
fn interpreter_dispatch_is_chosen_per_engine() {
    let wat = r#"(module (memory 1)
        (func $fib (export "fib") (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
        (func (export "oob") (param i32) (result i32) (i32.load (local.get 0))))"#;
    for &d in Dispatch::available() {
        let engine = Engine::new(Config::new().interpreter_dispatch(d)).unwrap();
        assert_eq!(engine.config().get_interpreter_dispatch(), d);
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765, "{d:?}");
        let oob = instance.get_typed_func::<i32, i32>(&mut store, "oob").unwrap();
        let err = oob.call(&mut store, 65535).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds), "{d:?}");
        assert_eq!(oob.call(&mut store, 0).unwrap(), 0, "{d:?}");
    }
    assert_eq!(Dispatch::available()[0], Dispatch::default_for_build());
    assert_eq!(Config::new().get_interpreter_dispatch(), Dispatch::default_for_build());
    let tail = Engine::new(Config::new().interpreter_dispatch(Dispatch::Tail));
    match Dispatch::TAIL_AVAILABLE {
        true => assert!(tail.is_ok()),
        false => assert!(tail.unwrap_err().to_string().contains("tail-call dispatch is not available")),
    }
}

#[test]
fn store_limits_apply_at_instantiation() {
    let engine = Engine::default();
    let two_pages = Module::new(&engine, r#"(module (memory 2) (table 1 funcref))"#).unwrap();
    let limited = |b: StoreLimitsBuilder| {
        let mut store = Store::new(&engine, b.build());
        store.limiter(|l| l);
        store
    };
    // The initial size is growth from zero: a memory larger than memory_size is refused.
    let mut store = limited(StoreLimitsBuilder::new().memory_size(65_536));
    let err = Linker::new(&engine).instantiate(&mut store, &two_pages).unwrap_err();
    assert!(err.to_string().contains("exceeds memory limits"), "{err}");
    let mut store = limited(StoreLimitsBuilder::new().table_elements(0));
    assert!(Linker::new(&engine).instantiate(&mut store, &two_pages).is_err());
    // Counts: memories and tables per store.
    let mut store = limited(StoreLimitsBuilder::new().memories(1));
    Linker::new(&engine).instantiate(&mut store, &two_pages).unwrap();
    let err = Linker::new(&engine).instantiate(&mut store, &two_pages).unwrap_err();
    assert!(err.to_string().contains("memory count"), "{err}");
    let mut store = limited(StoreLimitsBuilder::new().tables(0));
    let err = Linker::new(&engine).instantiate(&mut store, &two_pages).unwrap_err();
    assert!(err.to_string().contains("table count"), "{err}");
    // Within the limits, all is well.
    let mut store = limited(StoreLimitsBuilder::new().memory_size(2 * 65_536).memories(2).tables(2));
    Linker::new(&engine).instantiate(&mut store, &two_pages).unwrap();
}

/// Sheave's limits on locals and frame size are errors of `Module::new` in every
/// compilation mode that validates there, lazy translation (the default) included.
#[test]
fn implementation_limits_fail_module_new_in_every_eager_validation_mode() {
    let many_locals = format!("(module (func (local {})))", "i32 ".repeat(50_001));
    // 70 calls of a function with 1,000 results: a frame over 2^16 slots (slots are 16-bit
    // fields of the bytecode) from a small body.
    let results = "i64 ".repeat(1000);
    let calls = "call $g ".repeat(70);
    let big_frame = format!("(module (func $g (result {results}) unreachable) (func {calls} unreachable))");
    for wat in [many_locals, big_frame] {
        let bytes = wat::parse_str(&wat).unwrap();
        for mode in [None, Some(CompilationMode::Eager), Some(CompilationMode::LazyTranslation)] {
            let engine = match mode {
                Some(mode) => lazy_engine(mode),
                None => Engine::default(),
            };
            let err = Module::new(&engine, &bytes).err().unwrap_or_else(|| panic!("{mode:?} accepted {}", &wat[..30]));
            let msg = format!("{err:#}");
            assert!(msg.contains("too many locals") || msg.contains("frame too large"), "{mode:?}: {msg}");
        }
        // Lazy mode checks nothing about bodies in `Module::new`.
        assert!(Module::new(&lazy_engine(CompilationMode::Lazy), &bytes).is_ok());
    }
}

/// Slots up to the frame limit work, those past 2^15 included (a slot is an unsigned 16-bit
/// field): a function with 40,000 locals moves a value through its last locals, and a frame
/// of 65,000 slots (locals and the operand stack above them) runs.
#[test]
fn high_slot_numbers_run_in_every_mode() {
    let locals = "i64 ".repeat(39_999);
    let wat = format!(
        r#"(module (func (export "f") (param i64) (result i64) (local {locals})
            (local.set 39999 (i64.add (local.get 0) (i64.const 7)))
            (local.set 32768 (i64.mul (local.get 39999) (i64.const 3)))
            (i64.sub (local.get 32768) (local.get 0))))"#
    );
    // 24,999 locals and 40,000 values on the operand stack: the last slot is 65,000.
    let stack = "i32.const 1 ".repeat(40_000);
    let adds = "i32.add ".repeat(39_999);
    let deep = format!(r#"(module (func (export "g") (result i32) (local {}) {stack} {adds}))"#, "i32 ".repeat(24_999));
    for mode in [CompilationMode::Eager, CompilationMode::LazyTranslation] {
        let engine = lazy_engine(mode);
        let mut store = Store::new(&engine, ());
        let module = Module::new(&engine, &wat).unwrap();
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let f = instance.get_typed_func::<i64, i64>(&mut store, "f").unwrap();
        assert_eq!(f.call(&mut store, 5).unwrap(), (5 + 7) * 3 - 5, "{mode:?}");
        let module = Module::new(&engine, &deep).unwrap();
        let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let g = instance.get_typed_func::<(), i32>(&mut store, "g").unwrap();
        assert_eq!(g.call(&mut store, ()).unwrap(), 40_000, "{mode:?}");
    }
}

/// The default compilation mode translates a body on its first call, and runs it as eager
/// translation does.
#[test]
fn default_mode_translates_on_first_call() {
    let engine = Engine::default();
    let module = Module::new(&engine, LAZY_WAT).unwrap();
    let eager = Module::new(&lazy_engine(CompilationMode::Eager), LAZY_WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 15).unwrap(), 610);
    assert_eq!(module.disassemble().unwrap(), eager.disassemble().unwrap());
}

/// `global.get` right after `global.set` of the same global reads the value from the set's
/// source (no `global_get` op): the value is right whether the source is a local changed
/// afterwards, a temporary, or a path joins in between.
#[test]
fn global_get_after_set_sees_the_set_value() {
    let wat = r#"(module
        (global $g (mut i32) (i32.const 0))
        (global $h (mut i32) (i32.const 100))
        ;; from a local that changes afterwards: 7, then 7 + 5
        (func (export "local") (param i32) (result i32)
            (global.set $g (local.get 0))
            (global.get $g)
            (local.set 0 (i32.const 5))
            (local.get 0)
            i32.add)
        ;; from a temporary, counting down as counter-global does
        (func (export "count") (param i32) (result i32)
            (global.set $g (local.get 0))
            (loop $l
                (br_if $l (global.set $g (i32.sub (global.get $g) (i32.const 1))) (global.get $g)))
            (global.get $g))
        ;; another global's set in between, and a block end joining a branch in between
        ;; (the branch's path set $g from a local, the other from a temporary)
        (func (export "joins") (param i32) (result i32) (local i32)
            (local.set 1 (i32.const 40))
            (global.set $g (i32.const 1))
            (global.set $h (i32.const 2))
            (global.get $g)
            (block
                (global.set $g (local.get 1))
                (br_if 0 (local.get 0))
                (global.set $g (i32.add (local.get 1) (i32.const 10))))
            (global.get $g)
            i32.add))"#;
    let (mut store, instance) = instantiate(wat);
    let local = instance.get_typed_func::<i32, i32>(&mut store, "local").unwrap();
    assert_eq!(local.call(&mut store, 7).unwrap(), 12);
    let count = instance.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 1000).unwrap(), 0);
    let joins = instance.get_typed_func::<i32, i32>(&mut store, "joins").unwrap();
    assert_eq!(joins.call(&mut store, 1).unwrap(), 41);
    assert_eq!(joins.call(&mut store, 0).unwrap(), 51);
}
