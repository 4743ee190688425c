;; A WASI reactor: `_initialize` sets up state, the default export `""` prints it, `get`
;; returns it. No `_start`.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $state (mut i32) (i32.const 0))
  (data (i32.const 400) "initialized\n")
  (func (export "_initialize") (global.set $state (i32.const 41)))
  (func (export "")
    (if (i32.ne (global.get $state) (i32.const 41)) (then unreachable))
    (i32.store (i32.const 0) (i32.const 400))
    (i32.store (i32.const 4) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
  (func (export "get") (result i32) (i32.add (global.get $state) (i32.const 1))))
