//! Other runtimes' own test scripts (`../shared/peer-wast`: wasmtime's `misc_testsuite`,
//! wasmi's `wasmi-tests`): where they are, which files there are, and how a wasmtime file's
//! `;;!` header maps to Sheave's configuration.

use sheave::Config;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the peer scripts are: `SHEAVE_PEER_WAST`, else `../shared/peer-wast` next to the
/// workspace.
pub fn peer_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHEAVE_PEER_WAST") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-wast");
    p.join("ORIGIN.md").exists().then_some(p)
}

/// The scripts to run, by name (their path under the peer folder), sorted: wasmtime's
/// `misc_testsuite` (a file of `adapted/` replaces the original of the same path: wasmtime's
/// runner registers named modules implicitly, the adapted copies say so with `register`) and
/// wasmi's tests. wasm3's regression cases are bare programs without expectations: not run.
pub fn peer_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for root in ["wasmtime/misc_testsuite", "wasmi/tests", "wasmi/memory64"] {
        let mut found = Vec::new();
        walk(&dir.join(root), &mut found);
        for p in found {
            let name = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            let adapted = dir.join("adapted").join(&name);
            out.push((name, if adapted.exists() { adapted } else { p }));
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "wast") {
            out.push(p);
        }
    }
}

/// Applies a wasmtime script's `;;! KEY = VALUE` header lines (wasmtime's test runner reads
/// them) to `config`; `Err` names the setting Sheave has no equivalent for.
pub fn apply_wasmtime_header(text: &str, config: &mut Config) -> Result<(), String> {
    for line in text.lines().take_while(|l| l.starts_with(";;")) {
        let Some(setting) = line.strip_prefix(";;!") else { continue };
        let (key, value) = setting.split_once('=').ok_or_else(|| format!("unreadable header line `{line}`"))?;
        let (key, value) = (key.trim(), value.trim());
        let on = match value {
            "true" => true,
            "false" => false,
            other => return Err(format!("header `{key} = {other}`: expected true or false")),
        };
        let lacking =
            |what: &str| if on { Err(format!("needs {what}, which Sheave does not implement")) } else { Ok(()) };
        match key {
            "bulk_memory" => {
                config.wasm_bulk_memory(on);
            }
            "reference_types" => {
                config.wasm_reference_types(on);
            }
            "simd" => {
                config.wasm_simd(on);
            }
            "relaxed_simd" => {
                config.wasm_relaxed_simd(on);
            }
            "multi_memory" => {
                config.wasm_multi_memory(on);
            }
            "memory64" => {
                config.wasm_memory64(on);
            }
            "function_references" => {
                config.wasm_function_references(on);
            }
            "exceptions" => {
                config.wasm_exceptions(on);
            }
            "legacy_exceptions" => {
                config.wasm_legacy_exceptions(on);
            }
            "custom_page_sizes" => {
                config.wasm_custom_page_sizes(on);
            }
            "tail_call" => {
                config.wasm_tail_call(on);
            }
            "wide_arithmetic" => {
                config.wasm_wide_arithmetic(on);
            }
            "extended_const" => {
                config.wasm_extended_const(on);
            }
            "multi_value" => {
                config.wasm_multi_value(on);
            }
            "gc" | "gc_types" => {
                config.wasm_gc(on);
            }
            "threads" | "shared_everything_threads" => lacking("threads (shared memories, atomics)")?,
            "stack_switching" => lacking("stack switching")?,
            k if k.starts_with("component_model") => lacking("the component model")?,
            "nan_canonicalization" => {
                if on {
                    return Err("wasmtime-only: expects NaN canonicalization, which Sheave has no setting for".into());
                }
            }
            // wasmtime runs these only on request because its memories reserve address space
            // up front; Sheave's allocate what is used, so they run (on 32-bit hosts, see
            // `host_cannot_run`).
            "hogs_memory" => {}
            // Branch hints are a custom section: Sheave validates none and ignores them.
            "branch_hinting" => {}
            other => return Err(format!("header `{other}`: a wasmtime setting Sheave has no equivalent for")),
        }
    }
    Ok(())
}

/// Scripts that allocate a memory of 4 GiB or nearly (65,535 pages and more), which a host with
/// a 32-bit address space cannot hold: the reason they are refused there, `None` elsewhere.
pub fn host_cannot_run(name: &str) -> Option<&'static str> {
    const NEEDS_4_GIB: [&str; 2] =
        ["wasmtime/misc_testsuite/big-memory-behavior.wast", "wasmtime/misc_testsuite/memory64/more-than-4gb.wast"];
    (usize::BITS < 64 && NEEDS_4_GIB.contains(&name))
        .then_some("needs a memory of about 4 GiB, which a 32-bit host cannot address")
}

/// The peer scripts left out, with the reason (`spec-tests/peer-exceptions.tsv`).
pub fn peer_exceptions() -> HashMap<String, String> {
    include_str!("../peer-exceptions.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, r)| (f.to_string(), r.to_string()))
        .collect()
}
