// The engine configuration of the example, shared by the firmware (`src/lib.rs`) and
// `build.rs`, which makes the precompiled artifacts: an artifact loads only into an engine of
// the same configuration, so every setting that artifacts check is set here, not left to
// defaults that depend on `sheave`'s cargo features.

/// The wasm stack a call may use (frames and operands) before it traps: small enough for a
/// board's RAM, large enough for CoreMark.
pub const MAX_WASM_STACK: usize = 32 * 1024;

/// The engine configuration of every module the example runs.
pub fn config() -> sheave::Config {
    let mut config = sheave::Config::new();
    config
        .max_wasm_stack(MAX_WASM_STACK)
        .wasm_custom_page_sizes(true)
        // The firmware is built without `sheave`'s `simd` feature (README).
        .wasm_simd(false)
        .wasm_relaxed_simd(false);
    config
}
