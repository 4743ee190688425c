//! Async calls without fibers: async host functions awaited on tokio, many concurrent calls
//! on one thread, infinite loops that yield on epochs and fuel, and dropped suspended calls.

use sheave::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

fn async_engine(f: impl FnOnce(&mut Config)) -> Engine {
    let mut config = Config::new();
    config.async_support(true);
    f(&mut config);
    Engine::new(&config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap()
}

const CALLS_HOST: &str = r#"(module
    (import "host" "fetch" (func $fetch (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
        (i32.add (call $fetch (local.get 0)) (call $fetch (i32.add (local.get 0) (i32.const 1)))))
    (func (export "spin") (loop $l (br $l)))
    (func (export "nine") (result i32) (i32.const 9)))"#;

fn assert_send<F: Send>(f: F) -> F {
    f
}

#[test]
fn an_async_host_function_awaits_a_timer() {
    let engine = async_engine(|_| {});
    let module = Module::new(&engine, CALLS_HOST).unwrap();
    let mut linker: Linker<u32> = Linker::new(&engine);
    linker
        .func_wrap_async("host", "fetch", |mut caller: Caller<'_, u32>, (x,): (i32,)| {
            Box::new(async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                *caller.data_mut() += 1;
                x * 10
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, 0u32);
    runtime().block_on(async {
        let instance = linker.instantiate_async(&mut store, &module).await.unwrap();
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
        // The call's future can move to another thread, as tokio's `spawn` needs.
        let out = assert_send(run.call_async(&mut store, 4)).await.unwrap();
        assert_eq!(out, 40 + 50);
        let run = instance.get_func(&mut store, "run").unwrap();
        let mut results = [Val::I32(0)];
        run.call_async(&mut store, &[Val::I32(1)], &mut results).await.unwrap();
        assert_eq!(results[0].unwrap_i32(), 10 + 20);
    });
    assert_eq!(*store.data(), 4);
    // A synchronous call that reaches an async host function is an error, not a hang.
    let instance = runtime().block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    let err = run.call(&mut store, 1).unwrap_err();
    assert!(format!("{err:#}").contains("call_async"), "{err:#}");
}

#[test]
fn many_calls_run_concurrently_on_one_thread() {
    const N: usize = 16;
    let engine = async_engine(|_| {});
    let module = Module::new(&engine, CALLS_HOST).unwrap();
    // Every call waits at the barrier until all N have reached it: they can only all finish
    // if the runtime interleaves them.
    let barrier = Arc::new(tokio::sync::Barrier::new(N));
    let mut linker: Linker<()> = Linker::new(&engine);
    let b = barrier.clone();
    linker
        .func_new_async(
            "host",
            "fetch",
            FuncType::new(&engine, [ValType::I32], [ValType::I32]),
            move |_caller, params, results| {
                let b = b.clone();
                Box::new(async move {
                    b.wait().await;
                    results[0] = Val::I32(params[0].unwrap_i32() + 1000);
                    Ok(())
                })
            },
        )
        .unwrap();
    let outs = runtime().block_on(async {
        let calls = (0..N as i32).map(|i| {
            let (engine, module, linker) = (&engine, &module, &linker);
            async move {
                let mut store = Store::new(engine, ());
                let instance = linker.instantiate_async(&mut store, module).await.unwrap();
                let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
                run.call_async(&mut store, i * 2).await.unwrap()
            }
        });
        tokio::time::timeout(Duration::from_secs(60), join_all(calls.collect())).await.expect("calls deadlocked")
    });
    let want: Vec<i32> = (0..N as i32).map(|i| (i * 2 + 1000) + (i * 2 + 1 + 1000)).collect();
    assert_eq!(outs, want);
}

/// Polls every future in turn until all are done (a tiny `join_all`, keeping the test's
/// dependencies to tokio).
async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (f, out) in futures.iter_mut().zip(outs.iter_mut()) {
            if out.is_none()
                && let std::task::Poll::Ready(v) = f.as_mut().poll(cx)
            {
                *out = Some(v);
            }
        }
        if outs.iter().all(Option::is_some) { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    outs.into_iter().map(Option::unwrap).collect()
}

#[test]
fn an_infinite_loop_yields_on_epochs_while_another_task_runs() {
    let engine = async_engine(|c| {
        c.epoch_interruption(true);
    });
    let module = Module::new(&engine, CALLS_HOST).unwrap();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "fetch", |x: i32| x).unwrap();
    let mut store = Store::new(&engine, ());
    // Each deadline, one tick after the last, yields and moves on by one tick.
    store.set_epoch_deadline(0);
    store.epoch_deadline_async_yield_and_update(1);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    // A timer thread ticks the epoch, as an embedder's would.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let timer = {
        let (engine, stop) = (engine.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1));
                engine.increment_epoch();
            }
        })
    };
    let ticks = AtomicU32::new(0);
    runtime().block_on(async {
        let other_task = async {
            for _ in 0..50 {
                ticks.fetch_add(1, Ordering::Relaxed);
                tokio::task::yield_now().await;
            }
        };
        // On one thread the other task only runs when the loop yields; when it is done, the
        // loop's future is dropped mid-call.
        tokio::select! {
            r = spin.call_async(&mut store, ()) => panic!("the infinite loop returned: {r:?}"),
            () = other_task => {}
        }
    });
    stop.store(true, Ordering::Relaxed);
    timer.join().unwrap();
    assert_eq!(ticks.load(Ordering::Relaxed), 50);
    // The store is usable after the suspended call was dropped; without the yield behaviour
    // the deadline traps as before.
    let nine = instance.get_typed_func::<(), i32>(&mut store, "nine").unwrap();
    assert_eq!(runtime().block_on(nine.call_async(&mut store, ())).unwrap(), 9);
    store.epoch_deadline_trap();
    store.set_epoch_deadline(0);
    let err = runtime().block_on(spin.call_async(&mut store, ())).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
}

#[test]
fn fuel_yields_at_each_interval_and_runs_out_as_a_trap() {
    let engine = async_engine(|c| {
        c.consume_fuel(true);
    });
    let module = Module::new(&engine, CALLS_HOST).unwrap();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "fetch", |x: i32| x).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(200_000).unwrap();
    store.fuel_async_yield_interval(Some(1_000)).unwrap();
    assert!(store.fuel_async_yield_interval(Some(0)).is_err());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let turns = AtomicU32::new(0);
    runtime().block_on(async {
        // Without a yield every 1000 units, the loop would use all its fuel (and fail) in
        // its first poll, before the other task's second turn.
        tokio::select! {
            r = spin.call_async(&mut store, ()) => panic!("the loop ended first: {r:?}"),
            () = async {
                for _ in 0..20 {
                    turns.fetch_add(1, Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            } => {}
        }
    });
    assert_eq!(turns.load(Ordering::Relaxed), 20);
    let left = store.get_fuel().unwrap();
    assert!(left > 0 && left < 200_000, "{left}");
    // Run to the end, the loop runs out of fuel: a trap, as in a synchronous call.
    let err = runtime().block_on(spin.call_async(&mut store, ())).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    assert!(store.get_fuel().unwrap() < 1_000);
    // Without fuel there is no interval to set.
    let mut no_fuel = Store::new(&Engine::default(), ());
    assert!(no_fuel.fuel_async_yield_interval(Some(10)).is_err());
}

#[test]
fn dropping_a_suspended_call_frees_it_and_keeps_the_store() {
    let engine = async_engine(|_| {});
    let module = Module::new(&engine, CALLS_HOST).unwrap();
    let token = Arc::new(());
    let mut linker: Linker<()> = Linker::new(&engine);
    let t = token.clone();
    linker
        .func_wrap_async("host", "fetch", move |_caller: Caller<'_, ()>, (_x,): (i32,)| {
            let t = t.clone();
            Box::new(async move {
                let _held = t;
                std::future::pending::<()>().await;
                0i32
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = runtime().block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    runtime().block_on(async {
        let call = run.call_async(&mut store, 1);
        // Poll until the call waits in the host function, holding its clone of `token`.
        let timed_out = tokio::time::timeout(Duration::from_millis(20), call).await;
        assert!(timed_out.is_err());
    });
    assert_eq!(Arc::strong_count(&token), 2, "the dropped call's host future was not freed");
    let nine = instance.get_typed_func::<(), i32>(&mut store, "nine").unwrap();
    assert_eq!(runtime().block_on(nine.call_async(&mut store, ())).unwrap(), 9);
    // As in wasmtime 48, any engine runs async calls.
    let sync_engine = Engine::default();
    let module = Module::new(&sync_engine, r#"(module (func (export "f") (result i32) (i32.const 3)))"#).unwrap();
    let mut store = Store::new(&sync_engine, ());
    let instance = Linker::new(&sync_engine).instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(runtime().block_on(f.call_async(&mut store, ())).unwrap(), 3);
}

#[test]
fn instantiate_async_runs_an_async_start_function() {
    let engine = async_engine(|_| {});
    let module = Module::new(
        &engine,
        r#"(module (import "host" "init" (func $init (result i32))) (global $g (mut i32) (i32.const 0))
            (func $start (global.set $g (call $init))) (start $start)
            (func (export "g") (result i32) (global.get $g)))"#,
    )
    .unwrap();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .func_wrap_async("host", "init", |_caller: Caller<'_, ()>, (): ()| {
            Box::new(async {
                tokio::task::yield_now().await;
                Ok(77i32)
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = runtime().block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    let g = instance.get_typed_func::<(), i32>(&mut store, "g").unwrap();
    assert_eq!(g.call(&mut store, ()).unwrap(), 77);
    // Synchronous instantiation cannot run the async start function.
    assert!(linker.instantiate(&mut store, &module).is_err());
}

#[test]
fn a_suspended_async_call_keeps_its_objects_alive() {
    // The call holds a struct in a local and on its operand stack while it waits in an async
    // host function, which collects (and makes garbage through another call) meanwhile.
    let engine = async_engine(|_| {});
    let module = Module::new(
        &engine,
        r#"(module
          (type $box (struct (field i32)))
          (import "host" "wait" (func $wait))
          (func (export "hold") (result i32)
            (local $b (ref null $box))
            (local.set $b (struct.new $box (i32.const 41)))
            (struct.new $box (i32.const 1))
            (call $wait)
            (struct.get $box 0)
            (struct.get $box 0 (ref.as_non_null (local.get $b)))
            (i32.add))
          (func (export "garbage") (param $n i32)
            (loop $l
              (drop (struct.new $box (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br_if $l (local.get $n)))))"#,
    )
    .unwrap();
    let mut linker: Linker<Option<Instance>> = Linker::new(&engine);
    linker
        .func_wrap_async("host", "wait", |mut caller: Caller<'_, Option<Instance>>, (): ()| {
            Box::new(async move {
                tokio::time::sleep(Duration::from_millis(1)).await;
                let instance = caller.data().expect("the instance");
                let garbage = instance.get_typed_func::<i32, ()>(&mut caller, "garbage").unwrap();
                garbage.call_async(&mut caller, 300_000).await.unwrap();
                caller.gc(None).unwrap();
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, None);
    let instance = runtime().block_on(linker.instantiate_async(&mut store, &module)).unwrap();
    *store.data_mut() = Some(instance);
    let hold = instance.get_typed_func::<(), i32>(&mut store, "hold").unwrap();
    assert_eq!(runtime().block_on(hold.call_async(&mut store, ())).unwrap(), 42);
}
