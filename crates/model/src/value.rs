//! Cell values as the document prints them: counts, exact decimal amounts, marks, blanks.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// An exact decimal number: `mantissa × 10^-scale`. Never a float.
///
/// The scale is kept as printed, so `96171.60` stays `96171.60`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits as one integer, sign included.
    pub mantissa: i128,
    /// How many of the digits are after the decimal point.
    pub scale: u32,
}

impl Decimal {
    /// The integer `n` as a decimal with no fractional digits.
    pub fn from_int(n: i64) -> Self {
        Decimal {
            mantissa: n as i128,
            scale: 0,
        }
    }

    /// Parses `[-+]digits[.digits]` (ASCII only, no separators). `None` on anything else or on
    /// overflow.
    pub fn parse(s: &str) -> Option<Decimal> {
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if body.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        if int.len() + frac.len() > 30 {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        Some(Decimal {
            mantissa: if neg { -mantissa } else { mantissa },
            scale: frac.len() as u32,
        })
    }

    /// The value as an integer when it has no fractional part (`3.00` is 3).
    pub fn to_integer(self) -> Option<i64> {
        let p = 10i128.checked_pow(self.scale)?;
        if self.mantissa % p != 0 {
            return None;
        }
        i64::try_from(self.mantissa / p).ok()
    }

    /// Divides by `10^places` exactly (e.g. 元 → 万元 is `shift(4)`), dropping trailing zeros
    /// that the division introduced.
    pub fn shift(self, places: u32) -> Decimal {
        let mut d = Decimal {
            mantissa: self.mantissa,
            scale: self.scale + places,
        };
        while d.scale > self.scale && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            write!(f, "0.{}{}", "0".repeat(scale - digits.len()), digits)
        } else {
            let (i, d) = digits.split_at(digits.len() - scale);
            write!(f, "{i}.{d}")
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Decimal::parse(&s).ok_or_else(|| serde::de::Error::custom("not a decimal number"))
    }
}

/// A currency unit printed with an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元 (10,000 元)
    WanYuan,
}

impl Unit {
    /// The unit as printed in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
        }
    }
}

/// What one table cell holds, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// A whole number (a count; 本年增/减 may be negative).
    Count(i64),
    /// A decimal amount, with the unit printed in the cell itself if any.
    Amount {
        /// The number as printed.
        number: Decimal,
        /// 元 or 万元 when the cell prints it.
        unit: Option<Unit>,
    },
    /// A non-numeric mark such as `/`, `—` or `无`, kept verbatim.
    Mark(String),
    /// The cell is there and empty. Blank is not zero.
    Blank,
    /// Digits run together with the neighbouring cells and more than one split fits.
    Unresolved,
    /// The cell could not be found at all (e.g. the table is an image).
    Missing,
}

impl Value {
    /// The count, when the cell holds a whole number.
    pub fn count(&self) -> Option<i64> {
        match self {
            Value::Count(n) => Some(*n),
            Value::Amount { number, .. } => number.to_integer(),
            _ => None,
        }
    }

    /// The value in the canonical cells format (spec/cells.md): integers plain, amounts as
    /// printed without unit, marks verbatim, anything unknown empty.
    pub fn canonical(&self) -> String {
        crate::cells::CellText::of(self).to_string()
    }
}

/// One table cell: its value and where it was read (or expected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The value as printed.
    pub value: Value,
    /// The text of the cell, or a zero-width span where it was expected.
    pub span: Span,
}

impl Cell {
    /// A cell that was not found, expected at `span`.
    pub fn missing(span: Span) -> Self {
        Cell {
            value: Value::Missing,
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trips_as_printed() {
        for s in [
            "0",
            "7545",
            "96171.6",
            "24252.311082",
            "-14",
            "0.05",
            "122.50",
        ] {
            assert_eq!(Decimal::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Decimal::parse("+11").unwrap().to_string(), "11");
        assert!(Decimal::parse("1.").is_none());
        assert!(Decimal::parse(".5").is_none());
        assert!(Decimal::parse("1,000").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse("99999999999999999999999999999999999").is_none());
    }

    #[test]
    fn shift_converts_yuan_to_wan_yuan() {
        assert_eq!(
            Decimal::parse("3940").unwrap().shift(4).to_string(),
            "0.394"
        );
        assert_eq!(
            Decimal::parse("251000").unwrap().shift(4).to_string(),
            "25.1"
        );
        assert_eq!(Decimal::parse("10000").unwrap().shift(4).to_string(), "1");
        assert_eq!(
            Decimal::parse("12.5").unwrap().shift(4).to_string(),
            "0.00125"
        );
    }

    #[test]
    fn integer_view() {
        assert_eq!(Decimal::parse("3.00").unwrap().to_integer(), Some(3));
        assert_eq!(Decimal::parse("3.5").unwrap().to_integer(), None);
    }
}
