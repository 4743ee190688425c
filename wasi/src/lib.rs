//! WASI preview1 (`wasi_snapshot_preview1`) for Sheave.
//!
//! The implementation is `wasi-common`, the sandboxed preview1 implementation that wasmtime
//! shipped for years: files and directories go through `cap-std`, so a guest reaches only
//! its preopened directories (`..`, absolute paths and symlinks cannot escape them). This
//! crate binds its generated host functions to Sheave's [`Linker`], as `wasmtime-wasi`'s
//! `sync::add_to_linker` does for wasmtime:
//!
//! ```no_run
//! use sheave::{Engine, Linker, Module, Store};
//! use sheave_wasi::{WasiCtx, WasiCtxBuilder};
//! # fn main() -> anyhow::Result<()> {
//! let engine = Engine::default();
//! let mut linker: Linker<WasiCtx> = Linker::new(&engine);
//! sheave_wasi::add_to_linker(&mut linker, |cx| cx)?;
//! let wasi = WasiCtxBuilder::new().inherit_stdio().args(&["prog".to_string()])?.build();
//! let mut store = Store::new(&engine, wasi);
//! let module = Module::from_file(&engine, "prog.wasm")?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&mut store, "_start")?.call(&mut store, ())?;
//! # Ok(()) }
//! ```
//!
//! `proc_exit(code)` ends the call with an error holding [`I32Exit`] (find it with
//! `err.downcast_ref::<I32Exit>()`); it never exits the host process.

use anyhow::{Result, bail};
use sheave::{Caller, Extern, Linker};
use wasi_common::snapshots::preview_1::types::Errno;
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as p1;

pub use wasi_common::pipe::{ReadPipe, WritePipe};
pub use wasi_common::sync::{Dir, WasiCtxBuilder, ambient_authority};
pub use wasi_common::{I32Exit, WasiCtx, WasiDir, WasiFile};

mod stdin;
pub use stdin::{Stdin, stdin};

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Runs `f` with the caller's exported `memory` and its WASI context.
fn with_memory<T: 'static, R>(
    caller: &mut Caller<'_, T>,
    get_cx: impl Fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &mut wiggle::GuestMemory<'_>) -> Result<R>,
) -> Result<R> {
    let memory = match caller.get_export("memory") {
        Some(Extern::Memory(m)) => m,
        _ => bail!("WASI functions need the module to export its memory as `memory`"),
    };
    let (bytes, data) = memory.data_and_store_mut(caller);
    let mut guest = wiggle::GuestMemory::Unshared(bytes);
    f(get_cx(data), &mut guest)
}

/// wiggle's errors (anyhow's on the 36 line) as Sheave's, with `proc_exit`'s [`I32Exit`] kept
/// downcastable and anything else flattened to its message chain.
fn to_anyhow(e: anyhow::Error) -> anyhow::Error {
    match e.downcast_ref::<I32Exit>() {
        Some(exit) => anyhow::Error::new(I32Exit(exit.0)),
        None => anyhow::anyhow!("{e:#}"),
    }
}

/// Defines one preview1 function for each `name(arg: type, ...) -> result;` line.
macro_rules! define {
    ($linker:ident, $get_cx:ident; $($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        $linker.func_wrap(MODULE, stringify!($name), move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<$ret> {
            with_memory(&mut caller, $get_cx, |cx, mem| {
                // Every wasi-common function completes without waiting: no executor needed.
                let done = wiggle::run_in_dummy_executor(p1::$name(cx, mem, $($arg),*)).map_err(to_anyhow)?;
                done.map_err(to_anyhow)
            })
        })?;
    )*};
}

/// Adds every `wasi_snapshot_preview1` function to `linker`; `get_cx` finds the
/// [`WasiCtx`] in the store's data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get_cx: impl Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
) -> Result<()> {
    define! { linker, get_cx;
        args_get(a: i32, b: i32) -> i32;
        args_sizes_get(a: i32, b: i32) -> i32;
        environ_get(a: i32, b: i32) -> i32;
        environ_sizes_get(a: i32, b: i32) -> i32;
        clock_res_get(a: i32, b: i32) -> i32;
        clock_time_get(a: i32, b: i64, c: i32) -> i32;
        fd_advise(a: i32, b: i64, c: i64, d: i32) -> i32;
        fd_allocate(a: i32, b: i64, c: i64) -> i32;
        fd_close(a: i32) -> i32;
        fd_datasync(a: i32) -> i32;
        fd_fdstat_get(a: i32, b: i32) -> i32;
        fd_fdstat_set_flags(a: i32, b: i32) -> i32;
        fd_filestat_get(a: i32, b: i32) -> i32;
        fd_filestat_set_size(a: i32, b: i64) -> i32;
        fd_filestat_set_times(a: i32, b: i64, c: i64, d: i32) -> i32;
        fd_pread(a: i32, b: i32, c: i32, d: i64, e: i32) -> i32;
        fd_prestat_get(a: i32, b: i32) -> i32;
        fd_prestat_dir_name(a: i32, b: i32, c: i32) -> i32;
        fd_pwrite(a: i32, b: i32, c: i32, d: i64, e: i32) -> i32;
        fd_read(a: i32, b: i32, c: i32, d: i32) -> i32;
        fd_readdir(a: i32, b: i32, c: i32, d: i64, e: i32) -> i32;
        fd_renumber(a: i32, b: i32) -> i32;
        fd_seek(a: i32, b: i64, c: i32, d: i32) -> i32;
        fd_sync(a: i32) -> i32;
        fd_tell(a: i32, b: i32) -> i32;
        fd_write(a: i32, b: i32, c: i32, d: i32) -> i32;
        path_create_directory(a: i32, b: i32, c: i32) -> i32;
        path_filestat_get(a: i32, b: i32, c: i32, d: i32, e: i32) -> i32;
        path_filestat_set_times(a: i32, b: i32, c: i32, d: i32, e: i64, f: i64, g: i32) -> i32;
        path_link(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32) -> i32;
        path_readlink(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> i32;
        path_remove_directory(a: i32, b: i32, c: i32) -> i32;
        path_rename(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> i32;
        path_symlink(a: i32, b: i32, c: i32, d: i32, e: i32) -> i32;
        path_unlink_file(a: i32, b: i32, c: i32) -> i32;
        poll_oneoff(a: i32, b: i32, c: i32, d: i32) -> i32;
        proc_exit(a: i32) -> ();
        proc_raise(a: i32) -> i32;
        sched_yield() -> i32;
        random_get(a: i32, b: i32) -> i32;
        sock_accept(a: i32, b: i32, c: i32) -> i32;
        sock_recv(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> i32;
        sock_send(a: i32, b: i32, c: i32, d: i32, e: i32) -> i32;
    }
    linker.func_wrap(
        MODULE,
        "path_open",
        move |mut caller: Caller<'_, T>,
              fd: i32,
              dirflags: i32,
              path: i32,
              path_len: i32,
              oflags: i32,
              base: i64,
              inheriting: i64,
              fdflags: i32,
              out: i32|
              -> Result<i32> {
            // cap-std (like Rust's OpenOptions) refuses O_TRUNC with O_APPEND, which POSIX and
            // preview1 allow: open without APPEND, then set it on the new descriptor.
            let split = oflags & OFLAGS_TRUNC != 0 && fdflags & FDFLAGS_APPEND != 0;
            let open_flags = if split { fdflags & !FDFLAGS_APPEND } else { fdflags };
            with_memory(&mut caller, get_cx, |cx, mem| {
                let open =
                    p1::path_open(cx, mem, fd, dirflags, path, path_len, oflags, base, inheriting, open_flags, out);
                let errno = wiggle::run_in_dummy_executor(open).map_err(to_anyhow)?.map_err(to_anyhow)?;
                if errno != 0 || !split {
                    return Ok(errno);
                }
                let new_fd = read_u32(mem, out as u32)? as i32;
                let set = p1::fd_fdstat_set_flags(cx, mem, new_fd, fdflags);
                let errno = wiggle::run_in_dummy_executor(set).map_err(to_anyhow)?.map_err(to_anyhow)?;
                if errno != 0 {
                    let _ = wiggle::run_in_dummy_executor(p1::fd_close(cx, mem, new_fd));
                }
                Ok(errno)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_fdstat_set_rights",
        move |mut caller: Caller<'_, T>, fd: i32, base: i64, inh: i64| {
            with_memory(&mut caller, get_cx, |cx, mem| {
                let done = wiggle::run_in_dummy_executor(p1::fd_fdstat_set_rights(cx, mem, fd, base, inh));
                let errno = done.map_err(to_anyhow)?.map_err(to_anyhow)?;
                // Rights are not tracked: the 36 line answers success and keeps every right
                // (a guest that dropped rights would still see and use them); answer ENOTSUP for
                // an open descriptor, as wasi-common 46 and wasmtime's preview1 adapter do.
                Ok(if errno == 0 { Errno::Notsup as i32 } else { errno })
            })
        },
    )?;
    linker.func_wrap(MODULE, "sock_shutdown", move |mut caller: Caller<'_, T>, fd: i32, how: i32| -> Result<i32> {
        with_memory(&mut caller, get_cx, |cx, mem| {
            let done = wiggle::run_in_dummy_executor(p1::sock_shutdown(cx, mem, fd, how)).map_err(to_anyhow)?;
            let errno = done.map_err(to_anyhow)?;
            // wasi-common answers EBADF for an open descriptor that is not a socket; POSIX
            // (and the WASI testsuite) say ENOTSOCK.
            Ok(if errno == Errno::Badf as i32 && cx.table().contains_key(fd as u32) {
                Errno::Notsock as i32
            } else {
                errno
            })
        })
    })?;
    Ok(())
}

const OFLAGS_TRUNC: i32 = 1 << 3;
const FDFLAGS_APPEND: i32 = 1 << 0;

fn read_u32(mem: &wiggle::GuestMemory<'_>, at: u32) -> Result<u32> {
    let bytes = mem.as_slice(wiggle::GuestPtr::<[u8]>::new((at, 4))).map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = bytes.ok_or_else(|| anyhow::anyhow!("shared memory is not supported"))?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}
