//! The dispatch loop: recursive fib, a counted loop and a memory-walking loop, on Sheave
//! (every dispatcher this build has: tail-call and loop in optimised builds on the targets
//! where the tail call holds) and on wasmi, side by side.

use criterion::{Criterion, criterion_group, criterion_main};
use sheave_benches::{DISPATCH_CASES, DISPATCH_WAT};

fn dispatch(c: &mut Criterion) {
    let wasm = wat::parse_str(DISPATCH_WAT).unwrap();
    let mut group = c.benchmark_group("dispatch");
    group.sample_size(10);

    for &dispatch in sheave::Dispatch::available() {
        let engine = sheave::Engine::new(sheave::Config::new().interpreter_dispatch(dispatch)).unwrap();
        let module = sheave::Module::new(&engine, &wasm).unwrap();
        let mut store = sheave::Store::new(&engine, ());
        let instance = sheave::Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        let tag = dispatch.short_name();
        for &(name, arg) in DISPATCH_CASES {
            let f = instance.get_typed_func::<i32, i32>(&mut store, name).unwrap();
            group.bench_function(format!("{name}/sheave-{tag}"), |b| b.iter(|| f.call(&mut store, arg).unwrap()));
        }
    }
    let tag = sheave::Dispatch::default_for_build().short_name();

    // The cost of fuel and epoch checks when they are on (off, they are not emitted at all).
    for (label, fuel, epoch) in [("fuel", true, false), ("epoch", false, true)] {
        let mut config = sheave::Config::new();
        config.consume_fuel(fuel).epoch_interruption(epoch);
        let engine = sheave::Engine::new(&config).unwrap();
        let module = sheave::Module::new(&engine, &wasm).unwrap();
        let mut store = sheave::Store::new(&engine, ());
        if fuel {
            store.set_fuel(u64::MAX).unwrap();
        }
        store.set_epoch_deadline(u64::MAX / 2);
        let instance = sheave::Linker::new(&engine).instantiate(&mut store, &module).unwrap();
        for &(name, arg) in DISPATCH_CASES {
            let f = instance.get_typed_func::<i32, i32>(&mut store, name).unwrap();
            group.bench_function(format!("{name}/sheave-{tag}-{label}"), |b| {
                b.iter(|| f.call(&mut store, arg).unwrap())
            });
        }
    }

    let wengine = wasmi::Engine::default();
    let wmodule = wasmi::Module::new(&wengine, &wasm).unwrap();
    let mut wstore = wasmi::Store::new(&wengine, ());
    let winstance = wasmi::Linker::<()>::new(&wengine).instantiate_and_start(&mut wstore, &wmodule).unwrap();
    for &(name, arg) in DISPATCH_CASES {
        let f = winstance.get_typed_func::<i32, i32>(&wstore, name).unwrap();
        group.bench_function(format!("{name}/wasmi"), |b| b.iter(|| f.call(&mut wstore, arg).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
