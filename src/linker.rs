//! `Linker<T>`: named definitions resolved against a module's imports at instantiation.

use crate::externals::Extern;
use crate::func::{Func, IntoFunc};
use crate::instance::{Instance, LinkError, check_import};
use crate::module::Module;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::store::{AsContextMut, Store};
use crate::types::FuncType;
use crate::{Caller, Engine, Val};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use anyhow::{Result, bail};

type HostDef<T> = Arc<dyn Fn(&mut Store<T>) -> Func + Send + Sync>;

enum Definition<T: 'static> {
    Extern(Extern),
    /// A host function made in each store on first use (as wasmtime's linker-owned funcs).
    Host(HostDef<T>),
}

impl<T: 'static> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(h) => Definition::Host(h.clone()),
        }
    }
}

/// Resolves imports by module and name.
pub struct Linker<T: 'static> {
    engine: Engine,
    defs: BTreeMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T: 'static> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Linker { engine: self.engine.clone(), defs: self.defs.clone(), allow_shadowing: self.allow_shadowing }
    }
}

/// A module whose imports a linker has resolved, ready to instantiate in any store of the
/// engine (as wasmtime's `InstancePre`).
pub struct InstancePre<T: 'static> {
    module: Module,
    imports: Vec<Definition<T>>,
}

impl<T: 'static> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        InstancePre { module: self.module.clone(), imports: self.imports.clone() }
    }
}

impl<T: 'static> InstancePre<T> {
    /// The module this instantiates.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// Instantiates the module in `store` with the resolved imports.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let store = store.as_context_mut().0;
        let imports = self.imports_in(store)?;
        Instance::new(store, &self.module, &imports)
    }

    /// The resolved imports as objects of `store`, checked against the module's types.
    pub(crate) fn imports_in(&self, store: &mut Store<T>) -> Result<Vec<Extern>> {
        let imports: Vec<Extern> = self.imports.iter().map(|d| materialize(store, d.clone())).collect();
        for (ext, import) in imports.iter().zip(self.module.imports()) {
            check_import(&ext.ty(&*store), &import.ty()).map_err(|e| {
                anyhow::Error::new(LinkError(format!("{e} (import `{}::{}`)", import.module(), import.name())))
            })?;
        }
        Ok(imports)
    }
}

fn materialize<T: 'static>(store: &mut Store<T>, def: Definition<T>) -> Extern {
    match def {
        Definition::Extern(e) => e,
        Definition::Host(make) => Extern::Func(make(store)),
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker { engine: engine.clone(), defs: BTreeMap::new(), allow_shadowing: false }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            bail!("import of `{module}::{name}` defined twice");
        }
        self.defs.insert(key, def);
        Ok(())
    }

    /// Defines `module::name` as `item`.
    pub fn define(
        &mut self,
        _store: impl crate::AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))?;
        Ok(self)
    }

    /// Defines a host function that `make` creates in each store on first use.
    pub(crate) fn define_host(
        &mut self,
        module: &str,
        name: &str,
        make: impl Fn(&mut Store<T>) -> Func + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Host(Arc::new(make)))?;
        Ok(self)
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Args>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<T, Params, Args> + Clone,
    ) -> Result<&mut Self> {
        let def: HostDef<T> = Arc::new(move |store: &mut Store<T>| Func::wrap(store, func.clone()));
        self.insert(module, name, Definition::Host(def))?;
        Ok(self)
    }

    /// Defines a host function of type `ty` taking and returning `Val`s.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let func = Arc::new(func);
        let def: HostDef<T> = Arc::new(move |store: &mut Store<T>| {
            let func = func.clone();
            Func::new(store, ty.clone(), move |c, p, r| func(c, p, r))
        });
        self.insert(module, name, Definition::Host(def))?;
        Ok(self)
    }

    /// Defines each function import of `module` that has no definition yet as a function
    /// that ignores its arguments and returns default values (zeros, null references), as
    /// wasmtime's method of the same name. A result without a default (a non-nullable
    /// reference) is an error.
    pub fn define_unknown_imports_as_default_values(
        &mut self,
        _store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<()>
    where
        T: 'static,
    {
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let crate::ExternType::Func(ty) = import.ty() else { continue };
            if self.defs.contains_key(&key) {
                continue;
            }
            let defaults = ty
                .results()
                .map(|t| Val::default_for_ty(&t).ok_or_else(|| anyhow::anyhow!("no default value for type `{t}`")))
                .collect::<Result<Vec<Val>>>()
                .map_err(|e| e.context(format!("import `{}::{}`", key.0, key.1)))?;
            self.func_new(&key.0, &key.1, ty, move |_, _, results| {
                results.clone_from_slice(&defaults);
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Defines every export of `instance` under module name `module`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let exports: Vec<(String, Extern)> =
            instance.exports(store.as_context_mut()).map(|e| (e.name().to_string(), e.into_extern())).collect();
        for (name, ext) in exports {
            self.insert(module, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    /// Instantiates `module` and defines its exports under `name`. A reactor (exports
    /// `_initialize` and no `_start`) is initialized first, as in wasmtime.
    pub fn module(&mut self, mut store: impl AsContextMut<Data = T>, name: &str, module: &Module) -> Result<&mut Self> {
        let instance = self.instantiate(&mut store, module)?;
        if module.get_export("_start").is_none()
            && let Some(init) = instance.get_func(&mut store, "_initialize")
        {
            init.call(&mut store, &[], &mut [])?;
        }
        self.instance(store, name, instance)
    }

    /// The definition of `module::name`, if any.
    pub fn get(&self, mut store: impl AsContextMut<Data = T>, module: &str, name: &str) -> Option<Extern> {
        let def = self.defs.get(&(module.to_string(), name.to_string()))?.clone();
        Some(self.materialize(store.as_context_mut().0, def))
    }

    fn materialize(&self, store: &mut Store<T>, def: Definition<T>) -> Extern {
        materialize(store, def)
    }

    /// Resolves the module's imports and instantiates it.
    pub fn instantiate(&self, store: impl AsContextMut<Data = T>, module: &Module) -> Result<Instance> {
        self.instantiate_pre(module)?.instantiate(store)
    }

    /// Resolves the module's imports once, for instantiating it in many stores.
    pub fn instantiate_pre(&self, module: &Module) -> Result<InstancePre<T>> {
        let mut imports = Vec::with_capacity(module.inner.imports.len());
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let Some(def) = self.defs.get(&key).cloned() else {
                bail!(LinkError(format!(
                    "unknown import: `{}::{}` has not been defined (expected {} {})",
                    import.module(),
                    import.name(),
                    import.ty().kind_name(),
                    import.ty()
                )));
            };
            imports.push(def);
        }
        Ok(InstancePre { module: module.clone(), imports })
    }

    /// Defines each function import of `module` that has no definition yet as a function
    /// that traps when called, as wasmtime's method of the same name.
    pub fn define_unknown_imports_as_traps(&mut self, module: &Module) -> Result<()> {
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let crate::ExternType::Func(ty) = import.ty() else { continue };
            if self.defs.contains_key(&key) {
                continue;
            }
            let what = format!("unknown import: `{}::{}` has not been defined", key.0, key.1);
            self.func_new(&key.0, &key.1, ty, move |_, _, _| Err(anyhow::anyhow!("{what}")))?;
        }
        Ok(())
    }

    /// Defines `as_module::as_name` as the definition of `module::name`.
    pub fn alias(&mut self, module: &str, name: &str, as_module: &str, as_name: &str) -> Result<&mut Self> {
        let Some(def) = self.defs.get(&(module.to_string(), name.to_string())).cloned() else {
            bail!("no item named `{module}::{name}` in the linker");
        };
        self.insert(as_module, as_name, def)?;
        Ok(self)
    }

    /// Defines every item of `module` under `as_module` too.
    pub fn alias_module(&mut self, module: &str, as_module: &str) -> Result<()> {
        let items: Vec<(String, Definition<T>)> =
            self.defs.iter().filter(|((m, _), _)| m == module).map(|((_, n), d)| (n.clone(), d.clone())).collect();
        for (name, def) in items {
            self.insert(as_module, &name, def)?;
        }
        Ok(())
    }

    /// The default export of the instance defined as `module`: its `""` function, else its
    /// `_start`, else a function that does nothing (as wasmtime's).
    pub fn get_default(&self, mut store: impl AsContextMut<Data = T>, module: &str) -> Result<Func> {
        for name in ["", "_start"] {
            if let Some(ext) = self.get(&mut store, module, name) {
                return ext.into_func().ok_or_else(|| anyhow::anyhow!("`{module}::{name}` is not a function"));
            }
        }
        let ty = FuncType::new(&self.engine, [], []);
        Ok(Func::new(store, ty, |_, _, _| Ok(())))
    }
}
