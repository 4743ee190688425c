//! Runs other runtimes' own test scripts (`../shared/peer-wast`: wasmtime's `misc_testsuite`,
//! wasmi's tests) as their runners do: a wasmtime file's `;;!` header sets the configuration
//! (a setting Sheave has no equivalent for refuses the file, with the reason), wasmi's
//! `wasmitest` host module is defined, and `peer-exceptions.tsv` lists the files left out.
//! Every other file must pass. `SHEAVE_STRATEGY=cranelift` runs them under the Cranelift tier.
//! Prints one line per file that is not run or fails, then the counts.

use sheave::Config;
use sheave_spec_tests::peers::{apply_wasmtime_header, host_cannot_run, peer_dir, peer_exceptions, peer_files};
use sheave_spec_tests::run_file;

fn main() {
    // Native code runs on the host stack (up to `max_wasm_stack`): give it room, as spec.rs.
    let code = std::thread::Builder::new().stack_size(8 << 20).spawn(run).expect("spawn").join().unwrap_or(101);
    std::process::exit(code);
}

fn run() -> i32 {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = peer_dir() else {
        println!(
            "peer scripts not found (set SHEAVE_PEER_WAST or put shared/peer-wast beside the workspace): nothing run"
        );
        return 0;
    };
    let mut config = Config::new();
    println!("strategy: {}", sheave_spec_tests::strategy_from_env(&mut config).0);
    // `SHEAVE_GC_ZEAL=1`: every allocation collects first (finds roots the stack maps miss).
    if std::env::var("SHEAVE_GC_ZEAL").is_ok_and(|v| v == "1") {
        config.gc_zeal(true);
        println!("gc zeal: on");
    }
    let exceptions = peer_exceptions();
    let files = peer_files(&dir);
    for listed in exceptions.keys() {
        if !files
            .iter()
            .any(|(name, _)| if listed.ends_with('/') { name.starts_with(listed.as_str()) } else { name == listed })
        {
            println!("warning: peer-exceptions.tsv names {listed}, which the peer folder does not have");
        }
    }
    let (mut files_run, mut files_left, mut files_failed) = (0, 0, 0);
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    for (name, path) in files {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let excepted =
            exceptions.iter().find(|(f, _)| if f.ends_with('/') { name.starts_with(f.as_str()) } else { **f == name });
        if let Some((_, reason)) = excepted {
            println!("leave {name}: {reason}");
            files_left += 1;
            continue;
        }
        let mut file_config = config.clone();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let refused = match host_cannot_run(&name) {
            Some(reason) => Err(reason.to_string()),
            None if name.starts_with("wasmtime/") => apply_wasmtime_header(&text, &mut file_config),
            None => Ok(()),
        };
        if let Err(reason) = refused {
            println!("refuse {name}: {reason}");
            files_left += 1;
            continue;
        }
        // wasmi's runner turns on every proposal wasmi has, wide arithmetic included.
        if name.starts_with("wasmi/") {
            file_config.wasm_wide_arithmetic(true);
        }
        files_run += 1;
        match run_file(&path, &file_config) {
            Ok(o) => {
                passed += o.passed;
                skipped += o.skipped;
                failed += o.failed();
                if o.failed() > 0 {
                    files_failed += 1;
                    println!("FAIL {name}: {}/{}", o.passed, o.passed + o.failed());
                    for line in o.failures.iter().take(5) {
                        println!("     {line}");
                    }
                }
            }
            Err(e) => {
                files_failed += 1;
                failed += 1;
                println!("FAIL {name}: {e:#}");
            }
        }
    }
    println!(
        "peer scripts: {files_run} files run ({files_failed} failing), {files_left} left out; \
         {passed} passed, {failed} failed, {skipped} skipped (directives)"
    );
    i32::from(failed > 0)
}
