//! The limits: oversized uploads get 413 and the server carries on, slow checks and slow
//! uploads are cut off, a full queue answers "busy", and many uploads at once all get through.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{Request, StatusCode};
use gongkai_server::{AppState, Limits, app};
use tower::ServiceExt;

use crate::{example, multipart, send, send_to, upload};

fn small() -> Limits {
    Limits {
        max_upload: 4096,
        ..Limits::default()
    }
}

#[tokio::test]
async fn an_oversized_upload_gets_413_and_the_server_carries_on() {
    let big = vec![b'x'; 20_000];
    let router = app(AppState::new(small()));
    let a = send_to(router.clone(), upload("/api/check", "big.txt", &big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.header("connection"), "close");
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    assert_eq!(v["error"], "upload-too-large");
    assert!(v["message"]["zh"].as_str().unwrap().contains("4 KB"));
    assert!(v["message"]["en"].as_str().unwrap().contains("4 KB"));
    let page = send_to(router.clone(), upload("/check", "big.txt", &big)).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.text.contains("<h1>文件太大</h1>"), "{}", page.text);
    assert!(page.text.contains("超过 4 KB 的上限"));
    // The other language is there too, for a reader who has not switched yet.
    assert!(page.text.contains(
        "<p class=\"also\" lang=\"en\">File too large — The upload is larger than the 4 KB limit"
    ));
    // Without a Content-Length the bytes are counted as they arrive.
    let (ct, body) = multipart("file", "big.txt", &big);
    let req = Request::post("/check?lang=en")
        .header("content-type", ct)
        .body(Body::from(body))
        .unwrap();
    let page = send_to(router.clone(), req).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.text.contains("larger than the 4 KB limit"));
    // The same app still checks a report that fits.
    let fits = example("error-review-total.txt");
    let limits = Limits {
        max_upload: fits.len() as u64 + 1024,
        ..Limits::default()
    };
    let router = app(AppState::new(limits));
    let a = send_to(router.clone(), upload("/api/check", "big.txt", &big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    let a = send_to(router, upload("/api/check", "r.txt", &fits)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
}

#[tokio::test]
async fn a_check_over_its_time_is_answered() {
    // Twenty thousand lines take far longer to read than no time at all.
    let text = "（七）总计\t1\t2\t3\t4\t5\t6\t21\n".repeat(20_000);
    let limits = Limits {
        check_time: Duration::ZERO,
        ..Limits::default()
    };
    let a = send(limits, upload("/api/check", "long.txt", text.as_bytes())).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text);
    let v: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    assert_eq!(v["error"], "check-too-slow");
}

/// A request body that never ends: its sender has stalled.
struct Stalled;

impl HttpBody for Stalled {
    type Data = Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

fn stalled(uri: &str) -> Request<Body> {
    Request::post(uri)
        .header(
            "content-type",
            "multipart/form-data; boundary=----gongkai-test-boundary",
        )
        .body(Body::new(Stalled))
        .unwrap()
}

#[tokio::test]
async fn a_stalled_upload_is_cut_off_and_a_full_queue_is_busy() {
    let limits = Limits {
        uploads: 1,
        receive_time: Duration::from_millis(300),
        queue_time: Duration::from_millis(50),
        ..Limits::default()
    };
    let router = app(AppState::new(limits));
    // The stalled upload holds the only upload slot while the second request waits for it.
    let first = tokio::spawn(send_to(router.clone(), stalled("/api/check")));
    tokio::time::sleep(Duration::from_millis(20)).await;
    let second = send_to(
        router.clone(),
        upload("/api/check", "r.txt", &example("error-review-total.txt")),
    )
    .await;
    assert_eq!(second.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(second.header("retry-after"), "10");
    let first = first.await.unwrap();
    assert_eq!(first.status, StatusCode::REQUEST_TIMEOUT, "{}", first.text);
    // The slot is free again.
    let third = send_to(
        router,
        upload("/api/check", "r.txt", &example("error-review-total.txt")),
    )
    .await;
    assert_eq!(third.status, StatusCode::OK);
}

#[tokio::test]
async fn many_uploads_at_once_all_get_their_answer() {
    let limits = Limits {
        checks: 1,
        uploads: 2,
        ..Limits::default()
    };
    let router = app(AppState::new(limits));
    let names = [
        "error-outcome-total.txt",
        "2021-tabbed.txt",
        "2019-crawled.txt",
        "2021-gbk.txt",
    ];
    let mut jobs = Vec::new();
    for i in 0..24 {
        let name = names[i % names.len()];
        let req = upload("/api/check", name, &example(name));
        jobs.push((name, tokio::spawn(router.clone().oneshot(req))));
    }
    for (name, job) in jobs {
        let res = job.await.unwrap().unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let errors = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .count();
        assert_eq!(errors, usize::from(name.starts_with("error")) * 2, "{name}");
    }
}
