//! The summary: one row per path, sorted, timeliness, and the register's bodies with no report
//! or more than one.

use gongkai_model::Lang;
use gongkai_store::synthetic::{Kind, Layout, agency_year, file};

use crate::{TempDir, ingest};

#[test]
fn rows_are_sorted_and_the_register_shows_missing_and_duplicate_bodies() {
    let t = TempDir::new("summary");
    let dir = t.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    // Reports 0 and 1 are two bodies of the same place and year; 0 is there twice (different
    // layouts: two documents, not copies).
    std::fs::write(dir.join("b.md"), file(0, Layout::Markdown, Kind::Clean)).unwrap();
    std::fs::write(dir.join("a.html"), file(0, Layout::Html, Kind::Clean)).unwrap();
    std::fs::write(dir.join("c.txt"), file(1, Layout::Text, Kind::Clean)).unwrap();
    let db = t.join("c.db");
    ingest(&db, std::slice::from_ref(&dir));
    let (a0, year) = agency_year(0);
    let (a1, _) = agency_year(1);
    let (a2, _) = agency_year(2);
    let register = format!(
        "name,credit_code,kind\n{a0},C0,government\n{a1},C1,department\n{a2},C2,department\n"
    );
    let agencies = gongkai_store::agency::parse_register(register.as_bytes()).unwrap();
    let conn = gongkai_store::schema::open_existing(&db).unwrap();
    let s = gongkai_store::summary::summary(&conn, Some((&agencies, year))).unwrap();
    let files: Vec<&str> = s.rows.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["in/a.html", "in/b.md", "in/c.txt"]);
    let missing = s.missing.as_ref().unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].agency, a2);
    let several = s.more_than_one.as_ref().unwrap();
    assert_eq!(several.len(), 1);
    assert_eq!(several[0].files, ["in/a.html", "in/b.md"]);
    // Synthetic reports are dated January to March of the next year: a government is on time.
    assert!(
        s.rows
            .iter()
            .all(|r| r.timeliness != gongkai_store::summary::Timeliness::NotApplicable)
    );
    let table = gongkai_store::summary::table(&s, Lang::Zh);
    assert!(table.contains("落款日期（代发布日期）"));
    assert!(table.contains("没有报告的机关（1）"));
    let tsv = gongkai_store::summary::tsv(&s);
    assert!(
        tsv.lines()
            .next()
            .unwrap()
            .starts_with("file\tstatus\tagency")
    );
    assert!(
        !tsv.contains("20:") && !table.contains("20:"),
        "no timestamps"
    );
}
