//! Sheave on a microcontroller: what the firmware (`src/main.rs`) runs, kept apart from the
//! board so the same code runs, and is tested, on the host.
//!
//! Each workload's result is checked; the run stops at the first wrong one. A board gives
//! two things through [`Board`]: a way to print and a millisecond clock.
//!
//! With the cargo feature `parse` (a default) the firmware embeds the `.wasm` modules and
//! compiles them on the board. Without it, `sheave` is built without its parser and validator
//! and the firmware embeds precompiled artifacts that `build.rs` made on the host (as
//! `sheave compile` does): the device loads them with `Module::deserialize`, which checks them
//! and verifies their bytecode.
#![no_std]

extern crate alloc;

use alloc::format;
use anyhow::{Result, bail};
use sheave::{Caller, Config, Engine, Extern, Linker, Module, Store, Trap};

mod engine_config;
pub use engine_config::MAX_WASM_STACK;

/// What the firmware embeds of a module: `.wasm` with the parser, else the precompiled artifact.
#[cfg(feature = "parse")]
macro_rules! embedded {
    ($name:literal) => {
        concat!(env!("OUT_DIR"), "/", $name, ".wasm")
    };
}
#[cfg(not(feature = "parse"))]
macro_rules! embedded {
    ($name:literal) => {
        concat!(env!("OUT_DIR"), "/", $name, ".cwasm")
    };
}

/// Bytes at a 4-byte boundary: an artifact's bytecode words then run where they are, in flash.
#[repr(C, align(4))]
struct Aligned<T: ?Sized>(T);

/// A file's bytes in flash, 4-aligned.
macro_rules! aligned_bytes {
    ($path:expr) => {{
        static ALIGNED: &Aligned<[u8]> = &Aligned(*include_bytes!($path));
        &ALIGNED.0
    }};
}

/// The example's own workloads (`workloads.wat`, assembled by `build.rs`).
pub static WORKLOADS: &[u8] = aligned_bytes!(embedded!("workloads"));

/// A module with a 2 MiB memory: more than a board's heap.
pub static BIG_MEMORY: &[u8] = aligned_bytes!(embedded!("big-memory"));

/// CoreMark (`../shared/bench/coremark.wasm`), when the build found it.
pub static COREMARK: Option<&[u8]> = include!(concat!(env!("OUT_DIR"), "/coremark.rs"));

/// Whether the firmware loads precompiled artifacts (built without `sheave`'s parser).
pub const LOADS_ARTIFACTS: bool = !cfg!(feature = "parse");

/// A module of the embedded bytes: compiled, or loaded from its artifact, whose bytecode
/// then runs in place (from flash, not copied to RAM).
fn load(engine: &Engine, bytes: &'static [u8]) -> Result<Module> {
    #[cfg(feature = "parse")]
    return Module::new(engine, bytes);
    // SAFETY: the artifacts were made by `build.rs` with this example's engine configuration
    // (loading checks their version, configuration, checksum, description and bytecode), and
    // they are statics: valid and unchanged for as long as any module lives.
    #[cfg(not(feature = "parse"))]
    return unsafe { Module::deserialize_raw(engine, core::ptr::NonNull::from(bytes)) };
}

/// What a board provides: output, a clock, its allocator's figures (bytes in use, and the
/// most ever in use), and the native stack's (the most used since the last call), which the
/// run reports at each step.
#[derive(Clone, Copy)]
pub struct Board {
    pub print: fn(&str),
    pub clock_ms: fn() -> u64,
    pub heap: fn() -> (usize, usize),
    pub stack: fn() -> usize,
}

impl Board {
    fn report(&self, what: &str) {
        let (used, peak) = (self.heap)();
        let stack = (self.stack)();
        (self.print)(&format!("after {what}: heap {used} B in use, peak {peak} B; stack peak {stack} B"));
    }
}

/// Figures of a run, beside what the firmware measures itself (heap and stack).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Bytes of the workloads module as embedded (`.wasm`, or its artifact), and of its
    /// bytecode.
    pub wasm_bytes: usize,
    pub bytecode_bytes: usize,
    /// CoreMark's score (iterations per second of the board's clock), when it ran.
    pub coremark: Option<f32>,
}

fn engine() -> Result<Engine> {
    Engine::new(&engine_config::config())
}

/// Runs every workload (CoreMark too when `coremark` is set and the build has it), printing
/// each result and its time.
pub fn run(board: Board, coremark: bool) -> Result<Figures> {
    // SIMD is a cargo feature of `sheave` (on by default); this firmware leaves it out, and an
    // engine then refuses to turn it on, saying why.
    match Engine::new(Config::new().wasm_simd(true)) {
        Ok(_) => (board.print)("wasm_simd: in this build"),
        Err(e) => (board.print)(&format!("wasm_simd: refused: {e}")),
    }
    (board.print)(if LOADS_ARTIFACTS { "loading: precompiled artifacts" } else { "loading: .wasm" });
    let engine = engine()?;
    let module = load(&engine, WORKLOADS)?;
    let mut store = Store::new(&engine, board);
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "print", |mut caller: Caller<'_, Board>, ptr: u32, len: u32| {
        let Some(Extern::Memory(memory)) = caller.get_export("memory") else { return };
        let (ptr, len) = (ptr as usize, len as usize);
        let text = memory.data(&caller).get(ptr..ptr.saturating_add(len)).map(core::str::from_utf8);
        if let Some(Ok(text)) = text {
            (caller.data().print)(text);
        }
    })?;
    board.report("loading the workloads");
    let instance = linker.instantiate(&mut store, &module)?;
    board.report("instantiating them");
    let print = board.print;
    let timed = |name: &str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        let start = (board.clock_ms)();
        f()?;
        print(&format!("{name}: ok in {} ms", (board.clock_ms)() - start));
        Ok(())
    };

    instance.get_typed_func::<(), ()>(&mut store, "hello")?.call(&mut store, ())?;

    board.report("hello");
    let fib = instance.get_typed_func::<i64, i64>(&mut store, "fib")?;
    timed("fib(20) = 6765", &mut || match fib.call(&mut store, 20)? {
        6765 => Ok(()),
        n => bail!("fib(20) gave {n}"),
    })?;
    let count = instance.get_typed_func::<i32, i32>(&mut store, "count")?;
    timed("count(100000) = 0", &mut || match count.call(&mut store, 100_000)? {
        0 => Ok(()),
        n => bail!("count gave {n}"),
    })?;

    // Deep recursion is a trap at the wasm stack limit, and the store goes on afterwards.
    let deep = instance.get_typed_func::<i32, i32>(&mut store, "deep")?;
    match deep.call(&mut store, 0) {
        Err(e) if e.downcast_ref::<Trap>() == Some(&Trap::StackOverflow) => print("deep recursion: trapped"),
        other => bail!("unbounded recursion gave {other:?}"),
    }
    board.report("the deep recursion");

    let sum = instance.get_typed_func::<(), i32>(&mut store, "sum")?.call(&mut store, ())?;
    if sum != b"hello from wasm on bare metal".iter().map(|&b| b as i32).sum::<i32>() {
        bail!("the memory's bytes sum to {sum}");
    }

    // A memory the board's heap cannot back: memory.grow answers -1, nothing aborts (a host
    // may have the memory and grow); a grow that fits then succeeds.
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    let size = match grow.call(&mut store, 64 << 20)? {
        -1 => 4096,
        4096 => 4096 + (64 << 20),
        n => bail!("memory.grow by 64 MiB gave {n}"),
    };
    print(&format!("memory.grow by 64 MiB: {}", if size == 4096 { "-1" } else { "grown" }));
    match grow.call(&mut store, 4096)? {
        n if n == size => print("memory.grow by 4 KiB: ok"),
        n => bail!("memory.grow by 4 KiB gave {n}"),
    }
    let grow_table = instance.get_typed_func::<i32, i32>(&mut store, "grow_table")?;
    match grow_table.call(&mut store, 1 << 28)? {
        -1 => print("table.grow by 2^28: -1"),
        1 => print("table.grow by 2^28: grown"),
        n => bail!("table.grow by 2^28 gave {n}"),
    }
    board.report("running them");

    // A memory the heap cannot hold at instantiation: an error, and the engine goes on.
    let big = load(&engine, BIG_MEMORY)?;
    let mut big_store = Store::new(&engine, board);
    match Linker::new(&engine).instantiate(&mut big_store, &big) {
        Err(e) => print(&format!("instantiating a 2 MiB memory: error: {e}")),
        Ok(_) => print("instantiating a 2 MiB memory: ok"),
    }
    drop(big_store);
    let mut figures =
        Figures { wasm_bytes: WORKLOADS.len(), bytecode_bytes: 4 * module.bytecode_words()?, ..Figures::default() };
    drop(store);
    if let Some(wasm) = COREMARK.filter(|_| coremark) {
        figures.coremark = Some(run_coremark(&engine, wasm, board)?);
    } else {
        print("coremark: not run (left out, or no ../shared/bench/coremark.wasm beside the checkout)");
    }
    Ok(figures)
}

/// Runs CoreMark with the board's clock as `env.clock_ms`; its score.
fn run_coremark(engine: &Engine, wasm: &'static [u8], board: Board) -> Result<f32> {
    let module = load(engine, wasm)?;
    board.report("loading coremark");
    let mut store = Store::new(engine, board);
    let mut linker = Linker::new(engine);
    linker.func_wrap("env", "clock_ms", |caller: Caller<'_, Board>| (caller.data().clock_ms)() as i32)?;
    let instance = linker.instantiate(&mut store, &module)?;
    board.report("instantiating coremark");
    let start = (board.clock_ms)();
    let score = instance.get_typed_func::<(), f32>(&mut store, "run")?.call(&mut store, ())?;
    if score.is_nan() || score <= 0.0 {
        bail!("coremark did not score above zero");
    }
    // Tenths in integers: float formatting would add 10 KB of flash.
    let tenths = (score * 10.0) as u64;
    (board.print)(&format!("coremark: {}.{} in {} ms", tenths / 10, tenths % 10, (board.clock_ms)() - start));
    board.report("running coremark");
    Ok(score)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn the_workloads_run_and_check_their_results() {
        let board = Board { print: |s| std::println!("{s}"), clock_ms: || 0, heap: || (0, 0), stack: || 0 };
        let figures = run(board, false).unwrap();
        assert_eq!(figures.wasm_bytes, WORKLOADS.len());
        assert!(figures.bytecode_bytes > 0);
        assert_eq!(figures.coremark, None);
    }
}
