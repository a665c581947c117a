//! The `civic-tracker` binary: subcommands only; the work is in the library.

fn main() -> std::process::ExitCode {
    civic_tracker::cli::main()
}
