//! Differential tests of Sheave against wasmtime live in `tests/`.
