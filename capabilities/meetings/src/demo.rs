//! The demo organization's meetings: the monthly staff meetings the seed report lists by
//! date (FY2566 and the first ones of FY2567), a year of monthly staff meetings in FY2569,
//! two public forums of the development-plan project and a council session, all published.
//! [`link_measures`] then points the seed measures' meeting links at these records.

use chrono::NaiveDate;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use prongsai_kernel::{Actor, Authorized, Result};
use prongsai_plans::model::project;

use crate::model::meeting;
use crate::permissions::{ManageMeetings, PublishMeetings};
use crate::store::{self, MeetingInput};

/// Dates of the monthly staff meetings the seed report cites.
const SEED_STAFF_MEETINGS: [&str; 13] = [
    "2022-10-10",
    "2022-11-07",
    "2022-12-08",
    "2023-01-09",
    "2023-03-01",
    "2023-04-07",
    "2023-05-31",
    "2023-07-07",
    "2023-09-07",
    "2023-11-01",
    "2024-01-11",
    "2024-02-27",
    "2024-03-06",
];

/// FY2569's monthly staff meetings (January's is the one the No Gift activity names).
const STAFF_MEETINGS_2569: [&str; 12] = [
    "2025-10-06",
    "2025-11-05",
    "2025-12-08",
    "2026-01-25",
    "2026-02-05",
    "2026-03-05",
    "2026-04-07",
    "2026-05-07",
    "2026-06-05",
    "2026-07-07",
    "2026-08-06",
    "2026-09-07",
];

/// What the seed says the monthly meetings covered, in turn.
const AGENDAS: [(&str, &str); 6] = [
    (
        "ชี้แจงคู่มือการปฏิบัติงาน งานที่ยังไม่ระบุขั้นตอนและระยะเวลาการให้บริการให้ปรับปรุงแล้วส่งงานธุรการเพื่อประชาสัมพันธ์",
        "ทุกกอง/ส่วน ปรับปรุงคู่มือการปฏิบัติงานให้ระบุขั้นตอนและระยะเวลาให้ครบ",
    ),
    (
        "แจ้งเวียนแนวปฏิบัติ Dos & Don'ts และแจกแผ่นพับเอกสาร สอบถามปัญหาอุปสรรค",
        "บุคลากรถือปฏิบัติตามแนวปฏิบัติ Dos & Don'ts",
    ),
    (
        "เน้นย้ำการให้บริการประชาชนให้สะดวก รวดเร็วกว่าเดิม และตามระยะเวลาในคู่มือการปฏิบัติงาน",
        "ให้บริการตามระยะเวลาในคู่มือ และรายงานผลความพึงพอใจทุกเดือน",
    ),
    (
        "แจ้งพัฒนาและเพิ่มงานบริการ E-Service อย่างน้อย 3 งาน",
        "แต่ละกองเสนองานบริการที่จะให้บริการออนไลน์",
    ),
    (
        "แจ้งช่องทางร้องเรียนการทุจริตของเจ้าหน้าที่ซึ่งเป็นช่องทางลับ และคู่มือการจัดการเรื่องร้องเรียนการทุจริต",
        "ประชาสัมพันธ์ช่องทางร้องเรียนให้ประชาชนทราบในทุกหมู่บ้าน",
    ),
    (
        "หน่วยตรวจสอบภายในรายงานการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบของเจ้าหน้าที่",
        "ทุกกองดำเนินการตามมาตรการจัดการความเสี่ยงที่กำหนด",
    ),
];

fn month_th(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {}",
        prongsai_thai::months::thai_month(d.month()).unwrap_or(""),
        prongsai_thai::be_from_ce(d.year())
    )
}

fn staff_meeting(date: &str, i: usize) -> MeetingInput {
    let d = date.parse::<NaiveDate>().unwrap_or_default();
    let (agenda, decision) = AGENDAS[i % AGENDAS.len()];
    let (agenda2, decision2) = AGENDAS[(i + 3) % AGENDAS.len()];
    MeetingInput {
        kind: "staff".into(),
        title: format!("ประชุมพนักงานประจำเดือน{}", month_th(d)),
        held_on: date.into(),
        place: "ห้องประชุม อบต.กุดจอก".into(),
        agenda: format!(
            "1. เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ\n2. รับรองรายงานการประชุมครั้งที่แล้ว\n3. {agenda}\n4. {agenda2}\n5. เรื่องอื่น ๆ"
        ),
        executives: "3".into(),
        staff: (38 + (i % 5)).to_string(),
        minutes: format!(
            "ปลัด อบต. เป็นประธานการประชุม แจ้งผลการดำเนินงานของเดือนที่ผ่านมา ที่ประชุมรับรองรายงานการประชุมครั้งที่แล้วโดยไม่มีการแก้ไข\nวาระที่ 3: {agenda}\nวาระที่ 4: {agenda2}"
        ),
        decisions: format!("{decision}\n{decision2}"),
        ..Default::default()
    }
}

/// Seeds the meetings and publishes them. Plans must be seeded first (a forum links to
/// the development-plan forum project).
pub async fn seed_in(txn: &DatabaseTransaction, organization_id: i64) -> Result<()> {
    let manage = Authorized::<ManageMeetings>::system(organization_id, Actor::System);
    let publish = Authorized::<PublishMeetings>::system(organization_id, Actor::System);
    let forum_project = project::Entity::find()
        .filter(project::Column::OrganizationId.eq(organization_id))
        .filter(project::Column::Title.eq("โครงการจัดเวทีประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น"))
        .one(txn)
        .await?
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let mut inputs: Vec<MeetingInput> = SEED_STAFF_MEETINGS
        .iter()
        .chain(STAFF_MEETINGS_2569.iter())
        .enumerate()
        .map(|(i, d)| staff_meeting(d, i))
        .collect();
    inputs.push(MeetingInput {
        kind: "forum".into(),
        title: "เวทีประชาคมหมู่บ้านเพื่อจัดทำแผนพัฒนาท้องถิ่น หมู่ที่ 3".into(),
        held_on: "2025-12-16".into(),
        place: "ศาลาประชาคมหมู่ที่ 3 ตำบลกุดจอก".into(),
        agenda: "1. ชี้แจงขั้นตอนการจัดทำแผนพัฒนาท้องถิ่น\n2. ทบทวนโครงการที่ดำเนินการแล้วในปีที่ผ่านมา\n3. รับฟังปัญหาและความต้องการของหมู่บ้าน\n4. จัดลำดับความสำคัญของโครงการ".into(),
        executives: "2".into(),
        council_members: "2".into(),
        staff: "4".into(),
        citizens: "86".into(),
        others: "3".into(),
        minutes: "นายก อบต. ชี้แจงวัตถุประสงค์ของเวทีประชาคม เจ้าหน้าที่งานวิเคราะห์นโยบายและแผนนำเสนอผลการดำเนินงานตามแผนของปีที่ผ่านมา ประชาชนเสนอปัญหาและความต้องการ แล้วร่วมกันจัดลำดับความสำคัญ".into(),
        decisions: "1. เสนอโครงการซ่อมแซมถนนลูกรังเพื่อการเกษตรเป็นลำดับที่ 1\n2. เสนอโครงการขยายเขตประปาหมู่บ้านเป็นลำดับที่ 2".into(),
        issue: "ปัญหาและความต้องการของหมู่ที่ 3 เพื่อบรรจุในแผนพัฒนาท้องถิ่น".into(),
        results: "ประชาชนเสนอโครงการ 9 โครงการ เรื่องถนนเพื่อการเกษตรมากที่สุด รองลงมาคือน้ำประปาและไฟฟ้าส่องสว่าง".into(),
        changes: "โครงการซ่อมแซมถนนลูกรังเพื่อการเกษตรและการขยายเขตประปาหมู่บ้านถูกบรรจุในร่างแผนพัฒนาท้องถิ่นที่เสนอคณะกรรมการพัฒนาท้องถิ่น".into(),
        plan_project_id: forum_project.clone(),
        ..Default::default()
    });
    inputs.push(MeetingInput {
        kind: "forum".into(),
        title: "ประชาคมระดับตำบลเพื่อพิจารณาร่างแผนพัฒนาท้องถิ่น".into(),
        held_on: "2026-02-24".into(),
        place: "ห้องประชุม อบต.กุดจอก".into(),
        agenda: "1. สรุปความต้องการจากเวทีประชาคมหมู่บ้านทั้ง 14 หมู่บ้าน\n2. พิจารณาร่างแผนพัฒนาท้องถิ่น\n3. รับฟังความคิดเห็นเพิ่มเติม".into(),
        executives: "4".into(),
        council_members: "14".into(),
        staff: "8".into(),
        citizens: "42".into(),
        others: "6".into(),
        minutes: "ที่ประชุมพิจารณาสรุปความต้องการจาก 14 หมู่บ้าน ผู้นำชุมชนและผู้แทนหน่วยงานราชการในพื้นที่ให้ความเห็นเพิ่มเติม".into(),
        decisions: "1. เห็นชอบร่างแผนพัฒนาท้องถิ่นเสนอคณะกรรมการพัฒนาท้องถิ่น\n2. ให้เพิ่มโครงการติดตั้งไฟฟ้าส่องสว่างทางแยกหมู่ที่ 5 และ 9".into(),
        issue: "ร่างแผนพัฒนาท้องถิ่นที่รวบรวมจากเวทีประชาคมหมู่บ้าน".into(),
        results: "ผู้เข้าร่วมเห็นชอบร่างแผน และเสนอเพิ่ม 2 โครงการด้านความปลอดภัยทางถนน".into(),
        changes: "เพิ่มโครงการติดตั้งไฟฟ้าส่องสว่างทางแยกหมู่ที่ 5 และ 9 ในแผนพัฒนาท้องถิ่นก่อนเสนอสภา อบต.".into(),
        plan_project_id: forum_project,
        ..Default::default()
    });
    inputs.push(MeetingInput {
        kind: "council".into(),
        title: "ประชุมสภา อบต.กุดจอก สมัยสามัญ สมัยที่ 3 ประจำปี 2569".into(),
        held_on: "2026-08-14".into(),
        place: "ห้องประชุมสภา อบต.กุดจอก".into(),
        agenda: "1. เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ\n2. รับรองรายงานการประชุมครั้งที่แล้ว\n3. ร่างข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570 วาระที่ 1 ขั้นรับหลักการ\n4. เรื่องอื่น ๆ".into(),
        executives: "4".into(),
        council_members: "26".into(),
        staff: "6".into(),
        citizens: "5".into(),
        minutes: "นายก อบต. เสนอร่างข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570 ที่ประชุมอภิปรายและลงมติรับหลักการ แล้วตั้งคณะกรรมการแปรญัตติ".into(),
        decisions: "1. รับหลักการร่างข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570\n2. ตั้งคณะกรรมการแปรญัตติ 5 คน".into(),
        ..Default::default()
    });
    for input in &inputs {
        let m = store::create_in(txn, &manage, input).await?;
        store::publish_in(txn, &publish, m.id, "", false).await?;
    }
    Ok(())
}

/// Points the seed measures' monthly-meeting links (which carry a date only) at the staff
/// meeting of that date, so the measure page links to `/meetings/{id}`.
pub async fn link_measures(txn: &DatabaseTransaction, organization_id: i64) -> Result<()> {
    use prongsai_measures::model::link;
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::OrganizationId.eq(organization_id))
        .filter(meeting::Column::Kind.eq("staff"))
        .all(txn)
        .await?;
    let links = link::Entity::find()
        .filter(link::Column::OrganizationId.eq(organization_id))
        .filter(link::Column::Kind.eq("meeting"))
        .filter(link::Column::Reference.eq(""))
        .all(txn)
        .await?;
    for l in links {
        let Some(m) = meetings.iter().find(|m| Some(m.held_on) == l.occurred_on) else {
            continue;
        };
        let mut a = l.into_active_model();
        a.reference = Set(m.id.to_string());
        a.update(txn).await?;
    }
    Ok(())
}
