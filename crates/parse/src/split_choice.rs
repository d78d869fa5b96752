//! Choosing one split of table 二's run-together digits (`行政规范性文件123240`) on evidence.
//! Table 二 has no identity, so a run that splits in several ways is left unresolved unless
//! something outside the run rules out all splits but one: the report's own narrative
//! ("本年制发行政规范性文件12件，废止3件，现行有效240件"), last year's report of the same agency
//! (现行有效 last year + 制发 − 废止 this year), and relations every report obeys (现行有效 ≥
//! 制发 − 废止). A run that could also leave some cells blank (blank is not zero) has those
//! readings among its candidates ([`candidates`]), and the evidence must rule them out too: a
//! blank cell is an unknown the narrative cannot confirm and last year's report cannot pin down,
//! so a reading with a blank cell is never the one taken.
//! What decided is recorded in the row's [`SplitChoice`]; the cells keep their part of the
//! digits as printed. Evidence that contradicts every split decides nothing.

use std::ops::Range;

use gongkai_model::labels::{
    ACTIVE_NARRATIVE_COLUMNS, ACTIVE_NARRATIVE_NOT_ROWS, ACTIVE_NARRATIVE_ROWS, ActiveRowSpec,
    ColumnKind, active_rows,
};
use gongkai_model::{Report, SourceId, Span, SplitChoice, SplitEvidence, Value};

use crate::norm::Normalized;
use crate::runs::{MAX_CANDIDATES, Split, splits};

/// Every reading of `run` into the columns `kinds`: the splits into all the columns, then the
/// splits into some of them with the others blank ([`blank_readings`]). `None` when there are
/// more than [`MAX_CANDIDATES`].
pub(crate) fn candidates(run: &str, kinds: &[ColumnKind]) -> Option<Vec<Split>> {
    let mut out = splits(run, kinds)?;
    out.extend(blank_readings(run, kinds)?);
    (out.len() <= MAX_CANDIDATES).then_some(out)
}

/// The readings of `run` into some but not all of the columns `kinds`, the others blank (none
/// when spaces fix the cells, or there is one column). `None` when there are more than
/// [`MAX_CANDIDATES`].
pub(crate) fn blank_readings(run: &str, kinds: &[ColumnKind]) -> Option<Vec<Split>> {
    let mut out = Vec::new();
    if kinds.len() < 2 || run.trim().contains(' ') {
        return Some(out);
    }
    let full = (1usize << kinds.len()) - 1;
    for keep in 1..full {
        let kept: Vec<ColumnKind> = (0..kinds.len())
            .filter(|i| keep & (1 << i) != 0)
            .map(|i| kinds[i])
            .collect();
        for split in splits(run, &kept)? {
            let mut cells = split.into_iter();
            let mut at = 0;
            let mut reading = Split::with_capacity(kinds.len());
            for i in 0..kinds.len() {
                if keep & (1 << i) != 0 {
                    let (value, range) = cells.next()?;
                    at = range.end;
                    reading.push((value, range));
                } else {
                    // A blank cell: nothing printed, a zero-width place after the cell before.
                    reading.push((Value::Blank, at..at));
                }
            }
            out.push(reading);
            if out.len() > MAX_CANDIDATES {
                return None;
            }
        }
    }
    Some(out)
}

/// A value the narrative states for one column of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    /// The column's index in the row's spec.
    column: usize,
    value: i64,
    span: Span,
}

/// Last year's row, which carries this year's on.
pub(crate) type Previous<'a> = Option<&'a [gongkai_model::Cell]>;

/// The narrative's statements about `spec`'s row in `text`, outside the table row whose label
/// starts at `label_at`. A column stated twice with different values is dropped.
pub(crate) fn narrative_facts(
    text: &str,
    spec: &ActiveRowSpec,
    label_at: usize,
    source: SourceId,
) -> Vec<Fact> {
    let Some(&(_, word)) = ACTIVE_NARRATIVE_ROWS.iter().find(|(r, _)| *r == spec.row) else {
        return Vec::new();
    };
    let others: Vec<&str> = ACTIVE_NARRATIVE_ROWS
        .iter()
        .filter(|(r, _)| *r != spec.row)
        .map(|(_, w)| *w)
        .collect();
    let mut facts: Vec<Fact> = Vec::new();
    let mut conflicting: Vec<usize> = Vec::new();
    for sentence in pieces(text, 0..text.len(), &['。', '；', ';', '\n']) {
        let s = &text[sentence.clone()];
        if !names(s, word) || others.iter().any(|o| names(s, o)) || sentence.contains(&label_at) {
            continue;
        }
        for clause in pieces(text, sentence, &['，', ',', '、']) {
            let Some((column, value, span)) = stated(text, clause, spec, source) else {
                continue;
            };
            match facts.iter().find(|f| f.column == column) {
                Some(f) if f.value != value => conflicting.push(column),
                Some(_) => {}
                None => facts.push(Fact {
                    column,
                    value,
                    span,
                }),
            }
        }
    }
    facts.retain(|f| !conflicting.contains(&f.column));
    facts
}

/// Whether `sentence` names the row `word` stands for: the word occurs outside the compounds
/// that name no row (`规章制度`).
fn names(sentence: &str, word: &str) -> bool {
    sentence.match_indices(word).any(|(i, _)| {
        !ACTIVE_NARRATIVE_NOT_ROWS.iter().any(|c| {
            c.find(word)
                .is_some_and(|at| i >= at && sentence[i - at..].starts_with(c))
        })
    })
}

/// The column a clause names (exactly one) and the count it states for it: the first number
/// after the column word, followed by 件.
fn stated(
    text: &str,
    clause: Range<usize>,
    spec: &ActiveRowSpec,
    source: SourceId,
) -> Option<(usize, i64, Span)> {
    let c = &text[clause.clone()];
    let mut named = ACTIVE_NARRATIVE_COLUMNS.iter().filter_map(|(key, words)| {
        let column = spec.columns.iter().position(|col| col.0 == *key)?;
        let end = words
            .iter()
            .filter_map(|w| c.find(w).map(|i| i + w.len()))
            .min()?;
        Some((column, end))
    });
    let (column, after) = named.next()?;
    if named.next().is_some() {
        return None;
    }
    let rest = &c[after..];
    let start = rest.find(|ch: char| digit(ch).is_some())?;
    let digits: String = rest[start..].chars().map_while(digit).collect();
    let end = start
        + rest[start..]
            .chars()
            .take_while(|&ch| digit(ch).is_some())
            .map(char::len_utf8)
            .sum::<usize>();
    if !rest[end..].trim_start().starts_with('件') || digits.len() > 12 {
        return None;
    }
    let value = digits.parse().ok()?;
    let at = clause.start + after;
    Some((column, value, Span::new(source, at + start, at + end)))
}

/// An ASCII or full-width digit as an ASCII one.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The stretches of `text[range]` between the separators.
fn pieces<'a>(
    text: &'a str,
    range: Range<usize>,
    seps: &'a [char],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let base = range.start;
    text[range].split_inclusive(seps).scan(base, |at, piece| {
        let r = *at..*at + piece.len();
        *at += piece.len();
        Some(r)
    })
}

/// The one split that the evidence leaves among the readings `all` (blank ones included, see
/// [`candidates`]), with the evidence that ruled the others out; `None` when no evidence
/// decides, the evidence rules out every reading, or the one left has a blank cell.
pub(crate) fn choose(
    all: &[Split],
    spec: &ActiveRowSpec,
    facts: &[Fact],
    previous: Previous<'_>,
) -> Option<(usize, Vec<SplitEvidence>)> {
    let column = |key: &str| spec.columns.iter().position(|c| c.0 == key);
    let count = |s: &Split, c: usize| s.get(c).and_then(|(v, _)| v.count());
    let mut alive: Vec<usize> = (0..all.len()).collect();
    let mut evidence = Vec::new();
    // The narrative.
    if !facts.is_empty() {
        alive.retain(|&i| {
            facts
                .iter()
                .all(|f| count(&all[i], f.column) == Some(f.value))
        });
    }
    if alive.len() < all.len() {
        evidence.extend(facts.iter().map(|f| SplitEvidence::Narrative {
            column: spec.columns[f.column].0.to_string(),
            value: f.value,
            span: f.span,
        }));
    }
    // Last year's report.
    if alive.len() > 1
        && let Some(prev) = previous
        && let Some((fixed, value, span, holds)) = carried_on(spec, prev)
    {
        let before = alive.len();
        alive.retain(|&i| holds(&all[i]));
        if alive.len() < before {
            evidence.push(SplitEvidence::PreviousYear {
                column: spec.columns[fixed].0.to_string(),
                value,
                span,
            });
        }
    }
    // Relations every report obeys.
    let before = alive.len();
    let (made, repealed, in_force) = (column("made"), column("repealed"), column("in_force"));
    let (published, total) = (column("published"), column("total"));
    let (prev, change) = (column("prev"), column("change"));
    alive.retain(|&i| {
        let s = &all[i];
        let at_least = |big: Option<usize>, small: i64| {
            big.and_then(|c| count(s, c)).is_none_or(|b| b >= small)
        };
        let docs_2021 = match (
            made.and_then(|c| count(s, c)),
            repealed.and_then(|c| count(s, c)),
        ) {
            (Some(m), Some(r)) => at_least(in_force, m - r),
            _ => true,
        };
        let docs_2019 = published
            .and_then(|c| count(s, c))
            .is_none_or(|p| at_least(total, p));
        let items = match (
            prev.and_then(|c| count(s, c)),
            change.and_then(|c| count(s, c)),
        ) {
            (Some(p), Some(c)) => p + c >= 0,
            _ => true,
        };
        docs_2021 && docs_2019 && items
    });
    if alive.len() < before {
        evidence.push(SplitEvidence::Ordering);
    }
    // A reading with blank cells is never taken: a blank cell escapes every relation, so it
    // may outlive the splits the evidence could test without being shown right.
    let full = |i: usize| all[i].iter().all(|(v, _)| *v != Value::Blank);
    (alive.len() == 1 && !evidence.is_empty() && full(alive[0])).then(|| (alive[0], evidence))
}

/// A relation to last year's row: the column it fixes, last year's value, where it is printed,
/// and the test a split must pass.
type CarriedOn = (usize, i64, Span, Box<dyn Fn(&Split) -> bool>);

/// How this year's row continues last year's: 现行有效 = last year's + 制发 − 废止 (2021);
/// 对外公开总数量 = last year's + 本年新公开 (2019); 上一年项目数量 = last year's 上一年项目数量 +
/// 本年增/减 (2019's items).
fn carried_on(spec: &ActiveRowSpec, prev: &[gongkai_model::Cell]) -> Option<CarriedOn> {
    let column = |key: &str| spec.columns.iter().position(|c| c.0 == key);
    let last = |c: usize| {
        prev.get(c)
            .and_then(|cell| Some((cell.value.count()?, cell.span)))
    };
    let count = |s: &Split, c: usize| s.get(c).and_then(|(v, _)| v.count());
    if let (Some(made), Some(repealed), Some(in_force)) =
        (column("made"), column("repealed"), column("in_force"))
    {
        let (before, span) = last(in_force)?;
        return Some((
            in_force,
            before,
            span,
            Box::new(move |s: &Split| {
                // A blank cell is an unknown count: the split stays unless no count ≥ 0 in
                // its place makes the relation hold.
                match (count(s, made), count(s, repealed), count(s, in_force)) {
                    (Some(m), Some(r), Some(f)) => f == before + m - r,
                    (None, Some(r), Some(f)) => f - before + r >= 0,
                    (Some(m), None, Some(f)) => before + m - f >= 0,
                    (Some(m), Some(r), None) => before + m - r >= 0,
                    _ => true,
                }
            }),
        ));
    }
    if let (Some(published), Some(total)) = (column("published"), column("total")) {
        let (before, span) = last(total)?;
        return Some((
            total,
            before,
            span,
            Box::new(
                move |s: &Split| match (count(s, published), count(s, total)) {
                    (Some(p), Some(t)) => t == before + p,
                    (None, Some(t)) => t >= before,
                    _ => true,
                },
            ),
        ));
    }
    if let (Some(prev_col), Some(change)) = (column("prev"), column("change")) {
        let (p, _) = last(prev_col)?;
        let (c, span) = last(change)?;
        let now = p + c;
        return Some((
            prev_col,
            now,
            span,
            Box::new(move |s: &Split| count(s, prev_col).is_none_or(|v| v == now)),
        ));
    }
    None
}

/// Splits the rows of table 二 left unresolved in `report` (read from `text`) with the help of
/// `previous`, last year's report of the same agency. Only rows whose digits ran together are
/// looked at: `runs` are the spans of their `ambiguous-split` findings. Returns the spans of the
/// runs now split (their findings no longer apply).
pub fn resolve_with_previous(
    report: &mut Report,
    text: &str,
    previous: &Report,
    runs: &[Span],
) -> Vec<Span> {
    let mut resolved = Vec::new();
    let (Some(table), Some(last)) = (report.active.as_mut(), previous.active.as_ref()) else {
        return resolved;
    };
    if table.template != last.template {
        return resolved;
    }
    let template = table.template;
    for row in &mut table.rows {
        if row.cells.is_empty() || row.cells.iter().any(|c| c.value != Value::Unresolved) {
            continue;
        }
        let (Some(spec), Some(prev)) = (
            active_rows(template).iter().find(|s| s.row == row.row),
            last.row(row.row),
        ) else {
            continue;
        };
        let run_span = row.cells[0].span;
        if !runs.contains(&run_span) {
            continue;
        }
        let Some(range) = text
            .get(run_span.start as usize..run_span.end as usize)
            .map(|_| run_span.start as usize..run_span.end as usize)
        else {
            continue;
        };
        let norm = Normalized::new(text, range);
        let run = 0..norm.text.len();
        let kinds: Vec<ColumnKind> = spec.columns.iter().map(|c| c.2).collect();
        let Some(all) = candidates(&norm.text, &kinds) else {
            continue;
        };
        if all.len() < 2 {
            continue;
        }
        let facts = narrative_facts(text, spec, row.label.start as usize, run_span.source);
        let Some((i, resolved_by)) = choose(&all, spec, &facts, Some(prev.cells.as_slice())) else {
            continue;
        };
        row.cells = norm.split_cells(&run, &all[i], run_span.source);
        row.split = Some(SplitChoice {
            run: run_span,
            candidates: all.len() as u32,
            resolved_by,
        });
        resolved.push(run_span);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::Cell;
    use gongkai_model::labels::{ActiveRow, Template};

    fn spec(t: Template, row: ActiveRow) -> &'static ActiveRowSpec {
        active_rows(t).iter().find(|s| s.row == row).unwrap()
    }

    /// The cells of a reading, blank ones as `None`.
    fn values(s: &Split) -> Vec<Option<i64>> {
        s.iter().map(|(v, _)| v.count()).collect()
    }

    fn readings(run: &str) -> Vec<Split> {
        candidates(run, &[ColumnKind::Count; 3]).unwrap()
    }

    /// Last year's 2021 row: 制发 5, 废止 1, 现行有效 `in_force`.
    fn last_year(in_force: i64) -> [Cell; 3] {
        let cell = |n, at| Cell {
            value: Value::Count(n),
            span: Span::new(SourceId(1), at, at + 1),
        };
        [cell(5, 0), cell(1, 1), cell(in_force, 2)]
    }

    #[test]
    fn blank_cells_are_candidates_too() {
        let all = readings("560");
        // 5, 6, 0 — and 56, 0 or 5, 60 in two of the columns, or 560 in one.
        assert!(all.contains(&vec![
            (Value::Count(5), 0..1),
            (Value::Count(6), 1..2),
            (Value::Count(0), 2..3)
        ]));
        assert!(all.iter().any(|s| values(s) == [None, Some(56), Some(0)]));
        assert!(all.iter().any(|s| values(s) == [Some(560), None, None]));
        assert_eq!(all.len(), 1 + 3 * 2 + 3);
        // Spaces fix the cells: no blank reading.
        assert_eq!(readings("5 6 0").len(), 1);
    }

    #[test]
    fn the_narrative_states_the_cells() {
        let text = "2024年，本年制发行政规范性文件12件，废止3件，现行有效240件。完善规章制度。表：行政规范性文件123240";
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        let label = text.rfind("行政规范性文件").unwrap();
        let facts = narrative_facts(text, spec, label, SourceId(0));
        let got: Vec<(usize, i64)> = facts.iter().map(|f| (f.column, f.value)).collect();
        assert_eq!(got, vec![(0, 12), (1, 3), (2, 240)]);
        assert_eq!(
            &text[facts[2].span.start as usize..facts[2].span.end as usize],
            "240"
        );
        let all = readings("123240");
        let (i, ev) = choose(&all, spec, &facts, None).unwrap();
        assert_eq!(values(&all[i]), [Some(12), Some(3), Some(240)]);
        assert!(matches!(ev[0], SplitEvidence::Narrative { .. }));
        // 制发 and 现行有效 leave one reading: 12, 3240 with 废止 blank disagrees with 240.
        let two = [facts[0].clone(), facts[2].clone()];
        let (i, _) = choose(&all, spec, &two, None).unwrap();
        assert_eq!(values(&all[i]), [Some(12), Some(3), Some(240)]);
        // 现行有效 alone leaves 1, 23 and 12, 3 (and blank readings): nothing is chosen.
        assert_eq!(choose(&all, spec, &facts[2..], None), None);
    }

    #[test]
    fn a_blank_reading_is_ruled_out_only_by_a_number_for_its_blank_cell() {
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        let all = readings("560");
        let facts = |text: &str| narrative_facts(text, spec, text.len(), SourceId(0));
        // 现行有效 0: 5, 6, 0 agrees, but so do 56, 0 with 制发 or 废止 blank.
        assert_eq!(
            choose(&all, spec, &facts("现行有效规范性文件0件。"), None),
            None
        );
        // 制发 5 and 废止 6 are stated: no reading leaving either blank is left.
        let stated = facts("本年制发规范性文件5件，废止6件。");
        let (i, _) = choose(&all, spec, &stated, None).unwrap();
        assert_eq!(values(&all[i]), [Some(5), Some(6), Some(0)]);
    }

    #[test]
    fn a_blank_reading_left_alone_is_not_taken() {
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        // 现行有效 60 rules out 5, 6, 0; 5, blank, 60 and blank, 5, 60 are left.
        let text = "现行有效规范性文件60件。";
        let facts = narrative_facts(text, spec, text.len(), SourceId(0));
        assert_eq!(choose(&readings("560"), spec, &facts, None), None);
        // 制发 5 too: only 5, blank, 60 is left, and a blank cell is not shown by anything.
        let text = "本年制发规范性文件5件，现行有效60件。";
        let facts = narrative_facts(text, spec, text.len(), SourceId(0));
        assert_eq!(choose(&readings("560"), spec, &facts, None), None);
    }

    #[test]
    fn a_compound_holding_the_row_word_names_no_row() {
        let rules = spec(Template::Y2021, ActiveRow::Rules);
        let text = "完善规章制度，废止3件。";
        assert!(narrative_facts(text, rules, text.len(), SourceId(0)).is_empty());
        // …nor does it keep a sentence about the other row from counting.
        let normative = spec(Template::Y2021, ActiveRow::Normative);
        let text = "依照规章制度，废止行政规范性文件3件。";
        let facts = narrative_facts(text, normative, text.len(), SourceId(0));
        assert_eq!(facts.iter().map(|f| f.value).collect::<Vec<_>>(), vec![3]);
        // The row word itself still names the row.
        let text = "本年制发规章2件，废止1件。";
        assert_eq!(
            narrative_facts(text, rules, text.len(), SourceId(0)).len(),
            2
        );
    }

    #[test]
    fn sentences_about_both_rows_or_contradictions_decide_nothing() {
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        let text = "本年制发规章1件、行政规范性文件12件。";
        assert!(narrative_facts(text, spec, text.len(), SourceId(0)).is_empty());
        let text = "现行有效规范性文件240件。规范性文件现行有效241件。";
        assert!(narrative_facts(text, spec, text.len(), SourceId(0)).is_empty());
        // Stated, but no reading agrees: nothing is chosen.
        let text = "现行有效规范性文件999件。";
        let facts = narrative_facts(text, spec, text.len(), SourceId(0));
        let all = readings("123240");
        assert_eq!(choose(&all, spec, &facts, None), None);
        // No evidence at all: nothing is chosen.
        assert_eq!(choose(&all, spec, &[], None), None);
    }

    #[test]
    fn last_year_carries_on() {
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        let prev = last_year(231);
        // Among the splits into all three cells, 231 + 12 − 3 = 240 leaves one.
        let full = splits("123240", &[ColumnKind::Count; 3]).unwrap();
        let (i, ev) = choose(&full, spec, &[], Some(&prev[..])).unwrap();
        assert_eq!(values(&full[i]), [Some(12), Some(3), Some(240)]);
        assert!(matches!(
            ev[0],
            SplitEvidence::PreviousYear { value: 231, .. }
        ));
        // A blank 制发 could be anything: 123 repealed, 240 in force still fits (制发 132).
        let all = readings("123240");
        assert_eq!(choose(&all, spec, &[], Some(&prev[..])), None);
        // With the narrative's 制发 12, the blank readings no longer fit: 12 and 3240 leave
        // 废止 or 现行有效 below zero.
        let text = "本年制发规范性文件12件。";
        let facts = narrative_facts(text, spec, text.len(), SourceId(0));
        assert_eq!(choose(&all, spec, &facts, None), None);
        let (i, ev) = choose(&all, spec, &facts, Some(&prev[..])).unwrap();
        assert_eq!(values(&all[i]), [Some(12), Some(3), Some(240)]);
        assert!(matches!(ev[0], SplitEvidence::Narrative { value: 12, .. }));
        assert!(matches!(
            ev[1],
            SplitEvidence::PreviousYear { value: 231, .. }
        ));
    }

    #[test]
    fn ordering_alone_rarely_decides() {
        let spec = spec(Template::Y2021, ActiveRow::Normative);
        // 9, 10, 0 holds 现行有效 ≥ 制发 − 废止; 91, 0, 0 does not.
        let full = splits("9100", &[ColumnKind::Count; 3]).unwrap();
        let (i, ev) = choose(&full, spec, &[], None).unwrap();
        assert_eq!(values(&full[i]), [Some(9), Some(10), Some(0)]);
        assert_eq!(ev, vec![SplitEvidence::Ordering]);
        // But 9100 may also be 91, 00✗ … 9, 100 with a blank: blank readings keep it open.
        assert_eq!(choose(&readings("9100"), spec, &[], None), None);
    }
}
