//! The ledger on its store, the same scenarios on SQLite and PostgreSQL: agencies kept apart,
//! a request's life and its clock, refused events leaving nothing behind, the year's report and
//! its drill-down, publishing and revisions, personal data, the register, append-only logs.

use gongkai_ledger::privacy::Person;
use gongkai_ledger::register::{EntryType, NewEntry};
use gongkai_ledger::{
    Actor, Channel, Date, Db, EventKind, LedgerError, ListFilter, NewRequest, Stage,
};
use gongkai_model::labels::{ActiveRow, Applicant, RequestRow, ReviewGroup};
use gongkai_model::{Decimal, Severity};

use crate::backends::TestDb;
use crate::both;
use crate::d;

fn actor() -> Actor {
    Actor::new("王登记")
}

fn new(number: &str, received: &str, applicant: Applicant) -> NewRequest {
    NewRequest {
        number: number.into(),
        received: d(received),
        channel: Channel::Online,
        applicant,
        content: format!("{number} 的申请内容"),
        person: Some(Person {
            name: "张三".into(),
            contact: "13812345678".into(),
            address: "青禾县人民路1号".into(),
        }),
    }
}

fn agency(db: &mut Db, code: &str) {
    db.add_agency(&actor(), code, &format!("{code}市场监督管理局"))
        .unwrap();
}

/// The cells of a report as `key → value`.
fn cells(db: &mut Db, code: &str, year: i32) -> Vec<(String, String)> {
    let r = db.ledger(code).unwrap().report(year).unwrap();
    gongkai_model::cells::cells(&r.report)
}

fn cell(cells: &[(String, String)], key: &str) -> String {
    cells
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no cell {key}"))
}

fn agencies_are_kept_apart(t: &mut TestDb) {
    let db = &mut t.db;
    agency(db, "a");
    agency(db, "b");
    assert!(matches!(
        db.add_agency(&actor(), "a", "重复"),
        Err(LedgerError::DuplicateAgency(_))
    ));
    db.ledger("a")
        .unwrap()
        .add(
            &actor(),
            &new("2024-001", "2024-03-01", Applicant::Natural),
            "",
        )
        .unwrap();
    db.ledger("b")
        .unwrap()
        .add(
            &actor(),
            &new("2024-001", "2024-03-04", Applicant::Commercial),
            "",
        )
        .unwrap();
    assert!(matches!(
        db.ledger("a").unwrap().add(
            &actor(),
            &new("2024-001", "2024-03-01", Applicant::Natural),
            ""
        ),
        Err(LedgerError::DuplicateRequest(_))
    ));
    let view = db.ledger("b").unwrap().request("2024-001").unwrap();
    assert_eq!(
        view.state.received.unwrap().applicant,
        Applicant::Commercial
    );
    db.ledger("a")
        .unwrap()
        .add(
            &actor(),
            &new("2024-002", "2024-03-05", Applicant::Natural),
            "",
        )
        .unwrap();
    assert!(matches!(
        db.ledger("b").unwrap().request("2024-002"),
        Err(LedgerError::UnknownRequest(_))
    ));
    let list = db
        .ledger("b")
        .unwrap()
        .list(d("2024-03-10"), ListFilter::default())
        .unwrap();
    assert_eq!(list.len(), 1);
    let a = cells(db, "a", 2024);
    let b = cells(db, "b", 2024);
    assert_eq!(cell(&a, "requests.received.total"), "2");
    assert_eq!(cell(&b, "requests.received.total"), "1");
    assert_eq!(cell(&b, "requests.received.commercial"), "1");
    assert!(matches!(db.ledger("c"), Err(LedgerError::UnknownAgency(_))));
}

fn a_request_lives_and_its_clock_runs(t: &mut TestDb) {
    let db = &mut t.db;
    agency(db, "a");
    let mut l = db.ledger("a").unwrap();
    l.add(
        &actor(),
        &new("2024-007", "2024-09-27", Applicant::Natural),
        "窗口收件",
    )
    .unwrap();
    let view = l.request("2024-007").unwrap();
    let s = view.schedule.as_ref().unwrap().as_ref().unwrap();
    // 29 September 2024 was a working Sunday (国庆 调休): 20 working days end on 30 October.
    assert_eq!(s.due, Some(d("2024-10-30")));
    assert_eq!(view.person.as_ref().unwrap().name, "张*");
    let r = l
        .record(
            &actor(),
            "2024-007",
            d("2024-10-08"),
            EventKind::CorrectionRequested,
            "",
        )
        .unwrap();
    assert_eq!(r.seq, 2);
    assert!(
        r.warnings.is_empty(),
        "the notice is on the 7th working day: {:?}",
        r.warnings
    );
    assert_eq!(
        l.request("2024-007").unwrap().state.stage(),
        Stage::AwaitingCorrection
    );
    l.record(
        &actor(),
        "2024-007",
        d("2024-10-14"),
        EventKind::CorrectionReceived,
        "",
    )
    .unwrap();
    l.record(
        &actor(),
        "2024-007",
        d("2024-10-21"),
        EventKind::ConsultationSent {
            party: "青禾某公司".into(),
        },
        "涉及商业秘密",
    )
    .unwrap();
    assert_eq!(
        l.request("2024-007").unwrap().state.stage(),
        Stage::Consulting
    );
    l.record(
        &actor(),
        "2024-007",
        d("2024-10-25"),
        EventKind::ConsultationAnswered {
            party: String::new(),
        },
        "",
    )
    .unwrap();
    l.record(
        &actor(),
        "2024-007",
        d("2024-11-01"),
        EventKind::Extended,
        "需要调取档案",
    )
    .unwrap();
    let view = l.request("2024-007").unwrap();
    let s = view.schedule.as_ref().unwrap().as_ref().unwrap();
    // Counted from 14 October, the five working days 21–25 October not counted.
    assert_eq!(s.clock_start, Some(d("2024-10-14")));
    assert_eq!(s.due, Some(d("2024-11-18")));
    assert_eq!(s.extended_due, Some(d("2024-12-16")));
    assert_eq!(view.state.due(s), Some(d("2024-12-16")));
    let due = l
        .list(
            d("2024-12-10"),
            ListFilter {
                due_within: Some(5),
                all: false,
            },
        )
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].days_left, Some(4));
    let late = l
        .record(
            &actor(),
            "2024-007",
            d("2024-12-17"),
            EventKind::Answered {
                outcome: RequestRow::PartlyGranted,
            },
            "",
        )
        .unwrap();
    assert!(
        late.warnings.iter().any(|w| w.zh.contains("晚于答复期限")),
        "{:?}",
        late.warnings
    );
    let view = l.request("2024-007").unwrap();
    assert_eq!(view.state.stage(), Stage::Answered);
    assert_eq!(view.events.len(), 7);
    assert_eq!(view.events[0].actor.name(), "王登记");
    assert_eq!(view.events[0].reason, "窗口收件");
    assert!(view.events.iter().all(|e| e.recorded_at.ends_with('Z')));
    assert!(
        l.list(d("2024-12-20"), ListFilter::default())
            .unwrap()
            .is_empty()
    );
}

fn refused_events_leave_nothing(t: &mut TestDb) {
    let db = &mut t.db;
    agency(db, "a");
    let mut l = db.ledger("a").unwrap();
    l.add(&actor(), &new("1", "2024-03-01", Applicant::Natural), "")
        .unwrap();
    let refused = [
        (d("2024-03-04"), EventKind::CorrectionReceived),
        (d("2024-02-01"), EventKind::Withdrawn),
        (d("2024-03-04"), EventKind::Reopened),
        (d("2024-03-04"), EventKind::Voided { target: 9 }),
        (
            d("2024-03-04"),
            EventKind::CaseDecided {
                case: "复2024-1".into(),
                result: gongkai_ledger::outcome::CaseResult::Upheld,
            },
        ),
    ];
    for (date, kind) in refused {
        let e = l.record(&actor(), "1", date, kind.clone(), "").unwrap_err();
        assert!(matches!(e, LedgerError::Refused { .. }), "{kind:?}: {e:?}");
    }
    assert!(matches!(
        l.record(&actor(), "9", d("2024-03-04"), EventKind::Withdrawn, ""),
        Err(LedgerError::UnknownRequest(_))
    ));
    assert_eq!(l.request("1").unwrap().events.len(), 1);
    l.record(
        &actor(),
        "1",
        d("2024-03-05"),
        EventKind::CorrectionRequested,
        "",
    )
    .unwrap();
    assert_eq!(l.request("1").unwrap().events.len(), 2);
    // Voiding corrects a mistake and keeps the history.
    l.record(
        &actor(),
        "1",
        d("2024-03-06"),
        EventKind::Voided { target: 2 },
        "录入错误",
    )
    .unwrap();
    let v = l.request("1").unwrap();
    assert_eq!(v.events.len(), 3);
    assert_eq!(v.state.correction, None);
    assert_eq!(v.state.stage(), Stage::Open);
}

/// Two years of requests counted by hand.
fn two_years(db: &mut Db) {
    agency(db, "a");
    let mut l = db.ledger("a").unwrap();
    let a = actor();
    // Received 2023, answered 2023.
    l.add(&a, &new("23-1", "2023-11-01", Applicant::Natural), "")
        .unwrap();
    l.record(
        &a,
        "23-1",
        d("2023-11-20"),
        EventKind::Answered {
            outcome: RequestRow::Granted,
        },
        "",
    )
    .unwrap();
    // Received 2023, answered 2024: carried over.
    l.add(&a, &new("23-2", "2023-12-20", Applicant::Legal), "")
        .unwrap();
    l.record(
        &a,
        "23-2",
        d("2024-01-10"),
        EventKind::Answered {
            outcome: RequestRow::UnavailableNotHeld,
        },
        "",
    )
    .unwrap();
    // Received 2023, withdrawn 2024.
    l.add(&a, &new("23-3", "2023-12-28", Applicant::Natural), "")
        .unwrap();
    l.record(
        &a,
        "23-3",
        d("2024-01-05"),
        EventKind::Withdrawn,
        "申请人来电撤回",
    )
    .unwrap();
    // Received 2024: granted, partly granted, open at year end.
    l.add(&a, &new("24-1", "2024-02-01", Applicant::Natural), "")
        .unwrap();
    l.record(
        &a,
        "24-1",
        d("2024-02-20"),
        EventKind::Answered {
            outcome: RequestRow::Granted,
        },
        "",
    )
    .unwrap();
    l.add(&a, &new("24-2", "2024-05-06", Applicant::Commercial), "")
        .unwrap();
    l.record(
        &a,
        "24-2",
        d("2024-05-30"),
        EventKind::Answered {
            outcome: RequestRow::PartlyGranted,
        },
        "",
    )
    .unwrap();
    l.add(&a, &new("24-3", "2024-12-25", Applicant::Natural), "")
        .unwrap();
    // A review filed in 2024 on 24-2, decided in 2025; a lawsuit decided in 2024.
    l.record(
        &a,
        "24-2",
        d("2024-07-01"),
        EventKind::CaseFiled {
            case: "复〔2024〕3号".into(),
            kind: ReviewGroup::Review,
        },
        "",
    )
    .unwrap();
    l.record(
        &a,
        "24-2",
        d("2025-01-15"),
        EventKind::CaseDecided {
            case: "复〔2024〕3号".into(),
            result: gongkai_ledger::outcome::CaseResult::Corrected,
        },
        "",
    )
    .unwrap();
    l.record(
        &a,
        "23-1",
        d("2024-02-01"),
        EventKind::CaseFiled {
            case: "（2024）青行初5号".into(),
            kind: ReviewGroup::LitigationDirect,
        },
        "",
    )
    .unwrap();
    l.record(
        &a,
        "23-1",
        d("2024-09-01"),
        EventKind::CaseDecided {
            case: "（2024）青行初5号".into(),
            result: gongkai_ledger::outcome::CaseResult::Upheld,
        },
        "",
    )
    .unwrap();
}

fn the_report_counts_by_hand(t: &mut TestDb) {
    two_years(&mut t.db);
    let db = &mut t.db;
    let c23 = cells(db, "a", 2023);
    assert_eq!(cell(&c23, "requests.received.total"), "3");
    assert_eq!(cell(&c23, "requests.granted.natural"), "1");
    assert_eq!(cell(&c23, "requests.carried_forward.total"), "2");
    let c24 = cells(db, "a", 2024);
    let want = [
        ("meta.template", "2021"),
        ("meta.year", "2024"),
        ("requests.received.total", "3"),
        ("requests.received.natural", "2"),
        ("requests.received.commercial", "1"),
        ("requests.carried_over.total", "2"),
        ("requests.carried_over.legal", "1"),
        ("requests.granted.natural", "1"),
        ("requests.partly_granted.commercial", "1"),
        ("requests.unavailable.not_held.legal", "1"),
        ("requests.other.other.natural", "1"),
        ("requests.total.total", "4"),
        ("requests.carried_forward.total", "1"),
        ("requests.carried_forward.natural", "1"),
        ("requests.denied.state_secret.total", "0"),
        ("review.pending", "1"),
        ("review.total", "1"),
        ("review.corrected", "0"),
        ("litigation_direct.upheld", "1"),
        ("litigation_direct.total", "1"),
        ("litigation_after_review.total", "0"),
        ("active.rules.made", "0"),
    ];
    for (k, v) in want {
        assert_eq!(cell(&c24, k), v, "{k}");
    }
    let c25 = cells(db, "a", 2025);
    assert_eq!(cell(&c25, "requests.carried_over.total"), "1");
    assert_eq!(
        cell(&c25, "review.total"),
        "0",
        "a case counts in the year it was filed"
    );
    let r = db.ledger("a").unwrap().report(2024).unwrap();
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut l = db.ledger("a").unwrap();
    let drill = l.cell(2024, "requests.total.total").unwrap();
    assert_eq!(drill.value, "4");
    let mut ids: Vec<&str> = drill.members.iter().map(|m| m.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["23-2", "23-3", "24-1", "24-2"]);
    let drill = l.cell(2024, "review.pending").unwrap();
    assert_eq!(drill.members.len(), 1);
    assert_eq!(drill.members[0].id, "24-2/复〔2024〕3号");
    assert!(matches!(
        l.cell(2024, "requests.nonsense.total"),
        Err(LedgerError::Invalid(_))
    ));
    let c20 = cells(db, "a", 2020);
    assert_eq!(cell(&c20, "meta.template"), "2019");
    assert_eq!(cell(&c20, "requests.other.total"), "0");
}

fn publishing_locks_the_year(t: &mut TestDb) {
    two_years(&mut t.db);
    let db = &mut t.db;
    let mut l = db.ledger("a").unwrap();
    let a = actor();
    l.publish(&a, 2024).unwrap();
    assert!(matches!(
        l.publish(&a, 2024),
        Err(LedgerError::AlreadyPublished(2024))
    ));
    // A new request received in 2025 changes nothing of 2024: no reason needed.
    l.add(&a, &new("25-1", "2025-01-06", Applicant::Natural), "")
        .unwrap();
    // Answering 24-3 in 2025 changes nothing of 2024 either.
    l.record(
        &a,
        "24-3",
        d("2025-01-10"),
        EventKind::Answered {
            outcome: RequestRow::Granted,
        },
        "",
    )
    .unwrap();
    // Voiding the 2024 answer of 24-1 does: refused without a reason …
    let e = l
        .record(
            &a,
            "24-1",
            d("2025-02-01"),
            EventKind::Voided { target: 2 },
            "",
        )
        .unwrap_err();
    let LedgerError::Locked { year, changes } = e else {
        panic!("{e:?}");
    };
    assert_eq!(year, 2024);
    assert!(
        changes.iter().any(|c| c == "requests.granted.natural -1"),
        "{changes:?}"
    );
    assert_eq!(l.request("24-1").unwrap().events.len(), 2);
    // … and recorded with one, in the revision log.
    l.record(
        &a,
        "24-1",
        d("2025-02-01"),
        EventKind::Voided { target: 2 },
        "答复日期录错，实为部分公开",
    )
    .unwrap();
    let revs = l.revisions().unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].year, 2024);
    assert_eq!(revs[0].reason, "答复日期录错，实为部分公开");
    assert!(
        revs[0]
            .changes
            .contains("requests.carried_forward.total +1")
    );
    // Register entries are guarded the same way.
    let doc = NewEntry {
        row: ActiveRow::Rules,
        kind: EntryType::Document,
        title: "青禾县某规章".into(),
        reference: "青政令1号".into(),
        start: d("2024-06-01"),
        published: Some(d("2024-06-05")),
        end: None,
        count: 1,
        amount: None,
    };
    assert!(matches!(
        l.register_add(&a, &doc, ""),
        Err(LedgerError::Locked { .. })
    ));
    l.register_add(&a, &doc, "漏登").unwrap();
    assert_eq!(l.revisions().unwrap().len(), 2);
}

fn personal_data_is_masked_logged_and_purged(t: &mut TestDb) {
    two_years(&mut t.db);
    let db = &mut t.db;
    let mut l = db.ledger("a").unwrap();
    let a = actor();
    let list = l
        .list(
            d("2025-01-02"),
            ListFilter {
                due_within: None,
                all: true,
            },
        )
        .unwrap();
    assert!(list.iter().all(|i| i.person.as_deref() == Some("张*")));
    assert!(matches!(
        l.person(&a, "24-1", ""),
        Err(LedgerError::Invalid(_))
    ));
    let p = l.person(&a, "24-1", "制作答复书").unwrap().unwrap();
    assert_eq!(p.contact, "13812345678");
    let log = l.access_log().unwrap();
    let reads: Vec<_> = log.iter().filter(|e| e.action == "read").collect();
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].number, "24-1");
    assert_eq!(reads[0].reason, "制作答复书");
    assert_eq!(reads[0].actor, "王登记");
    assert!(log.iter().filter(|e| e.action == "write").count() >= 6);
    assert!(matches!(
        l.purge(&a, d("2030-01-01")),
        Err(LedgerError::Invalid(_))
    ));
    l.set_retention(&a, Some(180)).unwrap();
    assert!(
        l.access_log()
            .unwrap()
            .iter()
            .any(|e| e.action == "retention" && e.reason.contains("180"))
    );
    let purged = l.purge(&a, d("2024-12-31")).unwrap();
    // Closed by 2024-07-03 with no case open: 23-3 (withdrawn 2024-01-05), 23-2 (answered
    // 2024-01-10), 24-1 (2024-02-20). 23-1 had a lawsuit decided 2024-09-01; 24-2 a review open.
    let removed: Vec<&str> = purged.removed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(removed, ["23-2", "23-3", "24-1"]);
    assert_eq!(purged.kept, 3);
    assert_eq!(l.person(&a, "24-1", "核对").unwrap(), None);
    assert_eq!(l.request("24-1").unwrap().person, None);
    assert!(
        l.access_log()
            .unwrap()
            .iter()
            .any(|e| e.action == "remove" && e.number == "23-3")
    );
    // The statistics do not depend on personal data.
    assert_eq!(cell(&cells(db, "a", 2024), "requests.received.total"), "3");
}

fn the_register_fills_table_2(t: &mut TestDb) {
    let db = &mut t.db;
    agency(db, "a");
    let mut l = db.ledger("a").unwrap();
    let a = actor();
    let entry = |row, kind, start: &str, count, amount: Option<&str>| NewEntry {
        row,
        kind,
        title: "条目".into(),
        reference: String::new(),
        start: d(start),
        published: Some(d(start)),
        end: None,
        count,
        amount: amount.map(|s| Decimal::parse(s).unwrap()),
    };
    let doc = l
        .register_add(
            &a,
            &entry(
                ActiveRow::Normative,
                EntryType::Document,
                "2023-04-01",
                1,
                None,
            ),
            "",
        )
        .unwrap();
    l.register_add(
        &a,
        &entry(
            ActiveRow::Normative,
            EntryType::Document,
            "2024-04-01",
            1,
            None,
        ),
        "",
    )
    .unwrap();
    l.register_end(&a, doc, d("2024-08-01"), "").unwrap();
    l.register_add(
        &a,
        &entry(
            ActiveRow::Licensing,
            EntryType::Decisions,
            "2024-04-01",
            12,
            None,
        ),
        "",
    )
    .unwrap();
    l.register_add(
        &a,
        &entry(
            ActiveRow::Licensing,
            EntryType::Decisions,
            "2024-05-01",
            3,
            None,
        ),
        "",
    )
    .unwrap();
    l.register_add(
        &a,
        &entry(
            ActiveRow::Fees,
            EntryType::Amount,
            "2024-05-01",
            1,
            Some("3940"),
        ),
        "",
    )
    .unwrap();
    l.register_add(
        &a,
        &entry(
            ActiveRow::Fees,
            EntryType::Amount,
            "2024-06-01",
            1,
            Some("60.5"),
        ),
        "",
    )
    .unwrap();
    let wrong = l
        .register_add(
            &a,
            &entry(
                ActiveRow::Penalty,
                EntryType::Decisions,
                "2024-05-01",
                9,
                None,
            ),
            "",
        )
        .unwrap();
    l.register_void(&a, wrong, "重复登记").unwrap();
    assert!(matches!(
        l.register_add(
            &a,
            &entry(
                ActiveRow::Rules,
                EntryType::Amount,
                "2024-05-01",
                1,
                Some("1")
            ),
            ""
        ),
        Err(LedgerError::Invalid(_))
    ));
    let c = cells(db, "a", 2024);
    assert_eq!(cell(&c, "active.normative.made"), "1");
    assert_eq!(cell(&c, "active.normative.repealed"), "1");
    assert_eq!(cell(&c, "active.normative.in_force"), "1");
    assert_eq!(cell(&c, "active.licensing.decisions"), "15");
    assert_eq!(cell(&c, "active.penalty.decisions"), "0");
    assert_eq!(cell(&c, "active.fees.amount"), "0.40005");
    let drill = db
        .ledger("a")
        .unwrap()
        .cell(2024, "active.licensing.decisions")
        .unwrap();
    assert_eq!(drill.members.len(), 2);
}

fn the_logs_are_append_only(t: &mut TestDb) {
    let db = &mut t.db;
    agency(db, "a");
    db.ledger("a")
        .unwrap()
        .add(&actor(), &new("1", "2024-03-01", Applicant::Natural), "")
        .unwrap();
    let target = t.target.clone();
    if target.starts_with("postgres") {
        let mut c = postgres::Client::connect(&target, postgres::NoTls).unwrap();
        assert!(
            c.execute("UPDATE ledger_events SET date = '2024-01-01'", &[])
                .is_err()
        );
        assert!(c.execute("DELETE FROM ledger_events", &[]).is_err());
        assert!(c.execute("DELETE FROM ledger_personal_log", &[]).is_err());
    } else {
        let c = rusqlite::Connection::open(&target).unwrap();
        assert!(
            c.execute("UPDATE ledger_events SET date = '2024-01-01'", [])
                .is_err()
        );
        assert!(c.execute("DELETE FROM ledger_events", []).is_err());
        assert!(c.execute("DELETE FROM ledger_personal_log", []).is_err());
    }
    assert_eq!(
        db.ledger("a")
            .unwrap()
            .request("1")
            .unwrap()
            .state
            .received
            .unwrap()
            .date,
        d("2024-03-01")
    );
    // Opening again applies no migration twice.
    drop(Db::open(&target).unwrap());
}

fn letters_carry_the_computed_dates(t: &mut TestDb) {
    use gongkai_ledger::letters::LetterKind;
    let db = &mut t.db;
    agency(db, "a");
    let mut l = db.ledger("a").unwrap();
    let a = actor();
    l.add(&a, &new("7", "2024-09-27", Applicant::Natural), "")
        .unwrap();
    let e = l.letter(&a, "7", Some(LetterKind::Correction)).unwrap_err();
    assert!(e.message().zh.contains("请先记录"), "{}", e.message().zh);
    l.record(&a, "7", d("2024-09-30"), EventKind::CorrectionRequested, "")
        .unwrap();
    let (_, letter) = l.letter(&a, "7", Some(LetterKind::Correction)).unwrap();
    assert_eq!(letter.title, "政府信息公开申请补正告知书");
    assert_eq!(letter.salutation.as_deref(), Some("张三："));
    assert!(letter.paragraphs[0].contains("2024年9月27日"));
    assert_eq!(letter.date, "2024年9月30日");
    assert_eq!(letter.signature, "a市场监督管理局");
    l.record(&a, "7", d("2024-10-08"), EventKind::CorrectionReceived, "")
        .unwrap();
    l.record(
        &a,
        "7",
        d("2024-10-09"),
        EventKind::ConsultationSent {
            party: "青禾某公司".into(),
        },
        "",
    )
    .unwrap();
    let (_, to_party) = l.letter(&a, "7", Some(LetterKind::Consultation)).unwrap();
    assert_eq!(to_party.salutation.as_deref(), Some("青禾某公司："));
    assert!(to_party.paragraphs.iter().all(|p| !p.contains("张三")));
    // 15 working days from 9 October 2024 (12 October a working Saturday).
    assert!(
        to_party.paragraphs[1].contains("2024年10月29日"),
        "{:?}",
        to_party.paragraphs
    );
    l.record(
        &a,
        "7",
        d("2024-10-20"),
        EventKind::ConsultationAnswered {
            party: String::new(),
        },
        "",
    )
    .unwrap();
    l.record(&a, "7", d("2024-10-28"), EventKind::Extended, "")
        .unwrap();
    let (_, ext) = l.letter(&a, "7", Some(LetterKind::Extension)).unwrap();
    assert!(ext.paragraphs[1].contains("前作出答复"));
    l.record(
        &a,
        "7",
        d("2024-11-20"),
        EventKind::Answered {
            outcome: RequestRow::DeniedThirdParty,
        },
        "",
    )
    .unwrap();
    let (kind, answer) = l.letter(&a, "7", None).unwrap();
    assert_eq!(kind, LetterKind::AnswerDenied);
    assert!(
        answer.paragraphs[1].contains("第十五条"),
        "{:?}",
        answer.paragraphs
    );
    assert!(l.letter(&a, "7", Some(LetterKind::AnswerGranted)).is_err());
    l.set_template(
        &a,
        LetterKind::AnswerDenied,
        Some("不予公开决定书\n{申请人}：\n{理由}，依据{依据}。\n"),
    )
    .unwrap();
    assert!(l.template(LetterKind::AnswerDenied).unwrap().1);
    let (_, own) = l.letter(&a, "7", None).unwrap();
    assert_eq!(own.title, "不予公开决定书");
    assert!(
        l.set_template(&a, LetterKind::Consultation, Some("函\n{申请人}：\n"))
            .is_err()
    );
    l.set_template(&a, LetterKind::AnswerDenied, None).unwrap();
    assert!(!l.template(LetterKind::AnswerDenied).unwrap().1);
    let reads = l
        .access_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "read")
        .count();
    assert_eq!(
        reads, 4,
        "correction, extension, two answers — not the consultation"
    );
}

both!(
    letters_carry_the_computed_dates,
    agencies_are_kept_apart,
    a_request_lives_and_its_clock_runs,
    refused_events_leave_nothing,
    the_report_counts_by_hand,
    publishing_locks_the_year,
    personal_data_is_masked_logged_and_purged,
    the_register_fills_table_2,
    the_logs_are_append_only,
);

/// The same scenario gives the same report, list and history on both stores.
#[test]
fn sqlite_and_postgres_agree() {
    let Some(mut pg) = crate::backends::postgres("agree") else {
        return;
    };
    let mut lite = crate::backends::sqlite("agree");
    let mut seen = Vec::new();
    for t in [&mut lite, &mut pg] {
        two_years(&mut t.db);
        let mut out = String::new();
        for year in [2023, 2024, 2025] {
            for (k, v) in cells(&mut t.db, "a", year) {
                out.push_str(&format!("{year} {k} {v}\n"));
            }
        }
        let mut l = t.db.ledger("a").unwrap();
        let all = ListFilter {
            due_within: None,
            all: true,
        };
        for i in l.list(Date::from_ymd(2025, 1, 2).unwrap(), all).unwrap() {
            out.push_str(&format!("{i:?}\n"));
        }
        for n in ["23-1", "24-2"] {
            let v = l.request(n).unwrap();
            for e in &v.events {
                out.push_str(&format!("{} {} {:?} {}\n", e.seq, e.date, e.kind, e.reason));
            }
            out.push_str(&format!("{:?}\n", v.state));
        }
        seen.push(out);
    }
    assert_eq!(seen[0], seen[1]);
}
