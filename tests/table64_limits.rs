//! table64 limits stay 64-bit: types keep the declared values, import matching compares
//! them, and a minimum Sheave cannot allocate fails with the size asked for (an earlier
//! version clamped both to 2^32 - 1, so these imports linked and the allocation asked for
//! the wrong size).

use sheave::*;

fn linker_with_table(store: &mut Store<()>, ty: TableType) -> Linker<()> {
    let table = Table::new(&mut *store, ty, Ref::Func(None)).expect("table");
    let mut linker = Linker::new(store.engine());
    linker.define(&*store, "host", "t", table).expect("define");
    linker
}

#[test]
fn table_types_keep_64_bit_limits() {
    let ty = TableType::new64(RefType::FUNCREF, 1 << 40, Some(u64::MAX));
    assert_eq!((ty.minimum(), ty.maximum()), (1 << 40, Some(u64::MAX)));
    let engine = Engine::default();
    let module =
        Module::new(&engine, "(module (table (export \"t\") i64 0x1_0000_0005 0x2_0000_0000 funcref))").unwrap();
    let ExternType::Table(t) = module.exports().next().unwrap().ty() else { panic!("not a table") };
    assert_eq!((t.minimum(), t.maximum(), t.is_64()), (0x1_0000_0005, Some(0x2_0000_0000), true));
}

#[test]
fn import_matching_compares_64_bit_maximums() {
    let engine = Engine::default();
    let importer = |max: &str| {
        Module::new(&engine, format!("(module (import \"host\" \"t\" (table i64 0 {max} funcref)))")).unwrap()
    };
    let mut store = Store::new(&engine, ());
    // The exporter may grow to 2^33 elements: an importer that promises at most 2^32 - 1 must
    // not link; one that allows 2^33 (or more) must.
    let linker = linker_with_table(&mut store, TableType::new64(RefType::FUNCREF, 0, Some(1 << 33)));
    let err = linker.instantiate(&mut store, &importer("0xffff_ffff")).unwrap_err();
    assert!(err.downcast_ref::<LinkError>().is_some(), "{err:#}");
    assert!(linker.instantiate(&mut store, &importer("0x2_0000_0000")).is_ok());
    assert!(linker.instantiate(&mut store, &importer("0x3_0000_0000")).is_ok());
    assert!(linker.instantiate(&mut store, &importer("0x1_ffff_ffff")).is_err());
    // No maximum at all: only an importer without one links.
    let linker = linker_with_table(&mut store, TableType::new64(RefType::FUNCREF, 0, None));
    assert!(linker.instantiate(&mut store, &importer("0xffff_ffff_ffff")).is_err());
    let any = Module::new(&engine, "(module (import \"host\" \"t\" (table i64 0 funcref)))").unwrap();
    assert!(linker.instantiate(&mut store, &any).is_ok());
}

#[test]
fn a_minimum_above_u32_fails_with_the_size_asked_for() {
    let engine = Engine::default();
    let module = Module::new(&engine, "(module (table i64 0x1_0000_0000 funcref))").unwrap();
    let mut store = Store::new(&engine, ());
    let err = Linker::new(&engine).instantiate(&mut store, &module).unwrap_err();
    assert!(format!("{err:#}").contains("4294967296 elements"), "{err:#}");
    let err = Table::new(&mut store, TableType::new64(RefType::FUNCREF, 1 << 40, None), Ref::Func(None)).unwrap_err();
    assert!(format!("{err:#}").contains("1099511627776 elements"), "{err:#}");
}

#[test]
fn table64_growth_past_what_fits_returns_minus_one() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (table i64 1 funcref)
             (func (export "grow") (param i64) (result i64) (table.grow (ref.null func) (local.get 0)))
             (func (export "size") (result i64) (table.size)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let grow = instance.get_typed_func::<i64, i64>(&mut store, "grow").unwrap();
    let size = instance.get_typed_func::<(), i64>(&mut store, "size").unwrap();
    assert_eq!(grow.call(&mut store, 1 << 40).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 0x2000_0000_0000_0000).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 3);
}
