//! Runs the official spec testsuite: every file must pass, except the files listed in
//! `skip.tsv`, which are skipped with the reason (the features they need are not implemented yet).
//! Prints one line per file and `N passed, N failed, N skipped` (directives).
//! `--json PATH` writes per-file results.

use sheave::{CompilationMode, Config};
use sheave_spec_tests::{run_file, skip_list, testsuite_dir};
use std::fmt::Write;

fn main() {
    // Run on a spawned thread so `RUST_MIN_STACK` sets its stack: CI runs the suite under a
    // small stack so that a handler which stops tail-calling overflows and fails. Native code
    // (the Cranelift tier) runs on the host stack, up to `max_wasm_stack` (512 KiB) of it, so
    // that configuration gets a stack with room for it.
    let mut thread = std::thread::Builder::new();
    if sheave_spec_tests::strategy_from_env(&mut Config::new()).1 {
        thread = thread.stack_size(8 << 20);
    }
    let code = thread.spawn(run).expect("spawn").join().unwrap_or(101);
    std::process::exit(code);
}

/// What a folder of the suite changes in the configuration.
type Tweak = fn(&mut Config);

fn run() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    let json_path = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1).cloned());
    let filter: Vec<&String> =
        args.iter().skip(1).filter(|a| !a.starts_with("--") && Some(*a) != json_path.as_ref()).collect();
    let Some(dir) = testsuite_dir() else {
        eprintln!("spec testsuite not found: set SHEAVE_TESTSUITE or add spec-tests/testsuite");
        return 1;
    };
    let skips = skip_list();
    // The root (Wasm 3.0), then the folders of proposals Sheave runs, each with its switch on
    // (a proposal's folder holds the root files it changes), then the legacy exceptions.
    let folders: [(&str, Tweak); 4] = [
        ("", |_| {}),
        ("proposals/wide-arithmetic", |c| {
            c.wasm_wide_arithmetic(true);
        }),
        ("proposals/custom-page-sizes", |c| {
            c.wasm_custom_page_sizes(true);
        }),
        ("legacy", |c| {
            c.wasm_legacy_exceptions(true);
        }),
    ];
    let mut files: Vec<(String, std::path::PathBuf, Tweak)> = Vec::new();
    for (folder, tweak) in folders {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join(folder))
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "wast"));
        paths.sort();
        for p in paths {
            let file = p.file_name().unwrap().to_string_lossy().to_string();
            let name = if folder.is_empty() { file } else { format!("{folder}/{file}") };
            files.push((name, p, tweak));
        }
    }
    for listed in skips.keys() {
        if !dir.join(listed).exists() {
            println!("warning: skip list names {listed}, which this testsuite does not have");
        }
    }
    // The suite's root is Wasm 3.0: the defaults (wasmtime 48's) have every proposal of it
    // that Sheave implements on.
    let mut config = Config::new();
    config.wasm_gc(true);
    // `SHEAVE_GC_ZEAL=1`: every allocation collects first (finds roots the stack maps miss).
    if std::env::var("SHEAVE_GC_ZEAL").is_ok_and(|v| v == "1") {
        config.gc_zeal(true);
        println!("gc zeal: on");
    }
    // The default compilation mode is lazy translation: every module runs through the lazy
    // stubs (validation stays eager, so `assert_invalid` still applies to `Module::new`).
    // `SHEAVE_COMPILATION_MODE=eager` translates every body in `Module::new` instead.
    match std::env::var("SHEAVE_COMPILATION_MODE").as_deref() {
        Ok("eager") => {
            config.compilation_mode(CompilationMode::Eager);
        }
        Ok("lazy-translation") | Err(_) => {}
        Ok(other) => panic!("SHEAVE_COMPILATION_MODE={other}: expected eager or lazy-translation"),
    }
    // `SHEAVE_DISPATCH=loop|tail` picks the interpreter's dispatcher (default: this build's).
    if let Ok(name) = std::env::var("SHEAVE_DISPATCH") {
        let d =
            sheave::Dispatch::parse(&name).unwrap_or_else(|| panic!("SHEAVE_DISPATCH={name}: expected tail or loop"));
        config.interpreter_dispatch(d);
    }
    let (strategy, _) = sheave_spec_tests::strategy_from_env(&mut config);
    println!("strategy: {strategy}, dispatcher: {}", config.get_interpreter_dispatch().name());
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    let mut json = String::from("[\n");
    for (name, path, tweak) in files {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        if let Some(reason) = skips.get(&name) {
            let n = count_directives(&path);
            skipped += n;
            println!("skip {name}: {reason} ({n} directives)");
            let _ = writeln!(
                json,
                "  {{\"file\": \"{name}\", \"status\": \"skipped\", \"reason\": \"{reason}\", \"skipped\": {n}}},"
            );
            continue;
        }
        let mut file_config = config.clone();
        tweak(&mut file_config);
        match run_file(&path, &file_config) {
            Ok(o) => {
                passed += o.passed;
                failed += o.failed();
                skipped += o.skipped;
                let total = o.passed + o.failed();
                let status = if o.failed() == 0 { "ok" } else { "FAIL" };
                println!("{status:4} {name}: {}/{total}", o.passed);
                for f in o.failures.iter().take(10) {
                    println!("     {f}");
                }
                let _ = writeln!(
                    json,
                    "  {{\"file\": \"{name}\", \"status\": \"{status}\", \"passed\": {}, \"failed\": {}, \"skipped\": {}}},",
                    o.passed,
                    o.failed(),
                    o.skipped
                );
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {name}: {e:#}");
                let _ = writeln!(json, "  {{\"file\": \"{name}\", \"status\": \"error\"}},");
            }
        }
    }
    if json.ends_with(",\n") {
        json.truncate(json.len() - 2);
        json.push('\n');
    }
    json.push(']');
    if let Some(p) = json_path {
        std::fs::write(&p, json).expect("write json");
    }
    // Under `Strategy::Cranelift`: which functions stayed in the interpreter, and why. A SIMD
    // op among the reasons fails the run (every SIMD op has a native lowering).
    let left = sheave_spec_tests::left_interpreted();
    let mut simd_left = false;
    if strategy == "cranelift" {
        let total: usize = left.iter().map(|(_, n)| n).sum();
        let reasons: Vec<String> = left.iter().map(|(why, n)| format!("{why} {n}")).collect();
        println!("functions left to the interpreter: {total} ({})", reasons.join(", "));
        for (why, n) in &left {
            if sheave_spec_tests::is_simd_op(why) {
                println!("FAIL {n} functions left to the interpreter by SIMD op {why}");
                simd_left = true;
            }
        }
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    i32::from(failed > 0 || simd_left)
}

/// Directive count of a skipped file (top-level forms other than modules are directives too).
fn count_directives(path: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lexer = wast::lexer::Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let Ok(buf) = wast::parser::ParseBuffer::new_with_lexer(lexer) else {
        return 0;
    };
    wast::parser::parse::<wast::Wast>(&buf).map(|w| w.directives.len()).unwrap_or(0)
}
