//! Tests of the rule registry as a whole.

mod registry;
mod snapshots;
