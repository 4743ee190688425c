//! The Cranelift tier through the public API: results, traps, limits and mixed mode
//! (native code calling the interpreter and host functions, and back).
#![cfg(feature = "cranelift")]

use sheave::{
    Caller, Config, Engine, ExternRef, Func, Instance, Linker, Module, RootScope, Rooted, Store, Strategy, Trap, Val,
};

fn engine(f: impl FnOnce(&mut Config)) -> Engine {
    let mut c = Config::new();
    c.strategy(Strategy::Cranelift);
    f(&mut c);
    Engine::new(&c).expect("a Cranelift engine on this host")
}

fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat).unwrap();
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn trap_of(e: &sheave::Error) -> Trap {
    *e.downcast_ref::<Trap>().unwrap_or_else(|| panic!("not a trap: {e:?}"))
}

const FIB: &str = include_str!("../examples/fib.wat");

#[test]
fn is_pulley_says_which_tier_runs() {
    assert!(!engine(|_| {}).is_pulley());
    assert!(Engine::default().is_pulley());
}

#[test]
fn native_code_computes_what_the_interpreter_does() {
    let (mut store, inst) = instantiate(&engine(|_| {}), FIB);
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
    let fib_iter = inst.get_typed_func::<i32, i64>(&mut store, "fib_iter").unwrap();
    assert_eq!(fib_iter.call(&mut store, 90).unwrap(), 2880067194370816120);
}

#[test]
fn memory_globals_and_bulk_ops() {
    let wat = r#"(module
      (memory (export "mem") 1 3)
      (global $g (mut i64) (i64.const 5))
      (data (i32.const 100) "\01\02\03\04")
      (func (export "run") (param i32) (result i64)
        (i64.store (i32.const 8) (i64.const 0x1122334455667788))
        (memory.fill (i32.const 200) (i32.const 7) (i32.const 4))
        (memory.copy (i32.const 300) (i32.const 100) (i32.const 4))
        (global.set $g (i64.add (global.get $g) (i64.load8_u (i32.const 302))))
        (i64.add (i64.load (i32.const 8))
          (i64.add (global.get $g) (i64.extend_i32_u (i32.load (i32.const 200))))))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#;
    let (mut store, inst) = instantiate(&engine(|_| {}), wat);
    let run = inst.get_typed_func::<i32, i64>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 0).unwrap(), 0x1122334455667788 + 8 + 0x07070707);
    let mem = inst.get_memory(&mut store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[300..304], &[1, 2, 3, 4]);
    let grow = inst.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = inst.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    let load = inst.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    assert_eq!(grow.call(&mut store, 5).unwrap(), -1);
    // The grown page is addressable; one byte past it is not.
    assert_eq!(load.call(&mut store, 131068).unwrap(), 0);
    let e = load.call(&mut store, 131069).unwrap_err();
    assert_eq!(trap_of(&e), Trap::MemoryOutOfBounds);
}

#[test]
fn traps_are_values_with_backtraces() {
    let wat = r#"(module
      (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func $outer (export "outer") (param i32 i32) (result i32) (call $div (local.get 0) (local.get 1)))
      (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export "unreachable") unreachable))"#;
    let (mut store, inst) = instantiate(&engine(|_| {}), wat);
    let div = inst.get_typed_func::<(i32, i32), i32>(&mut store, "div").unwrap();
    assert_eq!(div.call(&mut store, (7, -2)).unwrap(), -3);
    assert_eq!(trap_of(&div.call(&mut store, (1, 0)).unwrap_err()), Trap::IntegerDivisionByZero);
    assert_eq!(trap_of(&div.call(&mut store, (i32::MIN, -1)).unwrap_err()), Trap::IntegerOverflow);
    let outer = inst.get_typed_func::<(i32, i32), i32>(&mut store, "outer").unwrap();
    let e = outer.call(&mut store, (1, 0)).unwrap_err();
    let names: Vec<_> = e
        .downcast_ref::<sheave::WasmBacktrace>()
        .map(|bt| bt.frames().iter().map(|f| f.func_name().unwrap_or("?").to_string()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["div", "outer"], "{e:?}");
    let trunc = inst.get_typed_func::<f64, i32>(&mut store, "trunc").unwrap();
    assert_eq!(trunc.call(&mut store, -2147483648.9).unwrap(), i32::MIN);
    assert_eq!(trap_of(&trunc.call(&mut store, 2147483648.0).unwrap_err()), Trap::IntegerOverflow);
    assert_eq!(trap_of(&trunc.call(&mut store, f64::NAN).unwrap_err()), Trap::BadConversionToInteger);
    let unreachable = inst.get_typed_func::<(), ()>(&mut store, "unreachable").unwrap();
    assert_eq!(trap_of(&unreachable.call(&mut store, ()).unwrap_err()), Trap::UnreachableCodeReached);
}

#[test]
fn deep_recursion_is_a_stack_overflow_trap() {
    let wat = r#"(module (func $f (export "f") (param i32) (result i32)
        (i32.add (i32.const 1) (call $f (local.get 0)))))"#;
    let (mut store, inst) = instantiate(&engine(|_| {}), wat);
    let f = inst.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    assert_eq!(trap_of(&f.call(&mut store, 0).unwrap_err()), Trap::StackOverflow);
    // The store stays usable.
    assert_eq!(trap_of(&f.call(&mut store, 0).unwrap_err()), Trap::StackOverflow);
}

#[test]
fn tail_calls_run_in_constant_stack() {
    let wat = r#"(module (func $count (export "count") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 42))
          (else (return_call $count (i64.sub (local.get 0) (i64.const 1)))))))"#;
    let (mut store, inst) = instantiate(&engine(|_| {}), wat);
    let count = inst.get_typed_func::<i64, i64>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 10_000_000).unwrap(), 42);
}

#[test]
fn fuel_and_epochs_stop_an_infinite_loop() {
    let wat = r#"(module (func (export "spin") (loop $l (br $l))))"#;
    let e = engine(|c| {
        c.consume_fuel(true);
    });
    let (mut store, inst) = instantiate(&e, wat);
    store.set_fuel(10_000).unwrap();
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    assert_eq!(trap_of(&spin.call(&mut store, ()).unwrap_err()), Trap::OutOfFuel);
    assert_eq!(store.get_fuel().unwrap(), 0);

    let e = engine(|c| {
        c.epoch_interruption(true);
    });
    let (mut store, inst) = instantiate(&e, wat);
    store.set_epoch_deadline(1);
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let ticker = {
        let e = e.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            e.increment_epoch();
        })
    };
    assert_eq!(trap_of(&spin.call(&mut store, ()).unwrap_err()), Trap::Interrupt);
    ticker.join().unwrap();
}

#[test]
fn mixed_mode_calls_host_functions_and_the_interpreter() {
    // `catcher` uses a GC op, so it stays in the interpreter; native `run` calls it, and it
    // calls native `double` and the host's `add`, inside an exception handler.
    let wat = r#"(module
      (import "host" "add" (func $add (param i32 i32) (result i32)))
      (tag $t)
      (table 2 funcref)
      (elem (i32.const 0) $double $add)
      (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func $catcher (param i32) (result i32)
        (drop (i31.get_s (ref.i31 (local.get 0))))
        (block $h
          (try_table (catch $t $h)
            (return (call $add (call $double (local.get 0)) (i32.const 1)))))
        (i32.const -1))
      (func (export "run") (param i32) (result i32)
        (i32.add (call $catcher (local.get 0))
          (call_indirect (param i32 i32) (result i32) (i32.const 10) (i32.const 20) (i32.const 1))))
      (func (export "bad_indirect") (result i32)
        (call_indirect (param i32) (result i32) (i32.const 1) (i32.const 1))))"#;
    let engine = engine(|c| {
        c.wasm_gc(true);
    });
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let add = Func::wrap(&mut store, |mut caller: Caller<'_, ()>, a: i32, b: i32| {
        // The calling instance reaches the host function, from native code too.
        assert!(caller.get_export("run").is_some());
        a + b
    });
    let inst = Instance::new(&mut store, &module, &[add.into()]).unwrap();
    assert_eq!(module.interpreted_functions(), [(2, "ref_i31")]);
    let run = inst.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 11 + 30);
    let bad = inst.get_typed_func::<(), i32>(&mut store, "bad_indirect").unwrap();
    assert_eq!(trap_of(&bad.call(&mut store, ()).unwrap_err()), Trap::BadSignature);
    let mut results = [Val::I32(0)];
    run.func().call(&mut store, &[Val::I32(1)], &mut results).unwrap();
    assert_eq!(results[0].unwrap_i32(), 3 + 30);
}

#[test]
fn host_errors_pass_through_native_frames() {
    let wat = r#"(module
      (import "host" "fail" (func $fail))
      (func (export "run") (call $fail)))"#;
    let engine = engine(|_| {});
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let fail = Func::wrap(&mut store, || -> sheave::Result<()> { Err(sheave::Error::msg("host says no")) });
    let inst = Instance::new(&mut store, &module, &[fail.into()]).unwrap();
    let run = inst.get_typed_func::<(), ()>(&mut store, "run").unwrap();
    let e = run.call(&mut store, ()).unwrap_err();
    assert!(format!("{e:?}").contains("host says no"), "{e:?}");
}

#[test]
fn a_thread_with_less_stack_than_max_wasm_stack_still_traps() {
    // 256 KiB of thread stack, 512 KiB of `max_wasm_stack`: the limit stays inside the thread's
    // stack (Linux tells where it ends), so this is a trap, not a crash.
    // (Compiling needs more stack than that in a debug build: it happens outside.)
    let engine = engine(|_| {});
    let wat = r#"(module (func $f (export "f") (param i32) (result i32)
        (i32.add (i32.const 1) (call $f (local.get 0)))))"#;
    let module = Module::new(&engine, wat).unwrap();
    let result = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
            let f = inst.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
            trap_of(&f.call(&mut store, 0).unwrap_err())
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(result, Trap::StackOverflow);
}

#[test]
fn tables_and_exceptions_in_native_code() {
    // `thrower` throws; `catcher` catches what passes through `middle`; all three native.
    let wat = r#"(module
      (tag $t (param i32))
      (table $tab 2 10 funcref)
      (elem declare func $thrower)
      (func $thrower (param i32) (throw $t (i32.add (local.get 0) (i32.const 1))))
      (func $middle (param i32) (call $thrower (local.get 0)))
      (func (export "catcher") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $middle (local.get 0)))
          (i32.const -1)))
      (func (export "uncaught") (call $thrower (i32.const 0)))
      (func (export "tables") (result i32)
        (table.set $tab (i32.const 1) (ref.func $thrower))
        (drop (table.grow $tab (ref.null func) (i32.const 3)))
        (table.fill $tab (i32.const 3) (ref.func $thrower) (i32.const 2))
        (table.copy $tab $tab (i32.const 0) (i32.const 3) (i32.const 1))
        (i32.add (table.size $tab)
          (i32.add (ref.is_null (table.get $tab (i32.const 0)))
                   (i32.mul (i32.const 10) (ref.is_null (table.get $tab (i32.const 2)))))))
      (func (export "table_oob") (result funcref) (table.get $tab (i32.const 99))))"#;
    let engine = engine(|_| {});
    let module = Module::new(&engine, wat).unwrap();
    assert_eq!(module.interpreted_functions(), []);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let catcher = inst.get_typed_func::<i32, i32>(&mut store, "catcher").unwrap();
    assert_eq!(catcher.call(&mut store, 41).unwrap(), 42);
    let uncaught = inst.get_typed_func::<(), ()>(&mut store, "uncaught").unwrap();
    let e = uncaught.call(&mut store, ()).unwrap_err();
    assert!(e.is::<sheave::ThrownException>(), "{e:?}");
    assert!(store.take_pending_exception().is_some());
    let tables = inst.get_typed_func::<(), i32>(&mut store, "tables").unwrap();
    // Size 5; slot 0 got slot 3's reference (not null: +0); slot 2 is still null (+10).
    assert_eq!(tables.call(&mut store, ()).unwrap(), 15);
    let oob = inst.get_func(&mut store, "table_oob").unwrap();
    let mut out = [Val::I32(0)];
    assert_eq!(trap_of(&oob.call(&mut store, &[], &mut out).unwrap_err()), Trap::TableOutOfBounds);
}

#[test]
fn artifacts_are_bytecode_compiled_at_load_by_a_cranelift_engine() {
    let jit = engine(|_| {});
    let bytes = jit.precompile_module(FIB.as_bytes()).unwrap();
    // SAFETY: the bytes come from `precompile_module` of an engine with the same settings.
    let module = unsafe { Module::deserialize(&jit, &bytes) }.unwrap();
    let mut store = Store::new(&jit, ());
    let inst = Linker::new(&jit).instantiate(&mut store, &module).unwrap();
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 15).unwrap(), 610);
    assert_eq!(module.interpreted_functions(), []);
    // The compatibility hash names the tier: an interpreter engine refuses the artifact.
    // SAFETY: as above (it is refused before anything runs).
    let refused = unsafe { Module::deserialize(&Engine::default(), &bytes) };
    assert!(refused.is_err());
}

/// Polls `f` to completion on this thread (its futures wake themselves).
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn async_calls_under_the_cranelift_strategy() {
    let wat = r#"(module (import "host" "slow" (func $slow (param i32) (result i32)))
        (func (export "f") (param i32) (result i32) (i32.add (call $slow (local.get 0)) (i32.const 1))))"#;
    fn slow(_caller: Caller<'_, ()>, (x,): (i32,)) -> Box<dyn std::future::Future<Output = i32> + Send + '_> {
        Box::new(async move { x * 10 })
    }
    // With `async_support`, a Cranelift engine interprets, so its calls can stop at async
    // host functions.
    let async_engine = engine(|c| {
        c.async_support(true);
    });
    assert!(async_engine.is_pulley() && async_engine.is_async());
    let module = Module::new(&async_engine, wat).unwrap();
    let mut linker = Linker::new(&async_engine);
    linker.func_wrap_async("host", "slow", slow).unwrap();
    let mut store = Store::new(&async_engine, ());
    let instance = block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    assert_eq!(block_on(f.call_async(&mut store, 4)).unwrap(), 41);
    // Without it the code is native: an async call runs it to its end, and an async host
    // function it reaches is an error that says what to do.
    let native = engine(|_| {});
    let module = Module::new(&native, wat).unwrap();
    let mut linker = Linker::new(&native);
    linker.func_wrap_async("host", "slow", slow).unwrap();
    let mut store = Store::new(&native, ());
    let instance = block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    let err = block_on(f.call_async(&mut store, 4)).unwrap_err();
    assert!(format!("{err:#}").contains("async_support"), "{err:#}");
}

/// `return_call` to an imported function stays a tail call in native code: a loop between
/// two instances (A's `f` tail-calls through its table, which holds B's `g`; `g` tail-calls
/// A's `f` through its import, as wasmtime's `tail-call/loop-across-modules.wast`) runs a
/// million laps on a constant native stack, and a tail call to a host function returns its
/// result to the original caller. (It was an ordinary call: the stack ran out after a few
/// thousand laps.)
#[test]
fn return_call_to_an_import_is_a_tail_call() {
    let engine = engine(|_| {});
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x.wrapping_mul(2)).unwrap();
    let a = Module::new(
        &engine,
        r#"(module
             (type $t (func (param i32) (result i32)))
             (import "host" "double" (func $double (param i32) (result i32)))
             (table (export "table") 1 1 funcref)
             (func (export "f") (param i32) (result i32)
               (if (result i32) (i32.eqz (local.get 0))
                 (then (return_call $double (i32.const 21)))
                 (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))"#,
    )
    .unwrap();
    let b = Module::new(
        &engine,
        r#"(module
             (import "a" "table" (table 1 1 funcref))
             (import "a" "f" (func $f (param i32) (result i32)))
             (func $g (export "g") (param i32) (result i32) (return_call $f (local.get 0)))
             (elem (i32.const 0) func $g))"#,
    )
    .unwrap();
    let a_inst = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "a", a_inst).unwrap();
    let b_inst = linker.instantiate(&mut store, &b).unwrap();
    let g = b_inst.get_typed_func::<i32, i32>(&mut store, "g").unwrap();
    assert_eq!(g.call(&mut store, 0).unwrap(), 42);
    assert_eq!(g.call(&mut store, 1_000_000).unwrap(), 42);
}

#[test]
fn native_frames_keep_their_heap_references_across_collections() {
    // `pass` and `twice` hold references (an extern and a struct) across calls into
    // interpreted code that allocates enough to collect: they run native, keeping those slots
    // in frame memory, which a call out of native code roots.
    let wat = r#"(module
      (type $box (struct (field i32)))
      (func $churn (param $n i32)
        (loop $l
          (drop (struct.new $box (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n))))
      (func $make (param i32) (result (ref null $box)) (struct.new $box (local.get 0)))
      (func $get (param (ref null $box)) (result i32) (struct.get $box 0 (local.get 0)))
      (func (export "pass") (param $x externref) (result externref)
        (call $churn (i32.const 200000))
        (local.get $x))
      (func (export "twice") (param $v i32) (result i32)
        (local $b (ref null $box))
        (local.set $b (call $make (local.get $v)))
        (call $churn (i32.const 200000))
        (i32.add (call $get (local.get $b)) (call $get (local.get $b)))))"#;
    let engine = engine(|_| {});
    let module = Module::new(&engine, wat).unwrap();
    let interpreted: Vec<u32> = module.interpreted_functions().iter().map(|(f, _)| *f).collect();
    assert_eq!(interpreted, [0, 1, 2], "the functions with GC ops stay interpreted, the others are native");
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let pass = inst.get_typed_func::<Option<Rooted<ExternRef>>, Option<Rooted<ExternRef>>>(&mut store, "pass").unwrap();
    let back = {
        let mut scope = RootScope::new(&mut store);
        let x = ExternRef::new(&mut scope, 1234u32).unwrap();
        pass.call(&mut scope, Some(x)).unwrap().unwrap().to_owned_rooted(&mut scope).unwrap()
    };
    assert_eq!(back.data(&store).unwrap().unwrap().downcast_ref::<u32>(), Some(&1234));
    let twice = inst.get_typed_func::<i32, i32>(&mut store, "twice").unwrap();
    assert_eq!(twice.call(&mut store, 21).unwrap(), 42);
}
