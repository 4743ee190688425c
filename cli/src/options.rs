//! The engine switches `run`, `compile` and `wast` share, spelled as the `wasmtime` command
//! line spells them (`-W`, `-C`), plus Sheave's own `--dispatch`, `--lazy` and
//! `--max-wasm-stack`: one definition, flattened into each command.

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use sheave::{CompilationMode, Config};

/// How to build the engine.
#[derive(Args, Debug, Default, Clone)]
pub(crate) struct EngineOptions {
    /// Wasm options, comma-separated: proposals (tail-call, simd, relaxed-simd, memory64,
    /// multi-memory, extended-const, function-references, exceptions, legacy-exceptions,
    /// wide-arithmetic, custom-page-sizes, multi-value, bulk-memory, reference-types, gc,
    /// threads) as NAME[=y|n], and fuel=N, max-wasm-stack=N, unknown-imports-trap,
    /// unknown-imports-default.
    #[arg(short = 'W', value_name = "KEY[=VAL[,..]]")]
    pub(crate) wasm: Vec<String>,
    /// Code generation options, comma-separated: compiler=tiered|cranelift|pulley (tiered,
    /// the default: start in the interpreter and compile hot functions with Cranelift;
    /// pulley: the interpreter alone), tier-up-threshold=CALLS, parallel-compilation=y|n.
    #[arg(short = 'C', value_name = "KEY[=VAL[,..]]")]
    pub(crate) codegen: Vec<String>,
    /// Maximum wasm stack in bytes (as `-W max-wasm-stack=N`).
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_wasm_stack: Option<usize>,
    /// Validate and translate each function on its first call (the default translates on
    /// first call but validates every body when the module is loaded).
    #[arg(long)]
    pub(crate) lazy: bool,
    /// The interpreter's dispatcher.
    #[arg(long, value_name = "tail|loop")]
    pub(crate) dispatch: Option<String>,
}

impl EngineOptions {
    /// The engine configuration these switches describe; the switches that are not engine
    /// settings (fuel, unknown imports) go to `extras`.
    pub(crate) fn config(&self, extras: &mut Extras) -> Result<Config> {
        let mut config = Config::new();
        for w in &self.wasm {
            wasm_switches(&mut config, w, extras)?;
        }
        for c in &self.codegen {
            codegen_options(&mut config, c)?;
        }
        if let Some(bytes) = self.max_wasm_stack.or(extras.max_wasm_stack) {
            config.max_wasm_stack(bytes);
        }
        config.consume_fuel(extras.fuel.is_some());
        if let Some(d) = &self.dispatch {
            let d = sheave::Dispatch::parse(d).ok_or_else(|| anyhow!("--dispatch {d}: expected tail or loop"))?;
            config.interpreter_dispatch(d);
        }
        if self.lazy {
            config.compilation_mode(CompilationMode::Lazy);
        }
        Ok(config)
    }
}

/// The `-W`, `-S` and `-C` options that are not engine settings.
#[derive(Default)]
pub(crate) struct Extras {
    pub(crate) fuel: Option<u64>,
    pub(crate) max_wasm_stack: Option<usize>,
    pub(crate) unknown_imports_default: bool,
    pub(crate) unknown_imports_trap: bool,
    pub(crate) inherit_env: bool,
    pub(crate) wasi: bool,
}

/// `NAME[=VALUE]` items of one comma-separated option argument, with `y` for a bare NAME.
pub(crate) fn items(spec: &str) -> impl Iterator<Item = (&str, &str)> {
    spec.split(',').filter(|s| !s.is_empty()).map(|item| item.split_once('=').unwrap_or((item, "y")))
}

pub(crate) fn yes_no(flag: &str, name: &str, value: &str) -> Result<bool> {
    match value {
        "y" | "yes" | "true" => Ok(true),
        "n" | "no" | "false" => Ok(false),
        other => bail!("{flag} {name}={other}: expected y or n"),
    }
}

/// Applies one `-W` argument (named as wasmtime's `-W` options).
pub(crate) fn wasm_switches(config: &mut Config, spec: &str, extras: &mut Extras) -> Result<()> {
    for (name, value) in items(spec) {
        let number = || value.parse::<u64>().with_context(|| format!("-W {name}={value}: expected a number"));
        match name {
            "fuel" => {
                extras.fuel = Some(number()?);
                continue;
            }
            "max-wasm-stack" => {
                extras.max_wasm_stack = Some(number()? as usize);
                continue;
            }
            "unknown-imports-default" => {
                extras.unknown_imports_default = yes_no("-W", name, value)?;
                continue;
            }
            "unknown-imports-trap" => {
                extras.unknown_imports_trap = yes_no("-W", name, value)?;
                continue;
            }
            _ => {}
        }
        let on = yes_no("-W", name, value)?;
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
            other => bail!("unknown -W option `{other}` (see `sheave help run`)"),
        };
    }
    Ok(())
}

/// Applies one `-C` argument (named as wasmtime's; `winch` is refused: Sheave has no Winch tier).
pub(crate) fn codegen_options(config: &mut Config, spec: &str) -> Result<()> {
    for (name, value) in items(spec) {
        match (name, value) {
            ("compiler", "cranelift") => config.strategy(sheave::Strategy::Cranelift),
            ("compiler", "tiered" | "auto") => config.strategy(sheave::Strategy::Auto),
            ("compiler", "pulley" | "interpreter") => config.strategy(sheave::Strategy::Winch),
            ("compiler", other) => {
                bail!("-C compiler={other}: expected tiered (the default), cranelift or pulley (the interpreter alone)")
            }
            ("tier-up-threshold", v) => config.tier_up_threshold(
                v.parse().map_err(|_| anyhow!("-C tier-up-threshold={v}: expected a number of calls"))?,
            ),
            ("parallel-compilation", v) => config.parallel_compilation(yes_no("-C", name, v)?),
            (other, _) => bail!("unknown -C option `{other}` (see `sheave help run`)"),
        };
    }
    Ok(())
}
