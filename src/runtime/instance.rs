//! `Instance`: instantiation (import checks, allocation of memories, tables and globals,
//! segment initialisation, the start function) and export lookup.

use crate::externals::{Extern, Global, Memory, Table, new_global, new_memory, new_table};
use crate::func::{Func, TypedFunc, WasmParams, WasmResults, invoke};
use crate::module::{ConstExpr, ConstExpr1, ConstOp, ExportIndex, Module, ModuleInner, SegmentMode};
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContextMut, FuncInfo, InstanceData, Store, StoreInner};
use crate::trap::trap_error;
use crate::types::ExternType;
use alloc::sync::Arc;
use anyhow::{Result, anyhow, bail};
use sheave_interp::Trap;
use sheave_interp::vm::{CompiledFunc, FuncEntity, FuncKind, InstanceCtx, Owned};

/// An instantiated module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// An error raised while linking imports (the module is refused before any state changes).
#[derive(Debug)]
pub struct LinkError(pub String);

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}
impl core::error::Error for LinkError {}

pub(crate) fn instance_of_ctx(inner: &StoreInner, ctx: *const InstanceCtx) -> Option<Instance> {
    inner
        .instances
        .iter()
        .position(|b| core::ptr::eq(b.as_ptr(), ctx))
        .map(|i| Instance { store: inner.id, index: i as u32 })
}

fn extern_type(inner: &StoreInner, e: &Extern) -> ExternType {
    match e {
        Extern::Func(f) => ExternType::Func(inner.func_info[f.index as usize].ty.clone()),
        Extern::Tag(t) => ExternType::Tag(inner.tag_types[t.index as usize].clone()),
        Extern::Global(g) => ExternType::Global(inner.global_types[g.index as usize].clone()),
        Extern::Table(t) => ExternType::Table(
            inner.table_types[t.index as usize].with_min(inner.tables[t.index as usize].elems.len() as u64),
        ),
        Extern::Memory(m) => {
            ExternType::Memory(inner.memory_types[m.index as usize].with_min(inner.memories[m.index as usize].pages()))
        }
    }
}

fn limits_match(actual_min: u64, actual_max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    actual_min >= want_min
        && match (actual_max, want_max) {
            (_, None) => true,
            (Some(a), Some(w)) => a <= w,
            (None, Some(_)) => false,
        }
}

/// Checks that `actual` can satisfy an import of type `want`.
pub(crate) fn check_import(actual: &ExternType, want: &ExternType) -> Result<(), String> {
    let ok = match (actual, want) {
        (ExternType::Func(a), ExternType::Func(w)) => a.matches(w),
        // Tags match exactly (their payload is read and written).
        (ExternType::Tag(a), ExternType::Tag(w)) => a == w,
        // An immutable global may be of a subtype; a mutable one must match exactly.
        (ExternType::Global(a), ExternType::Global(w)) => {
            a.mutability() == w.mutability()
                && match a.mutability() {
                    crate::Mutability::Const => a.content().matches(w.content()),
                    crate::Mutability::Var => a.content() == w.content(),
                }
        }
        (ExternType::Table(a), ExternType::Table(w)) => {
            a.element() == w.element()
                && a.is_64() == w.is_64()
                && limits_match(a.minimum(), a.maximum(), w.minimum(), w.maximum())
        }
        (ExternType::Memory(a), ExternType::Memory(w)) => {
            a.is_64() == w.is_64()
                && a.page_size() == w.page_size()
                && limits_match(a.minimum(), a.maximum(), w.minimum(), w.maximum())
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "incompatible import type: expected {} {want}, found {} {actual}",
            want.kind_name(),
            actual.kind_name()
        ))
    }
}

/// An export of an instance: its name and the object (as wasmtime's).
#[derive(Clone, Debug)]
pub struct Export<'instance> {
    name: &'instance str,
    definition: Extern,
}

impl<'instance> Export<'instance> {
    /// The export's name.
    pub fn name(&self) -> &'instance str {
        self.name
    }

    /// The export's type.
    pub fn ty(&self, store: impl crate::AsContext) -> crate::ExternType {
        self.definition.ty(store)
    }

    /// The exported object.
    pub fn into_extern(self) -> Extern {
        self.definition
    }

    /// The exported function, if it is one.
    pub fn into_func(self) -> Option<Func> {
        self.definition.into_func()
    }

    /// The exported table, if it is one.
    pub fn into_table(self) -> Option<crate::Table> {
        self.definition.into_table()
    }

    /// The exported memory, if it is one.
    pub fn into_memory(self) -> Option<crate::Memory> {
        self.definition.into_memory()
    }

    /// The exported global, if it is one.
    pub fn into_global(self) -> Option<crate::Global> {
        self.definition.into_global()
    }

    /// The exported tag, if it is one.
    pub fn into_tag(self) -> Option<crate::Tag> {
        self.definition.into_tag()
    }
}

impl Instance {
    /// Instantiates `module` with `imports` given in the module's import order.
    pub fn new(mut store: impl AsContextMut, module: &Module, imports: &[Extern]) -> Result<Instance> {
        instantiate(store.as_context_mut().0, module, imports)
    }

    /// The export `name`.
    pub fn get_export(&self, mut store: impl AsContextMut, name: &str) -> Option<Extern> {
        let store = store.as_context_mut().0;
        store.inner.check_store(self.store);
        let data = &store.inner.instance_data[self.index as usize];
        let (_, idx) = data.module.inner.exports.iter().find(|(n, _)| n == name)?;
        Some(export_extern(&store.inner, self.index, *idx))
    }

    /// All exports, in the module's order.
    pub fn exports<'a, T: 'static>(
        &self,
        store: impl Into<crate::StoreContextMut<'a, T>>,
    ) -> impl ExactSizeIterator<Item = Export<'a>> + 'a {
        let store: &'a Store<T> = store.into().0;
        let inner = &store.inner;
        inner.check_store(self.store);
        let data = &inner.instance_data[self.index as usize];
        let index = self.index;
        data.module
            .inner
            .exports
            .iter()
            .map(move |(n, idx)| Export { name: n, definition: export_extern(inner, index, *idx) })
    }

    /// The exported function `name`.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name`, typed.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let f = self.get_func(&mut store, name).ok_or_else(|| anyhow!("failed to find function export `{name}`"))?;
        f.typed(&store)
    }

    /// The exported memory `name`.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }
    /// The exported table `name`.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
    /// The exported global `name`.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported tag `name`.
    pub fn get_tag(&self, store: impl AsContextMut, name: &str) -> Option<crate::Tag> {
        self.get_export(store, name)?.into_tag()
    }

    /// The module this instance was made from.
    pub fn module<'a, T: 'static>(&self, store: impl Into<crate::StoreContext<'a, T>>) -> &'a Module {
        let store = store.into();
        &store.inner().instance_data[self.index as usize].module
    }
}

fn export_extern(inner: &StoreInner, instance: u32, idx: ExportIndex) -> Extern {
    let data = &inner.instance_data[instance as usize];
    let id = inner.id;
    match idx {
        ExportIndex::Func(i) => Extern::Func(Func::from_index(id, data.funcs[i as usize])),
        ExportIndex::Table(i) => Extern::Table(Table { store: id, index: data.tables[i as usize] }),
        ExportIndex::Memory(i) => Extern::Memory(Memory { store: id, index: data.memories[i as usize] }),
        ExportIndex::Global(i) => Extern::Global(Global { store: id, index: data.globals[i as usize] }),
        ExportIndex::Tag(i) => Extern::Tag(crate::Tag { store: id, index: data.tags[i as usize] }),
    }
}

/// What constant expressions of one instance read: its globals, functions and types.
struct ConstEnv<'a> {
    globals: &'a [u32],
    funcs: &'a [u32],
    types: &'a [u32],
}

use sheave_interp::gc::Heap;
use sheave_interp::vm::GlobalCell;

fn eval(expr: &ConstExpr, env: &ConstEnv, cells: &[Owned<GlobalCell>], heap: &mut Heap) -> Result<u64> {
    Ok(eval_wide(expr, env, cells, heap)? as u64)
}

/// A constant expression's value; v128s use all 128 bits. GC expressions allocate, and an
/// allocation that fails is the instantiation's error.
fn eval_wide(expr: &ConstExpr, env: &ConstEnv, cells: &[Owned<GlobalCell>], heap: &mut Heap) -> Result<u128> {
    let global = |g: u32| {
        let cell = &cells[env.globals[g as usize] as usize];
        cell.bits as u128 | (cell.hi as u128) << 64
    };
    Ok(match expr {
        ConstExpr::Bits(b) => *b as u128,
        ConstExpr::V128(v) => *v,
        ConstExpr::RefFunc(f) => env.funcs[*f as usize] as u128 + 1,
        ConstExpr::GlobalGet(g) => global(*g),
        ConstExpr::Ops(ops) => {
            // Validated: every op finds its operands and one value is left.
            let mut stack: Vec<u128> = Vec::with_capacity(4);
            let pop = |stack: &mut Vec<u128>| stack.pop().unwrap_or(0);
            for op in ops.iter() {
                let v = match *op {
                    ConstOp::Push(ConstExpr1::Bits(b)) => b as u128,
                    ConstOp::Push(ConstExpr1::GlobalGet(g)) => global(g),
                    ConstOp::Push(ConstExpr1::RefFunc(f)) => env.funcs[f as usize] as u128 + 1,
                    ConstOp::Binary(b) => {
                        let (rhs, lhs) = (pop(&mut stack) as u64, pop(&mut stack) as u64);
                        b.apply(lhs, rhs) as u128
                    }
                    ConstOp::V128(v) => v,
                    ConstOp::RefI31 => ((pop(&mut stack) as u32) << 1 | 1) as u128,
                    ConstOp::StructNew { ty, default } => {
                        let id = env.types[ty as usize];
                        let n = match heap.layout(id) {
                            Some(sheave_interp::gc::Layout::Struct { fields, .. }) if !default => fields.len(),
                            _ => 0,
                        };
                        let fields = stack.split_off(stack.len().saturating_sub(n));
                        heap.new_struct(id, &fields).map_err(anyhow::Error::from)? as u128
                    }
                    ConstOp::ArrayNew { ty, default } => {
                        let len = pop(&mut stack) as u32;
                        let fill = if default { 0 } else { pop(&mut stack) };
                        heap.new_array(env.types[ty as usize], len, Some(fill), &[]).map_err(anyhow::Error::from)?
                            as u128
                    }
                    ConstOp::ArrayNewFixed { ty, n } => {
                        let values = stack.split_off(stack.len().saturating_sub(n as usize));
                        heap.new_array(env.types[ty as usize], n, None, &values).map_err(anyhow::Error::from)? as u128
                    }
                };
                stack.push(v);
            }
            pop(&mut stack)
        }
    })
}

pub(crate) fn instantiate<T: 'static>(store: &mut Store<T>, module: &Module, imports: &[Extern]) -> Result<Instance> {
    let (instance, start) = instantiate_without_start(store, module, imports)?;
    if let Some(f) = start {
        invoke(store, f, &mut [])?;
    }
    Ok(instance)
}

/// Instantiates `module` up to its start function, whose registry index it returns (for
/// the caller to run, synchronously or not).
pub(crate) fn instantiate_without_start<T: 'static>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<(Instance, Option<u32>)> {
    let m = &module.inner;
    if !crate::Engine::same(&m.engine, &store.inner.engine) {
        bail!("cross-engine instantiation is not supported");
    }
    if imports.len() != m.imports.len() {
        bail!(LinkError(format!("expected {} imports, found {}", m.imports.len(), imports.len())));
    }
    crate::limits::check_counts(
        store,
        m.memories.len() - m.num_imported_memories as usize,
        m.tables.len() - m.num_imported_tables as usize,
    )?;
    crate::limits::check_initial_sizes(store, module)?;
    let inner = &mut store.inner;
    for (import, given) in m.imports.iter().zip(imports) {
        let store_id = match given {
            Extern::Func(f) => f.store,
            Extern::Global(g) => g.store,
            Extern::Table(t) => t.store,
            Extern::Memory(mm) => mm.store,
            Extern::Tag(t) => t.store,
        };
        if store_id != inner.id {
            bail!("import `{}::{}` belongs to another store", import.module, import.name);
        }
        let actual = extern_type(inner, given);
        check_import(&actual, &import.ty)
            .map_err(|e| anyhow::Error::new(LinkError(format!("{e} (import `{}::{}`)", import.module, import.name))))?;
    }

    let mut data = InstanceData {
        module: module.clone(),
        funcs: Vec::new(),
        tables: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        tags: Vec::new(),
    };
    for given in imports {
        match given {
            Extern::Func(f) => data.funcs.push(f.index),
            Extern::Global(g) => data.globals.push(g.index),
            Extern::Table(t) => data.tables.push(t.index),
            Extern::Memory(mm) => data.memories.push(mm.index),
            Extern::Tag(t) => data.tags.push(t.index),
        }
    }
    for ty in &m.types {
        inner.registry.add_type(ty.id(), &ty.entry().supers, crate::types::layout::layout(ty.entry()));
    }
    let mut ctx = Owned::new(InstanceCtx { registry: inner.registry.as_ptr(), ..Default::default() });
    let ctx_ptr: *const InstanceCtx = ctx.as_ptr();
    for i in 0..m.code.len() {
        let code = m.entry_code(i);
        let func_index = m.num_imported_funcs + i as u32;
        let ty = m.func_types[func_index as usize];
        let reg = inner.registry.funcs.len() as u32;
        inner.registry.funcs.push(FuncEntity {
            sig: m.sig_ids[ty as usize],
            params: code.params,
            results: code.results,
            kind: func_kind(m, i, code, ctx_ptr),
        });
        inner.func_info.push(FuncInfo { ty: m.func_type(ty), origin: Some((module.clone(), func_index)) });
        data.funcs.push(reg);
    }
    for ty in &m.memories[m.num_imported_memories as usize..] {
        data.memories.push(new_memory(inner, ty.clone())?.index);
    }
    for (ty, init) in m.globals[m.num_imported_globals as usize..].iter().zip(&m.global_inits) {
        let env = ConstEnv { globals: &data.globals, funcs: &data.funcs, types: &m.sig_ids };
        let bits = eval_wide(init, &env, &inner.globals, &mut inner.registry.heap)?;
        data.globals.push(new_global(inner, ty.clone(), bits).index);
    }
    // Table initialisers may read globals, so tables come after them.
    for (ty, init) in m.tables[m.num_imported_tables as usize..].iter().zip(&m.table_inits) {
        let env = ConstEnv { globals: &data.globals, funcs: &data.funcs, types: &m.sig_ids };
        let bits = eval(init, &env, &inner.globals, &mut inner.registry.heap)?;
        data.tables.push(new_table(inner, ty.clone(), bits)?.index);
    }
    for ty in &m.tags[m.num_imported_tags as usize..] {
        data.tags.push(crate::exceptions::new_tag(inner, ty.clone()).index);
    }
    ctx.funcs = data.funcs.clone();
    // The instance's own interpreted functions, for direct calls.
    ctx.direct = data
        .funcs
        .iter()
        .map(|&reg| {
            let code = match inner.registry.funcs[reg as usize].kind {
                FuncKind::Wasm { code, instance } if instance == ctx_ptr => code,
                _ => core::ptr::null(),
            };
            core::sync::atomic::AtomicPtr::new(code as *mut CompiledFunc)
        })
        .collect();
    ctx.tags = data.tags.clone();
    ctx.types = m.sig_ids.clone();
    ctx.memories = data.memories.iter().map(|&i| inner.memories[i as usize].as_ptr()).collect();
    ctx.memory = ctx.memories.first().copied();
    ctx.tables = data.tables.iter().map(|&i| inner.tables[i as usize].as_ptr()).collect();
    ctx.globals = data.globals.iter().map(|&i| inner.globals[i as usize].as_ptr()).collect();
    ctx.seal();
    let env = ConstEnv { globals: &data.globals, funcs: &data.funcs, types: &m.sig_ids };
    let mut elems = Vec::with_capacity(m.elems.len());
    for e in &m.elems {
        elems.push(match e.mode {
            SegmentMode::Passive => e
                .items
                .iter()
                .map(|x| eval(x, &env, &inner.globals, &mut inner.registry.heap))
                .collect::<Result<Arc<[u64]>>>()?,
            _ => Arc::from(&[][..]),
        });
    }
    ctx.elems = elems;
    ctx.datas = m
        .datas
        .iter()
        .map(|d| match d.mode {
            SegmentMode::Passive => Arc::from(&m.wasm[d.bytes.clone()]),
            _ => Arc::from(&[][..]),
        })
        .collect();
    inner.instances.push(ctx);
    // Its element segments may hold heap references.
    inner.registry.heap.root_instances.push(ctx_ptr);
    inner.instance_data.push(data);
    let index = inner.instances.len() as u32 - 1;
    let instance = Instance { store: inner.id, index };

    // Active segments, in order; the first failure traps and leaves earlier writes in place.
    let data = &inner.instance_data[index as usize];
    for seg in &m.elems {
        if let SegmentMode::Active { index: t, offset } = &seg.mode {
            let env = ConstEnv { globals: &data.globals, funcs: &data.funcs, types: &m.sig_ids };
            let at = eval(offset, &env, &inner.globals, &mut inner.registry.heap)?;
            let table = &inner.tables[data.tables[*t as usize] as usize];
            let off = usize::try_from(table.index(at)).unwrap_or(usize::MAX);
            let items = seg
                .items
                .iter()
                .map(|x| eval(x, &env, &inner.globals, &mut inner.registry.heap))
                .collect::<Result<Vec<u64>>>()?;
            let table = &mut inner.tables[data.tables[*t as usize] as usize];
            match off.checked_add(items.len()).filter(|&end| end <= table.elems.len()) {
                Some(end) => table.elems[off..end].copy_from_slice(&items),
                None => return Err(trap_error(inner, Trap::TableOutOfBounds, vec![])),
            }
        }
    }
    for seg in &m.datas {
        if let SegmentMode::Active { index: mi, offset } = &seg.mode {
            let env = ConstEnv { globals: &data.globals, funcs: &data.funcs, types: &m.sig_ids };
            let at = eval(offset, &env, &inner.globals, &mut inner.registry.heap)?;
            let memory = &inner.memories[data.memories[*mi as usize] as usize];
            let off = usize::try_from(memory.address(at)).unwrap_or(usize::MAX);
            let mem = &mut inner.memories[data.memories[*mi as usize] as usize];
            match off.checked_add(seg.bytes.len()).filter(|&end| end <= mem.data.len()) {
                Some(end) => mem.data[off..end].copy_from_slice(&m.wasm[seg.bytes.clone()]),
                None => return Err(trap_error(inner, Trap::MemoryOutOfBounds, vec![])),
            }
        }
    }
    let start = m.start.map(|start| inner.instance_data[index as usize].funcs[start as usize]);
    Ok((instance, start))
}

/// The registry kind of defined function `i` of `m`: native code where the module has it.
fn func_kind(m: &ModuleInner, i: usize, code: *const CompiledFunc, instance: *const InstanceCtx) -> FuncKind {
    #[cfg(feature = "cranelift")]
    return crate::jit::func_kind(m, i, code, instance);
    #[cfg(not(feature = "cranelift"))]
    {
        let _ = (m, i);
        FuncKind::Wasm { code, instance }
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;
    use crate::*;
    use sheave_interp::vm::{CompiledFunc, FuncKind};

    /// Each function's direct-call entry is its registry entry's code while it runs in the
    /// interpreter: the lazy stub, then (once the first call translated it) the translation;
    /// an import has none. (A stale stub would still compute right, translating on every call.)
    #[test]
    fn direct_calls_follow_lazy_translation() {
        let engine = Engine::default();
        let wat = r#"(module
            (import "host" "f" (func $f (result i32)))
            (func $g (result i32) (i32.add (call $f) (i32.const 1)))
            (func (export "h") (result i32) (call $g)))"#;
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.func_wrap("host", "f", || 41).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let entries = |store: &Store<()>| -> Vec<(*const CompiledFunc, *const CompiledFunc)> {
            let ctx = &store.inner.instances[0];
            (0..3u32)
                .map(|f| {
                    let registry = match store.inner.registry.funcs[ctx.funcs[f as usize] as usize].kind {
                        FuncKind::Wasm { code, .. } => code,
                        _ => core::ptr::null(),
                    };
                    (ctx.direct(f), registry)
                })
                .collect()
        };
        let before = entries(&store);
        assert!(before[0].0.is_null(), "an import is called through the registry");
        let h = instance.get_typed_func::<(), i32>(&mut store, "h").unwrap();
        assert_eq!(h.call(&mut store, ()).unwrap(), 42);
        let after = entries(&store);
        for f in 1..3 {
            assert!(!after[f].0.is_null());
            assert_eq!(after[f].0, after[f].1, "function {f}: direct entry = registry entry");
            assert_ne!(after[f].0, before[f].0, "function {f}: the stub was replaced");
        }
    }
}
