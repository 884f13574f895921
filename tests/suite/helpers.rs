//! The test kit (the `testkit` crate), where the scenarios have always
//! looked for it.

pub use testkit::*;
