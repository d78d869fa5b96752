//! The 汇总 roll-up: many reports of one template summed into one report in the same template.
//!
//! Rules (README, "汇总报告"): counts are summed; a cell blank in every input stays blank; a
//! blank in some inputs counts as 0 and the roll-up names those inputs; an unresolved, marked
//! (`/`, `—`) or missing cell in any input makes the cell uncertain — empty in the report, in JSON
//! the kind `uncertain` with the partial sum and the inputs; amounts are summed exactly in 万元
//! (元 converted exactly); inputs of different templates are refused; inputs of different years
//! are summed with a warning; the roll-up's own identities are checked like any report's.

use std::fmt::Write as _;

use gongkai_model::labels::{ColumnKind, Template, active_rows};
use gongkai_model::{Decimal, Report, SourceId, Text, Unit, Value};
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;

use crate::Error;
use crate::cells::{table_keys, unpack};

/// One report going into a roll-up.
#[derive(Debug, Clone)]
pub struct Input {
    /// The body's name (or the file's path when the report names none).
    pub name: String,
    /// The file.
    pub path: String,
    /// The year covered.
    pub year: Option<i32>,
    /// The template.
    pub template: Template,
    /// The values in the order of `table_keys(template)`.
    pub values: Vec<Value>,
}

/// A rolled-up cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rolled {
    /// The sum of the inputs' counts.
    Count {
        /// The sum.
        value: i64,
    },
    /// The exact sum of the inputs' amounts, in `unit`.
    Amount {
        /// The sum.
        value: Decimal,
        /// 万元, or none when no input states a unit.
        unit: Option<Unit>,
    },
    /// Blank in every input.
    Blank,
    /// Some input has no number here: the sum of the others, and what those inputs hold.
    Uncertain {
        /// The sum of the inputs that have a number (as text: a count or a decimal).
        partial: String,
        /// The inputs without a number, with what they hold (`/`, `—`, `unresolved`,
        /// `missing`, `no unit`).
        inputs: Vec<UncertainInput>,
    },
}

/// An input that makes a cell uncertain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UncertainInput {
    /// The input's name.
    pub input: String,
    /// What it holds instead of a number.
    pub holds: String,
}

/// One cell of the roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The canonical key.
    pub key: &'static str,
    /// The value.
    #[serde(flatten)]
    pub value: Rolled,
    /// Inputs whose cell was blank, counted as 0 (only when some other input has a number).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blank_inputs: Vec<String>,
}

/// A roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    /// The roll-up's name (the supervising body).
    pub name: String,
    /// The year (the inputs', or the latest of them with a warning).
    pub year: Option<i32>,
    /// The common template.
    pub template: Template,
    /// The inputs: name and file.
    pub inputs: Vec<(String, String)>,
    /// Every table cell, in key order.
    pub cells: Vec<Cell>,
    /// Warnings (different years…).
    pub warnings: Vec<Text>,
}

/// Sums `inputs`. Refused when they are of different templates or none is given.
pub fn rollup(name: &str, inputs: &[Input]) -> Result<Rollup, Error> {
    let mut summer = Summer::default();
    for input in inputs {
        summer.add(input)?;
    }
    summer.finish(name)
}

/// A roll-up being summed, one input at a time (inputs from the database are streamed through it,
/// never held together).
#[derive(Debug, Default)]
pub struct Summer {
    template: Option<Template>,
    amount_columns: Vec<bool>,
    cells: Vec<Acc>,
    /// Name, path and year of every input added, in the order added.
    inputs: Vec<(String, String, Option<i32>)>,
}

/// What is known of one cell so far. Inputs are referred to by their index in `Summer::inputs`.
#[derive(Debug, Clone, Default)]
struct Acc {
    count: i64,
    /// Amounts with a unit (or under a heading that states one), in 万元.
    amount: Option<Decimal>,
    /// 2019 amounts without a unit, kept apart until it is known whether any input states one.
    unitless: Vec<(u32, Decimal)>,
    any_unit: bool,
    numbers: u32,
    blank: Vec<u32>,
    uncertain: Vec<(u32, String)>,
}

impl Summer {
    /// Adds one report. Refused when its template differs from the first one's.
    pub fn add(&mut self, input: &Input) -> Result<(), Error> {
        let template = *self.template.get_or_insert(input.template);
        if input.template != template {
            let (first_name, first_path, _) = &self.inputs[0];
            return Err(Error::Refused(Text::new(
                format!(
                    "模板不同，不能汇总：{first_name}（{first_path}）为 {} 模板，{}（{}）为 {} 模板；请用 --year 选同一模板的年度",
                    template.code(),
                    input.name,
                    input.path,
                    input.template.code()
                ),
                format!(
                    "different templates cannot be rolled up: {first_name} ({first_path}) is {}, {} ({}) is {}; choose years of one template with --year",
                    template.code(),
                    input.name,
                    input.path,
                    input.template.code()
                ),
            )));
        }
        if template == Template::Pre2019 {
            return Err(Error::Refused(Text::new(
                "2019 年以前的旧式报告没有统一表格，不能汇总",
                "pre-2019 reports have no common tables to roll up",
            )));
        }
        if self.cells.is_empty() {
            let keys = table_keys(template);
            let amounts = amount_keys(template);
            self.amount_columns = keys.iter().map(|k| amounts.contains(k)).collect();
            self.cells = vec![Acc::default(); keys.len()];
        }
        let me = self.inputs.len() as u32;
        self.inputs
            .push((input.name.clone(), input.path.clone(), input.year));
        let heading_in_wan = template == Template::Y2021;
        for (i, acc) in self.cells.iter_mut().enumerate() {
            let v = input.values.get(i);
            match v {
                Some(Value::Blank) => acc.blank.push(me),
                _ if self.amount_columns[i] => add_amount(acc, me, v, heading_in_wan),
                Some(v) if v.count().is_some() => {
                    acc.count = acc.count.saturating_add(v.count().unwrap_or(0));
                    acc.numbers += 1;
                }
                other => acc.uncertain.push((me, holds(other))),
            }
        }
        Ok(())
    }

    /// The roll-up named `name`; refused when nothing was added.
    pub fn finish(self, name: &str) -> Result<Rollup, Error> {
        let Some(template) = self.template else {
            return Err(Error::Refused(Text::new(
                "没有可汇总的报告",
                "no reports to roll up",
            )));
        };
        // Inputs listed by path, whatever order they were added in.
        let mut order: Vec<u32> = (0..self.inputs.len() as u32).collect();
        order.sort_by(|&a, &b| self.inputs[a as usize].1.cmp(&self.inputs[b as usize].1));
        let mut rank = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let name_of = |i: u32| self.inputs[i as usize].0.clone();
        let mut years: Vec<i32> = self.inputs.iter().filter_map(|i| i.2).collect();
        years.sort_unstable();
        years.dedup();
        let mut warnings = Vec::new();
        if years.len() > 1 {
            let list = |sep: &str| {
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            warnings.push(Text::new(
                format!(
                    "输入报告的年度不同（{}），已一并汇总；可用 --year 只选一年",
                    list("、")
                ),
                format!(
                    "the inputs cover different years ({}), rolled up together; --year selects one",
                    list(", ")
                ),
            ));
        }
        let heading_in_wan = template == Template::Y2021;
        let keys = table_keys(template);
        let mut cells = Vec::with_capacity(keys.len());
        for ((acc, &key), &amount) in self.cells.into_iter().zip(keys).zip(&self.amount_columns) {
            let mut acc = acc;
            acc.blank.sort_by_key(|&i| rank[i as usize]);
            let mut value = if amount {
                finish_amount(&mut acc, heading_in_wan)
            } else if !acc.uncertain.is_empty() {
                Rolled::Uncertain {
                    partial: acc.count.to_string(),
                    inputs: Vec::new(),
                }
            } else if acc.numbers == 0 {
                Rolled::Blank
            } else {
                Rolled::Count { value: acc.count }
            };
            if let Rolled::Uncertain { inputs, .. } = &mut value {
                acc.uncertain.sort_by_key(|(i, _)| rank[*i as usize]);
                *inputs = acc
                    .uncertain
                    .into_iter()
                    .map(|(i, holds)| UncertainInput {
                        input: name_of(i),
                        holds,
                    })
                    .collect();
            }
            let blank_inputs = if matches!(value, Rolled::Blank) {
                Vec::new()
            } else {
                acc.blank.into_iter().map(name_of).collect()
            };
            cells.push(Cell {
                key,
                value,
                blank_inputs,
            });
        }
        Ok(Rollup {
            name: name.to_string(),
            year: years.last().copied(),
            template,
            inputs: order
                .iter()
                .map(|&i| {
                    let (n, p, _) = &self.inputs[i as usize];
                    (n.clone(), p.clone())
                })
                .collect(),
            cells,
            warnings,
        })
    }
}

fn amount_keys(template: Template) -> Vec<&'static str> {
    let keys = table_keys(template);
    let mut out = Vec::new();
    for spec in active_rows(template) {
        for (col, _, kind) in spec.columns {
            if *kind == ColumnKind::Amount {
                let k = format!("active.{}.{col}", spec.key);
                if let Some(&s) = keys.iter().find(|s| **s == k) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// What a cell that is not a number holds, for the uncertain list.
fn holds(v: Option<&Value>) -> String {
    match v {
        Some(Value::Mark(m)) => m.clone(),
        Some(Value::Unresolved) => "unresolved".to_string(),
        _ => "missing".to_string(),
    }
}

/// Adds two decimals exactly (scales aligned); `None` on overflow.
pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale.max(b.scale);
    let up = |d: Decimal| {
        10i128
            .checked_pow(scale - d.scale)
            .and_then(|p| d.mantissa.checked_mul(p))
    };
    Some(Decimal {
        mantissa: up(a)?.checked_add(up(b)?)?,
        scale,
    })
}

/// An amount in 万元: 元 converted exactly. The 2021 fee is in 万元 by the template's heading; a
/// 2019 amount without a unit waits until it is known whether any input states one.
fn add_amount(acc: &mut Acc, me: u32, v: Option<&Value>, heading_in_wan: bool) {
    let (number, unit) = match v {
        Some(Value::Amount { number, unit }) => (*number, *unit),
        Some(Value::Count(n)) => (Decimal::from_int(*n), None),
        other => {
            acc.uncertain.push((me, holds(other)));
            return;
        }
    };
    let in_wan = match unit {
        Some(Unit::Yuan) => number.shift(4),
        Some(Unit::WanYuan) => number,
        None if heading_in_wan => number,
        None => {
            acc.unitless.push((me, number));
            return;
        }
    };
    acc.any_unit |= unit.is_some() || heading_in_wan;
    match add(acc.amount.unwrap_or(Decimal::from_int(0)), in_wan) {
        Some(sum) => {
            acc.amount = Some(sum);
            acc.numbers += 1;
        }
        None => acc.uncertain.push((me, "overflow".to_string())),
    }
}

fn finish_amount(acc: &mut Acc, heading_in_wan: bool) -> Rolled {
    let unitless = std::mem::take(&mut acc.unitless);
    if acc.any_unit {
        // Amounts without a unit beside amounts with one cannot be added.
        for (i, n) in unitless {
            acc.uncertain.push((i, format!("{n}（no unit）")));
        }
    } else {
        for (i, n) in unitless {
            match add(acc.amount.unwrap_or(Decimal::from_int(0)), n) {
                Some(sum) => {
                    acc.amount = Some(sum);
                    acc.numbers += 1;
                }
                None => acc.uncertain.push((i, "overflow".to_string())),
            }
        }
    }
    let sum = acc.amount.unwrap_or(Decimal::from_int(0));
    if !acc.uncertain.is_empty() {
        Rolled::Uncertain {
            partial: sum.to_string(),
            inputs: Vec::new(),
        }
    } else if acc.numbers == 0 {
        Rolled::Blank
    } else {
        Rolled::Amount {
            value: sum,
            unit: (acc.any_unit || heading_in_wan).then_some(Unit::WanYuan),
        }
    }
}

impl Rollup {
    /// The roll-up as an authoring file (TOML): the office fills in the narrative sections and
    /// renders it. Uncertain cells are left empty (`""`).
    pub fn authoring(&self) -> String {
        let mut out = String::with_capacity(8 * 1024);
        let year = self.year.map_or("\"\"".to_string(), |y| y.to_string());
        let _ = write!(
            out,
            "[meta]\ntemplate = \"{}\"\nagency = {}\nyear = {year}\npublished = \"\"\n\n[cells]\n",
            self.template.code(),
            gongkai_authoring::toml_string(&self.name)
        );
        for c in &self.cells {
            let v = match &c.value {
                Rolled::Count { value } => value.to_string(),
                Rolled::Amount { value, .. } => value.to_string(),
                Rolled::Blank | Rolled::Uncertain { .. } => "\"\"".to_string(),
            };
            let _ = writeln!(out, "\"{}\" = {v}", c.key);
            if c.key == "active.procurement.amount" {
                let unit = match &c.value {
                    Rolled::Amount { unit: Some(u), .. } => u.label(),
                    _ => "",
                };
                let _ = writeln!(out, "\"active.procurement.amount_unit\" = \"{unit}\"");
            }
        }
        out
    }

    /// The roll-up as a report, for the renderers and the identities.
    pub fn report(&self) -> Report {
        let toml = self.authoring();
        match gongkai_authoring::parse(&toml, SourceId(0)) {
            Ok((report, _)) => report,
            Err(_) => Report {
                source: SourceId(0),
                meta: Default::default(),
                template: Some(self.template),
                sections: Vec::new(),
                active: None,
                requests: None,
                reviews: None,
            },
        }
    }

    /// The authoring file in the form `gongkai new` writes (labels in comments), with every
    /// uncertain cell's partial sum and inputs in a comment on its line.
    pub fn authoring_file(&self) -> String {
        let text = gongkai_authoring::to_toml(&self.report());
        let mut out = String::with_capacity(text.len() + 1024);
        for line in text.lines() {
            out.push_str(line);
            let key = line
                .strip_prefix('"')
                .and_then(|l| l.split_once('"'))
                .map(|(k, _)| k);
            if let Some(cell) = key.and_then(|k| self.cells.iter().find(|c| c.key == k))
                && let Rolled::Uncertain { partial, inputs } = &cell.value
            {
                let list = inputs
                    .iter()
                    .map(|i| format!("{} {}", i.input, i.holds))
                    .collect::<Vec<_>>()
                    .join("；");
                let _ = write!(out, "  # 汇总不确定：其余合计 {partial}；{list}");
            }
            out.push('\n');
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// Which reports of the database to roll up.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The register's bodies under this one (by credit code or name), at any depth.
    pub parent: Option<String>,
    /// The register's bodies in this 行政区划 (a code; trailing `00` pairs widen it).
    pub region: Option<String>,
    /// Only reports covering this year.
    pub year: Option<i32>,
}

/// The reports of the database in `scope` (the newest version of each body and year), sorted by
/// path.
pub fn inputs_from_db(conn: &Connection, scope: &Scope) -> Result<Vec<Input>, Error> {
    let mut out = Vec::new();
    each_input(conn, scope, |input| {
        out.push(input);
        Ok(())
    })?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The roll-up of the reports of the database in `scope`, streamed: no input is kept beyond its
/// sums, so a hundred thousand reports take a few megabytes.
pub fn rollup_from_db(conn: &Connection, scope: &Scope, name: &str) -> Result<Rollup, Error> {
    let mut summer = Summer::default();
    each_input(conn, scope, |input| summer.add(&input))?;
    summer.finish(name)
}

/// Calls `f` with every report of the database in `scope`, in storage order.
fn each_input(
    conn: &Connection,
    scope: &Scope,
    mut f: impl FnMut(Input) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut sql = String::from(
        "SELECT d.agency, d.path, d.year, d.template, d.packed FROM documents d
         WHERE d.status = 'report' AND d.latest = 1 AND d.packed IS NOT NULL",
    );
    let mut args: Vec<String> = Vec::new();
    if let Some(y) = scope.year {
        args.push(y.to_string());
        let _ = write!(sql, " AND d.year = ?{}", args.len());
    }
    if let Some(parent) = &scope.parent {
        let register = crate::agency::Register::load(conn)?;
        let Some(i) = register.by_code_or_name(parent) else {
            return Err(Error::Refused(Text::new(
                format!("名册中没有机关“{parent}”（先用 gongkai agencies import 导入名册）"),
                format!(
                    "no body “{parent}” in the register (import one with gongkai agencies import)"
                ),
            )));
        };
        args.push(register.agencies[i].id.to_string());
        let _ = write!(
            sql,
            " AND d.agency_id IN (WITH RECURSIVE under(id) AS (
                 SELECT id FROM agencies WHERE parent_id = ?{n}
                 UNION SELECT a.id FROM agencies a JOIN under u ON a.parent_id = u.id)
               SELECT id FROM under)",
            n = args.len()
        );
    }
    if let Some(region) = &scope.region {
        let mut prefix = region.trim().to_string();
        while prefix.len() > 2 && prefix.ends_with("00") {
            prefix.truncate(prefix.len() - 2);
        }
        args.push(format!("{prefix}%"));
        let _ = write!(
            sql,
            " AND d.agency_id IN (SELECT id FROM agencies WHERE region_code LIKE ?{})",
            args.len()
        );
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i32>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Vec<u8>>(4)?,
        ))
    })?;
    for row in rows {
        let (agency, path, year, template, packed) = row?;
        let template = match template.as_deref() {
            Some("2019") => Template::Y2019,
            Some("2021") => Template::Y2021,
            _ => continue,
        };
        let Some(values) = unpack(&packed) else {
            return Err(Error::Internal(format!("{path}: damaged packed cells")));
        };
        f(Input {
            name: agency.unwrap_or_else(|| path.clone()),
            path,
            year,
            template,
            values,
        })?;
    }
    Ok(())
}

/// A report read from a file as a roll-up input; `None` when it is no report with tables.
pub fn input_from_processed(path: &str, p: &crate::process::Processed) -> Option<Input> {
    if p.status != crate::Status::Report || p.cell_template == Template::Pre2019 {
        return None;
    }
    Some(Input {
        name: p.agency.clone().unwrap_or_else(|| path.to_string()),
        path: path.to_string(),
        year: p.year,
        template: p.cell_template,
        values: p.cells.iter().map(|(c, _)| c.value.clone()).collect(),
    })
}

/// A file given to the roll-up that is not used, and why (Chinese, English).
pub type NotUsed = (String, Text);

/// Reads the reports in `paths` (files, folders, ZIP archives) on all cores as roll-up inputs,
/// in path order; files that are no report with tables are listed with the reason.
pub fn inputs_from_files(
    paths: &[std::path::PathBuf],
    year: Option<i32>,
) -> (Vec<Input>, Vec<NotUsed>) {
    let base = std::env::current_dir().unwrap_or_default();
    let found = crate::walk::find(paths, &base);
    let mut not_used: Vec<NotUsed> = found
        .missing
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                Text::new("不存在", "does not exist"),
            )
        })
        .collect();
    let jobs = &found.jobs;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results = std::sync::Mutex::new(Vec::new());
    let config = gongkai_check::Config::default();
    std::thread::scope(|s| {
        for _ in 0..threads.min(jobs.len().max(1)) {
            s.spawn(|| {
                let mut archive = None;
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let result = crate::walk::read(&job.location, &mut archive)
                        .map_err(|e| {
                            Text::new(format!("无法读取：{e}"), format!("cannot read: {e}"))
                        })
                        .and_then(|bytes| {
                            let name = job.path.rsplit("!/").next().unwrap_or(&job.path);
                            let p = crate::process::process(name, &bytes, &config);
                            input_from_processed(&job.path, &p).ok_or_else(|| {
                                Text::new(
                                    format!("不是带表格的报告（{}）", p.status.label_zh()),
                                    format!("not a report with tables ({})", p.status.as_str()),
                                )
                            })
                        });
                    if let Ok(mut r) = results.lock() {
                        r.push((i, result));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    let mut inputs = Vec::new();
    for (i, r) in results {
        match r {
            Ok(input) if year.is_none_or(|y| input.year == Some(y)) => inputs.push(input),
            Ok(_) => {}
            Err(why) => not_used.push((jobs[i].path.clone(), why)),
        }
    }
    (inputs, not_used)
}

// ---------------------------------------------------------------------------------------------
// Comparing a published roll-up
// ---------------------------------------------------------------------------------------------

/// One cell where a published 汇总 report and the sum of its parts differ.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// The canonical key.
    pub key: &'static str,
    /// What the published report prints (canonical form; empty when blank).
    pub published: String,
    /// The sum of the parts (empty when blank; `?partial` when uncertain).
    pub sum: String,
    /// published − sum, when both are numbers.
    pub difference: Option<String>,
}

/// Compares a published roll-up's values (in `table_keys(template)` order) with `rollup`,
/// cell by cell: every cell that differs.
pub fn compare(rollup: &Rollup, published: &Input) -> Result<Vec<Difference>, Error> {
    if published.template != rollup.template {
        return Err(Error::Refused(Text::new(
            format!(
                "被比较的汇总报告为 {} 模板，各部分为 {} 模板",
                published.template.code(),
                rollup.template.code()
            ),
            format!(
                "the published roll-up is in the {} template, its parts in the {}",
                published.template.code(),
                rollup.template.code()
            ),
        )));
    }
    let mut out = Vec::new();
    for (cell, value) in rollup.cells.iter().zip(&published.values) {
        let canonical = |v: &Value| -> Option<Decimal> {
            match v {
                Value::Count(n) => Some(Decimal::from_int(*n)),
                Value::Amount { number, unit } => Some(match unit {
                    Some(Unit::Yuan) => number.shift(4),
                    _ => *number,
                }),
                _ => None,
            }
        };
        let pub_number = canonical(value);
        let (sum_text, sum_number) = match &cell.value {
            Rolled::Count { value } => (value.to_string(), Some(Decimal::from_int(*value))),
            Rolled::Amount { value, .. } => (value.to_string(), Some(*value)),
            Rolled::Blank => (String::new(), None),
            Rolled::Uncertain { partial, .. } => (format!("?{partial}"), None),
        };
        let same = match (pub_number, sum_number) {
            (Some(a), Some(b)) => add(
                a,
                Decimal {
                    mantissa: -b.mantissa,
                    scale: b.scale,
                },
            )
            .is_some_and(|d| d.mantissa == 0),
            (None, None) => {
                matches!(value, Value::Blank) == matches!(cell.value, Rolled::Blank)
                    && !matches!(cell.value, Rolled::Uncertain { .. })
            }
            _ => false,
        };
        if same {
            continue;
        }
        let difference = match (pub_number, sum_number) {
            (Some(a), Some(b)) => add(
                a,
                Decimal {
                    mantissa: -b.mantissa,
                    scale: b.scale,
                },
            )
            .map(|d| d.to_string()),
            _ => None,
        };
        out.push(Difference {
            key: cell.key,
            published: value.canonical(),
            sum: sum_text,
            difference,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, template: Template, set: &[(&str, Value)], year: i32) -> Input {
        let keys = table_keys(template);
        let mut values = vec![Value::Count(0); keys.len()];
        for (k, v) in set {
            let i = keys.iter().position(|x| x == k).unwrap();
            values[i] = v.clone();
        }
        Input {
            name: name.to_string(),
            path: format!("{name}.md"),
            year: Some(year),
            template,
            values,
        }
    }

    fn cell<'a>(r: &'a Rollup, key: &str) -> &'a Cell {
        r.cells.iter().find(|c| c.key == key).unwrap()
    }

    const K: &str = "requests.received.natural";

    #[test]
    fn counts_sum_and_blanks_follow_the_rules() {
        let t = Template::Y2021;
        let a = input(
            "甲",
            t,
            &[(K, Value::Count(3)), ("review.upheld", Value::Blank)],
            2023,
        );
        let b = input(
            "乙",
            t,
            &[(K, Value::Blank), ("review.upheld", Value::Blank)],
            2023,
        );
        let c = input(
            "丙",
            t,
            &[(K, Value::Count(4)), ("review.upheld", Value::Blank)],
            2023,
        );
        let r = rollup("全区", &[a, b, c]).unwrap();
        let k = cell(&r, K);
        assert_eq!(k.value, Rolled::Count { value: 7 });
        assert_eq!(k.blank_inputs, ["乙"]);
        let all_blank = cell(&r, "review.upheld");
        assert_eq!(all_blank.value, Rolled::Blank);
        assert!(all_blank.blank_inputs.is_empty());
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn a_mark_or_unresolved_cell_makes_the_sum_uncertain() {
        let t = Template::Y2021;
        let a = input("甲", t, &[(K, Value::Count(3))], 2023);
        let b = input("乙", t, &[(K, Value::Mark("/".into()))], 2023);
        let c = input("丙", t, &[(K, Value::Unresolved)], 2023);
        let r = rollup("全区", &[a, b, c]).unwrap();
        match &cell(&r, K).value {
            Rolled::Uncertain { partial, inputs } => {
                assert_eq!(partial, "3");
                // Listed by path: 丙.md before 乙.md.
                let held: Vec<(&str, &str)> = inputs
                    .iter()
                    .map(|i| (i.input.as_str(), i.holds.as_str()))
                    .collect();
                assert_eq!(held, [("丙", "unresolved"), ("乙", "/")]);
            }
            v => panic!("{v:?}"),
        }
        // Empty in the report and its cells.
        let report = r.report();
        let cells = gongkai_model::cells::cells(&report);
        assert_eq!(cells.iter().find(|(k, _)| k == K).unwrap().1, "");
        assert!(r.authoring_file().contains("汇总不确定：其余合计 3"));
    }

    #[test]
    fn amounts_are_summed_exactly_in_wan_yuan() {
        let t = Template::Y2019;
        let amount = |n: &str, u: Option<Unit>| Value::Amount {
            number: Decimal::parse(n).unwrap(),
            unit: u,
        };
        let key = "active.procurement.amount";
        let a = input("甲", t, &[(key, amount("1.5", Some(Unit::WanYuan)))], 2020);
        let b = input("乙", t, &[(key, amount("3940", Some(Unit::Yuan)))], 2020);
        let r = rollup("全区", &[a.clone(), b]).unwrap();
        assert_eq!(
            cell(&r, key).value,
            Rolled::Amount {
                value: Decimal::parse("1.894").unwrap(),
                unit: Some(Unit::WanYuan)
            }
        );
        // No unit beside inputs that state one: cannot be added.
        let c = input("丙", t, &[(key, amount("12", None))], 2020);
        let r = rollup("全区", &[a, c]).unwrap();
        assert!(matches!(cell(&r, key).value, Rolled::Uncertain { .. }));
        // The 2021 fee is in 万元 by its heading.
        let fee = "active.fees.amount";
        let t = Template::Y2021;
        let a = input("甲", t, &[(fee, amount("0.1", None))], 2023);
        let b = input("乙", t, &[(fee, amount("200", Some(Unit::Yuan)))], 2023);
        let r = rollup("全区", &[a, b]).unwrap();
        assert_eq!(
            cell(&r, fee).value,
            Rolled::Amount {
                value: Decimal::parse("0.12").unwrap(),
                unit: Some(Unit::WanYuan)
            }
        );
    }

    #[test]
    fn templates_are_refused_and_years_warned() {
        let a = input("甲", Template::Y2021, &[], 2022);
        let b = input("乙", Template::Y2019, &[], 2020);
        let e = rollup("全区", &[a.clone(), b]).unwrap_err();
        assert!(e.to_string().contains("模板不同"), "{e}");
        let c = input("丙", Template::Y2021, &[], 2023);
        let r = rollup("全区", &[a, c]).unwrap();
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.year, Some(2023));
        assert!(rollup("全区", &[]).is_err());
    }

    #[test]
    fn the_rollup_of_synthetic_reports_keeps_their_identities() {
        let mut inputs = Vec::new();
        for n in 300..310 {
            let (agency, year) = crate::synthetic::agency_year(n);
            let report = crate::synthetic::report(n, &agency, year);
            let t = gongkai_model::cells::key_template(&report);
            let values = crate::cells::report_cells(&report, t)
                .into_iter()
                .map(|c| c.value)
                .collect();
            inputs.push(Input {
                name: agency,
                path: n.to_string(),
                year: Some(year),
                template: t,
                values,
            });
        }
        let r = rollup("全区", &inputs).unwrap();
        let ids = gongkai_model::check_identities(&r.report());
        assert!(
            ids.iter()
                .all(|c| c.outcome == gongkai_model::Outcome::Holds)
        );
        let total: i64 = inputs
            .iter()
            .map(|i| {
                let k = table_keys(i.template)
                    .iter()
                    .position(|k| *k == "requests.received.total")
                    .unwrap();
                i.values[k].count().unwrap()
            })
            .sum();
        assert_eq!(
            cell(&r, "requests.received.total").value,
            Rolled::Count { value: total }
        );
        // Compared with itself, a published roll-up differs nowhere; one changed cell shows.
        let report = r.report();
        let values: Vec<Value> = crate::cells::report_cells(&report, r.template)
            .into_iter()
            .map(|c| c.value)
            .collect();
        let mut published = Input {
            name: "全区".into(),
            path: "p".into(),
            year: r.year,
            template: r.template,
            values,
        };
        assert!(compare(&r, &published).unwrap().is_empty());
        let k = table_keys(r.template).iter().position(|k| *k == K).unwrap();
        published.values[k] = Value::Count(published.values[k].count().unwrap() + 2);
        let d = compare(&r, &published).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].difference.as_deref(), Some("2"));
    }
}
