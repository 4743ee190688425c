//! Exceptions are GC heap objects: an `exnref` nobody holds is collected (no longer kept until
//! the store drops), and an exception's payload keeps its references alive, in the
//! interpreter, under the Cranelift tier and through the embedder's API.

use sheave::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn engine(strategy: Strategy, zeal: bool) -> Engine {
    let mut config = Config::new();
    config.strategy(strategy).gc_zeal(zeal);
    Engine::new(&config).unwrap()
}

/// Every strategy this build can run.
fn strategies() -> Vec<Strategy> {
    let mut all = vec![Strategy::Winch];
    if Engine::new(Config::new().strategy(Strategy::Cranelift)).is_ok() {
        all.push(Strategy::Cranelift);
    }
    all
}

fn instance(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let module = Module::new(engine, wat).unwrap();
    let instance = Linker::new(engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

const EXN: &str = r#"(module
  (type $box (struct (field $v i32)))
  (tag $boxed (export "boxed") (param (ref $box)))
  (tag $ext (export "ext") (param externref))
  (global $keep (mut exnref) (ref.null exn))
  (func $throw (param i32) (throw $boxed (struct.new $box (local.get 0))))
  ;; `n` exceptions, each holding a new box and caught with its reference, which replaces
  ;; the last one kept.
  (func (export "keep_last") (param $n i32)
    (loop $l
      (block $h (result (ref $box) exnref)
        (try_table (catch_ref $boxed $h) (call $throw (local.get $n)))
        (unreachable))
      (global.set $keep)
      (drop)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  ;; Throws a box holding `v` and keeps the exception: nothing else holds the box.
  (func (export "stash") (param $v i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $boxed (struct.new $box (local.get $v))))
      (unreachable))
    (global.set $keep))
  ;; Allocates `n` boxes of garbage (enough to collect several times).
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new $box (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  ;; Throws `x` and keeps the exception.
  (func (export "stash_ext") (param $x externref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $ext (local.get $x)))
      (unreachable))
    (global.set $keep))
  (func (export "clear") (global.set $keep (ref.null exn)))
  (func (export "rethrow") (throw_ref (global.get $keep)))
  ;; The value in the box of exception `e` (of tag $boxed).
  (func $payload_of (export "payload_of") (param $e exnref) (result i32)
    (block $h (result (ref $box))
      (try_table (catch $boxed $h) (throw_ref (local.get $e)))
      (unreachable))
    (struct.get $box $v))
  (func (export "unstash") (result i32) (call $payload_of (global.get $keep)))
)"#;

#[test]
fn kept_exception_references_are_collected() {
    for strategy in strategies() {
        let engine = engine(strategy, false);
        let (mut store, inst) = instance(&engine, EXN);
        let keep_last = inst.get_typed_func::<i32, ()>(&mut store, "keep_last").unwrap();
        // 10^6 exceptions that reached an exnref, each holding a box: 40 MB if they stayed,
        // as they did while exceptions lived outside the heap (their payloads were roots).
        keep_last.call(&mut store, 1_000_000).unwrap();
        assert!(store.gc_heap_capacity() < 8 << 20, "{strategy:?}: heap grew to {}", store.gc_heap_capacity());
    }
}

#[test]
fn an_exception_keeps_its_payload_alive_through_collections() {
    for strategy in strategies() {
        for zeal in [false, true] {
            let engine = engine(strategy, zeal);
            let (mut store, inst) = instance(&engine, EXN);
            let stash = inst.get_typed_func::<i32, ()>(&mut store, "stash").unwrap();
            let churn = inst.get_typed_func::<i32, ()>(&mut store, "churn").unwrap();
            let unstash = inst.get_typed_func::<(), i32>(&mut store, "unstash").unwrap();
            stash.call(&mut store, 41).unwrap();
            churn.call(&mut store, if zeal { 2_000 } else { 300_000 }).unwrap();
            store.gc(None).unwrap();
            assert_eq!(unstash.call(&mut store, ()).unwrap(), 41, "{strategy:?}, zeal {zeal}");
        }
    }
}

#[test]
fn a_pending_exception_survives_collections_until_taken() {
    for strategy in strategies() {
        let engine = engine(strategy, false);
        let (mut store, inst) = instance(&engine, EXN);
        inst.get_typed_func::<i32, ()>(&mut store, "stash").unwrap().call(&mut store, 7).unwrap();
        let err = inst.get_typed_func::<(), ()>(&mut store, "rethrow").unwrap().call(&mut store, ()).unwrap_err();
        assert!(err.is::<ThrownException>());
        // Now only the pending exception holds the exception and its box.
        inst.get_typed_func::<(), ()>(&mut store, "clear").unwrap().call(&mut store, ()).unwrap();
        inst.get_typed_func::<i32, ()>(&mut store, "churn").unwrap().call(&mut store, 300_000).unwrap();
        store.gc(None).unwrap();
        let exn = store.take_pending_exception().expect("pending");
        let payload_of = inst.get_typed_func::<Option<Rooted<ExnRef>>, i32>(&mut store, "payload_of").unwrap();
        assert_eq!(payload_of.call(&mut store, Some(exn)).unwrap(), 7, "{strategy:?}");
    }
}

/// Counts drops of the host values it is attached to.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn host_made_exceptions_trace_their_payload_and_go_with_their_scope() {
    let engine = engine(Strategy::Winch, false);
    let (mut store, inst) = instance(&engine, EXN);
    let tag = inst.get_tag(&mut store, "ext").unwrap();
    let exn_ty = ExnType::from_tag_type(&tag.ty(&store)).unwrap();
    let pre = ExnRefPre::new(&mut store, exn_ty);
    let churn = inst.get_typed_func::<i32, ()>(&mut store, "churn").unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    {
        let mut scope = RootScope::new(&mut store);
        let exn = {
            // The host value's own root ends with this inner scope: then only the exception's
            // payload reaches it.
            let mut inner = RootScope::new(&mut scope);
            let ext = ExternRef::new(&mut inner, Counted(drops.clone())).unwrap();
            let exn = ExnRef::new(&mut inner, &pre, &tag, &[Val::ExternRef(Some(ext))]).unwrap();
            exn.to_owned_rooted(&mut inner).unwrap()
        };
        churn.call(&mut scope, 300_000).unwrap();
        scope.as_context_mut().gc(None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 0, "the payload is traced");
        let Val::ExternRef(Some(ext)) = exn.to_rooted(&mut scope).field(&mut scope, 0).unwrap() else { panic!() };
        assert!(ext.data(scope.as_context()).unwrap().unwrap().is::<Counted>());
    }
    // Every root is gone: the exception is collected, and its payload with it.
    store.gc(None).unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn exceptions_from_wasm_drop_their_host_payload_when_unreachable() {
    for strategy in strategies() {
        let engine = engine(strategy, false);
        let (mut store, inst) = instance(&engine, EXN);
        let drops = Arc::new(AtomicUsize::new(0));
        let stash_ext = inst.get_typed_func::<Option<Rooted<ExternRef>>, ()>(&mut store, "stash_ext").unwrap();
        {
            let mut scope = RootScope::new(&mut store);
            let ext = ExternRef::new(&mut scope, Counted(drops.clone())).unwrap();
            stash_ext.call(&mut scope, Some(ext)).unwrap();
        }
        store.gc(None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 0, "{strategy:?}: the kept exception holds it");
        inst.get_typed_func::<(), ()>(&mut store, "clear").unwrap().call(&mut store, ()).unwrap();
        store.gc(None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 1, "{strategy:?}");
    }
}
