//! A request's current state, derived from its events and nothing else: the facts the clock
//! needs, whether and how it was closed, its reviews and lawsuits. Folding checks that the events
//! make sense in the order of their statutory dates (a correction needs a notice, an answer an
//! open request …); a log that does not is refused when recorded, so a stored log always folds.
//!
//! The request is open from its receipt to its closure: the last answer or withdrawal not
//! followed by a reopening. A reopened request is counted as if the earlier closure had not
//! happened (the report counts each request once, in the year of its final closure).

use gongkai_model::Text;
use gongkai_model::labels::{Applicant, RequestRow};

use crate::calendar::Calendar;
use crate::channel::Channel;
use crate::clock::{self, Case, ClockError, Consultation, Correction, Schedule};
use crate::date::Date;
use crate::event::{Event, EventKind, Kind};
use crate::outcome::{
    CaseKind, CaseResult, outcome_error, outcome_rows, row_in, template_of_year, withdrawal_outcome,
};

/// What the events of one request say now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestState {
    /// The receipt; `None` when its record was voided (the request was entered by mistake and
    /// counts nowhere).
    pub received: Option<Receipt>,
    /// The 补正, if one was asked for.
    pub correction: Option<Correction>,
    /// The day the answer period was extended.
    pub extended: Option<Date>,
    /// The consultations, each with whom it asked.
    pub consultations: Vec<(Consultation, String)>,
    /// The closure that stands: the last answer or withdrawal not followed by a reopening.
    pub closure: Option<Closure>,
    /// The day the request was last reopened, when it is open again.
    pub reopened: Option<Date>,
    /// Reviews and lawsuits about the request.
    pub cases: Vec<CaseState>,
}

/// The receipt of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// 收到申请之日.
    pub date: Date,
    /// 申请方式.
    pub channel: Channel,
    /// 申请人类型.
    pub applicant: Applicant,
    /// 申请内容.
    pub content: String,
}

/// How a request was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closure {
    /// The day of the answer or the withdrawal.
    pub date: Date,
    /// The outcome as recorded (a withdrawal: （六）其他处理·3.其他 / （六）其他处理).
    pub outcome: RequestRow,
    /// Whether the applicant withdrew it.
    pub withdrawn: bool,
}

/// A review or lawsuit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    /// Its number (案号) within the request.
    pub number: String,
    /// Review, direct lawsuit or lawsuit after review.
    pub kind: CaseKind,
    /// The day it was filed.
    pub filed: Date,
    /// Its result and the day of it, once decided.
    pub decided: Option<(Date, CaseResult)>,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Its receipt was voided: it counts nowhere.
    Void,
    /// Waiting for the corrected request.
    AwaitingCorrection,
    /// Waiting for an opinion: the clock is stopped.
    Consulting,
    /// Open, the clock running.
    Open,
    /// Open again after a closure (no statutory due date: the order to answer again sets it).
    Reopened,
    /// Answered.
    Answered,
    /// Withdrawn by the applicant.
    Withdrawn,
}

/// A log that does not make sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message.zh)]
pub struct FoldError {
    /// The event at fault (its number within the request), when it is one.
    pub seq: Option<u32>,
    /// What is wrong.
    pub message: Text,
}

impl RequestState {
    /// Folds a request's events (in any order; they are taken in the order of their dates, then
    /// of their recording).
    pub fn fold(events: &[Event]) -> Result<RequestState, FoldError> {
        let voided = voided(events)?;
        let mut active: Vec<&Event> = events
            .iter()
            .filter(|e| !voided.contains(&e.seq) && e.kind.kind() != Kind::Voided)
            .collect();
        active.sort_by_key(|e| (e.date, e.seq));
        let mut s = RequestState {
            received: None,
            correction: None,
            extended: None,
            consultations: Vec::new(),
            closure: None,
            reopened: None,
            cases: Vec::new(),
        };
        let has_receipt = active
            .iter()
            .any(|e| matches!(e.kind, EventKind::Received { .. }));
        if !has_receipt {
            // A request whose receipt was voided: what else was recorded no longer counts.
            return Ok(s);
        }
        for e in active {
            s.apply(e).map_err(|message| FoldError {
                seq: Some(e.seq),
                message,
            })?;
        }
        Ok(s)
    }

    fn apply(&mut self, e: &Event) -> Result<(), Text> {
        let d = e.date;
        if let Some(r) = &self.received
            && d < r.date
        {
            return Err(Text::new(
                format!("{}日期 {d} 早于收到申请之日 {}", e.kind.kind().zh(), r.date),
                format!(
                    "{} dated {d}, before the request was received ({})",
                    e.kind.kind().en(),
                    r.date
                ),
            ));
        }
        if self.received.is_none() && e.kind.kind() != Kind::Received {
            return Err(Text::new(
                format!("{}日期 {d} 早于收到申请之日", e.kind.kind().zh()),
                format!(
                    "{} dated {d}, before the request was received",
                    e.kind.kind().en()
                ),
            ));
        }
        let open = self.closure.is_none();
        match &e.kind {
            EventKind::Received {
                channel,
                applicant,
                content,
            } => {
                if self.received.is_some() {
                    return Err(Text::new(
                        "已有收到申请的记录；要更正，请先作废原记录",
                        "the receipt is already recorded; to correct it, void that record first",
                    ));
                }
                self.received = Some(Receipt {
                    date: d,
                    channel: *channel,
                    applicant: *applicant,
                    content: content.clone(),
                });
            }
            EventKind::CorrectionRequested => {
                need(open, closed_text())?;
                need(
                    self.correction.is_none(),
                    Text::new(
                        "已告知过补正（第三十条：一次性告知）",
                        "a correction was already requested (Article 30: once, all at once)",
                    ),
                )?;
                self.correction = Some(Correction {
                    requested: d,
                    received: None,
                });
            }
            EventKind::CorrectionReceived => {
                need(open, closed_text())?;
                match &mut self.correction {
                    Some(c) if c.received.is_none() => c.received = Some(d),
                    Some(_) => {
                        return Err(Text::new(
                            "已记录过收到补正",
                            "the correction was already received",
                        ));
                    }
                    None => {
                        return Err(Text::new(
                            "没有补正告知，不能记录收到补正",
                            "no correction was requested",
                        ));
                    }
                }
            }
            EventKind::ConsultationSent { party } => {
                need(open, closed_text())?;
                self.consultations.push((
                    Consultation {
                        sent: d,
                        answered: None,
                    },
                    party.clone(),
                ));
            }
            EventKind::ConsultationAnswered { party } => {
                let open_ones: Vec<usize> = self
                    .consultations
                    .iter()
                    .enumerate()
                    .filter(|(_, (c, p))| c.answered.is_none() && (party.is_empty() || p == party))
                    .map(|(i, _)| i)
                    .collect();
                match open_ones.as_slice() {
                    [i] => self.consultations[*i].0.answered = Some(d),
                    [] => {
                        return Err(Text::new(
                            format!("没有待回复的征求意见{}", for_party_zh(party)),
                            format!("no consultation awaits an opinion{}", for_party_en(party)),
                        ));
                    }
                    _ => {
                        return Err(Text::new(
                            "有多个待回复的征求意见，请写明意见来自哪一方",
                            "several consultations await an opinion: name the party it came from",
                        ));
                    }
                }
            }
            EventKind::Extended => {
                need(open, closed_text())?;
                need(
                    self.extended.is_none(),
                    Text::new(
                        "答复期限已延长过（第三十三条：延长期限最长不得超过20个工作日，只能延长一次）",
                        "the answer period was already extended (Article 33: once, by at most 20 working days)",
                    ),
                )?;
                self.extended = Some(d);
            }
            EventKind::Answered { outcome } => {
                need(open, closed_text())?;
                let template = template_of(d)?;
                if !outcome_rows(template).any(|r| r == *outcome) {
                    return Err(outcome_error(outcome.spec().key, template));
                }
                self.closure = Some(Closure {
                    date: d,
                    outcome: *outcome,
                    withdrawn: false,
                });
                self.reopened = None;
            }
            EventKind::Withdrawn => {
                need(open, closed_text())?;
                self.closure = Some(Closure {
                    date: d,
                    outcome: withdrawal_outcome(template_of(d)?),
                    withdrawn: true,
                });
                self.reopened = None;
            }
            EventKind::Reopened => {
                need(
                    !open,
                    Text::new(
                        "申请尚未办结，不能重新办理",
                        "the request is still open; it cannot be reopened",
                    ),
                )?;
                self.closure = None;
                self.reopened = Some(d);
            }
            EventKind::CaseFiled { case, kind } => {
                need(
                    !self.cases.iter().any(|c| &c.number == case),
                    Text::new(
                        format!("案件 {case} 已经登记"),
                        format!("case {case} is already recorded"),
                    ),
                )?;
                need(
                    !case.trim().is_empty(),
                    Text::new("请写明案号", "the case needs its number"),
                )?;
                self.cases.push(CaseState {
                    number: case.clone(),
                    kind: *kind,
                    filed: d,
                    decided: None,
                });
            }
            EventKind::CaseDecided { case, result } => {
                let Some(c) = self.cases.iter_mut().find(|c| &c.number == case) else {
                    return Err(Text::new(
                        format!("没有登记案件 {case}"),
                        format!("no case {case} was filed"),
                    ));
                };
                need(
                    c.decided.is_none(),
                    Text::new(
                        format!("案件 {case} 已有结果"),
                        format!("case {case} is already decided"),
                    ),
                )?;
                c.decided = Some((d, *result));
            }
            EventKind::Voided { .. } => {}
        }
        Ok(())
    }

    /// Where the request stands.
    pub fn stage(&self) -> Stage {
        if self.received.is_none() {
            return Stage::Void;
        }
        if let Some(c) = self.closure {
            return if c.withdrawn {
                Stage::Withdrawn
            } else {
                Stage::Answered
            };
        }
        if self.reopened.is_some() {
            return Stage::Reopened;
        }
        if matches!(self.correction, Some(c) if c.received.is_none()) {
            return Stage::AwaitingCorrection;
        }
        if self.consultations.iter().any(|(c, _)| c.answered.is_none()) {
            return Stage::Consulting;
        }
        Stage::Open
    }

    /// The facts the clock counts from (`None` for a void request).
    pub fn case(&self) -> Option<Case> {
        let r = self.received.as_ref()?;
        Some(Case {
            received: r.date,
            channel: Some(r.channel),
            correction: self.correction,
            extended: self.extended.is_some(),
            consultations: self.consultations.iter().map(|(c, _)| *c).collect(),
        })
    }

    /// The clock's schedule (`None` for a void request).
    pub fn schedule(&self, calendar: &Calendar) -> Result<Option<Schedule>, ClockError> {
        self.case()
            .map(|case| clock::schedule(calendar, &case))
            .transpose()
    }

    /// The last day for the answer while the request is open (the extended one when extended);
    /// `None` when closed, reopened, or while the clock is stopped.
    pub fn due(&self, schedule: &Schedule) -> Option<Date> {
        if self.closure.is_some() || self.reopened.is_some() {
            return None;
        }
        if self.extended.is_some() {
            schedule.extended_due
        } else {
            schedule.due
        }
    }

    /// The outcome row the closure counts in, in the template of `year`'s report.
    pub fn outcome_in(&self, year: i32) -> Option<RequestRow> {
        let c = self.closure?;
        let template = template_of_year(year)?;
        Some(row_in(c.outcome, template))
    }
}

/// The events voided by `Voided` events (a void cannot itself be voided, nor void twice).
fn voided(events: &[Event]) -> Result<Vec<u32>, FoldError> {
    let mut out = Vec::new();
    for e in events {
        if let EventKind::Voided { target } = e.kind {
            let err = |zh: String, en: String| FoldError {
                seq: Some(e.seq),
                message: Text::new(zh, en),
            };
            let Some(t) = events.iter().find(|x| x.seq == target) else {
                return Err(err(
                    format!("没有第 {target} 条记录"),
                    format!("there is no record {target}"),
                ));
            };
            if t.kind.kind() == Kind::Voided {
                return Err(err(
                    "作废记录本身不能作废".to_string(),
                    "a void record cannot be voided".to_string(),
                ));
            }
            if out.contains(&target) {
                return Err(err(
                    format!("第 {target} 条记录已经作废"),
                    format!("record {target} is already voided"),
                ));
            }
            out.push(target);
        }
    }
    Ok(out)
}

fn template_of(d: Date) -> Result<gongkai_model::Template, Text> {
    template_of_year(d.year()).ok_or_else(|| {
        Text::new(
            format!("{d} 早于 2019 年：条例（2019 年修订）和年度报告模板之前的申请不能记入台账"),
            format!(
                "{d} is before 2019: requests before the 2019 Regulations and report templates cannot be entered"
            ),
        )
    })
}

fn need(ok: bool, text: Text) -> Result<(), Text> {
    if ok { Ok(()) } else { Err(text) }
}

fn closed_text() -> Text {
    Text::new(
        "申请已经办结（答复或撤回）；如需继续办理，请先记录重新办理",
        "the request is closed (answered or withdrawn); record a reopening first",
    )
}

fn for_party_zh(party: &str) -> String {
    if party.is_empty() {
        String::new()
    } else {
        format!("（{party}）")
    }
}

fn for_party_en(party: &str) -> String {
    if party.is_empty() {
        String::new()
    } else {
        format!(" from {party}")
    }
}

impl Stage {
    /// The stage's name in both languages.
    pub fn text(self) -> Text {
        match self {
            Stage::Void => Text::new("已作废", "void"),
            Stage::AwaitingCorrection => Text::new("等待补正", "awaiting correction"),
            Stage::Consulting => Text::new("征求意见中", "consulting"),
            Stage::Open => Text::new("办理中", "open"),
            Stage::Reopened => Text::new("重新办理", "reopened"),
            Stage::Answered => Text::new("已答复", "answered"),
            Stage::Withdrawn => Text::new("已撤回", "withdrawn"),
        }
    }

    /// Whether the request is still being handled.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Stage::AwaitingCorrection | Stage::Consulting | Stage::Open | Stage::Reopened
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Actor;

    fn ev(seq: u32, date: &str, kind: EventKind) -> Event {
        Event {
            seq,
            kind,
            date: Date::parse(date).unwrap(),
            recorded_at: String::new(),
            actor: Actor::new("测试"),
            reason: String::new(),
        }
    }

    fn received(seq: u32, date: &str) -> Event {
        ev(
            seq,
            date,
            EventKind::Received {
                channel: Channel::Online,
                applicant: Applicant::Natural,
                content: "某项目的环评批复".into(),
            },
        )
    }

    #[test]
    fn a_request_goes_through_its_stages() {
        let mut log = vec![received(1, "2024-03-01")];
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.stage(), Stage::Open);
        log.push(ev(2, "2024-03-05", EventKind::CorrectionRequested));
        assert_eq!(
            RequestState::fold(&log).unwrap().stage(),
            Stage::AwaitingCorrection
        );
        log.push(ev(3, "2024-03-12", EventKind::CorrectionReceived));
        log.push(ev(
            4,
            "2024-03-18",
            EventKind::ConsultationSent {
                party: "某公司".into(),
            },
        ));
        assert_eq!(RequestState::fold(&log).unwrap().stage(), Stage::Consulting);
        log.push(ev(
            5,
            "2024-03-22",
            EventKind::ConsultationAnswered {
                party: String::new(),
            },
        ));
        log.push(ev(
            6,
            "2024-04-10",
            EventKind::Answered {
                outcome: RequestRow::PartlyGranted,
            },
        ));
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.stage(), Stage::Answered);
        assert_eq!(s.closure.unwrap().outcome, RequestRow::PartlyGranted);
        let sched = s.schedule(Calendar::builtin().unwrap()).unwrap().unwrap();
        assert_eq!(sched.clock_start, Date::parse("2024-03-12").ok());
        assert_eq!(s.due(&sched), None);
        log.push(ev(7, "2024-05-10", EventKind::Reopened));
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.stage(), Stage::Reopened);
        assert_eq!(s.closure, None);
    }

    #[test]
    fn nonsense_is_refused_and_voids_undo() {
        let log = vec![
            received(1, "2024-03-01"),
            ev(2, "2024-03-04", EventKind::CorrectionReceived),
        ];
        let e = RequestState::fold(&log).unwrap_err();
        assert_eq!(e.seq, Some(2));
        let log = vec![
            received(1, "2024-03-01"),
            ev(2, "2024-02-01", EventKind::Withdrawn),
        ];
        assert!(
            RequestState::fold(&log)
                .unwrap_err()
                .message
                .zh
                .contains("早于")
        );
        let mut log = vec![
            received(1, "2024-03-01"),
            ev(2, "2024-03-10", EventKind::Withdrawn),
            ev(
                3,
                "2024-03-11",
                EventKind::Answered {
                    outcome: RequestRow::Granted,
                },
            ),
        ];
        assert!(RequestState::fold(&log).is_err());
        log.push(ev(4, "2024-03-12", EventKind::Voided { target: 2 }));
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.closure.unwrap().outcome, RequestRow::Granted);
        log.push(ev(5, "2024-03-12", EventKind::Voided { target: 1 }));
        assert_eq!(RequestState::fold(&log).unwrap().stage(), Stage::Void);
        log.push(ev(6, "2024-03-12", EventKind::Voided { target: 4 }));
        assert!(RequestState::fold(&log).is_err());
    }

    #[test]
    fn withdrawal_closes_as_other_in_the_years_template() {
        let log = vec![
            received(1, "2020-12-20"),
            ev(2, "2020-12-28", EventKind::Withdrawn),
        ];
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.closure.unwrap().outcome, RequestRow::Other);
        assert_eq!(s.outcome_in(2020), Some(RequestRow::Other));
        let log = vec![
            received(1, "2024-12-20"),
            ev(2, "2024-12-28", EventKind::Withdrawn),
        ];
        let s = RequestState::fold(&log).unwrap();
        assert_eq!(s.outcome_in(2024), Some(RequestRow::OtherOther));
        let log = vec![
            received(1, "2020-12-20"),
            ev(
                2,
                "2021-01-05",
                EventKind::Answered {
                    outcome: RequestRow::Other,
                },
            ),
        ];
        assert!(
            RequestState::fold(&log)
                .unwrap_err()
                .message
                .zh
                .contains("2021")
        );
    }
}
