//! The module description an artifact carries instead of the `.wasm`: types (by rec group),
//! imports, defined functions' types, tables, memories, globals, tags, exports, the start
//! function, segments and names. Loading it needs no parser, so a build without the `parse`
//! feature (a microcontroller's) loads artifacts.
//!
//! Types are written with module indices (engine ids differ between engines) and read back
//! through the engine's registry. Every index read is checked against what precedes it, so
//! corrupted bytes are an error, never an out-of-bounds access at instantiation.

use super::{Reader, Writer};
use crate::module::{ConstBinary, ConstExpr, ConstExpr1, ConstOp, DataSegment, ElemSegment, ExportIndex, Import};
use crate::module::{ModuleInner, SegmentMode};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::types::registry::{Abstract, CField, CHeap, CStorage, CVal, Composite, SubType};
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType, ValType};
use anyhow::{Result, anyhow};

const ABSTRACT: [Abstract; 12] = [
    Abstract::Func,
    Abstract::NoFunc,
    Abstract::Extern,
    Abstract::NoExtern,
    Abstract::Exn,
    Abstract::NoExn,
    Abstract::Any,
    Abstract::Eq,
    Abstract::I31,
    Abstract::Struct,
    Abstract::Array,
    Abstract::None,
];

/// Engine ids back to module type indices: `ids[..]` are the module's, `group` (first id,
/// count) the rec group being written, whose members are written group-relative.
struct TypeNames<'a> {
    ids: &'a [u32],
    group: Option<(u32, u32)>,
}

impl TypeNames<'_> {
    fn heap(&self, w: &mut Writer, h: CHeap) {
        match h {
            CHeap::Abs(a) => {
                w.u8(0);
                w.u8(ABSTRACT.iter().position(|&x| x == a).expect("every abstract type is listed") as u8);
            }
            CHeap::Id(id) => match self.group {
                Some((first, n)) if (first..first + n).contains(&id) => {
                    w.u8(2);
                    w.u32(id - first);
                }
                _ => {
                    w.u8(1);
                    w.u32(module_index(self.ids, id));
                }
            },
            CHeap::Rec(i) => {
                w.u8(2);
                w.u32(i);
            }
        }
    }
    fn val(&self, w: &mut Writer, v: CVal) {
        match v {
            CVal::I32 => w.u8(0),
            CVal::I64 => w.u8(1),
            CVal::F32 => w.u8(2),
            CVal::F64 => w.u8(3),
            CVal::V128 => w.u8(4),
            CVal::Ref { nullable, heap } => {
                w.u8(5 + nullable as u8);
                self.heap(w, heap);
            }
        }
    }
    fn field(&self, w: &mut Writer, f: CField) {
        match f.storage {
            CStorage::I8 => w.u8(0),
            CStorage::I16 => w.u8(1),
            CStorage::Val(v) => {
                w.u8(2);
                self.val(w, v);
            }
        }
        w.u8(f.mutable as u8);
    }
    fn vals(&self, w: &mut Writer, vs: &[CVal]) {
        w.u32(vs.len() as u32);
        vs.iter().for_each(|&v| self.val(w, v));
    }
    fn sub(&self, w: &mut Writer, s: &SubType) {
        match &s.composite {
            Composite::Func { params, results } => {
                w.u8(0);
                self.vals(w, params);
                self.vals(w, results);
            }
            Composite::Struct(fields) => {
                w.u8(1);
                w.u32(fields.len() as u32);
                fields.iter().for_each(|&f| self.field(w, f));
            }
            Composite::Array(f) => {
                w.u8(2);
                self.field(w, *f);
            }
        }
        w.u8(s.is_final as u8);
        match s.supertype {
            None => w.u8(0),
            Some(h) => {
                w.u8(1);
                self.heap(w, h);
            }
        }
    }
}

/// The module type index of engine type `id`: equal ids are equal types, so any index
/// holding the id names it (a module's types only name its own types).
fn module_index(ids: &[u32], id: u32) -> u32 {
    ids.iter().position(|&x| x == id).expect("a module's types name its own types") as u32
}

/// Reads types back: module index `i` is `ids[i]` (below `limit`), group-relative
/// indices are allowed below `rec` (a rec group's key).
struct TypeReader<'a> {
    ids: &'a [u32],
    rec: Option<u32>,
}

impl TypeReader<'_> {
    fn heap(&self, r: &mut Reader) -> Result<CHeap> {
        Ok(match r.u8()? {
            0 => CHeap::Abs(*ABSTRACT.get(r.u8()? as usize).ok_or_else(|| bad("abstract heap type"))?),
            1 => CHeap::Id(*self.ids.get(r.u32()? as usize).ok_or_else(|| bad("type index"))?),
            2 => match (r.u32()?, self.rec) {
                (i, Some(n)) if i < n => CHeap::Rec(i),
                _ => return Err(bad("rec group index")),
            },
            _ => return Err(bad("heap type")),
        })
    }
    fn val(&self, r: &mut Reader) -> Result<CVal> {
        Ok(match r.u8()? {
            0 => CVal::I32,
            1 => CVal::I64,
            2 => CVal::F32,
            3 => CVal::F64,
            4 => CVal::V128,
            t @ (5 | 6) => CVal::Ref { nullable: t == 6, heap: self.heap(r)? },
            _ => return Err(bad("value type")),
        })
    }
    fn field(&self, r: &mut Reader) -> Result<CField> {
        let storage = match r.u8()? {
            0 => CStorage::I8,
            1 => CStorage::I16,
            2 => CStorage::Val(self.val(r)?),
            _ => return Err(bad("storage type")),
        };
        Ok(CField { storage, mutable: r.bool()? })
    }
    fn vals(&self, r: &mut Reader) -> Result<Box<[CVal]>> {
        let n = r.count()?;
        (0..n).map(|_| self.val(r)).collect()
    }
    fn sub(&self, r: &mut Reader) -> Result<SubType> {
        let composite = match r.u8()? {
            0 => Composite::Func { params: self.vals(r)?, results: self.vals(r)? },
            1 => {
                let n = r.count()?;
                Composite::Struct((0..n).map(|_| self.field(r)).collect::<Result<_>>()?)
            }
            2 => Composite::Array(self.field(r)?),
            _ => return Err(bad("composite type")),
        };
        let is_final = r.bool()?;
        let supertype = if r.bool()? { Some(self.heap(r)?) } else { None };
        Ok(SubType { composite, is_final, supertype })
    }
}

fn bad(what: &str) -> anyhow::Error {
    anyhow!("precompiled artifact holds a malformed module description (bad {what})")
}

fn write_const(w: &mut Writer, e: &ConstExpr) {
    match e {
        ConstExpr::Bits(b) => {
            w.u8(0);
            w.u64(*b);
        }
        ConstExpr::V128(v) => {
            w.u8(1);
            w.u128(*v);
        }
        ConstExpr::RefFunc(f) => {
            w.u8(2);
            w.u32(*f);
        }
        ConstExpr::GlobalGet(g) => {
            w.u8(3);
            w.u32(*g);
        }
        ConstExpr::Ops(ops) => {
            w.u8(4);
            w.u32(ops.len() as u32);
            for op in ops.iter() {
                match *op {
                    ConstOp::Push(ConstExpr1::Bits(b)) => {
                        w.u8(0);
                        w.u64(b);
                    }
                    ConstOp::Push(ConstExpr1::GlobalGet(g)) => {
                        w.u8(1);
                        w.u32(g);
                    }
                    ConstOp::Push(ConstExpr1::RefFunc(f)) => {
                        w.u8(2);
                        w.u32(f);
                    }
                    ConstOp::Binary(b) => {
                        w.u8(3);
                        w.u8(BINARY.iter().position(|&x| x == b).expect("every binary op is listed") as u8);
                    }
                    ConstOp::V128(v) => {
                        w.u8(4);
                        w.u128(v);
                    }
                    ConstOp::RefI31 => w.u8(5),
                    ConstOp::StructNew { ty, default } => {
                        w.u8(6);
                        w.u32(ty);
                        w.u8(default as u8);
                    }
                    ConstOp::ArrayNew { ty, default } => {
                        w.u8(7);
                        w.u32(ty);
                        w.u8(default as u8);
                    }
                    ConstOp::ArrayNewFixed { ty, n } => {
                        w.u8(8);
                        w.u32(ty);
                        w.u32(n);
                    }
                }
            }
        }
    }
}

const BINARY: [ConstBinary; 6] = [
    ConstBinary::I32Add,
    ConstBinary::I32Sub,
    ConstBinary::I32Mul,
    ConstBinary::I64Add,
    ConstBinary::I64Sub,
    ConstBinary::I64Mul,
];

/// Bounds a constant expression's indices may not reach (the module's functions and
/// globals, and which type indices are struct or array types).
struct ConstScope<'a> {
    funcs: u32,
    globals: u32,
    m: &'a ModuleInner,
}

impl ConstScope<'_> {
    fn func(&self, f: u32) -> Result<u32> {
        if f < self.funcs { Ok(f) } else { Err(bad("function index")) }
    }
    fn global(&self, g: u32) -> Result<u32> {
        if g < self.globals { Ok(g) } else { Err(bad("global index")) }
    }
    fn gc_type(&self, ty: u32, array: bool) -> Result<u32> {
        match self.m.types.get(ty as usize).map(|t| &t.entry().ty.composite) {
            Some(Composite::Array(_)) if array => Ok(ty),
            Some(Composite::Struct(_)) if !array => Ok(ty),
            _ => Err(bad("type index")),
        }
    }
    fn read(&self, r: &mut Reader) -> Result<ConstExpr> {
        Ok(match r.u8()? {
            0 => ConstExpr::Bits(r.u64()?),
            1 => ConstExpr::V128(r.u128()?),
            2 => ConstExpr::RefFunc(self.func(r.u32()?)?),
            3 => ConstExpr::GlobalGet(self.global(r.u32()?)?),
            4 => {
                let n = r.count()?;
                let mut ops = Vec::with_capacity(n);
                for _ in 0..n {
                    ops.push(match r.u8()? {
                        0 => ConstOp::Push(ConstExpr1::Bits(r.u64()?)),
                        1 => ConstOp::Push(ConstExpr1::GlobalGet(self.global(r.u32()?)?)),
                        2 => ConstOp::Push(ConstExpr1::RefFunc(self.func(r.u32()?)?)),
                        3 => ConstOp::Binary(*BINARY.get(r.u8()? as usize).ok_or_else(|| bad("constant operator"))?),
                        4 => ConstOp::V128(r.u128()?),
                        5 => ConstOp::RefI31,
                        6 => ConstOp::StructNew { ty: self.gc_type(r.u32()?, false)?, default: r.bool()? },
                        7 => ConstOp::ArrayNew { ty: self.gc_type(r.u32()?, true)?, default: r.bool()? },
                        8 => ConstOp::ArrayNewFixed { ty: self.gc_type(r.u32()?, true)?, n: r.u32()? },
                        _ => return Err(bad("constant operator")),
                    });
                }
                ConstExpr::Ops(ops.into())
            }
            _ => return Err(bad("constant expression")),
        })
    }
}

impl ModuleInner {
    fn names(&self) -> TypeNames<'_> {
        TypeNames { ids: &self.sig_ids, group: None }
    }
    fn type_index(&self, t: &crate::FuncType) -> u32 {
        module_index(&self.sig_ids, t.registered().id())
    }
    fn write_extern(&self, w: &mut Writer, ty: &ExternType) {
        match ty {
            ExternType::Func(f) => {
                w.u8(0);
                w.u32(self.type_index(f));
            }
            ExternType::Table(t) => {
                w.u8(1);
                self.write_table(w, t);
            }
            ExternType::Memory(mt) => {
                w.u8(2);
                write_memory(w, mt);
            }
            ExternType::Global(g) => {
                w.u8(3);
                self.write_global(w, g);
            }
            ExternType::Tag(t) => {
                w.u8(4);
                w.u32(self.type_index(t.ty()));
            }
        }
    }
    fn write_table(&self, w: &mut Writer, t: &TableType) {
        self.names().val(w, ValType::Ref(t.element().clone()).to_canonical());
        w.u8(t.is_64() as u8);
        w.u64(t.minimum());
        w.opt_u64(t.maximum());
    }
    fn write_global(&self, w: &mut Writer, g: &GlobalType) {
        self.names().val(w, g.content().to_canonical());
        w.u8(g.mutability().is_var() as u8);
    }

    fn func_type_index(&self, r: &mut Reader) -> Result<u32> {
        let t = r.u32()?;
        match self.types.get(t as usize) {
            Some(ty) if ty.entry().func().is_some() => Ok(t),
            _ => Err(bad("function type index")),
        }
    }
    fn read_val(&self, r: &mut Reader) -> Result<ValType> {
        let v = TypeReader { ids: &self.sig_ids, rec: None }.val(r)?;
        Ok(ValType::from_canonical(self.engine.types(), v))
    }
    fn read_table(&self, r: &mut Reader) -> Result<TableType> {
        let ValType::Ref(element) = self.read_val(r)? else { return Err(bad("table element type")) };
        let is_64 = r.bool()?;
        let (min, max) = (r.u64()?, r.opt_u64()?);
        Ok(if is_64 {
            TableType::new64(element, min, max)
        } else {
            let narrow = |v: u64| u32::try_from(v).map_err(|_| bad("table limits"));
            TableType::new(element, narrow(min)?, max.map(narrow).transpose()?)
        })
    }
    fn read_global(&self, r: &mut Reader) -> Result<GlobalType> {
        let content = self.read_val(r)?;
        Ok(GlobalType::new(content, if r.bool()? { Mutability::Var } else { Mutability::Const }))
    }
    fn const_scope(&self) -> ConstScope<'_> {
        ConstScope { funcs: self.func_types.len() as u32, globals: self.globals.len() as u32, m: self }
    }
    fn read_mode(&self, r: &mut Reader, spaces: usize) -> Result<SegmentMode> {
        Ok(match r.u8()? {
            0 => SegmentMode::Passive,
            1 => SegmentMode::Declared,
            2 => {
                let index = r.u32()?;
                if index as usize >= spaces {
                    return Err(bad("segment target"));
                }
                SegmentMode::Active { index, offset: self.const_scope().read(r)? }
            }
            _ => return Err(bad("segment mode")),
        })
    }
}

fn write_memory(w: &mut Writer, m: &MemoryType) {
    w.u8(m.is_64() as u8);
    w.u64(m.minimum());
    w.opt_u64(m.maximum());
    w.u8(m.page_size_log2());
}

fn read_memory(r: &mut Reader) -> Result<MemoryType> {
    let is_64 = r.bool()?;
    let (min, max) = (r.u64()?, r.opt_u64()?);
    let log2 = r.u8()?;
    if log2 > 16 {
        return Err(bad("page size"));
    }
    let ty = if is_64 {
        MemoryType::new64(min, max)
    } else {
        let narrow = |v: u64| u32::try_from(v).map_err(|_| bad("memory limits"));
        MemoryType::new(narrow(min)?, max.map(narrow).transpose()?)
    };
    Ok(ty.with_page_size_log2(log2))
}

fn write_mode(w: &mut Writer, mode: &SegmentMode) {
    match mode {
        SegmentMode::Passive => w.u8(0),
        SegmentMode::Declared => w.u8(1),
        SegmentMode::Active { index, offset } => {
            w.u8(2);
            w.u32(*index);
            write_const(w, offset);
        }
    }
}

/// Writes `m`'s description; data segments' bytes follow as one blob.
pub(super) fn write(w: &mut Writer, m: &ModuleInner) {
    w.opt_str(m.name.as_deref());
    w.u32(m.func_names.len() as u32);
    for (i, name) in &m.func_names {
        w.u32(*i);
        w.str(name);
    }
    w.u32(m.rec_groups.len() as u32);
    let mut start = 0usize;
    for &n in &m.rec_groups {
        let group = &m.types[start..start + n as usize];
        // (A rec group may be empty.)
        let names = TypeNames { ids: &m.sig_ids[..start], group: group.first().map(|t| (t.id(), n)) };
        w.u32(n);
        group.iter().for_each(|t| names.sub(w, &t.entry().ty));
        start += n as usize;
    }
    w.u32(m.imports.len() as u32);
    for i in &m.imports {
        w.str(&i.module);
        w.str(&i.name);
        m.write_extern(w, &i.ty);
    }
    let defined = &m.func_types[m.num_imported_funcs as usize..];
    w.u32(defined.len() as u32);
    defined.iter().for_each(|&t| w.u32(t));
    let tables = &m.tables[m.num_imported_tables as usize..];
    w.u32(tables.len() as u32);
    for (t, init) in tables.iter().zip(&m.table_inits) {
        m.write_table(w, t);
        write_const(w, init);
    }
    let memories = &m.memories[m.num_imported_memories as usize..];
    w.u32(memories.len() as u32);
    memories.iter().for_each(|mt| write_memory(w, mt));
    let globals = &m.globals[m.num_imported_globals as usize..];
    w.u32(globals.len() as u32);
    for (g, init) in globals.iter().zip(&m.global_inits) {
        m.write_global(w, g);
        write_const(w, init);
    }
    let tags = &m.tags[m.num_imported_tags as usize..];
    w.u32(tags.len() as u32);
    tags.iter().for_each(|t| w.u32(m.type_index(t.ty())));
    w.u32(m.exports.len() as u32);
    for (name, idx) in &m.exports {
        w.str(name);
        let (kind, i) = match *idx {
            ExportIndex::Func(i) => (0, i),
            ExportIndex::Table(i) => (1, i),
            ExportIndex::Memory(i) => (2, i),
            ExportIndex::Global(i) => (3, i),
            ExportIndex::Tag(i) => (4, i),
        };
        w.u8(kind);
        w.u32(i);
    }
    w.opt_u64(m.start.map(u64::from));
    w.u32(m.elems.len() as u32);
    for e in &m.elems {
        write_mode(w, &e.mode);
        w.u32(e.items.len() as u32);
        e.items.iter().for_each(|item| write_const(w, item));
    }
    w.u32(m.datas.len() as u32);
    for d in &m.datas {
        write_mode(w, &d.mode);
        w.u32(d.bytes.len() as u32);
    }
    let blob: usize = m.datas.iter().map(|d| d.bytes.len()).sum();
    w.u64(blob as u64);
    for d in &m.datas {
        w.bytes(&m.wasm[d.bytes.clone()]);
    }
}

/// Reads a description written by `write` into `m` (empty, of `m.engine`).
pub(super) fn read(r: &mut Reader, m: &mut ModuleInner) -> Result<()> {
    m.name = r.opt_str()?;
    for _ in 0..r.count()? {
        let i = r.u32()?;
        m.func_names.insert(i, r.str()?);
    }
    for _ in 0..r.count()? {
        let n = r.count()? as u32;
        let types = TypeReader { ids: &m.sig_ids, rec: Some(n) };
        let key = (0..n).map(|_| types.sub(r)).collect::<Result<Vec<_>>>()?;
        m.add_rec_group(key)?;
    }
    for _ in 0..r.count()? {
        let (module, name) = (r.str()?, r.str()?);
        let ty = match r.u8()? {
            0 => {
                let t = m.func_type_index(r)?;
                m.func_types.push(t);
                m.num_imported_funcs += 1;
                ExternType::Func(m.func_type(t))
            }
            1 => {
                let t = m.read_table(r)?;
                m.tables.push(t.clone());
                m.num_imported_tables += 1;
                ExternType::Table(t)
            }
            2 => {
                let mt = read_memory(r)?;
                m.memories.push(mt.clone());
                m.num_imported_memories += 1;
                ExternType::Memory(mt)
            }
            3 => {
                let g = m.read_global(r)?;
                m.globals.push(g.clone());
                m.num_imported_globals += 1;
                ExternType::Global(g)
            }
            4 => {
                let t = crate::TagType::new(m.func_type(m.func_type_index(r)?));
                m.tags.push(t.clone());
                m.num_imported_tags += 1;
                ExternType::Tag(t)
            }
            _ => return Err(bad("import kind")),
        };
        m.imports.push(Import { module, name, ty });
    }
    for _ in 0..r.count()? {
        let t = m.func_type_index(r)?;
        m.func_types.push(t);
    }
    for _ in 0..r.count()? {
        let t = m.read_table(r)?;
        // The initialiser sees the imported globals (and, with GC, earlier globals).
        let init = m.const_scope().read(r)?;
        m.tables.push(t);
        m.table_inits.push(init);
    }
    for _ in 0..r.count()? {
        m.memories.push(read_memory(r)?);
    }
    for _ in 0..r.count()? {
        let g = m.read_global(r)?;
        let init = m.const_scope().read(r)?;
        m.globals.push(g);
        m.global_inits.push(init);
    }
    for _ in 0..r.count()? {
        let t = m.func_type_index(r)?;
        m.tags.push(crate::TagType::new(m.func_type(t)));
    }
    for _ in 0..r.count()? {
        let name = r.str()?;
        let (kind, i) = (r.u8()?, r.u32()?);
        let (idx, space) = match kind {
            0 => (ExportIndex::Func(i), m.func_types.len()),
            1 => (ExportIndex::Table(i), m.tables.len()),
            2 => (ExportIndex::Memory(i), m.memories.len()),
            3 => (ExportIndex::Global(i), m.globals.len()),
            4 => (ExportIndex::Tag(i), m.tags.len()),
            _ => return Err(bad("export kind")),
        };
        if i as usize >= space {
            return Err(bad("export index"));
        }
        m.exports.push((name, idx));
    }
    m.start = match r.opt_u64()? {
        None => None,
        Some(f) => match m.func_types.get(f as usize) {
            Some(&t) if m.arities[t as usize] == (0, 0) => Some(f as u32),
            _ => return Err(bad("start function")),
        },
    };
    for _ in 0..r.count()? {
        let mode = m.read_mode(r, m.tables.len())?;
        let scope = m.const_scope();
        let items = (0..r.count()?).map(|_| scope.read(r)).collect::<Result<Vec<_>>>()?;
        m.elems.push(ElemSegment { mode, items });
    }
    let mut at = 0usize;
    for _ in 0..r.count()? {
        let mode = m.read_mode(r, m.memories.len())?;
        let len = r.u32()? as usize;
        m.datas.push(DataSegment { mode, bytes: at..at + len });
        at += len;
    }
    let blob = usize::try_from(r.u64()?)?;
    if blob != at {
        return Err(bad("data segment sizes"));
    }
    m.wasm = r.take(blob)?.into();
    Ok(())
}
