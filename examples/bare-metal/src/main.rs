//! The firmware: on a bare-metal target (`target_os = "none"`) it sets up a heap, paints the
//! stack, runs the workloads, prints the figures through semihosting and exits with the
//! result. On the host the same workloads run with `std`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod firmware;

#[cfg(not(target_os = "none"))]
fn main() {
    use std::time::Instant;
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now);
    let board = sheave_example_bare_metal::Board {
        print: |s| println!("{s}"),
        clock_ms: || START.get().unwrap().elapsed().as_millis() as u64,
        // The host's allocator and stack keep no figures.
        heap: || (0, 0),
        stack: || 0,
    };
    match sheave_example_bare_metal::run(board, true) {
        Ok(figures) => println!("{figures:?}"),
        Err(e) => {
            eprintln!("error: {e:?}");
            std::process::exit(1);
        }
    }
}
