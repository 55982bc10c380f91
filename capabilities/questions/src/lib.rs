//! Questions and answers (ถาม-ตอบ, see README.md).

pub mod api;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod spam;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of answered questions.
pub const KIND: &str = "question";

pub fn capability() -> Capability {
    Capability {
        name: "questions",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "questions.menu",
            href: "/staff/questions",
            visible: |s| s.can::<permissions::AnswerQuestions>(),
        }],
        public_links: &[PublicLink {
            label: "questions.link_label",
            description: "questions.link_desc",
            href: "/questions",
            order: 40,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "questions",
            title: "questions.dataset_title",
            description: "questions.dataset_description",
            kind: KIND,
            page: "/questions",
            api: "/api/v1/questions",
            csv: "/questions.csv",
            keywords: &["ถาม-ตอบ", "คำถาม", "Q&A"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
