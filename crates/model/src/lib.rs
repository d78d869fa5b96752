//! The report model of gongkai: what a government information disclosure annual report says,
//! with a span for every value, the two national templates as data, and the identities.
//!
//! This crate does no IO and depends on no format crate.

pub mod cells;
pub mod code;
pub mod diagnostic;
pub mod identity;
pub mod labels;
pub mod report;
pub mod source;
pub mod span;
pub mod value;

pub use code::{Code, CodeKind};
pub use diagnostic::{
    Applicability, Diagnostic, Edit, Fix, Label, Lang, Severity, Text, apply_fixes,
};
pub use identity::{Identity, IdentityCheck, Operand, Outcome, check_identities};
pub use labels::{ActiveRow, Applicant, RequestRow, SectionKind, Template};
pub use report::{
    ActiveRowData, ActiveTable, Date, Meta, Report, RequestRowData, RequestTable, ReviewTable,
    Section, SplitChoice, SplitEvidence,
};
pub use source::{Format, Origin, OriginMark, Source, Warning};
pub use span::{SourceId, Span, Spanned};
pub use value::{Cell, Decimal, Unit, Value};
