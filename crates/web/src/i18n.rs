//! Interface text in Thai (the default) and English.
//!
//! Each crate ships `locales/th.toml` and `locales/en.toml`; keys are dotted paths
//! (`nav.home`). Templates call `shell.t("nav.home")`. A test checks that every key a
//! template uses exists in both languages, and that both files have the same keys.

use std::collections::HashMap;

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Th,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "th" => Some(Lang::Th),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }
}

/// Every interface string, by language and key.
#[derive(Debug, Default)]
pub struct Locales {
    th: HashMap<String, String>,
    en: HashMap<String, String>,
}

impl Locales {
    /// Adds one crate's locale files. Panics on malformed TOML or a key defined twice:
    /// both are programming errors caught by the first test run.
    pub fn add(&mut self, th_toml: &str, en_toml: &str) {
        for (lang, text) in [(Lang::Th, th_toml), (Lang::En, en_toml)] {
            #[expect(
                clippy::expect_used,
                reason = "locale files are compiled in and tested"
            )]
            let table: toml::Table = text.parse().expect("locale file is valid TOML");
            let map = match lang {
                Lang::Th => &mut self.th,
                Lang::En => &mut self.en,
            };
            flatten("", &toml::Value::Table(table), map);
        }
    }

    /// The text for `key`. A missing key shows as a visible marker (and a test makes
    /// sure no template uses one).
    pub fn get(&self, lang: Lang, key: &str) -> &str {
        let map = match lang {
            Lang::Th => &self.th,
            Lang::En => &self.en,
        };
        match map.get(key) {
            Some(text) => text,
            None => {
                tracing::warn!(key, "missing interface text");
                MISSING
            }
        }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        match lang {
            Lang::Th => self.th.contains_key(key),
            Lang::En => self.en.contains_key(key),
        }
    }

    /// Keys present in one language and not the other.
    pub fn mismatched_keys(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .th
            .keys()
            .filter(|k| !self.en.contains_key(*k))
            .chain(self.en.keys().filter(|k| !self.th.contains_key(*k)))
            .cloned()
            .collect();
        out.sort();
        out
    }
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut HashMap<String, String>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            let previous = out.insert(prefix.to_owned(), s.clone());
            assert!(previous.is_none(), "locale key {prefix} defined twice");
        }
        other => panic!("locale key {prefix} must be a string, found {other}"),
    }
}

/// Shown in place of a missing text.
pub const MISSING: &str = "[?]";

/// The foundation's own locale files.
pub const WEB_TH: &str = include_str!("../locales/th.toml");
pub const WEB_EN: &str = include_str!("../locales/en.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tables_become_dotted_keys() {
        let mut l = Locales::default();
        l.add("[nav]\nhome = \"หน้าแรก\"\n", "[nav]\nhome = \"Home\"\n");
        assert_eq!(l.get(Lang::Th, "nav.home"), "หน้าแรก");
        assert_eq!(l.get(Lang::En, "nav.home"), "Home");
        assert_eq!(l.get(Lang::En, "nav.missing"), MISSING);
        assert!(l.mismatched_keys().is_empty());
    }

    #[test]
    fn the_web_locales_have_the_same_keys() {
        let mut l = Locales::default();
        l.add(WEB_TH, WEB_EN);
        assert_eq!(l.mismatched_keys(), Vec::<String>::new());
    }
}
