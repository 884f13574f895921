use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match mentorbot::cli::main().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
