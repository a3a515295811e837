//! The `microcodegen` command: everything is in `cli`.

mod cli;

// The compiler allocates many small strings on every core; mimalloc's
// per-thread heaps make that cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
