//! Reading and writing cookies (three small cookies do not need a crate).

use http::HeaderMap;
use http::header::COOKIE;

/// Cookie names. With secure cookies the session and CSRF cookies take the `__Host-`
/// prefix, which browsers only accept from a secure origin, for the whole host, and
/// never from a sibling subdomain.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-prongsai-session"
    } else {
        "prongsai-session"
    }
}

pub fn csrf_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-prongsai-csrf"
    } else {
        "prongsai-csrf"
    }
}

pub const LANG_COOKIE: &str = "prongsai-lang";

/// The value of cookie `name` from the request headers.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value. `max_age` None makes a browser-session cookie; `Some(0)` deletes.
pub fn set_cookie(
    name: &str,
    value: &str,
    secure: bool,
    http_only: bool,
    max_age: Option<i64>,
) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn reads_the_named_cookie() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; prongsai-lang=en"));
        h.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(read_cookie(&h, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(read_cookie(&h, "b").as_deref(), Some("2"));
        assert_eq!(read_cookie(&h, "c"), None);
    }

    #[test]
    fn secure_cookie_attributes() {
        let c = set_cookie("__Host-x", "v", true, true, None);
        assert_eq!(c, "__Host-x=v; Path=/; SameSite=Lax; HttpOnly; Secure");
        assert!(set_cookie("x", "", false, true, Some(0)).ends_with("Max-Age=0"));
    }
}
