//! The documents the law requires, filled from the ledger: 补正告知书 (第三十条), 延期答复告知书
//! (第三十三条), 征求第三方意见书 (第三十二条) and the 答复书 of each outcome, with the dates the
//! clock computes. Each comes from a plain-text template with named placeholders (`{收到日期}`):
//! the defaults are compiled in (`crates/ledger/letters/*.txt`), and an agency can replace any of
//! them with its own (stored in `ledger_templates`). A template's first line is the title; a line
//! after it ending in `：` is the salutation; every other line is a paragraph; lines starting with
//! `#` are notes that are not printed. The signature (the agency) and the date are added.
//!
//! A letter needs its event recorded first (a 补正告知书 the correction notice, an 答复书 the
//! answer), so every letter matches the ledger. Putting the applicant's name in a letter reads
//! personal data: it is logged, with the letter as the reason. The 征求第三方意见书 goes to the
//! third party and cannot name the applicant.

use gongkai_model::Text;
use gongkai_model::labels::{RequestGroup, RequestRow};

use crate::date::Date;
use crate::db::Arg;
use crate::error::LedgerError;
use crate::event::Actor;
use crate::ledger::Ledger;
use crate::outcome::outcome_words;
use crate::time;

/// A letter's words, ready to lay out (`gongkai_render::letter` writes it as DOCX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The title.
    pub title: String,
    /// The salutation line.
    pub salutation: Option<String>,
    /// The paragraphs.
    pub paragraphs: Vec<String>,
    /// The signature (the agency's name).
    pub signature: String,
    /// The date line (`2024年3月5日`).
    pub date: String,
}

/// Which letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LetterKind {
    /// 补正告知书.
    Correction,
    /// 延期答复告知书.
    Extension,
    /// 征求第三方意见书.
    Consultation,
    /// 答复书: 予以公开.
    AnswerGranted,
    /// 答复书: 部分公开.
    AnswerPartly,
    /// 答复书: 不予公开.
    AnswerDenied,
    /// 答复书: 无法提供.
    AnswerUnavailable,
    /// 告知书: 不予处理.
    AnswerNotProcessed,
    /// 告知书: 其他处理.
    AnswerOther,
}

/// Every placeholder a template may use, with what it holds.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("机关", "本机关名称"),
    (
        "申请人",
        "申请人姓名或名称（个人信息，读取时记入查阅记录；征求第三方意见书不可用）",
    ),
    ("编号", "申请编号"),
    ("收到日期", "收到申请之日"),
    ("申请方式", "当面、邮寄、信函、网络、传真"),
    ("申请内容", "申请内容"),
    ("补正告知日期", "作出补正告知之日"),
    ("答复期限", "答复期限（第三十三条：20个工作日）"),
    ("延长后期限", "延长后的答复期限"),
    ("第三方", "被征求意见的一方"),
    ("意见期限", "第三方提出意见的期限（15个工作日）"),
    ("答复日期", "答复之日"),
    ("办理结果", "办理结果（表三的行）"),
    ("理由", "办理结果的说明"),
    ("依据", "所依据的条例条款"),
    ("日期", "文书日期"),
];

impl LetterKind {
    /// Every kind.
    pub const ALL: [LetterKind; 9] = [
        LetterKind::Correction,
        LetterKind::Extension,
        LetterKind::Consultation,
        LetterKind::AnswerGranted,
        LetterKind::AnswerPartly,
        LetterKind::AnswerDenied,
        LetterKind::AnswerUnavailable,
        LetterKind::AnswerNotProcessed,
        LetterKind::AnswerOther,
    ];

    /// The template's name (its file under `crates/ledger/letters/`).
    pub fn code(self) -> &'static str {
        match self {
            LetterKind::Correction => "correction",
            LetterKind::Extension => "extension",
            LetterKind::Consultation => "consultation",
            LetterKind::AnswerGranted => "answer-granted",
            LetterKind::AnswerPartly => "answer-partly",
            LetterKind::AnswerDenied => "answer-denied",
            LetterKind::AnswerUnavailable => "answer-unavailable",
            LetterKind::AnswerNotProcessed => "answer-not-processed",
            LetterKind::AnswerOther => "answer-other",
        }
    }

    /// The kind of a template name.
    pub fn from_code(code: &str) -> Option<LetterKind> {
        LetterKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// The Chinese name of the document.
    pub fn zh(self) -> &'static str {
        match self {
            LetterKind::Correction => "补正告知书",
            LetterKind::Extension => "延期答复告知书",
            LetterKind::Consultation => "征求第三方意见书",
            LetterKind::AnswerGranted => "答复书（予以公开）",
            LetterKind::AnswerPartly => "答复书（部分公开）",
            LetterKind::AnswerDenied => "答复书（不予公开）",
            LetterKind::AnswerUnavailable => "答复书（无法提供）",
            LetterKind::AnswerNotProcessed => "告知书（不予处理）",
            LetterKind::AnswerOther => "告知书（其他处理）",
        }
    }

    /// The compiled-in template.
    pub fn default_template(self) -> &'static str {
        match self {
            LetterKind::Correction => include_str!("../letters/correction.txt"),
            LetterKind::Extension => include_str!("../letters/extension.txt"),
            LetterKind::Consultation => include_str!("../letters/consultation.txt"),
            LetterKind::AnswerGranted => include_str!("../letters/answer-granted.txt"),
            LetterKind::AnswerPartly => include_str!("../letters/answer-partly.txt"),
            LetterKind::AnswerDenied => include_str!("../letters/answer-denied.txt"),
            LetterKind::AnswerUnavailable => include_str!("../letters/answer-unavailable.txt"),
            LetterKind::AnswerNotProcessed => include_str!("../letters/answer-not-processed.txt"),
            LetterKind::AnswerOther => include_str!("../letters/answer-other.txt"),
        }
    }

    /// The answer letter for an outcome.
    pub fn for_outcome(row: RequestRow) -> LetterKind {
        match (row, row.spec().group) {
            (RequestRow::Granted, _) => LetterKind::AnswerGranted,
            (RequestRow::PartlyGranted, _) => LetterKind::AnswerPartly,
            (_, Some(RequestGroup::Denied)) => LetterKind::AnswerDenied,
            (_, Some(RequestGroup::Unavailable)) => LetterKind::AnswerUnavailable,
            (_, Some(RequestGroup::NotProcessed)) => LetterKind::AnswerNotProcessed,
            _ => LetterKind::AnswerOther,
        }
    }
}

/// The article of the 条例 an outcome rests on.
pub fn basis(row: RequestRow) -> &'static str {
    use RequestRow::*;
    match row {
        Granted => "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        PartlyGranted => "《中华人民共和国政府信息公开条例》第三十七条",
        DeniedStateSecret | DeniedLawProhibited | DeniedSecurityStability => {
            "《中华人民共和国政府信息公开条例》第十四条"
        }
        DeniedThirdParty => "《中华人民共和国政府信息公开条例》第十五条",
        DeniedInternal => "《中华人民共和国政府信息公开条例》第十六条第一款",
        DeniedProcess | DeniedEnforcementFile => "《中华人民共和国政府信息公开条例》第十六条第二款",
        DeniedQuery => "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
        UnavailableNotHeld => "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
        UnavailableNeedsCreation => "《中华人民共和国政府信息公开条例》第三十八条",
        UnavailableUnclear | OtherNoCorrection => "《中华人民共和国政府信息公开条例》第三十条",
        NotProcessedPetition => "《中华人民共和国政府信息公开条例》第三十九条第一款",
        NotProcessedDuplicate => "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
        NotProcessedPublication => "《中华人民共和国政府信息公开条例》第三十九条第二款",
        NotProcessedExcessive => "《中华人民共和国政府信息公开条例》第三十五条",
        OtherNoFee => "《中华人民共和国政府信息公开条例》第四十二条",
        _ => "《中华人民共和国政府信息公开条例》的有关规定",
    }
}

/// What an outcome means, as a letter says it.
pub fn reason(row: RequestRow) -> &'static str {
    use RequestRow::*;
    match row {
        DeniedStateSecret => "属于依法确定为国家秘密的政府信息",
        DeniedLawProhibited => "属于法律、行政法规禁止公开的政府信息",
        DeniedSecurityStability => "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
        DeniedThirdParty => "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
        DeniedInternal => "属于本机关的内部事务信息",
        DeniedProcess => "属于本机关在履行行政管理职能过程中形成的过程性信息",
        DeniedEnforcementFile => "属于行政执法案卷信息",
        DeniedQuery => "属于有关法律、行政法规对获取有特别规定的行政查询事项",
        UnavailableNotHeld => "经检索，本机关没有您所申请公开的政府信息",
        UnavailableNeedsCreation => {
            "本机关没有现成的信息，需要对现有政府信息进行加工、分析才能制作"
        }
        UnavailableUnclear => "经补正后，您的申请内容仍不明确",
        OtherNoCorrection => "您无正当理由逾期不补正",
        OtherNoFee => "您逾期未按收费通知要求缴纳费用",
        _ => outcome_words(row),
    }
}

/// `2024年3月5日`.
pub fn zh_date(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y}年{m}月{day}日")
}

/// Checks a template: a title, and only known placeholders.
pub fn check_template(kind: LetterKind, body: &str) -> Result<(), LedgerError> {
    let lines: Vec<&str> = printed_lines(body).collect();
    if lines.is_empty() {
        return Err(LedgerError::Invalid(Text::new(
            "文书模板为空：第一行应是标题",
            "the template is empty: its first line is the title",
        )));
    }
    for name in placeholders(body) {
        let known = PLACEHOLDERS.iter().any(|(p, _)| *p == name);
        let allowed = !(kind == LetterKind::Consultation && name == "申请人");
        if !known || !allowed {
            let list: Vec<&str> = PLACEHOLDERS.iter().map(|(p, _)| *p).collect();
            return Err(LedgerError::Invalid(Text::new(
                format!(
                    "模板中的 {{{name}}} {}；可用的占位符：{}",
                    if known {
                        "不能用于征求第三方意见书（不得向第三方透露申请人）"
                    } else {
                        "不是已知的占位符"
                    },
                    list.join("、")
                ),
                format!(
                    "{{{name}}} {}; placeholders: {}",
                    if known {
                        "cannot be used in a consultation letter (the applicant is not named to a third party)"
                    } else {
                        "is no known placeholder"
                    },
                    list.join(", ")
                ),
            )));
        }
    }
    Ok(())
}

fn printed_lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The names inside `{…}`.
fn placeholders(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in printed_lines(body) {
        let mut rest = line;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            out.push(after[..j].to_string());
            rest = &after[j + 1..];
        }
    }
    out
}

/// Fills a template with `values`; a placeholder without a value is an error naming it.
fn fill(
    body: &str,
    values: &[(&str, String)],
    signature: &str,
    date: &str,
) -> Result<Letter, LedgerError> {
    let mut lines = Vec::new();
    for line in printed_lines(body) {
        let mut out = String::new();
        let mut rest = line;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..j];
            let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
            match value {
                Some(v) => out.push_str(v),
                None => {
                    return Err(LedgerError::Invalid(Text::new(
                        format!(
                            "这份文书用不到 {{{name}}}：台账中还没有它的内容（例如尚未记录相应的事件）"
                        ),
                        format!(
                            "{{{name}}} has no value for this letter (its event may not be recorded yet)"
                        ),
                    )));
                }
            }
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        lines.push(out);
    }
    let mut it = lines.into_iter();
    let title = it.next().unwrap_or_default();
    let mut rest: Vec<String> = it.collect();
    let salutation = match rest.first() {
        Some(s) if s.ends_with('：') || s.ends_with(':') => Some(rest.remove(0)),
        _ => None,
    };
    Ok(Letter {
        title,
        salutation,
        paragraphs: rest,
        signature: signature.to_string(),
        date: date.to_string(),
    })
}

impl Ledger<'_> {
    /// The template of `kind`: the agency's own, or the default.
    pub fn template(&mut self, kind: LetterKind) -> Result<(String, bool), LedgerError> {
        let rows = self.db.query(
            "SELECT body FROM ledger_templates WHERE agency_id = $1 AND kind = $2",
            &[Arg::Int(self.agency.id), Arg::Text(kind.code().to_string())],
        )?;
        Ok(match rows.first() {
            Some(r) => (r.text(0), true),
            None => (kind.default_template().to_string(), false),
        })
    }

    /// Replaces the agency's template of `kind` (checked first); `None` goes back to the default.
    pub fn set_template(
        &mut self,
        actor: &Actor,
        kind: LetterKind,
        body: Option<&str>,
    ) -> Result<(), LedgerError> {
        if let Some(b) = body {
            check_template(kind, b)?;
        }
        let agency = self.agency.id;
        self.db.tx(|db| {
            db.exec(
                "DELETE FROM ledger_templates WHERE agency_id = $1 AND kind = $2",
                &[Arg::Int(agency), Arg::Text(kind.code().to_string())],
            )?;
            if let Some(b) = body {
                db.exec(
                    "INSERT INTO ledger_templates (agency_id, kind, body, updated_at, updated_by)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[
                        Arg::Int(agency),
                        Arg::Text(kind.code().to_string()),
                        Arg::Text(b.to_string()),
                        Arg::Text(time::now()),
                        Arg::Text(actor.name().to_string()),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// The letter of `kind` for request `number` (`None`: the answer letter its outcome needs).
    /// Naming the applicant reads personal data: logged with the letter as the reason.
    pub fn letter(
        &mut self,
        actor: &Actor,
        number: &str,
        kind: Option<LetterKind>,
    ) -> Result<(LetterKind, Letter), LedgerError> {
        let view = self.request(number)?;
        let state = &view.state;
        let need = |what: &str, event: &str| {
            LedgerError::Invalid(Text::new(
                format!(
                    "申请 {number} 还没有{what}；请先记录（gongkai ledger event {number} {event} --date …）"
                ),
                format!(
                    "request {number} has no {what} yet; record it first (gongkai ledger event {number} {event} --date …)"
                ),
            ))
        };
        let Some(receipt) = &state.received else {
            return Err(LedgerError::UnknownRequest(number.to_string()));
        };
        let kind = match kind {
            Some(k) => k,
            None => match state.closure {
                Some(c) if !c.withdrawn => LetterKind::for_outcome(c.outcome),
                _ => return Err(need("答复", "答复")),
            },
        };
        let schedule = view.schedule.clone().ok().flatten();
        let mut values: Vec<(&str, String)> = vec![
            ("机关", self.agency.name.clone()),
            ("编号", number.to_string()),
            ("收到日期", zh_date(receipt.date)),
            ("申请方式", receipt.channel.zh().to_string()),
            ("申请内容", receipt.content.clone()),
        ];
        if let Some(s) = &schedule {
            if let Some(d) = s.due {
                values.push(("答复期限", zh_date(d)));
            }
            if let Some(d) = s.extended_due {
                values.push(("延长后期限", zh_date(d)));
            }
        }
        let date = match kind {
            LetterKind::Correction => {
                let c = state
                    .correction
                    .ok_or_else(|| need("补正告知", "补正告知"))?;
                values.push(("补正告知日期", zh_date(c.requested)));
                c.requested
            }
            LetterKind::Extension => state.extended.ok_or_else(|| need("延期答复", "延期答复"))?,
            LetterKind::Consultation => {
                let (c, party) = state
                    .consultations
                    .last()
                    .ok_or_else(|| need("征求意见", "征求意见"))?;
                values.push(("第三方", party.clone()));
                if let Some(s) = &schedule
                    && let Some(clock) = s.consultations.last()
                {
                    values.push(("意见期限", zh_date(clock.reply_due)));
                }
                c.sent
            }
            _ => {
                let c = state
                    .closure
                    .filter(|c| !c.withdrawn)
                    .ok_or_else(|| need("答复", "答复"))?;
                if LetterKind::for_outcome(c.outcome) != kind {
                    return Err(LedgerError::Invalid(Text::new(
                        format!(
                            "申请 {number} 的办理结果是“{}”，应使用{}",
                            outcome_words(c.outcome),
                            LetterKind::for_outcome(c.outcome).zh()
                        ),
                        format!(
                            "request {number} was answered as {}: its letter is {}",
                            c.outcome.spec().key,
                            LetterKind::for_outcome(c.outcome).code()
                        ),
                    )));
                }
                values.push(("答复日期", zh_date(c.date)));
                values.push(("办理结果", outcome_words(c.outcome).to_string()));
                values.push(("理由", reason(c.outcome).to_string()));
                values.push(("依据", basis(c.outcome).to_string()));
                c.date
            }
        };
        values.push(("日期", zh_date(date)));
        let (body, _) = self.template(kind)?;
        check_template(kind, &body)?;
        if placeholders(&body).iter().any(|p| p == "申请人") {
            let person = self.person(actor, number, &format!("制作{}", kind.zh()))?;
            let name = person.map(|p| p.name).filter(|n| !n.is_empty()).ok_or_else(|| {
                LedgerError::Invalid(Text::new(
                    format!("申请 {number} 没有申请人姓名（可能已按保存期限删除）；请用 gongkai ledger person set 补录"),
                    format!("request {number} has no applicant name (it may have been purged); add it with gongkai ledger person set"),
                ))
            })?;
            values.push(("申请人", name));
        }
        let letter = fill(&body, &values, &self.agency.name, &zh_date(date))?;
        Ok((kind, letter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_templates_are_valid_and_every_outcome_has_a_letter() {
        for k in LetterKind::ALL {
            check_template(k, k.default_template()).unwrap();
            assert_eq!(LetterKind::from_code(k.code()), Some(k));
        }
        for spec in gongkai_model::labels::REQUEST_ROWS
            .iter()
            .filter(|s| s.outcome)
        {
            let k = LetterKind::for_outcome(spec.row);
            assert!(k.code().starts_with("answer-"));
            assert!(basis(spec.row).starts_with("《中华人民共和国政府信息公开条例》"));
            assert!(!reason(spec.row).is_empty());
        }
        assert!(check_template(LetterKind::Consultation, "标题\n{申请人}：\n").is_err());
        assert!(check_template(LetterKind::Correction, "标题\n{不存在}\n").is_err());
        assert!(check_template(LetterKind::Correction, "# 只有说明\n").is_err());
    }

    #[test]
    fn templates_fill_in_order() {
        let l = fill(
            "# 说明\n标题{编号}\n{申请人}：\n第一段{收到日期}。\n第二段\n",
            &[
                ("编号", "7".into()),
                ("申请人", "张三".into()),
                ("收到日期", zh_date(Date::parse("2024-03-05").unwrap())),
            ],
            "某机关",
            "2024年3月6日",
        )
        .unwrap();
        assert_eq!(l.title, "标题7");
        assert_eq!(l.salutation.as_deref(), Some("张三："));
        assert_eq!(l.paragraphs, ["第一段2024年3月5日。", "第二段"]);
        assert!(fill("标题{答复日期}", &[], "", "").is_err());
    }
}
