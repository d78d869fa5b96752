//! `gongkai deadline`: the due dates of a request in working days with 调休, as text and JSON,
//! and exit 2 (message on stderr, nothing on stdout) when it cannot be computed.

use serde_json::Value;

use crate::gongkai;

/// Runs `gongkai deadline ARGS`; (exit code, stdout, stderr).
fn deadline(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["deadline"];
    all.extend_from_slice(args);
    let out = gongkai(&all);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = deadline(&all);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "", "nothing on stderr with --format json");
    assert_eq!(out.lines().count(), 1, "one object on one line: {out}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn received_on_27_september_2024_explains_why_29_september_counts() {
    let (code, out, err) = deadline(&["--received", "2024-09-27"]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    for line in [
        "  答复：2024-10-30（星期三）——自收到申请之日起20个工作日内予以答复（第三十三条第一款）",
        "  2024-09-28（星期六）：周末，不计",
        "  2024-09-29（星期日）：调休上班（国庆节，国办发明电〔2023〕7号），计为工作日：第1个工作日",
        "  2024-10-01（星期二）至 2024-10-07（星期一）：国庆节放假，不计（7天）",
        "  2024-10-12（星期六）：调休上班（国庆节，国办发明电〔2023〕7号），计为工作日：第7个工作日 ← 补正告知期限（第三十条）",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    let (_, en, _) = deadline(&["--received", "2024-09-27", "--lang", "en"]);
    assert!(en.contains(
        "2024-09-29 (Sun): make-up working day (调休上班) for National Day, 国办发明电〔2023〕7号, counted: working day 1"
    ), "{en}");
    assert!(en.contains("Answer: 2024-10-30 (Wed)"));
}

#[test]
fn dates_are_accepted_as_people_write_them() {
    let (_, want, _) = deadline(&["--received", "2024-09-27"]);
    for form in ["2024/9/27", "2024年9月27日"] {
        let (code, got, _) = deadline(&["--received", form]);
        assert_eq!(code, Some(0));
        assert_eq!(got, want, "{form}");
    }
}

#[test]
fn json_is_one_object_with_the_due_dates_and_every_skipped_day() {
    let v = json(&["--received", "2024-09-27"]);
    assert_eq!(v["received"], "2024-09-27");
    assert_eq!(v["clock_start"], "2024-09-27");
    assert_eq!(v["correction_notice_due"], "2024-10-12");
    assert_eq!(v["due"], "2024-10-30");
    assert_eq!(v["extended_due"], Value::Null);
    assert_eq!(v["third_party_reply_due"], serde_json::json!([]));
    assert_eq!(v["status"], "running");
    let skipped = v["skipped"].as_array().unwrap();
    // 9/28, 10/1–7, 10/13, 10/19–20, 10/26–27: 13 days between receipt and the due date.
    assert_eq!(skipped.len(), 13);
    assert_eq!(skipped[0]["date"], "2024-09-28");
    assert_eq!(skipped[0]["reason"], "weekend");
    assert_eq!(skipped[1]["date"], "2024-10-01");
    assert_eq!(skipped[1]["reason"], "holiday");
    assert_eq!(skipped[1]["holiday"], "国庆节");
    assert_eq!(skipped[1]["explanation"], "国庆节放假");
    let makeup = v["makeup_days_counted"].as_array().unwrap();
    assert_eq!(makeup[0]["date"], "2024-09-29");
    assert_eq!(makeup[0]["working_day"], 1);
    assert_eq!(
        v["calendar"][0]["notices"][0]["number"],
        "国办发明电〔2023〕7号"
    );
    assert_eq!(v["basis"]["due"], "第三十三条第一款");
}

#[test]
fn json_with_correction_extension_and_consultations() {
    // See crates/ledger/tests/it/cases.rs for the workings.
    let v = json(&[
        "--received",
        "2024-03-01",
        "--channel",
        "网络",
        "--extended",
        "--consultation",
        "2024-03-11..2024-03-15",
        "--consultation",
        "2024-03-13..2024-03-20",
    ]);
    assert_eq!(v["due"], "2024-04-11");
    assert_ne!(v["extended_due"], Value::Null);
    assert_eq!(
        v["third_party_reply_due"],
        serde_json::json!(["2024-04-01", "2024-04-03"])
    );
    assert_eq!(v["consultations"][1]["paused_working_days"], 6);
    assert_eq!(v["channel"]["name"], "网络");
    assert!(
        v["channel"]["rule"]
            .as_str()
            .unwrap()
            .starts_with("第三十一条第（三）项")
    );
    let paused: Vec<&Value> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reason"] == "consultation")
        .collect();
    assert_eq!(paused.len(), 8);
    assert_eq!(paused[0]["consultation"], 1);

    let v = json(&[
        "--received",
        "2024-09-27",
        "--correction-requested",
        "2024-10-10",
        "--correction-received",
        "2024-10-21",
    ]);
    assert_eq!(v["clock_start"], "2024-10-21");
    assert_eq!(v["due"], "2024-11-18");
    assert_eq!(v["correction_received"], "2024-10-21");
}

#[test]
fn a_stopped_clock_has_no_due_date_in_json() {
    let v = json(&["--received", "2024-03-01", "--consultation", "2024-03-11.."]);
    assert_eq!(v["status"], "paused");
    assert_eq!(v["due"], Value::Null);
    assert_eq!(v["paused"]["working_days_used"], 5);
    let v = json(&[
        "--received",
        "2024-03-01",
        "--correction-requested",
        "2024-03-05",
    ]);
    assert_eq!(v["status"], "awaiting_correction");
    assert_eq!(v["clock_start"], Value::Null);
    assert_eq!(v["correction_notice_due"], "2024-03-12");
}

#[test]
fn a_count_into_2027_exits_2_with_the_missing_notice_and_nothing_on_stdout() {
    for args in [
        &["--received", "2026-12-15"][..],
        &["--received", "2026-12-15", "--format", "json"],
        &["--received", "2026-12-01", "--extended"],
        &["--received", "2027-03-01"],
    ] {
        let (code, out, err) = deadline(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(out, "", "{args:?}");
        assert!(
            err.contains("没有2027年的工作日历")
                && err.contains("国务院办公厅关于2027年部分节假日安排的通知"),
            "{err}"
        );
    }
    let (_, _, err) = deadline(&["--received", "2026-12-15", "--lang", "en"]);
    assert!(err.contains("no working-day calendar for 2027"), "{err}");
}

#[test]
fn bad_or_out_of_order_dates_exit_2() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["--received", "2024-02-30"],
            "--received：“2024-02-30”不是有效的日期",
        ),
        (
            &[
                "--received",
                "2024-03-01",
                "--correction-requested",
                "2024-03-05",
                "--correction-received",
                "2024-03-04",
            ],
            "收到补正之日 2024-03-04 早于补正告知日期 2024-03-05",
        ),
        (
            &[
                "--received",
                "2024-03-01",
                "--consultation",
                "2024-02-20..2024-03-02",
            ],
            "第1次征求意见的发出日期 2024-02-20 早于收到申请之日 2024-03-01",
        ),
        (
            &["--received", "2024-03-01", "--consultation", "2024-03-05"],
            "--consultation：“2024-03-05”应写成",
        ),
        (
            &[
                "--received",
                "2024-03-01",
                "--correction-received",
                "2024-03-05",
            ],
            "--correction-requested",
        ),
    ];
    for (args, want) in cases {
        let (code, out, err) = deadline(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn the_channel_is_explained_and_never_shifts_the_date() {
    let (code, out, _) = deadline(&["--received", "2024-09-27", "--channel", "信函"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("申请方式：信函。第三十一条第（二）项：以平常信函等无需签收的邮寄方式提交的")
    );
    assert!(out.contains("答复：2024-10-30（星期三）"));
    let (code, out, _) = deadline(&[
        "--received",
        "2024-09-27",
        "--channel",
        "fax",
        "--lang",
        "en",
    ]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Channel: fax. Article 31(3)"));
}
