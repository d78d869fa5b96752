//! Importing a 台账: a good one whole, a bad one not at all with every bad row named by row and
//! column, a late answer as a warning — on both stores.

use gongkai_ledger::import::{ImportError, SheetRow};
use gongkai_ledger::{Actor, Stage};

use crate::backends::TestDb;
use crate::both;

fn rows(lines: &[&str]) -> Vec<SheetRow> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| SheetRow {
            number: u32::try_from(i).unwrap() + 1,
            cells: l.split(',').map(str::to_string).collect(),
        })
        .collect()
}

const HEADER: &str = "编号,收到日期,申请方式,申请人类型,申请内容,补正告知日期,补正收到日期,延期,征求意见开始,征求意见结束,答复日期,办理结果,申请人,联系电话";

fn good() -> Vec<SheetRow> {
    rows(&[
        "青禾县市场监督管理局政府信息公开申请台账（2024年）",
        HEADER,
        "2024-001,2024-01-08,网络,自然人,食品抽检结果,,,否,,,2024-01-22,予以公开,张三,13812345678",
        "2024-002,2024/2/1,邮寄,商业企业,某企业行政处罚决定书,2024/2/5,2024/2/19,,,,2024/3/1,部分公开,,",
        "2024-003,2024年3月4日,当面,法律服务机构,某案卷,,,是,2024-03-11,2024-03-20,2024-04-25,属于行政执法案卷,李律师,",
        "2024-004,2024-12-20,信函,自然人,某文件,,,,,,,,王五,0571-88886666",
        "2024-005,2024-05-06,传真,其他,某统计数据,,,,,,2024-05-08,撤回,,",
        "2024-006,2024-06-03,网络,自然人,某批复,,,否,,,2024-07-15,本机关不掌握相关政府信息,,",
        ",,,,,,,,,,,,,",
    ])
}

fn a_good_ledger_imports_whole(t: &mut TestDb) {
    let db = &mut t.db;
    let a = Actor::new("导入员");
    db.add_agency(&a, "qh", "青禾县市场监督管理局").unwrap();
    let mut l = db.ledger("qh").unwrap();
    let done = l.import(&a, "台账.csv", &good(), "").unwrap();
    assert_eq!(done.requests, 6);
    assert_eq!(done.persons, 3);
    assert_eq!(done.events, 6 + 2 + 1 + 2 + 1 + 4);
    // 2024-006: received 3 June, due 1 July (端午 10 June off); answered 15 July: late.
    let late: Vec<_> = done.warnings.iter().filter(|w| w.row == 8).collect();
    assert_eq!(late.len(), 1, "{:?}", done.warnings);
    assert!(
        late[0].text().zh.contains("晚于答复期限"),
        "{}",
        late[0].text().zh
    );
    let v = l.request("2024-003").unwrap();
    assert!(v.state.extended.is_some());
    assert_eq!(v.events[0].reason, "导入 台账.csv 第 5 行");
    assert_eq!(l.request("2024-004").unwrap().state.stage(), Stage::Open);
    assert_eq!(
        l.request("2024-005").unwrap().state.stage(),
        Stage::Withdrawn
    );
    let r = l.report(2024).unwrap();
    let cells = gongkai_model::cells::cells(&r.report);
    let get = |k: &str| cells.iter().find(|(x, _)| x == k).unwrap().1.clone();
    assert_eq!(get("requests.received.total"), "6");
    assert_eq!(get("requests.granted.natural"), "1");
    assert_eq!(get("requests.partly_granted.commercial"), "1");
    assert_eq!(get("requests.denied.enforcement_file.legal"), "1");
    assert_eq!(get("requests.other.other.other_org"), "1");
    assert_eq!(get("requests.unavailable.not_held.natural"), "1");
    assert_eq!(get("requests.carried_forward.natural"), "1");
    // The same file again: every number is already there, nothing added.
    let again = l.import(&a, "台账.csv", &good(), "").unwrap_err();
    let ImportError::Rows(errors) = again else {
        panic!("{again:?}");
    };
    assert_eq!(errors.len(), 6);
    assert!(errors[0].text().zh.contains("已在台账中"));
}

fn a_bad_row_imports_nothing(t: &mut TestDb) {
    let db = &mut t.db;
    let a = Actor::new("导入员");
    db.add_agency(&a, "qh", "青禾县市场监督管理局").unwrap();
    let mut l = db.ledger("qh").unwrap();
    let mut bad = good();
    bad[2].cells[11] = "不予公开".into();
    bad[3].cells[2] = "微信".into();
    bad[4].cells[1] = "2024-02-30".into();
    bad[5].cells[11] = "不予公开".into();
    bad[6].cells[0] = "2024-001".into();
    bad[7].cells[5] = "2024-05-01".into();
    let e = l.import(&a, "台账.csv", &bad, "").unwrap_err();
    let ImportError::Rows(errors) = e else {
        panic!("{e:?}");
    };
    let found: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        found,
        [
            (3, "办理结果"),
            (4, "申请方式"),
            (5, "收到日期"),
            (6, "答复日期"),
            (7, "编号"),
            (8, "补正告知日期"),
        ]
    );
    assert_eq!(
        errors[1].text().zh,
        "第 4 行“申请方式”列：“微信”不是申请方式；可填：当面、邮寄、信函、网络、传真"
    );
    assert!(
        errors[0].text().zh.contains("属于国家秘密"),
        "{}",
        errors[0].text().zh
    );
    assert!(
        l.list(
            gongkai_ledger::Date::from_ymd(2024, 12, 31).unwrap(),
            gongkai_ledger::ListFilter {
                due_within: None,
                all: true
            }
        )
        .unwrap()
        .is_empty()
    );
    let no_header = rows(&["编号,申请内容", "1,x"]);
    let ImportError::Rows(e) = l.import(&a, "x.csv", &no_header, "").unwrap_err() else {
        panic!();
    };
    assert!(e[0].text().zh.contains("找不到表头"));
    let missing = rows(&["编号,收到日期,申请内容", "1,2024-01-01,x"]);
    let ImportError::Rows(e) = l.import(&a, "x.csv", &missing, "").unwrap_err() else {
        panic!();
    };
    assert!(e[0].text().zh.contains("申请方式"), "{}", e[0].text().zh);
}

both!(a_good_ledger_imports_whole, a_bad_row_imports_nothing);
