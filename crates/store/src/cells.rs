//! A report's table cells as the store keeps them: one entry per canonical key of its template
//! (spec/cells.md, `meta.*` and the derived `active.procurement.amount_unit` aside), with the
//! value as printed, the amount's unit resolved from the cell or the table header, and the span.
//!
//! `packed` is the compact form of the same values in key order, one blob per document: what
//! the roll-up and the export decode (a few hundred bytes a report) instead of reading ~200 rows.

use std::sync::OnceLock;

use gongkai_model::labels::{Applicant, ColumnKind, Template, active_rows, request_rows};
use gongkai_model::{Decimal, Report, Span, Unit, Value};

/// One table cell of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCell {
    /// The canonical key.
    pub key: &'static str,
    /// The value as printed; an amount carries the unit of its cell or of its column header.
    pub value: Value,
    /// Where it was read (or expected).
    pub span: Span,
}

/// The derived key that holds the 2019 procurement amount's unit: a column of the export, not a
/// cell of its own (the unit is stored with the amount).
pub const AMOUNT_UNIT_KEY: &str = "active.procurement.amount_unit";

/// The table keys of `template` in spec order (no `meta.*`, no [`AMOUNT_UNIT_KEY`]).
pub fn table_keys(template: Template) -> &'static [&'static str] {
    static KEYS: [OnceLock<Vec<&'static str>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match template {
        Template::Y2019 => 0,
        Template::Y2021 => 1,
        Template::Pre2019 => 2,
    };
    KEYS[i].get_or_init(|| {
        gongkai_model::cells::keys(template)
            .into_iter()
            .filter(|k| !k.starts_with("meta.") && k != AMOUNT_UNIT_KEY)
            .map(|k| &*Box::leak(k.into_boxed_str()))
            .collect()
    })
}

/// Every key of either template, spec order: the 2021 list, then the 2019-only keys where they
/// stand in the 2019 list (after the key before them). `meta.*` and the unit key included: the
/// columns of the exported `reports` table.
pub fn all_keys() -> &'static [String] {
    static ALL: OnceLock<Vec<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = gongkai_model::cells::keys(Template::Y2021);
        let y2019 = gongkai_model::cells::keys(Template::Y2019);
        let mut at = 0;
        for k in y2019 {
            match all.iter().position(|a| *a == k) {
                Some(p) => at = p + 1,
                None => {
                    all.insert(at, k);
                    at += 1;
                }
            }
        }
        all
    })
}

/// The cells of `report` in key order for `template`.
pub fn report_cells(report: &Report, template: Template) -> Vec<StoredCell> {
    let keys = table_keys(template);
    let mut out = Vec::with_capacity(keys.len());
    let mut keys = keys.iter();
    let mut push = |value: Value, span: Span| {
        if let Some(&key) = keys.next() {
            out.push(StoredCell { key, value, span });
        }
    };
    if template == Template::Pre2019 {
        return out;
    }
    let nowhere = Span::empty(report.source, 0);
    let active = report.active.as_ref();
    let header_unit = active.and_then(|t| t.amount_unit.as_ref()).map(|u| u.value);
    for spec in active_rows(template) {
        let row = active.and_then(|t| t.row(spec.row));
        for (i, (_, _, kind)) in spec.columns.iter().enumerate() {
            match row.and_then(|r| r.cells.get(i)) {
                Some(c) if *kind == ColumnKind::Amount => {
                    push(with_unit(&c.value, header_unit), c.span)
                }
                Some(c) => push(c.value.clone(), c.span),
                None => push(Value::Missing, active.map_or(nowhere, |t| t.span)),
            }
        }
    }
    for spec in request_rows(template) {
        let table = report.requests.as_ref();
        let row = table.and_then(|t| t.row(spec.row));
        for col in Applicant::ALL {
            match row {
                Some(r) => {
                    let c = &r.cells[col as usize];
                    push(c.value.clone(), c.span);
                }
                None => push(Value::Missing, table.map_or(nowhere, |t| t.span)),
            }
        }
    }
    for i in 0..15 {
        match report.reviews.as_ref() {
            Some(t) => push(t.cells[i].value.clone(), t.cells[i].span),
            None => push(Value::Missing, nowhere),
        }
    }
    out
}

/// In an amount column: an amount takes its header's unit when the cell prints none; a whole
/// number under a header with a unit is an amount in that unit.
fn with_unit(value: &Value, header: Option<Unit>) -> Value {
    match (value, header) {
        (Value::Amount { number, unit }, _) => Value::Amount {
            number: *number,
            unit: unit.or(header),
        },
        (Value::Count(n), Some(u)) => Value::Amount {
            number: Decimal::from_int(*n),
            unit: Some(u),
        },
        (v, _) => v.clone(),
    }
}

/// The name of a value's kind in the `cells` table.
pub fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Count(_) => "count",
        Value::Amount { .. } => "amount",
        Value::Mark(_) => "mark",
        Value::Blank => "blank",
        Value::Unresolved => "unresolved",
        Value::Missing => "missing",
    }
}

// ---------------------------------------------------------------------------------------------
// Packed values
// ---------------------------------------------------------------------------------------------

const TAG_BLANK: u8 = 0;
const TAG_MISSING: u8 = 1;
const TAG_UNRESOLVED: u8 = 2;
const TAG_MARK: u8 = 3;
const TAG_COUNT: u8 = 4;
const TAG_AMOUNT: u8 = 5;

/// The values in key order as one blob: a tag byte per value, then a zigzag varint for a
/// count; mantissa (zigzag varint), scale and unit bytes for an amount; length and UTF-8 for a
/// mark.
pub fn pack(cells: &[StoredCell]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cells.len() * 2);
    for c in cells {
        match &c.value {
            Value::Blank => out.push(TAG_BLANK),
            Value::Missing => out.push(TAG_MISSING),
            Value::Unresolved => out.push(TAG_UNRESOLVED),
            Value::Mark(m) => {
                out.push(TAG_MARK);
                let bytes = &m.as_bytes()[..floor_char_boundary(m, 255)];
                out.push(bytes.len() as u8);
                out.extend_from_slice(bytes);
            }
            Value::Count(n) => {
                out.push(TAG_COUNT);
                varint(&mut out, zigzag(i128::from(*n)));
            }
            Value::Amount { number, unit } => {
                out.push(TAG_AMOUNT);
                varint(&mut out, zigzag(number.mantissa));
                out.push(number.scale.min(255) as u8);
                out.push(match unit {
                    None => 0,
                    Some(Unit::Yuan) => 1,
                    Some(Unit::WanYuan) => 2,
                });
            }
        }
    }
    out
}

/// Decodes a blob written by [`pack`]; `None` when it is damaged.
pub fn unpack(mut bytes: &[u8]) -> Option<Vec<Value>> {
    let mut out = Vec::with_capacity(bytes.len());
    while let Some((&tag, rest)) = bytes.split_first() {
        bytes = rest;
        out.push(match tag {
            TAG_BLANK => Value::Blank,
            TAG_MISSING => Value::Missing,
            TAG_UNRESOLVED => Value::Unresolved,
            TAG_MARK => {
                let (&n, rest) = bytes.split_first()?;
                let s = std::str::from_utf8(rest.get(..n as usize)?).ok()?;
                bytes = &rest[n as usize..];
                Value::Mark(s.to_string())
            }
            TAG_COUNT => {
                let n = unzigzag(read_varint(&mut bytes)?);
                Value::Count(i64::try_from(n).ok()?)
            }
            TAG_AMOUNT => {
                let mantissa = unzigzag(read_varint(&mut bytes)?);
                let (&scale, rest) = bytes.split_first()?;
                let (&unit, rest) = rest.split_first()?;
                bytes = rest;
                Value::Amount {
                    number: Decimal {
                        mantissa,
                        scale: u32::from(scale),
                    },
                    unit: match unit {
                        1 => Some(Unit::Yuan),
                        2 => Some(Unit::WanYuan),
                        _ => None,
                    },
                }
            }
            _ => return None,
        });
    }
    Some(out)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = s.len().min(max);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn zigzag(n: i128) -> u128 {
    ((n << 1) ^ (n >> 127)) as u128
}

fn unzigzag(n: u128) -> i128 {
    ((n >> 1) as i128) ^ -((n & 1) as i128)
}

fn varint(out: &mut Vec<u8>, mut n: u128) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u128> {
    let mut n: u128 = 0;
    let mut shift = 0;
    loop {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        if shift >= 128 {
            return None;
        }
        n |= u128::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::cells::{CellText, key_template, visit_cells};

    fn report(text: &str) -> Report {
        let source = gongkai_model::Source::from_text("t.txt", text);
        gongkai_parse::parse(&source, gongkai_model::SourceId(0)).0
    }

    #[test]
    fn cells_follow_the_canonical_keys_and_values() {
        for template in [Template::Y2019, Template::Y2021] {
            let text = crate::synthetic::report_markdown(7, template);
            let r = report(&text);
            let t = key_template(&r);
            assert_eq!(t, template);
            let ours = report_cells(&r, t);
            let mut canonical = Vec::new();
            visit_cells(&r, |k, v: CellText| {
                if !k.starts_with("meta.") && k != AMOUNT_UNIT_KEY {
                    canonical.push((k.to_string(), v.to_string()));
                }
            });
            assert_eq!(ours.len(), canonical.len());
            for (c, (k, v)) in ours.iter().zip(&canonical) {
                assert_eq!(c.key, k);
                if !k.ends_with(".amount") {
                    assert_eq!(c.value.canonical(), *v, "{k}");
                }
            }
        }
    }

    #[test]
    fn packed_values_round_trip() {
        let span = Span::default();
        let values = [
            Value::Blank,
            Value::Missing,
            Value::Unresolved,
            Value::Mark("—".into()),
            Value::Count(0),
            Value::Count(-14),
            Value::Count(i64::MAX),
            Value::Amount {
                number: Decimal::parse("96171.60").unwrap(),
                unit: Some(Unit::WanYuan),
            },
            Value::Amount {
                number: Decimal::parse("-3.5").unwrap(),
                unit: None,
            },
        ];
        let cells: Vec<StoredCell> = values
            .iter()
            .map(|v| StoredCell {
                key: "k",
                value: v.clone(),
                span,
            })
            .collect();
        assert_eq!(unpack(&pack(&cells)).unwrap(), values);
        assert!(unpack(&[TAG_COUNT, 0x80]).is_none());
        assert!(unpack(&[9]).is_none());
    }

    #[test]
    fn all_keys_hold_both_templates_once() {
        let all = all_keys();
        let mut sorted = all.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        for t in [Template::Y2019, Template::Y2021] {
            for k in gongkai_model::cells::keys(t) {
                assert!(all.contains(&k), "{k}");
            }
        }
        assert_eq!(all[0], "meta.agency");
        let first_request = all.iter().position(|k| k.starts_with("requests.")).unwrap();
        assert!(
            all[..first_request]
                .iter()
                .all(|k| k.starts_with("meta.") || k.starts_with("active."))
        );
    }
}
