//! The `civic-tracker` binary: subcommands only; the work is in the library.

/// mimalloc instead of the system allocator: a request allocates and frees many small
/// buffers, and glibc's malloc spent about a sixth of the service's CPU time on them
/// (`bench/submit.sh`, measured with perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    civic_tracker::cli::main()
}
