//! `StoreLimits` and its builder: the resource limiter most embedders use (as wasmtime's), and
//! the instance, memory and table counts a limiter caps at instantiation.

#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{ResourceLimiter, Store};
use anyhow::{Result, bail};

/// wasmtime's default caps on instances, tables and memories per store.
pub(crate) const DEFAULT_COUNT_LIMIT: usize = 10_000;

/// Builds a [`StoreLimits`].
#[derive(Clone, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// No limits beyond the defaults (10,000 instances, tables and memories).
    pub fn new() -> Self {
        Self::default()
    }

    /// The largest a linear memory may grow, in bytes.
    pub fn memory_size(mut self, limit: usize) -> Self {
        self.0.memory_size = Some(limit);
        self
    }

    /// The most elements a table may grow to.
    pub fn table_elements(mut self, limit: usize) -> Self {
        self.0.table_elements = Some(limit);
        self
    }

    /// The most instances in the store.
    pub fn instances(mut self, limit: usize) -> Self {
        self.0.instances = limit;
        self
    }

    /// The most tables in the store.
    pub fn tables(mut self, limit: usize) -> Self {
        self.0.tables = limit;
        self
    }

    /// The most memories in the store.
    pub fn memories(mut self, limit: usize) -> Self {
        self.0.memories = limit;
        self
    }

    /// Whether a refused growth traps (instead of `memory.grow`/`table.grow` returning -1).
    pub fn trap_on_grow_failure(mut self, trap: bool) -> Self {
        self.0.trap_on_grow_failure = trap;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

/// A [`ResourceLimiter`] with fixed caps (see [`StoreLimitsBuilder`]).
#[derive(Clone, Debug)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    tables: usize,
    memories: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_COUNT_LIMIT,
            tables: DEFAULT_COUNT_LIMIT,
            memories: DEFAULT_COUNT_LIMIT,
            trap_on_grow_failure: false,
        }
    }
}

impl StoreLimits {
    /// Whether growing to `desired` is allowed under `limit` and the type's `maximum`;
    /// a refusal is an error when growth failures trap.
    fn allow(&self, what: &str, desired: usize, limit: Option<usize>, maximum: Option<usize>) -> Result<bool> {
        let allow = limit.is_none_or(|l| desired <= l) && maximum.is_none_or(|m| desired <= m);
        if !allow && self.trap_on_grow_failure {
            bail!("forcing trap when growing {what} to {desired}");
        }
        Ok(allow)
    }

    fn failed(&self, what: &str, error: anyhow::Error) -> Result<()> {
        if self.trap_on_grow_failure {
            return Err(error.context(format!("forcing a {what} growth failure to be a trap")));
        }
        Ok(())
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(&mut self, _current: usize, desired: usize, maximum: Option<usize>) -> Result<bool> {
        self.allow("memory (bytes)", desired, self.memory_size, maximum)
    }
    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        self.failed("memory", error)
    }
    fn table_growing(&mut self, _current: usize, desired: usize, maximum: Option<usize>) -> Result<bool> {
        self.allow("table (elements)", desired, self.table_elements, maximum)
    }
    fn table_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        self.failed("table", error)
    }
    fn instances(&self) -> usize {
        self.instances
    }
    fn tables(&self) -> usize {
        self.tables
    }
    fn memories(&self) -> usize {
        self.memories
    }
}

/// Fails when `new_memories` and `new_tables` more, and one more instance, would pass the
/// store's limiter's caps (as wasmtime checks at instantiation).
pub(crate) fn check_counts<T: 'static>(store: &mut Store<T>, new_memories: usize, new_tables: usize) -> Result<()> {
    let (instances, memories, tables) =
        (store.inner.instances.len(), store.inner.memories.len(), store.inner.tables.len());
    let Some(limiter) = store.limiter_mut() else { return Ok(()) };
    if instances + 1 > limiter.instances() {
        bail!("resource limit exceeded: instance count too high at {}", instances + 1);
    }
    if memories + new_memories > limiter.memories() {
        bail!("resource limit exceeded: memory count too high at {}", memories + new_memories);
    }
    if tables + new_tables > limiter.tables() {
        bail!("resource limit exceeded: table count too high at {}", tables + new_tables);
    }
    Ok(())
}

/// Asks the store's limiter whether `module`'s own memories and tables may be created at their
/// initial sizes (as growth from zero, as wasmtime does).
pub(crate) fn check_initial_sizes<T: 'static>(store: &mut Store<T>, module: &crate::Module) -> Result<()> {
    let m = &module.inner;
    let Some(limiter) = store.limiter_mut() else { return Ok(()) };
    let bytes = |pages: u64, page: u64| usize::try_from(pages.saturating_mul(page)).unwrap_or(usize::MAX);
    for ty in &m.memories[m.num_imported_memories as usize..] {
        let max = ty.maximum().map(|p| bytes(p, ty.page_size()));
        if !limiter.memory_growing(0, bytes(ty.minimum(), ty.page_size()), max)? {
            bail!("memory minimum size of {} pages exceeds memory limits", ty.minimum());
        }
    }
    for ty in &m.tables[m.num_imported_tables as usize..] {
        let elems = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        if !limiter.table_growing(0, elems(ty.minimum()), ty.maximum().map(elems))? {
            bail!("table minimum size of {} elements exceeds table limits", ty.minimum());
        }
    }
    Ok(())
}
