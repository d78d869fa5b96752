//! The ledger at scale: 100,000 requests in a year imported into SQLite (and PostgreSQL when
//! `GONGKAI_TEST_POSTGRES` names a server), then the year's report, a drill-down and the list of
//! what is due, each timed as the median of several runs.
//!
//! `cargo bench -p gongkai-ledger` (`-- N` for another number of requests).

use std::time::{Duration, Instant};

use gongkai_ledger::import::SheetRow;
use gongkai_ledger::{Actor, Date, Db, ListFilter};

const OUTCOMES: &[&str] = &[
    "予以公开",
    "予以公开",
    "予以公开",
    "部分公开",
    "本机关不掌握相关政府信息",
    "属于行政执法案卷",
    "属于四类过程性信息",
    "信访举报投诉类申请",
    "没有现成信息需要另行制作",
    "撤回",
    "重复申请",
];
const CHANNELS: &[&str] = &["网络", "网络", "邮寄", "当面", "信函", "传真"];
const APPLICANTS: &[&str] = &[
    "自然人",
    "自然人",
    "自然人",
    "商业企业",
    "法律服务机构",
    "其他",
];

/// A deterministic 台账 of `n` requests received in 2024.
fn rows(n: usize) -> Vec<SheetRow> {
    let header = "编号,收到日期,申请方式,申请人类型,申请内容,补正告知日期,补正收到日期,延期,征求意见开始,征求意见结束,答复日期,办理结果";
    let mut out = vec![SheetRow {
        number: 1,
        cells: header.split(',').map(str::to_string).collect(),
    }];
    let first = Date::from_ymd(2024, 1, 2).unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let received = first.add_days((next() % 360) as i32);
        let r = next();
        let mut base = received;
        let (asked, back) = if r % 13 == 0 {
            base = received.add_days(9);
            (received.add_days(3).to_string(), base.to_string())
        } else {
            (String::new(), String::new())
        };
        let (sent, opinion) = if r % 17 == 0 {
            let sent = base.add_days(3);
            base = sent.add_days(8);
            (sent.to_string(), base.to_string())
        } else {
            (String::new(), String::new())
        };
        let answered = base.add_days(1 + (next() % 40) as i32);
        let (answer, outcome) = if answered.year() == 2024 && next() % 50 != 0 {
            (
                answered.to_string(),
                OUTCOMES[(next() % OUTCOMES.len() as u64) as usize],
            )
        } else {
            (String::new(), "")
        };
        let cells = [
            format!("2024-{i:06}"),
            received.to_string(),
            CHANNELS[(r % 6) as usize].to_string(),
            APPLICANTS[(r / 7 % 6) as usize].to_string(),
            format!("关于某项目第{i}号文件的公开申请"),
            asked,
            back,
            if r % 11 == 0 { "是" } else { "否" }.to_string(),
            sent,
            opinion,
            answer,
            outcome.to_string(),
        ];
        out.push(SheetRow {
            number: i as u32 + 2,
            cells: cells.to_vec(),
        });
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.expect("at least one run"))
}

fn bench(name: &str, mut db: Db, rows: &[SheetRow]) {
    let actor = Actor::new("bench");
    db.add_agency(&actor, "bench", "基准测试机关").unwrap();
    let mut l = db.ledger("bench").unwrap();
    let t = Instant::now();
    let done = l
        .import(&actor, "bench.csv", rows, "")
        .expect("the generated 台账 imports");
    let import = t.elapsed();
    let (report, r) = time(5, || l.report(2024).unwrap());
    let cells = gongkai_model::cells::cells(&r.report);
    let total = &cells
        .iter()
        .find(|(k, _)| k == "requests.received.total")
        .unwrap()
        .1;
    let (drill, d) = time(3, || l.cell(2024, "requests.granted.natural").unwrap());
    let today = Date::from_ymd(2024, 12, 20).unwrap();
    let (list, items) = time(3, || {
        l.list(
            today,
            ListFilter {
                due_within: Some(5),
                all: false,
            },
        )
        .unwrap()
    });
    println!(
        "{name}: {} requests, {} events imported in {:.2} s; report {:.0} ms (本年新收 {total}); cell drill-down {:.0} ms ({} requests); list --due-within 5 {:.0} ms ({} due)",
        done.requests,
        done.events,
        import.as_secs_f64(),
        report.as_secs_f64() * 1e3,
        drill.as_secs_f64() * 1e3,
        d.members.len(),
        list.as_secs_f64() * 1e3,
        items.len(),
    );
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let rows = rows(n);
    let path = std::env::temp_dir().join(format!("gongkai-ledger-bench-{}.db", std::process::id()));
    let target = path.display().to_string();
    bench("SQLite", Db::open(&target).unwrap(), &rows);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{target}{ext}"));
    }
    if let Ok(url) = std::env::var("GONGKAI_TEST_POSTGRES") {
        let schema = format!("bench_{}", std::process::id());
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let db = Db::open(&format!("{url}{sep}options=-csearch_path%3D{schema}")).unwrap();
        bench("PostgreSQL", db, &rows);
        admin
            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap();
    }
}
