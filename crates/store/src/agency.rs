//! The agency register: the bodies a supervising office expects reports from (name,
//! 统一社会信用代码, 行政区划代码, parent body, kind, aliases), matched against the names reports
//! give themselves. Exact names and aliases first; a name with higher-level places in front
//! (淮安市洪泽区人民政府 = 洪泽区人民政府, `gongkai_check::same_agency`) as the fallback.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::Error;

/// What kind of body an agency is, for the 第四十九条 deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A people's government (its own report is due 3月31日).
    Government,
    /// A department (due 1月31日).
    Department,
}

impl Kind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Government => "government",
            Kind::Department => "department",
        }
    }

    /// Reads `government`/`department` or 政府/部门 (and a few obvious variants).
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "government" | "政府" | "人民政府" | "gov" => Some(Kind::Government),
            "department" | "部门" | "dept" => Some(Kind::Department),
            _ => None,
        }
    }
}

/// One body of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// The official name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: Option<String>,
    /// 行政区划代码.
    pub region_code: Option<String>,
    /// The parent body as the register gives it (a credit code or a name).
    pub parent: Option<String>,
    /// Government or department.
    pub kind: Option<Kind>,
    /// Other names the body's reports use.
    pub aliases: Vec<String>,
}

/// A register in memory, indexed for matching names.
#[derive(Debug, Default)]
pub struct Register {
    /// The bodies.
    pub agencies: Vec<Agency>,
    exact: BTreeMap<String, Vec<usize>>,
    by_key: BTreeMap<String, Vec<usize>>,
}

/// How a report's name matched the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The name or an alias, exactly (spaces aside).
    Exact(usize),
    /// The name with higher-level places in front, or without them.
    Loose(usize),
}

impl Match {
    /// The index of the body matched.
    pub fn index(self) -> usize {
        match self {
            Match::Exact(i) | Match::Loose(i) => i,
        }
    }
}

impl Register {
    /// A register of `agencies`.
    pub fn new(agencies: Vec<Agency>) -> Register {
        let mut r = Register {
            agencies,
            ..Register::default()
        };
        for (i, a) in r.agencies.iter().enumerate() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                let n = squeeze(n);
                r.by_key.entry(agency_key(&n)).or_default().push(i);
                r.exact.entry(n).or_default().push(i);
            }
        }
        for v in r.exact.values_mut().chain(r.by_key.values_mut()) {
            v.dedup();
        }
        r
    }

    /// The register stored in the database.
    pub fn load(conn: &Connection) -> Result<Register, Error> {
        let mut aliases: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        let mut stmt =
            conn.prepare("SELECT agency_id, alias FROM agency_aliases ORDER BY alias")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, alias) = row?;
            aliases.entry(id).or_default().push(alias);
        }
        let mut stmt = conn.prepare(
            "SELECT id, name, credit_code, region_code, parent, kind FROM agencies ORDER BY id",
        )?;
        let agencies = stmt
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                Ok(Agency {
                    id,
                    name: r.get(1)?,
                    credit_code: r.get(2)?,
                    region_code: r.get(3)?,
                    parent: r.get(4)?,
                    kind: r
                        .get::<_, Option<String>>(5)?
                        .as_deref()
                        .and_then(Kind::parse),
                    aliases: Vec::new(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let agencies = agencies
            .into_iter()
            .map(|mut a| {
                a.aliases = aliases.remove(&a.id).unwrap_or_default();
                a
            })
            .collect();
        Ok(Register::new(agencies))
    }

    /// True when the register is empty.
    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    /// The body a report's name denotes: its name or an alias exactly, else the one body whose
    /// name differs only by higher-level places in front. `None` when nothing or more than one
    /// body fits.
    pub fn find(&self, name: &str) -> Option<Match> {
        let n = squeeze(name);
        if let Some(v) = self.exact.get(&n) {
            return (v.len() == 1).then(|| Match::Exact(v[0]));
        }
        let fits = self.loose_candidates(&n);
        (fits.len() == 1).then(|| Match::Loose(fits[0]))
    }

    fn loose_candidates(&self, n: &str) -> Vec<usize> {
        let mut fits: Vec<usize> = self
            .by_key
            .get(&agency_key(n))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let a = &self.agencies[i];
                std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .any(|m| gongkai_check::same_agency(n, m))
            })
            .collect();
        fits.sort_unstable();
        fits.dedup();
        fits
    }

    /// The bodies a name most likely means, best first (at most `max`): the ones that fit
    /// loosely, then names sharing most of their character pairs (Dice coefficient ≥ 0.5).
    pub fn likely(&self, name: &str, max: usize) -> Vec<(usize, f64)> {
        let n = squeeze(name);
        let mut out: Vec<(usize, f64)> = self
            .loose_candidates(&n)
            .into_iter()
            .map(|i| (i, 1.0))
            .collect();
        let mut scored: Vec<(usize, f64)> = self
            .agencies
            .iter()
            .enumerate()
            .filter(|(i, _)| !out.iter().any(|(j, _)| j == i))
            .map(|(i, a)| {
                let best = std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(|m| similarity(&n, &squeeze(m)))
                    .fold(0.0, f64::max);
                (i, best)
            })
            .filter(|&(_, s)| s >= 0.5)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.extend(scored);
        out.truncate(max);
        out
    }

    /// The body with this credit code or name.
    pub fn by_code_or_name(&self, s: &str) -> Option<usize> {
        let s = s.trim();
        self.agencies
            .iter()
            .position(|a| a.credit_code.as_deref() == Some(s))
            .or_else(|| self.exact.get(&squeeze(s)).and_then(|v| v.first().copied()))
    }
}

/// The name without spaces.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The name without the higher-level places in front (淮安市洪泽区人民政府 → 洪泽区人民政府): names
/// of one body share this key, so matching is a lookup before the exact comparison. A leading
/// place is taken off only while another place remains (临泉市人民政府 stays whole; the 市 of
/// 市场 is no place).
pub fn agency_key(name: &str) -> String {
    const PLACES: &[char] = &['省', '市', '县', '区', '州', '盟', '旗'];
    let name = squeeze(name);
    let mut n: &str = &name;
    while let Some(i) = n.find(['省', '市', '州', '盟']) {
        let rest = &n[i + '市'.len_utf8()..];
        let another_place = rest
            .char_indices()
            .any(|(j, c)| PLACES.contains(&c) && !rest[j..].starts_with("市场"));
        if rest.chars().count() < 4 || !another_place {
            break;
        }
        n = rest;
    }
    n.to_string()
}

fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How alike two names are: the Dice coefficient of their character pairs once the ending they
/// share (人民政府, 局…) is taken off, so that a shared kind of body does not make two places alike.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let common = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - common], &b[..b.len() - common]);
    if a.is_empty() || b.is_empty() {
        return if common > 0 { 0.9 } else { 0.0 };
    }
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// A register file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{zh}")]
pub struct RegisterError {
    /// Chinese message.
    pub zh: String,
    /// English message.
    pub en: String,
}

/// Reads a register CSV: a header row with `name` (or 名称) and optionally `credit_code`
/// (统一社会信用代码), `region_code` (行政区划代码), `parent` (上级机关), `kind` (类型:
/// government/department, 政府/部门) and `aliases` (别名, separated by `;`, `；` or `|`).
pub fn read_register(path: &Path) -> Result<Vec<Agency>, RegisterError> {
    let bytes = std::fs::read(path).map_err(|e| RegisterError {
        zh: format!("无法读取 {}：{e}", path.display()),
        en: format!("cannot read {}: {e}", path.display()),
    })?;
    parse_register(&bytes).map_err(|(zh, en)| RegisterError {
        zh: format!("{}：{zh}", path.display()),
        en: format!("{}: {en}", path.display()),
    })
}

/// Parses register CSV bytes (see [`read_register`]); the error is (Chinese, English).
pub fn parse_register(bytes: &[u8]) -> Result<Vec<Agency>, (String, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| ("表头无法读取".to_string(), format!("bad header: {e}")))?
        .clone();
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let name = col(&["name", "名称", "机关名称"]).ok_or_else(|| {
        (
            "缺少 name（名称）列".to_string(),
            "no `name` column".to_string(),
        )
    })?;
    let code = col(&["credit_code", "统一社会信用代码"]);
    let region = col(&["region_code", "行政区划代码"]);
    let parent = col(&["parent", "上级机关"]);
    let kind = col(&["kind", "类型"]);
    let aliases = col(&["aliases", "别名"]);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            (
                format!("第 {} 行无法读取：{e}", i + 2),
                format!("line {}: {e}", i + 2),
            )
        })?;
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(n) = get(Some(name)) else { continue };
        let k = match get(kind) {
            None => None,
            Some(k) => Some(Kind::parse(&k).ok_or_else(|| {
                (
                    format!(
                        "第 {} 行：类型“{k}”应为 government（政府）或 department（部门）",
                        i + 2
                    ),
                    format!(
                        "line {}: kind “{k}” must be government or department",
                        i + 2
                    ),
                )
            })?),
        };
        out.push(Agency {
            id: 0,
            name: n,
            credit_code: get(code),
            region_code: get(region),
            parent: get(parent),
            kind: k,
            aliases: get(aliases)
                .map(|a| {
                    a.split([';', '；', '|'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// Bodies added.
    pub added: usize,
    /// Bodies already there (same credit code, or same name without one), updated.
    pub updated: usize,
    /// Report documents matched to a body afterwards.
    pub matched_documents: usize,
}

/// Stores `agencies` (updating those with the same credit code, or name), resolves parents,
/// then matches every stored document against the register again.
pub fn import(conn: &mut Connection, agencies: &[Agency]) -> Result<Imported, Error> {
    let tx = conn.transaction()?;
    let mut done = Imported::default();
    for a in agencies {
        let existing: Option<i64> = match &a.credit_code {
            Some(code) => tx
                .query_row(
                    "SELECT id FROM agencies WHERE credit_code = ?1",
                    [code],
                    |r| r.get(0),
                )
                .optional()?,
            None => tx
                .query_row(
                    "SELECT id FROM agencies WHERE name = ?1 AND credit_code IS NULL",
                    [&a.name],
                    |r| r.get(0),
                )
                .optional()?,
        };
        let kind = a.kind.map(Kind::as_str);
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE agencies SET name = ?2, region_code = ?3, parent = ?4, kind = ?5
                     WHERE id = ?1",
                    params![id, a.name, a.region_code, a.parent, kind],
                )?;
                done.updated += 1;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO agencies(name, credit_code, region_code, parent, kind)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![a.name, a.credit_code, a.region_code, a.parent, kind],
                )?;
                done.added += 1;
                tx.last_insert_rowid()
            }
        };
        tx.execute("DELETE FROM agency_aliases WHERE agency_id = ?1", [id])?;
        for alias in &a.aliases {
            tx.execute(
                "INSERT OR IGNORE INTO agency_aliases(alias, agency_id) VALUES (?1, ?2)",
                params![alias, id],
            )?;
        }
    }
    let register = Register::load(&tx)?;
    for a in &register.agencies {
        let parent = a
            .parent
            .as_deref()
            .and_then(|p| register.by_code_or_name(p))
            .map(|i| register.agencies[i].id);
        tx.execute(
            "UPDATE agencies SET parent_id = ?2 WHERE id = ?1",
            params![a.id, parent],
        )?;
    }
    done.matched_documents = rematch(&tx, &register)?;
    tx.commit()?;
    Ok(done)
}

/// The group a document's versions are counted in: the register's body when matched, else the
/// name as printed (spaces aside) — never a shortened name, which two bodies may share.
pub fn group(agency_id: Option<i64>, agency: Option<&str>) -> Option<String> {
    match (agency_id, agency) {
        (Some(id), _) => Some(format!("#{id}")),
        (None, Some(a)) if !squeeze(a).is_empty() => Some(squeeze(a)),
        _ => None,
    }
}

/// Matches every document's agency name against `register` again and recomputes the versions.
fn rematch(conn: &Connection, register: &Register) -> Result<usize, Error> {
    let docs: Vec<(i64, Option<String>)> = conn
        .prepare("SELECT id, agency FROM documents WHERE agency IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut matched = 0;
    let mut update =
        conn.prepare("UPDATE documents SET agency_id = ?2, agency_group = ?3 WHERE id = ?1")?;
    for (id, agency) in docs {
        let agency_id = agency
            .as_deref()
            .and_then(|a| register.find(a))
            .map(|m| register.agencies[m.index()].id);
        matched += usize::from(agency_id.is_some());
        update.execute(params![id, agency_id, group(agency_id, agency.as_deref())])?;
    }
    crate::versions::refresh_all(conn)?;
    Ok(matched)
}

/// A report name no body of the register matched, with the bodies it most likely means.
#[derive(Debug, Clone, Serialize)]
pub struct Unmatched {
    /// The name as the reports print it.
    pub name: String,
    /// How many report documents use it.
    pub documents: usize,
    /// Likely bodies: name, credit code, score (1 = differs only by places in front).
    pub likely: Vec<(String, Option<String>, f64)>,
}

/// Every report agency name the register does not match, sorted by name.
pub fn unmatched(conn: &Connection) -> Result<Vec<Unmatched>, Error> {
    let register = Register::load(conn)?;
    let mut stmt = conn.prepare(
        "SELECT agency, count(*) FROM documents
         WHERE agency_id IS NULL AND agency IS NOT NULL AND duplicate_of IS NULL
           AND status IN ('report', 'damaged')
         GROUP BY agency ORDER BY agency",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, n) = row?;
        let likely = register
            .likely(&name, 3)
            .into_iter()
            .map(|(i, s)| {
                let a = &register.agencies[i];
                (a.name.clone(), a.credit_code.clone(), s)
            })
            .collect();
        out.push(Unmatched {
            name,
            documents: n as usize,
            likely,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(name: &str, aliases: &[&str]) -> Agency {
        Agency {
            id: 0,
            name: name.to_string(),
            credit_code: None,
            region_code: None,
            parent: None,
            kind: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn names_match_exactly_by_alias_and_loosely() {
        let r = Register::new(vec![
            agency("淮安市洪泽区人民政府", &[]),
            agency("淮安市洪泽区市场监督管理局", &["洪泽区市监局"]),
            agency("淮安市人民政府", &[]),
        ]);
        assert_eq!(r.find("淮安市洪泽区人民政府"), Some(Match::Exact(0)));
        assert_eq!(r.find("洪泽区人民政府"), Some(Match::Loose(0)));
        assert_eq!(r.find("江苏省淮安市洪泽区人民政府"), Some(Match::Loose(0)));
        assert_eq!(r.find("洪泽区 市监局"), Some(Match::Exact(1)));
        assert_eq!(r.find("淮安市人民政府"), Some(Match::Exact(2)));
        assert_eq!(r.find("洪泽区教育局"), None);
        let likely = r.likely("洪泽区市场监管局", 3);
        assert_eq!(likely.first().map(|l| l.0), Some(1));
    }

    #[test]
    fn keys_drop_only_places_in_front() {
        assert_eq!(agency_key("淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(agency_key("江苏省淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(agency_key("临泉市人民政府"), "临泉市人民政府");
        assert_eq!(agency_key("青禾县市场监督管理局"), "青禾县市场监督管理局");
        assert_eq!(
            agency_key("淮安市洪泽区市场监督管理局"),
            "洪泽区市场监督管理局"
        );
        assert_eq!(
            group(None, Some("临泉市 人民政府")).as_deref(),
            Some("临泉市人民政府")
        );
        assert_eq!(group(Some(3), Some("x")).as_deref(), Some("#3"));
    }

    #[test]
    fn two_bodies_of_one_short_name_match_neither() {
        let r = Register::new(vec![
            agency("甲市城关区人民政府", &[]),
            agency("乙市城关区人民政府", &[]),
        ]);
        assert_eq!(r.find("城关区人民政府"), None);
        assert_eq!(r.likely("城关区人民政府", 3).len(), 2);
    }

    #[test]
    fn register_csv_in_english_or_chinese_headers() {
        let a = parse_register(
            "名称,统一社会信用代码,行政区划代码,上级机关,类型,别名\n\
             青禾县人民政府,11000000000000001X,320801,,政府,青禾县政府；青禾县府\n\
             青禾县教育局,11000000000000002X,320801,11000000000000001X,department,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].kind, Some(Kind::Government));
        assert_eq!(a[0].aliases, vec!["青禾县政府", "青禾县府"]);
        assert_eq!(a[1].parent.as_deref(), Some("11000000000000001X"));
        assert!(parse_register(b"name,kind\nx,ministry\n").is_err());
        assert!(parse_register(b"title\nx\n").is_err());
    }
}
