//! What the parser says of texts that are no report, of reports without a title, and of
//! pre-2019 reports that end with the old statistics table.

use gongkai_model::labels::Template;
use gongkai_model::{Code, SourceId};
use gongkai_parse::parse_text;

use crate::common::repo_root;

fn example(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("examples").join(name)).unwrap()
}

#[test]
fn texts_that_are_no_report_get_no_template_and_say_so() {
    for text in [
        "",
        "   \n\n",
        "用户登录\n用户名\n密码\n验证码\n",
        "关于开展2024年度安全生产检查的通知\n各单位：现将有关事项通知如下。\n一、检查范围\n二、检查内容\n",
        // One kind of evidence is not enough: a title alone, or a table copied alone.
        "青禾县市场监督管理局2024年政府信息公开工作年度报告\n（全文见附件）\n",
    ] {
        let (report, diags) = parse_text(text, SourceId(0));
        assert_eq!(report.template, None, "{text:?}");
        assert!(
            diags.iter().any(|d| d.code == Code::NotAReport),
            "{text:?}: {diags:?}"
        );
    }
}

#[test]
fn the_first_page_of_a_report_alone_says_one_heading_is_not_enough() {
    let page = "青禾县市场监督管理局\n2022年政府信息公开工作年度报告\n一、总体情况\n2022年，本局坚持以公开为常态、不公开为例外。\n";
    let (report, diags) = parse_text(page, SourceId(0));
    assert_eq!(report.template, None);
    let d = diags.iter().find(|d| d.code == Code::NotAReport).unwrap();
    assert!(
        d.message
            .zh
            .contains("只找到年度报告标题、一个部分标题（需要两个以上）"),
        "{}",
        d.message.zh
    );
    assert!(
        d.message
            .en
            .contains("one section heading (two are needed)")
    );
}

#[test]
fn a_report_without_a_title_line_names_itself_in_its_sentences() {
    let full = example("2021-tabbed.txt");
    let body = &full[full.find('\n').unwrap()..];
    let announced =
        format!("各科室：\n现公布青禾县市场监督管理局2022年政府信息公开工作年度报告。{body}");
    let (report, diags) = parse_text(&announced, SourceId(0));
    assert!(
        !diags.iter().any(|d| d.code == Code::NotAReport),
        "{diags:?}"
    );
    assert_eq!(report.meta.agency.unwrap().value, "青禾县市场监督管理局");
    assert_eq!(report.meta.year.unwrap().value, 2022);
    assert_eq!(report.template, Some(Template::Y2021));
    // Without the announcing sentence the year still comes from the statistics period.
    let (report, _) = parse_text(body, SourceId(0));
    assert_eq!(report.meta.year.unwrap().value, 2022);
    assert_eq!(report.template, Some(Template::Y2021));
}

#[test]
fn a_pre_2019_report_ending_with_the_old_statistics_table_is_pre2019() {
    let mut text = example("pre2019.txt").replace("2016", "2018");
    text.push_str(
        "\n附表：政府信息公开情况统计表\n指标名称\t计量单位\t本年数\t历年累计\n\
         一、主动公开情况\n（一）主动公开政府信息数\t条\t4217\t12651\n\
         二、依申请公开情况\n（一）本年新收政府信息公开申请数\t件\t23\t69\n\
         1.当面申请数\t件\t9\t27\n2.网络申请数\t件\t11\t33\n\
         （二）申请答复数\t件\t23\t69\n1.同意公开答复数\t件\t13\t39\n\
         2.不同意公开答复数\t件\t2\t6\n其中：涉及国家秘密\t件\t0\t0\n\
         三、因政府信息公开申请提起行政复议数\t件\t2\t6\n",
    );
    let (report, diags) = parse_text(&text, SourceId(0));
    assert_eq!(report.template, Some(Template::Pre2019));
    assert!(report.requests.is_none() && report.reviews.is_none());
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_report_whose_tables_are_images_takes_its_template_from_the_cited_notice() {
    let text = "政府信息公开工作年度报告\n\
        本报告依据国办公开办函〔2021〕30号编制，统计期限自当年1月1日起至12月31日止。\n\
        一、总体情况\n本机关认真落实条例。\n\
        二、主动公开政府信息情况\n（见附件图片）\n\
        三、收到和处理政府信息公开申请情况\n（见附件图片）\n\
        四、政府信息公开行政复议、行政诉讼情况\n（见附件图片）\n\
        五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n";
    let (report, diags) = parse_text(text, SourceId(0));
    assert!(
        !diags.iter().any(|d| d.code == Code::NotAReport),
        "{diags:?}"
    );
    assert_eq!(report.template, Some(Template::Y2021));
    assert!(report.active.is_none() && report.requests.is_none() && report.reviews.is_none());
}
