//! Building a [`Source`] from a structured document (HTML, DOCX, PDF): paragraphs become lines,
//! table rows become TAB-separated lines, and every piece remembers its origin.

use gongkai_model::source::{Format, Origin, OriginMark, Source, Warning};

/// Accumulates the normalised text of a structured document.
#[derive(Debug, Default)]
pub struct Builder {
    text: String,
    origins: Vec<OriginMark>,
    warnings: Vec<Warning>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Appends a paragraph as one line (inner line breaks become spaces; empty text is skipped).
    pub fn paragraph(&mut self, text: &str, origin: Origin) {
        let clean = one_line(text);
        if clean.trim().is_empty() {
            return;
        }
        self.mark(origin);
        self.text.push_str(clean.trim_end());
        self.text.push('\n');
    }

    /// Appends a table row: cells joined by TAB, each cell on one line (merged cells are passed
    /// as empty strings by the reader, exactly as text copied out of Word shows them).
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = (&'a str, Origin)>) {
        for (i, (cell, origin)) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.mark(origin);
            self.text.push_str(one_line(cell).trim());
        }
        self.text.push('\n');
    }

    /// Ends a table or a block with an empty line.
    pub fn blank_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// Records something noticed while reading.
    pub fn warn(&mut self, position: Option<u64>, zh: impl Into<String>, en: impl Into<String>) {
        self.warnings.push(Warning {
            position,
            zh: zh.into(),
            en: en.into(),
        });
    }

    /// The text so far (for readers that look back, e.g. to drop repeated page headers).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The finished source.
    pub fn finish(self, name: &str, format: Format) -> Source {
        Source {
            name: name.to_string(),
            format,
            text: self.text,
            origins: self.origins,
            warnings: self.warnings,
            damage: None,
        }
    }

    fn mark(&mut self, origin: Origin) {
        let offset = self.text.len() as u32;
        match self.origins.last_mut() {
            Some(last) if last.offset == offset => last.origin = origin,
            Some(last) if last.origin == origin => {}
            _ => self.origins.push(OriginMark { offset, origin }),
        }
    }
}

/// Tabs and line breaks inside a cell or paragraph would break the layout contract.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{2028}' | '\u{2029}' => ' ',
            '\u{00A0}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_tab_separated_lines_with_origins() {
        let mut b = Builder::new();
        b.paragraph("一、总体情况\n", Origin::Byte { offset: 0 });
        b.row([
            ("规章", Origin::Byte { offset: 10 }),
            ("", Origin::Byte { offset: 20 }),
            ("3\t", Origin::Byte { offset: 30 }),
        ]);
        b.blank_line();
        let s = b.finish(
            "x",
            Format::Text {
                encoding: "UTF-8",
                bom: false,
            },
        );
        assert_eq!(s.text, "一、总体情况\n规章\t\t3\n\n");
        assert_eq!(s.origins.len(), 4);
    }
}
