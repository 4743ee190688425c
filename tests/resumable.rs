//! Resumable calls (as wasmi's): a host function's error and running out of fuel stop a call,
//! which the embedder inspects and resumes, with the store free for other calls meanwhile.

use sheave::*;

/// A host error the embedder recognizes.
#[derive(Debug)]
struct NeedInput(i32);

impl std::fmt::Display for NeedInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "need input for {}", self.0)
    }
}
impl std::error::Error for NeedInput {}

const MODULE: &str = r#"(module
    (import "host" "ask" (func $ask (param i32) (result i32)))
    (global $calls (mut i32) (i32.const 0))
    ;; ask(x) + ask(x + 1) * 10 + calls
    (func (export "run") (param i32) (result i32)
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (i32.add
            (i32.add (call $ask (local.get 0))
                     (i32.mul (call $ask (i32.add (local.get 0) (i32.const 1))) (i32.const 10)))
            (global.get $calls)))
    (func (export "other") (result i32) (i32.const 99))
    ;; sum of 0..n, one loop iteration per i
    (func (export "sum") (param i64) (result i64) (local $i i64) (local $s i64)
        (block $done (loop $l
            (br_if $done (i64.ge_u (local.get $i) (local.get 0)))
            (local.set $s (i64.add (local.get $s) (local.get $i)))
            (local.set $i (i64.add (local.get $i) (i64.const 1)))
            (br $l)))
        (local.get $s)))"#;

fn setup(config: &Config) -> (Store<()>, Instance, Func) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    // Multiples of 4 need the embedder; other inputs are answered at once.
    linker
        .func_wrap("host", "ask", |x: i32| -> Result<i32> {
            if x % 4 != 0 { Ok(x * 100) } else { Err(Error::new(NeedInput(x))) }
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let ask = linker.get(&mut store, "host", "ask").unwrap().into_func().unwrap();
    (store, instance, ask)
}

#[test]
fn a_host_error_suspends_the_call_and_resume_supplies_the_result() {
    let (mut store, instance, _) = setup(&Config::new());
    let run = instance.get_func(&mut store, "run").unwrap();
    let mut out = [Val::I32(0)];
    // ask(4) fails: the call stops there.
    let ResumableCall::HostTrap(trap) = run.call_resumable(&mut store, &[Val::I32(4)], &mut out).unwrap() else {
        panic!("expected a host trap")
    };
    assert_eq!(trap.host_error().downcast_ref::<NeedInput>().unwrap().0, 4);
    assert_eq!(trap.host_func().ty(&store).params().collect::<Vec<_>>(), [ValType::I32]);
    // While it waits, the store runs other calls.
    let other = instance.get_typed_func::<(), i32>(&mut store, "other").unwrap();
    assert_eq!(other.call(&mut store, ()).unwrap(), 99);
    // Resumed with 7 for ask(4); ask(5) = 500 runs on its own: 7 + 500 * 10 + 1 call.
    let ResumableCall::Finished = trap.resume(&mut store, &[Val::I32(7)], &mut out).unwrap() else {
        panic!("expected the call to finish")
    };
    assert_eq!(out[0].unwrap_i32(), 5008);
    // Other inputs never stop.
    let ResumableCall::Finished = run.call_resumable(&mut store, &[Val::I32(1)], &mut out).unwrap() else {
        panic!("expected the call to finish")
    };
    assert_eq!(out[0].unwrap_i32(), 100 + 2000 + 2);
}

#[test]
fn typed_resumable_calls_stop_at_each_error() {
    let (mut store, instance, _) = setup(&Config::new());
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    // ask(-4) fails and, after resuming, ask(-3) answers; the global counts 1.
    let TypedResumableCall::HostTrap(t) = run.call_resumable(&mut store, -4).unwrap() else {
        panic!("expected a trap")
    };
    assert!(t.host_error().to_string().contains("need input for -4"));
    let TypedResumableCall::Finished(v) = t.resume(&mut store, &[Val::I32(3)]).unwrap() else {
        panic!("expected the end")
    };
    assert_eq!(v, 3 + -300 * 10 + 1);
    let TypedResumableCall::HostTrap(t) = run.call_resumable(&mut store, 12).unwrap() else {
        panic!("expected a trap")
    };
    let untyped: &ResumableCallHostTrap = &t;
    assert_eq!(untyped.host_error().downcast_ref::<NeedInput>().unwrap().0, 12);
    // A result of the wrong type is refused.
    assert!(t.resume(&mut store, &[Val::I64(3)]).is_err());
    // Giving up a call gives its error back.
    let TypedResumableCall::HostTrap(t) = run.call_resumable(&mut store, 8).unwrap() else { panic!("expected a trap") };
    assert_eq!(t.into_host_error().downcast_ref::<NeedInput>().unwrap().0, 8);
}

#[test]
fn out_of_fuel_is_resumable_after_set_fuel() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let (mut store, instance, _) = setup(&config);
    let sum = instance.get_func(&mut store, "sum").unwrap();
    let n = 100_000i64;
    store.set_fuel(5_000).unwrap();
    let mut out = [Val::I64(0)];
    let mut call = sum.call_resumable(&mut store, &[Val::I64(n)], &mut out).unwrap();
    let mut stops = 0;
    loop {
        match call {
            ResumableCall::Finished => break,
            ResumableCall::OutOfFuel(o) => {
                stops += 1;
                assert!(o.required_fuel() > 0);
                assert!(store.get_fuel().unwrap() < 5_000);
                store.set_fuel(5_000).unwrap();
                call = o.resume(&mut store, &mut out).unwrap();
            }
            ResumableCall::HostTrap(t) => panic!("unexpected host trap: {}", t.host_error()),
        }
    }
    assert_eq!(out[0].unwrap_i64(), n * (n - 1) / 2);
    assert!(stops > 10, "{stops} stops for {n} iterations on 5000 fuel each");
    // Too little fuel to go on stops again, asking for the same.
    store.set_fuel(5).unwrap();
    let ResumableCall::OutOfFuel(o) = sum.call_resumable(&mut store, &[Val::I64(n)], &mut out).unwrap() else {
        panic!("expected out of fuel")
    };
    let (required, left) = (o.required_fuel(), store.get_fuel().unwrap());
    store.set_fuel(0).unwrap();
    let ResumableCall::OutOfFuel(o) = o.resume(&mut store, &mut out).unwrap() else { panic!("expected out of fuel") };
    assert_eq!(o.required_fuel(), required + left);
    // A plain call still traps when fuel runs out.
    store.set_fuel(100).unwrap();
    let err = sum.call(&mut store, &[Val::I64(n)], &mut out).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
}

#[test]
fn traps_end_a_resumable_call_with_an_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (func (export "f") (result i32) unreachable))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let f = instance.get_func(&mut store, "f").unwrap();
    let err = f.call_resumable(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached));
    assert!(err.downcast_ref::<WasmBacktrace>().is_some());
    // Arity is checked before anything runs.
    assert!(f.call_resumable(&mut store, &[Val::I32(1)], &mut [Val::I32(0)]).is_err());
    assert!(f.call_resumable(&mut store, &[], &mut []).is_err());
}
