//! Ingest: every file stored once with its cells and findings; re-runs; copies, changes and
//! versions; archives; manifests; skipped files; statuses.

use std::io::Write;

use gongkai_model::labels::Template;
use gongkai_store::cells::table_keys;
use gongkai_store::synthetic::{Kind, Layout, file, write_corpus};

use crate::{TempDir, ingest, one};

#[test]
fn every_file_is_stored_once_and_a_rerun_reads_nothing_again() {
    let t = TempDir::new("rerun");
    let corpus = t.join("corpus");
    write_corpus(&corpus, 0..40, 2).unwrap();
    std::fs::write(corpus.join("photo.gif"), b"GIF89a").unwrap();
    std::fs::write(corpus.join("table.xlsx"), b"PK").unwrap();
    let db = t.join("c.db");
    let s = ingest(&db, std::slice::from_ref(&corpus));
    assert_eq!(s.files, 40);
    assert_eq!((s.added, s.changed, s.unchanged), (40, 0, 0));
    assert_eq!(s.reports, 40);
    assert_eq!(s.skipped.len(), 2);
    assert_eq!(one::<i64>(&db, "SELECT count(*) FROM documents"), 40);
    assert_eq!(one::<i64>(&db, "SELECT count(*) FROM skipped"), 2);
    // Every report has one cell per key of its template, and its findings counted.
    let missing: i64 = one(
        &db,
        &format!(
            "SELECT count(*) FROM documents d
             WHERE (SELECT count(*) FROM cells c WHERE c.document_id = d.id)
                != CASE d.template WHEN '2019' THEN {} WHEN '2021' THEN {} END",
            table_keys(Template::Y2019).len(),
            table_keys(Template::Y2021).len()
        ),
    );
    assert_eq!(missing, 0);
    let counted: i64 = one(
        &db,
        "SELECT count(*) FROM documents d WHERE errors + warnings + notes
           != (SELECT count(*) FROM findings f WHERE f.document_id = d.id)",
    );
    assert_eq!(counted, 0);

    let again = ingest(&db, std::slice::from_ref(&corpus));
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 40));
    assert_eq!(one::<i64>(&db, "SELECT count(*) FROM documents"), 40);
}

#[test]
fn changed_files_copies_and_corrected_republications() {
    let t = TempDir::new("versions");
    let corpus = t.join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    let first = file(5, Layout::Markdown, Kind::Clean);
    std::fs::write(corpus.join("a.md"), &first).unwrap();
    std::fs::write(corpus.join("copy.md"), &first).unwrap();
    let db = t.join("c.db");
    let s = ingest(&db, std::slice::from_ref(&corpus));
    assert_eq!((s.added, s.copies), (2, 1));
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ),
        1
    );
    // A copy has no cells of its own and takes no part in versions.
    assert_eq!(
        one::<i64>(&db, "SELECT count(*) FROM documents WHERE latest = 1"),
        1
    );

    // A corrected re-publication: same body and year, a later date.
    let text = String::from_utf8(first).unwrap();
    let dated = text
        .lines()
        .rev()
        .find(|l| l.contains('年') && l.contains('月') && l.ends_with('日'))
        .unwrap()
        .to_string();
    let corrected = text.replace(&dated, "2099年12月31日");
    std::fs::write(corpus.join("b.md"), &corrected).unwrap();
    let s = ingest(&db, std::slice::from_ref(&corpus));
    assert_eq!((s.added, s.unchanged), (1, 2));
    let latest: String = one(&db, "SELECT path FROM documents WHERE latest = 1");
    assert!(latest.ends_with("b.md"), "{latest}");
    assert_eq!(
        one::<i64>(&db, "SELECT max(version) FROM documents"),
        2,
        "the older version stays, numbered"
    );

    // The same path with new content: a new document, the old one no longer current.
    std::fs::write(corpus.join("a.md"), file(6, Layout::Markdown, Kind::Clean)).unwrap();
    let s = ingest(&db, std::slice::from_ref(&corpus));
    assert_eq!((s.added, s.changed, s.unchanged), (0, 1, 2));
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM documents WHERE path LIKE '%a.md'"
        ),
        2
    );
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM documents WHERE path LIKE '%a.md' AND current = 1"
        ),
        1
    );
}

#[test]
fn archive_members_and_manifests() {
    let t = TempDir::new("zip");
    let dir = t.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let zip_path = dir.join("reports.zip");
    {
        let f = std::fs::File::create(&zip_path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default();
        z.add_directory("2023/", opts).unwrap();
        z.start_file("2023/a.html", opts).unwrap();
        z.write_all(&file(1, Layout::Html, Kind::Clean)).unwrap();
        z.start_file("2023/b.docx", opts).unwrap();
        z.write_all(&file(2, Layout::Docx, Kind::Clean)).unwrap();
        z.start_file("2023/photo.gif", opts).unwrap();
        z.write_all(b"GIF89a").unwrap();
        z.finish().unwrap();
    }
    std::fs::write(dir.join("c.txt"), file(3, Layout::Text, Kind::Clean)).unwrap();
    std::fs::write(
        dir.join("manifest.csv"),
        "path,url,fetched\nc.txt,https://example.invalid/c.html,2025-01-05\n",
    )
    .unwrap();
    let db = t.join("c.db");
    let s = ingest(&db, std::slice::from_ref(&dir));
    assert_eq!((s.files, s.reports), (3, 3));
    assert_eq!(s.skipped.len(), 1);
    assert!(s.skipped[0].path.ends_with("reports.zip!/2023/photo.gif"));
    let paths: String = one(
        &db,
        "SELECT group_concat(path, ' ') FROM (SELECT path FROM documents ORDER BY path)",
    );
    assert_eq!(
        paths,
        "in/c.txt in/reports.zip!/2023/a.html in/reports.zip!/2023/b.docx"
    );
    let url: String = one(
        &db,
        "SELECT source_url || ' ' || fetched FROM documents WHERE path = 'in/c.txt'",
    );
    assert_eq!(url, "https://example.invalid/c.html 2025-01-05");
    let formats: String = one(
        &db,
        "SELECT group_concat(format, ' ') FROM (SELECT format FROM documents ORDER BY path)",
    );
    assert_eq!(formats, "text html docx");
}

/// The statuses a file is stored with, end to end: an empty file and a login page are no
/// report, a truncated PDF or DOCX is damaged, binary junk and an old OLE file are unreadable.
#[test]
fn statuses_end_to_end() {
    let report = file(4, Layout::Markdown, Kind::Clean);
    let broken = file(7, Layout::Html, Kind::Broken);
    let cases: &[(&str, &[u8], &str)] = &[
        ("report.md", &report, "report"),
        ("broken.html", &broken, "report"),
        (
            "binary.pdf",
            b"\x00\x01\x02\x03\xFF\xFE\x00\x00junk",
            "unreadable",
        ),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00",
            "unreadable",
        ),
        ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00", "damaged"),
        ("cut.pdf", b"%PDF-1.7\n%\xE2\xE3\n1 0 obj\n", "damaged"),
        ("empty.txt", b"", "not-a-report"),
        (
            "login.txt",
            "用户登录\n用户名\n密码\n验证码\n".as_bytes(),
            "not-a-report",
        ),
    ];
    let t = TempDir::new("status");
    let dir = t.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes, _) in cases {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let db = t.join("c.db");
    ingest(&db, std::slice::from_ref(&dir));
    for (name, _, want) in cases {
        let got: String = one(
            &db,
            &format!("SELECT status FROM documents WHERE path = 'in/{name}'"),
        );
        assert_eq!(&got, want, "{name}");
    }
    // An unreadable file keeps the reason, as a finding too.
    let reason: String = one(
        &db,
        "SELECT error_zh FROM documents WHERE path = 'in/old.doc'",
    );
    assert!(!reason.is_empty());
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM findings WHERE code = 'unreadable-file'"
        ),
        2
    );
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM findings WHERE code = 'damaged-file'"
        ),
        2
    );
}
