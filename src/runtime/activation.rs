//! A wasm call that can stop and go on later, with no stack switching: the executor's frames
//! already live on a value stack in memory, so stopping is returning from `Executor::run` and
//! going on is calling it again. An activation owns its value stack (a plain call runs on the
//! store's, `func::run_wasm_at`), so it may outlive the borrow of the store that started it:
//! resumable calls (`Func::call_resumable`) and async calls (`Func::call_async`) drive one.

use crate::func::{escaped, limits, serve};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::Store;
use crate::trap::{backtrace_limit, trap_error};
use alloc::sync::Arc;
use anyhow::{Result, bail};
use sheave_interp::Trap;
use sheave_interp::exec::{Executor, Exit, Pending};
use sheave_interp::vm::FuncKind;

/// How an activation's driver wants stops reported.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `call_resumable`: a host function's error and running out of fuel stop the call.
    Resumable,
    /// `call_async`: async host functions and yields stop the call.
    Async,
}

/// Why `Activation::run` returned.
pub(crate) enum Stop {
    /// The entry function returned; its results are `Activation::results`.
    Done,
    /// A call of async host function `host` (its index in `Store::host_funcs`) is pending;
    /// its arguments are `Activation::host_slots`.
    AsyncHost { host: u32 },
    /// Host function `func` (registry index) returned `error` (`Mode::Resumable`).
    HostError { func: u32, error: anyhow::Error },
    /// Fuel ran out; `required` more lets the call go on (`Mode::Resumable`).
    OutOfFuel { required: u64 },
    /// The call gives way to other tasks (`Mode::Async`: an epoch deadline or a fuel interval).
    Yield,
    /// The call failed for good (trap, uncaught exception, host error in `Mode::Async`).
    Failed(anyhow::Error),
}

/// A suspended or running call: the executor and the value stack its frames are on.
pub(crate) struct Activation {
    exec: Executor,
    /// The value stack; never reallocated (the executor points into it).
    stack: Vec<u64>,
    store_id: u64,
    /// Fuel of the store held back from the executor until the current async slice ends.
    fuel_reserve: u64,
    /// While the call is stopped, the flag that keeps its frames' heap references rooted
    /// (the heap trims the roots of a dropped call at its next collection).
    parked: Option<Arc<()>>,
}

// SAFETY: the executor's raw pointers point into `stack`, which the activation owns, and into
// objects of one store; an activation only runs with a `&mut` of that store (checked by id),
// so moving it to another thread moves nothing another thread can reach without the store.
unsafe impl Send for Activation {}

impl Activation {
    /// Prepares a call of wasm function `func` (registry index) of `store` with `args`.
    pub(crate) fn new<T: 'static>(store: &mut Store<T>, func: u32, args: &[u64]) -> Result<Activation> {
        match store.inner.registry.funcs[func as usize].kind {
            FuncKind::Wasm { .. } => {}
            FuncKind::Native { .. } => bail!(
                "resumable and async calls run in the interpreter; this function is native code \
                 (Strategy::Cranelift without async support)"
            ),
            FuncKind::Host { .. } => bail!("internal: an activation needs a wasm function"),
        }
        let mut stack = vec![0u64; (store.inner.engine.config().max_wasm_stack / 8).max(args.len())];
        stack[..args.len()].copy_from_slice(args);
        let base = stack.as_mut_ptr();
        let limits = limits(store, base.wrapping_add(stack.len()));
        // SAFETY: the registry and its objects live as long as the store, and every run of
        // this activation borrows that store mutably; `stack` is never reallocated.
        let mut exec = unsafe { Executor::new(&store.inner.registry, func, base, limits) }
            .map_err(|t| trap_error(&store.inner, t, vec![func]))?;
        // A call that may stop keeps all its frames interpreted: tiering's counters count on,
        // but never leave the loop to switch tiers.
        exec.tier_up = false;
        Ok(Activation { exec, stack, store_id: store.inner.id, fuel_reserve: 0, parked: None })
    }

    /// The entry function's results (after `Stop::Done`).
    pub(crate) fn results(&self, n: usize) -> &[u64] {
        &self.stack[..n]
    }

    /// The pending host call's registry function and its argument/result slots.
    pub(crate) fn host_slots<T: 'static>(&mut self, store: &Store<T>) -> (u32, &mut [u64]) {
        let Pending::Call { func, args } = self.exec.pending else { panic!("no pending host call") };
        let ent = store.inner.registry.funcs[func as usize];
        let n = ent.params.max(ent.results) as usize;
        // SAFETY: the arguments lie in the calling frame, inside `self.stack`, which this
        // borrow of `self` keeps from being touched otherwise.
        (func, unsafe { core::slice::from_raw_parts_mut(args, n) })
    }

    /// The instance whose code made the pending host call (the host function's `Caller`).
    pub(crate) fn caller_instance<T: 'static>(&self, store: &Store<T>) -> Option<crate::Instance> {
        crate::instance::instance_of_ctx(&store.inner, self.exec.instance())
    }

    /// The pending host call failed with `e`: a thrown exception goes on in wasm (the next
    /// `run` continues at its handler); anything else fails the call.
    pub(crate) fn host_failed<T: 'static>(&mut self, store: &mut Store<T>, e: anyhow::Error) -> Result<()> {
        let thrown = e.is::<crate::ThrownException>().then(|| store.inner.registry.heap.pending_exception.take());
        let Some(Some(exn)) = thrown else { return Err(e) };
        // SAFETY: as for `run`; the exception belongs to this store's registry.
        match unsafe { self.exec.raise(exn) } {
            Err(Exit::Exception) => Err(escaped(store, self.exec.escaped_exception())),
            _ => Ok(()),
        }
    }

    /// Moves fuel from the store to the executor: all of it, or one slice of
    /// `fuel_async_yield_interval` in async mode.
    fn give_fuel<T: 'static>(&mut self, store: &mut Store<T>, mode: Mode) {
        let total = store.inner.fuel.min(i64::MAX as u64);
        let slice = match (mode, store.fuel_yield_interval) {
            // A slice covers at least the `fuel` op that is owed.
            (Mode::Async, Some(interval)) => total.min(interval.max(self.exec.unpaid_fuel())),
            _ => total,
        };
        self.fuel_reserve = total - slice;
        self.exec.fuel = slice as i64;
    }

    /// Moves the executor's fuel back to the store.
    fn take_fuel<T: 'static>(&mut self, store: &mut Store<T>) {
        store.inner.fuel = self.fuel_reserve + self.exec.fuel.max(0) as u64;
        self.fuel_reserve = 0;
    }

    /// Runs until the call returns or stops as `mode` reports. A stopped call's frames stay
    /// roots of the heap until it runs again or is dropped.
    pub(crate) fn run<T: 'static>(&mut self, store: &mut Store<T>, mode: Mode) -> Stop {
        self.parked = None;
        let stop = self.run_until_stop(store, mode);
        if matches!(stop, Stop::AsyncHost { .. } | Stop::HostError { .. } | Stop::OutOfFuel { .. } | Stop::Yield)
            && !store.inner.registry.heap.entries.is_empty()
        {
            let flag = Arc::new(());
            let roots = self.exec.gc_roots(&store.inner.registry);
            store.inner.registry.heap.parked.push((Arc::downgrade(&flag), roots.into()));
            self.parked = Some(flag);
        }
        stop
    }

    fn run_until_stop<T: 'static>(&mut self, store: &mut Store<T>, mode: Mode) -> Stop {
        store.inner.check_store(self.store_id);
        let fuel_on = store.inner.engine.config().consume_fuel;
        loop {
            if fuel_on {
                self.give_fuel(store, mode);
                // A `fuel` op that trapped is paid before the run goes on after it.
                if self.exec.unpaid_fuel() > 0 && !self.exec.pay_unpaid_fuel() {
                    let required = self.exec.unpaid_fuel() - self.exec.fuel as u64;
                    self.take_fuel(store);
                    return match mode {
                        Mode::Resumable => Stop::OutOfFuel { required },
                        Mode::Async => Stop::Failed(trap_error(
                            &store.inner,
                            Trap::OutOfFuel,
                            self.exec.backtrace(backtrace_limit(&store.inner)),
                        )),
                    };
                }
            }
            self.exec.epoch_deadline = store.inner.epoch_deadline;
            // SAFETY: as in `new`; pending requests are served before the next run.
            let exit = unsafe { self.exec.run() };
            if fuel_on {
                self.take_fuel(store);
            }
            match exit {
                Exit::Done => return Stop::Done,
                Exit::Trap(Trap::OutOfFuel) => match mode {
                    // A slice of the interval ran out, not the store's fuel: give way.
                    Mode::Async if store.inner.fuel >= self.exec.unpaid_fuel() => return Stop::Yield,
                    Mode::Resumable => {
                        return Stop::OutOfFuel { required: self.exec.unpaid_fuel() - store.inner.fuel };
                    }
                    Mode::Async => {
                        return Stop::Failed(trap_error(
                            &store.inner,
                            Trap::OutOfFuel,
                            self.exec.backtrace(backtrace_limit(&store.inner)),
                        ));
                    }
                },
                Exit::Trap(Trap::Interrupt) if mode == Mode::Async && store.epoch_yield_delta.is_some() => {
                    let delta = store.epoch_yield_delta.unwrap_or(0);
                    store.inner.epoch_deadline = store.inner.engine.current_epoch().saturating_add(delta);
                    return Stop::Yield;
                }
                Exit::Exception => return Stop::Failed(escaped(store, self.exec.escaped_exception())),
                Exit::Trap(t) => {
                    return Stop::Failed(trap_error(
                        &store.inner,
                        t,
                        self.exec.backtrace(backtrace_limit(&store.inner)),
                    ));
                }
                Exit::Host => {}
            }
            // The pending request's host function, if it is one.
            let host = match self.exec.pending {
                Pending::Call { func, .. } => match store.inner.registry.funcs[func as usize].kind {
                    FuncKind::Host { index } => Some((func, index)),
                    _ => None,
                },
                _ => None,
            };
            if let Some((_, index)) = host
                && store.host_funcs[index as usize].async_call.is_some()
            {
                return match mode {
                    Mode::Async => Stop::AsyncHost { host: index },
                    Mode::Resumable => Stop::Failed(anyhow::anyhow!(
                        "an async host function was called from a resumable call (use call_async)"
                    )),
                };
            }
            let Err(e) = serve(store, &mut self.exec, None) else { continue };
            if let (Mode::Resumable, Some((func, _))) = (mode, host)
                && !e.is::<crate::ThrownException>()
            {
                return Stop::HostError { func, error: e };
            }
            if let Err(e) = self.host_failed(store, e) {
                return Stop::Failed(e);
            }
        }
    }
}
