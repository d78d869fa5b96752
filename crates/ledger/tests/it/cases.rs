//! 补正, extension and consultation cases, worked out by hand (notation as in `holidays.rs`),
//! and the facts the clock refuses.

use gongkai_ledger::clock::{Count, Period, Skip, Status, Warning};
use gongkai_ledger::{Case, ClockError, Consultation, Correction, schedule};

use crate::{cal, d, plain};

fn consult(sent: &str, answered: Option<&str>) -> Consultation {
    Consultation {
        sent: d(sent),
        answered: answered.map(d),
    }
}

/// 2024-03-01 (Fri) with `consultations`; without any, the answer is due 3/29
/// (3/4–8=1–5, 3/11–15=6–10, 3/18–22=11–15, 3/25–29=16–20).
fn march(consultations: Vec<Consultation>) -> gongkai_ledger::Schedule {
    let mut case = Case::new(d("2024-03-01"));
    case.consultations = consultations;
    schedule(cal(), &case).unwrap()
}

#[test]
fn a_correction_restarts_the_answer_period_from_its_receipt() {
    // R Fri 2024-09-27; notice due 10/12 (see holidays.rs); given 10/10; corrected request
    // received Mon 10/21. Answer: 10/22–25=1–4, 10/28–11/1=5–9, 11/4–8=10–14, 11/11–15=15–19,
    // 11/18=20. Extended: 11/19–22=1–4, 11/25–29=5–9, 12/2–6=10–14, 12/9–13=15–19, 12/16=20.
    let mut case = Case::new(d("2024-09-27"));
    case.correction = Some(Correction {
        requested: d("2024-10-10"),
        received: Some(d("2024-10-21")),
    });
    case.extended = true;
    let s = schedule(cal(), &case).unwrap();
    assert_eq!(s.correction_notice_due, d("2024-10-12"));
    assert_eq!(s.clock_start, Some(d("2024-10-21")));
    assert_eq!(s.due, Some(d("2024-11-18")));
    assert_eq!(s.extended_due, Some(d("2024-12-16")));
    assert_eq!(s.status, Status::Running);
    assert!(s.warnings.is_empty());
    assert_eq!(s.days.first().map(|x| x.date), Some(d("2024-10-22")));
    assert_eq!(
        s.days.last().map(|x| x.count),
        Some(Count::Counted {
            period: Period::Extension,
            n: 20
        })
    );
    // The notice's own count is kept: 7 working days after receipt, 10/12 the last.
    assert_eq!(
        s.correction_notice_days.last().map(|x| (x.date, x.count)),
        Some((
            d("2024-10-12"),
            Count::Counted {
                period: Period::CorrectionNotice,
                n: 7
            }
        ))
    );
}

#[test]
fn a_late_correction_notice_is_a_warning_and_a_missing_correction_stops_the_clock() {
    let mut case = Case::new(d("2024-09-27"));
    case.correction = Some(Correction {
        requested: d("2024-10-14"),
        received: None,
    });
    let s = schedule(cal(), &case).unwrap();
    assert_eq!(s.status, Status::AwaitingCorrection);
    assert_eq!((s.clock_start, s.due, s.extended_due), (None, None, None));
    assert_eq!(
        s.warnings,
        [Warning::CorrectionNoticeLate {
            requested: d("2024-10-14"),
            due: d("2024-10-12")
        }]
    );
}

#[test]
fn a_consultation_skips_its_working_days_and_the_third_party_has_15() {
    // Sent Mon 3/11, answered Fri 3/15: 5 working days skipped. 3/4–8=1–5, 3/18–22=6–10,
    // 3/25–29=11–15, 4/1–3=16–18, 4/4–6 off (清明节), 4/7 mk=19, 4/8=20.
    // Opinion due 15 working days after 3/11: 3/12–15=1–4, 3/18–22=5–9, 3/25–29=10–14, 4/1=15.
    let s = march(vec![consult("2024-03-11", Some("2024-03-15"))]);
    assert_eq!(s.due, Some(d("2024-04-08")));
    assert_eq!(s.consultations[0].reply_due, d("2024-04-01"));
    assert_eq!(s.consultations[0].paused_days, 5);
    let paused: Vec<String> = s
        .skipped()
        .filter(|(_, why)| matches!(why, Skip::Consultation(0)))
        .map(|(d, _)| d.to_string())
        .collect();
    assert_eq!(
        paused,
        [
            "2024-03-11",
            "2024-03-12",
            "2024-03-13",
            "2024-03-14",
            "2024-03-15"
        ]
    );
    assert!(s.warnings.is_empty());
    assert_eq!(march(vec![]).due, Some(d("2024-03-29")));
}

#[test]
fn overlapping_consultations_skip_each_day_once() {
    // A: 3/11–3/15, B: 3/13–3/20 (Wed). Together 3/11–3/20: 8 working days (the weekend 3/16–17
    // is a weekend). 3/4–8=1–5, 3/21=6, 3/22=7, 3/25–29=8–12, 4/1–3=13–15, off, 4/7 mk=16,
    // 4/8–11=17–20.
    let s = march(vec![
        consult("2024-03-11", Some("2024-03-15")),
        consult("2024-03-13", Some("2024-03-20")),
    ]);
    assert_eq!(s.due, Some(d("2024-04-11")));
    assert_eq!(s.consultations[0].paused_days, 5);
    assert_eq!(s.consultations[1].paused_days, 6);
    let why = |date: &str| s.skipped().find(|(x, _)| *x == d(date)).map(|(_, w)| w);
    assert_eq!(why("2024-03-13"), Some(Skip::Consultation(0)));
    assert_eq!(why("2024-03-16"), Some(Skip::Weekend));
    assert_eq!(why("2024-03-18"), Some(Skip::Consultation(1)));
    assert_eq!(why("2024-03-21"), None);
    let paused = s
        .skipped()
        .filter(|(_, w)| matches!(w, Skip::Consultation(_)))
        .count();
    assert_eq!(paused, 8);
}

#[test]
fn a_consultation_sent_during_the_correction_skips_only_days_after_the_clock_start() {
    // 补正 asked 3/5, corrected request received Tue 3/12; consultation 3/8–3/14. Only 3/13 and
    // 3/14 are skipped. 3/15=1, 3/18–22=2–6, 3/25–29=7–11, 4/1–3=12–14, off, 4/7 mk=15,
    // 4/8–12=16–20.
    let mut case = Case::new(d("2024-03-01"));
    case.correction = Some(Correction {
        requested: d("2024-03-05"),
        received: Some(d("2024-03-12")),
    });
    case.consultations = vec![consult("2024-03-08", Some("2024-03-14"))];
    let s = schedule(cal(), &case).unwrap();
    assert_eq!(s.due, Some(d("2024-04-12")));
    assert_eq!(s.consultations[0].paused_days, 2);
    assert_eq!(
        s.warnings,
        [Warning::ConsultationBeforeClockStart {
            consultation: 0,
            clock_start: d("2024-03-12")
        }]
    );
}

#[test]
fn an_unanswered_consultation_stops_the_clock() {
    let s = march(vec![consult("2024-03-11", None)]);
    assert_eq!(
        s.status,
        Status::Paused {
            consultation: 0,
            period: Period::Answer,
            used: 5
        }
    );
    assert_eq!(s.due, None);
    assert_eq!(s.consultations[0].reply_due, d("2024-04-01"));
}

#[test]
fn a_consultation_after_the_due_date_changes_nothing_and_is_a_warning() {
    let s = march(vec![consult("2024-04-01", Some("2024-04-03"))]);
    assert_eq!(s.due, Some(d("2024-03-29")));
    assert_eq!(
        s.warnings,
        [Warning::ConsultationAfterDue {
            consultation: 0,
            due: d("2024-03-29")
        }]
    );
    assert_eq!(s.consultations[0].paused_days, 0);
}

#[test]
fn the_extension_counts_20_more_working_days_and_pauses_still_do_not_count() {
    // Due 3/29. Extension: 4/1–3=1–3, off (清明), 4/7 mk=4, 4/8–12=5–9, 4/15–19=10–14,
    // 4/22–26=15–19, 4/28 mk=20 (劳动节's make-up Sunday): the extended due date is a Sunday.
    let mut case = Case::new(d("2024-03-01"));
    case.extended = true;
    let s = schedule(cal(), &case).unwrap();
    assert_eq!(s.extended_due, Some(d("2024-04-28")));
    // A consultation inside the extension, 4/8–4/9: 4/10–12=5–7, 4/15–19=8–12, 4/22–26=13–17,
    // 4/28 mk=18, 4/29=19, 4/30=20.
    case.consultations = vec![consult("2024-04-08", Some("2024-04-09"))];
    let s = schedule(cal(), &case).unwrap();
    assert_eq!(s.due, Some(d("2024-03-29")));
    assert_eq!(s.extended_due, Some(d("2024-04-30")));
    assert!(s.warnings.is_empty());
}

#[test]
fn an_opinion_later_than_15_working_days_is_a_warning() {
    // Sent 3/11 (opinion due 4/1), answered Wed 4/3: 4/2 and 4/3 were still kept out.
    // 3/4–8=1–5, pause to 4/3, off, 4/7 mk=6, 4/8–12=7–11, 4/15–19=12–16, 4/22–25=17–20.
    let s = march(vec![consult("2024-03-11", Some("2024-04-03"))]);
    assert_eq!(s.due, Some(d("2024-04-25")));
    assert_eq!(
        s.warnings,
        [Warning::ReplyLate {
            consultation: 0,
            reply_due: d("2024-04-01"),
            answered: d("2024-04-03"),
            late_days: 2
        }]
    );
}

#[test]
fn facts_out_of_order_are_errors() {
    let base = Case::new(d("2024-03-01"));
    let with = |f: &dyn Fn(&mut Case)| {
        let mut c = base.clone();
        f(&mut c);
        schedule(cal(), &c).unwrap_err()
    };
    let e = with(&|c| {
        c.correction = Some(Correction {
            requested: d("2024-02-28"),
            received: None,
        })
    });
    assert!(matches!(e, ClockError::CorrectionBeforeReceipt { .. }));
    assert!(e.message().zh.contains("早于收到申请之日"));
    let e = with(&|c| {
        c.correction = Some(Correction {
            requested: d("2024-03-05"),
            received: Some(d("2024-03-04")),
        })
    });
    assert!(matches!(
        e,
        ClockError::CorrectionReceivedBeforeRequested { .. }
    ));
    let e = with(&|c| c.consultations = vec![consult("2024-02-29", None)]);
    assert!(matches!(
        e,
        ClockError::ConsultationBeforeReceipt {
            consultation: 0,
            ..
        }
    ));
    let e = with(&|c| {
        c.consultations = vec![
            consult("2024-03-05", Some("2024-03-06")),
            consult("2024-03-05", Some("2024-03-04")),
        ]
    });
    assert!(matches!(
        e,
        ClockError::ConsultationAnsweredBeforeSent {
            consultation: 1,
            ..
        }
    ));
    assert!(e.message().en.contains("consultation 2"));
}

#[test]
fn a_count_into_a_year_without_data_is_an_error_naming_the_year() {
    // 2026-12-15 + 20 working days runs into 2027.
    let e = schedule(cal(), &Case::new(d("2026-12-15"))).unwrap_err();
    let ClockError::MissingYear(m) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(m.year, 2027);
    assert!(
        e.message()
            .zh
            .contains("国务院办公厅关于2027年部分节假日安排的通知")
    );
    // 2018-12-28 crosses 29–31 December 2018.
    let e = schedule(cal(), &Case::new(d("2018-12-28"))).unwrap_err();
    assert!(matches!(e, ClockError::MissingYear(ref m) if m.year == 2018));
    // Only the extension runs into 2027: still an error, never a weekend-only guess.
    let mut case = Case::new(d("2026-12-01"));
    assert_eq!(schedule(cal(), &case).unwrap().due, Some(d("2026-12-29")));
    case.extended = true;
    assert!(matches!(
        schedule(cal(), &case),
        Err(ClockError::MissingYear(ref m)) if m.year == 2027
    ));
}

#[test]
fn a_receipt_on_the_last_day_before_a_covered_year_needs_no_data_for_that_day() {
    // The receipt day never counts: 2018-12-31 (Mon) counts from 2019-01-01 (元旦, off).
    // 1/2–4=1–3, 1/7–10=4–7, 1/11=8, 1/14–18=9–13, 1/21–25=14–18, 1/28=19, 1/29=20.
    let s = plain("2018-12-31");
    assert_eq!(s.correction_notice_due, d("2019-01-10"));
    assert_eq!(s.due, Some(d("2019-01-29")));
}
