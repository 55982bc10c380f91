//! Tables of the measures capability.

/// The report settings of one fiscal year.
pub mod year {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_years")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub title: String,
        pub subtitle: String,
        /// The division named under "จัดทำโดย" on the cover.
        pub prepared_by: String,
        /// Paragraphs printed above the first table (one per line).
        pub intro: String,
        /// Whether the year's measures and report are public.
        pub published: bool,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A topic (ITA issue) of a year.
pub mod topic {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_topics")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub position: i32,
        pub title: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A measure or activity.
pub mod measure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measures")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub topic_id: i64,
        pub position: i32,
        /// Title and the projects it runs under, one paragraph per line.
        pub title: String,
        pub steps: String,
        /// First and last quarter of the fiscal year (1..=4).
        pub quarter_from: i16,
        pub quarter_to: i16,
        pub division_id: Option<i64>,
        pub summary: String,
        pub outcomes: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A record that carried a measure out.
pub mod link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measure_links")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub measure_id: i64,
        /// One of [`super::LINK_KINDS`].
        pub kind: String,
        /// The record's id in Prongsai or a URL.
        pub reference: String,
        pub title: String,
        pub occurred_on: Option<Date>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Kinds of linked records (names in the locale files under `measures.kind`). For the kinds
/// that are Prongsai records, the reference is the record id and the public page links to it.
pub const LINK_KINDS: [(&str, Option<&str>); 7] = [
    ("meeting", Some("/meetings/")),
    ("training", Some("/hr/trainings/")),
    ("news", Some("/news/")),
    ("document", Some("/documents/")),
    ("procurement", Some("/procurement/notices/")),
    ("eservice", None),
    ("other", None),
];
