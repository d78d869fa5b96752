//! Lists `calendar/*.toml` for `include_str!`, so that adding a year is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not baked in when it is built: a build directory moved to
    // another checkout must still find this one's calendar.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("calendar");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/ledger/calendar is readable")
        .map(|e| e.expect("a calendar entry is readable").file_name())
        .filter_map(|n| n.into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The calendar data files `(name, contents)`, in name (year) order.\n\
         pub(crate) const FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("calendar_files.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
