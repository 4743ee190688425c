//! Bytecode encoding: the opcode enum, the decoded `Op` form, encoder, checked decoder and
//! disassembler, all generated from the op table in `ops.rs`.
//!
//! An instruction is a sequence of 32-bit words, an even number of them (so that every
//! instruction, and the handler address the threaded copy keeps in its opcode field, is
//! 8-aligned in 8-aligned code): the opcode (two words, the second zero), then the operands
//! as [`Layout`] places them: a `Slot` or `VSlot` in a 16-bit half of a word (two slots share
//! a word), `U32` and `Off` in a word, `U64` in two words (low first) at an even word.
//! `BrTable` is followed by `len + 1` offset words, padded to an even count.

use alloc::vec::Vec;
use core::fmt;

/// Words of an instruction's opcode field. Two, so that the threaded copy the tail-call
/// dispatcher runs can hold a handler address there on 64-bit hosts.
pub const OPCODE_WORDS: usize = 2;

/// A frame slot index (a register of the current frame), 16 bits in the code.
pub type Slot = u32;
/// A 32-bit immediate.
pub type U32 = u32;
/// A 64-bit immediate.
pub type U64 = u64;
/// A frame slot holding the low half of a v128 (the high half is the next slot).
pub type VSlot = u32;
/// A branch offset in words, relative to the position of the offset word itself.
pub type Off = i32;

/// The most slots a frame may have: a slot index is a 16-bit field of the code.
pub const MAX_FRAME_SLOTS: u32 = 1 << 16;

/// The most operands an op has.
pub const MAX_OPERANDS: usize = 8;

/// 16-bit halves an operand of kind `kind` (its name in the op table) takes: slots one,
/// `U32` and `Off` two, `U64` four.
pub const fn kind_halves(kind: &str) -> usize {
    match kind.as_bytes() {
        b"Slot" | b"VSlot" | b"P" => 1,
        b"U64" => 4,
        _ => 2,
    }
}

/// Places an instruction's operands, in table order. A slot takes the free half a slot
/// before it left, else the low half of a new word; a word operand takes a new word; a `U64`
/// takes the next even word pair and ends any free half. So a superinstruction (`a`'s
/// operands, a `U64` where `b`'s opcode was, `b`'s operands) lays each part out exactly as
/// `a` and `b` alone: fusion rewrites only an opcode.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The next unused half.
    next: usize,
    /// A free high half left by a slot (0: none).
    free: usize,
}

impl Layout {
    /// An instruction with no operand placed yet.
    pub const fn new() -> Layout {
        Layout { next: 2 * OPCODE_WORDS, free: 0 }
    }

    /// Places the next operand (of `halves` halves, see [`kind_halves`]); returns its first
    /// half, counted from the instruction's start.
    pub const fn place(&mut self, halves: usize) -> usize {
        match halves {
            1 if self.free != 0 => {
                let h = self.free;
                self.free = 0;
                h
            }
            1 => {
                let h = self.next;
                self.free = h + 1;
                self.next += 2;
                h
            }
            2 => {
                let h = self.next;
                self.next += 2;
                h
            }
            _ => {
                let h = (self.next + 3) & !3;
                self.next = h + 4;
                self.free = 0;
                h
            }
        }
    }

    /// Words of the instruction (even).
    pub const fn words(&self) -> usize {
        (self.next / 2 + 1) & !1
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

/// An op's operands as [`Layout`] places them, computed once per op at compile time (the
/// encoder, decoder and visitor read it instead of placing operands by kind name again).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Operands.
    pub n: u8,
    /// Words of the instruction.
    pub words: u8,
    /// Each operand's first half, from the instruction's start.
    pub at: [u8; MAX_OPERANDS],
    /// Halves each operand takes.
    pub halves: [u8; MAX_OPERANDS],
    /// What each operand addresses.
    pub kinds: [OperandKind; MAX_OPERANDS],
}

impl Shape {
    /// The shape of an op whose operands have these kinds (names in the op table).
    pub const fn of(kinds: &[&str]) -> Shape {
        let mut l = Layout::new();
        let mut shape = Shape {
            n: kinds.len() as u8,
            words: 0,
            at: [0; MAX_OPERANDS],
            halves: [0; MAX_OPERANDS],
            kinds: [OperandKind::Imm; MAX_OPERANDS],
        };
        let mut i = 0;
        while i < kinds.len() {
            let halves = kind_halves(kinds[i]);
            shape.at[i] = l.place(halves) as u8;
            shape.halves[i] = halves as u8;
            shape.kinds[i] = OperandKind::named(kinds[i]);
            i += 1;
        }
        shape.words = l.words() as u8;
        shape
    }

    const EMPTY: Shape = Shape {
        n: 0,
        words: 0,
        at: [0; MAX_OPERANDS],
        halves: [0; MAX_OPERANDS],
        kinds: [OperandKind::Imm; MAX_OPERANDS],
    };

    const fn same(&self, other: &Shape) -> bool {
        if self.n != other.n || self.words != other.words {
            return false;
        }
        let mut i = 0;
        while i < MAX_OPERANDS {
            if self.at[i] != other.at[i]
                || self.halves[i] != other.halves[i]
                || self.kinds[i] as u8 != other.kinds[i] as u8
            {
                return false;
            }
            i += 1;
        }
        true
    }
}

// Const-time interning of per-op tables: many ops share an operand shape (or a list of
// operand names), so a table keeps each distinct entry once and a byte per op indexes it (on
// a 32-bit board: 2.5 KB for the shapes instead of 17.9 KB).

/// How many distinct entries `all` has (`same` decides).
macro_rules! count_distinct {
    ($all:expr, $same:path) => {{
        let all = $all;
        let (mut n, mut i) = (0, 0);
        while i < all.len() {
            let mut j = 0;
            while j < i && !$same(&all[j], &all[i]) {
                j += 1;
            }
            n += (j == i) as usize;
            i += 1;
        }
        n
    }};
}

/// `all`'s distinct entries, first occurrences in order, and each entry's index among them.
macro_rules! intern {
    ($all:expr, $same:path, $empty:expr, $n:expr) => {{
        let all = $all;
        let mut table = [$empty; $n];
        let mut index = [0u8; Opcode::COUNT];
        let (mut n, mut i) = (0, 0);
        while i < all.len() {
            let mut j = 0;
            while j < n && !$same(&table[j], &all[i]) {
                j += 1;
            }
            if j == n {
                table[n] = all[i];
                n += 1;
            }
            assert!(j < 256, "an interned table outgrew its byte index");
            index[i] = j as u8;
            i += 1;
        }
        (table, index)
    }};
}

const fn same_names(a: &&[&str], b: &&[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let (x, y) = (a[i].as_bytes(), b[i].as_bytes());
        if x.len() != y.len() {
            return false;
        }
        let mut k = 0;
        while k < x.len() {
            if x[k] != y[k] {
                return false;
            }
            k += 1;
        }
        i += 1;
    }
    true
}

/// The 16-bit field at half `h` of `code` (half `2w` is the low half of word `w`).
#[inline(always)]
pub fn half(code: &[u32], h: usize) -> u32 {
    (code[h / 2] >> (16 * (h % 2))) & 0xffff
}

/// Writes the 16-bit field at half `h` of `code`.
#[inline(always)]
pub fn set_half(code: &mut [u32], h: usize, v: u32) {
    // (A slot past 16 bits is cut here; the translator refuses such a frame before the
    // code is used.)
    let shift = 16 * (h % 2);
    code[h / 2] = (code[h / 2] & !(0xffff << shift)) | (v & 0xffff) << shift;
}

/// An operand's value as the bits the code stores (see [`Layout`] for where).
pub trait Operand: Copy + fmt::Debug {
    /// The operand's bits (an `Off` as its 32-bit two's complement).
    fn to_bits(self) -> u64;
    /// The operand from its bits.
    fn from_bits(bits: u64) -> Self;
}

impl Operand for u32 {
    fn to_bits(self) -> u64 {
        self as u64
    }
    fn from_bits(bits: u64) -> Self {
        bits as u32
    }
}

impl Operand for i32 {
    fn to_bits(self) -> u64 {
        self as u32 as u64
    }
    fn from_bits(bits: u64) -> Self {
        bits as u32 as i32
    }
}

impl Operand for u64 {
    fn to_bits(self) -> u64 {
        self
    }
    fn from_bits(bits: u64) -> Self {
        bits
    }
}

/// Writes an operand of `halves` halves at half `h` of `code` (long enough).
fn write_bits(code: &mut [u32], h: usize, halves: usize, bits: u64) {
    match halves {
        1 => set_half(code, h, bits as u32),
        2 => code[h / 2] = bits as u32,
        _ => {
            code[h / 2] = bits as u32;
            code[h / 2 + 1] = (bits >> 32) as u32;
        }
    }
}

/// Reads an operand of `halves` halves at half `h` of `code` (long enough).
fn read_bits(code: &[u32], h: usize, halves: usize) -> u64 {
    match halves {
        1 => half(code, h) as u64,
        2 => code[h / 2] as u64,
        _ => code[h / 2] as u64 | (code[h / 2 + 1] as u64) << 32,
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
                // A match on the values, not `ALL[word]`: it compiles to a range check, where
                // the array would be a word per op in flash.
                #[allow(non_upper_case_globals)]
                mod value {
                    $(pub const $name: u32 = super::Opcode::$name as u32;)*
                }
                match word {
                    $(value::$name => Some(Opcode::$name),)*
                    _ => None,
                }
            }

            /// The op's name in the disassembly.
            pub const fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($snake),)* }
            }

            /// Where the operand named `name` lies, in halves from the instruction's start
            /// (see [`Layout`]), and how many halves it takes.
            pub fn operand_position(self, name: &str) -> Option<(usize, usize)> {
                let shape = self.shape();
                let i = self.operand_names().iter().position(|&field| field == name)?;
                Some((shape.at[i] as usize, shape.halves[i] as usize))
            }

            /// Words of the fixed part of the instruction (opcode + operands).
            pub const fn words(self) -> usize {
                // A byte table, not a `match`: a match that yields a constant per op compiles to
                // a word per op, again at each place it is inlined.
                WORDS[self as usize] as usize
            }

            /// The layout of the op's operands.
            #[inline]
            pub fn shape(self) -> &'static Shape {
                &SHAPES.0[SHAPES.1[self as usize] as usize]
            }

            /// The names of the op's operands, in table order.
            #[inline]
            pub fn operand_names(self) -> &'static [&'static str] {
                NAMES.0[NAMES.1[self as usize] as usize]
            }
        }

        const ALL_SHAPES: [Shape; Opcode::COUNT] = [$(Shape::of(&[$(stringify!($kind)),*]),)*];
        const WORDS: [u8; Opcode::COUNT] = {
            let mut words = [0; Opcode::COUNT];
            let mut i = 0;
            while i < Opcode::COUNT {
                words[i] = ALL_SHAPES[i].words;
                i += 1;
            }
            words
        };
        const DISTINCT_SHAPES: usize = count_distinct!(&ALL_SHAPES, Shape::same);
        /// The distinct operand layouts, and each opcode's index among them.
        static SHAPES: ([Shape; DISTINCT_SHAPES], [u8; Opcode::COUNT]) =
            intern!(&ALL_SHAPES, Shape::same, Shape::EMPTY, DISTINCT_SHAPES);
        const ALL_NAMES: [&[&str]; Opcode::COUNT] = [$(&[$(stringify!($field)),*],)*];
        const DISTINCT_NAMES: usize = count_distinct!(&ALL_NAMES, same_names);
        /// The distinct lists of operand names, and each opcode's index among them.
        static NAMES: ([&[&str]; DISTINCT_NAMES], [u8; Opcode::COUNT]) =
            intern!(&ALL_NAMES, same_names, &[] as &[&str], DISTINCT_NAMES);

        impl Op {
            /// The op's opcode.
            pub fn opcode(&self) -> Opcode {
                match self { $(Op::$name { .. } => Opcode::$name,)* }
            }

            /// The operands' bits, in table order. (Encoding, decoding and visiting go
            /// through this array so that no arm of their matches has locals of its own:
            /// unoptimised builds give each arm its own stack space, which made these
            /// functions tens of KiB deep, too deep for a small thread that translates.)
            fn operand_bits(&self) -> [u64; MAX_OPERANDS] {
                let mut bits = [0u64; MAX_OPERANDS];
                #[allow(unused_variables, unused_mut, unused_assignments)]
                match *self {
                    $(Op::$name { $($field),* } => {
                        let mut i = 0;
                        $( bits[i] = Operand::to_bits($field); i += 1; )*
                    })*
                }
                bits
            }

            /// Appends the instruction's fixed part to `code`.
            pub fn encode(&self, code: &mut Vec<u32>) {
                let at = code.len();
                let opcode = self.opcode();
                code.resize(at + opcode.words(), 0);
                code[at] = opcode as u32;
                let code = &mut code[at..];
                // Unoptimised builds write through one loop over the shape: an arm per op with
                // locals of its own made this function 100 KiB deep there.
                #[cfg(debug_assertions)]
                {
                    let shape = opcode.shape();
                    let bits = self.operand_bits();
                    for i in 0..shape.n as usize {
                        write_bits(code, shape.at[i] as usize, shape.halves[i] as usize, bits[i]);
                    }
                }
                // Optimised builds: each arm writes its operands where the op's shape puts
                // them (positions from the static table, folded into the arm; the loop cost
                // translation 5%).
                #[cfg(not(debug_assertions))]
                #[allow(unused_variables, unused_mut, unused_assignments)]
                match *self {
                    $(Op::$name { $($field),* } => {
                        let shape = Opcode::$name.shape();
                        let mut i = 0;
                        $(
                            write_bits(code, shape.at[i] as usize, shape.halves[i] as usize, Operand::to_bits($field));
                            i += 1;
                        )*
                    })*
                }
            }

            /// Decodes the fixed part of the instruction at `code[at..]`.
            pub fn decode(code: &[u32], at: usize) -> Result<Op, DecodeError> {
                let word = *code.get(at).ok_or(DecodeError::Truncated { at })?;
                let opcode = Opcode::from_word(word).ok_or(DecodeError::BadOpcode { at, word })?;
                let shape = opcode.shape();
                let words = code.get(at..at + shape.words as usize).ok_or(DecodeError::Truncated { at })?;
                let mut bits = [0u64; MAX_OPERANDS];
                for i in 0..shape.n as usize {
                    bits[i] = read_bits(words, shape.at[i] as usize, shape.halves[i] as usize);
                }
                #[allow(unused_mut, unused_variables, unused_assignments)]
                let mut i = 0;
                Ok(match opcode {
                    $(Opcode::$name => Op::$name {
                        $($field: {
                            i += 1;
                            <$kind as Operand>::from_bits(bits[i - 1])
                        }),*
                    },)*
                })
            }

            /// Calls `f` for each operand, in order, with its position.
            pub fn visit_operands(&self, at: usize, f: &mut dyn FnMut(OperandInfo)) {
                let op = self.opcode();
                let shape = op.shape();
                let bits = self.operand_bits();
                for (i, &name) in op.operand_names().iter().enumerate() {
                    let (halves, kind) = (shape.halves[i] as usize, shape.kinds[i]);
                    let half = 2 * at + shape.at[i] as usize;
                    let value = if kind == OperandKind::Off { bits[i] as u32 as i32 as i64 } else { bits[i] as i64 };
                    f(OperandInfo { name, kind, value, pos: half / 2, half, halves });
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
    const fn named(kind: &str) -> OperandKind {
        match kind.as_bytes() {
            b"Slot" | b"P" => OperandKind::Slot,
            b"VSlot" => OperandKind::VSlot,
            b"Off" => OperandKind::Off,
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
        for (i, &word) in code[fixed..fixed + op.trailing_offsets()].iter().enumerate() {
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
    /// The word position of the operand (of the word holding it, for a slot).
    pub pos: usize,
    /// The half position of the operand (see [`half`]): where a slot is.
    pub half: usize,
    /// Halves it takes (see [`kind_halves`]).
    pub halves: usize,
}

impl OperandInfo {
    /// For offsets: the word position the branch lands on.
    pub fn target(&self) -> i64 {
        self.pos as i64 + self.value
    }
}

impl Op {
    /// Words following the fixed part (the offsets of `BrTable`, padded to an even count).
    pub fn trailing_words(&self) -> usize {
        match *self {
            Op::BrTable { len, .. } => (len as usize).saturating_add(2) & !1,
            _ => 0,
        }
    }

    /// The branch offsets following the fixed part (`BrTable`'s `len + 1`; the padding word
    /// after them, if any, is not one).
    pub fn trailing_offsets(&self) -> usize {
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
const _: () = assert!(core::mem::size_of::<Op>() <= 40);

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
        for i in 0..op.trailing_offsets() {
            let pos = at + fixed + i;
            write!(f, " @{}", pos as i64 + code[pos] as i32 as i64)?;
        }
        writeln!(f)?;
    }
    Ok(())
}

/// The operand encoding's version (2: 16-bit slots, even-word instructions; see [`Layout`]).
const ENCODING: u8 = 2;

/// A hash of the op table (names and operand kinds), stored in serialized modules so that
/// artifacts built for another op table are refused.
pub fn op_table_hash() -> u64 {
    OP_TABLE_HASH
}

/// [`op_table_hash`], computed at compile time: a device that loads artifacts then carries
/// no op names (10 KB of strings on a 32-bit board).
const OP_TABLE_HASH: u64 = {
    // FNV-1a over the encoding's version, every op's name and its length.
    const fn eat(h: u64, b: u8) -> u64 {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    }
    let mut h = eat(0xcbf2_9ce4_8422_2325, ENCODING);
    let mut i = 0;
    while i < Opcode::COUNT {
        let op = Opcode::ALL[i];
        let name = op.name().as_bytes();
        let mut k = 0;
        while k < name.len() {
            h = eat(h, name[k]);
            k += 1;
        }
        h = eat(h, op.words() as u8);
        i += 1;
    }
    h
};
