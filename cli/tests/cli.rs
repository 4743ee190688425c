//! The `sheave` command line, run as a user would: the README's main-job command, the
//! version line, spec scripts, the disassembler and error reporting.

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
    let o = sheave(&["run", "examples/fib.wat", "--invoke", "fib", "20"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o).trim(), "6765");
    let o = sheave(&["run", "examples/fib.wat", "--invoke", "fib_iter", "90"]);
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
        &["run", "examples/fib.wat", "--invoke", "nope"][..],
        &["run", "examples/fib.wat", "--invoke", "fib"],
        &["run", "examples/fib.wat", "--invoke", "fib", "x"],
        &["run", "no/such/file.wasm"],
    ] {
        let o = sheave(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("error:") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn fuel_limit_stops_the_run() {
    let o = sheave(&["run", "--fuel", "100", "examples/fib.wat", "--invoke", "fib", "30"]);
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
    assert!(stdout(&o).contains("func 0 fib") && stdout(&o).contains("call func=0"), "{}", stdout(&o));
    let o = sheave(&["explore", "--stats", "examples/fib.wat"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("functions:          2\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("bytecode per wasm:"), "{}", stdout(&o));
    std::fs::remove_dir_all(dir).ok();
}
