//! The two national templates as data: every row and column label verbatim, the canonical cell
//! keys of spec/cells.md, and the signatures used to recognise labels in messy text.
//!
//! This is the one place where template wording lives. Labels are verbatim from the annex of
//! 国办公开办函〔2019〕60号 (the "2019" template, used for the 2019 and 2020 reports) and of
//! 国办公开办函〔2021〕30号 (the "2021" template, from the 2021 reports on).
//!
//! A *signature* is a short fragment that survives the variants real reports print (ASCII or
//! full-width brackets, `1、`/`1.`/`1，` numbering, stray spaces, wrapped lines, typos such as
//! `数里` for `数量` or `行政止公开`): matching is done on normalised text (see
//! `normalize_label`), by substring, and the most specific (leaf) row wins over a group label.

use serde::{Deserialize, Serialize};

/// Which national template a report (or one of its tables) follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    Y2019,
    /// 国办公开办函〔2021〕30号, from the 2021 reports on.
    #[serde(rename = "2021")]
    Y2021,
    /// The older, pre-2019 outline with no national tables.
    #[serde(rename = "pre2019")]
    Pre2019,
}

impl Template {
    /// The value of `meta.template` in the cells format.
    pub fn code(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
            Template::Pre2019 => "pre2019",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Table 三: 收到和处理政府信息公开申请情况
// ---------------------------------------------------------------------------------------------

/// The seven applicant columns of table 三, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicant {
    /// 自然人
    Natural,
    /// 法人或其他组织 · 商业企业
    Commercial,
    /// 法人或其他组织 · 科研机构
    Research,
    /// 法人或其他组织 · 社会公益组织
    Nonprofit,
    /// 法人或其他组织 · 法律服务机构
    Legal,
    /// 法人或其他组织 · 其他
    OtherOrg,
    /// 总计
    Total,
}

impl Applicant {
    /// All columns in template order.
    pub const ALL: [Applicant; 7] = [
        Applicant::Natural,
        Applicant::Commercial,
        Applicant::Research,
        Applicant::Nonprofit,
        Applicant::Legal,
        Applicant::OtherOrg,
        Applicant::Total,
    ];

    /// The key suffix in spec/cells.md.
    pub fn key(self) -> &'static str {
        [
            "natural",
            "commercial",
            "research",
            "nonprofit",
            "legal",
            "other_org",
            "total",
        ][self as usize]
    }

    /// The column label verbatim. The six organisation columns sit under 法人或其他组织.
    pub fn label(self) -> &'static str {
        [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ][self as usize]
    }
}

/// 法人或其他组织: the header spanning the five organisation columns (no subtotal column).
pub const APPLICANT_ORG_GROUP: &str = "法人或其他组织";
/// 申请人情况: the header spanning all seven columns.
pub const APPLICANT_HEADER: &str = "申请人情况";
/// The note printed in the corner cell of table 三 (identity I1).
pub const REQUEST_TABLE_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// A row group of table 三 (merged label cells spanning several rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestGroup {
    /// 三、本年度办理结果
    Outcomes,
    /// （三）不予公开
    Denied,
    /// （四）无法提供
    Unavailable,
    /// （五）不予处理
    NotProcessed,
    /// （六）其他处理 (a group only in the 2021 template)
    Other,
}

impl RequestGroup {
    /// The group label verbatim.
    pub fn label(self) -> &'static str {
        match self {
            RequestGroup::Outcomes => "三、本年度办理结果",
            RequestGroup::Denied => "（三）不予公开",
            RequestGroup::Unavailable => "（四）无法提供",
            RequestGroup::NotProcessed => "（五）不予处理",
            RequestGroup::Other => "（六）其他处理",
        }
    }

    /// Signatures of the group label (lower priority than any row signature).
    pub fn signatures(self) -> &'static [&'static str] {
        match self {
            RequestGroup::Outcomes => &["办理结果", "本年度办"],
            RequestGroup::Denied => &["不予公开"],
            RequestGroup::Unavailable => &["无法提供"],
            RequestGroup::NotProcessed => &["不予处理"],
            RequestGroup::Other => &["其他处理"],
        }
    }
}

/// A data row of table 三. The 2019 template has [`RequestRow::Other`] as one row; the 2021
/// template splits it into the three `Other*` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestRow {
    /// 一、本年新收政府信息公开申请数量
    Received,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// （一）予以公开
    Granted,
    /// （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    PartlyGranted,
    /// （三）1.属于国家秘密
    DeniedStateSecret,
    /// （三）2.其他法律行政法规禁止公开
    DeniedLawProhibited,
    /// （三）3.危及“三安全一稳定”
    DeniedSecurityStability,
    /// （三）4.保护第三方合法权益
    DeniedThirdParty,
    /// （三）5.属于三类内部事务信息
    DeniedInternal,
    /// （三）6.属于四类过程性信息
    DeniedProcess,
    /// （三）7.属于行政执法案卷
    DeniedEnforcementFile,
    /// （三）8.属于行政查询事项
    DeniedQuery,
    /// （四）1.本机关不掌握相关政府信息
    UnavailableNotHeld,
    /// （四）2.没有现成信息需要另行制作
    UnavailableNeedsCreation,
    /// （四）3.补正后申请内容仍不明确
    UnavailableUnclear,
    /// （五）1.信访举报投诉类申请
    NotProcessedPetition,
    /// （五）2.重复申请
    NotProcessedDuplicate,
    /// （五）3.要求提供公开出版物
    NotProcessedPublication,
    /// （五）4.无正当理由大量反复申请
    NotProcessedExcessive,
    /// （五）5.要求行政机关确认或重新出具已获取信息
    NotProcessedConfirmation,
    /// （六）其他处理 — one row in the 2019 template.
    Other,
    /// （六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (2021)
    OtherNoCorrection,
    /// （六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (2021)
    OtherNoFee,
    /// （六）3.其他 (2021)
    OtherOther,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// Everything the templates say about one row of table 三.
#[derive(Debug, Clone, Copy)]
pub struct RequestRowSpec {
    /// The row.
    pub row: RequestRow,
    /// The key infix in spec/cells.md (`requests.<key>.<column>`).
    pub key: &'static str,
    /// The row label verbatim (leaf label only; see `group`).
    pub label: &'static str,
    /// The merged group label the row sits under, if any.
    pub group: Option<RequestGroup>,
    /// Fragments that identify the row in normalised text.
    pub signatures: &'static [&'static str],
    /// True for the outcome rows summed by identity I3.
    pub outcome: bool,
}

macro_rules! rows {
    ($( $row:ident, $key:literal, $label:literal, $group:expr, [$($sig:literal),*], $outcome:literal; )*) => {
        /// Every row of table 三 in template order (both templates; see [`request_rows`]).
        pub const REQUEST_ROWS: &[RequestRowSpec] = &[
            $( RequestRowSpec { row: RequestRow::$row, key: $key, label: $label, group: $group,
                signatures: &[$($sig),*], outcome: $outcome } ),*
        ];
    };
}

use RequestGroup as G;
rows! {
    Received, "received", "一、本年新收政府信息公开申请数量", None, ["本年新收", "新收政府信息"], false;
    CarriedOver, "carried_over", "二、上年结转政府信息公开申请数量", None, ["上年结转"], false;
    Granted, "granted", "（一）予以公开", Some(G::Outcomes), ["予以公开"], true;
    PartlyGranted, "partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Some(G::Outcomes), ["部分公开"], true;
    DeniedStateSecret, "denied.state_secret", "1.属于国家秘密", Some(G::Denied), ["国家秘密"], true;
    DeniedLawProhibited, "denied.law_prohibited", "2.其他法律行政法规禁止公开", Some(G::Denied), ["其他法律", "法规禁止", "行政止公开"], true;
    DeniedSecurityStability, "denied.security_stability", "3.危及“三安全一稳定”", Some(G::Denied), ["三安全", "一稳定", "危及"], true;
    DeniedThirdParty, "denied.third_party", "4.保护第三方合法权益", Some(G::Denied), ["第三方"], true;
    DeniedInternal, "denied.internal", "5.属于三类内部事务信息", Some(G::Denied), ["内部事务"], true;
    DeniedProcess, "denied.process", "6.属于四类过程性信息", Some(G::Denied), ["过程性"], true;
    DeniedEnforcementFile, "denied.enforcement_file", "7.属于行政执法案卷", Some(G::Denied), ["执法案卷"], true;
    DeniedQuery, "denied.query", "8.属于行政查询事项", Some(G::Denied), ["查询事项"], true;
    UnavailableNotHeld, "unavailable.not_held", "1.本机关不掌握相关政府信息", Some(G::Unavailable), ["不掌握"], true;
    UnavailableNeedsCreation, "unavailable.needs_creation", "2.没有现成信息需要另行制作", Some(G::Unavailable), ["另行制作", "没有现成"], true;
    UnavailableUnclear, "unavailable.unclear", "3.补正后申请内容仍不明确", Some(G::Unavailable), ["仍不明确", "补正后"], true;
    NotProcessedPetition, "not_processed.petition", "1.信访举报投诉类申请", Some(G::NotProcessed), ["信访", "举报投诉"], true;
    NotProcessedDuplicate, "not_processed.duplicate", "2.重复申请", Some(G::NotProcessed), ["重复申请"], true;
    NotProcessedPublication, "not_processed.publication", "3.要求提供公开出版物", Some(G::NotProcessed), ["出版物"], true;
    NotProcessedExcessive, "not_processed.excessive", "4.无正当理由大量反复申请", Some(G::NotProcessed), ["大量反复", "理由大量"], true;
    NotProcessedConfirmation, "not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", Some(G::NotProcessed), ["确认或重新", "重新出具", "机关确认"], true;
    Other, "other", "（六）其他处理", Some(G::Outcomes), ["其他处理"], true;
    OtherNoCorrection, "other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Some(G::Other), ["逾期不补", "不补正"], true;
    OtherNoFee, "other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Some(G::Other), ["收费通知", "逾期未按", "缴纳费用"], true;
    OtherOther, "other.other", "3.其他", Some(G::Other), [], true;
    Total, "total", "（七）总计", Some(G::Outcomes), ["(七)总计", "七总计"], false;
    CarriedForward, "carried_forward", "四、结转下年度继续办理", None, ["结转下年", "下年度继续"], false;
}

impl RequestRow {
    /// The row's spec.
    pub fn spec(self) -> &'static RequestRowSpec {
        &REQUEST_ROWS[self as usize]
    }
}

/// The rows of table 三 in the given template, in order: 23 in 2019, 25 in 2021.
pub fn request_rows(template: Template) -> impl Iterator<Item = &'static RequestRowSpec> {
    REQUEST_ROWS.iter().filter(move |s| match s.row {
        RequestRow::Other => template != Template::Y2021,
        RequestRow::OtherNoCorrection | RequestRow::OtherNoFee | RequestRow::OtherOther => {
            template == Template::Y2021
        }
        _ => true,
    })
}

// ---------------------------------------------------------------------------------------------
// Table 四: 政府信息公开行政复议、行政诉讼情况
// ---------------------------------------------------------------------------------------------

/// The three column groups of table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewGroup {
    /// 行政复议
    Review,
    /// 行政诉讼 · 未经复议直接起诉
    LitigationDirect,
    /// 行政诉讼 · 复议后起诉
    LitigationAfterReview,
}

impl ReviewGroup {
    /// All groups in template order.
    pub const ALL: [ReviewGroup; 3] = [
        ReviewGroup::Review,
        ReviewGroup::LitigationDirect,
        ReviewGroup::LitigationAfterReview,
    ];

    /// The key prefix in spec/cells.md.
    pub fn key(self) -> &'static str {
        ["review", "litigation_direct", "litigation_after_review"][self as usize]
    }

    /// The group label verbatim.
    pub fn label(self) -> &'static str {
        ["行政复议", "未经复议直接起诉", "复议后起诉"][self as usize]
    }
}

/// The five columns of each group of table 四.
pub const REVIEW_COLUMNS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// 行政诉讼: the header spanning both litigation groups.
pub const LITIGATION_HEADER: &str = "行政诉讼";

// ---------------------------------------------------------------------------------------------
// Table 二: 主动公开政府信息情况
// ---------------------------------------------------------------------------------------------

/// A row of table 二 (both templates; see [`active_rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActiveRow {
    /// 规章
    Rules,
    /// 规范性文件 (2019) / 行政规范性文件 (2021)
    Normative,
    /// 行政许可
    Licensing,
    /// 其他对外管理服务事项 (2019 only)
    OtherServices,
    /// 行政处罚
    Penalty,
    /// 行政强制
    Coercion,
    /// 行政事业性收费
    Fees,
    /// 政府集中采购 (2019 only)
    Procurement,
}

/// What kind of number a column of table 二 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// A whole, non-negative count.
    Count,
    /// A signed count (2019 本年增/减).
    Change,
    /// A decimal amount of money.
    Amount,
}

/// One row of table 二 in one template.
#[derive(Debug, Clone, Copy)]
pub struct ActiveRowSpec {
    /// The row.
    pub row: ActiveRow,
    /// The key infix in spec/cells.md (`active.<key>.<column>`).
    pub key: &'static str,
    /// The row label verbatim.
    pub label: &'static str,
    /// The 第二十条 item the sub-table reports (`一`, `五`, `六`, `八`, `九`).
    pub item: &'static str,
    /// The columns: key suffix, label verbatim, kind.
    pub columns: &'static [(&'static str, &'static str, ColumnKind)],
    /// Fragments that identify the row in normalised text.
    pub signatures: &'static [&'static str],
}

use ColumnKind::{Amount, Change, Count};

const COLS_2019_DOCS: &[(&str, &str, ColumnKind)] = &[
    ("made", "本年新制作数量", Count),
    ("published", "本年新公开数量", Count),
    ("total", "对外公开总数量", Count),
];
const COLS_2019_ITEMS: &[(&str, &str, ColumnKind)] = &[
    ("prev", "上一年项目数量", Count),
    ("change", "本年增/减", Change),
    ("decisions", "处理决定数量", Count),
];
const COLS_2021_DOCS: &[(&str, &str, ColumnKind)] = &[
    ("made", "本年制发件数", Count),
    ("repealed", "本年废止件数", Count),
    ("in_force", "现行有效件数", Count),
];
const COLS_2021_DECISIONS: &[(&str, &str, ColumnKind)] =
    &[("decisions", "本年处理决定数量", Count)];

const SIG_RULES: &[&str] = &["规章"];
const SIG_NORMATIVE: &[&str] = &["规范性文件", "规范性", "規範性"];
const SIG_LICENSING: &[&str] = &["行政许可", "许可"];
const SIG_PENALTY: &[&str] = &["行政处罚", "处罚"];
const SIG_COERCION: &[&str] = &["行政强制", "强制"];
const SIG_FEES: &[&str] = &["事业性收费", "行政事业性"];

/// Table 二 of the 2019 template (five sub-tables, 19 cells plus the procurement unit).
pub const ACTIVE_ROWS_2019: &[ActiveRowSpec] = &[
    ActiveRowSpec {
        row: ActiveRow::Rules,
        key: "rules",
        label: "规章",
        item: "一",
        columns: COLS_2019_DOCS,
        signatures: SIG_RULES,
    },
    ActiveRowSpec {
        row: ActiveRow::Normative,
        key: "normative",
        label: "规范性文件",
        item: "一",
        columns: COLS_2019_DOCS,
        signatures: SIG_NORMATIVE,
    },
    ActiveRowSpec {
        row: ActiveRow::Licensing,
        key: "licensing",
        label: "行政许可",
        item: "五",
        columns: COLS_2019_ITEMS,
        signatures: SIG_LICENSING,
    },
    ActiveRowSpec {
        row: ActiveRow::OtherServices,
        key: "other_services",
        label: "其他对外管理服务事项",
        item: "五",
        columns: COLS_2019_ITEMS,
        signatures: &["对外管理", "其他对外"],
    },
    ActiveRowSpec {
        row: ActiveRow::Penalty,
        key: "penalty",
        label: "行政处罚",
        item: "六",
        columns: COLS_2019_ITEMS,
        signatures: SIG_PENALTY,
    },
    ActiveRowSpec {
        row: ActiveRow::Coercion,
        key: "coercion",
        label: "行政强制",
        item: "六",
        columns: COLS_2019_ITEMS,
        signatures: SIG_COERCION,
    },
    ActiveRowSpec {
        row: ActiveRow::Fees,
        key: "fees",
        label: "行政事业性收费",
        item: "八",
        columns: &[
            ("prev", "上一年项目数量", Count),
            ("change", "本年增/减", Change),
        ],
        signatures: SIG_FEES,
    },
    ActiveRowSpec {
        row: ActiveRow::Procurement,
        key: "procurement",
        label: "政府集中采购",
        item: "九",
        columns: &[
            ("projects", "采购项目数量", Count),
            ("amount", "采购总金额", Amount),
        ],
        signatures: &["集中采购", "政府采购"],
    },
];

/// Table 二 of the 2021 template (four sub-tables, 10 cells).
pub const ACTIVE_ROWS_2021: &[ActiveRowSpec] = &[
    ActiveRowSpec {
        row: ActiveRow::Rules,
        key: "rules",
        label: "规章",
        item: "一",
        columns: COLS_2021_DOCS,
        signatures: SIG_RULES,
    },
    ActiveRowSpec {
        row: ActiveRow::Normative,
        key: "normative",
        label: "行政规范性文件",
        item: "一",
        columns: COLS_2021_DOCS,
        signatures: SIG_NORMATIVE,
    },
    ActiveRowSpec {
        row: ActiveRow::Licensing,
        key: "licensing",
        label: "行政许可",
        item: "五",
        columns: COLS_2021_DECISIONS,
        signatures: SIG_LICENSING,
    },
    ActiveRowSpec {
        row: ActiveRow::Penalty,
        key: "penalty",
        label: "行政处罚",
        item: "六",
        columns: COLS_2021_DECISIONS,
        signatures: SIG_PENALTY,
    },
    ActiveRowSpec {
        row: ActiveRow::Coercion,
        key: "coercion",
        label: "行政强制",
        item: "六",
        columns: COLS_2021_DECISIONS,
        signatures: SIG_COERCION,
    },
    ActiveRowSpec {
        row: ActiveRow::Fees,
        key: "fees",
        label: "行政事业性收费",
        item: "八",
        columns: &[("amount", "本年收费金额（单位：万元）", Amount)],
        signatures: SIG_FEES,
    },
];

/// The rows of table 二 in the given template (none for pre-2019 reports).
pub fn active_rows(template: Template) -> &'static [ActiveRowSpec] {
    match template {
        Template::Y2019 => ACTIVE_ROWS_2019,
        Template::Y2021 => ACTIVE_ROWS_2021,
        Template::Pre2019 => &[],
    }
}

/// The words a report's narrative uses for the columns of table 二's document rows, by column
/// key suffix: "本年制发行政规范性文件12件，废止3件，现行有效240件" (2021), "新制作并公开规范性文件3件"
/// (2019). Seen in real reports: 制发, 印发, 出台, 制定 for 本年制发; 累计公开 for 对外公开总数量.
pub const ACTIVE_NARRATIVE_COLUMNS: &[(&str, &[&str])] = &[
    ("made", &["制发", "印发", "出台", "制定", "新制作"]),
    ("repealed", &["废止"]),
    ("in_force", &["现行有效"]),
    ("published", &["新公开"]),
    ("total", &["对外公开总数", "累计公开"]),
];

/// The words that name table 二's document rows in a narrative, by row: 规章, and 规范性文件
/// (also 行政规范性文件). A sentence naming both is not attributed to either.
pub const ACTIVE_NARRATIVE_ROWS: &[(ActiveRow, &str)] = &[
    (ActiveRow::Rules, "规章"),
    (ActiveRow::Normative, "规范性文件"),
];

/// Compounds that hold a row word of [`ACTIVE_NARRATIVE_ROWS`] but name no table 二 row
/// (`完善规章制度`): a sentence naming the row only inside them does not name it.
pub const ACTIVE_NARRATIVE_NOT_ROWS: &[&str] = &["规章制度"];

/// The header of each sub-table: `第二十条第（X）项`.
pub const ACTIVE_ITEM_PREFIX: &str = "第二十条第";
/// The first column header of each sub-table of table 二.
pub const ACTIVE_CONTENT_HEADER: &str = "信息内容";

/// The full-width heading row of a sub-table of table 二, e.g. `第二十条第（一）项` for item `一`
/// (the `item` of [`ActiveRowSpec`]).
pub fn active_item_heading(item: &str) -> String {
    format!("{ACTIVE_ITEM_PREFIX}（{item}）项")
}

// ---------------------------------------------------------------------------------------------
// A cell's name
// ---------------------------------------------------------------------------------------------

/// A table cell's name for people, from the template's own labels: `表三 （三）不予公开
/// 1.属于国家秘密（自然人）` for `requests.denied.state_secret.natural`, `表四 行政复议 结果纠正`
/// for `review.corrected`, `表二 规章 本年制发件数` for `active.rules.made`. `None` for a key
/// of no table (meta keys, unknown keys).
pub fn cell_label(key: &str) -> Option<String> {
    let (table, rest) = key.split_once('.')?;
    match table {
        "requests" => {
            let (row, col) = rest.rsplit_once('.')?;
            let spec = REQUEST_ROWS.iter().find(|s| s.key == row)?;
            let col = Applicant::ALL.iter().find(|a| a.key() == col)?;
            let group = match spec.group {
                Some(g) if g != RequestGroup::Outcomes => format!("{} ", g.label()),
                _ => String::new(),
            };
            Some(format!("表三 {group}{}（{}）", spec.label, col.label()))
        }
        "active" => {
            let (row, col) = rest.split_once('.')?;
            ACTIVE_ROWS_2021
                .iter()
                .chain(ACTIVE_ROWS_2019)
                .filter(|s| s.key == row)
                .find_map(|s| {
                    let (_, label, _) = s.columns.iter().find(|c| c.0 == col)?;
                    Some(format!("表二 {} {label}", s.label))
                })
        }
        group => {
            let g = ReviewGroup::ALL.iter().find(|g| g.key() == group)?;
            let (_, col) = REVIEW_COLUMNS.iter().find(|c| c.0 == rest)?;
            let litigation = match g {
                ReviewGroup::Review => "",
                _ => "行政诉讼 ",
            };
            Some(format!("表四 {litigation}{} {col}", g.label()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Title and signature
// ---------------------------------------------------------------------------------------------

/// What follows the agency and the year in the usual title:
/// `青禾县市场监督管理局2022年政府信息公开工作年度报告`. Variants seen: `2022年度…`,
/// `…信息公开工作年度报告`, the year first (`2020年木兰县卫生健康局…`).
pub const REPORT_TITLE_SUFFIX: &str = "年政府信息公开工作年度报告";

/// The usual title: agency, year, [`REPORT_TITLE_SUFFIX`].
pub fn report_title(agency: &str, year: i32) -> String {
    format!("{agency}{year}{REPORT_TITLE_SUFFIX}")
}

/// A date as printed under the signature: `2023年1月20日` (Arabic numerals, no padding, as in
/// GB/T 9704-2012). Reports also print `二〇二三年一月二十日`; both read back the same.
pub fn date_label(year: i32, month: u32, day: u32) -> String {
    format!("{year}年{month}月{day}日")
}

/// Column-header words that only the 2019 table 二 prints.
pub const ACTIVE_2019_MARKERS: &[&str] = &[
    "制作数量",
    "新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "对外管理服务",
    "集中采购",
    "采购总金额",
    "(九)项",
];
/// Column-header words that only the 2021 table 二 prints.
pub const ACTIVE_2021_MARKERS: &[&str] = &[
    "制发件数",
    "废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "收费金额",
];

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/// The six sections of both templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// 一、总体情况
    Overview,
    /// 二、主动公开政府信息情况
    Active,
    /// 三、收到和处理政府信息公开申请情况
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Reviews,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    Other,
}

impl SectionKind {
    /// All sections in template order.
    pub const ALL: [SectionKind; 6] = [
        SectionKind::Overview,
        SectionKind::Active,
        SectionKind::Requests,
        SectionKind::Reviews,
        SectionKind::Problems,
        SectionKind::Other,
    ];

    /// The heading verbatim (2021 template).
    pub fn heading(self) -> &'static str {
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ][self as usize]
    }

    /// Fragments that identify the heading (all of one inner list must occur). Variants seen:
    /// "五、政府信息公开工作存在的主要问题及改进情况", "四、政府信息公开行政法复议、行政诉讼情况",
    /// "四、行政复议和行政诉讼情况", pre-2019 "一、概述".
    pub fn signatures(self) -> &'static [&'static [&'static str]] {
        match self {
            SectionKind::Overview => &[&["总体情况"], &["概述"]],
            SectionKind::Active => &[&["主动公开政府信息"], &["主动公开情况"]],
            SectionKind::Requests => &[
                &["收到和处理"],
                &["依申请公开政府信息"],
                &["处理政府信息公开申请"],
            ],
            SectionKind::Reviews => &[&["复议", "诉讼"]],
            SectionKind::Problems => &[&["主要问题"], &["问题及改进"], &["存在的问题"]],
            SectionKind::Other => &[&["其他需要报告"], &["需要报告的"]],
        }
    }
}

/// Outline headings only the pre-2019 (2008-era) reports print.
pub const PRE2019_MARKERS: &[&str] = &[
    "概述",
    "依申请公开政府信息情况",
    "收费及减免",
    "因政府信息公开申请提起行政复议",
    "申请行政复议、提起行政诉讼的情况",
];

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/// Traditional characters seen in label text and the simplified ones of the template, sorted by
/// the traditional character (all in the CJK Unified Ideographs block).
const TRADITIONAL: &[(char, char)] = &[
    ('並', '并'),
    ('備', '备'),
    ('價', '价'),
    ('內', '内'),
    ('務', '务'),
    ('區', '区'),
    ('參', '参'),
    ('員', '员'),
    ('問', '问'),
    ('單', '单'),
    ('國', '国'),
    ('執', '执'),
    ('報', '报'),
    ('學', '学'),
    ('實', '实'),
    ('審', '审'),
    ('對', '对'),
    ('導', '导'),
    ('屬', '属'),
    ('廢', '废'),
    ('強', '强'),
    ('復', '复'),
    ('徵', '征'),
    ('應', '应'),
    ('採', '采'),
    ('據', '据'),
    ('數', '数'),
    ('於', '于'),
    ('書', '书'),
    ('會', '会'),
    ('條', '条'),
    ('業', '业'),
    ('極', '极'),
    ('構', '构'),
    ('機', '机'),
    ('檔', '档'),
    ('檢', '检'),
    ('權', '权'),
    ('歸', '归'),
    ('況', '况'),
    ('準', '准'),
    ('無', '无'),
    ('營', '营'),
    ('爭', '争'),
    ('獲', '获'),
    ('現', '现'),
    ('環', '环'),
    ('產', '产'),
    ('當', '当'),
    ('療', '疗'),
    ('發', '发'),
    ('確', '确'),
    ('稱', '称'),
    ('積', '积'),
    ('穩', '稳'),
    ('範', '范'),
    ('糾', '纠'),
    ('納', '纳'),
    ('級', '级'),
    ('結', '结'),
    ('統', '统'),
    ('經', '经'),
    ('維', '维'),
    ('網', '网'),
    ('線', '线'),
    ('縣', '县'),
    ('總', '总'),
    ('織', '织'),
    ('繳', '缴'),
    ('繼', '继'),
    ('續', '续'),
    ('罰', '罚'),
    ('與', '与'),
    ('舉', '举'),
    ('處', '处'),
    ('號', '号'),
    ('衛', '卫'),
    ('補', '补'),
    ('製', '制'),
    ('複', '复'),
    ('覆', '复'),
    ('規', '规'),
    ('計', '计'),
    ('訟', '讼'),
    ('訪', '访'),
    ('設', '设'),
    ('許', '许'),
    ('訴', '诉'),
    ('詢', '询'),
    ('誤', '误'),
    ('請', '请'),
    ('證', '证'),
    ('議', '议'),
    ('護', '护'),
    ('財', '财'),
    ('費', '费'),
    ('資', '资'),
    ('購', '购'),
    ('輕', '轻'),
    ('轉', '转'),
    ('辦', '办'),
    ('進', '进'),
    ('過', '过'),
    ('違', '违'),
    ('遞', '递'),
    ('適', '适'),
    ('還', '还'),
    ('邊', '边'),
    ('鄉', '乡'),
    ('醫', '医'),
    ('鎮', '镇'),
    ('開', '开'),
    ('間', '间'),
    ('關', '关'),
    ('際', '际'),
    ('險', '险'),
    ('頁', '页'),
    ('項', '项'),
    ('題', '题'),
    ('額', '额'),
    ('類', '类'),
    ('體', '体'),
    ('點', '点'),
];

/// First code point of the CJK Unified Ideographs block, and the number of code points covered.
const CJK_START: u32 = 0x4E00;
const CJK_LEN: usize = 0xA000 - 0x4E00;

/// One bit per CJK ideograph: set for the characters of [`TRADITIONAL`]. Almost every character
/// of a label is not traditional, and this answers that with one load.
static TRADITIONAL_BITS: [u64; CJK_LEN / 64] = {
    let mut bits = [0u64; CJK_LEN / 64];
    let mut i = 0;
    while i < TRADITIONAL.len() {
        let at = (TRADITIONAL[i].0 as u32 - CJK_START) as usize;
        bits[at / 64] |= 1 << (at % 64);
        i += 1;
    }
    bits
};

/// Traditional characters seen in label text, mapped to the simplified ones of the template.
#[inline]
fn simplify(c: char) -> char {
    let at = (c as u32).wrapping_sub(CJK_START) as usize;
    if at >= CJK_LEN || TRADITIONAL_BITS[at / 64] & (1 << (at % 64)) == 0 {
        return c;
    }
    TRADITIONAL
        .binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| TRADITIONAL[i].1)
}

/// Maps one character of label text to its matching form, or `None` to drop it.
///
/// Drops whitespace, ASCII letters (pinyin injected into words) and a few decorations; maps
/// full-width ASCII to ASCII (so `（一）` and `(一)` compare equal), `、`/`，`/`．` after a
/// numeral to `.`, and traditional characters to simplified ones.
#[inline]
pub fn normalize_char(c: char) -> Option<char> {
    // Ideographs are most of label text: only the traditional ones change.
    if ('\u{4E00}'..'\u{A000}').contains(&c) {
        return Some(simplify(c));
    }
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '、' => '.',
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        // Angle brackets are parentheses misread on scans: `〈区分处理的`.
        '〈' => '(',
        '〉' => ')',
        c => c,
    };
    if c.is_whitespace() || c.is_ascii_alphabetic() || c == '\u{200B}' || c == '\u{FEFF}' {
        return None;
    }
    if c == ',' {
        return Some('.');
    }
    if (c as u32) >= 0x4E00 {
        return Some(simplify(c));
    }
    Some(c)
}

/// Label text in matching form (see [`normalize_char`]).
pub fn normalize_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized(&mut out, s);
    out
}

/// Appends `s` in matching form (see [`normalize_char`]) to `out`. Runs of characters that
/// stay as they are (most of a label) are copied whole, not character by character.
pub fn push_normalized(out: &mut String, s: &str) {
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let n = normalize_char(c);
        if n == Some(c) {
            continue;
        }
        out.push_str(&s[run..i]);
        if let Some(n) = n {
            out.push(n);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_table_cell_has_a_name_and_meta_keys_none() {
        assert_eq!(
            cell_label("requests.denied.state_secret.natural").as_deref(),
            Some("表三 （三）不予公开 1.属于国家秘密（自然人）")
        );
        assert_eq!(
            cell_label("requests.received.total").as_deref(),
            Some("表三 一、本年新收政府信息公开申请数量（总计）")
        );
        assert_eq!(
            cell_label("review.corrected").as_deref(),
            Some("表四 行政复议 结果纠正")
        );
        assert_eq!(
            cell_label("litigation_after_review.pending").as_deref(),
            Some("表四 行政诉讼 复议后起诉 尚未审结")
        );
        assert_eq!(cell_label("meta.agency"), None);
        assert_eq!(cell_label("requests.nothing.total"), None);
        for template in [Template::Y2019, Template::Y2021] {
            for spec in active_rows(template) {
                for (col, _, _) in spec.columns {
                    let key = format!("active.{}.{col}", spec.key);
                    assert!(cell_label(&key).is_some(), "{key}");
                }
            }
            for spec in request_rows(template) {
                for a in Applicant::ALL {
                    let key = format!("requests.{}.{}", spec.key, a.key());
                    assert!(cell_label(&key).is_some(), "{key}");
                }
            }
        }
    }
    use super::*;

    #[test]
    fn the_traditional_table_is_sorted_for_its_binary_search() {
        for pair in TRADITIONAL.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn every_traditional_character_simplifies_through_the_bitset() {
        for &(t, s) in TRADITIONAL {
            assert!(
                (CJK_START..CJK_START + CJK_LEN as u32).contains(&(t as u32)),
                "{t} is outside the block the bitset covers"
            );
            assert_ne!(t, s);
            assert_eq!(normalize_char(t), Some(s), "{t}");
            // A simplified character is never mapped again.
            assert_eq!(normalize_char(s), Some(s), "{s}");
        }
        let set = TRADITIONAL_BITS.iter().map(|w| w.count_ones()).sum::<u32>();
        assert_eq!(set as usize, TRADITIONAL.len());
    }
}
