//! A running `gongkai serve` (started on a free loopback port, stopped when dropped) and a small
//! blocking HTTP/1.1 client for it: one request per connection. Shared by the `serve` tests and
//! the load bench (`benches/serve.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

/// `gongkai serve` in a child process.
pub struct Server {
    child: Child,
    /// `127.0.0.1:port`.
    pub addr: String,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `program serve --addr 127.0.0.1:0 extra…` and reads the address it prints.
    pub fn start(program: &str, extra: &[&str]) -> std::io::Result<Server> {
        let mut child = Command::new(program)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut stdout = BufReader::new(child.stdout.take().expect("a piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(str::to_string);
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other(format!("no address in {line:?}")));
        };
        Ok(Server {
            child,
            addr,
            _stdout: stdout,
        })
    }

    /// The server's peak resident memory so far, in bytes (Linux: `VmHWM` of `/proc/PID/status`).
    pub fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// POSTs `bytes` as the multipart field `file` named `name`: (status, body).
pub fn post_file(
    addr: &str,
    path: &str,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let boundary = "gongkai-load-7MA4YWxkTrZu0gW";
    let mut body = Vec::with_capacity(bytes.len() + 256);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    request(addr, head.as_bytes(), &body)
}

/// GETs `path`: (status, body).
pub fn get(addr: &str, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    request(addr, head.as_bytes(), &[])
}

fn request(addr: &str, head: &[u8], body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(300)))?;
    stream.write_all(head)?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no HTTP header in the answer"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line: {head}")))?;
    Ok((status, raw[split + 4..].to_vec()))
}
