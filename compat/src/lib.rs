//! See `tests/compat.rs`: the crate has nothing but its tests.
