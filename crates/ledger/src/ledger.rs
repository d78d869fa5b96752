//! The ledger of one agency: requests and their event logs. Every query is scoped to the agency
//! the [`Ledger`] was opened for, every write names its [`Actor`], and a write that would change
//! the numbers of a published year needs a reason and is logged as a revision.

use std::collections::BTreeMap;

use gongkai_model::Text;
use gongkai_model::labels::Applicant;

use crate::calendar::Calendar;
use crate::channel::Channel;
use crate::clock::{ClockError, Schedule};
use crate::date::Date;
use crate::db::{Arg, Db, DbError, Row};
use crate::error::LedgerError;
use crate::event::{Actor, Event, EventKind, Kind};
use crate::outcome::{CaseResult, parse_applicant, parse_case_kind};
use crate::privacy::{MaskedPerson, Person};
use crate::state::{RequestState, Stage};
use crate::time;

/// An agency served by the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Its row id.
    pub id: i64,
    /// The short code it is addressed by (`qinghe-amr`).
    pub code: String,
    /// Its name as it signs its documents (`青禾县市场监督管理局`).
    pub name: String,
    /// Days after a request's closure that its applicant's personal data is kept; `None`: until
    /// removed by hand.
    pub retention_days: Option<i64>,
}

/// The ledger of one agency.
pub struct Ledger<'db> {
    pub(crate) db: &'db mut Db,
    pub(crate) agency: Agency,
    pub(crate) calendar: &'static Calendar,
}

/// A new request: its receipt, and the applicant when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    /// The agency's own number for it (编号).
    pub number: String,
    /// 收到申请之日 (第三十一条).
    pub received: Date,
    /// 申请方式.
    pub channel: Channel,
    /// 申请人类型.
    pub applicant: Applicant,
    /// 申请内容.
    pub content: String,
    /// The applicant's name and contacts (personal data, kept apart).
    pub person: Option<Person>,
}

/// What recording an event gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The event's number within the request.
    pub seq: u32,
    /// What looks wrong without making the event impossible (a late answer, a late notice).
    pub warnings: Vec<Text>,
}

/// A request with its history and what the clock makes of it.
#[derive(Debug, Clone)]
pub struct RequestView {
    /// 编号.
    pub number: String,
    /// Every event, in recording order (voided ones included, as recorded).
    pub events: Vec<Event>,
    /// The state the events give.
    pub state: RequestState,
    /// The clock's schedule; `None` for a void request, an error when a date reaches a year
    /// without calendar data.
    pub schedule: Result<Option<Schedule>, ClockError>,
    /// The applicant, masked.
    pub person: Option<MaskedPerson>,
}

/// One line of `list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// 编号.
    pub number: String,
    /// 收到申请之日.
    pub received: Date,
    /// 申请人类型.
    pub applicant: Applicant,
    /// The applicant's masked name, when recorded.
    pub person: Option<String>,
    /// 申请内容.
    pub content: String,
    /// Where it stands.
    pub stage: Stage,
    /// The last day for the answer, when the clock gives one.
    pub due: Option<Date>,
    /// Working days from today to `due` (negative when overdue, 0 on the day).
    pub days_left: Option<i64>,
    /// Why the due date is unknown, when it is not for a plain reason (a missing calendar year).
    pub note: Option<Text>,
}

/// What `list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// Only open requests due within this many working days (overdue ones included).
    pub due_within: Option<i64>,
    /// Closed requests too.
    pub all: bool,
}

impl Db {
    /// Adds an agency.
    pub fn add_agency(
        &mut self,
        actor: &Actor,
        code: &str,
        name: &str,
    ) -> Result<Agency, LedgerError> {
        let code = code.trim();
        if code.is_empty() || name.trim().is_empty() {
            return Err(LedgerError::Invalid(Text::new(
                "机关需要代码和名称",
                "an agency needs a code and a name",
            )));
        }
        if self.find_agency(code)?.is_some() {
            return Err(LedgerError::DuplicateAgency(code.to_string()));
        }
        let id = self.insert(
            "INSERT INTO ledger_agencies (code, name, retention_days, created_at, created_by)
             VALUES ($1, $2, NULL, $3, $4) RETURNING id",
            &[
                Arg::Text(code.to_string()),
                Arg::Text(name.trim().to_string()),
                Arg::Text(time::now()),
                Arg::Text(actor.name().to_string()),
            ],
        )?;
        Ok(Agency {
            id,
            code: code.to_string(),
            name: name.trim().to_string(),
            retention_days: None,
        })
    }

    /// Every agency, by code.
    pub fn agencies(&mut self) -> Result<Vec<Agency>, LedgerError> {
        let rows = self.query(
            "SELECT id, code, name, retention_days FROM ledger_agencies ORDER BY code",
            &[],
        )?;
        Ok(rows.iter().map(agency_of).collect())
    }

    fn find_agency(&mut self, code: &str) -> Result<Option<Agency>, DbError> {
        let rows = self.query(
            "SELECT id, code, name, retention_days FROM ledger_agencies WHERE code = $1",
            &[Arg::Text(code.to_string())],
        )?;
        Ok(rows.first().map(agency_of))
    }

    /// The ledger of the agency `code`.
    pub fn ledger(&mut self, code: &str) -> Result<Ledger<'_>, LedgerError> {
        let agency = self
            .find_agency(code.trim())?
            .ok_or_else(|| LedgerError::UnknownAgency(code.to_string()))?;
        let calendar = Calendar::builtin().map_err(|e| {
            LedgerError::Invalid(Text::new(
                format!("工作日历 {} 有误：{}", e.file, e.message.zh),
                format!("calendar file {}: {}", e.file, e.message.en),
            ))
        })?;
        Ok(Ledger {
            db: self,
            agency,
            calendar,
        })
    }
}

fn agency_of(r: &Row) -> Agency {
    Agency {
        id: r.int(0),
        code: r.text(1),
        name: r.text(2),
        retention_days: r.opt_int(3),
    }
}

impl Ledger<'_> {
    /// The agency.
    pub fn agency(&self) -> &Agency {
        &self.agency
    }

    /// The working-day calendar the clock uses.
    pub fn calendar(&self) -> &'static Calendar {
        self.calendar
    }

    /// Sets how long personal data is kept after a request's closure (`None`: until removed);
    /// the change is logged with the accesses to personal data (who, when, the new period).
    pub fn set_retention(&mut self, actor: &Actor, days: Option<i64>) -> Result<(), LedgerError> {
        if days.is_some_and(|d| d < 0) {
            return Err(LedgerError::Invalid(Text::new(
                "保存期限不能为负数",
                "the retention period cannot be negative",
            )));
        }
        let agency = self.agency.id;
        self.db.tx(|db| {
            db.exec(
                "UPDATE ledger_agencies SET retention_days = $1 WHERE id = $2",
                &[Arg::OptInt(days), Arg::Int(agency)],
            )?;
            let what = match days {
                Some(d) => format!("个人信息保存期限设为办结后 {d} 天"),
                None => "个人信息保存至手动删除".to_string(),
            };
            crate::privacy::log(db, agency, None, actor, "retention", &what)?;
            Ok::<_, LedgerError>(())
        })?;
        self.agency.retention_days = days;
        Ok(())
    }

    /// Registers a request: its number, its receipt (the first event) and the applicant.
    pub fn add(
        &mut self,
        actor: &Actor,
        new: &NewRequest,
        reason: &str,
    ) -> Result<Recorded, LedgerError> {
        let mut out = None;
        let agency = self.agency.id;
        let calendar = self.calendar;
        self.db.tx(|db| {
            out = Some(add_in(db, agency, calendar, actor, new, reason)?);
            Ok::<_, LedgerError>(())
        })?;
        Ok(out.unwrap_or(Recorded {
            seq: 1,
            warnings: Vec::new(),
        }))
    }

    /// Records an event of request `number`, dated `date`. Refused (nothing written) when it
    /// does not fit the log, when the clock cannot count the dates, or when it changes a
    /// published year's numbers and `reason` is empty.
    pub fn record(
        &mut self,
        actor: &Actor,
        number: &str,
        date: Date,
        kind: EventKind,
        reason: &str,
    ) -> Result<Recorded, LedgerError> {
        let agency = self.agency.id;
        let calendar = self.calendar;
        self.db.tx(|db| {
            let id = request_id(db, agency, number)?;
            record_in(db, agency, calendar, actor, id, number, date, kind, reason)
        })
    }

    /// A request with its history and schedule.
    pub fn request(&mut self, number: &str) -> Result<RequestView, LedgerError> {
        let id = request_id(self.db, self.agency.id, number)?;
        let events = load_events(self.db, self.agency.id, Which::One(id))?
            .pop_first()
            .map(|(_, (_, e))| e)
            .unwrap_or_default();
        let state = fold(number, &events)?;
        let schedule = state.schedule(self.calendar);
        let person = crate::privacy::masked(self.db, self.agency.id, id)?;
        Ok(RequestView {
            number: number.to_string(),
            events,
            state,
            schedule,
            person,
        })
    }

    /// The requests with their due dates as of `today`: overdue first, then by due date, then
    /// those without one; closed requests only with `filter.all`.
    pub fn list(&mut self, today: Date, filter: ListFilter) -> Result<Vec<ListItem>, LedgerError> {
        // What is open is known from the counting events; only open requests are read whole.
        let open: std::collections::HashSet<i64> = counting_states(self.db, self.agency.id)?
            .into_iter()
            .filter(|(_, s)| filter.all || s.stage().is_open())
            .map(|(id, _)| id)
            .collect();
        let all = load_events(self.db, self.agency.id, Which::Some(&open))?;
        let persons = crate::privacy::masked_names(self.db, self.agency.id)?;
        let mut out = Vec::new();
        for (id, (number, events)) in all {
            let state = fold(&number, &events)?;
            let Some(receipt) = &state.received else {
                continue;
            };
            let stage = state.stage();
            if !stage.is_open() && !filter.all {
                continue;
            }
            let (due, note) = match state.schedule(self.calendar) {
                Ok(Some(s)) => (state.due(&s), None),
                Ok(None) => (None, None),
                Err(e) => (None, Some(e.message())),
            };
            let days_left = match due {
                Some(d) => Some(working_days_between(self.calendar, today, d)),
                None => None,
            };
            if let Some(n) = filter.due_within
                && days_left.is_none_or(|left| left > n)
            {
                continue;
            }
            out.push(ListItem {
                number,
                received: receipt.date,
                applicant: receipt.applicant,
                person: persons.get(&id).cloned(),
                content: receipt.content.clone(),
                stage,
                due,
                days_left,
                note,
            });
        }
        out.sort_by(|a, b| {
            let key = |i: &ListItem| (i.due.is_none(), i.due, i.received);
            key(a).cmp(&key(b)).then_with(|| a.number.cmp(&b.number))
        });
        Ok(out)
    }

    /// Every request's number and state as far as counting goes — receipt, closure, reopening,
    /// reviews and lawsuits (void requests included) — in the order they were added.
    pub fn states(&mut self) -> Result<Vec<(String, RequestState)>, LedgerError> {
        let mut numbers: BTreeMap<i64, String> = self
            .db
            .query(
                "SELECT id, number FROM ledger_requests WHERE agency_id = $1",
                &[Arg::Int(self.agency.id)],
            )?
            .iter()
            .map(|r| (r.int(0), r.text(1)))
            .collect();
        Ok(counting_states(self.db, self.agency.id)?
            .into_iter()
            .map(|(id, s)| (numbers.remove(&id).unwrap_or_default(), s))
            .collect())
    }
}

/// The kinds of event that decide what a request counts in.
const COUNTING_KINDS: &str =
    "'received', 'answered', 'withdrawn', 'reopened', 'case_filed', 'case_decided', 'voided'";

/// The counting state of every request of the agency, by request id: only the events that decide
/// what a request counts in are read, borrowed row by row, and folded. The logs were checked when
/// written, so this fold gives the same receipt, closure and cases as the full one (a test in
/// `tests/it/report_props.rs` compares them); a void whose target is not read (a 补正 entered by
/// mistake) changes nothing here and is left out.
pub(crate) fn counting_states(
    db: &mut Db,
    agency: i64,
) -> Result<Vec<(i64, RequestState)>, LedgerError> {
    let sql = format!(
        "SELECT request_id, seq, kind, date, channel, applicant, outcome, case_no, case_kind,
            case_result, target
         FROM ledger_events WHERE agency_id = $1 AND kind IN ({COUNTING_KINDS})
         ORDER BY request_id, seq"
    );
    let mut out = Vec::new();
    let mut current: Option<i64> = None;
    let mut events: Vec<Event> = Vec::new();
    let mut failed: Option<LedgerError> = None;
    let flush = |id: i64, events: &mut Vec<Event>, out: &mut Vec<(i64, RequestState)>| {
        let seqs: Vec<u32> = events.iter().map(|e| e.seq).collect();
        events.retain(|e| match e.kind {
            EventKind::Voided { target } => seqs.contains(&target),
            _ => true,
        });
        let state = RequestState::fold(events).map_err(|e| LedgerError::Refused {
            number: format!("#{id}"),
            message: e.message,
        });
        events.clear();
        state.map(|s| out.push((id, s)))
    };
    db.for_each(&sql, &[Arg::Int(agency)], &mut |row| {
        let id = row.int(0).unwrap_or(0);
        if let Some(previous) = current.filter(|c| *c != id)
            && let Err(e) = flush(previous, &mut events, &mut out)
        {
            failed.get_or_insert(e);
        }
        current = Some(id);
        events.push(lean_event(row)?);
        Ok(())
    })?;
    if let Some(id) = current {
        flush(id, &mut events, &mut out)?;
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// An event of the counting kinds, its text fields left empty.
fn lean_event(r: &crate::db::Cols<'_>) -> Result<Event, DbError> {
    let bad = |what: &str| DbError(format!("stored event has an unreadable {what}"));
    let kind = Kind::from_code(r.str(2).unwrap_or("")).ok_or_else(|| bad("kind"))?;
    let date = Date::parse_iso(r.str(3).unwrap_or("")).ok_or_else(|| bad("date"))?;
    let text = |i: usize| r.str(i).unwrap_or("");
    let kind = match kind {
        Kind::Received => EventKind::Received {
            channel: Channel::from_zh(text(4)).ok_or_else(|| bad("channel"))?,
            applicant: parse_applicant(text(5)).ok_or_else(|| bad("applicant"))?,
            content: String::new(),
        },
        Kind::Answered => EventKind::Answered {
            outcome: gongkai_model::labels::REQUEST_ROWS
                .iter()
                .find(|s| s.key == text(6))
                .map(|s| s.row)
                .ok_or_else(|| bad("outcome"))?,
        },
        Kind::Withdrawn => EventKind::Withdrawn,
        Kind::Reopened => EventKind::Reopened,
        Kind::CaseFiled => EventKind::CaseFiled {
            case: text(7).to_string(),
            kind: parse_case_kind(text(8)).ok_or_else(|| bad("case kind"))?,
        },
        Kind::CaseDecided => EventKind::CaseDecided {
            case: text(7).to_string(),
            result: CaseResult::parse(text(9)).ok_or_else(|| bad("case result"))?,
        },
        Kind::Voided => EventKind::Voided {
            target: u32::try_from(r.int(10).unwrap_or(0)).map_err(|_| bad("target"))?,
        },
        _ => return Err(bad("kind for counting")),
    };
    Ok(Event {
        seq: u32::try_from(r.int(1).unwrap_or(0)).map_err(|_| bad("number"))?,
        kind,
        date,
        recorded_at: String::new(),
        actor: Actor(String::new()),
        reason: String::new(),
    })
}

/// Working days from `today` to `due`: 0 on the day, 1 when due on the next working day,
/// negative when overdue (the working days since). Days without calendar data count as
/// weekdays here — only this distance shown in lists, never a due date.
pub fn working_days_between(calendar: &Calendar, today: Date, due: Date) -> i64 {
    let working = |d: Date| calendar.is_working_day(d).unwrap_or(!d.is_weekend());
    let (from, to, sign) = if due >= today {
        (today, due, 1)
    } else {
        (due, today, -1)
    };
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.next();
        if working(d) {
            n += 1;
        }
    }
    sign * n
}

pub(crate) fn fold(number: &str, events: &[Event]) -> Result<RequestState, LedgerError> {
    RequestState::fold(events).map_err(|e| LedgerError::Refused {
        number: number.to_string(),
        message: e.message,
    })
}

fn add_in(
    db: &mut Db,
    agency: i64,
    calendar: &Calendar,
    actor: &Actor,
    new: &NewRequest,
    reason: &str,
) -> Result<Recorded, LedgerError> {
    let number = new.number.trim();
    if number.is_empty() {
        return Err(LedgerError::Invalid(Text::new(
            "申请需要编号",
            "a request needs a number",
        )));
    }
    let exists = db.query(
        "SELECT id FROM ledger_requests WHERE agency_id = $1 AND number = $2",
        &[Arg::Int(agency), Arg::Text(number.to_string())],
    )?;
    if !exists.is_empty() {
        return Err(LedgerError::DuplicateRequest(number.to_string()));
    }
    let id = db.insert(
        "INSERT INTO ledger_requests (agency_id, number, created_at, created_by)
         VALUES ($1, $2, $3, $4) RETURNING id",
        &[
            Arg::Int(agency),
            Arg::Text(number.to_string()),
            Arg::Text(time::now()),
            Arg::Text(actor.name().to_string()),
        ],
    )?;
    let kind = EventKind::Received {
        channel: new.channel,
        applicant: new.applicant,
        content: new.content.trim().to_string(),
    };
    let recorded = record_in(
        db,
        agency,
        calendar,
        actor,
        id,
        number,
        new.received,
        kind,
        reason,
    )?;
    if let Some(p) = &new.person {
        crate::privacy::store(db, agency, id, actor, p, reason)?;
    }
    Ok(recorded)
}

/// Records one event inside a transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_in(
    db: &mut Db,
    agency: i64,
    calendar: &Calendar,
    actor: &Actor,
    request: i64,
    number: &str,
    date: Date,
    kind: EventKind,
    reason: &str,
) -> Result<Recorded, LedgerError> {
    if db.is_postgres() {
        // Concurrent writers to one request queue here (SQLite's BEGIN IMMEDIATE does this
        // for the whole file).
        db.query(
            "SELECT id FROM ledger_requests WHERE id = $1 FOR UPDATE",
            &[Arg::Int(request)],
        )?;
    }
    let events = load_events(db, agency, Which::One(request))?
        .pop_first()
        .map(|(_, (_, e))| e)
        .unwrap_or_default();
    let before = fold(number, &events)?;
    let seq = events.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
    let event = Event {
        seq,
        kind,
        date,
        recorded_at: time::now(),
        actor: actor.clone(),
        reason: reason.trim().to_string(),
    };
    let mut after_events = events.clone();
    after_events.push(event.clone());
    let after = fold(number, &after_events)?;
    let warnings = clock_warnings(calendar, number, &before, &after)?;
    crate::report::guard_published(
        db,
        agency,
        actor,
        reason,
        &format!("{number} #{seq} {}", event.kind.describe().zh),
        &[(Some(before), Some(after))],
        &[],
    )?;
    insert_event(db, agency, request, &event)?;
    Ok(Recorded { seq, warnings })
}

/// The clock's view of the new state: an error that makes the dates impossible refuses the
/// event; new warnings, and an answer after its due date, are returned.
fn clock_warnings(
    calendar: &Calendar,
    number: &str,
    before: &RequestState,
    after: &RequestState,
) -> Result<Vec<Text>, LedgerError> {
    let schedule = match after.schedule(calendar) {
        Ok(s) => s,
        Err(ClockError::MissingYear(m)) => return Ok(vec![m.message()]),
        Err(error) => {
            return Err(LedgerError::Clock {
                number: number.to_string(),
                error,
            });
        }
    };
    let Some(s) = schedule else {
        return Ok(Vec::new());
    };
    let old: Vec<Text> = before
        .schedule(calendar)
        .ok()
        .flatten()
        .map(|s| s.warnings.iter().map(|w| w.text()).collect())
        .unwrap_or_default();
    let mut out: Vec<Text> = s
        .warnings
        .iter()
        .map(|w| w.text())
        .filter(|w| !old.contains(w))
        .collect();
    if let Some(late) = late_answer(after, &s) {
        out.push(late);
    }
    Ok(out)
}

/// The warning for an answer (or withdrawal) later than its due date.
pub fn late_answer(state: &RequestState, schedule: &Schedule) -> Option<Text> {
    let closure = state.closure?;
    if closure.withdrawn {
        return None;
    }
    let due = if state.extended.is_some() {
        schedule.extended_due
    } else {
        schedule.due
    }?;
    (closure.date > due).then(|| {
        Text::new(
            format!(
                "答复日期 {} 晚于答复期限 {due}（第三十三条{}）",
                closure.date,
                if state.extended.is_some() {
                    "，已含延长的20个工作日"
                } else {
                    "：收到申请之日起20个工作日内"
                }
            ),
            format!(
                "answered on {}, after the due date {due} (Article 33{})",
                closure.date,
                if state.extended.is_some() {
                    ", extension included"
                } else {
                    ": within 20 working days of receipt"
                }
            ),
        )
    })
}

pub(crate) fn request_id(db: &mut Db, agency: i64, number: &str) -> Result<i64, LedgerError> {
    let rows = db.query(
        "SELECT id FROM ledger_requests WHERE agency_id = $1 AND number = $2",
        &[Arg::Int(agency), Arg::Text(number.trim().to_string())],
    )?;
    rows.first()
        .map(|r| r.int(0))
        .ok_or_else(|| LedgerError::UnknownRequest(number.to_string()))
}

pub(crate) fn insert_event(
    db: &mut Db,
    agency: i64,
    request: i64,
    e: &Event,
) -> Result<(), DbError> {
    insert_events(db, agency, &[(request, e)])
}

/// The columns of `ledger_events` an insert fills, in order.
const EVENT_COLUMNS: usize = 17;

/// Inserts events, many in one statement (an import writes hundreds of thousands; a server
/// round trip each would take minutes on PostgreSQL).
pub(crate) fn insert_events(
    db: &mut Db,
    agency: i64,
    events: &[(i64, &Event)],
) -> Result<(), DbError> {
    for chunk in events.chunks(500) {
        let mut sql = String::from(
            "INSERT INTO ledger_events (agency_id, request_id, seq, kind, date, recorded_at, actor,
                reason, channel, applicant, content, outcome, party, case_no, case_kind,
                case_result, target) VALUES ",
        );
        let mut args = Vec::with_capacity(chunk.len() * EVENT_COLUMNS);
        for (i, (request, e)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..EVENT_COLUMNS {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", i * EVENT_COLUMNS + c + 1));
            }
            sql.push(')');
            args.extend(event_args(agency, *request, e));
        }
        db.exec(&sql, &args)?;
    }
    Ok(())
}

fn event_args(agency: i64, request: i64, e: &Event) -> [Arg; EVENT_COLUMNS] {
    let text = |s: &str| Arg::OptText(Some(s.to_string()));
    let none = Arg::OptText(None);
    // channel, applicant, content, outcome, party, case_no, case_kind, case_result
    let mut cols: [Arg; 8] = std::array::from_fn(|_| none.clone());
    let mut target = None;
    match &e.kind {
        EventKind::Received {
            channel,
            applicant,
            content,
        } => {
            cols[0] = text(channel.zh());
            cols[1] = text(applicant.key());
            cols[2] = text(content);
        }
        EventKind::Answered { outcome } => cols[3] = text(outcome.spec().key),
        EventKind::ConsultationSent { party } | EventKind::ConsultationAnswered { party } => {
            cols[4] = text(party);
        }
        EventKind::CaseFiled { case, kind } => {
            cols[5] = text(case);
            cols[6] = text(kind.key());
        }
        EventKind::CaseDecided { case, result } => {
            cols[5] = text(case);
            cols[7] = text(result.key());
        }
        EventKind::Voided { target: t } => target = Some(i64::from(*t)),
        _ => {}
    }
    let [
        channel,
        applicant,
        content,
        outcome,
        party,
        case_no,
        case_kind,
        case_result,
    ] = cols;
    [
        Arg::Int(agency),
        Arg::Int(request),
        Arg::Int(i64::from(e.seq)),
        Arg::Text(e.kind.kind().code().to_string()),
        Arg::Text(e.date.to_string()),
        Arg::Text(e.recorded_at.clone()),
        Arg::Text(e.actor.name().to_string()),
        Arg::Text(e.reason.clone()),
        channel,
        applicant,
        content,
        outcome,
        party,
        case_no,
        case_kind,
        case_result,
        Arg::OptInt(target),
    ]
}

/// Which requests' events to read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which<'a> {
    /// One request.
    One(i64),
    /// Those whose ids are in the set (the others' rows are skipped undecoded).
    Some(&'a std::collections::HashSet<i64>),
}

/// The events of one or some of the agency's requests, by request id: `(number, events)`.
pub(crate) fn load_events(
    db: &mut Db,
    agency: i64,
    which: Which<'_>,
) -> Result<BTreeMap<i64, (String, Vec<Event>)>, DbError> {
    let (filter, args) = match which {
        Which::One(id) => (" AND r.id = $2", vec![Arg::Int(agency), Arg::Int(id)]),
        Which::Some(_) => ("", vec![Arg::Int(agency)]),
    };
    let sql = format!(
        "SELECT r.id, r.number, e.seq, e.kind, e.date, e.recorded_at, e.actor, e.reason,
            e.channel, e.applicant, e.content, e.outcome, e.party, e.case_no, e.case_kind,
            e.case_result, e.target
         FROM ledger_requests r JOIN ledger_events e ON e.request_id = r.id
         WHERE r.agency_id = $1 AND e.agency_id = $1{filter} ORDER BY r.id, e.seq"
    );
    let mut out: BTreeMap<i64, (String, Vec<Event>)> = BTreeMap::new();
    db.for_each(&sql, &args, &mut |r| {
        let id = r.int(0).unwrap_or(0);
        if let Which::Some(set) = which
            && !set.contains(&id)
        {
            return Ok(());
        }
        let event = event_of(r)?;
        out.entry(id)
            .or_insert_with(|| (r.str(1).unwrap_or("").to_string(), Vec::new()))
            .1
            .push(event);
        Ok(())
    })?;
    Ok(out)
}

fn event_of(r: &crate::db::Cols<'_>) -> Result<Event, DbError> {
    let bad = |what: &str| DbError(format!("stored event has an unreadable {what}"));
    let text = |i: usize| r.str(i).unwrap_or("");
    let kind = Kind::from_code(text(3)).ok_or_else(|| bad("kind"))?;
    let date = Date::parse_iso(text(4)).ok_or_else(|| bad("date"))?;
    let kind = match kind {
        Kind::Received => EventKind::Received {
            channel: Channel::from_zh(text(8)).ok_or_else(|| bad("channel"))?,
            applicant: parse_applicant(text(9)).ok_or_else(|| bad("applicant"))?,
            content: text(10).to_string(),
        },
        Kind::CorrectionRequested => EventKind::CorrectionRequested,
        Kind::CorrectionReceived => EventKind::CorrectionReceived,
        Kind::ConsultationSent => EventKind::ConsultationSent {
            party: text(12).to_string(),
        },
        Kind::ConsultationAnswered => EventKind::ConsultationAnswered {
            party: text(12).to_string(),
        },
        Kind::Extended => EventKind::Extended,
        Kind::Answered => EventKind::Answered {
            outcome: gongkai_model::labels::REQUEST_ROWS
                .iter()
                .find(|s| s.key == text(11))
                .map(|s| s.row)
                .ok_or_else(|| bad("outcome"))?,
        },
        Kind::Withdrawn => EventKind::Withdrawn,
        Kind::Reopened => EventKind::Reopened,
        Kind::CaseFiled => EventKind::CaseFiled {
            case: text(13).to_string(),
            kind: parse_case_kind(text(14)).ok_or_else(|| bad("case kind"))?,
        },
        Kind::CaseDecided => EventKind::CaseDecided {
            case: text(13).to_string(),
            result: CaseResult::parse(text(15)).ok_or_else(|| bad("case result"))?,
        },
        Kind::Voided => EventKind::Voided {
            target: u32::try_from(r.int(16).unwrap_or(0)).map_err(|_| bad("target"))?,
        },
    };
    Ok(Event {
        seq: u32::try_from(r.int(2).unwrap_or(0)).map_err(|_| bad("number"))?,
        kind,
        date,
        recorded_at: text(5).to_string(),
        actor: Actor(text(6).to_string()),
        reason: text(7).to_string(),
    })
}
