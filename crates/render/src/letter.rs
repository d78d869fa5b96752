//! Letters to applicants and third parties (补正告知书, 延期答复告知书, 征求第三方意见书, 答复书):
//! the words are the caller's (the ledger fills an agency's template); this lays them out.

use crate::html::escape;

/// A letter, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The title (`政府信息公开申请补正告知书`).
    pub title: String,
    /// The salutation line, flush left (`张三：`).
    pub salutation: Option<String>,
    /// The body paragraphs, each indented two characters.
    pub paragraphs: Vec<String>,
    /// The signature lines (the agency).
    pub signature: Vec<String>,
    /// The date line (`2024年3月5日`).
    pub date: Option<String>,
}

/// The letter as a DOCX document (A4, GB/T 9704 page, the report's fonts).
pub fn docx(letter: &Letter) -> Vec<u8> {
    crate::docx::write_letter(letter)
}

/// The letter as plain text (for a terminal or an e-mail).
pub fn text(letter: &Letter) -> String {
    let mut out = format!("{}\n\n", letter.title);
    if let Some(s) = &letter.salutation {
        out.push_str(s);
        out.push('\n');
    }
    for p in &letter.paragraphs {
        out.push_str("　　");
        out.push_str(p);
        out.push('\n');
    }
    out.push('\n');
    for line in letter.signature.iter().chain(&letter.date) {
        out.push_str(&format!("{line:>40}\n"));
    }
    out
}

/// The letter as one printable HTML page.
pub fn html(letter: &Letter) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
<style>body{{font-family:FangSong,\"仿宋\",serif;font-size:16pt;line-height:28.95pt;max-width:156mm;margin:37mm auto}}\
h1{{font-family:\"方正小标宋简体\",SimSun,serif;font-size:22pt;text-align:center;font-weight:normal}}\
p{{text-indent:2em;margin:0}}p.s{{text-indent:0}}p.r{{text-align:right;margin-right:2em}}</style></head><body>\n<h1>{}</h1>\n",
        escape(&letter.title),
        escape(&letter.title)
    );
    if let Some(s) = &letter.salutation {
        out.push_str(&format!("<p class=\"s\">{}</p>\n", escape(s)));
    }
    for p in &letter.paragraphs {
        out.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    out.push_str("<p>&nbsp;</p>\n");
    for line in letter.signature.iter().chain(&letter.date) {
        out.push_str(&format!("<p class=\"r\">{}</p>\n", escape(line)));
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter {
            title: "政府信息公开申请补正告知书".into(),
            salutation: Some("张三：".into()),
            paragraphs: vec![
                "本机关于2024年3月5日收到您的申请。".into(),
                "特此告知。".into(),
            ],
            signature: vec!["青禾县市场监督管理局".into()],
            date: Some("2024年3月8日".into()),
        }
    }

    #[test]
    fn a_letter_is_a_docx_package_with_its_words() {
        let bytes = docx(&letter());
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut doc = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
            .unwrap();
        for words in [
            "补正告知书",
            "张三：",
            "特此告知。",
            "青禾县市场监督管理局",
            "2024年3月8日",
        ] {
            assert!(doc.contains(words), "{words}");
        }
        assert!(zip.by_name("word/styles.xml").is_ok());
        assert!(text(&letter()).contains("　　特此告知。"));
        assert!(html(&letter()).contains("<p class=\"s\">张三：</p>"));
    }
}
