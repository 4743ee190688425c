//! Precompiled artifacts: a versioned, checksummed container of a module's description
//! (`meta`: types, imports, exports, segments; not the `.wasm`) and the translated bytecode
//! of every function. Loading needs no parser or validator: it checks the format version, op
//! table, engine configuration and checksum, every index of the description, and verifies
//! each function's bytecode with the VM's verifier.
//!
//! Layout (little-endian): magic, format version, op-table hash, config hash, a checksum
//! of the rest, the description, padding to a 4-byte boundary, then per function its
//! header words, its bytecode words, its handler table and stack maps.

use crate::engine::{Engine, Precompiled};
use crate::module::{Module, ModuleInner};
#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Context, Result, bail};
use sheave_interp::vm::{CodeWords, CompiledFunc};

mod meta;

const MAGIC: &[u8; 8] = b"\0shvaot\0";
/// Bumped whenever the container layout changes.
pub(crate) const FORMAT_VERSION: u32 = 5;
/// Bytes before the checksummed part: magic, version, two hashes, the checksum.
const HEADER: usize = 8 + 4 + 8 + 8 + 8;

pub(crate) fn detect(bytes: &[u8]) -> Option<Precompiled> {
    bytes.starts_with(MAGIC).then_some(Precompiled::Module)
}

/// The artifact's checksum: FNV-1a's step over little-endian 64-bit words (the last one
/// zero-padded), eight times fewer steps than over bytes (spidermonkey's 15 MB artifact: 61M
/// instructions byte-wise).
fn checksum(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(0x100_0000_01b3);
    let h = words.by_ref().fold(0xcbf2_9ce4_8422_2325, |h, w| step(h, u64::from_le_bytes(w.try_into().unwrap())));
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    step(h, u64::from_le_bytes(tail))
}

/// Little-endian output.
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u64(v);
            }
        }
    }
    fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn align4(&mut self) {
        while !self.0.len().is_multiple_of(4) {
            self.0.push(0);
        }
    }
}

/// Little-endian input; every read past the end is an error.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    /// Bytes already read (for alignment).
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            bail!("truncated precompiled artifact");
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        self.at += n;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => bail!("precompiled artifact holds a malformed flag"),
        }
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn u128(&mut self) -> Result<u128> {
        Ok(u128::from_le_bytes(self.array()?))
    }
    fn opt_u64(&mut self) -> Result<Option<u64>> {
        Ok(if self.bool()? { Some(self.u64()?) } else { None })
    }
    /// A count of items that take at least a byte each: more than the bytes left is an error
    /// (so a corrupted count cannot make a loop run for long or allocate much).
    fn count(&mut self) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            bail!("truncated precompiled artifact");
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String> {
        let n = self.count()?;
        Ok(core::str::from_utf8(self.take(n)?).context("precompiled artifact holds a malformed name")?.to_string())
    }
    fn opt_str(&mut self) -> Result<Option<String>> {
        Ok(if self.bool()? { Some(self.str()?) } else { None })
    }
    fn align4(&mut self) -> Result<()> {
        let pad = (4 - self.at % 4) % 4;
        self.take(pad).map(drop)
    }
}

pub(crate) fn serialize(module: &Module) -> Result<Vec<u8>> {
    module.compile_all()?;
    let m = &module.inner;
    let mut w = Writer(Vec::new());
    w.bytes(MAGIC);
    w.u32(FORMAT_VERSION);
    w.u64(sheave_interp::code::op_table_hash());
    w.u64(m.engine.config().compat_hash());
    w.u64(0); // The checksum, filled in last.
    meta::write(&mut w, m);
    w.align4();
    w.u32(m.code.len() as u32);
    for i in 0..m.code.len() {
        let f = m.compiled(i)?;
        w.u32(m.body_len(i));
        for v in [f.params, f.results, f.locals, f.frame_size, f.code.len() as u32] {
            w.u32(v);
        }
        w.0.reserve(4 * f.code.len());
        f.code.iter().for_each(|&word| w.u32(word));
        let mut tables = Vec::new();
        sheave_interp::vm::TryRegion::encode_all(&f.regions, &mut tables);
        // Stack maps: a presence word, then the maps.
        match f.gc_maps.as_deref() {
            Some(maps) => {
                tables.push(1);
                maps.encode(&mut tables);
            }
            None => tables.push(0),
        }
        tables.into_iter().for_each(|word| w.u32(word));
    }
    let mut out = w.0;
    let sum = checksum(&out[HEADER..]);
    out[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
    Ok(out)
}

pub(crate) fn deserialize(engine: &Engine, bytes: &[u8]) -> Result<ModuleInner> {
    load(engine, bytes, copy_words)
}

fn copy_words(raw: &[u8]) -> CodeWords {
    CodeWords::Owned(raw.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect())
}

/// As `deserialize`, leaving each function's words where they are (`Module::deserialize_raw`)
/// when the host's byte order is the artifact's and they are 4-aligned (the serializer
/// aligns them to the artifact's start); otherwise they are copied.
pub(crate) fn deserialize_in_place(engine: &Engine, bytes: &'static [u8]) -> Result<ModuleInner> {
    load(engine, bytes, |raw: &'static [u8]| {
        if cfg!(target_endian = "little") && raw.as_ptr().align_offset(4) == 0 {
            // SAFETY: `raw` is 4-aligned (checked), its length a multiple of 4 (`load` took
            // `4 * len` bytes), it lives for the program (`'static`), and every bit pattern
            // is a `u32`; on a little-endian host the words read as the serializer wrote them.
            CodeWords::Borrowed(unsafe { core::slice::from_raw_parts(raw.as_ptr().cast::<u32>(), raw.len() / 4) })
        } else {
            copy_words(raw)
        }
    })
}

/// Reads an artifact; `words` gives each function's words from their bytes.
fn load<'a>(engine: &Engine, bytes: &'a [u8], words: impl Fn(&'a [u8]) -> CodeWords) -> Result<ModuleInner> {
    if detect(bytes).is_none() {
        bail!("not a Sheave precompiled artifact");
    }
    let mut r = Reader { bytes, at: 0 };
    r.take(MAGIC.len())?;
    let version = r.u32()?;
    if version != FORMAT_VERSION {
        bail!("precompiled artifact has format version {version}, this Sheave reads version {FORMAT_VERSION}");
    }
    if r.u64()? != sheave_interp::code::op_table_hash() {
        bail!("precompiled artifact was built by a Sheave with a different op table (another version)");
    }
    if r.u64()? != engine.config().compat_hash() {
        bail!("precompiled artifact was built with an incompatible engine configuration");
    }
    if r.u64()? != checksum(r.bytes) {
        bail!("precompiled artifact is corrupted (checksum mismatch)");
    }
    let mut m = ModuleInner::empty(engine, Vec::new().into());
    meta::read(&mut r, &mut m)?;
    r.align4()?;
    let defined = m.func_types.len() - m.num_imported_funcs as usize;
    if r.u32()? as usize != defined {
        bail!("precompiled artifact holds a different number of functions than its module");
    }
    for i in 0..defined {
        let ty = m.func_types[m.num_imported_funcs as usize + i];
        let body_len = r.u32()?;
        let (params, results, locals, frame_size, len) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.u32()? as usize);
        if (params, results) != m.arities[ty as usize] {
            bail!("precompiled artifact's function {i} does not match its type");
        }
        let code_words = words(r.take(len.checked_mul(4).context("artifact too large")?)?);
        let words: &[u32] = &code_words;
        let mut bad_words = false;
        let regions = sheave_interp::vm::TryRegion::decode_all(|| match r.u32() {
            Ok(w) => Some(w),
            Err(_) => {
                bad_words = true;
                None
            }
        });
        let regions = match regions {
            Some(regions) if !bad_words => regions,
            _ => bail!("precompiled artifact holds a malformed handler table in function {i}"),
        };
        let gc_maps = match r.u32()? {
            0 => None,
            1 => Some(
                sheave_interp::gc::StackMaps::decode(|| r.u32().ok())
                    .with_context(|| format!("precompiled artifact holds malformed stack maps in function {i}"))?,
            ),
            _ => bail!("precompiled artifact holds malformed stack maps in function {i}"),
        };
        if let Some(maps) = &gc_maps {
            maps.verify(words.len(), frame_size)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("precompiled artifact holds invalid stack maps in function {i}"))?;
        }
        sheave_interp::verify::verify(words, frame_size, locals.max(params))
            .and_then(|()| sheave_interp::verify::verify_regions(words, frame_size, &regions))
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("precompiled artifact holds invalid bytecode in function {i}"))?;
        // Verified above: only now does the VM see the words (linking walks them).
        let code = match code_words {
            CodeWords::Owned(words) => CompiledFunc::new(words, params, results, locals, frame_size),
            CodeWords::Borrowed(words) => CompiledFunc::in_place(words, params, results, locals, frame_size),
        };
        let code = code.with_regions(regions.into()).with_gc_maps(gc_maps);
        m.push_compiled(ty, body_len, code);
    }
    if !r.bytes.is_empty() {
        bail!("trailing bytes in precompiled artifact");
    }
    m.finish()?;
    Ok(m)
}

#[cfg(all(test, feature = "wat"))]
mod tests {
    use super::*;

    /// Loaded in place, an aligned artifact's words are the artifact's own (with the loop
    /// dispatcher; a tail-call build runs a threaded copy and copies), a misaligned one's a copy.
    #[test]
    fn in_place_borrows_aligned_words_only() {
        let engine = Engine::default();
        let wat = "(module (func (export \"f\") (result i32) (i32.const 7)))";
        let bytes = Module::new(&engine, wat).unwrap().serialize().unwrap();
        let words: &'static mut [u32] = Vec::leak(vec![0u32; bytes.len() / 4 + 1]);
        // SAFETY: viewing `u32`s as bytes: any bit pattern is a `u8`, the length is in bounds.
        let buffer: &'static mut [u8] =
            unsafe { core::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), words.len() * 4) };
        buffer[..bytes.len()].copy_from_slice(&bytes);
        let aligned: &'static [u8] = buffer;
        let m = deserialize_in_place(&engine, &aligned[..bytes.len()]).unwrap();
        let code = &m.compiled(0).unwrap().code;
        let borrowed = matches!(code, CodeWords::Borrowed(_));
        assert_eq!(borrowed, !sheave_interp::Dispatch::TAIL_AVAILABLE);
        if borrowed {
            assert!(aligned.as_ptr_range().contains(&code.as_ptr().cast::<u8>()), "the words are the artifact's");
        }
        let copy: &'static [u8] = Vec::leak([&[0u8][..], &bytes].concat());
        let m = deserialize_in_place(&engine, &copy[1..]).unwrap();
        if copy[1..].as_ptr().align_offset(4) != 0 {
            assert!(matches!(m.compiled(0).unwrap().code, CodeWords::Owned(_)));
        }
    }
}
