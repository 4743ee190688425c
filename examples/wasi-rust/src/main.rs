//! Greets its arguments, reports `GREETING` from the environment, keeps a tally in
//! `data/count.txt` (the directory preopened as `data`), and exits with the number of
//! arguments (so callers can check the exit code).

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "hello".to_string());
    for a in &args {
        println!("{greeting}, {a}!");
    }
    let path = std::path::Path::new("data/count.txt");
    if path.parent().is_some_and(|d| d.is_dir()) {
        let before: u64 = std::fs::read_to_string(path).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        let now = before + args.len() as u64;
        let mut f = std::fs::File::create(path).expect("create data/count.txt");
        writeln!(f, "{now}").expect("write data/count.txt");
        println!("greeted {now} in all");
    }
    // Escaping the preopened directory must fail.
    if std::fs::read_to_string("data/../../etc/passwd").is_ok() {
        println!("escaped the sandbox!");
    }
    std::process::exit(args.len() as i32);
}
