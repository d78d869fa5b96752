//! Properties of the clock over random requests in 2019–2026: a due date is always a working
//! day, a pause never makes a due date earlier, a later receipt never gives an earlier one.

use gongkai_ledger::clock::{Count, Period};
use gongkai_ledger::{Case, Consultation, Correction, Date, schedule};
use proptest::prelude::*;

use crate::cal;

/// Receipts from 2019-01-01 to 2026-08-31, so that every count (40 working days and pauses)
/// stays inside the calendar.
fn receipt() -> impl Strategy<Value = Date> {
    let first = Date::from_ymd(2019, 1, 1).unwrap().days();
    let last = Date::from_ymd(2026, 8, 31).unwrap().days();
    (first..=last).prop_map(Date::from_days)
}

/// Up to three consultations, each sent 0–30 days after `received` and lasting 0–20 days.
fn consultations(received: Date) -> impl Strategy<Value = Vec<Consultation>> {
    prop::collection::vec((0..30i32, 0..20i32), 0..3).prop_map(move |v| {
        v.into_iter()
            .map(|(start, len)| Consultation {
                sent: received.add_days(start),
                answered: Some(received.add_days(start + len)),
            })
            .collect()
    })
}

fn case() -> impl Strategy<Value = Case> {
    (
        receipt(),
        any::<bool>(),
        prop::option::of((0..12i32, 0..20i32)),
    )
        .prop_flat_map(|(received, extended, correction)| {
            consultations(received).prop_map(move |consultations| Case {
                received,
                channel: None,
                correction: correction.map(|(ask, back)| Correction {
                    requested: received.add_days(ask),
                    received: Some(received.add_days(ask + back)),
                }),
                extended,
                consultations,
            })
        })
}

proptest! {
    #[test]
    fn due_dates_always_fall_on_working_days(case in case()) {
        let s = schedule(cal(), &case).unwrap();
        let mut dates = vec![s.correction_notice_due];
        dates.extend(s.due);
        dates.extend(s.extended_due);
        dates.extend(s.consultations.iter().map(|c| c.reply_due));
        for date in dates {
            prop_assert!(cal().is_working_day(date).unwrap(), "{date} is a day off");
        }
        // Exactly 20 (and 20 more) working days are counted.
        let counted = |p: Period| s.days.iter().filter(|d| matches!(d.count, Count::Counted { period, .. } if period == p)).count();
        prop_assert_eq!(counted(Period::Answer), 20);
        prop_assert_eq!(counted(Period::Extension), if case.extended { 20 } else { 0 });
    }

    #[test]
    fn a_pause_never_makes_a_due_date_earlier(case in case()) {
        let with = schedule(cal(), &case).unwrap();
        let mut without = case.clone();
        without.consultations.clear();
        let without = schedule(cal(), &without).unwrap();
        prop_assert!(with.due >= without.due);
        prop_assert!(with.extended_due >= without.extended_due);
        prop_assert_eq!(with.correction_notice_due, without.correction_notice_due);
        // And a longer pause never gives an earlier date than a shorter one.
        if let Some(first) = case.consultations.first() {
            let mut longer = case.clone();
            longer.consultations[0].answered = first.answered.map(|a| a.add_days(3));
            let longer = schedule(cal(), &longer).unwrap();
            prop_assert!(longer.due >= with.due);
            prop_assert!(longer.extended_due >= with.extended_due);
        }
    }

    #[test]
    fn a_later_receipt_never_gives_an_earlier_due_date(a in receipt(), later in 0..40i32, extended in any::<bool>()) {
        let b = a.add_days(later);
        let mut ca = Case::new(a);
        let mut cb = Case::new(b);
        ca.extended = extended;
        cb.extended = extended;
        let (sa, sb) = (schedule(cal(), &ca).unwrap(), schedule(cal(), &cb).unwrap());
        prop_assert!(sa.correction_notice_due <= sb.correction_notice_due);
        prop_assert!(sa.due <= sb.due);
        prop_assert!(sa.extended_due <= sb.extended_due);
    }
}
