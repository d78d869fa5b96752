//! I1–I4 on a report where they hold, one edit that breaks each, and operands without a number.

use gongkai_model::identity::{evaluate, outcome_rows};
use gongkai_model::labels::RequestRow;
use gongkai_model::{
    Applicant, Identity, IdentityCheck, Operand, Outcome, Report, Span, Template, Value,
    check_identities,
};

use crate::report::{report_2021, request_cell};

/// The check of `identity` at `scope` (a column, row or group label).
fn at<'a>(checks: &'a [IdentityCheck], identity: Identity, scope: &str) -> &'a IdentityCheck {
    checks
        .iter()
        .find(|c| c.identity == identity && c.scope.zh == scope)
        .unwrap_or_else(|| panic!("no {identity:?} at {scope}"))
}

/// The checks that do not hold, as (identity, scope).
fn failing(checks: &[IdentityCheck]) -> Vec<(Identity, String)> {
    checks
        .iter()
        .filter(|c| c.outcome != Outcome::Holds)
        .map(|c| (c.identity, c.scope.zh.to_string()))
        .collect()
}

fn mismatch(lhs: i64, rhs: i64) -> Outcome {
    Outcome::Mismatch {
        lhs,
        rhs,
        difference: lhs - rhs,
    }
}

const RECEIVED: &str = "一、本年新收政府信息公开申请数量";
const GRANTED: &str = "（一）予以公开";

#[test]
fn every_identity_holds_on_the_baseline() {
    let checks = check_identities(&report_2021());
    // I1 and I3 per column, I2 per row of the 2021 table, I4 per group.
    assert_eq!(checks.len(), 2 * 7 + 25 + 3);
    assert_eq!(failing(&checks), []);
    for identity in [Identity::I1, Identity::I2, Identity::I3, Identity::I4] {
        assert!(checks.iter().any(|c| c.identity == identity));
    }
}

#[test]
fn operands_are_named_by_key_label_and_place() {
    let report = report_2021();
    let checks = check_identities(&report);
    let i1 = at(&checks, Identity::I1, "自然人");
    let keys: Vec<&str> = i1.lhs.iter().chain(&i1.rhs).map(|o| &*o.key).collect();
    assert_eq!(
        keys,
        [
            "requests.received.natural",
            "requests.carried_over.natural",
            "requests.total.natural",
            "requests.carried_forward.natural",
        ]
    );
    assert_eq!(i1.lhs[0].label, format!("{RECEIVED} · 自然人"));
    let cell = &report.requests.as_ref().unwrap().rows[0].cells[0];
    assert_eq!(i1.lhs[0].span, cell.span);
    assert_eq!(i1.lhs[0].value, Some(5));
    // I3 sums the three 2021 （六） rows, not the 2019 single row.
    let i3 = at(&checks, Identity::I3, "总计");
    assert_eq!(i3.rhs.len(), 21);
    assert!(i3.rhs.iter().any(|o| o.key == "requests.other.other.total"));
}

#[test]
fn i1_breaks_when_a_flow_does_not_add_up() {
    let mut report = report_2021();
    request_cell(&mut report, RequestRow::CarriedForward, Applicant::Natural).value =
        Value::Count(3);
    let checks = check_identities(&report);
    // 一 + 二 = 5 + 1, （七） + 四 = 5 + 3.
    assert_eq!(at(&checks, Identity::I1, "自然人").outcome, mismatch(6, 8));
    assert_eq!(
        failing(&checks),
        [
            (Identity::I1, "自然人".to_string()),
            (Identity::I2, "四、结转下年度继续办理".to_string()),
        ]
    );
}

#[test]
fn i2_breaks_when_a_row_total_is_not_its_columns() {
    let mut report = report_2021();
    request_cell(&mut report, RequestRow::Received, Applicant::Total).value = Value::Count(12);
    let checks = check_identities(&report);
    assert_eq!(
        at(&checks, Identity::I2, RECEIVED).outcome,
        mismatch(12, 11)
    );
    assert_eq!(
        failing(&checks),
        [
            (Identity::I1, "总计".to_string()),
            (Identity::I2, RECEIVED.to_string()),
        ]
    );
}

#[test]
fn i3_breaks_when_the_outcomes_do_not_make_the_total() {
    let mut report = report_2021();
    request_cell(&mut report, RequestRow::Granted, Applicant::Commercial).value = Value::Count(4);
    let checks = check_identities(&report);
    assert_eq!(
        at(&checks, Identity::I3, "商业企业").outcome,
        mismatch(3, 5)
    );
    assert_eq!(
        failing(&checks),
        [
            (Identity::I3, "商业企业".to_string()),
            (Identity::I2, GRANTED.to_string()),
        ]
    );
}

#[test]
fn i4_breaks_when_a_review_total_is_not_its_results() {
    let mut report = report_2021();
    report.reviews.as_mut().unwrap().cells[1].value = Value::Count(2);
    let checks = check_identities(&report);
    assert_eq!(
        at(&checks, Identity::I4, "行政复议").outcome,
        mismatch(4, 5)
    );
    assert_eq!(failing(&checks), [(Identity::I4, "行政复议".to_string())]);
}

#[test]
fn blank_and_mark_operands_are_not_assessable() {
    for value in [
        Value::Blank,
        Value::Mark("/".to_string()),
        Value::Mark("—".to_string()),
        Value::Unresolved,
        Value::Missing,
    ] {
        let mut report = report_2021();
        request_cell(&mut report, RequestRow::Received, Applicant::Natural).value = value.clone();
        let checks = check_identities(&report);
        let not_assessable: Vec<_> = checks
            .iter()
            .filter(|c| c.outcome == Outcome::NotAssessable)
            .map(|c| (c.identity, c.scope.zh.to_string()))
            .collect();
        assert_eq!(
            not_assessable,
            [
                (Identity::I1, "自然人".to_string()),
                (Identity::I2, RECEIVED.to_string()),
            ],
            "{value:?}"
        );
        // Not assessable is never reported as a mismatch.
        assert!(
            checks
                .iter()
                .all(|c| !matches!(c.outcome, Outcome::Mismatch { .. })),
            "{value:?}"
        );
    }
}

#[test]
fn a_blank_review_cell_is_not_assessable() {
    let mut report = report_2021();
    report.reviews.as_mut().unwrap().cells[14].value = Value::Blank;
    let checks = check_identities(&report);
    assert_eq!(
        at(&checks, Identity::I4, "复议后起诉").outcome,
        Outcome::NotAssessable
    );
}

#[test]
fn an_uncertain_row_takes_part_in_no_identity() {
    let mut report = report_2021();
    let table = report.requests.as_mut().unwrap();
    table.rows[0].uncertain = true;
    let checks = check_identities(&report);
    let i1_not_assessable = checks
        .iter()
        .filter(|c| c.identity == Identity::I1 && c.outcome == Outcome::NotAssessable)
        .count();
    assert_eq!(i1_not_assessable, 7);
    assert_eq!(
        at(&checks, Identity::I2, RECEIVED).outcome,
        Outcome::NotAssessable
    );
}

#[test]
fn a_missing_row_is_not_assessable_and_points_at_the_table() {
    let mut report: Report = report_2021();
    let table = report.requests.as_mut().unwrap();
    table.rows.retain(|r| r.row != RequestRow::CarriedForward);
    let start = table.span.start as usize;
    let checks = check_identities(&report);
    let i1 = at(&checks, Identity::I1, "其他");
    assert_eq!(i1.outcome, Outcome::NotAssessable);
    assert_eq!(i1.rhs[1].value, None);
    assert_eq!(i1.rhs[1].span, Span::empty(report.source, start));
    // I3 does not involve 四 and still holds.
    assert_eq!(at(&checks, Identity::I3, "其他").outcome, Outcome::Holds);
}

#[test]
fn a_whole_amount_counts_and_a_fraction_does_not() {
    let mut report = report_2021();
    let cell = request_cell(&mut report, RequestRow::Received, Applicant::Natural);
    cell.value = Value::Amount {
        number: gongkai_model::Decimal::parse("5.00").unwrap(),
        unit: None,
    };
    assert_eq!(failing(&check_identities(&report)), []);
    let cell = request_cell(&mut report, RequestRow::Received, Applicant::Natural);
    cell.value = Value::Amount {
        number: gongkai_model::Decimal::parse("5.5").unwrap(),
        unit: None,
    };
    let checks = check_identities(&report);
    assert_eq!(
        at(&checks, Identity::I1, "自然人").outcome,
        Outcome::NotAssessable
    );
}

#[test]
fn the_2019_single_other_row_is_summed_when_printed() {
    let mut report = report_2021();
    let table = report.requests.as_ref().unwrap();
    let rows = outcome_rows(table, Some(Template::Y2021));
    assert_eq!(rows.len(), 21);
    assert!(rows.contains(&RequestRow::OtherNoFee) && !rows.contains(&RequestRow::Other));
    report.template = Some(Template::Y2019);
    let rows = outcome_rows(report.requests.as_ref().unwrap(), report.template);
    assert_eq!(rows.len(), 19);
    assert!(rows.contains(&RequestRow::Other) && !rows.contains(&RequestRow::OtherNoFee));
}

#[test]
fn sums_that_overflow_are_not_assessable() {
    let operand = |value| Operand {
        key: "k".into(),
        label: "l".into(),
        span: Span::default(),
        value: Some(value),
    };
    assert_eq!(
        evaluate(&[operand(i64::MAX), operand(1)], &[operand(0)]),
        Outcome::NotAssessable
    );
    assert_eq!(
        evaluate(&[operand(2)], &[operand(1), operand(1)]),
        Outcome::Holds
    );
    assert_eq!(evaluate(&[], &[]), Outcome::Holds);
}
