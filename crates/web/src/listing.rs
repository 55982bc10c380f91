//! Query parameters of public lists (`?page=2&fy=2569&category=...`), checked the same
//! way for pages and for the API: a bad value is a clear 400 naming the parameter.

use std::collections::HashMap;

/// What a list asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    /// 1-based page number.
    pub page: u64,
    pub per_page: u64,
    /// Buddhist Era fiscal year.
    pub fiscal_year: Option<i32>,
    pub category: Option<String>,
}

impl ListParams {
    /// Zero-based page for queries.
    pub fn page_index(&self) -> u64 {
        self.page.saturating_sub(1)
    }

    pub fn filter(&self) -> prongsai_kernel::publication::ListFilter {
        prongsai_kernel::publication::ListFilter {
            fiscal_year: self.fiscal_year,
            category: self.category.clone(),
        }
    }

    /// Whether a next page exists.
    pub fn has_next(&self, total: impl std::borrow::Borrow<u64>) -> bool {
        self.page.saturating_mul(self.per_page) < *total.borrow()
    }

    /// The query string for another page with the same filters (`?page=3&fy=2569`).
    pub fn query_for_page(&self, page: u64) -> String {
        let mut q = format!("?page={page}");
        if let Some(fy) = self.fiscal_year {
            q.push_str(&format!("&fy={fy}"));
        }
        if let Some(c) = &self.category {
            q.push_str(&format!("&category={}", crate::error::urlencode(c)));
        }
        q
    }
}

/// A parameter that could not be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

fn positive(raw: &str, param: &'static str, max: u64) -> Result<u64, ParamError> {
    let digits = prongsai_thai::to_arabic_digits(raw.trim());
    match digits.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(ParamError {
            param,
            message: format!("{param} must be a whole number from 1 to {max}"),
        }),
    }
}

/// Reads `page`, `per_page`, `fy` and `category`. Empty values mean "not given".
pub fn parse_list_params(
    raw: &HashMap<String, String>,
    default_per_page: u64,
    max_per_page: u64,
) -> Result<ListParams, ParamError> {
    let get = |k: &str| raw.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let page = match get("page") {
        Some(v) => positive(v, "page", 100_000)?,
        None => 1,
    };
    let per_page = match get("per_page") {
        Some(v) => positive(v, "per_page", max_per_page)?,
        None => default_per_page,
    };
    let fiscal_year = match get("fy").or_else(|| get("fiscal_year")) {
        Some(v) => {
            let n = positive(v, "fy", 9999)?;
            if !(2400..=2700).contains(&n) {
                return Err(ParamError {
                    param: "fy",
                    message: "fy must be a Buddhist Era year such as 2569".into(),
                });
            }
            Some(n as i32)
        }
        None => None,
    };
    let category = match get("category") {
        Some(c)
            if c.len() <= 40
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Some(c.to_owned())
        }
        Some(_) => {
            return Err(ParamError {
                param: "category",
                message: "category must be a short code of letters, digits, - or _".into(),
            });
        }
        None => None,
    };
    Ok(ListParams {
        page,
        per_page,
        fiscal_year,
        category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_and_values() {
        let p = parse_list_params(&q(&[]), 20, 100).unwrap();
        assert_eq!(
            (p.page, p.per_page, p.fiscal_year, p.category),
            (1, 20, None, None)
        );
        let p = parse_list_params(
            &q(&[
                ("page", "๓"),
                ("fy", "2566"),
                ("category", "activity"),
                ("per_page", "50"),
            ]),
            20,
            100,
        )
        .unwrap();
        assert_eq!((p.page, p.per_page, p.fiscal_year), (3, 50, Some(2566)));
        assert_eq!(p.page_index(), 2);
        assert_eq!(p.query_for_page(4), "?page=4&fy=2566&category=activity");
        assert!(p.has_next(151));
        assert!(!p.has_next(150));
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (k, v) in [
            ("page", "0"),
            ("page", "abc"),
            ("per_page", "1000"),
            ("fy", "66"),
            ("fy", "2023x"),
            ("category", "<script>"),
        ] {
            let e = parse_list_params(&q(&[(k, v)]), 20, 100).unwrap_err();
            assert!(
                e.param == k || (k == "fy" && e.param == "fy"),
                "{k}={v}: {e:?}"
            );
        }
    }
}
