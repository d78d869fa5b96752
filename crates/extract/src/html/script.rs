//! HTML held in a JavaScript string: portals that render in the browser ship the report as
//! `var content = "<p>…<table>…";` (or `'…'`, a template literal, `"…" + "…"` over several
//! lines, `html += '…'`) and set it as some element's `innerHTML`. The page's inline scripts are
//! scanned for string literals, which are decoded with JavaScript's escapes (`\"`, `\'`, `\n`,
//! `\xHH`, `\uXXXX`, `\u{…}`, `\/`, line continuations). Nothing is executed: the scanner only
//! tells strings from comments and other code, in one pass, and a decoded string is never longer
//! than its literal, so the work is linear in the page and bounded by it. A malformed escape is
//! kept as written; a string cut off by a line end or the script's end is dropped.

use memchr::memmem;

/// A string (or a concatenation of strings) of an inline script that decodes to HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Embedded {
    /// The decoded HTML.
    pub(super) html: String,
    /// The page text's byte range of the whole `<script>…</script>` element holding it.
    pub(super) script: std::ops::Range<usize>,
    /// For each line of `html`, the page text's offset where its text starts.
    pub(super) line_starts: Vec<usize>,
    /// Characters of text outside tags (whitespace not counted): how much the string says.
    pub(super) text_chars: usize,
    /// Whether it holds a `<table`.
    pub(super) has_table: bool,
}

/// The inline-script string of `page` that decodes to the most HTML text, if any string holds
/// HTML at all (a start tag of a block, table or inline text element).
pub(super) fn best_embedded(page: &str) -> Option<Embedded> {
    let lower = page.as_bytes().to_ascii_lowercase();
    let mut best: Option<Embedded> = None;
    let mut from = 0;
    while let Some(at) = memmem::find(&lower[from..], b"<script") {
        let open = from + at;
        let Some(gt) = memchr::memchr(b'>', &lower[open..]) else {
            break;
        };
        let body_start = open + gt + 1;
        let (body_end, close_end) = match memmem::find(&lower[body_start..], b"</script") {
            Some(e) => {
                let end = body_start + e;
                let gt = memchr::memchr(b'>', &lower[end..]).map_or(lower.len(), |g| end + g + 1);
                (end, gt)
            }
            None => (lower.len(), lower.len()),
        };
        from = close_end.max(body_start);
        // A script with `src` has no body worth reading; one whose type is not JavaScript (a
        // template, JSON) holds no JavaScript strings.
        let tag = &lower[open..body_start];
        if memmem::find(tag, b"src=").is_some()
            || (memmem::find(tag, b"type=").is_some()
                && memmem::find(tag, b"javascript").is_none()
                && memmem::find(tag, b"module").is_none())
        {
            continue;
        }
        for chain in chains(page, body_start..body_end) {
            let Some(found) = embedded(chain, open..close_end) else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|b| found.text_chars > b.text_chars)
            {
                best = Some(found);
            }
        }
    }
    best
}

/// The decoded text of one chain of literals, with the page offset of each decoded line start.
#[derive(Debug, Default)]
struct Chain {
    text: String,
    line_starts: Vec<usize>,
}

/// Judges a decoded chain: HTML when it has a start tag of an element that carries text.
fn embedded(chain: Chain, script: std::ops::Range<usize>) -> Option<Embedded> {
    const TAGS: &[&[u8]] = &[
        b"<p",
        b"<div",
        b"<table",
        b"<tr",
        b"<td",
        b"<span",
        b"<br",
        b"<h1",
        b"<h2",
        b"<h3",
        b"<section",
        b"<article",
        b"<li",
        b"<font",
    ];
    let lower = chain.text.as_bytes().to_ascii_lowercase();
    let is_tag = |tag: &[u8]| {
        memmem::find_iter(&lower, tag).any(|at| {
            lower
                .get(at + tag.len())
                .is_some_and(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        })
    };
    if !TAGS.iter().any(|t| is_tag(t)) {
        return None;
    }
    let mut in_tag = false;
    let mut text_chars = 0;
    for c in chain.text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => text_chars += 1,
            _ => {}
        }
    }
    Some(Embedded {
        has_table: is_tag(b"<table"),
        html: chain.text,
        script,
        line_starts: chain.line_starts,
        text_chars,
    })
}

/// The chains of string literals in the script `page[range]`: literals joined by `+`, and the
/// literals of `x += …` statements appended to the chain before them.
fn chains(page: &str, range: std::ops::Range<usize>) -> Vec<Chain> {
    let b = page.as_bytes();
    let mut out: Vec<Chain> = Vec::new();
    let mut i = range.start;
    // A chain is open after a literal until code that ends an expression (`;`, `=`, `,`, a
    // brace); `+` then joins the next literal to it, variables in between (`"<p>" + name + "</p>"`)
    // included. `x += "…"` appends to the last chain.
    let (mut open, mut plus, mut append) = (false, false, false);
    while i < range.end {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..range.end]).map_or(range.end, |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = memmem::find(&b[i + 2..range.end], b"*/").map_or(range.end, |n| i + 2 + n + 2);
            }
            q @ (b'"' | b'\'' | b'`') => {
                let (decoded, next) = literal(page, i + 1, range.end, q);
                i = next;
                match (decoded, out.last_mut()) {
                    (Some(d), Some(last)) if (open && plus) || append => {
                        // A line the chain has only begun starts where this literal does.
                        if last.text.ends_with('\n')
                            && let (Some(l), Some(&at)) =
                                (last.line_starts.last_mut(), d.line_starts.first())
                        {
                            *l = at;
                        }
                        last.text.push_str(&d.text);
                        // The literal's first line continues the chain's last line.
                        last.line_starts.extend(d.line_starts.into_iter().skip(1));
                    }
                    (Some(d), _) => out.push(d),
                    (None, _) => {}
                }
                (open, plus, append) = (true, false, false);
            }
            b'+' if b.get(i + 1) == Some(&b'=') => {
                (open, plus, append) = (false, false, !out.is_empty());
                i += 2;
            }
            b'+' => {
                plus = open;
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.') || c >= 0x80 => {
                // A variable between `+`s keeps the chain; code right after a literal ends it.
                if !plus {
                    open = false;
                }
                i += 1;
                while i < range.end
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$' | b'.'))
                {
                    i += 1;
                }
                plus = false;
            }
            _ => {
                (open, plus, append) = (false, false, false);
                i += 1;
            }
        }
    }
    out
}

/// Decodes the literal whose body starts at `start`, closed by `quote`: its text (`None` when it
/// is cut off, or a template literal with `${…}`) and the offset after it.
fn literal(page: &str, start: usize, end: usize, quote: u8) -> (Option<Chain>, usize) {
    let b = page.as_bytes();
    let mut chain = Chain {
        text: String::new(),
        line_starts: vec![start],
    };
    let mut i = start;
    let mut ok = true;
    while i < end {
        let c = b[i];
        if c == quote {
            return (ok.then_some(chain), i + 1);
        }
        match c {
            b'\\' => {
                let (decoded, next) = escape(page, i + 1, end);
                if let Some(ch) = decoded {
                    chain.text.push(ch);
                    if ch == '\n' {
                        chain.line_starts.push(next);
                    }
                }
                i = next;
            }
            b'\n' | b'\r' if quote != b'`' => return (None, i),
            b'$' if quote == b'`' && b.get(i + 1) == Some(&b'{') => {
                ok = false;
                i += 2;
            }
            _ => {
                // Copy the whole character (the page is a `str`: `i` is at a boundary here).
                let len = utf8_len(c);
                let to = (i + len).min(end);
                if let Some(s) = page.get(i..to) {
                    chain.text.push_str(s);
                }
                if c == b'\n' {
                    chain.line_starts.push(to);
                }
                i = to;
            }
        }
    }
    (None, end)
}

/// The character of the escape whose body starts at `at` (after the backslash) and the offset
/// after it; `None` for a line continuation. A malformed escape stands for its own letter.
fn escape(page: &str, at: usize, end: usize) -> (Option<char>, usize) {
    let b = page.as_bytes();
    let Some(&c) = b.get(at).filter(|_| at < end) else {
        return (None, end);
    };
    let simple = |ch: char| (Some(ch), at + 1);
    match c {
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'v' => simple('\u{b}'),
        b'0' if !b.get(at + 1).is_some_and(u8::is_ascii_digit) => simple('\0'),
        b'\r' if b.get(at + 1) == Some(&b'\n') => (None, at + 2),
        b'\r' | b'\n' => (None, at + 1),
        b'x' => match hex(b, at + 1, 2, end) {
            Some(v) => (char::from_u32(v), at + 3),
            None => simple('x'),
        },
        b'u' if b.get(at + 1) == Some(&b'{') => {
            let close = b[at + 2..end.max(at + 2)]
                .iter()
                .take(8)
                .position(|&c| c == b'}');
            match close.and_then(|n| hex(b, at + 2, n, end).map(|v| (v, n))) {
                Some((v, n)) if n > 0 => (
                    Some(char::from_u32(v).unwrap_or('\u{FFFD}')),
                    at + 2 + n + 1,
                ),
                _ => simple('u'),
            }
        }
        b'u' => match hex(b, at + 1, 4, end) {
            Some(hi @ 0xD800..=0xDBFF) => {
                // A surrogate pair is written as two escapes.
                let lo = (b.get(at + 5) == Some(&b'\\') && b.get(at + 6) == Some(&b'u'))
                    .then(|| hex(b, at + 7, 4, end))
                    .flatten()
                    .filter(|lo| (0xDC00..=0xDFFF).contains(lo));
                match lo {
                    Some(lo) => (
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)),
                        at + 11,
                    ),
                    None => (Some('\u{FFFD}'), at + 5),
                }
            }
            Some(v) => (Some(char::from_u32(v).unwrap_or('\u{FFFD}')), at + 5),
            None => simple('u'),
        },
        _ => {
            // `\"`, `\'`, `\\`, `\/` and any other character stand for themselves.
            let len = utf8_len(c);
            let to = (at + len).min(end);
            (page.get(at..to).and_then(|s| s.chars().next()), to)
        }
    }
}

/// `n` hex digits at `at` as a number, when they are all there before `end`.
fn hex(b: &[u8], at: usize, n: usize, end: usize) -> Option<u32> {
    if n == 0 || at + n > end || n > 8 {
        return None;
    }
    let digits = std::str::from_utf8(b.get(at..at + n)?).ok()?;
    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// The length of the UTF-8 sequence a lead byte starts (1 for anything else).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(page: &str) -> Option<String> {
        best_embedded(page).map(|e| e.html)
    }

    #[test]
    fn double_quoted_with_escapes() {
        let page = r#"<div id="c"></div><script>var content = "<p class=\"t\">\u4e00\u3001\u603b\u4f53<\/p>\n<table><tr><td>a</td></tr></table>";</script>"#;
        let e = best_embedded(page).unwrap();
        assert_eq!(
            e.html,
            "<p class=\"t\">一、总体</p>\n<table><tr><td>a</td></tr></table>"
        );
        assert!(e.has_table);
        assert_eq!(e.line_starts.len(), 2);
        assert_eq!(&page[e.script.clone()][..8], "<script>");
    }

    #[test]
    fn concatenation_across_lines_and_appends() {
        let page = "<script>\nlet html = '<p>一</p>' +\n  '<p>二</p>'\n  + '<p>三</p>';\nhtml += '<p>四</p>';\nel.innerHTML = html;</script>";
        assert_eq!(best(page).unwrap(), "<p>一</p><p>二</p><p>三</p><p>四</p>");
    }

    #[test]
    fn template_literals_and_comments() {
        let page =
            "<script>// \"not a string\n/* 'nor this' */ el.innerHTML = `<p>多\n行</p>`;</script>";
        let e = best_embedded(page).unwrap();
        assert_eq!(e.html, "<p>多\n行</p>");
        assert_eq!(e.line_starts.len(), 2);
        assert_eq!(best("<script>x = `<p>${name}</p>`;</script>"), None);
    }

    #[test]
    fn strings_without_html_and_external_scripts_are_ignored() {
        assert_eq!(best("<script>var a = \"a < b\";</script>"), None);
        assert_eq!(
            best("<script src=\"a.js\">var a = '<p>x</p>';</script>"),
            None
        );
        assert_eq!(
            best("<script type=\"text/template\">'<p>x</p>'</script>"),
            None
        );
    }

    #[test]
    fn malformed_escapes_do_not_panic() {
        for page in [
            r#"<script>x = "<p>\u12</p>\x4"</script>"#,
            r#"<script>x = "<p>\u{110000}\u{</p>"</script>"#,
            r#"<script>x = "<p>\ud800 \udc00 \"#,
            "<script>x = '<p>cut off\n';</script>",
            "<script>x = \"<p>中文\\",
            "<script>x = '<p>\\u{12345678}</p>'",
            "<script",
            "<script>'",
        ] {
            let _ = best_embedded(page);
        }
        assert_eq!(
            best(r#"<script>x = "<p>\u12\q</p>"</script>"#).unwrap(),
            "<p>u12q</p>"
        );
        assert_eq!(
            best(r#"<script>x = "<p>\ud83d\ude00\ud800</p>"</script>"#).unwrap(),
            "<p>😀\u{FFFD}</p>"
        );
    }

    #[test]
    fn the_largest_html_string_wins() {
        let page =
            "<script>var nav = '<li>首页</li>'; var c = '<p>本机关2024年度报告正文</p>';</script>";
        assert_eq!(best(page).unwrap(), "<p>本机关2024年度报告正文</p>");
    }
}
