//! Translation of one validated function body from Wasm operators to register bytecode.
//!
//! Wasm locals are slots `0..locals`; the operand stack position `p` lives in slot
//! `locals + p`. The translator keeps a compile-time stack of operand *providers*: a value
//! still sitting in a local (`local.get` emits nothing), a constant (folded into `_imm` ops),
//! or a temporary in its stack slot. Providers are materialised into their stack slots only
//! where control flow or calls need values in fixed places. Results of an op followed by
//! `local.set` are written straight into the local.

#[allow(unused_imports)]
use crate::prelude::*;
mod exceptions;
mod gc;
pub(crate) use gc::heap_ref;
mod ops;
mod simd;

use anyhow::{Result, bail};
use sheave_interp::code::{Op as B, Opcode, OperandKind, half, set_half};
use sheave_interp::vm::CompiledFunc;
use wasmparser::{BlockType, FuncValidator, FunctionBody, Operator, ValidatorResources};

/// What the translator needs to know about the module.
pub(crate) struct ModuleEnv<'a> {
    /// (params, results) of each module type, in slots (a v128 takes two).
    pub types: &'a [(u32, u32)],
    /// The module's types.
    pub sigs: &'a [crate::types::Registered],
    /// Object layouts of the module's types.
    pub layouts: &'a [sheave_interp::gc::Layout],
    /// The module's global types (imports first).
    pub globals: &'a [crate::types::GlobalType],
    /// Type index of each function (imports first).
    pub func_types: &'a [u32],
    /// The module's memory types (imports first).
    pub memories: &'a [crate::types::MemoryType],
    /// The module's table types (imports first).
    pub tables: &'a [crate::types::TableType],
    /// The module's tag types (imports first).
    pub tags: &'a [crate::TagType],
    /// Emit fuel checks.
    pub fuel: bool,
    /// Emit epoch checks.
    pub epoch: bool,
    /// A heap reference can appear in a frame (see `ModuleInner::heap_refs`).
    pub heap_refs: bool,
    /// The engine tiers up: the function (this module function index) starts by counting
    /// its calls (`tier_count`).
    pub tier_func: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    Local(u32),
    Temp,
    Const(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Func,
    Block,
    Loop,
    If,
    /// `try_table`, or a legacy `try` (its catch arms included).
    TryTable,
    Try,
}

#[derive(Debug)]
struct Ctrl {
    kind: Kind,
    /// Stack height below the block's parameters.
    height: u32,
    params: u32,
    results: u32,
    /// Loop header word index.
    header: usize,
    /// Offset words of forward branches to the end label.
    patches: Vec<usize>,
    /// The `if`'s branch to its else arm.
    else_patch: Option<usize>,
    /// Scratch area holding an `if`'s parameters for its else arm.
    scratch: Option<u32>,
    /// Some branch targets the end label.
    reached: bool,
    /// Exception handling state of a `try_table` or `try`.
    exn: Option<Box<exceptions::TryState>>,
}

impl Ctrl {
    fn branch_arity(&self) -> u32 {
        if self.kind == Kind::Loop { self.params } else { self.results }
    }
}

/// Where a `global.set` left its value, and the translator's state right after it.
#[derive(Debug, Clone, Copy)]
struct GlobalSet {
    g: u32,
    src: u32,
    at: usize,
    depth: usize,
    targets: usize,
}

/// A branch condition: a slot, or a compare to fuse into the branch.
#[derive(Debug, Clone, Copy)]
enum Condition {
    Slot(u32),
    Fused(LastCompare),
}

/// A compare whose only use may be a following branch (fused into `br_i32_*`).
#[derive(Debug, Clone, Copy)]
struct LastCompare {
    start: usize,
    len: usize,
    dst: u32,
    cmp: ops::Cmp,
    wide: bool,
    a: u32,
    b: ops::Rhs,
}

pub(crate) struct FuncTranslator<'a> {
    env: &'a ModuleEnv<'a>,
    code: Vec<u32>,
    stack: Vec<Operand>,
    ctrl: Vec<Ctrl>,
    locals: u32,
    params: u32,
    results: u32,
    max_height: u32,
    /// Depth of blocks opened inside unreachable code.
    dead_depth: u32,
    dead: bool,
    /// Word index of the `dst` operand of the last op, when it wrote a fresh temporary.
    last_dst: Option<(usize, u32)>,
    /// Start of the last op, while no branch target or landing pad has been bound after it:
    /// the next op may then be merged into it (see `emit_result`) or chained (`producer_of`).
    last_start: Option<usize>,
    /// `last_start` as it was before the last op (so a taken-back op restores it).
    prev_start: Option<usize>,
    /// Where a merge or a chain took back code an earlier operator emitted (for the offsets).
    rewound_to: Option<usize>,
    /// Every branch target written (see `patch`).
    branch_targets: Vec<u32>,
    /// The last `global.set` emitted (see `just_set_global`).
    last_global_set: Option<GlobalSet>,
    last_cmp: Option<LastCompare>,
    scratch_slots: u32,
    scratch_sites: Vec<usize>,
    fuel_site: Option<usize>,
    fuel_count: u32,
    /// Slot and v128-ness of each wasm local, when some local is a v128 (else local `i` is
    /// slot `i`).
    local_map: Option<Vec<(u32, bool)>>,
    /// Whether the operand that the current `drop`/`select` works on is a v128 (read from the
    /// validator before it consumes the operator).
    wide_hint: bool,
    /// Exception handler regions, innermost first (in the order their blocks end).
    regions: Vec<sheave_interp::vm::TryRegion>,
    /// (region, clause) whose `exn_slot` is scratch-relative (fixed up in `finish`).
    region_scratch: Vec<(usize, usize)>,
    /// Stack maps, when a frame of this function can hold heap references.
    gc_maps: Option<Box<gc::MapBuilder>>,
}

pub(crate) use crate::types::slot_width;

/// The largest frame a function may have, in slots (an implementation limit: slots are
/// 16-bit fields of the bytecode).
const MAX_FRAME_SLOTS: u64 = sheave_interp::code::MAX_FRAME_SLOTS as u64;
/// Where the first operand (`dst` of an op `emit_result` emits) lies, in halves from the
/// instruction's start.
const DST_HALF: usize = 2 * sheave_interp::code::OPCODE_WORDS;
/// The most slots a function's locals may take (an implementation limit).
const MAX_LOCAL_SLOTS: u64 = 50_000;

/// Validates one function body without translating it (lazy translation), and checks the
/// implementation limits translation would: the locals exactly, the frame by a bound (each
/// operand at most two slots, and as many again of scratch). Returns whether the bound
/// passes the frame limit, when only translating the body tells: `Module::new` then
/// translates it, so that every mode reports the same errors there.
pub(crate) fn validate_lazily(
    params: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
) -> Result<bool> {
    let mut reader = body.get_binary_reader();
    let mut locals = params as u64;
    for _ in 0..reader.read_var_u32()? {
        let offset = reader.original_position();
        let count = reader.read_var_u32()?;
        let ty = reader.read()?;
        validator.define_locals(offset, count, ty)?;
        locals += count as u64 * if ty == wasmparser::ValType::V128 { 2 } else { 1 };
        if locals > MAX_LOCAL_SLOTS {
            bail!("function has too many locals (Sheave's limit is {MAX_LOCAL_SLOTS} slots)");
        }
    }
    let mut max_height = 0;
    while !reader.eof() {
        reader.visit_operator(&mut validator.visitor(reader.original_position()))??;
        max_height = max_height.max(validator.operand_stack_height());
    }
    reader.finish_expression(&validator.visitor(reader.original_position()))?;
    Ok(locals + 4 * max_height as u64 > MAX_FRAME_SLOTS)
}

/// Translates (and validates) one function body.
pub(crate) fn translate_function(
    env: &ModuleEnv<'_>,
    type_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
    mut offsets: Option<&mut Vec<(u32, u32)>>,
) -> Result<CompiledFunc> {
    let (params, results) = env.types[type_index as usize];
    let mut locals = params as u64;
    use crate::types::registry::CVal;
    let sig = env.sigs[type_index as usize].entry().func().map_or(&[][..], |f| f.0);
    let mut local_map: Option<Vec<(u32, bool)>> = None;
    if sig.contains(&CVal::V128) {
        let mut at = 0;
        local_map = Some(
            sig.iter()
                .map(|&t| {
                    let width = if t == CVal::V128 { 2 } else { 1 };
                    at += width;
                    (at - width, t == CVal::V128)
                })
                .collect(),
        );
    }
    let mut reader = body.get_locals_reader()?;
    let mut declared = Vec::new();
    for _ in 0..reader.get_count() {
        let offset = reader.original_position();
        let (count, ty) = reader.read()?;
        validator.define_locals(offset, count, ty)?;
        declared.push((count, ty));
        let wide = ty == wasmparser::ValType::V128;
        if wide && local_map.is_none() {
            local_map = Some((0..locals as u32).map(|i| (i, false)).collect());
        }
        if let Some(map) = local_map.as_mut() {
            if locals + count as u64 * 2 > MAX_LOCAL_SLOTS {
                bail!("function has too many locals (Sheave's limit is {MAX_LOCAL_SLOTS} slots)");
            }
            for _ in 0..count {
                map.push((locals as u32, wide));
                locals += if wide { 2 } else { 1 };
            }
        } else {
            locals += count as u64;
        }
    }
    if locals > MAX_LOCAL_SLOTS {
        bail!("function has too many locals ({locals}; Sheave's limit is {MAX_LOCAL_SLOTS})");
    }
    // Locals that hold heap references: roots wherever the frame stops.
    let slot_of = |i: usize| local_map.as_ref().map_or(i as u32, |m| m[i].0);
    let mut ref_locals = Vec::new();
    for (i, &p) in sig.iter().enumerate() {
        if let CVal::Ref { heap, .. } = p
            && gc::heap_ref(heap, env.sigs)
        {
            ref_locals.push(slot_of(i));
        }
    }
    let mut index = sig.len();
    for (count, ty) in declared {
        if gc::wasm_heap_ref(ty, env.sigs) {
            ref_locals.extend((index..index + count as usize).map(slot_of));
        }
        index += count as usize;
    }
    let gc_maps = (env.heap_refs || !ref_locals.is_empty())
        .then(|| Box::new(gc::MapBuilder { always: ref_locals, ..Default::default() }));
    let mut t = FuncTranslator {
        env,
        gc_maps,
        code: Vec::new(),
        stack: Vec::new(),
        ctrl: Vec::new(),
        locals: locals as u32,
        params,
        results,
        max_height: 0,
        dead_depth: 0,
        dead: false,
        last_dst: None,
        last_start: None,
        prev_start: None,
        rewound_to: None,
        branch_targets: Vec::new(),
        last_global_set: None,
        last_cmp: None,
        scratch_slots: 0,
        scratch_sites: Vec::new(),
        fuel_site: None,
        fuel_count: 0,
        local_map,
        wide_hint: false,
        regions: Vec::new(),
        region_scratch: Vec::new(),
    };
    t.ctrl.push(Ctrl {
        kind: Kind::Func,
        height: 0,
        params: 0,
        results,
        header: 0,
        patches: Vec::new(),
        else_patch: None,
        scratch: None,
        reached: false,
        exn: None,
    });
    if let Some(func) = env.tier_func {
        // Listed at the body's first byte (its locals), the wasm the count stands for.
        if let Some(offsets) = offsets.as_deref_mut() {
            offsets.push((0, body.range().start as u32));
        }
        t.emit(B::TierCount { func });
    }
    t.emit_checks();
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        let (op, offset) = ops.read_with_offset()?;
        let v128_at = |d: usize| matches!(validator.get_operand_type(d), Some(Some(wasmparser::ValType::V128)));
        t.wide_hint = match op {
            Operator::Drop => v128_at(0),
            Operator::Select => v128_at(1),
            Operator::TypedSelect { ty } => ty == wasmparser::ValType::V128,
            _ => false,
        };
        // Out of line: most functions hold no heap references and skip it.
        let safepoint = t.gc_maps.is_some() && t.before_safepoint(&op, validator);
        validator.op(offset, &op)?;
        t.fuel_count += 1;
        let before = t.code.len();
        t.translate(op)?;
        if safepoint {
            t.gc_site();
        }
        // A fusion, merge or chain may take back code an earlier operator emitted: the
        // rewritten op is this operator's.
        let start = t.rewound_to.take().map_or(before, |r| r.min(before));
        if let Some(offsets) = offsets.as_deref_mut() {
            while offsets.last().is_some_and(|&(at, _)| at as usize >= start.min(t.code.len())) {
                offsets.pop();
            }
            if t.code.len() > start {
                offsets.push((start as u32, offset as u32));
            }
        }
    }
    ops.finish()?;
    t.finish()
}

impl<'a> FuncTranslator<'a> {
    fn finish(mut self) -> Result<CompiledFunc> {
        self.patch_fuel();
        let base = self.locals + self.max_height;
        let frame_size = base as u64 + self.scratch_slots as u64;
        if frame_size > MAX_FRAME_SLOTS {
            bail!(
                "function frame too large ({frame_size} slots; Sheave's limit is {MAX_FRAME_SLOTS}: \
                 a slot is a 16-bit field of its bytecode)"
            );
        }
        self.place_scratch();
        let gc_maps = self.finish_maps(self.scratch_slots);
        let mut target = vec![false; self.code.len() + 1];
        let pads = self.regions.iter().flat_map(|r| r.clauses.iter().map(|c| c.pad));
        for t in self.branch_targets.iter().copied().chain(pads) {
            target[(t as usize).min(self.code.len())] = true;
        }
        Ok(CompiledFunc::new_fused(
            self.code.into_boxed_slice(),
            &target,
            self.params,
            self.results,
            self.locals,
            (frame_size as u32).max(1),
        )
        .with_regions(self.regions.into())
        .with_gc_maps(gc_maps))
    }

    /// Puts the scratch slots between the locals and the operand stack, which moves up by
    /// their count: a callee's frame starts on the operand stack and takes everything above
    /// it, so a scratch slot above the stack (where it was first) did not survive a call (a
    /// legacy `rethrow` after a call in its `catch` arm found its exception gone). Scratch
    /// operands hold scratch-relative slots until here.
    fn place_scratch(&mut self) {
        let (locals, n) = (self.locals, self.scratch_slots);
        if n > 0 {
            let mut scratch = self.scratch_sites.clone();
            scratch.sort_unstable();
            let shift = |slot: u32| if slot >= locals { slot + n } else { slot };
            let mut at = 0;
            while let Ok(op) = B::decode(&self.code, at) {
                let mut sites = Vec::new();
                op.visit_operands(at, &mut |o| {
                    if matches!(o.kind, OperandKind::Slot | OperandKind::VSlot)
                        && scratch.binary_search(&o.half).is_err()
                    {
                        sites.push(o.half);
                    }
                });
                for h in sites {
                    let slot = shift(half(&self.code, h));
                    set_half(&mut self.code, h, slot);
                }
                at += op.len();
            }
            let regions = core::mem::take(&mut self.regions);
            self.regions = regions
                .into_iter()
                .enumerate()
                .map(|(r, mut region)| {
                    let mut clauses = region.clauses.to_vec();
                    for (c, clause) in clauses.iter_mut().enumerate() {
                        if clause.kind == sheave_interp::vm::CatchKind::Delegate {
                            continue;
                        }
                        clause.base = shift(clause.base);
                        if clause.exn_slot != sheave_interp::vm::NO_SLOT && !self.region_scratch.contains(&(r, c)) {
                            clause.exn_slot = shift(clause.exn_slot);
                        }
                    }
                    region.clauses = clauses.into();
                    region
                })
                .collect();
        }
        for &site in &self.scratch_sites {
            let slot = half(&self.code, site) + locals;
            set_half(&mut self.code, site, slot);
        }
        for &(r, c) in &self.region_scratch {
            let mut clauses = self.regions[r].clauses.to_vec();
            clauses[c].exn_slot += locals;
            self.regions[r].clauses = clauses.into();
        }
    }

    // ---- emission ----

    /// Emits `op`; returns the position of its operand `name` (a half for a slot, else a
    /// word: see `sheave_interp::code::Layout`).
    fn emit_site(&mut self, op: B, name: &str) -> usize {
        let start = self.emit(op);
        let (h, halves) = op.opcode().operand_position(name).expect("the op has the operand");
        if halves == 1 { 2 * start + h } else { start + h / 2 }
    }

    fn emit(&mut self, op: B) -> usize {
        let start = self.code.len();
        op.encode(&mut self.code);
        self.last_dst = None;
        self.last_cmp = None;
        self.prev_start = self.last_start;
        self.last_start = Some(start);
        start
    }

    /// Takes back the code from `start` (the start of the last op, or of the op before it
    /// when that was taken back already), which a fusion, chain or merge rewrites.
    fn take_back(&mut self, start: usize) {
        self.code.truncate(start);
        self.rewound_to = Some(self.rewound_to.map_or(start, |r| r.min(start)));
        if self.last_start == Some(start) {
            self.last_start = self.prev_start.take();
        } else {
            self.no_merge_across();
        }
        self.prev_start = None;
        self.last_dst = None;
        self.last_cmp = None;
    }

    /// The last op and its start, while nothing a branch or an exception reaches has been
    /// bound after it (`last_start`) and it ends the code, when its opcode is one of `wanted`
    /// (checked before the op is decoded: translation asks often and rarely wants it).
    fn last_op(&self, wanted: &[Opcode]) -> Option<(usize, B)> {
        let start = self.last_start?;
        if !wanted.contains(&Opcode::from_word(*self.code.get(start)?)?) {
            return None;
        }
        let op = B::decode(&self.code, start).ok()?;
        (start + op.opcode().words() == self.code.len()).then_some((start, op))
    }

    /// Forgets the last ops for merging: a branch target or landing pad is bound here.
    fn no_merge_across(&mut self) {
        (self.last_start, self.prev_start) = (None, None);
    }

    /// Emits an op whose first operand is `dst`, a fresh temporary. It may merge into the
    /// op before it (`merged`), which then runs both in order.
    fn emit_result(&mut self, op: B, dst: u32) -> usize {
        if ops::may_merge(&op)
            && let Some((start, first)) = self.last_op(&[Opcode::I32AddImm])
            && let Some((merged, dst_at)) = ops::merged(&first, &op)
        {
            self.take_back(start);
            self.emit(merged);
            self.last_dst = Some((2 * start + dst_at, dst));
            return start;
        }
        let start = self.emit(op);
        self.last_dst = Some((2 * start + DST_HALF, dst));
        start
    }

    /// Emits a branch op (its offset operand is `to`); returns the offset's word index.
    fn emit_branch(&mut self, op: B) -> usize {
        self.emit_site(op, "to")
    }

    fn patch(&mut self, site: usize, target: usize) {
        self.code[site] = (target as i64 - site as i64) as i32 as u32;
        self.no_merge_across();
        // Every branch offset is written here: the exact set of branch targets.
        self.branch_targets.push(target as u32);
    }

    /// Binds pending forward branches to the current position.
    fn bind(&mut self, sites: &[usize]) {
        let here = self.code.len();
        for &s in sites {
            self.patch(s, here);
        }
        self.last_dst = None;
        self.last_cmp = None;
        self.no_merge_across();
    }

    fn emit_checks(&mut self) {
        if self.env.fuel {
            self.patch_fuel();
            self.fuel_site = Some(self.emit_site(B::Fuel { amount: 0 }, "amount"));
            self.gc_site();
        }
        if self.env.epoch {
            self.emit(B::Epoch {});
            self.gc_site();
        }
    }

    fn patch_fuel(&mut self) {
        if let Some(site) = self.fuel_site.take() {
            self.code[site] = self.fuel_count.max(1);
        }
        self.fuel_count = 0;
    }

    /// The slot holding global `g`'s value, when the last thing translated was `global.set g`
    /// and its source slot still holds the value where a `global.get` would put it: a local
    /// (nothing was emitted since), or the stack slot the get pushes to (the set popped it).
    /// Nothing emitted, no block entered or left and no branch target recorded since the set
    /// means no other path reaches this point with another value.
    fn just_set_global(&self, g: u32) -> Option<u32> {
        let set = self.last_global_set?;
        let unchanged = set.g == g
            && set.at == self.code.len()
            && set.depth == self.ctrl.len()
            && set.targets == self.branch_targets.len()
            && !self.dead;
        let here = self.slot_at(self.height());
        (unchanged && (set.src < self.locals || set.src == here)).then_some(set.src)
    }

    /// `global.get g`, `i32.add`/`i32.sub` of a constant, then this `global.set g` of the
    /// result, with nothing a branch reaches between them: one `global_add_imm`, which also
    /// leaves the value in the temporary (the two ops are taken back).
    fn global_increment(&mut self, g: u32) -> Option<B> {
        let Some(&Operand::Temp) = self.stack.last() else { return None };
        let t = self.slot_at(self.height() - 1);
        let (start, add) = self.last_op(&[Opcode::I32AddImm, Opcode::I32SubImm])?;
        let imm = match add {
            B::I32AddImm { dst, a, imm } if dst == t && a == t => imm,
            B::I32SubImm { dst, a, imm } if dst == t && a == t => imm.wrapping_neg(),
            _ => return None,
        };
        let get = self.prev_start?;
        match B::decode(&self.code, get).ok()? {
            B::GlobalGet { dst, g: got } if dst == t && got == g && get + Opcode::GlobalGet.words() == start => {}
            _ => return None,
        }
        self.take_back(get);
        Some(B::GlobalAddImm { dst: t, g, imm })
    }

    // ---- the operand stack ----

    fn height(&self) -> u32 {
        self.stack.len() as u32
    }

    fn slot_at(&self, pos: u32) -> u32 {
        self.locals + pos
    }

    fn push(&mut self, op: Operand) {
        self.stack.push(op);
        self.max_height = self.max_height.max(self.height());
    }

    /// Pushes a temporary and returns its slot.
    fn push_temp(&mut self) -> u32 {
        self.push(Operand::Temp);
        self.slot_at(self.height() - 1)
    }

    fn pop(&mut self) -> Operand {
        self.stack.pop().expect("validated: operand stack underflow")
    }

    /// Pops an operand and returns a slot holding it (constants go to their stack slot).
    fn pop_slot(&mut self) -> u32 {
        let pos = self.height() - 1;
        let op = self.pop();
        self.operand_slot(op, pos)
    }

    fn operand_slot(&mut self, op: Operand, pos: u32) -> u32 {
        match op {
            Operand::Local(l) => l,
            Operand::Temp => self.slot_at(pos),
            Operand::Const(bits) => {
                let slot = self.slot_at(pos);
                self.emit_const(slot, bits);
                slot
            }
        }
    }

    fn emit_const(&mut self, dst: u32, bits: u64) {
        if bits <= u32::MAX as u64 {
            self.emit(B::Const32 { dst, imm: bits as u32 });
        } else {
            self.emit(B::Const64 { dst, imm: bits });
        }
    }

    /// Puts the operand at stack position `pos` into its own slot.
    fn materialize_at(&mut self, pos: u32) {
        let op = self.stack[pos as usize];
        let slot = self.slot_at(pos);
        match op {
            Operand::Temp => return,
            Operand::Local(l) => {
                self.emit(B::Copy { dst: slot, src: l });
            }
            Operand::Const(bits) => self.emit_const(slot, bits),
        }
        self.stack[pos as usize] = Operand::Temp;
    }

    fn materialize_top(&mut self, n: u32) {
        let h = self.height();
        for pos in h - n..h {
            self.materialize_at(pos);
        }
    }

    /// Turns every provider that reads local `l` (or any local, for `None`) into a temporary.
    fn preserve_locals(&mut self, l: Option<u32>) -> bool {
        let mut any = false;
        for pos in 0..self.height() {
            if let Operand::Local(x) = self.stack[pos as usize]
                && l.is_none_or(|l| l == x)
            {
                self.materialize_at(pos);
                any = true;
            }
        }
        any
    }

    fn local_set(&mut self, l: u32) {
        let pos = self.height() - 1;
        let v = self.pop();
        if self.preserve_locals(Some(l)) {
            self.last_dst = None;
        }
        match v {
            Operand::Temp => {
                let slot = self.slot_at(pos);
                let last_dst = self.last_dst;
                match last_dst {
                    // (Slot 0 is the pinned local: its writer must be an op with a pinned-local
                    // variant, else a copy writes it.)
                    Some((site, dst)) if dst == slot && (l != 0 || self.can_write_pinned(site)) => {
                        set_half(&mut self.code, site, l);
                        self.last_dst = None;
                        self.last_cmp = None;
                    }
                    _ => {
                        self.emit(B::Copy { dst: l, src: slot });
                    }
                }
            }
            Operand::Local(x) => {
                if x != l {
                    self.emit(B::Copy { dst: l, src: x });
                }
            }
            Operand::Const(bits) => self.emit_const(l, bits),
        }
    }

    /// Whether the last op, whose destination word is `site`, may write slot 0 (the pinned
    /// local) instead: it has a pinned-local variant for that.
    fn can_write_pinned(&mut self, site: usize) -> bool {
        let Some(start) = self.last_start else { return false };
        let Some(op) = Opcode::from_word(self.code[start]) else { return false };
        let old = half(&self.code, site);
        set_half(&mut self.code, site, 0);
        let ok = sheave_interp::pin::keeps_pinnable(&self.code, start, op);
        set_half(&mut self.code, site, old);
        ok
    }

    // ---- control ----

    fn block_arity(&self, ty: BlockType) -> (u32, u32) {
        match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(t) => (0, if t == wasmparser::ValType::V128 { 2 } else { 1 }),
            BlockType::FuncType(i) => self.env.types[i as usize],
        }
    }

    fn enter_block(&mut self, kind: Kind, ty: BlockType) -> &mut Ctrl {
        let (params, results) = self.block_arity(ty);
        self.materialize_top(params);
        self.preserve_locals(None);
        let height = self.height() - params;
        self.last_dst = None;
        self.last_cmp = None;
        self.no_merge_across();
        self.ctrl.push(Ctrl {
            kind,
            height,
            params,
            results,
            header: self.code.len(),
            patches: Vec::new(),
            else_patch: None,
            scratch: None,
            reached: false,
            exn: None,
        });
        self.ctrl.last_mut().unwrap()
    }

    /// Moves the top `n` operands into slots starting at stack position `to`. Leaves the
    /// provider stack unchanged: on a conditional branch the moves run on one path only.
    fn move_top_to(&mut self, n: u32, to: u32) {
        let from = self.height() - n;
        for i in 0..n {
            let dst = self.slot_at(to + i);
            match self.stack[(from + i) as usize] {
                Operand::Temp if from == to => {}
                Operand::Temp => {
                    let src = self.slot_at(from + i);
                    self.emit(B::Copy { dst, src });
                }
                Operand::Local(l) => {
                    self.emit(B::Copy { dst, src: l });
                }
                Operand::Const(bits) => self.emit_const(dst, bits),
            }
        }
    }

    /// Emits the moves and jump of a branch to label `depth` (the stack is left as is).
    fn branch_to(&mut self, depth: u32) {
        let idx = self.ctrl.len() - 1 - depth as usize;
        if self.ctrl[idx].kind == Kind::Func {
            self.emit_return();
            return;
        }
        let (arity, height) = (self.ctrl[idx].branch_arity(), self.ctrl[idx].height);
        self.move_top_to(arity, height);
        self.jump_to(idx);
    }

    /// Emits a jump to label `idx` (its end, or its header for loops).
    fn jump_to(&mut self, idx: usize) {
        let site = self.emit_branch(B::Br { to: 0 });
        self.link(idx, site);
    }

    fn link(&mut self, idx: usize, site: usize) {
        if self.ctrl[idx].kind == Kind::Loop {
            let header = self.ctrl[idx].header;
            self.patch(site, header);
        } else {
            self.ctrl[idx].patches.push(site);
            self.ctrl[idx].reached = true;
        }
    }

    /// Emits a return of the top operands (provider stack unchanged, as for branches).
    fn emit_return(&mut self) {
        let n = self.results;
        let h = self.height();
        let src = match n {
            0 => 0,
            1 => {
                let op = self.stack[(h - 1) as usize];
                self.operand_slot(op, h - 1)
            }
            _ => {
                self.move_top_to(n, h - n);
                self.slot_at(h - n)
            }
        };
        self.emit(B::Return { src, n });
    }

    fn set_dead(&mut self) {
        self.dead = true;
        self.dead_depth = 0;
    }

    fn end_block(&mut self) -> Result<()> {
        let ctrl = self.ctrl.pop().expect("validated: control stack underflow");
        let fell_through = !self.dead;
        if fell_through {
            if ctrl.kind == Kind::Func {
                self.emit_return();
                return Ok(());
            }
            self.materialize_top(ctrl.results);
        }
        if ctrl.kind == Kind::Func {
            return Ok(());
        }
        let mut ctrl = ctrl;
        if let Some(state) = ctrl.exn.take() {
            // A try_table's landing pads (and the jump over them), or a legacy try's region.
            let over = self.end_try(&ctrl, *state, fell_through);
            ctrl.patches.extend(over);
        }
        let mut reached = fell_through || ctrl.reached;
        if let Some(site) = ctrl.else_patch {
            // An `if` without `else`: the false path reaches the end with its parameters (equal
            // to the results) untouched.
            self.bind(&[site]);
            reached = true;
        }
        self.bind(&ctrl.patches);
        self.stack.truncate(ctrl.height as usize);
        for _ in 0..ctrl.results {
            self.push(Operand::Temp);
        }
        self.dead = !reached;
        self.dead_depth = 0;
        Ok(())
    }

    fn restore_scratch(&mut self, scratch: u32, height: u32, n: u32) {
        let dst = self.slot_at(height);
        let site = self.emit_site(B::CopySpan { dst, src: scratch, n }, "src");
        self.scratch_sites.push(site);
    }

    fn handle_else(&mut self) {
        let idx = self.ctrl.len() - 1;
        let fell_through = !self.dead;
        if fell_through {
            let results = self.ctrl[idx].results;
            self.materialize_top(results);
            let site = self.emit_branch(B::Br { to: 0 });
            self.ctrl[idx].patches.push(site);
            self.ctrl[idx].reached = true;
        }
        let else_site = self.ctrl[idx].else_patch.take().expect("validated: else without if");
        self.bind(&[else_site]);
        let (height, params, scratch) = (self.ctrl[idx].height, self.ctrl[idx].params, self.ctrl[idx].scratch);
        if let Some(scratch) = scratch {
            self.restore_scratch(scratch, height, params);
        }
        self.stack.truncate(height as usize);
        for _ in 0..params {
            self.push(Operand::Temp);
        }
        self.dead = false;
    }

    /// Pops an i32 condition and emits a branch on it (see `emit_condition_branch`).
    fn branch_on_condition(&mut self, when: bool) -> usize {
        let cond = self.pop_condition();
        self.emit_condition_branch(cond, when)
    }

    /// Pops an i32 condition. A compare that produced it as the last op is taken back out of
    /// the code, to be fused into the branch.
    fn pop_condition(&mut self) -> Condition {
        let pos = self.height() - 1;
        if let (Operand::Temp, Some(c)) = (self.stack[pos as usize], self.last_cmp)
            && c.dst == self.slot_at(pos)
            && c.start + c.len == self.code.len()
        {
            self.pop();
            self.take_back(c.start);
            return Condition::Fused(c);
        }
        Condition::Slot(self.pop_slot())
    }

    /// Emits a branch taken when the condition is non-zero (`when == true`) or zero; returns
    /// the offset word to link.
    fn emit_condition_branch(&mut self, cond: Condition, when: bool) -> usize {
        match cond {
            Condition::Fused(c) => {
                let cmp = if when { c.cmp } else { c.cmp.negate() };
                let branch = ops::fused_branch(cmp, c.wide, c.a, c.b);
                let branch = self.counted_branch(branch).unwrap_or(branch);
                self.emit_branch(branch)
            }
            Condition::Slot(c) if when => self.emit_branch(B::BrIfNez { c, to: 0 }),
            Condition::Slot(c) => self.emit_branch(B::BrIfEqz { c, to: 0 }),
        }
    }

    fn translate(&mut self, op: Operator<'_>) -> Result<()> {
        if self.dead {
            match op {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. }
                | Operator::Try { .. } => self.dead_depth += 1,
                Operator::Else if self.dead_depth == 0 => self.handle_else(),
                Operator::Catch { tag_index } if self.dead_depth == 0 => self.legacy_catch(Some(tag_index)),
                Operator::CatchAll if self.dead_depth == 0 => self.legacy_catch(None),
                Operator::Delegate { relative_depth } if self.dead_depth == 0 => {
                    self.legacy_delegate(relative_depth)?
                }
                Operator::Delegate { .. } => self.dead_depth -= 1,
                Operator::End if self.dead_depth == 0 => self.end_block()?,
                Operator::End => self.dead_depth -= 1,
                _ => {}
            }
            return Ok(());
        }
        // A block boundary may be a merge point (a loop header is reached again from its
        // back edge, where the slot `global.set` left may hold something else): forget it.
        // The depth check in `just_set_global` alone misses `end` then `loop`, which leaves the
        // depth as it was (found by a wasm-smith SIMD module looping forever: seed 5179).
        if matches!(
            op,
            Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::Else
                | Operator::End
                | Operator::TryTable { .. }
                | Operator::Try { .. }
                | Operator::Catch { .. }
                | Operator::CatchAll
                | Operator::Delegate { .. }
        ) {
            self.last_global_set = None;
        }
        match op {
            Operator::Nop => {}
            Operator::Unreachable => {
                self.emit(B::Unreachable {});
                self.set_dead();
            }
            Operator::Block { blockty } => {
                self.enter_block(Kind::Block, blockty);
            }
            Operator::Loop { blockty } => {
                let outermost = !self.ctrl.iter().any(|c| c.kind == Kind::Loop);
                self.enter_block(Kind::Loop, blockty);
                if self.env.tier_func.is_some() && outermost {
                    // Where a long loop goes on natively (on-stack replacement): outermost
                    // loops only, so inner loops' iterations cost nothing.
                    let at = self.code.len() as u32;
                    self.emit(B::TierLoop { at });
                }
                self.emit_checks();
            }
            Operator::If { blockty } => self.translate_if(blockty),
            Operator::Else => self.handle_else(),
            Operator::End => self.end_block()?,
            Operator::Br { relative_depth } => {
                self.branch_to(relative_depth);
                self.set_dead();
            }
            Operator::BrIf { relative_depth } => self.br_if(relative_depth),
            Operator::BrTable { targets } => {
                let mut depths = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t?);
                }
                depths.push(targets.default());
                self.br_table(&depths);
                self.set_dead();
            }
            Operator::Return => {
                self.emit_return();
                self.set_dead();
            }
            Operator::Call { function_index } => {
                let ty = self.env.func_types[function_index as usize];
                let (params, results) = self.env.types[ty as usize];
                let base = self.call_frame(params, results);
                self.emit(B::Call { func: function_index, base });
            }
            Operator::ReturnCall { function_index } => {
                let ty = self.env.func_types[function_index as usize];
                let (params, results) = self.env.types[ty as usize];
                let base = self.call_frame(params, results);
                self.emit(B::ReturnCall { func: function_index, base });
                self.emit(B::Return { src: 0, n: results });
                self.set_dead();
            }
            Operator::ReturnCallIndirect { type_index, table_index } => {
                let idx = self.pop_table_index(table_index);
                let (params, results) = self.env.types[type_index as usize];
                let base = self.call_frame(params, results);
                self.emit(B::ReturnCallIndirect { ty: type_index, table: table_index, idx, base });
                self.emit(B::Return { src: 0, n: results });
                self.set_dead();
            }
            Operator::CallRef { type_index } => {
                let f = self.pop_slot();
                let (params, results) = self.env.types[type_index as usize];
                // As for `call_indirect`: the reference is read before the callee's frame exists.
                let base = self.call_frame(params, results);
                self.emit(B::CallRef { f, base });
            }
            Operator::ReturnCallRef { type_index } => {
                let f = self.pop_slot();
                let (params, results) = self.env.types[type_index as usize];
                let base = self.call_frame(params, results);
                self.emit(B::ReturnCallRef { f, base });
                self.emit(B::Return { src: 0, n: results });
                self.set_dead();
            }
            Operator::RefAsNonNull => {
                let pos = self.height() - 1;
                let a = self.pop_slot();
                self.emit(B::RefAsNonNull { a });
                // The checked value stays where it is.
                self.push(if a == self.slot_at(pos) { Operand::Temp } else { Operand::Local(a) });
            }
            Operator::BrOnNull { relative_depth } => self.br_on_null(relative_depth, true),
            Operator::BrOnNonNull { relative_depth } => self.br_on_null(relative_depth, false),
            Operator::CallIndirect { type_index, table_index } => {
                let idx = self.pop_table_index(table_index);
                let (params, results) = self.env.types[type_index as usize];
                // When the index is a temporary above the arguments it lies in the callee's
                // frame; `call_indirect` reads it before entering the callee.
                let base = self.call_frame(params, results);
                self.emit(B::CallIndirect { ty: type_index, table: table_index, idx, base });
            }
            Operator::Drop => {
                self.pop();
                if self.wide_hint {
                    self.pop();
                }
            }
            Operator::Select | Operator::TypedSelect { .. } if self.wide_hint => {
                // A v128 select: one select per half, on the same condition.
                let c = self.pop_slot();
                let b = self.pop_v();
                let a = self.pop_v();
                let dst = self.push_v();
                self.emit(B::Select { dst, c, a, b });
                self.emit(B::Select { dst: dst + 1, c, a: a + 1, b: b + 1 });
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                // A constant arm that fits 32 bits is an immediate (`const32` would write it
                // zero-extended, and so do the `_imm` forms).
                let h = self.height();
                let c = self.pop_slot();
                let (b, a) = (self.pop(), self.pop());
                let small = |op: Operand| match op {
                    Operand::Const(bits) => u32::try_from(bits).ok(),
                    _ => None,
                };
                let op = match (small(a), small(b)) {
                    (Some(imm), None) => {
                        let b = self.operand_slot(b, h - 2);
                        B::SelectImmA { dst: self.slot_at(h - 3), c, imm, b }
                    }
                    (_, Some(imm)) => {
                        let a = self.operand_slot(a, h - 3);
                        B::SelectImmB { dst: self.slot_at(h - 3), c, a, imm }
                    }
                    (None, None) => {
                        let (a, b) = (self.operand_slot(a, h - 3), self.operand_slot(b, h - 2));
                        B::Select { dst: self.slot_at(h - 3), c, a, b }
                    }
                };
                let dst = self.push_temp();
                self.emit_result(op, dst);
            }
            Operator::LocalGet { local_index } => {
                let (slot, wide) = self.local(local_index);
                self.push(Operand::Local(slot));
                if wide {
                    self.push(Operand::Local(slot + 1));
                }
            }
            Operator::LocalSet { local_index } => self.set_local(local_index),
            Operator::LocalTee { local_index } => {
                self.set_local(local_index);
                let (slot, wide) = self.local(local_index);
                self.push(Operand::Local(slot));
                if wide {
                    self.push(Operand::Local(slot + 1));
                }
            }
            Operator::GlobalGet { global_index } if self.global_is_v128(global_index) => {
                let dst = self.push_v();
                self.emit(B::V128GlobalGet { dst, g: global_index });
            }
            Operator::GlobalSet { global_index } if self.global_is_v128(global_index) => {
                let src = self.pop_v();
                self.emit(B::V128GlobalSet { g: global_index, src });
            }
            Operator::GlobalGet { global_index } => {
                // Right after `global.set` of the same global, the value is still in the
                // set's source slot: provide it from there instead of reading the global.
                match self.just_set_global(global_index) {
                    Some(src) if src < self.locals => self.push(Operand::Local(src)),
                    Some(_) => {
                        self.push_temp();
                    }
                    None => {
                        let dst = self.push_temp();
                        self.emit_result(B::GlobalGet { dst, g: global_index }, dst);
                    }
                }
            }
            Operator::GlobalSet { global_index } => {
                let src = match self.global_increment(global_index) {
                    Some(op) => {
                        self.pop();
                        self.emit(op);
                        let B::GlobalAddImm { dst, .. } = op else { unreachable!() };
                        dst
                    }
                    None => {
                        let src = self.pop_slot();
                        self.emit(B::GlobalSet { g: global_index, src });
                        src
                    }
                };
                self.last_global_set = Some(GlobalSet {
                    g: global_index,
                    src,
                    at: self.code.len(),
                    depth: self.ctrl.len(),
                    targets: self.branch_targets.len(),
                });
            }
            Operator::I32Const { value } => self.push(Operand::Const(value as u32 as u64)),
            Operator::I64Const { value } => self.push(Operand::Const(value as u64)),
            Operator::F32Const { value } => self.push(Operand::Const(value.bits() as u64)),
            Operator::F64Const { value } => self.push(Operand::Const(value.bits())),
            Operator::RefNull { .. } => self.push(Operand::Const(0)),
            Operator::RefIsNull => self.unary(|dst, a| B::I64Eqz { dst, a }),
            Operator::RefFunc { function_index } => {
                let dst = self.push_temp();
                self.emit_result(B::RefFunc { dst, func: function_index }, dst);
            }
            Operator::I32ReinterpretF32
            | Operator::F32ReinterpretI32
            | Operator::I64ReinterpretF64
            | Operator::F64ReinterpretI64 => {}
            op => {
                if !self.translate_simd(&op) && !self.translate_exception(&op)? {
                    self.translate_plain(op)?;
                }
            }
        }
        Ok(())
    }

    /// Pops the index into table `t` of a `call_indirect`: a slot holding it as 32 bits (a
    /// table64 index is narrowed into its stack slot by `table_index32`, which traps when it
    /// cannot be in bounds).
    fn pop_table_index(&mut self, t: u32) -> u32 {
        let pos = self.height() - 1;
        let a = self.pop_slot();
        if !self.env.tables[t as usize].is_64() {
            return a;
        }
        let dst = self.slot_at(pos);
        self.emit(B::TableIndex32 { dst, a });
        dst
    }

    /// Slot and v128-ness of wasm local `i`.
    fn local(&self, i: u32) -> (u32, bool) {
        match &self.local_map {
            Some(map) => map[i as usize],
            None => (i, false),
        }
    }

    fn set_local(&mut self, i: u32) {
        let (slot, wide) = self.local(i);
        if wide {
            // The high half is on top.
            self.local_set(slot + 1);
        }
        self.local_set(slot);
    }

    fn global_is_v128(&self, g: u32) -> bool {
        *self.env.globals[g as usize].content() == crate::types::ValType::V128
    }

    /// Pushes a v128 temporary (two slots); returns its low slot.
    fn push_v(&mut self) -> u32 {
        self.push(Operand::Temp);
        self.push(Operand::Temp);
        self.slot_at(self.height() - 2)
    }

    /// Pops a v128 and returns the low slot of a slot pair holding it: the local's own pair,
    /// or its stack slots (where other providers are materialised).
    fn pop_v(&mut self) -> u32 {
        let pos = self.height() - 2;
        let hi = self.pop();
        let lo = self.pop();
        if let (Operand::Local(a), Operand::Local(b)) = (lo, hi)
            && b == a + 1
        {
            return a;
        }
        let slot = self.slot_at(pos);
        for (op, s) in [(lo, slot), (hi, slot + 1)] {
            match op {
                Operand::Temp => {}
                Operand::Local(l) => {
                    self.emit(B::Copy { dst: s, src: l });
                }
                Operand::Const(bits) => self.emit_const(s, bits),
            }
        }
        slot
    }

    fn translate_if(&mut self, blockty: BlockType) {
        // The condition is above the parameters. A preceding compare is fused into the branch;
        // the copies that opening the block emits never touch the compare's operands (they write
        // slots below the condition, or are locals, which copies never write).
        let cond = self.pop_condition();
        let (params, _) = self.block_arity(blockty);
        self.enter_block(Kind::If, blockty);
        let idx = self.ctrl.len() - 1;
        if params > 0 {
            // Save the parameters for the else arm, which the then-arm may clobber.
            let scratch_rel = self.scratch_slots;
            self.scratch_slots += params;
            let src = self.slot_at(self.ctrl[idx].height);
            let site = self.emit_site(B::CopySpan { dst: scratch_rel, src, n: params }, "dst");
            self.scratch_sites.push(site);
            self.ctrl[idx].scratch = Some(scratch_rel);
        }
        let site = self.emit_condition_branch(cond, false);
        self.ctrl[idx].else_patch = Some(site);
    }

    fn br_if(&mut self, depth: u32) {
        let idx = self.ctrl.len() - 1 - depth as usize;
        let target = &self.ctrl[idx];
        let arity = target.branch_arity();
        let in_place = target.kind != Kind::Func && {
            let h = self.height() - 1; // below the condition
            arity == 0
                || (target.height == h - arity
                    && self.stack[(h - arity) as usize..h as usize].iter().all(|o| *o == Operand::Temp))
        };
        if in_place {
            let site = self.branch_on_condition(true);
            self.link(idx, site);
        } else if let Some(src) = self.single_move_source(idx) {
            // One value to move: a single op moves it and branches.
            let dst = self.slot_at(self.ctrl[idx].height);
            let c = self.pop_slot();
            let site = self.emit_branch(B::BrIfNezCopy { c, dst, src, to: 0 });
            self.link(idx, site);
        } else {
            let skip = self.branch_on_condition(false);
            self.branch_to(depth);
            self.bind(&[skip]);
        }
    }

    /// `br_on_null` (`on_null`: branch when the reference on top is null, dropping it) or
    /// `br_on_non_null` (branch with it when it is not null; drop it otherwise).
    /// The slot holding the top operand, which stays on the stack (a constant is put in its
    /// stack slot first).
    fn top_in_slot(&mut self) -> u32 {
        let pos = self.height() - 1;
        if let Operand::Const(_) = self.stack[pos as usize] {
            self.materialize_at(pos);
        }
        match self.stack[pos as usize] {
            Operand::Local(l) => l,
            _ => self.slot_at(pos),
        }
    }

    fn br_on_null(&mut self, depth: u32, on_null: bool) {
        let pos = self.height() - 1;
        let r = self.top_in_slot();
        let kept = self.stack[pos as usize];
        if on_null {
            self.pop();
        }
        // Skip the branch's moves and jump unless its condition holds. The moves write slots
        // below the reference's, so the fall-through path still finds it.
        let skip = if on_null {
            self.emit_branch(B::BrI64NeImm { a: r, imm: 0, to: 0 })
        } else {
            self.emit_branch(B::BrI64EqImm { a: r, imm: 0, to: 0 })
        };
        self.branch_to(depth);
        self.bind(&[skip]);
        if on_null {
            self.push(kept);
        } else {
            self.pop();
        }
    }

    /// For a `br_if` to label `idx` carrying one value (below the condition) that is not a
    /// constant: the slot holding it.
    fn single_move_source(&self, idx: usize) -> Option<u32> {
        let target = &self.ctrl[idx];
        if target.kind == Kind::Func || target.branch_arity() != 1 {
            return None;
        }
        let pos = self.height() - 2;
        match self.stack[pos as usize] {
            Operand::Temp => Some(self.slot_at(pos)),
            Operand::Local(l) => Some(l),
            Operand::Const(_) => None,
        }
    }

    fn br_table(&mut self, depths: &[u32]) {
        let idx_slot = self.pop_slot();
        let first = self.ctrl.len() - 1 - depths[depths.len() - 1] as usize;
        let arity = if self.ctrl[first].kind == Kind::Func { self.results } else { self.ctrl[first].branch_arity() };
        self.materialize_top(arity);
        let from = self.height() - arity;
        // If the index slot is a stack temp above the values, it stays intact: nothing is
        // written before the table reads it.
        self.emit(B::BrTable { idx: idx_slot, len: depths.len() as u32 - 1 });
        let table_start = self.code.len();
        // (Padded to an even count: the next instruction stays 8-aligned.)
        self.code.resize(table_start + ((depths.len() + 1) & !1), 0);
        let mut stubs = Vec::new();
        for (i, &d) in depths.iter().enumerate() {
            let target = self.ctrl.len() - 1 - d as usize;
            let site = table_start + i;
            let t = &self.ctrl[target];
            if t.kind != Kind::Func && (arity == 0 || t.height == from) {
                self.link(target, site);
            } else {
                stubs.push((site, target));
            }
        }
        for (site, target) in stubs {
            let here = self.code.len();
            self.patch(site, here);
            if self.ctrl[target].kind == Kind::Func {
                let src = if arity == 0 { 0 } else { self.slot_at(from) };
                self.emit(B::Return { src, n: arity });
            } else {
                let dst = self.slot_at(self.ctrl[target].height);
                if arity > 0 {
                    self.emit(B::CopySpan { dst, src: self.slot_at(from), n: arity });
                }
                self.jump_to(target);
            }
        }
        self.last_dst = None;
        self.last_cmp = None;
    }

    /// Materialises call arguments, pops them and pushes the results; returns the frame base.
    fn call_frame(&mut self, params: u32, results: u32) -> u32 {
        self.materialize_top(params);
        let base_pos = self.height() - params;
        self.stack.truncate(base_pos as usize);
        for _ in 0..results {
            self.push(Operand::Temp);
        }
        // The callee's frame starts at the base; our frame must at least cover the results.
        self.max_height = self.max_height.max(base_pos + params.max(results));
        self.slot_at(base_pos)
    }

    fn unary(&mut self, f: impl FnOnce(u32, u32) -> B) {
        let a = self.pop_slot();
        let dst = self.push_temp();
        self.emit_result(f(dst, a), dst);
    }
}
