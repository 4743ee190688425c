//! Sheave in a `no_std` program: the `sheave` crate without default features needs only
//! `core` and `alloc`. This library builds for `thumbv7em-none-eabi` (CI checks it) and its
//! test runs on the host. A firmware binary using it provides what `std` would: a global
//! allocator (e.g. the `embedded-alloc` crate), a panic handler, and, if it turns epochs on,
//! a timer that calls `Engine::increment_epoch`.
#![no_std]

extern crate alloc;

use anyhow::Result;
use sheave::{Caller, Config, Engine, Linker, Module, Store};

/// The module, in the binary format (the text format needs `std`):
/// ```wat
/// (module
///   (import "env" "scale" (func (param i32) (result i32)))
///   (func (export "run") (param i32) (result i32)
///     (i32.add (call 0 (local.get 0)) (i32.const 1))))
/// ```
pub const MODULE: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // types: (i32) -> i32
    0x02, 0x0d, 0x01, 0x03, b'e', b'n', b'v', 0x05, b's', b'c', b'a', b'l', b'e', 0x00, 0x00, // import
    0x03, 0x02, 0x01, 0x00, // functions: one of type 0
    0x07, 0x07, 0x01, 0x03, b'r', b'u', b'n', 0x00, 0x01, // export "run" = func 1
    0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b, // code
];

/// Instantiates [`MODULE`] with `scale` multiplying by `factor`, and calls `run(x)`, with
/// `fuel` units of fuel.
pub fn run(factor: i32, x: i32, fuel: u64) -> Result<i32> {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, MODULE)?;
    let mut store = Store::new(&engine, factor);
    store.set_fuel(fuel)?;
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "scale", |caller: Caller<'_, i32>, v: i32| v.wrapping_mul(*caller.data()))?;
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    run.call(&mut store, x)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn the_bytes_are_the_text() {
        let text = r#"(module
            (import "env" "scale" (func (param i32) (result i32)))
            (func (export "run") (param i32) (result i32)
              (i32.add (call 0 (local.get 0)) (i32.const 1))))"#;
        assert_eq!(wat::parse_str(text).unwrap(), MODULE);
    }

    #[test]
    fn runs_and_calls_the_host() {
        assert_eq!(run(3, 14, 1_000).unwrap(), 43);
        assert_eq!(run(-2, 5, 1_000).unwrap(), -9);
    }

    #[test]
    fn traps_are_errors() {
        let e = run(3, 14, 0).unwrap_err();
        assert_eq!(e.downcast_ref::<sheave::Trap>(), Some(&sheave::Trap::OutOfFuel), "{e:?}");
    }
}
