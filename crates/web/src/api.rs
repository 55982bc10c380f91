//! Open data responses: JSON with a stable envelope, CSV that Excel opens in Thai, and
//! errors as JSON with status 400/404.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};

use crate::listing::{ListParams, ParamError};

/// A JSON body, readable from any site (GET only: open data).
pub fn json_response(value: Value) -> Response {
    let mut r = Json(value).into_response();
    let h = r.headers_mut();
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    r
}

/// A JSON error: `{"error": {"code": ..., "message": ...}}`.
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut r = (
        status,
        Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response();
    r.headers_mut()
        .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

pub fn bad_param(e: ParamError) -> Response {
    json_error(
        StatusCode::BAD_REQUEST,
        "bad_request",
        &format!("{}: {}", e.param, e.message),
    )
}

pub fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "not_found", "no such record")
}

/// The envelope of a list: `data`, `meta` (page, per_page, total), `links` (next/prev).
pub fn list_envelope(path: &str, params: &ListParams, total: u64, data: Vec<Value>) -> Value {
    let next = params.has_next(total).then(|| {
        format!(
            "{path}{}&per_page={}",
            params.query_for_page(params.page + 1),
            params.per_page
        )
    });
    let prev = (params.page > 1).then(|| {
        format!(
            "{path}{}&per_page={}",
            params.query_for_page(params.page - 1),
            params.per_page
        )
    });
    json!({
        "data": data,
        "meta": { "page": params.page, "per_page": params.per_page, "total": total },
        "links": { "next": next, "prev": prev },
    })
}

/// Quotes one CSV field (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A CSV file: UTF-8 with a byte-order mark (so Excel shows Thai), CRLF lines.
pub fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut body = String::from("\u{feff}");
    body.push_str(
        &header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    body.push_str("\r\n");
    for row in rows {
        for (i, f) in row.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&csv_field(f));
        }
        body.push_str("\r\n");
    }
    body.into_bytes()
}

/// A CSV download (see [`csv_bytes`]).
pub fn csv_response(
    file_name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Response {
    let body = csv_bytes(header, rows);
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{file_name}\"; filename*=UTF-8''{}",
        crate::error::urlencode(file_name)
    )) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

/// The media type of an XLSX workbook.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook as a download named `file_name` (ASCII, plus the UTF-8 form for Thai names).
pub fn xlsx_response(bytes: Vec<u8>, file_name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(XLSX_CONTENT_TYPE));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{file_name}\"; filename*=UTF-8''{}",
        crate::error::urlencode(file_name)
    )) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}

/// The site's own origin as the browser sees it (`https://kudjok.go.th`): Open Graph
/// tags, feeds and catalogs need absolute URLs.
pub fn origin(headers: &HeaderMap, behind_proxy: bool) -> String {
    let host = headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let https = behind_proxy
        && headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// A body too large to hold in memory (a year's OCDS package of 100,000 releases): `write`
/// runs on a blocking thread into an anonymous temporary file, which is then streamed in
/// 64 KiB chunks. Memory stays at the writer's own needs whatever the size of the body.
pub async fn spooled_body<F>(write: F) -> std::io::Result<axum::body::Body>
where
    F: FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'static,
{
    use std::io::{Seek, SeekFrom, Write};
    use tokio::io::AsyncReadExt;
    let file = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?);
        write(&mut out)?;
        out.flush()?;
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    })
    .await
    .map_err(std::io::Error::other)??;
    let stream =
        futures::stream::try_unfold(tokio::fs::File::from_std(file), |mut file| async move {
            let mut chunk = vec![0; 64 * 1024];
            let n = file.read(&mut chunk).await?;
            if n == 0 {
                return Ok(None);
            }
            chunk.truncate(n);
            Ok::<_, std::io::Error>(Some((bytes::Bytes::from(chunk), file)))
        });
    Ok(axum::body::Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("ประกาศ"), "ประกาศ");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn origins_refuse_odd_hosts() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::HOST,
            HeaderValue::from_static("kudjok.localhost:8080"),
        );
        assert_eq!(origin(&h, false), "http://kudjok.localhost:8080");
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(origin(&h, true), "https://kudjok.localhost:8080");
        h.insert(
            http::header::HOST,
            HeaderValue::from_static("evil.example/\"><script>"),
        );
        assert_eq!(origin(&h, false), "http://localhost");
    }
}
