//! The analyses on an ingested synthetic corpus: six years of one body and ten peers, written
//! as authoring files; every statistic checked against the stored cells, the blank one not
//! assessable, the peers ranked, two years compared, the card written.

use gongkai_store::compare::{Verdict, years_from_db};
use gongkai_store::stats::{Figure, Filter, MIN_COUNT, Peer, Why, stats};
use gongkai_store::synthetic::authoring_toml;

use crate::{TempDir, ingest};

const BODY: &str = "青禾县教育局";
const PEERS: &[&str] = &[
    "丰谷县教育局",
    "云溪区教育局",
    "石桥区教育局",
    "临泉市教育局",
    "宁川市教育局",
    "北湖县教育局",
    "南屏区教育局",
    "柳河县教育局",
    "松岭市教育局",
    "白沙县教育局",
];

/// Writes the corpus: `BODY` 2019–2024, the peers 2024 (the first with 予以公开 blank).
fn corpus(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    for year in 2019..=2024 {
        let toml = authoring_toml(year as u64, BODY, year);
        std::fs::write(dir.join(format!("body-{year}.toml")), toml).unwrap();
    }
    for (i, name) in PEERS.iter().enumerate() {
        let mut toml = authoring_toml(100 + i as u64, name, 2024);
        if i == 0 {
            let start = toml.find("\"requests.granted.total\" = ").unwrap();
            let end = start + toml[start..].find('\n').unwrap();
            toml.replace_range(start..end, "\"requests.granted.total\" = \"\"");
        }
        std::fs::write(dir.join(format!("peer-{i}.toml")), toml).unwrap();
    }
}

/// A count cell of the stored report of `agency` and `year`.
fn cell(conn: &rusqlite::Connection, agency: &str, year: i32, key: &str) -> Option<i64> {
    conn.query_row(
        "SELECT v.count FROM cell_values v JOIN documents d ON d.id = v.document_id
         WHERE d.agency = ?1 AND d.year = ?2 AND d.latest = 1 AND v.key = ?3",
        rusqlite::params![agency, year, key],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn statistics_match_the_stored_cells_and_peers_are_ranked() {
    let t = TempDir::new("stats");
    let dir = t.join("corpus");
    corpus(&dir);
    let db = t.join("c.db");
    let done = ingest(&db, std::slice::from_ref(&dir));
    assert_eq!(done.added, 16, "{done:?}");
    let conn = gongkai_store::schema::open_existing(&db).unwrap();
    let all = stats(&conn, &Filter::default(), MIN_COUNT).unwrap();
    assert_eq!(all.rows.len(), 16);
    for r in &all.rows {
        let c = |k: &str| cell(&conn, &r.agency, r.year, k);
        assert_eq!(r.received.as_count(), c("requests.received.total"));
        assert_eq!(r.closed.as_count(), c("requests.total.total"));
        let review = c("review.total").unwrap();
        assert_eq!(r.review.as_count(), Some(review));
        let decided = review - c("review.pending").unwrap();
        let expect = (decided > 0).then(|| c("review.corrected").unwrap() as f64 / decided as f64);
        assert_eq!(r.review_corrected_rate.as_rate(), expect, "{}", r.agency);
        if r.agency == PEERS[0] {
            assert!(matches!(
                &r.granted_rate,
                Figure::NotAssessable { why: Why::Cells { cells } }
                    if cells == &vec!["requests.granted.total"]
            ));
            assert_eq!(r.peer, Peer::NotAssessable);
            continue;
        }
        let closed = c("requests.total.total").unwrap();
        let granted =
            c("requests.granted.total").unwrap() + c("requests.partly_granted.total").unwrap();
        assert_eq!(
            r.granted_rate.as_rate(),
            Some(granted as f64 / closed as f64)
        );
    }
    // The body's series: six rows, the change on the year before from the stored cells.
    let one = stats(
        &conn,
        &Filter {
            agency: Some(BODY.into()),
            ..Filter::default()
        },
        MIN_COUNT,
    )
    .unwrap();
    assert_eq!(one.rows.len(), 6);
    assert!(matches!(
        one.rows[0].received_change,
        Figure::NotAssessable {
            why: Why::NoPreviousYear
        }
    ));
    let r23 = cell(&conn, BODY, 2023, "requests.received.total").unwrap();
    let r24 = cell(&conn, BODY, 2024, "requests.received.total").unwrap();
    match &one.rows[5].received_change {
        Figure::Change { difference, .. } => assert_eq!(*difference, r24 - r23),
        other => panic!("{other:?}"),
    }
    // 2024 peers: the ranked ones are exactly the assessable departments with ≥ 20 closed,
    // rank 1 has the highest lower bound.
    let year: Vec<_> = all.rows.iter().filter(|r| r.year == 2024).collect();
    let eligible: Vec<_> = year
        .iter()
        .filter(|r| matches!(r.granted_rate, Figure::Rate { denominator, .. } if denominator >= MIN_COUNT))
        .collect();
    let ranked: Vec<_> = year
        .iter()
        .filter(|r| matches!(r.peer, Peer::Ranked { .. }))
        .collect();
    assert_eq!(ranked.len(), eligible.len());
    assert!(ranked.len() >= 2, "{}", ranked.len());
    let best = eligible
        .iter()
        .max_by(|a, b| match (&a.granted_rate, &b.granted_rate) {
            (Figure::Rate { low: x, .. }, Figure::Rate { low: y, .. }) => x.total_cmp(y),
            _ => std::cmp::Ordering::Equal,
        })
        .unwrap();
    assert!(matches!(best.peer, Peer::Ranked { rank: 1, percentile, .. } if percentile == 100.0));
    // Text and TSV outputs have a line per row.
    assert_eq!(gongkai_store::stats::tsv(&all).lines().count(), 17);
    assert!(gongkai_store::stats::table(&all, gongkai_model::Lang::Zh).contains(BODY));

    // Two years compared: the carry-over check is the stored cells'.
    let (a, b) = years_from_db(&conn, BODY, (2023, 2024)).unwrap();
    let c = gongkai_store::compare::compare(&a, &b);
    assert_eq!(c.checks.len(), 9);
    let k = &c.checks[6];
    assert_eq!(k.key, "requests.carried_over.total");
    assert_eq!(
        k.expected,
        cell(&conn, BODY, 2023, "requests.carried_forward.total")
    );
    assert_eq!(
        k.found,
        cell(&conn, BODY, 2024, "requests.carried_over.total")
    );
    let holds = k.expected == k.found;
    assert_eq!(k.verdict == Verdict::Holds, holds);
    assert!(years_from_db(&conn, BODY, (2010, 2024)).is_err());

    // The card: one page, SVG charts, no script.
    let page = gongkai_store::card::agency_card(&conn, BODY, MIN_COUNT).unwrap();
    assert!(page.contains(BODY) && page.matches("<svg").count() >= 4);
    assert!(!page.contains("<script"));
    assert!(gongkai_store::card::agency_card(&conn, "没有这个局", MIN_COUNT).is_err());
}
