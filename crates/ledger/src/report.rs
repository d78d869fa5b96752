//! The year's report generated from the ledger: tables 三 and 四 counted from the requests'
//! states, table 二 from the register, as a `gongkai_model::Report` that every writer renders.
//!
//! A request is open from its receipt to its closure, so for year Y:
//! - 本年新收: received in Y; 上年结转: received before Y and not closed before Y;
//! - outcomes: closed in Y (the outcome row in Y's template; a withdrawal is （六）其他处理);
//! - 结转下年度: received by 31 December and not closed by then.
//!
//! Every request in 新收 or 结转 is closed in Y or carried forward, exactly one of the two, so
//! I1 holds; totals are sums, so I2 and I3 hold; table 四's totals are sums (I4). Each cell is
//! the count of the things [`cell_members`] lists for it. A case counts in the year it was
//! filed, with its result as of 31 December (尚未审结 when it had none).

use std::collections::BTreeMap;

use gongkai_model::cells::keys;
use gongkai_model::labels::{
    ActiveRow, Applicant, REVIEW_COLUMNS, RequestRow, ReviewGroup, Template, active_rows,
    request_rows,
};
use gongkai_model::{
    ActiveRowData, ActiveTable, Cell, Decimal, Diagnostic, Meta, Report, RequestRowData,
    RequestTable, ReviewTable, SourceId, Span, Spanned, Text, Unit, Value,
};

use crate::date::Date;
use crate::db::{Arg, Db};
use crate::error::LedgerError;
use crate::event::Actor;
use crate::ledger::Ledger;
use crate::outcome::{row_in, template_of_year};
use crate::register::{self, Entry};
use crate::state::RequestState;
use crate::time;

/// One cell of tables 二, 三 or 四 (ordered as the tables are: 三, 四, 二).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellRef {
    /// Table 三: a row and a column.
    Request(RequestRow, Applicant),
    /// Table 四: a group and a column (0 维持, 1 纠正, 2 其他, 3 尚未审结, 4 总计).
    Review(ReviewGroup, usize),
    /// Table 二: a row and the index of its column in the template.
    Active(ActiveRow, usize),
}

impl CellRef {
    /// The cell of `template` whose canonical key is `key`.
    pub fn parse(key: &str, template: Template) -> Option<CellRef> {
        let requests =
            request_rows(template).flat_map(|s| Applicant::ALL.map(|a| CellRef::Request(s.row, a)));
        let reviews = ReviewGroup::ALL
            .into_iter()
            .flat_map(|g| (0..5).map(move |i| CellRef::Review(g, i)));
        let active = active_rows(template)
            .iter()
            .flat_map(|s| (0..s.columns.len()).map(|i| CellRef::Active(s.row, i)));
        requests
            .chain(reviews)
            .chain(active)
            .find(|c| c.key(template) == key)
    }

    fn order(self) -> (u8, usize, usize) {
        match self {
            CellRef::Request(r, a) => (0, r as usize, a as usize),
            CellRef::Review(g, i) => (1, g as usize, i),
            CellRef::Active(r, i) => (2, r as usize, i),
        }
    }

    /// The canonical key (spec/cells.md) in `template`.
    pub fn key(self, template: Template) -> String {
        match self {
            CellRef::Request(row, col) => format!("requests.{}.{}", row.spec().key, col.key()),
            CellRef::Review(g, i) => format!("{}.{}", g.key(), REVIEW_COLUMNS[i].0),
            CellRef::Active(row, i) => {
                let spec = active_rows(template)
                    .iter()
                    .find(|s| s.row == row)
                    .map(|s| (s.key, s.columns.get(i).map_or("", |c| c.0)));
                let (r, c) = spec.unwrap_or(("", ""));
                format!("active.{r}.{c}")
            }
        }
    }
}

impl PartialOrd for CellRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CellRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

/// The year's report.
#[derive(Debug, Clone)]
pub struct YearReport {
    /// The year.
    pub year: i32,
    /// Its template.
    pub template: Template,
    /// The report (no narrative: that is written in the authoring file).
    pub report: Report,
    /// The rule set's findings on it (the narrative rules are off: a generated report has no
    /// narrative).
    pub findings: Vec<Diagnostic>,
    /// When the year was published, if it was.
    pub published: Option<String>,
}

/// What one cell counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    /// The cell's key.
    pub key: String,
    /// The cell's value as the report prints it.
    pub value: String,
    /// What it counts: request numbers (and cases, register entries), each with a note.
    pub members: Vec<Member>,
}

/// One thing a cell counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// A request number, `编号/案号` for a case, `#id` for a register entry.
    pub id: String,
    /// What it adds: 1 for a request or case, the entry's count or amount.
    pub value: Decimal,
    /// A short description (dates, outcome, title).
    pub note: String,
}

/// The rules that judge a report's narrative, which a generated report does not have.
pub const NARRATIVE_RULES: &[&str] = &[
    "missing-section",
    "sections-out-of-order",
    "empty-problems-section",
    "narrative-table-mismatch",
    "late-publication",
];

/// Calls `f` with each cell of year `year` that the request counts in.
pub fn request_cells(
    state: &RequestState,
    year: i32,
    template: Template,
    mut f: impl FnMut(CellRef),
) {
    let Some(receipt) = &state.received else {
        return;
    };
    let (start, end) = year_bounds(year);
    let r = receipt.date;
    let closed = state.closure.map(|c| c.date);
    let col = receipt.applicant;
    let mut emit = |row: RequestRow| {
        f(CellRef::Request(row, col));
        f(CellRef::Request(row, Applicant::Total));
    };
    if r >= start && r <= end {
        emit(RequestRow::Received);
    }
    if r < start && closed.is_none_or(|c| c >= start) {
        emit(RequestRow::CarriedOver);
    }
    if let Some(c) = state.closure
        && c.date >= start
        && c.date <= end
    {
        emit(row_in(c.outcome, template));
        emit(RequestRow::Total);
    }
    if r <= end && closed.is_none_or(|c| c > end) {
        emit(RequestRow::CarriedForward);
    }
    for case in &state.cases {
        if case.filed < start || case.filed > end {
            continue;
        }
        let column = match case.decided {
            Some((d, result)) if d <= end => result as usize,
            _ => 3,
        };
        f(CellRef::Review(case.kind, column));
        f(CellRef::Review(case.kind, 4));
    }
}

fn year_bounds(year: i32) -> (Date, Date) {
    (
        Date::from_ymd(year, 1, 1).unwrap_or(Date::MIN),
        Date::from_ymd(year, 12, 31).unwrap_or(Date::MAX),
    )
}

/// The counts of year `year` from the requests' states and the register.
pub fn tally<'a>(
    states: impl IntoIterator<Item = &'a RequestState>,
    entries: &[Entry],
    year: i32,
    template: Template,
) -> BTreeMap<CellRef, Decimal> {
    let mut counts: BTreeMap<CellRef, i64> = BTreeMap::new();
    for s in states {
        request_cells(s, year, template, |c| *counts.entry(c).or_insert(0) += 1);
    }
    let mut out: BTreeMap<CellRef, Decimal> = counts
        .into_iter()
        .map(|(k, v)| (k, Decimal::from_int(v)))
        .collect();
    for (cell, v) in register::tally(entries, year, template) {
        out.insert(cell, v);
    }
    out
}

/// The report of `year` for `agency` from counts.
pub fn build(
    agency: &str,
    year: i32,
    template: Template,
    counts: &BTreeMap<CellRef, Decimal>,
) -> Report {
    let span = Span::default();
    let count = |c: CellRef| -> Cell {
        let v = counts.get(&c).copied().unwrap_or(Decimal::from_int(0));
        Cell {
            value: Value::Count(v.to_integer().unwrap_or(0)),
            span,
        }
    };
    let requests = RequestTable {
        span,
        rows: request_rows(template)
            .map(|spec| RequestRowData {
                row: spec.row,
                label: span,
                cells: Applicant::ALL.map(|a| count(CellRef::Request(spec.row, a))),
                uncertain: false,
            })
            .collect(),
    };
    let mut review = std::array::from_fn(|_| Cell {
        value: Value::Count(0),
        span,
    });
    for (g, group) in ReviewGroup::ALL.into_iter().enumerate() {
        for i in 0..5 {
            review[g * 5 + i] = count(CellRef::Review(group, i));
        }
    }
    let active = ActiveTable {
        template,
        span,
        rows: active_rows(template)
            .iter()
            .map(|spec| ActiveRowData {
                row: spec.row,
                label: span,
                split: None,
                cells: spec
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, _, kind))| {
                        let v = counts
                            .get(&CellRef::Active(spec.row, i))
                            .copied()
                            .unwrap_or(Decimal::from_int(0));
                        let value = match kind {
                            // 2021 prints the unit in the column header (本年收费金额（单位：万元）);
                            // 2019's procurement amount carries it in the cell.
                            gongkai_model::labels::ColumnKind::Amount => Value::Amount {
                                number: v,
                                unit: (template == Template::Y2019).then_some(Unit::WanYuan),
                            },
                            _ => Value::Count(v.to_integer().unwrap_or(0)),
                        };
                        Cell { value, span }
                    })
                    .collect(),
            })
            .collect(),
        amount_unit: None,
    };
    Report {
        source: SourceId(0),
        meta: Meta {
            title: None,
            agency: Some(Spanned::new(agency.to_string(), span)),
            year: Some(Spanned::new(year, span)),
            published: None,
        },
        template: Some(template),
        sections: Vec::new(),
        active: Some(active),
        requests: Some(requests),
        reviews: Some(ReviewTable {
            span,
            cells: review,
        }),
    }
}

/// The rule set's findings on a generated report, the narrative rules off.
pub fn findings(report: &Report) -> Vec<Diagnostic> {
    let ids = gongkai_model::check_identities(report);
    let ctx = gongkai_check::Context {
        report,
        text: "",
        parse_diagnostics: &[],
        identities: &ids,
        previous: None,
    };
    let mut config = gongkai_check::Config::default();
    for code in NARRATIVE_RULES {
        // Every name here is a rule of the registry (a test checks it).
        let _ = config.set(code, "off");
    }
    gongkai_check::check(&ctx, &config)
}

fn need_template(year: i32) -> Result<Template, LedgerError> {
    template_of_year(year).ok_or_else(|| {
        LedgerError::Invalid(Text::new(
            format!("{year} 年没有国家模板的统计表（2019 年起才有），不能生成报告"),
            format!("there are no national template tables for {year} (they start in 2019)"),
        ))
    })
}

impl Ledger<'_> {
    /// The report of `year`, counted from the ledger now.
    pub fn report(&mut self, year: i32) -> Result<YearReport, LedgerError> {
        let template = need_template(year)?;
        let states = crate::ledger::counting_states(self.db, self.agency.id)?;
        let entries = register::load(self.db, self.agency.id)?;
        let counts = tally(states.iter().map(|(_, s)| s), &entries, year, template);
        let report = build(&self.agency.name, year, template, &counts);
        let findings = findings(&report);
        let published = published_years(self.db, self.agency.id)?
            .into_iter()
            .find(|(y, _)| *y == year)
            .map(|(_, at)| at);
        Ok(YearReport {
            year,
            template,
            report,
            findings,
            published,
        })
    }

    /// What the cell `key` of year `year` counts. The members' values add up to the cell.
    pub fn cell(&mut self, year: i32, key: &str) -> Result<Drill, LedgerError> {
        let template = need_template(year)?;
        let key = key.trim();
        if !keys(template).iter().any(|k| k == key) || key.starts_with("meta.") {
            return Err(LedgerError::Invalid(Text::new(
                format!(
                    "{year} 年的模板没有单元格 {key}（键名见 spec/cells.md，如 requests.granted.natural）"
                ),
                format!(
                    "the {year} template has no cell {key} (keys as in spec/cells.md, e.g. requests.granted.natural)"
                ),
            )));
        }
        let report = self.report(year)?.report;
        let value = gongkai_model::cells::cells(&report)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_default();
        let members = cell_members(self, year, template, key)?;
        Ok(Drill {
            key: key.to_string(),
            value,
            members,
        })
    }

    /// Publishes `year`: its cells are kept as published, and from now on a change that alters
    /// them needs a reason and goes into the revision log.
    pub fn publish(&mut self, actor: &Actor, year: i32) -> Result<YearReport, LedgerError> {
        let r = self.report(year)?;
        if r.published.is_some() {
            return Err(LedgerError::AlreadyPublished(year));
        }
        let cells = gongkai_render_free_tsv(&r.report);
        self.db.exec(
            "INSERT INTO ledger_years (agency_id, year, published_at, published_by, cells)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::Int(self.agency.id),
                Arg::Int(i64::from(year)),
                Arg::Text(time::now()),
                Arg::Text(actor.name().to_string()),
                Arg::Text(cells),
            ],
        )?;
        self.report(year)
    }

    /// The years published, with when.
    pub fn published(&mut self) -> Result<Vec<(i32, String)>, LedgerError> {
        published_years(self.db, self.agency.id)
    }

    /// The revision log of published years, oldest first: `(year, at, actor, reason, what,
    /// changes)`.
    pub fn revisions(&mut self) -> Result<Vec<Revision>, LedgerError> {
        let rows = self.db.query(
            "SELECT year, at, actor, reason, what, changes FROM ledger_revisions
             WHERE agency_id = $1 ORDER BY id",
            &[Arg::Int(self.agency.id)],
        )?;
        Ok(rows
            .iter()
            .map(|r| Revision {
                year: i32::try_from(r.int(0)).unwrap_or(0),
                at: r.text(1),
                actor: r.text(2),
                reason: r.text(3),
                what: r.text(4),
                changes: r.text(5),
            })
            .collect())
    }
}

/// A change to a published year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The year.
    pub year: i32,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// Why.
    pub reason: String,
    /// What was recorded.
    pub what: String,
    /// The cells it changed: `key: before → after`, `; `-separated.
    pub changes: String,
}

/// The cells as `key<TAB>value` lines (the published snapshot).
fn gongkai_render_free_tsv(report: &Report) -> String {
    let mut out = String::new();
    for (k, v) in gongkai_model::cells::cells(report) {
        out.push_str(&k);
        out.push('\t');
        out.push_str(&v);
        out.push('\n');
    }
    out
}

fn published_years(db: &mut Db, agency: i64) -> Result<Vec<(i32, String)>, LedgerError> {
    let rows = db.query(
        "SELECT year, published_at FROM ledger_years WHERE agency_id = $1 ORDER BY year",
        &[Arg::Int(agency)],
    )?;
    Ok(rows
        .iter()
        .map(|r| (i32::try_from(r.int(0)).unwrap_or(0), r.text(1)))
        .collect())
}

fn cell_members(
    ledger: &mut Ledger<'_>,
    year: i32,
    template: Template,
    key: &str,
) -> Result<Vec<Member>, LedgerError> {
    let mut out = Vec::new();
    let Some(target) = CellRef::parse(key, template) else {
        return Ok(out);
    };
    if key.starts_with("active.") {
        let entries = register::load(ledger.db, ledger.agency.id)?;
        for e in &entries {
            register::entry_cells(e, year, template, |c, v| {
                if c == target {
                    out.push(Member {
                        id: format!("#{}", e.id),
                        value: v,
                        note: e.describe(),
                    });
                }
            });
        }
        return Ok(out);
    }
    for (number, state) in ledger.states()? {
        let number = &number;
        let mut hit: Vec<CellRef> = Vec::new();
        request_cells(&state, year, template, |c| {
            if c == target {
                hit.push(c);
            }
        });
        for c in hit {
            let (id, note) = match c {
                CellRef::Review(g, _) => {
                    let case = state
                        .cases
                        .iter()
                        .find(|k| {
                            k.kind == g
                                && k.filed.year() == year
                                && !out
                                    .iter()
                                    .any(|m: &Member| m.id == format!("{number}/{}", k.number))
                        })
                        .map(|k| {
                            let result = match k.decided {
                                Some((d, r)) if d.year() <= year => format!("{}（{d}）", r.label()),
                                _ => "尚未审结".to_string(),
                            };
                            (
                                format!("{number}/{}", k.number),
                                format!("{} 立案 {}，{result}", g.label(), k.filed),
                            )
                        });
                    case.unwrap_or_else(|| (number.clone(), String::new()))
                }
                _ => (number.clone(), request_note(&state)),
            };
            out.push(Member {
                id,
                value: Decimal::from_int(1),
                note,
            });
        }
    }
    Ok(out)
}

fn request_note(state: &RequestState) -> String {
    let Some(r) = &state.received else {
        return String::new();
    };
    let mut note = format!("收到 {}（{}）", r.date, r.applicant.label());
    if let Some(c) = state.closure {
        let what = if c.withdrawn { "撤回" } else { "答复" };
        note.push_str(&format!(
            "，{what} {}：{}",
            c.date,
            crate::outcome::outcome_words(c.outcome)
        ));
    }
    note
}

/// Refuses a change that alters a published year's cells without a reason; with one, logs the
/// change in the revision log. `requests` holds each changed request's state before and after,
/// `entries` each changed register entry before and after.
pub(crate) fn guard_published(
    db: &mut Db,
    agency: i64,
    actor: &Actor,
    reason: &str,
    what: &str,
    requests: &[(Option<RequestState>, Option<RequestState>)],
    entries: &[(Option<Entry>, Option<Entry>)],
) -> Result<(), LedgerError> {
    let years = published_years(db, agency)?;
    for (year, _) in years {
        let Some(template) = template_of_year(year) else {
            continue;
        };
        let mut delta: BTreeMap<CellRef, (i128, u32)> = BTreeMap::new();
        let mut add = |c: CellRef, v: Decimal, sign: i128| {
            let e = delta.entry(c).or_insert((0, 0));
            let (m, s) = align(e.0, e.1, v.mantissa * sign, v.scale);
            *e = (m, s);
        };
        for (before, after) in requests {
            if let Some(s) = before {
                request_cells(s, year, template, |c| add(c, Decimal::from_int(1), -1));
            }
            if let Some(s) = after {
                request_cells(s, year, template, |c| add(c, Decimal::from_int(1), 1));
            }
        }
        for (before, after) in entries {
            if let Some(e) = before {
                register::entry_cells(e, year, template, |c, v| add(c, v, -1));
            }
            if let Some(e) = after {
                register::entry_cells(e, year, template, |c, v| add(c, v, 1));
            }
        }
        let changes: Vec<String> = delta
            .iter()
            .filter(|(_, (m, _))| *m != 0)
            .map(|(c, (m, s))| {
                let d = Decimal {
                    mantissa: *m,
                    scale: *s,
                };
                let sign = if *m > 0 { "+" } else { "" };
                format!("{} {sign}{d}", c.key(template))
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        if reason.trim().is_empty() {
            return Err(LedgerError::Locked { year, changes });
        }
        db.exec(
            "INSERT INTO ledger_revisions (agency_id, year, at, actor, reason, what, changes)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                Arg::Int(agency),
                Arg::Int(i64::from(year)),
                Arg::Text(time::now()),
                Arg::Text(actor.name().to_string()),
                Arg::Text(reason.trim().to_string()),
                Arg::Text(what.to_string()),
                Arg::Text(changes.join("; ")),
            ],
        )?;
    }
    Ok(())
}

/// `a·10^-sa + b·10^-sb` as a mantissa and scale.
pub(crate) fn align(a: i128, sa: u32, b: i128, sb: u32) -> (i128, u32) {
    let s = sa.max(sb);
    let up = |m: i128, from: u32| m * 10i128.pow(s - from);
    (up(a, sa) + up(b, sb), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_rules_are_rules() {
        for code in NARRATIVE_RULES {
            assert!(gongkai_check::rule(code).is_some(), "{code}");
        }
    }

    #[test]
    fn an_empty_ledger_gives_zeros_that_hold() {
        let counts = BTreeMap::new();
        for (year, template) in [(2020, Template::Y2019), (2024, Template::Y2021)] {
            let report = build("青禾县市场监督管理局", year, template, &counts);
            let cells = gongkai_model::cells::cells(&report);
            for (k, v) in &cells {
                if k.starts_with("requests.")
                    || k.starts_with("review")
                    || k.starts_with("litigation")
                {
                    assert_eq!(v, "0", "{k}");
                }
            }
            let errors: Vec<_> = findings(&report)
                .into_iter()
                .filter(|d| d.severity == gongkai_model::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
    }

    #[test]
    fn decimals_align() {
        assert_eq!(align(15, 1, 3, 0), (45, 1));
        assert_eq!(align(0, 0, -125, 2), (-125, 2));
    }
}
