//! Forms built by staff without code: the kinds of field, a field's definition, and
//! checking what a citizen typed into each, with Thai messages by the field.

use chrono::NaiveDate;
use prongsai_kernel::FieldErrors;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The kinds of field a form can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    ShortText,
    LongText,
    Number,
    /// A date typed in the Buddhist Era ("25 พ.ย. 2568", "25/11/2568").
    Date,
    /// One of the options.
    Choice,
    /// Any of the options, or a single tick box when there are none.
    Checkbox,
    /// A file, checked by its content; pictures lose their metadata.
    File,
    /// A 13-digit Thai national ID with its check digit.
    ThaiId,
    Phone,
    /// One of the organization's villages.
    Village,
}

impl FieldKind {
    pub const ALL: [FieldKind; 10] = [
        FieldKind::ShortText,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::Checkbox,
        FieldKind::File,
        FieldKind::ThaiId,
        FieldKind::Phone,
        FieldKind::Village,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldKind::ShortText => "short_text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::Checkbox => "checkbox",
            FieldKind::File => "file",
            FieldKind::ThaiId => "thai_id",
            FieldKind::Phone => "phone",
            FieldKind::Village => "village",
        }
    }

    pub fn from_code(code: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether staff must give options.
    pub fn needs_options(self) -> bool {
        self == FieldKind::Choice
    }

    pub fn takes_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::Checkbox)
    }
}

/// The most fields a form may have; keys are `f1` to `f50`.
pub const MAX_FIELDS: usize = 50;

/// Field keys as static strings (validation messages are keyed by `&'static str`).
pub const FIELD_KEYS: [&str; MAX_FIELDS] = [
    "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
    "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26", "f27", "f28",
    "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38", "f39", "f40", "f41",
    "f42", "f43", "f44", "f45", "f46", "f47", "f48", "f49", "f50",
];

/// The static form of a field key.
pub fn static_key(key: &str) -> Option<&'static str> {
    FIELD_KEYS.iter().copied().find(|k| *k == key)
}

/// A field of a form, as staff defined it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldSpec {
    /// `f1`..`f50`, stable while the field exists (answers are stored by key).
    pub key: String,
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub help: String,
    #[serde(default)]
    pub options: Vec<String>,
}

impl FieldSpec {
    pub fn kind(&self) -> FieldKind {
        FieldKind::from_code(&self.kind).unwrap_or(FieldKind::ShortText)
    }

    pub fn is(&self, code: &str) -> bool {
        self.kind == code
    }
}

/// Reads stored fields.
pub fn fields_of(v: &Value) -> Vec<FieldSpec> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// What the builder's field form sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FieldInput {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub required: String,
    #[serde(default)]
    pub help: String,
    /// One option a line.
    #[serde(default)]
    pub options: String,
}

impl FieldInput {
    pub fn of(spec: &FieldSpec) -> Self {
        FieldInput {
            label: spec.label.clone(),
            kind: spec.kind.clone(),
            required: if spec.required {
                "1".into()
            } else {
                String::new()
            },
            help: spec.help.clone(),
            options: spec.options.join("\n"),
        }
    }

    pub fn is_required(&self) -> bool {
        matches!(self.required.as_str(), "1" | "on" | "true")
    }
}

/// Checks a field definition; returns it with `key`.
pub fn validate_field(input: &FieldInput, key: &str) -> prongsai_kernel::Result<FieldSpec> {
    let mut e = FieldErrors::default();
    let label = e.required("label", &input.label, "ชื่อช่อง (คำถาม)");
    e.max_chars("label", &label, 200, "ชื่อช่อง");
    let help = input.help.trim().to_owned();
    e.max_chars("help", &help, 500, "คำอธิบาย");
    let kind = match FieldKind::from_code(input.kind.trim()) {
        Some(k) => k,
        None => {
            e.add("kind", "กรุณาเลือกชนิดของช่อง");
            FieldKind::ShortText
        }
    };
    let mut options: Vec<String> = Vec::new();
    if kind.takes_options() {
        for line in input.options.lines() {
            let o = line.trim();
            if !o.is_empty() && !options.iter().any(|x| x == o) {
                options.push(o.chars().take(200).collect());
            }
        }
    }
    if kind.needs_options() && options.len() < 2 {
        e.add(
            "options",
            "ช่องแบบเลือกหนึ่งข้อต้องมีตัวเลือกอย่างน้อย 2 ข้อ (บรรทัดละหนึ่งข้อ)",
        );
    }
    if options.len() > 30 {
        e.add("options", "ตัวเลือกมากเกินไป (ไม่เกิน 30 ข้อ)");
    }
    e.into_result()?;
    Ok(FieldSpec {
        key: key.to_owned(),
        label,
        kind: kind.code().to_owned(),
        required: input.is_required(),
        help,
        options,
    })
}

/// Whether a text looks like a phone number: 9 to 15 digits (Thai digits too) with
/// spaces, dashes, dots or brackets between, optionally starting with `+`.
pub fn is_phone(s: &str) -> bool {
    prongsai_kernel::validation::is_phone(s.trim())
}

/// Checks one answer; returns what to store (or `Null` when left empty).
/// `villages` are `(id, name)` pairs of the organization. Files are checked by the
/// caller, which has the bytes.
pub fn check_answer(
    e: &mut FieldErrors,
    field: &FieldSpec,
    values: &[&str],
    villages: &[(i64, String)],
) -> Value {
    let Some(key) = static_key(&field.key) else {
        return Value::Null;
    };
    let first = values.first().map(|v| v.trim()).unwrap_or("");
    let label = &field.label;
    let missing = |e: &mut FieldErrors| {
        if field.required {
            e.add(key, format!("กรุณากรอก{label}"));
        }
        Value::Null
    };
    match field.kind() {
        FieldKind::ShortText | FieldKind::LongText => {
            if first.is_empty() {
                return missing(e);
            }
            let max = if field.kind() == FieldKind::ShortText {
                500
            } else {
                5000
            };
            e.max_chars(key, first, max, label);
            json!(first)
        }
        FieldKind::Number => {
            if first.is_empty() {
                return missing(e);
            }
            let cleaned: String = prongsai_thai::to_arabic_digits(first)
                .chars()
                .filter(|c| *c != ',' && !c.is_whitespace())
                .collect();
            match cleaned.parse::<f64>() {
                Ok(n) if n.is_finite() => json!(cleaned),
                _ => {
                    e.add(key, format!("{label}ต้องเป็นตัวเลข เช่น 20 หรือ 1,500"));
                    Value::Null
                }
            }
        }
        FieldKind::Date => {
            if first.is_empty() {
                return missing(e);
            }
            match prongsai_thai::parse_thai_date(first) {
                Ok(prongsai_thai::ThaiDate::Day(d)) => json!(d.to_string()),
                Ok(_) => {
                    e.add(key, format!("{label}: กรุณากรอกวันเดียว ไม่ใช่ช่วงวันที่"));
                    Value::Null
                }
                Err(err) => {
                    e.add(
                        key,
                        format!("{label}: {err} (ตัวอย่าง 25 พ.ย. 2568 หรือ 25/11/2568)"),
                    );
                    Value::Null
                }
            }
        }
        FieldKind::Choice => {
            if first.is_empty() {
                return missing(e);
            }
            if field.options.iter().any(|o| o == first) {
                json!(first)
            } else {
                e.add(key, format!("กรุณาเลือก{label}จากตัวเลือกที่มี"));
                Value::Null
            }
        }
        FieldKind::Checkbox => {
            let ticked: Vec<&str> = values
                .iter()
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .collect();
            if field.options.is_empty() {
                if ticked.is_empty() {
                    if field.required {
                        e.add(key, format!("กรุณาเลือก \"{label}\""));
                    }
                    return json!(false);
                }
                return json!(true);
            }
            if ticked.is_empty() {
                if field.required {
                    e.add(key, format!("กรุณาเลือก{label}อย่างน้อย 1 ข้อ"));
                }
                return json!([]);
            }
            if ticked.iter().any(|t| !field.options.iter().any(|o| o == t)) {
                e.add(key, format!("กรุณาเลือก{label}จากตัวเลือกที่มี"));
                return Value::Null;
            }
            json!(ticked)
        }
        FieldKind::ThaiId => {
            if first.is_empty() {
                return missing(e);
            }
            match prongsai_thai::ThaiId::parse(first) {
                Ok(id) => json!(id.as_str()),
                Err(err) => {
                    e.add(key, format!("{label}: {err}"));
                    Value::Null
                }
            }
        }
        FieldKind::Phone => {
            if first.is_empty() {
                return missing(e);
            }
            if is_phone(first) {
                json!(first)
            } else {
                e.add(
                    key,
                    format!("{label}ต้องเป็นหมายเลขโทรศัพท์ 9-10 หลัก เช่น 081-234-5678"),
                );
                Value::Null
            }
        }
        FieldKind::Village => {
            if first.is_empty() {
                return missing(e);
            }
            match first
                .parse::<i64>()
                .ok()
                .and_then(|id| villages.iter().find(|(v, _)| *v == id))
            {
                Some((_, name)) => json!(name),
                None => {
                    e.add(key, format!("กรุณาเลือก{label}จากรายชื่อหมู่บ้าน"));
                    Value::Null
                }
            }
        }
        // The caller stores the file and puts its attachment in the answers.
        FieldKind::File => Value::Null,
    }
}

/// An answer as staff read it.
pub fn display_answer(field: &FieldSpec, value: &Value) -> String {
    match (field.kind(), value) {
        (_, Value::Null) => "-".to_owned(),
        (FieldKind::Date, Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| {
                prongsai_thai::format_date(
                    d,
                    prongsai_thai::MonthStyle::Full,
                    prongsai_thai::Digits::Arabic,
                )
            })
            .unwrap_or_else(|_| s.clone()),
        (FieldKind::ThaiId, Value::String(s)) => prongsai_thai::ThaiId::parse(s)
            .map(|id| id.formatted())
            .unwrap_or_else(|_| s.clone()),
        (FieldKind::Checkbox, Value::Bool(b)) => if *b { "✓" } else { "-" }.to_owned(),
        (_, Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: &str, required: bool, options: &[&str]) -> FieldSpec {
        FieldSpec {
            key: "f1".into(),
            label: "ช่อง".into(),
            kind: kind.into(),
            required,
            help: String::new(),
            options: options.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn check(f: &FieldSpec, values: &[&str]) -> (Value, Option<String>) {
        let mut e = FieldErrors::default();
        let v = check_answer(&mut e, f, values, &[(7, "หมู่ที่ 3".into())]);
        (v, e.get("f1").map(str::to_owned))
    }

    #[test]
    fn each_kind_is_checked_with_a_thai_message() {
        assert_eq!(
            check(&spec("date", true, &[]), &["25 พ.ย. 2568"]).0,
            json!("2025-11-25")
        );
        assert_eq!(
            check(&spec("date", true, &[]), &["25/11/2568"]).0,
            json!("2025-11-25")
        );
        let (_, err) = check(&spec("date", true, &[]), &["31 ก.พ. 2568"]);
        assert!(err.unwrap().contains("ไม่มีในเดือนกุมภาพันธ์"));
        let (_, err) = check(&spec("thai_id", true, &[]), &["1-1017-00230-70-9"]);
        assert!(err.unwrap().contains("หลักสุดท้ายควรเป็น 8"));
        assert_eq!(
            check(&spec("thai_id", true, &[]), &["1101700230708"]).0,
            json!("1101700230708")
        );
        assert!(check(&spec("phone", true, &[]), &["1234"]).1.is_some());
        assert_eq!(check(&spec("phone", true, &[]), &["๐๘๑-๒๓๔-๕๖๗๘"]).1, None);
        assert_eq!(check(&spec("village", true, &[]), &["7"]).0, json!("หมู่ที่ 3"));
        assert!(check(&spec("village", true, &[]), &["8"]).1.is_some());
        assert!(
            check(&spec("choice", true, &["ก", "ข"]), &["ค"])
                .1
                .is_some()
        );
        assert_eq!(
            check(&spec("checkbox", false, &["ก", "ข"]), &["ก", "ข"]).0,
            json!(["ก", "ข"])
        );
        assert!(check(&spec("checkbox", true, &[]), &[]).1.is_some());
        assert!(check(&spec("number", true, &[]), &["abc"]).1.is_some());
        assert_eq!(
            check(&spec("number", true, &[]), &["1,500"]).0,
            json!("1500")
        );
        assert_eq!(
            check(&spec("short_text", true, &[]), &["  "]).1.as_deref(),
            Some("กรุณากรอกช่อง")
        );
        assert_eq!(check(&spec("short_text", false, &[]), &[""]).0, Value::Null);
    }

    #[test]
    fn a_choice_needs_two_options_and_labels_are_required() {
        let bad = validate_field(
            &FieldInput {
                label: " ".into(),
                kind: "choice".into(),
                options: "หนึ่ง\n\nหนึ่ง".into(),
                ..Default::default()
            },
            "f1",
        )
        .unwrap_err();
        let prongsai_kernel::Error::Invalid(e) = bad else {
            panic!("{bad:?}")
        };
        assert!(e.get("label").is_some() && e.get("options").is_some());
        let ok = validate_field(
            &FieldInput {
                label: "ขนาดเต็นท์".into(),
                kind: "choice".into(),
                options: "เล็ก\nใหญ่".into(),
                required: "1".into(),
                ..Default::default()
            },
            "f2",
        )
        .unwrap();
        assert_eq!(ok.options, vec!["เล็ก", "ใหญ่"]);
        assert!(ok.required);
        assert_eq!(static_key("f50"), Some("f50"));
        assert_eq!(static_key("f51"), None);
    }
}
