//! The op table: every instruction of Sheave's register bytecode, declared once.
//!
//! Each line is `Name snake_name { operand: Kind, ... };`. Consumers (`for_each_op!(m)`)
//! derive the opcode enum, encoder, decoder, disassembler and both dispatchers' handler
//! sets from it, so adding an op is one line here plus its handler in `exec/handlers/`.
//!
//! Naming: `<type>_<wasm op>` for a result written to slot `dst` from slots `a`/`b`;
//! the suffix `_imm` means the right operand is an inline immediate; `br_*` ops branch by
//! a word offset. Operand kinds: `Slot` (frame slot index), `U32`, `U64` (inline
//! immediates) and `Off` (branch offset relative to the offset word itself).

/// Invokes `$m!` with the whole op table.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            // ---- control ----
            /// Trap: `unreachable` was executed.
            Unreachable unreachable {};
            /// The body of a function not translated yet (lazy compilation): leaves to the
            /// embedder, which translates it and restarts the frame.
            LazyCompile lazy_compile {};
            /// Jump to `to`.
            Br br { to: Off };
            /// Jump to `to` when `c != 0` (i32).
            BrIfNez br_if_nez { c: Slot, to: Off };
            /// Jump to `to` when `c == 0` (i32).
            BrIfEqz br_if_eqz { c: Slot, to: Off };
            /// Jump through a table of `len + 1` offset words following the op (last = default).
            BrTable br_table { idx: Slot, len: U32 };
            /// Jump to `to` when `a == b` (i32).
            BrI32Eq br_i32_eq { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a != b` (i32).
            BrI32Ne br_i32_ne { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a < b` (i32, signed).
            BrI32LtS br_i32_lt_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a < b` (i32, unsigned).
            BrI32LtU br_i32_lt_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a > b` (i32, signed).
            BrI32GtS br_i32_gt_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a > b` (i32, unsigned).
            BrI32GtU br_i32_gt_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a <= b` (i32, signed).
            BrI32LeS br_i32_le_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a <= b` (i32, unsigned).
            BrI32LeU br_i32_le_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a >= b` (i32, signed).
            BrI32GeS br_i32_ge_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a >= b` (i32, unsigned).
            BrI32GeU br_i32_ge_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when `a == imm` (i32).
            BrI32EqImm br_i32_eq_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a != imm` (i32).
            BrI32NeImm br_i32_ne_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a < imm` (i32, signed).
            BrI32LtSImm br_i32_lt_s_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a < imm` (i32, unsigned).
            BrI32LtUImm br_i32_lt_u_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a > imm` (i32, signed).
            BrI32GtSImm br_i32_gt_s_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a > imm` (i32, unsigned).
            BrI32GtUImm br_i32_gt_u_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a <= imm` (i32, signed).
            BrI32LeSImm br_i32_le_s_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a <= imm` (i32, unsigned).
            BrI32LeUImm br_i32_le_u_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a >= imm` (i32, signed).
            BrI32GeSImm br_i32_ge_s_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when `a >= imm` (i32, unsigned).
            BrI32GeUImm br_i32_ge_u_imm { a: Slot, imm: U32, to: Off };
            /// Jump to `to` when a == b (i64).
            BrI64Eq br_i64_eq { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a != b (i64).
            BrI64Ne br_i64_ne { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a < b (signed) (i64).
            BrI64LtS br_i64_lt_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a < b (unsigned) (i64).
            BrI64LtU br_i64_lt_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a > b (signed) (i64).
            BrI64GtS br_i64_gt_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a > b (unsigned) (i64).
            BrI64GtU br_i64_gt_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a <= b (signed) (i64).
            BrI64LeS br_i64_le_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a <= b (unsigned) (i64).
            BrI64LeU br_i64_le_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a >= b (signed) (i64).
            BrI64GeS br_i64_ge_s { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a >= b (unsigned) (i64).
            BrI64GeU br_i64_ge_u { a: Slot, b: Slot, to: Off };
            /// Jump to `to` when a == imm (i64).
            BrI64EqImm br_i64_eq_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a != imm (i64).
            BrI64NeImm br_i64_ne_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a < imm (signed) (i64).
            BrI64LtSImm br_i64_lt_s_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a < imm (unsigned) (i64).
            BrI64LtUImm br_i64_lt_u_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a > imm (signed) (i64).
            BrI64GtSImm br_i64_gt_s_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a > imm (unsigned) (i64).
            BrI64GtUImm br_i64_gt_u_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a <= imm (signed) (i64).
            BrI64LeSImm br_i64_le_s_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a <= imm (unsigned) (i64).
            BrI64LeUImm br_i64_le_u_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a >= imm (signed) (i64).
            BrI64GeSImm br_i64_ge_s_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` when a >= imm (unsigned) (i64).
            BrI64GeUImm br_i64_ge_u_imm { a: Slot, imm: U64, to: Off };
            /// Jump to `to` after `dst = src` when `c != 0` (i32): a branch carrying one value.
            BrIfNezCopy br_if_nez_copy { c: Slot, dst: Slot, src: Slot, to: Off };
            /// Move `n` results from slots `src..` to slots `0..` and return to the caller.
            Return ret { src: Slot, n: U32 };
            /// Call function `func` of the instance; its frame starts at slot `base`.
            Call call { func: U32, base: Slot };
            /// Call the function at `table[idx]`, checking it has module type `ty`.
            CallIndirect call_indirect { ty: U32, table: U32, idx: Slot, base: Slot };
            /// Charge `amount` fuel; trap when it runs out (emitted only with fuel on).
            Fuel fuel { amount: U32 };
            /// Trap when the engine's epoch passed the deadline (emitted only with epochs on).
            Epoch epoch {};

            // ---- data movement ----
            /// dst = src
            Copy copy { dst: Slot, src: Slot };
            /// Copy `n` slots from `src..` to `dst..` (overlap allowed).
            CopySpan copy_span { dst: Slot, src: Slot, n: U32 };
            /// dst = imm (zero-extended 32 bits)
            Const32 const32 { dst: Slot, imm: U32 };
            /// dst = imm (64 bits)
            Const64 const64 { dst: Slot, imm: U64 };
            /// dst = if c != 0 { a } else { b }
            Select select { dst: Slot, c: Slot, a: Slot, b: Slot };
            /// dst = global g
            GlobalGet global_get { dst: Slot, g: U32 };
            /// global g = src
            GlobalSet global_set { g: U32, src: Slot };

            // ---- i32 ----
            /// dst = a + b
            I32Add i32_add { dst: Slot, a: Slot, b: Slot };
            /// dst = a - b
            I32Sub i32_sub { dst: Slot, a: Slot, b: Slot };
            /// dst = a * b
            I32Mul i32_mul { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b (signed; traps on zero and overflow)
            I32DivS i32_div_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b (unsigned; traps on zero)
            I32DivU i32_div_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a % b (signed; traps on zero)
            I32RemS i32_rem_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a % b (unsigned; traps on zero)
            I32RemU i32_rem_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a & b
            I32And i32_and { dst: Slot, a: Slot, b: Slot };
            /// dst = a | b
            I32Or i32_or { dst: Slot, a: Slot, b: Slot };
            /// dst = a ^ b
            I32Xor i32_xor { dst: Slot, a: Slot, b: Slot };
            /// dst = a << (b % 32)
            I32Shl i32_shl { dst: Slot, a: Slot, b: Slot };
            /// dst = a >> (b % 32) (arithmetic)
            I32ShrS i32_shr_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a >> (b % 32) (logical)
            I32ShrU i32_shr_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a rotl b
            I32Rotl i32_rotl { dst: Slot, a: Slot, b: Slot };
            /// dst = a rotr b
            I32Rotr i32_rotr { dst: Slot, a: Slot, b: Slot };
            /// dst = a == b
            I32Eq i32_eq { dst: Slot, a: Slot, b: Slot };
            /// dst = a != b
            I32Ne i32_ne { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b (signed)
            I32LtS i32_lt_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b (unsigned)
            I32LtU i32_lt_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b (signed)
            I32GtS i32_gt_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b (unsigned)
            I32GtU i32_gt_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b (signed)
            I32LeS i32_le_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b (unsigned)
            I32LeU i32_le_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b (signed)
            I32GeS i32_ge_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b (unsigned)
            I32GeU i32_ge_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a + imm
            I32AddImm i32_add_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a - imm
            I32SubImm i32_sub_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a * imm
            I32MulImm i32_mul_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a / imm (signed)
            I32DivSImm i32_div_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a / imm (unsigned)
            I32DivUImm i32_div_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a % imm (signed)
            I32RemSImm i32_rem_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a % imm (unsigned)
            I32RemUImm i32_rem_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a & imm
            I32AndImm i32_and_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a | imm
            I32OrImm i32_or_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a ^ imm
            I32XorImm i32_xor_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a << imm
            I32ShlImm i32_shl_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a >> imm (arithmetic)
            I32ShrSImm i32_shr_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a >> imm (logical)
            I32ShrUImm i32_shr_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a rotl imm
            I32RotlImm i32_rotl_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a rotr imm
            I32RotrImm i32_rotr_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a == imm
            I32EqImm i32_eq_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a != imm
            I32NeImm i32_ne_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a < imm (signed)
            I32LtSImm i32_lt_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a < imm (unsigned)
            I32LtUImm i32_lt_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a > imm (signed)
            I32GtSImm i32_gt_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a > imm (unsigned)
            I32GtUImm i32_gt_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a <= imm (signed)
            I32LeSImm i32_le_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a <= imm (unsigned)
            I32LeUImm i32_le_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a >= imm (signed)
            I32GeSImm i32_ge_s_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = a >= imm (unsigned)
            I32GeUImm i32_ge_u_imm { dst: Slot, a: Slot, imm: U32 };
            /// dst = leading zeros of a
            I32Clz i32_clz { dst: Slot, a: Slot };
            /// dst = trailing zeros of a
            I32Ctz i32_ctz { dst: Slot, a: Slot };
            /// dst = ones in a
            I32Popcnt i32_popcnt { dst: Slot, a: Slot };
            /// dst = a == 0
            I32Eqz i32_eqz { dst: Slot, a: Slot };
            /// dst = sign-extend the low 8 bits of a
            I32Extend8S i32_extend8_s { dst: Slot, a: Slot };
            /// dst = sign-extend the low 16 bits of a
            I32Extend16S i32_extend16_s { dst: Slot, a: Slot };

            // ---- i64 ----
            /// dst = a + b
            I64Add i64_add { dst: Slot, a: Slot, b: Slot };
            /// dst = a - b
            I64Sub i64_sub { dst: Slot, a: Slot, b: Slot };
            /// dst = a * b
            I64Mul i64_mul { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b (signed; traps on zero and overflow)
            I64DivS i64_div_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b (unsigned; traps on zero)
            I64DivU i64_div_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a % b (signed; traps on zero)
            I64RemS i64_rem_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a % b (unsigned; traps on zero)
            I64RemU i64_rem_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a & b
            I64And i64_and { dst: Slot, a: Slot, b: Slot };
            /// dst = a | b
            I64Or i64_or { dst: Slot, a: Slot, b: Slot };
            /// dst = a ^ b
            I64Xor i64_xor { dst: Slot, a: Slot, b: Slot };
            /// dst = a << (b % 64)
            I64Shl i64_shl { dst: Slot, a: Slot, b: Slot };
            /// dst = a >> (b % 64) (arithmetic)
            I64ShrS i64_shr_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a >> (b % 64) (logical)
            I64ShrU i64_shr_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a rotl b
            I64Rotl i64_rotl { dst: Slot, a: Slot, b: Slot };
            /// dst = a rotr b
            I64Rotr i64_rotr { dst: Slot, a: Slot, b: Slot };
            /// dst = a == b
            I64Eq i64_eq { dst: Slot, a: Slot, b: Slot };
            /// dst = a != b
            I64Ne i64_ne { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b (signed)
            I64LtS i64_lt_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b (unsigned)
            I64LtU i64_lt_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b (signed)
            I64GtS i64_gt_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b (unsigned)
            I64GtU i64_gt_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b (signed)
            I64LeS i64_le_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b (unsigned)
            I64LeU i64_le_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b (signed)
            I64GeS i64_ge_s { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b (unsigned)
            I64GeU i64_ge_u { dst: Slot, a: Slot, b: Slot };
            /// dst = a + imm
            I64AddImm i64_add_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a - imm
            I64SubImm i64_sub_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a * imm
            I64MulImm i64_mul_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a / imm (signed)
            I64DivSImm i64_div_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a / imm (unsigned)
            I64DivUImm i64_div_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a % imm (signed)
            I64RemSImm i64_rem_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a % imm (unsigned)
            I64RemUImm i64_rem_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a & imm
            I64AndImm i64_and_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a | imm
            I64OrImm i64_or_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a ^ imm
            I64XorImm i64_xor_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a << imm
            I64ShlImm i64_shl_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a >> imm (arithmetic)
            I64ShrSImm i64_shr_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a >> imm (logical)
            I64ShrUImm i64_shr_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a rotl imm
            I64RotlImm i64_rotl_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a rotr imm
            I64RotrImm i64_rotr_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a == imm
            I64EqImm i64_eq_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a != imm
            I64NeImm i64_ne_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a < imm (signed)
            I64LtSImm i64_lt_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a < imm (unsigned)
            I64LtUImm i64_lt_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a > imm (signed)
            I64GtSImm i64_gt_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a > imm (unsigned)
            I64GtUImm i64_gt_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a <= imm (signed)
            I64LeSImm i64_le_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a <= imm (unsigned)
            I64LeUImm i64_le_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a >= imm (signed)
            I64GeSImm i64_ge_s_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = a >= imm (unsigned)
            I64GeUImm i64_ge_u_imm { dst: Slot, a: Slot, imm: U64 };
            /// dst = leading zeros of a
            I64Clz i64_clz { dst: Slot, a: Slot };
            /// dst = trailing zeros of a
            I64Ctz i64_ctz { dst: Slot, a: Slot };
            /// dst = ones in a
            I64Popcnt i64_popcnt { dst: Slot, a: Slot };
            /// dst = a == 0 (also `ref.is_null`: null references are 0)
            I64Eqz i64_eqz { dst: Slot, a: Slot };
            /// dst = sign-extend the low 8 bits of a
            I64Extend8S i64_extend8_s { dst: Slot, a: Slot };
            /// dst = sign-extend the low 16 bits of a
            I64Extend16S i64_extend16_s { dst: Slot, a: Slot };
            /// dst = sign-extend the low 32 bits of a
            I64Extend32S i64_extend32_s { dst: Slot, a: Slot };

            // ---- f32 / f64 ----
            /// dst = a + b
            F32Add f32_add { dst: Slot, a: Slot, b: Slot };
            /// dst = a - b
            F32Sub f32_sub { dst: Slot, a: Slot, b: Slot };
            /// dst = a * b
            F32Mul f32_mul { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b
            F32Div f32_div { dst: Slot, a: Slot, b: Slot };
            /// dst = min(a, b) (NaN-propagating, -0 < +0)
            F32Min f32_min { dst: Slot, a: Slot, b: Slot };
            /// dst = max(a, b) (NaN-propagating, -0 < +0)
            F32Max f32_max { dst: Slot, a: Slot, b: Slot };
            /// dst = a with the sign of b
            F32Copysign f32_copysign { dst: Slot, a: Slot, b: Slot };
            /// dst = a == b
            F32Eq f32_eq { dst: Slot, a: Slot, b: Slot };
            /// dst = a != b
            F32Ne f32_ne { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b
            F32Lt f32_lt { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b
            F32Gt f32_gt { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b
            F32Le f32_le { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b
            F32Ge f32_ge { dst: Slot, a: Slot, b: Slot };
            /// dst = |a|
            F32Abs f32_abs { dst: Slot, a: Slot };
            /// dst = -a
            F32Neg f32_neg { dst: Slot, a: Slot };
            /// dst = ceil(a)
            F32Ceil f32_ceil { dst: Slot, a: Slot };
            /// dst = floor(a)
            F32Floor f32_floor { dst: Slot, a: Slot };
            /// dst = trunc(a)
            F32Trunc f32_trunc { dst: Slot, a: Slot };
            /// dst = a rounded to nearest, ties to even
            F32Nearest f32_nearest { dst: Slot, a: Slot };
            /// dst = sqrt(a)
            F32Sqrt f32_sqrt { dst: Slot, a: Slot };
            /// dst = a + b
            F64Add f64_add { dst: Slot, a: Slot, b: Slot };
            /// dst = a - b
            F64Sub f64_sub { dst: Slot, a: Slot, b: Slot };
            /// dst = a * b
            F64Mul f64_mul { dst: Slot, a: Slot, b: Slot };
            /// dst = a / b
            F64Div f64_div { dst: Slot, a: Slot, b: Slot };
            /// dst = min(a, b) (NaN-propagating, -0 < +0)
            F64Min f64_min { dst: Slot, a: Slot, b: Slot };
            /// dst = max(a, b) (NaN-propagating, -0 < +0)
            F64Max f64_max { dst: Slot, a: Slot, b: Slot };
            /// dst = a with the sign of b
            F64Copysign f64_copysign { dst: Slot, a: Slot, b: Slot };
            /// dst = a == b
            F64Eq f64_eq { dst: Slot, a: Slot, b: Slot };
            /// dst = a != b
            F64Ne f64_ne { dst: Slot, a: Slot, b: Slot };
            /// dst = a < b
            F64Lt f64_lt { dst: Slot, a: Slot, b: Slot };
            /// dst = a > b
            F64Gt f64_gt { dst: Slot, a: Slot, b: Slot };
            /// dst = a <= b
            F64Le f64_le { dst: Slot, a: Slot, b: Slot };
            /// dst = a >= b
            F64Ge f64_ge { dst: Slot, a: Slot, b: Slot };
            /// dst = |a|
            F64Abs f64_abs { dst: Slot, a: Slot };
            /// dst = -a
            F64Neg f64_neg { dst: Slot, a: Slot };
            /// dst = ceil(a)
            F64Ceil f64_ceil { dst: Slot, a: Slot };
            /// dst = floor(a)
            F64Floor f64_floor { dst: Slot, a: Slot };
            /// dst = trunc(a)
            F64Trunc f64_trunc { dst: Slot, a: Slot };
            /// dst = a rounded to nearest, ties to even
            F64Nearest f64_nearest { dst: Slot, a: Slot };
            /// dst = sqrt(a)
            F64Sqrt f64_sqrt { dst: Slot, a: Slot };

            // ---- conversions ----
            /// dst = low 32 bits of a
            I32WrapI64 i32_wrap_i64 { dst: Slot, a: Slot };
            /// dst = a sign-extended to 64 bits
            I64ExtendI32S i64_extend_i32_s { dst: Slot, a: Slot };
            /// dst = a zero-extended to 64 bits
            I64ExtendI32U i64_extend_i32_u { dst: Slot, a: Slot };
            /// dst = trunc(a) as i32 (traps on NaN and overflow)
            I32TruncF32S i32_trunc_f32_s { dst: Slot, a: Slot };
            /// dst = trunc(a) as u32 (traps on NaN and overflow)
            I32TruncF32U i32_trunc_f32_u { dst: Slot, a: Slot };
            /// dst = trunc(a) as i32 (traps on NaN and overflow)
            I32TruncF64S i32_trunc_f64_s { dst: Slot, a: Slot };
            /// dst = trunc(a) as u32 (traps on NaN and overflow)
            I32TruncF64U i32_trunc_f64_u { dst: Slot, a: Slot };
            /// dst = trunc(a) as i64 (traps on NaN and overflow)
            I64TruncF32S i64_trunc_f32_s { dst: Slot, a: Slot };
            /// dst = trunc(a) as u64 (traps on NaN and overflow)
            I64TruncF32U i64_trunc_f32_u { dst: Slot, a: Slot };
            /// dst = trunc(a) as i64 (traps on NaN and overflow)
            I64TruncF64S i64_trunc_f64_s { dst: Slot, a: Slot };
            /// dst = trunc(a) as u64 (traps on NaN and overflow)
            I64TruncF64U i64_trunc_f64_u { dst: Slot, a: Slot };
            /// dst = a as i32 (saturating, NaN -> 0)
            I32TruncSatF32S i32_trunc_sat_f32_s { dst: Slot, a: Slot };
            /// dst = a as u32 (saturating, NaN -> 0)
            I32TruncSatF32U i32_trunc_sat_f32_u { dst: Slot, a: Slot };
            /// dst = a as i32 (saturating, NaN -> 0)
            I32TruncSatF64S i32_trunc_sat_f64_s { dst: Slot, a: Slot };
            /// dst = a as u32 (saturating, NaN -> 0)
            I32TruncSatF64U i32_trunc_sat_f64_u { dst: Slot, a: Slot };
            /// dst = a as i64 (saturating, NaN -> 0)
            I64TruncSatF32S i64_trunc_sat_f32_s { dst: Slot, a: Slot };
            /// dst = a as u64 (saturating, NaN -> 0)
            I64TruncSatF32U i64_trunc_sat_f32_u { dst: Slot, a: Slot };
            /// dst = a as i64 (saturating, NaN -> 0)
            I64TruncSatF64S i64_trunc_sat_f64_s { dst: Slot, a: Slot };
            /// dst = a as u64 (saturating, NaN -> 0)
            I64TruncSatF64U i64_trunc_sat_f64_u { dst: Slot, a: Slot };
            /// dst = (a as i32) as f32
            F32ConvertI32S f32_convert_i32_s { dst: Slot, a: Slot };
            /// dst = (a as u32) as f32
            F32ConvertI32U f32_convert_i32_u { dst: Slot, a: Slot };
            /// dst = (a as i64) as f32
            F32ConvertI64S f32_convert_i64_s { dst: Slot, a: Slot };
            /// dst = (a as u64) as f32
            F32ConvertI64U f32_convert_i64_u { dst: Slot, a: Slot };
            /// dst = (a as i32) as f64
            F64ConvertI32S f64_convert_i32_s { dst: Slot, a: Slot };
            /// dst = (a as u32) as f64
            F64ConvertI32U f64_convert_i32_u { dst: Slot, a: Slot };
            /// dst = (a as i64) as f64
            F64ConvertI64S f64_convert_i64_s { dst: Slot, a: Slot };
            /// dst = (a as u64) as f64
            F64ConvertI64U f64_convert_i64_u { dst: Slot, a: Slot };
            /// dst = a as f32
            F32DemoteF64 f32_demote_f64 { dst: Slot, a: Slot };
            /// dst = a as f64
            F64PromoteF32 f64_promote_f32 { dst: Slot, a: Slot };

            // ---- memory 0 (bounds-checked; `off` is the static offset) ----
            /// dst = mem[a + off] as i32 / f32 bits (4 bytes)
            Load32 load32 { dst: Slot, a: Slot, off: U32 };
            /// dst = mem[a + off] as i64 / f64 bits (8 bytes)
            Load64 load64 { dst: Slot, a: Slot, off: U32 };
            /// dst = i8 sign-extended to i32
            I32Load8S i32_load8_s { dst: Slot, a: Slot, off: U32 };
            /// dst = u8 zero-extended
            I32Load8U i32_load8_u { dst: Slot, a: Slot, off: U32 };
            /// dst = i16 sign-extended to i32
            I32Load16S i32_load16_s { dst: Slot, a: Slot, off: U32 };
            /// dst = u16 zero-extended
            I32Load16U i32_load16_u { dst: Slot, a: Slot, off: U32 };
            /// dst = i8 sign-extended to i64
            I64Load8S i64_load8_s { dst: Slot, a: Slot, off: U32 };
            /// dst = i16 sign-extended to i64
            I64Load16S i64_load16_s { dst: Slot, a: Slot, off: U32 };
            /// dst = i32 sign-extended to i64
            I64Load32S i64_load32_s { dst: Slot, a: Slot, off: U32 };
            /// mem[a + off] = low 32 bits of v
            Store32 store32 { a: Slot, off: U32, v: Slot };
            /// mem[a + off] = v (64 bits)
            Store64 store64 { a: Slot, off: U32, v: Slot };
            /// mem[a + off] = low 8 bits of v
            Store8 store8 { a: Slot, off: U32, v: Slot };
            /// mem[a + off] = low 16 bits of v
            Store16 store16 { a: Slot, off: U32, v: Slot };
            /// dst = memory size in pages
            MemorySize memory_size { dst: Slot };
            /// dst = old size in pages, or -1; grows by `delta` pages
            MemoryGrow memory_grow { dst: Slot, delta: Slot };
            /// Fill `n` bytes at `d` with byte `v`.
            MemoryFill memory_fill { d: Slot, v: Slot, n: Slot };
            /// Copy `n` bytes from `s` to `d` (overlap allowed).
            MemoryCopy memory_copy { d: Slot, s: Slot, n: Slot };
            /// Copy `n` bytes of data segment `seg` from `s` to memory at `d`.
            MemoryInit memory_init { seg: U32, d: Slot, s: Slot, n: Slot };
            /// Drop data segment `seg`.
            DataDrop data_drop { seg: U32 };

            // ---- tables and references ----
            /// dst = table t [idx]
            TableGet table_get { dst: Slot, t: U32, idx: Slot };
            /// table t [idx] = v
            TableSet table_set { t: U32, idx: Slot, v: Slot };
            /// dst = size of table t
            TableSize table_size { dst: Slot, t: U32 };
            /// dst = old size or -1; grows table t by `delta` entries of `init`
            TableGrow table_grow { dst: Slot, t: U32, init: Slot, delta: Slot };
            /// Fill `n` entries of table t from `d` with `v`.
            TableFill table_fill { t: U32, d: Slot, v: Slot, n: Slot };
            /// Copy `n` entries from table `src_t` at `s` to table `dst_t` at `d`.
            TableCopy table_copy { dst_t: U32, src_t: U32, d: Slot, s: Slot, n: Slot };
            /// Copy `n` entries of element segment `seg` from `s` to table t at `d`.
            TableInit table_init { t: U32, seg: U32, d: Slot, s: Slot, n: Slot };
            /// Drop element segment `seg`.
            ElemDrop elem_drop { seg: U32 };
            /// dst = reference to function `func` of the instance
            RefFunc ref_func { dst: Slot, func: U32 };
        }
    };
}
