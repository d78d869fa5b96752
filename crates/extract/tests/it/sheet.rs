//! A spreadsheet another program wrote: an XLSX made by PyPI `openpyxl` (the library much Python
//! tooling writes Excel files with: shared strings, dates as serials with a date format, a second
//! sheet) reads back to its rows.

use std::process::Command;

use gongkai_extract::sheet::read_sheet;
use gongkai_testkit::require;

const SCRIPT: &str = r#"
import datetime, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "台账"
ws.append(["编号", "收到日期", "申请内容", "延期"])
ws.append(["2024-001", datetime.date(2024, 3, 5), "关于某项目的环评批复，及附件", "否"])
ws.append([])
ws.append([17, datetime.datetime(2024, 12, 31, 9, 30), "某路段 & 改造计划", "是"])
wb.create_sheet("说明").append(["不读这一页"])
wb.save(sys.argv[1])
"#;

#[test]
fn an_openpyxl_workbook_reads_back() {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !require("python3 with PyPI openpyxl (to write an XLSX)", ok) {
        return;
    }
    let path = std::env::temp_dir().join(format!("gongkai-sheet-{}.xlsx", std::process::id()));
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let sheet = read_sheet(&bytes).unwrap();
    assert_eq!(sheet.format, "XLSX (台账)");
    let rows: Vec<(u32, Vec<&str>)> = sheet
        .rows
        .iter()
        .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        rows,
        [
            (1, vec!["编号", "收到日期", "申请内容", "延期"]),
            (
                2,
                vec![
                    "2024-001",
                    "2024-03-05",
                    "关于某项目的环评批复，及附件",
                    "否"
                ]
            ),
            (4, vec!["17", "2024-12-31", "某路段 & 改造计划", "是"]),
        ]
    );
}
