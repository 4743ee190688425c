//! The GC heap collects: garbage goes, live objects stay (through frames, globals, tables,
//! suspended calls and host roots), cycles are collected, sizes that cannot fit trap. Each test
//! is bounded in work; none times anything.

mod common;

use common::restamp_checksum;
use sheave::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn engine(zeal: bool) -> Engine {
    let mut config = Config::new();
    config.wasm_gc(true).gc_zeal(zeal);
    Engine::new(&config).unwrap()
}

fn instance(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let module = Module::new(engine, wat).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

const LIST: &str = r#"(module
  (type $node (struct (field $v i32) (field $next (mut (ref null $node)))))
  (type $ring (array (mut (ref null $node))))
  (global $keep (mut (ref null $node)) (ref.null $node))
  ;; Allocates `n` nodes, keeping the last 1000 in a ring; returns the ring's sum of values.
  (func (export "churn") (param $n i32) (result i64)
    (local $ring (ref $ring)) (local $i i32) (local $sum i64)
    (local.set $ring (array.new_default $ring (i32.const 1000)))
    (loop $l
      (array.set $ring (local.get $ring) (i32.rem_u (local.get $i) (i32.const 1000))
        (struct.new $node (local.get $i) (ref.null $node)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.const 0))
    (loop $s
      (local.set $sum (i64.add (local.get $sum)
        (i64.extend_i32_u (struct.get $node $v (ref.as_non_null (array.get $ring (local.get $ring) (local.get $i)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $s (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.get $sum))
  ;; Allocates `n` two-node cycles and drops them.
  (func (export "cycles") (param $n i32)
    (local $a (ref null $node)) (local $b (ref null $node))
    (loop $l
      (local.set $a (struct.new $node (local.get $n) (ref.null $node)))
      (local.set $b (struct.new $node (local.get $n) (local.get $a)))
      (struct.set $node $next (ref.as_non_null (local.get $a)) (local.get $b))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  ;; Recursion `d` deep, each frame holding a node (in a local and on the operand stack)
  ;; across its callee, whose bottom churns through enough garbage to collect several times.
  ;; Returns how many frames found their node intact.
  (func $deep (export "deep") (param $d i32) (param $churn i32) (result i32)
    (local $mine (ref null $node)) (local $r i32)
    (local.set $mine (struct.new $node (local.get $d) (ref.null $node)))
    (struct.new $node (i32.mul (local.get $d) (i32.const 3)) (ref.null $node))
    (if (result i32) (local.get $d)
      (then (call $deep (i32.sub (local.get $d) (i32.const 1)) (local.get $churn)))
      (else (drop (call $churn_only (local.get $churn))) (i32.const 0)))
    (local.set $r)
    (struct.get $node $v)
    (i32.eq (i32.mul (local.get $d) (i32.const 3)))
    (i32.eq (struct.get $node $v (ref.as_non_null (local.get $mine))) (local.get $d))
    (i32.add)
    (i32.add (local.get $r)))
  (func $churn_only (param $n i32) (result i32)
    (loop $l
      (drop (struct.new $node (local.get $n) (ref.null $node)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (i32.const 0))
  (func (export "keep") (param i32) (global.set $keep (struct.new $node (local.get 0) (ref.null $node))))
  (func (export "kept") (result i32) (struct.get $node $v (ref.as_non_null (global.get $keep))))
  (func (export "garbage") (param $n i32) (drop (call $churn_only (local.get $n))))
  (func (export "too_big") (result i32)
    (array.len (array.new_default $big (i32.const -1))))
  (type $big (array i64))
)"#;

#[test]
fn short_lived_objects_leave_the_heap_bounded() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, LIST);
    let churn = inst.get_typed_func::<i32, i64>(&mut store, "churn").unwrap();
    // 2,000,000 nodes of 24 bytes each (48 MB allocated); the last 1000 hold 1999000..2000000.
    let n = 2_000_000;
    assert_eq!(churn.call(&mut store, n).unwrap(), (n as i64 - 1000..n as i64).sum::<i64>());
    assert!(store.gc_heap_capacity() < 8 << 20, "heap grew to {} bytes", store.gc_heap_capacity());
}

#[test]
fn dropped_cycles_are_collected() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, LIST);
    let cycles = inst.get_typed_func::<i32, ()>(&mut store, "cycles").unwrap();
    cycles.call(&mut store, 1_000_000).unwrap();
    store.gc(None).unwrap();
    assert!(store.gc_heap_capacity() < 8 << 20, "heap grew to {} bytes", store.gc_heap_capacity());
}

#[test]
fn frames_keep_their_objects_through_deep_recursion() {
    for zeal in [false, true] {
        let engine = engine(zeal);
        let (mut store, inst) = instance(&engine, LIST);
        let deep = inst.get_typed_func::<(i32, i32), i32>(&mut store, "deep").unwrap();
        // Zeal collects (and checks the heap) at every allocation: keep its run short.
        let (d, churn) = if zeal { (200, 2_000) } else { (5_000, 100_000) };
        assert_eq!(deep.call(&mut store, (d, churn)).unwrap(), 2 * (d + 1), "zeal: {zeal}");
    }
}

#[test]
fn globals_keep_objects_and_store_gc_frees_the_rest() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, LIST);
    inst.get_typed_func::<i32, ()>(&mut store, "keep").unwrap().call(&mut store, 77).unwrap();
    inst.get_typed_func::<i32, ()>(&mut store, "garbage").unwrap().call(&mut store, 300_000).unwrap();
    store.gc(None).unwrap();
    let small = store.gc_heap_capacity();
    assert_eq!(inst.get_typed_func::<(), i32>(&mut store, "kept").unwrap().call(&mut store, ()).unwrap(), 77);
    assert!(small < 4 << 20, "{small}");
}

#[test]
fn allocations_too_large_trap() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, LIST);
    let e = inst.get_typed_func::<(), i32>(&mut store, "too_big").unwrap().call(&mut store, ()).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::AllocationTooLarge), "{e:?}");
}

/// A host value that counts its drops.
struct Counted(Arc<AtomicUsize>);
impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn unreachable_extern_references_drop_their_host_values() {
    let engine = engine(false);
    let wat = r#"(module (global $g (mut externref) (ref.null extern))
      (func (export "set") (param externref) (global.set $g (local.get 0))))"#;
    let (mut store, inst) = instance(&engine, wat);
    let set = inst.get_typed_func::<Option<Rooted<ExternRef>>, ()>(&mut store, "set").unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    let n = 10_000;
    for _ in 0..n {
        // Each root lasts for its scope; the global keeps the last value only.
        let mut scope = RootScope::new(&mut store);
        let r = ExternRef::new(&mut scope, Counted(drops.clone())).unwrap();
        set.call(&mut scope, Some(r)).unwrap();
    }
    store.gc(None).unwrap();
    assert_eq!(drops.load(Ordering::Relaxed), n - 1);
    // The global's value is still there.
    drop(store);
    assert_eq!(drops.load(Ordering::Relaxed), n);
}

#[test]
fn a_call_stopped_on_fuel_keeps_its_objects() {
    let mut config = Config::new();
    config.wasm_gc(true).consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let wat = r#"(module
      (type $box (struct (field i32)))
      (func (export "hold") (param $n i32) (result i32)
        (local $b (ref null $box))
        (local.set $b (struct.new $box (i32.const 1234)))
        (loop $l
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (struct.get $box 0 (ref.as_non_null (local.get $b))))
      (func (export "garbage") (param $n i32)
        (loop $l
          (drop (struct.new $box (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))))"#;
    let (mut store, inst) = {
        let mut store = Store::new(&engine, ());
        let module = Module::new(&engine, wat).unwrap();
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        (store, inst)
    };
    store.set_fuel(1_000).unwrap();
    let hold = inst.get_func(&mut store, "hold").unwrap();
    let mut out = [Val::I32(0)];
    let ResumableCall::OutOfFuel(stopped) = hold.call_resumable(&mut store, &[Val::I32(100_000)], &mut out).unwrap()
    else {
        panic!("expected the call to stop on fuel")
    };
    // Meanwhile another call makes enough garbage to collect several times.
    store.set_fuel(u64::MAX / 2).unwrap();
    inst.get_typed_func::<i32, ()>(&mut store, "garbage").unwrap().call(&mut store, 300_000).unwrap();
    store.gc(None).unwrap();
    let ResumableCall::Finished = stopped.resume(&mut store, &mut out).unwrap() else { panic!("expected the end") };
    assert_eq!(out[0].unwrap_i32(), 1234);
}

#[test]
fn host_structs_and_arrays_cross_into_wasm_and_back() {
    let engine = engine(false);
    let wat = r#"(module
      (type $pt (struct (field $x (mut i32)) (field $y i8)))
      (type $bytes (array (mut i8)))
      (func (export "sum") (param (ref null $pt)) (result i32)
        (i32.add (struct.get $pt $x (local.get 0)) (struct.get_u $pt $y (local.get 0))))
      (func (export "make") (param i32) (result anyref) (struct.new $pt (local.get 0) (i32.const 200)))
      (func (export "fill") (param (ref $bytes)) (array.fill $bytes (local.get 0) (i32.const 0) (i32.const 7) (i32.const 2))))"#;
    let (mut store, inst) = instance(&engine, wat);
    let ty = StructType::new(
        &engine,
        [
            FieldType::new(Mutability::Var, StorageType::ValType(ValType::I32)),
            FieldType::new(Mutability::Const, StorageType::I8),
        ],
    )
    .unwrap();
    let pre = StructRefPre::new(&mut store, ty);
    let s = StructRef::new(&mut store, &pre, &[Val::I32(40), Val::I32(2)]).unwrap();
    // The host's type is the module's $pt (canonical types are equal), so wasm takes it.
    let sum = inst.get_func(&mut store, "sum").unwrap();
    let mut out = [Val::I32(0)];
    sum.call(&mut store, &[Val::AnyRef(Some(s.to_anyref()))], &mut out).unwrap();
    assert_eq!(out[0].unwrap_i32(), 42);
    s.set_field(&mut store, 0, Val::I32(-10)).unwrap();
    assert!(s.set_field(&mut store, 1, Val::I32(1)).is_err(), "an immutable field");
    assert_eq!(s.field(&mut store, 0).unwrap().unwrap_i32(), -10);
    // Made in wasm, read by the host (the packed field zero-extended).
    let make = inst.get_typed_func::<i32, Option<Rooted<AnyRef>>>(&mut store, "make").unwrap();
    let made = make.call(&mut store, 5).unwrap().unwrap();
    let made = made.as_struct(&mut store).unwrap().unwrap();
    assert_eq!(made.fields(&mut store).unwrap(), vec![Val::I32(5), Val::I32(200)]);
    // Arrays.
    let aty = ArrayType::new(&engine, FieldType::new(Mutability::Var, StorageType::I8));
    let apre = ArrayRefPre::new(&mut store, aty);
    let a = ArrayRef::new(&mut store, &apre, &Val::I32(1), 4).unwrap();
    let fill = inst.get_func(&mut store, "fill").unwrap();
    fill.call(&mut store, &[Val::AnyRef(Some(a.to_anyref()))], &mut []).unwrap();
    assert_eq!(a.len(&store).unwrap(), 4);
    assert_eq!(a.elems(&mut store).unwrap(), vec![Val::I32(7), Val::I32(7), Val::I32(1), Val::I32(1)]);
    assert!(a.get(&mut store, 4).is_err());
    // Host roots survive a collection; i31s are unboxed.
    store.gc(None).unwrap();
    assert_eq!(s.field(&mut store, 0).unwrap().unwrap_i32(), -10);
    let i = AnyRef::from_i31(&mut store, I31::wrapping_i32(-3));
    assert_eq!(i.as_i31(&store).unwrap().unwrap().get_i32(), -3);
}

#[test]
fn the_binary_trees_example_runs_in_a_bounded_heap() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, include_str!("../examples/gc/binary-trees.wat"));
    let run = inst.get_typed_func::<i32, i64>(&mut store, "run").unwrap();
    // The checksum wasmtime 48 gives too (difftest/tests/gc_program.rs).
    assert_eq!(run.call(&mut store, 12).unwrap(), 674_478);
    // The largest live set is the long-lived tree and eight trees of depth 12 (2^13 nodes each
    // at 24 bytes, plus an 8-byte handle-table entry): about 2.4 MB; collection lets the arena
    // grow to twice the live size. What was allocated in all is about 25 MB.
    assert!(store.gc_heap_capacity() < 8 << 20, "heap grew to {} bytes", store.gc_heap_capacity());
}

#[test]
fn the_resource_limiter_bounds_the_heap() {
    let engine = engine(false);
    let wat = r#"(module
      (type $node (struct (field i32) (field (ref null $node))))
      (type $ring (array (mut (ref null $node))))
      ;; `n` short-lived nodes, at most 1000 alive.
      (func (export "churn") (param $n i32)
        (local $ring (ref $ring))
        (local.set $ring (array.new_default $ring (i32.const 1000)))
        (loop $l
          (array.set $ring (local.get $ring) (i32.rem_u (local.get $n) (i32.const 1000))
            (struct.new $node (local.get $n) (ref.null $node)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n))))
      ;; A list of `n` nodes, all alive.
      (func (export "hoard") (param $n i32) (result i32)
        (local $head (ref null $node))
        (loop $l
          (local.set $head (struct.new $node (local.get $n) (local.get $head)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (struct.get $node 0 (ref.as_non_null (local.get $head)))))"#;
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(2 << 20).build());
    store.limiter(|limits| limits);
    let module = Module::new(&engine, wat).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    // 10^6 allocations (24 MB in all) fit a 2 MiB limit: collections keep the heap small.
    inst.get_typed_func::<i32, ()>(&mut store, "churn").unwrap().call(&mut store, 1_000_000).unwrap();
    assert!(store.gc_heap_capacity() <= 4 << 20, "heap grew to {} bytes", store.gc_heap_capacity());
    // 20,000 live nodes fit; 200,000 (4.8 MB) do not: the call fails, nothing aborts.
    let hoard = inst.get_typed_func::<i32, i32>(&mut store, "hoard").unwrap();
    assert_eq!(hoard.call(&mut store, 20_000).unwrap(), 1);
    let e = hoard.call(&mut store, 200_000).unwrap_err();
    assert!(e.is::<GcHeapOutOfMemory<()>>(), "{e:?}");
    // The store goes on working.
    assert_eq!(hoard.call(&mut store, 10).unwrap(), 1);
}

#[test]
fn owned_roots_keep_objects_until_dropped_and_do_not_accumulate() {
    let engine = engine(false);
    let (mut store, inst) = instance(&engine, LIST);
    let garbage = inst.get_typed_func::<i32, ()>(&mut store, "garbage").unwrap();
    let ty = StructType::new(&engine, [FieldType::new(Mutability::Const, StorageType::ValType(ValType::I64))]).unwrap();
    let pre = StructRefPre::new(&mut store, ty);
    let owned = {
        let mut scope = RootScope::new(&mut store);
        let s = StructRef::new(&mut scope, &pre, &[Val::I64(99)]).unwrap();
        s.to_owned_rooted(&mut scope).unwrap()
    };
    // The scope is gone; the owned root keeps the struct through collections.
    garbage.call(&mut store, 200_000).unwrap();
    store.gc(None).unwrap();
    let again = owned.to_rooted(&mut store);
    assert_eq!(again.field(&mut store, 0).unwrap().unwrap_i64(), 99);
    // 10^5 owned roots made and dropped: the heap stays small (each freed at a collection).
    for _ in 0..100_000 {
        let mut scope = RootScope::new(&mut store);
        let s = StructRef::new(&mut scope, &pre, &[Val::I64(1)]).unwrap();
        drop(s.to_owned_rooted(&mut scope).unwrap());
    }
    store.gc(None).unwrap();
    assert!(store.gc_heap_capacity() < 4 << 20, "heap grew to {} bytes", store.gc_heap_capacity());
    assert_eq!(again.field(&mut store, 0).unwrap().unwrap_i64(), 99);
}

#[test]
fn stack_maps_travel_in_artifacts() {
    let engine = engine(false);
    let bytes = engine.precompile_module(include_str!("../examples/gc/binary-trees.wat").as_bytes()).unwrap();
    // SAFETY: the bytes come from `precompile_module` of an engine with the same settings.
    let module = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let run = inst.get_typed_func::<i32, i64>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 12).unwrap(), 674_478);
    // A corrupted map is refused when the artifact loads. A map starts with a presence word 1
    // and its count of `always` slots: try the last words equal to 1 (the maps follow each
    // function's code) with a huge count after them; some of them are maps.
    let mut refused = 0;
    let ones: Vec<usize> =
        (0..bytes.len() - 8).filter(|at| u32::from_le_bytes(bytes[*at..*at + 4].try_into().unwrap()) == 1).collect();
    for &at in ones.iter().rev().take(40) {
        let mut bad = bytes.clone();
        // The word after a presence word is the count of `always` slots; make it huge.
        bad[at + 4..at + 8].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
        restamp_checksum(&mut bad);
        // SAFETY: as above; a malformed artifact must be an error, never undefined behaviour.
        if let Err(e) = unsafe { Module::deserialize(&engine, &bad) } {
            // Refused by the maps' own check, not by the checksum.
            assert!(!format!("{e:#}").contains("checksum"), "{e:#}");
            refused += format!("{e:#}").contains("stack maps") as usize;
        }
    }
    assert!(refused > 0, "no corrupted stack map was refused");
}

#[test]
fn eqrefs_are_i31s_structs_and_arrays() {
    let engine = engine(false);
    let wat = r#"(module (type $s (struct))
      (func (export "same") (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
      (func (export "make") (result eqref) (struct.new $s)))"#;
    let (mut store, inst) = instance(&engine, wat);
    let same = inst.get_typed_func::<(Option<Rooted<EqRef>>, Option<Rooted<EqRef>>), i32>(&mut store, "same").unwrap();
    let make = inst.get_typed_func::<(), Option<Rooted<EqRef>>>(&mut store, "make").unwrap();
    let (a, b) = (make.call(&mut store, ()).unwrap().unwrap(), make.call(&mut store, ()).unwrap().unwrap());
    assert_eq!(same.call(&mut store, (Some(a), Some(a))).unwrap(), 1);
    assert_eq!(same.call(&mut store, (Some(a), Some(b))).unwrap(), 0);
    assert!(a.is_struct(&store).unwrap() && !a.is_i31(&store).unwrap());
    let seven = EqRef::from_i31(&mut store, I31::wrapping_u32(7));
    let other_seven = EqRef::from_i31(&mut store, I31::wrapping_u32(7));
    assert_eq!(same.call(&mut store, (Some(seven), Some(other_seven))).unwrap(), 1);
    let any = a.to_anyref();
    assert!(any.as_eqref(&mut store).unwrap().is_some());
    let host = ExternRef::new(&mut store, 5u32).unwrap();
    let ext = AnyRef::convert_extern(&mut store, host).unwrap();
    assert!(ext.as_eqref(&mut store).unwrap().is_none());
}

#[test]
fn the_null_collector_never_collects_and_fails_at_the_limit() {
    let mut config = Config::new();
    config.collector(Collector::Null);
    let engine = Engine::new(&config).unwrap();
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(1 << 20).build());
    store.limiter(|limits| limits);
    let module = Module::new(&engine, LIST).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let garbage = inst.get_typed_func::<i32, ()>(&mut store, "garbage").unwrap();
    // 1 MiB holds about 40,000 of these nodes: garbage or not, the null collector keeps them.
    garbage.call(&mut store, 10_000).unwrap();
    let e = garbage.call(&mut store, 100_000).unwrap_err();
    assert!(e.is::<GcHeapOutOfMemory<()>>(), "{e:?}");
    // The default collector runs the same program in the same limit.
    let engine = Engine::default();
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(1 << 20).build());
    store.limiter(|limits| limits);
    let inst = Instance::new(&mut store, &Module::new(&engine, LIST).unwrap(), &[]).unwrap();
    inst.get_typed_func::<i32, ()>(&mut store, "garbage").unwrap().call(&mut store, 100_000).unwrap();
}

#[test]
fn host_allocations_collect_and_respect_the_limiter() {
    let engine = engine(false);
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(1 << 20).build());
    store.limiter(|limits| limits);
    let ty = StructType::new(&engine, [FieldType::new(Mutability::Const, StorageType::ValType(ValType::I64))]).unwrap();
    let pre = StructRefPre::new(&mut store, ty);
    // 200,000 short-lived structs (3.2 MB) in a 1 MiB heap: full heaps collect.
    for i in 0..200_000 {
        let mut scope = RootScope::new(&mut store);
        StructRef::new(&mut scope, &pre, &[Val::I64(i)]).unwrap();
    }
    // Held all at once, they cannot fit: an error, not an abort.
    let mut scope = RootScope::new(&mut store);
    let e = (0..200_000).try_for_each(|i| StructRef::new(&mut scope, &pre, &[Val::I64(i)]).map(drop)).unwrap_err();
    assert!(e.is::<GcHeapOutOfMemory<()>>(), "{e:?}");
}

#[test]
fn tables_globals_and_host_functions_of_gc_types() {
    let engine = engine(false);
    let mut store = Store::new(&engine, ());
    let i31 = AnyRef::from_i31(&mut store, I31::wrapping_u32(5));
    let table = Table::new(&mut store, TableType::new(RefType::ANYREF, 2, None), Ref::Any(Some(i31))).unwrap();
    let global = Global::new(&mut store, GlobalType::new(ValType::ANYREF, Mutability::Var), Val::AnyRef(None)).unwrap();
    let ty = FuncType::new(&engine, [ValType::EQREF], [ValType::I32]);
    let host = Func::new(&mut store, ty, |caller, params, results| {
        results[0] = Val::I32(match params[0].anyref().flatten() {
            Some(r) => r.as_i31(&caller)?.map_or(-1, |i| i.get_i32()),
            None => -2,
        });
        Ok(())
    });
    let wat = r#"(module
      (import "" "t" (table 2 anyref)) (import "" "g" (global (mut anyref)))
      (import "" "f" (func $f (param eqref) (result i32)))
      (func (export "run") (result i32)
        (global.set 0 (table.get 0 (i32.const 1)))
        (call $f (ref.cast eqref (global.get 0)))))"#;
    let module = Module::new(&engine, wat).unwrap();
    let inst = Instance::new(&mut store, &module, &[table.into(), global.into(), host.into()]).unwrap();
    assert_eq!(inst.get_typed_func::<(), i32>(&mut store, "run").unwrap().call(&mut store, ()).unwrap(), 5);
    assert!(matches!(global.get(&mut store), Val::AnyRef(Some(_))));
    // A table of a concrete type from another module's equal rec group links.
    let wat2 = r#"(module (type $s (struct (field i32))) (table (export "t") 1 (ref null $s)))"#;
    let other = Instance::new(&mut store, &Module::new(&engine, wat2).unwrap(), &[]).unwrap();
    let t = other.get_table(&mut store, "t").unwrap();
    let importer = r#"(module (type $s (struct (field i32))) (import "" "t" (table 1 (ref null $s))))"#;
    Instance::new(&mut store, &Module::new(&engine, importer).unwrap(), &[t.into()]).unwrap();
    let wrong = r#"(module (type $s (struct (field i64))) (import "" "t" (table 1 (ref null $s))))"#;
    assert!(Instance::new(&mut store, &Module::new(&engine, wrong).unwrap(), &[t.into()]).is_err());
}
