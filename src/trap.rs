//! Trap errors: the trap code (downcastable as `Trap`, as in wasmtime) with a wasm backtrace
//! of function indices and names attached as context.

#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::StoreInner;
use core::fmt;
use sheave_interp::Trap;

/// One frame of a wasm backtrace.
#[derive(Debug, Clone)]
pub struct FrameInfo {
    func_index: u32,
    module_name: Option<String>,
    func_name: Option<String>,
}

impl FrameInfo {
    /// The function's index in its module.
    pub fn func_index(&self) -> u32 {
        self.func_index
    }
    /// The function's name from the name section.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }
    /// The module's name from the name section.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }
}

/// The wasm frames active when a trap happened, innermost first.
#[derive(Debug, Clone)]
pub struct WasmBacktrace {
    frames: Vec<FrameInfo>,
}

impl WasmBacktrace {
    /// The frames, innermost first.
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }
}

impl fmt::Display for WasmBacktrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error while executing at wasm backtrace:")?;
        for (i, frame) in self.frames.iter().enumerate() {
            let module = frame.module_name.as_deref().unwrap_or("<unknown>");
            match &frame.func_name {
                Some(name) => writeln!(f, "  {i:>3}: {module}!{name}")?,
                None => writeln!(f, "  {i:>3}: {module}!<wasm function {}>", frame.func_index)?,
            }
        }
        Ok(())
    }
}

/// How many frames a trap's backtrace keeps in `inner`'s engine (0: none).
pub(crate) fn backtrace_limit(inner: &StoreInner) -> usize {
    inner.engine.config().wasm_backtrace_max_frames.map_or(0, |n| n.get())
}

/// Builds the error for a trap with registry functions `bt` active (innermost first); the
/// backtrace keeps the engine's `wasm_backtrace_max_frames` innermost frames, or is left out.
pub(crate) fn trap_error(inner: &StoreInner, trap: Trap, bt: Vec<u32>) -> anyhow::Error {
    let Some(max) = inner.engine.config().wasm_backtrace_max_frames else {
        return anyhow::Error::new(trap);
    };
    let frames = bt
        .into_iter()
        .filter_map(|f| {
            let (module, index) = inner.func_info.get(f as usize)?.origin.clone()?;
            Some(FrameInfo {
                func_index: index,
                module_name: module.name().map(str::to_string),
                func_name: module.inner.func_names.get(&index).cloned(),
            })
        })
        .take(max.get())
        .collect();
    anyhow::Error::new(trap).context(WasmBacktrace { frames })
}
