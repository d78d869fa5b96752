//! The working-day calendar: the State Council's yearly 放假安排 and their changes, one data file a
//! year under `calendar/` compiled into the crate, checked when loaded.
//!
//! A day is a working day when it is a weekday outside every holiday, or a weekend day the notices
//! make a working day (调休上班). A day of a year without a file is not known: asking about it is
//! a [`MissingYear`] error, never a guess from weekends.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use gongkai_model::Text;
use serde::{Deserialize, Serialize, Serializer};

use crate::date::{Date, Weekday};

/// The compiled-in data files, `("2024.toml", contents)`, in year order (written by `build.rs`).
mod files {
    include!(concat!(env!("OUT_DIR"), "/calendar_files.rs"));
}

/// The longest run of days off one holiday may have (the longest so far is 10, 春节 2020).
const MAX_HOLIDAY_DAYS: i32 = 15;

/// A public holiday of the 全国年节及纪念日放假办法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Holiday {
    /// 元旦.
    NewYear,
    /// 春节.
    SpringFestival,
    /// 清明节.
    Qingming,
    /// 劳动节.
    LabourDay,
    /// 端午节.
    DragonBoat,
    /// 中秋节.
    MidAutumn,
    /// 国庆节.
    NationalDay,
}

/// The name a notice gives a holiday: one holiday, or two taken together (中秋节、国庆节), in the
/// notice's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HolidayName {
    first: Holiday,
    second: Option<Holiday>,
}

/// One State Council notice arranging a year's holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The document number, e.g. 国办发明电〔2023〕7号.
    pub number: String,
    /// The date it was issued.
    pub date: Date,
    /// The title, e.g. 国务院办公厅关于2024年部分节假日安排的通知.
    pub title: String,
    /// Each holiday it arranges, in the notice's order.
    pub holidays: Vec<Arrangement>,
}

/// The arrangement of one holiday in a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrangement {
    /// The holiday.
    pub name: HolidayName,
    /// The first day off.
    pub from: Date,
    /// The last day off.
    pub to: Date,
    /// The make-up working days (调休上班): weekend days that are worked.
    pub work: Vec<Date>,
    /// The notice's sentence for the holiday.
    pub text: String,
}

/// One year's data file: every notice for the year, in the order issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// The notices, oldest first. A later notice's holiday replaces an earlier notice's
    /// arrangement of the same holiday in full.
    pub notices: Vec<Notice>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A weekday outside every holiday.
    Working,
    /// A Saturday or Sunday outside every holiday and not worked.
    Weekend,
    /// A day off of a holiday (weekend days inside the holiday's run included).
    Off(HolidayName),
    /// A weekend day worked in exchange for a holiday (调休上班).
    MakeUp(HolidayName),
}

/// The working-day calendar for the years it has data for.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
    /// The days that are not plain weekdays or weekends, with the (year, notice index) that
    /// settled them.
    special: BTreeMap<Date, (DayKind, i32, usize)>,
}

/// A date of a year the calendar has no data for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().zh)]
pub struct MissingYear {
    /// The year without data.
    pub year: i32,
    /// The years the calendar has, ascending.
    pub known: Vec<i32>,
}

/// A data file that is wrong: the calendar is not loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}", self.message.zh)]
pub struct CalendarError {
    /// The file name, e.g. `2024.toml`.
    pub file: String,
    /// What is wrong.
    pub message: Text,
}

impl Holiday {
    /// Every holiday, in the order of the 放假办法.
    pub const ALL: [Holiday; 7] = [
        Holiday::NewYear,
        Holiday::SpringFestival,
        Holiday::Qingming,
        Holiday::LabourDay,
        Holiday::DragonBoat,
        Holiday::MidAutumn,
        Holiday::NationalDay,
    ];

    /// The Chinese name, as the notices write it.
    pub fn zh(self) -> &'static str {
        match self {
            Holiday::NewYear => "元旦",
            Holiday::SpringFestival => "春节",
            Holiday::Qingming => "清明节",
            Holiday::LabourDay => "劳动节",
            Holiday::DragonBoat => "端午节",
            Holiday::MidAutumn => "中秋节",
            Holiday::NationalDay => "国庆节",
        }
    }

    /// The English name.
    pub fn en(self) -> &'static str {
        match self {
            Holiday::NewYear => "New Year's Day",
            Holiday::SpringFestival => "Spring Festival",
            Holiday::Qingming => "Qingming Festival",
            Holiday::LabourDay => "Labour Day",
            Holiday::DragonBoat => "Dragon Boat Festival",
            Holiday::MidAutumn => "Mid-Autumn Festival",
            Holiday::NationalDay => "National Day",
        }
    }

    /// The holiday of a Chinese name.
    pub fn from_zh(name: &str) -> Option<Holiday> {
        Holiday::ALL.into_iter().find(|h| h.zh() == name)
    }
}

impl HolidayName {
    /// One holiday.
    pub fn single(holiday: Holiday) -> HolidayName {
        HolidayName {
            first: holiday,
            second: None,
        }
    }

    /// Reads a notice's name: `春节`, or two joined by `、` (`中秋节、国庆节`).
    pub fn parse(name: &str) -> Option<HolidayName> {
        let (first, second) = match name.split_once('、') {
            Some((a, b)) => (a, Some(b)),
            None => (name, None),
        };
        let first = Holiday::from_zh(first)?;
        let second = match second {
            Some(b) => Some(Holiday::from_zh(b).filter(|h| *h != first)?),
            None => None,
        };
        Some(HolidayName { first, second })
    }

    /// The holidays it names, in the notice's order.
    pub fn holidays(self) -> impl Iterator<Item = Holiday> {
        std::iter::once(self.first).chain(self.second)
    }

    /// Whether it names `holiday`.
    pub fn contains(self, holiday: Holiday) -> bool {
        self.holidays().any(|h| h == holiday)
    }

    /// The name in both languages (中秋节、国庆节 / Mid-Autumn Festival and National Day).
    pub fn text(self) -> Text {
        match self.second {
            None => Text::new(self.first.zh(), self.first.en()),
            Some(second) => Text::new(
                format!("{}、{}", self.first.zh(), second.zh()),
                format!("{} and {}", self.first.en(), second.en()),
            ),
        }
    }
}

impl fmt::Display for HolidayName {
    /// The Chinese name, as the notice writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().zh)
    }
}

impl Serialize for HolidayName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl DayKind {
    /// Whether the day is a working day.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUp(_))
    }
}

impl MissingYear {
    /// What is missing, in both languages.
    pub fn message(&self) -> Text {
        let y = self.year;
        let known = match (self.known.first(), self.known.last()) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        };
        Text::new(
            format!(
                "没有{y}年的工作日历：缺少国务院办公厅关于{y}年部分节假日安排的通知，\
                 期限经过{y}年的日子无法计算（不按周末推算）。现有 {known} 年的日历；\
                 通知发布后在 crates/ledger/calendar/ 中加入 {y}.toml。"
            ),
            format!(
                "no working-day calendar for {y}: the State Council notice on the {y} public \
                 holidays (国务院办公厅关于{y}年部分节假日安排的通知) is missing, so a period running \
                 into {y} cannot be counted (it is never guessed from weekends). The calendar has \
                 {known}; once the notice is out, add {y}.toml to crates/ledger/calendar/."
            ),
        )
    }
}

impl Calendar {
    /// The calendar compiled into the crate (every `calendar/YYYY.toml`), loaded once. An error
    /// here means a data file is wrong; the crate's tests load it, so a release never has one.
    pub fn builtin() -> Result<&'static Calendar, &'static CalendarError> {
        static BUILTIN: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Calendar::from_files(files::FILES))
            .as_ref()
    }

    /// The names and contents of the compiled-in data files, in year order.
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        files::FILES
    }

    /// A calendar from data files `(name, contents)`, each named `YYYY.toml`. Every file is
    /// checked (see `calendar/README.md`); the first problem found is the error.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Calendar, CalendarError> {
        let mut years = BTreeMap::new();
        for (name, text) in files {
            let year = read_year(name, text)?;
            let y = year.year;
            if years.insert(y, year).is_some() {
                return Err(error(
                    name,
                    format!("{y}年有两个数据文件"),
                    format!("two data files for {y}"),
                ));
            }
        }
        let mut special = BTreeMap::new();
        for (y, year) in &years {
            let name = format!("{y}.toml");
            // The arrangement in force for each holiday: the latest notice's.
            let mut in_force: BTreeMap<HolidayName, (usize, &Arrangement)> = BTreeMap::new();
            for (i, notice) in year.notices.iter().enumerate() {
                for a in &notice.holidays {
                    in_force.insert(a.name, (i, a));
                }
            }
            for (i, a) in in_force.values() {
                let mut day = a.from;
                while day <= a.to {
                    let at = first_saying(year, *i, a.name, day, false);
                    settle(&mut special, &name, day, DayKind::Off(a.name), *y, at)?;
                    day = day.next();
                }
                for &day in &a.work {
                    let at = first_saying(year, *i, a.name, day, true);
                    settle(&mut special, &name, day, DayKind::MakeUp(a.name), *y, at)?;
                }
            }
        }
        Ok(Calendar { years, special })
    }

    /// What kind of day `date` is.
    pub fn day(&self, date: Date) -> Result<DayKind, MissingYear> {
        if !self.years.contains_key(&date.year()) {
            return Err(MissingYear {
                year: date.year(),
                known: self.years.keys().copied().collect(),
            });
        }
        Ok(match self.special.get(&date) {
            Some((kind, _, _)) => *kind,
            None if date.is_weekend() => DayKind::Weekend,
            None => DayKind::Working,
        })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: Date) -> Result<bool, MissingYear> {
        Ok(self.day(date)?.is_working())
    }

    /// The notice that made `date` a day off or a make-up working day, if one did: the first
    /// that said so (the 19 January 2020 make-up Sunday is the yearly notice's, 31 January the
    /// extension's).
    pub fn notice_for(&self, date: Date) -> Option<&Notice> {
        let (_, year, index) = self.special.get(&date)?;
        self.years.get(year)?.notices.get(*index)
    }

    /// The data of each year, ascending.
    pub fn years(&self) -> impl Iterator<Item = &Year> {
        self.years.values()
    }

    /// The data of `year`, if the calendar has it.
    pub fn year(&self, year: i32) -> Option<&Year> {
        self.years.get(&year)
    }
}

/// The first of the notices up to `last` that said what the in-force arrangement of `name` says
/// of `day` (worked or off): a later notice that restates a day does not take it over.
fn first_saying(year: &Year, last: usize, name: HolidayName, day: Date, worked: bool) -> usize {
    let says = |a: &Arrangement| {
        a.name == name
            && if worked {
                a.work.contains(&day)
            } else {
                (a.from..=a.to).contains(&day)
            }
    };
    year.notices[..last]
        .iter()
        .position(|n| n.holidays.iter().any(says))
        .unwrap_or(last)
}

/// Records what `day` is; a day listed twice is an error.
fn settle(
    special: &mut BTreeMap<Date, (DayKind, i32, usize)>,
    file: &str,
    day: Date,
    kind: DayKind,
    year: i32,
    notice: usize,
) -> Result<(), CalendarError> {
    if let Some((before, _, _)) = special.insert(day, (kind, year, notice)) {
        let what = |k: DayKind| match k {
            DayKind::Off(n) => Text::new(format!("{n}放假"), format!("off for {}", n.text().en)),
            DayKind::MakeUp(n) => Text::new(
                format!("{n}调休上班"),
                format!("worked for {}", n.text().en),
            ),
            DayKind::Working | DayKind::Weekend => Text::new("", ""),
        };
        let (a, b) = (what(before), what(kind));
        return Err(error(
            file,
            format!("{day} 既是{}又是{}", a.zh, b.zh),
            format!("{day} is both {} and {}", a.en, b.en),
        ));
    }
    Ok(())
}

fn error(file: &str, zh: String, en: String) -> CalendarError {
    CalendarError {
        file: file.to_string(),
        message: Text::new(zh, en),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    year: i32,
    notice: Vec<NoticeToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeToml {
    number: String,
    date: toml::value::Datetime,
    title: String,
    holiday: Vec<HolidayToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayToml {
    name: String,
    from: toml::value::Datetime,
    to: toml::value::Datetime,
    work: Vec<toml::value::Datetime>,
    text: String,
}

/// Reads and checks one data file.
fn read_year(name: &str, text: &str) -> Result<Year, CalendarError> {
    let file: FileToml = toml::from_str(text).map_err(|e| {
        error(
            name,
            format!("不是有效的日历文件：{e}"),
            format!("not a valid calendar file: {e}"),
        )
    })?;
    let y = file.year;
    if *name != format!("{y}.toml") {
        return Err(error(
            name,
            format!("文件名应为 {y}.toml（与 year = {y} 一致）"),
            format!("the file should be named {y}.toml (it says year = {y})"),
        ));
    }
    if file.notice.is_empty() {
        return Err(error(name, "没有通知".into(), "no notice".into()));
    }
    let mut notices: Vec<Notice> = Vec::new();
    for n in file.notice {
        let date = toml_date(name, &n.date)?;
        if !(y - 1..=y).contains(&date.year()) {
            return Err(error(
                name,
                format!("{} 的日期 {date} 不在 {} 或 {y} 年", n.number, y - 1),
                format!("{} is dated {date}, not in {} or {y}", n.number, y - 1),
            ));
        }
        if let Some(last) = notices.last()
            && last.date >= date
        {
            return Err(error(
                name,
                format!("通知应按发布日期排列：{} 不晚于 {}", n.number, last.number),
                format!(
                    "notices must be in date order: {} is not after {}",
                    n.number, last.number
                ),
            ));
        }
        if !(n.number.starts_with("国办发明电〔") && n.number.ends_with('号')) {
            return Err(error(
                name,
                format!("文号“{}”不是“国办发明电〔年〕N号”的形式", n.number),
                format!(
                    "number “{}” is not of the form 国办发明电〔年〕N号",
                    n.number
                ),
            ));
        }
        if !n.title.contains(&format!("{y}年")) {
            return Err(error(
                name,
                format!("通知标题“{}”未提到{y}年", n.title),
                format!("the notice's title “{}” does not name {y}", n.title),
            ));
        }
        let mut holidays: Vec<Arrangement> = Vec::new();
        for h in n.holiday {
            let a = read_arrangement(name, y, h)?;
            if holidays.iter().any(|b| b.name == a.name) {
                return Err(error(
                    name,
                    format!("{} 中{}出现两次", n.number, a.name),
                    format!("{} arranges {} twice", n.number, a.name.text().en),
                ));
            }
            holidays.push(a);
        }
        notices.push(Notice {
            number: n.number,
            date,
            title: n.title,
            holidays,
        });
    }
    Ok(Year { year: y, notices })
}

/// Reads and checks one holiday's arrangement of year `y`.
fn read_arrangement(file: &str, y: i32, h: HolidayToml) -> Result<Arrangement, CalendarError> {
    let name = HolidayName::parse(&h.name).ok_or_else(|| {
        error(
            file,
            format!("未知的节日“{}”（应为元旦、春节、清明节、劳动节、端午节、中秋节、国庆节，或两个以“、”连接）", h.name),
            format!("unknown holiday “{}” (元旦 春节 清明节 劳动节 端午节 中秋节 国庆节, or two joined by 、)", h.name),
        )
    })?;
    let (from, to) = (toml_date(file, &h.from)?, toml_date(file, &h.to)?);
    let span = from.days_until(to) + 1;
    if !(1..=MAX_HOLIDAY_DAYS).contains(&span) {
        return Err(error(
            file,
            format!("{name}的放假日期 {from} 至 {to} 不是 1 至 {MAX_HOLIDAY_DAYS} 天"),
            format!(
                "{} runs {from} to {to}: not 1 to {MAX_HOLIDAY_DAYS} days",
                name.text().en
            ),
        ));
    }
    // 元旦's run may start in the last days of December (the notice for 2019 began it on
    // 2018-12-30, with 2018-12-29 worked); every other day belongs to the file's year.
    let new_year = name == HolidayName::single(Holiday::NewYear);
    let in_year = |d: Date| d.year() == y || (new_year && d.year() == y - 1 && d.month() == 12);
    let mut work: Vec<Date> = Vec::new();
    for w in &h.work {
        let d = toml_date(file, w)?;
        if !d.is_weekend() {
            return Err(error(
                file,
                format!("{name}的调休上班日 {d} 是{}，不是周末", d.weekday().zh()),
                format!(
                    "{}'s make-up working day {d} is {}, not a weekend day",
                    name.text().en,
                    d.weekday().en()
                ),
            ));
        }
        if (from..=to).contains(&d) || work.contains(&d) {
            return Err(error(
                file,
                format!("{name}的调休上班日 {d} 重复或在放假期间"),
                format!(
                    "{}'s make-up working day {d} is listed twice or falls in the holiday",
                    name.text().en
                ),
            ));
        }
        work.push(d);
    }
    if let Some(d) = [from, to].iter().chain(&work).find(|d| !in_year(**d)) {
        return Err(error(
            file,
            format!("{name}的日期 {d} 不在{y}年"),
            format!("{} lists {d}, outside {y}", name.text().en),
        ));
    }
    work.sort();
    check_text(file, y, name, span, &h.text)?;
    Ok(Arrangement {
        name,
        from,
        to,
        work,
        text: h.text,
    })
}

/// Checks the notice's sentence against the data: `共N天`/`放假N天` is the length of the run, and
/// each weekday named in brackets after a date (`（星期日）`, `（农历除夕、周二）`) is that date's.
fn check_text(
    file: &str,
    y: i32,
    name: HolidayName,
    span: i32,
    text: &str,
) -> Result<(), CalendarError> {
    let en = name.text().en;
    if let Some(n) = stated_days(text)
        && i64::from(n) != i64::from(span)
    {
        return Err(error(
            file,
            format!("{name}：文字说共{n}天，数据是{span}天"),
            format!("{en}: the text says {n} days, the data has {span}"),
        ));
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut year, mut month) = (y, 0u32);
    let mut number: Option<u32> = None;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(d));
            continue;
        }
        match (c, number.take()) {
            ('年', Some(n)) => year = i32::try_from(n).unwrap_or(0),
            ('月', Some(n)) => month = n,
            ('日', Some(n)) if chars.get(i + 1) == Some(&'（') => {
                let inside: String = chars[i + 2..].iter().take_while(|c| **c != '）').collect();
                let named = ["星期", "周"].into_iter().find_map(|p| {
                    let at = inside.find(p)?;
                    inside[at + p.len()..]
                        .chars()
                        .next()
                        .and_then(Weekday::from_zh_digit)
                });
                if let Some(w) = named
                    && Date::from_ymd(year, month, n).map(Date::weekday) != Some(w)
                {
                    return Err(error(
                        file,
                        format!("{name}：文字中的{year}年{month}月{n}日不是{}", w.zh()),
                        format!("{en}: in the text, {year}-{month}-{n} is not {}", w.en()),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The number of days a notice's sentence states (`共8天`, `放假1天`).
fn stated_days(text: &str) -> Option<u32> {
    ["共", "放假"].into_iter().find_map(|prefix| {
        text.match_indices(prefix).find_map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0 && rest[digits..].starts_with('天')).then(|| rest[..digits].parse().ok())?
        })
    })
}

fn toml_date(file: &str, value: &toml::value::Datetime) -> Result<Date, CalendarError> {
    let date = match (value.date, value.time, value.offset) {
        (Some(d), None, None) => Date::from_ymd(i32::from(d.year), d.month.into(), d.day.into()),
        _ => None,
    };
    date.ok_or_else(|| {
        error(
            file,
            format!("{value} 不是日期（应写成 2024-10-01）"),
            format!("{value} is not a date (write 2024-10-01)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    const GOOD: &str = r#"
year = 2030
[[notice]]
number = "国办发明电〔2029〕9号"
date = 2029-11-01
title = "国务院办公厅关于2030年部分节假日安排的通知"
[[notice.holiday]]
name = "国庆节"
from = 2030-10-01
to = 2030-10-07
work = [2030-09-29, 2030-10-12]
text = "10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。"
"#;

    /// The problem `from_files` reports for `GOOD` with `from` replaced by `to`.
    fn problem(from: &str, to: &str) -> String {
        let text = GOOD.replacen(from, to, 1);
        assert_ne!(text, GOOD, "the edit {from:?} applies");
        let e = Calendar::from_files(&[("2030.toml", &text)]).unwrap_err();
        assert_eq!(e.file, "2030.toml");
        assert_eq!(e.to_string(), format!("2030.toml: {}", e.message.zh));
        e.message.en.to_string()
    }

    #[test]
    fn the_builtin_calendar_loads_and_has_one_file_for_each_year_2019_to_2026() {
        let cal = Calendar::builtin().expect("the data files are consistent");
        let names: Vec<&str> = Calendar::builtin_files().iter().map(|f| f.0).collect();
        let want: Vec<String> = (2019..=2026).map(|y| format!("{y}.toml")).collect();
        assert_eq!(names, want);
        let years: Vec<i32> = cal.years().map(|y| y.year).collect();
        assert_eq!(years, (2019..=2026).collect::<Vec<_>>());
        // Every notice names itself and the year; the two later changes are there.
        for y in cal.years() {
            assert!(y.notices[0].title.contains("部分节假日安排"), "{}", y.year);
        }
        assert_eq!(
            cal.year(2019).unwrap().notices[1].number,
            "国办发明电〔2019〕2号"
        );
        assert_eq!(
            cal.year(2020).unwrap().notices[1].number,
            "国办发明电〔2020〕1号"
        );
    }

    #[test]
    fn days_are_what_the_notices_say() {
        let cal = Calendar::builtin().unwrap();
        let spring = HolidayName::single(Holiday::SpringFestival);
        let national = HolidayName::single(Holiday::NationalDay);
        assert_eq!(cal.day(d(2024, 9, 29)), Ok(DayKind::MakeUp(national)));
        assert_eq!(cal.day(d(2024, 9, 28)), Ok(DayKind::Weekend));
        assert_eq!(cal.day(d(2024, 10, 1)), Ok(DayKind::Off(national)));
        assert_eq!(cal.day(d(2024, 10, 8)), Ok(DayKind::Working));
        // 2020: the extension made 31 January to 2 February days off, 1 February included.
        assert_eq!(cal.day(d(2020, 1, 31)), Ok(DayKind::Off(spring)));
        assert_eq!(cal.day(d(2020, 2, 1)), Ok(DayKind::Off(spring)));
        assert_eq!(cal.day(d(2020, 2, 3)), Ok(DayKind::Working));
        assert_eq!(cal.day(d(2020, 1, 19)), Ok(DayKind::MakeUp(spring)));
        assert_eq!(
            cal.notice_for(d(2020, 2, 1)).unwrap().number,
            "国办发明电〔2020〕1号"
        );
        assert_eq!(
            cal.notice_for(d(2020, 1, 30)).unwrap().number,
            "国办发明电〔2019〕16号"
        );
        assert_eq!(
            cal.notice_for(d(2020, 1, 19)).unwrap().number,
            "国办发明电〔2019〕16号"
        );
        // 2019: 劳动节 as changed (four days, two make-up Sundays).
        let labour = HolidayName::single(Holiday::LabourDay);
        assert_eq!(cal.day(d(2019, 5, 2)), Ok(DayKind::Off(labour)));
        assert_eq!(cal.day(d(2019, 5, 5)), Ok(DayKind::MakeUp(labour)));
        // Combined holidays keep the notice's order.
        let combined = HolidayName::parse("中秋节、国庆节").unwrap();
        assert_eq!(cal.day(d(2023, 10, 7)), Ok(DayKind::MakeUp(combined)));
        assert_eq!(combined.text().en, "Mid-Autumn Festival and National Day");
        assert!(cal.notice_for(d(2024, 10, 8)).is_none());
    }

    #[test]
    fn a_year_without_data_is_an_error_naming_it() {
        let cal = Calendar::builtin().unwrap();
        for date in [d(2027, 1, 4), d(2018, 12, 31), d(2018, 12, 29)] {
            let e = cal.day(date).unwrap_err();
            assert_eq!(e.year, date.year());
            let m = e.message();
            let y = date.year();
            assert!(m.zh.contains(&format!("国务院办公厅关于{y}年部分节假日安排的通知")));
            assert!(m.zh.contains("2019–2026"), "{}", m.zh);
            assert!(m.en.contains(&format!("no working-day calendar for {y}")));
        }
    }

    #[test]
    fn a_synthetic_file_loads_and_a_year_is_added_by_a_file() {
        let cal = Calendar::from_files(&[("2030.toml", GOOD)]).unwrap();
        assert_eq!(
            cal.day(d(2030, 9, 29)),
            Ok(DayKind::MakeUp(HolidayName::single(Holiday::NationalDay)))
        );
        assert!(cal.day(d(2031, 1, 2)).is_err());
    }

    #[test]
    fn wrong_files_are_refused_with_what_is_wrong() {
        assert!(problem("year = 2030", "year = 2031").contains("2031.toml"));
        assert!(problem("from = 2030-10-01", "from = 2030-10-09").contains("not 1 to 15 days"));
        assert!(problem("work = [2030-09-29,", "work = [2030-09-30,").contains("not a weekend"));
        assert!(
            problem("work = [2030-09-29,", "work = [2030-10-05,").contains("falls in the holiday")
        );
        assert!(problem("to = 2030-10-07", "to = 2030-10-06").contains("says 7 days"));
        let m = problem("9月29日（星期日）", "9月29日（星期六）");
        assert!(m.contains("is not Sat"), "{m}");
        assert!(problem("name = \"国庆节\"", "name = \"国庆\"").contains("unknown holiday"));
        assert!(problem("date = 2029-11-01", "date = 2027-11-01").contains("not in 2029 or 2030"));
        assert!(problem("国办发明电〔2029〕9号", "国发〔2029〕9号").contains("not of the form"));
        assert!(problem("2030年部分", "部分").contains("does not name 2030"));
        assert!(problem("from = 2030-10-01", "from = 2030-10-01T08:00:00").contains("not a date"));
        assert!(problem("text =", "texte =").contains("not a valid calendar file"));
        // A day outside the year (only 元旦 may reach back into December).
        assert!(problem("work = [2030-09-29,", "work = [2029-12-29,").contains("outside 2030"));
    }

    #[test]
    fn a_day_listed_by_two_holidays_or_two_files_for_a_year_are_refused() {
        let two = format!(
            "{GOOD}\n[[notice.holiday]]\nname = \"中秋节\"\nfrom = 2030-09-29\nto = 2030-09-29\nwork = []\ntext = \"\"\n"
        );
        let e = Calendar::from_files(&[("2030.toml", &two)]).unwrap_err();
        assert!(
            e.message.en.contains("2030-09-29 is both"),
            "{}",
            e.message.en
        );
        let e = Calendar::from_files(&[("2030.toml", GOOD), ("2030.toml", GOOD)]).unwrap_err();
        assert!(e.message.en.contains("two data files"));
        let later = GOOD
            .replace("[[notice.holiday]]", "")
            .replace("name = \"国庆节\"", "");
        assert!(Calendar::from_files(&[("2030.toml", &later)]).is_err());
    }

    #[test]
    fn a_later_notice_replaces_the_holiday_it_changes() {
        let change = format!(
            "{GOOD}\n[[notice]]\nnumber = \"国办发明电〔2030〕1号\"\ndate = 2030-03-01\n\
             title = \"国务院办公厅关于调整2030年国庆节假期安排的通知\"\n\
             [[notice.holiday]]\nname = \"国庆节\"\nfrom = 2030-10-01\nto = 2030-10-08\n\
             work = [2030-10-12]\ntext = \"10月1日至8日放假调休，共8天。10月12日（星期六）上班。\"\n"
        );
        let cal = Calendar::from_files(&[("2030.toml", &change)]).unwrap();
        let national = HolidayName::single(Holiday::NationalDay);
        assert_eq!(cal.day(d(2030, 10, 8)), Ok(DayKind::Off(national)));
        // The make-up Sunday the change no longer lists is an ordinary weekend day again.
        assert_eq!(cal.day(d(2030, 9, 29)), Ok(DayKind::Weekend));
        let number = |date| cal.notice_for(date).map(|n| n.number.as_str());
        assert_eq!(number(d(2030, 10, 8)), Some("国办发明电〔2030〕1号"));
        // Days both notices say are the first notice's.
        assert_eq!(number(d(2030, 10, 1)), Some("国办发明电〔2029〕9号"));
        assert_eq!(number(d(2030, 10, 12)), Some("国办发明电〔2029〕9号"));
        let backwards = change.replace("date = 2030-03-01", "date = 2029-10-01");
        let e = Calendar::from_files(&[("2030.toml", &backwards)]).unwrap_err();
        assert!(e.message.en.contains("date order"));
    }

    #[test]
    fn stated_days_are_found_in_both_wordings() {
        assert_eq!(stated_days("10月1日至7日放假调休，共7天。"), Some(7));
        assert_eq!(stated_days("1月1日（周三）放假1天，不调休。"), Some(1));
        assert_eq!(stated_days("4月5日放假，与周末连休。"), None);
    }
}
