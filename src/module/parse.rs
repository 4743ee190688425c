//! Reading a `.wasm` module: parsing and validation (wasmparser) and translation to
//! bytecode, into a `ModuleInner` (feature `parse`; a build without it loads artifacts only).

use super::*;
use crate::config::CompilationMode;
use crate::translate::{ModuleEnv, translate_function};
use crate::types::registry::Canonicalizer;
use crate::types::{Mutability, RefType, ValType};
use wasmparser::{FuncToValidate, FuncValidatorAllocations, Parser, Payload, ValidPayload, Validator};

impl ModuleInner {
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

    /// Translates defined function `i` again, recording `(bytecode word, wasm offset)` at
    /// each operator that emitted code (for `explore`).
    /// `None` for a module loaded from an artifact, which keeps no bodies.
    pub(crate) fn translate_with_offsets(&self, i: usize) -> Result<Option<Retranslated>> {
        if self.resources.is_none() {
            return Ok(None);
        }
        let mut offsets = Vec::new();
        let c = self.translate(i, Some(&mut offsets))?;
        Ok(Some((c, offsets)))
    }

    pub(super) fn translate(&self, i: usize, offsets: Option<&mut Vec<(u32, u32)>>) -> Result<CompiledFunc> {
        let f = &self.code[i];
        let func_index = self.num_imported_funcs + i as u32;
        let Some(resources) = self.resources.clone() else {
            bail!("function {func_index} of a module loaded from an artifact has no body to translate");
        };
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
            tier_func: config.tiers().then_some(func_index),
        };
        let ty = self.func_types[func_index as usize];
        translate_function(&env, ty, &body, &mut fv, offsets)
            .with_context(|| format!("failed to translate function {func_index}"))
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

/// Parses, validates and translates a module (in `Lazy` mode, its functions on first call).
pub(super) fn parse(engine: &Engine, bytes: &[u8]) -> Result<ModuleInner> {
    let config = engine.config();
    let mut validator = Validator::new_with_features(config.wasm_features());
    let mut m = ModuleInner::empty(engine, Arc::from(bytes));
    let mode = config.compilation_mode;
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
                    body_len: (range.end - range.start) as u32,
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
                if mode == CompilationMode::Lazy {
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
                    tier_func: config.tiers().then_some(func_index),
                };
                // To validate the body again should lazy validation leave a limit undecided.
                let again = wasmparser::FuncToValidate {
                    resources: func.resources.clone(),
                    index: func.index,
                    ty: func.ty,
                    features: func.features,
                };
                let mut fv = func.into_validator(core::mem::take(&mut allocs));
                match mode {
                    CompilationMode::Eager => {
                        let c = translate_function(&env, ty, &body, &mut fv, None)
                            .with_context(|| format!("failed to translate function {func_index}"))?;
                        let _ = entry.compiled.set(c);
                    }
                    _ => {
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
                    m.add_rec_group(key)?;
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
    m.finish()?;
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
