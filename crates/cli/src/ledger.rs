//! `gongkai ledger`: the agency ledger from the command line — requests and their events, what is
//! due, the notices as DOCX, the 台账 import, the year's report and its drill-down, personal data.
//! All domain logic is `gongkai_ledger`'s; this reads files, parses arguments and prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use gongkai_ledger::import::{ImportError, SheetRow};
use gongkai_ledger::letters::LetterKind;
use gongkai_ledger::outcome::{
    CaseResult, outcome_error, parse_applicant, parse_case_kind, parse_outcome, template_of_year,
};
use gongkai_ledger::privacy::Person;
use gongkai_ledger::register::{EntryType, NewEntry, parse_row};
use gongkai_ledger::{
    Actor, Date, Db, EventKind, Ledger, LedgerError, ListFilter, NewRequest, reasoning, time,
};
use gongkai_model::{Decimal, Lang, Severity, Source, Text, check_identities};
use serde_json::json;

use crate::deadline::ChannelArg;
use crate::i18n::tr;

/// Arguments of `gongkai ledger`.
#[derive(Args)]
pub struct LedgerArgs {
    /// The ledger: a SQLite file (created when missing) or a postgres:// URL; default $GONGKAI_LEDGER_DB.
    #[arg(long, global = true, value_name = "FILE|URL")]
    pub db: Option<String>,
    /// The agency's code (default $GONGKAI_AGENCY, or the only agency in the ledger).
    #[arg(long, global = true)]
    pub agency: Option<String>,
    /// Who records (default $GONGKAI_ACTOR, else $USER).
    #[arg(long, global = true)]
    pub actor: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: LedgerCommand,
}

/// The subcommands of `gongkai ledger`.
#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Add an agency to the ledger (creates the file): gongkai ledger init CODE NAME.
    Init {
        /// A short code for the agency (e.g. qinghe-amr).
        code: String,
        /// Its name as it signs its documents.
        name: String,
    },
    /// List the agencies in the ledger.
    Agencies,
    /// Set how many days after a request is closed its applicant's personal data is kept.
    Retention {
        /// Days, or `none` to keep it until removed by hand.
        days: String,
    },
    /// Register a new request (its receipt).
    Add(AddArgs),
    /// Record an event of a request (补正, consultation, extension, answer, withdrawal …).
    Event(EventArgs),
    /// Show a request: its history, where it stands, and the clock's reasoning.
    Show {
        /// The request's number (编号).
        number: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// List open requests with their due dates, overdue first.
    List(ListArgs),
    /// Import a 台账 (CSV or XLSX): every row checked first, nothing imported if one is wrong.
    Import {
        /// The CSV (GBK or UTF-8) or XLSX file.
        file: PathBuf,
        /// Why (kept with every imported event).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// The year's report from the ledger (tables 二, 三 and 四), in any format.
    Report(ReportArgs),
    /// List what one cell of the year's report counts.
    Cell {
        /// The cell's key (spec/cells.md), e.g. requests.granted.natural.
        key: String,
        /// The year.
        #[arg(long)]
        year: i32,
    },
    /// Publish a year: from then on a change to its numbers needs a reason and is logged.
    Publish {
        /// The year.
        #[arg(long)]
        year: i32,
    },
    /// The revision log of published years.
    Revisions,
    /// Write a letter for a request as DOCX (or text, HTML): 补正告知书, 延期答复告知书, 征求第三方意见书, 答复书.
    Letter(LetterArgs),
    /// Show an agency's letter template, or replace it (--set FILE) or go back to the default (--reset).
    Template {
        /// The template: correction, extension, consultation, answer-granted, answer-partly, answer-denied, answer-unavailable, answer-not-processed, answer-other.
        kind: String,
        /// Replace it with this UTF-8 text file.
        #[arg(long, value_name = "FILE", conflicts_with = "reset")]
        set: Option<PathBuf>,
        /// Go back to the default.
        #[arg(long)]
        reset: bool,
    },
    /// Read (logged), record or remove a request's applicant data; a reason is required.
    Person(PersonArgs),
    /// Remove the personal data whose retention period has run out, saying what was removed.
    Purge {
        /// The day to count from (default: today in China).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// The log of every read, write and removal of personal data.
    AccessLog,
    /// The register behind table 二: 规章, 规范性文件, items, decisions, fees.
    Register {
        /// What to do.
        #[command(subcommand)]
        command: RegisterCommand,
    },
}

/// Arguments of `ledger add`.
#[derive(Args)]
pub struct AddArgs {
    /// The request's number (编号).
    pub number: String,
    /// The day it was received (收到申请之日, Article 31).
    #[arg(long, value_name = "DATE")]
    pub received: String,
    /// How it came in.
    #[arg(long, value_enum)]
    pub channel: ChannelArg,
    /// The applicant type: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
    #[arg(long)]
    pub applicant: String,
    /// What was asked for (申请内容).
    #[arg(long, default_value = "")]
    pub content: String,
    /// The applicant's name (personal data, kept apart and masked).
    #[arg(long)]
    pub name: Option<String>,
    /// The applicant's telephone or e-mail (personal data).
    #[arg(long)]
    pub contact: Option<String>,
    /// The applicant's postal address (personal data).
    #[arg(long)]
    pub address: Option<String>,
    /// Why (kept with the event).
    #[arg(long, default_value = "")]
    pub reason: String,
}

/// Arguments of `ledger event`.
#[derive(Args)]
pub struct EventArgs {
    /// The request's number (编号).
    pub number: String,
    /// What happened.
    #[arg(value_enum)]
    pub kind: EventKindArg,
    /// The statutory date it happened on.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// With 答复: the outcome, a row of table 三 (属于国家秘密, 部分公开 …) or its key.
    #[arg(long)]
    pub outcome: Option<String>,
    /// With 征求意见 / 收到意见: the third party or agency consulted.
    #[arg(long, default_value = "")]
    pub party: String,
    /// With 复议诉讼立案 / 复议诉讼结果: the case number (案号).
    #[arg(long)]
    pub case: Option<String>,
    /// With 复议诉讼立案: 行政复议, 未经复议直接起诉 or 复议后起诉.
    #[arg(long)]
    pub case_kind: Option<String>,
    /// With 复议诉讼结果: 维持, 纠正 or 其他.
    #[arg(long)]
    pub result: Option<String>,
    /// With 作废记录: the number of the record to void (see `ledger show`).
    #[arg(long)]
    pub target: Option<u32>,
    /// Why (needed when the change alters a published year).
    #[arg(long, default_value = "")]
    pub reason: String,
}

/// The events `ledger event` records (the receipt is `ledger add`).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventKindArg {
    /// 补正告知.
    #[value(name = "补正告知", alias = "correction-requested")]
    CorrectionRequested,
    /// 收到补正.
    #[value(name = "收到补正", alias = "correction-received")]
    CorrectionReceived,
    /// 征求意见.
    #[value(name = "征求意见", alias = "consultation-sent")]
    ConsultationSent,
    /// 收到意见.
    #[value(name = "收到意见", alias = "consultation-answered")]
    ConsultationAnswered,
    /// 延期答复.
    #[value(name = "延期答复", alias = "extended")]
    Extended,
    /// 答复.
    #[value(name = "答复", alias = "answered")]
    Answered,
    /// 撤回申请.
    #[value(name = "撤回申请", aliases = ["撤回", "withdrawn"])]
    Withdrawn,
    /// 重新办理.
    #[value(name = "重新办理", alias = "reopened")]
    Reopened,
    /// 复议诉讼立案.
    #[value(name = "复议诉讼立案", alias = "case-filed")]
    CaseFiled,
    /// 复议诉讼结果.
    #[value(name = "复议诉讼结果", alias = "case-decided")]
    CaseDecided,
    /// 作废记录.
    #[value(name = "作废记录", aliases = ["作废", "voided"])]
    Voided,
}

/// Text or JSON.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// Text for people.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `ledger list`.
#[derive(Args)]
pub struct ListArgs {
    /// Only requests due within this many working days (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<i64>,
    /// Closed requests too.
    #[arg(long)]
    pub all: bool,
    /// The day to count from (default: today in China).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

/// Arguments of `ledger report`.
#[derive(Args)]
pub struct ReportArgs {
    /// The year.
    #[arg(long)]
    pub year: i32,
    /// Output format.
    #[arg(long, value_enum)]
    pub to: ReportFormat,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Write it even when the rule set finds errors (they are printed).
    #[arg(long)]
    pub force: bool,
}

/// What `ledger report` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The canonical cells TSV.
    Cells,
    /// The model as JSON.
    Json,
    /// The authoring file, to write the narrative in.
    Toml,
    /// Word document in the national template.
    Docx,
    /// One printable HTML page.
    Html,
    /// Markdown.
    Md,
}

/// Arguments of `ledger letter`.
#[derive(Args)]
pub struct LetterArgs {
    /// The request's number (编号).
    pub number: String,
    /// Which letter: correction, extension, consultation, or an answer-… template (default: the answer its outcome needs).
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "docx")]
    pub to: LetterFormat,
    /// Output file (default: standard output; a DOCX needs -o).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// What `ledger letter` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    /// Word document.
    Docx,
    /// Plain text.
    Text,
    /// One printable HTML page.
    Html,
}

/// Arguments of `ledger person`.
#[derive(Args)]
pub struct PersonArgs {
    /// The request's number (编号).
    pub number: String,
    /// Why the data is read or changed (logged).
    #[arg(long)]
    pub reason: String,
    /// Record (replace) the applicant's name.
    #[arg(long)]
    pub name: Option<String>,
    /// Record the applicant's telephone or e-mail.
    #[arg(long)]
    pub contact: Option<String>,
    /// Record the applicant's postal address.
    #[arg(long)]
    pub address: Option<String>,
    /// Remove the applicant's data now.
    #[arg(long)]
    pub remove: bool,
}

/// The subcommands of `ledger register`.
#[derive(Subcommand)]
pub enum RegisterCommand {
    /// Add an entry: a document, an item, decisions or an amount.
    Add(RegisterAddArgs),
    /// Set the day a document was repealed or an item ended.
    End {
        /// The entry's number (#id in `register list`).
        id: i64,
        /// The day.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// Why (needed when it alters a published year).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Void an entry entered by mistake.
    Void {
        /// The entry's number.
        id: i64,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// List the entries.
    List,
}

/// Arguments of `ledger register add`.
#[derive(Args)]
pub struct RegisterAddArgs {
    /// The row of table 二: 规章, 规范性文件, 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费, 政府集中采购.
    pub row: String,
    /// What it records: document (规章, 规范性文件), item (事项), decisions (处理决定), amount (金额, 元).
    #[arg(long = "type", value_enum)]
    pub kind: EntryArg,
    /// The day made, begun, decided or collected.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Title or name.
    #[arg(long, default_value = "")]
    pub title: String,
    /// Document number (文号) or another reference.
    #[arg(long, default_value = "")]
    pub reference: String,
    /// The day a document was published.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The day it was repealed or ended.
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// How many decisions (or procurement projects).
    #[arg(long, default_value = "1")]
    pub count: i64,
    /// The amount in 元 (fees collected, procurement).
    #[arg(long)]
    pub amount: Option<String>,
    /// Why (needed when it alters a published year).
    #[arg(long, default_value = "")]
    pub reason: String,
}

/// A register entry's type on the command line.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntryArg {
    /// A 规章 or 规范性文件.
    Document,
    /// An item (事项).
    Item,
    /// Decisions taken.
    Decisions,
    /// An amount in 元.
    Amount,
}

/// `gongkai ledger`: 0 done, 1 findings (rows that cannot be imported, a report with errors),
/// 2 could not run (no database, a refused change, bad arguments).
pub fn run(args: &LedgerArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    match dispatch(args, lang, out) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{}{}", tr(lang, "错误：", "error: "), message.get(lang));
            2
        }
    }
}

type Outcome = Result<u8, Text>;

fn ledger_err(e: LedgerError) -> Text {
    e.message()
}

fn actor(args: &LedgerArgs) -> Actor {
    let name = args
        .actor
        .clone()
        .or_else(|| std::env::var("GONGKAI_ACTOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    Actor::new(&name)
}

fn open(args: &LedgerArgs) -> Result<Db, Text> {
    let target = args
        .db
        .clone()
        .or_else(|| std::env::var("GONGKAI_LEDGER_DB").ok())
        .ok_or_else(|| {
            Text::new(
                "请用 --db 指定台账（SQLite 文件，或 postgres:// 地址），或设置环境变量 GONGKAI_LEDGER_DB",
                "name the ledger with --db (a SQLite file or a postgres:// URL), or set GONGKAI_LEDGER_DB",
            )
        })?;
    Db::open(&target).map_err(|e| {
        Text::new(
            format!("无法打开台账 {target}：{e}"),
            format!("cannot open the ledger {target}: {e}"),
        )
    })
}

/// The agency to work on: --agency, $GONGKAI_AGENCY, or the only one.
fn agency_code(args: &LedgerArgs, db: &mut Db) -> Result<String, Text> {
    if let Some(a) = args
        .agency
        .clone()
        .or_else(|| std::env::var("GONGKAI_AGENCY").ok())
    {
        return Ok(a);
    }
    let all = db.agencies().map_err(ledger_err)?;
    match all.as_slice() {
        [one] => Ok(one.code.clone()),
        [] => Err(Text::new(
            "台账中还没有机关：先用 gongkai ledger init 代码 名称 添加",
            "the ledger has no agency yet: add one with gongkai ledger init CODE NAME",
        )),
        many => {
            let codes: Vec<&str> = many.iter().map(|a| a.code.as_str()).collect();
            Err(Text::new(
                format!("台账中有多个机关，请用 --agency 指定：{}", codes.join("、")),
                format!(
                    "the ledger serves several agencies; name one with --agency: {}",
                    codes.join(", ")
                ),
            ))
        }
    }
}

fn date(flag: &str, text: &str) -> Result<Date, Text> {
    Date::parse(text).map_err(|e| {
        let m = e.message();
        Text::new(format!("{flag}：{}", m.zh), format!("{flag}: {}", m.en))
    })
}

fn today(text: Option<&str>) -> Result<Date, Text> {
    match text {
        Some(t) => date("--today", t),
        None => Ok(time::today_in_china()),
    }
}

fn write_all(out: &mut dyn Write, text: &str, lang: Lang) -> Outcome {
    out.write_all(text.as_bytes()).map_err(|e| {
        let m = crate::i18n::io_error(&e, lang);
        Text::new(m.clone(), m)
    })?;
    Ok(0)
}

fn dispatch(args: &LedgerArgs, lang: Lang, out: &mut dyn Write) -> Outcome {
    let mut db = open(args)?;
    let who = actor(args);
    match &args.command {
        LedgerCommand::Init { code, name } => {
            let a = db.add_agency(&who, code, name).map_err(ledger_err)?;
            let text = match lang {
                Lang::Zh => format!(
                    "已添加机关 {}（{}），台账：{}\n",
                    a.name,
                    a.code,
                    db.target()
                ),
                Lang::En => format!(
                    "added agency {} ({}), ledger: {}\n",
                    a.name,
                    a.code,
                    db.target()
                ),
            };
            return write_all(out, &text, lang);
        }
        LedgerCommand::Agencies => {
            let mut text = String::new();
            for a in db.agencies().map_err(ledger_err)? {
                let keep = a.retention_days.map_or_else(
                    || {
                        tr(
                            lang,
                            "个人信息保存至手动删除",
                            "personal data kept until removed",
                        )
                        .to_string()
                    },
                    |d| match lang {
                        Lang::Zh => format!("个人信息保存 {d} 天"),
                        Lang::En => format!("personal data kept {d} days"),
                    },
                );
                text.push_str(&format!("{}\t{}\t{keep}\n", a.code, a.name));
            }
            return write_all(out, &text, lang);
        }
        _ => {}
    }
    let code = agency_code(args, &mut db)?;
    let mut l = db.ledger(&code).map_err(ledger_err)?;
    match &args.command {
        LedgerCommand::Init { .. } | LedgerCommand::Agencies => Ok(0),
        LedgerCommand::Retention { days } => {
            let d = match days.trim() {
                "none" | "不限" => None,
                t => Some(t.parse::<i64>().map_err(|_| {
                    Text::new(
                        format!("“{t}”：请写天数，或 none"),
                        format!("\"{t}\": a number of days, or none"),
                    )
                })?),
            };
            l.set_retention(&who, d).map_err(ledger_err)?;
            Ok(0)
        }
        LedgerCommand::Add(a) => add(&mut l, &who, a, lang, out),
        LedgerCommand::Event(e) => event(&mut l, &who, e, lang, out),
        LedgerCommand::Show { number, format } => show(&mut l, number, *format, lang, out),
        LedgerCommand::List(a) => list(&mut l, a, lang, out),
        LedgerCommand::Import { file, reason } => import(&mut l, &who, file, reason, lang, out),
        LedgerCommand::Report(a) => report(&mut l, a, lang, out),
        LedgerCommand::Cell { key, year } => cell(&mut l, *year, key, lang, out),
        LedgerCommand::Publish { year } => {
            let r = l.publish(&who, *year).map_err(ledger_err)?;
            let text = match lang {
                Lang::Zh => format!(
                    "{} 年度已发布（{}）：此后改动其中的数字须写明理由，并记入修订记录\n",
                    r.year,
                    r.published.unwrap_or_default()
                ),
                Lang::En => format!(
                    "{} published ({}): a change to its numbers now needs a reason and is logged\n",
                    r.year,
                    r.published.unwrap_or_default()
                ),
            };
            write_all(out, &text, lang)
        }
        LedgerCommand::Revisions => {
            let mut text = String::new();
            for r in l.revisions().map_err(ledger_err)? {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    r.year, r.at, r.actor, r.reason, r.what, r.changes
                ));
            }
            write_all(out, &text, lang)
        }
        LedgerCommand::Letter(a) => letter(&mut l, &who, a, lang, out),
        LedgerCommand::Template { kind, set, reset } => {
            template(&mut l, &who, kind, set.as_ref(), *reset, lang, out)
        }
        LedgerCommand::Person(a) => person(&mut l, &who, a, lang, out),
        LedgerCommand::Purge { today: t } => {
            let p = l.purge(&who, today(t.as_deref())?).map_err(ledger_err)?;
            let mut text = match lang {
                Lang::Zh => format!(
                    "删除了 {} 件申请的申请人个人信息，保留 {} 件（仍在保存期限内或尚未办结）\n",
                    p.removed.len(),
                    p.kept
                ),
                Lang::En => format!(
                    "removed the applicant data of {} requests; kept {} (within retention or still open)\n",
                    p.removed.len(),
                    p.kept
                ),
            };
            for (n, expired) in &p.removed {
                text.push_str(&match lang {
                    Lang::Zh => format!("  {n}：保存期限至 {expired}\n"),
                    Lang::En => format!("  {n}: retention ran out {expired}\n"),
                });
            }
            write_all(out, &text, lang)
        }
        LedgerCommand::AccessLog => {
            let mut text = String::new();
            for e in l.access_log().map_err(ledger_err)? {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    e.at, e.actor, e.action, e.number, e.reason
                ));
            }
            write_all(out, &text, lang)
        }
        LedgerCommand::Register { command } => register(&mut l, &who, command, lang, out),
    }
}

fn warnings(warnings: &[Text], lang: Lang) {
    for w in warnings {
        eprintln!("{}{}", tr(lang, "提醒：", "warning: "), w.get(lang));
    }
}

fn add(l: &mut Ledger<'_>, who: &Actor, a: &AddArgs, lang: Lang, out: &mut dyn Write) -> Outcome {
    let applicant = parse_applicant(&a.applicant).ok_or_else(|| {
        Text::new(
            format!(
                "--applicant：“{}”不是申请人类型；可填：{}",
                a.applicant,
                gongkai_ledger::outcome::applicant_choices()
            ),
            format!(
                "--applicant: \"{}\" is no applicant type; one of {}",
                a.applicant,
                gongkai_ledger::outcome::applicant_choices()
            ),
        )
    })?;
    let person = Person {
        name: a.name.clone().unwrap_or_default(),
        contact: a.contact.clone().unwrap_or_default(),
        address: a.address.clone().unwrap_or_default(),
    };
    let has_person =
        !(person.name.is_empty() && person.contact.is_empty() && person.address.is_empty());
    let new = NewRequest {
        number: a.number.clone(),
        received: date("--received", &a.received)?,
        channel: a.channel.channel(),
        applicant,
        content: a.content.clone(),
        person: has_person.then_some(person),
    };
    let r = l.add(who, &new, &a.reason).map_err(ledger_err)?;
    warnings(&r.warnings, lang);
    let view = l.request(&a.number).map_err(ledger_err)?;
    let due = view
        .schedule
        .ok()
        .flatten()
        .and_then(|s| s.due)
        .map_or_else(String::new, |d| d.to_string());
    let text = match lang {
        Lang::Zh => format!("已登记申请 {}，答复期限 {due}\n", a.number),
        Lang::En => format!("registered request {}, due {due}\n", a.number),
    };
    write_all(out, &text, lang)
}

fn event(
    l: &mut Ledger<'_>,
    who: &Actor,
    e: &EventArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    let d = date("--date", &e.date)?;
    let missing = |flag: &str| {
        Text::new(
            format!("这一事件需要 {flag}"),
            format!("this event needs {flag}"),
        )
    };
    let case = || e.case.clone().ok_or_else(|| missing("--case"));
    let kind = match e.kind {
        EventKindArg::CorrectionRequested => EventKind::CorrectionRequested,
        EventKindArg::CorrectionReceived => EventKind::CorrectionReceived,
        EventKindArg::ConsultationSent => EventKind::ConsultationSent {
            party: e.party.clone(),
        },
        EventKindArg::ConsultationAnswered => EventKind::ConsultationAnswered {
            party: e.party.clone(),
        },
        EventKindArg::Extended => EventKind::Extended,
        EventKindArg::Answered => {
            let text = e.outcome.as_deref().ok_or_else(|| missing("--outcome"))?;
            let template = template_of_year(d.year()).ok_or_else(|| {
                Text::new(format!("{d} 早于 2019 年"), format!("{d} is before 2019"))
            })?;
            let outcome =
                parse_outcome(text, template).ok_or_else(|| outcome_error(text, template))?;
            EventKind::Answered { outcome }
        }
        EventKindArg::Withdrawn => EventKind::Withdrawn,
        EventKindArg::Reopened => EventKind::Reopened,
        EventKindArg::CaseFiled => {
            let k = e
                .case_kind
                .as_deref()
                .ok_or_else(|| missing("--case-kind"))?;
            let kind = parse_case_kind(k).ok_or_else(|| {
                Text::new(
                    format!("--case-kind：“{k}”应为 行政复议、未经复议直接起诉 或 复议后起诉"),
                    format!(
                        "--case-kind: \"{k}\" is one of 行政复议, 未经复议直接起诉, 复议后起诉"
                    ),
                )
            })?;
            EventKind::CaseFiled {
                case: case()?,
                kind,
            }
        }
        EventKindArg::CaseDecided => {
            let r = e.result.as_deref().ok_or_else(|| missing("--result"))?;
            let result = CaseResult::parse(r).ok_or_else(|| {
                Text::new(
                    format!("--result：“{r}”应为 维持、纠正 或 其他"),
                    format!("--result: \"{r}\" is one of 维持, 纠正, 其他"),
                )
            })?;
            EventKind::CaseDecided {
                case: case()?,
                result,
            }
        }
        EventKindArg::Voided => EventKind::Voided {
            target: e.target.ok_or_else(|| missing("--target"))?,
        },
    };
    let described = kind.describe();
    let r = l
        .record(who, &e.number, d, kind, &e.reason)
        .map_err(ledger_err)?;
    warnings(&r.warnings, lang);
    let text = match lang {
        Lang::Zh => format!(
            "申请 {} 第 {} 条记录：{} {}\n",
            e.number, r.seq, d, described.zh
        ),
        Lang::En => format!(
            "request {} record {}: {} {}\n",
            e.number, r.seq, d, described.en
        ),
    };
    write_all(out, &text, lang)
}

fn show(
    l: &mut Ledger<'_>,
    number: &str,
    format: TextOrJson,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    let v = l.request(number).map_err(ledger_err)?;
    let stage = v.state.stage();
    let schedule = v.schedule.as_ref().ok().and_then(|s| s.as_ref());
    let due = schedule.and_then(|s| v.state.due(s));
    if format == TextOrJson::Json {
        let value = json!({
            "number": v.number,
            "stage": stage.text().get(lang),
            "received": v.state.received.as_ref().map(|r| json!({
                "date": r.date.to_string(),
                "channel": r.channel.zh(),
                "applicant": r.applicant.label(),
                "content": r.content,
            })),
            "applicant": v.person.as_ref().map(|p| json!({"name": p.name, "contact": p.contact})),
            "due": due.map(|d| d.to_string()),
            "correction_notice_due": schedule.map(|s| s.correction_notice_due.to_string()),
            "answer_due": schedule.and_then(|s| s.due).map(|d| d.to_string()),
            "extended_due": schedule.and_then(|s| s.extended_due).map(|d| d.to_string()),
            "closed": v.state.closure.map(|c| json!({
                "date": c.date.to_string(),
                "outcome": c.outcome.spec().key,
                "withdrawn": c.withdrawn,
            })),
            "events": v.events.iter().map(|e| json!({
                "seq": e.seq,
                "kind": e.kind.kind().code(),
                "date": e.date.to_string(),
                "what": e.kind.describe().get(lang),
                "recorded_at": e.recorded_at,
                "actor": e.actor.name(),
                "reason": e.reason,
            })).collect::<Vec<_>>(),
        });
        return write_all(out, &format!("{value}\n"), lang);
    }
    let zh = lang == Lang::Zh;
    let mut t = String::new();
    t.push_str(&if zh {
        format!("申请 {}（{}）\n", v.number, stage.text().zh)
    } else {
        format!("request {} ({})\n", v.number, stage.text().en)
    });
    if let Some(r) = &v.state.received {
        t.push_str(&if zh {
            format!(
                "收到：{}（{}），{}，{}\n申请内容：{}\n",
                r.date,
                r.date.weekday().zh(),
                r.channel.zh(),
                r.applicant.label(),
                r.content
            )
        } else {
            format!(
                "received: {} ({}), {}, {}\ncontent: {}\n",
                r.date,
                r.date.weekday().en(),
                r.channel.en(),
                r.applicant.label(),
                r.content
            )
        });
    }
    if let Some(p) = &v.person {
        t.push_str(&format!(
            "{}{}（{}）\n",
            tr(lang, "申请人：", "applicant: "),
            p.name,
            p.contact
        ));
    }
    if let Some(c) = v.state.closure {
        let words = gongkai_ledger::outcome::outcome_label(c.outcome);
        t.push_str(&if zh {
            format!(
                "{}：{}，{}\n",
                if c.withdrawn { "撤回" } else { "答复" },
                c.date,
                words
            )
        } else {
            format!(
                "{}: {}, {} ({})\n",
                if c.withdrawn { "withdrawn" } else { "answered" },
                c.date,
                words,
                c.outcome.spec().key
            )
        });
        if let Some(s) = schedule
            && let Some(late) = gongkai_ledger::ledger::late_answer(&v.state, s)
        {
            t.push_str(&format!(
                "{}{}\n",
                tr(lang, "提醒：", "warning: "),
                late.get(lang)
            ));
        }
    } else if let Some(d) = due {
        t.push_str(&format!("{}{d}\n", tr(lang, "答复期限：", "due: ")));
    }
    for c in &v.state.cases {
        let result = c.decided.map_or_else(
            || tr(lang, "尚未审结", "pending").to_string(),
            |(d, r)| format!("{} {d}", r.label()),
        );
        t.push_str(&format!(
            "{} {}：{}，{result}\n",
            c.kind.label(),
            c.number,
            c.filed
        ));
    }
    t.push_str(tr(lang, "\n记录：\n", "\nrecords:\n"));
    for e in &v.events {
        t.push_str(&format!(
            "  {:>2}  {}  {}  [{} {}]{}\n",
            e.seq,
            e.date,
            e.kind.describe().get(lang),
            e.actor.name(),
            e.recorded_at,
            if e.reason.is_empty() {
                String::new()
            } else {
                format!(" {}", e.reason)
            }
        ));
    }
    match &v.schedule {
        Ok(Some(s)) => {
            t.push('\n');
            t.push_str(&reasoning::explain(s, l.calendar(), lang));
        }
        Ok(None) => {}
        Err(e) => t.push_str(&format!(
            "\n{}{}\n",
            tr(lang, "期限无法计算：", "due dates cannot be computed: "),
            e.message().get(lang)
        )),
    }
    write_all(out, &t, lang)
}

fn list(l: &mut Ledger<'_>, a: &ListArgs, lang: Lang, out: &mut dyn Write) -> Outcome {
    let today = today(a.today.as_deref())?;
    let items = l
        .list(
            today,
            ListFilter {
                due_within: a.due_within,
                all: a.all,
            },
        )
        .map_err(ledger_err)?;
    if a.format == TextOrJson::Json {
        let value: Vec<_> = items
            .iter()
            .map(|i| {
                json!({
                    "number": i.number,
                    "received": i.received.to_string(),
                    "applicant_type": i.applicant.label(),
                    "applicant": i.person,
                    "content": i.content,
                    "stage": i.stage.text().get(lang),
                    "due": i.due.map(|d| d.to_string()),
                    "working_days_left": i.days_left,
                    "overdue": i.days_left.is_some_and(|d| d < 0),
                    "note": i.note.as_ref().map(|n| n.get(lang).to_string()),
                })
            })
            .collect();
        return write_all(out, &format!("{}\n", serde_json::Value::Array(value)), lang);
    }
    let zh = lang == Lang::Zh;
    let mut t = if zh {
        format!("{today} 的办理情况（{} 件）\n", items.len())
    } else {
        format!("as of {today} ({} requests)\n", items.len())
    };
    for i in &items {
        let left = match (i.due, i.days_left) {
            (Some(d), Some(n)) if n < 0 => {
                if zh {
                    format!("{d} 已逾期 {} 个工作日", -n)
                } else {
                    format!(
                        "{d} overdue by {} working day{}",
                        -n,
                        if n == -1 { "" } else { "s" }
                    )
                }
            }
            (Some(d), Some(0)) => {
                if zh {
                    format!("{d} 今天到期")
                } else {
                    format!("{d} due today")
                }
            }
            (Some(d), Some(n)) => {
                if zh {
                    format!("{d} 还剩 {n} 个工作日")
                } else {
                    format!("{d} {n} working day{} left", if n == 1 { "" } else { "s" })
                }
            }
            _ => i
                .note
                .as_ref()
                .map_or_else(|| "—".to_string(), |n| n.get(lang).to_string()),
        };
        let content: String = i.content.chars().take(24).collect();
        t.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            i.number,
            i.received,
            i.stage.text().get(lang),
            left,
            i.applicant.label(),
            i.person.clone().unwrap_or_default(),
            content
        ));
    }
    write_all(out, &t, lang)
}

fn import(
    l: &mut Ledger<'_>,
    who: &Actor,
    file: &PathBuf,
    reason: &str,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| {
        let m = crate::i18n::io_error(&e, lang);
        Text::new(
            format!("无法读取 {name}：{m}"),
            format!("cannot read {name}: {m}"),
        )
    })?;
    let sheet = gongkai_extract::sheet::read_sheet(&bytes).map_err(|e| {
        Text::new(
            format!("{name}：{}", e.message(false)),
            format!("{name}: {}", e.message(true)),
        )
    })?;
    let rows: Vec<SheetRow> = sheet
        .rows
        .into_iter()
        .map(|r| SheetRow {
            number: r.number,
            cells: r.cells,
        })
        .collect();
    let short = file
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    match l.import(who, &short, &rows, reason) {
        Ok(done) => {
            for w in &done.warnings {
                eprintln!(
                    "{}{name}：{}",
                    tr(lang, "提醒：", "warning: "),
                    w.text().get(lang)
                );
            }
            let text = match lang {
                Lang::Zh => format!(
                    "已从 {name}（{}）导入 {} 件申请、{} 条记录、{} 位申请人的个人信息；提醒 {} 条\n",
                    sheet.format,
                    done.requests,
                    done.events,
                    done.persons,
                    done.warnings.len()
                ),
                Lang::En => format!(
                    "imported {} requests, {} records and {} applicants' personal data from {name} ({}); {} warnings\n",
                    done.requests,
                    done.events,
                    done.persons,
                    sheet.format,
                    done.warnings.len()
                ),
            };
            write_all(out, &text, lang)
        }
        Err(ImportError::Rows(errors)) => {
            for e in &errors {
                eprintln!(
                    "{}{name}：{}",
                    tr(lang, "错误：", "error: "),
                    e.text().get(lang)
                );
            }
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "{name}：有 {} 处错误，未导入任何内容；请改正后重新导入",
                        errors.len()
                    ),
                    Lang::En => format!(
                        "{name}: {} errors, nothing imported; correct them and import again",
                        errors.len()
                    ),
                }
            );
            Ok(1)
        }
        Err(ImportError::Ledger(e)) => Err(e.message()),
    }
}

fn report(l: &mut Ledger<'_>, a: &ReportArgs, lang: Lang, out: &mut dyn Write) -> Outcome {
    let r = l.report(a.year).map_err(ledger_err)?;
    let mut errors = 0;
    for d in &r.findings {
        if d.severity == Severity::Note {
            continue;
        }
        errors += usize::from(d.severity == Severity::Error);
        eprintln!("{}: {}", d.severity.label(lang), d.message.get(lang));
    }
    if errors > 0 && !a.force {
        let m = Text::new(
            format!("生成的报告有 {errors} 处错误（见上），未输出；加 --force 仍然输出"),
            format!(
                "the generated report has {errors} errors (above); not written — add --force to write it anyway"
            ),
        );
        eprintln!("{}", m.get(lang));
        return Ok(1);
    }
    let report = &r.report;
    let bytes = match a.to {
        ReportFormat::Docx => gongkai_render::docx(report),
        ReportFormat::Html => gongkai_render::html(report).into_bytes(),
        ReportFormat::Md => gongkai_render::markdown(report).into_bytes(),
        ReportFormat::Cells => gongkai_render::cells_tsv(report).into_bytes(),
        ReportFormat::Toml => gongkai_authoring::to_toml(report).into_bytes(),
        ReportFormat::Json => {
            let source = Source::from_text("ledger", "");
            let ids = check_identities(report);
            let value = gongkai_render::json(&source, report, &r.findings, &ids);
            let mut t = serde_json::to_string_pretty(&value).unwrap_or_default();
            t.push('\n');
            t.into_bytes()
        }
    };
    write_file(
        a.output.as_ref(),
        &bytes,
        a.to == ReportFormat::Docx,
        lang,
        out,
    )
}

fn write_file(
    path: Option<&PathBuf>,
    bytes: &[u8],
    binary: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    match path {
        Some(p) => {
            std::fs::write(p, bytes).map_err(|e| {
                let m = crate::i18n::io_error(&e, lang);
                Text::new(
                    format!("无法写入 {}：{m}", p.display()),
                    format!("cannot write {}: {m}", p.display()),
                )
            })?;
            Ok(0)
        }
        None if binary && std::io::stdout().is_terminal() => Err(Text::new(
            "DOCX 是二进制文件，请用 -o 文件名.docx 指定输出文件",
            "a DOCX file is binary; name the output with -o FILE.docx",
        )),
        None => {
            out.write_all(bytes).map_err(|e| {
                let m = crate::i18n::io_error(&e, lang);
                Text::new(m.clone(), m)
            })?;
            Ok(0)
        }
    }
}

fn cell(l: &mut Ledger<'_>, year: i32, key: &str, lang: Lang, out: &mut dyn Write) -> Outcome {
    let drill = l.cell(year, key).map_err(ledger_err)?;
    let mut t = format!("{}\t{}\n", drill.key, drill.value);
    for m in &drill.members {
        t.push_str(&format!("{}\t{}\t{}\n", m.id, m.value, m.note));
    }
    if drill.members.is_empty() {
        t.push_str(tr(
            lang,
            "（没有计入这一格的申请）\n",
            "(nothing is counted in this cell)\n",
        ));
    }
    write_all(out, &t, lang)
}

fn letter(
    l: &mut Ledger<'_>,
    who: &Actor,
    a: &LetterArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    let kind = a.kind.as_deref().map(letter_kind).transpose()?;
    let (_, letter) = l.letter(who, &a.number, kind).map_err(ledger_err)?;
    let rendered = gongkai_render::letter::Letter {
        title: letter.title,
        salutation: letter.salutation,
        paragraphs: letter.paragraphs,
        signature: vec![letter.signature],
        date: Some(letter.date),
    };
    let bytes = match a.to {
        LetterFormat::Docx => gongkai_render::letter::docx(&rendered),
        LetterFormat::Text => gongkai_render::letter::text(&rendered).into_bytes(),
        LetterFormat::Html => gongkai_render::letter::html(&rendered).into_bytes(),
    };
    write_file(
        a.output.as_ref(),
        &bytes,
        a.to == LetterFormat::Docx,
        lang,
        out,
    )
}

fn letter_kind(text: &str) -> Result<LetterKind, Text> {
    LetterKind::from_code(text)
        .or_else(|| {
            LetterKind::ALL
                .into_iter()
                .find(|k| k.zh() == text || k.zh().starts_with(text))
        })
        .ok_or_else(|| {
            let all: Vec<&str> = LetterKind::ALL.iter().map(|k| k.code()).collect();
            Text::new(
                format!("“{text}”不是文书模板；可填：{}", all.join("、")),
                format!(
                    "\"{text}\" is no letter template; one of {}",
                    all.join(", ")
                ),
            )
        })
}

fn template(
    l: &mut Ledger<'_>,
    who: &Actor,
    kind: &str,
    set: Option<&PathBuf>,
    reset: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    let kind = letter_kind(kind)?;
    if reset {
        l.set_template(who, kind, None).map_err(ledger_err)?;
        return Ok(0);
    }
    if let Some(path) = set {
        let body = std::fs::read_to_string(path).map_err(|e| {
            let m = crate::i18n::io_error(&e, lang);
            Text::new(
                format!("无法读取 {}：{m}", path.display()),
                format!("cannot read {}: {m}", path.display()),
            )
        })?;
        l.set_template(who, kind, Some(body.trim_start_matches('\u{FEFF}')))
            .map_err(ledger_err)?;
        return Ok(0);
    }
    let (body, own) = l.template(kind).map_err(ledger_err)?;
    if !own {
        eprintln!(
            "{}",
            tr(
                lang,
                "（默认模板；可另存后修改，再用 --set 文件 换成本机关的模板）",
                "(the default template; save, edit and install it with --set FILE)"
            )
        );
    }
    write_all(out, &body, lang)
}

fn person(
    l: &mut Ledger<'_>,
    who: &Actor,
    a: &PersonArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    if a.remove {
        let removed = l
            .remove_person(who, &a.number, &a.reason)
            .map_err(ledger_err)?;
        let text = match (removed, lang) {
            (true, Lang::Zh) => format!("已删除申请 {} 的申请人个人信息\n", a.number),
            (true, Lang::En) => format!("removed the applicant data of request {}\n", a.number),
            (false, Lang::Zh) => format!("申请 {} 没有申请人个人信息\n", a.number),
            (false, Lang::En) => format!("request {} has no applicant data\n", a.number),
        };
        return write_all(out, &text, lang);
    }
    if a.name.is_some() || a.contact.is_some() || a.address.is_some() {
        let p = Person {
            name: a.name.clone().unwrap_or_default(),
            contact: a.contact.clone().unwrap_or_default(),
            address: a.address.clone().unwrap_or_default(),
        };
        l.set_person(who, &a.number, &p, &a.reason)
            .map_err(ledger_err)?;
        return Ok(0);
    }
    match l.person(who, &a.number, &a.reason).map_err(ledger_err)? {
        Some(p) => {
            let text = format!(
                "{}{}\n{}{}\n{}{}\n",
                tr(lang, "姓名：", "name: "),
                p.name,
                tr(lang, "联系方式：", "contact: "),
                p.contact,
                tr(lang, "通信地址：", "address: "),
                p.address
            );
            write_all(out, &text, lang)
        }
        None => write_all(
            out,
            tr(lang, "（没有申请人个人信息）\n", "(no applicant data)\n"),
            lang,
        ),
    }
}

fn register(
    l: &mut Ledger<'_>,
    who: &Actor,
    c: &RegisterCommand,
    lang: Lang,
    out: &mut dyn Write,
) -> Outcome {
    match c {
        RegisterCommand::Add(a) => {
            let row = parse_row(&a.row).ok_or_else(|| {
                Text::new(
                    format!("“{}”不是表二的行；可填：规章、规范性文件、行政许可、其他对外管理服务事项、行政处罚、行政强制、行政事业性收费、政府集中采购", a.row),
                    format!("\"{}\" is no row of table 二", a.row),
                )
            })?;
            let amount = a
                .amount
                .as_deref()
                .map(|t| {
                    Decimal::parse(t.trim()).ok_or_else(|| {
                        Text::new(
                            format!("--amount：“{t}”不是金额"),
                            format!("--amount: \"{t}\" is no amount"),
                        )
                    })
                })
                .transpose()?;
            let entry = NewEntry {
                row,
                kind: match a.kind {
                    EntryArg::Document => EntryType::Document,
                    EntryArg::Item => EntryType::Item,
                    EntryArg::Decisions => EntryType::Decisions,
                    EntryArg::Amount => EntryType::Amount,
                },
                title: a.title.clone(),
                reference: a.reference.clone(),
                start: date("--date", &a.date)?,
                published: a
                    .published
                    .as_deref()
                    .map(|d| date("--published", d))
                    .transpose()?,
                end: a.end.as_deref().map(|d| date("--end", d)).transpose()?,
                count: a.count,
                amount,
            };
            let id = l.register_add(who, &entry, &a.reason).map_err(ledger_err)?;
            write_all(out, &format!("#{id}\n"), lang)
        }
        RegisterCommand::End {
            id,
            date: d,
            reason,
        } => {
            l.register_end(who, *id, date("--date", d)?, reason)
                .map_err(ledger_err)?;
            Ok(0)
        }
        RegisterCommand::Void { id, reason } => {
            l.register_void(who, *id, reason).map_err(ledger_err)?;
            Ok(0)
        }
        RegisterCommand::List => {
            let mut t = String::new();
            for e in l.register().map_err(ledger_err)? {
                t.push_str(&format!("#{}\t{}\n", e.id, e.describe()));
            }
            write_all(out, &t, lang)
        }
    }
}

impl ChannelArg {
    /// The ledger's channel.
    pub fn channel(self) -> gongkai_ledger::Channel {
        use gongkai_ledger::Channel;
        match self {
            ChannelArg::InPerson => Channel::InPerson,
            ChannelArg::Post => Channel::Post,
            ChannelArg::Letter => Channel::Letter,
            ChannelArg::Online => Channel::Online,
            ChannelArg::Fax => Channel::Fax,
        }
    }
}
