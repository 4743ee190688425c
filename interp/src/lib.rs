//! `sheave-interp`: Sheave's virtual machine. A register-based bytecode (declared once in
//! [`for_each_op!`]), its encoder/decoder/disassembler ([`code`]), the runtime layout that ops
//! address ([`vm`]) and the executor with two dispatchers ([`exec`]): tail-call dispatch in
//! optimised builds on known targets, a portable `loop { match }` elsewhere.
//!
//! `no_std` + `alloc`; it knows nothing of stores, modules or the embedding API.
//!
//! | cargo feature | effect |
//! |---|---|
//! | `nightly-tail-calls` | tail-call dispatch with `become` (nightly Rust) |
//! | `loop-dispatch` | always use the `loop { match }` dispatcher |
#![no_std]
#![cfg_attr(feature = "nightly-tail-calls", feature(explicit_tail_calls))]
#![cfg_attr(feature = "nightly-tail-calls", allow(incomplete_features))]
#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod code;
pub mod exec;
pub mod fuse;
mod ops;
#[cfg(feature = "profile")]
pub mod profile;
pub mod semantics;
pub mod simd;
pub mod verify;
pub mod vm;

pub use exec::Dispatch;

/// Why execution stopped abnormally (named as wasmtime names its trap codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trap {
    /// The wasm stack (frames or value slots) is exhausted.
    StackOverflow,
    /// An out-of-bounds linear memory access.
    MemoryOutOfBounds,
    /// An out-of-bounds table access.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Integer overflow (signed division or float-to-int conversion).
    IntegerOverflow,
    /// Integer division by zero.
    IntegerDivisionByZero,
    /// Float-to-int conversion of NaN.
    BadConversionToInteger,
    /// `unreachable` was executed.
    UnreachableCodeReached,
    /// The epoch deadline passed.
    Interrupt,
    /// Fuel ran out.
    OutOfFuel,
    /// A null reference was called or asserted non-null.
    NullReference,
}

impl Trap {
    /// The message wasmtime prints for this trap.
    pub fn message(self) -> &'static str {
        match self {
            Trap::StackOverflow => "call stack exhausted",
            Trap::MemoryOutOfBounds => "out of bounds memory access",
            Trap::TableOutOfBounds => "undefined element: out of bounds table access",
            Trap::IndirectCallToNull => "uninitialized element: accessed uninitialized table element",
            Trap::BadSignature => "indirect call type mismatch",
            Trap::IntegerOverflow => "integer overflow",
            Trap::IntegerDivisionByZero => "integer divide by zero",
            Trap::BadConversionToInteger => "invalid conversion to integer",
            Trap::UnreachableCodeReached => "wasm `unreachable` instruction executed",
            Trap::Interrupt => "interrupt",
            Trap::OutOfFuel => "all fuel consumed by WebAssembly",
            Trap::NullReference => "null reference",
        }
    }
}

impl core::fmt::Display for Trap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Trap {}
