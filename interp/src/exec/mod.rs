//! The executor: register file (`Regs`), per-invocation state (`Executor`), how a run
//! leaves the dispatch loop (`Exit`), and the entry points shared by both dispatchers.

pub(crate) mod dispatch;
pub(crate) mod handlers;

use crate::Trap;
use crate::vm::{CompiledFunc, FuncKind, InstanceCtx, Registry};
use alloc::vec::Vec;
use core::sync::atomic::Ordering;

/// The engine's epoch counter: 64 bits where the target has 64-bit atomics, else 32 (e.g.
/// `thumbv7em`; a 32-bit epoch wraps after 2^32 increments).
#[cfg(target_has_atomic = "64")]
pub type EpochCounter = core::sync::atomic::AtomicU64;
/// The engine's epoch counter: 64 bits where the target has 64-bit atomics, else 32 (e.g.
/// `thumbv7em`; a 32-bit epoch wraps after 2^32 increments).
#[cfg(not(target_has_atomic = "64"))]
pub type EpochCounter = core::sync::atomic::AtomicU32;

pub use dispatch::Dispatch;
pub(crate) use dispatch::link;

/// Why the dispatch loop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The entry function returned; its results are in slots `0..results` of the entry frame.
    Done,
    /// A trap; `Executor::backtrace` says where.
    Trap(Trap),
    /// A host function must be called: see [`Executor::pending`].
    Host,
    /// An exception left the entry function uncaught: see [`Executor::escaped_exception`].
    /// (Kept out of the variant so `Exit`, which every handler returns, stays two bytes.)
    Exception,
}

/// Result of one handler: `Ok` continues with the op at `Regs::ip`.
pub(crate) type Flow = Result<(), Exit>;

/// `Pending::TierUp`'s `at` for a function's entry (not a loop header).
pub const ENTRY: u32 = u32::MAX;

/// What the embedder must do before resuming (after `Exit::Host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Pending {
    /// Nothing.
    None,
    /// Call host (or native) function `func` (registry index); arguments are at `args`, results
    /// go there.
    Call { func: u32, args: *mut u64 },
    /// Grow memory `memory` of the current instance by `delta` pages under the embedder's
    /// limiter, and write the old size (or -1 of the memory's index type) to `dst`.
    MemoryGrow { memory: u32, delta: u64, dst: *mut u64 },
    /// Grow table `table` of the current instance by `delta` entries of `init`, and write the
    /// old size (or -1 of the table's index type) to `dst`.
    TableGrow { table: u32, delta: u64, init: u64, dst: *mut u64 },
    /// The running function's `tier_count` op (`at` = [`ENTRY`]) or the `tier_loop` op at
    /// word `at` (a loop header) found it hot, or its native code ready (see
    /// [`crate::vm::TierCell`]): the embedder may compile it, then either resumes (the frame
    /// goes on in the interpreter, after the op) or runs the frame's function natively, from
    /// its start or from the loop header with the frame as it is (on-stack replacement), and
    /// calls [`Executor::return_from_frame`].
    TierUp { at: u32 },
    /// Translate the running function (its registry entry holds a lazy stub), point the
    /// registry entry at the result, then call [`Executor::restart_frame`].
    Compile,
    /// An allocation needs the GC heap's limit (`Heap::limit`) raised to `Heap::wanted` bytes:
    /// the embedder asks its resource limiter and raises it, or fails the call; `run` then
    /// executes the allocation again (the executor stands at it).
    GcGrow,
    /// Internal to [`Executor::run`], never seen by the embedder: wasm threw exception `exn`
    /// (leaving the dispatch loop keeps the unwinder out of the handlers' tail calls).
    Throw { exn: u32 },
    /// Internal to [`Executor::run`], never seen by the embedder: a call entered its callee
    /// with the call stack's array full; `run` grows it and pushes the caller's record (kept
    /// in the executor), then goes on in the callee.
    GrowFrames,
}

/// The hot state: kept in handler arguments by the tail-call dispatcher. `M` says, at
/// compile time, where the pinned local is (see [`Mode`]).
#[derive(Debug, Clone, Copy)]
pub struct Regs<M: Mode = Narrow> {
    /// Next instruction.
    pub ip: *const u32,
    /// Slot 0 of the current frame.
    pub fp: *mut u64,
    /// Base of memory 0 of the current instance (its length is `Executor::mem_len`: one more
    /// handler argument would break the tail call on s390x).
    pub mem: *mut u8,
    /// The pinned local, `fp[0]` (see [`crate::pin`]), where `M::WIDE`; otherwise unused.
    pub l0: u64,
    mode: core::marker::PhantomData<M>,
}

/// Where a handler finds the pinned local: compile-time facts, so that its slot accesses
/// fold (a flag in `Regs` measured 20% slower on CoreMark: the handler bodies are optimised
/// before they are inlined into a dispatcher, which then only sees the flag's value).
pub trait Mode: Copy + core::fmt::Debug {
    /// `l0` is live: the tail-call dispatcher keeps it in a handler argument where the
    /// target has one to spare. Elsewhere ("narrow": s390x, the loop) pinned-local variants
    /// read the slot, as their base ops do.
    const WIDE: bool;
    /// Slot 0 accesses are the pinned local's (inside a pinned-local variant): reads come
    /// from `l0` where it is live, and writes also update it.
    const PINNED: bool;
}

/// `l0` is not live (the loop dispatcher, narrow targets, a stopped executor).
#[derive(Debug, Clone, Copy)]
pub struct Narrow;
/// `l0` is live (the tail-call dispatcher where a handler argument holds it).
#[derive(Debug, Clone, Copy)]
pub struct Wide;
/// Inside a pinned-local variant running in mode `M`.
#[derive(Debug, Clone, Copy)]
pub struct Pinned<M>(core::marker::PhantomData<M>);

impl Mode for Narrow {
    const WIDE: bool = false;
    const PINNED: bool = false;
}
impl Mode for Wide {
    const WIDE: bool = true;
    const PINNED: bool = false;
}
impl<M: Mode> Mode for Pinned<M> {
    const WIDE: bool = M::WIDE;
    const PINNED: bool = true;
}

impl Regs {
    /// The registers at `ip` in the frame at `fp` with memory `mem`.
    #[inline(always)]
    pub fn new(ip: *const u32, fp: *mut u64, mem: *mut u8) -> Regs {
        Regs { ip, fp, mem, l0: 0, mode: core::marker::PhantomData }
    }
}

impl<M: Mode> Regs<M> {
    /// The same registers seen in mode `N`.
    #[inline(always)]
    pub fn cast<N: Mode>(self) -> Regs<N> {
        Regs { ip: self.ip, fp: self.fp, mem: self.mem, l0: self.l0, mode: core::marker::PhantomData }
    }

    /// Continues at `to` when `cond` holds. A branch, not a conditional move (which LLVM
    /// picks for the plain `if`): with a move, the next instruction's address, and so every
    /// operand load of the next handler, waits for `cond` (a slot load and a compare), which
    /// serialises the whole run on its branches; a branch lets the predictor run ahead.
    /// Measured: CoreMark (`fixed`, tail) 48.4 -> 33.9 ms. (In builds with only the loop, the
    /// hint made i686 10% slower, and it is left out there.)
    #[inline(always)]
    pub(crate) fn branch_if(&mut self, cond: bool, to: *const u32) {
        if cond {
            self.ip = to;
        } else {
            #[cfg(sheave_tail_dispatch)]
            core::hint::cold_path();
        }
    }

    /// Loads `l0` from the frame: wherever a frame is entered or resumed.
    #[inline(always)]
    pub(crate) fn reload_pin(&mut self) {
        if M::WIDE {
            // SAFETY: every frame has room for slot 0 (`Executor::fit_frame`).
            self.l0 = unsafe { *self.fp };
        }
    }
}

/// A caller's saved state.
#[derive(Debug, Clone, Copy)]
struct Frame {
    ret_ip: *const u32,
    fp: *mut u64,
    inst: *const InstanceCtx,
    func: u32,
}

/// One invocation of a wasm function from the host: the call stack and the limits.
#[derive(Debug)]
pub struct Executor {
    frames: Vec<Frame>,
    regs: Regs,
    /// Length of memory 0 of the current instance in bytes.
    mem_len: usize,
    /// The current instance's global cells (`InstanceCtx::globals`), kept here so that a
    /// global access is three dependent loads from the executor, not four.
    globals: *const *mut crate::vm::GlobalCell,
    /// Why the dispatch loop stopped (set with the registers by `stop`).
    exit: Exit,
    dispatch: Dispatch,
    inst: *const InstanceCtx,
    func: u32,
    stack_end: *mut u64,
    max_frames: usize,
    /// Remaining fuel (only charged by `fuel` ops, which exist only with fuel on).
    pub fuel: i64,
    epoch: *const EpochCounter,
    /// Epoch at which `epoch` ops trap.
    pub epoch_deadline: u64,
    /// Route `memory.grow`/`table.grow` through the embedder (a resource limiter is set).
    pub host_grow: bool,
    /// The caller's record a call left for `run` to push (`Pending::GrowFrames`).
    deferred_frame: Frame,
    /// The request behind the last `Exit::Host`.
    pub pending: Pending,
    /// The pending host call replaced the current frame (a tail call): an exception it
    /// throws is not for this frame's handlers.
    host_tail: bool,
    /// The registry exception behind the last `Exit::Exception`.
    escaped: u32,
    /// The entry frame returned outside the dispatch loop (`return_from_frame`): `run`
    /// reports `Exit::Done`.
    finished: bool,
    /// Tier-up ops may leave the loop (`Pending::TierUp`); off, they only count (a call that
    /// must stay interpreted: resumable and async calls).
    pub tier_up: bool,
    /// Iterations of outermost loops (`tier_loop` ops, in any function) left before the
    /// executor stops at one for the embedder (`Pending::TierUp`), which resets it: loops are
    /// sampled, so an iteration costs one decrement of this field.
    pub loop_budget: u32,
    /// After an `OutOfFuel` trap: the fuel the trapping `fuel` op asked for and did not get
    /// (the executor stands after that op; see [`Executor::pay_unpaid_fuel`]).
    pub(crate) unpaid_fuel: u32,
}

/// The configuration of an invocation.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// One past the last usable slot of the value stack.
    pub stack_end: *mut u64,
    /// Maximum nested wasm frames.
    pub max_frames: usize,
    /// Initial fuel.
    pub fuel: i64,
    /// The engine's epoch counter (may be null when epochs are off).
    pub epoch: *const EpochCounter,
    /// The epoch deadline.
    pub epoch_deadline: u64,
    /// Whether grow requests go to the embedder.
    pub host_grow: bool,
    /// The dispatcher (`Dispatch::Tail` only where [`Dispatch::TAIL_AVAILABLE`]).
    pub dispatch: Dispatch,
}

impl Executor {
    /// Prepares a call of registry function `func` whose arguments are already in
    /// `args[0..params]`; `args` becomes the entry frame. Fails with `StackOverflow` when the
    /// frame does not fit.
    ///
    /// # Safety
    /// `registry` and every object it references must stay alive and unmoved while the
    /// executor runs, `func` must be a wasm function of it, and `args..limits.stack_end` must
    /// be writable value-stack memory.
    pub unsafe fn new(registry: &Registry, func: u32, args: *mut u64, limits: Limits) -> Result<Executor, Trap> {
        let FuncKind::Wasm { code, instance } = registry.funcs[func as usize].kind else {
            panic!("Executor::new needs a wasm function");
        };
        // SAFETY: the caller guarantees the registry's code pointers are live.
        let code: &CompiledFunc = unsafe { &*code };
        if !frame_fits(limits.stack_end, args, code) {
            return Err(Trap::StackOverflow);
        }
        // SAFETY: the frame fits below `stack_end` (checked above).
        unsafe { zero_locals(args, code) };
        let mut exec = Executor {
            frames: Vec::new(),
            regs: Regs::new(core::ptr::null(), args, core::ptr::null_mut()),
            mem_len: 0,
            globals: core::ptr::null(),
            exit: Exit::Done,
            dispatch: if Dispatch::TAIL_AVAILABLE { limits.dispatch } else { Dispatch::Loop },
            inst: instance,
            func,
            stack_end: limits.stack_end,
            max_frames: limits.max_frames,
            fuel: limits.fuel,
            epoch: limits.epoch,
            epoch_deadline: limits.epoch_deadline,
            host_grow: limits.host_grow,
            deferred_frame: Frame { ret_ip: core::ptr::null(), fp: core::ptr::null_mut(), inst: instance, func },
            pending: Pending::None,
            host_tail: false,
            escaped: 0,
            finished: false,
            tier_up: true,
            loop_budget: u32::MAX,
            unpaid_fuel: 0,
        };
        exec.regs.ip = exec.code_start(code);
        exec.reload_memory_into_regs();
        Ok(exec)
    }

    /// Runs until the entry function returns, a trap, or a host request.
    ///
    /// # Safety
    /// As for [`Executor::new`]; after `Exit::Host` the embedder must have handled
    /// `pending` (writing results where it says) before calling `run` again.
    pub unsafe fn run(&mut self) -> Exit {
        if self.finished {
            return Exit::Done;
        }
        self.pending = Pending::None;
        self.host_tail = false;
        self.reload_memory_into_regs();
        loop {
            // SAFETY: the bytecode was produced by the translator and checked by `verify` in
            // debug builds; the caller upholds the liveness contract.
            let exit = unsafe { dispatch::run(self.regs, self) };
            if let (Exit::Host, Pending::GrowFrames) = (exit, self.pending) {
                self.pending = Pending::None;
                self.frames.push(self.deferred_frame);
                continue;
            }
            let (Exit::Host, Pending::Throw { exn }) = (exit, self.pending) else { return exit };
            self.pending = Pending::None;
            let mut r = self.regs;
            let caught = self.unwind(&mut r, exn, false);
            self.regs = r;
            if let Err(e) = caught {
                return e;
            }
        }
    }

    /// Restarts the current frame at the start of its function's code, as read from the
    /// registry again (after `Pending::Compile` replaced a lazy stub).
    ///
    /// # Safety
    /// As for [`Executor::new`].
    pub unsafe fn restart_frame(&mut self, registry: &Registry) -> Result<(), Trap> {
        let FuncKind::Wasm { code, .. } = registry.funcs[self.func as usize].kind else {
            panic!("restart_frame needs a wasm function");
        };
        // SAFETY: the caller guarantees the registry's code pointers are live.
        let code: &CompiledFunc = unsafe { &*code };
        let fp = self.regs.fp;
        if !frame_fits(self.stack_end, fp, code) {
            return Err(Trap::StackOverflow);
        }
        // SAFETY: the frame fits below `stack_end` (checked above).
        unsafe { zero_locals(fp, code) };
        self.regs.ip = self.code_start(code);
        Ok(())
    }

    /// Returns from the current frame as its `ret` would, with its results already in slots
    /// `0..` (the embedder ran the function elsewhere: `Pending::TierUp`). Returning from
    /// the entry frame makes the next `run` report `Exit::Done`.
    pub fn return_from_frame(&mut self) {
        let mut r = self.regs;
        if let Err(Exit::Done) = self.return_to_caller(&mut r) {
            self.finished = true;
        }
        self.regs = r;
    }

    /// The fuel still owed after an `OutOfFuel` trap (0 when none is).
    pub fn unpaid_fuel(&self) -> u64 {
        self.unpaid_fuel as u64
    }

    /// Pays the fuel an `OutOfFuel` trap left owing, so that `run` can resume after the
    /// trapping op (as if it had succeeded); false, paying nothing, when `fuel` is short.
    pub fn pay_unpaid_fuel(&mut self) -> bool {
        if self.fuel < self.unpaid_fuel as i64 {
            return false;
        }
        self.fuel -= self.unpaid_fuel as i64;
        self.unpaid_fuel = 0;
        true
    }

    /// The registry exception index of the exception behind the last `Exit::Exception`.
    pub fn escaped_exception(&self) -> u32 {
        self.escaped
    }

    /// The registry index of the running function.
    pub fn current_func(&self) -> u32 {
        self.func
    }

    /// The current frame's slot 0 (after `Exit::Host`: the caller of the host function).
    pub fn frame_pointer(&self) -> *mut u64 {
        self.regs.fp
    }

    /// The instance the current frame runs in.
    pub fn instance(&self) -> *const InstanceCtx {
        self.inst
    }

    /// Registry indices of the active functions, innermost first, at most `max` of them (a
    /// trap deep in recursion need not copy thousands).
    pub fn backtrace(&self, max: usize) -> Vec<u32> {
        let frames = self.frames.iter().rev().map(|f| f.func);
        core::iter::once(self.func).chain(frames).take(max).collect()
    }

    /// Reports every value in this executor's frames that may be a heap reference (the slots
    /// the stack maps list at each frame's stopping point) to `mark`. `current` gives the
    /// running frame's `fp` and `ip` when a handler asks; otherwise the stopped registers.
    pub fn report_roots(
        &self,
        funcs: &[crate::vm::FuncEntity],
        current: Option<(*mut u64, *const u32)>,
        mark: &mut dyn FnMut(u64),
    ) {
        let (fp, ip) = current.unwrap_or((self.regs.fp, self.regs.ip));
        let frames = core::iter::once((self.func, fp, ip)).chain(self.frames.iter().map(|f| (f.func, f.fp, f.ret_ip)));
        for (func, fp, ip) in frames {
            let Some(FuncKind::Wasm { code, .. }) = funcs.get(func as usize).map(|f| f.kind) else { continue };
            // SAFETY: registry code pointers are live while the store is (the caller's contract
            // for the executor), and `fp` addresses a frame of `frame_size` slots.
            let code = unsafe { &*code };
            let Some(maps) = code.gc_maps.as_deref() else { continue };
            let at = (ip as usize).wrapping_sub(self.code_start(code) as usize) / 4;
            // SAFETY: as above: slots below `frame_size` are the frame's.
            let read = |s: u32| if s < code.frame_size { Some(unsafe { *fp.add(s as usize) }) } else { None };
            match u32::try_from(at).ok().and_then(|at| maps.at(at)) {
                Some(slots) => maps.always.iter().chain(slots).filter_map(|&s| read(s)).for_each(&mut *mark),
                // No map here (a stop the translator did not foresee): every slot is a candidate.
                None => (0..code.frame_size).filter_map(read).for_each(&mut *mark),
            }
        }
    }

    /// The handles this stopped executor's frames hold (what the embedder keeps as roots while
    /// it waits in a host call or stays suspended).
    pub fn gc_roots(&self, registry: &Registry) -> Vec<u32> {
        let mut out = Vec::new();
        self.report_roots(&registry.funcs, None, &mut |v| out.extend(registry.heap.live_handle(v)));
        out
    }

    /// Collects garbage from inside a handler: the roots are the heap's own and this
    /// executor's frames (the running one at `fp`, stopped at `ip`).
    #[inline(never)]
    pub(crate) fn collect_garbage(&mut self, fp: *mut u64, ip: *const u32) {
        // SAFETY: as in `catch`: only the executor touches the registry during a run.
        let reg = unsafe { &mut *(self.instance_ref().registry as *mut Registry) };
        let Registry { funcs, heap, .. } = reg;
        let me = &*self;
        heap.collect(&mut |mark| me.report_roots(funcs, Some((fp, ip)), mark));
    }

    /// The current frame size in slots of the running function (for nested invocations).
    pub fn current_frame_size(&self, registry: &Registry) -> usize {
        match registry.funcs[self.func as usize].kind {
            // SAFETY: registry code pointers are live while the store is (caller's contract).
            FuncKind::Wasm { code, .. } => unsafe { (*code).frame_size as usize },
            FuncKind::Host { .. } | FuncKind::Native { .. } => 0,
        }
    }

    /// The first instruction of `code` in the form this executor's dispatcher runs.
    #[inline(always)]
    fn code_start(&self, code: &CompiledFunc) -> *const u32 {
        match self.dispatch {
            Dispatch::Tail => code.threaded.as_ptr(),
            Dispatch::Loop => code.code.as_ptr(),
        }
    }

    /// Records where and why the dispatch loop stops.
    #[inline(always)]
    fn stop(&mut self, r: Regs<impl Mode>, why: Exit) {
        self.regs = r.cast();
        self.exit = why;
    }

    #[inline(always)]
    fn reload_memory_into_regs(&mut self) {
        let (mem, len) = self.memory_of(self.inst);
        self.regs.mem = mem;
        self.mem_len = len;
        self.globals = self.instance_ref().globals.as_ptr();
    }

    #[inline(always)]
    fn memory_of(&self, inst: *const InstanceCtx) -> (*mut u8, usize) {
        // SAFETY: instance and memory pointers stay live while the executor runs.
        unsafe {
            match (*inst).memory {
                Some(m) => ((*m).data.as_mut_ptr(), (*m).data.len()),
                None => (core::ptr::NonNull::dangling().as_ptr(), 0),
            }
        }
    }

    /// Memory `m` of the current instance.
    #[inline(always)]
    fn memory_at(&self, m: u32) -> *mut crate::vm::Memory {
        // SAFETY: `m` was validated against the module's memories, which the instance mirrors.
        unsafe { *self.instance_ref().memories.get_unchecked(m as usize) }
    }

    #[inline(always)]
    fn instance_ref(&self) -> &InstanceCtx {
        // SAFETY: the current instance is live while the executor runs.
        unsafe { &*self.inst }
    }

    #[inline(always)]
    fn registry(&self) -> &Registry {
        // SAFETY: every instance points at its store's registry, live while the store is.
        unsafe { &*self.instance_ref().registry }
    }

    /// The registry index of function `func` of the current instance, and its code when a
    /// call runs it directly (the instance's own interpreted functions: no registry entry to
    /// read, no kind to match, no instance to switch; see `InstanceCtx::direct`).
    #[inline(always)]
    fn callee<'c>(&self, func: u32) -> (u32, Option<&'c CompiledFunc>) {
        let inst = self.instance_ref();
        // SAFETY: `func` was validated against the module's function space, which the
        // instance context mirrors.
        let idx = unsafe { *inst.funcs.get_unchecked(func as usize) };
        // SAFETY: direct code pointers are the registry's, live while the store is.
        (idx, unsafe { inst.direct(func).as_ref() })
    }

    /// Enters registry function `idx` with its frame at `r.fp + base`.
    #[inline(always)]
    fn call_registry(&mut self, r: &mut Regs<impl Mode>, idx: u32, base: u32) -> Flow {
        // (A trap, not a panic, for an index no runtime op makes: no call on this path.)
        let Some(&ent) = self.registry().funcs.get(idx as usize) else {
            return Err(Exit::Trap(Trap::BadSignature));
        };
        match ent.kind {
            // SAFETY: registry code pointers are live while the store is.
            FuncKind::Wasm { code, instance } => self.call_wasm(r, idx, unsafe { &*code }, instance, base),
            FuncKind::Host { .. } | FuncKind::Native { .. } => {
                self.pending = Pending::Call { func: idx, args: r.fp.wrapping_add(base as usize) };
                Err(Exit::Host)
            }
        }
    }

    /// Enters `code`, registry function `idx` of `instance`, with its frame at `r.fp + base`.
    #[inline(always)]
    fn call_wasm(
        &mut self,
        r: &mut Regs<impl Mode>,
        idx: u32,
        code: &CompiledFunc,
        instance: *const InstanceCtx,
        base: u32,
    ) -> Flow {
        let callee_fp = r.fp.wrapping_add(base as usize);
        if self.frames.len() >= self.max_frames {
            return Err(Exit::Trap(Trap::StackOverflow));
        }
        self.fit_frame(callee_fp, code)?;
        let f = Frame { ret_ip: r.ip, fp: r.fp, inst: self.inst, func: self.func };
        let len = self.frames.len();
        if len == self.frames.capacity() {
            // Growing the call stack is a call, which would make every call handler
            // save and restore registers: enter the callee, then leave the dispatch
            // loop for `run` to push the caller's record (see `Pending::GrowFrames`).
            self.deferred_frame = f;
            r.fp = callee_fp;
            self.enter(r, idx, code, instance);
            self.pending = Pending::GrowFrames;
            return Err(Exit::Host);
        }
        // SAFETY: `len < capacity` (checked above), so the slot is allocated and unused.
        unsafe {
            self.frames.as_mut_ptr().add(len).write(f);
            self.frames.set_len(len + 1);
        }
        r.fp = callee_fp;
        self.enter(r, idx, code, instance);
        Ok(())
    }

    /// Checks that `code`'s frame fits in the value stack at `fp` and zeroes its locals.
    #[inline(always)]
    fn fit_frame(&self, fp: *mut u64, code: &CompiledFunc) -> Result<(), Exit> {
        if !frame_fits(self.stack_end, fp, code) {
            return Err(Exit::Trap(Trap::StackOverflow));
        }
        // SAFETY: the frame fits below `stack_end` (checked above).
        unsafe { zero_locals(fp, code) };
        Ok(())
    }

    /// Starts registry function `idx` (`code`, of `instance`) in the frame at `r.fp`.
    #[inline(always)]
    fn enter(&mut self, r: &mut Regs<impl Mode>, idx: u32, code: &CompiledFunc, instance: *const InstanceCtx) {
        self.func = idx;
        r.ip = self.code_start(code);
        r.reload_pin();
        if instance != self.inst {
            self.inst = instance;
            (r.mem, self.mem_len) = self.memory_of(instance);
            self.globals = self.instance_ref().globals.as_ptr();
        }
    }

    /// Replaces the current frame with a call of registry function `idx`, whose arguments
    /// are at `r.fp + base`. A host callee leaves the loop with its arguments at the frame's
    /// slot 0; the op after the tail call (`ret 0, n`) then returns its results.
    #[inline(always)]
    fn tail_call_registry(&mut self, r: &mut Regs<impl Mode>, idx: u32, base: u32) -> Flow {
        let ent = self.registry().funcs[idx as usize];
        match ent.kind {
            // SAFETY: registry code pointers are live while the store is.
            FuncKind::Wasm { code, instance } => self.tail_call_wasm(r, idx, unsafe { &*code }, instance, base),
            FuncKind::Host { .. } | FuncKind::Native { .. } => {
                move_args(r.fp, base, ent.params);
                self.pending = Pending::Call { func: idx, args: r.fp };
                self.host_tail = true;
                Err(Exit::Host)
            }
        }
    }

    /// Replaces the current frame with `code`, registry function `idx` of `instance`, whose
    /// arguments are at `r.fp + base`.
    #[inline(always)]
    fn tail_call_wasm(
        &mut self,
        r: &mut Regs<impl Mode>,
        idx: u32,
        code: &CompiledFunc,
        instance: *const InstanceCtx,
        base: u32,
    ) -> Flow {
        move_args(r.fp, base, code.params);
        self.fit_frame(r.fp, code)?;
        self.enter(r, idx, code, instance);
        Ok(())
    }

    /// Raises exception `exn` (a registry exception index) where the run stopped: in the
    /// host function the last `Exit::Host` asked for, which threw it. `Ok` means a handler
    /// caught it and `run` goes on there; `Err(Exit::Exception)` that it left the entry
    /// function.
    ///
    /// # Safety
    /// As for [`Executor::run`].
    pub unsafe fn raise(&mut self, exn: u32) -> Result<(), Exit> {
        let mut r = self.regs;
        let skip = core::mem::take(&mut self.host_tail);
        let res = self.unwind(&mut r, exn, skip);
        self.regs = r;
        res
    }

    /// Unwinds from the instruction before `r.ip` to the innermost handler of `exn`, popping
    /// frames; `skip_current` ignores the current frame's handlers (its tail-called host
    /// function threw). Handlers are found through each function's region table, so
    /// unwinding never recurses on the host stack.
    fn unwind(&mut self, r: &mut Regs<impl Mode>, exn: u32, mut skip_current: bool) -> Flow {
        let Some(tag) = self.registry().heap.exception_tag(exn) else { return Err(Exit::Trap(Trap::NullReference)) };
        loop {
            if !skip_current && let FuncKind::Wasm { code, .. } = self.registry().funcs[self.func as usize].kind {
                // SAFETY: registry code pointers are live while the store is.
                let code = unsafe { &*code };
                if !code.regions.is_empty() {
                    // The raising instruction is the one `ip` has just passed.
                    let pc = ((r.ip as usize).wrapping_sub(self.code_start(code) as usize) / 4).wrapping_sub(1) as u32;
                    if let Some(c) = self.find_handler(code, pc, tag) {
                        return self.catch(r, code, c, exn);
                    }
                }
            }
            skip_current = false;
            match self.frames.pop() {
                None => {
                    self.escaped = exn;
                    return Err(Exit::Exception);
                }
                Some(f) => self.resume(r, f),
            }
        }
    }

    /// The handler for an exception of store tag `tag` raised at word `pc` of `code` (run
    /// in the current instance).
    fn find_handler(&self, code: &CompiledFunc, pc: u32, tag: u32) -> Option<crate::vm::Catch> {
        code.find_clause(pc, tag, &self.instance_ref().tags).map(|(_, _, c)| c)
    }

    /// Enters handler `c` of `code` (the current frame's) with exception `exn`: its payload
    /// (for a tag handler) at `c.base`, its reference at `c.exn_slot` if wanted.
    fn catch(&mut self, r: &mut Regs<impl Mode>, code: &CompiledFunc, c: crate::vm::Catch, exn: u32) -> Flow {
        // SAFETY: only the executor touches the registry during a run; the instance's
        // registry pointer came from the store's mutable allocation.
        let reg = unsafe { &mut *(self.instance_ref().registry as *mut Registry) };
        // The writes stay in the frame even for a forged artifact's handler table.
        reg.heap.catch_exception(exn, &c, code.frame_size, |s, v| r.set_u64(s, v)).map_err(Exit::Trap)?;
        // SAFETY: the translator put the pad at an instruction of this function's code (the
        // verifier checks artifacts' pads).
        r.ip = unsafe { self.code_start(code).add(c.pad as usize) };
        Ok(())
    }

    /// Makes an exception of module tag `tag` with payload slots `base..base + n` (of the
    /// frame at `fp`, stopped at `ip`), collecting first when the heap wants it; its handle.
    #[inline(never)]
    pub(crate) fn new_exception(
        &mut self,
        fp: *mut u64,
        ip: *const u32,
        tag: u32,
        base: u32,
        n: u32,
    ) -> Result<u32, Trap> {
        let tag = self.instance_ref().tags[tag as usize];
        if self.registry().heap.wants_collection(crate::gc::Heap::exception_bytes(n)) {
            self.collect_garbage(fp, ip);
        }
        // SAFETY: the payload slots lie in the current frame (the translator's operands), on
        // the value stack, which the heap below does not alias.
        let values = unsafe { core::slice::from_raw_parts(fp.add(base as usize), n as usize) };
        // SAFETY: as in `catch`.
        let reg = unsafe { &mut *(self.instance_ref().registry as *mut Registry) };
        reg.heap.new_exception(tag, values, false)
    }

    /// Throws exception `exn`: leaves the dispatch loop, whose driver unwinds.
    #[inline(always)]
    fn throw_existing(&mut self, exn: u32) -> Flow {
        self.pending = Pending::Throw { exn };
        Err(Exit::Host)
    }

    /// Returns from the current frame (results already moved to its slots `0..`).
    #[inline(always)]
    fn return_to_caller(&mut self, r: &mut Regs<impl Mode>) -> Flow {
        match self.frames.pop() {
            None => Err(Exit::Done),
            Some(f) => {
                self.resume(r, f);
                Ok(())
            }
        }
    }

    /// Continues in caller frame `f` (popped off the call stack).
    #[inline(always)]
    fn resume(&mut self, r: &mut Regs<impl Mode>, f: Frame) {
        r.ip = f.ret_ip;
        r.fp = f.fp;
        r.reload_pin();
        self.func = f.func;
        if f.inst != self.inst {
            self.inst = f.inst;
            (r.mem, self.mem_len) = self.memory_of(f.inst);
            self.globals = self.instance_ref().globals.as_ptr();
        }
    }

    #[inline(always)]
    #[allow(clippy::unnecessary_cast)] // a u32 counter where the target lacks 64-bit atomics
    fn epoch_now(&self) -> u64 {
        if self.epoch.is_null() {
            return 0;
        }
        // SAFETY: the engine's epoch counter outlives every store of the engine.
        unsafe { (*self.epoch).load(Ordering::Relaxed) as u64 }
    }
}

/// Moves a tail call's `n` arguments from `fp + base` to the frame's start.
#[inline(always)]
fn move_args(fp: *mut u64, base: u32, n: u32) {
    if base != 0 && n != 0 {
        // SAFETY: the arguments lie in the frame (translator invariant); `copy` allows
        // overlap.
        unsafe { core::ptr::copy(fp.wrapping_add(base as usize), fp, n as usize) };
    }
}

/// Slots past a frame that [`zero_locals`] may write: it zeroes locals in blocks of four.
const ZERO_SLACK: usize = 4;

/// Whether `code`'s frame at `fp` fits below `stack_end`, with at least one slot (even an
/// empty frame: `Regs::reload_pin` reads slot 0) and [`ZERO_SLACK`] slots to spare.
#[inline(always)]
fn frame_fits(stack_end: *mut u64, fp: *mut u64, code: &CompiledFunc) -> bool {
    (stack_end as usize).wrapping_sub(fp as usize) / 8 > code.frame_size as usize + ZERO_SLACK
}

/// Zeroes the declared (non-parameter) locals of a new frame, without a call, and may zero
/// up to `ZERO_SLACK - 1` slots after them: the frame's scratch and operand-stack slots,
/// not live yet, or slots past the newest frame, where nothing lives.
///
/// # Safety
/// [`frame_fits`] holds for the frame at `fp`.
#[inline(always)]
unsafe fn zero_locals(fp: *mut u64, code: &CompiledFunc) {
    let n = (code.locals - code.params) as usize;
    // Whole blocks of four zeros behind two compares: a `match` on the count compiled to a
    // jump table, an indirect branch in every call. (`memset` is a call, which would make
    // every call handler save and restore callee-saved registers.)
    // SAFETY: `fp[params..params + n]` is in the frame and the blocks end at most
    // `ZERO_SLACK - 1` slots past it, below `stack_end` (`frame_fits`).
    unsafe {
        let p = fp.add(code.params as usize);
        if n != 0 {
            (p as *mut [u64; 4]).write_unaligned([0; 4]);
            if n > 4 {
                (p.add(4) as *mut [u64; 4]).write_unaligned([0; 4]);
                if n > 8 {
                    zero_many(p.add(8), n - 8);
                }
            }
        }
    }
}

/// Zeroes `p[0..n]` with a plain loop: no call (see `zero_locals`). The writes are
/// volatile only so that the compiler does not turn the loop back into a `memset` call.
#[inline(always)]
fn zero_many(p: *mut u64, n: usize) {
    for i in 0..n {
        // SAFETY: `p[0..n]` is in the frame (`zero_locals`' contract).
        unsafe { p.add(i).write_volatile(0) };
    }
}

impl<M: Mode> Regs<M> {
    #[inline(always)]
    pub(crate) fn u64(&self, s: u32) -> u64 {
        // (Folded away: a pinned-local variant's `s` is a constant or known not to be 0.)
        if M::PINNED && M::WIDE && s == 0 {
            return self.l0;
        }
        // SAFETY: the translator only emits slots below the frame size, and every call
        // checked that the frame fits in the value stack.
        unsafe { *self.fp.add(s as usize) }
    }
    #[inline(always)]
    pub(crate) fn set_u64(&mut self, s: u32, v: u64) {
        // SAFETY: as for `u64`.
        unsafe { *self.fp.add(s as usize) = v }
        if M::PINNED && s == 0 {
            self.l0 = v;
        }
    }
    #[inline(always)]
    pub(crate) fn u32(&self, s: u32) -> u32 {
        self.u64(s) as u32
    }
    #[inline(always)]
    pub(crate) fn set_u32(&mut self, s: u32, v: u32) {
        self.set_u64(s, v as u64)
    }
    #[inline(always)]
    pub(crate) fn f32(&self, s: u32) -> f32 {
        f32::from_bits(self.u32(s))
    }
    #[inline(always)]
    pub(crate) fn set_f32(&mut self, s: u32, v: f32) {
        self.set_u32(s, v.to_bits())
    }
    #[inline(always)]
    pub(crate) fn f64(&self, s: u32) -> f64 {
        f64::from_bits(self.u64(s))
    }
    #[inline(always)]
    pub(crate) fn set_f64(&mut self, s: u32, v: f64) {
        self.set_u64(s, v.to_bits())
    }
    #[inline(always)]
    pub(crate) fn v128(&self, s: u32) -> u128 {
        self.u64(s) as u128 | (self.u64(s + 1) as u128) << 64
    }
    #[inline(always)]
    pub(crate) fn set_v128(&mut self, s: u32, v: u128) {
        self.set_u64(s, v as u64);
        self.set_u64(s + 1, (v >> 64) as u64);
    }
    #[inline(always)]
    pub(crate) fn slot_ptr(&self, s: u32) -> *mut u64 {
        self.fp.wrapping_add(s as usize)
    }
}
