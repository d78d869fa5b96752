//! The command-line contract: stdin, several files, JSON, unreadable files, exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{gongkai, read_cells, root};

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["extract", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(root().join("examples/2021-tabbed.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let from_stdin = read_cells(&String::from_utf8(out.stdout).unwrap());
    let from_file = read_cells(
        &String::from_utf8(gongkai(&["extract", "examples/2021-tabbed.txt"]).stdout).unwrap(),
    );
    assert_eq!(from_stdin, from_file);
}

#[test]
fn a_batch_goes_on_past_unreadable_files() {
    let out = gongkai(&[
        "extract",
        "no-such-file.txt",
        "examples/2021-tabbed.txt",
        "Cargo.lock",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("无法读取文件 no-such-file.txt"), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("file\tkey\tvalue\n"));
    assert!(text.contains("examples/2021-tabbed.txt\tmeta.template\t2021"));
}

#[test]
fn damaged_and_binary_files_get_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("gongkai-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A PDF cut off after its first object, named .txt: the content decides, not the name.
    let pdf = dir.join("report.txt");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\n1 0 obj\n").unwrap();
    let out = gongkai(&["extract", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let zh = String::from_utf8(out.stderr).unwrap();
    assert!(
        zh.starts_with("错误：") && zh.contains("report.txt"),
        "{zh}"
    );
    let out = gongkai(&["--lang", "en", "extract", pdf.to_str().unwrap()]);
    let en = String::from_utf8(out.stderr).unwrap();
    assert!(en.starts_with("error: "), "{en}");
    // Binary data that is no document format.
    let bin = dir.join("noise.txt");
    std::fs::write(&bin, [0u8, 1, 2, 3, 0, 5, 6, 7, 0, 0, 1, 2].repeat(100)).unwrap();
    let out = gongkai(&["extract", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn json_holds_the_model_with_spans() {
    let out = gongkai(&["extract", "--format", "json", "examples/2021-tabbed.txt"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    let cell = &v["report"]["requests"]["rows"][0]["cells"][0];
    let (s, e) = (
        cell["span"]["start"].as_u64().unwrap() as usize,
        cell["span"]["end"].as_u64().unwrap() as usize,
    );
    let printed = &text.as_bytes()[s..e];
    assert_eq!(
        std::str::from_utf8(printed).unwrap(),
        cell["value"]["value"].to_string()
    );
    assert_eq!(
        v["cells"].as_array().unwrap().len(),
        gongkai_model::cells::keys(gongkai_model::Template::Y2021).len()
    );
}
