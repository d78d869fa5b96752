//! The 台账 an agency already keeps, imported whole: one row a request, with the columns 编号,
//! 收到日期, 申请方式, 申请人类型, 申请内容, 补正告知日期, 补正收到日期, 延期, 征求意见开始,
//! 征求意见结束, 答复日期, 办理结果 (and, kept apart as personal data, 申请人 / 申请人姓名,
//! 联系方式 / 联系电话, 通信地址 / 地址). The rows come as strings (reading CSV or XLSX is the
//! `extract` crate's); every row is checked before anything is written, and one bad row means
//! nothing is imported — each error names its row and column. An answer later than its due date
//! is a warning, not an error.

use gongkai_model::Text;

use crate::channel::Channel;
use crate::clock::{self, ClockError};
use crate::date::Date;
use crate::error::LedgerError;
use crate::event::{Actor, Event, EventKind};
use crate::ledger::{Ledger, insert_events, late_answer};
use crate::outcome::{
    applicant_choices, outcome_error, parse_applicant, parse_outcome, template_of_year,
};
use crate::privacy::Person;
use crate::report::guard_published;
use crate::state::RequestState;
use crate::time;

/// The columns of the 台账, in the order `gongkai ledger import` documents them.
pub const COLUMNS: [&str; 12] = [
    "编号",
    "收到日期",
    "申请方式",
    "申请人类型",
    "申请内容",
    "补正告知日期",
    "补正收到日期",
    "延期",
    "征求意见开始",
    "征求意见结束",
    "答复日期",
    "办理结果",
];

/// The columns that must be there.
const REQUIRED: [&str; 4] = ["编号", "收到日期", "申请方式", "申请人类型"];

/// Personal-data columns and the other names they go by.
const PERSON_COLUMNS: [(&str, &[&str]); 3] = [
    ("申请人", &["申请人", "申请人姓名", "申请人名称"]),
    ("联系方式", &["联系方式", "联系电话", "电话"]),
    ("通信地址", &["通信地址", "地址", "联系地址"]),
];

/// The outcome words that mean the applicant withdrew.
const WITHDRAWN: [&str; 3] = ["撤回", "申请人撤回", "撤回申请"];

/// One row of the sheet: its number as the user sees it, and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The row number (1-based, as in Excel).
    pub number: u32,
    /// The cells from the first column.
    pub cells: Vec<String>,
}

/// A problem with one cell (or a whole row when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row number.
    pub row: u32,
    /// The column's header.
    pub column: String,
    /// What is wrong.
    pub message: Text,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// Requests added.
    pub requests: usize,
    /// Events recorded (receipts included).
    pub events: usize,
    /// Applicants' personal data stored.
    pub persons: usize,
    /// Warnings by row (late answers, late notices, missing calendar years).
    pub warnings: Vec<RowError>,
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Rows that cannot be imported, every one of them.
    Rows(Vec<RowError>),
    /// The ledger refused (a published year without a reason, a database error).
    Ledger(LedgerError),
}

impl From<LedgerError> for ImportError {
    fn from(e: LedgerError) -> ImportError {
        ImportError::Ledger(e)
    }
}

impl From<crate::db::DbError> for ImportError {
    fn from(e: crate::db::DbError) -> ImportError {
        ImportError::Ledger(e.into())
    }
}

impl RowError {
    /// `第 N 行「列」：…` in both languages.
    pub fn text(&self) -> Text {
        let (zh_col, en_col) = if self.column.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("“{}”列", self.column),
                format!(", column {}", self.column),
            )
        };
        Text::new(
            format!("第 {} 行{zh_col}：{}", self.row, self.message.zh),
            format!("row {}{en_col}: {}", self.row, self.message.en),
        )
    }
}

/// A request read from a row, ready to write.
struct Parsed {
    row: u32,
    number: String,
    events: Vec<(Date, EventKind, &'static str)>,
    person: Option<Person>,
    /// The state the events fold into, once checked.
    state: Option<RequestState>,
}

/// Where each column is.
struct Header {
    at: Vec<(&'static str, usize)>,
}

impl Header {
    fn find(rows: &[SheetRow]) -> Result<(Header, usize), Vec<RowError>> {
        for (i, r) in rows.iter().enumerate().take(20) {
            let names: Vec<&str> = r.cells.iter().map(|c| c.trim()).collect();
            if !(names.contains(&"编号") && names.contains(&"收到日期")) {
                continue;
            }
            let mut at = Vec::new();
            for col in COLUMNS {
                if let Some(p) = names.iter().position(|n| *n == col) {
                    at.push((col, p));
                }
            }
            for (col, aliases) in PERSON_COLUMNS {
                if let Some(p) = names.iter().position(|n| aliases.contains(n)) {
                    at.push((col, p));
                }
            }
            let missing: Vec<&str> = REQUIRED
                .into_iter()
                .filter(|c| !at.iter().any(|(n, _)| n == c))
                .collect();
            if !missing.is_empty() {
                return Err(vec![RowError {
                    row: r.number,
                    column: String::new(),
                    message: Text::new(
                        format!("表头缺少“{}”列", missing.join("”“")),
                        format!("the header lacks the column(s) {}", missing.join(", ")),
                    ),
                }]);
            }
            return Ok((Header { at }, i));
        }
        Err(vec![RowError {
            row: rows.first().map_or(1, |r| r.number),
            column: String::new(),
            message: Text::new(
                format!(
                    "找不到表头：前 20 行中没有同时含“编号”和“收到日期”的一行；台账的列为 {}",
                    COLUMNS.join("、")
                ),
                format!(
                    "no header: none of the first 20 rows has both 编号 and 收到日期; the columns are {}",
                    COLUMNS.join(", ")
                ),
            ),
        }])
    }

    fn get<'a>(&self, row: &'a SheetRow, col: &str) -> &'a str {
        self.at
            .iter()
            .find(|(n, _)| *n == col)
            .and_then(|(_, i)| row.cells.get(*i))
            .map_or("", |s| s.trim())
    }
}

/// Reads one row into a request, or says what is wrong with each of its cells.
fn parse_row(h: &Header, row: &SheetRow) -> Result<Parsed, Vec<RowError>> {
    let mut errors = Vec::new();
    let err = |column: &str, message: Text| RowError {
        row: row.number,
        column: column.to_string(),
        message,
    };
    let date = |col: &'static str, errors: &mut Vec<RowError>| -> Option<Date> {
        let t = h.get(row, col);
        if t.is_empty() {
            return None;
        }
        match Date::parse(t) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(err(col, e.message()));
                None
            }
        }
    };
    let number = h.get(row, "编号").to_string();
    if number.is_empty() {
        errors.push(err("编号", Text::new("编号为空", "no number")));
    }
    let received = date("收到日期", &mut errors);
    if received.is_none() && h.get(row, "收到日期").is_empty() {
        errors.push(err(
            "收到日期",
            Text::new("收到日期为空", "no receipt date"),
        ));
    }
    let channel_text = h.get(row, "申请方式");
    let channel = Channel::from_zh(channel_text);
    if channel.is_none() {
        errors.push(err(
            "申请方式",
            Text::new(
                format!("“{channel_text}”不是申请方式；可填：当面、邮寄、信函、网络、传真"),
                format!("\"{channel_text}\" is no channel; one of 当面, 邮寄, 信函, 网络, 传真"),
            ),
        ));
    }
    let applicant_text = h.get(row, "申请人类型");
    let applicant = parse_applicant(applicant_text);
    if applicant.is_none() {
        errors.push(err(
            "申请人类型",
            Text::new(
                format!(
                    "“{applicant_text}”不是申请人类型；可填：{}",
                    applicant_choices()
                ),
                format!(
                    "\"{applicant_text}\" is no applicant type; one of {}",
                    applicant_choices()
                ),
            ),
        ));
    }
    let asked = date("补正告知日期", &mut errors);
    let corrected = date("补正收到日期", &mut errors);
    if corrected.is_some() && asked.is_none() {
        errors.push(err(
            "补正收到日期",
            Text::new(
                "有补正收到日期，却没有补正告知日期",
                "a correction received, but none requested",
            ),
        ));
    }
    let extended = match h.get(row, "延期") {
        "" | "否" | "无" | "N" | "n" | "0" => false,
        "是" | "延期" | "Y" | "y" | "1" | "√" => true,
        other => {
            errors.push(err(
                "延期",
                Text::new(
                    format!("“{other}”：延期请填 是 或 否"),
                    format!("\"{other}\": write 是 or 否"),
                ),
            ));
            false
        }
    };
    let sent = date("征求意见开始", &mut errors);
    let opinion = date("征求意见结束", &mut errors);
    if opinion.is_some() && sent.is_none() {
        errors.push(err(
            "征求意见结束",
            Text::new(
                "有征求意见结束日期，却没有开始日期",
                "a consultation end without its start",
            ),
        ));
    }
    let answered = date("答复日期", &mut errors);
    let outcome_text = h.get(row, "办理结果");
    let closing = match (answered, outcome_text) {
        (None, "") => None,
        (Some(_), "") => {
            errors.push(err(
                "办理结果",
                Text::new(
                    "有答复日期，却没有办理结果",
                    "an answer date without its outcome",
                ),
            ));
            None
        }
        (None, _) if h.get(row, "答复日期").is_empty() => {
            errors.push(err(
                "答复日期",
                Text::new(
                    "有办理结果，却没有答复日期",
                    "an outcome without its answer date",
                ),
            ));
            None
        }
        (None, _) => None,
        (Some(d), t) if WITHDRAWN.contains(&t) => Some((d, EventKind::Withdrawn)),
        (Some(d), t) => match template_of_year(d.year()) {
            None => {
                errors.push(err(
                    "答复日期",
                    Text::new(
                        format!("{d} 早于 2019 年：条例（2019 年修订）之前答复的申请不能导入"),
                        format!("{d} is before 2019: requests answered before the 2019 Regulations cannot be imported"),
                    ),
                ));
                None
            }
            Some(template) => match parse_outcome(t, template) {
                Some(outcome) => Some((d, EventKind::Answered { outcome })),
                None => {
                    let mut m = outcome_error(t, template);
                    m.zh = format!("{}；申请人撤回的填“撤回”", m.zh).into();
                    m.en = format!("{}; write 撤回 for a withdrawal", m.en).into();
                    errors.push(err("办理结果", m));
                    None
                }
            },
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(received), Some(channel), Some(applicant)) = (received, channel, applicant) else {
        return Err(errors);
    };
    let mut events: Vec<(Date, EventKind, &'static str)> = vec![(
        received,
        EventKind::Received {
            channel,
            applicant,
            content: h.get(row, "申请内容").to_string(),
        },
        "收到日期",
    )];
    if let Some(a) = asked {
        events.push((a, EventKind::CorrectionRequested, "补正告知日期"));
    }
    if let Some(c) = corrected {
        events.push((c, EventKind::CorrectionReceived, "补正收到日期"));
    }
    if let Some(s) = sent {
        events.push((
            s,
            EventKind::ConsultationSent {
                party: String::new(),
            },
            "征求意见开始",
        ));
    }
    if let Some(o) = opinion {
        events.push((
            o,
            EventKind::ConsultationAnswered {
                party: String::new(),
            },
            "征求意见结束",
        ));
    }
    if let Some((d, kind)) = closing {
        events.push((d, kind, "办理结果"));
    }
    if extended {
        // Dated when the whole row is known (see `fix_extension_dates`).
        events.push((received, EventKind::Extended, "延期"));
    }
    Ok(Parsed {
        row: row.number,
        number,
        events,
        person: person_of(h, row),
        state: None,
    })
}

fn person_of(h: &Header, row: &SheetRow) -> Option<Person> {
    let p = Person {
        name: h.get(row, "申请人").to_string(),
        contact: h.get(row, "联系方式").to_string(),
        address: h.get(row, "通信地址").to_string(),
    };
    (!p.name.is_empty() || !p.contact.is_empty() || !p.address.is_empty()).then_some(p)
}

/// The events as a log, numbered in the order given.
fn log(events: &[(Date, EventKind, &'static str)], actor: &Actor, reason: &str) -> Vec<Event> {
    let now = time::now();
    events
        .iter()
        .enumerate()
        .map(|(i, (date, kind, _))| Event {
            seq: u32::try_from(i).unwrap_or(u32::MAX - 1) + 1,
            kind: kind.clone(),
            date: *date,
            recorded_at: now.clone(),
            actor: actor.clone(),
            reason: reason.to_string(),
        })
        .collect()
}

impl Ledger<'_> {
    /// Imports a 台账: `rows` are the sheet's rows with their numbers (the header among the first
    /// 20). Every row is checked first; any error means nothing is written and every bad row is
    /// named. `source` names the file in each event's reason.
    pub fn import(
        &mut self,
        actor: &Actor,
        source: &str,
        rows: &[SheetRow],
        reason: &str,
    ) -> Result<Imported, ImportError> {
        let (header, at) = Header::find(rows).map_err(ImportError::Rows)?;
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        for row in &rows[at + 1..] {
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let number = header.get(row, "编号");
            if !number.is_empty()
                && let Some(first) = seen.insert(number.to_string(), row.number)
            {
                errors.push(RowError {
                    row: row.number,
                    column: "编号".into(),
                    message: Text::new(
                        format!("编号 {number} 与第 {first} 行重复"),
                        format!("number {number} repeats row {first}"),
                    ),
                });
            }
            match parse_row(&header, row) {
                Ok(p) => parsed.push(p),
                Err(e) => errors.extend(e),
            }
        }
        let why = |row: u32| {
            if reason.trim().is_empty() {
                format!("导入 {source} 第 {row} 行")
            } else {
                format!("导入 {source} 第 {row} 行：{}", reason.trim())
            }
        };
        let mut warnings = Vec::new();
        for p in &mut parsed {
            fix_extension_dates(self.calendar, p);
            let events = log(&p.events, actor, &why(p.row));
            let state = match RequestState::fold(&events) {
                Ok(s) => s,
                Err(e) => {
                    let column = e
                        .seq
                        .and_then(|s| p.events.get(s as usize - 1))
                        .map_or("", |(_, _, c)| c);
                    errors.push(RowError {
                        row: p.row,
                        column: column.to_string(),
                        message: e.message,
                    });
                    continue;
                }
            };
            match state.schedule(self.calendar) {
                Ok(Some(s)) => {
                    for w in &s.warnings {
                        warnings.push(RowError {
                            row: p.row,
                            column: String::new(),
                            message: w.text(),
                        });
                    }
                    if let Some(late) = late_answer(&state, &s) {
                        warnings.push(RowError {
                            row: p.row,
                            column: "答复日期".into(),
                            message: late,
                        });
                    }
                }
                Ok(None) => {}
                Err(ClockError::MissingYear(m)) => warnings.push(RowError {
                    row: p.row,
                    column: String::new(),
                    message: m.message(),
                }),
                Err(e) => errors.push(RowError {
                    row: p.row,
                    column: clock_column(&e).to_string(),
                    message: e.message(),
                }),
            }
            p.state = Some(state);
        }
        let agency = self.agency.id;
        let existing = self.db.query(
            "SELECT number FROM ledger_requests WHERE agency_id = $1",
            &[crate::db::Arg::Int(agency)],
        )?;
        let existing: std::collections::HashSet<String> =
            existing.iter().map(|r| r.text(0)).collect();
        for p in &parsed {
            if existing.contains(&p.number) {
                errors.push(RowError {
                    row: p.row,
                    column: "编号".into(),
                    message: Text::new(
                        format!("编号 {} 已在台账中", p.number),
                        format!("number {} is already in the ledger", p.number),
                    ),
                });
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(ImportError::Rows(errors));
        }
        let mut out = Imported {
            warnings,
            ..Imported::default()
        };
        self.db.tx(|db| {
            let changes: Vec<_> = parsed.iter().map(|p| (None, p.state.clone())).collect();
            guard_published(
                db,
                agency,
                actor,
                reason,
                &format!("导入 {source}"),
                &changes,
                &[],
            )?;
            let now = time::now();
            // Requests many to a statement, then their ids by number, then the events likewise.
            for chunk in parsed.chunks(500) {
                let mut sql = String::from(
                    "INSERT INTO ledger_requests (agency_id, number, created_at, created_by) VALUES ",
                );
                let mut args = Vec::with_capacity(chunk.len() * 4);
                for (i, p) in chunk.iter().enumerate() {
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    let b = i * 4;
                    sql.push_str(&format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4));
                    args.extend([
                        crate::db::Arg::Int(agency),
                        crate::db::Arg::Text(p.number.clone()),
                        crate::db::Arg::Text(now.clone()),
                        crate::db::Arg::Text(actor.name().to_string()),
                    ]);
                }
                db.exec(&sql, &args)?;
            }
            let ids: std::collections::HashMap<String, i64> = db
                .query(
                    "SELECT number, id FROM ledger_requests WHERE agency_id = $1",
                    &[crate::db::Arg::Int(agency)],
                )?
                .iter()
                .map(|r| (r.text(0), r.int(1)))
                .collect();
            let logs: Vec<(i64, Vec<Event>)> = parsed
                .iter()
                .map(|p| (ids.get(&p.number).copied().unwrap_or(0), log(&p.events, actor, &why(p.row))))
                .collect();
            let all: Vec<(i64, &Event)> = logs
                .iter()
                .flat_map(|(id, events)| events.iter().map(move |e| (*id, e)))
                .collect();
            insert_events(db, agency, &all)?;
            out.events = all.len();
            for p in &parsed {
                if let Some(person) = &p.person {
                    let id = ids.get(&p.number).copied().unwrap_or(0);
                    crate::privacy::store(db, agency, id, actor, person, &why(p.row))?;
                    out.persons += 1;
                }
                out.requests += 1;
            }
            Ok::<_, LedgerError>(())
        })?;
        Ok(out)
    }
}

/// The 台账 records that a request was extended, not when: the extension is dated on the last day
/// of the answer period it extended (the latest it can have been decided), or on the answer's
/// day when that came first.
fn fix_extension_dates(calendar: &crate::calendar::Calendar, p: &mut Parsed) {
    let Some(i) = p
        .events
        .iter()
        .position(|(_, k, _)| matches!(k, EventKind::Extended))
    else {
        return;
    };
    let without: Vec<_> = p
        .events
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, e)| e.clone())
        .collect();
    let state = RequestState::fold(&log(&without, &Actor::new("导入"), ""));
    let due = state
        .ok()
        .and_then(|s| s.case())
        .and_then(|case| clock::schedule(calendar, &case).ok())
        .and_then(|s| s.due);
    let closing = without
        .iter()
        .find(|(_, k, _)| matches!(k, EventKind::Answered { .. } | EventKind::Withdrawn))
        .map(|(d, _, _)| *d);
    let received = p.events[0].0;
    let date = match (due, closing) {
        (Some(d), Some(c)) => d.min(c),
        (Some(d), None) => d,
        (None, Some(c)) => c,
        (None, None) => received,
    };
    // Recorded before the closing event, so that on the same day it comes first.
    let mut extension = p.events.remove(i);
    extension.0 = date.max(received);
    let at = p
        .events
        .iter()
        .position(|(_, k, _)| matches!(k, EventKind::Answered { .. } | EventKind::Withdrawn))
        .unwrap_or(p.events.len());
    p.events.insert(at, extension);
}

fn clock_column(e: &ClockError) -> &'static str {
    match e {
        ClockError::CorrectionBeforeReceipt { .. } => "补正告知日期",
        ClockError::CorrectionReceivedBeforeRequested { .. } => "补正收到日期",
        ClockError::ConsultationBeforeReceipt { .. } => "征求意见开始",
        ClockError::ConsultationAnsweredBeforeSent { .. } => "征求意见结束",
        ClockError::MissingYear(_) => "",
    }
}
