//! `sheave explore --profile`: runs a module as `sheave run` does and prints the dispatch
//! profile (needs the `profile` feature, which makes the interpreter count every dispatch).

use anyhow::Result;
use std::process::ExitCode;
#[cfg(feature = "profile")]
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(feature = "profile")]
static ON: AtomicBool = AtomicBool::new(false);

/// `explore --profile [RUN OPTIONS] FILE [--invoke NAME] [ARGS...]`: `--invoke NAME` may come
/// after FILE here (it is moved in front for `run`'s parser).
pub(crate) fn run(args: &[String]) -> Result<ExitCode> {
    let mut front = Vec::new();
    let mut rest = Vec::new();
    let mut it = args.iter().filter(|a| *a != "--profile");
    while let Some(a) = it.next() {
        if a == "--invoke" {
            front.push(a.clone());
            front.extend(it.next().cloned());
        } else {
            rest.push(a.clone());
        }
    }
    front.extend(rest);
    run_profiled(&front)
}

#[cfg(feature = "profile")]
fn run_profiled(args: &[String]) -> Result<ExitCode> {
    sheave::profile::reset();
    ON.store(true, Ordering::Relaxed);
    let code = crate::cmd_run(args);
    print_if_on();
    code
}

#[cfg(not(feature = "profile"))]
fn run_profiled(_args: &[String]) -> Result<ExitCode> {
    anyhow::bail!(
        "`explore --profile` needs a build with the `profile` feature: \
         cargo build --release -p sheave-cli --features profile"
    )
}

/// Prints the profile (on stderr, so the guest's stdout stays its own) if one is being taken.
#[cfg(any(feature = "profile", feature = "wasi"))]
pub(crate) fn print_if_on() {
    #[cfg(feature = "profile")]
    if ON.swap(false, Ordering::Relaxed) {
        let p = sheave::profile::snapshot();
        let total = p.total().max(1);
        let pct = |n: u64| 100.0 * n as f64 / total as f64;
        eprintln!("dispatched ops: {}", p.total());
        eprintln!("{:>14} {:>6}  op", "count", "%");
        for &(op, n) in p.ops.iter().take(40) {
            eprintln!("{n:>14} {:>6.2}  {}", pct(n), op.name());
        }
        eprintln!("hottest op pairs:");
        eprintln!("{:>14} {:>6}  first -> second", "count", "%");
        for &(a, b, n) in p.pairs.iter().take(40) {
            eprintln!("{n:>14} {:>6.2}  {} -> {}", pct(n), a.name(), b.name());
        }
    }
}
