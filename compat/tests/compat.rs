//! The embedding API as a wasmtime user writes it, against the alias `rt`: `sheave` by default
//! (CI), `wasmtime` 48 with `--features wasmtime`. The same source builds and passes on both,
//! which is the claim that a wasmtime user switches by renaming the crate.

#[cfg(not(feature = "wasmtime"))]
use sheave as rt;
#[cfg(feature = "wasmtime")]
use wasmtime as rt;

use rt::*;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

const WAT: &str = r#"(module
    (import "host" "double" (func $double (param i32) (result i32)))
    (import "host" "record" (func $record (param i32)))
    (memory (export "memory") 1 4)
    (table (export "table") 2 10 funcref)
    (global $counter (export "counter") (mut i32) (i32.const 0))
    (func $inc (export "inc") (result i32)
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (global.get $counter))
    (func (export "twice") (param i32) (result i32)
        (call $record (local.get 0))
        (call $double (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func $inner unreachable)
    (func (export "trap") (call $inner))
    (func (export "spin") (loop $l (br $l)))
    (func (export "pair") (param i64) (result i64 i32) (local.get 0) (i32.const 7))
    (elem (i32.const 0) $inc))"#;

/// The store's data: what host functions record, and the limits.
struct Data {
    recorded: Vec<i32>,
    limits: StoreLimits,
}

fn data() -> Data {
    Data { recorded: Vec::new(), limits: StoreLimitsBuilder::new().build() }
}

fn linker(engine: &Engine) -> Result<Linker<Data>> {
    let mut linker = Linker::new(engine);
    linker.func_wrap("host", "double", |x: i32| x * 2)?;
    linker.func_wrap("host", "record", |mut caller: Caller<'_, Data>, x: i32| {
        caller.data_mut().recorded.push(x);
    })?;
    Ok(linker)
}

fn setup(config: &Config) -> Result<(Engine, Module, Store<Data>, Instance)> {
    let engine = Engine::new(config)?;
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, data());
    let instance = linker(&engine)?.instantiate(&mut store, &module)?;
    Ok((engine, module, store, instance))
}

#[test]
fn module_types_and_artifacts() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let imports: Vec<(String, String)> =
        module.imports().map(|i| (i.module().to_string(), i.name().to_string())).collect();
    assert_eq!(imports, [("host".to_string(), "double".to_string()), ("host".into(), "record".into())]);
    let ExternType::Func(double) = module.imports().next().unwrap().ty() else { panic!("a function import") };
    assert_eq!(double.params().collect::<Vec<_>>().len(), 1);
    assert!(matches!(double.results().next(), Some(ValType::I32)));
    let exports: Vec<&str> = module.exports().map(|e| e.name()).collect();
    assert_eq!(exports, ["memory", "table", "counter", "inc", "twice", "load", "trap", "spin", "pair"]);
    let Some(ExternType::Memory(m)) = module.get_export("memory") else { panic!("a memory export") };
    assert_eq!((m.minimum(), m.maximum()), (1, Some(4)));
    let bytes = module.serialize()?;
    assert!(matches!(Engine::detect_precompiled(&bytes), Some(Precompiled::Module)));
    assert!(Engine::detect_precompiled(b"\0asm\x01\0\0\0").is_none());
    // SAFETY: the bytes come from `serialize` with this engine.
    let again = unsafe { Module::deserialize(&engine, &bytes)? };
    assert_eq!(again.exports().len(), 9);
    // In place: the same signature in both (wasmtime's wants memory it can make executable,
    // so it is called in Sheave's own tests, `tests/api.rs`).
    let _in_place: unsafe fn(&Engine, std::ptr::NonNull<[u8]>) -> Result<Module> = Module::deserialize_raw;
    assert!(Module::validate(&engine, b"\0asm\x01\0\0\0").is_ok());
    assert!(Module::new(&engine, b"\0asm\x02\0\0\0").is_err());
    Ok(())
}

#[test]
fn calls_typed_and_untyped_with_host_functions() -> Result<()> {
    let (_engine, _module, mut store, instance) = setup(&Config::new())?;
    let twice = instance.get_typed_func::<i32, i32>(&mut store, "twice")?;
    assert_eq!(twice.call(&mut store, 21)?, 42);
    assert_eq!(store.data().recorded, [21]);
    let pair = instance.get_func(&mut store, "pair").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    pair.call(&mut store, &[Val::I64(-3)], &mut out)?;
    assert_eq!((out[0].unwrap_i64(), out[1].unwrap_i32()), (-3, 7));
    assert!(pair.typed::<i64, (i64, i32)>(&store).is_ok());
    assert!(pair.typed::<i32, i32>(&store).is_err());
    assert!(pair.call(&mut store, &[Val::I32(1)], &mut out).is_err());
    let ty = pair.ty(&store);
    assert_eq!((ty.params().len(), ty.results().len()), (1, 2));
    Ok(())
}

#[test]
fn linker_definitions() -> Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, data());
    let mut linker = linker(&engine)?;
    // func_new, define, alias, allow_shadowing.
    let ty = FuncType::new(&engine, [ValType::I32], [ValType::I32]);
    linker.func_new("other", "triple", ty, |_caller, params, results| {
        results[0] = Val::I32(params[0].unwrap_i32() * 3);
        Ok(())
    })?;
    assert!(linker.func_wrap("host", "double", |x: i32| x).is_err());
    linker.allow_shadowing(true);
    linker.alias("other", "triple", "host", "double")?;
    linker.allow_shadowing(false);
    let module = Module::new(&engine, WAT)?;
    let pre: InstancePre<Data> = linker.instantiate_pre(&module)?;
    let instance = pre.instantiate(&mut store)?;
    assert_eq!(instance.get_typed_func::<i32, i32>(&mut store, "twice")?.call(&mut store, 5)?, 15);
    // instance and module: link one module's exports into another's imports by name.
    linker.instance(&mut store, "first", instance)?;
    let user = Module::new(
        &engine,
        r#"(module (import "first" "inc" (func $inc (result i32))) (import "first" "counter" (global (mut i32)))
            (func (export "f") (result i32) (drop (call $inc)) (call $inc)))"#,
    )?;
    linker.module(&mut store, "user", &user)?;
    let f = linker.get(&mut store, "user", "f").unwrap().into_func().unwrap();
    assert_eq!(f.typed::<(), i32>(&store)?.call(&mut store, ())?, 2);
    let global = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Var), Val::I32(10))?;
    linker.define(&store, "env", "g", global)?;
    assert!(linker.get(&mut store, "env", "g").unwrap().into_global().is_some());
    // Unknown imports as traps: instantiation succeeds, calling one traps.
    let mut empty: Linker<Data> = Linker::new(&engine);
    empty.define_unknown_imports_as_traps(&module)?;
    let instance = empty.instantiate(&mut store, &module)?;
    assert!(instance.get_typed_func::<i32, i32>(&mut store, "twice")?.call(&mut store, 1).is_err());
    let exports: Vec<&str> = instance.exports(&mut store).map(|e| e.name()).collect();
    assert_eq!(exports.len(), 9);
    Ok(())
}

#[test]
fn memory_table_and_global() -> Result<()> {
    let (_engine, _module, mut store, instance) = setup(&Config::new())?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    memory.write(&mut store, 8, &[1, 0, 0, 0])?;
    let load = instance.get_typed_func::<i32, i32>(&mut store, "load")?;
    assert_eq!(load.call(&mut store, 8)?, 1);
    let mut buf = [0u8; 4];
    memory.read(&store, 8, &mut buf)?;
    assert_eq!(buf, [1, 0, 0, 0]);
    assert!(memory.read(&store, 65_535, &mut buf).is_err());
    assert_eq!((memory.size(&store), memory.data_size(&store)), (1, 65_536));
    assert_eq!(memory.grow(&mut store, 1)?, 1);
    assert!(memory.grow(&mut store, 10).is_err());
    let (bytes, data) = memory.data_and_store_mut(&mut store);
    bytes[100] = 9;
    data.recorded.push(bytes.len() as i32);
    assert_eq!(memory.data(&store)[100], 9);
    assert_eq!(store.data().recorded, [131_072]);

    let table = instance.get_table(&mut store, "table").unwrap();
    assert_eq!(table.size(&store), 2);
    let inc = table.get(&mut store, 0).unwrap();
    let inc = inc.as_func().unwrap().unwrap();
    assert_eq!(inc.typed::<(), i32>(&store)?.call(&mut store, ())?, 1);
    assert!(table.get(&mut store, 1).unwrap().is_null());
    table.set(&mut store, 1, Ref::Func(Some(*inc)))?;
    assert_eq!(table.grow(&mut store, 3, Ref::Func(None))?, 2);
    assert_eq!(table.size(&store), 5);

    let counter = instance.get_global(&mut store, "counter").unwrap();
    assert_eq!(counter.get(&mut store).unwrap_i32(), 1);
    counter.set(&mut store, Val::I32(41))?;
    assert_eq!(instance.get_typed_func::<(), i32>(&mut store, "inc")?.call(&mut store, ())?, 42);
    assert!(matches!(counter.ty(&store).mutability(), Mutability::Var));
    assert!(counter.set(&mut store, Val::I64(1)).is_err());
    Ok(())
}

#[test]
fn traps_carry_a_backtrace() -> Result<()> {
    let (_engine, _module, mut store, instance) = setup(&Config::new())?;
    let trap = instance.get_typed_func::<(), ()>(&mut store, "trap")?;
    let err = trap.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached));
    let bt = err.downcast_ref::<WasmBacktrace>().expect("a backtrace");
    assert_eq!(bt.frames()[0].func_name(), Some("inner"));
    Ok(())
}

/// A trap `depth` calls deep under `max_frames`: the frame count of its backtrace, if any.
fn backtrace_frames(max_frames: Option<Option<usize>>, depth: i32) -> Result<Option<usize>> {
    let mut config = Config::new();
    if let Some(limit) = max_frames {
        config.wasm_backtrace_max_frames(limit.and_then(std::num::NonZeroUsize::new));
    }
    let engine = Engine::new(&config)?;
    let wat = r#"(module (func $down (export "down") (param i32)
        (if (i32.eqz (local.get 0)) (then unreachable))
        (call $down (i32.sub (local.get 0) (i32.const 1)))))"#;
    let module = Module::new(&engine, wat)?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let err = instance.get_typed_func::<i32, ()>(&mut store, "down")?.call(&mut store, depth).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached));
    Ok(err.downcast_ref::<WasmBacktrace>().map(|bt| bt.frames().len()))
}

#[test]
fn backtraces_keep_at_most_max_frames() -> Result<()> {
    assert_eq!(backtrace_frames(None, 5)?, Some(6));
    assert_eq!(backtrace_frames(None, 100)?, Some(20), "the default limit");
    assert_eq!(backtrace_frames(Some(Some(3)), 100)?, Some(3));
    assert_eq!(backtrace_frames(Some(Some(1000)), 100)?, Some(101));
    assert_eq!(backtrace_frames(Some(None), 100)?, None);
    Ok(())
}

#[test]
fn fuel_and_epochs_stop_an_infinite_loop() -> Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (_engine, _module, mut store, instance) = setup(&config)?;
    store.set_fuel(10_000)?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    assert_eq!(store.get_fuel()?, 0);

    let mut config = Config::new();
    config.epoch_interruption(true);
    let (engine, _module, mut store, instance) = setup(&config)?;
    store.set_epoch_deadline(1);
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let ticker = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        engine.increment_epoch();
    });
    let err = spin.call(&mut store, ()).unwrap_err();
    ticker.join().unwrap();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    Ok(())
}

#[test]
fn store_limits_cap_growth_and_counts() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(
        &engine,
        Data { recorded: Vec::new(), limits: StoreLimitsBuilder::new().memory_size(2 * 65_536).instances(1).build() },
    );
    store.limiter(|d| &mut d.limits);
    let linker = linker(&engine)?;
    let instance = linker.instantiate(&mut store, &module)?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(memory.grow(&mut store, 1)?, 1);
    assert!(memory.grow(&mut store, 1).is_err());
    assert_eq!(memory.size(&store), 2);
    // One instance only.
    assert!(linker.instantiate(&mut store, &module).is_err());
    Ok(())
}

/// A limiter of the embedder's own.
struct NoTables;

impl ResourceLimiter for NoTables {
    fn memory_growing(&mut self, _current: usize, _desired: usize, _maximum: Option<usize>) -> Result<bool> {
        Ok(true)
    }
    fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> Result<bool> {
        Ok(desired <= current.max(2))
    }
}

#[test]
fn a_custom_resource_limiter() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, NoTables);
    store.limiter(|l| l);
    let mut linker: Linker<NoTables> = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x * 2)?;
    linker.func_wrap("host", "record", |_x: i32| {})?;
    let instance = linker.instantiate(&mut store, &module)?;
    let table = instance.get_table(&mut store, "table").unwrap();
    assert!(table.grow(&mut store, 1, Ref::Func(None)).is_err());
    Ok(())
}

#[test]
fn values() {
    assert!(matches!(Val::null_func_ref(), Val::FuncRef(None)));
    assert_eq!(Val::I32(5).unwrap_i32(), 5);
    assert_eq!(Val::from(1.5f32).unwrap_f32(), 1.5);
    let v = V128::from(0x1234u128);
    assert_eq!(v.as_u128(), 0x1234);
    assert!(matches!(Val::V128(v), Val::V128(x) if u128::from(x) == 0x1234));
    assert!(Val::default_for_ty(&ValType::I64).is_some());
}

/// Polls `f` to completion on this thread (the futures here wake themselves).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn async_calls_and_host_functions() -> Result<()> {
    // No `Config::async_support`: in wasmtime 48 it is deprecated, every engine runs async
    // calls (Sheave keeps the flag and `Engine::is_async`).
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut linker: Linker<Data> = Linker::new(&engine);
    linker
        .func_wrap_async("host", "double", |_caller: Caller<'_, Data>, (x,): (i32,)| Box::new(async move { x * 2 }))?;
    linker.func_wrap("host", "record", |mut caller: Caller<'_, Data>, x: i32| caller.data_mut().recorded.push(x))?;
    let mut store = Store::new(&engine, data());
    let instance = block_on(linker.instantiate_async(&mut store, &module))?;
    let twice = instance.get_typed_func::<i32, i32>(&mut store, "twice")?;
    assert_eq!(block_on(twice.call_async(&mut store, 8))?, 16);
    let pair = instance.get_func(&mut store, "pair").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    block_on(pair.call_async(&mut store, &[Val::I64(4)], &mut out))?;
    assert_eq!(out[0].unwrap_i64(), 4);
    assert_eq!(store.data().recorded, [8]);
    Ok(())
}

/// Wasm GC from the host: types, structs, arrays, i31s, roots, collection, exceptions.
#[test]
fn gc_objects_roots_and_exceptions() -> Result<()> {
    let mut config = Config::new();
    config.wasm_gc(true).collector(Collector::DeferredReferenceCounting);
    let engine = Engine::new(&config)?;
    let module = Module::new(
        &engine,
        r#"(module
          (type $pt (struct (field (mut i32)) (field i8)))
          (tag $e (param i32))
          (func (export "sum") (param (ref null $pt)) (result i32)
            (i32.add (struct.get $pt 0 (local.get 0)) (struct.get_u $pt 1 (local.get 0))))
          (func (export "make") (param i32) (result anyref) (struct.new $pt (local.get 0) (i32.const 200)))
          (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
          (func (export "throws") (param i32) (throw $e (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let ty = StructType::new(
        &engine,
        [
            FieldType::new(Mutability::Var, StorageType::ValType(ValType::I32)),
            FieldType::new(Mutability::Const, StorageType::I8),
        ],
    )?;
    let pre = StructRefPre::new(&mut store, ty);
    let s = StructRef::new(&mut store, &pre, &[Val::I32(40), Val::I32(2)])?;
    let sum = instance.get_func(&mut store, "sum").unwrap();
    let mut out = [Val::I32(0)];
    sum.call(&mut store, &[Val::AnyRef(Some(s.to_anyref()))], &mut out)?;
    assert_eq!(out[0].unwrap_i32(), 42);
    s.set_field(&mut store, 0, Val::I32(1))?;
    assert_eq!(s.field(&mut store, 0)?.unwrap_i32(), 1);
    // Made in wasm, read on the host inside a root scope.
    {
        let mut scope = RootScope::new(&mut store);
        let make = instance.get_typed_func::<i32, Option<Rooted<AnyRef>>>(&mut scope, "make")?;
        let made = make.call(&mut scope, 5)?.unwrap();
        let made = made.as_struct(&mut scope)?.unwrap();
        assert_eq!(made.field(&mut scope, 1)?.unwrap_i32(), 200);
        let owned = made.to_owned_rooted(&mut scope)?;
        drop(scope);
        store.gc(None)?;
        assert_eq!(owned.field(&mut store, 0)?.unwrap_i32(), 5);
    }
    let arr = ArrayRefPre::new(&mut store, ArrayType::new(&engine, FieldType::new(Mutability::Var, StorageType::I8)));
    let a = ArrayRef::new(&mut store, &arr, &Val::I32(7), 3)?;
    assert_eq!(a.len(&store)?, 3);
    assert_eq!(a.get(&mut store, 2)?.unwrap_i32(), 7);
    let i31 = instance.get_typed_func::<i32, Option<I31>>(&mut store, "i31")?;
    assert_eq!(i31.call(&mut store, -1)?.unwrap().get_i32(), -1);
    assert!(matches!(Val::null_ref(&HeapType::Any), Val::AnyRef(None)));
    assert!(matches!(Val::null_any_ref(), Val::AnyRef(None)));
    let any = AnyRef::from_i31(&mut store, I31::wrapping_u32(9));
    assert_eq!(any.as_i31(&store)?.unwrap().get_u32(), 9);
    // An exception out of wasm, and one the host makes.
    let throws = instance.get_typed_func::<i32, ()>(&mut store, "throws")?;
    assert!(throws.call(&mut store, 3).unwrap_err().is::<ThrownException>());
    let exn = store.take_pending_exception().unwrap();
    assert_eq!(exn.field(&mut store, 0)?.unwrap_i32(), 3);
    let tag = exn.tag(&mut store)?;
    let exn_ty = ExnType::from_tag_type(&tag.ty(&store))?;
    let pre = ExnRefPre::new(&mut store, exn_ty);
    let mine = ExnRef::new(&mut store, &pre, &tag, &[Val::I32(8)])?;
    assert!(store.throw::<()>(mine).unwrap_err().is::<ThrownException>());
    assert_eq!(store.take_pending_exception().unwrap().field(&mut store, 0)?.unwrap_i32(), 8);
    Ok(())
}
