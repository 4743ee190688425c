//! The two locks Sheave needs: the engine's signature registry (`Mutex`) and each function's
//! translation, done once (`OnceLock`). With `std`, the OS-backed ones; without, spin locks
//! (`spin`), since a `no_std` host has no OS to park a thread on.

#[cfg(feature = "std")]
pub(crate) use std::sync::OnceLock;

/// `std::sync::OnceLock`'s `new`, `get` and `set` over a spin `Once`.
#[cfg(not(feature = "std"))]
#[derive(Debug, Default)]
pub(crate) struct OnceLock<T>(spin::Once<T>);

#[cfg(not(feature = "std"))]
impl<T> OnceLock<T> {
    pub(crate) const fn new() -> OnceLock<T> {
        OnceLock(spin::Once::new())
    }

    pub(crate) fn get(&self) -> Option<&T> {
        self.0.get()
    }

    /// Sets the value unless another caller did first (then `value` comes back).
    pub(crate) fn set(&self, value: T) -> Result<(), T> {
        let mut value = Some(value);
        self.0.call_once(|| value.take().expect("call_once runs its closure once"));
        value.map_or(Ok(()), Err)
    }
}

/// A mutual-exclusion lock whose `lock` cannot fail (a panic while holding it does not
/// poison it: the registry it guards stays consistent, every update being one insert).
#[derive(Debug, Default)]
pub(crate) struct Mutex<T> {
    #[cfg(feature = "std")]
    inner: std::sync::Mutex<T>,
    #[cfg(not(feature = "std"))]
    inner: spin::Mutex<T>,
}

impl<T> Mutex<T> {
    #[cfg(feature = "std")]
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, T> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[cfg(not(feature = "std"))]
    pub(crate) fn lock(&self) -> spin::MutexGuard<'_, T> {
        self.inner.lock()
    }
}
