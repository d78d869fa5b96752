//! The day-by-day reasoning behind a [`Schedule`], in Chinese or English: each due date with the
//! article it comes from, and the days counted and skipped, runs of alike days on one line.

use std::fmt::Write as _;

use gongkai_model::Lang;

use crate::calendar::{Calendar, DayKind};
use crate::clock::{
    ANSWER_DAYS, CORRECTION_NOTICE_DAYS, Count, Day, EXTENSION_DAYS, OPINION_DAYS, Period,
    Schedule, Skip, Status,
};
use crate::date::Date;

/// The reasoning behind `schedule`, lines ending in `\n`.
pub fn explain(schedule: &Schedule, calendar: &Calendar, lang: Lang) -> String {
    let mut out = String::new();
    header(schedule, lang, &mut out);
    due_dates(schedule, lang, &mut out);
    let s = schedule;
    let notice_mark = [(s.correction_notice_due, Period::CorrectionNotice)];
    let mut marks: Vec<(Date, Period)> = Vec::new();
    if s.case.correction.is_some() {
        let title = tr(
            lang,
            "补正告知期限逐日计算",
            "Day by day, the correction notice",
        );
        day_list(
            title,
            s.case.received,
            &s.correction_notice_days,
            &notice_mark,
            calendar,
            lang,
            &mut out,
        );
    } else {
        marks.extend(notice_mark);
    }
    marks.extend(s.due.map(|d| (d, Period::Answer)));
    marks.extend(s.extended_due.map(|d| (d, Period::Extension)));
    if let Some(start) = s.clock_start {
        let title = tr(lang, "答复期限逐日计算", "Day by day, the answer");
        day_list(title, start, &s.days, &marks, calendar, lang, &mut out);
    }
    consultations(s, lang, &mut out);
    if !s.warnings.is_empty() {
        out.push('\n');
        for w in &s.warnings {
            let _ = writeln!(
                out,
                "{}{}",
                tr(lang, "注意：", "warning: "),
                w.text().get(lang)
            );
        }
    }
    sources(s, calendar, lang, &mut out);
    out
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `2024-09-29（星期日）` / `2024-09-29 (Sun)`.
fn day(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{d}（{}）", d.weekday().zh()),
        Lang::En => format!("{d} ({})", d.weekday().en()),
    }
}

fn header(s: &Schedule, lang: Lang, out: &mut String) {
    let r = s.case.received;
    let _ = match lang {
        Lang::Zh => writeln!(out, "收到申请之日：{}", day(r, lang)),
        Lang::En => writeln!(out, "Request received: {}", day(r, lang)),
    };
    if let Some(c) = s.case.channel {
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "申请方式：{}。{}（收到申请之日按此确定；申请方式本身不改变日期。）",
                c.zh(),
                c.receipt_rule().zh
            ),
            Lang::En => writeln!(
                out,
                "Channel: {}. {} (That is the receipt date to give; the channel itself never shifts it.)",
                c.en(),
                c.receipt_rule().en
            ),
        };
    }
    out.push_str(tr(
        lang,
        "计算方法：期间不含起算当日，自次日起计算；只计工作日——周末和法定节假日不计，\
         调休上班的周末计入（依国务院办公厅当年的节假日安排）。\n",
        "How it is counted: a period excludes its first day and starts the next day; only \
         working days count — weekends and public holidays do not, weekend days worked in \
         exchange for a holiday (调休上班) do (the State Council's notices for the year).\n",
    ));
}

fn due_dates(s: &Schedule, lang: Lang, out: &mut String) {
    out.push('\n');
    out.push_str(tr(lang, "期限：\n", "Due dates:\n"));
    let n = s.correction_notice_due;
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "  补正告知：{}——申请内容不明确的，自收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性告知补正（第三十条）",
            day(n, lang)
        ),
        Lang::En => writeln!(
            out,
            "  Correction notice: {} — if the request is unclear, the applicant is told once what to correct within {CORRECTION_NOTICE_DAYS} working days of receipt (Article 30)",
            day(n, lang)
        ),
    };
    if let Some(c) = s.case.correction {
        let _ = match (lang, c.received) {
            (Lang::Zh, Some(back)) => writeln!(
                out,
                "  补正：{}告知，{}收到补正——答复期限自收到补正之日起计算（第三十条）",
                day(c.requested, lang),
                day(back, lang)
            ),
            (Lang::En, Some(back)) => writeln!(
                out,
                "  Correction: asked for on {}, received on {} — the answer period runs from the day the correction is received (Article 30)",
                day(c.requested, lang),
                day(back, lang)
            ),
            (Lang::Zh, None) => writeln!(
                out,
                "  补正：{}告知，尚未收到补正——答复期限自收到补正之日起计算（第三十条）",
                day(c.requested, lang)
            ),
            (Lang::En, None) => writeln!(
                out,
                "  Correction: asked for on {}, not yet received — the answer period runs from the day it is (Article 30)",
                day(c.requested, lang)
            ),
        };
    }
    answer_due(s, lang, out);
}

fn answer_due(s: &Schedule, lang: Lang, out: &mut String) {
    let from = match (s.case.correction.is_some(), lang) {
        (false, Lang::Zh) => "收到申请之日",
        (true, Lang::Zh) => "收到补正之日",
        (false, Lang::En) => "receipt",
        (true, Lang::En) => "the correction's receipt",
    };
    let _ = match (s.due, lang) {
        (Some(due), Lang::Zh) => writeln!(
            out,
            "  答复：{}——自{from}起{ANSWER_DAYS}个工作日内予以答复（第三十三条第一款）",
            day(due, lang)
        ),
        (Some(due), Lang::En) => writeln!(
            out,
            "  Answer: {} — within {ANSWER_DAYS} working days of {from} (Article 33(1))",
            day(due, lang)
        ),
        (None, _) => writeln!(out, "  {}", stopped(s, lang)),
    };
    let _ = match (s.case.extended, s.extended_due, lang) {
        (true, Some(d), Lang::Zh) => writeln!(
            out,
            "  延长答复：{}——经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{EXTENSION_DAYS}个工作日，自答复期限届满次日起计算（第三十三条第一款）",
            day(d, lang)
        ),
        (true, Some(d), Lang::En) => writeln!(
            out,
            "  Extended answer: {} — with the disclosure office head's approval and notice to the applicant, at most {EXTENSION_DAYS} more working days, counted from the day after the due date (Article 33(1))",
            day(d, lang)
        ),
        (true, None, _) => Ok(()),
        (false, _, Lang::Zh) => writeln!(
            out,
            "  延长答复：未延长（经政府信息公开工作机构负责人同意并告知申请人的，可延长，最长不超过{EXTENSION_DAYS}个工作日，第三十三条第一款）"
        ),
        (false, _, Lang::En) => writeln!(
            out,
            "  Extension: none (with the disclosure office head's approval and notice to the applicant, at most {EXTENSION_DAYS} more working days, Article 33(1))"
        ),
    };
}

/// Why the answer has no due date yet.
fn stopped(s: &Schedule, lang: Lang) -> String {
    match (s.status, lang) {
        (Status::Paused { consultation, period, used }, Lang::Zh) => {
            let c = &s.consultations[consultation].consultation;
            format!(
                "{}：暂停——第{}次征求意见于{}发出，尚未收到意见；已用{used}个工作日，尚余{}个，自收到意见次日起续算（第三十三条第二款）",
                period.text().zh,
                consultation + 1,
                day(c.sent, lang),
                period.length().saturating_sub(used)
            )
        }
        (Status::Paused { consultation, period, used }, Lang::En) => {
            let c = &s.consultations[consultation].consultation;
            format!(
                "{}: stopped — consultation {} was sent on {} and has no answer yet; {used} working days used, {} left, counted again from the day after the answer (Article 33(2))",
                capitalized(&period.text().en),
                consultation + 1,
                day(c.sent, lang),
                period.length().saturating_sub(used)
            )
        }
        (_, Lang::Zh) => "答复：尚未起算——等待申请人补正，自收到补正之日起计算（第三十条）".into(),
        (_, Lang::En) => "Answer: not started — waiting for the correction; the period runs from the day it is received (Article 30)".into(),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The days of a count after `from`, runs of alike days on one line, due dates marked.
fn day_list(
    title: &str,
    from: Date,
    days: &[Day],
    marks: &[(Date, Period)],
    calendar: &Calendar,
    lang: Lang,
    out: &mut String,
) {
    out.push('\n');
    let _ = match lang {
        Lang::Zh => writeln!(out, "{title}（{}不计，自次日起）：", day(from, lang)),
        Lang::En => writeln!(
            out,
            "{title} ({} not counted; from the next day):",
            day(from, lang)
        ),
    };
    let mark_of = |d: Date| marks.iter().find(|(m, _)| *m == d).map(|(_, p)| *p);
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while mark_of(days[j].date).is_none()
            && days.get(j + 1).is_some_and(|next| {
                alike(&days[i], next)
                    && calendar.notice_for(days[i].date).map(|n| &n.number)
                        == calendar.notice_for(next.date).map(|n| &n.number)
            })
        {
            j += 1;
        }
        let (first, last) = (&days[i], &days[j]);
        let when = if i == j {
            day(first.date, lang)
        } else {
            match lang {
                Lang::Zh => format!("{}至 {}", day(first.date, lang), day(last.date, lang)),
                Lang::En => format!("{} to {}", day(first.date, lang), day(last.date, lang)),
            }
        };
        let what = describe(first, last, j - i + 1, notice(calendar, first), lang);
        let mark = mark_of(last.date).map_or(String::new(), |p| due_mark(p, lang));
        let _ = match lang {
            Lang::Zh => writeln!(out, "  {when}：{what}{mark}"),
            Lang::En => writeln!(out, "  {when}: {what}{mark}"),
        };
        i = j + 1;
    }
}

/// The number of the notice to cite on a day's line: always for a make-up day, and for a day
/// off when a later notice changed the holiday (2020's extension of 春节).
fn notice<'a>(calendar: &'a Calendar, d: &Day) -> Option<&'a str> {
    let n = calendar.notice_for(d.date)?;
    let first = calendar.year(d.date.year())?.notices.first()?;
    let cite = matches!(d.kind, DayKind::MakeUp(_)) || !std::ptr::eq(n, first);
    cite.then_some(n.number.as_str())
}

/// Whether `b` goes on the same line as `a`: the same reason, and neither a make-up day.
fn alike(a: &Day, b: &Day) -> bool {
    let makeup = |d: &Day| matches!(d.kind, DayKind::MakeUp(_));
    if makeup(a) || makeup(b) {
        return false;
    }
    match (a.count, b.count) {
        (Count::Counted { period: p, .. }, Count::Counted { period: q, .. }) => p == q,
        (Count::Skipped(x), Count::Skipped(y)) => x == y,
        _ => false,
    }
}

fn describe(first: &Day, last: &Day, len: usize, notice: Option<&str>, lang: Lang) -> String {
    let (zh_notice, en_notice) = match notice {
        Some(n) => (format!("，{n}"), format!(", {n}")),
        None => (String::new(), String::new()),
    };
    match (first.count, last.count) {
        (Count::Counted { period, n }, Count::Counted { n: m, .. }) => {
            let nth = ordinal(period, n, m, lang);
            match (first.kind, lang) {
                (DayKind::MakeUp(h), Lang::Zh) => {
                    format!("调休上班（{h}{zh_notice}），计为工作日：{nth}")
                }
                (DayKind::MakeUp(h), Lang::En) => format!(
                    "make-up working day (调休上班) for {}{en_notice}, counted: {nth}",
                    h.text().en
                ),
                _ => nth,
            }
        }
        (Count::Skipped(why), _) => {
            let reason = why.text();
            let makeup = match (first.kind, lang) {
                (DayKind::MakeUp(h), Lang::Zh) => format!("调休上班日（{h}{zh_notice}），但"),
                (DayKind::MakeUp(h), Lang::En) => {
                    format!("a make-up working day for {}{en_notice}, but ", h.text().en)
                }
                _ => String::new(),
            };
            let days = if len == 1 { "day" } else { "days" };
            match (why, lang) {
                (Skip::Consultation(_), Lang::Zh) => {
                    format!(
                        "{makeup}{}，不计（{len}个工作日，第三十三条第二款）",
                        reason.zh
                    )
                }
                (Skip::Consultation(_), Lang::En) => format!(
                    "{makeup}{}, not counted ({len} working {days}, Article 33(2))",
                    reason.en
                ),
                (_, Lang::Zh) if len > 1 => format!("{}，不计（{len}天{zh_notice}）", reason.zh),
                (_, Lang::Zh) if notice.is_some() => {
                    format!("{}，不计（{}）", reason.zh, &zh_notice["，".len()..])
                }
                (_, Lang::Zh) => format!("{}，不计", reason.zh),
                (_, Lang::En) if len > 1 => {
                    format!("{}, not counted ({len} days{en_notice})", reason.en)
                }
                (_, Lang::En) if notice.is_some() => {
                    format!("{}, not counted ({})", reason.en, &en_notice[2..])
                }
                (_, Lang::En) => format!("{}, not counted", reason.en),
            }
        }
        (Count::Counted { .. }, Count::Skipped(_)) => String::new(),
    }
}

/// `第3–6个工作日` / `working days 3–6`; the extension's days as `延长期第1个工作日`.
fn ordinal(period: Period, n: u32, m: u32, lang: Lang) -> String {
    let ext = period == Period::Extension;
    match (lang, n == m) {
        (Lang::Zh, true) => format!("{}第{n}个工作日", if ext { "延长期" } else { "" }),
        (Lang::Zh, false) => format!("{}第{n}–{m}个工作日", if ext { "延长期" } else { "" }),
        (Lang::En, true) => format!("{}working day {n}", if ext { "extension " } else { "" }),
        (Lang::En, false) => format!(
            "{}working days {n}–{m}",
            if ext { "extension " } else { "" }
        ),
    }
}

fn due_mark(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::CorrectionNotice, Lang::Zh) => " ← 补正告知期限（第三十条）".into(),
        (Period::CorrectionNotice, Lang::En) => {
            " ← last day for the correction notice (Article 30)".into()
        }
        (Period::Answer, Lang::Zh) => " ← 答复期限（第三十三条第一款）".into(),
        (Period::Answer, Lang::En) => " ← last day for the answer (Article 33(1))".into(),
        (Period::Extension, Lang::Zh) => " ← 延长后的答复期限（第三十三条第一款）".into(),
        (Period::Extension, Lang::En) => " ← last day when extended (Article 33(1))".into(),
    }
}

fn consultations(s: &Schedule, lang: Lang, out: &mut String) {
    if s.consultations.is_empty() {
        return;
    }
    out.push('\n');
    out.push_str(tr(
        lang,
        "征求意见（第三十三条第二款：征求第三方和其他机关意见所需时间不计算在答复期限内；自发出之日至收到意见之日，两端都算）：\n",
        "Consultations (Article 33(2): the time spent seeking the opinions of third parties and other agencies is not counted; from the day sent to the day the opinion is received, both included):\n",
    ));
    for (i, c) in s.consultations.iter().enumerate() {
        let k = i + 1;
        let sent = day(c.consultation.sent, lang);
        let _ = match (c.consultation.answered, lang) {
            (Some(a), Lang::Zh) => writeln!(
                out,
                "  第{k}次：{sent}发出，{}收到意见；期限中因此不计的工作日：{}个",
                day(a, lang),
                c.paused_days
            ),
            (Some(a), Lang::En) => writeln!(
                out,
                "  {k}: sent {sent}, answered {}; working days of the count it kept out: {}",
                day(a, lang),
                c.paused_days
            ),
            (None, Lang::Zh) => writeln!(out, "  第{k}次：{sent}发出，尚未收到意见"),
            (None, Lang::En) => writeln!(out, "  {k}: sent {sent}, no answer yet"),
        };
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "    对方答复期限：{}——自收到征求意见书之日起{OPINION_DAYS}个工作日内提出意见（第三十二条、第三十四条；以发出之日作为对方收到之日）",
                day(c.reply_due, lang)
            ),
            Lang::En => writeln!(
                out,
                "    Opinion due: {} — within {OPINION_DAYS} working days of receiving the request (Articles 32 and 34; the day it was sent is taken as the day it was received)",
                day(c.reply_due, lang)
            ),
        };
    }
}

fn sources(s: &Schedule, calendar: &Calendar, lang: Lang, out: &mut String) {
    out.push('\n');
    out.push_str(tr(lang, "工作日历依据：\n", "Working-day calendar:\n"));
    for y in s.years() {
        for n in calendar
            .year(y)
            .map(|y| y.notices.as_slice())
            .unwrap_or_default()
        {
            let _ = match lang {
                Lang::Zh => writeln!(out, "  {y}年：{}《{}》（{}）", n.number, n.title, n.date),
                Lang::En => writeln!(out, "  {y}: {} “{}” ({})", n.number, n.title, n.date),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Case, Consultation, Correction, schedule};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn text(case: &Case, lang: Lang) -> String {
        let cal = Calendar::builtin().unwrap();
        explain(&schedule(cal, case).unwrap(), cal, lang)
    }

    #[test]
    fn the_reasoning_names_each_day_and_each_article() {
        let zh = text(&Case::new(d("2024-09-27")), Lang::Zh);
        for line in [
            "收到申请之日：2024-09-27（星期五）",
            "  2024-09-28（星期六）：周末，不计",
            "  2024-09-29（星期日）：调休上班（国庆节，国办发明电〔2023〕7号），计为工作日：第1个工作日",
            "  2024-10-01（星期二）至 2024-10-07（星期一）：国庆节放假，不计（7天）",
            "  2024-10-12（星期六）：调休上班（国庆节，国办发明电〔2023〕7号），计为工作日：第7个工作日 ← 补正告知期限（第三十条）",
            "  2024-10-28（星期一）至 2024-10-30（星期三）：第18–20个工作日 ← 答复期限（第三十三条第一款）",
            "  2024年：国办发明电〔2023〕7号《国务院办公厅关于2024年部分节假日安排的通知》（2023-10-25）",
        ] {
            assert!(zh.lines().any(|l| l == line), "missing {line:?} in\n{zh}");
        }
        let en = text(&Case::new(d("2024-09-27")), Lang::En);
        assert!(en.contains(
            "2024-09-29 (Sun): make-up working day (调休上班) for National Day, 国办发明电〔2023〕7号, counted: working day 1"
        ));
        // 2020: the days the extension added are cited with it, on their own line.
        let zh = text(&Case::new(d("2020-01-17")), Lang::Zh);
        assert!(
            zh.contains("  2020-01-24（星期五）至 2020-01-30（星期四）：春节放假，不计（7天）\n")
        );
        assert!(zh.contains(
            "  2020-01-31（星期五）至 2020-02-02（星期日）：春节放假，不计（3天，国办发明电〔2020〕1号）\n"
        ));
        assert!(en.contains(
            "Answer: 2024-10-30 (Wed) — within 20 working days of receipt (Article 33(1))"
        ));
    }

    #[test]
    fn a_stopped_clock_says_why() {
        let mut case = Case::new(d("2024-03-01"));
        case.correction = Some(Correction {
            requested: d("2024-03-05"),
            received: None,
        });
        assert!(text(&case, Lang::Zh).contains("答复：尚未起算——等待申请人补正"));
        let mut case = Case::new(d("2024-03-01"));
        case.consultations = vec![Consultation {
            sent: d("2024-03-11"),
            answered: None,
        }];
        let zh = text(&case, Lang::Zh);
        assert!(zh.contains("答复期限：暂停——第1次征求意见于2024-03-11（星期一）发出，尚未收到意见；已用5个工作日，尚余15个"), "{zh}");
        assert!(text(&case, Lang::En).contains("The answer period: stopped — consultation 1"));
    }
}
