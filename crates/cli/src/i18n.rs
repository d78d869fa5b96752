//! The command line in the user's language: `--help` texts, clap's own errors and the operating
//! system's part of I/O errors, Chinese by default and English with `--lang en`.
//!
//! The English help is the `///` doc comment beside each clap field (the code's own language);
//! the Chinese help lives in `help.zh.tsv`, one line per command or argument, keyed
//! `command path:argument id` (`check:deny`, `check` for the command itself, `:lang` for a
//! global argument). A test keeps the table complete and free of stale keys, so a new argument
//! without its Chinese help fails the build's tests.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use gongkai_model::Lang;

/// The Chinese help texts, `key<TAB>text` a line.
const HELP_ZH: &str = include_str!("help.zh.tsv");

/// The language asked for on the command line (`--lang en`, `--lang=en`), read before clap
/// parses anything so that clap's help and errors can be in it too. Chinese otherwise.
pub fn lang_from_args(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1);
    let mut lang = Lang::Zh;
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            it.next().map(|v| v.to_string_lossy().into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_owned)
        };
        match value.as_deref() {
            Some("en") => lang = Lang::En,
            Some("zh") => lang = Lang::Zh,
            _ => {}
        }
    }
    lang
}

/// `gongkai help X Y` is `gongkai X Y --help` (clap's own help subcommand cannot be translated).
pub fn rewrite_help_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--lang" {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if args.get(i).is_some_and(|a| a == "help") {
        args.remove(i);
        args.push(OsString::from("--help"));
    }
    args
}

/// The text in `lang`.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The Chinese help of `key`, if the table has it.
fn zh_help(key: &str) -> Option<&'static str> {
    HELP_ZH.lines().find_map(|line| {
        let (k, v) = line.split_once('\t')?;
        (k == key).then_some(v)
    })
}

/// `cmd` with every help text, heading and built-in flag in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    localize_at(cmd, "", lang, true)
}

fn localize_at(mut cmd: Command, path: &str, lang: Lang, root: bool) -> Command {
    let (usage, args_heading, options_heading, commands_heading) = match lang {
        Lang::Zh => ("用法：", "参数", "选项", "命令"),
        Lang::En => ("Usage: ", "Arguments", "Options", "Commands"),
    };
    cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .subcommand_help_heading(commands_heading)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}{{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr(lang, "显示帮助", "Print help")),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr(lang, "显示版本", "Print version")),
        );
    }
    if lang == Lang::Zh
        && let Some(about) = zh_help(path)
    {
        cmd = cmd.about(about);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        // A global argument is keyed where it is defined: `:lang` at the root, `ledger:db` on
        // a subcommand (clap copies it into the subcommands below later, help included).
        let key = if path.is_empty()
            && cmd
                .get_arguments()
                .any(|a| a.get_id().as_str() == id && a.is_global_set())
        {
            format!(":{id}")
        } else {
            format!("{path}:{id}")
        };
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                args_heading
            } else {
                options_heading
            };
            let a = a.help_heading(heading);
            match (lang, zh_help(&key)) {
                // The Chinese help names the possible values and the default itself.
                (Lang::Zh, Some(zh)) if a.get_action().takes_values() => a
                    .help(zh)
                    .hide_possible_values(true)
                    .hide_default_value(true),
                (Lang::Zh, Some(zh)) => a.help(zh),
                _ => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| localize_at(c, &sub_path, lang, false));
    }
    if lang == Lang::Zh {
        let usage = cmd.clone().render_usage().to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        // The usage of a subcommand built alone starts with its own name, not the program's.
        let rest = usage.split_once(' ').map_or("", |(_, rest)| rest);
        let name = if path.is_empty() {
            "gongkai".to_string()
        } else {
            format!("gongkai {path}")
        };
        cmd = cmd.override_usage(format!(
            "{name} {}",
            rest.replace("[OPTIONS]", "[选项]")
                .replace("<COMMAND>", "<命令>")
        ));
    }
    cmd
}

/// Prints a clap error (or the help or version it stands for) in `lang`; returns the exit code.
pub fn report_clap_error(err: &clap::Error, lang: Lang) -> u8 {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            return 2;
        }
        _ => {}
    }
    if lang == Lang::En {
        let _ = err.print();
        return 2;
    }
    let ctx = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let value = ctx(ContextKind::InvalidValue);
    let mut message = match err.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个取值"),
        ErrorKind::InvalidValue => format!(
            "“{value}”不是 {arg} 的有效取值；可取：{}",
            ctx(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => format!("无法识别的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("无法识别的子命令“{}”", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::NoEquals => format!("{arg} 的取值须用“=”连接"),
        ErrorKind::ValueValidation => format!("{arg} 的取值“{value}”无效"),
        ErrorKind::TooManyValues => format!("{arg} 的取值“{value}”多余"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的取值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", ctx(ContextKind::PriorArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{arg}")
        }
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => format!("命令行有误：{}", err.render()),
    };
    let suggested = ctx(ContextKind::SuggestedArg) + &ctx(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        message.push_str(&format!("\n\n  提示：是否要用“{suggested}”？"));
    }
    let usage = ctx(ContextKind::Usage);
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .map(|u| format!("\n\n用法：{}", u.trim()))
        .unwrap_or_default();
    eprintln!("错误：{message}{usage}\n\n更多信息请运行 --help。");
    2
}

/// The operating system's part of an I/O error in `lang` (Rust prints it in English, with the
/// raw OS code).
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let zh = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个目录，不是文件",
        K::NotADirectory => "路径中有一部分不是目录",
        K::DirectoryNotEmpty => "目录不为空",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::StorageFull => "磁盘空间不足",
        K::QuotaExceeded => "超出磁盘配额",
        K::FileTooLarge => "文件过大",
        K::InvalidData => "数据无效（不是有效的 UTF-8 文本）",
        K::InvalidInput => "输入无效",
        K::Interrupted => "操作被中断",
        K::UnexpectedEof => "文件意外结束",
        K::BrokenPipe => "管道已关闭",
        K::TimedOut => "操作超时",
        K::WouldBlock => "资源暂时不可用",
        K::OutOfMemory => "内存不足",
        K::Unsupported => "不支持此操作",
        K::InvalidFilename => "文件名无效",
        K::ResourceBusy => "资源正忙",
        K::CrossesDevices => "不能跨设备操作",
        K::TooManyLinks => "链接过多",
        _ => return format!("{e}"),
    };
    match e.raw_os_error() {
        Some(code) => format!("{zh}（系统错误 {code}）"),
        None => zh.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and argument key of the CLI, as `localize` looks them up.
    fn keys(cmd: &Command, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.is_global_set() && path.is_empty() {
                out.push(format!(":{id}"));
            } else {
                out.push(format!("{path}:{id}"));
            }
        }
        for c in cmd.get_subcommands() {
            let sub = if path.is_empty() {
                c.get_name().to_string()
            } else {
                format!("{path} {}", c.get_name())
            };
            keys(c, &sub, out);
        }
    }

    #[test]
    fn every_command_and_argument_has_chinese_help_and_no_key_is_stale() {
        let mut want = Vec::new();
        keys(&crate::Cli::command(), "", &mut want);
        let have: Vec<&str> = HELP_ZH
            .lines()
            .filter_map(|l| l.split_once('\t').map(|(k, _)| k))
            .collect();
        let missing: Vec<&String> = want
            .iter()
            .filter(|k| !have.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "help.zh.tsv lacks {missing:?}");
        let stale: Vec<&&str> = have
            .iter()
            .filter(|k| !want.iter().any(|w| w == *k))
            .collect();
        assert!(stale.is_empty(), "help.zh.tsv has stale keys {stale:?}");
        for line in HELP_ZH.lines() {
            assert!(
                line.split_once('\t')
                    .is_some_and(|(_, v)| !v.trim().is_empty()),
                "empty help line {line:?}"
            );
        }
    }

    #[test]
    fn lang_is_found_wherever_it_is_given() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_from_args(&args(&["g", "check", "x"])), Lang::Zh);
        assert_eq!(lang_from_args(&args(&["g", "--lang", "en", "x"])), Lang::En);
        assert_eq!(
            lang_from_args(&args(&["g", "check", "--lang=en"])),
            Lang::En
        );
        assert_eq!(lang_from_args(&args(&["g", "--", "--lang=en"])), Lang::Zh);
    }

    #[test]
    fn help_subcommand_becomes_the_help_flag() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            rewrite_help_subcommand(args(&["g", "help", "check"])),
            args(&["g", "check", "--help"])
        );
        assert_eq!(
            rewrite_help_subcommand(args(&["g", "--lang", "en", "help"])),
            args(&["g", "--lang", "en", "--help"])
        );
        assert_eq!(
            rewrite_help_subcommand(args(&["g", "check", "help"])),
            args(&["g", "check", "help"])
        );
    }

    #[test]
    fn os_errors_are_translated() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_error(&e, Lang::Zh), "文件或目录不存在（系统错误 2）");
        assert!(io_error(&e, Lang::En).contains("No such file"));
    }
}
