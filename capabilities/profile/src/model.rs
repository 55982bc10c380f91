//! Profile tables (the working copy; the public reads the published snapshot) and the
//! two vocabularies of the structure chart.

pub mod profile {
    use sea_orm::entity::prelude::*;

    /// What an organization says about itself, beyond the name and place that live on
    /// `organizations`. One row per organization.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "profiles")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// อำนาจหน้าที่: plain text, one duty a line.
        pub powers_and_duties: String,
        pub vision: String,
        pub mission: String,
        pub office_hours: String,
        /// Decimal degrees as text ("15.583412"), both set or both unset.
        pub latitude: Option<String>,
        pub longitude: Option<String>,
        pub line_url: String,
        pub facebook_url: String,
        pub updated_by: Option<i64>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod position {
    use sea_orm::entity::prelude::*;

    /// A post of the structure chart, held by a person or vacant.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "profile_positions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// `political` | `permanent` (see [`super::Branch`]).
        pub branch: String,
        /// `executive` | `council` | `management` | `division` (see [`super::Group`]).
        pub group_code: String,
        pub title_th: String,
        pub title_en: String,
        /// Empty for a vacant post.
        pub person_name: String,
        pub phone: String,
        pub email: String,
        /// An image attachment (owner `profile`, the organization).
        pub photo_attachment_id: Option<i64>,
        pub parent_id: Option<i64>,
        pub division_id: Option<i64>,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod law {
    use sea_orm::entity::prelude::*;

    /// A law or regulation the organization works under (กฎหมายที่เกี่ยวข้อง).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "profile_laws")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub title: String,
        /// Where the text is published (empty when none).
        pub url: String,
        /// A PDF attachment (owner `profile`, the organization).
        pub attachment_id: Option<i64>,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod village_detail {
    use sea_orm::entity::prelude::*;

    /// What the profile adds to a village of `villages`: its headman (ผู้ใหญ่บ้าน).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "profile_villages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub village_id: i64,
        pub headman_name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The two sides of an LAO's structure chart (OIT o1 asks for both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Branch {
    /// ฝ่ายการเมือง: the elected executive and the council.
    Political,
    /// ฝ่ายข้าราชการประจำ: the permanent secretary and the divisions.
    Permanent,
}

impl Branch {
    pub const ALL: [Branch; 2] = [Branch::Political, Branch::Permanent];

    pub fn code(self) -> &'static str {
        match self {
            Branch::Political => "political",
            Branch::Permanent => "permanent",
        }
    }

    pub fn from_code(code: &str) -> Option<Branch> {
        Branch::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// Where a post sits inside its side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// คณะผู้บริหาร: the mayor (นายก), deputies, the mayor's secretary.
    Executive,
    /// สภา: chair, deputy chair, secretary, members.
    Council,
    /// ผู้บริหารฝ่ายประจำ: the permanent secretary (ปลัด) and deputies.
    Management,
    /// ส่วนราชการ: heads of divisions and units, and their staff.
    Division,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Executive,
        Group::Council,
        Group::Management,
        Group::Division,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Group::Executive => "executive",
            Group::Council => "council",
            Group::Management => "management",
            Group::Division => "division",
        }
    }

    pub fn from_code(code: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn branch(self) -> Branch {
        match self {
            Group::Executive | Group::Council => Branch::Political,
            Group::Management | Group::Division => Branch::Permanent,
        }
    }

    /// Executives (ผู้บริหาร) of either side: shown on `/about/executives`, and the only
    /// posts whose phone and e-mail are published.
    pub fn is_executive(self) -> bool {
        matches!(self, Group::Executive | Group::Management)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_groups_belong_to_one_side() {
        for b in Branch::ALL {
            assert_eq!(Branch::from_code(b.code()), Some(b));
        }
        for g in Group::ALL {
            assert_eq!(Group::from_code(g.code()), Some(g));
        }
        assert_eq!(Group::Council.branch(), Branch::Political);
        assert_eq!(Group::Division.branch(), Branch::Permanent);
        assert!(Group::Management.is_executive());
        assert!(!Group::Council.is_executive());
        assert_eq!(Branch::from_code("<script>"), None);
    }
}
