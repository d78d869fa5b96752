//! From a [`Source`] to a [`Report`]: template detection, label matching, table reading.
//! Parsing never fails: it returns what it could read and diagnostics for the rest.

mod fit;
mod matcher;
mod meta;
mod norm;
mod outline;
mod requests;
mod rows;
mod runs;
mod token;

use gongkai_extract::Source;
use gongkai_model::{Diagnostic, Report, SourceId};

/// Parses one source into a report plus diagnostics.
pub fn parse(source: &Source, id: SourceId) -> (Report, Vec<Diagnostic>) {
    let text = &source.text;
    let mut diags = Vec::new();
    let meta = meta::meta(text, id);
    let headings = outline::headings(text);
    let regions = outline::regions(text, &headings);
    let requests = regions
        .requests
        .clone()
        .and_then(|r| requests::parse(text, r, id, &mut diags));
    let report = Report {
        source: id,
        meta,
        template: None,
        sections: Vec::new(),
        active: None,
        requests,
        reviews: None,
    };
    (report, diags)
}
