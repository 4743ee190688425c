//! Tests of the Wasm 3.0 features through the embedding API: tail calls (constant wasm stack,
//! host callees), extended constant expressions, multiple memories, 64-bit memories and
//! tables, wide arithmetic, and the feature switches that refuse them when off.

use sheave::*;

fn engine_with(f: impl FnOnce(&mut Config)) -> Engine {
    let mut config = Config::new();
    f(&mut config);
    Engine::new(&config).unwrap()
}

fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat).unwrap();
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn tail_recursion_runs_in_constant_wasm_stack() {
    // 10^8 tail calls under a wasm stack that holds only a few dozen frames.
    let engine = engine_with(|c| {
        c.max_wasm_stack(4096);
    });
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (func $loop (export "count") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (local.get 1))
                    (else (return_call $loop (i64.sub (local.get 0) (i64.const 1))
                                             (i64.add (local.get 1) (i64.const 2))))))
            (func $plain (export "plain") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (i64.const 0))
                    (else (call $plain (i64.sub (local.get 0) (i64.const 1)))))))"#,
    );
    let count = instance.get_typed_func::<(i64, i64), i64>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, (100_000_000, 0)).unwrap(), 200_000_000);
    // The same depth with a plain call overflows that stack: the limit is real.
    let plain = instance.get_typed_func::<i64, i64>(&mut store, "plain").unwrap();
    let err = plain.call(&mut store, 100_000).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow), "{err:#}");
}

#[test]
fn tail_call_to_host_returns_to_the_callers_caller() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "twice" (func $twice (param i32) (result i32 i32)))
            (type $t (func (param i32) (result i32 i32)))
            (table funcref (elem $twice $mid))
            (func $mid (param i32) (result i32 i32)
                (return_call $twice (i32.add (local.get 0) (i32.const 1))))
            (func (export "direct") (param i32) (result i32 i32)
                (call $mid (local.get 0)))
            (func (export "indirect") (param i32 i32) (result i32 i32)
                (return_call_indirect (type $t) (local.get 0) (local.get 1)))
            (func (export "after") (param i32) (result i32)
                (call $mid (local.get 0))
                (i32.add)
                (i32.const 1000)
                (i32.add)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "twice", |x: i32| (x * 2, x * 3)).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let direct = instance.get_typed_func::<i32, (i32, i32)>(&mut store, "direct").unwrap();
    assert_eq!(direct.call(&mut store, 4).unwrap(), (10, 15));
    let indirect = instance.get_typed_func::<(i32, i32), (i32, i32)>(&mut store, "indirect").unwrap();
    assert_eq!(indirect.call(&mut store, (7, 0)).unwrap(), (14, 21));
    assert_eq!(indirect.call(&mut store, (7, 1)).unwrap(), (16, 24));
    let err = indirect.call(&mut store, (7, 2)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::TableOutOfBounds), "{err:#}");
    // The caller goes on after the tail-called host function returned to it.
    let after = instance.get_typed_func::<i32, i32>(&mut store, "after").unwrap();
    assert_eq!(after.call(&mut store, 1).unwrap(), 4 + 6 + 1000);
}

#[test]
fn extended_constant_expressions() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "base" (global $base i32))
            (global (export "g32") i32 (i32.sub (i32.mul (global.get $base) (i32.const 3)) (i32.const 1)))
            (global (export "wrap") i32 (i32.add (i32.const 0x7fffffff) (i32.const 2)))
            (global (export "g64") i64 (i64.mul (i64.const 0x100000000) (i64.const 3)))
            (memory (export "m") 1)
            (data (offset (i32.add (global.get $base) (i32.const 5))) "hi"))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let base = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(100)).unwrap();
    let instance = Instance::new(&mut store, &module, &[base.into()]).unwrap();
    let get = |store: &mut Store<()>, name| instance.get_global(&mut *store, name).unwrap().get(&mut *store);
    assert_eq!(get(&mut store, "g32").i32(), Some(299));
    assert_eq!(get(&mut store, "wrap").i32(), Some(i32::MIN + 1));
    assert_eq!(get(&mut store, "g64").i64(), Some(3 << 32));
    let m = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(&m.data(&store)[105..107], b"hi");
}

#[test]
fn switched_off_features_are_refused() {
    let tail = r#"(module (func $f (return_call $f)))"#;
    let ext = r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#;
    let on = Engine::default();
    assert!(Module::new(&on, tail).is_ok());
    assert!(Module::new(&on, ext).is_ok());
    let off = engine_with(|c| {
        c.wasm_tail_call(false).wasm_extended_const(false);
    });
    let err = Module::new(&off, tail).unwrap_err();
    assert!(format!("{err:#}").contains("tail call"), "{err:#}");
    assert!(Module::new(&off, ext).is_err());
}

#[test]
fn multiple_memories_are_separate_and_exported() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (memory $a (export "a") 1)
            (memory $b (export "b") 1 2)
            (data (memory $b) (i32.const 8) "\2a")
            (func (export "copy") (param i32) (result i32)
                (i32.store $a (local.get 0) (i32.load8_u $b (i32.const 8)))
                (i64.store $b offset=16 (i32.const 0) (i64.const -1))
                (memory.copy $a $b (i32.const 100) (i32.const 16) (i32.const 8))
                (i32.add (memory.grow $b (i32.const 1)) (memory.size $a)))
            (func (export "grow_too_far") (result i32) (memory.grow $b (i32.const 1))))"#,
    );
    let copy = instance.get_typed_func::<i32, i32>(&mut store, "copy").unwrap();
    assert_eq!(copy.call(&mut store, 4).unwrap(), 1 + 1);
    let a = instance.get_memory(&mut store, "a").unwrap();
    let b = instance.get_memory(&mut store, "b").unwrap();
    assert_eq!(a.data(&store)[4], 42);
    assert_eq!(&a.data(&store)[100..108], &[0xff; 8]);
    assert_eq!(b.data(&store)[4], 0, "memory 0's store did not land in memory 1");
    assert_eq!((a.size(&store), b.size(&store)), (1, 2));
    let grow = instance.get_typed_func::<(), i32>(&mut store, "grow_too_far").unwrap();
    assert_eq!(grow.call(&mut store, ()).unwrap(), -1);
}

#[test]
fn memory64_bounds_are_exact_in_64_bits() {
    let engine = engine_with(|c| {
        c.wasm_memory64(true);
    });
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (memory (export "m") i64 1)
            (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
            (func (export "load_off") (param i64) (result i32) (i32.load offset=0xffffffffffffff00 (local.get 0)))
            (func (export "store") (param i64 i32) (i32.store (local.get 0) (local.get 1)))
            (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
            (func (export "size") (result i64) (memory.size)))"#,
    );
    let m = instance.get_memory(&mut store, "m").unwrap();
    assert!(m.ty(&store).is_64());
    let load = instance.get_typed_func::<i64, i32>(&mut store, "load").unwrap();
    let store_fn = instance.get_typed_func::<(i64, i32), ()>(&mut store, "store").unwrap();
    store_fn.call(&mut store, (65532, 7)).unwrap();
    assert_eq!(load.call(&mut store, 65532).unwrap(), 7);
    let oob = |r: Result<i32>| r.unwrap_err().downcast::<Trap>().unwrap();
    assert_eq!(oob(load.call(&mut store, 65533)), Trap::MemoryOutOfBounds);
    // An address with high bits set is not wrapped to a small one.
    assert_eq!(oob(load.call(&mut store, 1 << 32)), Trap::MemoryOutOfBounds);
    assert_eq!(oob(load.call(&mut store, -1)), Trap::MemoryOutOfBounds);
    // Address + offset overflowing 64 bits traps.
    let load_off = instance.get_typed_func::<i64, i32>(&mut store, "load_off").unwrap();
    assert_eq!(oob(load_off.call(&mut store, 0x200)), Trap::MemoryOutOfBounds);
    let grow = instance.get_typed_func::<i64, i64>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    // A grow the host cannot hold is -1, not an abort.
    assert_eq!(grow.call(&mut store, 1 << 40).unwrap(), -1);
    let size = instance.get_typed_func::<(), i64>(&mut store, "size").unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    assert_eq!(load.call(&mut store, 65536 * 2 - 4).unwrap(), 0);
}

#[test]
fn memory64_is_refused_when_off() {
    assert!(Module::new(&Engine::default(), "(module (memory i64 1))").is_ok(), "on by default");
    let off = engine_with(|c| {
        c.wasm_memory64(false);
    });
    let err = Module::new(&off, "(module (memory i64 1))").unwrap_err();
    assert!(format!("{err:#}").contains("memory64"), "{err:#}");
    let two = "(module (memory 1) (memory 1))";
    assert!(Module::new(&Engine::default(), two).is_ok());
    let off = engine_with(|c| {
        c.wasm_multi_memory(false);
    });
    assert!(Module::new(&off, two).is_err());
}

#[test]
fn wide_arithmetic_in_128_bits() {
    let engine = engine_with(|c| {
        c.wasm_wide_arithmetic(true);
    });
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (func (export "add") (param i64 i64 i64 i64) (result i64 i64)
                (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
            (func (export "sub") (param i64 i64 i64 i64) (result i64 i64)
                (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
            (func (export "mul_s") (param i64 i64) (result i64 i64) (i64.mul_wide_s (local.get 0) (local.get 1)))
            (func (export "mul_u") (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1))))"#,
    );
    let add = instance.get_typed_func::<(i64, i64, i64, i64), (i64, i64)>(&mut store, "add").unwrap();
    assert_eq!(add.call(&mut store, (-1, 0, 1, 0)).unwrap(), (0, 1), "the carry reaches the high half");
    let sub = instance.get_typed_func::<(i64, i64, i64, i64), (i64, i64)>(&mut store, "sub").unwrap();
    assert_eq!(sub.call(&mut store, (0, 0, 1, 0)).unwrap(), (-1, -1));
    let mul_s = instance.get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "mul_s").unwrap();
    assert_eq!(mul_s.call(&mut store, (-2, 3)).unwrap(), (-6, -1));
    let mul_u = instance.get_typed_func::<(i64, i64), (i64, i64)>(&mut store, "mul_u").unwrap();
    assert_eq!(mul_u.call(&mut store, (-1, 2)).unwrap(), (-2, 1));
    // Off by default, as in wasmtime.
    assert!(
        Module::new(
            &Engine::default(),
            "(module (func (param i64 i64) (drop (drop (i64.mul_wide_u (local.get 0) (local.get 1))))))"
        )
        .is_err()
    );
}

#[test]
fn custom_page_sizes_count_one_byte_pages() {
    let engine = engine_with(|c| {
        c.wasm_custom_page_sizes(true);
    });
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (memory (export "m") 3 10 (pagesize 1))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "size") (result i32) (memory.size))
            (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    );
    let m = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!((m.ty(&store).page_size(), m.size(&store), m.data_size(&store)), (1, 3, 3));
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = instance.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    let load = instance.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(grow.call(&mut store, 5).unwrap(), 3);
    assert_eq!(size.call(&mut store, ()).unwrap(), 8);
    assert_eq!(load.call(&mut store, 7).unwrap(), 0);
    assert!(load.call(&mut store, 8).is_err(), "byte 8 is past the end");
    assert_eq!(grow.call(&mut store, 3).unwrap(), -1, "past the maximum of 10 pages");
    assert!(Module::new(&Engine::default(), "(module (memory 1 (pagesize 1)))").is_err(), "off by default");
}

#[test]
fn typed_function_references() {
    let engine = engine_with(|c| {
        c.wasm_function_references(true);
    });
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (type $ii (func (param i32) (result i32)))
            (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
            (elem declare func $inc)
            (global $g (export "g") (ref null $ii) (ref.func $inc))
            (table $t (export "t") 2 (ref null $ii) (ref.func $inc))
            (func (export "apply") (param (ref null $ii)) (param i32) (result i32)
                (call_ref $ii (local.get 1) (local.get 0)))
            (func (export "or_minus_one") (param (ref null $ii)) (param i32) (result i32)
                (block $null
                    (return (call_ref $ii (local.get 1) (br_on_null $null (local.get 0)))))
                (i32.const -1))
            (func (export "tail") (param i32) (result i32)
                (return_call_ref $ii (local.get 0) (ref.as_non_null (global.get $g)))))"#,
    );
    let inc = instance.get_global(&mut store, "g").unwrap();
    // The API sees the concrete type.
    let ValType::Ref(r) = inc.ty(&store).content().clone() else { panic!("a reference global") };
    assert!(r.is_nullable());
    let f = r.heap_type().as_concrete_func().expect("a concrete function type").clone();
    assert_eq!(f.params().collect::<Vec<_>>(), [ValType::I32]);
    assert!(r.matches(&RefType::FUNCREF) && !RefType::FUNCREF.matches(&r));
    let t = instance.get_table(&mut store, "t").unwrap();
    assert!(t.get(&mut store, 1).is_some_and(|e| !e.is_null()), "initialised by the table's expression");

    let func = inc.get(&mut store);
    let apply = instance.get_func(&mut store, "apply").unwrap();
    let mut out = [Val::I32(0)];
    apply.call(&mut store, &[func, Val::I32(41)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(42));
    let err = apply.call(&mut store, &[Val::FuncRef(None), Val::I32(1)], &mut out).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::NullReference), "{err:#}");
    // A function of another signature is not a value of the typed parameter.
    let other = Func::wrap(&mut store, |x: i64| x);
    assert!(apply.call(&mut store, &[Val::FuncRef(Some(other)), Val::I32(1)], &mut out).is_err());

    let or = instance.get_func(&mut store, "or_minus_one").unwrap();
    or.call(&mut store, &[func, Val::I32(1)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(2));
    or.call(&mut store, &[Val::FuncRef(None), Val::I32(1)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(-1));
    let tail = instance.get_typed_func::<i32, i32>(&mut store, "tail").unwrap();
    assert_eq!(tail.call(&mut store, 9).unwrap(), 10);
}

fn exceptions_engine() -> Engine {
    engine_with(|c| {
        c.wasm_exceptions(true).wasm_legacy_exceptions(true);
    })
}

#[test]
fn exceptions_are_caught_across_frames_and_reach_the_embedder() {
    let engine = exceptions_engine();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "fail" (func $fail (param i32)))
            (import "host" "tag" (tag $host_tag (param i32)))
            (tag $e (export "e") (param i32 i64))
            (func $thrower (param i32) (throw $e (local.get 0) (i64.const 77)))
            (func $deep (param i32) (if (local.get 0) (then (call $deep (i32.sub (local.get 0) (i32.const 1)))) (else (call $thrower (i32.const 5)))))
            (func (export "catch") (param i32) (result i32)
                (block $h (result i32 i64)
                    (try_table (catch $e $h) (call $deep (local.get 0)))
                    (return (i32.const -1)))
                (drop))
            (func (export "rethrow") (result i32)
                (block $h (result i32 i64 exnref)
                    (try_table (catch_ref $e $h) (call $thrower (i32.const 9)))
                    (unreachable))
                (throw_ref))
            (func (export "uncaught") (call $thrower (i32.const 3)))
            (func (export "host_throws") (param i32) (result i32)
                (block $h (result i32)
                    (try_table (catch $host_tag $h) (call $fail (local.get 0)))
                    (i32.const 0)))
            (func (export "loop") (param i32) (result i32) (local $n i32)
                (loop $l
                    (block $h (result i32 i64)
                        (try_table (catch $e $h) (call $thrower (local.get $n)))
                        (unreachable))
                    (drop) (drop)
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $l (i32.lt_u (local.get $n) (local.get 0))))
                (local.get $n)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let host_tag = Tag::new(&mut store, &TagType::new(FuncType::new(&engine, [ValType::I32], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "tag", host_tag).unwrap();
    linker
        .func_wrap("host", "fail", move |mut caller: Caller<'_, ()>, x: i32| -> Result<()> {
            if x == 0 {
                return Ok(());
            }
            let ty = ExnType::from_tag_type(&host_tag.ty(&caller))?;
            let pre = ExnRefPre::new(&mut caller, ty);
            let exn = ExnRef::new(&mut caller, &pre, &host_tag, &[Val::I32(x * 10)])?;
            caller.throw::<()>(exn)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    // Caught three frames up, the payload delivered.
    let catch = instance.get_typed_func::<i32, i32>(&mut store, "catch").unwrap();
    assert_eq!(catch.call(&mut store, 3).unwrap(), 5);
    // An uncaught exception is an error the embedder recognises, with tag and fields.
    let uncaught = instance.get_typed_func::<(), ()>(&mut store, "uncaught").unwrap();
    let err = uncaught.call(&mut store, ()).unwrap_err();
    assert!(err.is::<ThrownException>(), "{err:#}");
    let exn = store.take_pending_exception().expect("pending exception");
    let e = instance.get_export(&mut store, "e").unwrap().into_tag().unwrap();
    assert_eq!(exn.tag(&mut store).unwrap(), e);
    let fields: Vec<Val> = exn.fields(&mut store).unwrap().collect();
    assert_eq!(fields, [Val::I32(3), Val::I64(77)]);
    assert!(store.take_pending_exception().is_none());
    // catch_ref + throw_ref rethrows the same exception out of wasm.
    let rethrow = instance.get_typed_func::<(), i32>(&mut store, "rethrow").unwrap();
    assert!(rethrow.call(&mut store, ()).unwrap_err().is::<ThrownException>());
    let again = store.take_pending_exception().unwrap();
    assert_eq!(again.field(&mut store, 0).unwrap(), Val::I32(9));
    // A host function throws into wasm, which catches it.
    let host = instance.get_typed_func::<i32, i32>(&mut store, "host_throws").unwrap();
    assert_eq!(host.call(&mut store, 4).unwrap(), 40);
    assert_eq!(host.call(&mut store, 0).unwrap(), 0);
    // Many throws caught without a reference reuse their exception objects.
    let lp = instance.get_typed_func::<i32, i32>(&mut store, "loop").unwrap();
    assert_eq!(lp.call(&mut store, 100_000).unwrap(), 100_000);
    // The store is still usable after all of it.
    assert_eq!(catch.call(&mut store, 0).unwrap(), 5);
}

#[test]
fn legacy_exceptions_try_catch_delegate_rethrow() {
    let engine = exceptions_engine();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
            (tag $a (param i32))
            (tag $b)
            (func $throw_a (param i32) (throw $a (local.get 0)))
            (func (export "catch") (param i32) (result i32)
                try (result i32)
                    local.get 0
                    call $throw_a
                    i32.const 0
                catch $b
                    i32.const -2
                catch $a
                    i32.const 100
                    i32.add
                end)
            (func (export "delegate") (result i32)
                try (result i32)
                    try (result i32)
                        i32.const 7
                        call $throw_a
                        i32.const 0
                    delegate 0
                catch $a
                end)
            (func (export "rethrow") (result i32)
                try (result i32)
                    try
                        throw $b
                    catch_all
                        rethrow 0
                    end
                    i32.const 0
                catch $b
                    i32.const 42
                end)
            (func $clobber (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
                (local.set 1 (i32.const 99)) (local.set 3 (i32.const 99)) (local.set 6 (i32.const 99))
                (local.get 0))
            (func (export "rethrow_after_call") (param i32) (result i32)
                try (result i32)
                    try (result i32)
                        local.get 0
                        throw $a
                    catch $a
                        call $clobber
                        drop
                        rethrow 0
                    end
                catch $a
                end))"#,
    );
    let catch = instance.get_typed_func::<i32, i32>(&mut store, "catch").unwrap();
    assert_eq!(catch.call(&mut store, 5).unwrap(), 105);
    let delegate = instance.get_typed_func::<(), i32>(&mut store, "delegate").unwrap();
    assert_eq!(delegate.call(&mut store, ()).unwrap(), 7);
    let rethrow = instance.get_typed_func::<(), i32>(&mut store, "rethrow").unwrap();
    assert_eq!(rethrow.call(&mut store, ()).unwrap(), 42);
    // The caught exception waits in a scratch slot for `rethrow`: a call in the `catch` arm
    // (whose frame starts on the operand stack) must not overwrite it.
    let after_call = instance.get_typed_func::<i32, i32>(&mut store, "rethrow_after_call").unwrap();
    assert_eq!(after_call.call(&mut store, 31).unwrap(), 31);
    // Exceptions are on by default (as in wasmtime 48), the legacy form is not.
    let wat = "(module (tag) (func (throw 0)))";
    assert!(Module::new(&Engine::default(), wat).is_ok());
    let legacy = "(module (tag) (func try catch_all end))";
    assert!(Module::new(&Engine::default(), legacy).is_err());
    assert!(Module::new(&engine, legacy).is_ok());
    let off = engine_with(|c| {
        c.wasm_exceptions(false);
    });
    assert!(Module::new(&off, wat).is_err());
}

#[test]
fn fuel_and_epochs_stop_an_endless_tail_call_loop() {
    let wat = r#"(module (func $f (export "spin") (return_call $f)))"#;
    let engine = engine_with(|c| {
        c.consume_fuel(true);
    });
    let (mut store, instance) = instantiate(&engine, wat);
    store.set_fuel(100_000).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel), "{err:#}");

    let engine = engine_with(|c| {
        c.epoch_interruption(true);
    });
    let (mut store, instance) = instantiate(&engine, wat);
    store.set_epoch_deadline(1);
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            engine.increment_epoch();
        })
    };
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt), "{err:#}");
    ticker.join().unwrap();
}

#[test]
fn artifacts_keep_exception_handlers() {
    let engine = Engine::default();
    let wat = r#"(module
        (tag $e (param i32))
        (func $throw (param i32) (throw $e (local.get 0)))
        (func (export "f") (param i32) (result i32)
            (block $h (result i32)
                (try_table (catch $e $h) (call $throw (local.get 0)))
                (i32.const -1))))"#;
    let bytes = Module::new(&engine, wat).unwrap().serialize().unwrap();
    // SAFETY: the bytes come from `serialize` just above.
    let module = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    // Caught by the handler the artifact carried (without it the exception would escape).
    assert_eq!(f.call(&mut store, 7).unwrap(), 7);
}
