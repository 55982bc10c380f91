//! Field-level validation errors, shown next to each field of a re-rendered form.
//!
//! Messages are written in Thai, the language of the people who fill in the forms; the
//! English interface shows the same Thai message (the field label around it is
//! translated), which keeps one source of truth for every rule.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(Vec<FieldError>);

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The first message for `field`, if any (templates show one message per field).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(())` when empty, the errors otherwise.
    pub fn into_result(self) -> Result<(), crate::Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Invalid(self))
        }
    }

    /// Requires a non-blank value; returns it trimmed.
    pub fn required(&mut self, field: &'static str, value: &str, label_th: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, format!("กรุณากรอก{label_th}"));
        }
        v.to_owned()
    }

    /// Limits a value to `max` characters (not bytes: Thai takes three bytes a letter).
    pub fn max_chars(&mut self, field: &'static str, value: &str, max: usize, label_th: &str) {
        let n = value.chars().count();
        if n > max {
            self.add(
                field,
                format!("{label_th}ยาวเกินไป ({n} ตัวอักษร; ไม่เกิน {max} ตัวอักษร)"),
            );
        }
    }
}

/// Whether `s` looks like an e-mail address (`name@example.com`): one `@`, a plain ASCII
/// local part, a dotted domain (letters of any script, digits, dots and dashes).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            // Thai vowel and tone marks are not alphanumeric: allow the Thai block.
            .all(|c| {
                c.is_alphanumeric()
                    || ('\u{0E00}'..='\u{0E7F}').contains(&c)
                    || c == '.'
                    || c == '-'
            })
}

/// Whether `s` looks like a phone number (`081-234-5678`, `+66 81 234 5678`,
/// `๐๔๔-๑๒๓๔๕๖`): 9 to 15 digits (Thai digits too) with spaces, dashes, dots or brackets
/// between, an optional leading `+`.
pub fn is_phone(s: &str) -> bool {
    let s = prongsai_thai::to_arabic_digits(s);
    let rest = s.strip_prefix('+').unwrap_or(&s);
    let mut digits = 0;
    for c in rest.chars() {
        match c {
            '0'..='9' => digits += 1,
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return false,
        }
    }
    (9..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_reports_blank_fields() {
        let mut e = FieldErrors::default();
        assert_eq!(e.required("title", "  ชื่อเรื่อง ", "ชื่อเรื่อง"), "ชื่อเรื่อง");
        assert!(e.is_empty());
        e.required("body", "   ", "เนื้อหา");
        assert_eq!(e.get("body"), Some("กรุณากรอกเนื้อหา"));
        assert!(e.into_result().is_err());
    }

    #[test]
    fn max_chars_counts_characters_not_bytes() {
        let mut e = FieldErrors::default();
        e.max_chars("t", "กขค", 3, "ชื่อ");
        assert!(e.is_empty());
        e.max_chars("t", "กขคง", 3, "ชื่อ");
        assert!(e.get("t").unwrap().contains("4 ตัวอักษร"));
    }

    #[test]
    fn emails_and_phones() {
        for ok in [
            "somchai@example.com",
            "clerk@kudjok.go.th",
            "a.b+c@ตัวอย่าง.ไทย",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "clerk@kudjok",
            "a b@c.th",
            "@c.th",
            "<script>@x.com",
            "a@b..th",
            "a@.b.th",
            "a@b.th.",
            "no-at.example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        for ok in [
            "081-234-5678",
            "+66 81 234 5678",
            "๐๔๔-๑๒๓๔๕๖",
            "(044) 123.456",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["1234", "081-234-567x", "0812345678901234", ""] {
            assert!(!is_phone(bad), "{bad}");
        }
    }
}
