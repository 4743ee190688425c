//! Async calls without fibers (`Config::async_support`): `Func::call_async` drives an
//! `Activation`, which stops at a call of an async host function (the driver awaits the host's
//! future, then goes on) and at yield points (epoch deadlines under
//! `Store::epoch_deadline_async_yield_and_update`, fuel slices under
//! `Store::fuel_async_yield_interval`). wasmtime runs each async call on a fiber, a native
//! stack of its own; Sheave's frames are already in memory, so nothing switches stacks and this
//! works on every host, wasm32 and `no_std` ones included. Dropping the future drops the
//! suspended frames; the store stays usable.

use crate::activation::{Activation, Mode, Stop};
use crate::func::{
    AsyncHostCallFn, HostCallFn, HostFunc, default_val, invoke, new_host_func, read_vals, write_host_results,
};
use crate::linker::{InstancePre, Linker};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContextMut, Store};
use crate::types::FuncType;
use crate::{Caller, Func, Instance, Module, TypedFunc, Val, WasmParams, WasmResults, WasmRet, WasmTyList};
use alloc::sync::Arc;
use anyhow::{Result, bail};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use sheave_interp::vm::FuncKind;

/// Returns `Pending` once (waking its task at once), so other tasks run before the call goes on.
#[derive(Default)]
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Runs registry function `func` with `slots` as arguments and results, awaiting async host
/// functions and yielding where the store says.
async fn invoke_async<T: Send + 'static>(store: &mut Store<T>, func: u32, slots: &mut [u64]) -> Result<()> {
    match store.inner.registry.funcs[func as usize].kind {
        FuncKind::Host { index } => match store.host_funcs[index as usize].async_call.clone() {
            Some(call) => return call(Caller { store, instance: None }, slots).await,
            None => return invoke(store, func, slots),
        },
        FuncKind::Native { .. } => return invoke(store, func, slots),
        FuncKind::Wasm { .. } => {}
    }
    let mut act = Activation::new(store, func, slots)?;
    loop {
        match act.run(store, Mode::Async) {
            Stop::Done => {
                let n = slots.len();
                slots.copy_from_slice(act.results(n));
                return Ok(());
            }
            Stop::AsyncHost { host } => {
                let call = store.host_funcs[host as usize].async_call.clone().expect("an async host function");
                let instance = act.caller_instance(store);
                let (callee, args) = act.host_slots(store);
                let mut buf = args.to_vec();
                let results = store.inner.registry.funcs[callee as usize].results as usize;
                match call(Caller { store: &mut *store, instance }, &mut buf).await {
                    Ok(()) => act.host_slots(store).1[..results].copy_from_slice(&buf[..results]),
                    Err(e) => act.host_failed(store, e)?,
                }
            }
            Stop::Yield => YieldNow::default().await,
            Stop::Failed(e) => return Err(e),
            Stop::HostError { error, .. } => return Err(error),
            Stop::OutOfFuel { .. } => bail!("internal: a resumable stop in an async call"),
        }
    }
}

impl Func {
    /// Calls the function asynchronously: async host functions are awaited, and the call
    /// yields at epoch deadlines and fuel intervals as the store is configured. As in wasmtime
    /// 48, any engine can (`Config::async_support` only makes a Cranelift engine interpret, so
    /// that calls into its code can stop too; native code runs to its end).
    pub async fn call_async(
        &self,
        mut store: impl AsContextMut<Data: Send>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut().0;
        let ty = self.type_for_call(store, results.len())?;
        let mut slots = crate::func::param_slots(store, &ty, params)?;
        invoke_async(store, self.index, &mut slots).await?;
        for (r, v) in results.iter_mut().zip(read_vals(&mut store.inner, &slots, ty.results())) {
            *r = v;
        }
        Ok(())
    }

    /// An async host function of type `ty` taking and returning `Val`s (as wasmtime's).
    pub fn new_async<T, F>(mut store: impl AsContextMut<Data = T>, ty: FuncType, func: F) -> Func
    where
        F: for<'a> Fn(Caller<'a, T>, &'a [Val], &'a mut [Val]) -> Box<dyn Future<Output = Result<()>> + Send + 'a>
            + Send
            + Sync
            + 'static,
        T: Send + 'static,
    {
        let host = async_host(async_host_new(ty.clone(), func));
        new_host_func(store.as_context_mut().0, ty, host)
    }

    /// An async host function from a closure over wasm-compatible types (as wasmtime's).
    pub fn wrap_async<T, F, P, R>(mut store: impl AsContextMut<Data = T>, func: F) -> Func
    where
        F: for<'a> Fn(Caller<'a, T>, P) -> Box<dyn Future<Output = R> + Send + 'a> + Send + Sync + 'static,
        P: WasmTyList,
        R: WasmRet,
        T: Send + 'static,
    {
        let store = store.as_context_mut().0;
        let (ty, async_call) = async_host_wrap(store.engine(), func);
        new_host_func(store, ty, async_host(async_call))
    }
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// As `Func::call_async`, typed.
    pub async fn call_async(&self, mut store: impl AsContextMut<Data: Send>, params: Params) -> Result<Results> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.func().store);
        let id = store.inner.id;
        let mut slots = vec![0u64; Params::COUNT.max(Results::COUNT)];
        params.store_slots(id, &mut slots)?;
        invoke_async(store, self.func().index, &mut slots).await?;
        Ok(Results::load_slots(id, &slots))
    }
}

/// What a synchronous call of an async host function does: fail, naming the way out.
fn sync_refusal<T: 'static>() -> HostCallFn<T> {
    Arc::new(|_, _| {
        bail!(
            "an async host function was called synchronously: call wasm with `call_async` (on a \
             Cranelift engine, also enable `Config::async_support`, so that the caller is interpreted)"
        )
    })
}

/// An async host function's registry entry: `async_call`, and a refusal for synchronous calls.
fn async_host<T: 'static>(async_call: AsyncHostCallFn<T>) -> HostFunc<T> {
    HostFunc { call: sync_refusal(), async_call: Some(async_call) }
}

fn async_host_new<T, F>(ty: FuncType, func: F) -> AsyncHostCallFn<T>
where
    F: for<'a> Fn(Caller<'a, T>, &'a [Val], &'a mut [Val]) -> Box<dyn Future<Output = Result<()>> + Send + 'a>
        + Send
        + Sync
        + 'static,
    T: Send + 'static,
{
    let func = Arc::new(func);
    Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
        let (func, ty) = (func.clone(), ty.clone());
        Box::pin(async move {
            let Caller { store, instance } = caller;
            let params = read_vals(&mut store.inner, slots, ty.params());
            let mut results: Vec<Val> = ty.results().map(default_val).collect();
            Pin::from(func(Caller { store: &mut *store, instance }, &params, &mut results)).await?;
            write_host_results(&store.inner, &ty, &results, slots)
        })
    })
}

fn async_host_wrap<T, F, P, R>(engine: &crate::Engine, func: F) -> (FuncType, AsyncHostCallFn<T>)
where
    F: for<'a> Fn(Caller<'a, T>, P) -> Box<dyn Future<Output = R> + Send + 'a> + Send + Sync + 'static,
    P: WasmTyList,
    R: WasmRet,
    T: Send + 'static,
{
    let ty = FuncType::new(engine, P::types(), R::List::types());
    let func = Arc::new(func);
    let async_call: AsyncHostCallFn<T> = Arc::new(move |caller: Caller<'_, T>, slots: &mut [u64]| {
        let id = caller.store.inner.id;
        let future = Pin::from(func(caller, P::load_slots(id, slots)));
        Box::pin(async move {
            let results = future.await.into_result()?;
            results.store_slots(id, slots)
        })
    });
    (ty, async_call)
}

impl<T: Send + 'static> Linker<T> {
    /// Defines an async host function from a closure over wasm-compatible types.
    pub fn func_wrap_async<F, Params: WasmTyList, Args: WasmRet>(
        &mut self,
        module: &str,
        name: &str,
        func: F,
    ) -> Result<&mut Self>
    where
        F: for<'a> Fn(Caller<'a, T>, Params) -> Box<dyn Future<Output = Args> + Send + 'a> + Send + Sync + 'static,
    {
        let (ty, async_call) = async_host_wrap(self.engine(), func);
        self.define_async(module, name, ty, async_call)
    }

    /// Defines an async host function of type `ty` taking and returning `Val`s.
    pub fn func_new_async<F>(&mut self, module: &str, name: &str, ty: FuncType, func: F) -> Result<&mut Self>
    where
        F: for<'a> Fn(Caller<'a, T>, &'a [Val], &'a mut [Val]) -> Box<dyn Future<Output = Result<()>> + Send + 'a>
            + Send
            + Sync
            + 'static,
    {
        let async_call = async_host_new(ty.clone(), func);
        self.define_async(module, name, ty, async_call)
    }

    /// Defines `module::name` as an async host function of type `ty`, made in each store on
    /// first use.
    fn define_async(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        async_call: AsyncHostCallFn<T>,
    ) -> Result<&mut Self> {
        self.define_host(module, name, move |store: &mut Store<T>| {
            new_host_func(store, ty.clone(), async_host(async_call.clone()))
        })
    }

    /// Resolves the module's imports and instantiates it, running its start function as an
    /// async call.
    pub async fn instantiate_async(&self, store: impl AsContextMut<Data = T>, module: &Module) -> Result<Instance> {
        self.instantiate_pre(module)?.instantiate_async(store).await
    }
}

impl<T: Send + 'static> InstancePre<T> {
    /// As `instantiate`, running the start function as an async call.
    pub async fn instantiate_async(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let store = store.as_context_mut().0;
        let imports = self.imports_in(store)?;
        let (instance, start) = crate::instance::instantiate_without_start(store, self.module(), &imports)?;
        if let Some(f) = start {
            invoke_async(store, f, &mut []).await?;
        }
        Ok(instance)
    }
}
