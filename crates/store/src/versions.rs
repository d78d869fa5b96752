//! Versions: the reports of one body and year, oldest first. A corrected re-publication is a new
//! version; the newest (latest 落款日期, then latest fetch date, then last ingested) counts —
//! `latest = 1` — and the older ones stay visible. Copies of one file (`duplicate_of`) and
//! files that are not reports take no part.

use rusqlite::{Connection, params};

use crate::Error;

const ORDER: &str = "published IS NULL DESC, published, fetched IS NULL DESC, fetched, id";

/// Numbers the versions of `group` and `year` again.
pub fn refresh(conn: &Connection, group: &str, year: i64) -> Result<(), Error> {
    let mut select = conn.prepare_cached(&format!(
        "SELECT id FROM documents
         WHERE agency_group = ?1 AND year = ?2 AND status = 'report' AND duplicate_of IS NULL
         ORDER BY {ORDER}"
    ))?;
    let ids: Vec<i64> = select
        .query_map(params![group, year], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut update =
        conn.prepare_cached("UPDATE documents SET version = ?2, latest = ?3 WHERE id = ?1")?;
    let n = ids.len();
    for (i, id) in ids.into_iter().enumerate() {
        update.execute(params![id, i as i64 + 1, i + 1 == n])?;
    }
    Ok(())
}

/// Numbers every group's versions again (after the register changed the groups).
pub fn refresh_all(conn: &Connection) -> Result<(), Error> {
    conn.execute("UPDATE documents SET version = NULL, latest = 0", [])?;
    let mut select = conn.prepare(&format!(
        "SELECT id, agency_group, year FROM documents
         WHERE agency_group IS NOT NULL AND year IS NOT NULL AND status = 'report'
           AND duplicate_of IS NULL
         ORDER BY agency_group, year, {ORDER}"
    ))?;
    let rows: Vec<(i64, String, i64)> = select
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut update =
        conn.prepare("UPDATE documents SET version = ?2, latest = ?3 WHERE id = ?1")?;
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j < rows.len() && rows[j].1 == rows[i].1 && rows[j].2 == rows[i].2 {
            j += 1;
        }
        for (v, row) in rows[i..j].iter().enumerate() {
            update.execute(params![row.0, v as i64 + 1, i + v + 1 == j])?;
        }
        i = j;
    }
    Ok(())
}
