//! Never a clean bill for what is not a report: each file a new user might feed in by mistake
//! gets `not-a-report`, `damaged-file` or `unreadable-file`, `check` exits non-zero, and
//! `extract` prints no template for it.

use crate::{gongkai, root};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-honesty-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The findings' codes `check --format tsv` prints for `path`, and its exit code.
fn codes(path: &std::path::Path) -> (Option<i32>, Vec<String>) {
    let out = gongkai(&["check", "--format", "tsv", path.to_str().unwrap()]);
    let codes = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(4).map(str::to_string))
        .collect();
    (out.status.code(), codes)
}

fn template_printed(path: &std::path::Path) -> String {
    let out = gongkai(&["extract", path.to_str().unwrap()]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("meta.template\t").map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn files_that_are_no_report_say_so() {
    let dir = scratch("none");
    let login_html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>统一身份认证</title></head>\
        <body><form><label>用户名<input name=u></label><label>密码<input type=password></label>\
        <button>登录</button></form><div>主办：某某市人民政府办公室</div></body></html>";
    let files: [(&str, &[u8]); 5] = [
        ("empty.txt", b""),
        ("login.html", login_html.as_bytes()),
        ("login.txt", "用户登录\n用户名：\n密码：\n验证码：\n".as_bytes()),
        (
            "prose.txt",
            "关于开展安全生产检查的通知\n各单位：为做好安全生产工作，现将有关事项通知如下。\n一、检查范围\n全市所有生产经营单位。\n"
                .as_bytes(),
        ),
        ("readme.md", &std::fs::read(root().join("README.md")).unwrap()),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, found) = codes(&path);
        assert_eq!(code, Some(1), "{name}: {found:?}");
        assert_eq!(found, ["not-a-report"], "{name}");
        assert_eq!(template_printed(&path), "", "{name}");
        let out = gongkai(&["extract", path.to_str().unwrap()]);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not-a-report"),
            "{name}: extract says nothing"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn broken_images_say_so() {
    let dir = scratch("image");
    let path = dir.join("photo.jpg");
    std::fs::write(&path, [&b"\xFF\xD8\xFF\xE0"[..], &[0u8; 200]].concat()).unwrap();
    let (code, found) = codes(&path);
    assert_ne!(code, Some(0));
    // A JPEG cut after its header: damaged (or, where nothing reads images, unreadable).
    assert!(
        found == ["damaged-file"] || found == ["unreadable-file"],
        "{found:?}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn truncated_pdfs_are_damaged() {
    let Some(shared) = gongkai_testkit::shared() else {
        return;
    };
    let whole = std::fs::read(shared.join("corpus/real/hongze-2024.pdf")).unwrap();
    let dir = scratch("pdf");
    for percent in [10, 50, 90] {
        let path = dir.join(format!("cut-{percent}.pdf"));
        std::fs::write(&path, &whole[..whole.len() * percent / 100]).unwrap();
        let (code, found) = codes(&path);
        assert_eq!(code, Some(1), "{percent}%: {found:?}");
        assert!(
            found.iter().any(|c| c == "damaged-file"),
            "{percent}%: {found:?}"
        );
        assert!(
            !found.iter().any(|c| c == "not-a-report"),
            "{percent}%: {found:?}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn folders_list_what_they_skip_and_read_a_file_once() {
    let dir = scratch("folder");
    std::fs::copy(root().join("examples/2021-tabbed.txt"), dir.join("r.txt")).unwrap();
    std::fs::write(dir.join("photo.gif"), b"GIF89a").unwrap();
    std::fs::write(dir.join("table.xlsx"), b"PK\x03\x04").unwrap();
    let d = dir.to_str().unwrap();
    let file = dir.join("r.txt");
    let out = gongkai(&["check", d, file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("共检查 1 个文件"), "{text}");
    assert!(
        text.contains("photo.gif") && text.contains("table.xlsx"),
        "{text}"
    );
    assert!(text.contains("跳过目录中的其他文件 2 个"), "{text}");
    std::fs::remove_dir_all(dir).ok();
}
