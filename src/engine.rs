//! `Engine`: shared configuration, the engine-wide type registry and the epoch counter.

use crate::config::Config;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::types::FuncType;
use crate::types::registry::TypeRegistry;
use alloc::sync::{Arc, Weak};
use anyhow::{Result, bail};
use core::sync::atomic::Ordering;
use sheave_interp::exec::EpochCounter;

pub(crate) struct EngineInner {
    pub(crate) config: Config,
    pub(crate) epoch: EpochCounter,
    types: Arc<TypeRegistry>,
    /// Tiering's background compiler (`None` inside: no thread could be started).
    #[cfg(feature = "cranelift")]
    pub(crate) tier_worker: std::sync::OnceLock<Option<crate::tier::TierWorker>>,
    /// Native code bytes tiering made over the engine's live modules.
    #[cfg(feature = "cranelift")]
    pub(crate) tier_code_bytes: Arc<core::sync::atomic::AtomicUsize>,
}

/// A compilation and execution environment shared by modules and stores (cheap to clone).
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

/// A weak reference to an [`Engine`].
#[derive(Clone)]
pub struct EngineWeak {
    inner: Weak<EngineInner>,
}

impl EngineWeak {
    /// The engine, if it is still alive.
    pub fn upgrade(&self) -> Option<Engine> {
        self.inner.upgrade().map(|inner| Engine { inner })
    }
}

/// What `Engine::detect_precompiled` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precompiled {
    /// A precompiled module.
    Module,
    /// A precompiled component.
    Component,
}

impl core::fmt::Debug for Engine {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Engine").field("config", &self.inner.config).finish()
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::default()).expect("the default config is valid")
    }
}

impl Engine {
    /// An engine with this configuration; fails for settings Sheave does not support yet.
    pub fn new(config: &Config) -> Result<Engine> {
        config.validate()?;
        Ok(Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                epoch: EpochCounter::new(0),
                types: Arc::default(),
                #[cfg(feature = "cranelift")]
                tier_worker: std::sync::OnceLock::new(),
                #[cfg(feature = "cranelift")]
                tier_code_bytes: Arc::default(),
            }),
        })
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// A weak reference to this engine.
    pub fn weak(&self) -> EngineWeak {
        EngineWeak { inner: Arc::downgrade(&self.inner) }
    }

    /// Whether two handles name the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Whether the engine was configured for async (never: async is not supported yet).
    pub fn is_async(&self) -> bool {
        self.inner.config.async_support
    }

    /// Whether the engine runs the interpreter (Sheave's Pulley-style tier): every strategy
    /// but `Strategy::Cranelift`.
    pub fn is_pulley(&self) -> bool {
        !self.inner.config.uses_jit()
    }

    /// What the engine runs code with (Sheave's; wasmtime has no counterpart): the
    /// interpreter alone, tiering (interpreter first, hot functions compiled with Cranelift),
    /// or Cranelift for everything.
    pub fn execution_mode(&self) -> ExecutionMode {
        let c = &self.inner.config;
        if c.uses_jit() {
            ExecutionMode::Cranelift
        } else if c.tiers() {
            ExecutionMode::Tiered
        } else {
            ExecutionMode::Interpreter
        }
    }

    /// Increments the epoch; stores whose deadline it reaches trap at the next check.
    pub fn increment_epoch(&self) {
        self.inner.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// Thread-local state is created lazily; nothing needs initialising ahead of time.
    pub fn tls_eager_initialize() {}

    /// Releases process-wide signal handlers. Sheave installs none (traps are values), so
    /// this only checks the documented precondition.
    ///
    /// # Safety
    /// As in wasmtime: no other engine, store or module may be used afterwards.
    ///
    /// # Panics
    /// When this is not the last handle to the engine.
    pub unsafe fn unload_process_handlers(self) {
        assert_eq!(Arc::strong_count(&self.inner), 1, "unload_process_handlers needs the last engine handle");
    }

    /// Translates `bytes` (binary or text) into a precompiled artifact for `Module::deserialize`.
    pub fn precompile_module(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        crate::Module::new(self, bytes)?.serialize()
    }

    /// The component model is not supported yet.
    pub fn precompile_component(&self, _bytes: &[u8]) -> Result<Vec<u8>> {
        bail!("the component model is not supported by Sheave yet")
    }

    /// Whether `bytes` looks like a precompiled artifact (of any version).
    /// An associated function, as in wasmtime (no engine needed to look).
    pub fn detect_precompiled(bytes: &[u8]) -> Option<Precompiled> {
        crate::serialize::detect(bytes)
    }

    /// As `detect_precompiled`, reading the start of a file.
    #[cfg(feature = "std")]
    pub fn detect_precompiled_file(path: impl AsRef<std::path::Path>) -> Result<Option<Precompiled>> {
        use std::io::Read;
        let mut buf = [0u8; 16];
        let mut f = std::fs::File::open(path)?;
        let n = f.read(&mut buf)?;
        Ok(Engine::detect_precompiled(&buf[..n]))
    }

    /// A hash of everything that must match for an artifact to load in this engine.
    pub fn precompile_compatibility_hash(&self) -> impl core::hash::Hash + '_ {
        (crate::serialize::FORMAT_VERSION, sheave_interp::code::op_table_hash(), self.inner.config.compat_hash())
    }

    /// The canonical id of a function type (shared by all modules of the engine).
    pub(crate) fn signature_id(&self, ty: &FuncType) -> u32 {
        ty.type_id()
    }

    /// The engine's type registry.
    pub(crate) fn types(&self) -> &Arc<TypeRegistry> {
        &self.inner.types
    }

    #[allow(clippy::unnecessary_cast)] // a u32 counter where the target lacks 64-bit atomics
    pub(crate) fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Relaxed) as u64
    }

    pub(crate) fn epoch_counter(&self) -> &EpochCounter {
        &self.inner.epoch
    }
}

/// What an engine runs code with ([`Engine::execution_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionMode {
    /// The interpreter alone (`Strategy::Winch`, or `Strategy::Auto` where the build has no
    /// Cranelift tier or the host no backend).
    Interpreter,
    /// Every function starts in the interpreter; hot ones are compiled with Cranelift
    /// (`Strategy::Auto` with the Cranelift tier).
    Tiered,
    /// Every function compiled with Cranelift when its module loads (`Strategy::Cranelift`).
    Cranelift,
}

impl core::fmt::Display for ExecutionMode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ExecutionMode::Interpreter => "interpreter",
            ExecutionMode::Tiered => "tiered (interpreter, hot functions compiled with Cranelift)",
            ExecutionMode::Cranelift => "cranelift (every function compiled at load)",
        })
    }
}
