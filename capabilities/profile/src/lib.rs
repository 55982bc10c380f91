//! The organization's profile (see README.md).

pub mod api;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod view;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of the profile; its record id is the organization id.
pub const KIND: &str = "profile";

pub fn capability() -> Capability {
    Capability {
        name: "profile",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "profile.menu",
            href: "/staff/profile",
            visible: |s| s.can::<permissions::ManageProfile>(),
        }],
        public_links: &[PublicLink {
            label: "profile.link_label",
            description: "profile.link_desc",
            href: "/about",
            order: 1,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "people",
            title: "profile.dataset_title",
            description: "profile.dataset_description",
            kind: KIND,
            page: "/about/structure",
            api: "/api/v1/organization/people",
            csv: "/about/people.csv",
            keywords: &["โครงสร้างองค์กร", "ผู้บริหาร", "สมาชิกสภา", "ส่วนราชการ"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
