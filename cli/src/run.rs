//! `sheave run`: the options and behaviour of `wasmtime run` (a WASI command's `_start`, a
//! reactor's `_initialize` then default export `""`, or the function named by `--invoke`).

use crate::options::{EngineOptions, Extras, items, yes_no};
use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use sheave::{Engine, Linker, Module, Store, Val, ValType};
use std::process::ExitCode;

/// Exit status of a trapped guest (as wasmtime: 128 + SIGABRT).
const TRAP_EXIT: u8 = 134;

/// Runs a WebAssembly module: a WASI command, a reactor, or the function named by `--invoke`.
#[derive(Args, Debug, Default)]
pub(crate) struct RunCommand {
    /// Grant the guest access to a host directory, mapped to GUEST_DIR (default: the same path).
    #[arg(long = "dir", value_name = "HOST_DIR[::GUEST_DIR]")]
    dirs: Vec<String>,
    /// Pass an environment variable to the guest; NAME alone passes the host's value.
    #[arg(long = "env", value_name = "NAME[=VAL]")]
    envs: Vec<String>,
    /// The function to call (arguments after the module are its parameters).
    #[arg(long, value_name = "FUNCTION")]
    invoke: Option<String>,
    /// Run with this much fuel (one unit per instruction, as wasmtime counts).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// The guest's argv[0] (default: the module's file name).
    #[arg(long, value_name = "NAME")]
    argv0: Option<String>,
    #[command(flatten)]
    engine: EngineOptions,
    /// WASI options, comma-separated: inherit-env, cli, preview2 (preview1 is what runs).
    #[arg(short = 'S', value_name = "KEY[=VAL[,..]]")]
    wasi: Vec<String>,
    /// Instantiate another module first and link it under NAME.
    #[arg(long = "preload", value_name = "NAME=MODULE_PATH")]
    preloads: Vec<String>,
    /// Define unknown imports as functions returning default values (as
    /// `-W unknown-imports-default`).
    #[arg(long)]
    default_values_unknown_imports: bool,
    /// At exit, print to stderr which functions tiering compiled (module function index,
    /// name, milliseconds after loading), which stayed interpreted and why, and the native
    /// code's size.
    #[arg(long)]
    tiering_report: bool,
    /// The module (.wasm, .wat or a `sheave compile` artifact), then the guest's arguments
    /// (`--` may separate them).
    #[arg(required = true, trailing_var_arg = true, value_name = "WASM")]
    module_and_args: Vec<String>,
}

/// The store's data: the guest's WASI context.
pub(crate) struct Host {
    #[cfg(feature = "wasi")]
    wasi: sheave_wasi::WasiCtx,
}

/// Applies one `-S` argument (named as wasmtime's; Sheave runs WASI preview1 without sockets).
fn wasi_options(spec: &str, extras: &mut Extras) -> Result<()> {
    for (name, value) in items(spec) {
        match name {
            "inherit-env" => extras.inherit_env = yes_no("-S", name, value)?,
            "cli" => extras.wasi = yes_no("-S", name, value)?,
            // wasmtime implements preview1 on top of preview2 or not; either way the guest
            // sees preview1, which is what Sheave runs.
            "preview2" => {
                yes_no("-S", name, value)?;
            }
            other => bail!("-S {other}: not supported by Sheave (WASI preview1 without sockets, nn, threads or http)"),
        }
    }
    Ok(())
}

impl RunCommand {
    fn file(&self) -> &str {
        &self.module_and_args[0]
    }

    /// The guest's arguments (a leading `--` separates them from the module, as in wasmtime).
    fn guest_args(&self) -> &[String] {
        let rest = &self.module_and_args[1..];
        if rest.first().is_some_and(|a| a == "--") { &rest[1..] } else { rest }
    }

    #[cfg(feature = "wasi")]
    fn wasi_ctx(&self, extras: &Extras) -> Result<sheave_wasi::WasiCtx> {
        use sheave_wasi::{Dir, WasiCtxBuilder, ambient_authority};
        let mut b = WasiCtxBuilder::new();
        b.stdin(Box::new(sheave_wasi::stdin())).inherit_stdout().inherit_stderr();
        let file = self.file();
        let argv0 = match &self.argv0 {
            Some(a) => a.clone(),
            None => std::path::Path::new(file).file_name().map_or(file.to_string(), |n| n.to_string_lossy().into()),
        };
        b.arg(&argv0)?;
        for a in self.guest_args() {
            b.arg(a)?;
        }
        if extras.inherit_env {
            b.inherit_env()?;
        }
        for e in &self.envs {
            match e.split_once('=') {
                Some((k, v)) => b.env(k, v)?,
                None => match std::env::var(e) {
                    Ok(v) => b.env(e, &v)?,
                    Err(_) => &mut b,
                },
            };
        }
        for d in &self.dirs {
            let (host, guest) = d.split_once("::").unwrap_or((d, d));
            let dir = Dir::open_ambient_dir(host, ambient_authority())
                .with_context(|| format!("failed to open directory {host} (--dir)"))?;
            b.preopened_dir(dir, guest)?;
        }
        Ok(b.build())
    }

    pub(crate) fn execute(&self) -> Result<ExitCode> {
        let mut extras = Extras { wasi: true, ..Extras::default() };
        for s in &self.wasi {
            wasi_options(s, &mut extras)?;
        }
        let mut config = self.engine.config(&mut extras)?;
        extras.fuel = self.fuel.or(extras.fuel);
        config.consume_fuel(extras.fuel.is_some());
        let engine = Engine::new(&config)?;
        let file = self.file();
        let module = Module::from_file(&engine, file)?;
        #[cfg(feature = "wasi")]
        let host = Host { wasi: self.wasi_ctx(&extras)? };
        #[cfg(not(feature = "wasi"))]
        let host = Host {};
        let mut store = Store::new(&engine, host);
        if let Some(f) = extras.fuel {
            store.set_fuel(f)?;
        }
        #[allow(unused_mut)]
        let mut linker: Linker<Host> = Linker::new(&engine);
        #[cfg(feature = "wasi")]
        if extras.wasi {
            sheave_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
        }
        for p in &self.preloads {
            let (name, path) = p.split_once('=').ok_or_else(|| anyhow!("--preload {p}: expected NAME=MODULE_PATH"))?;
            let m = Module::from_file(&engine, path).with_context(|| format!("failed to load --preload {name}"))?;
            linker.module(&mut store, name, &m).with_context(|| format!("failed to instantiate --preload {name}"))?;
        }
        if self.default_values_unknown_imports || extras.unknown_imports_default {
            linker.define_unknown_imports_as_default_values(&mut store, &module)?;
        }
        if extras.unknown_imports_trap {
            linker.define_unknown_imports_as_traps(&module)?;
        }
        let instance = linker.instantiate(&mut store, &module)?;
        let exported = |name: &str| module.get_export(name).is_some();
        // A reactor (no `_start`) is initialized before anything is called, as wasmtime's
        // `Linker::module` does.
        let reactor = !exported("_start") && exported("_initialize");
        let name = match &self.invoke {
            Some(n) => n.clone(),
            None if exported("_start") => "_start".to_string(),
            None if exported("") => String::new(),
            None if reactor => String::new(),
            None => bail!(
                "{file} has no `_start` export (not a WASI command), nor `_initialize` or `\"\"` (not a reactor): \
                 name a function with --invoke"
            ),
        };
        let mut calls = Vec::new();
        if reactor {
            calls.push(("_initialize".to_string(), true));
        }
        if self.invoke.is_some() || exported(&name) {
            calls.push((name, false));
        }
        let mut outcome = Ok(ExitCode::SUCCESS);
        for (name, init) in calls {
            outcome = self.call(&mut store, &instance, &name, init);
            if !matches!(outcome, Ok(ExitCode::SUCCESS)) {
                break;
            }
        }
        if self.tiering_report {
            tiering_report(&engine, &module);
        }
        outcome
    }

    /// Calls export `name` (with the command line's typed arguments when it is the invoked
    /// function) and prints its results.
    fn call(&self, store: &mut Store<Host>, instance: &sheave::Instance, name: &str, init: bool) -> Result<ExitCode> {
        let file = self.file();
        let func = instance
            .get_func(&mut *store, name)
            .ok_or_else(|| anyhow!("unknown export: no function named `{name}` in {file}"))?;
        let ty = func.ty(&*store);
        // A command's `_start` gets its arguments through WASI; an invoked function takes them typed.
        let typed_args = if self.invoke.is_some() && !init { self.guest_args() } else { &[] };
        if ty.params().len() != typed_args.len() {
            bail!("`{name}` takes {} arguments ({ty}), {} given", ty.params().len(), typed_args.len());
        }
        let params = ty.params().zip(typed_args).map(|(t, a)| parse_arg(t, a)).collect::<Result<Vec<_>>>()?;
        let mut results = vec![Val::I32(0); ty.results().len()];
        match func.call(&mut *store, &params, &mut results) {
            Ok(()) => {
                for r in results {
                    println!("{}", show(&r));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                #[cfg(feature = "wasi")]
                if let Some(exit) = e.downcast_ref::<sheave_wasi::I32Exit>() {
                    use std::io::Write;
                    let _ = std::io::stdout().flush();
                    crate::profile::print_if_on();
                    std::process::exit(exit.0);
                }
                if e.is::<sheave::ThrownException>()
                    && let Some(exn) = store.take_pending_exception()
                {
                    eprintln!("error: failed to run `{name}` in {file}: {}", describe_exception(store, instance, exn));
                    return Ok(ExitCode::from(TRAP_EXIT));
                }
                eprintln!("error: failed to run `{name}` in {file}: {e:?}");
                Ok(ExitCode::from(if e.downcast_ref::<sheave::Trap>().is_some() { TRAP_EXIT } else { 1 }))
            }
        }
    }
}

/// "uncaught wasm exception" with its tag (by export name when the instance exports it)
/// and payload.
fn describe_exception(
    store: &mut Store<Host>,
    instance: &sheave::Instance,
    exn: sheave::Rooted<sheave::ExnRef>,
) -> String {
    let Ok(tag) = exn.tag(&mut *store) else { return "uncaught wasm exception".to_string() };
    let exports: Vec<(String, sheave::Extern)> =
        instance.exports(&mut *store).map(|e| (e.name().to_string(), e.into_extern())).collect();
    let name = exports
        .iter()
        .find(|(_, e)| e.into_tag() == Some(tag))
        .map_or_else(|| format!("a tag of type {}", tag.ty(&*store).ty()), |(n, _)| format!("tag `{n}`"));
    let fields: Vec<String> = exn.fields(&mut *store).map(|f| f.map(|v| show(&v)).collect()).unwrap_or_default();
    format!("uncaught wasm exception of {name} with payload ({})", fields.join(", "))
}

fn parse_arg(ty: ValType, a: &str) -> Result<Val> {
    let bad = || format!("argument `{a}` is not a valid {ty}");
    Ok(match ty {
        ValType::I32 => Val::I32(a.parse::<i32>().or_else(|_| a.parse::<u32>().map(|v| v as i32)).with_context(bad)?),
        ValType::I64 => Val::I64(a.parse::<i64>().or_else(|_| a.parse::<u64>().map(|v| v as i64)).with_context(bad)?),
        ValType::F32 => Val::from(a.parse::<f32>().with_context(bad)?),
        ValType::F64 => Val::from(a.parse::<f64>().with_context(bad)?),
        other => bail!("arguments of type {other} cannot be given on the command line"),
    })
}

fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(*b).to_string(),
        Val::F64(b) => f64::from_bits(*b).to_string(),
        Val::FuncRef(f) => if f.is_some() { "funcref" } else { "null" }.to_string(),
        Val::ExternRef(r) => if r.is_some() { "externref" } else { "null" }.to_string(),
        Val::ExnRef(r) => if r.is_some() { "exnref" } else { "null" }.to_string(),
        Val::AnyRef(r) => if r.is_some() { "anyref" } else { "null" }.to_string(),
        Val::V128(x) => format!("{:#x}", x.as_u128()),
    }
}

/// `--tiering-report`.
fn tiering_report(engine: &sheave::Engine, module: &Module) {
    eprintln!("execution: {}", engine.execution_mode());
    let tiered = module.tiered_functions();
    let name = |f: u32| module.function_name(f).map(|n| format!(" {n}")).unwrap_or_default();
    eprintln!("tiered: {} functions, {} bytes of native code", tiered.len(), module.tiered_code_bytes());
    for (f, at) in tiered {
        eprintln!("  func {f}{} at {:.1} ms", name(f), at.as_secs_f64() * 1e3);
    }
    for (f, why) in module.interpreted_functions() {
        eprintln!("  interpreted: func {f}{}: {why}", name(f));
    }
}
