//! Why a request could not be served, with its HTTP status and a message in both languages;
//! the pages show it as an HTML page, the API as JSON.

use axum::http::StatusCode;
use gongkai_model::{Lang, Text};
use serde::Serialize;

use crate::limits::format_size;

/// A request that could not be served. A file that could not be *read* is not a failure: it is
/// a finding, shown like the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The upload is larger than the limit (bytes).
    TooLarge(u64),
    /// The form had no file, or an empty one.
    NoFile,
    /// The body was not `multipart/form-data` or was cut off.
    Malformed,
    /// Every slot stayed taken for the whole queue time.
    Busy,
    /// The check ran longer than the limit (seconds).
    TooSlow(u64),
    /// The client took longer than the limit to send the upload.
    SlowUpload,
    /// A bug: the check stopped with a panic (the server carries on).
    Internal,
}

/// The JSON body of a failed API request: `{"error": code, "message": {"zh": …, "en": …}}`.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// A stable kebab-case code.
    pub error: &'a str,
    /// The message in both languages.
    pub message: &'a Text,
}

impl Failure {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::NoFile | Failure::Malformed => StatusCode::BAD_REQUEST,
            Failure::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Failure::TooSlow(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::SlowUpload => StatusCode::REQUEST_TIMEOUT,
            Failure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::TooLarge(_) => "upload-too-large",
            Failure::NoFile => "no-file",
            Failure::Malformed => "malformed-upload",
            Failure::Busy => "busy",
            Failure::TooSlow(_) => "check-too-slow",
            Failure::SlowUpload => "upload-too-slow",
            Failure::Internal => "internal-error",
        }
    }

    /// The heading of the page.
    pub fn title(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Failure::TooLarge(_) => ("文件太大", "File too large"),
            Failure::NoFile => ("没有收到文件", "No file received"),
            Failure::Malformed => ("上传不完整", "Incomplete upload"),
            Failure::Busy => ("服务器正忙", "Server busy"),
            Failure::TooSlow(_) => ("核对时间过长", "Check took too long"),
            Failure::SlowUpload => ("上传时间过长", "Upload took too long"),
            Failure::Internal => ("内部错误", "Internal error"),
        };
        if lang == Lang::En { en } else { zh }
    }

    /// What happened and what to do.
    pub fn message(&self) -> Text {
        match self {
            Failure::TooLarge(limit) => {
                let size = format_size(*limit);
                Text::new(
                    format!(
                        "上传的文件超过 {size} 的上限，没有核对。请上传较小的文件（例如只含报告正文的 PDF 或 DOCX），或请管理员用 gongkai serve --max-upload 调高上限。"
                    ),
                    format!(
                        "The upload is larger than the {size} limit and was not checked. Upload a smaller file (such as a PDF or DOCX of the report alone), or ask the administrator to raise it with gongkai serve --max-upload."
                    ),
                )
            }
            Failure::NoFile => Text::new(
                "没有收到文件：请选择一份报告文件再提交（表单字段 file）。",
                "No file was received: choose a report file, then submit (form field file).",
            ),
            Failure::Malformed => Text::new(
                "上传的数据不完整或格式不对：请以 multipart/form-data 提交，文件放在字段 file 中。",
                "The upload was incomplete or not well formed: send multipart/form-data with the file in the field file.",
            ),
            Failure::Busy => Text::new(
                "同时核对的报告已达上限，排队时间过长。请稍后再试。",
                "The server is checking as many reports as it can and the wait was too long. Try again in a moment.",
            ),
            Failure::TooSlow(seconds) => Text::new(
                format!(
                    "这份文件的核对超过了 {seconds} 秒的上限，已停止等待。文件可能过大或结构过于复杂；可以试试另存为 PDF 或 DOCX 后再上传。"
                ),
                format!(
                    "Checking this file took longer than the {seconds}-second limit, so the server stopped waiting. The file may be too large or too complex; try saving it as PDF or DOCX and uploading again."
                ),
            ),
            Failure::SlowUpload => Text::new(
                "文件上传时间过长，连接已中止。请检查网络后重试。",
                "Sending the file took too long and the upload was stopped. Check the connection and try again.",
            ),
            Failure::Internal => Text::new(
                "处理这份文件时发生内部错误（程序缺陷），服务器仍在运行。请把文件报告给维护者。",
                "An internal error (a bug) stopped the check of this file; the server carries on. Please report the file to the maintainers.",
            ),
        }
    }

    /// The JSON body for the API, with a line break at the end.
    pub fn json(&self) -> String {
        let message = self.message();
        let body = ErrorBody {
            error: self.code(),
            message: &message,
        };
        let mut out = serde_json::to_string_pretty(&body).unwrap_or_default();
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_names_the_limit_in_both_languages() {
        let f = Failure::TooLarge(50 * 1024 * 1024);
        assert_eq!(f.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let m = f.message();
        assert!(m.zh.contains("50 MB") && m.en.contains("50 MB"));
        let v: serde_json::Value = serde_json::from_str(&f.json()).unwrap();
        assert_eq!(v["error"], "upload-too-large");
        assert!(v["message"]["zh"].as_str().unwrap().contains("上限"));
    }
}
