//! Snapshots of every rule's finding, rendered for the terminal in Chinese and English.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`); never hand-edit.

use gongkai_check::{Config, Context, RULES};
use gongkai_model::{Lang, SourceId, Span};
use gongkai_render::diagnostics::{SourceView, terminal};

const BASE: &str = include_str!("../../../../examples/2021-tabbed.txt");
const BASE_2019: &str = include_str!("../../../../examples/2019-cell-per-line.txt");

fn edit(base: &str, old: &str, new: &str) -> String {
    assert!(base.contains(old), "{old}");
    base.replacen(old, new, 1)
}

fn between(base: &str, from: &str, to: &str, with: &str) -> String {
    let i = base.find(from).unwrap();
    let j = base.find(to).unwrap();
    format!("{}{with}{}", &base[..i], &base[j..])
}

/// A report on which the rule fires (and, for carry-over, last year's report).
fn failing(rule: &str) -> (String, Option<String>) {
    let t = match rule {
        "request-flow-mismatch" => edit(BASE, "四、结转下年度继续办理\t2\t1", "四、结转下年度继续办理\t3\t1"),
        "request-row-total-mismatch" => edit(BASE, "（一）予以公开\t4\t6\t0\t0\t0\t0\t10", "（一）予以公开\t4\t6\t0\t0\t0\t0\t12"),
        "request-outcome-total-mismatch" => edit(BASE, "（七）总计\t13\t7", "（七）总计\t11\t7"),
        "review-total-mismatch" => edit(BASE, "1\t0\t0\t1\t2\t0", "1\t0\t0\t1\t0\t0"),
        "identity-not-assessable" | "blank-cell" => edit(BASE, "（一）予以公开\t4\t6\t0\t0\t0\t0\t10", "（一）予以公开\t4\t6\t0\t0\t0\t0\t"),
        "missing-table" => between(BASE, "行政复议\t", "五、存在的主要问题", "（表格见图片）\n"),
        "missing-row" => edit(BASE, "行政强制\t12\n", ""),
        "missing-section" => edit(BASE, "五、存在的主要问题及改进情况\n", ""),
        "sections-out-of-order" => {
            let i = BASE.find("四、政府信息公开行政复议").unwrap();
            let j = BASE.find("五、存在的主要问题").unwrap();
            let k = BASE.find("六、其他需要报告").unwrap();
            format!("{}{}{}{}", &BASE[..i], &BASE[j..k], &BASE[i..j], &BASE[k..])
        }
        "mixed-template" => edit(BASE_2019, "2020年政府信息公开工作年度报告", "2022年政府信息公开工作年度报告"),
        "pre-2019-format" => "某县人民政府2020年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、政府信息公开的收费及减免情况\n".to_string(),
        "label-typo" => edit(BASE, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        "non-numeric-mark" => edit(BASE, "行政强制\t12", "行政强制\t—"),
        "negative-count" => edit(BASE, "行政强制\t12", "行政强制\t-12"),
        // Read as a scan recognised with a low confidence (see `scanned`).
        "ocr-uncertain-value" => BASE.to_string(),
        "not-a-report" => "用户登录\n用户名\n密码\n验证码\n".to_string(),
        "fractional-count" => edit(BASE, "（一）予以公开\t4\t6", "（一）予以公开\t4.5\t6"),
        "missing-agency-or-year" => edit(BASE, "青禾县市场监督管理局2022年政府信息公开工作年度报告", "政府信息公开工作年度报告"),
        "short-row" => edit(BASE, "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7", "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2"),
        "row-mapping-unsure" => edit(
            &edit(BASE, "三、本年度办理结果\t（一）予以公开\t", "三、本年度办理结果\t甲\t"),
            "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t2\t0\t2\n",
            "",
        ),
        "ambiguous-split" => format!(
            "某局2019年政府信息公开工作年度报告 {}二、主动公开政府信息情况第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3960181其他对外管理服务事项000三、收到和处理政府信息公开申请情况",
            "略".repeat(150)
        ),
        "split-chosen" => format!(
            "某局2019年政府信息公开工作年度报告 {}一、总体情况本年新制作规范性文件12件，对外公开总数240件。二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件123240第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000三、收到和处理政府信息公开申请情况",
            "略".repeat(150)
        ),
        "unreadable-table" => edit(BASE, "\t（三）不予公开\t1.属于国家秘密", "\t（三）不予公开小计\t1\t1\t0\t0\t2\t0\t4\n\t\t1.属于国家秘密"),
        "narrative-table-mismatch" => edit(BASE, "新收政府信息公开申请25件", "新收政府信息公开申请35件"),
        "year-mismatch" => edit(BASE, "2023年1月20日", "2022年1月20日"),
        "late-publication" => edit(BASE, "2023年1月20日", "2023年2月15日"),
        "fee-not-reported" => {
            let i = BASE.find("六、其他需要报告的事项\n").unwrap() + "六、其他需要报告的事项\n".len();
            let k = BASE[i..].find('\n').unwrap() + i;
            format!("{}无。{}", &BASE[..i], &BASE[k..])
        }
        "empty-problems-section" => between(BASE, "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "五、存在的主要问题及改进情况\n无。\n"),
        "carryover-mismatch" => {
            let now = BASE.replace("2022年", "2023年").replace("2023年1月20日", "2024年1月20日");
            return (now, Some(BASE.to_string()));
        }
        other => panic!("no failing example for {other}: add one"),
    };
    (t, None)
}

/// `text` as if OCR had read every character of it with a confidence of 41 %.
fn scanned(text: &str) -> gongkai_model::Source {
    gongkai_model::Source::recognised_text("scan.png", text, 1, 41)
}

/// An authoring file on which the reading rule fires.
fn failing_authoring(rule: &str) -> String {
    let skeleton = gongkai_authoring::skeleton(
        gongkai_model::Template::Y2021,
        Some("青禾县市场监督管理局"),
        Some(2024),
    );
    match rule {
        "authoring-bad-value" => edit(
            &skeleton,
            "\"review.total\" = \"\"",
            "\"review.total\" = \"十\"",
        ),
        "authoring-unknown-key" => edit(
            &skeleton,
            "\"requests.received.natural\" = \"\"",
            "\"requests.recieved.natural\" = 13",
        ),
        "authoring-missing-key" => skeleton
            .lines()
            .filter(|l| !l.starts_with("\"review.total\""))
            .map(|l| format!("{l}\n"))
            .collect(),
        "authoring-missing-table" => skeleton[..skeleton.find("[cells]").unwrap()].to_string(),
        other => panic!("no failing authoring file for {other}: add one"),
    }
}

#[test]
fn every_rule_renders_in_both_languages() {
    for rule in RULES {
        let name = rule.name();
        if matches!(
            rule.code,
            gongkai_model::Code::UnreadableFile | gongkai_model::Code::DamagedFile
        ) {
            let d = if rule.code == gongkai_model::Code::DamagedFile {
                gongkai_check::rules::damaged_file::finding(
                    "错误：r.docx：DOCX 文件已损坏或不完整，无法读取",
                    "error: r.docx: the DOCX is damaged or incomplete and cannot be read",
                )
            } else {
                gongkai_check::rules::unreadable_file::finding(
                    "错误：noise.txt：不是可读取的文档格式",
                    "error: noise.txt: not a document format gongkai reads",
                )
            };
            let none = |_: Span| None;
            insta::assert_snapshot!(
                format!("{name}-zh"),
                terminal(&d, rule.short, &none, Lang::Zh)
            );
            insta::assert_snapshot!(
                format!("{name}-en"),
                terminal(&d, rule.short, &none, Lang::En)
            );
            continue;
        }
        let authoring = name.starts_with("authoring-");
        let (text, prev_text) = if authoring {
            (failing_authoring(name), None)
        } else {
            failing(name)
        };
        let (report, diags) = if authoring {
            gongkai_authoring::parse(&text, SourceId(0)).expect("valid TOML")
        } else if rule.code == gongkai_model::Code::OcrUncertainValue {
            gongkai_parse::parse(&scanned(&text), SourceId(0))
        } else {
            gongkai_parse::parse_text(&text, SourceId(0))
        };
        let prev = prev_text
            .as_deref()
            .map(|t| gongkai_parse::parse_text(t, SourceId(1)).0);
        let ids = gongkai_model::check_identities(&report);
        let ctx = Context {
            report: &report,
            text: &text,
            parse_diagnostics: &diags,
            identities: &ids,
            previous: prev.as_ref(),
        };
        let mut config = Config::default();
        config.set("all", "off").unwrap();
        config.set(name, "note").unwrap();
        config
            .set(name, &format!("{:?}", rule.severity).to_lowercase())
            .unwrap();
        let found = gongkai_check::check(&ctx, &config);
        assert!(
            found.iter().any(|d| d.code == rule.code),
            "{name} did not fire on its example"
        );
        let views = |span: Span| {
            let t: &str = if span.source.0 == 1 {
                prev_text.as_deref().unwrap_or("")
            } else {
                &text
            };
            Some(SourceView {
                name: if span.source.0 == 1 {
                    "last-year.txt"
                } else if authoring {
                    "report.toml"
                } else {
                    "report.txt"
                },
                text: t,
                source: None,
            })
        };
        let d = found.iter().find(|d| d.code == rule.code).unwrap();
        let zh = terminal(d, rule.short, &views, Lang::Zh);
        let en = terminal(d, rule.short, &views, Lang::En);
        insta::assert_snapshot!(format!("{name}-zh"), zh);
        insta::assert_snapshot!(format!("{name}-en"), en);
    }
}
