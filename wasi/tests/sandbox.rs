//! Sandbox escapes through WASI preview1, all refused: `..`, absolute paths, a host symlink
//! pointing out of the preopen, a guest-made symlink pointing out, and renaming a file out
//! of the preopen. A control open inside the preopen succeeds, so the checks can fail.

use sheave::{Engine, Linker, Memory, Module, Store, TypedFunc};
use sheave_wasi::{Dir, WasiCtx, WasiCtxBuilder, ambient_authority};
use std::path::PathBuf;

const PROBE: &str = r#"(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink"
    (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; Opens the path at [p, p+n) in the preopen (fd 3), following symlinks; returns the errno.
  (func (export "open") (param $p i32) (param $n i32) (param $oflags i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (local.get $p) (local.get $n) (local.get $oflags)
      (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 0)))
  (func (export "rename") (param i32 i32 i32 i32) (result i32)
    (call $path_rename (i32.const 3) (local.get 0) (local.get 1) (i32.const 3) (local.get 2) (local.get 3)))
  (func (export "symlink") (param i32 i32 i32 i32) (result i32)
    (call $path_symlink (local.get 0) (local.get 1) (i32.const 3) (local.get 2) (local.get 3))))"#;

struct Probe {
    store: Store<WasiCtx>,
    memory: Memory,
    open: TypedFunc<(i32, i32, i32), i32>,
    rename: TypedFunc<(i32, i32, i32, i32), i32>,
    symlink: TypedFunc<(i32, i32, i32, i32), i32>,
}

impl Probe {
    /// Writes `a` at 0 and `b` at 512; returns their (pointer, length) pairs.
    fn put(&mut self, a: &str, b: &str) -> (i32, i32, i32, i32) {
        self.memory.write(&mut self.store, 0, a.as_bytes()).unwrap();
        self.memory.write(&mut self.store, 512, b.as_bytes()).unwrap();
        (0, a.len() as i32, 512, b.len() as i32)
    }
    fn open(&mut self, path: &str, create: bool) -> i32 {
        let (p, n, _, _) = self.put(path, "");
        self.open.call(&mut self.store, (p, n, create as i32)).unwrap()
    }
    fn rename(&mut self, from: &str, to: &str) -> i32 {
        let args = self.put(from, to);
        self.rename.call(&mut self.store, args).unwrap()
    }
    fn symlink(&mut self, target: &str, link: &str) -> i32 {
        let args = self.put(target, link);
        self.symlink.call(&mut self.store, args).unwrap()
    }
}

fn setup() -> (PathBuf, Probe) {
    let root = std::env::temp_dir().join(format!("sheave-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (inside, outside) = (root.join("sandbox"), root.join("outside"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(inside.join("inside.txt"), "in").unwrap();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink("../outside", inside.join("link-out")).unwrap();

    let engine = Engine::default();
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    sheave_wasi::add_to_linker(&mut linker, |cx| cx).unwrap();
    let dir = Dir::open_ambient_dir(&inside, ambient_authority()).unwrap();
    let wasi = WasiCtxBuilder::new().preopened_dir(dir, "/sandbox").unwrap().build();
    let mut store = Store::new(&engine, wasi);
    let module = Module::new(&engine, PROBE).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let open = instance.get_typed_func(&mut store, "open").unwrap();
    let rename = instance.get_typed_func(&mut store, "rename").unwrap();
    let symlink = instance.get_typed_func(&mut store, "symlink").unwrap();
    (root, Probe { store, memory, open, rename, symlink })
}

#[test]
fn escapes_from_the_preopen_are_refused() {
    let (root, mut p) = setup();
    assert_eq!(p.open("inside.txt", false), 0, "control: a file inside the preopen opens");

    assert_ne!(p.open("../outside/secret.txt", false), 0, "`..` out of the preopen");
    assert_ne!(p.open("/etc/passwd", false), 0, "absolute path");
    assert_ne!(p.open("link-out/secret.txt", false), 0, "host symlink pointing out");
    assert_ne!(p.open("../outside/created.txt", true), 0, "creating outside");
    assert!(!root.join("outside/created.txt").exists());

    // The guest may make a symlink, but following it out fails.
    let _ = p.symlink("../outside/secret.txt", "evil");
    assert_ne!(p.open("evil", false), 0, "guest symlink pointing out");

    assert_ne!(p.rename("inside.txt", "../outside/moved.txt"), 0, "rename out of the preopen");
    assert!(root.join("sandbox/inside.txt").exists() && !root.join("outside/moved.txt").exists());
    assert_ne!(p.rename("link-out/secret.txt", "stolen.txt"), 0, "rename into the preopen from outside");
    assert!(root.join("outside/secret.txt").exists());
    std::fs::remove_dir_all(root).ok();
}
