//! The bare-metal half: heap, stack painting, semihosting output and exit. One core and no
//! interrupt handlers, so the allocator needs no lock.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::{Cell, UnsafeCell};
use core::mem::MaybeUninit;
use core::ptr::{self, NonNull};
use linked_list_allocator::Heap;
use semihosting::experimental::time::Instant;
use semihosting::{println, process};
use sheave_example_bare_metal::{Board, Figures, LOADS_ARTIFACTS, run};

/// The heap the runtime allocates from: most of the example's 512 KiB of RAM; the rest holds
/// `.data`, `.bss` and the native stack.
const HEAP_SIZE: usize = 448 * 1024;

/// What painted stack words hold until something writes them.
const PAINT: u32 = 0x5AFE_57AC;

/// A first-fit heap that records the most it ever held (its high-water mark).
struct RecordingHeap {
    heap: UnsafeCell<Heap>,
    peak: Cell<usize>,
}

// SAFETY: the firmware runs on one core and installs no interrupt handler, so the heap is
// never reached from two contexts at once.
unsafe impl Sync for RecordingHeap {}

// SAFETY: allocation and deallocation are delegated to `linked_list_allocator::Heap`, which
// returns blocks of at least the layout's size and alignment, and null when it has none.
unsafe impl GlobalAlloc for RecordingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single context (see `Sync`); no other reference to the heap is live.
        let heap = unsafe { &mut *self.heap.get() };
        match heap.allocate_first_fit(layout) {
            Ok(block) => {
                self.peak.set(self.peak.get().max(heap.used()));
                block.as_ptr()
            }
            Err(()) => ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: single context (see `Sync`); `block` came from `alloc` with this layout.
        unsafe { (*self.heap.get()).deallocate(NonNull::new_unchecked(block), layout) }
    }
}

#[global_allocator]
static ALLOCATOR: RecordingHeap = RecordingHeap { heap: UnsafeCell::new(Heap::empty()), peak: Cell::new(0) };

static mut HEAP_MEMORY: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];

unsafe extern "C" {
    /// The end of `.bss` (cortex-m-rt's and riscv-rt's linker scripts): the stack may grow
    /// down to here.
    static __sheap: u8;
}

/// The stack pointer, near enough: the address of a local of this (not inlined) frame.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    core::hint::black_box(&marker) as *const u8 as usize
}

/// The painted range of the stack (from the end of `.bss` to just below `firmware_main`'s
/// frame), and the stack pointer at `firmware_main`'s entry.
static mut PAINTED: (usize, usize, usize) = (0, 0, 0);

/// Fills the free stack with [`PAINT`]: the painted range, up to just below the caller's frame.
#[inline(never)]
fn paint_stack() {
    // SAFETY: one core, no interrupts (see `RecordingHeap`).
    let (bottom, top, _) = unsafe { PAINTED };
    let top = top.min((stack_pointer() - 256) & !3);
    let mut p = bottom;
    while p < top {
        // SAFETY: `bottom..top` lies between the end of `.bss` and the live stack: memory
        // nothing else uses.
        unsafe { ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// The deepest the stack went below `firmware_main`'s entry since it was last painted; paints
/// it again, so each step of the run is measured alone.
fn stack_used() -> usize {
    // SAFETY: one core, no interrupts (see `RecordingHeap`).
    let (bottom, top, entry) = unsafe { PAINTED };
    let mut p = bottom;
    // SAFETY: the range was painted by `paint_stack` and is still inside RAM.
    while p < top && unsafe { ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    paint_stack();
    let used = entry - p;
    // SAFETY: one core, no interrupts (see `RecordingHeap`).
    unsafe { STACK_PEAK = STACK_PEAK.max(used) };
    used
}

/// The most [`stack_used`] ever reported.
static mut STACK_PEAK: usize = 0;

/// The deepest the stack went over the whole run.
fn stack_peak() -> usize {
    stack_used();
    // SAFETY: one core, no interrupts (see `RecordingHeap`).
    unsafe { STACK_PEAK }
}

fn clock_ms() -> u64 {
    static mut START: Option<Instant> = None;
    // SAFETY: one core, no interrupts (see `RecordingHeap`); set once, at the first call.
    let start = unsafe { *(&raw mut START).as_mut().unwrap().get_or_insert_with(Instant::now) };
    start.elapsed().as_millis() as u64
}

fn firmware_main() -> ! {
    // SAFETY: the heap memory is given to the allocator once, before any allocation.
    unsafe { (*ALLOCATOR.heap.get()).init((&raw mut HEAP_MEMORY).cast::<u8>(), HEAP_SIZE) };
    let entry = stack_pointer();
    let bottom = (&raw const __sheap as usize + 3) & !3;
    // SAFETY: one core, no interrupts (see `RecordingHeap`); set before the first reader.
    unsafe { PAINTED = (bottom, entry & !3, entry) };
    paint_stack();
    clock_ms();
    // SAFETY (the closure's read): single context, see `RecordingHeap`.
    let heap = || (unsafe { (*ALLOCATOR.heap.get()).used() }, ALLOCATOR.peak.get());
    let board = Board { print: |s| println!("{s}"), clock_ms, heap, stack: stack_used };
    let code = match run(board, true) {
        Ok(figures) => {
            print_figures(&figures);
            0
        }
        Err(e) => {
            println!("error: {e:?}");
            1
        }
    };
    process::exit(code)
}

#[cfg(target_arch = "arm")]
#[cortex_m_rt::entry]
fn main() -> ! {
    firmware_main()
}

#[cfg(target_arch = "riscv32")]
#[riscv_rt::entry]
fn main() -> ! {
    firmware_main()
}

fn print_figures(figures: &Figures) {
    let (heap, stack) = (ALLOCATOR.peak.get(), stack_peak());
    if LOADS_ARTIFACTS {
        println!(
            "figures: heap peak {heap} B, stack peak {stack} B, workloads from a {} B artifact -> {} bytecode B",
            figures.wasm_bytes, figures.bytecode_bytes,
        );
        return;
    }
    // Hundredths in integers: float formatting would add 10 KB of flash.
    let ratio = figures.bytecode_bytes * 100 / figures.wasm_bytes;
    println!(
        "figures: heap peak {heap} B, stack peak {stack} B, workloads {} wasm B -> {} bytecode B ({}.{:02} per wasm byte)",
        figures.wasm_bytes,
        figures.bytecode_bytes,
        ratio / 100,
        ratio % 100,
    );
}
