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
            /// A function's first op in a tiering engine: counts a call of function `func`
            /// (this instance's function index) and leaves to the embedder when the function
            /// is hot or its native code is ready (`Pending::TierUp`).
            TierCount tier_count { func: U32 };
            /// An outermost loop's header in a tiering engine (the op's own word is `at`):
            /// counts an iteration against the executor's loop budget; when it runs out,
            /// leaves to the embedder, which credits the running function and may go on
            /// natively from here (`Pending::TierUp`).
            TierLoop tier_loop { at: U32 };
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
            /// Tail call of function `func`: its arguments move from slots `base..` to `0..` and
            /// its frame replaces the current one. The translator follows it with `ret 0, n`,
            /// which returns a host callee's results to the caller's caller.
            ReturnCall return_call { func: U32, base: Slot };
            /// dst = a, a table64 index, when it fits 32 bits; else trap as out of bounds (Sheave's
            /// tables hold fewer than 2^32 entries). Lets `call_indirect` read 32-bit indices only.
            TableIndex32 table_index32 { dst: Slot, a: Slot };
            /// Tail call of the function at `table[idx]` (checked against module type `ty`).
            ReturnCallIndirect return_call_indirect { ty: U32, table: U32, idx: Slot, base: Slot };
            /// Call the function reference in slot `f` (trap on null); its frame starts at `base`.
            CallRef call_ref { f: Slot, base: Slot };
            /// Tail call of the function reference in slot `f` (trap on null); as `return_call`.
            ReturnCallRef return_call_ref { f: Slot, base: Slot };
            /// Trap when the reference in slot `a` is null (`ref.as_non_null`).
            RefAsNonNull ref_as_non_null { a: Slot };
            /// Throw a new exception of tag `tag` with the payload in slots `base..base + n`.
            Throw throw { tag: U32, base: Slot, n: U32 };
            /// Throw the exception referenced by slot `e` again (trap on null).
            ThrowRef throw_ref { e: Slot };
            /// Charge `amount` fuel; trap when it runs out (emitted only with fuel on).
            Fuel fuel { amount: U32 };
            /// Trap when the engine's epoch passed the deadline (emitted only with epochs on).
            Epoch epoch {};

            // ---- superinstructions: see `for_each_fusion!` ----
            /// `copy` then `copy`.
            CopyCopy copy_copy { dst: Slot, src: Slot, next: U64, dst2: Slot, src2: Slot };
            /// `copy` then `br_if_nez`.
            CopyBrIfNez copy_br_if_nez { dst: Slot, src: Slot, next: U64, c2: Slot, to2: Off };
            /// `i32_add_imm` then `br_if_nez`.
            I32AddImmBrIfNez i32_add_imm_br_if_nez { dst: Slot, a: Slot, imm: U32, next: U64, c2: Slot, to2: Off };
            /// `i32_sub_imm` then `br_if_nez` (a counted loop's latch).
            I32SubImmBrIfNez i32_sub_imm_br_if_nez { dst: Slot, a: Slot, imm: U32, next: U64, c2: Slot, to2: Off };
            /// `store32` then `copy`.
            Store32Copy store32_copy { a: Slot, off: U32, v: Slot, next: U64, dst2: Slot, src2: Slot };
            /// `copy` then `load32`.
            CopyLoad32 copy_load32 { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `i64_add` then `copy`.
            I64AddCopy i64_add_copy { dst: Slot, a: Slot, b: Slot, next: U64, dst2: Slot, src2: Slot };
            /// `i32_add_imm` then `i32_add` (a loop's two pointer steps, by a constant and a stride).
            I32AddImmAdd i32_add_imm_add { dst: Slot, a: Slot, imm: U32, next: U64, dst2: Slot, a2: Slot, b2: Slot };
            /// `i32_mul_add` then `i32_add_imm` (a dot product's step and pointer increment).
            I32MulAddAddImm i32_mul_add_add_imm { dst: Slot, a: Slot, b: Slot, c: Slot, next: U64, dst2: Slot, a2: Slot, imm2: U32 };
            /// `load32` then `br_if_nez` (walking a list: load the next pointer, loop while set).
            Load32BrIfNez load32_br_if_nez { dst: Slot, a: Slot, off: U32, next: U64, c2: Slot, to2: Off };
            /// `i32_add_imm` then `br_i32_eq_imm`.
            I32AddImmBrI32EqImm i32_add_imm_br_i32_eq_imm { dst: Slot, a: Slot, imm: U32, next: U64, a2: Slot, imm2: U32, to2: Off };
            /// `load32` then `i32_load8_u` (a field of a pointed-to object).
            Load32I32Load8U load32_i32_load8_u { dst: Slot, a: Slot, off: U32, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `i32_shr_u_and_imm` then `i32_xor_imm` (a CRC step).
            I32ShrUAndImmXorImm i32_shr_u_and_imm_xor_imm { dst: Slot, a: Slot, shift: U32, mask: U32, next: U64, dst2: Slot, a2: Slot, imm2: U32 };
            /// `i32_sub_imm` then `call`.
            I32SubImmCall i32_sub_imm_call { dst: Slot, a: Slot, imm: U32, next: U64, func2: U32, base2: Slot };
            /// `copy` then `return_call`.
            CopyReturnCall copy_return_call { dst: Slot, src: Slot, next: U64, func2: U32, base2: Slot };

            // ---- pinned-local variants: see `for_each_pin_variant!` (pin.rs) ----
            /// `i32_add_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I32AddImmL0DstA i32_add_imm_l0_dst_a { dst: Slot, a: Slot, imm: U32 };
            /// `i32_add_imm` with `dst` the pinned local (slot 0, in a register).
            I32AddImmL0Dst i32_add_imm_l0_dst { dst: Slot, a: Slot, imm: U32 };
            /// `i32_add_imm` with `a` the pinned local (slot 0, in a register).
            I32AddImmL0A i32_add_imm_l0_a { dst: Slot, a: Slot, imm: U32 };
            /// `i32_sub_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I32SubImmL0DstA i32_sub_imm_l0_dst_a { dst: Slot, a: Slot, imm: U32 };
            /// `i32_sub_imm` with `a` the pinned local (slot 0, in a register).
            I32SubImmL0A i32_sub_imm_l0_a { dst: Slot, a: Slot, imm: U32 };
            /// `i64_add_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I64AddImmL0DstA i64_add_imm_l0_dst_a { dst: Slot, a: Slot, imm: U64 };
            /// `i64_add_imm` with `a` the pinned local (slot 0, in a register).
            I64AddImmL0A i64_add_imm_l0_a { dst: Slot, a: Slot, imm: U64 };
            /// `i32_sub_imm_br_if_nez` with `dst` and `a` and `c2` the pinned local (slot 0, in a register).
            I32SubImmBrIfNezL0DstAC2 i32_sub_imm_br_if_nez_l0_dst_a_c2 { dst: Slot, a: Slot, imm: U32, next: U64, c2: Slot, to2: Off };
            /// `i32_add_imm_br_if_nez` with `dst` and `a` and `c2` the pinned local (slot 0, in a register).
            I32AddImmBrIfNezL0DstAC2 i32_add_imm_br_if_nez_l0_dst_a_c2 { dst: Slot, a: Slot, imm: U32, next: U64, c2: Slot, to2: Off };
            /// `i64_add_imm_br_nez` with `dst` and `a` the pinned local (slot 0, in a register).
            I64AddImmBrNezL0DstA i64_add_imm_br_nez_l0_dst_a { dst: Slot, a: Slot, imm: U64, to: Off };
            /// `copy` with `dst` the pinned local (slot 0, in a register).
            CopyL0Dst copy_l0_dst { dst: Slot, src: Slot };
            /// `copy` with `src` the pinned local (slot 0, in a register).
            CopyL0Src copy_l0_src { dst: Slot, src: Slot };
            /// `const32` with `dst` the pinned local (slot 0, in a register).
            Const32L0Dst const32_l0_dst { dst: Slot, imm: U32 };
            /// `br_if_nez` with `c` the pinned local (slot 0, in a register).
            BrIfNezL0C br_if_nez_l0_c { c: Slot, to: Off };
            /// `br_if_eqz` with `c` the pinned local (slot 0, in a register).
            BrIfEqzL0C br_if_eqz_l0_c { c: Slot, to: Off };
            /// `br_i32_eq_imm` with `a` the pinned local (slot 0, in a register).
            BrI32EqImmL0A br_i32_eq_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_ne_imm` with `a` the pinned local (slot 0, in a register).
            BrI32NeImmL0A br_i32_ne_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_lt_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI32LtSImmL0A br_i32_lt_s_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_lt_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI32LtUImmL0A br_i32_lt_u_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_gt_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI32GtSImmL0A br_i32_gt_s_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_gt_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI32GtUImmL0A br_i32_gt_u_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_le_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI32LeSImmL0A br_i32_le_s_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_le_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI32LeUImmL0A br_i32_le_u_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_ge_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI32GeSImmL0A br_i32_ge_s_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_ge_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI32GeUImmL0A br_i32_ge_u_imm_l0_a { a: Slot, imm: U32, to: Off };
            /// `br_i32_lt_s` with `a` the pinned local (slot 0, in a register).
            BrI32LtSL0A br_i32_lt_s_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_lt_s` with `b` the pinned local (slot 0, in a register).
            BrI32LtSL0B br_i32_lt_s_l0_b { a: Slot, b: Slot, to: Off };
            /// `br_i32_lt_u` with `a` the pinned local (slot 0, in a register).
            BrI32LtUL0A br_i32_lt_u_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_lt_u` with `b` the pinned local (slot 0, in a register).
            BrI32LtUL0B br_i32_lt_u_l0_b { a: Slot, b: Slot, to: Off };
            /// `br_i32_ge_s` with `a` the pinned local (slot 0, in a register).
            BrI32GeSL0A br_i32_ge_s_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_ge_s` with `b` the pinned local (slot 0, in a register).
            BrI32GeSL0B br_i32_ge_s_l0_b { a: Slot, b: Slot, to: Off };
            /// `br_i32_ge_u` with `a` the pinned local (slot 0, in a register).
            BrI32GeUL0A br_i32_ge_u_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_ge_u` with `b` the pinned local (slot 0, in a register).
            BrI32GeUL0B br_i32_ge_u_l0_b { a: Slot, b: Slot, to: Off };
            /// `br_i32_ne` with `a` the pinned local (slot 0, in a register).
            BrI32NeL0A br_i32_ne_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_ne` with `b` the pinned local (slot 0, in a register).
            BrI32NeL0B br_i32_ne_l0_b { a: Slot, b: Slot, to: Off };
            /// `br_i32_eq` with `a` the pinned local (slot 0, in a register).
            BrI32EqL0A br_i32_eq_l0_a { a: Slot, b: Slot, to: Off };
            /// `br_i32_eq` with `b` the pinned local (slot 0, in a register).
            BrI32EqL0B br_i32_eq_l0_b { a: Slot, b: Slot, to: Off };
            /// `load32` with `a` the pinned local (slot 0, in a register).
            Load32L0A load32_l0_a { dst: Slot, a: Slot, off: U32 };
            /// `load32` with `dst` the pinned local (slot 0, in a register).
            Load32L0Dst load32_l0_dst { dst: Slot, a: Slot, off: U32 };
            /// `i32_load8_u` with `a` the pinned local (slot 0, in a register).
            I32Load8UL0A i32_load8_u_l0_a { dst: Slot, a: Slot, off: U32 };
            /// `store32` with `a` the pinned local (slot 0, in a register).
            Store32L0A store32_l0_a { a: Slot, off: U32, v: Slot };
            /// `store32` with `v` the pinned local (slot 0, in a register).
            Store32L0V store32_l0_v { a: Slot, off: U32, v: Slot };
            /// `i32_add` with `a` the pinned local (slot 0, in a register).
            I32AddL0A i32_add_l0_a { dst: Slot, a: Slot, b: Slot };
            /// `i32_add` with `b` the pinned local (slot 0, in a register).
            I32AddL0B i32_add_l0_b { dst: Slot, a: Slot, b: Slot };
            /// `i32_add` with `dst` and `a` the pinned local (slot 0, in a register).
            I32AddL0DstA i32_add_l0_dst_a { dst: Slot, a: Slot, b: Slot };
            /// `i32_add` with `dst` and `b` the pinned local (slot 0, in a register).
            I32AddL0DstB i32_add_l0_dst_b { dst: Slot, a: Slot, b: Slot };
            /// `i32_and_imm` with `a` the pinned local (slot 0, in a register).
            I32AndImmL0A i32_and_imm_l0_a { dst: Slot, a: Slot, imm: U32 };
            /// `i32_shl_imm` with `a` the pinned local (slot 0, in a register).
            I32ShlImmL0A i32_shl_imm_l0_a { dst: Slot, a: Slot, imm: U32 };

            /// `i32_add` with `dst` the pinned local (slot 0, in a register).
            I32AddL0Dst i32_add_l0_dst { dst: Slot, a: Slot, b: Slot };
            /// `i32_sub_imm` with `dst` the pinned local (slot 0, in a register).
            I32SubImmL0Dst i32_sub_imm_l0_dst { dst: Slot, a: Slot, imm: U32 };
            /// `i64_add_imm` with `dst` the pinned local (slot 0, in a register).
            I64AddImmL0Dst i64_add_imm_l0_dst { dst: Slot, a: Slot, imm: U64 };
            /// `i32_load8_u` with `dst` the pinned local (slot 0, in a register).
            I32Load8UL0Dst i32_load8_u_l0_dst { dst: Slot, a: Slot, off: U32 };
            /// `copy_load32` with `dst` the pinned local (slot 0, in a register).
            CopyLoad32L0Dst copy_load32_l0_dst { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `copy_load32` with `a2` the pinned local (slot 0, in a register).
            CopyLoad32L0A2 copy_load32_l0_a2 { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `br_if_nez_copy` with `src` the pinned local (slot 0, in a register).
            BrIfNezCopyL0CSrc br_if_nez_copy_l0_c_src { c: Slot, dst: Slot, src: Slot, to: Off };
            /// `i64_add` with `a` the pinned local (slot 0, in a register).
            I64AddL0A i64_add_l0_a { dst: Slot, a: Slot, b: Slot };
            /// `i64_add` with `b` the pinned local (slot 0, in a register).
            I64AddL0B i64_add_l0_b { dst: Slot, a: Slot, b: Slot };
            /// `br_i64_eq_imm` with `a` the pinned local (slot 0, in a register).
            BrI64EqImmL0A br_i64_eq_imm_l0_a { a: Slot, imm: U64, to: Off };

            /// `i64_sub_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I64SubImmL0DstA i64_sub_imm_l0_dst_a { dst: Slot, a: Slot, imm: U64 };
            /// `i64_sub_imm` with `dst` the pinned local (slot 0, in a register).
            I64SubImmL0Dst i64_sub_imm_l0_dst { dst: Slot, a: Slot, imm: U64 };
            /// `br_i64_ne_imm` with `a` the pinned local (slot 0, in a register).
            BrI64NeImmL0A br_i64_ne_imm_l0_a { a: Slot, imm: U64, to: Off };

            /// `copy_load32` with `dst` and `a2` the pinned local (slot 0, in a register).
            CopyLoad32L0DstA2 copy_load32_l0_dst_a2 { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `i32_shr_u_and_imm` with `dst` the pinned local (slot 0, in a register).
            I32ShrUAndImmL0Dst i32_shr_u_and_imm_l0_dst { dst: Slot, a: Slot, shift: U32, mask: U32 };
            /// `i32_shr_u_and_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I32ShrUAndImmL0DstA i32_shr_u_and_imm_l0_dst_a { dst: Slot, a: Slot, shift: U32, mask: U32 };
            /// `select` with `dst` the pinned local (slot 0, in a register).
            SelectL0Dst select_l0_dst { dst: Slot, c: Slot, a: Slot, b: Slot };
            /// `load32` with `dst` and `a` the pinned local (slot 0, in a register).
            Load32L0DstA load32_l0_dst_a { dst: Slot, a: Slot, off: U32 };
            /// `i32_load16_u` with `dst` the pinned local (slot 0, in a register).
            I32Load16UL0Dst i32_load16_u_l0_dst { dst: Slot, a: Slot, off: U32 };
            /// `i32_shr_u_imm` with `dst` the pinned local (slot 0, in a register).
            I32ShrUImmL0Dst i32_shr_u_imm_l0_dst { dst: Slot, a: Slot, imm: U32 };
            /// `i32_shr_u_imm` with `dst` and `a` the pinned local (slot 0, in a register).
            I32ShrUImmL0DstA i32_shr_u_imm_l0_dst_a { dst: Slot, a: Slot, imm: U32 };
            /// `copy_load32` with `src` and `dst2` the pinned local (slot 0, in a register).
            CopyLoad32L0SrcDst2 copy_load32_l0_src_dst2 { dst: Slot, src: Slot, next: U64, dst2: Slot, a2: Slot, off2: U32 };
            /// `i64_sub_imm` with `a` the pinned local (slot 0, in a register).
            I64SubImmL0A i64_sub_imm_l0_a { dst: Slot, a: Slot, imm: U64 };
            /// `br_i64_gt_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI64GtSImmL0A br_i64_gt_s_imm_l0_a { a: Slot, imm: U64, to: Off };
            /// `br_i64_lt_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI64LtSImmL0A br_i64_lt_s_imm_l0_a { a: Slot, imm: U64, to: Off };
            /// `br_i64_le_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI64LeSImmL0A br_i64_le_s_imm_l0_a { a: Slot, imm: U64, to: Off };
            /// `br_i64_ge_s_imm` with `a` the pinned local (slot 0, in a register).
            BrI64GeSImmL0A br_i64_ge_s_imm_l0_a { a: Slot, imm: U64, to: Off };
            /// `br_i64_lt_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI64LtUImmL0A br_i64_lt_u_imm_l0_a { a: Slot, imm: U64, to: Off };
            /// `br_i64_gt_u_imm` with `a` the pinned local (slot 0, in a register).
            BrI64GtUImmL0A br_i64_gt_u_imm_l0_a { a: Slot, imm: U64, to: Off };
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
            /// dst = c != 0 ? imm : b (`imm` zero-extended, as `const32` writes it).
            SelectImmA select_imm_a { dst: Slot, c: Slot, imm: U32, b: Slot };
            /// dst = c != 0 ? a : imm (`imm` zero-extended, as `const32` writes it).
            SelectImmB select_imm_b { dst: Slot, c: Slot, a: Slot, imm: U32 };
            /// dst = global g
            GlobalGet global_get { dst: Slot, g: U32 };
            /// global g = src
            GlobalSet global_set { g: U32, src: Slot };
            /// dst = global g = global g + imm (i32, wrapping): `global.get`, an add or
            /// subtract of a constant, `global.set` of the same global.
            GlobalAddImm global_add_imm { dst: Slot, g: U32, imm: U32 };

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
            /// dst = (a >> shift) & mask (logical shift): a bit field, the translator's fusion of
            /// `i32.shr_u` by a constant then `i32.and` with a constant on its result.
            I32ShrUAndImm i32_shr_u_and_imm { dst: Slot, a: Slot, shift: U32, mask: U32 };
            /// dst = a + imm, then dst2 = a2 + imm2: two adjacent `i32_add_imm`s merged by the
            /// translator (the increments of a loop over two arrays).
            I32AddImm2 i32_add_imm2 { dst: Slot, a: Slot, imm: U32, dst2: Slot, a2: Slot, imm2: U32 };
            /// dst = a + imm (i64), then jump to `to` when dst != 0: a counted loop's latch,
            /// merged by the translator from `i64.add`/`i64.sub` and `br_if (i64.ne x 0)`.
            I64AddImmBrNez i64_add_imm_br_nez { dst: Slot, a: Slot, imm: U64, to: Off };
            /// dst = a * b + c: the translator's fusion of `i32.mul` then `i32.add` of the product.
            I32MulAdd i32_mul_add { dst: Slot, a: Slot, b: Slot, c: Slot };
            /// dst = a + (b << shift): the translator's fusion of `i32.shl` by a constant then
            /// `i32.add` of the shifted value (an address: base plus scaled index).
            I32AddShlImm i32_add_shl_imm { dst: Slot, a: Slot, b: Slot, shift: U32 };
            /// dst = a ^ (b >> shift) (logical shift): the translator's fusion of `i32.shr_u` by a
            /// constant then `i32.xor` with the shifted value (a CRC step).
            I32XorShrUImm i32_xor_shr_u_imm { dst: Slot, a: Slot, b: Slot, shift: U32 };
            /// dst = (a ^ b) & mask: the translator's fusion of `i32.xor` then `i32.and` with a
            /// constant on its result.
            I32XorAndImm i32_xor_and_imm { dst: Slot, a: Slot, b: Slot, mask: U32 };
            /// dst = (a ^ (b >> shift)) & mask: `i32_xor_shr_u_imm` then `i32.and` with a constant.
            I32XorShrUAndImm i32_xor_shr_u_and_imm { dst: Slot, a: Slot, b: Slot, shift: U32, mask: U32 };
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
            /// (dst, dst+1) = (a_lo, a_hi) + (b_lo, b_hi) as 128-bit integers (wide arithmetic)
            I64Add128 i64_add128 { dst: VSlot, a_lo: Slot, a_hi: Slot, b_lo: Slot, b_hi: Slot };
            /// (dst, dst+1) = (a_lo, a_hi) - (b_lo, b_hi) as 128-bit integers
            I64Sub128 i64_sub128 { dst: VSlot, a_lo: Slot, a_hi: Slot, b_lo: Slot, b_hi: Slot };
            /// (dst, dst+1) = the 128-bit product of a and b (signed)
            I64MulWideS i64_mul_wide_s { dst: VSlot, a: Slot, b: Slot };
            /// (dst, dst+1) = the 128-bit product of a and b (unsigned)
            I64MulWideU i64_mul_wide_u { dst: VSlot, a: Slot, b: Slot };

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

            // ---- any memory (multi-memory, memory64) ----
            /// Points the memory registers at byte `a + off` of memory `m` (64-bit sum, checked
            /// against its length) and sets `tmp = 0`, so that the next load or store, with
            /// address `tmp` and offset 0, accesses that byte with its own bounds check.
            MemWindow mem_window { m: U32, a: Slot, off: U64, tmp: Slot };
            /// Points the memory registers back at memory 0 (after a windowed access).
            MemRestore mem_restore {};
            /// dst = size of memory `m` in pages
            MemorySizeM memory_size_m { dst: Slot, m: U32 };
            /// dst = old size of memory `m` after growing it by `delta` pages, or -1
            MemoryGrowM memory_grow_m { dst: Slot, m: U32, delta: Slot };
            /// memory.fill on memory `m`
            MemoryFillM memory_fill_m { m: U32, d: Slot, v: Slot, n: Slot };
            /// memory.copy from memory `sm` to memory `dm`
            MemoryCopyM memory_copy_m { dm: U32, sm: U32, d: Slot, s: Slot, n: Slot };
            /// memory.init of memory `m` from data segment `seg`
            MemoryInitM memory_init_m { m: U32, seg: U32, d: Slot, s: Slot, n: Slot };

            // ---- tables and references ----
            /// dst = table t `[idx]`
            TableGet table_get { dst: Slot, t: U32, idx: Slot };
            /// table t `[idx]` = v
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

            // ---- GC: i31, casts, structs and arrays (the heap: `gc.rs`) ----
            /// dst = the i31 of the low 31 bits of a.
            RefI31 ref_i31 { dst: Slot, a: Slot };
            /// dst = the i31 in a, sign-extended (trap on null).
            I31GetS i31_get_s { dst: Slot, a: Slot };
            /// dst = the i31 in a, zero-extended (trap on null).
            I31GetU i31_get_u { dst: Slot, a: Slot };
            /// dst = whether reference a passes cast `target` (encoded as `gc::cast`).
            RefTest ref_test { dst: Slot, a: Slot, target: U32 };
            /// dst = a when it passes cast `target`, else trap.
            RefCast ref_cast { dst: Slot, a: Slot, target: U32 };
            /// dst = a new struct of module type `ty` from the values in slots `args..`.
            StructNew struct_new { dst: Slot, ty: U32, args: Slot };
            /// dst = a new struct of module type `ty`, every field zero or null.
            StructNewDefault struct_new_default { dst: Slot, ty: U32 };
            /// dst = the i8 field at payload byte `off` of struct obj, sign-extended.
            StructGet8S struct_get8_s { dst: Slot, obj: Slot, off: U32 };
            /// dst = the i8 field at `off`, zero-extended.
            StructGet8U struct_get8_u { dst: Slot, obj: Slot, off: U32 };
            /// dst = the i16 field at `off`, sign-extended.
            StructGet16S struct_get16_s { dst: Slot, obj: Slot, off: U32 };
            /// dst = the i16 field at `off`, zero-extended.
            StructGet16U struct_get16_u { dst: Slot, obj: Slot, off: U32 };
            /// dst = the 32-bit field at `off` (i32, f32, a reference).
            StructGet32 struct_get32 { dst: Slot, obj: Slot, off: U32 };
            /// dst = the 64-bit field at `off`.
            StructGet64 struct_get64 { dst: Slot, obj: Slot, off: U32 };
            /// dst = the v128 field at `off`.
            StructGet128 struct_get128 { dst: VSlot, obj: Slot, off: U32 };
            /// The i8 field at `off` of struct obj = v.
            StructSet8 struct_set8 { obj: Slot, off: U32, v: Slot };
            /// The i16 field at `off` = v.
            StructSet16 struct_set16 { obj: Slot, off: U32, v: Slot };
            /// The 32-bit field at `off` = v.
            StructSet32 struct_set32 { obj: Slot, off: U32, v: Slot };
            /// The 64-bit field at `off` = v.
            StructSet64 struct_set64 { obj: Slot, off: U32, v: Slot };
            /// The v128 field at `off` = v.
            StructSet128 struct_set128 { obj: Slot, off: U32, v: VSlot };
            /// dst = a new array of module type `ty`: n elements, each the value in slot `init`.
            ArrayNew array_new { dst: Slot, ty: U32, init: Slot, n: Slot };
            /// dst = a new array of module type `ty`: n zero or null elements.
            ArrayNewDefault array_new_default { dst: Slot, ty: U32, n: Slot };
            /// dst = a new array of module type `ty` of the `n` values in slots `args..`.
            ArrayNewFixed array_new_fixed { dst: Slot, ty: U32, args: Slot, n: U32 };
            /// dst = a new array of module type `ty`: n elements read from data segment `seg` at s.
            ArrayNewData array_new_data { dst: Slot, ty: U32, seg: U32, s: Slot, n: Slot };
            /// dst = a new array of module type `ty`: n elements of element segment `seg` from s.
            ArrayNewElem array_new_elem { dst: Slot, ty: U32, seg: U32, s: Slot, n: Slot };
            /// dst = element i of i8 array arr, sign-extended.
            ArrayGet8S array_get8_s { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of an i8 array, zero-extended.
            ArrayGet8U array_get8_u { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of an i16 array, sign-extended.
            ArrayGet16S array_get16_s { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of an i16 array, zero-extended.
            ArrayGet16U array_get16_u { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of an array of 32-bit values.
            ArrayGet32 array_get32 { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of an array of 64-bit values.
            ArrayGet64 array_get64 { dst: Slot, arr: Slot, i: Slot };
            /// dst = element i of a v128 array.
            ArrayGet128 array_get128 { dst: VSlot, arr: Slot, i: Slot };
            /// Element i of an i8 array = v.
            ArraySet8 array_set8 { arr: Slot, i: Slot, v: Slot };
            /// Element i of an i16 array = v.
            ArraySet16 array_set16 { arr: Slot, i: Slot, v: Slot };
            /// Element i of an array of 32-bit values = v.
            ArraySet32 array_set32 { arr: Slot, i: Slot, v: Slot };
            /// Element i of an array of 64-bit values = v.
            ArraySet64 array_set64 { arr: Slot, i: Slot, v: Slot };
            /// Element i of a v128 array = v.
            ArraySet128 array_set128 { arr: Slot, i: Slot, v: VSlot };
            /// dst = the length of array arr.
            ArrayLen array_len { dst: Slot, arr: Slot };
            /// Elements d..d+n of array arr (of module type `ty`) = v.
            ArrayFill array_fill { ty: U32, arr: Slot, d: Slot, v: Slot, n: Slot };
            /// Copy n elements of array src from s to array dst_arr (of module type `ty`) at d.
            ArrayCopy array_copy { ty: U32, dst_arr: Slot, d: Slot, src: Slot, s: Slot, n: Slot };
            /// Copy n elements of data segment `seg` from s into array arr (module type `ty`) at d.
            ArrayInitData array_init_data { ty: U32, seg: U32, arr: Slot, d: Slot, s: Slot, n: Slot };
            /// Copy n entries of element segment `seg` from s into array arr at d.
            ArrayInitElem array_init_elem { seg: U32, arr: Slot, d: Slot, s: Slot, n: Slot };
            // ---- 128-bit SIMD (operands `VSlot`: a v128 in slots v, v+1) ----
            /// `v128.const`: `dst` = `hi:lo`.
            V128Const v128_const { dst: VSlot, lo: U64, hi: U64 };
            /// `i8x16.shuffle` with lane indices `hi:lo` (one byte each).
            I8x16Shuffle i8x16_shuffle { dst: VSlot, a: VSlot, b: VSlot, lo: U64, hi: U64 };
            /// `global.get` of a v128 global.
            V128GlobalGet v128_global_get { dst: VSlot, g: U32 };
            /// `global.set` of a v128 global.
            V128GlobalSet v128_global_set { g: U32, src: VSlot };
            /// `v128.not`.
            V128Not v128_not { dst: VSlot, a: VSlot };
            /// `v128.and`.
            V128And v128_and { dst: VSlot, a: VSlot, b: VSlot };
            /// `v128.and_not`.
            V128AndNot v128_and_not { dst: VSlot, a: VSlot, b: VSlot };
            /// `v128.or`.
            V128Or v128_or { dst: VSlot, a: VSlot, b: VSlot };
            /// `v128.xor`.
            V128Xor v128_xor { dst: VSlot, a: VSlot, b: VSlot };
            /// `v128.bitselect`.
            V128Bitselect v128_bitselect { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `v128.any_true`.
            V128AnyTrue v128_any_true { dst: Slot, a: VSlot };
            /// `i8x16.swizzle`.
            I8x16Swizzle i8x16_swizzle { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.relaxed_swizzle`.
            I8x16RelaxedSwizzle i8x16_relaxed_swizzle { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.eq`.
            I8x16Eq i8x16_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.ne`.
            I8x16Ne i8x16_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.lt_s`.
            I8x16LtS i8x16_lt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.lt_u`.
            I8x16LtU i8x16_lt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.gt_s`.
            I8x16GtS i8x16_gt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.gt_u`.
            I8x16GtU i8x16_gt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.le_s`.
            I8x16LeS i8x16_le_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.le_u`.
            I8x16LeU i8x16_le_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.ge_s`.
            I8x16GeS i8x16_ge_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.ge_u`.
            I8x16GeU i8x16_ge_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.eq`.
            I16x8Eq i16x8_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ne`.
            I16x8Ne i16x8_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.lt_s`.
            I16x8LtS i16x8_lt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.lt_u`.
            I16x8LtU i16x8_lt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.gt_s`.
            I16x8GtS i16x8_gt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.gt_u`.
            I16x8GtU i16x8_gt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.le_s`.
            I16x8LeS i16x8_le_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.le_u`.
            I16x8LeU i16x8_le_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ge_s`.
            I16x8GeS i16x8_ge_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ge_u`.
            I16x8GeU i16x8_ge_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.eq`.
            I32x4Eq i32x4_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ne`.
            I32x4Ne i32x4_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.lt_s`.
            I32x4LtS i32x4_lt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.lt_u`.
            I32x4LtU i32x4_lt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.gt_s`.
            I32x4GtS i32x4_gt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.gt_u`.
            I32x4GtU i32x4_gt_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.le_s`.
            I32x4LeS i32x4_le_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.le_u`.
            I32x4LeU i32x4_le_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ge_s`.
            I32x4GeS i32x4_ge_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ge_u`.
            I32x4GeU i32x4_ge_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.eq`.
            I64x2Eq i64x2_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ne`.
            I64x2Ne i64x2_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.lt_s`.
            I64x2LtS i64x2_lt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.gt_s`.
            I64x2GtS i64x2_gt_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.le_s`.
            I64x2LeS i64x2_le_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ge_s`.
            I64x2GeS i64x2_ge_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.eq`.
            F32x4Eq f32x4_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.ne`.
            F32x4Ne f32x4_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.lt`.
            F32x4Lt f32x4_lt { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.gt`.
            F32x4Gt f32x4_gt { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.le`.
            F32x4Le f32x4_le { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.ge`.
            F32x4Ge f32x4_ge { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.eq`.
            F64x2Eq f64x2_eq { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.ne`.
            F64x2Ne f64x2_ne { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.lt`.
            F64x2Lt f64x2_lt { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.gt`.
            F64x2Gt f64x2_gt { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.le`.
            F64x2Le f64x2_le { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.ge`.
            F64x2Ge f64x2_ge { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.abs`.
            I8x16Abs i8x16_abs { dst: VSlot, a: VSlot };
            /// `i8x16.neg`.
            I8x16Neg i8x16_neg { dst: VSlot, a: VSlot };
            /// `i8x16.popcnt`.
            I8x16Popcnt i8x16_popcnt { dst: VSlot, a: VSlot };
            /// `i8x16.all_true`.
            I8x16AllTrue i8x16_all_true { dst: Slot, a: VSlot };
            /// `i8x16.bitmask`.
            I8x16Bitmask i8x16_bitmask { dst: Slot, a: VSlot };
            /// `i8x16.narrow_i16x8_s`.
            I8x16NarrowI16x8S i8x16_narrow_i16x8_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.narrow_i16x8_u`.
            I8x16NarrowI16x8U i8x16_narrow_i16x8_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.shl`.
            I8x16Shl i8x16_shl { dst: VSlot, a: VSlot, n: Slot };
            /// `i8x16.shr_s`.
            I8x16ShrS i8x16_shr_s { dst: VSlot, a: VSlot, n: Slot };
            /// `i8x16.shr_u`.
            I8x16ShrU i8x16_shr_u { dst: VSlot, a: VSlot, n: Slot };
            /// `i8x16.add`.
            I8x16Add i8x16_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.add_sat_s`.
            I8x16AddSatS i8x16_add_sat_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.add_sat_u`.
            I8x16AddSatU i8x16_add_sat_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.sub`.
            I8x16Sub i8x16_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.sub_sat_s`.
            I8x16SubSatS i8x16_sub_sat_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.sub_sat_u`.
            I8x16SubSatU i8x16_sub_sat_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.min_s`.
            I8x16MinS i8x16_min_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.min_u`.
            I8x16MinU i8x16_min_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.max_s`.
            I8x16MaxS i8x16_max_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.max_u`.
            I8x16MaxU i8x16_max_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i8x16.avgr_u`.
            I8x16AvgrU i8x16_avgr_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ext_add_pairwise_i8x16_s`.
            I16x8ExtAddPairwiseI8x16S i16x8_ext_add_pairwise_i8x16_s { dst: VSlot, a: VSlot };
            /// `i16x8.ext_add_pairwise_i8x16_u`.
            I16x8ExtAddPairwiseI8x16U i16x8_ext_add_pairwise_i8x16_u { dst: VSlot, a: VSlot };
            /// `i16x8.abs`.
            I16x8Abs i16x8_abs { dst: VSlot, a: VSlot };
            /// `i16x8.neg`.
            I16x8Neg i16x8_neg { dst: VSlot, a: VSlot };
            /// `i16x8.q15_mulr_sat_s`.
            I16x8Q15MulrSatS i16x8_q15_mulr_sat_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.relaxed_q15mulr_s`.
            I16x8RelaxedQ15mulrS i16x8_relaxed_q15mulr_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.all_true`.
            I16x8AllTrue i16x8_all_true { dst: Slot, a: VSlot };
            /// `i16x8.bitmask`.
            I16x8Bitmask i16x8_bitmask { dst: Slot, a: VSlot };
            /// `i16x8.narrow_i32x4_s`.
            I16x8NarrowI32x4S i16x8_narrow_i32x4_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.narrow_i32x4_u`.
            I16x8NarrowI32x4U i16x8_narrow_i32x4_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.extend_low_i8x16_s`.
            I16x8ExtendLowI8x16S i16x8_extend_low_i8x16_s { dst: VSlot, a: VSlot };
            /// `i16x8.extend_high_i8x16_s`.
            I16x8ExtendHighI8x16S i16x8_extend_high_i8x16_s { dst: VSlot, a: VSlot };
            /// `i16x8.extend_low_i8x16_u`.
            I16x8ExtendLowI8x16U i16x8_extend_low_i8x16_u { dst: VSlot, a: VSlot };
            /// `i16x8.extend_high_i8x16_u`.
            I16x8ExtendHighI8x16U i16x8_extend_high_i8x16_u { dst: VSlot, a: VSlot };
            /// `i16x8.shl`.
            I16x8Shl i16x8_shl { dst: VSlot, a: VSlot, n: Slot };
            /// `i16x8.shr_s`.
            I16x8ShrS i16x8_shr_s { dst: VSlot, a: VSlot, n: Slot };
            /// `i16x8.shr_u`.
            I16x8ShrU i16x8_shr_u { dst: VSlot, a: VSlot, n: Slot };
            /// `i16x8.add`.
            I16x8Add i16x8_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.add_sat_s`.
            I16x8AddSatS i16x8_add_sat_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.add_sat_u`.
            I16x8AddSatU i16x8_add_sat_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.sub`.
            I16x8Sub i16x8_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.sub_sat_s`.
            I16x8SubSatS i16x8_sub_sat_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.sub_sat_u`.
            I16x8SubSatU i16x8_sub_sat_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.mul`.
            I16x8Mul i16x8_mul { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.min_s`.
            I16x8MinS i16x8_min_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.min_u`.
            I16x8MinU i16x8_min_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.max_s`.
            I16x8MaxS i16x8_max_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.max_u`.
            I16x8MaxU i16x8_max_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.avgr_u`.
            I16x8AvgrU i16x8_avgr_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ext_mul_low_i8x16_s`.
            I16x8ExtMulLowI8x16S i16x8_ext_mul_low_i8x16_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ext_mul_high_i8x16_s`.
            I16x8ExtMulHighI8x16S i16x8_ext_mul_high_i8x16_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ext_mul_low_i8x16_u`.
            I16x8ExtMulLowI8x16U i16x8_ext_mul_low_i8x16_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.ext_mul_high_i8x16_u`.
            I16x8ExtMulHighI8x16U i16x8_ext_mul_high_i8x16_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i16x8.relaxed_dot_i8x16_i7x16_s`.
            I16x8RelaxedDotI8x16I7x16S i16x8_relaxed_dot_i8x16_i7x16_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ext_add_pairwise_i16x8_s`.
            I32x4ExtAddPairwiseI16x8S i32x4_ext_add_pairwise_i16x8_s { dst: VSlot, a: VSlot };
            /// `i32x4.ext_add_pairwise_i16x8_u`.
            I32x4ExtAddPairwiseI16x8U i32x4_ext_add_pairwise_i16x8_u { dst: VSlot, a: VSlot };
            /// `i32x4.abs`.
            I32x4Abs i32x4_abs { dst: VSlot, a: VSlot };
            /// `i32x4.neg`.
            I32x4Neg i32x4_neg { dst: VSlot, a: VSlot };
            /// `i32x4.all_true`.
            I32x4AllTrue i32x4_all_true { dst: Slot, a: VSlot };
            /// `i32x4.bitmask`.
            I32x4Bitmask i32x4_bitmask { dst: Slot, a: VSlot };
            /// `i32x4.extend_low_i16x8_s`.
            I32x4ExtendLowI16x8S i32x4_extend_low_i16x8_s { dst: VSlot, a: VSlot };
            /// `i32x4.extend_high_i16x8_s`.
            I32x4ExtendHighI16x8S i32x4_extend_high_i16x8_s { dst: VSlot, a: VSlot };
            /// `i32x4.extend_low_i16x8_u`.
            I32x4ExtendLowI16x8U i32x4_extend_low_i16x8_u { dst: VSlot, a: VSlot };
            /// `i32x4.extend_high_i16x8_u`.
            I32x4ExtendHighI16x8U i32x4_extend_high_i16x8_u { dst: VSlot, a: VSlot };
            /// `i32x4.shl`.
            I32x4Shl i32x4_shl { dst: VSlot, a: VSlot, n: Slot };
            /// `i32x4.shr_s`.
            I32x4ShrS i32x4_shr_s { dst: VSlot, a: VSlot, n: Slot };
            /// `i32x4.shr_u`.
            I32x4ShrU i32x4_shr_u { dst: VSlot, a: VSlot, n: Slot };
            /// `i32x4.add`.
            I32x4Add i32x4_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.sub`.
            I32x4Sub i32x4_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.mul`.
            I32x4Mul i32x4_mul { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.min_s`.
            I32x4MinS i32x4_min_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.min_u`.
            I32x4MinU i32x4_min_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.max_s`.
            I32x4MaxS i32x4_max_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.max_u`.
            I32x4MaxU i32x4_max_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.dot_i16x8_s`.
            I32x4DotI16x8S i32x4_dot_i16x8_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ext_mul_low_i16x8_s`.
            I32x4ExtMulLowI16x8S i32x4_ext_mul_low_i16x8_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ext_mul_high_i16x8_s`.
            I32x4ExtMulHighI16x8S i32x4_ext_mul_high_i16x8_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ext_mul_low_i16x8_u`.
            I32x4ExtMulLowI16x8U i32x4_ext_mul_low_i16x8_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.ext_mul_high_i16x8_u`.
            I32x4ExtMulHighI16x8U i32x4_ext_mul_high_i16x8_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`.
            I32x4RelaxedDotI8x16I7x16AddS i32x4_relaxed_dot_i8x16_i7x16_add_s { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i64x2.abs`.
            I64x2Abs i64x2_abs { dst: VSlot, a: VSlot };
            /// `i64x2.neg`.
            I64x2Neg i64x2_neg { dst: VSlot, a: VSlot };
            /// `i64x2.all_true`.
            I64x2AllTrue i64x2_all_true { dst: Slot, a: VSlot };
            /// `i64x2.bitmask`.
            I64x2Bitmask i64x2_bitmask { dst: Slot, a: VSlot };
            /// `i64x2.extend_low_i32x4_s`.
            I64x2ExtendLowI32x4S i64x2_extend_low_i32x4_s { dst: VSlot, a: VSlot };
            /// `i64x2.extend_high_i32x4_s`.
            I64x2ExtendHighI32x4S i64x2_extend_high_i32x4_s { dst: VSlot, a: VSlot };
            /// `i64x2.extend_low_i32x4_u`.
            I64x2ExtendLowI32x4U i64x2_extend_low_i32x4_u { dst: VSlot, a: VSlot };
            /// `i64x2.extend_high_i32x4_u`.
            I64x2ExtendHighI32x4U i64x2_extend_high_i32x4_u { dst: VSlot, a: VSlot };
            /// `i64x2.shl`.
            I64x2Shl i64x2_shl { dst: VSlot, a: VSlot, n: Slot };
            /// `i64x2.shr_s`.
            I64x2ShrS i64x2_shr_s { dst: VSlot, a: VSlot, n: Slot };
            /// `i64x2.shr_u`.
            I64x2ShrU i64x2_shr_u { dst: VSlot, a: VSlot, n: Slot };
            /// `i64x2.add`.
            I64x2Add i64x2_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.sub`.
            I64x2Sub i64x2_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.mul`.
            I64x2Mul i64x2_mul { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ext_mul_low_i32x4_s`.
            I64x2ExtMulLowI32x4S i64x2_ext_mul_low_i32x4_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ext_mul_high_i32x4_s`.
            I64x2ExtMulHighI32x4S i64x2_ext_mul_high_i32x4_s { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ext_mul_low_i32x4_u`.
            I64x2ExtMulLowI32x4U i64x2_ext_mul_low_i32x4_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `i64x2.ext_mul_high_i32x4_u`.
            I64x2ExtMulHighI32x4U i64x2_ext_mul_high_i32x4_u { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.ceil`.
            F32x4Ceil f32x4_ceil { dst: VSlot, a: VSlot };
            /// `f32x4.floor`.
            F32x4Floor f32x4_floor { dst: VSlot, a: VSlot };
            /// `f32x4.trunc`.
            F32x4Trunc f32x4_trunc { dst: VSlot, a: VSlot };
            /// `f32x4.nearest`.
            F32x4Nearest f32x4_nearest { dst: VSlot, a: VSlot };
            /// `f32x4.abs`.
            F32x4Abs f32x4_abs { dst: VSlot, a: VSlot };
            /// `f32x4.neg`.
            F32x4Neg f32x4_neg { dst: VSlot, a: VSlot };
            /// `f32x4.sqrt`.
            F32x4Sqrt f32x4_sqrt { dst: VSlot, a: VSlot };
            /// `f32x4.add`.
            F32x4Add f32x4_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.sub`.
            F32x4Sub f32x4_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.mul`.
            F32x4Mul f32x4_mul { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.div`.
            F32x4Div f32x4_div { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.min`.
            F32x4Min f32x4_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.max`.
            F32x4Max f32x4_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.p_min`.
            F32x4PMin f32x4_p_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.p_max`.
            F32x4PMax f32x4_p_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.relaxed_min`.
            F32x4RelaxedMin f32x4_relaxed_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.relaxed_max`.
            F32x4RelaxedMax f32x4_relaxed_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.ceil`.
            F64x2Ceil f64x2_ceil { dst: VSlot, a: VSlot };
            /// `f64x2.floor`.
            F64x2Floor f64x2_floor { dst: VSlot, a: VSlot };
            /// `f64x2.trunc`.
            F64x2Trunc f64x2_trunc { dst: VSlot, a: VSlot };
            /// `f64x2.nearest`.
            F64x2Nearest f64x2_nearest { dst: VSlot, a: VSlot };
            /// `f64x2.abs`.
            F64x2Abs f64x2_abs { dst: VSlot, a: VSlot };
            /// `f64x2.neg`.
            F64x2Neg f64x2_neg { dst: VSlot, a: VSlot };
            /// `f64x2.sqrt`.
            F64x2Sqrt f64x2_sqrt { dst: VSlot, a: VSlot };
            /// `f64x2.add`.
            F64x2Add f64x2_add { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.sub`.
            F64x2Sub f64x2_sub { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.mul`.
            F64x2Mul f64x2_mul { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.div`.
            F64x2Div f64x2_div { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.min`.
            F64x2Min f64x2_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.max`.
            F64x2Max f64x2_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.p_min`.
            F64x2PMin f64x2_p_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.p_max`.
            F64x2PMax f64x2_p_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.relaxed_min`.
            F64x2RelaxedMin f64x2_relaxed_min { dst: VSlot, a: VSlot, b: VSlot };
            /// `f64x2.relaxed_max`.
            F64x2RelaxedMax f64x2_relaxed_max { dst: VSlot, a: VSlot, b: VSlot };
            /// `f32x4.relaxed_madd`.
            F32x4RelaxedMadd f32x4_relaxed_madd { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `f32x4.relaxed_nmadd`.
            F32x4RelaxedNmadd f32x4_relaxed_nmadd { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `f64x2.relaxed_madd`.
            F64x2RelaxedMadd f64x2_relaxed_madd { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `f64x2.relaxed_nmadd`.
            F64x2RelaxedNmadd f64x2_relaxed_nmadd { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i8x16.relaxed_laneselect`.
            I8x16RelaxedLaneselect i8x16_relaxed_laneselect { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i16x8.relaxed_laneselect`.
            I16x8RelaxedLaneselect i16x8_relaxed_laneselect { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i32x4.relaxed_laneselect`.
            I32x4RelaxedLaneselect i32x4_relaxed_laneselect { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i64x2.relaxed_laneselect`.
            I64x2RelaxedLaneselect i64x2_relaxed_laneselect { dst: VSlot, a: VSlot, b: VSlot, c: VSlot };
            /// `i32x4.trunc_sat_f32x4_s`.
            I32x4TruncSatF32x4S i32x4_trunc_sat_f32x4_s { dst: VSlot, a: VSlot };
            /// `i32x4.trunc_sat_f32x4_u`.
            I32x4TruncSatF32x4U i32x4_trunc_sat_f32x4_u { dst: VSlot, a: VSlot };
            /// `i32x4.relaxed_trunc_f32x4_s`.
            I32x4RelaxedTruncF32x4S i32x4_relaxed_trunc_f32x4_s { dst: VSlot, a: VSlot };
            /// `i32x4.relaxed_trunc_f32x4_u`.
            I32x4RelaxedTruncF32x4U i32x4_relaxed_trunc_f32x4_u { dst: VSlot, a: VSlot };
            /// `f32x4.convert_i32x4_s`.
            F32x4ConvertI32x4S f32x4_convert_i32x4_s { dst: VSlot, a: VSlot };
            /// `f32x4.convert_i32x4_u`.
            F32x4ConvertI32x4U f32x4_convert_i32x4_u { dst: VSlot, a: VSlot };
            /// `i32x4.trunc_sat_f64x2_s_zero`.
            I32x4TruncSatF64x2SZero i32x4_trunc_sat_f64x2_s_zero { dst: VSlot, a: VSlot };
            /// `i32x4.trunc_sat_f64x2_u_zero`.
            I32x4TruncSatF64x2UZero i32x4_trunc_sat_f64x2_u_zero { dst: VSlot, a: VSlot };
            /// `i32x4.relaxed_trunc_f64x2_s_zero`.
            I32x4RelaxedTruncF64x2SZero i32x4_relaxed_trunc_f64x2_s_zero { dst: VSlot, a: VSlot };
            /// `i32x4.relaxed_trunc_f64x2_u_zero`.
            I32x4RelaxedTruncF64x2UZero i32x4_relaxed_trunc_f64x2_u_zero { dst: VSlot, a: VSlot };
            /// `f64x2.convert_low_i32x4_s`.
            F64x2ConvertLowI32x4S f64x2_convert_low_i32x4_s { dst: VSlot, a: VSlot };
            /// `f64x2.convert_low_i32x4_u`.
            F64x2ConvertLowI32x4U f64x2_convert_low_i32x4_u { dst: VSlot, a: VSlot };
            /// `f32x4.demote_f64x2_zero`.
            F32x4DemoteF64x2Zero f32x4_demote_f64x2_zero { dst: VSlot, a: VSlot };
            /// `f64x2.promote_low_f32x4`.
            F64x2PromoteLowF32x4 f64x2_promote_low_f32x4 { dst: VSlot, a: VSlot };
            /// `i8x16.splat`.
            I8x16Splat i8x16_splat { dst: VSlot, x: Slot };
            /// `i16x8.splat`.
            I16x8Splat i16x8_splat { dst: VSlot, x: Slot };
            /// `i32x4.splat`.
            I32x4Splat i32x4_splat { dst: VSlot, x: Slot };
            /// `i64x2.splat`.
            I64x2Splat i64x2_splat { dst: VSlot, x: Slot };
            /// `f32x4.splat`.
            F32x4Splat f32x4_splat { dst: VSlot, x: Slot };
            /// `f64x2.splat`.
            F64x2Splat f64x2_splat { dst: VSlot, x: Slot };
            /// `i8x16.extract_lane_s`.
            I8x16ExtractLaneS i8x16_extract_lane_s { dst: Slot, a: VSlot, lane: U32 };
            /// `i8x16.extract_lane_u`.
            I8x16ExtractLaneU i8x16_extract_lane_u { dst: Slot, a: VSlot, lane: U32 };
            /// `i16x8.extract_lane_s`.
            I16x8ExtractLaneS i16x8_extract_lane_s { dst: Slot, a: VSlot, lane: U32 };
            /// `i16x8.extract_lane_u`.
            I16x8ExtractLaneU i16x8_extract_lane_u { dst: Slot, a: VSlot, lane: U32 };
            /// `i32x4.extract_lane`.
            I32x4ExtractLane i32x4_extract_lane { dst: Slot, a: VSlot, lane: U32 };
            /// `i64x2.extract_lane`.
            I64x2ExtractLane i64x2_extract_lane { dst: Slot, a: VSlot, lane: U32 };
            /// `f32x4.extract_lane`.
            F32x4ExtractLane f32x4_extract_lane { dst: Slot, a: VSlot, lane: U32 };
            /// `f64x2.extract_lane`.
            F64x2ExtractLane f64x2_extract_lane { dst: Slot, a: VSlot, lane: U32 };
            /// `i8x16.replace_lane`.
            I8x16ReplaceLane i8x16_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `i16x8.replace_lane`.
            I16x8ReplaceLane i16x8_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `i32x4.replace_lane`.
            I32x4ReplaceLane i32x4_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `i64x2.replace_lane`.
            I64x2ReplaceLane i64x2_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `f32x4.replace_lane`.
            F32x4ReplaceLane f32x4_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `f64x2.replace_lane`.
            F64x2ReplaceLane f64x2_replace_lane { dst: VSlot, a: VSlot, x: Slot, lane: U32 };
            /// `v128.load`.
            V128Load v128_load { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load8x8_s`.
            V128Load8x8S v128_load8x8_s { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load8x8_u`.
            V128Load8x8U v128_load8x8_u { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load16x4_s`.
            V128Load16x4S v128_load16x4_s { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load16x4_u`.
            V128Load16x4U v128_load16x4_u { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load32x2_s`.
            V128Load32x2S v128_load32x2_s { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load32x2_u`.
            V128Load32x2U v128_load32x2_u { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load8_splat`.
            V128Load8Splat v128_load8_splat { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load16_splat`.
            V128Load16Splat v128_load16_splat { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load32_splat`.
            V128Load32Splat v128_load32_splat { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load64_splat`.
            V128Load64Splat v128_load64_splat { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load32_zero`.
            V128Load32Zero v128_load32_zero { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load64_zero`.
            V128Load64Zero v128_load64_zero { dst: VSlot, addr: Slot, off: U32 };
            /// `v128.load8_lane`.
            V128Load8Lane v128_load8_lane { dst: VSlot, addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.load16_lane`.
            V128Load16Lane v128_load16_lane { dst: VSlot, addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.load32_lane`.
            V128Load32Lane v128_load32_lane { dst: VSlot, addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.load64_lane`.
            V128Load64Lane v128_load64_lane { dst: VSlot, addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.store`.
            V128Store v128_store { addr: Slot, off: U32, v: VSlot };
            /// `v128.store8_lane`.
            V128Store8Lane v128_store8_lane { addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.store16_lane`.
            V128Store16Lane v128_store16_lane { addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.store32_lane`.
            V128Store32Lane v128_store32_lane { addr: Slot, off: U32, v: VSlot, lane: U32 };
            /// `v128.store64_lane`.
            V128Store64Lane v128_store64_lane { addr: Slot, off: U32, v: VSlot, lane: U32 };
        }
    };
}

/// The superinstructions: pairs of ops that ran one after the other most often in CoreMark
/// and the other workloads of `../shared/bench` (`peers --profile`), each fused into one op
/// of the same length. A fused instruction is its two instructions with the first opcode
/// replaced (the second's opcode field stays, as the operand `next`), so fusing moves no code
/// and no branch offset, and runs the two handlers in order. The first op of a pair is one
/// that never leaves the dispatch loop to resume later (no calls, branches or host
/// requests); `fuse::fuse_pairs` fuses only where the second is not a branch target.
///
/// Each line: `Fused fused_name = FirstOp first_op { fields } + SecondOp second_op { fields };`
/// with the fused op's fields (the first's, `next`, then the second's) in the op table.
/// A pair's operands fill at most 7 words: one more makes `Op` 40 bytes instead of 32, and
/// translation of spidermonkey.wasm 5% slower (measured with the 8-word pairs
/// `i32_add`+`i32_add_imm`, `i32_shr_u_imm`+`i32_and_imm`, `i32_add_imm`+`i32_add_imm`,
/// `load32`+`store32`, `i32_mul`+`i32_add`, `copy`+`i64_sub_imm`, `i64_sub_imm`+`call`).
#[macro_export]
macro_rules! for_each_fusion {
    ($m:ident) => {
        $m! {
            CopyCopy copy_copy = Copy copy { dst: Slot, src: Slot } + Copy copy { dst2: Slot, src2: Slot };
            CopyBrIfNez copy_br_if_nez = Copy copy { dst: Slot, src: Slot } + BrIfNez br_if_nez { c2: Slot, to2: Off };
            I32AddImmBrIfNez i32_add_imm_br_if_nez = I32AddImm i32_add_imm { dst: Slot, a: Slot, imm: U32 } + BrIfNez br_if_nez { c2: Slot, to2: Off };
            I32SubImmBrIfNez i32_sub_imm_br_if_nez = I32SubImm i32_sub_imm { dst: Slot, a: Slot, imm: U32 } + BrIfNez br_if_nez { c2: Slot, to2: Off };
            Store32Copy store32_copy = Store32 store32 { a: Slot, off: U32, v: Slot } + Copy copy { dst2: Slot, src2: Slot };
            CopyLoad32 copy_load32 = Copy copy { dst: Slot, src: Slot } + Load32 load32 { dst2: Slot, a2: Slot, off2: U32 };
            I64AddCopy i64_add_copy = I64Add i64_add { dst: Slot, a: Slot, b: Slot } + Copy copy { dst2: Slot, src2: Slot };
            I32AddImmAdd i32_add_imm_add = I32AddImm i32_add_imm { dst: Slot, a: Slot, imm: U32 } + I32Add i32_add { dst2: Slot, a2: Slot, b2: Slot };
            I32MulAddAddImm i32_mul_add_add_imm = I32MulAdd i32_mul_add { dst: Slot, a: Slot, b: Slot, c: Slot } + I32AddImm i32_add_imm { dst2: Slot, a2: Slot, imm2: U32 };
            Load32BrIfNez load32_br_if_nez = Load32 load32 { dst: Slot, a: Slot, off: U32 } + BrIfNez br_if_nez { c2: Slot, to2: Off };
            I32AddImmBrI32EqImm i32_add_imm_br_i32_eq_imm = I32AddImm i32_add_imm { dst: Slot, a: Slot, imm: U32 } + BrI32EqImm br_i32_eq_imm { a2: Slot, imm2: U32, to2: Off };
            Load32I32Load8U load32_i32_load8_u = Load32 load32 { dst: Slot, a: Slot, off: U32 } + I32Load8U i32_load8_u { dst2: Slot, a2: Slot, off2: U32 };
            I32ShrUAndImmXorImm i32_shr_u_and_imm_xor_imm = I32ShrUAndImm i32_shr_u_and_imm { dst: Slot, a: Slot, shift: U32, mask: U32 } + I32XorImm i32_xor_imm { dst2: Slot, a2: Slot, imm2: U32 };
            I32SubImmCall i32_sub_imm_call = I32SubImm i32_sub_imm { dst: Slot, a: Slot, imm: U32 } + Call call { func2: U32, base2: Slot };
            CopyReturnCall copy_return_call = Copy copy { dst: Slot, src: Slot } + ReturnCall return_call { func2: U32, base2: Slot };
        }
    };
}
