//! The `sheave` command line: `run` a module's export, `wast` spec scripts, `explore` the
//! bytecode, `--version` (names the dispatcher).

use anyhow::{Context, Result, anyhow, bail};
use sheave::{Config, Engine, Linker, Module, Store, Val, ValType};
use std::process::ExitCode;

const USAGE: &str = "usage:
  sheave run FILE [--invoke NAME] [--fuel N] [--max-wasm-stack BYTES] [ARGS...]
  sheave wast FILE...
  sheave explore FILE [--stats]
  sheave --version";

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
            println!("sheave {} (dispatcher: {})", env!("CARGO_PKG_VERSION"), sheave::DISPATCHER);
            Ok(ExitCode::SUCCESS)
        }
        Some("run") => cmd_run(&args[1..]),
        Some("wast") => cmd_wast(&args[1..]),
        Some("explore") => cmd_explore(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

fn cmd_run(args: &[String]) -> Result<ExitCode> {
    let mut config = Config::new();
    let mut invoke = None;
    let mut file = None;
    let mut rest = Vec::new();
    let mut fuel = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--invoke" => invoke = Some(it.next().ok_or_else(|| anyhow!("--invoke needs a name"))?.clone()),
            "--fuel" => fuel = Some(it.next().ok_or_else(|| anyhow!("--fuel needs a number"))?.parse::<u64>()?),
            "--max-wasm-stack" => {
                config.max_wasm_stack(it.next().ok_or_else(|| anyhow!("--max-wasm-stack needs bytes"))?.parse()?);
            }
            _ if file.is_none() => file = Some(a.clone()),
            _ => rest.push(a.clone()),
        }
    }
    let file = file.ok_or_else(|| anyhow!("missing FILE\n{USAGE}"))?;
    if fuel.is_some() {
        config.consume_fuel(true);
    }
    let engine = Engine::new(&config)?;
    let module = Module::from_file(&engine, &file)?;
    let mut store = Store::new(&engine, ());
    if let Some(f) = fuel {
        store.set_fuel(f)?;
    }
    let linker = Linker::new(&engine);
    let instance = linker.instantiate(&mut store, &module)?;
    let name = invoke.unwrap_or_else(|| "_start".to_string());
    let func = instance
        .get_func(&mut store, &name)
        .ok_or_else(|| anyhow!("unknown export: no function named `{name}` in {file}"))?;
    let ty = func.ty(&store);
    if ty.params().len() != rest.len() {
        bail!("`{name}` takes {} arguments ({ty}), {} given", ty.params().len(), rest.len());
    }
    let params = ty.params().zip(&rest).map(|(t, a)| parse_arg(t, a)).collect::<Result<Vec<_>>>()?;
    let mut results = vec![Val::I32(0); ty.results().len()];
    func.call(&mut store, &params, &mut results)?;
    for r in results {
        println!("{}", show(&r));
    }
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
        Val::V128(x) => format!("{x:#x}"),
    }
}

fn cmd_wast(files: &[String]) -> Result<ExitCode> {
    if files.is_empty() {
        bail!("missing FILE\n{USAGE}");
    }
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
    let stats = args.iter().any(|a| a == "--stats");
    let file = args.iter().find(|a| !a.starts_with("--")).ok_or_else(|| anyhow!("missing FILE\n{USAGE}"))?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, file)?;
    if !stats {
        print!("{}", module.disassemble()?);
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
