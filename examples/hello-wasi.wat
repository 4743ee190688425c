;; A WASI command in WAT: prints a greeting and its arguments, writes `greeting.txt` in the
;; directory preopened as `out`, and exits with status 0 through `proc_exit`.
;;   sheave run --dir some/dir::out examples/hello-wasi.wat alice bob
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0..16: scratch (iovec, counts); 100: texts; 1024: argv pointers; 2048: argv strings
  (data (i32.const 100) "hello from wasm\n")
  (data (i32.const 120) "greeting.txt")
  (data (i32.const 140) "written by sheave\n")
  (data (i32.const 160) "\n")

  ;; Writes `len` bytes at `ptr` to file descriptor `fd`.
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $n))

  (func (export "_start") (local $argc i32) (local $i i32) (local $p i32) (local $fd i32)
    (call $write (i32.const 1) (i32.const 100) (i32.const 16))
    ;; Echo argv[1..], one per line.
    (drop (call $args_sizes_get (i32.const 8) (i32.const 12)))
    (local.set $argc (i32.load (i32.const 8)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $i (i32.const 1))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
      (local.set $p (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
      (call $write (i32.const 1) (local.get $p) (call $strlen (local.get $p)))
      (call $write (i32.const 1) (i32.const 160) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    ;; With a preopened directory (fd 3), create greeting.txt in it.
    (if (i32.eqz (call $fd_prestat_get (i32.const 3) (i32.const 16)))
      (then
        ;; oflags: creat|trunc (1|8); rights: fd_write (1 << 6)
        (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 120) (i32.const 12)
                        (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 32)))
          (then
            (local.set $fd (i32.load (i32.const 32)))
            (call $write (local.get $fd) (i32.const 140) (i32.const 18))
            (drop (call $fd_close (local.get $fd)))))))
    (call $proc_exit (i32.const 0))))
