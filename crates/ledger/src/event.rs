//! The events of a request's append-only log: what happened, on which statutory date, recorded
//! when, by whom and why. The current state is never stored: [`crate::state`] folds the events.

use gongkai_model::Text;
use gongkai_model::labels::{Applicant, RequestRow};
use serde::Serialize;

use crate::channel::Channel;
use crate::date::Date;
use crate::outcome::{CaseKind, CaseResult, outcome_label};

/// Who does something: the user as the caller (the CLI, the web server) names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor(pub String);

impl Actor {
    /// An actor by name; an empty name is `未署名` (unsigned) so that no write is anonymous by
    /// accident.
    pub fn new(name: &str) -> Actor {
        let name = name.trim();
        Actor(if name.is_empty() {
            "未署名".to_string()
        } else {
            name.to_string()
        })
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

/// What happened to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// 收到申请: the statutory receipt (第三十一条).
    Received {
        /// 申请方式.
        channel: Channel,
        /// 申请人类型: a column of table 三.
        applicant: Applicant,
        /// 申请内容.
        content: String,
    },
    /// 补正告知: the applicant was asked to correct the request (第三十条).
    CorrectionRequested,
    /// 收到补正: the corrected request arrived; the answer period starts afresh.
    CorrectionReceived,
    /// 征求意见: a third party or another agency was asked for its opinion (第三十二条).
    ConsultationSent {
        /// Whom (a name or an organisation; not the applicant).
        party: String,
    },
    /// 收到意见: the opinion came back.
    ConsultationAnswered {
        /// Whom it came from: which open consultation it closes (empty: the only open one).
        party: String,
    },
    /// 延期答复: the answer period was extended by 20 working days (第三十三条第一款).
    Extended,
    /// 答复: the request was answered, with its outcome (a leaf row of table 三).
    Answered {
        /// The outcome.
        outcome: RequestRow,
    },
    /// 撤回申请: the applicant withdrew the request; it closes as （六）其他处理.
    Withdrawn,
    /// 重新办理: a closed request is open again (e.g. a review ordered a new answer).
    Reopened,
    /// 复议/诉讼立案: a review or lawsuit about the request was filed.
    CaseFiled {
        /// The case's own number (案号) within the request.
        case: String,
        /// Review, direct lawsuit or lawsuit after review.
        kind: CaseKind,
    },
    /// 复议/诉讼结果: the case was decided.
    CaseDecided {
        /// The case's number.
        case: String,
        /// The result.
        result: CaseResult,
    },
    /// 作废记录: an earlier event of the request was entered by mistake and no longer counts.
    Voided {
        /// The voided event's number within the request.
        target: u32,
    },
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its number within the request, from 1, in recording order.
    pub seq: u32,
    /// What happened.
    pub kind: EventKind,
    /// The statutory date it happened on.
    pub date: Date,
    /// When it was recorded (UTC, RFC 3339).
    pub recorded_at: String,
    /// Who recorded it.
    pub actor: Actor,
    /// Why, as the actor gave it (empty when none was given).
    pub reason: String,
}

/// The kinds as stored and named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// See [`EventKind::Received`].
    Received,
    /// See [`EventKind::CorrectionRequested`].
    CorrectionRequested,
    /// See [`EventKind::CorrectionReceived`].
    CorrectionReceived,
    /// See [`EventKind::ConsultationSent`].
    ConsultationSent,
    /// See [`EventKind::ConsultationAnswered`].
    ConsultationAnswered,
    /// See [`EventKind::Extended`].
    Extended,
    /// See [`EventKind::Answered`].
    Answered,
    /// See [`EventKind::Withdrawn`].
    Withdrawn,
    /// See [`EventKind::Reopened`].
    Reopened,
    /// See [`EventKind::CaseFiled`].
    CaseFiled,
    /// See [`EventKind::CaseDecided`].
    CaseDecided,
    /// See [`EventKind::Voided`].
    Voided,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 12] = [
        Kind::Received,
        Kind::CorrectionRequested,
        Kind::CorrectionReceived,
        Kind::ConsultationSent,
        Kind::ConsultationAnswered,
        Kind::Extended,
        Kind::Answered,
        Kind::Withdrawn,
        Kind::Reopened,
        Kind::CaseFiled,
        Kind::CaseDecided,
        Kind::Voided,
    ];

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Received => "received",
            Kind::CorrectionRequested => "correction_requested",
            Kind::CorrectionReceived => "correction_received",
            Kind::ConsultationSent => "consultation_sent",
            Kind::ConsultationAnswered => "consultation_answered",
            Kind::Extended => "extended",
            Kind::Answered => "answered",
            Kind::Withdrawn => "withdrawn",
            Kind::Reopened => "reopened",
            Kind::CaseFiled => "case_filed",
            Kind::CaseDecided => "case_decided",
            Kind::Voided => "voided",
        }
    }

    /// The kind of a stored name.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Received => "收到申请",
            Kind::CorrectionRequested => "补正告知",
            Kind::CorrectionReceived => "收到补正",
            Kind::ConsultationSent => "征求意见",
            Kind::ConsultationAnswered => "收到意见",
            Kind::Extended => "延期答复",
            Kind::Answered => "答复",
            Kind::Withdrawn => "撤回申请",
            Kind::Reopened => "重新办理",
            Kind::CaseFiled => "复议诉讼立案",
            Kind::CaseDecided => "复议诉讼结果",
            Kind::Voided => "作废记录",
        }
    }

    /// The English name.
    pub fn en(self) -> &'static str {
        match self {
            Kind::Received => "received",
            Kind::CorrectionRequested => "correction requested",
            Kind::CorrectionReceived => "correction received",
            Kind::ConsultationSent => "consultation sent",
            Kind::ConsultationAnswered => "opinion received",
            Kind::Extended => "extended",
            Kind::Answered => "answered",
            Kind::Withdrawn => "withdrawn",
            Kind::Reopened => "reopened",
            Kind::CaseFiled => "review or lawsuit filed",
            Kind::CaseDecided => "review or lawsuit decided",
            Kind::Voided => "record voided",
        }
    }
}

impl EventKind {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            EventKind::Received { .. } => Kind::Received,
            EventKind::CorrectionRequested => Kind::CorrectionRequested,
            EventKind::CorrectionReceived => Kind::CorrectionReceived,
            EventKind::ConsultationSent { .. } => Kind::ConsultationSent,
            EventKind::ConsultationAnswered { .. } => Kind::ConsultationAnswered,
            EventKind::Extended => Kind::Extended,
            EventKind::Answered { .. } => Kind::Answered,
            EventKind::Withdrawn => Kind::Withdrawn,
            EventKind::Reopened => Kind::Reopened,
            EventKind::CaseFiled { .. } => Kind::CaseFiled,
            EventKind::CaseDecided { .. } => Kind::CaseDecided,
            EventKind::Voided { .. } => Kind::Voided,
        }
    }

    /// One line saying what happened, in both languages (no personal data: the applicant is
    /// never named in an event).
    pub fn describe(&self) -> Text {
        let k = self.kind();
        let (zh, en) = match self {
            EventKind::Received {
                channel,
                applicant,
                content,
            } => (
                format!(
                    "{}（{}，{}）：{content}",
                    k.zh(),
                    channel.zh(),
                    applicant.label()
                ),
                format!(
                    "{} ({}, {}): {content}",
                    k.en(),
                    channel.en(),
                    applicant.label()
                ),
            ),
            EventKind::ConsultationSent { party } | EventKind::ConsultationAnswered { party }
                if !party.is_empty() =>
            {
                (
                    format!("{}：{party}", k.zh()),
                    format!("{}: {party}", k.en()),
                )
            }
            EventKind::Answered { outcome } => {
                let label = outcome_label(*outcome);
                (
                    format!("{}：{label}", k.zh()),
                    format!("{}: {label} ({})", k.en(), outcome.spec().key),
                )
            }
            EventKind::CaseFiled { case, kind } => (
                format!("{}：{}（{case}）", k.zh(), kind.label()),
                format!("{}: {} ({case})", k.en(), kind.label()),
            ),
            EventKind::CaseDecided { case, result } => (
                format!("{}：{case} {}", k.zh(), result.label()),
                format!("{}: {case} {} ({})", k.en(), result.label(), result.key()),
            ),
            EventKind::Voided { target } => (
                format!("{}：作废第 {target} 条记录", k.zh()),
                format!("{}: record {target} voided", k.en()),
            ),
            _ => (k.zh().to_string(), k.en().to_string()),
        };
        Text::new(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_events_describe_themselves() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        assert_eq!(Kind::from_code("deleted"), None);
        let e = EventKind::Answered {
            outcome: RequestRow::DeniedStateSecret,
        };
        assert_eq!(e.describe().zh, "答复：（三）不予公开·1.属于国家秘密");
        assert_eq!(Actor::new("  ").name(), "未署名");
    }
}
