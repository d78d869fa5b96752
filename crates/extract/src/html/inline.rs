//! Inline text as a browser lays it out on one line.

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

/// Text as a browser lays it out on one line: runs of whitespace collapse to one space (`&nbsp;`
/// is not whitespace here; the builder turns it into a space when trimming).
#[derive(Debug, Default)]
pub(super) struct Inline {
    pub(super) text: String,
    space: bool,
}

impl Inline {
    pub(super) fn push(&mut self, s: &str) {
        for c in s.chars() {
            if is_html_space(c) {
                self.space = true;
            } else {
                if self.space && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push(c);
            }
        }
    }

    pub(super) fn gap(&mut self) {
        self.space = true;
    }

    pub(super) fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.text)
    }
}
