//! Round trip: for generated reports of both templates (zeros, blanks, marks, big numbers,
//! signed changes, decimal amounts with and without units, long narrative), reading back what
//! the renderer writes gives the report's cells exactly — Markdown, HTML and DOCX through
//! `gongkai_extract::extract` and `gongkai_parse::parse`, the authoring TOML through
//! `authoring::parse`, and the cells TSV line by line. The narrative comes back too, and
//! rendering what was read back gives the same document again.

use gongkai_authoring as authoring;
use gongkai_model::labels::{
    ColumnKind, REVIEW_COLUMNS, ReviewGroup, SectionKind, Template, active_rows, request_rows,
};
use gongkai_model::{
    ActiveRowData, ActiveTable, Cell, Date, Decimal, Meta, Report, RequestRowData, RequestTable,
    ReviewTable, Section, SourceId, Span, Spanned, Unit, Value,
};
use proptest::prelude::*;

const PLACES: &[&str] = &[
    "青禾县",
    "云溪市",
    "松岭市",
    "白石镇",
    "望川县",
    "临江区",
    "东岚乡",
];
const BODIES: &[&str] = &[
    "人民政府",
    "市场监督管理局",
    "交通运输局",
    "卫生健康委员会",
    "自然资源和规划局",
    "教育局",
];
const MARKS: &[&str] = &["/", "—", "无", "-"];
const PHRASES: &[&str] = &[
    "本机关坚持以公开为常态、不公开为例外",
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "全年主动公开政府信息{}条",
    "依申请公开办理规范有序，答复文书经法制机构审核",
    "平台建设持续加强，集中清理过期失效链接{}个",
    "监督保障方面，将政务公开纳入年度绩效考核",
    "组织专题培训{}次，提高工作人员依法公开能力",
    "下一步将丰富解读形式，推出图文、音视频等解读产品",
];

fn span() -> Span {
    Span::default()
}

fn cell(value: Value) -> Cell {
    Cell {
        value,
        span: span(),
    }
}

fn mark() -> impl Strategy<Value = Value> {
    prop::sample::select(MARKS).prop_map(|m| Value::Mark(m.to_string()))
}

fn count() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0i64..60).prop_map(Value::Count),
        2 => (0i64..10_000_000_000).prop_map(Value::Count),
        1 => Just(Value::Blank),
        1 => mark(),
    ]
}

fn change() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (-5000i64..5000).prop_map(Value::Count),
        1 => Just(Value::Blank),
        1 => mark(),
    ]
}

fn amount() -> impl Strategy<Value = Value> {
    let unit = prop_oneof![
        Just(None),
        Just(Some(Unit::Yuan)),
        Just(Some(Unit::WanYuan))
    ];
    prop_oneof![
        5 => (0i128..10_000_000_000, 0u32..7, unit).prop_map(|(mantissa, scale, unit)| {
            Value::Amount { number: Decimal { mantissa, scale }, unit }
        }),
        1 => (0i64..100_000).prop_map(Value::Count),
        1 => Just(Value::Blank),
        1 => mark(),
    ]
}

fn value(kind: ColumnKind) -> BoxedStrategy<Value> {
    match kind {
        ColumnKind::Count => count().boxed(),
        ColumnKind::Change => change().boxed(),
        ColumnKind::Amount => amount().boxed(),
    }
}

fn paragraph() -> impl Strategy<Value = String> {
    let sentence = (prop::sample::select(PHRASES), 0u32..5000)
        .prop_map(|(p, n)| p.replace("{}", &n.to_string()));
    (
        prop::option::of(prop::sample::select(&["（一）", "（二）", "（三）"][..])),
        prop::collection::vec(sentence, 1..7),
    )
        .prop_map(|(lead, sentences)| {
            let mut p = lead.unwrap_or("").to_string();
            p.push_str(&sentences.join("，"));
            p.push('。');
            p
        })
}

fn sections() -> impl Strategy<Value = Vec<Section>> {
    prop::collection::vec(prop::collection::vec(paragraph(), 0..5), 6).prop_map(|bodies| {
        SectionKind::ALL
            .into_iter()
            .zip(bodies)
            .map(|(kind, paras)| Section {
                kind,
                heading: Spanned::new(kind.heading().to_string(), span()),
                body: Spanned::new(paras.join("\n"), span()),
            })
            .collect()
    })
}

fn active(template: Template) -> impl Strategy<Value = ActiveTable> {
    let rows: Vec<BoxedStrategy<ActiveRowData>> = active_rows(template)
        .iter()
        .map(|spec| {
            let cells: Vec<BoxedStrategy<Value>> =
                spec.columns.iter().map(|(_, _, k)| value(*k)).collect();
            cells
                .prop_map(move |vs| ActiveRowData {
                    row: spec.row,
                    label: span(),
                    split: None,
                    cells: vs.into_iter().map(cell).collect(),
                })
                .boxed()
        })
        .collect();
    let unit = prop_oneof![
        Just(None),
        Just(Some(Unit::Yuan)),
        Just(Some(Unit::WanYuan))
    ];
    (rows, unit).prop_map(move |(rows, unit)| ActiveTable {
        template,
        span: span(),
        rows,
        amount_unit: unit.map(|u| Spanned::new(u, span())),
    })
}

fn requests(template: Template) -> impl Strategy<Value = RequestTable> {
    let n = request_rows(template).count();
    prop::collection::vec(prop::collection::vec(count(), 7), n).prop_map(move |rows| RequestTable {
        span: span(),
        rows: request_rows(template)
            .zip(rows)
            .map(|(spec, vs)| RequestRowData {
                row: spec.row,
                label: span(),
                cells: vs
                    .into_iter()
                    .map(cell)
                    .collect::<Vec<_>>()
                    .try_into()
                    .unwrap(),
                uncertain: false,
            })
            .collect(),
    })
}

fn reviews() -> impl Strategy<Value = ReviewTable> {
    prop::collection::vec(count(), 15).prop_map(|vs| ReviewTable {
        span: span(),
        cells: vs
            .into_iter()
            .map(cell)
            .collect::<Vec<_>>()
            .try_into()
            .unwrap(),
    })
}

fn report() -> impl Strategy<Value = Report> {
    prop_oneof![Just(Template::Y2019), Just(Template::Y2021)].prop_flat_map(|template| {
        let years = match template {
            Template::Y2019 => 2019..2021,
            _ => 2021..2031,
        };
        (
            prop::sample::select(PLACES),
            prop::sample::select(BODIES),
            years,
            prop::option::of((1u32..4, 1u32..29)),
            sections(),
            prop::option::weighted(0.9, active(template)),
            prop::option::weighted(0.9, requests(template)),
            prop::option::weighted(0.9, reviews()),
        )
            .prop_map(
                move |(place, body, year, date, sections, active, requests, reviews)| Report {
                    source: SourceId(0),
                    meta: Meta {
                        title: None,
                        agency: Some(Spanned::new(format!("{place}{body}"), span())),
                        year: Some(Spanned::new(year, span())),
                        published: date
                            .and_then(|(m, d)| Date::new(year + 1, m, d))
                            .map(|d| Spanned::new(d, span())),
                    },
                    template: Some(template),
                    sections,
                    active,
                    requests,
                    reviews,
                },
            )
    })
}

/// Reads a rendered document back as `gongkai extract` would.
fn reread(bytes: &[u8], name: &str) -> Report {
    let source = gongkai_extract::extract(bytes, name)
        .unwrap_or_else(|e| panic!("{name} cannot be read back: {}", e.message(true)));
    gongkai_parse::parse(&source, SourceId(0)).0
}

fn cells(r: &Report) -> Vec<(String, String)> {
    gongkai_model::cells::cells(r)
}

/// The keys whose values differ, for a readable failure message.
fn differences(want: &[(String, String)], got: &[(String, String)]) -> String {
    if want.len() != got.len() {
        return format!("{} keys expected, {} read back", want.len(), got.len());
    }
    want.iter()
        .zip(got)
        .filter(|(w, g)| w != g)
        .map(|(w, g)| format!("{}: expected {:?}, read back {:?} ({})", w.0, w.1, g.1, g.0))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that a rendered document reads back to the expected cells.
fn same_cells(want: &[(String, String)], back: &Report, format: &str, rendered: &[u8]) {
    let got = cells(back);
    if got != want {
        if let Ok(dir) = std::env::var("GONGKAI_ROUNDTRIP_FAILURES") {
            let _ = std::fs::write(format!("{dir}/failure.{format}"), rendered);
        }
        panic!(
            "{format} reads back differently:\n{}",
            differences(want, &got)
        );
    }
}

/// A document rendered again from what was read back is the same, line for line.
fn same_document(first: &str, again: &str, format: &str) {
    if let Some((a, b)) = first.lines().zip(again.lines()).find(|(a, b)| a != b) {
        panic!("{format} rendered again differs:\n  first: {a}\n  again: {b}");
    }
    let (n, m) = (first.lines().count(), again.lines().count());
    if n != m {
        let tail = |t: &str| {
            t.lines()
                .skip(n.min(m).saturating_sub(3))
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{format} rendered again has {m} lines, not {n}:\n  first: …{}\n  again: …{}",
            tail(first),
            tail(again)
        );
    }
}

/// Every paragraph of the original narrative is in the section read back.
fn narrative_survives(original: &Report, back: &Report, format: &str) {
    for s in &original.sections {
        let Some(b) = back.sections.iter().find(|b| b.kind == s.kind) else {
            panic!("{format}: section {:?} is missing", s.kind);
        };
        for p in s.body.value.lines() {
            assert!(
                b.body.value.contains(p),
                "{format}: {:?} lost {p:?}\n{}",
                s.kind,
                b.body.value
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rendered_reports_read_back_to_the_same_cells(r in report()) {
        let want = cells(&r);
        // Each format reads back to the same cells and narrative, and rendering what was read
        // back gives the same document again (tables, narrative, signature and date).
        let md = gongkai_render::markdown(&r);
        let back = reread(md.as_bytes(), "report.md");
        same_cells(&want, &back, "md", md.as_bytes());
        narrative_survives(&r, &back, "md");
        same_document(&md, &gongkai_render::markdown(&back), "md");

        let html = gongkai_render::html(&r);
        let back = reread(html.as_bytes(), "report.html");
        same_cells(&want, &back, "html", html.as_bytes());
        narrative_survives(&r, &back, "html");
        same_document(&html, &gongkai_render::html(&back), "html");

        let docx = gongkai_render::docx(&r);
        let back = reread(&docx, "report.docx");
        same_cells(&want, &back, "docx", &docx);
        narrative_survives(&r, &back, "docx");
        prop_assert!(gongkai_render::docx(&back) == docx, "docx differs when rendered again");

        let toml = authoring::to_toml(&r);
        let (back, diags) = authoring::parse(&toml, SourceId(0)).expect("valid TOML");
        prop_assert!(diags.is_empty(), "{:?}\n{}", diags, toml);
        same_cells(&want, &back, "toml", toml.as_bytes());

        let tsv = gongkai_render::cells_tsv(&r);
        let back: Vec<(String, String)> = tsv
            .lines()
            .skip(1)
            .map(|l| {
                let (k, v) = l.split_once('\t').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        prop_assert!(back == want, "cells TSV: {}", differences(&want, &back));
    }
}

#[test]
fn review_keys_follow_the_template() {
    // The generator above builds table 四 in this order.
    let keys: Vec<String> = ReviewGroup::ALL
        .iter()
        .flat_map(|g| {
            REVIEW_COLUMNS
                .iter()
                .map(move |(c, _)| format!("{}.{c}", g.key()))
        })
        .collect();
    assert_eq!(keys.len(), 15);
    assert!(gongkai_model::cells::keys(Template::Y2021).ends_with(&keys));
}
