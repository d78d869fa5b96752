//! `gongkai render` and `gongkai new`: the authoring flow from skeleton to DOCX, refusals on
//! identity errors, and — when LibreOffice (`soffice`) and `pdftotext` are installed — the
//! rendered DOCX converted to PDF with every label and number printed in place (`printed`).

use std::path::{Path, PathBuf};
use std::process::Command;

mod printed;

use gongkai_model::SourceId;
use gongkai_render::page;

use crate::{gongkai, has_program, read_cells, require, root};

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("render")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn cells_of(path: &Path) -> Vec<(String, String)> {
    let out = gongkai(&["extract", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    read_cells(&text(&out.stdout))
}

#[test]
fn from_skeleton_to_docx() {
    let dir = scratch("skeleton");
    let out = gongkai(&[
        "new",
        "--template",
        "2021",
        "--agency",
        "青禾县市场监督管理局",
        "--year",
        "2022",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let skeleton = text(&out.stdout);
    assert!(
        skeleton.contains("\"requests.received.natural\" = \"\""),
        "{skeleton}"
    );
    assert!(skeleton.contains("# 自然人"), "{skeleton}");
    let toml = dir.join("report.toml");
    std::fs::write(&toml, &skeleton).unwrap();

    let check = gongkai(&["check", toml.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));

    let docx = dir.join("report.docx");
    let out = gongkai(&[
        "render",
        "--to",
        "docx",
        "-o",
        docx.to_str().unwrap(),
        toml.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK\x03\x04"));

    let cells = cells_of(&docx);
    let get = |k: &str| cells.iter().find(|(key, _)| key == k).unwrap().1.clone();
    assert_eq!(get("meta.agency"), "青禾县市场监督管理局");
    assert_eq!(get("meta.year"), "2022");
    assert_eq!(get("meta.template"), "2021");
    assert!(
        cells.iter().skip(4).all(|(_, v)| v.is_empty()),
        "blank stays blank"
    );
}

#[test]
fn an_authored_report_reads_back_in_every_format() {
    let dir = scratch("formats");
    let toml = dir.join("report.toml");
    let out = gongkai(&[
        "render",
        "--to",
        "toml",
        "-o",
        toml.to_str().unwrap(),
        "examples/2021-tabbed.txt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let want = cells_of(&root().join("examples/2021-tabbed.txt"));
    assert_eq!(cells_of(&toml), want);
    for to in ["md", "html", "docx"] {
        let file = dir.join(format!("report.{to}"));
        let out = gongkai(&[
            "render",
            "--to",
            to,
            "-o",
            file.to_str().unwrap(),
            toml.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{to}: {}", text(&out.stderr));
        assert_eq!(cells_of(&file), want, "{to}");
    }
    let out = gongkai(&["render", "--to", "cells", toml.to_str().unwrap()]);
    assert_eq!(read_cells(&text(&out.stdout)), want);
}

#[test]
fn identity_errors_refuse_rendering_unless_forced() {
    let dir = scratch("refuse");
    let toml = dir.join("report.toml");
    let out = gongkai(&["render", "--to", "toml", "examples/2021-tabbed.txt"]);
    let good = text(&out.stdout);
    let key = "\"requests.received.natural\" = 13";
    assert!(good.contains(key));
    let bad = good.replace(key, "\"requests.received.natural\" = 14");
    std::fs::write(&toml, &bad).unwrap();
    let line = bad
        .lines()
        .position(|l| l.starts_with("\"requests.received.natural\" = 14 "))
        .unwrap()
        + 1;

    let out = gongkai(&["render", "--to", "md", toml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("request-flow-mismatch"), "{err}");
    assert!(
        err.contains(&format!("report.toml:{line}:")),
        "points at the line: {err}"
    );
    assert!(err.contains("--force"), "{err}");

    let out = gongkai(&["render", "--force", "--to", "md", toml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("request-row-total-mismatch"));
    assert!(text(&out.stdout).contains("| 一、本年新收政府信息公开申请数量 | | | 14 |"));

    let out = gongkai(&["check", toml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(&format!("report.toml:{line}:")));
}

#[test]
fn authoring_mistakes_are_reported_where_they_are() {
    let dir = scratch("mistakes");
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[meta]\nyear = \n").unwrap();
    let out = gongkai(&["render", "--to", "md", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.toml:2:"),
        "{}",
        text(&out.stderr)
    );

    let skeleton = text(&gongkai(&["new"]).stdout);
    let typo = dir.join("typo.toml");
    let bad = skeleton.replace("\"review.upheld\" = \"\"", "\"review.upheld\" = \"七\"")
        + "\"requests.recieved.natural\" = 1\n";
    std::fs::write(&typo, &bad).unwrap();
    let out = gongkai(&["render", "--to", "md", typo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("authoring-bad-value") && err.contains("review.upheld"),
        "{err}"
    );
    assert!(
        err.contains("authoring-unknown-key") && err.contains("requests.recieved.natural"),
        "{err}"
    );
}

#[test]
fn rendering_a_read_report_keeps_its_cells() {
    let dir = scratch("examples");
    for name in [
        "2021-tabbed.txt",
        "2019-cell-per-line.txt",
        "2021-layout.txt",
        "2019-crawled.txt",
    ] {
        let example = root().join("examples").join(name);
        let want = cells_of(&example);
        for to in ["md", "html", "docx"] {
            let file = dir.join(format!("{name}.{to}"));
            let out = gongkai(&[
                "render",
                "--to",
                to,
                "-o",
                file.to_str().unwrap(),
                example.to_str().unwrap(),
            ]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name} {to}: {}",
                text(&out.stderr)
            );
            assert_eq!(cells_of(&file), want, "{name} {to}");
        }
    }
}

#[test]
fn libreoffice_prints_every_label_and_number_in_order() {
    let tools = has_program("soffice") && has_program("pdftotext");
    if !require(
        "LibreOffice (soffice) with pdftotext (poppler-utils)",
        tools,
    ) {
        return;
    }
    let dir = scratch("libreoffice");
    let names = ["2021-tabbed.txt", "2019-cell-per-line.txt"];
    let mut docs = Vec::new();
    for name in names {
        let docx = dir.join(name.replace(".txt", ".docx"));
        let example = root().join("examples").join(name);
        let out = gongkai(&[
            "render",
            "--to",
            "docx",
            "-o",
            docx.to_str().unwrap(),
            example.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        docs.push(docx);
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .args(&docs)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", text(&status.stderr));
    for (name, docx) in names.iter().zip(&docs) {
        let pdf = docx.with_extension("pdf");
        let out = Command::new("pdftotext")
            .arg("-tsv")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftotext -tsv {}", pdf.display());
        let bytes = std::fs::read(root().join("examples").join(name)).unwrap();
        let source = gongkai_extract::extract(&bytes, name).unwrap();
        let report = gongkai_parse::parse(&source, SourceId(0)).0;
        let items = printed::items(&page::page(&report));
        if let Err(e) = printed::Printed::from_tsv(&text(&out.stdout)).check(&items) {
            panic!("{name} → {}: {e}", pdf.display());
        }
    }
}
