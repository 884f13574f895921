use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    mentorbot::app::install_tls_provider();
    let code = match mentorbot::cli::main().await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error:#}");
            1
        }
    };
    // Exit now: dropping the runtime would wait for a blocked read of
    // standard input (the console's) that will never finish.
    std::process::exit(code)
}
