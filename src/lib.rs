//! # Sheave
//!
//! An interpreter-first, portable WebAssembly runtime whose embedding API mirrors wasmtime's:
//! a wasmtime user switches by renaming the crate. Modules are validated by `wasmparser` and
//! translated to a register bytecode that `sheave-interp` executes with tail-call dispatch.
//!
//! ```
//! use sheave::{Engine, Module, Store, Linker};
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module (func (export "add") (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.add))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
//! let add = instance.get_typed_func::<(i32, i32), i32>(&mut store, "add")?;
//! assert_eq!(add.call(&mut store, (2, 3))?, 5);
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! | cargo feature | default | effect |
//! |---|---|---|
//! | `std` | yes | the standard library: file paths (`Module::from_file`, ...), OS locks; without it Sheave is `no_std` + `alloc` |
//! | `wat` | yes | `Module::new` accepts the text format (needs `std`) |
//! | `nightly-tail-calls` | no | tail-call dispatch with `become` (nightly Rust) |
//! | `loop-dispatch` | no | always use the portable `loop { match }` dispatcher |
//! | `cranelift` | no | the Cranelift tier, `Strategy::Cranelift` (x86-64, aarch64, riscv64, s390x; needs `std`) |
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// What `std`'s prelude would give every module.
mod prelude {
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

mod sync;

mod config;
mod engine;
#[cfg(feature = "cranelift")]
mod jit;
mod linker;
mod module;
mod runtime;
mod serialize;
#[cfg(feature = "cranelift")]
mod tier;
#[cfg(feature = "parse")]
mod translate;
mod trap;
mod types;

// The runtime objects live in `runtime/`; their modules keep their crate-root paths.
use runtime::{activation, anyref, exceptions, externals, func, instance, limits, resumable, store, values};

pub use anyhow::{Error, Result};
pub use config::{Collector, CompilationMode, Config, Dispatch, Strategy};
pub use engine::{Engine, EngineWeak, ExecutionMode, Precompiled};
pub use exceptions::{ExnRef, ExnRefPre, ExnType, Tag, TagType, ThrownException};
pub use externals::{Extern, Global, Memory, MemoryAccessError, Table};
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy, WasmTyList};
pub use instance::{Export, Instance, LinkError};
pub use limits::{StoreLimits, StoreLimitsBuilder};
pub use linker::{InstancePre, Linker};
pub use module::{CodeStats, Module};
pub use resumable::{
    ResumableCall, ResumableCallHostTrap, ResumableCallOutOfFuel, TypedResumableCall, TypedResumableCallHostTrap,
    TypedResumableCallOutOfFuel,
};
pub use runtime::anyref::{AnyRef, GcHeapOutOfMemory, GcRef, I31, OwnedRooted, RootScope, Rooted};
pub use runtime::gc_objects::{ArrayRef, ArrayRefPre, EqRef, StructRef, StructRefPre};
pub use sheave_interp::Trap;
/// Dispatch profile: op and op-pair counts (feature `profile`).
#[cfg(feature = "profile")]
pub use sheave_interp::profile;
pub use store::{AsContext, AsContextMut, ResourceLimiter, Store, StoreContext, StoreContextMut};
pub use trap::{FrameInfo, WasmBacktrace};
pub use types::{
    ArrayType, ExportType, ExternType, FieldType, Finality, FuncType, GlobalType, HeapType, ImportType, MemoryType,
    Mutability, RefType, StorageType, StructType, TableType, ValType,
};
pub use values::{ExternRef, Ref, V128, Val};

/// The ISA and flags the Cranelift tier compiles for on this host, or `None` when this build
/// has no Cranelift tier (feature `cranelift`) or the host has no backend.
pub fn native_isa() -> Option<alloc::string::String> {
    #[cfg(feature = "cranelift")]
    if sheave_jit::HOST_SUPPORTED {
        return Some(sheave_jit::isa_description());
    }
    None
}

/// The default dispatcher of this build (`"tail-call (sibling calls)"`, `"tail-call (become)"`
/// or `"loop"`); an engine may choose another with `Config::interpreter_dispatch`.
pub const DISPATCHER: &str = Dispatch::default_for_build().name();
