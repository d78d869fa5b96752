//! Reading one table cell's text: numbers in every printed form, marks, blanks, label text.

use gongkai_model::{Decimal, Unit, Value};

/// What a piece of a table row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A value: a number, a mark, or a blank cell.
    Value(Value),
    /// Label (or other) text.
    Text,
}

/// Marks printed in count cells instead of a number; kept verbatim.
const MARKS: &[&str] = &[
    "/", "／", "\\", "—", "——", "－", "-", "–", "―", "─", "无", "空", "×", "x", "X", "*", "＊",
    "…", "……", "--", "——", "/ ", "、",
];

/// The longest mark, in bytes.
const MARK_MAX_LEN: usize = 6;

/// A cell of ASCII digits only (at most 18, so it fits): its count, with no allocation.
fn plain_count(b: &[u8]) -> Option<Value> {
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(Value::Count(
        b.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')),
    ))
}

/// Classifies the text of one cell (already trimmed of surrounding whitespace).
pub fn classify(text: &str) -> Piece {
    // Fast paths for most cells: plain digits, and label text opening with an ideograph that
    // starts no number and no mark (whatever `strip_artifacts` removes, that ideograph stays).
    if let Some(v) = plain_count(text.as_bytes()) {
        return Piece::Value(v);
    }
    if text.chars().next().is_some_and(|c| {
        ('\u{4E00}'..'\u{A000}').contains(&c) && !matches!(c, '增' | '减' | '无' | '空')
    }) {
        return Piece::Text;
    }
    let text = strip_artifacts(text);
    if text.is_empty() {
        return Piece::Value(Value::Blank);
    }
    if let Some(v) = parse_number(text) {
        return Piece::Value(v);
    }
    if text.len() <= MARK_MAX_LEN && MARKS.contains(&text) {
        return Piece::Value(Value::Mark(text.to_string()));
    }
    Piece::Text
}

/// Removes conversion artifacts around cell text: pandoc's `[bookmark: _GoBack]`, `&nbsp;`
/// leftovers, zero-width and non-breaking spaces.
pub fn strip_artifacts(mut text: &str) -> &str {
    loop {
        text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}');
        if let Some(rest) = text.strip_prefix("[bookmark:")
            && let Some(end) = rest.find(']')
        {
            text = &rest[end + 1..];
            continue;
        }
        if let Some(rest) = text.strip_prefix("&nbsp;") {
            text = rest;
            continue;
        }
        return text;
    }
}

/// Parses a printed number: ASCII or full-width digits, `+`/`-`/`减`/`增` sign, thousands
/// separators, a decimal part, and a unit (`元`, `万元`; count units such as `件` are dropped).
pub fn parse_number(text: &str) -> Option<Value> {
    // Most cells are plain ASCII digits: no allocation, no decimal.
    if let Some(v) = plain_count(text.as_bytes()) {
        return Some(v);
    }
    // Label text fails at its first character: decide that before allocating anything.
    let starts_like_a_number = text.chars().next().is_some_and(|c| {
        matches!(c, '0'..='9' | '０'..='９' | '+' | '-' | '－' | '−' | '–' | '＋' | '增' | '减')
    });
    if !starts_like_a_number {
        return None;
    }
    let mut ascii = String::with_capacity(text.len());
    let mut unit = None;
    let mut rest = text;
    for (suffix, u) in [
        ("万元", Some(Unit::WanYuan)),
        ("元", Some(Unit::Yuan)),
        ("件", None),
        ("个", None),
        ("项", None),
        ("条", None),
        ("次", None),
    ] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r.trim_end();
            unit = u;
            break;
        }
    }
    let mut chars = rest.chars().peekable();
    match chars.peek() {
        Some('+' | '＋' | '增') => {
            chars.next();
        }
        Some('-' | '－' | '−' | '减' | '–') => {
            chars.next();
            ascii.push('-');
        }
        _ => {}
    }
    let mut digits = 0;
    let mut seen_point = false;
    let mut last_sep = false;
    for c in chars {
        let d = match c {
            '0'..='9' => c,
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            ',' | '，' if digits > 0 && !seen_point => {
                last_sep = true;
                continue;
            }
            '.' | '．' if digits > 0 && !seen_point => {
                seen_point = true;
                ascii.push('.');
                continue;
            }
            _ => return None,
        };
        last_sep = false;
        digits += 1;
        ascii.push(d);
    }
    if digits == 0 || last_sep || ascii.ends_with('.') {
        return None;
    }
    let number = Decimal::parse(&ascii)?;
    if unit.is_some() || seen_point {
        return Some(Value::Amount { number, unit });
    }
    Some(match number.to_integer() {
        Some(n) => Value::Count(n),
        None => Value::Amount { number, unit },
    })
}

/// True for a page number line: `-3-`, `- 3 -`, `—3—`, `第3页`, `第 3 页 共 5 页`, `3/5`.
pub fn is_page_footer(line: &str) -> bool {
    // Layout text indents with runs of spaces: skipped as bytes first.
    let line = line.trim_start_matches(' ');
    // Most lines open with an ideograph or a digit: rejected on their first byte. Footers open
    // with whitespace (ASCII, or Unicode spaces whose UTF-8 starts C2, E1, E2 or E3), `-`, or
    // a character whose UTF-8 starts E2 (—, –), E7 (第) or EF (－).
    if !matches!(
        line.as_bytes().first(),
        Some(
            b' ' | b'\t'
                | b'\n'
                | 0x0B
                | 0x0C
                | b'\r'
                | b'-'
                | 0xC2
                | 0xE1
                | 0xE2
                | 0xE3
                | 0xE7
                | 0xEF
        )
    ) {
        return false;
    }
    let t = line.trim_start();
    // Every footer opens with a dash or 第: most lines are rejected at their first character.
    if !t.starts_with(['-', '—', '－', '–', '第']) {
        return false;
    }
    let t = t.trim_end();
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '—' | '－' | '–');
    let inner = t.trim_start_matches(dash).trim_end_matches(dash);
    if inner.len() < t.len() && t.starts_with(dash) && t.ends_with(dash) {
        let inner = inner.trim();
        return !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit());
    }
    if let Some(r) = t.strip_prefix('第') {
        let r = r.trim_start();
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        return digits > 0 && r[digits..].trim_start().starts_with('页');
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(s: &str) -> Option<i64> {
        match classify(s) {
            Piece::Value(Value::Count(n)) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn numbers_in_every_printed_form() {
        assert_eq!(count("0"), Some(0));
        assert_eq!(count("+11"), Some(11));
        assert_eq!(count("-14"), Some(-14));
        assert_eq!(count("减3"), Some(-3));
        assert_eq!(count("１２"), Some(12));
        assert_eq!(count("3,985,758"), Some(3985758));
        assert_eq!(count("[bookmark: _GoBack]1"), Some(1));
        assert_eq!(count("5件"), Some(5));
        assert_eq!(count("1."), None);
        assert_eq!(count("1、"), None);
        assert_eq!(count("-3-"), None);
    }

    #[test]
    fn amounts_keep_unit_and_digits() {
        assert_eq!(
            classify("382.26万元"),
            Piece::Value(Value::Amount {
                number: Decimal::parse("382.26").unwrap(),
                unit: Some(Unit::WanYuan)
            })
        );
        assert_eq!(
            classify("251000元"),
            Piece::Value(Value::Amount {
                number: Decimal::parse("251000").unwrap(),
                unit: Some(Unit::Yuan)
            })
        );
        assert_eq!(
            classify("96171.6"),
            Piece::Value(Value::Amount {
                number: Decimal::parse("96171.6").unwrap(),
                unit: None
            })
        );
    }

    #[test]
    fn marks_blanks_and_text() {
        assert_eq!(classify("/"), Piece::Value(Value::Mark("/".into())));
        assert_eq!(classify("—"), Piece::Value(Value::Mark("—".into())));
        assert_eq!(classify("  "), Piece::Value(Value::Blank));
        assert_eq!(classify("&nbsp;"), Piece::Value(Value::Blank));
        assert_eq!(classify("规章"), Piece::Text);
        assert_eq!(classify("数据1"), Piece::Text);
    }

    #[test]
    fn page_footers() {
        assert!(is_page_footer("   -3-"));
        assert!(is_page_footer("- 12 -"));
        assert!(is_page_footer("第 3 页"));
        assert!(!is_page_footer("-3"));
        assert!(!is_page_footer("3"));
    }
}
