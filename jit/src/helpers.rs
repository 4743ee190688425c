//! Rust functions native code calls (C convention) for what is not worth inlining: the
//! backtrace, indirect-call resolution and bulk memory. Each returns a status where it can
//! trap. They follow the interpreter's handlers exactly (same checks, same order).

use crate::{OK, VmCtx, status_of};
use sheave_interp::Trap;
use sheave_interp::vm::{FuncKind, InstanceCtx, Memory, Registry};

/// Records the frame of instance function `func` of `inst` in the backtrace.
///
/// # Safety
/// `ctx` and `inst` are live (native code passes its own).
pub(crate) unsafe extern "C" fn record_frame(ctx: *mut VmCtx, inst: *const InstanceCtx, func: u32) {
    // SAFETY: the caller's contract.
    let (ctx, inst) = unsafe { (&mut *ctx, &*inst) };
    if let Some(&reg) = inst.funcs.get(func as usize) {
        ctx.backtrace.push(reg);
    }
}

/// Points `ctx.target_*` at registry function `func`: its native body and instance, or the
/// module's call-out trampoline (`tramp`) with `target_func` set.
fn set_target(ctx: &mut VmCtx, registry: &Registry, caller: *const InstanceCtx, func: u32, tramp: *const u8) {
    match registry.funcs[func as usize].kind {
        FuncKind::Native { instance, entry, .. } => {
            // SAFETY: a native registry entry points at the `NativeFunc` of live code.
            let native = unsafe { &*(entry as *const crate::NativeFunc) };
            ctx.target_body = native.body;
            ctx.target_inst = instance;
        }
        FuncKind::Wasm { code, instance } => {
            // A tiered function runs its native body when it has one (tiering installs it in
            // the code, shared by every store, not in the registry).
            // SAFETY: registry code pointers are live while the store is.
            let native = unsafe { (*code).tier.native.load(core::sync::atomic::Ordering::Acquire) };
            ctx.target_body = match native.is_null() {
                // SAFETY: a tier cell's native pointer is the `NativeFunc` of live code.
                false => unsafe { (*(native as *const crate::NativeFunc)).body },
                true => tramp,
            };
            ctx.target_inst = instance;
        }
        FuncKind::Host { .. } => {
            ctx.target_body = tramp;
            ctx.target_inst = caller;
        }
    }
    ctx.target_func = func;
}

/// `call_indirect`: checks `table[idx]` (bounds, null, signature of module type `ty`) and
/// sets the call target.
///
/// # Safety
/// `ctx` and `inst` are live; `table` and `ty` were validated.
pub(crate) unsafe extern "C" fn resolve_indirect(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    table: u32,
    ty: u32,
    idx: u32,
    tramp: *const u8,
) -> u32 {
    // SAFETY: the caller's contract; table and registry pointers of a live instance are live.
    let (ctx, inst) = unsafe { (&mut *ctx, &*inst) };
    // SAFETY: as above.
    let (table, registry) = unsafe { (&*inst.tables[table as usize], &*inst.registry) };
    let Some(&bits) = table.elems.get(idx as usize) else { return status_of(Trap::TableOutOfBounds) };
    if bits == 0 {
        return status_of(Trap::IndirectCallToNull);
    }
    let func = (bits - 1) as u32;
    let (sig, want) = (registry.funcs[func as usize].sig, inst.types[ty as usize]);
    if sig != want && !registry.is_subtype(sig, want) {
        return status_of(Trap::BadSignature);
    }
    set_target(ctx, registry, inst, func, tramp);
    OK
}

/// `call_ref`: checks the reference `bits` is not null and sets the call target.
///
/// # Safety
/// `ctx` and `inst` are live.
pub(crate) unsafe extern "C" fn resolve_ref(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    bits: u64,
    tramp: *const u8,
) -> u32 {
    if bits == 0 {
        return status_of(Trap::NullReference);
    }
    // SAFETY: the caller's contract.
    let (ctx, inst) = unsafe { (&mut *ctx, &*inst) };
    // SAFETY: an instance's registry is live while it is.
    let registry = unsafe { &*inst.registry };
    set_target(ctx, registry, inst, (bits - 1) as u32, tramp);
    OK
}

/// `start..start + n` inside `len`, or `None`.
fn range(start: u64, n: u64, len: usize) -> Option<core::ops::Range<usize>> {
    let end = start.checked_add(n)?;
    if end > len as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}

const OOB: fn() -> u32 = || status_of(Trap::MemoryOutOfBounds);

/// Memory `m` of `inst`.
///
/// # Safety
/// `inst` is live and `m` was validated.
unsafe fn memory(inst: *const InstanceCtx, m: u32) -> *mut Memory {
    // SAFETY: the caller's contract.
    unsafe { (&(*inst).memories)[m as usize] }
}

/// `memory.fill` of memory `m` (slot bits `d`, `v`, `n`).
///
/// # Safety
/// `inst` is live and `m` was validated; no other reference to the memory is in use.
pub(crate) unsafe extern "C" fn memory_fill(inst: *const InstanceCtx, m: u32, d: u64, v: u64, n: u64) -> u32 {
    // SAFETY: the caller's contract.
    let mem = unsafe { &mut *memory(inst, m) };
    let (d, n) = (mem.address(d), mem.address(n));
    let Some(r) = range(d, n, mem.data.len()) else { return OOB() };
    mem.data[r].fill(v as u8);
    OK
}

/// `memory.copy` from memory `sm` to memory `dm`.
///
/// # Safety
/// As for `memory_fill`; the two memories may be one.
pub(crate) unsafe extern "C" fn memory_copy(inst: *const InstanceCtx, dm: u32, sm: u32, d: u64, s: u64, n: u64) -> u32 {
    // SAFETY: the caller's contract.
    let (dst, src) = unsafe { (memory(inst, dm), memory(inst, sm)) };
    // SAFETY: shared views only; the copy below goes through raw pointers.
    let (dst_mem, src_mem) = unsafe { (&*dst, &*src) };
    let (d, s) = (dst_mem.address(d), src_mem.address(s));
    let n = if dst_mem.index64 && src_mem.index64 { n } else { n as u32 as u64 };
    let (Some(dr), Some(sr)) = (range(d, n, dst_mem.data.len()), range(s, n, src_mem.data.len())) else {
        return OOB();
    };
    // SAFETY: both ranges are inside their memories; `copy` allows overlap.
    unsafe { core::ptr::copy((*src).data.as_ptr().add(sr.start), (*dst).data.as_mut_ptr().add(dr.start), dr.len()) };
    OK
}

/// `memory.init` of memory `m` from data segment `seg`.
///
/// # Safety
/// As for `memory_fill`; `seg` was validated.
pub(crate) unsafe extern "C" fn memory_init(inst: *const InstanceCtx, m: u32, seg: u32, d: u64, s: u64, n: u64) -> u32 {
    // SAFETY: the caller's contract.
    let mem = unsafe { &mut *memory(inst, m) };
    let d = mem.address(d);
    let (s, n) = (s as u32 as u64, n as u32 as u64);
    // SAFETY: the caller's contract.
    let data = unsafe { &(&(*inst).datas)[seg as usize] };
    let (Some(dr), Some(sr)) = (range(d, n, mem.data.len()), range(s, n, data.len())) else { return OOB() };
    mem.data[dr].copy_from_slice(&data[sr]);
    OK
}

/// `data.drop` of segment `seg`.
///
/// # Safety
/// `inst` is live and only native code of this invocation mutates it.
pub(crate) unsafe extern "C" fn data_drop(inst: *const InstanceCtx, seg: u32) -> u32 {
    // SAFETY: the caller's contract.
    let inst = unsafe { &mut *(inst as *mut InstanceCtx) };
    inst.datas[seg as usize] = std::sync::Arc::from(&[][..]);
    OK
}

/// Table `t` of `inst`.
///
/// # Safety
/// `inst` is live and `t` was validated.
unsafe fn table(inst: *const InstanceCtx, t: u32) -> *mut sheave_interp::vm::Table {
    // SAFETY: the caller's contract.
    unsafe { (&(*inst).tables)[t as usize] }
}

const TABLE_OOB: fn() -> u32 = || status_of(Trap::TableOutOfBounds);

/// `table.get`: writes `table[idx]` to `out`.
///
/// # Safety
/// As for `memory_fill`, for table `t`; `out` is a slot of the calling frame.
pub(crate) unsafe extern "C" fn table_get(inst: *const InstanceCtx, t: u32, idx: u64, out: *mut u64) -> u32 {
    // SAFETY: the caller's contract.
    let tab = unsafe { &*table(inst, t) };
    let i = tab.index(idx);
    match usize::try_from(i).ok().and_then(|i| tab.elems.get(i)) {
        // SAFETY: the caller's contract.
        Some(&v) => unsafe { *out = v },
        None => return TABLE_OOB(),
    }
    OK
}

/// `table.set`.
///
/// # Safety
/// As for `table_get`.
pub(crate) unsafe extern "C" fn table_set(inst: *const InstanceCtx, t: u32, idx: u64, v: u64) -> u32 {
    // SAFETY: the caller's contract.
    let tab = unsafe { &mut *table(inst, t) };
    let i = tab.index(idx);
    match usize::try_from(i).ok().and_then(|i| tab.elems.get_mut(i)) {
        Some(slot) => *slot = v,
        None => return TABLE_OOB(),
    }
    OK
}

/// `table.size`: writes the size to `out`.
///
/// # Safety
/// As for `table_get`.
pub(crate) unsafe extern "C" fn table_size(inst: *const InstanceCtx, t: u32, out: *mut u64) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { *out = (*table(inst, t)).elems.len() as u64 };
    OK
}

/// `table.fill`.
///
/// # Safety
/// As for `table_get`.
pub(crate) unsafe extern "C" fn table_fill(inst: *const InstanceCtx, t: u32, d: u64, v: u64, n: u64) -> u32 {
    // SAFETY: the caller's contract.
    let tab = unsafe { &mut *table(inst, t) };
    let (d, n) = (tab.index(d), tab.index(n));
    let Some(r) = range(d, n, tab.elems.len()) else { return TABLE_OOB() };
    tab.elems[r].fill(v);
    OK
}

/// `table.copy` from table `st` to table `dt` (which may be one table).
///
/// # Safety
/// As for `table_get`.
pub(crate) unsafe extern "C" fn table_copy(inst: *const InstanceCtx, dt: u32, st: u32, d: u64, s: u64, n: u64) -> u32 {
    // SAFETY: the caller's contract.
    let (dst, src) = unsafe { (table(inst, dt), table(inst, st)) };
    // SAFETY: shared views only; the copy below goes through raw pointers.
    let (dst_tab, src_tab) = unsafe { (&*dst, &*src) };
    let (d, s) = (dst_tab.index(d), src_tab.index(s));
    let n = if dst_tab.index64 && src_tab.index64 { n } else { n as u32 as u64 };
    let (Some(sr), Some(dr)) = (range(s, n, src_tab.elems.len()), range(d, n, dst_tab.elems.len())) else {
        return TABLE_OOB();
    };
    // SAFETY: both ranges are inside their tables; `copy` allows overlap.
    unsafe { core::ptr::copy((*src).elems.as_ptr().add(sr.start), (*dst).elems.as_mut_ptr().add(dr.start), dr.len()) };
    OK
}

/// `table.init` of table `t` from element segment `seg`.
///
/// # Safety
/// As for `table_get`; `seg` was validated.
pub(crate) unsafe extern "C" fn table_init(inst: *const InstanceCtx, t: u32, seg: u32, d: u64, s: u64, n: u64) -> u32 {
    let (s, n) = (s as u32 as u64, n as u32 as u64);
    // SAFETY: the caller's contract.
    let elems = unsafe { (&(*inst).elems)[seg as usize].clone() };
    let Some(sr) = range(s, n, elems.len()) else { return TABLE_OOB() };
    // SAFETY: the caller's contract.
    let tab = unsafe { &mut *table(inst, t) };
    let d = tab.index(d);
    let Some(dr) = range(d, n, tab.elems.len()) else { return TABLE_OOB() };
    tab.elems[dr].copy_from_slice(&elems[sr]);
    OK
}

/// `elem.drop` of segment `seg`.
///
/// # Safety
/// As for `data_drop`.
pub(crate) unsafe extern "C" fn elem_drop(inst: *const InstanceCtx, seg: u32) -> u32 {
    // SAFETY: the caller's contract.
    let inst = unsafe { &mut *(inst as *mut InstanceCtx) };
    inst.elems[seg as usize] = std::sync::Arc::from(&[][..]);
    OK
}

/// `throw`: a new exception of module tag `tag` with payload `payload[..n]` (slots of the
/// calling frame), left in `ctx.exception`.
///
/// # Safety
/// `ctx` and `inst` are live; `tag` was validated; `payload..payload + n` is in the frame.
pub(crate) unsafe extern "C" fn throw(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    tag: u32,
    payload: *const u64,
    n: u32,
) -> u32 {
    // SAFETY: the caller's contract; only this invocation touches the registry now.
    let (ctx, inst) = unsafe { (&mut *ctx, &*inst) };
    // SAFETY: as above.
    let heap = unsafe { &mut (*(inst.registry as *mut Registry)).heap };
    if heap.wants_collection(sheave_interp::gc::Heap::exception_bytes(n)) {
        // The roots in this native run's frames: every slot from its first frame up to the
        // payload (native code keeps the stack maps' slots in memory; the payload was stored
        // for this call). Frames below the run were rooted when they called out.
        // SAFETY: `frames_base` and `payload` point into the value stack, the run's first
        // frame at or below the payload.
        let frames = unsafe {
            let len = payload.offset_from(ctx.frames_base).max(0) as usize + n as usize;
            core::slice::from_raw_parts(ctx.frames_base as *const u64, len)
        };
        heap.collect(&mut |mark| frames.iter().for_each(|&v| mark(v)));
    }
    // SAFETY: the caller's contract.
    let values = unsafe { core::slice::from_raw_parts(payload, n as usize) };
    match heap.new_exception(inst.tags[tag as usize], values, false) {
        Ok(exn) => {
            ctx.exception = exn;
            crate::EXCEPTION
        }
        Err(t) => status_of(t),
    }
}

/// `throw_ref`: throws the exception `bits` refers to (null traps).
///
/// # Safety
/// `ctx` is live.
pub(crate) unsafe extern "C" fn throw_ref(ctx: *mut VmCtx, bits: u64) -> u32 {
    if bits == 0 {
        return status_of(Trap::NullReference);
    }
    // SAFETY: the caller's contract.
    unsafe { (*ctx).exception = bits as u32 };
    crate::EXCEPTION
}

/// `find_catch`'s answer for a handler whose writes would leave the frame (a forged
/// artifact's): the interpreter traps with a null reference there too.
pub(crate) const BAD_HANDLER: u32 = u32::MAX;

/// The code `find_catch` returns for clause `ci` of region `ri` (0 means none caught).
pub(crate) const fn clause_code(ri: usize, ci: usize) -> u32 {
    ((ri as u32) << 16 | ci as u32) + 1
}

/// Searches the handlers of `code` (the function running in `inst`) for `ctx.exception`,
/// raised at word `pc`, innermost region first, as the interpreter's unwinder does. On a
/// match it writes the tag's payload and the exception reference to the frame at `fp` (or
/// frees an exception no reference can reach) and returns the clause's code; 0 when no
/// handler of this frame catches it.
///
/// # Safety
/// `ctx`, `inst` and `code` are live; `fp` is the frame of `code`.
pub(crate) unsafe extern "C" fn find_catch(
    ctx: *mut VmCtx,
    inst: *const InstanceCtx,
    code: *const sheave_interp::vm::CompiledFunc,
    pc: u32,
    fp: *mut u64,
) -> u32 {
    // SAFETY: the caller's contract; only this invocation touches the registry now.
    let (ctx, inst, code) = unsafe { (&mut *ctx, &*inst, &*code) };
    // SAFETY: as above.
    let heap = unsafe { &mut (*(inst.registry as *mut Registry)).heap };
    let exn = ctx.exception;
    let Some(tag) = heap.exception_tag(exn) else { return 0 };
    let Some((ri, ci, c)) = code.find_clause(pc, tag, &inst.tags) else { return 0 };
    // SAFETY: `catch_exception` writes only slots below the frame's size.
    if heap.catch_exception(exn, &c, code.frame_size, |s, v| unsafe { *fp.add(s as usize) = v }).is_err() {
        return BAD_HANDLER;
    }
    clause_code(ri, ci)
}
