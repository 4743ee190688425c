//! Translation of exception handling: `throw`, `throw_ref`, `try_table` (a region of the
//! body plus one landing pad per catch clause) and the legacy `try`/`catch`/`catch_all`/
//! `delegate`/`rethrow`.
//!
//! The executor finds handlers in the function's region table (`TryRegion`): a region
//! covers the words of a try body; a clause names the landing pad to jump to and the slots
//! to write the payload and the exception reference to. A `try_table`'s pads are emitted
//! after its body, in the enclosing block: each starts with the operand stack at the
//! try_table's height plus the caught values, and branches to its label like `br`. A legacy
//! `catch` arm is its own pad; the caught exception's reference waits in a scratch slot for
//! `rethrow`.

use super::{Ctrl, FuncTranslator, Kind, Operand};
#[allow(unused_imports)]
use crate::prelude::*;
use anyhow::{Result, bail};
use sheave_interp::code::Op as B;
use sheave_interp::vm::{Catch, CatchKind, NO_SLOT, TryRegion};
use wasmparser::Operator;

/// What a `try_table` or legacy `try` carries until it ends.
#[derive(Debug)]
pub(super) struct TryState {
    /// First word of the body.
    start: usize,
    /// A try_table's catch clauses.
    catches: Vec<wasmparser::Catch>,
    /// Legacy: where the body ended (the first `catch`, or `delegate`).
    body_end: Option<usize>,
    /// Legacy: the clauses so far.
    clauses: Vec<Catch>,
    /// Legacy: the scratch slot (frame-relative after `finish`) holding the caught exception.
    exn_scratch: Option<u32>,
}

impl FuncTranslator<'_> {
    /// Translates an exception-handling operator; `false` when `op` is not one.
    pub(super) fn translate_exception(&mut self, op: &Operator<'_>) -> Result<bool> {
        match op {
            Operator::Throw { tag_index } => {
                let n = self.tag_slots(*tag_index);
                self.materialize_top(n);
                let at = self.height() - n;
                let base = self.slot_at(at);
                self.stack.truncate(at as usize);
                self.emit(B::Throw { tag: *tag_index, base, n });
                self.set_dead();
            }
            Operator::ThrowRef => {
                let e = self.pop_slot();
                self.emit(B::ThrowRef { e });
                self.set_dead();
            }
            Operator::TryTable { try_table } => {
                let start = self.code.len();
                let ctrl = self.enter_block(Kind::TryTable, try_table.ty);
                ctrl.exn = Some(Box::new(TryState {
                    start,
                    catches: try_table.catches.clone(),
                    body_end: None,
                    clauses: Vec::new(),
                    exn_scratch: None,
                }));
            }
            Operator::Try { blockty } => {
                let start = self.code.len();
                let ctrl = self.enter_block(Kind::Try, *blockty);
                ctrl.exn = Some(Box::new(TryState {
                    start,
                    catches: Vec::new(),
                    body_end: None,
                    clauses: Vec::new(),
                    exn_scratch: None,
                }));
            }
            Operator::Catch { tag_index } => self.legacy_catch(Some(*tag_index)),
            Operator::CatchAll => self.legacy_catch(None),
            Operator::Delegate { relative_depth } => self.legacy_delegate(*relative_depth)?,
            Operator::Rethrow { relative_depth } => {
                let idx = self.ctrl.len() - 1 - *relative_depth as usize;
                let Some(scratch) = self.ctrl[idx].exn.as_ref().and_then(|t| t.exn_scratch) else {
                    bail!("rethrow outside a catch arm");
                };
                let site = self.emit_site(B::ThrowRef { e: scratch }, "e");
                self.scratch_sites.push(site);
                self.set_dead();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Slots of tag `tag`'s payload.
    fn tag_slots(&self, tag: u32) -> u32 {
        self.env.tags[tag as usize].ty().params().map(|t| super::slot_width(&t)).sum()
    }

    /// How many try blocks enclose the current position (a region's `level`).
    fn try_level(&self, upto: usize) -> u32 {
        self.ctrl[..upto].iter().filter(|c| matches!(c.kind, Kind::TryTable | Kind::Try)).count() as u32
    }

    /// Pushes `n` temporaries (caught values) above stack height `height`; returns the slot
    /// of the first.
    fn push_caught(&mut self, height: u32, n: u32) -> u32 {
        self.stack.truncate(height as usize);
        for _ in 0..n {
            self.push(Operand::Temp);
        }
        self.slot_at(height)
    }

    /// A legacy `catch` (`tag`) or `catch_all` (`None`) arm of the innermost `try`.
    pub(super) fn legacy_catch(&mut self, tag: Option<u32>) {
        let idx = self.ctrl.len() - 1;
        let body_end = self.code.len();
        self.no_merge_across();
        if !self.dead {
            // The body or the previous arm goes on after the try.
            let results = self.ctrl[idx].results;
            self.materialize_top(results);
            let site = self.emit_branch(B::Br { to: 0 });
            self.ctrl[idx].patches.push(site);
            self.ctrl[idx].reached = true;
        }
        let scratch = match self.ctrl[idx].exn.as_ref().and_then(|t| t.exn_scratch) {
            Some(s) => s,
            None => {
                let s = self.scratch_slots;
                self.scratch_slots += 1;
                s
            }
        };
        let height = self.ctrl[idx].height;
        let n = tag.map_or(0, |t| self.tag_slots(t));
        let base = self.push_caught(height, n);
        let pad = self.code.len() as u32;
        self.no_merge_across();
        let kind = if tag.is_some() { CatchKind::Tag } else { CatchKind::All };
        let state = self.ctrl[idx].exn.as_mut().expect("validated: catch inside try");
        state.body_end.get_or_insert(body_end);
        state.exn_scratch = Some(scratch);
        state.clauses.push(Catch { kind, tag: tag.unwrap_or(0), pad, base, exn_slot: scratch });
        self.dead = false;
        self.last_dst = None;
        self.last_cmp = None;
    }

    /// A legacy `delegate`: ends the innermost `try`, handing its body's exceptions to the
    /// handlers outside label `depth` (counted from outside the try).
    pub(super) fn legacy_delegate(&mut self, depth: u32) -> Result<()> {
        let idx = self.ctrl.len() - 1;
        let target = idx - 1 - depth as usize;
        let limit = self.try_level(target + 1);
        let body_end = self.code.len();
        // An op merged across a region's end would be half inside it.
        self.no_merge_across();
        let state = self.ctrl[idx].exn.as_mut().expect("validated: delegate ends a try");
        state.body_end = Some(body_end);
        state.clauses = vec![Catch { kind: CatchKind::Delegate, tag: limit, pad: 0, base: 0, exn_slot: NO_SLOT }];
        self.end_block()
    }

    /// Ends a try block `ctrl` (already popped): records its region and, for a try_table,
    /// emits the landing pads. Returns the jump sites over the pads (to bind at the end).
    pub(super) fn end_try(&mut self, ctrl: &Ctrl, state: TryState, fell_through: bool) -> Vec<usize> {
        let level = self.try_level(self.ctrl.len());
        if ctrl.kind == Kind::Try {
            if let Some(end) = state.body_end {
                for (c, clause) in state.clauses.iter().enumerate() {
                    if clause.exn_slot != NO_SLOT {
                        self.region_scratch.push((self.regions.len(), c));
                    }
                }
                self.regions.push(TryRegion {
                    start: state.start as u32,
                    end: end as u32,
                    level,
                    clauses: state.clauses.into(),
                });
            }
            return Vec::new();
        }
        let body_end = self.code.len();
        self.no_merge_across();
        let mut over = Vec::new();
        if fell_through {
            over.push(self.emit_branch(B::Br { to: 0 }));
        }
        let mut clauses = Vec::with_capacity(state.catches.len());
        for c in &state.catches {
            let pad = self.code.len() as u32;
            self.no_merge_across();
            let (kind, tag, n, with_ref, label) = match *c {
                wasmparser::Catch::One { tag, label } => (CatchKind::Tag, tag, self.tag_slots(tag), false, label),
                wasmparser::Catch::OneRef { tag, label } => (CatchKind::Tag, tag, self.tag_slots(tag), true, label),
                wasmparser::Catch::All { label } => (CatchKind::All, 0, 0, false, label),
                wasmparser::Catch::AllRef { label } => (CatchKind::All, 0, 0, true, label),
            };
            let base = self.push_caught(ctrl.height, n + with_ref as u32);
            let exn_slot = if with_ref { base + n } else { NO_SLOT };
            clauses.push(Catch { kind, tag, pad, base, exn_slot });
            self.dead = false;
            self.branch_to(label);
        }
        self.stack.truncate(ctrl.height as usize);
        self.regions.push(TryRegion {
            start: state.start as u32,
            end: body_end as u32,
            level,
            clauses: clauses.into(),
        });
        over
    }
}
