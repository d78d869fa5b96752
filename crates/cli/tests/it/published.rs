//! The other forms reports are published in, made from the examples by the tools agencies use:
//! `.doc` and `.wps` files LibreOffice saves from our DOCX renders read to the same cells as the
//! DOCX, OFD files the independent PyPI converter `easyofd` makes from LibreOffice's PDFs read to
//! the example's cells, and a folder of them goes through `check`. Needs LibreOffice (`soffice`)
//! and, for OFD, Python with `easyofd`: skipped without them, unless `GONGKAI_REQUIRE_ALL=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{gongkai, read_cells, root};

/// Whether a test's external requirement is there; without it the test prints why it is
/// skipped, except under `GONGKAI_REQUIRE_ALL=1` (CI), where a missing requirement fails.
pub fn require(what: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var("GONGKAI_REQUIRE_ALL").as_deref() != Ok("1"),
            "GONGKAI_REQUIRE_ALL=1 but {what} is not available"
        );
        eprintln!("skipped: {what} is not available");
    }
    ok
}

/// Whether `program arg` runs and succeeds.
pub fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// An empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("published")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The cells `gongkai extract` reads from a file.
fn cells_of(path: &Path) -> Vec<(String, String)> {
    let out = gongkai(&["extract", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    read_cells(&text(&out.stdout))
}

/// The examples that go through every published form.
pub const EXAMPLES: &[&str] = &["2021-tabbed", "2019-cell-per-line", "2021-layout"];

/// Renders each example to DOCX in `dir` and returns the paths.
pub fn render_docx(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|name| {
            let docx = dir.join(format!("{name}.docx"));
            let example = root().join("examples").join(format!("{name}.txt"));
            let out = gongkai(&[
                "render",
                "--to",
                "docx",
                "-o",
                docx.to_str().unwrap(),
                example.to_str().unwrap(),
            ]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            docx
        })
        .collect()
}

/// Converts files with LibreOffice (`to` is a `--convert-to` target such as `doc` or `pdf`).
pub fn soffice_convert(dir: &Path, files: &[PathBuf], to: &str) {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn doc_and_wps_from_libreoffice_read_to_the_cells_of_the_docx() {
    if !require("LibreOffice (soffice)", runs("soffice", "--version")) {
        return;
    }
    let dir = scratch("doc");
    let docx = render_docx(&dir, EXAMPLES);
    soffice_convert(&dir, &docx, "doc");
    // LibreOffice writes `.wps` with its "MS Word 97" filter: the same format.
    soffice_convert(&dir, &docx[..1], "wps");
    for (name, docx) in EXAMPLES.iter().zip(&docx) {
        let doc = docx.with_extension("doc");
        let want = cells_of(docx);
        assert_eq!(cells_of(&doc), want, "{name}: .doc and .docx differ");
        let truth = root().join("examples").join(format!("{name}.cells.tsv"));
        let truth = read_cells(&std::fs::read_to_string(truth).unwrap());
        assert_eq!(want, truth, "{name}: the DOCX render reads back");
    }
    let wps = docx[0].with_extension("wps");
    assert_eq!(cells_of(&wps), cells_of(&docx[0]));

    // A folder of them through `check`: every file read, none refused.
    let out = gongkai(&["check", "--format", "tsv", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("共检查 7 个文件"), "{stderr}");
    assert!(stderr.contains("无法读取 0 个"), "{stderr}");
}

/// Converts a PDF to OFD with the PyPI package `easyofd` (text objects, its own namespace URI).
fn easyofd(pdf: &Path, ofd: &Path) {
    // easyofd writes scratch files into its working folder: give it its own.
    let work = pdf.with_extension("easyofd");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let script = "import sys\nfrom easyofd.ofd import OFD\n\
        data = OFD().pdf2ofd(open(sys.argv[1], 'rb').read(), optional_text=True)\n\
        open(sys.argv[2], 'wb').write(data)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .arg(ofd)
        .current_dir(&work)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "easyofd: {}", text(&out.stderr));
}

fn has_easyofd() -> bool {
    Command::new("python3")
        .args(["-c", "import easyofd.ofd"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn ofd_from_an_independent_converter_reads_to_the_examples_cells() {
    if !require("LibreOffice (soffice)", runs("soffice", "--version"))
        || !require("the PyPI package easyofd", has_easyofd())
    {
        return;
    }
    let dir = scratch("ofd");
    let docx = render_docx(&dir, EXAMPLES);
    soffice_convert(&dir, &docx, "pdf");
    let (mut right, mut total) = (0, 0);
    for (name, docx) in EXAMPLES.iter().zip(&docx) {
        let ofd = docx.with_extension("ofd");
        easyofd(&docx.with_extension("pdf"), &ofd);
        let got: std::collections::BTreeMap<String, String> = cells_of(&ofd).into_iter().collect();
        let truth = root().join("examples").join(format!("{name}.cells.tsv"));
        let truth = read_cells(&std::fs::read_to_string(truth).unwrap());
        let wrong: Vec<&String> = truth
            .iter()
            .filter(|(k, v)| got.get(k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        eprintln!(
            "{name}.ofd (easyofd): {} of {} cells",
            truth.len() - wrong.len(),
            truth.len()
        );
        // easyofd draws no table rules: the tables are read from positions alone. Only a 2019
        // amount printed as `382.5 万元` (two columns apart in layout text) is known to be lost.
        assert!(
            wrong.iter().all(|k| k.starts_with("active.procurement")),
            "{name}: {wrong:?}"
        );
        right += truth.len() - wrong.len();
        total += truth.len();
    }
    assert!(right * 100 >= total * 99, "{right} of {total}");
    let out = gongkai(&["check", "--format", "tsv", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("无法读取 0 个"), "{stderr}");
}
