//! The `sheave` command line (conventions of the `wasmtime` CLI): `run` a WASI command, a
//! reactor or a module's export, `compile` to a precompiled artifact, `wast` spec scripts,
//! `explore` the bytecode, `settings`, `--version` (names the dispatcher).

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use sheave::{Config, Engine, Module};
use std::process::ExitCode;

mod options;
mod profile;
mod run;

/// An interpreter-first WebAssembly runtime (the `wasmtime` command line's conventions).
#[derive(Parser, Debug)]
#[command(name = "sheave", disable_version_flag = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Run(run::RunCommand),
    /// Compile a module to a precompiled artifact (`sheave run` runs it).
    Compile {
        #[command(flatten)]
        engine: options::EngineOptions,
        /// Where to write the artifact (default: FILE with extension `.shv`).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<String>,
        /// The module.
        file: String,
    },
    /// Run spec test scripts (.wast), as `wasmtime wast` does: every directive of the official
    /// testsuite's format, the `spectest` host module; `-W`, `-C`, `--dispatch`, `--lazy`
    /// configure the engine (the defaults are the suite's root: Wasm 3.0).
    Wast {
        #[command(flatten)]
        engine: options::EngineOptions,
        /// The scripts.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// Disassemble a module's bytecode (`--func NAME|INDEX`, `--stats`), or with `--profile
    /// [RUN OPTIONS] FILE [--invoke NAME] [ARGS...]` run it and print dispatched-op counts
    /// (needs a build with the `profile` feature).
    Explore {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Print the engine's settings, the dispatchers and tiers of this build.
    Settings,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if matches!(args.get(1).map(String::as_str), Some("--version" | "-V")) {
        let others: Vec<&str> = sheave::Dispatch::available()[1..].iter().map(|d| d.short_name()).collect();
        let also = if others.is_empty() { String::new() } else { format!("; also: {}", others.join(", ")) };
        let execution = sheave::Engine::default().execution_mode();
        println!(
            "sheave {} (execution: {execution}; dispatcher: {}{also})",
            env!("CARGO_PKG_VERSION"),
            sheave::DISPATCHER
        );
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Run(r) => r.execute(),
        Command::Compile { engine, output, file } => cmd_compile(&engine, output, &file),
        Command::Wast { engine, files } => cmd_wast(&engine, &files),
        Command::Explore { args } => cmd_explore(&args),
        Command::Settings => cmd_settings(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:?}");
            ExitCode::FAILURE
        }
    }
}

/// `sheave run` with these arguments (for `explore --profile`).
#[cfg_attr(not(feature = "profile"), allow(dead_code))]
pub(crate) fn cmd_run(args: &[String]) -> Result<ExitCode> {
    #[derive(Parser)]
    struct Run {
        #[command(flatten)]
        run: run::RunCommand,
    }
    let parsed =
        Run::try_parse_from(std::iter::once("sheave explore --profile".to_string()).chain(args.iter().cloned()))?;
    parsed.run.execute()
}

fn cmd_compile(options: &options::EngineOptions, out: Option<String>, file: &str) -> Result<ExitCode> {
    let config = engine_only(options, "compile")?;
    let out = out.unwrap_or_else(|| std::path::Path::new(file).with_extension("shv").to_string_lossy().into_owned());
    let engine = Engine::new(&config)?;
    let module = Module::from_file(&engine, file)?;
    std::fs::write(&out, module.serialize()?).with_context(|| format!("failed to write {out}"))?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_settings() -> Result<ExitCode> {
    let engine = Engine::default();
    println!("dispatcher: {}", engine.config().get_interpreter_dispatch().name());
    let available: Vec<&str> = sheave::Dispatch::available().iter().map(|d| d.short_name()).collect();
    println!("dispatchers in this build: {}", available.join(", "));
    println!("execution: {} (-C compiler=tiered|pulley|cranelift)", engine.execution_mode());
    match sheave::native_isa() {
        Some(isa) => println!("cranelift tier: built (-C compiler=cranelift), for {isa}"),
        None => println!("cranelift tier: not built"),
    }
    println!("wasi: {}", if cfg!(feature = "wasi") { "preview1 (wasi-common, cap-std)" } else { "not built" });
    println!("config: {:#?}", engine.config());
    Ok(ExitCode::SUCCESS)
}

/// The engine configuration of a command that runs no program of its own (`compile`,
/// `wast`): the run-time switches (fuel, unknown imports) are refused rather than ignored.
fn engine_only(options: &options::EngineOptions, command: &str) -> Result<Config> {
    let mut extras = options::Extras::default();
    let config = options.config(&mut extras)?;
    if extras.fuel.is_some() || extras.unknown_imports_default || extras.unknown_imports_trap {
        bail!("-W fuel and -W unknown-imports-* apply to `sheave run`, not to `sheave {command}`");
    }
    Ok(config)
}

fn cmd_wast(options: &options::EngineOptions, files: &[String]) -> Result<ExitCode> {
    let config = engine_only(options, "wast")?;
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
            "--func" => func = Some(it.next().context("--func needs a name or index")?.clone()),
            flag if flag.starts_with("--") => bail!("unknown option {flag} (see `sheave explore --help`)"),
            _ => file = Some(a.clone()),
        }
    }
    let Some(file) = file else { bail!("missing FILE (see `sheave explore --help`)") };
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
