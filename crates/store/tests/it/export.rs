//! The export read back by DuckDB (the PyPI `duckdb` package): totals equal the database's.

use std::process::Command;

use gongkai_store::export::{Format, export};
use gongkai_store::synthetic::write_corpus;

use crate::{TempDir, ingest, one, require};

fn duckdb_available() -> bool {
    Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `sql` in DuckDB inside `dir`; the first row's values, as text.
fn duckdb(dir: &std::path::Path, sql: &str) -> Vec<String> {
    let script = format!(
        "import duckdb\nrow = duckdb.connect().execute({sql:?}).fetchall()[0]\nprint('\\t'.join('' if v is None else str(v) for v in row))"
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end()
        .split('\t')
        .map(str::to_string)
        .collect()
}

#[test]
fn duckdb_reads_the_export_with_the_database_totals() {
    if !require(
        "the PyPI duckdb package (pip install duckdb)",
        duckdb_available(),
    ) {
        return;
    }
    let t = TempDir::new("export");
    let corpus = t.join("corpus");
    // Years 2019 to 2021: both templates.
    write_corpus(&corpus, 100..400, 2).unwrap();
    let db = t.join("c.db");
    ingest(&db, std::slice::from_ref(&corpus));
    let reports: i64 = one(
        &db,
        "SELECT count(*) FROM documents WHERE status = 'report'",
    );
    let received: i64 = one(
        &db,
        "SELECT sum(count) FROM cell_values v JOIN documents d ON d.id = v.document_id
         WHERE d.status = 'report' AND v.key = 'requests.received.total'",
    );
    let cells: i64 = one(&db, "SELECT count(*) FROM cells");
    let findings: i64 = one(&db, "SELECT count(*) FROM findings");
    let documents: i64 = one(&db, "SELECT count(*) FROM documents");
    // The 2021 fee in 万元 and the 2019 procurement amount in 万元, summed exactly by SQLite's
    // decimal-free path: as integers of 0.01.
    let fees: i64 = one(
        &db,
        "SELECT sum(CAST(round(CAST(amount AS REAL) * 100) AS INTEGER)) FROM cell_values
         WHERE key = 'active.fees.amount'",
    );
    let conn = gongkai_store::schema::open_existing(&db).unwrap();
    let out = t.join("out");
    export(&conn, &out, Format::Parquet, false).unwrap();
    let got = duckdb(
        &out,
        "SELECT count(*), sum(\"requests.received.total\"), CAST(sum(\"active.fees.amount\") * 100 AS BIGINT),
                typeof(sum(\"active.fees.amount\")), (SELECT count(*) FROM 'cells.parquet'),
                (SELECT count(*) FROM 'findings.parquet'), (SELECT count(*) FROM 'documents.parquet'),
                (SELECT typeof(\"meta.published\") FROM 'reports.parquet' LIMIT 1)
         FROM 'reports.parquet'",
    );
    assert_eq!(got[0], reports.to_string());
    assert_eq!(got[1], received.to_string());
    assert_eq!(got[2], fees.to_string());
    assert!(got[3].starts_with("DECIMAL"), "{}", got[3]);
    assert_eq!(
        got[4..7],
        [
            cells.to_string(),
            findings.to_string(),
            documents.to_string()
        ]
    );
    assert_eq!(got[7], "DATE");

    // Partitioned by year, Hive style: the same totals, and the year comes from the folders.
    let parts = t.join("parts");
    export(&conn, &parts, Format::Parquet, true).unwrap();
    let got = duckdb(
        &parts,
        "SELECT count(*), sum(\"requests.received.total\"), count(DISTINCT year),
                bool_and(year = \"meta.year\")
         FROM read_parquet('reports/*/*.parquet', hive_partitioning = true)",
    );
    let years: i64 = one(
        &db,
        "SELECT count(DISTINCT year) FROM documents WHERE status = 'report'",
    );
    assert_eq!(
        got,
        [
            reports.to_string(),
            received.to_string(),
            years.to_string(),
            "True".into()
        ]
    );

    // CSV: the same totals.
    let csv = t.join("csv");
    export(&conn, &csv, Format::Csv, false).unwrap();
    let got = duckdb(
        &csv,
        "SELECT count(*), sum(\"requests.received.total\") FROM read_csv('reports.csv', header = true)",
    );
    assert_eq!(got, [reports.to_string(), received.to_string()]);
}
