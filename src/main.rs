//! The `microcodegen` command: everything is in `cli`.

mod cli;

// The compiler allocates many small strings on every core; mimalloc's
// per-thread heaps make that cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    give_back_memory_promptly();
    cli::run()
}

/// mimalloc's `purge_delay` option, which libmimalloc-sys does not name:
/// in mimalloc.h the option after `eager_commit_delay` (a test below
/// checks its default, 10 ms).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_eager_commit_delay + 1;

/// Memory freed on one core is given back to the system after 1 ms
/// instead of 10. The compiler frees and allocates at a quick pace on every
/// core, and what each thread held for 10 ms added up to an eighth of the
/// peak at 10,000 entities (167 MiB against 146 MiB, for the same time;
/// see docs/performance.md). Huge pages are off for the same reason (the
/// `no_thp` feature in Cargo.toml): each one handed out again was cleared
/// whole, 2 MiB at a time.
fn give_back_memory_promptly() {
    // SAFETY: setting an option takes plain integers and may be done at
    // any time; mimalloc reads this one whenever it schedules a purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // Its default is 10 ms; the environment can set another.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(10);
        // SAFETY: reading an option takes a plain integer.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, expected);
    }
}
