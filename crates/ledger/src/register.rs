//! The register behind table 二 (主动公开): 规章 and 规范性文件 with the days they were made,
//! published and repealed; the items (事项) of licensing, other services, penalties, coercion and
//! fees with the days they began and ended; the decisions taken (a count on a day); fees
//! collected and central procurement (amounts in 元, exact). The table is counted from it:
//!
//! - 2021: 本年制发 = made in Y, 本年废止 = repealed in Y, 现行有效 = made by 31 December and not
//!   repealed by then; 本年处理决定数量 = decisions dated in Y; 本年收费金额 = fees collected in Y,
//!   in 万元.
//! - 2019: 本年新制作 = made in Y, 本年新公开 = published in Y, 对外公开总数量 = published by
//!   31 December and not repealed by then; 上一年项目数量 = items in effect on 31 December of Y−1,
//!   本年增/减 = those in effect on 31 December of Y minus those; 处理决定数量 = decisions in Y;
//!   政府集中采购 = projects and their amount in Y, in 万元.
//!
//! An entry is corrected by voiding it (with a reason) and entering it again; its end (repeal,
//! abolition) is set once. Both are writes guarded like events when they change a published year.

use gongkai_model::labels::{ActiveRow, Template, active_rows};
use gongkai_model::{Decimal, Text};

use crate::date::Date;
use crate::db::{Arg, Db, DbError, Row};
use crate::error::LedgerError;
use crate::event::Actor;
use crate::ledger::Ledger;
use crate::report::{CellRef, align, guard_published};
use crate::time;

/// What a register entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryType {
    /// A 规章 or 规范性文件: made, published, repealed.
    Document,
    /// An item (事项) in effect from `start` to `end`.
    Item,
    /// `count` decisions taken on `start`.
    Decisions,
    /// An amount in 元 on `start` (fees collected, a procurement project).
    Amount,
}

/// One entry of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id.
    pub id: i64,
    /// The row of table 二 it counts in.
    pub row: ActiveRow,
    /// What it records.
    pub kind: EntryType,
    /// Title or name.
    pub title: String,
    /// Document number (文号) or another reference.
    pub reference: String,
    /// Made (document), began (item), taken (decisions) or collected / contracted (amount).
    pub start: Date,
    /// Published (documents).
    pub published: Option<Date>,
    /// Repealed (document) or ended (item).
    pub end: Option<Date>,
    /// How many decisions (1 for other types).
    pub count: i64,
    /// The amount in 元 (amount entries).
    pub amount: Option<Decimal>,
}

/// A new entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The row of table 二.
    pub row: ActiveRow,
    /// What it records.
    pub kind: EntryType,
    /// Title or name.
    pub title: String,
    /// Document number or another reference.
    pub reference: String,
    /// See [`Entry::start`].
    pub start: Date,
    /// See [`Entry::published`].
    pub published: Option<Date>,
    /// See [`Entry::end`].
    pub end: Option<Date>,
    /// See [`Entry::count`].
    pub count: i64,
    /// See [`Entry::amount`].
    pub amount: Option<Decimal>,
}

impl EntryType {
    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            EntryType::Document => "document",
            EntryType::Item => "item",
            EntryType::Decisions => "decisions",
            EntryType::Amount => "amount",
        }
    }

    fn from_code(s: &str) -> Option<EntryType> {
        [
            EntryType::Document,
            EntryType::Item,
            EntryType::Decisions,
            EntryType::Amount,
        ]
        .into_iter()
        .find(|t| t.code() == s)
    }

    /// Which rows of table 二 can hold this type.
    pub fn fits(self, row: ActiveRow) -> bool {
        use ActiveRow::*;
        match self {
            EntryType::Document => matches!(row, Rules | Normative),
            EntryType::Item => matches!(row, Licensing | OtherServices | Penalty | Coercion | Fees),
            EntryType::Decisions => matches!(row, Licensing | OtherServices | Penalty | Coercion),
            EntryType::Amount => matches!(row, Fees | Procurement),
        }
    }
}

/// The row of table 二 for a label (`规章`, `规范性文件` / `行政规范性文件`, `行政许可`, …) or its
/// key (`rules`, `licensing`).
pub fn parse_row(text: &str) -> Option<ActiveRow> {
    let t = text.trim();
    [Template::Y2021, Template::Y2019]
        .into_iter()
        .flat_map(active_rows)
        .find(|s| s.label == t || s.key == t)
        .map(|s| s.row)
}

fn row_key(row: ActiveRow) -> &'static str {
    active_rows(Template::Y2019)
        .iter()
        .find(|s| s.row == row)
        .map_or("", |s| s.key)
}

fn row_label(row: ActiveRow) -> &'static str {
    active_rows(Template::Y2021)
        .iter()
        .chain(active_rows(Template::Y2019))
        .find(|s| s.row == row)
        .map_or("", |s| s.label)
}

impl Entry {
    /// One line: `规章《…》（文号）制发 2024-03-01`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", row_label(self.row), self.title);
        if !self.reference.is_empty() {
            s.push_str(&format!("（{}）", self.reference));
        }
        match self.kind {
            EntryType::Document => {
                s.push_str(&format!(" 制发 {}", self.start));
                if let Some(p) = self.published {
                    s.push_str(&format!(" 公开 {p}"));
                }
                if let Some(e) = self.end {
                    s.push_str(&format!(" 废止 {e}"));
                }
            }
            EntryType::Item => {
                s.push_str(&format!(" 事项 {} 起", self.start));
                if let Some(e) = self.end {
                    s.push_str(&format!(" 至 {e} 止"));
                }
            }
            EntryType::Decisions => {
                s.push_str(&format!(" {} 处理决定 {} 件", self.start, self.count));
            }
            EntryType::Amount => {
                let a = self.amount.unwrap_or(Decimal::from_int(0));
                s.push_str(&format!(" {} {a} 元", self.start));
            }
        }
        s
    }
}

/// In effect on day `d`: begun by then and not ended by then.
fn in_effect(e: &Entry, d: Date) -> bool {
    e.start <= d && e.end.is_none_or(|end| end > d)
}

/// Calls `f` with each cell of year `year` the entry counts in and what it adds there.
pub fn entry_cells(e: &Entry, year: i32, template: Template, mut f: impl FnMut(CellRef, Decimal)) {
    let Some(spec) = active_rows(template).iter().find(|s| s.row == e.row) else {
        return;
    };
    let col = |key: &str| spec.columns.iter().position(|c| c.0 == key);
    let mut emit = |key: &str, v: Decimal| {
        if let Some(i) = col(key) {
            f(CellRef::Active(e.row, i), v);
        }
    };
    let one = Decimal::from_int(1);
    let in_year = |d: Date| d.year() == year;
    let end_of = |y: i32| Date::from_ymd(y, 12, 31).unwrap_or(Date::MAX);
    match (e.kind, template) {
        (EntryType::Document, Template::Y2021) => {
            if in_year(e.start) {
                emit("made", one);
            }
            if e.end.is_some_and(in_year) {
                emit("repealed", one);
            }
            if in_effect(e, end_of(year)) {
                emit("in_force", one);
            }
        }
        (EntryType::Document, _) => {
            if in_year(e.start) {
                emit("made", one);
            }
            if e.published.is_some_and(in_year) {
                emit("published", one);
            }
            let end = end_of(year);
            if e.published.is_some_and(|p| p <= end) && e.end.is_none_or(|r| r > end) {
                emit("total", one);
            }
        }
        (EntryType::Item, Template::Y2019) => {
            let prev = in_effect(e, end_of(year - 1));
            let now = in_effect(e, end_of(year));
            if prev {
                emit("prev", one);
            }
            let change = i64::from(now) - i64::from(prev);
            if change != 0 {
                emit("change", Decimal::from_int(change));
            }
        }
        (EntryType::Item, _) => {}
        (EntryType::Decisions, _) => {
            if in_year(e.start) {
                emit("decisions", Decimal::from_int(e.count));
            }
        }
        (EntryType::Amount, _) => {
            if in_year(e.start) {
                let yuan = e.amount.unwrap_or(Decimal::from_int(0));
                emit("amount", yuan.shift(4));
                emit("projects", Decimal::from_int(e.count));
            }
        }
    }
}

/// The cells of table 二 for `year` from the register (only cells something counts in; the
/// others are 0).
pub fn tally(entries: &[Entry], year: i32, template: Template) -> Vec<(CellRef, Decimal)> {
    let mut sums: std::collections::BTreeMap<CellRef, (i128, u32)> =
        std::collections::BTreeMap::new();
    for e in entries {
        entry_cells(e, year, template, |c, v| {
            let s = sums.entry(c).or_insert((0, 0));
            *s = align(s.0, s.1, v.mantissa, v.scale);
        });
    }
    sums.into_iter()
        .map(|(c, (m, s))| {
            (
                c,
                Decimal {
                    mantissa: m,
                    scale: s,
                },
            )
        })
        .collect()
}

/// The agency's entries that stand (voided ones left out), by id.
pub(crate) fn load(db: &mut Db, agency: i64) -> Result<Vec<Entry>, DbError> {
    let rows = db.query(
        "SELECT id, kind, title, reference, start_date, published, end_date, count, amount
         FROM ledger_register WHERE agency_id = $1 AND voided_at IS NULL ORDER BY id",
        &[Arg::Int(agency)],
    )?;
    rows.iter().map(entry_of).collect()
}

fn load_one(db: &mut Db, agency: i64, id: i64) -> Result<Option<Entry>, DbError> {
    let rows = db.query(
        "SELECT id, kind, title, reference, start_date, published, end_date, count, amount
         FROM ledger_register WHERE agency_id = $1 AND id = $2 AND voided_at IS NULL",
        &[Arg::Int(agency), Arg::Int(id)],
    )?;
    rows.first().map(entry_of).transpose()
}

fn entry_of(r: &Row) -> Result<Entry, DbError> {
    let bad = |what: &str| {
        DbError(format!(
            "register entry {} has an unreadable {what}",
            r.int(0)
        ))
    };
    let (row, kind) = r.str(1).split_once(':').ok_or_else(|| bad("kind"))?;
    let date = |i: usize| -> Result<Option<Date>, DbError> {
        r.opt_text(i)
            .map(|t| Date::parse(&t).map_err(|_| bad("date")))
            .transpose()
    };
    Ok(Entry {
        id: r.int(0),
        row: parse_row(row).ok_or_else(|| bad("row"))?,
        kind: EntryType::from_code(kind).ok_or_else(|| bad("type"))?,
        title: r.text(2),
        reference: r.text(3),
        start: date(4)?.ok_or_else(|| bad("date"))?,
        published: date(5)?,
        end: date(6)?,
        count: r.int(7),
        amount: r
            .opt_text(8)
            .map(|t| Decimal::parse(&t).ok_or_else(|| bad("amount")))
            .transpose()?,
    })
}

fn invalid(zh: impl Into<String>, en: impl Into<String>) -> LedgerError {
    LedgerError::Invalid(Text::new(zh.into(), en.into()))
}

fn validate(e: &NewEntry) -> Result<(), LedgerError> {
    if !e.kind.fits(e.row) {
        return Err(invalid(
            format!("{}不能登记为这一类（{}）", row_label(e.row), e.kind.code()),
            format!("{} cannot hold a {} entry", row_key(e.row), e.kind.code()),
        ));
    }
    if e.end.is_some_and(|end| end < e.start) || e.published.is_some_and(|p| p < e.start) {
        return Err(invalid(
            "公开或废止日期早于制发日期",
            "published or ended before it was made",
        ));
    }
    if e.count < 1 {
        return Err(invalid("数量至少为 1", "the count must be at least 1"));
    }
    if e.kind == EntryType::Amount && e.amount.is_none_or(|a| a.mantissa < 0) {
        return Err(invalid(
            "请写明金额（元，不能为负数）",
            "an amount in 元 (not negative) is needed",
        ));
    }
    if e.kind == EntryType::Document && e.title.trim().is_empty() {
        return Err(invalid("请写明文件标题", "a document needs its title"));
    }
    Ok(())
}

impl Ledger<'_> {
    /// Adds a register entry; returns its id.
    pub fn register_add(
        &mut self,
        actor: &Actor,
        e: &NewEntry,
        reason: &str,
    ) -> Result<i64, LedgerError> {
        validate(e)?;
        let agency = self.agency.id;
        self.db.tx(|db| {
            let id = db.insert(
                "INSERT INTO ledger_register (agency_id, kind, title, reference, start_date,
                    published, end_date, count, amount, recorded_at, recorded_by, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                &[
                    Arg::Int(agency),
                    Arg::Text(format!("{}:{}", row_key(e.row), e.kind.code())),
                    Arg::Text(e.title.trim().to_string()),
                    Arg::Text(e.reference.trim().to_string()),
                    Arg::Text(e.start.to_string()),
                    Arg::OptText(e.published.map(|d| d.to_string())),
                    Arg::OptText(e.end.map(|d| d.to_string())),
                    Arg::Int(e.count),
                    Arg::OptText(e.amount.map(|a| a.to_string())),
                    Arg::Text(time::now()),
                    Arg::Text(actor.name().to_string()),
                    Arg::Text(reason.trim().to_string()),
                ],
            )?;
            let entry = load_one(db, agency, id)?;
            guard_published(
                db,
                agency,
                actor,
                reason,
                &format!("登记 #{id}"),
                &[],
                &[(None, entry)],
            )?;
            Ok(id)
        })
    }

    /// Sets the day an entry ended (a document repealed, an item abolished); once.
    pub fn register_end(
        &mut self,
        actor: &Actor,
        id: i64,
        end: Date,
        reason: &str,
    ) -> Result<(), LedgerError> {
        let agency = self.agency.id;
        self.db.tx(|db| {
            let before = load_one(db, agency, id)?.ok_or_else(|| unknown(id))?;
            if before.end.is_some() || !matches!(before.kind, EntryType::Document | EntryType::Item)
            {
                return Err(invalid(
                    format!("登记 #{id} 已有废止日期，或不是文件或事项"),
                    format!("entry #{id} has ended already, or is no document or item"),
                ));
            }
            if end < before.start {
                return Err(invalid("废止日期早于制发日期", "ended before it began"));
            }
            db.exec(
                "UPDATE ledger_register SET end_date = $1, ended_at = $2, ended_by = $3
                 WHERE agency_id = $4 AND id = $5 AND end_date IS NULL",
                &[
                    Arg::Text(end.to_string()),
                    Arg::Text(time::now()),
                    Arg::Text(actor.name().to_string()),
                    Arg::Int(agency),
                    Arg::Int(id),
                ],
            )?;
            let after = Entry {
                end: Some(end),
                ..before.clone()
            };
            guard_published(
                db,
                agency,
                actor,
                reason,
                &format!("登记 #{id} 废止 {end}"),
                &[],
                &[(Some(before), Some(after))],
            )
        })
    }

    /// Voids an entry entered by mistake (it stays in the table, marked, with the reason).
    pub fn register_void(
        &mut self,
        actor: &Actor,
        id: i64,
        reason: &str,
    ) -> Result<(), LedgerError> {
        if reason.trim().is_empty() {
            return Err(invalid(
                "作废须写明理由（--reason）",
                "voiding needs a reason (--reason)",
            ));
        }
        let agency = self.agency.id;
        self.db.tx(|db| {
            let before = load_one(db, agency, id)?.ok_or_else(|| unknown(id))?;
            db.exec(
                "UPDATE ledger_register SET voided_at = $1, voided_by = $2, void_reason = $3
                 WHERE agency_id = $4 AND id = $5",
                &[
                    Arg::Text(time::now()),
                    Arg::Text(actor.name().to_string()),
                    Arg::Text(reason.trim().to_string()),
                    Arg::Int(agency),
                    Arg::Int(id),
                ],
            )?;
            guard_published(
                db,
                agency,
                actor,
                reason,
                &format!("作废登记 #{id}"),
                &[],
                &[(Some(before), None)],
            )
        })
    }

    /// The entries that stand, by id.
    pub fn register(&mut self) -> Result<Vec<Entry>, LedgerError> {
        Ok(load(self.db, self.agency.id)?)
    }
}

fn unknown(id: i64) -> LedgerError {
    invalid(
        format!("登记簿中没有 #{id}"),
        format!("no register entry #{id}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn entry(row: ActiveRow, kind: EntryType, start: &str, end: Option<&str>) -> Entry {
        Entry {
            id: 1,
            row,
            kind,
            title: "某办法".into(),
            reference: String::new(),
            start: d(start),
            published: Some(d(start)),
            end: end.map(d),
            count: 3,
            amount: Some(Decimal::parse("12500.50").unwrap()),
        }
    }

    fn cells(e: &Entry, year: i32, t: Template) -> Vec<(String, String)> {
        let mut out = Vec::new();
        entry_cells(e, year, t, |c, v| out.push((c.key(t), v.to_string())));
        out
    }

    #[test]
    fn documents_items_decisions_and_amounts_count() {
        let doc = entry(
            ActiveRow::Normative,
            EntryType::Document,
            "2023-05-01",
            Some("2024-06-01"),
        );
        assert_eq!(
            cells(&doc, 2024, Template::Y2021),
            [("active.normative.repealed".to_string(), "1".to_string())]
        );
        assert_eq!(
            cells(&doc, 2023, Template::Y2021),
            [
                ("active.normative.made".to_string(), "1".to_string()),
                ("active.normative.in_force".to_string(), "1".to_string())
            ]
        );
        let item = entry(ActiveRow::Licensing, EntryType::Item, "2019-03-01", None);
        assert_eq!(
            cells(&item, 2019, Template::Y2019),
            [("active.licensing.change".to_string(), "1".to_string())]
        );
        assert_eq!(
            cells(&item, 2020, Template::Y2019),
            [("active.licensing.prev".to_string(), "1".to_string())]
        );
        let dec = entry(ActiveRow::Penalty, EntryType::Decisions, "2024-02-02", None);
        assert_eq!(
            cells(&dec, 2024, Template::Y2021),
            [("active.penalty.decisions".to_string(), "3".to_string())]
        );
        let fee = entry(ActiveRow::Fees, EntryType::Amount, "2024-02-02", None);
        assert_eq!(
            cells(&fee, 2024, Template::Y2021),
            [("active.fees.amount".to_string(), "1.25005".to_string())]
        );
        assert_eq!(parse_row("行政规范性文件"), Some(ActiveRow::Normative));
        assert_eq!(parse_row("规范性文件"), Some(ActiveRow::Normative));
        assert_eq!(parse_row("procurement"), Some(ActiveRow::Procurement));
    }
}
