//! The runner itself: directives that hold pass, and each kind of wrong expectation is
//! reported as a failure (a runner that cannot fail would make the spec suite meaningless).

use sheave::Config;
use sheave_spec_tests::{Outcome, run_script, skip_list};
use std::path::Path;

const MODULE: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "rec") (call 3)))"#;

fn run(directives: &str) -> Outcome {
    run_script(&format!("{MODULE}\n{directives}"), Path::new("inline.wast"), &Config::new()).unwrap()
}

#[test]
fn holding_directives_pass() {
    let o = run(r#"
        (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
        (assert_return (invoke "nan") (f32.const nan:canonical))
        (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
        (assert_exhaustion (invoke "rec") "call stack exhausted")
        (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
        (assert_malformed (module quote "(func (i32.bogus))") "unknown operator")
        (assert_unlinkable (module (import "spectest" "nothing" (func))) "unknown import")
    "#);
    assert_eq!(o.failures, Vec::<String>::new());
    assert_eq!(o.passed, 8);
}

#[test]
fn each_wrong_expectation_fails() {
    for wrong in [
        r#"(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 6))"#,
        r#"(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i64.const 5))"#,
        r#"(assert_trap (invoke "div" (i32.const 0)) "integer overflow")"#,
        r#"(assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")"#,
        r#"(assert_exhaustion (invoke "div" (i32.const 1)) "call stack exhausted")"#,
        r#"(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")"#,
        r#"(assert_malformed (module quote "(func)") "unexpected token")"#,
        r#"(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")"#,
        r#"(invoke "missing")"#,
    ] {
        let o = run(wrong);
        assert_eq!(o.failed(), 1, "not reported as a failure: {wrong}");
    }
}

#[test]
fn every_skipped_file_has_a_reason() {
    let skips = skip_list();
    // GC landed: its files run.
    assert!(!skips.contains_key("struct.wast"));
    assert!(!skips.contains_key("simd_memory-multi.wast"));
    assert!(!skips.contains_key("simd_address.wast"));
    assert!(!skips.contains_key("address.wast"));
    assert!(skips.values().all(|reason| !reason.trim().is_empty()));
}
