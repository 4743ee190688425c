//! Exception objects in the heap. An `exnref` is a handle like any other reference: the
//! entry's type is [`EXN_TY`] and its object's payload is the store-wide tag index, a flags
//! word, then the thrown values, one 8-byte slot each (a v128 takes two). The heap learns
//! which payload slots hold references from [`Heap::add_tag`], so the collector traces them.
//!
//! Most exceptions are thrown and caught without a reference ever being made (`catch`, not
//! `catch_ref`); such an exception is freed as soon as it is caught, and the arena shrinks
//! back when it was the last object, so a throw loop does not feed the collector.

use super::{ARRAY_HEADER, Entry, FREE_TY, HEADER, Heap, Storage, entry_index};
use crate::Trap;
use crate::vm::{Catch, CatchKind, NO_SLOT};

/// The type of an exception object's entry.
pub const EXN_TY: u32 = u32::MAX - 2;

/// Payload bytes before an exception's values: the tag, then the flags.
const EXN_HEADER: usize = 8;
const _: () = assert!(EXN_HEADER == ARRAY_HEADER);

/// Flag: a reference to the exception may exist (an `exnref` was made, or the embedder holds
/// it), so catching it does not free it.
const EXPOSED: u32 = 1;

impl Heap {
    /// Records the payload slots of store-wide tag `tag` that hold heap references (tags are
    /// numbered in order of creation: `tag` is the number of tags added before).
    pub fn add_tag(&mut self, tag: u32, ref_slots: &[u32]) {
        let i = tag as usize;
        if self.tag_refs.len() <= i {
            self.tag_refs.resize(i + 1, Default::default());
        }
        self.tag_refs[i] = ref_slots.into();
    }

    /// A new exception of store-wide tag `tag` carrying `values`; its handle. `exposed` says
    /// whether a reference to it is being made (the embedder's `ExnRef::new`).
    pub fn new_exception(&mut self, tag: u32, values: &[u64], exposed: bool) -> Result<u32, Trap> {
        let (handle, at) = self.alloc(EXN_TY, Self::exception_bytes(values.len() as u32))?;
        self.store(at, Storage::I32, tag as u64);
        self.store(at + 4, Storage::I32, if exposed { EXPOSED } else { 0 } as u64);
        for (i, &v) in values.iter().enumerate() {
            self.store(at + EXN_HEADER + 8 * i, Storage::I64, v);
        }
        Ok(handle)
    }

    /// The payload bytes of an exception with `n` value slots.
    pub const fn exception_bytes(n: u32) -> u64 {
        EXN_HEADER as u64 + 8 * n as u64
    }

    /// Exception `handle`'s payload offset (`None` when it names no live exception).
    fn exception_at(&self, handle: u32) -> Option<usize> {
        match self.entry(handle) {
            Some(e) if e.ty == EXN_TY => Some(e.offset as usize + HEADER),
            _ => None,
        }
    }

    /// The store-wide tag of exception `handle`.
    pub fn exception_tag(&self, handle: u32) -> Option<u32> {
        self.exception_at(handle).map(|at| self.load(at, Storage::I32) as u32)
    }

    /// The value slots of exception `handle` (empty when it names none).
    pub fn exception_values(&self, handle: u32) -> impl ExactSizeIterator<Item = u64> + '_ {
        let (at, n) = match self.exception_at(handle) {
            Some(at) => (at + EXN_HEADER, (self.load(at - 4, Storage::I32) as usize - EXN_HEADER) / 8),
            None => (0, 0),
        };
        (0..n).map(move |i| self.load(at + 8 * i, Storage::I64))
    }

    /// Notes that a reference to exception `handle` exists (it reached a slot or the embedder).
    pub fn expose_exception(&mut self, handle: u32) {
        if let Some(at) = self.exception_at(handle) {
            let flags = self.load(at + 4, Storage::I32) as u32;
            self.store(at + 4, Storage::I32, (flags | EXPOSED) as u64);
        }
    }

    /// Frees exception `handle` if no reference to it can exist (it was caught by a clause
    /// that keeps none); the arena gives its bytes back when it was the last object.
    fn release_exception(&mut self, handle: u32) {
        let Some(at) = self.exception_at(handle) else { return };
        if self.load(at + 4, Storage::I32) as u32 & EXPOSED != 0 {
            return;
        }
        let index = entry_index(handle);
        let start = at - HEADER;
        let size = self.object_bytes(start);
        self.entries[index] = Entry { offset: 0, ty: FREE_TY };
        self.free.push(index as u32);
        if start + size == self.arena.len() {
            self.arena.truncate(start);
        }
    }

    /// Enters catch clause `c` of a function whose frame has `frame_size` slots with exception
    /// `exn`: `write(slot, bits)` puts a tag clause's payload at `c.base` and the reference at
    /// `c.exn_slot` (when the clause keeps one; otherwise an exception no reference reaches is
    /// freed). `Err` when `exn` is not a live exception or the writes would leave the frame (a
    /// forged artifact's handler table): nothing is written then.
    pub fn catch_exception(
        &mut self,
        exn: u32,
        c: &Catch,
        frame_size: u32,
        mut write: impl FnMut(u32, u64),
    ) -> Result<(), Trap> {
        if self.exception_at(exn).is_none() {
            return Err(Trap::NullReference);
        }
        let payload = if c.kind == CatchKind::Tag { self.exception_values(exn).len() } else { 0 };
        let fits = |s: u32, n: usize| (s as usize).saturating_add(n) <= frame_size as usize;
        if !fits(c.base, payload) || (c.exn_slot != NO_SLOT && !fits(c.exn_slot, 1)) {
            return Err(Trap::NullReference);
        }
        if c.kind == CatchKind::Tag {
            for (i, v) in self.exception_values(exn).enumerate() {
                write(c.base + i as u32, v);
            }
        }
        if c.exn_slot != NO_SLOT {
            self.expose_exception(exn);
            write(c.exn_slot, exn as u64);
        } else {
            self.release_exception(exn);
        }
        Ok(())
    }

    /// The references exception object `at` (payload offset) holds, for the collector.
    pub(super) fn exception_refs(&self, at: usize) -> impl Iterator<Item = u64> + '_ {
        let tag = self.load(at, Storage::I32) as usize;
        let slots = self.tag_refs.get(tag).map_or(&[][..], |s| &s[..]);
        let n = (self.load(at - 4, Storage::I32) as usize - EXN_HEADER) / 8;
        slots
            .iter()
            .filter(move |&&k| (k as usize) < n)
            .map(move |&k| self.load(at + EXN_HEADER + 8 * k as usize, Storage::I64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::boxed::Box;

    fn clause(kind: CatchKind, base: u32, exn_slot: u32) -> Catch {
        Catch { kind, tag: 0, pad: 0, base, exn_slot }
    }

    #[test]
    fn caught_without_a_reference_is_freed_and_the_arena_shrinks() {
        let mut heap = Heap::default();
        heap.add_tag(0, &[]);
        let e = heap.new_exception(0, &[7, 9], false).unwrap();
        assert_eq!(heap.exception_tag(e), Some(0));
        let mut frame = [0u64; 4];
        heap.catch_exception(e, &clause(CatchKind::Tag, 1, NO_SLOT), 4, |s, v| frame[s as usize] = v).unwrap();
        assert_eq!(frame, [0, 7, 9, 0]);
        assert_eq!(heap.exception_tag(e), None);
        assert!(heap.arena.is_empty());
        // A clause that keeps the reference leaves it alive, and catching it again too.
        let e = heap.new_exception(0, &[1], false).unwrap();
        heap.catch_exception(e, &clause(CatchKind::All, 0, 3), 4, |s, v| frame[s as usize] = v).unwrap();
        assert_eq!(frame[3], e as u64);
        heap.catch_exception(e, &clause(CatchKind::All, 0, NO_SLOT), 4, |_, _| {}).unwrap();
        assert_eq!(heap.exception_tag(e), Some(0));
    }

    #[test]
    fn a_handler_writing_outside_the_frame_is_refused() {
        let mut heap = Heap::default();
        let e = heap.new_exception(0, &[1, 2, 3], false).unwrap();
        let bad = heap.catch_exception(e, &clause(CatchKind::Tag, 2, NO_SLOT), 4, |_, _| panic!("no write"));
        assert_eq!(bad, Err(Trap::NullReference));
        let bad = heap.catch_exception(e, &clause(CatchKind::All, 0, 4), 4, |_, _| panic!("no write"));
        assert_eq!(bad, Err(Trap::NullReference));
        assert_eq!(
            heap.catch_exception(0, &clause(CatchKind::All, 0, NO_SLOT), 4, |_, _| {}),
            Err(Trap::NullReference)
        );
    }

    #[test]
    fn the_collector_traces_payload_references_and_frees_dropped_exceptions() {
        let mut heap = Heap::default();
        heap.add_type(0, &[0], super::super::Layout::Struct { size: 0, fields: Box::default() });
        heap.add_tag(0, &[1]);
        let obj = heap.new_struct(0, &[]).unwrap();
        let kept = heap.new_exception(0, &[5, obj as u64], true).unwrap();
        let dropped = heap.new_exception(0, &[6, 0], true).unwrap();
        heap.roots.push(kept);
        heap.collect(&mut |_| {});
        assert!(heap.live_handle(obj as u64).is_some(), "the payload's object survives");
        assert_eq!(heap.exception_values(kept).collect::<alloc::vec::Vec<_>>(), [5, obj as u64]);
        assert!(heap.exception_tag(dropped).is_none(), "an unreachable exception is freed");
        heap.roots.clear();
        heap.collect(&mut |_| {});
        assert!(heap.live_handle(obj as u64).is_none() && heap.arena.is_empty());
    }
}
