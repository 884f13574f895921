#![recursion_limit = "256"]
//! The one integration-test binary: end-to-end scenarios through the engine,
//! the repository contract, the console binary and the HTTP listener, each
//! on SQLite and on PostgreSQL.

mod helpers;

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
mod scheduler;
mod settings;
mod workspace;
