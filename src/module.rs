//! `Module`: parsing, validation (wasmparser) and translation of a whole module, plus the
//! metadata instantiation needs (imports, exports, segments, constant expressions).

use crate::config::CompilationMode;
use crate::engine::Engine;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::sync::OnceLock;
use crate::translate::{ModuleEnv, translate_function};
use crate::types::registry::{CVal, Canonicalizer};
use crate::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, RefType, Registered, TableType,
    ValType,
};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use anyhow::{Context, Result, anyhow, bail};
use core::ops::Range;
use sheave_interp::vm::CompiledFunc;
use wasmparser::{
    FuncToValidate, FuncValidatorAllocations, Parser, Payload, ValidPayload, Validator, ValidatorResources,
};

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
    /// The body's byte range in `ModuleInner::wasm`.
    body: Range<usize>,
    /// The validator's type index for the function.
    validator_ty: u32,
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub name: Option<String>,
    /// The module's types, registered in the engine.
    pub types: Vec<Registered>,
    /// Engine-wide ids of `types` (what `call_indirect` and casts compare).
    pub sig_ids: Vec<u32>,
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
    pub heap_refs: bool,
    /// What a registry entry runs until its function is translated, per type index (lazy
    /// modes only): one `lazy_compile` op.
    stubs: Vec<CompiledFunc>,
    /// What translations after `Module::new` (lazy ones, `explore`'s) validate against.
    resources: Option<ValidatorResources>,
    pub func_names: BTreeMap<u32, String>,
    /// The original bytes (kept for serialization).
    pub wasm: Arc<[u8]>,
    /// Native code of the defined functions (Cranelift engines).
    #[cfg(feature = "cranelift")]
    pub jit: Option<sheave_jit::JitCode>,
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
        let inner = parse(engine, bytes, None)?;
        Ok(Module { inner: Arc::new(inner) })
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
        let mut validator = Validator::new_with_features(engine.config().wasm_features());
        validator.validate_all(bytes)?;
        Ok(())
    }

    /// Serializes the translated module into a precompiled artifact.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        crate::serialize::serialize(self)
    }

    /// Loads an artifact made by `serialize` or `Engine::precompile_module`.
    ///
    /// # Safety
    /// As in wasmtime the bytes must come from a trusted `serialize`; Sheave additionally
    /// checks the format version, op table and configuration, and re-validates the module.
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

    pub(crate) fn deserialize_checked(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let (wasm, code) = crate::serialize::deserialize(engine, bytes)?;
        let inner = parse(engine, &wasm, Some(code))?;
        Ok(Module { inner: Arc::new(inner) })
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
            let (f, offsets) = self.inner.translate_with_offsets(i)?;
            let index = i as u32 + self.inner.num_imported_funcs;
            // The name section's name, else the first export's.
            let export =
                || self.inner.exports.iter().find(|(_, e)| *e == ExportIndex::Func(index)).map(|(n, _)| n.as_str());
            let name = self.inner.func_names.get(&index).map(String::as_str).or_else(export).unwrap_or("");
            let _ = writeln!(
                out,
                "func {index} {name} (params {}, locals {}, frame {} slots):",
                f.params, f.locals, f.frame_size
            );
            let _ = write!(out, "{}", sheave_interp::code::Disassembly::with_offsets(&f.code, &offsets));
        }
        Ok(out)
    }

    /// Size statistics of the translated code (translating lazy functions first).
    pub fn code_stats(&self) -> Result<CodeStats> {
        let m = &self.inner;
        let mut stats = CodeStats { functions: m.code.len(), ..CodeStats::default() };
        for (i, f) in m.code.iter().enumerate() {
            let c = m.compiled(i)?;
            stats.wasm_body_bytes += f.body.len();
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
        Vec::new()
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
        let compiled = self.translate(i, None)?;
        // Another thread may have won the race; either translation is the same.
        let _ = f.compiled.set(compiled);
        Ok(f.compiled.get().expect("set above"))
    }

    /// Translates defined function `i` again, recording `(bytecode word, wasm offset)` at
    /// each operator that emitted code (for `explore`).
    pub(crate) fn translate_with_offsets(&self, i: usize) -> Result<(CompiledFunc, Vec<(u32, u32)>)> {
        let mut offsets = Vec::new();
        let c = self.translate(i, Some(&mut offsets))?;
        Ok((c, offsets))
    }

    fn translate(&self, i: usize, offsets: Option<&mut Vec<(u32, u32)>>) -> Result<CompiledFunc> {
        let f = &self.code[i];
        let func_index = self.num_imported_funcs + i as u32;
        let resources = self.resources.clone().expect("modules keep their validator resources");
        let features = self.engine.config().wasm_features();
        let to_validate = FuncToValidate { resources, index: func_index, ty: f.validator_ty, features };
        // Translation drives the validator, so a `Lazy` module's invalid body fails here.
        let mut fv = to_validate.into_validator(FuncValidatorAllocations::default());
        let body = wasmparser::FunctionBody::new(wasmparser::BinaryReader::new(
            &self.wasm[f.body.clone()],
            f.body.start as u64,
        ));
        let config = self.engine.config();
        let env = ModuleEnv {
            types: &self.arities,
            sigs: &self.types,
            layouts: &self.layouts,
            globals: &self.globals,
            func_types: &self.func_types,
            memories: &self.memories,
            tables: &self.tables,
            tags: &self.tags,
            fuel: config.consume_fuel,
            epoch: config.epoch_interruption,
            heap_refs: self.heap_refs,
        };
        let ty = self.func_types[func_index as usize];
        translate_function(&env, ty, &body, &mut fv, offsets)
            .with_context(|| format!("failed to translate function {func_index}"))
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

/// A validated constant expression (the validator checked its types and which operators it
/// may use).
fn const_expr(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    use wasmparser::Operator as O;
    let mut reader = expr.get_operators_reader();
    let mut ops = Vec::new();
    loop {
        let at = reader.original_position();
        let op = match reader.read()? {
            O::End => break,
            O::I32Const { value } => ConstOp::Push(ConstExpr1::Bits(value as u32 as u64)),
            O::I64Const { value } => ConstOp::Push(ConstExpr1::Bits(value as u64)),
            O::F32Const { value } => ConstOp::Push(ConstExpr1::Bits(value.bits() as u64)),
            O::F64Const { value } => ConstOp::Push(ConstExpr1::Bits(value.bits())),
            O::RefNull { .. } => ConstOp::Push(ConstExpr1::Bits(0)),
            O::RefFunc { function_index } => ConstOp::Push(ConstExpr1::RefFunc(function_index)),
            O::GlobalGet { global_index } => ConstOp::Push(ConstExpr1::GlobalGet(global_index)),
            O::I32Add => ConstOp::Binary(ConstBinary::I32Add),
            O::I32Sub => ConstOp::Binary(ConstBinary::I32Sub),
            O::I32Mul => ConstOp::Binary(ConstBinary::I32Mul),
            O::I64Add => ConstOp::Binary(ConstBinary::I64Add),
            O::I64Sub => ConstOp::Binary(ConstBinary::I64Sub),
            O::I64Mul => ConstOp::Binary(ConstBinary::I64Mul),
            #[cfg(feature = "simd")]
            O::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
            O::RefI31 => ConstOp::RefI31,
            // Extern and any references share one handle space: the conversions are moves.
            O::AnyConvertExtern | O::ExternConvertAny => continue,
            O::StructNew { struct_type_index: ty } => ConstOp::StructNew { ty, default: false },
            O::StructNewDefault { struct_type_index: ty } => ConstOp::StructNew { ty, default: true },
            O::ArrayNew { array_type_index: ty } => ConstOp::ArrayNew { ty, default: false },
            O::ArrayNewDefault { array_type_index: ty } => ConstOp::ArrayNew { ty, default: true },
            O::ArrayNewFixed { array_type_index: ty, array_size: n } => ConstOp::ArrayNewFixed { ty, n },
            // Not `{op:?}`: `Operator`'s Debug is 38 KB of code on a 32-bit board, for a
            // message the validator's own check makes unreachable in practice.
            _ => bail!("unsupported operator in a constant expression (at byte {at:#x})"),
        };
        ops.push(op);
    }
    Ok(match ops.as_slice() {
        [ConstOp::Push(ConstExpr1::Bits(b))] => ConstExpr::Bits(*b),
        [ConstOp::Push(ConstExpr1::GlobalGet(g))] => ConstExpr::GlobalGet(*g),
        [ConstOp::Push(ConstExpr1::RefFunc(f))] => ConstExpr::RefFunc(*f),
        [ConstOp::V128(v)] => ConstExpr::V128(*v),
        _ => ConstExpr::Ops(ops.into()),
    })
}

impl ModuleInner {
    /// Function type `i` of the module (validation guarantees it is one).
    pub(crate) fn func_type(&self, i: u32) -> FuncType {
        FuncType::from_registered(self.types[i as usize].clone())
    }

    /// Whether any type, table or global of the module mentions a heap reference type (a
    /// struct or array type counts: its allocations make such references).
    fn mentions_heap_refs(&self) -> bool {
        use crate::types::registry::Composite;
        let val = |v: &CVal| match v {
            CVal::Ref { heap, .. } => crate::translate::heap_ref(*heap, &self.types),
            _ => false,
        };
        self.types.iter().any(|t| match &t.entry().ty.composite {
            Composite::Func { params, results } => params.iter().chain(results.iter()).any(val),
            Composite::Struct(_) | Composite::Array(_) => true,
        }) || self.tables.iter().any(|t| crate::externals::holds_heap_refs(&ValType::Ref(t.element().clone())))
            || self.globals.iter().any(|g| crate::externals::holds_heap_refs(g.content()))
    }

    fn canonicalizer(&self) -> Canonicalizer<'_> {
        Canonicalizer { module_ids: &self.sig_ids, group_start: self.sig_ids.len() as u32 }
    }

    /// The API type of a validated value type of this module.
    pub(crate) fn val_type(&self, t: wasmparser::ValType) -> Result<ValType> {
        Ok(ValType::from_canonical(self.engine.types(), self.canonicalizer().val(t)?))
    }

    /// The API type of a validated reference type of this module.
    pub(crate) fn ref_type(&self, t: wasmparser::RefType) -> Result<RefType> {
        match self.val_type(wasmparser::ValType::Ref(t))? {
            ValType::Ref(r) => Ok(r),
            _ => unreachable!("a reference type converts to a reference type"),
        }
    }
}

fn table_type(t: &wasmparser::TableType, m: &ModuleInner) -> Result<TableType> {
    let element = m.ref_type(t.element_type)?;
    if t.table64 {
        return Ok(TableType::new64(element, t.initial, t.maximum));
    }
    Ok(TableType::new(element, t.initial as u32, t.maximum.map(|m| m as u32)))
}

fn memory_type(m: &wasmparser::MemoryType) -> Result<MemoryType> {
    if m.shared {
        bail!("shared memories are not supported (threads are not implemented)");
    }
    let log2 = m.page_size_log2.unwrap_or(16);
    let log2 = u8::try_from(log2).ok().filter(|&l| l <= 16).ok_or_else(|| anyhow!("unsupported page size 2^{log2}"))?;
    let ty = if m.memory64 {
        MemoryType::new64(m.initial, m.maximum)
    } else {
        MemoryType::new(m.initial as u32, m.maximum.map(|m| m as u32))
    };
    Ok(ty.with_page_size_log2(log2))
}

fn global_type(g: &wasmparser::GlobalType, m: &ModuleInner) -> Result<GlobalType> {
    let mutability = if g.mutable { Mutability::Var } else { Mutability::Const };
    Ok(GlobalType::new(m.val_type(g.content_type)?, mutability))
}

/// Parses, validates and (unless `code` is given) translates a module.
fn parse(engine: &Engine, bytes: &[u8], code: Option<Vec<CompiledFunc>>) -> Result<ModuleInner> {
    let config = engine.config();
    let mut validator = Validator::new_with_features(config.wasm_features());
    let mut m = ModuleInner {
        engine: engine.clone(),
        name: None,
        types: Vec::new(),
        sig_ids: Vec::new(),
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
        heap_refs: false,
        stubs: Vec::new(),
        resources: None,
        func_names: BTreeMap::new(),
        wasm: Arc::from(bytes),
        #[cfg(feature = "cranelift")]
        jit: None,
    };
    let mode = if code.is_some() { CompilationMode::Eager } else { config.compilation_mode };
    let mut precompiled = code.map(|c| c.into_iter());
    let mut allocs = wasmparser::FuncValidatorAllocations::default();
    let mut defined_index = 0u32;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Func(func, body) => {
                let func_index = m.num_imported_funcs + defined_index;
                defined_index += 1;
                let ty = m.func_types[func_index as usize];
                let range = body.range();
                let entry = FuncCode {
                    compiled: OnceLock::new(),
                    ty,
                    body: range.start as usize..range.end as usize,
                    validator_ty: func.ty,
                };
                if m.resources.is_none() {
                    // Kept for lazy translation and for `explore`'s offset listing.
                    m.resources = Some(func.resources.clone());
                    m.heap_refs = m.mentions_heap_refs();
                    if mode != CompilationMode::Eager {
                        m.stubs = m.arities.iter().map(|&(p, r)| CompiledFunc::lazy_stub(p, r)).collect();
                    }
                }
                if precompiled.is_none() && mode == CompilationMode::Lazy {
                    // Validated and translated on the first call.
                    m.code.push(entry);
                    continue;
                }
                let env = ModuleEnv {
                    types: &m.arities,
                    sigs: &m.types,
                    layouts: &m.layouts,
                    globals: &m.globals,
                    func_types: &m.func_types,
                    memories: &m.memories,
                    tables: &m.tables,
                    tags: &m.tags,
                    fuel: config.consume_fuel,
                    epoch: config.epoch_interruption,
                    heap_refs: m.heap_refs,
                };
                // To validate the body again should lazy validation leave a limit undecided.
                let again = wasmparser::FuncToValidate {
                    resources: func.resources.clone(),
                    index: func.index,
                    ty: func.ty,
                    features: func.features,
                };
                let mut fv = func.into_validator(core::mem::take(&mut allocs));
                match (precompiled.as_mut(), mode) {
                    (Some(it), _) => {
                        // Validate the body again: the artifact's code replaces only translation.
                        fv.validate(&body)?;
                        let c = it.next().ok_or_else(|| anyhow!("artifact holds fewer functions than the module"))?;
                        let _ = entry.compiled.set(c);
                    }
                    (None, CompilationMode::Eager) => {
                        let c = translate_function(&env, ty, &body, &mut fv, None)
                            .with_context(|| format!("failed to translate function {func_index}"))?;
                        let _ = entry.compiled.set(c);
                    }
                    (None, _) => {
                        let params = m.arities[ty as usize].0;
                        if crate::translate::validate_lazily(params, &body, &mut fv)? {
                            let mut fv = again.into_validator(Default::default());
                            let c = translate_function(&env, ty, &body, &mut fv, None)
                                .with_context(|| format!("failed to translate function {func_index}"))?;
                            let _ = entry.compiled.set(c);
                        }
                    }
                }
                allocs = fv.into_allocations();
                m.code.push(entry);
                continue;
            }
            ValidPayload::Parser(_) => bail!("nested modules and components are not supported"),
            ValidPayload::Ok | ValidPayload::End(_) => {}
        }
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader {
                    let group = group?;
                    let group_start = m.types.len() as u32;
                    let canon = Canonicalizer { module_ids: &m.sig_ids, group_start };
                    let key = group.types().map(|sub| canon.sub(sub)).collect::<Result<Vec<_>>>()?;
                    let ids = engine.types().register_group(key)?;
                    for id in ids {
                        let ty = Registered::new(engine.types(), id);
                        let slots = |ts: &[CVal]| ts.iter().map(|&t| if t == CVal::V128 { 2 } else { 1 }).sum::<u32>();
                        m.arities.push(ty.entry().func().map_or((0, 0), |(p, r)| (slots(p), slots(r))));
                        m.sig_ids.push(id);
                        m.layouts.push(crate::types::layout::layout(ty.entry()));
                        m.types.push(ty);
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    let ty = match import.ty {
                        wasmparser::TypeRef::Func(t) => {
                            m.func_types.push(t);
                            m.num_imported_funcs += 1;
                            ExternType::Func(m.func_type(t))
                        }
                        wasmparser::TypeRef::Table(t) => {
                            let t = table_type(&t, &m)?;
                            m.tables.push(t.clone());
                            m.num_imported_tables += 1;
                            ExternType::Table(t)
                        }
                        wasmparser::TypeRef::Memory(mt) => {
                            let mt = memory_type(&mt)?;
                            m.memories.push(mt.clone());
                            m.num_imported_memories += 1;
                            ExternType::Memory(mt)
                        }
                        wasmparser::TypeRef::Global(g) => {
                            let g = global_type(&g, &m)?;
                            m.globals.push(g.clone());
                            m.num_imported_globals += 1;
                            ExternType::Global(g)
                        }
                        wasmparser::TypeRef::Tag(t) => {
                            let t = crate::TagType::new(m.func_type(t.func_type_idx));
                            m.tags.push(t.clone());
                            m.num_imported_tags += 1;
                            ExternType::Tag(t)
                        }
                        other => bail!("unsupported import kind {other:?}"),
                    };
                    m.imports.push(Import { module: import.module.to_string(), name: import.name.to_string(), ty });
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    m.func_types.push(t?);
                }
            }
            Payload::TableSection(reader) => {
                for t in reader {
                    let t = t?;
                    m.table_inits.push(match t.init {
                        wasmparser::TableInit::RefNull => ConstExpr::Bits(0),
                        wasmparser::TableInit::Expr(e) => const_expr(&e)?,
                    });
                    m.tables.push(table_type(&t.ty, &m)?);
                }
            }
            Payload::MemorySection(reader) => {
                for mt in reader {
                    m.memories.push(memory_type(&mt?)?);
                }
            }
            Payload::GlobalSection(reader) => {
                for g in reader {
                    let g = g?;
                    m.globals.push(global_type(&g.ty, &m)?);
                    m.global_inits.push(const_expr(&g.init_expr)?);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e?;
                    let idx = match e.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            ExportIndex::Func(e.index)
                        }
                        wasmparser::ExternalKind::Table => ExportIndex::Table(e.index),
                        wasmparser::ExternalKind::Memory => ExportIndex::Memory(e.index),
                        wasmparser::ExternalKind::Global => ExportIndex::Global(e.index),
                        wasmparser::ExternalKind::Tag => ExportIndex::Tag(e.index),
                    };
                    m.exports.push((e.name.to_string(), idx));
                }
            }
            Payload::StartSection { func, .. } => m.start = Some(func),
            Payload::TagSection(reader) => {
                for t in reader {
                    m.tags.push(crate::TagType::new(m.func_type(t?.func_type_idx)));
                }
            }
            Payload::ElementSection(reader) => {
                for e in reader {
                    let e = e?;
                    let mode = match e.kind {
                        wasmparser::ElementKind::Passive => SegmentMode::Passive,
                        wasmparser::ElementKind::Declared => SegmentMode::Declared,
                        wasmparser::ElementKind::Active { table_index, offset_expr } => {
                            SegmentMode::Active { index: table_index.unwrap_or(0), offset: const_expr(&offset_expr)? }
                        }
                    };
                    let mut items = Vec::new();
                    match e.items {
                        wasmparser::ElementItems::Functions(r) => {
                            for f in r {
                                items.push(ConstExpr::RefFunc(f?));
                            }
                        }
                        wasmparser::ElementItems::Expressions(_, r) => {
                            for expr in r {
                                items.push(const_expr(&expr?)?);
                            }
                        }
                    }
                    m.elems.push(ElemSegment { mode, items });
                }
            }
            Payload::DataSection(reader) => {
                for d in reader {
                    let d = d?;
                    let mode = match d.kind {
                        wasmparser::DataKind::Passive => SegmentMode::Passive,
                        wasmparser::DataKind::Active { memory_index, offset_expr } => {
                            SegmentMode::Active { index: memory_index, offset: const_expr(&offset_expr)? }
                        }
                    };
                    // `d.data` borrows from `bytes`, which `m.wasm` copies.
                    let start = d.data.as_ptr() as usize - bytes.as_ptr() as usize;
                    m.datas.push(DataSegment { mode, bytes: start..start + d.data.len() });
                }
            }
            Payload::CustomSection(reader) => {
                if let wasmparser::KnownCustom::Name(names) = reader.as_known() {
                    // A malformed name section is ignored, as the spec requires for custom sections.
                    let _ = read_names(&mut m, names);
                }
            }
            _ => {}
        }
    }
    if let Some(mut rest) = precompiled
        && rest.next().is_some()
    {
        bail!("artifact holds more functions than the module");
    }
    #[cfg(feature = "cranelift")]
    if config.uses_jit() {
        m.jit = Some(crate::jit::compile_module(&m)?);
    }
    Ok(m)
}

fn read_names(m: &mut ModuleInner, names: wasmparser::NameSectionReader<'_>) -> Result<()> {
    for name in names {
        match name? {
            wasmparser::Name::Module { name, .. } => m.name = Some(name.to_string()),
            wasmparser::Name::Function(map) => {
                for naming in map {
                    let naming = naming?;
                    m.func_names.insert(naming.index, naming.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(())
}
