#![recursion_limit = "256"]
//! The one integration-test binary: end-to-end scenarios through the engine,
//! the repository contract, the console binary and the HTTP listener, each
//! on SQLite and on PostgreSQL.

mod helpers;

// The kit's macros, where every scenario file looks for them.
pub(crate) use testkit::{bot_or_skip, on_both_databases};

mod bad_input;
mod circles;
mod console;
mod contract;
mod discord;
mod fuzz;
mod hardening;
mod http;
mod inbox;
mod matrix;
mod nudges;
mod polls;
mod pulses;
mod rounds;
mod scheduler;
mod settings;
mod stats;
mod workspace;
