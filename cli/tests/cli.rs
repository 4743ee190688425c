//! The `sheave` command line, run as a user would: the README's main-job command (a WASI
//! example), the version line, spec scripts, the disassembler, artifacts and error reporting.

use std::process::{Command, Output};

fn sheave(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sheave"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("run sheave")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn runs_the_shipped_example() {
    let o = sheave(&["run", "--invoke", "fib", "examples/fib.wat", "20"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o).trim(), "6765");
    let o = sheave(&["run", "--invoke", "fib_iter", "examples/fib.wat", "90"]);
    assert_eq!(stdout(&o).trim(), "2880067194370816120");
}

#[test]
fn version_names_the_dispatcher() {
    let o = sheave(&["--version"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains(&format!("dispatcher: {}", sheave::DISPATCHER)), "{}", stdout(&o));
}

#[test]
fn user_errors_are_reported_not_panics() {
    for args in [
        &["run", "--invoke", "nope", "examples/fib.wat"][..],
        &["run", "--invoke", "fib", "examples/fib.wat"],
        &["run", "--invoke", "fib", "examples/fib.wat", "x"],
        &["run", "no/such/file.wasm"],
        &["run", "examples/fib.wat"],
        &["run", "--bogus", "examples/fib.wat"],
        &["compile", "no/such/file.wasm"],
    ] {
        let o = sheave(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("error:") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn fuel_limit_stops_the_run() {
    let o = sheave(&["run", "--fuel", "100", "--invoke", "fib", "examples/fib.wat", "30"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("fuel"), "{o:?}");
}

#[test]
fn wast_and_explore() {
    let dir = std::env::temp_dir().join(format!("sheave-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.wast");
    std::fs::write(
        &good,
        r#"(module (func (export "f") (result i32) (i32.const 7))) (assert_return (invoke "f") (i32.const 7))"#,
    )
    .unwrap();
    let bad = dir.join("bad.wast");
    std::fs::write(
        &bad,
        r#"(module (func (export "f") (result i32) (i32.const 7))) (assert_return (invoke "f") (i32.const 8))"#,
    )
    .unwrap();
    let o = sheave(&["wast", good.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    assert!(stdout(&o).contains("2 passed, 0 failed"), "{}", stdout(&o));
    let o = sheave(&["wast", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("1 passed, 1 failed"), "{}", stdout(&o));
    let o = sheave(&["explore", "examples/fib.wat"]);
    assert!(o.status.success());
    // The recursive calls are superinstructions: the argument's subtraction, then the call.
    assert!(stdout(&o).contains("func 0 fib") && stdout(&o).contains("i32_sub_imm_call dst="), "{}", stdout(&o));
    // The dispatch profile needs the counting build; this one says so.
    let o = sheave(&["explore", "--profile", "examples/fib.wat", "--invoke", "fib", "10"]);
    if cfg!(feature = "profile") {
        assert!(o.status.success() && String::from_utf8_lossy(&o.stderr).contains("hottest op pairs"), "{o:?}");
    } else {
        assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("`profile` feature"), "{o:?}");
    }
    let o = sheave(&["explore", "examples/fib.wat", "--func", "fib_iter"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("func 1 fib_iter") && !stdout(&o).contains("func 0"), "{}", stdout(&o));
    // Each instruction sits beside the offset of the wasm operator it came from.
    let first = stdout(&o).lines().nth(1).unwrap_or("").trim_start().to_string();
    assert!(first.starts_with("0x") && first.contains(": "), "{}", stdout(&o));
    let o = sheave(&["explore", "examples/fib.wat", "--func", "0"]);
    assert!(stdout(&o).starts_with("func 0 fib") && !stdout(&o).contains("func 1"), "{}", stdout(&o));
    assert!(!sheave(&["explore", "examples/fib.wat", "--func", "nope"]).status.success());
    let o = sheave(&["explore", "--stats", "examples/fib.wat"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("functions:          2\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("bytecode per wasm:"), "{}", stdout(&o));
    std::fs::remove_dir_all(dir).ok();
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sheave-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn wasi_wat_example_prints_writes_and_exits() {
    let dir = scratch("wat");
    let o = sheave(&["run", "--dir", &format!("{}::out", dir.display()), "examples/hello-wasi.wat", "alice", "bob"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "hello from wasm\nalice\nbob\n");
    assert_eq!(std::fs::read_to_string(dir.join("greeting.txt")).unwrap(), "written by sheave\n");
    // Without the preopen nothing is written.
    let o = sheave(&["run", "examples/hello-wasi.wat"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "hello from wasm\n"), "{o:?}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn wasi_rust_example_runs_sandboxed() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--target", "wasm32-wasip1", "--manifest-path", "examples/wasi-rust/Cargo.toml"])
        .current_dir(root)
        .output()
        .expect("run cargo");
    assert!(
        build.status.success(),
        "building the Rust WASI example failed (is the target installed? `rustup target add wasm32-wasip1`): {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let wasm = "examples/wasi-rust/target/wasm32-wasip1/release/wasi-rust.wasm";
    let dir = scratch("rust");
    let preopen = format!("{}::data", dir.display());
    let o = sheave(&["run", "--env", "GREETING=hi", "--dir", &preopen, wasm, "alice", "bob"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(stdout(&o), "hi, alice!\nhi, bob!\ngreeted 2 in all\n");
    assert_eq!(std::fs::read_to_string(dir.join("count.txt")).unwrap(), "2\n");
    // Host environment variables do not leak in; state persists in the directory.
    let o = Command::new(env!("CARGO_BIN_EXE_sheave"))
        .args(["run", "--dir", &preopen, wasm, "carol"])
        .current_dir(root)
        .env("GREETING", "leaked")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(stdout(&o), "hello, carol!\ngreeted 3 in all\n");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn traps_exit_non_zero_with_a_named_backtrace() {
    let dir = scratch("trap");
    let wat = dir.join("trap.wat");
    std::fs::write(&wat, r#"(module (func $inner unreachable) (func (export "_start") call $inner))"#).unwrap();
    let o = sheave(&["run", wat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(134), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unreachable") && err.contains("inner"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn missing_imports_are_named() {
    let dir = scratch("import");
    let wat = dir.join("import.wat");
    std::fs::write(&wat, r#"(module (import "env" "missing" (func (param i32))) (func (export "_start")))"#).unwrap();
    let o = sheave(&["run", wat.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("env") && err.contains("missing"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn compiled_artifacts_run() {
    let dir = scratch("compile");
    let out = dir.join("fib.shv");
    let o = sheave(&["compile", "examples/fib.wat", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    let o = sheave(&["run", "--invoke", "fib", out.to_str().unwrap(), "20"]);
    assert_eq!(stdout(&o).trim(), "6765", "{o:?}");
    let o = sheave(&["settings"]);
    assert!(o.status.success() && stdout(&o).contains("dispatcher:"), "{o:?}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn wasm_switches_as_wasmtime_spells_them() {
    let dir = std::env::temp_dir().join(format!("sheave-cli-w-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("m64.wat");
    std::fs::write(&file, r#"(module (memory i64 1) (func (export "f") (result i64) (i64.store (i64.const 8) (i64.const 5)) (i64.load (i64.const 8))))"#).unwrap();
    let path = file.to_str().unwrap();
    // memory64 is on by default (as in wasmtime 48); `-W memory64=n` turns it off.
    let o = sheave(&["run", "-W", "memory64=n", "--invoke", "f", path]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("memory64"), "{o:?}");
    let o = sheave(&["run", "--invoke", "f", path]);
    assert!(o.status.success(), "{o:?}");
    let o = sheave(&["run", "-W", "memory64", "--invoke", "f", path]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o).trim(), "5");
    let o = sheave(&["run", "-Wmemory64=y,tail-call=n", "--invoke", "f", path]);
    assert!(o.status.success(), "{o:?}");
    // Tail calls are on by default; `-W tail-call=n` refuses them.
    let tail = dir.join("tail.wat");
    std::fs::write(
        &tail,
        r#"(module (func $g (result i32) (i32.const 7)) (func (export "f") (result i32) (return_call $g)))"#,
    )
    .unwrap();
    let tail = tail.to_str().unwrap();
    assert_eq!(stdout(&sheave(&["run", "--invoke", "f", tail])).trim(), "7");
    let o = sheave(&["run", "-W", "tail-call=n", "--invoke", "f", tail]);
    assert!(!o.status.success(), "{o:?}");
    let o = sheave(&["run", "-W", "no-such-proposal", "--invoke", "f", tail]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown -W option"), "{o:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn uncaught_exception_prints_the_tag_and_exits_like_a_trap() {
    let dir = std::env::temp_dir().join(format!("sheave-cli-exn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("throw.wat");
    std::fs::write(
        &file,
        r#"(module (tag $oops (export "oops") (param i32)) (func (export "f") (throw $oops (i32.const 42))))"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let o = sheave(&["run", "-W", "exceptions", "--invoke", "f", path]);
    assert_eq!(o.status.code(), Some(134), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("uncaught wasm exception") && err.contains("`oops`") && err.contains("42"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sheave run` with stdin from `stdin` (a `Stdio`) and extra environment variables.
fn sheave_with(args: &[&str], stdin: std::process::Stdio, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sheave"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(stdin)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("run sheave")
}

const ECHO: &str = "cli/tests/wat/echo-args-env.wat";

#[test]
fn run_options_as_wasmtime_spells_them() {
    // argv[0] is the file name unless --argv0 says otherwise; `--` separates guest arguments.
    let o = sheave(&["run", ECHO, "a", "--b"]);
    assert_eq!(stdout(&o), "echo-args-env.wat\na\n--b\n", "{o:?}");
    let o = sheave(&["run", "--argv0", "prog", ECHO, "--", "-x"]);
    assert_eq!(stdout(&o), "prog\n-x\n", "{o:?}");
    // --env NAME=VAL sets, --env NAME passes the host's value, an unset NAME passes nothing.
    let null = std::process::Stdio::null;
    let host = [("SHEAVE_CLI_HOST_VAR", "from-host")];
    let o = sheave_with(
        &["run", "--env", "A=1", "--env", "SHEAVE_CLI_HOST_VAR", "--env", "SHEAVE_CLI_UNSET", ECHO],
        null(),
        &host,
    );
    assert_eq!(stdout(&o), "echo-args-env.wat\nA=1\nSHEAVE_CLI_HOST_VAR=from-host\n", "{o:?}");
    // -S inherit-env passes the whole host environment; without it none.
    let o = sheave_with(&["run", "-S", "inherit-env", ECHO], null(), &host);
    assert!(stdout(&o).contains("\nSHEAVE_CLI_HOST_VAR=from-host\n"), "{o:?}");
    let o = sheave_with(&["run", ECHO], null(), &host);
    assert_eq!(stdout(&o), "echo-args-env.wat\n", "{o:?}");
    let o = sheave(&["run", "-S", "tcp", ECHO]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("-S tcp: not supported"), "{o:?}");
    // -W fuel=N is --fuel N; -W max-wasm-stack=N is --max-wasm-stack N.
    let o = sheave(&["run", "-W", "fuel=100", "--invoke", "fib", "examples/fib.wat", "30"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("fuel"), "{o:?}");
    let o = sheave(&["run", "-W", "max-wasm-stack=1024", "--invoke", "fib", "examples/fib.wat", "100"]);
    assert_eq!(o.status.code(), Some(134), "{o:?}");
    let o = sheave(&["run", "-Wfuel=100000000,max-wasm-stack=1000000", "--invoke", "fib", "examples/fib.wat", "20"]);
    assert_eq!(stdout(&o).trim(), "6765", "{o:?}");
    // -C parallel-compilation, as wasmtime's.
    let o = sheave(&["run", "-C", "parallel-compilation=n", "--invoke", "fib", "examples/fib.wat", "20"]);
    assert_eq!(stdout(&o).trim(), "6765", "{o:?}");
    // --help is generated and names the options.
    let o = sheave(&["run", "--help"]);
    let help = stdout(&o);
    for opt in ["--dir", "--env", "--invoke", "--fuel", "--argv0", "-W", "-S", "-C", "--preload"] {
        assert!(help.contains(opt), "{opt} missing from:\n{help}");
    }
}

#[test]
fn preload_links_another_module_by_name() {
    let o = sheave(&[
        "run",
        "--preload",
        "lib=cli/tests/wat/preload-lib.wat",
        "--invoke",
        "f",
        "cli/tests/wat/preload-main.wat",
        "21",
    ]);
    assert_eq!(stdout(&o).trim(), "42", "{o:?}");
    let o = sheave(&["run", "--invoke", "f", "cli/tests/wat/preload-main.wat", "21"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("lib::double"), "{o:?}");
    // Unknown imports as traps (-W unknown-imports-trap): instantiation succeeds, the call traps.
    let o = sheave(&["run", "-W", "unknown-imports-trap", "--invoke", "f", "cli/tests/wat/preload-main.wat", "21"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("lib::double"), "{o:?}");
}

#[test]
fn reactors_are_initialized_then_run_their_default_export() {
    let o = sheave(&["run", "cli/tests/wat/reactor.wat"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "initialized\n"), "{o:?}");
    // --invoke on a reactor also runs `_initialize` first.
    let o = sheave(&["run", "--invoke", "get", "cli/tests/wat/reactor.wat"]);
    assert_eq!(stdout(&o).trim(), "42", "{o:?}");
}

#[test]
fn poll_oneoff_on_stdin_from_dev_null_a_pipe_or_a_file() {
    let poll = "cli/tests/wat/poll-stdin.wat";
    let o = sheave_with(&["run", poll], std::process::Stdio::null(), &[]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "ready\n"), "{o:?}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheave"))
        .args(["run", poll])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"piped").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "ready\npiped"), "{o:?}");
    let dir = scratch("poll");
    std::fs::write(dir.join("in.txt"), "from a file").unwrap();
    let file = std::fs::File::open(dir.join("in.txt")).unwrap();
    let o = sheave_with(&["run", poll], file.into(), &[]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "ready\nfrom a file"), "{o:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// `sheave wast` takes the engine switches `run` takes: a script that needs a proposal off by
/// default fails without `-W`, passes with it; run-time switches are refused, not ignored.
#[test]
fn wast_takes_the_engine_switches() {
    let dir = std::env::temp_dir().join(format!("sheave-cli-wast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("legacy.wast");
    std::fs::write(
        &script,
        r#"(module
             (tag $e (param i32))
             (func (export "caught") (result i32)
               (try (result i32)
                 (do (throw $e (i32.const 5)))
                 (catch $e))))
           (assert_return (invoke "caught") (i32.const 5))"#,
    )
    .unwrap();
    let path = script.to_str().unwrap();
    let o = sheave(&["wast", path]);
    assert!(!o.status.success(), "legacy exceptions are off by default: {o:?}");
    for switches in [&["-W", "legacy-exceptions=y"][..], &["-W", "legacy-exceptions", "--dispatch", "loop", "--lazy"]] {
        let args: Vec<&str> = ["wast"].iter().chain(switches).chain([&path]).copied().collect();
        let o = sheave(&args);
        assert!(o.status.success(), "{args:?}: {o:?}");
        assert!(stdout(&o).contains("2 passed, 0 failed"), "{}", stdout(&o));
    }
    let o = sheave(&["wast", "-W", "fuel=10", path]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("apply to `sheave run`"), "{o:?}");
    let o = sheave(&["wast", "--dispatch", "sideways", path]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("expected tail or loop"), "{o:?}");
    let help = stdout(&sheave(&["wast", "--help"]));
    for switch in ["-W <KEY", "-C <KEY", "--dispatch", "--lazy", "--max-wasm-stack"] {
        assert!(help.contains(switch), "`sheave wast --help` lacks {switch}: {help}");
    }
}

/// `(module definition)` then `(module instance)` with and without names, as the reference
/// interpreter reads them; a `thread` runs, `wait` checks it was started; a component is an
/// error naming the component model.
#[test]
fn wast_module_definitions_and_instances() {
    let dir = std::env::temp_dir().join(format!("sheave-cli-defs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("defs.wast");
    std::fs::write(
        &script,
        r#"(module definition $counter
             (global $n (mut i32) (i32.const 0))
             (func (export "bump") (result i32)
               (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))
           (module instance $a $counter)
           (module instance $b $counter)
           (assert_return (invoke $a "bump") (i32.const 1))
           (assert_return (invoke $a "bump") (i32.const 2))
           (assert_return (invoke $b "bump") (i32.const 1))
           (module definition (func (export "seven") (result i32) (i32.const 7)))
           (module instance)
           (assert_return (invoke "seven") (i32.const 7))
           (register "counter" $a)
           (module (import "counter" "bump" (func $bump (result i32)))
             (func (export "bump3") (result i32) (drop (call $bump)) (drop (call $bump)) (call $bump)))
           (assert_return (invoke "bump3") (i32.const 5))
           (thread $t (shared (module $b))
             (register "b" $b)
             (module (import "b" "bump" (func (result i32))) (func (export "go") (result i32) (call 0)))
             (assert_return (invoke "go") (i32.const 2)))
           (wait $t)
           (assert_return (invoke "bump3") (i32.const 8))"#,
    )
    .unwrap();
    let o = sheave(&["wast", script.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    assert!(stdout(&o).contains("15 passed, 0 failed"), "{}", stdout(&o));
    let bad = dir.join("unnamed.wast");
    std::fs::write(&bad, "(module instance)").unwrap();
    let o = sheave(&["wast", bad.to_str().unwrap()]);
    assert!(stdout(&o).contains("names no module and none was defined"), "{}", stdout(&o));
    let component = dir.join("component.wast");
    std::fs::write(&component, "(component)").unwrap();
    let o = sheave(&["wast", component.to_str().unwrap()]);
    assert!(!o.status.success() && stdout(&o).contains("component model"), "{}", stdout(&o));
}

#[test]
fn run_switches_tiers_and_reports_tiering() {
    // Hosts with a Cranelift backend only (on i686 both native modes are refused or fall back).
    if !cfg!(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64", target_arch = "s390x")) {
        return;
    }
    let args = |c: &str| {
        ["run", "-C", c, "--tiering-report", "--invoke", "fib", "examples/fib.wat", "15"].map(String::from).to_vec()
    };
    let run = |c: &str| sheave(&args(c).iter().map(String::as_str).collect::<Vec<_>>());
    for c in ["compiler=pulley", "compiler=cranelift", "compiler=tiered,tier-up-threshold=1,parallel-compilation=n"] {
        let o = run(c);
        assert!(o.status.success(), "{c}: {o:?}");
        assert_eq!(stdout(&o).trim(), "610", "{c}");
        let report = String::from_utf8_lossy(&o.stderr).to_string();
        let want = match c {
            "compiler=pulley" => "execution: interpreter",
            "compiler=cranelift" => "execution: cranelift",
            _ => "execution: tiered",
        };
        assert!(report.contains(want), "{c}: {report}");
        // Only tiering compiles as functions get hot: here `fib`, at its first call.
        let tiered = if c.starts_with("compiler=tiered") { "tiered: 1 functions" } else { "tiered: 0 functions" };
        assert!(report.contains(tiered), "{c}: {report}");
    }
    assert!(!run("compiler=winch").status.success());
    assert!(!run("tier-up-threshold=many").status.success());
}
