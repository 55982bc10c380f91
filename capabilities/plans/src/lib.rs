//! Plans of a fiscal year (see README.md): the operational plan, the HR management and
//! development plan and the anti-corruption action plan, one model whose kinds are data
//! (`data/kinds.toml`); projects, progress, six-month and annual reports, published with
//! history, with print, XLSX, CSV and JSON.

pub mod api;
pub mod demo;
pub mod kinds;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod report;
pub mod store;
pub mod validate;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

pub fn capability() -> Capability {
    Capability {
        name: "plans",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "plans.menu",
            href: "/staff/plans",
            visible: |s| s.can::<permissions::ManagePlans>(),
        }],
        public_links: &[PublicLink {
            label: "plans.link_label",
            description: "plans.link_desc",
            href: "/plans",
            order: 55,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "plans",
            title: "plans.dataset_title",
            description: "plans.dataset_description",
            kind: store::PLAN_KIND,
            page: "/plans",
            api: "/api/v1/plans",
            csv: "/plans.csv",
            keywords: &[
                "แผนดำเนินงาน",
                "แผนพัฒนาบุคลากร",
                "แผนปฏิบัติการป้องกันการทุจริต",
                "รายงานรอบ 6 เดือน",
            ],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
