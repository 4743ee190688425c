//! `sheave-interp`: Sheave's virtual machine, usable on its own. A register-based bytecode
//! (declared once in [`for_each_op!`]), its encoder/decoder/disassembler ([`code`]), the
//! runtime layout that ops address ([`vm`]) and the executor with two dispatchers ([`exec`]):
//! tail-call dispatch in optimised builds on targets where the tail call is proven, a
//! portable `loop { match }` in every build.
//!
//! `no_std` + `alloc`; it knows nothing of stores, modules or the embedding API (the `sheave`
//! crate translates wasm into this bytecode and owns the runtime objects).
//!
//! # The bytecode
//! A function is a sequence of `u32` words. Each instruction is a two-word opcode field (the
//! [`code::Opcode`]; the tail-call dispatcher overwrites it with the handler's address in a
//! private threaded copy) followed by its operands: frame slots ([`code::Slot`], an index
//! into the function's frame of 64-bit slots; a `v128` takes two), immediates, and branch
//! offsets relative to the offset word. Parameters are slots `0..params`, then the declared
//! locals (zeroed on entry), then temporaries up to the frame size. Results are returned in
//! slots `0..results` of the frame. [`verify::verify`] checks that code is well formed (every
//! slot inside the frame, every branch at an instruction): the executor trusts what it runs.
//!
//! # The executor
//! [`vm::Registry`] holds every function a program can call ([`vm::FuncEntity`]: wasm code
//! with its [`vm::InstanceCtx`], or a host function the embedder identifies by index).
//! [`exec::Executor::new`] prepares a call with its arguments in a value stack the embedder
//! provides; [`exec::Executor::run`] runs until the call returns ([`exec::Exit::Done`]), traps,
//! or needs the embedder ([`exec::Exit::Host`]: a host call, a limited `memory.grow`, a lazy
//! translation; see [`exec::Executor::pending`]), after which `run` resumes. Wasm frames live
//! in that value stack and a `Vec` of return records, never on the host stack, so deep wasm
//! recursion is a [`Trap::StackOverflow`], and an executor can stop and resume at any host call.
//!
//! # A minimal embedding
//! ```
//! use sheave_interp::code::Op;
//! use sheave_interp::exec::{Executor, Exit, Limits};
//! use sheave_interp::vm::{CompiledFunc, FuncEntity, FuncKind, InstanceCtx, Registry};
//! use sheave_interp::{Dispatch, verify};
//!
//! // (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))):
//! // the sum goes to temporary slot 2 and is returned from there.
//! let mut words = Vec::new();
//! Op::I32Add { dst: 2, a: 0, b: 1 }.encode(&mut words);
//! Op::Return { src: 2, n: 1 }.encode(&mut words);
//! verify::verify(&words, 3, 2).expect("well-formed code");
//! let add = CompiledFunc::new(words.into_boxed_slice(), 2, 1, 2, 3);
//!
//! let mut registry = Registry::default();
//! let instance = InstanceCtx {
//!     funcs: vec![0], direct: vec![], types: vec![0], memory: None, memories: vec![], globals: vec![],
//!     tables: vec![], datas: vec![], elems: vec![], tags: vec![],
//!     registry: &registry as *const Registry, raw: Default::default(),
//! };
//! registry.funcs.push(FuncEntity {
//!     sig: 0, params: 2, results: 1,
//!     kind: FuncKind::Wasm { code: &add, instance: &instance },
//! });
//!
//! // The value stack: the entry frame starts at its first slot, with the arguments.
//! let mut stack = vec![0u64; 1024];
//! stack[0] = 40;
//! stack[1] = 2;
//! let limits = Limits {
//!     stack_end: stack.as_mut_ptr_range().end,
//!     max_frames: 1000,
//!     fuel: 0,
//!     epoch: core::ptr::null(),
//!     epoch_deadline: u64::MAX,
//!     host_grow: false,
//!     dispatch: Dispatch::default_for_build(),
//! };
//! // SAFETY: the registry, the code and the instance outlive the executor, and the stack is
//! // writable up to `stack_end`.
//! let exit = unsafe {
//!     let mut exec = Executor::new(&registry, 0, stack.as_mut_ptr(), limits).expect("frame fits");
//!     exec.run()
//! };
//! assert_eq!(exit, Exit::Done);
//! assert_eq!(stack[0] as u32, 42);
//! ```
//!
//! | cargo feature | effect |
//! |---|---|
//! | `nightly-tail-calls` | tail-call dispatch with `become` (nightly Rust) |
//! | `loop-dispatch` | always use the `loop { match }` dispatcher |
//! | `profile` | count dispatched ops and op pairs (the `profile` module) |
#![no_std]
#![cfg_attr(feature = "nightly-tail-calls", feature(explicit_tail_calls))]
#![cfg_attr(feature = "nightly-tail-calls", allow(incomplete_features))]
#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod code;
pub mod exec;
pub mod fuse;
pub mod gc;
mod ops;
pub mod pin;
#[cfg(feature = "profile")]
pub mod profile;
pub mod semantics;
pub mod simd;
pub mod simd_ops;
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
    /// A null reference was called, asserted non-null or dereferenced.
    NullReference,
    /// An array index (or range) outside the array.
    ArrayOutOfBounds,
    /// An allocation larger than the heap can ever hold.
    AllocationTooLarge,
    /// `ref.cast` found a reference of another type.
    CastFailure,
    /// The GC heap cannot hold the allocation.
    GcHeapOutOfMemory,
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
            Trap::ArrayOutOfBounds => "out of bounds array access",
            Trap::AllocationTooLarge => "allocation size too large",
            Trap::CastFailure => "cast failure",
            Trap::GcHeapOutOfMemory => "GC heap out of memory",
        }
    }
}

impl core::fmt::Display for Trap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Trap {}
