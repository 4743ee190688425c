;; The bare-metal example's own workloads. Its memory is 4 KiB of 1-byte pages (the custom
;; page sizes proposal): a board need not give a module 64 KiB it does not use.
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 4096 (pagesize 1))
  (data (i32.const 0) "hello from wasm on bare metal")
  (func (export "hello") (call $print (i32.const 0) (i32.const 29)))
  ;; Recursive fibonacci: calls and returns.
  (func $fib (export "fib") (param $n i64) (result i64)
    (if (result i64) (i64.le_s (local.get $n) (i64.const 1))
      (then (local.get $n))
      (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                     (call $fib (i64.sub (local.get $n) (i64.const 2)))))))
  ;; A counter loop: branches and arithmetic.
  (func (export "count") (param $n i32) (result i32)
    (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
  ;; Recursion without end: must trap (the wasm stack limit), never overflow the native stack.
  (func $deep (export "deep") (param $n i32) (result i32)
    (i32.add (call $deep (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  ;; memory.grow by `pages` 1-byte pages: -1 when the board's heap cannot back them.
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))
  ;; table.grow by `n` null entries: -1 when the board's heap cannot back them.
  (table $t 1 funcref)
  (func (export "grow_table") (param $n i32) (result i32)
    (table.grow $t (ref.null func) (local.get $n)))
  ;; The sum of the memory's bytes, touching every one.
  (func (export "sum") (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (memory.size))))
    (local.get $s))
)
