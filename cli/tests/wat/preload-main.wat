(module
  (import "lib" "double" (func $double (param i32) (result i32)))
  (func (export "f") (param i32) (result i32) (call $double (local.get 0))))
