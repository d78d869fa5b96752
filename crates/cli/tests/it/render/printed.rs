//! What a PDF prints and where (`pdftotext -tsv`: each word with its page and box), and the check
//! that a rendered report is printed whole and in order: every title line, heading and paragraph
//! in reading order; every table row with its label and values on one line, left to right in the
//! template's column order; no row split over two pages; every group label (a merged cell such as
//! 三、本年度办理结果) printed whole on the page of all its rows; the header rows repeated on each
//! page a table continues on; and nothing printed that the report does not hold (page numbers
//! aside). Positions are compared with a tolerance and never against fixed coordinates, so the
//! check holds whatever fonts the machine substitutes.

use gongkai_render::grid::{self, Grid, GridCell};
use gongkai_render::page::Page;

/// Points of slack when comparing positions (baselines of mixed fonts differ by about 1.5 pt).
const SLACK: f64 = 2.0;

/// One item of the page in reading order.
pub enum Item {
    /// A title line, heading, paragraph, signature line or date.
    Flow(String),
    /// A table as the DOCX lays it out.
    Table(Grid),
}

/// The page's items in reading order: the title, each heading, paragraph and table, the
/// signature and the date.
pub fn items(page: &Page) -> Vec<Item> {
    let mut out: Vec<Item> = page.title.iter().cloned().map(Item::Flow).collect();
    for s in &page.sections {
        out.push(Item::Flow(s.heading.clone()));
        out.extend(s.before.iter().map(|p| Item::Flow(p.full())));
        out.extend(grid::stacked(&s.tables).into_iter().map(Item::Table));
        out.extend(s.after.iter().map(|p| Item::Flow(p.full())));
    }
    out.extend(page.signature.iter().cloned().map(Item::Flow));
    out.extend(page.date.iter().cloned().map(Item::Flow));
    out.retain(|i| !matches!(i, Item::Flow(t) if squeeze(t).is_empty()));
    out
}

/// Text without whitespace (LibreOffice spaces digits from Chinese; pdftotext splits there).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// A line of `pdftotext -tsv`: page, paragraph, block and line numbers.
type LineKey = (u32, u32, u32, u32);

/// One printed word: its page (from 1), box in points from the top left, and text.
#[derive(Debug, Clone)]
struct Word {
    page: u32,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// A place on the printed pages: a page and a height on it.
#[derive(Debug, Clone, Copy)]
struct Place {
    page: u32,
    y: f64,
}

/// Where some words are printed: their page and the box around them.
#[derive(Debug, Clone, Copy)]
struct Found {
    page: u32,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Found {
    fn of(words: &[&Word]) -> Found {
        let mut f = Found {
            page: words[0].page,
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
        };
        for w in words {
            f.x0 = f.x0.min(w.x0);
            f.y0 = f.y0.min(w.y0);
            f.x1 = f.x1.max(w.x1);
            f.y1 = f.y1.max(w.y1);
        }
        f
    }
}

/// A row as found: the page and the top and bottom of its single-row cells.
#[derive(Debug, Clone, Copy)]
struct RowBox {
    page: u32,
    top: f64,
    bottom: f64,
}

/// A merged cell spanning rows, found beside the first of them.
struct Spanning<'g> {
    cell: &'g GridCell,
    row: usize,
    at: Found,
}

/// The printed words of one PDF, each used at most once by the check.
pub struct Printed {
    words: Vec<Word>,
    /// Indices into `words` in reading order: page, then line, then left to right.
    order: Vec<usize>,
    used: Vec<bool>,
}

impl Printed {
    /// Reads `pdftotext -tsv` output; the page numbers (`— 2 —`) are left out.
    pub fn from_tsv(tsv: &str) -> Printed {
        // Words of one line share (page, paragraph, block, line) in the TSV.
        let mut lines: Vec<(LineKey, Vec<Word>)> = Vec::new();
        for row in tsv.lines().skip(1) {
            let f: Vec<&str> = row.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                continue;
            }
            let num = |i: usize| f[i].parse::<u32>().unwrap();
            let pt = |i: usize| f[i].parse::<f64>().unwrap();
            let key = (num(1), num(2), num(3), num(4));
            let word = Word {
                page: num(1),
                x0: pt(6),
                y0: pt(7),
                x1: pt(6) + pt(8),
                y1: pt(7) + pt(9),
                text: squeeze(f[11]),
            };
            match lines.last_mut() {
                Some((k, ws)) if *k == key => ws.push(word),
                _ => lines.push((key, vec![word])),
            }
        }
        let words: Vec<Word> = lines
            .into_iter()
            .filter(|(_, ws)| {
                !is_page_number(&ws.iter().map(|w| w.text.as_str()).collect::<String>())
            })
            .flat_map(|(_, ws)| ws)
            .filter(|w| !w.text.is_empty())
            .collect();
        let order = reading_order(&words);
        let used = vec![false; words.len()];
        Printed { words, order, used }
    }

    /// Checks the items against the printed words; the first problem is the error.
    pub fn check(&mut self, items: &[Item]) -> Result<(), String> {
        let mut at = Place { page: 1, y: 0.0 };
        for item in items {
            at = match item {
                Item::Flow(text) => self.flow(text, at)?,
                Item::Table(g) => self.table(g, at)?,
            };
        }
        let left: Vec<String> = self
            .order
            .iter()
            .filter(|&&i| !self.used[i])
            .map(|&i| {
                let w = &self.words[i];
                format!("page {} at {:.0} pt: {}", w.page, w.y0, w.text)
            })
            .collect();
        if left.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "printed but not in the report:\n{}",
                left.join("\n")
            ))
        }
    }

    /// A paragraph (or title line, heading …): the next unused words in reading order from `at`
    /// spell it, nothing skipped.
    fn flow(&mut self, text: &str, at: Place) -> Result<Place, String> {
        let want = squeeze(text);
        let mut got = String::new();
        let mut taken = Vec::new();
        for &i in &self.order {
            let w = &self.words[i];
            if self.used[i] || !after(w, at) {
                continue;
            }
            if !want[got.len()..].starts_with(&w.text) {
                break;
            }
            got.push_str(&w.text);
            taken.push(i);
            if got.len() == want.len() {
                break;
            }
        }
        if got.len() < want.len() || taken.is_empty() {
            let next: String = self
                .order
                .iter()
                .filter(|&&i| !self.used[i] && after(&self.words[i], at))
                .take(8)
                .map(|&i| self.words[i].text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            return Err(format!(
                "{want:?} is not printed next (page {}, from {:.0} pt); matched {got:?}, then: {next}",
                at.page, at.y
            ));
        }
        for &i in &taken {
            self.used[i] = true;
        }
        let last = &self.words[*taken.last().unwrap()];
        Ok(Place {
            page: last.page,
            y: last.y0,
        })
    }

    /// A table: each row found in turn below the one before (header rows again at the top of
    /// each further page), then every merged cell checked against the rows it spans.
    fn table(&mut self, g: &Grid, at: Place) -> Result<Place, String> {
        let mut rows: Vec<Option<RowBox>> = Vec::new();
        let mut spanning = Vec::new();
        let mut at = at;
        let mut last: Option<RowBox> = None;
        for r in 0..g.rows.len() {
            let Some(row) = self.row(g, r, at, &mut spanning)? else {
                rows.push(None);
                continue;
            };
            if let Some(prev) = last {
                if row.page == prev.page && row.top <= prev.top {
                    return Err(format!("{}: printed above the row before it", name(g, r)));
                }
                if row.page > prev.page && r <= g.header_rows {
                    return Err(format!(
                        "{}: the header rows are cut from the first row (page {} → {})",
                        name(g, r),
                        prev.page,
                        row.page
                    ));
                }
                if row.page > prev.page && g.header_rows > 0 {
                    self.repeated_header(g, row)?;
                }
            }
            at = Place {
                page: row.page,
                y: row.top,
            };
            rows.push(Some(row));
            last = Some(row);
        }
        check_spanning(g, &rows, &spanning)?;
        Ok(last.map_or(at, |r| Place {
            page: r.page,
            y: r.bottom,
        }))
    }

    /// The header rows, printed again above the first row on a new page.
    fn repeated_header(&mut self, g: &Grid, row: RowBox) -> Result<(), String> {
        let top = Place {
            page: row.page,
            y: 0.0,
        };
        let mut rows = Vec::new();
        let mut spanning = Vec::new();
        let missing = |why: String| {
            format!(
                "the header rows are not repeated above {} on page {}: {why}",
                name(g, g.header_rows),
                row.page
            )
        };
        for h in 0..g.header_rows {
            let header = self.row(g, h, top, &mut spanning).map_err(missing)?;
            if let Some(header) = header
                && (header.page != row.page || header.bottom > row.top + SLACK)
            {
                return Err(missing(format!("{} is not above it", name(g, h))));
            }
            rows.push(header);
        }
        check_spanning(g, &rows, &spanning)
    }

    /// One row: its first single-row cell found after `at`, the others on the same line to its
    /// right in column order, then its merged cells between their neighbours. `None` when the
    /// row prints nothing (all blank).
    fn row<'g>(
        &mut self,
        g: &'g Grid,
        r: usize,
        at: Place,
        spanning: &mut Vec<Spanning<'g>>,
    ) -> Result<Option<RowBox>, String> {
        let cells: Vec<&GridCell> = g.rows[r]
            .iter()
            .filter(|c| !squeeze(&c.text).is_empty())
            .collect();
        let singles: Vec<usize> = (0..cells.len())
            .filter(|&i| cells[i].rowspan == 1)
            .collect();
        let Some(&anchor) = singles.first() else {
            return if cells.is_empty() {
                Ok(None)
            } else {
                Err(format!("{}: a row of merged cells only", name(g, r)))
            };
        };
        let mut found: Vec<Option<Found>> = vec![None; cells.len()];
        let first = self
            .blocks(&cells[anchor].text)
            .into_iter()
            .find(|b| after(&self.words[b[0]], at))
            .ok_or_else(|| {
                format!(
                    "{}: {:?} is not printed after page {} {:.0} pt",
                    name(g, r),
                    cells[anchor].text,
                    at.page,
                    at.y
                )
            })?;
        self.take(&first);
        found[anchor] = Some(Found::of(&self.refs(&first)));
        let mut band = found[anchor].unwrap();
        for &i in &singles[1..] {
            let left = found[..i]
                .iter()
                .flatten()
                .map(|f| f.x1)
                .fold(f64::MIN, f64::max);
            let pick = self
                .blocks(&cells[i].text)
                .into_iter()
                .map(|b| {
                    let f = Found::of(&self.refs(&b));
                    (b, f)
                })
                .filter(|(_, f)| {
                    f.page == band.page
                        && f.x0 >= left - SLACK
                        && f.y0.max(band.y0) < f.y1.min(band.y1)
                })
                .min_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
            let Some((block, f)) = pick else {
                return Err(format!(
                    "{}: {:?} is not printed on the line of {:?} to its right (page {}, {:.0}–{:.0} pt)",
                    name(g, r),
                    cells[i].text,
                    cells[anchor].text,
                    band.page,
                    band.y0,
                    band.y1
                ));
            };
            self.take(&block);
            found[i] = Some(f);
            band.y0 = band.y0.max(f.y0);
            band.y1 = band.y1.min(f.y1);
        }
        let singles_found: Vec<Found> = singles.iter().map(|&i| found[i].unwrap()).collect();
        let row = RowBox {
            page: band.page,
            top: singles_found.iter().map(|f| f.y0).fold(f64::MAX, f64::min),
            bottom: singles_found.iter().map(|f| f.y1).fold(f64::MIN, f64::max),
        };
        for i in (0..cells.len()).filter(|&i| cells[i].rowspan > 1) {
            let left = found[..i]
                .iter()
                .flatten()
                .map(|f| f.x1)
                .fold(f64::MIN, f64::max);
            let right = found[i + 1..]
                .iter()
                .flatten()
                .map(|f| f.x0)
                .fold(f64::MAX, f64::min);
            let pick = self
                .blocks(&cells[i].text)
                .into_iter()
                .map(|b| {
                    let f = Found::of(&self.refs(&b));
                    (b, f)
                })
                .find(|(_, f)| {
                    f.page == row.page
                        && f.y0 >= row.top - SLACK
                        && f.x0 >= left - SLACK
                        && f.x1 <= right + SLACK
                });
            let Some((block, f)) = pick else {
                return Err(format!(
                    "{}: the merged cell {:?} is not printed whole beside it (page {}, below {:.0} pt)",
                    name(g, r),
                    cells[i].text,
                    row.page,
                    row.top
                ));
            };
            self.take(&block);
            found[i] = Some(f);
            spanning.push(Spanning {
                cell: cells[i],
                row: r,
                at: f,
            });
        }
        Ok(Some(row))
    }

    fn refs(&self, block: &[usize]) -> Vec<&Word> {
        block.iter().map(|&i| &self.words[i]).collect()
    }

    fn take(&mut self, block: &[usize]) {
        for &i in block {
            self.used[i] = true;
        }
    }

    /// Every way the unused words spell `text` as one cell's lines, in reading order of their
    /// first word: words side by side on a line, lines stacked one below the other within the
    /// column, all on one page.
    fn blocks(&self, text: &str) -> Vec<Vec<usize>> {
        let want = squeeze(text);
        let mut out = Vec::new();
        for &i in &self.order {
            if !self.used[i] && want.starts_with(&self.words[i].text) {
                let mut block = vec![i];
                if self.extend(&want[self.words[i].text.len()..], &mut block) {
                    out.push(block);
                }
            }
        }
        out
    }

    fn extend(&self, rest: &str, block: &mut Vec<usize>) -> bool {
        if rest.is_empty() {
            return true;
        }
        let last = &self.words[*block.last().unwrap()];
        let start = &self.words[block[0]];
        let line = block
            .iter()
            .map(|&i| &self.words[i])
            .filter(|w| overlap_y(w, last));
        let line_x0 = line.clone().map(|w| w.x0).fold(f64::MAX, f64::min);
        let line_x1 = line.map(|w| w.x1).fold(f64::MIN, f64::max);
        for &j in &self.order {
            let w = &self.words[j];
            if self.used[j]
                || block.contains(&j)
                || w.page != start.page
                || !rest.starts_with(&w.text)
            {
                continue;
            }
            let beside =
                overlap_y(w, last) && w.x0 >= last.x1 - SLACK && w.x0 - last.x1 <= last.height();
            let below = w.y0 > last.y0 + last.height() / 2.0
                && w.y0 < last.y1 + last.height()
                && w.x0 < line_x1
                && w.x1 > line_x0;
            if beside || below {
                block.push(j);
                if self.extend(&rest[w.text.len()..], block) {
                    return true;
                }
                block.pop();
            }
        }
        false
    }
}

/// Every merged cell lies on the page of all the rows it spans, within their height.
fn check_spanning(g: &Grid, rows: &[Option<RowBox>], spanning: &[Spanning]) -> Result<(), String> {
    for s in spanning {
        let covered = &rows[s.row..s.row + s.cell.rowspan];
        for (k, row) in covered.iter().enumerate() {
            let Some(row) = row else { continue };
            if row.page != s.at.page {
                return Err(format!(
                    "group label {:?} is printed on page {}, its row {} on page {}",
                    s.cell.text,
                    s.at.page,
                    name(g, s.row + k),
                    row.page
                ));
            }
        }
        let first = covered.iter().flatten().next();
        let end = covered.iter().flatten().last();
        if let (Some(first), Some(end)) = (first, end)
            && (s.at.y0 < first.top - SLACK || s.at.y1 > end.bottom + SLACK)
        {
            return Err(format!(
                "{:?} is printed outside its rows ({:.0}–{:.0} pt, rows {:.0}–{:.0} pt, page {})",
                s.cell.text, s.at.y0, s.at.y1, first.top, end.bottom, s.at.page
            ));
        }
    }
    Ok(())
}

/// Whether two words share most of a line's height.
fn overlap_y(a: &Word, b: &Word) -> bool {
    a.y1.min(b.y1) - a.y0.max(b.y0) > a.height().min(b.height()) / 2.0
}

fn after(w: &Word, at: Place) -> bool {
    w.page > at.page || (w.page == at.page && w.y0 >= at.y - SLACK)
}

/// `— 2 —` and its variants.
fn is_page_number(line: &str) -> bool {
    line.strip_prefix('—')
        .and_then(|l| l.strip_suffix('—'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Words sorted by page, then line (words whose heights overlap, top to bottom), then left to
/// right.
fn reading_order(words: &[Word]) -> Vec<usize> {
    let mut by_top: Vec<usize> = (0..words.len()).collect();
    by_top.sort_by(|&a, &b| {
        let (a, b) = (&words[a], &words[b]);
        (a.page, a.y0 + a.y1)
            .partial_cmp(&(b.page, b.y0 + b.y1))
            .unwrap()
    });
    let mut line = vec![0usize; words.len()];
    let mut n = 0;
    let mut head: Option<usize> = None;
    for &i in &by_top {
        let w = &words[i];
        match head {
            Some(h) if words[h].page == w.page && overlap_y(&words[h], w) => {}
            _ => {
                n += 1;
                head = Some(i);
            }
        }
        line[i] = n;
    }
    let mut order = by_top;
    order.sort_by(|&a, &b| {
        (line[a], words[a].x0)
            .partial_cmp(&(line[b], words[b].x0))
            .unwrap()
    });
    order
}

/// A row named by its first cell's text, for messages.
fn name(g: &Grid, r: usize) -> String {
    let first = g.rows[r]
        .iter()
        .find(|c| c.rowspan == 1 && !c.text.trim().is_empty())
        .map_or("", |c| c.text.as_str());
    format!("{} row {} ({first})", g.caption, r + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_render::grid::Role;

    /// A table of three columns: a header row, then a group label over two rows, each with its
    /// label and one value.
    fn grid() -> Grid {
        let c = |text: &str, col, rowspan, role| GridCell {
            text: text.to_string(),
            col,
            colspan: 1,
            rowspan,
            role,
            span: None,
        };
        Grid {
            widths: vec![1, 1, 1],
            rows: vec![
                vec![
                    c("分组", 0, 1, Role::ColumnHeader),
                    c("项目", 1, 1, Role::ColumnHeader),
                    c("数量", 2, 1, Role::ColumnHeader),
                ],
                vec![
                    c("第一组", 0, 2, Role::RowGroup),
                    c("甲", 1, 1, Role::RowHeader),
                    c("1", 2, 1, Role::Value),
                ],
                vec![c("乙", 1, 1, Role::RowHeader), c("20", 2, 1, Role::Value)],
            ],
            header_rows: 1,
            groups: vec![1],
            caption: "表".to_string(),
        }
    }

    /// `pdftotext -tsv` lines for words given as (page, x, y, text), 10 pt high; words at the
    /// same height share a line.
    fn tsv(words: &[(u32, f64, f64, &str)]) -> String {
        let mut out = String::from(
            "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        for (page, x, y, text) in words {
            let w = 10.0 * text.chars().count() as f64;
            let line = *y as u32;
            out.push_str(&format!(
                "5\t{page}\t0\t0\t{line}\t0\t{x}\t{y}\t{w}\t10\t100\t{text}\n"
            ));
        }
        out
    }

    fn check(words: &[(u32, f64, f64, &str)]) -> Result<(), String> {
        let items = [Item::Flow("表 题".to_string()), Item::Table(grid())];
        Printed::from_tsv(&tsv(words)).check(&items)
    }

    const TITLE: (u32, f64, f64, &str) = (1, 100.0, 50.0, "表题");
    const HEADER: [(u32, f64, f64, &str); 3] = [
        (1, 100.0, 100.0, "分组"),
        (1, 200.0, 100.0, "项目"),
        (1, 300.0, 100.0, "数量"),
    ];

    #[test]
    fn a_table_printed_in_place_passes() {
        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 127.0, "第一"),
            (1, 105.0, 138.0, "组"),
            (1, 200.0, 121.0, "甲"),
            (1, 300.0, 120.0, "1"),
            (1, 200.0, 141.0, "乙"),
            (1, 300.0, 140.0, "2"),
            (1, 310.0, 140.0, "0"),
            (1, 290.0, 800.0, "—"),
            (1, 300.0, 800.0, "1"),
            (1, 310.0, 800.0, "—"),
        ]);
        check(&words).unwrap();
    }

    #[test]
    fn values_out_of_their_row_or_order_fail() {
        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 130.0, "第一组"),
            (1, 200.0, 120.0, "甲"),
            (1, 300.0, 140.0, "1"),
            (1, 200.0, 140.0, "乙"),
            (1, 300.0, 120.0, "20"),
        ]);
        let e = check(&words).unwrap_err();
        assert!(
            e.contains("\"1\" is not printed on the line of \"甲\""),
            "{e}"
        );

        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 130.0, "第一组"),
            (1, 200.0, 120.0, "甲"),
            (1, 300.0, 120.0, "1"),
            (1, 150.0, 140.0, "20"),
            (1, 200.0, 140.0, "乙"),
        ]);
        let e = check(&words).unwrap_err();
        assert!(
            e.contains("\"20\" is not printed on the line of \"乙\""),
            "{e}"
        );
    }

    #[test]
    fn a_group_label_cut_from_its_rows_fails() {
        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 120.0, "第一"),
            (2, 100.0, 100.0, "组"),
            (1, 200.0, 120.0, "甲"),
            (1, 300.0, 120.0, "1"),
            (2, 100.0, 50.0, "分组"),
            (2, 200.0, 50.0, "项目"),
            (2, 300.0, 50.0, "数量"),
            (2, 200.0, 100.0, "乙"),
            (2, 300.0, 100.0, "20"),
        ]);
        let e = check(&words).unwrap_err();
        assert!(e.contains("\"第一组\" is not printed whole"), "{e}");

        // Whole, but on the page of its first row only.
        words[4] = (1, 100.0, 120.0, "第一组");
        words.remove(5);
        let e = check(&words).unwrap_err();
        assert!(e.contains("printed on page 1, its row"), "{e}");
    }

    #[test]
    fn a_table_continued_without_its_header_fails() {
        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 120.0, "甲"),
            (1, 200.0, 120.0, "甲"),
            (1, 300.0, 120.0, "1"),
        ]);
        // The group's label is wrong ("甲"), then fixed; the second row goes to page 2.
        let e = check(&words).unwrap_err();
        assert!(e.contains("\"第一组\""), "{e}");
        words[4] = (1, 100.0, 120.0, "第一组");
        words.extend([(2, 200.0, 100.0, "乙"), (2, 300.0, 100.0, "20")]);
        let e = check(&words).unwrap_err();
        assert!(e.contains("the header rows are not repeated"), "{e}");
    }

    #[test]
    fn text_out_of_order_or_extra_fails() {
        let mut words = vec![(1, 100.0, 50.0, "题表")];
        words.extend(HEADER);
        let e = check(&words).unwrap_err();
        assert!(e.contains("\"表题\" is not printed next"), "{e}");

        let mut words = vec![TITLE];
        words.extend(HEADER);
        words.extend([
            (1, 100.0, 130.0, "第一组"),
            (1, 200.0, 120.0, "甲"),
            (1, 300.0, 120.0, "1"),
            (1, 200.0, 140.0, "乙"),
            (1, 300.0, 140.0, "20"),
            (1, 350.0, 140.0, "7"),
        ]);
        let e = check(&words).unwrap_err();
        assert!(
            e.contains("printed but not in the report") && e.contains(": 7"),
            "{e}"
        );
    }
}
