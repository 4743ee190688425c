//! Property tests of the bytecode encoding and a direct run of hand-built bytecode through
//! the executor (small enough for Miri).

use proptest::prelude::*;
use sheave_interp::code::{Op, Opcode, decode_all};
use sheave_interp::exec::{Executor, Exit, Limits};
use sheave_interp::verify::verify;
use sheave_interp::vm::{CompiledFunc, FuncEntity, FuncKind, InstanceCtx, Registry};

fn instruction(op_index: usize, words: &[u32]) -> Vec<u32> {
    let opcode = Opcode::ALL[op_index % Opcode::COUNT];
    let mut code = vec![opcode as u32, 0];
    code.extend(words.iter().cycle().take(opcode.words() - 2));
    if opcode == Opcode::BrTable {
        // Keep the table small: `len + 1` offsets follow (`len` is the second operand).
        code[3] %= 4;
        let n = code[3] as usize + 1;
        code.extend(std::iter::repeat_n(7u32, (n + 1) & !1));
    }
    code
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 2000 }))]

    /// Decoding any well-formed instruction and encoding it again gives the same words,
    /// except the padding (unused halves and words), which the encoder zeroes.
    #[test]
    fn decode_encode_round_trip(op_index in 0usize..1000, words in proptest::collection::vec(any::<u32>(), 1..6)) {
        let code = instruction(op_index, &words);
        let ops = decode_all(&code).unwrap();
        prop_assert_eq!(ops.len(), 1);
        let (_, op) = ops[0];
        let mut again = Vec::new();
        op.encode(&mut again);
        let fixed = op.opcode().words();
        prop_assert_eq!(again.len(), fixed);
        prop_assert_eq!(fixed % 2, 0, "instructions are an even number of words");
        prop_assert_eq!(Op::decode(&again, 0).unwrap(), op);
        // Every operand's bits come back where they were; only padding differs.
        let mut used = vec![0u32; fixed];
        used[0] = u32::MAX;
        op.visit_operands(0, &mut |o| match o.halves {
            1 => used[o.pos] |= 0xffff << (16 * (o.half % 2)),
            n => used[o.pos..o.pos + n / 2].fill(u32::MAX),
        });
        for i in 0..fixed {
            prop_assert_eq!(again[i] & used[i], code[i] & used[i], "word {}", i);
        }
        prop_assert_eq!(op.len(), code.len());
    }

    /// Unknown opcodes and truncated instructions are decode errors, never panics.
    #[test]
    fn decoder_rejects_garbage(words in proptest::collection::vec(any::<u32>(), 0..8)) {
        let _ = decode_all(&words);
        let _ = verify(&words, 4, 1);
    }
}

#[test]
fn opcode_table_is_dense() {
    for (i, op) in Opcode::ALL.iter().enumerate() {
        assert_eq!(*op as usize, i);
        assert_eq!(Opcode::from_word(i as u32), Some(*op));
    }
    assert_eq!(Opcode::from_word(Opcode::COUNT as u32), None);
}

#[test]
fn verifier_rejects_slots_outside_the_frame_and_bad_branches() {
    let mut code = Vec::new();
    Op::Copy { dst: 5, src: 0 }.encode(&mut code);
    Op::Return { src: 0, n: 0 }.encode(&mut code);
    assert!(verify(&code, 4, 1).unwrap_err().contains("outside the frame"));
    let mut code = Vec::new();
    Op::Br { to: 1 }.encode(&mut code);
    assert!(verify(&code, 4, 1).unwrap_err().contains("not an instruction start"));
    // A `br_table` target word (here the only one, at word 4, then a padding word) is
    // checked the same way.
    for (offset, ok) in [(2, true), (1, false)] {
        let mut code = Vec::new();
        Op::BrTable { idx: 0, len: 0 }.encode(&mut code);
        code.extend([offset, 0]);
        Op::Return { src: 0, n: 0 }.encode(&mut code);
        assert_eq!(verify(&code, 4, 1).is_ok(), ok, "{:?}", verify(&code, 4, 1));
    }
    let mut code = Vec::new();
    Op::Const32 { dst: 0, imm: 1 }.encode(&mut code);
    assert!(verify(&code, 4, 1).unwrap_err().contains("run off"));
    // A v128 operand needs both of its slots inside the frame.
    let mut code = Vec::new();
    Op::V128Not { dst: 0, a: 3 }.encode(&mut code);
    Op::Return { src: 0, n: 0 }.encode(&mut code);
    assert!(verify(&code, 4, 1).unwrap_err().contains("v128 slots 3"));
    verify(&code, 5, 1).unwrap();
    // A call without arguments or results may start its callee's frame just past the
    // caller's, and a return of nothing may name that slot; one slot further is refused.
    for (base, ok) in [(4, true), (5, false)] {
        let mut code = Vec::new();
        Op::Call { func: 0, base }.encode(&mut code);
        Op::Return { src: 4, n: 0 }.encode(&mut code);
        assert_eq!(verify(&code, 4, 1).is_ok(), ok, "base {base}: {:?}", verify(&code, 4, 1));
    }
    // A throw's payload is read as one span of the frame.
    for (base, n, ok) in [(4, 0, true), (2, 2, true), (3, 2, false), (4, 1, false)] {
        let mut code = Vec::new();
        Op::Throw { tag: 0, base, n }.encode(&mut code);
        assert_eq!(verify(&code, 4, 1).is_ok(), ok, "throw {base}+{n}: {:?}", verify(&code, 4, 1));
    }
    // Only the runtime's lazy stubs may ask for translation: never an artifact's code.
    let stub = sheave_interp::vm::CompiledFunc::lazy_stub(1, 1);
    assert!(verify(&stub.code, 4, 1).unwrap_err().contains("lazy_compile"));
}

#[test]
fn handler_regions_are_verified_and_round_trip_as_words() {
    use sheave_interp::verify::verify_regions;
    use sheave_interp::vm::{Catch, CatchKind, NO_SLOT, TryRegion};
    // Two instructions: the pad is the second, the region covers the first.
    let mut code = Vec::new();
    Op::Copy { dst: 1, src: 0 }.encode(&mut code);
    let second = code.len() as u32;
    Op::Return { src: 0, n: 0 }.encode(&mut code);
    let clause = Catch { kind: CatchKind::Tag, tag: 0, pad: second, base: 1, exn_slot: 2 };
    let region = |start, end, c: Catch| TryRegion { start, end, level: 0, clauses: vec![c].into() };
    let good = region(0, second, clause);
    verify_regions(&code, 4, std::slice::from_ref(&good)).unwrap();
    let bad_pad = region(0, second, Catch { pad: 1, ..clause });
    assert!(verify_regions(&code, 4, &[bad_pad]).unwrap_err().contains("landing pad"));
    let outside = region(0, 99, clause);
    assert!(verify_regions(&code, 4, &[outside]).unwrap_err().contains("outside the code"));
    let bad_slot = region(0, second, Catch { exn_slot: 4, ..clause });
    assert!(verify_regions(&code, 4, &[bad_slot]).unwrap_err().contains("outside the frame"));
    let no_ref = region(0, second, Catch { kind: CatchKind::All, exn_slot: NO_SLOT, ..clause });
    verify_regions(&code, 4, std::slice::from_ref(&no_ref)).unwrap();
    // The artifact encoding reads back what it wrote, and a truncated one is refused.
    let all = vec![good, no_ref, region(0, second, Catch { kind: CatchKind::Delegate, tag: 1, ..clause })];
    let mut words = Vec::new();
    TryRegion::encode_all(&all, &mut words);
    let mut it = words.iter().copied();
    assert_eq!(TryRegion::decode_all(|| it.next()).unwrap(), all);
    let mut short = words[..words.len() - 1].iter().copied();
    assert!(TryRegion::decode_all(|| short.next()).is_none());
    let mut bad_kind = words.clone();
    bad_kind[5] = 9;
    let mut it = bad_kind.iter().copied();
    assert!(TryRegion::decode_all(|| it.next()).is_none());
}

/// An executor's limits over `stack`: 16 frames, no fuel or epochs, this build's dispatcher.
fn limits_for(stack: &mut [u64]) -> Limits {
    Limits {
        stack_end: stack.as_mut_ptr().wrapping_add(stack.len()),
        max_frames: 16,
        fuel: 0,
        epoch: std::ptr::null(),
        epoch_deadline: 0,
        host_grow: false,
        dispatch: sheave_interp::Dispatch::default_for_build(),
    }
}

/// sum = 0; while n != 0 { sum += n; n -= 1 }; return sum — run by the executor directly.
#[test]
fn executor_runs_hand_built_loop() {
    let mut code = Vec::new();
    // r0 = n, r1 = sum
    let exit = Op::BrI32EqImm { a: 0, imm: 0, to: 0 }; // patched below
    exit.encode(&mut code);
    let exit_site = exit.opcode().operand_position("to").unwrap().0 / 2;
    let loop_start = 0usize;
    Op::I32Add { dst: 1, a: 1, b: 0 }.encode(&mut code);
    Op::I32SubImm { dst: 0, a: 0, imm: 1 }.encode(&mut code);
    let back = Op::Br { to: 0 };
    let back_site = code.len() + back.opcode().operand_position("to").unwrap().0 / 2;
    back.encode(&mut code);
    code[back_site] = (loop_start as i64 - back_site as i64) as i32 as u32;
    let ret = code.len();
    code[exit_site] = (ret - exit_site) as u32;
    Op::Return { src: 1, n: 1 }.encode(&mut code);
    verify(&code, 2, 2).unwrap();

    let func = Box::new(CompiledFunc::new(code.into_boxed_slice(), 1, 1, 2, 2));
    let mut registry = Box::new(Registry::default());
    let mut inst = Box::new(InstanceCtx::default());
    inst.registry = &*registry;
    // The instance is complete before the registry takes a pointer to it (a pointer taken
    // earlier would be invalidated by the mutation, which Miri reports).
    inst.funcs.push(0);
    registry.funcs.push(FuncEntity {
        sig: 0,
        params: 1,
        results: 1,
        kind: FuncKind::Wasm { code: &*func, instance: &*inst },
    });
    let mut stack = vec![0u64; 64];
    stack[0] = 100;
    let limits = limits_for(&mut stack);
    // SAFETY: registry, instance, code and stack outlive the executor and are not moved.
    let mut exec = unsafe { Executor::new(&registry, 0, stack.as_mut_ptr(), limits) }.unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { exec.run() }, Exit::Done);
    assert_eq!(stack[0], 5050);
}

/// `tier_count`'s protocol with the embedder: counts 2.. go down, 1 and 0 stop with
/// `Pending::TierUp`, a parked count (`u32::MAX`) is never touched (so an embedder's store of
/// 0 cannot be lost to a racing decrement), and `tier_up` off never stops. After a stop,
/// `return_from_frame` finishes the entry frame.
#[test]
fn tier_count_counts_stops_and_leaves_parked_counts_alone() {
    use sheave_interp::exec::{ENTRY, Pending};
    let mut code = Vec::new();
    Op::TierCount { func: 0 }.encode(&mut code);
    Op::Return { src: 0, n: 1 }.encode(&mut code);
    verify(&code, 1, 1).unwrap();
    let func = Box::new(CompiledFunc::new(code.into_boxed_slice(), 1, 1, 1, 1));
    let mut registry = Box::new(Registry::default());
    let mut inst = Box::new(InstanceCtx::default());
    inst.registry = &*registry;
    inst.funcs.push(0);
    inst.direct.push(std::sync::atomic::AtomicPtr::new(&*func as *const CompiledFunc as *mut CompiledFunc));
    registry.funcs.push(FuncEntity {
        sig: 0,
        params: 1,
        results: 1,
        kind: FuncKind::Wasm { code: &*func, instance: &*inst },
    });
    let mut stack = vec![0u64; 16];
    let limits = limits_for(&mut stack);
    let count = |n: Option<u32>| {
        if let Some(n) = n {
            func.tier.count.store(n, std::sync::atomic::Ordering::Relaxed);
        }
        func.tier.count.load(std::sync::atomic::Ordering::Relaxed)
    };
    for (start, tier_up, stops, after) in [
        (3, true, false, 2),
        (2, true, false, 1),
        (1, true, true, 1),
        (0, true, true, 0),
        (u32::MAX, true, false, u32::MAX),
        (0, false, false, 0),
    ] {
        count(Some(start));
        stack[0] = 7;
        // SAFETY: registry, instance, code and stack outlive the executor and are not moved.
        let mut exec = unsafe { Executor::new(&registry, 0, stack.as_mut_ptr(), limits) }.unwrap();
        exec.tier_up = tier_up;
        // SAFETY: as above.
        let exit = unsafe { exec.run() };
        assert_eq!(count(None), after, "count {start}");
        if stops {
            assert_eq!((exit, exec.pending), (Exit::Host, Pending::TierUp { at: ENTRY }), "count {start}");
            // The embedder ran the function elsewhere: the frame returns as it stands.
            exec.return_from_frame();
            // SAFETY: as above.
            assert_eq!(unsafe { exec.run() }, Exit::Done);
        } else {
            assert_eq!(exit, Exit::Done, "count {start}");
        }
        assert_eq!(stack[0], 7);
    }
}
