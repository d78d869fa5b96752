//! Every day of 2019–2026 in our calendar against two independent published packages: PyPI
//! `chinesecalendar` (module `chinese_calendar`) and npm `chinese-days`. Working day or not must
//! agree on every day; where we say a day is off for a holiday or worked for one, the package
//! must name the same holiday.
//!
//! CI installs both (`.ci/run`); `chinese-days` is looked for in `$GONGKAI_NODE_MODULES`, else in
//! `target/npm/node_modules` of the repository.

use std::path::PathBuf;
use std::process::Command;

use gongkai_ledger::{Date, DayKind, Holiday};

use crate::{cal, require};

const PYTHON: &str = r#"
import datetime
import chinese_calendar as cc
d, end = datetime.date(2019, 1, 1), datetime.date(2026, 12, 31)
while d <= end:
    on, name = cc.get_holiday_detail(d)
    print(d.isoformat(), int(cc.is_workday(d)), name or "", sep="\t")
    d += datetime.timedelta(days=1)
"#;

const NODE: &str = r#"
const cd = require("chinese-days");
const lines = [];
for (let t = Date.UTC(2019, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000) {
  const s = new Date(t).toISOString().slice(0, 10);
  const name = cd.getDayDetail(s).name;
  lines.push(`${s}\t${cd.isWorkday(s) ? 1 : 0}\t${name.includes(",") ? name.split(",")[0] : ""}`);
}
console.log(lines.join("\n"));
"#;

/// Runs `program` with `args`; `None` when it cannot run or fails (package not installed).
fn output(program: &str, args: &[&str], env: Option<(&str, PathBuf)>) -> Option<String> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output().ok()?;
    if !out.status.success() {
        eprintln!("{program}: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    String::from_utf8(out.stdout).ok()
}

/// The holiday of a package's English name.
fn holiday(name: &str) -> Option<Holiday> {
    Some(match name {
        "New Year's Day" => Holiday::NewYear,
        "Spring Festival" => Holiday::SpringFestival,
        "Tomb-sweeping Day" => Holiday::Qingming,
        "Labour Day" => Holiday::LabourDay,
        "Dragon Boat Festival" => Holiday::DragonBoat,
        "Mid-autumn Festival" => Holiday::MidAutumn,
        "National Day" => Holiday::NationalDay,
        _ => return None,
    })
}

/// Compares `date<TAB>0|1<TAB>name` lines with the calendar; returns the disagreements.
fn compare(package: &str, text: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut seen = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut f = line.split('\t');
        let (Some(date), Some(work), name) = (f.next(), f.next(), f.next().unwrap_or("")) else {
            wrong.push(format!("{package}: unreadable line {line:?}"));
            continue;
        };
        let date = Date::parse(date).expect("the package prints ISO dates");
        let kind = cal().day(date).expect("2019–2026 are covered");
        seen += 1;
        if kind.is_working() != (work == "1") {
            wrong.push(format!(
                "{date}: we say {kind:?}, {package} says {}",
                if work == "1" { "working" } else { "day off" }
            ));
        }
        if let DayKind::Off(ours) | DayKind::MakeUp(ours) = kind
            && !holiday(name).is_some_and(|h| ours.contains(h))
        {
            wrong.push(format!("{date}: we say {ours}, {package} names {name:?}"));
        }
    }
    let days = Date::from_ymd(2019, 1, 1)
        .unwrap()
        .days_until(Date::from_ymd(2026, 12, 31).unwrap())
        + 1;
    if seen != days {
        wrong.push(format!("{package} gave {seen} days, not {days}"));
    }
    wrong
}

#[test]
fn every_day_agrees_with_pypi_chinesecalendar() {
    let out = output("python3", &["-c", PYTHON], None);
    if !require(
        "python3 with the PyPI package chinesecalendar",
        out.is_some(),
    ) {
        return;
    }
    let wrong = compare("chinesecalendar", &out.unwrap());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_day_agrees_with_npm_chinese_days() {
    let modules = std::env::var_os("GONGKAI_NODE_MODULES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/npm/node_modules"),
        PathBuf::from,
    );
    let out = output("node", &["-e", NODE], Some(("NODE_PATH", modules)));
    if !require("node with the npm package chinese-days", out.is_some()) {
        return;
    }
    let wrong = compare("chinese-days", &out.unwrap());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
