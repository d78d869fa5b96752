//! `gongkai agencies import|unmatched`: the register of bodies a corpus is matched against.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use gongkai_model::Lang;

/// Arguments of `gongkai agencies`.
#[derive(Args)]
pub struct AgenciesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AgenciesCommand,
}

/// The `agencies` subcommands.
#[derive(Subcommand)]
pub enum AgenciesCommand {
    /// Import a register (CSV: name, credit_code, region_code, parent, kind, aliases) and match the stored reports again.
    Import {
        /// The register, CSV with a header row.
        #[arg(value_name = "REGISTER")]
        register: PathBuf,
        /// The corpus database (created when absent).
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// List the agency names of stored reports that match no body of the register, with likely matches.
    Unmatched {
        /// The corpus database.
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
}

/// `gongkai agencies`: exit 0 once done, 2 when it could not run.
pub fn run(args: &AgenciesArgs, lang: Lang, out: &mut dyn Write) -> u8 {
    let en = lang == Lang::En;
    match &args.command {
        AgenciesCommand::Import { register, db } => {
            let agencies = match gongkai_store::agency::read_register(register) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!(
                        "{}",
                        if en {
                            format!("error: {}", e.en)
                        } else {
                            format!("错误：{}", e.zh)
                        }
                    );
                    return 2;
                }
            };
            let result = gongkai_store::schema::open(db)
                .and_then(|mut conn| gongkai_store::agency::import(&mut conn, &agencies));
            match result {
                Ok(done) => {
                    let _ = if en {
                        writeln!(
                            out,
                            "{} bodies added, {} updated; {} stored reports matched to the register",
                            done.added, done.updated, done.matched_documents
                        )
                    } else {
                        writeln!(
                            out,
                            "新增 {} 个机关，更新 {} 个；已入库文件中 {} 个与名册匹配",
                            done.added, done.updated, done.matched_documents
                        )
                    };
                    0
                }
                Err(e) => {
                    eprintln!("{}", crate::corpus::error(&e, lang));
                    2
                }
            }
        }
        AgenciesCommand::Unmatched { db } => {
            let result = gongkai_store::schema::open_existing(db)
                .and_then(|conn| gongkai_store::agency::unmatched(&conn));
            match result {
                Ok(list) => {
                    let _ = writeln!(
                        out,
                        "{}",
                        if en {
                            "name\treports\tlikely matches"
                        } else {
                            "报告中的名称\t报告数\t可能是"
                        }
                    );
                    for u in &list {
                        let likely = u
                            .likely
                            .iter()
                            .map(|(name, code, _)| match code {
                                Some(c) => format!("{name}（{c}）"),
                                None => name.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("；");
                        let _ = writeln!(out, "{}\t{}\t{likely}", u.name, u.documents);
                    }
                    0
                }
                Err(e) => {
                    eprintln!("{}", crate::corpus::error(&e, lang));
                    2
                }
            }
        }
    }
}
