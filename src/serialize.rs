//! Precompiled artifacts: a versioned container of the original module bytes and the
//! translated bytecode of every function. Loading re-validates the module and refuses
//! artifacts of another format version, op table or engine configuration.

use crate::engine::{Engine, Precompiled};
use crate::module::Module;
#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Context, Result, bail};
use sheave_interp::vm::CompiledFunc;

const MAGIC: &[u8; 8] = b"\0shvaot\0";
/// Bumped whenever the container layout changes.
pub(crate) const FORMAT_VERSION: u32 = 4;

pub(crate) fn detect(bytes: &[u8]) -> Option<Precompiled> {
    bytes.starts_with(MAGIC).then_some(Precompiled::Module)
}

pub(crate) fn serialize(module: &Module) -> Result<Vec<u8>> {
    module.compile_all()?;
    let m = &module.inner;
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&sheave_interp::code::op_table_hash().to_le_bytes());
    out.extend_from_slice(&m.engine.config().compat_hash().to_le_bytes());
    out.extend_from_slice(&(m.wasm.len() as u64).to_le_bytes());
    out.extend_from_slice(&m.wasm);
    out.extend_from_slice(&(m.code.len() as u32).to_le_bytes());
    for i in 0..m.code.len() {
        let f = m.compiled(i)?;
        for w in [f.params, f.results, f.locals, f.frame_size, f.code.len() as u32] {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for w in f.code.iter() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut regions = Vec::new();
        sheave_interp::vm::TryRegion::encode_all(&f.regions, &mut regions);
        // Stack maps: a presence word, then the maps.
        match f.gc_maps.as_deref() {
            Some(maps) => {
                regions.push(1);
                maps.encode(&mut regions);
            }
            None => regions.push(0),
        }
        for w in regions {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            bail!("truncated precompiled artifact");
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into()?))
    }
}

pub(crate) fn deserialize(engine: &Engine, bytes: &[u8]) -> Result<(Vec<u8>, Vec<CompiledFunc>)> {
    if detect(bytes).is_none() {
        bail!("not a Sheave precompiled artifact");
    }
    let mut r = Reader { bytes: &bytes[MAGIC.len()..] };
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
    let wasm_len = usize::try_from(r.u64()?)?;
    let wasm = r.take(wasm_len)?.to_vec();
    let n = r.u32()?;
    let mut code = Vec::new();
    for i in 0..n {
        let (params, results, locals, frame_size, len) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.u32()? as usize);
        let raw = r.take(len.checked_mul(4).context("artifact too large")?)?;
        let words: Box<[u32]> = raw.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
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
        sheave_interp::verify::verify(&words, frame_size, locals.max(params))
            .and_then(|()| sheave_interp::verify::verify_regions(&words, frame_size, &regions))
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("precompiled artifact holds invalid bytecode in function {i}"))?;
        code.push(
            CompiledFunc::new(words, params, results, locals, frame_size)
                .with_regions(regions.into())
                .with_gc_maps(gc_maps),
        );
    }
    if !r.bytes.is_empty() {
        bail!("trailing bytes in precompiled artifact");
    }
    Ok((wasm, code))
}
