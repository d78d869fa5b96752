//! `gongkai`: read, check and render China's government information disclosure annual reports.

use std::io::{Read, Write};

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gongkai_model::Lang;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "政府信息公开工作年度报告：读取、核对、生成"
)]
struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the numbers of reports (cells TSV or the whole model as JSON).
    Extract {
        /// Output format.
        #[arg(long, value_enum, default_value = "cells")]
        format: ExtractFormat,
        /// Report files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Check the identities I1–I4 of reports.
    Check {
        /// Report files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Render a report or an authoring file in the national template (DOCX, HTML, Markdown, JSON, cells).
    Render(render::RenderArgs),
    /// Print an authoring file (TOML) to fill in: `gongkai new --template 2021 > report.toml`.
    New(render::NewArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Cells,
    Json,
}

mod commands;
mod render;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Extract { format, files } => commands::extract(
            &files,
            matches!(format, ExtractFormat::Json),
            lang,
            &mut out,
        ),
        Command::Check { files } => commands::check(&files, lang, &mut out),
        Command::Render(args) => render::render(&args, lang, &mut out),
        Command::New(args) => render::new(&args, &mut out),
    };
    let _ = out.flush();
    ExitCode::from(code)
}

/// Reads a file, or standard input for `-`.
fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}
