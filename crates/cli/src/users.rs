//! `gongkai users`: the web app's accounts in the `--db` file of `gongkai serve`. `add` reads the
//! password from the first line of standard input (a prompt when it is a terminal), so no
//! password is ever on the command line, in the shell's history or in the repository.

use std::io::{BufRead, IsTerminal, Write};

use clap::{Args, Subcommand};
use gongkai_model::{Lang, Text};
use gongkai_server::accounts;
use gongkai_server::auth::Role;

/// Arguments of `gongkai users`.
#[derive(Args)]
pub struct UsersArgs {
    /// The SQLite file of gongkai serve --db (created when missing).
    #[arg(long, value_name = "FILE", global = true)]
    pub db: Option<String>,
    /// The ledger on PostgreSQL (postgres://…), as gongkai serve --ledger-url: where the agency
    /// of a new user is looked up (users stay in the --db file).
    #[arg(long, value_name = "URL", global = true)]
    pub ledger_url: Option<String>,
    #[command(subcommand)]
    pub command: UsersCommand,
}

/// What to do.
#[derive(Subcommand)]
pub enum UsersCommand {
    /// Add a user: gongkai users add NAME --role ROLE --agency CODE (password on standard input).
    Add {
        /// The sign-in name.
        name: String,
        /// registrar, handler, approver, auditor or read-only.
        #[arg(long)]
        role: String,
        /// The code of the agency whose ledger the user works on (gongkai ledger init CODE NAME).
        #[arg(long)]
        agency: String,
    },
    /// List the users: name, role, agency.
    List,
}

/// `gongkai users`: 0 done, 2 could not.
pub fn run(args: &UsersArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    match run_inner(args, lang, out) {
        Ok(()) => 0,
        Err(t) => {
            eprintln!(
                "{}{}",
                if lang == Lang::En {
                    "error: "
                } else {
                    "错误："
                },
                t.get(lang)
            );
            2
        }
    }
}

fn run_inner(args: &UsersArgs, lang: Lang, out: &mut dyn Write) -> Result<(), Text> {
    let db = args.db.as_deref().ok_or_else(|| {
        Text::new(
            "请用 --db 指定数据库文件（gongkai serve --db 所用的文件）",
            "name the database with --db (the file of gongkai serve --db)",
        )
    })?;
    let conn = accounts::open(db).map_err(account_err)?;
    match &args.command {
        UsersCommand::Add { name, role, agency } => {
            let role = Role::from_code(role).ok_or_else(|| {
                Text::new(
                    format!(
                        "没有角色 {role}：可用 registrar、handler、approver、auditor、read-only"
                    ),
                    format!(
                        "no role {role}: use registrar, handler, approver, auditor or read-only"
                    ),
                )
            })?;
            let target = args.ledger_url.as_deref().unwrap_or(db);
            let mut ledger = gongkai_ledger::Db::open(target).map_err(|e| {
                Text::new(
                    format!("无法打开台账 {target}：{e}"),
                    format!("cannot open the ledger {target}: {e}"),
                )
            })?;
            let known = ledger
                .agencies()
                .map_err(|e| Text::new(e.to_string(), e.to_string()))?
                .iter()
                .any(|a| a.code == agency.trim());
            if !known {
                return Err(Text::new(
                    format!(
                        "台账中没有机关 {agency}：先用 gongkai ledger init {agency} 机关名称 --db {target} 添加"
                    ),
                    format!(
                        "the ledger has no agency {agency}: add it first with gongkai ledger init {agency} NAME --db {target}"
                    ),
                ));
            }
            let password = read_password(lang)?;
            let user = accounts::add_user(&conn, name, role, agency.trim(), &password)
                .map_err(account_err)?;
            let r = role.text();
            let _ = writeln!(
                out,
                "{}",
                if lang == Lang::En {
                    format!(
                        "added user {} ({}, agency {})",
                        user.name, r.en, user.agency
                    )
                } else {
                    format!("已添加用户 {}（{}，机关 {}）", user.name, r.zh, user.agency)
                }
            );
            Ok(())
        }
        UsersCommand::List => {
            let mut st = conn
                .prepare("SELECT name, role, agency FROM web_users ORDER BY name")
                .map_err(|e| account_err(e.into()))?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(|e| account_err(e.into()))?;
            for row in rows {
                let (name, role, agency) = row.map_err(|e| account_err(e.into()))?;
                let _ = writeln!(out, "{name}\t{role}\t{agency}");
            }
            Ok(())
        }
    }
}

/// The first line of standard input, without its line break.
fn read_password(lang: Lang) -> Result<String, Text> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!(
            "{}",
            if lang == Lang::En {
                "password (at least 10 characters; shown as typed): "
            } else {
                "口令（至少 10 个字符；输入时会显示）："
            }
        );
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        Text::new(
            format!("无法读取口令：{e}"),
            format!("cannot read the password: {e}"),
        )
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn account_err(e: accounts::AccountError) -> Text {
    match e {
        accounts::AccountError::Invalid(t) => t,
        other => Text::new(
            format!("数据库出错：{other}"),
            format!("database error: {other}"),
        ),
    }
}
