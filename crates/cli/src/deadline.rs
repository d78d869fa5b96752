//! `gongkai deadline`: the statutory due dates of a 政府信息公开申请, counted in working days with
//! the State Council's 调休, and the day-by-day reasoning (the clock is `gongkai_ledger`).

use std::io::Write;

use clap::{Args, ValueEnum};
use gongkai_ledger::clock::{Count, Day, Skip, Status};
use gongkai_ledger::{
    Calendar, Case, Channel, Consultation, Correction, Date, DayKind, Schedule, reasoning, schedule,
};
use gongkai_model::{Lang, Text};
use serde_json::{Value, json};

use crate::i18n::tr;

/// Arguments of `gongkai deadline`.
#[derive(Args)]
pub struct DeadlineArgs {
    /// The day the request was received (收到申请之日, Article 31): 2024-09-27, 2024/9/27 or 2024年9月27日.
    #[arg(long, value_name = "DATE")]
    pub received: String,
    /// How the request came in: recorded and explained (Article 31), never shifts the date.
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,
    /// The day the correction notice (补正) was given (Article 30).
    #[arg(long, value_name = "DATE")]
    pub correction_requested: Option<String>,
    /// The day the corrected request was received: the answer period runs from it (Article 30).
    #[arg(long, value_name = "DATE", requires = "correction_requested")]
    pub correction_received: Option<String>,
    /// The answer period was extended: 20 more working days after the due date (Article 33(1)).
    #[arg(long)]
    pub extended: bool,
    /// A consultation of a third party or another agency, FROM..TO (sent..opinion received; FROM.. while awaited); repeatable.
    #[arg(long = "consultation", value_name = "FROM..TO")]
    pub consultations: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DeadlineFormat,
}

/// The channel on the command line (the 台账's Chinese names, English aliases).
#[derive(Clone, Copy, ValueEnum)]
pub enum ChannelArg {
    /// In person.
    #[value(name = "当面", alias = "in-person")]
    InPerson,
    /// Post that is signed for.
    #[value(name = "邮寄", alias = "post")]
    Post,
    /// An ordinary letter.
    #[value(name = "信函", alias = "letter")]
    Letter,
    /// Online.
    #[value(name = "网络", alias = "online")]
    Online,
    /// Fax.
    #[value(name = "传真", alias = "fax")]
    Fax,
}

/// What `deadline` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeadlineFormat {
    /// The due dates and the day-by-day reasoning.
    Text,
    /// One JSON object.
    Json,
}

/// `gongkai deadline`: 0 when computed, 2 when it cannot be (bad or out-of-order dates, a year
/// without calendar data); errors go to standard error and nothing to standard output.
pub fn run(args: &DeadlineArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let fail = |message: &str| {
        eprintln!("{}{message}", tr(lang, "错误：", "error: "));
        2
    };
    let case = match case(args) {
        Ok(case) => case,
        Err(e) => return fail(e.get(lang)),
    };
    let calendar = match Calendar::builtin() {
        Ok(c) => c,
        Err(e) => return fail(&format!("{}: {}", e.file, e.message.get(lang))),
    };
    let s = match schedule(calendar, &case) {
        Ok(s) => s,
        Err(e) => return fail(e.message().get(lang)),
    };
    let text = match args.format {
        DeadlineFormat::Text => reasoning::explain(&s, calendar, lang),
        DeadlineFormat::Json => {
            let mut t = json(&s, calendar, lang).to_string();
            t.push('\n');
            t
        }
    };
    match out.write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) => fail(&crate::i18n::io_error(&e, lang)),
    }
}

/// The facts from the arguments.
fn case(args: &DeadlineArgs) -> Result<Case, Text> {
    let date = |flag: &str, text: &str| {
        Date::parse(text).map_err(|e| {
            let m = e.message();
            Text::new(format!("{flag}：{}", m.zh), format!("{flag}: {}", m.en))
        })
    };
    let mut case = Case::new(date("--received", &args.received)?);
    case.channel = args.channel.map(|c| match c {
        ChannelArg::InPerson => Channel::InPerson,
        ChannelArg::Post => Channel::Post,
        ChannelArg::Letter => Channel::Letter,
        ChannelArg::Online => Channel::Online,
        ChannelArg::Fax => Channel::Fax,
    });
    if let Some(asked) = &args.correction_requested {
        let back = args.correction_received.as_deref();
        case.correction = Some(Correction {
            requested: date("--correction-requested", asked)?,
            received: back.map(|b| date("--correction-received", b)).transpose()?,
        });
    }
    case.extended = args.extended;
    for c in &args.consultations {
        case.consultations.push(consultation(c)?);
    }
    Ok(case)
}

/// `FROM..TO` (also `FROM至TO`, `FROM~TO`); `FROM..` while the opinion is awaited.
fn consultation(text: &str) -> Result<Consultation, Text> {
    let bad = || {
        Text::new(
            format!(
                "--consultation：“{text}”应写成 发出日期..收到意见日期（如 2024-10-09..2024-10-20；尚未收到意见时写 2024-10-09..）"
            ),
            format!(
                "--consultation: “{text}” should be SENT..ANSWERED (e.g. 2024-10-09..2024-10-20; 2024-10-09.. while the opinion is awaited)"
            ),
        )
    };
    let (from, to) = ["..", "至", "~", "～"]
        .iter()
        .find_map(|sep| text.split_once(sep))
        .ok_or_else(bad)?;
    let sent = Date::parse(from).map_err(|_| bad())?;
    let answered = match to.trim() {
        "" => None,
        to => Some(Date::parse(to).map_err(|_| bad())?),
    };
    Ok(Consultation { sent, answered })
}

/// The schedule as one JSON object; texts in `lang`, dates `YYYY-MM-DD`.
fn json(s: &Schedule, calendar: &Calendar, lang: Lang) -> Value {
    let date = |d: Option<Date>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    let correction = s.case.correction;
    let (status, paused) = match s.status {
        Status::Running => ("running", Value::Null),
        Status::AwaitingCorrection => ("awaiting_correction", Value::Null),
        Status::Paused {
            consultation,
            period,
            used,
        } => (
            "paused",
            json!({
                "consultation": consultation + 1,
                "period": period,
                "working_days_used": used,
                "working_days_left": period.length().saturating_sub(used),
            }),
        ),
    };
    json!({
        "received": s.case.received.to_string(),
        "channel": s.case.channel.map(|c| json!({
            "name": c.zh(),
            "rule": c.receipt_rule().get(lang),
        })),
        "clock_start": date(s.clock_start),
        "correction_requested": date(correction.map(|c| c.requested)),
        "correction_received": date(correction.and_then(|c| c.received)),
        "correction_notice_due": s.correction_notice_due.to_string(),
        "due": date(s.due),
        "extended": s.case.extended,
        "extended_due": date(s.extended_due),
        "status": status,
        "paused": paused,
        "consultations": s.consultations.iter().map(|c| json!({
            "sent": c.consultation.sent.to_string(),
            "answered": date(c.consultation.answered),
            "third_party_reply_due": c.reply_due.to_string(),
            "paused_working_days": c.paused_days,
        })).collect::<Vec<_>>(),
        "third_party_reply_due": s.consultations.iter().map(|c| c.reply_due.to_string()).collect::<Vec<_>>(),
        "skipped": s.days.iter().filter_map(|d| skipped(d, lang)).collect::<Vec<_>>(),
        "makeup_days_counted": s.days.iter().filter_map(|d| match (d.kind, d.count) {
            (DayKind::MakeUp(h), Count::Counted { period, n }) => Some(json!({
                "date": d.date.to_string(),
                "holiday": h.text().get(lang),
                "period": period,
                "working_day": n,
            })),
            _ => None,
        }).collect::<Vec<_>>(),
        "warnings": s.warnings.iter().map(|w| w.text().get(lang).to_string()).collect::<Vec<_>>(),
        "basis": basis(lang),
        "calendar": s.years().into_iter().filter_map(|y| calendar.year(y)).map(|y| json!({
            "year": y.year,
            "notices": y.notices.iter().map(|n| json!({
                "number": n.number,
                "title": n.title,
                "date": n.date.to_string(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A skipped day of the count, or `None` for a counted one.
fn skipped(d: &Day, lang: Lang) -> Option<Value> {
    let Count::Skipped(why) = d.count else {
        return None;
    };
    let (reason, holiday, consultation) = match why {
        Skip::Weekend => ("weekend", None, None),
        Skip::Holiday(h) => ("holiday", Some(h.text().get(lang).to_string()), None),
        Skip::Consultation(i) => ("consultation", None, Some(i + 1)),
    };
    let weekday = match lang {
        Lang::Zh => d.date.weekday().zh(),
        Lang::En => d.date.weekday().en(),
    };
    Some(json!({
        "date": d.date.to_string(),
        "weekday": weekday,
        "reason": reason,
        "holiday": holiday,
        "consultation": consultation,
        "explanation": why.text().get(lang),
    }))
}

/// The article each date comes from.
fn basis(lang: Lang) -> Value {
    let a = |zh: &'static str, en: &'static str| tr(lang, zh, en);
    json!({
        "clock_start": a("第三十一条（收到申请之日）；第三十条（补正后自收到补正之日起计算）", "Article 31 (day of receipt); Article 30 (after a correction, from its receipt)"),
        "correction_notice_due": a("第三十条", "Article 30"),
        "due": a("第三十三条第一款", "Article 33(1)"),
        "extended_due": a("第三十三条第一款", "Article 33(1)"),
        "skipped_consultation": a("第三十三条第二款", "Article 33(2)"),
        "third_party_reply_due": a("第三十二条、第三十四条", "Articles 32 and 34"),
    })
}
