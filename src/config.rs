//! `Config`: engine settings, named as in wasmtime.

#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Result, bail};
pub use sheave_interp::Dispatch;

/// How functions are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Strategy {
    /// The default: the interpreter (Sheave's Pulley-style tier), tiering up to the
    /// Cranelift tier where the build has it (feature `cranelift`) and the host a backend:
    /// every function starts interpreted and hot ones are compiled (see
    /// [`Config::tier_up_threshold`]). Elsewhere, the interpreter alone.
    #[default]
    Auto,
    /// The Cranelift tier (Sheave's `cranelift` feature, on x86-64, aarch64, riscv64 and
    /// s390x hosts; elsewhere `Engine::new` fails saying why).
    Cranelift,
    /// The register-bytecode interpreter alone, never tiering up (Sheave's interpreter-only
    /// strategy: wasmtime's baseline tier has no Sheave counterpart).
    Winch,
}

/// Which garbage collector a store's GC heap uses (wasmtime 48's variants, so wasmtime code
/// compiles). Sheave has one tracing collector (mark, sweep, slide: it collects cycles); `Auto`,
/// `DeferredReferenceCounting` and `Copying` select it. `Null` never collects: the heap grows
/// until its limit, then allocations fail with `GcHeapOutOfMemory` (as wasmtime's null collector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Collector {
    /// Sheave's tracing collector.
    #[default]
    Auto,
    /// Selects Sheave's tracing collector (which, unlike reference counting, collects cycles).
    DeferredReferenceCounting,
    /// No collection.
    Null,
    /// Selects Sheave's tracing collector (which compacts, as a copying collector does).
    Copying,
}

/// When function bodies are validated and translated to bytecode (as wasmi's option of the
/// same name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CompilationMode {
    /// Validate and translate every function in `Module::new`.
    Eager,
    /// Validate every function in `Module::new` (and check Sheave's limits on locals and
    /// frame size there); translate each on its first call. The default, as in wasmi: a
    /// module starts about 4x sooner (spidermonkey.wasm), and every error of `Eager` is still
    /// an error of `Module::new`.
    #[default]
    LazyTranslation,
    /// Validate and translate each function on its first call. `Module::new` checks only the
    /// module's structure; an invalid body makes its first call fail with an error.
    Lazy,
}

/// Calls after which a function of a tiering engine is compiled (see `tier_up_threshold`).
const DEFAULT_TIER_UP_THRESHOLD: u32 = 1000;
/// Native code a tiering engine keeps at most (see `tier_code_memory_limit`).
const DEFAULT_TIER_CODE_LIMIT: usize = 64 << 20;

/// Frames a trap's backtrace keeps unless `Config::wasm_backtrace_max_frames` says otherwise.
const DEFAULT_WASM_BACKTRACE_MAX_FRAMES: core::num::NonZeroUsize = core::num::NonZeroUsize::new(20).unwrap();

/// What an engine does and allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Config {
    pub(crate) features: Features,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) max_wasm_stack: usize,
    pub(crate) wasm_backtrace_max_frames: Option<core::num::NonZeroUsize>,
    pub(crate) strategy: Strategy,
    pub(crate) async_support: bool,
    pub(crate) parallel_compilation: bool,
    pub(crate) compilation_mode: CompilationMode,
    pub(crate) relaxed_simd_deterministic: bool,
    pub(crate) dispatch: Dispatch,
    pub(crate) gc_zeal: bool,
    pub(crate) collector: Collector,
    pub(crate) tier_up_threshold: u32,
    pub(crate) tier_code_limit: usize,
}

/// The WebAssembly proposals an engine accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Features {
    pub mutable_global: bool,
    pub sign_extension: bool,
    pub saturating_float_to_int: bool,
    pub multi_value: bool,
    pub bulk_memory: bool,
    pub reference_types: bool,
    pub simd: bool,
    pub relaxed_simd: bool,
    pub tail_call: bool,
    pub multi_memory: bool,
    pub memory64: bool,
    pub threads: bool,
    pub gc: bool,
    pub function_references: bool,
    pub extended_const: bool,
    pub exceptions: bool,
    pub legacy_exceptions: bool,
    pub wide_arithmetic: bool,
    pub custom_page_sizes: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

macro_rules! toggles {
    ($($(#[$doc:meta])* $name:ident => $field:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(&mut self, enable: bool) -> &mut Self {
            self.features.$field = enable;
            self
        }
    )*};
}

impl Config {
    /// The defaults: what wasmtime 48 enables but GC (Wasm 2.0 with SIMD and relaxed SIMD,
    /// tail calls, multiple and 64-bit memories, extended constant expressions, typed function
    /// references, exception handling); no fuel, no epochs, 512 KiB of wasm stack.
    pub fn new() -> Config {
        Config {
            features: Features {
                mutable_global: true,
                sign_extension: true,
                saturating_float_to_int: true,
                multi_value: true,
                bulk_memory: true,
                reference_types: true,
                // On where the build has SIMD (cargo feature `simd`, a default).
                simd: cfg!(feature = "simd"),
                // Proposals default as in wasmtime 48 (`difftest/tests/defaults.rs` checks
                // them against wasmtime).
                relaxed_simd: cfg!(feature = "simd"),
                tail_call: true,
                multi_memory: true,
                memory64: true,
                threads: false,
                gc: true,
                function_references: true,
                extended_const: true,
                exceptions: true,
                legacy_exceptions: false,
                wide_arithmetic: false,
                custom_page_sizes: false,
            },
            consume_fuel: false,
            epoch_interruption: false,
            max_wasm_stack: 512 * 1024,
            wasm_backtrace_max_frames: Some(DEFAULT_WASM_BACKTRACE_MAX_FRAMES),
            strategy: Strategy::Auto,
            async_support: false,
            parallel_compilation: true,
            compilation_mode: CompilationMode::LazyTranslation,
            relaxed_simd_deterministic: false,
            gc_zeal: false,
            collector: Collector::Auto,
            dispatch: Dispatch::default_for_build(),
            tier_up_threshold: DEFAULT_TIER_UP_THRESHOLD,
            tier_code_limit: DEFAULT_TIER_CODE_LIMIT,
        }
    }

    toggles! {
        /// The multi-value proposal (on by default).
        wasm_multi_value => multi_value;
        /// The bulk-memory proposal (on by default).
        wasm_bulk_memory => bulk_memory;
        /// The reference-types proposal (on by default).
        wasm_reference_types => reference_types;
        /// Fixed-width 128-bit SIMD (on by default, as in wasmtime).
        wasm_simd => simd;
        /// Relaxed SIMD (on by default, as in wasmtime). Sheave's relaxed ops always make
        /// the same deterministic choice (see `relaxed_simd_deterministic`).
        wasm_relaxed_simd => relaxed_simd;
        /// Tail calls (`return_call`, `return_call_indirect`; on by default, as in wasmtime).
        wasm_tail_call => tail_call;
        /// Multiple memories (on by default, as in wasmtime).
        wasm_multi_memory => multi_memory;
        /// 64-bit memories and tables (on by default, as in wasmtime).
        wasm_memory64 => memory64;
        /// Threads: not implemented yet; enabling it makes `Engine::new` fail.
        wasm_threads => threads;
        /// GC: not implemented yet; enabling it makes `Engine::new` fail.
        wasm_gc => gc;
        /// Typed function references (`call_ref`, `ref.as_non_null`, `br_on_null`, non-nullable
        /// and concrete reference types; on by default, as in wasmtime).
        wasm_function_references => function_references;
        /// Extended constant expressions (`i32/i64.add`, `sub`, `mul`; on by default, as in wasmtime).
        wasm_extended_const => extended_const;
        /// Exception handling (tags, `throw`, `throw_ref`, `try_table`, `exnref`; on by
        /// default, as in wasmtime).
        wasm_exceptions => exceptions;
        /// The legacy exception handling of older toolchains (`try`, `catch`, `catch_all`,
        /// `delegate`, `rethrow`; off by default, as in wasmtime).
        wasm_legacy_exceptions => legacy_exceptions;
        /// Wide arithmetic (`i64.add128`, `i64.sub128`, `i64.mul_wide_s/u`; off by default, as in
        /// wasmtime).
        wasm_wide_arithmetic => wide_arithmetic;
        /// Custom page sizes (1-byte pages; off by default, as in wasmtime).
        wasm_custom_page_sizes => custom_page_sizes;
    }

    /// As in wasmtime: ask for relaxed SIMD results that are the same on every host. Sheave
    /// gives them always (relaxed ops behave as their non-relaxed counterparts, and
    /// `relaxed_madd` fuses), so both settings behave alike.
    pub fn relaxed_simd_deterministic(&mut self, enable: bool) -> &mut Self {
        self.relaxed_simd_deterministic = enable;
        self
    }

    /// Charge fuel for executed code; running out traps with `Trap::OutOfFuel`.
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }

    /// Check the engine's epoch at function entries and loop headers.
    pub fn epoch_interruption(&mut self, enable: bool) -> &mut Self {
        self.epoch_interruption = enable;
        self
    }

    /// Bytes of wasm stack (value slots of all active frames); exceeding it traps with
    /// `Trap::StackOverflow`.
    pub fn max_wasm_stack(&mut self, size: usize) -> &mut Self {
        self.max_wasm_stack = size;
        self
    }

    /// The most wasm frames (innermost first) a trap's [`WasmBacktrace`](crate::WasmBacktrace)
    /// keeps; `None` attaches no backtrace. The default is 20, as in wasmtime: a trap deep in
    /// recursion then costs a bounded allocation, which matters on a small board.
    pub fn wasm_backtrace_max_frames(&mut self, limit: Option<core::num::NonZeroUsize>) -> &mut Self {
        self.wasm_backtrace_max_frames = limit;
        self
    }

    /// Whether traps carry a [`WasmBacktrace`](crate::WasmBacktrace): `false` is
    /// `wasm_backtrace_max_frames(None)`; `true` restores the default limit when there was none.
    #[deprecated = "use `wasm_backtrace_max_frames` instead"]
    pub fn wasm_backtrace(&mut self, enable: bool) -> &mut Self {
        match (enable, self.wasm_backtrace_max_frames) {
            (false, _) => self.wasm_backtrace_max_frames = None,
            (true, None) => self.wasm_backtrace_max_frames = Some(DEFAULT_WASM_BACKTRACE_MAX_FRAMES),
            (true, Some(_)) => {}
        }
        self
    }

    /// The compilation strategy.
    pub fn strategy(&mut self, strategy: Strategy) -> &mut Self {
        self.strategy = strategy;
        self
    }

    /// The garbage collector (see [`Collector`]).
    pub fn collector(&mut self, collector: Collector) -> &mut Self {
        self.collector = collector;
        self
    }

    /// A test mode (a Sheave setting, as wasmtime's `gc_zeal` build): every allocation from
    /// wasm collects first, so a reference the roots miss is freed at once and the next use
    /// of it fails instead of passing by luck. Slow; off by default.
    pub fn gc_zeal(&mut self, enable: bool) -> &mut Self {
        self.gc_zeal = enable;
        self
    }

    /// When function bodies are validated and translated (see [`CompilationMode`]).
    pub fn compilation_mode(&mut self, mode: CompilationMode) -> &mut Self {
        self.compilation_mode = mode;
        self
    }

    /// The interpreter's dispatcher (a Sheave setting; wasmtime has no counterpart). The
    /// default is the fastest this build has: [`Dispatch::Tail`] in optimised builds on
    /// x86-64, aarch64, riscv64, s390x and wasm32 with `tail-call`, else [`Dispatch::Loop`].
    /// `Engine::new` fails for `Tail` where the build does not have it.
    pub fn interpreter_dispatch(&mut self, dispatch: Dispatch) -> &mut Self {
        self.dispatch = dispatch;
        self
    }

    /// The dispatcher engines made from this configuration run.
    pub fn get_interpreter_dispatch(&self) -> Dispatch {
        self.dispatch
    }

    /// Whether the Cranelift tier compiles a module's functions on several threads (on by
    /// default, as in wasmtime; the interpreter's translation is single-threaded either way).
    pub fn parallel_compilation(&mut self, parallel: bool) -> &mut Self {
        self.parallel_compilation = parallel;
        self
    }

    /// Async support. As in wasmtime 48, every engine runs async calls (`Func::call_async`,
    /// async host functions, yields on epochs and fuel) and this flag has no effect on that;
    /// Sheave needs no fibers: a call's frames live on a value stack in memory, so it stops and
    /// goes on without switching native stacks, on every host. The flag (`Engine::is_async`)
    /// makes a `Strategy::Cranelift` engine run all code in the interpreter, since native frames
    /// cannot stop mid-call.
    pub fn async_support(&mut self, enable: bool) -> &mut Self {
        self.async_support = enable;
        self
    }

    /// Tiering (`Strategy::Auto` with the Cranelift tier): a function is compiled after
    /// `calls` calls in the interpreter (1: at its first call; 0: never, the interpreter
    /// alone, as `Strategy::Winch`). Default 1,000. With `parallel_compilation` on, the
    /// compilation runs on a background thread and the function's next call after it runs
    /// native code; off, it compiles on the calling thread at the threshold. Calls started
    /// with `call_resumable` or `call_async` stay in the interpreter.
    pub fn tier_up_threshold(&mut self, calls: u32) -> &mut Self {
        self.tier_up_threshold = calls;
        self
    }

    /// The most native code bytes tiering keeps for an engine, over its live modules (default
    /// 64 MiB; a dropped module's code is freed and no longer counts): past it, functions
    /// that get hot stay in the interpreter.
    pub fn tier_code_memory_limit(&mut self, bytes: usize) -> &mut Self {
        self.tier_code_limit = bytes;
        self
    }

    /// Whether engines of this configuration tier up (see `Strategy::Auto`).
    pub(crate) fn tiers(&self) -> bool {
        #[cfg(feature = "cranelift")]
        return self.strategy == Strategy::Auto && self.tier_up_threshold > 0 && sheave_jit::HOST_SUPPORTED;
        #[cfg(not(feature = "cranelift"))]
        false
    }

    pub(crate) fn validate(&self) -> Result<()> {
        let f = &self.features;
        if f.threads {
            bail!("threads (wasm_threads) is not supported by Sheave yet");
        }
        if f.relaxed_simd && !f.simd {
            bail!("cannot disable the simd proposal but enable the relaxed simd proposal");
        }
        if f.simd && !cfg!(feature = "simd") {
            bail!("SIMD (wasm_simd) is not in this build of Sheave: enable its `simd` cargo feature");
        }
        if self.strategy == Strategy::Cranelift {
            #[cfg(not(feature = "cranelift"))]
            bail!("Strategy::Cranelift needs Sheave built with its `cranelift` feature");
            #[cfg(feature = "cranelift")]
            if !sheave_jit::HOST_SUPPORTED {
                bail!(
                    "Strategy::Cranelift: the Cranelift tier has no backend for this host ({}); \
                     use Strategy::Auto (the interpreter)",
                    std::env::consts::ARCH
                );
            }
        }
        if self.dispatch == Dispatch::Tail && !Dispatch::TAIL_AVAILABLE {
            bail!(
                "tail-call dispatch is not available in this build (it needs an optimised build for x86-64, \
                 aarch64, riscv64, s390x or wasm32 with tail-call); use Dispatch::Loop"
            );
        }
        if self.max_wasm_stack < 1024 {
            bail!("max_wasm_stack must be at least 1024 bytes");
        }
        Ok(())
    }

    #[cfg(feature = "parse")]
    pub(crate) fn wasm_features(&self) -> wasmparser::WasmFeatures {
        use wasmparser::WasmFeatures as W;
        let f = &self.features;
        let mut w = W::MVP | W::FLOATS;
        let mut set = |flag: W, on: bool| w.set(flag, on);
        set(W::MUTABLE_GLOBAL, f.mutable_global);
        set(W::SIGN_EXTENSION, f.sign_extension);
        set(W::SATURATING_FLOAT_TO_INT, f.saturating_float_to_int);
        set(W::MULTI_VALUE, f.multi_value);
        set(W::BULK_MEMORY, f.bulk_memory);
        set(W::REFERENCE_TYPES, f.reference_types);
        set(W::SIMD, f.simd);
        set(W::RELAXED_SIMD, f.relaxed_simd);
        set(W::TAIL_CALL, f.tail_call);
        set(W::MULTI_MEMORY, f.multi_memory);
        set(W::MEMORY64, f.memory64);
        set(W::EXTENDED_CONST, f.extended_const);
        set(W::FUNCTION_REFERENCES, f.function_references);
        set(W::GC, f.gc);
        set(W::EXCEPTIONS, f.exceptions);
        set(W::LEGACY_EXCEPTIONS, f.legacy_exceptions);
        set(W::WIDE_ARITHMETIC, f.wide_arithmetic);
        set(W::CUSTOM_PAGE_SIZES, f.custom_page_sizes);
        set(W::THREADS, f.threads);
        w
    }

    /// A hash of the settings that change translated code (stored in precompiled artifacts).
    pub(crate) fn compat_hash(&self) -> u64 {
        use core::hash::{Hash, Hasher};
        let mut h = Fnv1a(0xcbf2_9ce4_8422_2325);
        self.features.hash(&mut h);
        self.consume_fuel.hash(&mut h);
        self.epoch_interruption.hash(&mut h);
        // The tier and the ISA it compiles for: artifacts hold bytecode, but one made for a
        // Cranelift engine is only loaded by such an engine on the same ISA.
        self.uses_jit().hash(&mut h);
        // Tiering bytecode counts calls (`tier_count` ops).
        self.tiers().hash(&mut h);
        if self.uses_jit() {
            self.isa_description().hash(&mut h);
        }
        h.finish()
    }

    /// Whether engines of this configuration run the Cranelift tier.
    pub(crate) fn uses_jit(&self) -> bool {
        cfg!(feature = "cranelift") && self.strategy == Strategy::Cranelift && !self.async_support
    }

    /// The ISA and flags native code is compiled for (empty without the Cranelift tier).
    pub(crate) fn isa_description(&self) -> String {
        #[cfg(feature = "cranelift")]
        if self.uses_jit() {
            return sheave_jit::isa_description();
        }
        String::new()
    }
}

/// FNV-1a: a hash that is the same in every build and needs no `std` (artifacts carry it).
struct Fnv1a(u64);

impl core::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
