//! A civil date as a day number (days since 1970-01-01), with Howard Hinnant's conversions, the
//! weekday, and the ways people write a date (2024-09-27, 2024/9/27, 2024年9月27日).
//!
//! `gongkai_model::Date` is a report's 落款日期 as printed (year, month, day, no arithmetic); the
//! clock steps through days, so it uses this type and converts at the edge.

use std::fmt;

use gongkai_model::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar, years 1 to 9999. Ordered, `Copy`, one `i32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 (negative before).
    days: i32,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// 星期一.
    Monday,
    /// 星期二.
    Tuesday,
    /// 星期三.
    Wednesday,
    /// 星期四.
    Thursday,
    /// 星期五.
    Friday,
    /// 星期六.
    Saturday,
    /// 星期日.
    Sunday,
}

/// A date that could not be read or does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().zh)]
pub struct DateError {
    /// The text as given.
    pub input: String,
}

impl Date {
    /// The earliest date: 0001-01-01.
    pub const MIN: Date = Date { days: -719_162 };
    /// The latest date: 9999-12-31.
    pub const MAX: Date = Date { days: 2_932_896 };

    /// The date `year-month-day`, or `None` when it does not exist or is outside years 1–9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// The date from a day number (days since 1970-01-01), clamped to years 1–9999.
    pub fn from_days(days: i32) -> Date {
        Date {
            days: days.clamp(Date::MIN.days, Date::MAX.days),
        }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.days
    }

    /// (year, month 1–12, day 1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 counting from Monday = 0).
        match (self.days + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// The day `n` days later (earlier for a negative `n`), clamped to years 1–9999.
    pub fn add_days(self, n: i32) -> Date {
        Date::from_days(self.days.saturating_add(n))
    }

    /// The next day (9999-12-31 stays itself).
    pub fn next(self) -> Date {
        self.add_days(1)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i32 {
        other.days - self.days
    }

    /// Reads exactly `YYYY-MM-DD`, the form the ledger stores, without allocating.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        Date::from_ymd(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
    }

    /// Reads a date as people write it: `2024-09-27`, `2024-9-27`, `2024/9/27`, `2024.9.27`,
    /// `2024年9月27日` (full-width digits too), `20240927`. Surrounding spaces are ignored.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let err = || DateError {
            input: text.to_string(),
        };
        let normalized: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '／' => '/',
                '－' => '-',
                '．' => '.',
                _ => c,
            })
            .collect();
        let s = normalized.as_str();
        let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
            let (year, rest) = rest.split_once('年').ok_or_else(err)?;
            let (month, day) = rest.split_once('月').ok_or_else(err)?;
            vec![year, month, day]
        } else if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            vec![&s[..4], &s[4..6], &s[6..]]
        } else {
            let sep = ['-', '/', '.']
                .into_iter()
                .find(|c| s.contains(*c))
                .ok_or_else(err)?;
            s.split(sep).collect()
        };
        let [year, month, day] = parts.as_slice() else {
            return Err(err());
        };
        let number = |p: &str, max_len: usize| -> Result<u32, DateError> {
            let p = p.trim();
            if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        let year = number(year, 4)?;
        if year < 1000 {
            return Err(err());
        }
        let (month, day) = (number(month, 2)?, number(day, 2)?);
        Date::from_ymd(year as i32, month, day).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl From<Date> for gongkai_model::Date {
    fn from(d: Date) -> gongkai_model::Date {
        let (year, month, day) = d.ymd();
        gongkai_model::Date { year, month, day }
    }
}

impl TryFrom<gongkai_model::Date> for Date {
    type Error = DateError;

    fn try_from(d: gongkai_model::Date) -> Result<Date, DateError> {
        Date::from_ymd(d.year, d.month, d.day).ok_or_else(|| DateError {
            input: format!("{}-{}-{}", d.year, d.month, d.day),
        })
    }
}

impl Weekday {
    /// 星期一 … 星期日.
    pub fn zh(self) -> &'static str {
        match self {
            Weekday::Monday => "星期一",
            Weekday::Tuesday => "星期二",
            Weekday::Wednesday => "星期三",
            Weekday::Thursday => "星期四",
            Weekday::Friday => "星期五",
            Weekday::Saturday => "星期六",
            Weekday::Sunday => "星期日",
        }
    }

    /// Mon … Sun.
    pub fn en(self) -> &'static str {
        match self {
            Weekday::Monday => "Mon",
            Weekday::Tuesday => "Tue",
            Weekday::Wednesday => "Wed",
            Weekday::Thursday => "Thu",
            Weekday::Friday => "Fri",
            Weekday::Saturday => "Sat",
            Weekday::Sunday => "Sun",
        }
    }

    /// The weekday a Chinese notice names with 星期X, 周X or 礼拜X (X one of 一二三四五六日天).
    pub fn from_zh_digit(c: char) -> Option<Weekday> {
        Some(match c {
            '一' => Weekday::Monday,
            '二' => Weekday::Tuesday,
            '三' => Weekday::Wednesday,
            '四' => Weekday::Thursday,
            '五' => Weekday::Friday,
            '六' => Weekday::Saturday,
            '日' | '天' => Weekday::Sunday,
            _ => return None,
        })
    }
}

impl DateError {
    /// What is wrong, in both languages.
    pub fn message(&self) -> Text {
        Text::new(
            format!(
                "“{}”不是有效的日期（请写成 2024-09-27、2024/9/27 或 2024年9月27日）",
                self.input
            ),
            format!(
                "“{}” is not a valid date (write 2024-09-27, 2024/9/27 or 2024年9月27日)",
                self.input
            ),
        )
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

/// Hinnant's `days_from_civil`: days since 1970-01-01 of a valid date.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32; // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe as i32 - 719_468
}

/// Hinnant's `civil_from_days`: the date of a day number.
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe as i32 + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn day_numbers_round_trip_over_the_whole_range() {
        let mut expected = Date::MIN.days;
        for year in 1..=9999 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let date = d(year, month, day);
                    assert_eq!(date.days(), expected, "{year}-{month}-{day}");
                    assert_eq!(date.ymd(), (year, month, day));
                    expected += 1;
                }
            }
        }
        assert_eq!(expected - 1, Date::MAX.days);
        assert_eq!(d(1970, 1, 1).days(), 0);
        assert_eq!(d(2000, 3, 1).days(), 11_017);
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert_eq!(Date::from_ymd(2024, 4, 31), None);
        assert_eq!(Date::from_ymd(2024, 13, 1), None);
        assert_eq!(Date::from_ymd(2024, 1, 0), None);
        assert_eq!(Date::from_ymd(0, 1, 1), None);
        assert_eq!(Date::from_ymd(10_000, 1, 1), None);
    }

    #[test]
    fn weekdays_of_known_days() {
        assert_eq!(d(1970, 1, 1).weekday(), Weekday::Thursday);
        assert_eq!(d(2024, 9, 27).weekday(), Weekday::Friday);
        assert_eq!(d(2024, 9, 29).weekday(), Weekday::Sunday);
        assert_eq!(d(2020, 2, 1).weekday(), Weekday::Saturday);
        assert_eq!(d(1949, 10, 1).weekday(), Weekday::Saturday);
        assert!(d(2024, 9, 29).is_weekend() && !d(2024, 9, 30).is_weekend());
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let want = d(2024, 9, 27);
        for text in [
            "2024-09-27",
            "2024-9-27",
            "2024/9/27",
            "2024/09/27",
            "2024.9.27",
            "2024年9月27日",
            "２０２４年９月２７日",
            " 2024-09-27 ",
            "20240927",
        ] {
            assert_eq!(Date::parse(text), Ok(want), "{text}");
        }
        for bad in [
            "",
            "2024-02-30",
            "2024-9",
            "2024-09-27-1",
            "24-09-27",
            "2024年9月",
            "2024/9-27",
            "+2024-09-27",
            "2024-009-27",
            "tomorrow",
        ] {
            let e = Date::parse(bad).unwrap_err();
            assert_eq!(e.input, bad);
            assert!(e.message().zh.contains("不是有效的日期"));
        }
    }

    #[test]
    fn display_and_serde_use_iso_form() {
        let date = d(2024, 1, 5);
        assert_eq!(date.to_string(), "2024-01-05");
        let model: gongkai_model::Date = date.into();
        assert_eq!(Date::try_from(model), Ok(date));
        let bad = gongkai_model::Date {
            year: 2023,
            month: 2,
            day: 29,
        };
        assert!(Date::try_from(bad).is_err());
    }

    #[test]
    fn arithmetic_clamps_at_the_ends() {
        assert_eq!(Date::MAX.next(), Date::MAX);
        assert_eq!(Date::MIN.add_days(-5), Date::MIN);
        assert_eq!(d(2024, 2, 28).add_days(2), d(2024, 3, 1));
        assert_eq!(d(2024, 3, 1).days_until(d(2024, 2, 28)), -2);
    }
}
