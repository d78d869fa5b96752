//! Properties of the generated report over random ledgers: I1–I4 always hold (every cell of
//! tables 三 and 四 a number), each drill-down sums to its cell, and the cells a year carries
//! forward are the next year's carry-over.

use gongkai_ledger::event::{Actor, Event, EventKind};
use gongkai_ledger::outcome::{CaseResult, outcome_rows, template_of_year};
use gongkai_ledger::report::{build, request_cells, tally};
use gongkai_ledger::{Channel, Date, Db, NewRequest, RequestState};
use gongkai_model::cells::cells;
use gongkai_model::labels::ReviewGroup;
use gongkai_model::{Outcome, check_identities};
use proptest::prelude::*;

/// One generated request: receipt, its facts, and how it ends.
#[derive(Debug, Clone)]
struct Gen {
    received: i32,
    applicant: usize,
    correction: Option<(i32, i32)>,
    extended: bool,
    close: Option<(i32, bool, usize)>,
    reopen: Option<(i32, Option<(i32, usize)>)>,
    case: Option<(usize, i32, Decided)>,
}

/// A case's decision: days after filing, and the result's index.
type Decided = Option<(i32, usize)>;

fn request() -> impl Strategy<Value = Gen> {
    (
        0..(365 * 4i32),
        0..6usize,
        prop::option::of((1..6i32, 1..20i32)),
        any::<bool>(),
        prop::option::of((1..120i32, any::<bool>(), 0..30usize)),
        prop::option::of((1..200i32, prop::option::of((1..90i32, 0..30usize)))),
        prop::option::of((
            0..3usize,
            1..300i32,
            prop::option::of((1..400i32, 0..3usize)),
        )),
    )
        .prop_map(
            |(received, applicant, correction, extended, close, reopen, case)| Gen {
                received,
                applicant,
                correction,
                extended,
                close,
                reopen,
                case,
            },
        )
}

fn base() -> Date {
    Date::from_ymd(2020, 6, 1).unwrap()
}

fn outcome(date: Date, pick: usize) -> gongkai_model::RequestRow {
    let rows: Vec<_> = outcome_rows(template_of_year(date.year()).unwrap()).collect();
    rows[pick % rows.len()]
}

/// The events of a generated request, in date order (so they always fold).
fn events(g: &Gen) -> Vec<(Date, EventKind)> {
    let r = base().add_days(g.received);
    let mut out = vec![(
        r,
        EventKind::Received {
            channel: Channel::Post,
            applicant: gongkai_ledger::outcome::APPLICANTS[g.applicant],
            content: "生成的申请".into(),
        },
    )];
    let mut last = r;
    if let Some((ask, back)) = g.correction {
        out.push((r.add_days(ask), EventKind::CorrectionRequested));
        last = r.add_days(ask + back);
        out.push((last, EventKind::CorrectionReceived));
    }
    if g.extended {
        out.push((last, EventKind::Extended));
    }
    if let Some((after, withdrawn, pick)) = g.close {
        let c = last.add_days(after);
        out.push((
            c,
            if withdrawn {
                EventKind::Withdrawn
            } else {
                EventKind::Answered {
                    outcome: outcome(c, pick),
                }
            },
        ));
        last = c;
        if let Some((after, again)) = g.reopen {
            last = last.add_days(after);
            out.push((last, EventKind::Reopened));
            if let Some((after, pick)) = again {
                last = last.add_days(after);
                out.push((
                    last,
                    EventKind::Answered {
                        outcome: outcome(last, pick),
                    },
                ));
            }
        }
    }
    if let Some((kind, after, decided)) = g.case {
        let filed = r.add_days(after);
        out.push((
            filed,
            EventKind::CaseFiled {
                case: "案1".into(),
                kind: ReviewGroup::ALL[kind],
            },
        ));
        if let Some((after, result)) = decided {
            out.push((
                filed.add_days(after),
                EventKind::CaseDecided {
                    case: "案1".into(),
                    result: CaseResult::ALL[result],
                },
            ));
        }
    }
    out
}

fn state(g: &Gen) -> RequestState {
    let log: Vec<Event> = events(g)
        .into_iter()
        .enumerate()
        .map(|(i, (date, kind))| Event {
            seq: u32::try_from(i).unwrap() + 1,
            kind,
            date,
            recorded_at: String::new(),
            actor: Actor::new("生成"),
            reason: String::new(),
        })
        .collect();
    RequestState::fold(&log).expect("generated events fold")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_reports_hold_and_drill_down_sums(ledger in prop::collection::vec(request(), 0..60), year in 2020..2025i32) {
        let states: Vec<RequestState> = ledger.iter().map(state).collect();
        let template = template_of_year(year).unwrap();
        let counts = tally(&states, &[], year, template);
        let report = build("某机关", year, template, &counts);
        for check in check_identities(&report) {
            prop_assert!(matches!(check.outcome, Outcome::Holds), "{check:?}");
        }
        let all = cells(&report);
        for (key, value) in &all {
            if key.starts_with("requests.") || key.starts_with("review.") || key.starts_with("litigation") {
                let n: i64 = value.parse().map_err(|_| TestCaseError::fail(format!("{key} = {value:?} is no number")))?;
                let mut members = 0;
                for s in &states {
                    request_cells(s, year, template, |c| {
                        if c.key(template) == *key {
                            members += 1;
                        }
                    });
                }
                prop_assert_eq!(members, n, "{}", key);
            }
        }
        let next = build("某机关", year + 1, template_of_year(year + 1).unwrap(), &tally(&states, &[], year + 1, template_of_year(year + 1).unwrap()));
        let next_cells = cells(&next);
        for a in gongkai_model::labels::Applicant::ALL {
            let fwd = format!("requests.carried_forward.{}", a.key());
            let over = format!("requests.carried_over.{}", a.key());
            let get = |c: &[(String, String)], k: &str| c.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
            prop_assert_eq!(get(&all, &fwd), get(&next_cells, &over));
        }
    }
}

/// The same on the store: what `Ledger::cell` lists sums to the cell, for every cell.
#[test]
fn drill_down_through_the_store_sums_to_each_cell() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(4));
    runner
        .run(
            &(prop::collection::vec(request(), 1..20), 2020..2025i32),
            |(ledger, year)| {
                let mut t = crate::backends::sqlite("drill");
                let db: &mut Db = &mut t.db;
                let actor = Actor::new("生成");
                db.add_agency(&actor, "x", "某机关").unwrap();
                let mut l = db.ledger("x").unwrap();
                for (i, g) in ledger.iter().enumerate() {
                    let number = format!("G{i:03}");
                    let evs = events(g);
                    let (
                        received,
                        EventKind::Received {
                            channel,
                            applicant,
                            content,
                        },
                    ) = evs[0].clone()
                    else {
                        unreachable!("the first generated event is the receipt");
                    };
                    l.add(
                        &actor,
                        &NewRequest {
                            number: number.clone(),
                            received,
                            channel,
                            applicant,
                            content,
                            person: None,
                        },
                        "",
                    )
                    .unwrap();
                    for (date, kind) in evs.into_iter().skip(1) {
                        l.record(&actor, &number, date, kind, "").unwrap();
                    }
                }
                // The counting fold (the events that decide the counts) agrees with the full one.
                for (number, lean) in l.states().unwrap() {
                    let full = l.request(&number).unwrap().state;
                    prop_assert_eq!(
                        lean.received.map(|r| (r.date, r.applicant)),
                        full.received.map(|r| (r.date, r.applicant))
                    );
                    prop_assert_eq!(lean.closure, full.closure);
                    prop_assert_eq!(lean.reopened, full.reopened);
                    prop_assert_eq!(lean.cases, full.cases);
                }
                let report = l.report(year).unwrap().report;
                for (key, value) in cells(&report) {
                    if key.starts_with("meta.") || key.ends_with("amount_unit") {
                        continue;
                    }
                    let drill = l.cell(year, &key).unwrap();
                    let sum: i128 = drill.members.iter().map(|m| m.value.mantissa).sum();
                    if key.starts_with("active.") {
                        prop_assert_eq!(value, "0");
                    } else {
                        prop_assert_eq!(sum.to_string(), value, "{}", key);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}
