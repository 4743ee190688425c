//! `Module`: parsing, validation (wasmparser) and translation of a whole module, plus the
//! metadata instantiation needs (imports, exports, segments, constant expressions).

use crate::engine::Engine;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::sync::OnceLock;
use crate::types::registry::CVal;
use crate::types::{ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Registered, TableType};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
#[allow(unused_imports)]
use anyhow::{Context, Result, anyhow, bail};
use core::ops::Range;
use sheave_interp::vm::CompiledFunc;

#[cfg(feature = "parse")]
mod parse;

/// A constant expression: one instruction (all of Wasm 2.0's), or a short stack program of
/// extended constant expressions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ConstExpr {
    /// A value given by its bits.
    Bits(u64),
    /// A `v128.const`.
    V128(u128),
    /// `ref.func`.
    RefFunc(u32),
    /// `global.get` of an (imported) global.
    GlobalGet(u32),
    /// Extended constant expressions: run on a value stack, the result is what is left.
    Ops(Arc<[ConstOp]>),
}

/// One instruction of an extended constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstOp {
    /// Push a single-instruction expression's value.
    Push(ConstExpr1),
    /// Pop two, push the result (wrapping, as the instructions are).
    Binary(ConstBinary),
    /// Push a `v128.const`.
    #[cfg_attr(not(feature = "simd"), allow(dead_code))] // made only from `v128.const`
    V128(u128),
    /// `ref.i31`: pop a value, push its i31.
    RefI31,
    /// `struct.new` (pop one value per field) or, `default`, `struct.new_default`, of
    /// module type `ty`.
    StructNew { ty: u32, default: bool },
    /// `array.new` (pop the length and the value) or, `default`, `array.new_default`.
    ArrayNew { ty: u32, default: bool },
    /// `array.new_fixed`: pop `n` values.
    ArrayNewFixed { ty: u32, n: u32 },
}

/// A single-instruction operand of an extended constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstExpr1 {
    Bits(u64),
    GlobalGet(u32),
    RefFunc(u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub(crate) enum ConstBinary {
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

impl ConstBinary {
    pub(crate) fn apply(self, a: u64, b: u64) -> u64 {
        let (a32, b32) = (a as u32, b as u32);
        match self {
            ConstBinary::I32Add => a32.wrapping_add(b32) as u64,
            ConstBinary::I32Sub => a32.wrapping_sub(b32) as u64,
            ConstBinary::I32Mul => a32.wrapping_mul(b32) as u64,
            ConstBinary::I64Add => a.wrapping_add(b),
            ConstBinary::I64Sub => a.wrapping_sub(b),
            ConstBinary::I64Mul => a.wrapping_mul(b),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum SegmentMode {
    Passive,
    Active { index: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug, Clone)]
pub(crate) struct ElemSegment {
    pub mode: SegmentMode,
    pub items: Vec<ConstExpr>,
}

#[derive(Debug, Clone)]
pub(crate) struct DataSegment {
    pub mode: SegmentMode,
    /// The segment's bytes as a range of `ModuleInner::wasm` (not copied at compile time).
    pub bytes: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

/// What an export names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    Tag(u32),
}

/// A defined function's code: translated in `Module::new` (eager) or on its first call.
pub(crate) struct FuncCode {
    /// The translated code, once there.
    compiled: OnceLock<CompiledFunc>,
    /// The function's type index (its lazy stub is `ModuleInner::stubs[ty]`).
    ty: u32,
    /// The body's byte range in `ModuleInner::wasm` (empty in a module loaded from an
    /// artifact, which keeps only `body_len`).
    #[cfg(feature = "parse")]
    body: Range<usize>,
    /// The body's size in the original module (for `code_stats`).
    body_len: u32,
    /// The validator's type index for the function.
    #[cfg(feature = "parse")]
    validator_ty: u32,
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub name: Option<String>,
    /// The module's types, registered in the engine.
    pub types: Vec<Registered>,
    /// Engine-wide ids of `types` (what `call_indirect` and casts compare).
    pub sig_ids: Vec<u32>,
    /// The sizes of the module's rec groups, in order (`types` split by group; artifacts
    /// register the groups again).
    pub rec_groups: Vec<u32>,
    pub func_types: Vec<u32>,
    pub imports: Vec<Import>,
    pub num_imported_funcs: u32,
    pub num_imported_tables: u32,
    pub num_imported_memories: u32,
    pub num_imported_globals: u32,
    pub num_imported_tags: u32,
    /// Tag types (imports first).
    pub tags: Vec<crate::TagType>,
    pub tables: Vec<TableType>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<GlobalType>,
    pub global_inits: Vec<ConstExpr>,
    /// Initial element of each defined table (null unless the table has an initialiser).
    pub table_inits: Vec<ConstExpr>,
    pub exports: Vec<(String, ExportIndex)>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    pub code: Vec<FuncCode>,
    /// Parameter and result counts of `types`.
    pub arities: Vec<(u32, u32)>,
    /// Object layouts of `types` (struct field offsets, array element storage).
    pub layouts: Vec<sheave_interp::gc::Layout>,
    /// Whether a heap reference can appear in a frame of the module's code (a type, table or
    /// global names one): then the translator records stack maps (locals can add more).
    #[cfg(feature = "parse")]
    pub heap_refs: bool,
    /// What a registry entry runs until its function is translated, per type index (lazy
    /// modes only): one `lazy_compile` op.
    stubs: Vec<CompiledFunc>,
    /// What translations after `Module::new` (lazy ones, `explore`'s) validate against
    /// (`None` in a module loaded from an artifact: its code is all translated).
    #[cfg(feature = "parse")]
    resources: Option<wasmparser::ValidatorResources>,
    pub func_names: BTreeMap<u32, String>,
    /// The original bytes (lazy translation and `disassemble` read function bodies in
    /// them, instantiation the data segments); a module loaded from an artifact keeps only
    /// its data segments' bytes here.
    pub wasm: Arc<[u8]>,
    /// Native code of the defined functions (Cranelift engines).
    #[cfg(feature = "cranelift")]
    pub jit: Option<sheave_jit::JitCode>,
    /// Tiering's state (tiering engines).
    #[cfg(feature = "cranelift")]
    pub tier: Option<crate::tier::ModuleTier>,
}

/// A compiled WebAssembly module (cheap to clone).
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl core::fmt::Debug for Module {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Module").field("name", &self.inner.name).finish_non_exhaustive()
    }
}

impl Module {
    /// Compiles a module from the binary format, or (with the `wat` feature) the text format.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        #[cfg(feature = "wat")]
        let bytes = &wat::parse_bytes(bytes)?;
        Module::from_binary(engine, bytes)
    }

    /// Compiles a module from the binary format.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        #[cfg(feature = "parse")]
        return Ok(Module { inner: Arc::new(parse::parse(engine, bytes)?) });
        #[cfg(not(feature = "parse"))]
        {
            let _ = (engine, bytes);
            Err(no_parser())
        }
    }

    /// Compiles a module from a file (binary or text).
    #[cfg(feature = "std")]
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
        if Engine::detect_precompiled(&bytes).is_some() {
            // SAFETY-equivalent contract: artifacts are checked for version and config.
            return Module::deserialize_checked(engine, &bytes);
        }
        Module::new(engine, &bytes).with_context(|| format!("failed to compile {}", path.display()))
    }

    /// Validates a module without translating it.
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        #[cfg(feature = "parse")]
        {
            let mut validator = wasmparser::Validator::new_with_features(engine.config().wasm_features());
            validator.validate_all(bytes)?;
            Ok(())
        }
        #[cfg(not(feature = "parse"))]
        {
            let _ = (engine, bytes);
            Err(no_parser())
        }
    }

    /// Serializes the translated module into a precompiled artifact.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        crate::serialize::serialize(self)
    }

    /// Loads an artifact made by `serialize` or `Engine::precompile_module`.
    ///
    /// # Safety
    /// As in wasmtime the bytes must come from a trusted `serialize`. Sheave additionally
    /// checks the format version, op table, configuration and checksum, every index of the
    /// module's description, and every function's bytecode (its own verifier), so corrupted
    /// bytes are an error; what it trusts is that the types are the ones validation accepted.
    pub unsafe fn deserialize(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        Module::deserialize_checked(engine, bytes.as_ref())
    }

    /// Loads an artifact from a file.
    ///
    /// # Safety
    /// See [`Module::deserialize`].
    #[cfg(feature = "std")]
    pub unsafe fn deserialize_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let bytes = std::fs::read(path)?;
        Module::deserialize_checked(engine, &bytes)
    }

    /// Loads an artifact in place: as [`Module::deserialize`], except that the bytecode is not
    /// copied where it can run from `memory` itself (an interpreter without the tail-call
    /// dispatcher, a little-endian host, and `memory` 4-aligned: a microcontroller's flash).
    /// Everything else (types, segments, handler tables) is still copied.
    ///
    /// # Safety
    /// As [`Module::deserialize`], and `memory` must stay valid and unchanged for as long as
    /// the module (and anything made from it) lives, as wasmtime requires.
    pub unsafe fn deserialize_raw(engine: &Engine, memory: core::ptr::NonNull<[u8]>) -> Result<Module> {
        // SAFETY: the caller promises `memory` is valid, unchanged and outlives the module,
        // which is what the `'static` borrow stands for here.
        let bytes: &'static [u8] = unsafe { memory.as_ref() };
        Ok(Module { inner: Arc::new(crate::serialize::deserialize_in_place(engine, bytes)?) })
    }

    pub(crate) fn deserialize_checked(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        Ok(Module { inner: Arc::new(crate::serialize::deserialize(engine, bytes)?) })
    }

    /// The engine the module belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from the name section.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The module's imports.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.imports.iter().map(|i| ImportType { module: &i.module, name: &i.name, ty: i.ty.clone() })
    }

    /// The module's exports.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        self.inner.exports.iter().map(|(name, idx)| ExportType { name, ty: self.inner.export_type(*idx) })
    }

    /// The type of the export `name`.
    pub fn get_export(&self, name: &str) -> Option<ExternType> {
        self.inner.exports.iter().find(|(n, _)| n == name).map(|(_, idx)| self.inner.export_type(*idx))
    }

    /// The disassembled bytecode of every defined function (for tools and debugging), each
    /// instruction beside the offset in the module bytes of the wasm operator it came from.
    pub fn disassemble(&self) -> Result<String> {
        use core::fmt::Write;
        let mut out = String::new();
        for i in 0..self.inner.code.len() {
            // Translated again with wasm offsets where the module kept its bodies; a module
            // loaded from an artifact lists its code without them.
            let again = self.inner.translate_with_offsets(i)?;
            let (f, offsets) = match &again {
                Some((f, offsets)) => (f, offsets.as_slice()),
                None => (self.inner.compiled(i)?, &[][..]),
            };
            let index = i as u32 + self.inner.num_imported_funcs;
            let name = self.function_name(index).unwrap_or("");
            let _ = writeln!(
                out,
                "func {index} {name} (params {}, locals {}, frame {} slots):",
                f.params, f.locals, f.frame_size
            );
            let _ = write!(out, "{}", sheave_interp::code::Disassembly::with_offsets(&f.code, offsets));
        }
        Ok(out)
    }

    /// Size statistics of the translated code (translating lazy functions first).
    pub fn code_stats(&self) -> Result<CodeStats> {
        let m = &self.inner;
        let mut stats = CodeStats { functions: m.code.len(), ..CodeStats::default() };
        for (i, f) in m.code.iter().enumerate() {
            let c = m.compiled(i)?;
            stats.wasm_body_bytes += f.body_len as usize;
            stats.bytecode_words += c.code.len();
            stats.frame_slots += c.frame_size as usize;
            stats.instructions += sheave_interp::code::decode_all(&c.code).map_or(0, |ops| ops.len());
        }
        Ok(stats)
    }

    /// The defined functions the Cranelift tier left to the interpreter, as (function index,
    /// the op or feature that kept it there). Empty for an interpreter engine, where nothing is
    /// compiled to native code (a Sheave extension; see also [`Engine::is_pulley`]).
    pub fn interpreted_functions(&self) -> Vec<(u32, &'static str)> {
        #[cfg(feature = "cranelift")]
        if let Some(jit) = &self.inner.jit {
            return jit.fallbacks.iter().map(|f| (f.func, f.reason)).collect();
        }
        #[cfg(feature = "cranelift")]
        if let Some(tier) = &self.inner.tier {
            return tier.fallbacks();
        }
        Vec::new()
    }

    /// In a tiering engine (`Strategy::Auto` with the Cranelift tier), the functions compiled
    /// so far (module function indices), with when, since the module was made, in order.
    /// Empty in other engines. Functions that got hot but stay interpreted are in
    /// [`Module::interpreted_functions`].
    pub fn tiered_functions(&self) -> Vec<(u32, core::time::Duration)> {
        #[cfg(feature = "cranelift")]
        if let Some(tier) = &self.inner.tier {
            return tier.tiered();
        }
        Vec::new()
    }

    /// Function `index`'s name: the name section's, else the first export's.
    pub fn function_name(&self, index: u32) -> Option<&str> {
        let export =
            || self.inner.exports.iter().find(|(_, e)| *e == ExportIndex::Func(index)).map(|(n, _)| n.as_str());
        self.inner.func_names.get(&index).map(String::as_str).or_else(export)
    }

    /// How many handles and stores hold this module (for tests of its lifetime).
    #[doc(hidden)]
    pub fn live_references(&self) -> usize {
        Arc::strong_count(&self.inner)
    }

    /// Bytes of native code tiering made for this module so far (0 in other engines).
    pub fn tiered_code_bytes(&self) -> usize {
        #[cfg(feature = "cranelift")]
        if let Some(tier) = &self.inner.tier {
            return tier.code_bytes();
        }
        0
    }

    /// Words of bytecode over all defined functions (for size statistics).
    pub fn bytecode_words(&self) -> Result<usize> {
        Ok(self.code_stats()?.bytecode_words)
    }

    /// Translates every function lazy compilation has not reached yet.
    pub(crate) fn compile_all(&self) -> Result<()> {
        (0..self.inner.code.len()).try_for_each(|i| self.inner.compiled(i).map(drop))
    }
}

/// A function translated again with `(bytecode word, wasm offset)` pairs (for `disassemble`).
pub(crate) type Retranslated = (CompiledFunc, Vec<(u32, u32)>);

/// Sizes of a module's translated code, from [`Module::code_stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeStats {
    /// Defined functions.
    pub functions: usize,
    /// Bytes of wasm function bodies (locals declarations included).
    pub wasm_body_bytes: usize,
    /// 32-bit words of register bytecode.
    pub bytecode_words: usize,
    /// Bytecode instructions.
    pub instructions: usize,
    /// Frame slots summed over functions.
    pub frame_slots: usize,
}

/// The error of a build that cannot read `.wasm`.
#[cfg(not(feature = "parse"))]
fn no_parser() -> anyhow::Error {
    anyhow!(
        "this build of Sheave loads only precompiled artifacts (`Module::deserialize`): \
         parsing and validating .wasm needs the cargo feature `parse`"
    )
}

impl ModuleInner {
    /// The code a new instance's registry entry starts with: the translation, or the lazy
    /// stub that asks for it.
    pub(crate) fn entry_code(&self, i: usize) -> &CompiledFunc {
        let f = &self.code[i];
        match f.compiled.get() {
            Some(c) => c,
            None => &self.stubs[f.ty as usize],
        }
    }

    /// Defined function `i`'s translation, translating (and, in `Lazy` mode, validating) it
    /// on first use.
    pub(crate) fn compiled(&self, i: usize) -> Result<&CompiledFunc> {
        let f = &self.code[i];
        if let Some(c) = f.compiled.get() {
            return Ok(c);
        }
        #[cfg(not(feature = "parse"))]
        bail!("function {i} is not translated, and this build cannot translate (feature `parse` is off)");
        #[cfg(feature = "parse")]
        {
            let compiled = self.translate(i, None)?;
            // Another thread may have won the race; either translation is the same.
            let _ = f.compiled.set(compiled);
            Ok(f.compiled.get().expect("set above"))
        }
    }

    #[cfg(not(feature = "parse"))]
    pub(crate) fn translate_with_offsets(&self, _i: usize) -> Result<Option<Retranslated>> {
        Ok(None)
    }

    pub(crate) fn export_type(&self, idx: ExportIndex) -> ExternType {
        match idx {
            ExportIndex::Func(i) => ExternType::Func(self.func_type(self.func_types[i as usize])),
            ExportIndex::Table(i) => ExternType::Table(self.tables[i as usize].clone()),
            ExportIndex::Memory(i) => ExternType::Memory(self.memories[i as usize].clone()),
            ExportIndex::Global(i) => ExternType::Global(self.globals[i as usize].clone()),
            ExportIndex::Tag(i) => ExternType::Tag(self.tags[i as usize].clone()),
        }
    }
}

impl ModuleInner {
    /// A module with nothing in it yet, of `wasm`'s bytes.
    pub(crate) fn empty(engine: &Engine, wasm: Arc<[u8]>) -> ModuleInner {
        ModuleInner {
            engine: engine.clone(),
            name: None,
            types: Vec::new(),
            sig_ids: Vec::new(),
            rec_groups: Vec::new(),
            func_types: Vec::new(),
            imports: Vec::new(),
            num_imported_funcs: 0,
            num_imported_tables: 0,
            num_imported_memories: 0,
            num_imported_globals: 0,
            num_imported_tags: 0,
            tags: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            global_inits: Vec::new(),
            table_inits: Vec::new(),
            exports: Vec::new(),
            start: None,
            elems: Vec::new(),
            datas: Vec::new(),
            code: Vec::new(),
            arities: Vec::new(),
            layouts: Vec::new(),
            #[cfg(feature = "parse")]
            heap_refs: false,
            stubs: Vec::new(),
            #[cfg(feature = "parse")]
            resources: None,
            func_names: BTreeMap::new(),
            wasm,
            #[cfg(feature = "cranelift")]
            jit: None,
            #[cfg(feature = "cranelift")]
            tier: None,
        }
    }

    /// Registers a rec group (given with group-relative references) in the engine and
    /// appends its types.
    pub(crate) fn add_rec_group(&mut self, key: Vec<crate::types::registry::SubType>) -> Result<()> {
        let ids = self.engine.types().register_group(key)?;
        self.rec_groups.push(ids.len() as u32);
        for id in ids {
            let ty = Registered::new(self.engine.types(), id);
            let slots = |ts: &[CVal]| ts.iter().map(|&t| if t == CVal::V128 { 2 } else { 1 }).sum::<u32>();
            self.arities.push(ty.entry().func().map_or((0, 0), |(p, r)| (slots(p), slots(r))));
            self.sig_ids.push(id);
            self.layouts.push(crate::types::layout::layout(ty.entry()));
            self.types.push(ty);
        }
        Ok(())
    }

    /// Appends a translated defined function (a module loaded from an artifact).
    pub(crate) fn push_compiled(&mut self, ty: u32, body_len: u32, code: CompiledFunc) {
        let compiled = OnceLock::new();
        let _ = compiled.set(code);
        self.code.push(FuncCode {
            compiled,
            ty,
            #[cfg(feature = "parse")]
            body: 0..0,
            body_len,
            #[cfg(feature = "parse")]
            validator_ty: 0,
        });
    }

    /// Defined function `i`'s body size in the original module.
    pub(crate) fn body_len(&self, i: usize) -> u32 {
        self.code[i].body_len
    }

    /// Last step of loading: native code (Cranelift engines).
    pub(crate) fn finish(&mut self) -> Result<()> {
        #[cfg(feature = "cranelift")]
        if self.engine.config().uses_jit() {
            self.jit = Some(crate::jit::compile_module(self)?);
        }
        #[cfg(feature = "cranelift")]
        if self.engine.config().tiers() {
            self.tier = Some(crate::tier::ModuleTier::new(self.code.len(), self.engine.inner.tier_code_bytes.clone()));
        }
        Ok(())
    }

    /// Function type `i` of the module (validation guarantees it is one).
    pub(crate) fn func_type(&self, i: u32) -> FuncType {
        FuncType::from_registered(self.types[i as usize].clone())
    }
}
