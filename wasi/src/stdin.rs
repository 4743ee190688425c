//! The guest's standard input: wasi-common's, except that `poll_oneoff` works on every kind of
//! stdin. wasi-common asks the host how many bytes are ready (`FIONREAD`), which fails with
//! ENOTTY when stdin is `/dev/null` (as under cron or CI) and turned the whole poll into an
//! error; wasmtime reports such a stdin as ready, and so does this one (a read then sees EOF).

use std::any::Any;
use std::io;
use wasi_common::file::{FdFlags, FileType};
use wasi_common::{Error, SystemTimeSpec, WasiFile};

/// The host's standard input for a guest (see the module docs).
pub struct Stdin(wasi_common::sync::stdio::Stdin);

/// The host's standard input, for `WasiCtxBuilder::stdin`.
pub fn stdin() -> Stdin {
    Stdin(wasi_common::sync::stdio::stdin())
}

#[async_trait::async_trait]
impl WasiFile for Stdin {
    fn as_any(&self) -> &dyn Any {
        self
    }
    #[cfg(unix)]
    fn pollable(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        self.0.pollable()
    }
    async fn get_filetype(&self) -> Result<FileType, Error> {
        self.0.get_filetype().await
    }
    async fn get_fdflags(&self) -> Result<FdFlags, Error> {
        self.0.get_fdflags().await
    }
    async fn read_vectored<'a>(&self, bufs: &mut [io::IoSliceMut<'a>]) -> Result<u64, Error> {
        self.0.read_vectored(bufs).await
    }
    async fn read_vectored_at<'a>(&self, bufs: &mut [io::IoSliceMut<'a>], offset: u64) -> Result<u64, Error> {
        self.0.read_vectored_at(bufs, offset).await
    }
    async fn seek(&self, pos: io::SeekFrom) -> Result<u64, Error> {
        self.0.seek(pos).await
    }
    async fn peek(&self, buf: &mut [u8]) -> Result<u64, Error> {
        self.0.peek(buf).await
    }
    async fn set_times(&self, atime: Option<SystemTimeSpec>, mtime: Option<SystemTimeSpec>) -> Result<(), Error> {
        self.0.set_times(atime, mtime).await
    }
    fn num_ready_bytes(&self) -> Result<u64, Error> {
        // Not countable (e.g. /dev/null): report it ready; the read says how much there is.
        Ok(self.0.num_ready_bytes().unwrap_or(0))
    }
    fn isatty(&self) -> bool {
        self.0.isatty()
    }
}
