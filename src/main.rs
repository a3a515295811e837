//! The `microcodegen` command: everything is in `cli`.

mod cli;

// The compiler allocates many small strings on every core; mimalloc's
// per-thread heaps make that cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    without_huge_pages();
    cli::run()
}

/// Asks the kernel for ordinary pages only. mimalloc asks for transparent
/// huge pages, and the kernel then clears 2 MiB at every first touch of a
/// region; the compiler's memory is freed and reused at a quick pace, so it
/// paid that again and again (at 10,000 entities, about a tenth of the
/// wall time; see docs/performance.md). The flag passes to child
/// processes, and the compiler starts none.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag
    // of this process; a kernel without it answers an error, which changes
    // nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
