//! The runtime objects: the store and its limits, instances, externals (memories, tables,
//! globals), functions and the calls into them (plain, resumable and async, over one
//! `Activation`), values and exceptions. The crate root re-exports each module under its old
//! path (`crate::store`, ...), so the API and the translator see no move.

pub(crate) mod activation;
pub(crate) mod anyref;
pub(crate) mod call_async;
pub(crate) mod exceptions;
pub(crate) mod externals;
pub(crate) mod func;
pub(crate) mod gc_objects;
pub(crate) mod instance;
pub(crate) mod limits;
pub(crate) mod resumable;
pub(crate) mod store;
pub(crate) mod values;
