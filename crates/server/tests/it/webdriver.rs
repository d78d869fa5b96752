//! A small W3C WebDriver client for the browser tests: chromedriver started on a loopback port,
//! and the dozen commands the tests use, as JSON over HTTP/1.1 on a plain `TcpStream`. (A client
//! crate would add about ninety crates to the build for these few calls: see ARCHITECTURE.md.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// The key of an element reference in WebDriver JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver; stopped when dropped.
pub struct Driver {
    addr: SocketAddr,
    child: Child,
}

/// A browser session; the browser is closed when dropped.
pub struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

/// A reference to an element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

/// A free loopback port (bound, read, released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a loopback port")
}

impl Driver {
    /// Starts `chromedriver` on a free loopback port and waits until it is ready.
    pub fn start(program: &str) -> Result<Driver, String> {
        let port = free_port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {program}: {e}"))?;
        let driver = Driver {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
        };
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(v) = driver.call("GET", "/status", None)
                && v["ready"] == true
            {
                return Ok(driver);
            }
            if Instant::now() > until {
                return Err("chromedriver did not become ready in 30 s".to_string());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Opens a headless Chromium with `args` (and `prefs`, Chromium's preferences).
    pub fn session(
        &self,
        binary: &str,
        args: &[String],
        prefs: Value,
    ) -> Result<Session<'_>, String> {
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "goog:chromeOptions": { "binary": binary, "args": args, "prefs": prefs }
            }}
        });
        let v = self.call("POST", "/session", Some(caps))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {v}"))?
            .to_string();
        Ok(Session { driver: self, id })
    }

    /// One command: the `value` of the answer, or the WebDriver error as text.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let (status, text) = http(self.addr, method, path, &body)?;
        let v: Value =
            serde_json::from_str(&text).map_err(|e| format!("{method} {path}: {e}: {text}"))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(format!("{method} {path}: HTTP {status}: {value}"));
        }
        Ok(value)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.driver
            .call(method, &format!("/session/{}{path}", self.id), body)
    }

    /// Opens `url` and waits for the page to load.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.call("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    /// The address of the current page.
    pub fn url(&self) -> Result<String, String> {
        Ok(self
            .call("GET", "/url", None)?
            .as_str()
            .unwrap_or("")
            .to_string())
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element, String> {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        element(&v).ok_or_else(|| format!("no element for {css}: {v}"))
    }

    /// Every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(element).collect())
            .unwrap_or_default())
    }

    /// Waits up to `seconds` for an element to appear (after a navigation).
    pub fn wait_for(&self, css: &str, seconds: u64) -> Result<Element, String> {
        let until = Instant::now() + Duration::from_secs(seconds);
        loop {
            match self.find(css) {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() > until => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// The rendered text of an element.
    pub fn text(&self, e: &Element) -> Result<String, String> {
        let v = self.call("GET", &format!("/element/{}/text", e.0), None)?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// An attribute of an element ("" when absent).
    pub fn attr(&self, e: &Element, name: &str) -> Result<String, String> {
        let v = self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None)?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// Types into an element (for a file input: the file's path).
    pub fn send_keys(&self, e: &Element, text: &str) -> Result<(), String> {
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            Some(json!({ "text": text })),
        )
        .map(drop)
    }

    /// Clicks an element (waiting for a navigation it starts).
    pub fn click(&self, e: &Element) -> Result<(), String> {
        self.call("POST", &format!("/element/{}/click", e.0), Some(json!({})))
            .map(drop)
    }

    /// A PNG of the whole page (through the DevTools protocol), or of the window when that is not
    /// available.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({}));
        let b64 = match metrics {
            Ok(m) => {
                let size = &m["cssContentSize"];
                let (w, h) = (
                    size["width"].as_f64().unwrap_or(1280.0),
                    size["height"].as_f64().unwrap_or(900.0).min(16000.0),
                );
                let shot = self.cdp(
                    "Page.captureScreenshot",
                    json!({ "format": "png", "captureBeyondViewport": true,
                            "clip": { "x": 0, "y": 0, "width": w, "height": h, "scale": 1 } }),
                )?;
                shot["data"].as_str().unwrap_or("").to_string()
            }
            Err(_) => self
                .call("GET", "/screenshot", None)?
                .as_str()
                .unwrap_or("")
                .to_string(),
        };
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| e.to_string())
    }

    /// The page printed to PDF (A4), as the browser's print would lay it out.
    pub fn print(&self) -> Result<Vec<u8>, String> {
        let v = self.call(
            "POST",
            "/print",
            Some(json!({ "page": { "width": 21.0, "height": 29.7 }, "background": true })),
        )?;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or(""))
            .map_err(|e| e.to_string())
    }

    /// A DevTools command (chromedriver's `goog/cdp/execute`).
    fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.id), None);
    }
}

fn element(v: &Value) -> Option<Element> {
    v.get(ELEMENT)
        .and_then(Value::as_str)
        .map(|s| Element(s.to_string()))
}

/// One HTTP/1.1 request: (status, body). The body is read by its `Content-Length` (or to the
/// last chunk): chromedriver keeps the connection open even when asked to close it.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("connect {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send {path}: {e}"))?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let mut head_end = None;
    loop {
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            let done = match length {
                Some(n) => raw.len() >= end + 4 + n,
                None => raw.ends_with(b"0\r\n\r\n"),
            };
            if done {
                break;
            }
        }
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if head_end.is_none() {
            head_end = raw.windows(4).position(|w| w == b"\r\n\r\n");
        }
    }
    let split = head_end.ok_or_else(|| format!("{path}: no HTTP header in the answer"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{path}: bad status line in {head}"))?;
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// Decodes a chunked body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        raw = &raw[eol + 2..];
        if size == 0 || size > raw.len() {
            break;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[(size + 2).min(raw.len())..];
    }
    out
}
