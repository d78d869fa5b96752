//! Which files a list of paths names: folders are walked (recursively, in sorted order, symlinks
//! followed with loops detected), the report files in them taken by extension (the format is then
//! detected from the content), and everything else listed as skipped — never dropped unsaid.

use std::path::{Path, PathBuf};

/// File extensions taken from a folder (the readers' list).
use gongkai_extract::REPORT_EXTENSIONS;

/// How deep a folder walk goes.
const MAX_DEPTH: usize = 16;

/// The files to read, and the files of the folders that were not taken.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order: each path given, or the report files of each folder, sorted.
    /// A file named twice (also through a symlink) is read once.
    pub files: Vec<String>,
    /// Files of the folders that were not taken, with why.
    pub skipped: Vec<Skipped>,
}

/// A file of a folder that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its path.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

/// Why a file of a folder was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Its extension is no report format (an image, a spreadsheet, an archive …).
    NotAReportType,
    /// A symlink that leads back into a folder being walked.
    SymlinkLoop,
    /// It could not be listed (permissions, a dangling link).
    Unlisted,
    /// Deeper than the walk goes.
    TooDeep,
}

/// Files that belong to gongkai or to the repository rather than to the reports: the expected
/// cells of the examples, the configuration, READMEs and hidden files.
fn is_own_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || lower.ends_with(".cells.tsv")
        || lower == "gongkai.toml"
        || lower.starts_with("readme")
}

/// Expands folders into the report files below them; files are kept as given.
pub fn expand(paths: &[String]) -> Expanded {
    let mut out = Expanded::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut take = |out: &mut Expanded, path: String| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| PathBuf::from(&path));
        if path == "-" || seen.insert(key) {
            out.files.push(path);
        }
    };
    for p in paths {
        let path = Path::new(p);
        if p == "-" || !path.is_dir() {
            take(&mut out, p.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .max_depth(MAX_DEPTH)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_own_file(&e.file_name().to_string_lossy()));
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {
                    if e.depth() == MAX_DEPTH {
                        out.skipped.push(Skipped {
                            path: e.path().to_string_lossy().into_owned(),
                            reason: SkipReason::TooDeep,
                        });
                    }
                }
                Ok(e) => {
                    let taken = e
                        .path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| {
                            REPORT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                        });
                    let path = e.path().to_string_lossy().into_owned();
                    if taken {
                        found.push(path);
                    } else {
                        out.skipped.push(Skipped {
                            path,
                            reason: SkipReason::NotAReportType,
                        });
                    }
                }
                Err(err) => out.skipped.push(Skipped {
                    path: err
                        .path()
                        .map_or_else(String::new, |p| p.to_string_lossy().into_owned()),
                    reason: if err.loop_ancestor().is_some() {
                        SkipReason::SymlinkLoop
                    } else {
                        SkipReason::Unlisted
                    },
                }),
            }
        }
        found.sort();
        for f in found {
            take(&mut out, f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gongkai-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("sub")).unwrap();
        d
    }

    #[test]
    fn reports_are_taken_sorted_and_the_rest_listed() {
        let d = dir("sorted");
        for f in [
            "b.txt",
            "a.PDF",
            "sub/c.docx",
            "photo.gif",
            "README.md",
            "x.cells.tsv",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let e = expand(&[d.to_string_lossy().into_owned()]);
        let names: Vec<String> = e
            .files
            .iter()
            .map(|f| f.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a.PDF", "b.txt", "c.docx"]);
        assert_eq!(e.skipped.len(), 1, "{:?}", e.skipped);
        assert!(e.skipped[0].path.ends_with("photo.gif"));
        assert_eq!(e.skipped[0].reason, SkipReason::NotAReportType);
        std::fs::remove_dir_all(d).ok();
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_followed_once_and_duplicates_read_once() {
        let d = dir("loop");
        std::fs::write(d.join("sub/r.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&d, d.join("sub/back")).unwrap();
        std::os::unix::fs::symlink(d.join("sub/r.txt"), d.join("alias.txt")).unwrap();
        let root = d.to_string_lossy().into_owned();
        let file = d.join("sub/r.txt").to_string_lossy().into_owned();
        let e = expand(&[root, file]);
        assert_eq!(e.files.len(), 1, "{:?}", e.files);
        assert!(
            e.skipped
                .iter()
                .any(|s| s.reason == SkipReason::SymlinkLoop),
            "{:?}",
            e.skipped
        );
        std::fs::remove_dir_all(d).ok();
    }
}
