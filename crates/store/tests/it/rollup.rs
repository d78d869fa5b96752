//! The roll-up from the database: the newest version of each body, scoped by the register's
//! parent body or region, equal to the roll-up of the same files read directly.

use gongkai_store::rollup::{Rolled, Scope, inputs_from_db, inputs_from_files, rollup};
use gongkai_store::synthetic::{agency_year, write_corpus};

use crate::{TempDir, ingest};

fn received(r: &gongkai_store::rollup::Rollup) -> i64 {
    match r
        .cells
        .iter()
        .find(|c| c.key == "requests.received.total")
        .unwrap()
        .value
    {
        Rolled::Count { value } => value,
        ref v => panic!("{v:?}"),
    }
}

#[test]
fn database_and_files_give_the_same_rollup_and_the_register_scopes_it() {
    let t = TempDir::new("rollup");
    let corpus = t.join("corpus");
    // Reports 300..330 cover 2021 (one template), 24 bodies in two places and more.
    write_corpus(&corpus, 300..330, 2).unwrap();
    let db = t.join("c.db");
    ingest(&db, std::slice::from_ref(&corpus));
    let mut conn = gongkai_store::schema::open_existing(&db).unwrap();
    let from_db = inputs_from_db(&conn, &Scope::default()).unwrap();
    let (from_files, not_used) = inputs_from_files(std::slice::from_ref(&corpus), None);
    // File 399 would be a non-report; within 300..330 only report files.
    assert!(not_used.is_empty(), "{not_used:?}");
    assert_eq!(from_db.len(), from_files.len());
    let a = rollup("全市", &from_db).unwrap();
    let b = rollup("全市", &from_files).unwrap();
    assert_eq!(received(&a), received(&b));
    assert_eq!(a.cells.len(), b.cells.len());
    for (x, y) in a.cells.iter().zip(&b.cells) {
        assert_eq!(x.value, y.value, "{}", x.key);
    }

    // A register: place 300's government with the next three bodies under it, in region 330101.
    let (gov, year) = agency_year(300); // 300 % 12 == 0: the place's 人民政府
    let mut csv = String::from("name,credit_code,region_code,parent,kind\n");
    csv.push_str(&format!("{gov},P0,330101,,government\n"));
    let mut under = 0;
    for n in 301..304 {
        let (name, _) = agency_year(n);
        csv.push_str(&format!("{name},P{n},330101,P0,department\n"));
        under += 1;
    }
    let (other, _) = agency_year(315);
    csv.push_str(&format!("{other},Q1,330202,,department\n"));
    let agencies = gongkai_store::agency::parse_register(csv.as_bytes()).unwrap();
    let done = gongkai_store::agency::import(&mut conn, &agencies).unwrap();
    assert_eq!(done.added, 5);
    assert_eq!(done.matched_documents, 5);
    let scope = Scope {
        parent: Some("P0".into()),
        year: Some(year),
        ..Scope::default()
    };
    assert_eq!(inputs_from_db(&conn, &scope).unwrap().len(), under);
    let region = Scope {
        region: Some("330100".into()),
        ..Scope::default()
    };
    assert_eq!(inputs_from_db(&conn, &region).unwrap().len(), under + 1);
    let unknown = Scope {
        parent: Some("NOPE".into()),
        ..Scope::default()
    };
    assert!(inputs_from_db(&conn, &unknown).is_err());
    // Matching changed the version groups, not the count of newest versions.
    assert_eq!(
        inputs_from_db(&conn, &Scope::default()).unwrap().len(),
        from_db.len()
    );
}
