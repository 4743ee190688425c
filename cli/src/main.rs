//! The `sheave` command line (conventions of the `wasmtime` CLI): `run` a WASI command or a
//! module's export, `compile` to a precompiled artifact, `wast` spec scripts, `explore` the
//! bytecode, `settings`, `--version` (names the dispatcher).

use anyhow::{Context, Result, anyhow, bail};
use sheave::{CompilationMode, Config, Engine, Linker, Module, Store, Val, ValType};
use std::process::ExitCode;

const USAGE: &str = "usage:
  sheave run [--dir HOST[::GUEST]]... [--env K=V]... [--invoke NAME] [--fuel N]
             [--max-wasm-stack BYTES] [--lazy] [--dispatch tail|loop] [-W NAME[=y|n],...]...
             [-C compiler=cranelift|pulley] [--default-values-unknown-imports] FILE [ARGS...]
  sheave compile [-W NAME[=y|n],...]... [-C compiler=cranelift|pulley] FILE -o OUT
  (-W switches a proposal as wasmtime's -W does: tail-call, multi-memory, memory64,
   extended-const, wide-arithmetic, simd, relaxed-simd, function-references, exceptions,
   legacy-exceptions, custom-page-sizes, gc, threads; -C compiler=cranelift runs the
   Cranelift tier on x86-64, aarch64, riscv64 and s390x hosts, as wasmtime's -C does)
  sheave wast FILE...
  sheave explore FILE [--func NAME|INDEX] [--stats]
  sheave explore --profile [RUN OPTIONS] FILE [--invoke NAME] [ARGS...]
    (runs as `sheave run`, then prints dispatched-op counts and the hottest op pairs;
     needs a build with the `profile` feature)
  sheave settings
  sheave --version";

mod profile;

/// Exit status of a trapped guest (as wasmtime: 128 + SIGABRT).
const TRAP_EXIT: u8 = 134;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:?}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode> {
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            let others: Vec<&str> = sheave::Dispatch::available()[1..].iter().map(|d| d.short_name()).collect();
            let also = if others.is_empty() { String::new() } else { format!("; also: {}", others.join(", ")) };
            println!("sheave {} (dispatcher: {}{also})", env!("CARGO_PKG_VERSION"), sheave::DISPATCHER);
            Ok(ExitCode::SUCCESS)
        }
        Some("run") => cmd_run(&args[1..]),
        Some("compile") => cmd_compile(&args[1..]),
        Some("wast") => cmd_wast(&args[1..]),
        Some("explore") => cmd_explore(&args[1..]),
        Some("settings") => cmd_settings(),
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

/// What `sheave run` was asked to do.
#[derive(Default)]
struct RunOptions {
    dirs: Vec<(String, String)>,
    env: Vec<(String, String)>,
    invoke: Option<String>,
    fuel: Option<u64>,
    max_wasm_stack: Option<usize>,
    lazy: bool,
    dispatch: Option<sheave::Dispatch>,
    default_unknown_imports: bool,
    /// `-W` switches, applied in order.
    wasm: Vec<String>,
    /// `-C` options, applied in order.
    codegen: Vec<String>,
    file: String,
    /// After FILE: the guest's arguments (or the invoked function's).
    args: Vec<String>,
}

fn parse_run(args: &[String]) -> Result<RunOptions> {
    let mut o = RunOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| it.next().cloned().ok_or_else(|| anyhow!("{a} needs {what}"));
        match a.as_str() {
            "--dir" => {
                let v = value("a directory")?;
                let (host, guest) = v.split_once("::").map_or((v.as_str(), v.as_str()), |(h, g)| (h, g));
                o.dirs.push((host.to_string(), guest.to_string()));
            }
            "--env" => {
                let v = value("K=V")?;
                let (k, val) = v.split_once('=').ok_or_else(|| anyhow!("--env needs K=V, got `{v}`"))?;
                o.env.push((k.to_string(), val.to_string()));
            }
            "--invoke" => o.invoke = Some(value("a function name")?),
            "--fuel" => o.fuel = Some(value("a number")?.parse().context("--fuel needs a number")?),
            "--max-wasm-stack" => {
                o.max_wasm_stack = Some(value("bytes")?.parse().context("--max-wasm-stack needs a number")?)
            }
            "--lazy" => o.lazy = true,
            "--default-values-unknown-imports" => o.default_unknown_imports = true,
            "--dispatch" => {
                let v = value("tail or loop")?;
                o.dispatch =
                    Some(sheave::Dispatch::parse(&v).ok_or_else(|| anyhow!("--dispatch {v}: expected tail or loop"))?);
            }
            "-W" => o.wasm.push(value("NAME[=y|n]")?),
            w if w.starts_with("-W") => o.wasm.push(w[2..].to_string()),
            "-C" => o.codegen.push(value("NAME=VALUE")?),
            c if c.starts_with("-C") => o.codegen.push(c[2..].to_string()),
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            file => {
                o.file = file.to_string();
                o.args = it.cloned().collect();
                return Ok(o);
            }
        }
    }
    bail!("missing FILE\n{USAGE}")
}

/// The store's data: the guest's WASI context.
struct Host {
    #[cfg(feature = "wasi")]
    wasi: sheave_wasi::WasiCtx,
}

#[cfg(feature = "wasi")]
fn wasi_ctx(o: &RunOptions) -> Result<sheave_wasi::WasiCtx> {
    use sheave_wasi::{Dir, WasiCtxBuilder, ambient_authority};
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio();
    let argv0 = std::path::Path::new(&o.file).file_name().map_or(o.file.clone(), |n| n.to_string_lossy().into());
    b.arg(&argv0)?;
    for a in &o.args {
        b.arg(a)?;
    }
    for (k, v) in &o.env {
        b.env(k, v)?;
    }
    for (host, guest) in &o.dirs {
        let dir = Dir::open_ambient_dir(host, ambient_authority())
            .with_context(|| format!("failed to open directory {host} (--dir)"))?;
        b.preopened_dir(dir, guest)?;
    }
    Ok(b.build())
}

fn cmd_run(args: &[String]) -> Result<ExitCode> {
    let o = parse_run(args)?;
    let mut config = Config::new();
    if let Some(bytes) = o.max_wasm_stack {
        config.max_wasm_stack(bytes);
    }
    config.consume_fuel(o.fuel.is_some());
    if let Some(d) = o.dispatch {
        config.interpreter_dispatch(d);
    }
    if o.lazy {
        config.compilation_mode(CompilationMode::Lazy);
    }
    for w in &o.wasm {
        wasm_switches(&mut config, w)?;
    }
    for c in &o.codegen {
        codegen_options(&mut config, c)?;
    }
    let engine = Engine::new(&config)?;
    let module = Module::from_file(&engine, &o.file)?;
    #[cfg(feature = "wasi")]
    let host = Host { wasi: wasi_ctx(&o)? };
    #[cfg(not(feature = "wasi"))]
    let host = Host {};
    let mut store = Store::new(&engine, host);
    if let Some(f) = o.fuel {
        store.set_fuel(f)?;
    }
    #[allow(unused_mut)]
    let mut linker: Linker<Host> = Linker::new(&engine);
    #[cfg(feature = "wasi")]
    sheave_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
    if o.default_unknown_imports {
        linker.define_unknown_imports_as_default_values(&mut store, &module)?;
    }
    let instance = linker.instantiate(&mut store, &module)?;
    let name = match &o.invoke {
        Some(n) => n.clone(),
        None if module.get_export("_start").is_some() => "_start".to_string(),
        None => bail!("{} has no `_start` export (not a WASI command): name a function with --invoke", o.file),
    };
    let func = instance
        .get_func(&mut store, &name)
        .ok_or_else(|| anyhow!("unknown export: no function named `{name}` in {}", o.file))?;
    let ty = func.ty(&store);
    // A command's `_start` gets its arguments through WASI; an invoked function takes them typed.
    let typed_args = if o.invoke.is_some() { o.args.as_slice() } else { &[] };
    if ty.params().len() != typed_args.len() {
        bail!("`{name}` takes {} arguments ({ty}), {} given", ty.params().len(), typed_args.len());
    }
    let params = ty.params().zip(typed_args).map(|(t, a)| parse_arg(t, a)).collect::<Result<Vec<_>>>()?;
    let mut results = vec![Val::I32(0); ty.results().len()];
    match func.call(&mut store, &params, &mut results) {
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
                profile::print_if_on();
                std::process::exit(exit.0);
            }
            if e.is::<sheave::ThrownException>()
                && let Some(exn) = store.take_pending_exception()
            {
                eprintln!(
                    "error: failed to run `{name}` in {}: {}",
                    o.file,
                    describe_exception(&mut store, &instance, exn)
                );
                return Ok(ExitCode::from(TRAP_EXIT));
            }
            eprintln!("error: failed to run `{name}` in {}: {e:?}", o.file);
            Ok(ExitCode::from(if e.downcast_ref::<sheave::Trap>().is_some() { TRAP_EXIT } else { 1 }))
        }
    }
}

/// Applies one `-W` argument: comma-separated `NAME[=y|n]` proposal switches, named as
/// wasmtime's `-W` options.
fn wasm_switches(config: &mut Config, spec: &str) -> Result<()> {
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let (name, value) = item.split_once('=').unwrap_or((item, "y"));
        let on = match value {
            "y" | "yes" | "true" => true,
            "n" | "no" | "false" => false,
            other => bail!("-W {name}={other}: expected y or n"),
        };
        match name {
            "tail-call" => config.wasm_tail_call(on),
            "multi-memory" => config.wasm_multi_memory(on),
            "memory64" => config.wasm_memory64(on),
            "extended-const" => config.wasm_extended_const(on),
            "wide-arithmetic" => config.wasm_wide_arithmetic(on),
            "simd" => config.wasm_simd(on),
            "relaxed-simd" => config.wasm_relaxed_simd(on),
            "function-references" => config.wasm_function_references(on),
            "exceptions" => config.wasm_exceptions(on),
            "legacy-exceptions" => config.wasm_legacy_exceptions(on),
            "custom-page-sizes" => config.wasm_custom_page_sizes(on),
            "gc" => config.wasm_gc(on),
            "threads" => config.wasm_threads(on),
            "multi-value" => config.wasm_multi_value(on),
            "bulk-memory" => config.wasm_bulk_memory(on),
            "reference-types" => config.wasm_reference_types(on),
            other => bail!("unknown -W option `{other}`\n{USAGE}"),
        };
    }
    Ok(())
}

/// Applies one `-C` argument: comma-separated `NAME=VALUE` code generation options, named as
/// wasmtime's (`compiler=cranelift|pulley`; `winch` is refused: Sheave has no Winch tier).
fn codegen_options(config: &mut Config, spec: &str) -> Result<()> {
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let (name, value) = item.split_once('=').ok_or_else(|| anyhow!("-C {item}: expected NAME=VALUE"))?;
        match (name, value) {
            ("compiler", "cranelift") => config.strategy(sheave::Strategy::Cranelift),
            ("compiler", "pulley" | "interpreter" | "auto") => config.strategy(sheave::Strategy::Auto),
            ("compiler", other) => bail!("-C compiler={other}: expected cranelift or pulley (the interpreter)"),
            (other, _) => bail!("unknown -C option `{other}`\n{USAGE}"),
        };
    }
    Ok(())
}

/// "uncaught wasm exception" with its tag (by export name when the instance exports it)
/// and payload.
fn describe_exception(store: &mut Store<Host>, instance: &sheave::Instance, exn: sheave::ExnRef) -> String {
    let Ok(tag) = exn.tag(&*store) else { return "uncaught wasm exception".to_string() };
    let exports: Vec<(String, sheave::Extern)> = instance.exports(&mut *store).collect();
    let name = exports
        .iter()
        .find(|(_, e)| e.into_tag() == Some(tag))
        .map_or_else(|| format!("a tag of type {}", tag.ty(&*store).ty()), |(n, _)| format!("tag `{n}`"));
    let fields: Vec<String> = exn.fields(&*store).map(|f| f.map(|v| show(&v)).collect()).unwrap_or_default();
    format!("uncaught wasm exception of {name} with payload ({})", fields.join(", "))
}

fn cmd_compile(args: &[String]) -> Result<ExitCode> {
    let (mut file, mut out) = (None, None);
    let mut config = Config::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => out = Some(it.next().ok_or_else(|| anyhow!("-o needs a path"))?.clone()),
            "-W" => wasm_switches(&mut config, it.next().ok_or_else(|| anyhow!("-W needs NAME[=y|n]"))?)?,
            w if w.starts_with("-W") => wasm_switches(&mut config, &w[2..])?,
            "-C" => codegen_options(&mut config, it.next().ok_or_else(|| anyhow!("-C needs NAME=VALUE"))?)?,
            c if c.starts_with("-C") => codegen_options(&mut config, &c[2..])?,
            _ if file.is_none() => file = Some(a.clone()),
            other => bail!("unexpected argument `{other}`\n{USAGE}"),
        }
    }
    let file = file.ok_or_else(|| anyhow!("missing FILE\n{USAGE}"))?;
    let out = out.unwrap_or_else(|| {
        let p = std::path::Path::new(&file);
        p.with_extension("shv").to_string_lossy().into_owned()
    });
    let engine = Engine::new(&config)?;
    let module = Module::from_file(&engine, &file)?;
    std::fs::write(&out, module.serialize()?).with_context(|| format!("failed to write {out}"))?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_settings() -> Result<ExitCode> {
    let engine = Engine::default();
    println!("dispatcher: {}", engine.config().get_interpreter_dispatch().name());
    let available: Vec<&str> = sheave::Dispatch::available().iter().map(|d| d.short_name()).collect();
    println!("dispatchers in this build: {}", available.join(", "));
    println!("tier: {}", if engine.is_pulley() { "interpreter (register bytecode)" } else { "native" });
    match sheave::native_isa() {
        Some(isa) => println!("cranelift tier: built (-C compiler=cranelift), for {isa}"),
        None => println!("cranelift tier: not built"),
    }
    println!("wasi: {}", if cfg!(feature = "wasi") { "preview1 (wasi-common, cap-std)" } else { "not built" });
    println!("config: {:#?}", engine.config());
    Ok(ExitCode::SUCCESS)
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
        Val::V128(x) => format!("{:#x}", x.as_u128()),
    }
}

fn cmd_wast(files: &[String]) -> Result<ExitCode> {
    if files.is_empty() {
        bail!("missing FILE\n{USAGE}");
    }
    // As the spec runner: the defaults cover the suite's root (Wasm 3.0 but GC).
    let config = Config::new();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for f in files {
        let o = sheave_spec_tests::run_file(std::path::Path::new(f), &config)?;
        let status = if o.failed() == 0 { "ok" } else { "FAIL" };
        println!("{status:4} {f}: {}/{}", o.passed, o.passed + o.failed());
        for line in &o.failures {
            println!("     {line}");
        }
        passed += o.passed;
        failed += o.failed();
        skipped += o.skipped;
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn cmd_explore(args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "--profile") {
        return profile::run(args);
    }
    let (mut file, mut func, mut stats) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--stats" => stats = true,
            "--func" => func = Some(it.next().ok_or_else(|| anyhow!("--func needs a name or index"))?.clone()),
            flag if flag.starts_with("--") => bail!("unknown option {flag}\n{USAGE}"),
            _ => file = Some(a.clone()),
        }
    }
    let file = file.ok_or_else(|| anyhow!("missing FILE\n{USAGE}"))?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &file)?;
    if !stats {
        let text = module.disassemble()?;
        let Some(want) = func else {
            print!("{text}");
            return Ok(ExitCode::SUCCESS);
        };
        // Each function's listing starts with `func INDEX NAME (...`.
        let mut found = false;
        let mut keep = false;
        for line in text.lines() {
            if let Some(head) = line.strip_prefix("func ") {
                let mut words = head.split(' ');
                let (index, name) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                keep = index == want || name == want;
                found |= keep;
            }
            if keep {
                println!("{line}");
            }
        }
        if !found {
            bail!("{file} defines no function named or numbered `{want}`");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let s = module.code_stats()?;
    let bytes = s.bytecode_words * 4;
    let per = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    println!("functions:          {}", s.functions);
    println!("wasm body bytes:    {}", s.wasm_body_bytes);
    println!("bytecode bytes:     {bytes} ({} words)", s.bytecode_words);
    println!("bytecode per wasm:  {:.2} bytes/byte", per(bytes, s.wasm_body_bytes));
    println!("instructions:       {} ({:.2} words each)", s.instructions, per(s.bytecode_words, s.instructions));
    println!("frame slots:        {} ({:.1} per function)", s.frame_slots, per(s.frame_slots, s.functions));
    Ok(ExitCode::SUCCESS)
}
