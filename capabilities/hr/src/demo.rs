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

/// The ethics pages: the three codes (short summaries of the standards the seed says were
/// distributed), the Dos & Don'ts it says were handed out at staff meetings, and the ethics
/// working group appointed for the year.
const ETHICS: [(&str, &str, &str, &str, &str); 5] = [
    (
        "code_executives",
        "ประมวลจริยธรรมของผู้บริหารท้องถิ่น องค์การบริหารส่วนตำบลกุดจอก",
        "ผู้บริหารท้องถิ่นต้องยึดมั่นในมาตรฐานทางจริยธรรม ดังนี้\n1. ยึดมั่นในสถาบันหลักของประเทศ อันได้แก่ ชาติ ศาสนา พระมหากษัตริย์ และการปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข\n2. ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่\n3. กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม\n4. คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว และมีจิตสาธารณะ\n5. มุ่งผลสัมฤทธิ์ของงาน\n6. ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ\n7. ดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ",
        "",
        "",
    ),
    (
        "code_council",
        "ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น องค์การบริหารส่วนตำบลกุดจอก",
        "สมาชิกสภาองค์การบริหารส่วนตำบลกุดจอกต้อง\n1. ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต เพื่อประโยชน์ของประชาชนในตำบล\n2. ไม่ใช้ตำแหน่งหน้าที่แสวงหาประโยชน์สำหรับตนเองหรือผู้อื่นโดยมิชอบ\n3. ไม่ก้าวก่ายหรือแทรกแซงการบรรจุ แต่งตั้ง โยกย้าย หรือเลื่อนขั้นเงินเดือนของพนักงาน\n4. ไม่เป็นคู่สัญญาหรือมีส่วนได้เสียในสัญญากับองค์การบริหารส่วนตำบลกุดจอก\n5. เปิดเผยข้อมูลและรับฟังความคิดเห็นของประชาชนอย่างสม่ำเสมอ",
        "",
        "",
    ),
    (
        "code_staff",
        "ประมวลจริยธรรมของพนักงานส่วนท้องถิ่น องค์การบริหารส่วนตำบลกุดจอก",
        "พนักงานส่วนตำบล ลูกจ้างประจำ และพนักงานจ้าง ต้องประพฤติตนตามมาตรฐานทางจริยธรรม ดังนี้\n1. ยึดมั่นในสถาบันหลักของประเทศ\n2. ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่\n3. กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม\n4. คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว\n5. มุ่งผลสัมฤทธิ์ของงาน\n6. ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ\n7. ดำรงตนเป็นแบบอย่างที่ดี\nผู้บังคับบัญชามีหน้าที่ส่งเสริมและกำกับดูแลให้ผู้ใต้บังคับบัญชาปฏิบัติตามประมวลจริยธรรมนี้ การฝ่าฝืนถือเป็นการกระทำผิดทางวินัย",
        "",
        "",
    ),
    (
        "dos_donts",
        "แนวปฏิบัติ Dos & Don'ts องค์การบริหารส่วนตำบลกุดจอก",
        "สิ่งที่ควรปฏิบัติ (Dos)\n- ให้บริการประชาชนตามขั้นตอนและระยะเวลาในคู่มือการปฏิบัติงาน อย่างเท่าเทียม\n- แจ้งผู้บังคับบัญชาทันทีเมื่อมีผู้นำของขวัญหรือประโยชน์อื่นใดมาให้\n- เปิดเผยข้อมูลการจัดซื้อจัดจ้างและการใช้จ่ายงบประมาณตามกฎหมาย\n- แจ้งช่องทางร้องเรียนการทุจริตให้ผู้รับบริการทราบ\n\nสิ่งที่ไม่ควรปฏิบัติ (Don'ts)\n- ไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ (No Gift Policy)\n- ไม่ใช้ทรัพย์สินของทางราชการเพื่อประโยชน์ส่วนตน\n- ไม่เลือกปฏิบัติหรือเรียกรับเงินเพื่อเร่งรัดงานบริการ\n- ไม่เปิดเผยข้อมูลส่วนบุคคลของผู้รับบริการและผู้ร้องเรียน",
        "",
        "",
    ),
    (
        "working_group",
        "คณะทำงานขับเคลื่อนจริยธรรม องค์การบริหารส่วนตำบลกุดจอก ประจำปีงบประมาณ พ.ศ. 2569",
        "มีหน้าที่ส่งเสริมให้บุคลากรปฏิบัติตามประมวลจริยธรรม ให้คำปรึกษาและตอบคำถามทางจริยธรรม จัดกิจกรรมเสริมสร้างจริยธรรม และรายงานผลต่อนายกองค์การบริหารส่วนตำบล",
        "123/2568",
        "2025-10-15",
    ),
];

const WORKING_GROUP: &str = "ปลัดองค์การบริหารส่วนตำบล | ประธานคณะทำงาน\nรองปลัดองค์การบริหารส่วนตำบล | รองประธานคณะทำงาน\nผู้อำนวยการกองคลัง | คณะทำงาน\nผู้อำนวยการกองช่าง | คณะทำงาน\nผู้อำนวยการกองการศึกษา ศาสนาและวัฒนธรรม | คณะทำงาน\nนักวิชาการตรวจสอบภายใน | คณะทำงาน\nนักทรัพยากรบุคคล | คณะทำงานและเลขานุการ";

pub async fn seed_ethics_in(txn: &DatabaseTransaction, organization_id: i64) -> Result<()> {
    let manage = Authorized::<ManageHr>::system(organization_id, Actor::System);
    let publish = Authorized::<PublishHr>::system(organization_id, Actor::System);
    for (slug, title, body, order_no, order_date) in ETHICS {
        crate::ethics::save_in(
            txn,
            &manage,
            slug,
            &crate::ethics::EthicsInput {
                title: title.into(),
                body: body.into(),
                order_no: order_no.into(),
                order_date: order_date.into(),
                members: if slug == "working_group" {
                    WORKING_GROUP.into()
                } else {
                    String::new()
                },
            },
        )
        .await?;
        crate::ethics::publish_in(txn, &publish, slug, "").await?;
    }
    Ok(())
}
