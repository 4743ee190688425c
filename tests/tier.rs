//! Tiering (`Strategy::Auto` with the Cranelift tier): functions start interpreted, hot ones
//! are compiled and later calls run native code, on every path a call takes.
#![cfg(feature = "cranelift")]

use sheave::{Caller, Config, Engine, Instance, Linker, Module, Store, Strategy, Trap};
use std::time::{Duration, Instant};

fn engine(threshold: u32, parallel: bool, f: impl FnOnce(&mut Config)) -> Engine {
    let mut c = Config::new();
    c.strategy(Strategy::Auto).tier_up_threshold(threshold).parallel_compilation(parallel);
    f(&mut c);
    Engine::new(&c).expect("a tiering engine on this host")
}

fn instantiate(engine: &Engine, module: &Module) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, module).unwrap();
    (store, instance)
}

const FIB: &str = include_str!("../examples/fib.wat");

/// Waits (bounded) until the background compiler installed `n` functions of `module`.
fn wait_for_tiered(module: &Module, n: usize) -> Vec<u32> {
    let start = Instant::now();
    loop {
        let done: Vec<u32> = module.tiered_functions().iter().map(|&(f, _)| f).collect();
        if done.len() >= n || start.elapsed() > Duration::from_secs(60) {
            return done;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn strategies_say_which_tier_runs() {
    assert!(engine(1000, true, |_| {}).is_pulley());
    let mut c = Config::new();
    c.strategy(Strategy::Winch);
    assert!(Engine::new(&c).unwrap().is_pulley());
    c.strategy(Strategy::Cranelift);
    assert!(!Engine::new(&c).unwrap().is_pulley());
}

#[test]
fn a_hot_function_tiers_up_at_its_threshold_on_the_calling_thread() {
    let wat = r#"(module (func (export "mul_add") (param i64 i64) (result i64)
        (i64.add (i64.mul (local.get 0) (local.get 1)) (local.get 1))))"#;
    let e = engine(3, false, |_| {});
    let module = Module::new(&e, wat).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    let f = inst.get_typed_func::<(i64, i64), i64>(&mut store, "mul_add").unwrap();
    for n in 0..2 {
        assert_eq!(f.call(&mut store, (n, 10)).unwrap(), n * 10 + 10);
        assert!(module.tiered_functions().is_empty(), "tiered before its threshold");
    }
    assert_eq!(f.call(&mut store, (7, 6)).unwrap(), 48);
    assert_eq!(module.tiered_functions().len(), 1, "compiled at its third call");
    assert!(module.tiered_code_bytes() > 0);
    // Later calls run the native code, with the same results.
    assert_eq!(f.call(&mut store, (-3, i64::MAX)).unwrap(), (-3i64).wrapping_mul(i64::MAX).wrapping_add(i64::MAX));
}

#[test]
fn a_long_loop_in_one_call_goes_on_natively_at_its_header() {
    // One call whose time is one loop: iterations count too, and at the threshold the frame
    // continues in native code from the loop header (on-stack replacement).
    for parallel in [false, true] {
        let e = engine(1000, parallel, |_| {});
        let module = Module::new(&e, FIB).unwrap();
        let (mut store, inst) = instantiate(&e, &module);
        let fib_iter = inst.get_typed_func::<i32, i64>(&mut store, "fib_iter").unwrap();
        assert_eq!(fib_iter.call(&mut store, 90).unwrap(), 2880067194370816120);
        assert!(module.tiered_functions().is_empty(), "90 iterations are below the threshold");
        let mut n = 0;
        // In the background, the switch comes once the compiler is done: loop until it is.
        while module.tiered_functions().is_empty() && n < 200 {
            fib_iter.call(&mut store, 2_000_000).unwrap();
            n += 1;
        }
        assert_eq!(module.tiered_functions().len(), 1, "parallel {parallel}");
        if !parallel {
            assert_eq!(n, 1, "switched within the first long call");
        }
        // The interpreter's and native code's results agree.
        let native = fib_iter.call(&mut store, 1_000_000).unwrap();
        let interp_engine = engine(0, false, |_| {});
        let m2 = Module::new(&interp_engine, FIB).unwrap();
        let (mut s2, i2) = instantiate(&interp_engine, &m2);
        let f2 = i2.get_typed_func::<i32, i64>(&mut s2, "fib_iter").unwrap();
        assert_eq!(native, f2.call(&mut s2, 1_000_000).unwrap());
        assert_eq!(fib_iter.call(&mut store, 2_000_000).unwrap(), f2.call(&mut s2, 2_000_000).unwrap());
    }
}

#[test]
fn recursion_switches_tier_mid_way_and_computes_the_same() {
    // `fib` calls itself: after 10 calls the deeper frames run native code, below and above
    // interpreted ones.
    let e = engine(10, false, |_| {});
    let module = Module::new(&e, FIB).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
    assert!(!module.tiered_functions().is_empty());
    assert_eq!(fib.call(&mut store, 21).unwrap(), 10946);
}

#[test]
fn background_compilation_installs_while_calls_go_on() {
    let e = engine(2, true, |_| {});
    let module = Module::new(&e, FIB).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 15).unwrap(), 610);
    assert_eq!(wait_for_tiered(&module, 1).len(), 1);
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
}

#[test]
fn a_function_tiers_up_while_another_threads_call_of_the_module_runs() {
    let e = engine(5, true, |_| {});
    let module = Module::new(&e, FIB).unwrap();
    let other = {
        let (e, module) = (e.clone(), module.clone());
        std::thread::spawn(move || {
            let (mut store, inst) = instantiate(&e, &module);
            let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
            (0..40).map(|_| fib.call(&mut store, 18).unwrap()).collect::<Vec<_>>()
        })
    };
    let (mut store, inst) = instantiate(&e, &module);
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    for _ in 0..40 {
        assert_eq!(fib.call(&mut store, 18).unwrap(), 2584);
    }
    assert!(other.join().unwrap().iter().all(|&r| r == 2584));
    assert_eq!(wait_for_tiered(&module, 1).len(), 1);
}

#[test]
fn a_queued_or_running_compilation_does_not_keep_its_module() {
    let e = engine(1, true, |_| {});
    let module = Module::new(&e, FIB).unwrap();
    {
        let (mut store, inst) = instantiate(&e, &module);
        let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
    }
    // The store is gone; the worker holds the module only while its job runs, so this
    // handle ends up the last one (and dropping it frees the module and its code).
    let start = Instant::now();
    while module.live_references() > 1 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(module.live_references(), 1);
}

#[test]
fn traps_fuel_and_host_calls_behave_the_same_in_a_tiered_frame() {
    let wat = r#"(module
      (import "host" "add" (func $add (param i32 i32) (result i32)))
      (func $work (export "work") (param i32) (result i32)
        (if (i32.eq (local.get 0) (i32.const 7)) (then unreachable))
        (call $add (local.get 0) (i32.const 100)))
      (func (export "loop") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (call $work (i32.const 1))))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 1)))"#;
    let e = engine(1, false, |c| {
        c.consume_fuel(true);
    });
    let module = Module::new(&e, wat).unwrap();
    let mut store = Store::new(&e, ());
    store.set_fuel(1_000_000).unwrap();
    let mut linker = Linker::new(&e);
    linker.func_wrap("host", "add", |_: Caller<'_, ()>, a: i32, b: i32| a + b).unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let work = inst.get_typed_func::<i32, i32>(&mut store, "work").unwrap();
    assert_eq!(work.call(&mut store, 1).unwrap(), 101);
    assert!(!module.tiered_functions().is_empty());
    let e7 = work.call(&mut store, 7).unwrap_err();
    assert_eq!(*e7.downcast_ref::<Trap>().unwrap(), Trap::UnreachableCodeReached);
    let lp = inst.get_typed_func::<i32, i32>(&mut store, "loop").unwrap();
    assert_eq!(lp.call(&mut store, 50).unwrap(), 50 * 101);
    // Fuel is charged in native code as in the interpreter: running out traps.
    store.set_fuel(100).unwrap();
    let out = lp.call(&mut store, 1000).unwrap_err();
    assert_eq!(*out.downcast_ref::<Trap>().unwrap(), Trap::OutOfFuel);
}

#[test]
fn resumable_calls_stay_interpreted_after_tier_up() {
    let wat = r#"(module
      (func (export "sum") (param i32) (result i64) (local i64)
        (loop $l
          (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 1)))"#;
    let e = engine(1, false, |c| {
        c.consume_fuel(true);
    });
    let module = Module::new(&e, wat).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    store.set_fuel(u64::MAX).unwrap();
    let sum = inst.get_func(&mut store, "sum").unwrap();
    let mut out = [sheave::Val::I64(0)];
    sum.call(&mut store, &[sheave::Val::I32(1000)], &mut out).unwrap();
    assert_eq!(module.tiered_functions().len(), 1);
    // A resumable call of the now-native function runs interpreted and stops on fuel.
    store.set_fuel(50).unwrap();
    let call = sum.call_resumable(&mut store, &[sheave::Val::I32(1000)], &mut out).unwrap();
    let sheave::ResumableCall::OutOfFuel(stopped) = call else { panic!("expected an out-of-fuel stop") };
    store.set_fuel(u64::MAX).unwrap();
    let done = stopped.resume(&mut store, &mut out).unwrap();
    assert!(matches!(done, sheave::ResumableCall::Finished));
    assert_eq!(out[0].unwrap_i64(), 500500);
}

#[test]
fn calls_through_tables_reach_tiered_code() {
    let wat = r#"(module
      (type $t (func (param i32) (result i32)))
      (table 2 funcref)
      (elem (i32.const 0) $double $inc)
      (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
      (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
      (func (export "run") (param i32) (result i32)
        (call_indirect (type $t)
          (call_indirect (type $t) (local.get 0) (i32.const 0))
          (i32.const 1))))"#;
    let e = engine(1, false, |_| {});
    let module = Module::new(&e, wat).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    let run = inst.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    for i in 0..5 {
        assert_eq!(run.call(&mut store, i).unwrap(), 2 * i + 1, "run({i}), tiered: {:?}", module.tiered_functions());
    }
    assert_eq!(module.tiered_functions().len(), 3);
}

#[test]
fn a_trap_in_a_frame_that_switched_tiers_lists_the_interpreted_callers() {
    // `outer` (called once, no loop: it stays interpreted) calls `inner` three times; `inner`
    // tiers up at its third call and traps natively: the backtrace names both frames.
    let wat = r#"(module
      (func $inner (param i32) (result i32)
        (if (i32.eq (local.get 0) (i32.const 5)) (then unreachable))
        (local.get 0))
      (func $outer (export "outer") (result i32)
        (i32.add (call $inner (i32.const 1))
          (i32.add (call $inner (i32.const 2)) (call $inner (i32.const 5))))))"#;
    let e = engine(3, false, |_| {});
    let module = Module::new(&e, wat).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    let outer = inst.get_typed_func::<(), i32>(&mut store, "outer").unwrap();
    let err = outer.call(&mut store, ()).unwrap_err();
    assert_eq!(*err.downcast_ref::<Trap>().unwrap(), Trap::UnreachableCodeReached);
    let tiered: Vec<u32> = module.tiered_functions().iter().map(|&(f, _)| f).collect();
    assert_eq!(tiered, [0], "inner tiered, outer not");
    let bt = err.downcast_ref::<sheave::WasmBacktrace>().expect("a backtrace");
    let frames: Vec<u32> = bt.frames().iter().map(|f| f.func_index()).collect();
    assert_eq!(frames, [0, 1], "inner (native), then outer");
}

#[test]
fn an_infinite_loop_that_switched_tiers_still_stops_at_its_epoch_deadline() {
    // `spin` switches to native code at its loop header (on-stack replacement) and must still
    // check the epoch there, as the interpreter does.
    let wat = r#"(module (func (export "spin") (loop $l (br $l))))"#;
    let e = engine(100, false, |c| {
        c.epoch_interruption(true);
    });
    let module = Module::new(&e, wat).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    store.set_epoch_deadline(1);
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let ticker = {
        let e = e.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            e.increment_epoch();
        })
    };
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(*err.downcast_ref::<Trap>().unwrap(), Trap::Interrupt);
    ticker.join().unwrap();
    assert_eq!(module.tiered_functions().len(), 1, "the loop went on natively");
}

#[test]
fn async_calls_stay_interpreted_and_finish() {
    let e = engine(1, false, |c| {
        c.consume_fuel(true);
    });
    let module = Module::new(&e, FIB).unwrap();
    let (mut store, inst) = instantiate(&e, &module);
    store.set_fuel(u64::MAX).unwrap();
    store.fuel_async_yield_interval(Some(1000)).unwrap();
    let fib = inst.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    let r = block_on(fib.call_async(&mut store, 20));
    assert_eq!(r.unwrap(), 6765);
    assert!(module.tiered_functions().is_empty(), "an async call never switches tiers");
    // A synchronous call of the same function then tiers up at its first call.
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
    assert_eq!(module.tiered_functions().len(), 1);
}

/// Polls `f` to completion on this thread (yields are immediate wake-ups).
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(r) = f.as_mut().poll(&mut cx) {
            return r;
        }
    }
}

#[test]
fn the_code_memory_limit_is_the_engines_and_dropped_modules_give_theirs_back() {
    let wat = r#"(module (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))"#;
    // A limit the first module's code passes: its first function is compiled, the next
    // module's is not.
    let e = engine(1, false, |c| {
        c.tier_code_memory_limit(1);
    });
    let call = |module: &Module| {
        let (mut store, inst) = instantiate(&e, module);
        let f = inst.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
        assert_eq!(f.call(&mut store, 14).unwrap(), 42);
    };
    let first = Module::new(&e, wat).unwrap();
    call(&first);
    assert_eq!(first.tiered_functions().len(), 1);
    let second = Module::new(&e, wat).unwrap();
    call(&second);
    assert!(second.tiered_functions().is_empty());
    assert_eq!(second.interpreted_functions(), [(0, "the engine's tier code memory limit is reached")]);
    // Dropping the first module frees its code and its share of the limit.
    drop(first);
    let third = Module::new(&e, wat).unwrap();
    call(&third);
    assert_eq!(third.tiered_functions().len(), 1);
}
