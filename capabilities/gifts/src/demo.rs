//! The demo organization's No Gift Policy of FY2569: the declaration signed by the demo
//! mayor's account, two activities (the seed's dates moved to this year), a refused New
//! Year basket and nil reports for the other months, published.

use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use prongsai_kernel::{Actor, Authorized, Error, Result, Role, Staff};

use crate::permissions::{ManageGifts, PublishGifts, SignGiftDeclaration};
use crate::store::{self, ActivityInput, DeclarationInput, EntryInput};

const BODY_TH: &str = "องค์การบริหารส่วนตำบลกุดจอก มีเจตนารมณ์ในการบริหารงานด้วยความซื่อสัตย์ สุจริต โปร่งใส และเป็นธรรม จึงประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ดังนี้\n1. ผู้บริหาร สมาชิกสภา พนักงานส่วนตำบล และพนักงานจ้าง จะไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากผู้ที่เกี่ยวข้องกับการปฏิบัติหน้าที่\n2. จะไม่ให้ของขวัญ ของกำนัล แก่ผู้บังคับบัญชาหรือบุคคลอื่นเพื่อประโยชน์ในการปฏิบัติหน้าที่\n3. หากมีความจำเป็นต้องรับ ให้รายงานผู้บังคับบัญชาและดำเนินการตามหลักเกณฑ์ของคณะกรรมการ ป.ป.ช.";
const BODY_EN: &str = "Kudjok Subdistrict Administrative Organization is committed to honest, transparent and fair administration and declares a No Gift Policy:\n1. Executives, council members, officials and employees shall not accept gifts, presents or any other benefit from anyone connected with their duties.\n2. They shall not give gifts or presents to superiors or others for any advantage in their duties.\n3. Where accepting cannot be avoided, it shall be reported to the superior and handled under the rules of the National Anti-Corruption Commission.";

pub async fn seed_in(
    txn: &DatabaseTransaction,
    organization_id: i64,
    signer_username: &str,
) -> Result<()> {
    let manage = Authorized::<ManageGifts>::system(organization_id, Actor::System);
    let d = store::create_declaration_in(
        txn,
        &manage,
        &DeclarationInput {
            fiscal_year: "2569".into(),
            title_th: "ประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2569".into(),
            body_th: BODY_TH.into(),
            title_en: "Declaration of Intent: No Gift Policy, fiscal year 2026 (B.E. 2569)".into(),
            body_en: BODY_EN.into(),
        },
    )
    .await?;
    // The signature is the mayor's own action, as if signed in.
    let mayor = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Username.eq(signer_username))
        .one(txn)
        .await?
        .ok_or_else(|| Error::internal("the demo signer is missing"))?;
    let staff = Staff {
        user_id: mayor.id,
        organization_id,
        username: mayor.username.clone(),
        display_name: mayor.display_name.clone(),
        division_id: mayor.division_id,
        roles: vec![Role::Executive],
    };
    store::sign_declaration_in(txn, &staff.authorize::<SignGiftDeclaration>()?, d.id).await?;
    for (date, title, description, n) in [
        (
            "2025-12-09",
            "กิจกรรมประกาศเจตนารมณ์ No Gift Policy \"งดรับ งดให้ของขวัญ ของกำนัล\"",
            "ผู้บริหารและบุคลากรร่วมประกาศเจตนารมณ์ และประชาสัมพันธ์ผ่าน Facebook และเว็บไซต์ อบต.กุดจอก",
            48,
        ),
        (
            "2026-01-25",
            "กิจกรรมสร้างวัฒนธรรมองค์กร No Gift Policy ในการประชุมพนักงานประจำเดือน",
            "เน้นย้ำแนวปฏิบัติการไม่รับของขวัญในช่วงเทศกาลปีใหม่ และการรายงานเมื่อมีผู้นำของขวัญมาให้",
            42,
        ),
    ] {
        store::add_activity_in(
            txn,
            &manage,
            d.id,
            &ActivityInput {
                held_on: date.into(),
                activity_title: title.into(),
                activity_description: description.into(),
                participants: n.to_string(),
            },
        )
        .await?;
    }
    store::add_entry_in(
        txn,
        &manage,
        d.id,
        &EntryInput {
            entry_kind: "refused".into(),
            entry_date: "2025-12-29".into(),
            giver_relation: "ผู้ประกอบการที่เป็นคู่สัญญา (ตัวอย่าง)".into(),
            gift_description: "กระเช้าของขวัญปีใหม่".into(),
            value: "1,500".into(),
            decision: "refused".into(),
            recipient_position: "ผู้อำนวยการกองช่าง".into(),
        },
    )
    .await?;
    for month in store::months_of(2569) {
        if month.to_string() != "2025-12-01" {
            store::add_nil_report_in(txn, &manage, d.id, &month.to_string()).await?;
        }
    }
    let publish = Authorized::<PublishGifts>::system(organization_id, Actor::System);
    store::publish_year_in(txn, &publish, d.id, "ประกาศ กิจกรรม และทะเบียนการรับของขวัญทั้งปี").await?;
    Ok(())
}
