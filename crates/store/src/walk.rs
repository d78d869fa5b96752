//! Finding the files to ingest: folders walked recursively, ZIP archives opened, crawl manifests
//! read, and every file not taken listed with the reason (never dropped without a word).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::manifest::{self, Fetched};

/// Extensions of files taken from a folder (the readers' list); the format is then detected
/// from the content.
pub use gongkai_extract::REPORT_EXTENSIONS;

/// Most members read from one archive.
pub const MAX_ARCHIVE_MEMBERS: usize = gongkai_extract::MAX_ZIP_ENTRIES;
/// Largest member read from an archive, once inflated (the size `extract` reads at most).
pub const MAX_MEMBER_SIZE: u64 = gongkai_extract::MAX_FILE_SIZE as u64;
/// Most bytes inflated from one archive in all.
pub const MAX_ARCHIVE_TOTAL: u64 = 4 * 1024 * 1024 * 1024;

/// One file to ingest.
#[derive(Debug, Clone)]
pub struct Job {
    /// The path stored: relative to the database's folder when below it, else absolute; an
    /// archive member is `archive.zip!/dir/file.pdf`.
    pub path: String,
    /// Where the bytes are.
    pub location: Location,
    /// URL and date from a crawl manifest.
    pub fetched: Option<Fetched>,
}

/// Where a job's bytes are.
#[derive(Debug, Clone)]
pub enum Location {
    /// A file.
    File(PathBuf),
    /// Member `index` of a ZIP archive.
    Member {
        /// The archive.
        archive: PathBuf,
        /// The member's index in the archive.
        index: usize,
    },
}

/// A file that was not ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path as it would be stored.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

/// Why a file was not ingested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// A picture (a scanned page needs OCR first).
    Image,
    /// A spreadsheet.
    Spreadsheet,
    /// Another archive inside an archive.
    NestedArchive,
    /// A hidden file or folder (name starting with a dot).
    Hidden,
    /// A symbolic link that leads back into a folder being walked.
    SymlinkLoop,
    /// An archive member beyond a size or count limit.
    TooLarge,
    /// The folder or archive could not be read.
    Unreadable,
    /// Any other type.
    Other,
}

impl SkipReason {
    /// The reason in Chinese and English.
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            SkipReason::Image => ("图片", "image"),
            SkipReason::Spreadsheet => ("电子表格", "spreadsheet"),
            SkipReason::NestedArchive => ("压缩包内的压缩包", "archive inside an archive"),
            SkipReason::Hidden => ("隐藏文件", "hidden"),
            SkipReason::SymlinkLoop => ("符号链接循环", "symbolic link loop"),
            SkipReason::TooLarge => ("超出大小或数量上限", "over a size or count limit"),
            SkipReason::Unreadable => ("无法读取", "cannot be read"),
            SkipReason::Other => ("其他类型", "other type"),
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Image => "image",
            SkipReason::Spreadsheet => "spreadsheet",
            SkipReason::NestedArchive => "nested-archive",
            SkipReason::Hidden => "hidden",
            SkipReason::SymlinkLoop => "symlink-loop",
            SkipReason::TooLarge => "too-large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Other => "other",
        }
    }
}

/// What the inputs hold.
#[derive(Debug, Default)]
pub struct Found {
    /// Files to ingest, in walk order (sorted within each folder and archive).
    pub jobs: Vec<Job>,
    /// Files not taken.
    pub skipped: Vec<Skipped>,
    /// Inputs that do not exist.
    pub missing: Vec<PathBuf>,
}

/// Walks `inputs`: a folder recursively (hidden entries and `manifest.csv` aside), a `.zip`
/// archive member by member, any other file as given. Paths are stored relative to `base` (the
/// database's folder) when below it. A file reached twice is taken once.
pub fn find(inputs: &[PathBuf], base: &Path) -> Found {
    let mut found = Found::default();
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let mut manifests = Manifests::default();
    let mut seen = std::collections::BTreeSet::new();
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            found.missing.push(input.clone());
            continue;
        };
        if meta.is_dir() {
            walk_dir(input, &base, &mut manifests, &mut seen, &mut found);
        } else {
            let root = input
                .canonicalize()
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            take_file(
                input,
                &root,
                &base,
                true,
                &mut manifests,
                &mut seen,
                &mut found,
            );
        }
    }
    found
}

fn walk_dir(
    dir: &Path,
    base: &Path,
    manifests: &mut Manifests,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    found: &mut Found,
) {
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let reason = if e.loop_ancestor().is_some() {
                    SkipReason::SymlinkLoop
                } else {
                    SkipReason::Unreadable
                };
                found.skipped.push(Skipped {
                    path: stored_path(&path, base),
                    reason,
                });
                continue;
            }
        };
        let path = entry.path();
        if entry.depth() > 0 && is_hidden(entry.file_name()) {
            found.skipped.push(Skipped {
                path: stored_path(path, base),
                reason: SkipReason::Hidden,
            });
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        take_file(path, &root, base, false, manifests, seen, found);
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Why a file of this name is not taken from a folder, or `None` when it is.
fn skip_reason(name: &str) -> Option<SkipReason> {
    let ext = extension(name);
    if REPORT_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(match ext.as_str() {
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "heic" => {
            SkipReason::Image
        }
        "xls" | "xlsx" | "et" | "ods" | "csv" => SkipReason::Spreadsheet,
        "zip" | "rar" | "7z" | "gz" | "tar" => SkipReason::NestedArchive,
        _ => SkipReason::Other,
    })
}

/// Crawl manifests read so far, by folder.
type Manifests = BTreeMap<PathBuf, BTreeMap<String, Fetched>>;

#[allow(clippy::too_many_arguments)]
fn take_file(
    path: &Path,
    root: &Path,
    base: &Path,
    given: bool,
    manifests: &mut Manifests,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    found: &mut Found,
) {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical.clone()) {
        return;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stored = stored_path(path, base);
    if name.eq_ignore_ascii_case(manifest::FILE_NAME) && !given {
        return; // read with the folder's files
    }
    if extension(&name) == "zip" {
        take_archive(path, &stored, found);
        return;
    }
    if !given && let Some(reason) = skip_reason(&name) {
        found.skipped.push(Skipped {
            path: stored,
            reason,
        });
        return;
    }
    let fetched = lookup_manifest(&canonical, root, manifests);
    found.jobs.push(Job {
        path: stored,
        location: Location::File(path.to_path_buf()),
        fetched,
    });
}

/// The manifest entry of a file: from the nearest `manifest.csv` in its folder or a folder above
/// it, up to the folder the walk started from.
fn lookup_manifest(file: &Path, root: &Path, manifests: &mut Manifests) -> Option<Fetched> {
    let mut dir = file.parent()?;
    loop {
        let manifest = manifests
            .entry(dir.to_path_buf())
            .or_insert_with(|| manifest::read(&dir.join(manifest::FILE_NAME)));
        if !manifest.is_empty() {
            let rel = file
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(f) = manifest.get(&rel) {
                return Some(f.clone());
            }
        }
        if dir == root || !dir.starts_with(root) {
            return None;
        }
        dir = dir.parent()?;
    }
}

fn take_archive(path: &Path, stored: &str, found: &mut Found) {
    let archive = std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok());
    let Some(mut archive) = archive else {
        found.skipped.push(Skipped {
            path: stored.to_string(),
            reason: SkipReason::Unreadable,
        });
        return;
    };
    let mut members: Vec<(String, usize, u64)> = Vec::new();
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        let Ok(name) = entry.name() else {
            found.skipped.push(Skipped {
                path: format!("{stored}!/#{index}"),
                reason: SkipReason::Unreadable,
            });
            continue;
        };
        members.push((name.to_string(), index, entry.size()));
    }
    members.sort();
    let mut total = 0u64;
    for (i, (name, index, size)) in members.into_iter().enumerate() {
        let member_path = format!("{stored}!/{name}");
        let file_name = name.rsplit('/').next().unwrap_or(&name);
        total = total.saturating_add(size);
        let reason =
            if i >= MAX_ARCHIVE_MEMBERS || size > MAX_MEMBER_SIZE || total > MAX_ARCHIVE_TOTAL {
                Some(SkipReason::TooLarge)
            } else if name.split('/').any(|part| part.starts_with('.')) {
                Some(SkipReason::Hidden)
            } else {
                skip_reason(file_name)
            };
        match reason {
            Some(reason) => found.skipped.push(Skipped {
                path: member_path,
                reason,
            }),
            None => found.jobs.push(Job {
                path: member_path,
                location: Location::Member {
                    archive: path.to_path_buf(),
                    index,
                },
                fetched: None,
            }),
        }
    }
}

/// The path as stored: relative to `base` when below it (so a corpus beside its database can
/// be moved with it), else absolute; `/` separators.
pub fn stored_path(path: &Path, base: &Path) -> String {
    let abs = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => std::env::current_dir().map_or(path.to_path_buf(), |d| d.join(path)),
    };
    let shown = abs.strip_prefix(base).map_or(abs.as_path(), |p| p);
    shown.to_string_lossy().replace('\\', "/")
}

/// Reads a job's bytes: a file, or an archive member inflated to at most [`MAX_MEMBER_SIZE`].
/// `cache` keeps the last archive open (members of one archive are consecutive jobs).
pub fn read(
    location: &Location,
    cache: &mut Option<(PathBuf, zip::ZipArchive<std::io::BufReader<std::fs::File>>)>,
) -> std::io::Result<Vec<u8>> {
    match location {
        Location::File(p) => std::fs::read(p),
        Location::Member { archive, index } => {
            if cache.as_ref().is_none_or(|(p, _)| p != archive) {
                let f = std::io::BufReader::new(std::fs::File::open(archive)?);
                let zip = zip::ZipArchive::new(f).map_err(std::io::Error::other)?;
                *cache = Some((archive.clone(), zip));
            }
            let Some((_, zip)) = cache.as_mut() else {
                return Err(std::io::Error::other("archive not open"));
            };
            let entry = zip.by_index(*index).map_err(std::io::Error::other)?;
            let mut bytes = Vec::new();
            entry.take(MAX_MEMBER_SIZE + 1).read_to_end(&mut bytes)?;
            if bytes.len() as u64 > MAX_MEMBER_SIZE {
                return Err(std::io::Error::other(format!(
                    "archive member larger than {MAX_MEMBER_SIZE} bytes"
                )));
            }
            Ok(bytes)
        }
    }
}
