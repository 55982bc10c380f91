//! News tables.

pub mod news_item {
    use sea_orm::entity::prelude::*;

    /// The working copy of a news item; the public sees its published snapshots.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "news_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub category_id: i64,
        pub title: String,
        pub summary: String,
        pub body: String,
        /// The day the activity took place (may differ from the publication date).
        pub event_date: Option<Date>,
        pub fiscal_year: i32,
        /// An image attachment of this item shown as its cover and Open Graph image.
        pub cover_attachment_id: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod news_category {
    use sea_orm::entity::prelude::*;

    /// A news category of an organization.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "news_categories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// URL-safe code, used in filters (`?category=activity`).
        pub code: String,
        pub name_th: String,
        pub name_en: String,
        pub sort_order: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Categories every organization starts with: `(code, Thai, English)`.
pub const DEFAULT_CATEGORIES: [(&str, &str, &str); 4] = [
    ("activity", "กิจกรรม", "Activities"),
    ("announcement", "ประกาศประชาสัมพันธ์", "Announcements"),
    ("service", "ข่าวบริการประชาชน", "Public services"),
    ("other", "ข่าวทั่วไป", "General news"),
];
