//! Bytecode encoding: the opcode enum, the decoded `Op` form, encoder, checked decoder and
//! disassembler, all generated from the op table in `ops.rs`.
//!
//! An instruction is a sequence of 32-bit words: the opcode (two words, the second zero),
//! then each operand (`U64` takes two words, low first). `BrTable` is followed by `len + 1` offset words.

use alloc::vec::Vec;
use core::fmt;

/// Words of an instruction's opcode field. Two, so that the threaded copy the tail-call
/// dispatcher runs can hold a handler address there on 64-bit hosts.
pub const OPCODE_WORDS: usize = 2;

/// A frame slot index (a register of the current frame).
pub type Slot = u32;
/// A 32-bit immediate.
pub type U32 = u32;
/// A 64-bit immediate.
pub type U64 = u64;
/// A frame slot holding the low half of a v128 (the high half is the next slot).
pub type VSlot = u32;
/// A branch offset in words, relative to the position of the offset word itself.
pub type Off = i32;

/// How an operand kind is stored in the word stream.
pub trait Operand: Copy + fmt::Debug {
    /// Words the operand occupies.
    const WORDS: usize;
    /// Appends the operand.
    fn encode(self, code: &mut Vec<u32>);
    /// Reads the operand from `words` (which holds at least `WORDS` words).
    fn decode(words: &[u32]) -> Self;
}

impl Operand for u32 {
    const WORDS: usize = 1;
    fn encode(self, code: &mut Vec<u32>) {
        code.push(self);
    }
    fn decode(words: &[u32]) -> Self {
        words[0]
    }
}

impl Operand for i32 {
    const WORDS: usize = 1;
    fn encode(self, code: &mut Vec<u32>) {
        code.push(self as u32);
    }
    fn decode(words: &[u32]) -> Self {
        words[0] as i32
    }
}

impl Operand for u64 {
    const WORDS: usize = 2;
    fn encode(self, code: &mut Vec<u32>) {
        code.push(self as u32);
        code.push((self >> 32) as u32);
    }
    fn decode(words: &[u32]) -> Self {
        words[0] as u64 | (words[1] as u64) << 32
    }
}

/// Errors of the checked decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum DecodeError {
    /// The opcode word names no op.
    BadOpcode { at: usize, word: u32 },
    /// The stream ends inside an instruction.
    Truncated { at: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadOpcode { at, word } => write!(f, "bad opcode {word:#x} at word {at}"),
            DecodeError::Truncated { at } => write!(f, "truncated instruction at word {at}"),
        }
    }
}

macro_rules! define_code {
    ($( $(#[$doc:meta])* $name:ident $snake:ident { $($field:ident : $kind:ident),* } ; )*) => {
        /// The opcode of each op (the first word of an instruction).
        #[repr(u32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Opcode { $($name,)* }

        /// A decoded instruction.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Op {
            $( $(#[$doc])* $name { $(#[allow(missing_docs)] $field: $kind),* }, )*
        }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];
            /// The number of ops.
            pub const COUNT: usize = Self::ALL.len();

            /// The opcode for a word, if it names one.
            pub fn from_word(word: u32) -> Option<Opcode> {
                Self::ALL.get(word as usize).copied()
            }

            /// The op's name in the disassembly.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($snake),)* }
            }

            /// Words of the fixed part of the instruction (opcode + operands).
            pub const fn words(self) -> usize {
                match self { $(Opcode::$name => OPCODE_WORDS $(+ <$kind as Operand>::WORDS)*,)* }
            }
        }

        impl Op {
            /// The op's opcode.
            pub fn opcode(&self) -> Opcode {
                match self { $(Op::$name { .. } => Opcode::$name,)* }
            }

            /// Appends the instruction's fixed part to `code`.
            pub fn encode(&self, code: &mut Vec<u32>) {
                match *self {
                    $(Op::$name { $($field),* } => {
                        code.push(Opcode::$name as u32);
                        code.push(0);
                        $( Operand::encode($field, code); )*
                    })*
                }
            }

            /// Decodes the fixed part of the instruction at `code[at..]`.
            pub fn decode(code: &[u32], at: usize) -> Result<Op, DecodeError> {
                let word = *code.get(at).ok_or(DecodeError::Truncated { at })?;
                let opcode = Opcode::from_word(word).ok_or(DecodeError::BadOpcode { at, word })?;
                let words = code.get(at..at + opcode.words()).ok_or(DecodeError::Truncated { at })?;
                #[allow(unused_mut, unused_variables, unused_assignments)]
                let mut pos = OPCODE_WORDS;
                Ok(match opcode {
                    $(Opcode::$name => {
                        $(
                            let $field = <$kind as Operand>::decode(&words[pos..]);
                            pos += <$kind as Operand>::WORDS;
                        )*
                        let _ = pos;
                        Op::$name { $($field),* }
                    })*
                })
            }

            /// Calls `f` for each operand, in order, with its position in the word stream.
            pub fn visit_operands(&self, at: usize, f: &mut dyn FnMut(OperandInfo)) {
                #[allow(unused_variables, unused_mut, unused_assignments)]
                match *self {
                    $(Op::$name { $($field),* } => {
                        let mut pos = at + OPCODE_WORDS;
                        $(
                            f(OperandInfo {
                                name: stringify!($field),
                                kind: OperandKind::named(stringify!($kind)),
                                value: $field as i64,
                                pos,
                            });
                            pos += <$kind as Operand>::WORDS;
                        )*
                        let _ = pos;
                    })*
                }
            }
        }
    };
}

crate::for_each_op!(define_code);

/// What an operand addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    /// A frame slot.
    Slot,
    /// A pair of frame slots holding a v128 (low half first).
    VSlot,
    /// An inline immediate (`U32` or `U64`).
    Imm,
    /// A branch offset, relative to its own word.
    Off,
}

impl OperandKind {
    fn named(kind: &str) -> OperandKind {
        match kind {
            "Slot" => OperandKind::Slot,
            "VSlot" => OperandKind::VSlot,
            "Off" => OperandKind::Off,
            _ => OperandKind::Imm,
        }
    }
}

/// Calls `f` with the word position each branch of instruction `op` (decoded at word `at`
/// of `code`) lands on: its offset operands and `br_table`'s trailing offset words.
pub fn visit_branch_targets(code: &[u32], at: usize, op: &Op, f: &mut dyn FnMut(i64)) {
    op.visit_operands(at, &mut |o| {
        if o.kind == OperandKind::Off {
            f(o.target())
        }
    });
    if let Op::BrTable { .. } = op {
        let fixed = at + op.opcode().words();
        for (i, &word) in code[fixed..fixed + op.trailing_words()].iter().enumerate() {
            f((fixed + i) as i64 + word as i32 as i64);
        }
    }
}

/// One operand of a decoded instruction (see [`Op::visit_operands`]).
#[derive(Debug, Clone, Copy)]
pub struct OperandInfo {
    /// The field name in the op table.
    pub name: &'static str,
    /// What it addresses.
    pub kind: OperandKind,
    /// Its value (offsets relative to `pos`).
    pub value: i64,
    /// The word position of the operand.
    pub pos: usize,
}

impl OperandInfo {
    /// For offsets: the word position the branch lands on.
    pub fn target(&self) -> i64 {
        self.pos as i64 + self.value
    }
}

impl Op {
    /// Words following the fixed part (the offsets of `BrTable`).
    pub fn trailing_words(&self) -> usize {
        match *self {
            Op::BrTable { len, .. } => (len as usize).saturating_add(1),
            _ => 0,
        }
    }

    /// Total length of the instruction in words.
    pub fn len(&self) -> usize {
        self.opcode().words().saturating_add(self.trailing_words())
    }

    /// Whether the instruction occupies no words (never true; clippy's companion to `len`).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Length in words of the well-formed instruction at `at`, from its opcode alone (only
/// `br_table`, with its trailing words, is decoded): the cheap walk `exec::link` needs.
pub fn instruction_len(code: &[u32], at: usize) -> Option<usize> {
    let word = *code.get(at)?;
    match *OP_INFO.get(word as usize)? {
        info if info & BR_TABLE == 0 => Some((info & WORDS_MASK) as usize),
        _ => Op::decode(code, at).ok().map(|op| op.len()),
    }
}

// The translator moves `Op`s by value: keep them small (see `for_each_fusion!`).
const _: () = assert!(core::mem::size_of::<Op>() <= 32);

/// Per opcode: its fixed words (low bits) and flags, so walks over code read one byte per
/// instruction instead of matching on the opcode.
pub static OP_INFO: [u8; Opcode::COUNT] = {
    let mut t = [0u8; Opcode::COUNT];
    let mut i = 0;
    while i < Opcode::COUNT {
        let op = Opcode::ALL[i];
        assert!(op.words() <= WORDS_MASK as usize);
        t[i] = op.words() as u8 | if matches!(op, Opcode::BrTable) { BR_TABLE } else { 0 };
        i += 1;
    }
    t
};
/// `OP_INFO`: the fixed words.
pub const WORDS_MASK: u8 = 0x3f;
/// `OP_INFO`: the op is `br_table` (trailing offset words).
pub const BR_TABLE: u8 = 0x80;

/// Decodes every instruction of a function body, with its word position.
pub fn decode_all(code: &[u32]) -> Result<Vec<(usize, Op)>, DecodeError> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let op = Op::decode(code, at)?;
        let len = op.len();
        if at.saturating_add(len) > code.len() {
            return Err(DecodeError::Truncated { at });
        }
        out.push((at, op));
        at += len;
    }
    Ok(out)
}

/// Encodes `ops` one after another (a function body, for tests).
#[cfg(test)]
pub(crate) fn encode_all(ops: &[Op]) -> Vec<u32> {
    let mut code = Vec::new();
    for op in ops {
        op.encode(&mut code);
    }
    code
}

/// Formats a function body as text, one instruction per line.
pub struct Disassembly<'a>(pub &'a [u32]);

impl<'a> Disassembly<'a> {
    /// The body with each instruction annotated by the wasm offset it came from: `offsets`
    /// holds `(word, wasm offset)` pairs in word order (see `sheave explore`).
    pub fn with_offsets(code: &'a [u32], offsets: &'a [(u32, u32)]) -> WithOffsets<'a> {
        WithOffsets { code, offsets }
    }
}

/// A [`Disassembly`] annotated with wasm offsets.
pub struct WithOffsets<'a> {
    code: &'a [u32],
    offsets: &'a [(u32, u32)],
}

impl fmt::Display for Disassembly<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_code(f, self.0, None)
    }
}

impl fmt::Display for WithOffsets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_code(f, self.code, Some(self.offsets))
    }
}

fn format_code(f: &mut fmt::Formatter<'_>, code: &[u32], offsets: Option<&[(u32, u32)]>) -> fmt::Result {
    let ops = match decode_all(code) {
        Ok(ops) => ops,
        Err(e) => return writeln!(f, "<{e}>"),
    };
    for (at, op) in ops {
        if let Some(offsets) = offsets {
            // The operator whose code starts at or before this word.
            match offsets.partition_point(|&(w, _)| w as usize <= at).checked_sub(1) {
                Some(k) => write!(f, "{:>#8x} ", offsets[k].1)?,
                None => write!(f, "{:>8} ", "")?,
            }
        }
        write!(f, "{at:6}: {}", op.opcode().name())?;
        let mut result = Ok(());
        op.visit_operands(at, &mut |o| {
            result = result.and_then(|()| match o.kind {
                OperandKind::Slot => write!(f, " {}=r{}", o.name, o.value),
                OperandKind::VSlot => write!(f, " {}=v{}", o.name, o.value),
                OperandKind::Off => write!(f, " {}=@{}", o.name, o.target()),
                OperandKind::Imm => write!(f, " {}={}", o.name, o.value),
            });
        });
        result?;
        let fixed = op.opcode().words();
        for i in 0..op.trailing_words() {
            let pos = at + fixed + i;
            write!(f, " @{}", pos as i64 + code[pos] as i32 as i64)?;
        }
        writeln!(f)?;
    }
    Ok(())
}

/// A hash of the op table (names and operand kinds), stored in serialized modules so that
/// artifacts built for another op table are refused.
pub fn op_table_hash() -> u64 {
    // FNV-1a over every op's name and operand layout.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    };
    for op in Opcode::ALL {
        for b in op.name().bytes() {
            eat(b);
        }
        eat(op.words() as u8);
    }
    h
}
