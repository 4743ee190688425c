//! Workloads shared by the benches: small WAT programs that stress the dispatch loop.

/// Recursive Fibonacci (`fib`), a counted loop (`count`) and a memory-walking loop (`walk`).
pub const DISPATCH_WAT: &str = r#"(module
  (memory (export "mem") 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "count") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $n) (i32.const 7))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "walk") (param $rounds i32) (result i32) (local $i i32) (local $sum i32)
    (loop $round
      (local.set $i (i32.const 0))
      (loop $l
        (i32.store (local.get $i) (i32.add (i32.load (local.get $i)) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $i))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 65536))))
      (br_if $round (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))))
    (local.get $sum)))"#;

/// (export name, argument) of each dispatch workload.
pub const DISPATCH_CASES: &[(&str, i32)] = &[("fib", 25), ("count", 1_000_000), ("walk", 20)];

/// Call overhead: `empty` (called from the host) and `call_host` (calls the imported
/// `env.nop` `n` times).
pub const CALLS_WAT: &str = r#"(module
  (import "env" "nop" (func $nop))
  (func (export "empty"))
  (func (export "call_host") (param $n i32)
    (loop $l
      (call $nop)
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))"#;
