//! The statutory clock of a 政府信息公开申请 (《政府信息公开条例》2019): its due dates counted in
//! working days of the [`Calendar`], with 补正, the extension and consultation pauses. Pure
//! functions of the facts of a request; no IO, no "today".
//!
//! The rules:
//! - A period excludes its first day: "N working days of D" ends on the Nth working day after D,
//!   whatever day of the week D is.
//! - 补正 (第三十条): the notice is due 7 working days after receipt; the answer period is counted
//!   afresh from the day the corrected request is received.
//! - The answer is due 20 working days after the clock start (第三十三条第一款); an extension
//!   (`extended`) adds 20 working days after the due date, pauses still not counted.
//! - Consultation (第三十三条第二款): the working days from the day a request for opinion is sent
//!   to the day the opinion is received, both included, are not counted — only days that would
//!   otherwise count (working days after the clock start). Overlapping consultations skip each
//!   day once. A consultation sent before the clock start (during 补正) skips only its days after
//!   the clock start, with a warning. A consultation not answered yet stops the clock.
//! - The consulted party must answer within 15 working days of receiving the request (第三十二条,
//!   第三十四条); the day it is sent is taken as the day it is received. A later answer is a
//!   warning.
//! - Facts out of order (a correction before receipt, an answer before its request) are errors.

use gongkai_model::Text;
use serde::Serialize;

use crate::calendar::{Calendar, DayKind, HolidayName, MissingYear};
use crate::channel::Channel;
use crate::date::Date;

/// Working days for the 补正 notice (第三十条).
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// Working days for the answer (第三十三条第一款).
pub const ANSWER_DAYS: u32 = 20;
/// Working days an extension adds at most (第三十三条第一款).
pub const EXTENSION_DAYS: u32 = 20;
/// Working days a consulted third party or agency has to give its opinion (第三十二条, 第三十四条).
pub const OPINION_DAYS: u32 = 15;

/// The facts of one request that the clock depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The day the request was received (收到申请之日, as 第三十一条 defines it).
    pub received: Date,
    /// How it came in: recorded and explained, never shifts `received`.
    pub channel: Option<Channel>,
    /// The 补正, if one was asked for.
    pub correction: Option<Correction>,
    /// Whether the answer period was extended.
    pub extended: bool,
    /// The requests for opinion, in the order given.
    pub consultations: Vec<Consultation>,
}

/// A 补正: the notice asking the applicant to correct the request, and the corrected request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    /// The day the notice was given.
    pub requested: Date,
    /// The day the corrected request was received; `None` while it is awaited.
    pub received: Option<Date>,
}

/// A request for the opinion of a third party or another agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consultation {
    /// The day the request for opinion was sent.
    pub sent: Date,
    /// The day the (last) opinion was received; `None` while it is awaited.
    pub answered: Option<Date>,
}

/// The due dates of a request and how each was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The facts it was computed from.
    pub case: Case,
    /// The last day for the 补正 notice.
    pub correction_notice_due: Date,
    /// The days after receipt up to `correction_notice_due`, as counted for it.
    pub correction_notice_days: Vec<Day>,
    /// The day the answer period is counted from: receipt, or the corrected request's receipt;
    /// `None` while a correction is awaited.
    pub clock_start: Option<Date>,
    /// The last day for the answer; `None` while the clock is stopped (see `status`).
    pub due: Option<Date>,
    /// The last day for the answer when extended; `None` without an extension or while stopped.
    pub extended_due: Option<Date>,
    /// The days after the clock start up to the last due date reached, as counted.
    pub days: Vec<Day>,
    /// Each consultation's own clock, in the order given.
    pub consultations: Vec<ConsultationClock>,
    /// Whether the clock runs.
    pub status: Status,
    /// What looks wrong in the facts without making them impossible.
    pub warnings: Vec<Warning>,
}

/// One day of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The date.
    pub date: Date,
    /// What the calendar says it is.
    pub kind: DayKind,
    /// Whether it counted, and as what.
    pub count: Count,
}

/// How a day went into a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// The `n`th working day of `period`.
    Counted {
        /// Which period.
        period: Period,
        /// 1-based.
        n: u32,
    },
    /// Not counted.
    Skipped(Skip),
}

/// Why a day was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// A Saturday or Sunday.
    Weekend,
    /// A day off of a holiday.
    Holiday(HolidayName),
    /// A working day inside a consultation's pause (0-based index into the consultations).
    Consultation(usize),
}

/// The periods the clock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// The 补正 notice's 7 working days.
    CorrectionNotice,
    /// The answer's 20 working days.
    Answer,
    /// The extension's 20 working days.
    Extension,
}

/// A consultation's own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsultationClock {
    /// The consultation.
    pub consultation: Consultation,
    /// The last day for the opinion: 15 working days after it was sent.
    pub reply_due: Date,
    /// Working days of the count it skipped (a day inside two consultations counts for both
    /// here, but is skipped once).
    pub paused_days: u32,
}

/// Whether the clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every due date asked for is known.
    Running,
    /// A correction was asked for and has not come back: the answer period has not begun.
    AwaitingCorrection,
    /// A consultation not yet answered stopped the clock after `used` working days of `period`.
    Paused {
        /// The consultation (0-based).
        consultation: usize,
        /// The period it stopped.
        period: Period,
        /// Working days of that period already used.
        used: u32,
    },
}

/// Something in the facts that looks wrong without making them impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The 补正 notice was given after its last day.
    CorrectionNoticeLate {
        /// When it was given.
        requested: Date,
        /// Its last day.
        due: Date,
    },
    /// A consulted party answered after its 15 working days.
    ReplyLate {
        /// The consultation (0-based).
        consultation: usize,
        /// Its last day.
        reply_due: Date,
        /// When it answered.
        answered: Date,
        /// Working days after `reply_due` that the pause still kept out of the count.
        late_days: u32,
    },
    /// A consultation was sent before the clock start: only its days after it are skipped.
    ConsultationBeforeClockStart {
        /// The consultation (0-based).
        consultation: usize,
        /// The clock start.
        clock_start: Date,
    },
    /// A consultation was sent after the last due date: it cannot stop a clock that ran out.
    ConsultationAfterDue {
        /// The consultation (0-based).
        consultation: usize,
        /// The last due date.
        due: Date,
    },
}

/// Why a schedule cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().zh)]
pub enum ClockError {
    /// A count reached a year without calendar data.
    MissingYear(#[from] MissingYear),
    /// The 补正 notice is dated before the request was received.
    CorrectionBeforeReceipt {
        /// The notice.
        requested: Date,
        /// The receipt.
        received: Date,
    },
    /// The corrected request is dated before the notice asking for it.
    CorrectionReceivedBeforeRequested {
        /// The notice.
        requested: Date,
        /// The corrected request.
        received: Date,
    },
    /// A consultation was sent before the request was received.
    ConsultationBeforeReceipt {
        /// The consultation (0-based).
        consultation: usize,
        /// When it was sent.
        sent: Date,
        /// The receipt.
        received: Date,
    },
    /// A consultation was answered before it was sent.
    ConsultationAnsweredBeforeSent {
        /// The consultation (0-based).
        consultation: usize,
        /// When it was sent.
        sent: Date,
        /// When it was answered.
        answered: Date,
    },
}

/// The due dates of `case` and how each was counted.
pub fn schedule(calendar: &Calendar, case: &Case) -> Result<Schedule, ClockError> {
    check_order(case)?;
    let r = case.received;
    let correction_notice_due = add_working_days(calendar, r, CORRECTION_NOTICE_DAYS)?;
    let mut correction_notice_days = Vec::new();
    // Without pauses this count reaches the same day as `add_working_days`.
    count(
        calendar,
        r,
        CORRECTION_NOTICE_DAYS,
        Period::CorrectionNotice,
        &[],
        &mut correction_notice_days,
    )?;
    let mut consultations = Vec::new();
    for c in &case.consultations {
        consultations.push(ConsultationClock {
            consultation: *c,
            reply_due: add_working_days(calendar, c.sent, OPINION_DAYS)?,
            paused_days: 0,
        });
    }
    let clock_start = match case.correction {
        None => Some(r),
        Some(c) => c.received,
    };
    let mut s = Schedule {
        case: case.clone(),
        correction_notice_due,
        correction_notice_days,
        clock_start,
        due: None,
        extended_due: None,
        days: Vec::new(),
        consultations,
        status: Status::AwaitingCorrection,
        warnings: Vec::new(),
    };
    if let Some(start) = clock_start {
        run(calendar, &mut s, start)?;
    }
    s.warnings = warnings(&s);
    Ok(s)
}

/// The `n`th working day after `from` (`from` itself never counts), no pauses.
pub fn add_working_days(calendar: &Calendar, from: Date, n: u32) -> Result<Date, MissingYear> {
    let mut d = from;
    let mut k = 0;
    while k < n {
        d = d.next();
        if calendar.is_working_day(d)? {
            k += 1;
        }
    }
    Ok(d)
}

/// The answer (and extension) counts from `start`.
fn run(calendar: &Calendar, s: &mut Schedule, start: Date) -> Result<(), ClockError> {
    let pauses = &s.case.consultations;
    s.status = Status::Running;
    match count(
        calendar,
        start,
        ANSWER_DAYS,
        Period::Answer,
        pauses,
        &mut s.days,
    )? {
        Reached::Day(due) => s.due = Some(due),
        Reached::Paused(status) => {
            s.status = status;
            return Ok(());
        }
    }
    if s.case.extended
        && let Some(due) = s.due
    {
        match count(
            calendar,
            due,
            EXTENSION_DAYS,
            Period::Extension,
            pauses,
            &mut s.days,
        )? {
            Reached::Day(d) => s.extended_due = Some(d),
            Reached::Paused(status) => s.status = status,
        }
    }
    for day in &s.days {
        for (i, c) in s.case.consultations.iter().enumerate() {
            if day.kind.is_working() && inside(c, day.date) {
                s.consultations[i].paused_days += 1;
            }
        }
    }
    Ok(())
}

enum Reached {
    Day(Date),
    Paused(Status),
}

/// Counts `n` working days of `period` after `from`, skipping the days inside `pauses`, and
/// appends each day to `days`.
fn count(
    calendar: &Calendar,
    from: Date,
    n: u32,
    period: Period,
    pauses: &[Consultation],
    days: &mut Vec<Day>,
) -> Result<Reached, MissingYear> {
    let mut d = from;
    let mut k = 0;
    while k < n {
        d = d.next();
        let kind = calendar.day(d)?;
        let count = match kind {
            DayKind::Weekend => Count::Skipped(Skip::Weekend),
            DayKind::Off(name) => Count::Skipped(Skip::Holiday(name)),
            DayKind::Working | DayKind::MakeUp(_) => {
                if let Some(i) = pauses
                    .iter()
                    .position(|c| c.answered.is_none() && c.sent <= d)
                {
                    return Ok(Reached::Paused(Status::Paused {
                        consultation: i,
                        period,
                        used: k,
                    }));
                }
                match pauses.iter().position(|c| inside(c, d)) {
                    Some(i) => Count::Skipped(Skip::Consultation(i)),
                    None => {
                        k += 1;
                        Count::Counted { period, n: k }
                    }
                }
            }
        };
        days.push(Day {
            date: d,
            kind,
            count,
        });
    }
    Ok(Reached::Day(d))
}

/// Whether `d` is inside the consultation's pause (an open one runs on).
fn inside(c: &Consultation, d: Date) -> bool {
    c.sent <= d && c.answered.is_none_or(|a| d <= a)
}

fn check_order(case: &Case) -> Result<(), ClockError> {
    let received = case.received;
    if let Some(c) = case.correction {
        if c.requested < received {
            return Err(ClockError::CorrectionBeforeReceipt {
                requested: c.requested,
                received,
            });
        }
        if let Some(back) = c.received
            && back < c.requested
        {
            return Err(ClockError::CorrectionReceivedBeforeRequested {
                requested: c.requested,
                received: back,
            });
        }
    }
    for (i, c) in case.consultations.iter().enumerate() {
        if c.sent < received {
            return Err(ClockError::ConsultationBeforeReceipt {
                consultation: i,
                sent: c.sent,
                received,
            });
        }
        if let Some(a) = c.answered
            && a < c.sent
        {
            return Err(ClockError::ConsultationAnsweredBeforeSent {
                consultation: i,
                sent: c.sent,
                answered: a,
            });
        }
    }
    Ok(())
}

fn warnings(s: &Schedule) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(c) = s.case.correction
        && c.requested > s.correction_notice_due
    {
        out.push(Warning::CorrectionNoticeLate {
            requested: c.requested,
            due: s.correction_notice_due,
        });
    }
    let last_due = if s.case.extended {
        s.extended_due
    } else {
        s.due
    };
    for (i, c) in s.consultations.iter().enumerate() {
        let sent = c.consultation.sent;
        if let Some(start) = s.clock_start
            && sent < start
        {
            out.push(Warning::ConsultationBeforeClockStart {
                consultation: i,
                clock_start: start,
            });
        }
        if let Some(due) = last_due
            && sent > due
        {
            out.push(Warning::ConsultationAfterDue {
                consultation: i,
                due,
            });
        }
        if let Some(answered) = c.consultation.answered
            && answered > c.reply_due
        {
            let late_days = s
                .days
                .iter()
                .filter(|d| {
                    d.date > c.reply_due && d.kind.is_working() && inside(&c.consultation, d.date)
                })
                .count();
            out.push(Warning::ReplyLate {
                consultation: i,
                reply_due: c.reply_due,
                answered,
                late_days: u32::try_from(late_days).unwrap_or(u32::MAX),
            });
        }
    }
    out
}

impl Case {
    /// A request received on `received`, with nothing else known.
    pub fn new(received: Date) -> Case {
        Case {
            received,
            channel: None,
            correction: None,
            extended: false,
            consultations: Vec::new(),
        }
    }
}

impl Schedule {
    /// The days of the count that were not counted, with why.
    pub fn skipped(&self) -> impl Iterator<Item = (Date, Skip)> + '_ {
        self.days.iter().filter_map(|d| match d.count {
            Count::Skipped(why) => Some((d.date, why)),
            Count::Counted { .. } => None,
        })
    }

    /// The weekend days of the count that were worked (调休上班) and counted.
    pub fn makeup_days(&self) -> impl Iterator<Item = (Date, HolidayName)> + '_ {
        self.days.iter().filter_map(|d| match d.kind {
            DayKind::MakeUp(name) => Some((d.date, name)),
            _ => None,
        })
    }

    /// The years whose calendar the counts used, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .correction_notice_days
            .iter()
            .chain(&self.days)
            .map(|d| d.date.year())
            .chain(
                self.consultations
                    .iter()
                    .flat_map(|c| [c.consultation.sent.next().year(), c.reply_due.year()]),
            )
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }
}

impl Skip {
    /// Why the day was not counted, in both languages.
    pub fn text(self) -> Text {
        match self {
            Skip::Weekend => Text::new("周末", "weekend"),
            Skip::Holiday(name) => {
                let n = name.text();
                Text::new(format!("{}放假", n.zh), format!("{} holiday", n.en))
            }
            Skip::Consultation(i) => Text::new(
                format!("征求意见（第{}次）期间", i + 1),
                format!("consultation {} under way", i + 1),
            ),
        }
    }
}

impl Period {
    /// The working days the period has.
    pub fn length(self) -> u32 {
        match self {
            Period::CorrectionNotice => CORRECTION_NOTICE_DAYS,
            Period::Answer => ANSWER_DAYS,
            Period::Extension => EXTENSION_DAYS,
        }
    }

    /// The period's name, in both languages.
    pub fn text(self) -> Text {
        match self {
            Period::CorrectionNotice => Text::new("补正告知期限", "the correction notice period"),
            Period::Answer => Text::new("答复期限", "the answer period"),
            Period::Extension => Text::new("延长的答复期限", "the extension"),
        }
    }
}

impl Warning {
    /// The warning, in both languages.
    pub fn text(self) -> Text {
        match self {
            Warning::CorrectionNoticeLate { requested, due } => Text::new(
                format!(
                    "补正告知于 {requested} 作出，晚于期限 {due}（第三十条：收到申请之日起7个工作日内）"
                ),
                format!(
                    "the correction notice was given on {requested}, after its last day {due} (Article 30: within 7 working days of receipt)"
                ),
            ),
            Warning::ReplyLate {
                consultation,
                reply_due,
                answered,
                late_days,
            } => Text::new(
                format!(
                    "第{}次征求意见：{answered} 才收到意见，晚于对方的答复期限 {reply_due}（第三十二条：自收到征求意见书之日起15个工作日内提出意见，逾期未提出的由行政机关依照条例决定是否公开）；按所填日期，{reply_due} 之后仍有 {late_days} 个工作日未计入答复期限，请核实",
                    consultation + 1
                ),
                format!(
                    "consultation {}: the opinion came on {answered}, after the consulted party's last day {reply_due} (Article 32: an opinion is due within 15 working days of receiving the request; without one the agency decides itself); as entered, {late_days} working days after {reply_due} are still kept out of the count — please check",
                    consultation + 1
                ),
            ),
            Warning::ConsultationBeforeClockStart {
                consultation,
                clock_start,
            } => Text::new(
                format!(
                    "第{}次征求意见早于答复期限的起算日 {clock_start}：起算日之前的日子本来就不计，只有起算日之后的征求意见期间不计入期限",
                    consultation + 1
                ),
                format!(
                    "consultation {} was sent before the clock start {clock_start}: days before it never count, so only its days after it are skipped",
                    consultation + 1
                ),
            ),
            Warning::ConsultationAfterDue { consultation, due } => Text::new(
                format!(
                    "第{}次征求意见在期限 {due} 届满之后才发出，不能停止已经届满的期限",
                    consultation + 1
                ),
                format!(
                    "consultation {} was sent after the last day {due}: it cannot stop a period that has run out",
                    consultation + 1
                ),
            ),
        }
    }
}

impl ClockError {
    /// What is wrong, in both languages.
    pub fn message(&self) -> Text {
        match *self {
            ClockError::MissingYear(ref m) => m.message(),
            ClockError::CorrectionBeforeReceipt {
                requested,
                received,
            } => Text::new(
                format!("补正告知日期 {requested} 早于收到申请之日 {received}"),
                format!(
                    "the correction notice ({requested}) is dated before the request was received ({received})"
                ),
            ),
            ClockError::CorrectionReceivedBeforeRequested {
                requested,
                received,
            } => Text::new(
                format!("收到补正之日 {received} 早于补正告知日期 {requested}"),
                format!(
                    "the corrected request ({received}) is dated before the notice asking for it ({requested})"
                ),
            ),
            ClockError::ConsultationBeforeReceipt {
                consultation,
                sent,
                received,
            } => Text::new(
                format!(
                    "第{}次征求意见的发出日期 {sent} 早于收到申请之日 {received}",
                    consultation + 1
                ),
                format!(
                    "consultation {} was sent ({sent}) before the request was received ({received})",
                    consultation + 1
                ),
            ),
            ClockError::ConsultationAnsweredBeforeSent {
                consultation,
                sent,
                answered,
            } => Text::new(
                format!(
                    "第{}次征求意见的收到意见日期 {answered} 早于发出日期 {sent}",
                    consultation + 1
                ),
                format!(
                    "consultation {} was answered ({answered}) before it was sent ({sent})",
                    consultation + 1
                ),
            ),
        }
    }
}
