//! The pinned local (see `sheave_interp::pin`): a function's local 0 lives in slot 0 and, on
//! hosts with a spare handler argument, in a register too, written through to its slot. These tests change the pinned local and then cross every point where a frame is
//! left and entered again (calls and returns, recursion, a host call, a landing pad, a
//! resumable call out of fuel, an async yield), on every dispatcher and engine the build
//! has, and check the listings show the pinned-local ops, so a missed reload of the register
//! shows as a wrong result.

use sheave::{Caller, Config, Dispatch, Engine, Func, Instance, Linker, Module, ResumableCall, Store, Val};

const WAT: &str = r#"(module
    (import "host" "twice" (func $twice (param i32) (result i32)))
    (tag $boom (param i32))
    ;; Local 0 is the counter and the most used local: pinned in place.
    (func $count (export "count") (param i32) (result i32) (local i32)
        (loop $l
            (local.set 1 (i32.add (local.get 1) (local.get 0)))
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 1))
    ;; Recursion: each frame's pinned local is its own `n`, read again after the call.
    (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add
                (call $fib (i32.sub (local.get 0) (i32.const 1)))
                (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    ;; Local 2 is the most used, local 0 the pinned one.
    (func $swapped (export "swapped") (param i32) (result i32) (local i32 i32)
        (local.set 2 (i32.const 1))
        (loop $l
            (local.set 2 (i32.add (local.get 2) (local.get 2)))
            (local.set 2 (i32.xor (local.get 2) (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get 1) (i32.const 20))))
        (i32.add (local.get 2) (local.get 0)))
    ;; A host call and a callee with its own pinned local between a write and a read.
    (func $calls (export "calls") (param i32) (result i32) (local i32)
        (loop $l
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (local.set 1 (i32.add (local.get 1) (call $twice (local.get 0))))
            (local.set 1 (i32.add (local.get 1) (call $count (i32.const 3))))
            (br_if $l (local.get 0)))
        (i32.add (local.get 1) (local.get 0)))
    ;; A caught exception between a write and a read.
    (func $throws (param i32) (throw $boom (local.get 0)))
    ;; No locals: slot 0 is the operand stack's first slot, where the argument is written
    ;; (through the pinned register) and then the caught payload lands (outside any op).
    (func (export "payload") (param) (result i32)
        (i32.add
            (block $h (result i32)
                (try_table (catch $boom $h) (call $throws2 (i32.const 41)))
                (i32.const -1))
            (i32.const 1)))
    (func $throws2 (param i32) (throw $boom (i32.add (local.get 0) (i32.const 1000))))
    (func $catches (export "catches") (param i32) (result i32) (local i32)
        (loop $l
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (local.set 1 (i32.add (local.get 1)
                (block $h (result i32)
                    (try_table (catch $boom $h) (call $throws (local.get 0)))
                    (i32.const -1000))))
            (br_if $l (local.get 0)))
        (i32.add (local.get 1) (local.get 0)))
)"#;

fn count(n: u32) -> u32 {
    (1..=n).fold(0u32, |s, i| s.wrapping_add(i))
}

fn fib(n: u32) -> u32 {
    if n < 2 { n } else { fib(n - 1).wrapping_add(fib(n - 2)) }
}

fn swapped(x: u32) -> u32 {
    let mut v = 1u32;
    for _ in 0..20 {
        v = v.wrapping_add(v) ^ x;
    }
    v.wrapping_add(x)
}

fn calls(n: u32) -> u32 {
    (0..n).rev().fold(0u32, |s, i| s.wrapping_add(2 * i).wrapping_add(count(3)))
}

fn catches(n: u32) -> u32 {
    (0..n).rev().fold(0u32, |s, i| s.wrapping_add(i))
}

fn engines(config: impl Fn() -> Config) -> Vec<(String, Engine)> {
    let mut out = Vec::new();
    for &d in Dispatch::available() {
        let mut c = config();
        c.interpreter_dispatch(d);
        out.push((format!("{d:?}"), Engine::new(&c).unwrap()));
    }
    #[cfg(feature = "cranelift")]
    if sheave::native_isa().is_some() {
        let mut c = config();
        c.strategy(sheave::Strategy::Cranelift);
        out.push(("cranelift".to_string(), Engine::new(&c).unwrap()));
    }
    out
}

fn fuel_config() -> Config {
    let mut c = Config::new();
    c.consume_fuel(true);
    c
}

fn instantiate(engine: &Engine) -> (Store<()>, Instance, Module) {
    let module = Module::new(engine, WAT).unwrap();
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker.func_wrap("host", "twice", |_: Caller<'_, ()>, x: i32| x.wrapping_mul(2)).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, module)
}

#[test]
fn pinned_locals_survive_calls_host_calls_and_exceptions() {
    type Case = (&'static str, fn(u32) -> u32, &'static [u32]);
    let cases: [Case; 5] = [
        ("count", count, &[1, 2, 10, 1000]),
        ("fib", fib, &[0, 1, 2, 10, 20]),
        ("swapped", swapped, &[0, 1, 7, 0xdead_beef]),
        ("calls", calls, &[1, 5, 100]),
        ("catches", catches, &[1, 5, 100]),
    ];
    for (name, engine) in engines(Config::new) {
        let (mut store, instance, _) = instantiate(&engine);
        let payload = instance.get_typed_func::<(), u32>(&mut store, "payload").unwrap();
        assert_eq!(payload.call(&mut store, ()).unwrap(), 1042, "payload on {name}");
        for (func, model, inputs) in cases {
            let f = instance.get_typed_func::<u32, u32>(&mut store, func).unwrap();
            for &x in inputs {
                assert_eq!(f.call(&mut store, x).unwrap(), model(x), "{func}({x}) on {name}");
            }
        }
    }
}

#[test]
fn the_listing_shows_pinned_local_ops() {
    let (_, _, module) = instantiate(&Engine::default());
    let listing = module.disassemble().unwrap();
    // The counter loop's latch reads and writes the pinned local.
    assert!(listing.contains("i32_sub_imm_br_if_nez_l0_dst_a_c2 dst=r0 a=r0"), "{listing}");
    // Local 0 is pinned even where another local is used more: choosing the most used one
    // (and trading slots on entry) cost 17.6% more translation work for spidermonkey.wasm.
    assert!(listing.contains("i32_add_l0_b dst=r3 a=r2 b=r0"), "{listing}");
    // Where slot 0 is the operand stack's first slot, its writes go through the register too.
    assert!(listing.contains("const32_l0_dst dst=r0 imm=41"), "{listing}");
}

#[test]
fn a_resumable_call_out_of_fuel_resumes_with_the_pinned_local() {
    for (name, engine) in engines(fuel_config) {
        if name == "cranelift" {
            continue; // resumable calls are interpreter only
        }
        let (mut store, instance, _) = instantiate(&engine);
        let f = instance.get_func(&mut store, "count").unwrap();
        let n = 20_000u32;
        store.set_fuel(1_000).unwrap();
        let mut out = [Val::I32(0)];
        let mut call = f.call_resumable(&mut store, &[Val::I32(n as i32)], &mut out).unwrap();
        let mut stops = 0;
        while let ResumableCall::OutOfFuel(o) = call {
            stops += 1;
            store.set_fuel(1_000).unwrap();
            call = o.resume(&mut store, &mut out).unwrap();
        }
        assert!(matches!(call, ResumableCall::Finished), "{name}");
        assert!(stops > 10, "{stops} stops on {name}");
        assert_eq!(out[0].unwrap_i32() as u32, count(n), "{name}");
    }
}

#[test]
fn an_async_call_yielding_on_fuel_keeps_the_pinned_local() {
    for (name, engine) in engines(fuel_config) {
        let (mut store, instance, _) = instantiate(&engine);
        store.set_fuel(u64::MAX).unwrap();
        store.fuel_async_yield_interval(Some(500)).unwrap();
        let f: Func = instance.get_func(&mut store, "calls").unwrap();
        let mut out = [Val::I32(0)];
        let fut = f.call_async(&mut store, &[Val::I32(300)], &mut out);
        block_on(fut).unwrap();
        assert_eq!(out[0].unwrap_i32() as u32, calls(300), "{name}");
    }
}

/// Polls a future to completion on this thread (the yields only ask to be polled again).
fn block_on<F: core::future::Future>(fut: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
