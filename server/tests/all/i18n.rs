//! Every interface text exists in Thai and English, and every key a template uses exists.

use std::path::Path;

use crate::util::TestApp;

fn template_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            template_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// Literal keys in `t("...")` calls.
fn keys_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (i, _) in text.match_indices(".t(\"") {
        let rest = &text[i + 4..];
        if let Some(end) = rest.find('"') {
            keys.push(rest[..end].to_owned());
        }
    }
    keys
}

#[tokio::test]
async fn every_text_exists_in_both_languages() {
    let app = TestApp::empty().await;
    let locales = &app.state.locales;
    assert_eq!(locales.mismatched_keys(), Vec::<String>::new());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    template_files(&root.join("crates/web/templates"), &mut files);
    for cap in std::fs::read_dir(root.join("capabilities")).unwrap() {
        let dir = cap.unwrap().path().join("templates");
        if dir.exists() {
            template_files(&dir, &mut files);
        }
    }
    assert!(files.len() > 10);
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for key in keys_in(&text) {
            for lang in [prongsai_web::i18n::Lang::Th, prongsai_web::i18n::Lang::En] {
                assert!(
                    locales.has(lang, &key),
                    "{}: key {key} missing in {lang:?}",
                    file.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} keys found");
    // Keys built at run time: menu entries, home links, roles, error pages.
    for capability in prongsai::capabilities::all() {
        for item in capability.staff_menu {
            assert!(
                locales.has(prongsai_web::i18n::Lang::En, item.label),
                "{}",
                item.label
            );
        }
        for link in capability.public_links {
            assert!(
                locales.has(prongsai_web::i18n::Lang::Th, link.label)
                    && locales.has(prongsai_web::i18n::Lang::Th, link.description)
            );
        }
    }
    for role in prongsai_kernel::Role::ALL {
        assert!(locales.has(
            prongsai_web::i18n::Lang::Th,
            &format!("role.{}", role.code())
        ));
    }
    for code in [
        "bad_request",
        "not_found",
        "forbidden",
        "invalid",
        "conflict",
        "rate_limited",
        "csrf",
        "too_large",
        "unknown_organization",
        "internal",
    ] {
        assert!(
            locales.has(prongsai_web::i18n::Lang::En, &format!("error.{code}.title")),
            "{code}"
        );
        assert!(
            locales.has(prongsai_web::i18n::Lang::Th, &format!("error.{code}.body")),
            "{code}"
        );
    }
}
