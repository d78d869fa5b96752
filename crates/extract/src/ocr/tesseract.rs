//! Tesseract, run as the `tesseract` program (Debian's `tesseract-ocr` with the simplified
//! Chinese model `tesseract-ocr-chi-sim`): a page goes in on standard input as a PGM image,
//! words come back as TSV with their boxes and confidences. Nothing is linked: where Tesseract
//! is not installed the binary still starts and reads everything else, and a scan gets an error
//! that says how to install it. The program name can be changed with `GONGKAI_TESSERACT`.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::image::Gray;

/// A recognised word: its text, its box in pixels, and Tesseract's confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub text: String,
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
    pub confidence: f32,
}

/// Why recognition could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OcrError {
    /// The program is not installed, or lacks the Chinese model (what was found).
    Unavailable(String),
    /// The program failed on the page (what it said).
    Failed(String),
    /// The page took longer than the limit.
    Timeout,
}

/// The language models used: simplified Chinese (its model reads digits and Latin too).
const LANGUAGES: &str = "chi_sim";

fn program() -> String {
    std::env::var("GONGKAI_TESSERACT").unwrap_or_else(|_| "tesseract".to_string())
}

/// Checks that the program runs and has the Chinese model.
pub(crate) fn available() -> Result<(), OcrError> {
    let out = Command::new(program())
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| OcrError::Unavailable(format!("tesseract: {e}")))?;
    let listed = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(OcrError::Unavailable(
            "tesseract --list-langs failed".to_string(),
        ));
    }
    if !listed.lines().any(|l| l.trim() == LANGUAGES) {
        return Err(OcrError::Unavailable(
            "tesseract has no chi_sim model".to_string(),
        ));
    }
    Ok(())
}

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Chinese text with numbers.
    Text,
    /// Numbers only (the English model, digits and number punctuation).
    Digits,
}

/// Recognises the words of a sheet at `dpi`, as one block of text lines, within `timeout`.
pub(crate) fn recognise(
    page: &Gray,
    dpi: f32,
    mode: Mode,
    timeout: Duration,
) -> Result<Vec<Word>, OcrError> {
    let mut command = Command::new(program());
    command.args(["stdin", "stdout", "--psm", "6", "--dpi"]);
    command.arg(format!("{}", dpi.round().clamp(70.0, 1200.0)));
    match mode {
        Mode::Text => command.args(["-l", LANGUAGES]),
        Mode::Digits => {
            command.args(["-l", "eng", "-c", "tessedit_char_whitelist=0123456789.,-+%"])
        }
    };
    let mut child = command
        .arg("tsv")
        // One thread a page: pages are recognised side by side instead.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OcrError::Unavailable(format!("tesseract: {e}")))?;
    let mut pgm = format!("P5\n{} {}\n255\n", page.width, page.height).into_bytes();
    pgm.extend_from_slice(&page.data);
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let read_all = |pipe: Option<&mut dyn Read>| {
        let mut out = Vec::new();
        if let Some(p) = pipe {
            let _ = p.read_to_end(&mut out);
        }
        out
    };
    let (status, output, errors) = std::thread::scope(|s| {
        s.spawn(move || {
            if let Some(i) = stdin.as_mut() {
                // A page the program refuses closes the pipe early: its status says why.
                let _ = i.write_all(&pgm);
            }
        });
        let reader = s.spawn(|| read_all(stdout.as_mut().map(|o| o as &mut dyn Read)));
        let err_reader = s.spawn(|| read_all(stderr.as_mut().map(|o| o as &mut dyn Read)));
        // Wait with a deadline; a page that runs over is stopped.
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if started.elapsed() > timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(OcrError::Timeout);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => break Err(OcrError::Failed(e.to_string())),
            }
        };
        let output = reader.join().unwrap_or_default();
        let errors = err_reader.join().unwrap_or_default();
        (status, output, errors)
    });
    if !status?.success() {
        return Err(OcrError::Failed(
            String::from_utf8_lossy(&errors).trim().to_string(),
        ));
    }
    Ok(parse_tsv(&String::from_utf8_lossy(&output)))
}

/// The words of Tesseract's TSV output (level 5 rows with text), each given the height of its
/// line (level 4): a word's own box is as tall as its ink (`一`, `、`), its line's is not. A
/// word's box that runs over the next word of its line (the Chinese model sometimes gives `规范`
/// a box to the end of the `性` after it) ends where the next word begins: the characters are
/// placed within their word's box, and would otherwise come out of order (`规性范`). Chinese has
/// no spaces: a gap of less than a character between words where Chinese meets is closed, so
/// that no space is read into `主动公开`; wider gaps (columns) stay.
pub(crate) fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut line: Option<(usize, usize)> = None;
    // Where the current line's words begin in `out`.
    let mut line_start = 0;
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let number = |i: usize| f[i].trim().parse::<usize>().ok();
        let (Some(x), Some(y), Some(width), Some(height)) =
            (number(6), number(7), number(8), number(9))
        else {
            continue;
        };
        match f[0] {
            "4" => {
                line = Some((y, height));
                line_start = out.len();
            }
            "5" => {
                let text = f[11].trim();
                let Ok(confidence) = f[10].trim().parse::<f32>() else {
                    continue;
                };
                if text.is_empty() || confidence < 0.0 {
                    continue;
                }
                // The word's box, stretched to its line's top and bottom.
                let (y, height) = match line {
                    Some((ly, lh)) if ly <= y && y + height <= ly + lh => (ly, lh),
                    _ => (y, height),
                };
                if out.len() > line_start
                    && let Some(before) = out.last_mut()
                    && before.x < x
                {
                    let end = before.x + before.width;
                    let chinese = !text.starts_with(|c: char| c.is_ascii())
                        || !before.text.ends_with(|c: char| c.is_ascii());
                    // Overlapping, or apart by less than a character where Chinese meets: the
                    // recogniser split a run of text that has no space (`主 动公开`).
                    if end > x || (chinese && (x - end) * 10 < height * 9) {
                        before.width = x - before.x;
                    }
                }
                out.push(Word {
                    text: text.to_string(),
                    x,
                    y,
                    width,
                    height,
                    confidence,
                });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_from_level_five_rows() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
            4\t1\t1\t1\t1\t0\t100\t190\t400\t60\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t200\t80\t40\t96.5\t规章\n\
            5\t1\t1\t1\t1\t2\t300\t200\t20\t40\t41.2\t3\n\
            5\t1\t1\t1\t1\t3\t300\t200\t20\t40\t95\t \n";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "规章");
        assert_eq!((words[1].x, words[1].y, words[1].height), (300, 190, 60));
        assert!((words[1].confidence - 41.2).abs() < 0.01);
    }

    #[test]
    fn a_box_running_over_the_next_word_of_its_line_ends_where_it_begins() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            4\t1\t1\t1\t1\t0\t20\t3000\t400\t45\t-1\t\n\
            5\t1\t1\t1\t1\t1\t25\t3008\t144\t27\t96.2\t规范\n\
            5\t1\t1\t1\t1\t2\t94\t3003\t32\t45\t96.9\t性\n\
            4\t1\t1\t1\t2\t0\t20\t3100\t400\t45\t-1\t\n\
            5\t1\t1\t1\t2\t1\t25\t3108\t300\t27\t96.2\t文件\n\
            5\t1\t1\t1\t1\t2\t24\t3103\t32\t45\t96.9\t5\n";
        let words = parse_tsv(tsv);
        assert_eq!((words[0].x, words[0].width), (25, 69));
        assert_eq!((words[1].x, words[1].width), (94, 32));
        // A word that begins before the one before it is left as it is.
        assert_eq!(words[2].width, 300);
    }

    #[test]
    fn a_small_gap_where_chinese_meets_is_closed_and_a_column_gap_stays() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            4\t1\t1\t1\t1\t0\t20\t100\t900\t30\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t100\t60\t30\t96\t二、主\n\
            5\t1\t1\t1\t1\t2\t180\t100\t120\t30\t96\t动公开\n\
            5\t1\t1\t1\t1\t3\t400\t100\t30\t30\t96\t表\n\
            5\t1\t1\t1\t1\t4\t440\t100\t40\t30\t96\tAB\n\
            5\t1\t1\t1\t1\t5\t490\t100\t40\t30\t96\tCD\n";
        let words = parse_tsv(tsv);
        // 20 pixels apart (less than a 30-pixel character): closed.
        assert_eq!(words[0].width, 80);
        // 100 pixels apart: a column.
        assert_eq!(words[1].width, 120);
        // Latin words keep their space.
        assert_eq!(words[3].width, 40);
    }
}
