//! Resumable calls, as wasmi offers them: a call stops when a host function it calls returns
//! an error, or when fuel runs out, and the embedder may go on with it later (with the host
//! function's results, or after `Store::set_fuel`). A suspended call owns its frames (see
//! `activation`), so the store is free for other calls meanwhile.

use crate::activation::{Activation, Mode, Stop};
use crate::func::{WasmParams, WasmResults, read_vals, slot_count};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContextMut, Store};
use crate::{Func, TypedFunc, Val};
use anyhow::{Result, bail};
use core::marker::PhantomData;
use sheave_interp::vm::FuncKind;

/// The outcome of `Func::call_resumable` or of resuming one.
#[derive(Debug)]
pub enum ResumableCall {
    /// The call returned; the results were written.
    Finished,
    /// A host function returned an error; the call may go on with that function's results.
    HostTrap(ResumableCallHostTrap),
    /// Fuel ran out; the call may go on once the store has more.
    OutOfFuel(ResumableCallOutOfFuel),
}

/// The state every suspended call keeps: its frames and its entry function.
struct Suspended {
    act: Activation,
    entry: Func,
}

impl core::fmt::Debug for Suspended {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Suspended").field("entry", &self.entry).finish_non_exhaustive()
    }
}

/// A call stopped by a host function's error.
#[derive(Debug)]
pub struct ResumableCallHostTrap {
    call: Suspended,
    host_func: Func,
    host_error: anyhow::Error,
}

/// A call stopped for want of fuel.
#[derive(Debug)]
pub struct ResumableCallOutOfFuel {
    call: Suspended,
    required_fuel: u64,
}

/// How a driven call stopped, before its results are read (typed or not).
enum Outcome {
    Finished(Suspended),
    HostTrap(ResumableCallHostTrap),
    OutOfFuel(ResumableCallOutOfFuel),
}

/// Runs `call` until it returns or stops resumably.
fn drive<T: 'static>(store: &mut Store<T>, mut call: Suspended) -> Result<Outcome> {
    match call.act.run(store, Mode::Resumable) {
        Stop::Done => Ok(Outcome::Finished(call)),
        Stop::HostError { func, error } => Ok(Outcome::HostTrap(ResumableCallHostTrap {
            call,
            host_func: Func::from_index(store.inner.id, func),
            host_error: error,
        })),
        Stop::OutOfFuel { required } => {
            Ok(Outcome::OutOfFuel(ResumableCallOutOfFuel { call, required_fuel: required }))
        }
        Stop::Failed(e) => Err(e),
        Stop::AsyncHost { .. } | Stop::Yield => bail!("internal: an async stop in a resumable call"),
    }
}

/// Starts a resumable call of `func` with its arguments in `args`.
fn start<T: 'static>(store: &mut Store<T>, func: Func, args: &[u64]) -> Result<Outcome> {
    store.inner.check_store(func.store);
    if let FuncKind::Host { .. } = store.inner.registry.funcs[func.index as usize].kind {
        bail!("call_resumable needs a wasm function (this one is a host function)");
    }
    let act = Activation::new(store, func.index, args)?;
    drive(store, Suspended { act, entry: func })
}

/// Writes a finished call's results to `outputs`.
fn write_results<T: 'static>(store: &mut Store<T>, call: &Suspended, outputs: &mut [Val]) {
    let ty = store.inner.func_info[call.entry.index as usize].ty.clone();
    let slots = call.act.results(slot_count(ty.results()));
    for (o, v) in outputs.iter_mut().zip(read_vals(&mut store.inner, slots, ty.results())) {
        *o = v;
    }
}

impl Outcome {
    fn untyped<T: 'static>(self, store: &mut Store<T>, outputs: &mut [Val]) -> ResumableCall {
        match self {
            Outcome::Finished(call) => {
                write_results(store, &call, outputs);
                ResumableCall::Finished
            }
            Outcome::HostTrap(t) => ResumableCall::HostTrap(t),
            Outcome::OutOfFuel(o) => ResumableCall::OutOfFuel(o),
        }
    }

    fn typed<T: 'static, R: WasmResults>(self, store: &Store<T>) -> TypedResumableCall<R> {
        match self {
            Outcome::Finished(call) => {
                TypedResumableCall::Finished(R::load_slots(store.inner.id, call.act.results(R::COUNT)))
            }
            Outcome::HostTrap(invocation) => {
                TypedResumableCall::HostTrap(TypedResumableCallHostTrap { invocation, results: PhantomData })
            }
            Outcome::OutOfFuel(invocation) => {
                TypedResumableCall::OutOfFuel(TypedResumableCallOutOfFuel { invocation, results: PhantomData })
            }
        }
    }
}

impl Func {
    /// Calls the function so that a host function's error or running out of fuel stops the
    /// call resumably instead of failing it (as wasmi's `Func::call_resumable`). Runs in the
    /// interpreter (an error for native code of a Cranelift engine).
    pub fn call_resumable<T: 'static>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        inputs: &[Val],
        outputs: &mut [Val],
    ) -> Result<ResumableCall> {
        let store = store.as_context_mut().0;
        let ty = self.type_for_call(store, outputs.len())?;
        let args = crate::func::param_slots(store, &ty, inputs)?;
        Ok(start(store, *self, &args)?.untyped(store, outputs))
    }
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// As `Func::call_resumable`, typed.
    pub fn call_resumable(&self, mut store: impl AsContextMut, params: Params) -> Result<TypedResumableCall<Results>> {
        let store = store.as_context_mut().0;
        let mut args = vec![0u64; Params::COUNT];
        params.store_slots(store.inner.id, &mut args)?;
        Ok(start(store, *self.func(), &args)?.typed(store))
    }
}

impl ResumableCallHostTrap {
    /// The host function that returned the error.
    pub fn host_func(&self) -> Func {
        self.host_func
    }

    /// The host function's error.
    pub fn host_error(&self) -> &anyhow::Error {
        &self.host_error
    }

    /// The host function's error, giving up the call.
    pub fn into_host_error(self) -> anyhow::Error {
        self.host_error
    }

    /// Goes on with the call as if the host function had returned `inputs`; the call's
    /// results go to `outputs` when it finishes.
    pub fn resume<T: 'static>(
        self,
        mut store: impl AsContextMut<Data = T>,
        inputs: &[Val],
        outputs: &mut [Val],
    ) -> Result<ResumableCall> {
        let store = store.as_context_mut().0;
        self.call.entry.type_for_call(store, outputs.len())?;
        Ok(self.resume_raw(store, inputs)?.untyped(store, outputs))
    }

    fn resume_raw<T: 'static>(mut self, store: &mut Store<T>, inputs: &[Val]) -> Result<Outcome> {
        store.inner.check_store(self.host_func.store);
        let ty = store.inner.func_info[self.host_func.index as usize].ty.clone();
        let results = ty.result_count();
        if inputs.len() != results {
            bail!("the host function returns {results} values, {} given to resume with", inputs.len());
        }
        let (_, slots) = self.call.act.host_slots(store);
        crate::func::write_vals(&store.inner, inputs, ty.results(), slots, |_, v, t| {
            anyhow::anyhow!("resumed with a {} where the host function returns {t}", v.ty_unchecked())
        })?;
        drive(store, self.call)
    }
}

impl ResumableCallOutOfFuel {
    /// The fuel the call needs (beyond what the store has) to go on.
    pub fn required_fuel(&self) -> u64 {
        self.required_fuel
    }

    /// Goes on with the call (after `Store::set_fuel`); its results go to `outputs` when it
    /// finishes.
    pub fn resume<T: 'static>(
        self,
        mut store: impl AsContextMut<Data = T>,
        outputs: &mut [Val],
    ) -> Result<ResumableCall> {
        let store = store.as_context_mut().0;
        self.call.entry.type_for_call(store, outputs.len())?;
        Ok(drive(store, self.call)?.untyped(store, outputs))
    }
}

/// The outcome of `TypedFunc::call_resumable` or of resuming one.
#[derive(Debug)]
pub enum TypedResumableCall<R> {
    /// The call returned these results.
    Finished(R),
    /// A host function returned an error.
    HostTrap(TypedResumableCallHostTrap<R>),
    /// Fuel ran out.
    OutOfFuel(TypedResumableCallOutOfFuel<R>),
}

/// A typed call stopped by a host function's error (derefs to `ResumableCallHostTrap`).
#[derive(Debug)]
pub struct TypedResumableCallHostTrap<R> {
    invocation: ResumableCallHostTrap,
    results: PhantomData<fn() -> R>,
}

/// A typed call stopped for want of fuel (derefs to `ResumableCallOutOfFuel`).
#[derive(Debug)]
pub struct TypedResumableCallOutOfFuel<R> {
    invocation: ResumableCallOutOfFuel,
    results: PhantomData<fn() -> R>,
}

impl<R: WasmResults> TypedResumableCallHostTrap<R> {
    /// As `ResumableCallHostTrap::resume`, typed.
    pub fn resume<T: 'static>(
        self,
        mut store: impl AsContextMut<Data = T>,
        inputs: &[Val],
    ) -> Result<TypedResumableCall<R>> {
        let store = store.as_context_mut().0;
        Ok(self.invocation.resume_raw(store, inputs)?.typed(store))
    }

    /// The host function's error, giving up the call.
    pub fn into_host_error(self) -> anyhow::Error {
        self.invocation.host_error
    }
}

impl<R: WasmResults> TypedResumableCallOutOfFuel<R> {
    /// As `ResumableCallOutOfFuel::resume`, typed.
    pub fn resume<T: 'static>(self, mut store: impl AsContextMut<Data = T>) -> Result<TypedResumableCall<R>> {
        let store = store.as_context_mut().0;
        Ok(drive(store, self.invocation.call)?.typed(store))
    }
}

impl<R> core::ops::Deref for TypedResumableCallHostTrap<R> {
    type Target = ResumableCallHostTrap;
    fn deref(&self) -> &ResumableCallHostTrap {
        &self.invocation
    }
}

impl<R> core::ops::Deref for TypedResumableCallOutOfFuel<R> {
    type Target = ResumableCallOutOfFuel;
    fn deref(&self) -> &ResumableCallOutOfFuel {
        &self.invocation
    }
}
