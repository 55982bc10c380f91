//! The demo organization's HR years: FY2566 (the seed report's year: its trainings on good
//! governance and on discipline and ethics) and FY2569 (the trainings of the demo's HR
//! development plan), each with staffing statistics, problems and suggestions, published.

use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::{Actor, Authorized, Result};

use crate::permissions::{ManageHr, PublishHr};
use crate::store::{self, StaffingInput, TrainingInput};

struct Training {
    course: &'static str,
    organiser: &'static str,
    starts_on: &'static str,
    ends_on: &'static str,
    hours: u32,
    /// Executives and council members, officials, permanent, mission, general.
    counts: [u32; 5],
}

struct Year {
    fiscal_year: &'static str,
    /// Allotted and filled: officials, permanent, mission, general.
    staffing: [(u32, u32); 4],
    trainings: &'static [Training],
    problems: &'static str,
    suggestions: &'static str,
}

const YEARS: [Year; 2] = [
    Year {
        fiscal_year: "2566",
        staffing: [(26, 22), (2, 2), (15, 14), (9, 9)],
        trainings: &[
            Training {
                course: "โครงการส่งเสริมการบริหารงานตามหลักธรรมาภิบาล เพื่อป้องกันการทุจริต",
                organiser: "องค์การบริหารส่วนตำบลกุดจอก",
                starts_on: "2023-01-26",
                ends_on: "2023-01-27",
                hours: 12,
                counts: [6, 20, 2, 12, 6],
            },
            Training {
                course: "โครงการอบรมวินัย จริยธรรม และความโปร่งใส ตามหลักธรรมาภิบาล",
                organiser: "องค์การบริหารส่วนตำบลกุดจอก",
                starts_on: "2023-08-31",
                ends_on: "2023-08-31",
                hours: 6,
                counts: [4, 21, 2, 13, 5],
            },
        ],
        problems: "บุคลากรบางส่วนติดภารกิจในพื้นที่ เข้ารับการอบรมไม่ครบทุกหลักสูตร และตำแหน่งว่างในสายงานช่างยังสรรหาไม่ได้",
        suggestions: "จัดอบรมซ้ำหรือบันทึกการอบรมให้ผู้ที่ไม่ได้เข้าร่วม และขอใช้บัญชีผู้สอบผ่านของหน่วยงานอื่นเพื่อบรรจุตำแหน่งว่าง",
    },
    Year {
        fiscal_year: "2569",
        staffing: [(27, 24), (2, 2), (15, 15), (10, 9)],
        trainings: &[
            Training {
                course: "โครงการพัฒนาทักษะดิจิทัลของบุคลากร (e-Service และระบบบัญชีคอมพิวเตอร์ e-LAAS)",
                organiser: "องค์การบริหารส่วนตำบลกุดจอก",
                starts_on: "2026-02-19",
                ends_on: "2026-02-20",
                hours: 12,
                counts: [0, 18, 1, 9, 3],
            },
            Training {
                course: "โครงการฝึกอบรมและศึกษาดูงานเพื่อเพิ่มประสิทธิภาพการปฏิบัติงานของผู้บริหาร สมาชิกสภา และพนักงาน",
                organiser: "องค์การบริหารส่วนตำบลกุดจอก",
                starts_on: "2026-07-22",
                ends_on: "2026-07-24",
                hours: 18,
                counts: [12, 20, 2, 10, 4],
            },
            Training {
                course: "โครงการอบรมวินัย จริยธรรม และความโปร่งใส ตามหลักธรรมาภิบาล",
                organiser: "องค์การบริหารส่วนตำบลกุดจอก",
                starts_on: "2026-08-28",
                ends_on: "2026-08-28",
                hours: 6,
                counts: [0, 22, 2, 12, 5],
            },
        ],
        problems: "หลักสูตรของกรมส่งเสริมการปกครองท้องถิ่นที่ต้องการเต็ม 2 หลักสูตร และงบประมาณการฝึกอบรมมีจำกัด",
        suggestions: "วางแผนส่งบุคลากรเข้าอบรมตั้งแต่ต้นปีงบประมาณ และใช้การอบรมออนไลน์เสริมในหลักสูตรที่เต็ม",
    },
];

pub async fn seed_in(txn: &DatabaseTransaction, organization_id: i64) -> Result<()> {
    let manage = Authorized::<ManageHr>::system(organization_id, Actor::System);
    let publish = Authorized::<PublishHr>::system(organization_id, Actor::System);
    for y in &YEARS {
        let saved = store::create_year_in(txn, &manage, y.fiscal_year).await?;
        let s = |i: usize| (y.staffing[i].0.to_string(), y.staffing[i].1.to_string());
        let (ao, fo) = s(0);
        let (ap, fp) = s(1);
        let (am, fm) = s(2);
        let (ag, fg) = s(3);
        store::save_staffing_in(
            txn,
            &manage,
            saved.id,
            &StaffingInput {
                allotted_officials: ao,
                filled_officials: fo,
                allotted_permanent: ap,
                filled_permanent: fp,
                allotted_mission: am,
                filled_mission: fm,
                allotted_general: ag,
                filled_general: fg,
            },
        )
        .await?;
        for t in y.trainings {
            store::add_training_in(
                txn,
                &manage,
                saved.id,
                &TrainingInput {
                    course: t.course.into(),
                    organiser: t.organiser.into(),
                    starts_on: t.starts_on.into(),
                    ends_on: t.ends_on.into(),
                    hours: t.hours.to_string(),
                    executives: t.counts[0].to_string(),
                    officials: t.counts[1].to_string(),
                    permanent: t.counts[2].to_string(),
                    mission: t.counts[3].to_string(),
                    general: t.counts[4].to_string(),
                    participants: String::new(),
                },
            )
            .await?;
        }
        store::update_notes_in(txn, &manage, saved.id, y.problems, y.suggestions).await?;
        store::publish_year_in(txn, &publish, saved.id, "").await?;
    }
    Ok(())
}
