//! The official WASI testsuite (preview1 part), run as its own runner does: every `*.wasm` in a
//! folder with a `manifest.json` is one test, `NAME.json` beside it gives `args`, `env`, `root`
//! (preopened as `/`, on a fresh temporary copy), `exit_code` and `stdout`/`stderr` (prefixes),
//! and each test runs in its own `sheave run` process with piped stdio, as the official
//! wasmtime adapter invokes wasmtime. Tests listed in `wasi-skip.tsv` are skipped with their
//! reason. Finds the suite through `SHEAVE_WASI_TESTSUITE`, else `../shared/wasi-testsuite`.
//! Prints `N passed, N failed, N skipped`; fails when any test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

fn suite_dir() -> PathBuf {
    match std::env::var_os("SHEAVE_WASI_TESTSUITE") {
        Some(p) => p.into(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/wasi-testsuite"),
    }
}

fn skip_list() -> Vec<(String, String)> {
    let text = include_str!("wasi-skip.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once('\t').unwrap_or((l, ""));
            (name.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

/// Test folders: those holding a `manifest.json`.
fn test_folders(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    if entries.iter().any(|p| p.file_name().is_some_and(|n| n == "manifest.json")) {
        out.push(dir.to_path_buf());
    }
    for p in entries {
        if p.is_dir() && p.extension().is_none_or(|x| x != "dir") {
            test_folders(&p, out);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        let ty = e.file_type()?;
        if ty.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(e.path())?, &target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

struct Spec {
    args: Vec<String>,
    env: Vec<(String, String)>,
    root: Option<String>,
    exit_code: i32,
    stdout: Option<String>,
    stderr: Option<String>,
}

fn read_spec(path: &Path) -> Result<Spec, String> {
    use serde_json::Value;
    let mut spec = Spec { args: vec![], env: vec![], root: None, exit_code: 0, stdout: None, stderr: None };
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(spec) };
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let Value::Object(fields) = json else { return Err("spec is not an object".into()) };
    let string = |v: &Value| v.as_str().map(str::to_string).ok_or_else(|| format!("not a string: {v}"));
    for (k, v) in &fields {
        match k.as_str() {
            "args" => {
                spec.args = v.as_array().ok_or("args is not a list")?.iter().map(string).collect::<Result<_, _>>()?
            }
            "env" => {
                let env = v.as_object().ok_or("env is not an object")?;
                spec.env = env.iter().map(|(k, v)| Ok((k.clone(), string(v)?))).collect::<Result<_, String>>()?
            }
            "root" => spec.root = Some(string(v)?),
            "exit_code" => spec.exit_code = v.as_i64().ok_or("exit_code is not a number")? as i32,
            "stdout" => spec.stdout = Some(string(v)?),
            "stderr" => spec.stderr = Some(string(v)?),
            other => return Err(format!("unsupported spec field `{other}`")),
        }
    }
    Ok(spec)
}

/// Runs one test; `Err` says why it failed.
fn run_test(wasm: &Path, scratch: &Path) -> Result<(), String> {
    let spec = read_spec(&wasm.with_extension("json"))?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sheave"));
    cmd.arg("run");
    for (k, v) in &spec.env {
        cmd.arg("--env").arg(format!("{k}={v}"));
    }
    if let Some(root) = &spec.root {
        let copy = scratch.join(root);
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&wasm.parent().unwrap().join(root), &copy).map_err(|e| format!("copying {root}: {e}"))?;
        cmd.arg("--dir").arg(format!("{}::/", copy.display()));
    }
    cmd.arg(wasm).args(&spec.args);
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            return Err(format!("timed out after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let code = status.code().unwrap_or(-1);
    if code != spec.exit_code {
        return Err(format!("exit code {code}, expected {}; stderr: {}", spec.exit_code, stderr.trim()));
    }
    // The official runner reads as many characters as expected: a prefix check.
    if let Some(want) = &spec.stdout
        && !stdout.starts_with(want.as_str())
    {
        return Err(format!("stdout {stdout:?}, expected {want:?}"));
    }
    if let Some(want) = &spec.stderr
        && !stderr.starts_with(want.as_str())
    {
        return Err(format!("stderr {stderr:?}, expected {want:?}"));
    }
    Ok(())
}

fn main() {
    let dir = suite_dir();
    if !dir.join("tests").is_dir() {
        println!("WASI testsuite not found at {} (set SHEAVE_WASI_TESTSUITE): skipped", dir.display());
        println!("0 passed, 0 failed, 0 skipped");
        return;
    }
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let skips = skip_list();
    let scratch = std::env::temp_dir().join(format!("sheave-wasi-testsuite-{}", std::process::id()));
    let mut folders = Vec::new();
    test_folders(&dir.join("tests"), &mut folders);
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for folder in folders {
        let mut tests: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
            .collect();
        tests.sort();
        for wasm in tests {
            let rel = wasm.strip_prefix(dir.join("tests")).unwrap().to_string_lossy().to_string();
            if !filter.is_empty() && !filter.iter().any(|f| rel.contains(f.as_str())) {
                continue;
            }
            if let Some((_, reason)) = skips.iter().find(|(n, _)| *n == rel) {
                println!("skip {rel}: {reason}");
                skipped += 1;
                continue;
            }
            match run_test(&wasm, &scratch) {
                Ok(()) => {
                    println!("ok   {rel}");
                    passed += 1;
                }
                Err(why) => {
                    println!("FAIL {rel}: {why}");
                    failed += 1;
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        std::process::exit(1);
    }
}
