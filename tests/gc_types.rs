//! The engine's type registry: rec groups are canonicalized across modules (iso-recursive
//! equivalence), declared subtypes match their supertypes, recursive types print.

use sheave::*;

fn gc_engine() -> Engine {
    let mut config = Config::new();
    config.wasm_gc(true);
    Engine::new(&config).unwrap()
}

const EXPORTER: &str = r#"(module
  (rec (type $f (func (param (ref null $f)))) (type (struct (field i32))))
  (func (export "f") (type $f))
)"#;

#[test]
fn equivalent_rec_groups_link_and_others_do_not() {
    let engine = gc_engine();
    let mut store = Store::new(&engine, ());
    let exporter = Instance::new(&mut store, &Module::new(&engine, EXPORTER).unwrap(), &[]).unwrap();
    let f = exporter.get_func(&mut store, "f").unwrap();
    // The same rec group in another module is the same type.
    let same = r#"(module
      (rec (type $f (func (param (ref null $f)))) (type (struct (field i32))))
      (import "m" "f" (func (type $f))))"#;
    Instance::new(&mut store, &Module::new(&engine, same).unwrap(), &[f.into()]).unwrap();
    // The function type alone, outside the group, is a different type.
    let alone = r#"(module
      (rec (type $f (func (param (ref null $f)))))
      (import "m" "f" (func (type $f))))"#;
    let err = Instance::new(&mut store, &Module::new(&engine, alone).unwrap(), &[f.into()]).unwrap_err();
    assert!(format!("{err:#}").contains("type"), "{err:#}");
    // The function's type prints, although it refers to itself.
    let ty = f.ty(&store).to_string();
    assert!(ty.starts_with("(func (param (ref null (concrete func"), "{ty}");
}

#[test]
fn declared_subtypes_match_their_supertypes() {
    let engine = gc_engine();
    let base = FuncType::with_finality_and_supertype(&engine, Finality::NonFinal, None, [], [ValType::ANYREF]).unwrap();
    let sub =
        FuncType::with_finality_and_supertype(&engine, Finality::Final, Some(&base), [], [ValType::EQREF]).unwrap();
    assert!(sub.matches(&base) && !base.matches(&sub));
    assert_eq!(sub.supertype(), Some(base.clone()));
    // Structurally equal but not declared: no match.
    let other = FuncType::new(&engine, [], [ValType::EQREF]);
    assert!(!other.matches(&base));
    // A subtype whose results do not match is refused; so is a final supertype.
    assert!(FuncType::with_finality_and_supertype(&engine, Finality::Final, Some(&base), [], [ValType::I32]).is_err());
    assert!(FuncType::with_finality_and_supertype(&engine, Finality::Final, Some(&sub), [], [ValType::EQREF]).is_err());
    // Host-made types are canonical too: the same definition is the same type.
    assert_eq!(FuncType::new(&engine, [ValType::I32], []), FuncType::new(&engine, [ValType::I32], []));
}

#[test]
fn struct_and_array_types_keep_their_fields() {
    let engine = gc_engine();
    let field = FieldType::new(Mutability::Var, StorageType::I8);
    let st = StructType::new(
        &engine,
        [field.clone(), FieldType::new(Mutability::Const, StorageType::ValType(ValType::I64))],
    )
    .unwrap();
    assert_eq!(st.fields().len(), 2);
    assert_eq!(st.field(0), Some(field.clone()));
    assert_eq!(st.field(1).unwrap().element_type().unpack(), &ValType::I64);
    let at = ArrayType::new(&engine, field.clone());
    assert_eq!(at.field_type(), field);
    assert!(HeapType::ConcreteStruct(st).matches(&HeapType::Eq));
    assert!(HeapType::ConcreteArray(at.clone()).matches(&HeapType::Array));
    assert!(!HeapType::ConcreteArray(at).matches(&HeapType::Struct));
    assert!(HeapType::None.matches(&HeapType::I31) && !HeapType::I31.matches(&HeapType::None));
}
