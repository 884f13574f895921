//! Validated domain types.

pub mod circle;
