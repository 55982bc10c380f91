//! E-mail. Messages go out through the SMTP relay named by `PRONGSAI_SMTP_URL`
//! (`smtp://user:pass@host:587?tls=required`, `smtps://...`), from `PRONGSAI_MAIL_FROM`.
//! Without a relay, sending is a logged no-op: a village office without e-mail still runs.
//!
//! Capabilities send from background jobs (which retry), never inside a request.
//! [`sink::SmtpSink`] is a local SMTP server that keeps what it receives, for tests.

pub mod sink;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid mail configuration: {0}")]
    Config(String),
    #[error("invalid address: {0}")]
    Address(String),
    #[error("sending failed: {0}")]
    Send(String),
}

/// Sends e-mail, or knows it cannot.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("configured", &self.transport.is_some())
            .field("from", &self.from.email.to_string())
            .finish()
    }
}

impl Mailer {
    /// A mailer for `smtp_url` (none: e-mail is off) sending as `from`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| MailError::Config(format!("mail from {from:?}: {e}")))?;
        let transport = match smtp_url.filter(|u| !u.is_empty()) {
            None => None,
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Config(e.to_string()))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
        };
        Ok(Self { transport, from })
    }

    /// E-mail turned off.
    pub fn disabled() -> Self {
        Self {
            transport: None,
            #[expect(clippy::expect_used, reason = "a constant, valid address")]
            from: "Prongsai <no-reply@localhost>"
                .parse()
                .expect("valid address"),
        }
    }

    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends a plain-text message. Returns `Ok(false)` when e-mail is off.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<bool, MailError> {
        let Some(transport) = &self.transport else {
            tracing::info!("e-mail is not configured; a message was not sent");
            return Ok(false);
        };
        let to: Mailbox = to
            .parse()
            .map_err(|_| MailError::Address("recipient".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::Base64)
                    .body(body.to_owned()),
            )
            .map_err(|e| MailError::Send(e.to_string()))?;
        transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(true)
    }
}

/// Whether a text looks like an e-mail address (for forms; the relay decides for good).
pub fn looks_like_email(s: &str) -> bool {
    s.parse::<lettre::Address>().is_ok()
}
