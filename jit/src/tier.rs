//! Tiering's compiler: a module's functions compiled one at a time, as the interpreter finds
//! them hot, into one growing code memory. Unlike [`crate::compile`], a body never calls
//! another body directly (it may not exist yet): calls of defined functions read the
//! module's table of native bodies (`ModuleEnv::tier_bodies`), and other calls resolve
//! through the registry, where tiered code is found through each function's
//! `CompiledFunc::tier` cell.

use crate::lower::{self, Fallback, ModuleEnv};
use crate::{Compiled, FuncInput, ModuleInput, NativeFunc, compile_func, host_isa};
use anyhow::{Result, anyhow};
use core::sync::atomic::AtomicPtr;
use cranelift_codegen::ir::{Signature, types};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};

/// One module's tiered native code. Dropping it frees the code memory: its owner keeps it
/// while any code or registry entry can reach a [`NativeFunc`] it made.
pub struct TierJit {
    module: Option<JITModule>,
    isa: OwnedTargetIsa,
    /// The module's facts (with no functions: they come one at a time).
    input: ModuleInput<'static>,
    trampoline: FuncId,
    body_sig: Signature,
    /// The module's entry trampoline (set once compiled).
    entry: Option<crate::Entry>,
    /// Entry points handed out, boxed so their addresses stay put as the list grows.
    #[allow(clippy::vec_box)]
    natives: Vec<Box<NativeFunc>>,
    code_bytes: usize,
    fctx: cranelift_frontend::FunctionBuilderContext,
    ctx: cranelift_codegen::Context,
}

// SAFETY: the JIT module is only used through `&mut self`; the code it holds is immutable
// once finalized and freed on drop (see `JitCode`).
unsafe impl Send for TierJit {}

impl core::fmt::Debug for TierJit {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TierJit").field("natives", &self.natives.len()).field("code_bytes", &self.code_bytes).finish()
    }
}

impl Drop for TierJit {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: the owner drops this only when no code or registry entry reaches it.
            unsafe { m.free_memory() };
        }
    }
}

impl TierJit {
    /// A code memory for the module `input` describes (its `funcs` unused), with the
    /// module's call-out trampoline and entry trampoline compiled.
    pub fn new(input: ModuleInput<'static>) -> Result<TierJit> {
        let isa = host_isa()?;
        let mut module = JITModule::new(JITBuilder::with_isa(isa.clone(), cranelift_module::default_libcall_names()));
        let ptr = isa.pointer_type();
        let body_sig = lower::func_signature(ptr, CallConv::Tail);
        let entry_sig = lower::c_signature(
            isa.default_call_conv(),
            isa.default_argument_extension(),
            &[ptr, ptr, ptr, ptr],
            Some(types::I32),
        );
        let declare = |m: &mut JITModule, name: &str, sig: &Signature| {
            m.declare_function(name, Linkage::Local, sig).map_err(|e| anyhow!("{e}"))
        };
        let trampoline = declare(&mut module, "call_out_trampoline", &body_sig)?;
        let entry = declare(&mut module, "entry_trampoline", &entry_sig)?;
        let mut jit = TierJit {
            module: Some(module),
            isa,
            input,
            trampoline,
            body_sig,
            entry: None,
            natives: Vec::new(),
            code_bytes: 0,
            fctx: cranelift_frontend::FunctionBuilderContext::new(),
            ctx: cranelift_codegen::Context::new(),
        };
        let mut ctx = cranelift_codegen::Context::new();
        ctx.func.signature = jit.body_sig.clone();
        let env = module_env(&jit.input, &jit.isa, trampoline, 0);
        lower::call_out_stub(&mut ctx.func, &mut jit.fctx, &env, None);
        let out_stub = compile_func(&mut ctx, &*jit.isa, trampoline)?;
        ctx.clear();
        ctx.func.signature = entry_sig;
        lower::entry_trampoline(&mut ctx.func, &mut jit.fctx, &env);
        let entry_code = compile_func(&mut ctx, &*jit.isa, entry)?;
        jit.define(&[out_stub, entry_code])?;
        let module = jit.module.as_ref().expect("live until drop");
        // SAFETY: `entry` was defined with `entry_sig`, the C convention `Entry` describes.
        jit.entry =
            Some(unsafe { core::mem::transmute::<*const u8, crate::Entry>(module.get_finalized_function(entry)) });
        Ok(jit)
    }

    fn define(&mut self, funcs: &[Compiled]) -> Result<()> {
        let module = self.module.as_mut().expect("live until drop");
        for c in funcs {
            module.define_function_bytes(c.id, c.align, &c.bytes, &c.relocs).map_err(|e| anyhow!("{e}"))?;
            self.code_bytes += c.bytes.len();
        }
        module.finalize_definitions().map_err(|e| anyhow!("{e}"))
    }

    /// Native code bytes made so far.
    pub fn code_bytes(&self) -> usize {
        self.code_bytes
    }

    /// Compiles defined function `f`; `bodies` is the module's table of native bodies (one
    /// per defined function), which the code reads at each call of a defined function and
    /// which must live as long as the code. With `osr`, the code starts at the loop header
    /// at that word (a `tier_loop` op) with the frame as the interpreter left it (on-stack
    /// replacement), and is only run that way. `Ok(Err(_))`: the function has an op without a
    /// lowering and stays in the interpreter. The returned entry points live as long as `self`.
    pub fn compile(
        &mut self,
        f: FuncInput<'_>,
        bodies: *const AtomicPtr<u8>,
        osr: Option<u32>,
    ) -> Result<Result<*const NativeFunc, Fallback>> {
        let module = self.module.as_mut().expect("live until drop");
        let declare = |m: &mut JITModule, name: String, sig: &Signature| {
            m.declare_function(&name, Linkage::Local, sig).map_err(|e| anyhow!("{e}"))
        };
        let suffix = osr.map_or(String::new(), |at| format!("_osr{at}"));
        let body = declare(module, format!("body{}{suffix}", f.index), &self.body_sig)?;
        let mut fctx = core::mem::take(&mut self.fctx);
        let mut ctx = core::mem::replace(&mut self.ctx, cranelift_codegen::Context::new());
        ctx.clear();
        ctx.func.signature = self.body_sig.clone();
        let mut env = module_env(&self.input, &self.isa, self.trampoline, bodies as usize);
        // A function calls itself directly (an on-stack replacement entry calls the ordinary
        // body, through the table).
        env.tier_self = osr.is_none().then_some((f.index, body));
        let lowered = lower::lower_function(&mut ctx.func, &mut fctx, &env, &f, osr.map(|at| at as usize));
        let result = match lowered {
            Ok(()) => compile_func(&mut ctx, &*self.isa, body).map(Ok),
            Err(fallback) => Ok(Err(fallback)),
        };
        self.fctx = fctx;
        self.ctx = ctx;
        let code = match result? {
            Ok(code) => code,
            Err(fallback) => return Ok(Err(fallback)),
        };
        self.define(&[code])?;
        let module = self.module.as_ref().expect("live until drop");
        let native = Box::new(NativeFunc {
            entry: self.entry.expect("compiled in `new`"),
            body: module.get_finalized_function(body),
        });
        let at: *const NativeFunc = &*native;
        self.natives.push(native);
        Ok(Ok(at))
    }
}

/// The lowering's view of a tiered module.
fn module_env<'a>(
    input: &'a ModuleInput<'static>,
    isa: &OwnedTargetIsa,
    trampoline: FuncId,
    tier_bodies: usize,
) -> ModuleEnv<'a> {
    ModuleEnv {
        input,
        bodies: &[],
        trampoline,
        tier_bodies: Some(tier_bodies),
        tier_self: None,
        ptr: isa.pointer_type(),
        c_conv: isa.default_call_conv(),
        int_ext: isa.default_argument_extension(),
        frontend: isa.frontend_config(),
        vectors: crate::host_vectors(&**isa),
    }
}
