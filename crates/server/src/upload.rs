//! Receiving an upload within the limits: an upload slot first (so at most `Limits::uploads`
//! files are in memory), then the multipart `file` field, counted as it arrives. An oversized
//! upload is read to its end and thrown away (up to `Limits::drain`) before the 413 answer, so a
//! browser that is still sending shows the answer instead of a reset connection.

use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_LENGTH;
use tokio::sync::OwnedSemaphorePermit;

use crate::AppState;
use crate::failure::Failure;

/// An uploaded file, held in memory only.
pub struct Upload {
    /// The file's name as the client gave it, without any folder part.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The upload slot, released when the upload is dropped.
    pub permit: OwnedSemaphorePermit,
    /// The form's other small fields: `add` (the box 核对后加入语料库) and `csrf`.
    pub fields: Fields,
}

/// The small text fields sent beside the file (each kept only up to [`MAX_TEXT`] bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The box 核对后加入语料库 was ticked (`add` sent non-empty).
    pub add: bool,
    /// The session's CSRF token, sent with `add`.
    pub csrf: String,
}

/// The longest text field kept (a CSRF token is 43 characters).
const MAX_TEXT: usize = 256;

/// At most this many multipart fields are read (the form has one).
const MAX_FIELDS: usize = 16;

/// Receives the `file` field of a `multipart/form-data` request.
pub async fn receive(state: &AppState, req: Request) -> Result<Upload, Failure> {
    let limits = state.limits();
    // Nothing is read before there is a slot: meanwhile TCP holds the client back.
    let permit = tokio::time::timeout(limits.queue_time, state.upload_slots().acquire_owned())
        .await
        .map_err(|_| Failure::Busy)?
        .map_err(|_| Failure::Busy)?;
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = declared.filter(|&n| n > limits.max_upload) {
        if n - limits.max_upload <= limits.drain {
            drain(req.into_body(), n, limits.receive_time).await;
        }
        return Err(Failure::TooLarge(limits.max_upload));
    }
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|_| Failure::Malformed)?;
    let file = tokio::time::timeout(limits.receive_time, read_file(&mut multipart, state))
        .await
        .map_err(|_| Failure::SlowUpload)??;
    let (name, bytes, fields) = file;
    Ok(Upload {
        name,
        bytes,
        permit,
        fields,
    })
}

/// Reads every field, keeping the first one named `file` and the small fields `add` and `csrf`;
/// all bytes count toward the limit.
async fn read_file(
    multipart: &mut Multipart,
    state: &AppState,
) -> Result<(String, Vec<u8>, Fields), Failure> {
    let limits = state.limits();
    let mut total: u64 = 0;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields_seen = Fields::default();
    let mut fields = 0;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| Failure::Malformed)?
    {
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(Failure::Malformed);
        }
        let keep = file.is_none() && field.name() == Some("file");
        let text = match field.name() {
            Some("add") => Some(true),
            Some("csrf") => Some(false),
            _ => None,
        };
        let name = clean_name(field.file_name().unwrap_or(""));
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| Failure::Malformed)? {
            total += chunk.len() as u64;
            if total > limits.max_upload {
                drop(bytes);
                let mut left = limits.drain;
                // Read on to the end (or the drain limit), then answer.
                while let Ok(Some(c)) = field.chunk().await {
                    left = left.saturating_sub(c.len() as u64);
                    if left == 0 {
                        return Err(Failure::TooLarge(limits.max_upload));
                    }
                }
                drop(field);
                while let Ok(Some(mut f)) = multipart.next_field().await {
                    while let Ok(Some(c)) = f.chunk().await {
                        left = left.saturating_sub(c.len() as u64);
                        if left == 0 {
                            return Err(Failure::TooLarge(limits.max_upload));
                        }
                    }
                }
                return Err(Failure::TooLarge(limits.max_upload));
            }
            if keep || (text.is_some() && bytes.len() + chunk.len() <= MAX_TEXT) {
                bytes.extend_from_slice(&chunk);
            }
        }
        match text {
            Some(true) => fields_seen.add = !bytes.is_empty(),
            Some(false) => fields_seen.csrf = String::from_utf8_lossy(&bytes).trim().to_string(),
            None if keep => file = Some((name, bytes)),
            None => {}
        }
    }
    match file {
        // A form submitted with no file chosen sends an empty part with an empty name.
        Some((name, bytes)) if !(bytes.is_empty() && name.is_empty()) => Ok((
            if name.is_empty() {
                "upload".to_string()
            } else {
                name
            },
            bytes,
            fields_seen,
        )),
        _ => Err(Failure::NoFile),
    }
}

/// Reads and drops a body, up to `max` bytes and `time`.
async fn drain(mut body: Body, max: u64, time: Duration) {
    let work = async {
        let mut seen: u64 = 0;
        while let Some(frame) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            let Ok(frame) = frame else { break };
            if let Some(data) = frame.data_ref() {
                seen += data.len() as u64;
                if seen > max {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(time, work).await;
}

/// The file name without folders (some clients send a whole path), control characters or
/// surrounding spaces, at most 200 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\a\\报告.pdf"), "报告.pdf");
        assert_eq!(clean_name("/tmp/x/report.docx"), "report.docx");
        assert_eq!(clean_name(" a\u{0}b.txt "), "ab.txt");
        assert_eq!(clean_name(""), "");
        assert_eq!(clean_name(&"长".repeat(300)).chars().count(), 200);
    }
}
