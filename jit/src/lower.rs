//! The lowering driver: one Cranelift function per bytecode function. It walks the
//! instructions in order, keeps each frame slot in a Cranelift variable, starts a block at
//! every branch target, and hands each op to its lowering in `ops` (dispatch generated from
//! the op table). It also builds the two small functions every module has: the entry
//! wrapper (C convention, for the embedder) and the call-out stub (a function body that
//! hands the call to the embedder, for functions left to the interpreter).

use crate::{ModuleInput, Trap, status_of};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, AbiParam, Block, BlockArg, Endianness, ExtFuncData, ExternalName, FuncRef, Function, InstBuilder,
    MemFlagsData, SigRef, Signature, Type, UserExternalName, Value, types,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::FuncId;
use sheave_interp::code::{Op, Slot, decode_all, visit_branch_targets};
use sheave_interp::vm::{CatchKind, CompiledFunc, InstanceCtx, Memory, NO_SLOT, RawInstance, TryRegion};
use std::collections::HashMap;

/// A defined function that stays in the interpreter, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// Its function index.
    pub func: u32,
    /// The first op without a lowering (or another reason).
    pub reason: &'static str,
}

/// An op has no lowering: its function runs in the interpreter.
#[derive(Debug)]
pub(crate) struct Unsupported(pub &'static str);

/// What each op's lowering returns.
pub(crate) type Lowered = Result<(), Unsupported>;

/// The module-wide facts a function's lowering needs.
pub(crate) struct ModuleEnv<'a> {
    pub input: &'a ModuleInput<'a>,
    pub bodies: &'a [FuncId],
    pub trampoline: FuncId,
    /// Tiering: the module's table of native bodies (one pointer per defined function,
    /// null while it runs in the interpreter), which calls of defined functions read instead
    /// of calling `bodies` directly (functions are compiled one at a time).
    pub tier_bodies: Option<usize>,
    /// Tiering: the function being compiled (its index) and its body's id, which its calls
    /// of itself call directly.
    pub tier_self: Option<(u32, FuncId)>,
    pub ptr: Type,
    pub c_conv: CallConv,
    /// How the host's C ABI extends integers narrower than a register (riscv64 sign-extends
    /// even `u32`, s390x zero-extends; Rust code called from native code relies on it).
    pub int_ext: ir::ArgumentExtension,
    pub frontend: cranelift_codegen::isa::TargetFrontendConfig,
    /// The backend has 128-bit vectors in Wasm's lane order (`crate::simd`).
    pub vectors: bool,
}

/// `(ctx, inst, fp) -> status`, in calling convention `cc`.
pub(crate) fn func_signature(ptr: Type, cc: CallConv) -> Signature {
    let mut s = Signature::new(cc);
    s.params.extend([AbiParam::new(ptr); 3]);
    s.returns.push(AbiParam::new(types::I32));
    s
}

/// A C-convention signature for a call between native code and Rust: 32-bit integers are
/// extended as the host's ABI asks (`ext`), which Cranelift does only when told.
pub(crate) fn c_signature(cc: CallConv, ext: ir::ArgumentExtension, params: &[Type], ret: Option<Type>) -> Signature {
    let param = |t: Type| {
        let p = AbiParam::new(t);
        if t.is_int() && t.bits() < 64 { AbiParam { extension: ext, ..p } } else { p }
    };
    let mut s = Signature::new(cc);
    s.params.extend(params.iter().map(|&t| param(t)));
    s.returns.extend(ret.map(param));
    s
}

impl ModuleEnv<'_> {
    /// `c_signature` in this module's convention.
    pub(crate) fn c_signature(&self, params: &[Type], ret: Option<Type>) -> Signature {
        c_signature(self.c_conv, self.int_ext, params, ret)
    }
}

/// A reference to module function `id` (a body, tail convention) from `func`.
fn import_body(func: &mut Function, id: FuncId, ptr: Type) -> FuncRef {
    let signature = func.import_signature(func_signature(ptr, CallConv::Tail));
    let name = func.declare_imported_user_function(UserExternalName { namespace: 0, index: id.as_u32() });
    func.import_function(ExtFuncData { name: ExternalName::user(name), signature, colocated: true, patchable: false })
}

/// The embedder's entry point, one per module: calls the body (tail convention) passed as its
/// fourth argument and returns its status.
pub(crate) fn entry_trampoline(func: &mut Function, fctx: &mut FunctionBuilderContext, env: &ModuleEnv) {
    let ptr = env.ptr;
    let sig = func.import_signature(func_signature(ptr, CallConv::Tail));
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let args = b.block_params(entry).to_vec();
    let call = b.ins().call_indirect(sig, args[3], &args[..3]);
    let status = b.inst_results(call)[0];
    b.ins().return_(&[status]);
    b.seal_all_blocks();
    b.finalize(env.frontend);
}

/// A body that calls out to the embedder: for function `index` of the instance (`Some`,
/// a function left to the interpreter), or for the registry function `VmCtx::target_func`
/// that `call_indirect`'s resolver left (`None`, the module's trampoline).
pub(crate) fn call_out_stub(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    env: &ModuleEnv,
    index: Option<u32>,
) {
    let ptr = env.ptr;
    let sig = func.import_signature(env.c_signature(&[ptr, ptr, types::I32, ptr], Some(types::I32)));
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let (ctx, inst, fp) = (b.block_params(entry)[0], b.block_params(entry)[1], b.block_params(entry)[2]);
    let t = MemFlagsData::trusted();
    let reg = match index {
        Some(i) => {
            let funcs = b.ins().load(ptr, t, inst, raw_offset(core::mem::offset_of!(RawInstance, funcs)));
            b.ins().load(types::I32, t, funcs, (i * 4) as i32)
        }
        None => b.ins().load(types::I32, t, ctx, core::mem::offset_of!(crate::VmCtx, target_func) as i32),
    };
    let call_out = b.ins().load(ptr, t, ctx, core::mem::offset_of!(crate::VmCtx, call_out) as i32);
    let call = b.ins().call_indirect(sig, call_out, &[ctx, inst, reg, fp]);
    let status = b.inst_results(call)[0];
    b.ins().return_(&[status]);
    b.seal_all_blocks();
    b.finalize(env.frontend);
}

/// Offset of a `RawInstance` field from the start of its `InstanceCtx`.
pub(crate) fn raw_offset(field: usize) -> i32 {
    (core::mem::offset_of!(InstanceCtx, raw) + field) as i32
}

/// Flags for the value stack and VM structures: aligned, never trapping, native byte order.
pub(crate) fn vm_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Flags for linear memory: bounds-checked before the access, little-endian, maybe
/// unaligned.
pub(crate) fn heap_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap().with_endianness(Endianness::Little)
}

/// The state of one function's lowering.
pub(crate) struct Lower<'a, 'b> {
    pub b: FunctionBuilder<'b>,
    pub env: &'a ModuleEnv<'a>,
    /// The function's words (to read `br_table`'s offsets).
    pub code: &'a [u32],
    vars: Vec<Variable>,
    /// Slots that may hold GC heap references: kept in the frame's memory (loads and stores,
    /// never a Cranelift variable), so a collection finds them there (the stack maps' slots).
    in_memory: Vec<bool>,
    /// The block starting at each word that is a branch target.
    targets: Vec<Option<Block>>,
    pub ctx: Value,
    pub inst: Value,
    pub fp: Value,
    /// Memory 0 (`*mut Memory`), when the module has one.
    pub mem0: Option<Value>,
    /// Base and length of the memory loads and stores address (memory 0, or a window).
    pub mem_base: Variable,
    pub mem_len: Variable,
    trap_blocks: HashMap<u32, Block>,
    /// v128 values written to (or read from) slot pairs since the last block that other
    /// paths or a call may enter: `crate::simd` reads a pair from here before memory.
    pub vcache: HashMap<u32, Value>,
    propagate: Option<Block>,
    /// The function's exception handler regions, and its bytecode (which `find_catch` reads).
    regions: &'a [TryRegion],
    code_ptr: *const CompiledFunc,
    /// The word the handler search starts from for the instruction being lowered (its last
    /// word, as the interpreter counts).
    pub pc: u32,
    helper_sigs: HashMap<(Vec<Type>, Option<Type>), SigRef>,
    body_sig: Option<SigRef>,
    pub func_index: u32,
    pub frame_size: u32,
    /// The word position of the instruction being lowered.
    pub at: usize,
    /// The current block ended (a branch, return or trap): what follows is unreachable
    /// until the next branch target.
    dead: bool,
}

/// Lowers bytecode function `f` into `func` (whose signature is set), or says which op has
/// no lowering.
pub(crate) fn lower_function(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    env: &ModuleEnv,
    f: &crate::FuncInput,
    osr: Option<usize>,
) -> Result<(), Fallback> {
    let fallback = |reason| Fallback { func: f.index, reason };
    let code = &f.code.code[..];
    let ops = decode_all(code).map_err(|_| fallback("undecodable bytecode"))?;
    // Refuse early, before building anything, when an op has no lowering.
    for (_, op) in &ops {
        if let Some(name) = crate::ops::interp_only(op.opcode()) {
            return Err(fallback(name));
        }
    }
    let mut b = FunctionBuilder::new(func, fctx);
    let mut targets = vec![None; code.len() + 1];
    let mut mark = |to: usize, b: &mut FunctionBuilder| {
        if let Some(t) = targets.get_mut(to)
            && t.is_none()
        {
            *t = Some(b.create_block());
        }
    };
    for (at, op) in &ops {
        visit_branch_targets(code, *at, op, &mut |to| mark(to as usize, &mut b));
    }
    // On-stack replacement enters at a loop header (a `tier_loop` op).
    if let Some(at) = osr {
        if !ops.iter().any(|&(o, op)| o == at && matches!(op, Op::TierLoop { .. })) {
            return Err(fallback("no loop header at the on-stack replacement point"));
        }
        mark(at, &mut b);
    }
    // Landing pads are reached from the call sites their regions cover.
    for c in f.code.regions.iter().flat_map(|r| r.clauses.iter()) {
        if c.kind != CatchKind::Delegate {
            mark(c.pad as usize, &mut b);
        }
    }
    let vars = (0..f.code.frame_size).map(|_| b.declare_var(types::I64)).collect();
    let mut in_memory = vec![false; f.code.frame_size as usize];
    if let Some(maps) = f.code.gc_maps.as_deref() {
        for &s in maps.always.iter().chain(maps.slots.iter()) {
            if let Some(m) = in_memory.get_mut(s as usize) {
                *m = true;
            }
        }
    }
    crate::simd::vector_slots(&ops, &mut in_memory);
    let mem_base = b.declare_var(env.ptr);
    let mem_len = b.declare_var(types::I64);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry);
    let (ctx, inst, fp) = (params[0], params[1], params[2]);
    let mut cx = Lower {
        b,
        env,
        code,
        vars,
        in_memory,
        targets,
        ctx,
        inst,
        fp,
        mem0: None,
        mem_base,
        mem_len,
        trap_blocks: HashMap::new(),
        vcache: HashMap::new(),
        propagate: None,
        regions: &f.code.regions,
        code_ptr: f.code,
        pc: 0,
        helper_sigs: HashMap::new(),
        body_sig: None,
        func_index: f.index,
        frame_size: f.code.frame_size,
        at: 0,
        dead: false,
    };
    match osr {
        None => cx.prologue(f.code.params, f.code.locals),
        Some(at) => {
            cx.osr_prologue();
            let header = cx.targets[at].expect("marked above");
            cx.b.ins().jump(header, &[]);
            cx.dead = true;
        }
    }
    for (at, op) in ops {
        cx.at = at;
        cx.pc = (at + op.len() - 1) as u32;
        if let Some(block) = cx.targets[at] {
            if !cx.dead {
                cx.b.ins().jump(block, &[]);
            }
            cx.enter(block);
            cx.dead = false;
        } else if cx.dead {
            let block = cx.b.create_block();
            cx.enter(block);
            cx.dead = false;
        }
        lower_op(&mut cx, at, op).map_err(|Unsupported(name)| fallback(name))?;
    }
    if !cx.dead {
        cx.trap(Trap::UnreachableCodeReached);
    }
    cx.finish_exits();
    cx.b.seal_all_blocks();
    cx.b.finalize(env.frontend);
    Ok(())
}

macro_rules! resolve_operand {
    (Off, $v:expr, $pos:expr) => {
        ($pos as i64 + $v as i64) as usize
    };
    ($k:ident, $v:expr, $pos:expr) => {
        $v
    };
}

macro_rules! define_lowering {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// Lowers one instruction at word `at`: branch offsets become target word positions,
        /// and the op's function in `ops` (one per op of the table) emits its code.
        fn lower_op(cx: &mut Lower, at: usize, op: Op) -> Lowered {
            #[allow(unused_mut, unused_variables, unused_assignments)]
            match op {
                $(Op::$name { $($field),* } => {
                    let shape = sheave_interp::code::Opcode::$name.shape();
                    let mut i = 0;
                    $(
                        let pos = at + shape.at[i] as usize / 2;
                        i += 1;
                        let $field = resolve_operand!($kind, $field, pos);
                    )*
                    crate::ops::$snake(cx, ($($field,)*))
                })*
            }
        }
    };
}
sheave_interp::for_each_op!(define_lowering);

/// Names of the ops that make a function stay in the interpreter.
pub fn interp_only_ops() -> Vec<&'static str> {
    sheave_interp::code::Opcode::ALL.iter().filter_map(|&op| crate::ops::interp_only(op)).collect()
}

impl<'a, 'b> Lower<'a, 'b> {
    /// Stack checks, parameters, zeroed locals, memory registers.
    fn prologue(&mut self, params: u32, locals: u32) {
        self.check_stack();
        let t = vm_flags();
        // Declared locals and temporaries start at zero: cranelift-frontend gives a variable
        // used before any definition a zero, so only the parameters are defined here.
        for i in 0..params {
            if self.in_memory[i as usize] {
                continue;
            }
            let v = self.b.ins().load(types::I64, t, self.fp, (i * 8) as i32);
            self.b.def_var(self.vars[i as usize], v);
        }
        // Declared locals kept in memory start at zero there (as the interpreter's do).
        let zero = self.b.ins().iconst(types::I64, 0);
        for i in params..locals {
            if self.in_memory.get(i as usize).copied().unwrap_or(false) {
                self.b.ins().store(t, zero, self.fp, (i * 8) as i32);
            }
        }
        self.load_memory0();
    }

    /// The entry of on-stack replacement: the frame is the interpreter's, mid-function, so
    /// every slot is read from it (those kept in memory stay there).
    fn osr_prologue(&mut self) {
        self.check_stack();
        for i in 0..self.frame_size {
            if !self.in_memory[i as usize] {
                let v = self.b.ins().load(types::I64, vm_flags(), self.fp, (i * 8) as i32);
                self.b.def_var(self.vars[i as usize], v);
            }
        }
        self.load_memory0();
    }

    /// Traps with `StackOverflow` when the native stack is past its limit or the frame does
    /// not fit the value stack.
    fn check_stack(&mut self) {
        let t = vm_flags();
        let ptr = self.env.ptr;
        let sp = self.b.ins().get_stack_pointer(ptr);
        let limit = self.b.ins().load(ptr, t, self.ctx, core::mem::offset_of!(crate::VmCtx, stack_limit) as i32);
        let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.trap_if(deep, Trap::StackOverflow);
        let end = self.b.ins().iadd_imm_s(self.fp, self.frame_size as i64 * 8);
        let stack_end = self.b.ins().load(ptr, t, self.ctx, core::mem::offset_of!(crate::VmCtx, stack_end) as i32);
        let full = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, stack_end);
        self.trap_if(full, Trap::StackOverflow);
    }

    /// Memory 0's registers.
    fn load_memory0(&mut self) {
        let t = vm_flags();
        let ptr = self.env.ptr;
        if self.env.input.has_memory0 {
            let m = self.b.ins().load(ptr, t, self.inst, raw_offset(core::mem::offset_of!(RawInstance, memory0)));
            self.mem0 = Some(m);
            self.restore_memory();
        }
    }

    /// Points the memory registers at memory 0 (after a call, which may grow it, or a window).
    pub fn restore_memory(&mut self) {
        if let Some(m) = self.mem0 {
            let (base, len) = self.memory_view(m);
            self.b.def_var(self.mem_base, base);
            self.b.def_var(self.mem_len, len);
        }
    }

    /// Base and length of memory `m` (`*mut Memory`).
    pub fn memory_view(&mut self, m: Value) -> (Value, Value) {
        let t = vm_flags();
        let base = self.b.ins().load(self.env.ptr, t, m, core::mem::offset_of!(Memory, base) as i32);
        let len = self.b.ins().load(types::I64, t, m, core::mem::offset_of!(Memory, bytes) as i32);
        (base, len)
    }

    /// Memory `m` of the instance (`*mut Memory`).
    pub fn memory_ptr(&mut self, m: u32) -> Value {
        let t = vm_flags();
        let mems =
            self.b.ins().load(self.env.ptr, t, self.inst, raw_offset(core::mem::offset_of!(RawInstance, memories)));
        self.b.ins().load(self.env.ptr, t, mems, (m * 8) as i32)
    }

    pub fn get64(&mut self, s: Slot) -> Value {
        if self.in_memory[s as usize] {
            return self.b.ins().load(types::I64, vm_flags(), self.fp, (s * 8) as i32);
        }
        self.b.use_var(self.vars[s as usize])
    }
    pub fn set64(&mut self, s: Slot, v: Value) {
        if self.in_memory[s as usize] {
            self.vcache.remove(&s);
            self.vcache.remove(&s.wrapping_sub(1));
            self.b.ins().store(vm_flags(), v, self.fp, (s * 8) as i32);
            return;
        }
        self.b.def_var(self.vars[s as usize], v);
    }
    pub fn get32(&mut self, s: Slot) -> Value {
        let v = self.get64(s);
        self.b.ins().ireduce(types::I32, v)
    }
    /// Writes an i32 result (zero-extended, as the interpreter's slots hold it).
    pub fn set32(&mut self, s: Slot, v: Value) {
        let w = self.b.ins().uextend(types::I64, v);
        self.set64(s, w);
    }
    /// Writes a boolean (`icmp`/`fcmp` result) as an i32 0 or 1.
    pub fn set_bool(&mut self, s: Slot, v: Value) {
        let w = self.b.ins().uextend(types::I64, v);
        self.set64(s, w);
    }
    pub fn getf32(&mut self, s: Slot) -> Value {
        let v = self.get32(s);
        self.b.ins().bitcast(types::F32, MemFlagsData::new(), v)
    }
    pub fn setf32(&mut self, s: Slot, v: Value) {
        let i = self.b.ins().bitcast(types::I32, MemFlagsData::new(), v);
        self.set32(s, i);
    }
    pub fn getf64(&mut self, s: Slot) -> Value {
        let v = self.get64(s);
        self.b.ins().bitcast(types::F64, MemFlagsData::new(), v)
    }
    pub fn setf64(&mut self, s: Slot, v: Value) {
        let i = self.b.ins().bitcast(types::I64, MemFlagsData::new(), v);
        self.set64(s, i);
    }

    /// The block for branch target word `to`.
    fn target(&self, to: usize) -> Block {
        self.targets[to].expect("every branch target has a block (collected before lowering)")
    }

    /// Jumps to word `to`; the current block ends.
    pub fn jump(&mut self, to: usize) {
        let block = self.target(to);
        self.b.ins().jump(block, &[]);
        self.dead = true;
    }

    /// Branches to word `to` when `cond` is non-zero, else falls through.
    pub fn branch_if(&mut self, cond: Value, to: usize) {
        let block = self.target(to);
        let next = self.b.create_block();
        self.b.ins().brif(cond, block, &[], next, &[]);
        self.b.switch_to_block(next);
    }

    /// The multiway branch of `br_table`: `len + 1` offset words follow the op at `self.at`.
    pub fn branch_table(&mut self, idx: Value, len: u32) {
        let first = self.at + sheave_interp::code::Opcode::BrTable.words();
        let mut calls = Vec::with_capacity(len as usize + 1);
        for i in 0..=len as usize {
            let word = first + i;
            let to = (word as i64 + self.code[word] as i32 as i64) as usize;
            let block = self.target(to);
            calls.push(self.b.func.dfg.block_call(block, &[]));
        }
        let default = calls.pop().expect("br_table has a default");
        let jt = self.b.create_jump_table(ir::JumpTableData::new(default, &calls));
        self.b.ins().br_table(idx, jt);
        self.dead = true;
    }

    /// Traps with `t` when `cond` is non-zero.
    pub fn trap_if(&mut self, cond: Value, t: Trap) {
        let block = self.trap_block(t);
        let next = self.b.create_block();
        self.b.ins().brif(cond, block, &[], next, &[]);
        self.b.switch_to_block(next);
    }

    /// Traps with `t`; the current block ends.
    pub fn trap(&mut self, t: Trap) {
        let block = self.trap_block(t);
        self.b.ins().jump(block, &[]);
        self.dead = true;
    }

    /// The block that traps with `t` (filled in by `finish_exits`).
    fn trap_block(&mut self, t: Trap) -> Block {
        let status = status_of(t);
        if let Some(&b) = self.trap_blocks.get(&status) {
            return b;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.trap_blocks.insert(status, block);
        block
    }

    /// Leaves with `status` unless it is `OK`.
    pub fn check_status(&mut self, status: Value) {
        let block = match self.propagate {
            Some(b) => b,
            None => {
                let block = self.b.create_block();
                self.b.set_cold_block(block);
                self.b.append_block_param(block, types::I32);
                self.propagate = Some(block);
                block
            }
        };
        let next = self.b.create_block();
        self.b.ins().brif(status, block, &[BlockArg::Value(status)], next, &[]);
        self.enter(next);
    }

    /// Leaves with `status` unless it is `OK`; an exception (`EXCEPTION`) first goes to the
    /// handlers of the regions around the current instruction, as the interpreter's unwinder
    /// would (`helpers::find_catch` picks the clause and writes its payload to the frame).
    pub fn check_status_catching(&mut self, status: Value) {
        let clauses: Vec<(usize, usize)> = self
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.start <= self.pc && self.pc < r.end)
            .flat_map(|(ri, r)| (0..r.clauses.len()).map(move |ci| (ri, ci)))
            .filter(|&(ri, ci)| self.regions[ri].clauses[ci].kind != CatchKind::Delegate)
            .collect();
        if clauses.is_empty() {
            return self.check_status(status);
        }
        let failed = self.b.create_block();
        let next = self.b.create_block();
        self.b.ins().brif(status, failed, &[], next, &[]);
        self.enter(failed);
        self.b.set_cold_block(failed);
        let thrown = self.b.ins().icmp_imm_s(IntCC::Equal, status, crate::EXCEPTION as i32 as i64);
        let search = self.b.create_block();
        let other = self.b.create_block();
        self.b.ins().brif(thrown, search, &[], other, &[]);
        self.enter(other);
        self.check_status(status);
        self.trap(Trap::UnreachableCodeReached);
        self.enter(search);
        let ptr = self.env.ptr;
        let code = self.b.ins().iconst(ptr, self.code_ptr as i64);
        let pc = self.b.ins().iconst(types::I32, self.pc as i64);
        let (ctx, inst, fp) = (self.ctx, self.inst, self.fp);
        let found = self
            .call_helper(
                crate::helpers::find_catch as *const u8,
                &[ptr, ptr, ptr, types::I32, ptr],
                Some(types::I32),
                &[ctx, inst, code, pc, fp],
            )
            .expect("a clause code");
        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, found, crate::helpers::BAD_HANDLER as i64);
        self.trap_if(bad, Trap::NullReference);
        for (ri, ci) in clauses {
            let c = self.regions[ri].clauses[ci];
            let n = match c.kind {
                CatchKind::Tag => self.env.input.tag_arity.get(c.tag as usize).copied().unwrap_or(0),
                _ => 0,
            };
            // A clause whose writes would leave the frame (only a forged artifact has one):
            // `find_catch` refuses it.
            let fits = |s: u32, k: u32| s.checked_add(k).is_some_and(|e| e <= self.frame_size);
            if !fits(c.base, n) || (c.exn_slot != NO_SLOT && !fits(c.exn_slot, 1)) {
                continue;
            }
            let code = crate::helpers::clause_code(ri, ci) as i64;
            let this = self.b.ins().icmp_imm_s(IntCC::Equal, found, code);
            let land = self.b.create_block();
            let rest = self.b.create_block();
            self.b.ins().brif(this, land, &[], rest, &[]);
            self.enter(land);
            self.reload(c.base, n);
            if c.exn_slot != NO_SLOT {
                self.reload(c.exn_slot, 1);
            }
            self.restore_memory();
            let pad = self.target(c.pad as usize);
            self.b.ins().jump(pad, &[]);
            self.enter(rest);
        }
        // No clause caught it: it goes on to the caller.
        let exn = self.b.ins().iconst(types::I32, crate::EXCEPTION as i32 as i64);
        self.check_status(exn);
        self.trap(Trap::UnreachableCodeReached);
        self.resume_at(next);
    }

    /// Fills the exit blocks: each records this frame in the backtrace and returns its status.
    fn finish_exits(&mut self) {
        let mut exits: Vec<(Block, Option<u32>)> = self.trap_blocks.iter().map(|(&s, &b)| (b, Some(s))).collect();
        exits.sort_by_key(|&(b, _)| b);
        exits.extend(self.propagate.map(|b| (b, None)));
        for (block, status) in exits {
            self.enter(block);
            let s = match status {
                Some(s) => self.b.ins().iconst(types::I32, s as i64),
                None => self.b.block_params(block)[0],
            };
            let idx = self.b.ins().iconst(types::I32, self.func_index as i64);
            let (ctx, inst) = (self.ctx, self.inst);
            let ptr = self.env.ptr;
            self.call_helper(
                crate::helpers::record_frame as *const u8,
                &[ptr, ptr, types::I32],
                None,
                &[ctx, inst, idx],
            );
            self.b.ins().return_(&[s]);
        }
    }

    /// Calls a Rust helper (C convention) at `addr`.
    pub fn call_helper(
        &mut self,
        addr: *const u8,
        params: &[Type],
        ret: Option<Type>,
        args: &[Value],
    ) -> Option<Value> {
        let key = (params.to_vec(), ret);
        let sig = match self.helper_sigs.get(&key) {
            Some(&s) => s,
            None => {
                let s = self.b.import_signature(self.env.c_signature(params, ret));
                self.helper_sigs.insert(key, s);
                s
            }
        };
        let f = self.b.ins().iconst(self.env.ptr, addr as i64);
        let call = self.b.ins().call_indirect(sig, f, args);
        // A helper may write the frame through a slot's address.
        self.vcache.clear();
        self.b.inst_results(call).first().copied()
    }

    /// Calls a helper that returns a status, leaving on a non-`OK` one.
    pub fn call_checked(&mut self, addr: *const u8, params: &[Type], args: &[Value]) {
        let status = self.call_helper(addr, params, Some(types::I32), args).expect("a status");
        self.check_status(status);
    }

    /// The tail-convention signature of native bodies.
    pub fn body_sig(&mut self) -> SigRef {
        match self.body_sig {
            Some(s) => s,
            None => {
                let s = self.b.import_signature(func_signature(self.env.ptr, CallConv::Tail));
                self.body_sig = Some(s);
                s
            }
        }
    }

    /// A reference to the body of defined function `i` (module order).
    pub fn body_ref(&mut self, i: usize) -> FuncRef {
        let id = match self.env.tier_self {
            Some((me, id)) if me == i as u32 + self.env.input.num_imported => id,
            _ => self.env.bodies[i],
        };
        import_body(self.b.func, id, self.env.ptr)
    }

    /// The module's call-out trampoline body, as an address.
    pub fn trampoline_addr(&mut self) -> Value {
        let f = import_body(self.b.func, self.env.trampoline, self.env.ptr);
        self.b.ins().func_addr(self.env.ptr, f)
    }

    /// Stores slots `from..from + n` to the value stack, at the same slots.
    pub fn spill(&mut self, from: u32, n: u32) {
        for i in from..from + n {
            let v = self.get64(i);
            self.b.ins().store(vm_flags(), v, self.fp, (i * 8) as i32);
        }
    }

    /// Loads slots `from..from + n` from the value stack.
    pub fn reload(&mut self, from: u32, n: u32) {
        for i in from..from + n {
            let v = self.b.ins().load(types::I64, vm_flags(), self.fp, (i * 8) as i32);
            self.set64(i, v);
        }
    }

    /// Address of slot `s` in the value stack.
    pub fn slot_addr(&mut self, s: u32) -> Value {
        self.b.ins().iadd_imm_s(self.fp, s as i64 * 8)
    }

    /// Goes on in `block`, which other paths may reach (or which follows a call): cached
    /// v128 values are forgotten.
    pub fn enter(&mut self, block: Block) {
        self.b.switch_to_block(block);
        self.vcache.clear();
    }

    /// Goes on in `block` (after the current block ended).
    pub fn resume_at(&mut self, block: Block) {
        self.enter(block);
        self.dead = false;
    }

    /// Marks the current block ended.
    pub fn end_block(&mut self) {
        self.dead = true;
    }
}
