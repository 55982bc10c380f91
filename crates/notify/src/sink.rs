//! A local SMTP server that accepts every message and keeps it, standing in for the
//! organization's mail relay in tests (the only part of e-mail we cannot run for real).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A received message.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and body) as sent.
    pub raw: String,
}

impl Received {
    /// The decoded subject.
    pub fn subject(&self) -> String {
        // Unfold the header: continuation lines start with white space.
        let mut value = String::new();
        let mut inside = false;
        for l in self.raw.lines() {
            if let Some(rest) = l.strip_prefix("Subject: ") {
                value.push_str(rest);
                inside = true;
            } else if inside && (l.starts_with(' ') || l.starts_with('\t')) {
                value.push(' ');
                value.push_str(l.trim());
            } else if inside {
                break;
            }
        }
        decode_encoded_words(&value)
    }

    /// The decoded body (base64 or plain).
    pub fn body(&self) -> String {
        let Some((headers, body)) = self.raw.split_once("\r\n\r\n") else {
            return String::new();
        };
        if headers
            .to_ascii_lowercase()
            .contains("content-transfer-encoding: base64")
        {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            data_encoding::BASE64
                .decode(compact.as_bytes())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        } else {
            body.to_owned()
        }
    }
}

/// `=?utf-8?b?...?=` words (RFC 2047) to text. White space between two encoded words
/// is dropped; between an encoded word and plain text it is kept.
fn decode_encoded_words(s: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in s.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let decoded = if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            data_encoding::BASE64
                .decode(&word.as_bytes()[10..word.len() - 2])
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        } else {
            None
        };
        let encoded = decoded.is_some();
        if !(out.is_empty() || encoded && previous_encoded) {
            out.push(' ');
        }
        out.push_str(decoded.as_deref().unwrap_or(word));
        previous_encoded = encoded;
    }
    out
}

/// A running sink.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts listening on a free loopback port.
    pub async fn start() -> std::io::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, store).await;
                });
            }
        });
        Ok(SmtpSink { port, messages })
    }

    /// The URL to give the mailer.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits (up to ten seconds) until at least `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

async fn serve(
    socket: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.localhost ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") {
            write
                .write_all(b"250-sink.localhost\r\n250 8BITMIME\r\n")
                .await?;
        } else if command.starts_with("HELO")
            || command.starts_with("RSET")
            || command.starts_with("NOOP")
        {
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("MAIL FROM:") {
            from = line.trim_end()[10..]
                .trim()
                .trim_matches(['<', '>'])
                .to_owned();
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("RCPT TO:") {
            to.push(
                line.trim_end()[8..]
                    .trim()
                    .trim_matches(['<', '>'])
                    .to_owned(),
            );
            write.write_all(b"250 OK\r\n").await?;
        } else if command == "DATA" {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut raw = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                raw.push_str(
                    line.strip_prefix('.')
                        .filter(|_| line.starts_with(".."))
                        .unwrap_or(&line),
                );
            }
            if let Ok(mut m) = store.lock() {
                m.push(Received {
                    from: from.clone(),
                    to: to.clone(),
                    raw,
                });
            }
            write.write_all(b"250 queued\r\n").await?;
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 not implemented\r\n").await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_thai_message_goes_through_the_sink() {
        let sink = SmtpSink::start().await.unwrap();
        let mailer =
            crate::Mailer::new(Some(&sink.url()), "อบต.กุดจอก <no-reply@kudjok.localhost>").unwrap();
        assert!(mailer.is_configured());
        let sent = mailer
            .send(
                "somchai@example.com",
                "คำร้องของท่าน K7M3-9QXP-TA ดำเนินการแล้ว",
                "เรียน ผู้ยื่นคำร้อง\nคำร้องของท่านเสร็จสิ้นแล้ว",
            )
            .await
            .unwrap();
        assert!(sent);
        let m = sink.wait_for(1).await;
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].to, vec!["somchai@example.com".to_owned()]);
        assert_eq!(m[0].from, "no-reply@kudjok.localhost");
        assert_eq!(m[0].subject(), "คำร้องของท่าน K7M3-9QXP-TA ดำเนินการแล้ว");
        assert!(m[0].body().contains("คำร้องของท่านเสร็จสิ้นแล้ว"), "{}", m[0].raw);
    }

    #[tokio::test]
    async fn without_a_relay_nothing_is_sent() {
        let mailer = crate::Mailer::disabled();
        assert!(!mailer.send("a@example.com", "s", "b").await.unwrap());
        assert!(crate::Mailer::new(Some("not a url"), "a@example.com").is_err());
        assert!(crate::looks_like_email("somchai@example.com"));
        assert!(!crate::looks_like_email("somchai at example"));
    }
}
