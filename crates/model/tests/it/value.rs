//! Cell values as the canonical form prints them, and their counts.

use gongkai_model::cells::CellText;
use gongkai_model::{Decimal, Unit, Value};

fn amount(s: &str, unit: Option<Unit>) -> Value {
    Value::Amount {
        number: Decimal::parse(s).unwrap(),
        unit,
    }
}

#[test]
fn counts_print_plain_with_their_sign() {
    assert_eq!(Value::Count(0).canonical(), "0");
    assert_eq!(Value::Count(1234567).canonical(), "1234567");
    assert_eq!(Value::Count(-3).canonical(), "-3");
    assert_eq!(Value::Count(-3).count(), Some(-3));
}

#[test]
fn amounts_print_as_printed_without_their_unit() {
    assert_eq!(amount("96171.60", Some(Unit::Yuan)).canonical(), "96171.60");
    assert_eq!(amount("382.26", Some(Unit::WanYuan)).canonical(), "382.26");
    assert_eq!(amount("0.05", None).canonical(), "0.05");
    assert_eq!(amount("-14.5", None).canonical(), "-14.5");
    assert_eq!(amount("3.00", None).count(), Some(3));
    assert_eq!(amount("3.50", None).count(), None);
    assert_eq!(Unit::Yuan.label(), "元");
    assert_eq!(Unit::WanYuan.label(), "万元");
}

#[test]
fn blanks_marks_and_unknowns() {
    assert_eq!(Value::Blank.canonical(), "");
    assert_eq!(Value::Blank.count(), None);
    assert_eq!(Value::Mark("/".to_string()).canonical(), "/");
    assert_eq!(Value::Mark("—".to_string()).canonical(), "—");
    assert_eq!(Value::Mark("无".to_string()).count(), None);
    assert_eq!(Value::Unresolved.canonical(), "");
    assert_eq!(Value::Missing.canonical(), "");
}

#[test]
fn cell_text_borrows_and_prints_the_same() {
    let mark = Value::Mark("/".to_string());
    assert_eq!(CellText::of(&mark), CellText::Str("/"));
    assert_eq!(CellText::of(&Value::Count(-2)), CellText::Int(-2));
    assert_eq!(CellText::of(&Value::Blank), CellText::Empty);
    assert_eq!(CellText::Empty.to_string(), "");
    for v in [Value::Count(7), amount("1.5", Some(Unit::Yuan)), mark] {
        assert_eq!(CellText::of(&v).to_string(), v.canonical());
    }
}

#[test]
fn values_serialise_with_their_kind_and_amounts_as_printed() {
    let json = |v: &Value| serde_json::to_string(v).unwrap();
    assert_eq!(json(&Value::Count(-3)), r#"{"kind":"count","value":-3}"#);
    assert_eq!(
        json(&amount("1.50", Some(Unit::WanYuan))),
        r#"{"kind":"amount","value":{"number":"1.50","unit":"WanYuan"}}"#
    );
    assert_eq!(json(&Value::Blank), r#"{"kind":"blank"}"#);
    assert_eq!(
        json(&Value::Mark("/".to_string())),
        r#"{"kind":"mark","value":"/"}"#
    );
    for v in [amount("96171.60", None), Value::Missing, Value::Count(0)] {
        assert_eq!(serde_json::from_str::<Value>(&json(&v)).unwrap(), v);
    }
}
