//! The `mentorbot` binary's library: configuration, wiring, the console,
//! the HTTP listener and benchmarks. Business rules live in `bot-core`.

// matrix-sdk's sync future is deeply nested.
#![recursion_limit = "256"]

pub mod app;
pub mod bench;
pub mod cli;
pub mod config;
pub mod console;
pub mod http;
