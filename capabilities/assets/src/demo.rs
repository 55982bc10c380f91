//! The demo organization's asset register: fifteen items of the kind a subdistrict lends
//! for ceremonies and village events (tents, chairs, tables, a sound system, the water
//! truck...), the borrowing manual, bookings around today (approved, waiting, handed over
//! and overdue, returned) and the annual inspection of fiscal year 2569.

use chrono::Duration;
use prongsai_db::entities::division;
use prongsai_db::sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use prongsai_kernel::{Actor, Authorized, Result};

use crate::permissions::{DecideBookings, ManageAssets};
use crate::store::{
    self, AssetInput, BookingInput, DecisionScope, FindingInput, HandoverInput, InspectionInput,
    ReturnInput, input_date,
};

/// `(code, name, category, division code, location, value, acquired, condition, borrowable)`.
type Item = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const ITEMS: [Item; 15] = [
    (
        "416-59-0001",
        "เต็นท์ผ้าใบ ขนาด 4x8 เมตร (ชุดที่ 1)",
        "other",
        "palad",
        "โรงเก็บพัสดุ อบต.",
        "18,500",
        "12/1/2559",
        "good",
        true,
    ),
    (
        "416-59-0002",
        "เต็นท์ผ้าใบ ขนาด 4x8 เมตร (ชุดที่ 2)",
        "other",
        "palad",
        "โรงเก็บพัสดุ อบต.",
        "18,500",
        "12/1/2559",
        "worn",
        true,
    ),
    (
        "416-63-0003",
        "เต็นท์โครงเหล็ก ขนาด 5x12 เมตร",
        "other",
        "palad",
        "โรงเก็บพัสดุ อบต.",
        "45,000",
        "3/3/2563",
        "good",
        true,
    ),
    (
        "401-62-0010",
        "เก้าอี้พลาสติก 100 ตัว",
        "office",
        "palad",
        "ห้องเก็บของ อาคารเอนกประสงค์",
        "25,000",
        "20/6/2562",
        "good",
        true,
    ),
    (
        "401-62-0011",
        "โต๊ะพับอเนกประสงค์ 20 ตัว",
        "office",
        "palad",
        "ห้องเก็บของ อาคารเอนกประสงค์",
        "30,000",
        "20/6/2562",
        "good",
        true,
    ),
    (
        "404-64-0001",
        "ชุดเครื่องเสียงเคลื่อนที่ (ลำโพง 2 ตู้ มิกเซอร์ ไมโครโฟนไร้สาย 2 ตัว)",
        "publicity",
        "palad",
        "ห้องประชาสัมพันธ์",
        "68,000",
        "15/2/2564",
        "good",
        true,
    ),
    (
        "404-60-0002",
        "เครื่องขยายเสียงแบบพกพา",
        "publicity",
        "palad",
        "ห้องประชาสัมพันธ์",
        "4,500",
        "10/8/2560",
        "worn",
        true,
    ),
    (
        "002-58-0001",
        "รถบรรทุกน้ำ อเนกประสงค์ ขนาด 6,000 ลิตร",
        "vehicle",
        "engineering",
        "โรงจอดรถ อบต.",
        "2,150,000",
        "30/9/2558",
        "good",
        true,
    ),
    (
        "403-61-0004",
        "เครื่องปั่นไฟ ขนาด 5 กิโลวัตต์",
        "electric",
        "engineering",
        "โรงเก็บพัสดุ กองช่าง",
        "38,000",
        "5/5/2561",
        "good",
        true,
    ),
    (
        "410-63-0001",
        "เครื่องตัดหญ้าแบบสะพาย",
        "agriculture",
        "engineering",
        "โรงเก็บพัสดุ กองช่าง",
        "9,800",
        "17/7/2563",
        "repair",
        false,
    ),
    (
        "403-65-0002",
        "ไฟส่องสว่างสนาม LED พร้อมขาตั้ง 4 ชุด",
        "electric",
        "engineering",
        "โรงเก็บพัสดุ กองช่าง",
        "24,000",
        "1/3/2565",
        "good",
        true,
    ),
    (
        "416-66-0004",
        "ชุดโต๊ะหมู่บูชา หมู่ 9",
        "other",
        "education",
        "ศูนย์พัฒนาเด็กเล็ก",
        "12,000",
        "9/1/2566",
        "good",
        true,
    ),
    (
        "416-66-0005",
        "หม้อต้มน้ำร้อนไฟฟ้า ขนาด 30 ลิตร 2 ใบ",
        "other",
        "education",
        "ศูนย์พัฒนาเด็กเล็ก",
        "7,600",
        "9/1/2566",
        "good",
        true,
    ),
    (
        "416-67-0001",
        "เครื่องคอมพิวเตอร์โน้ตบุ๊ก สำหรับงานประมวลผล",
        "computer",
        "finance",
        "กองคลัง",
        "24,000",
        "14/11/2566",
        "good",
        false,
    ),
    (
        "401-57-0021",
        "ตู้เหล็กเก็บเอกสาร 4 ลิ้นชัก",
        "office",
        "finance",
        "กองคลัง",
        "5,900",
        "2/4/2557",
        "broken",
        false,
    ),
];

pub async fn seed_in(txn: &DatabaseTransaction, organization_id: i64) -> Result<()> {
    let manage = Authorized::<ManageAssets>::system(organization_id, Actor::System);
    let divisions = division::Entity::find()
        .filter(division::Column::OrganizationId.eq(organization_id))
        .all(txn)
        .await?;
    let division_id = |code: &str| {
        divisions
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.id.to_string())
            .unwrap_or_default()
    };
    let mut ids = Vec::new();
    for (code, name, category, div, location, value, acquired, condition, borrowable) in ITEMS {
        let a = store::create_asset_in(
            txn,
            &manage,
            &AssetInput {
                code: code.into(),
                name: name.into(),
                category: category.into(),
                division_id: division_id(div),
                location: location.into(),
                value: value.into(),
                acquired_on: acquired.into(),
                condition: condition.into(),
                borrowable: if borrowable {
                    "1".into()
                } else {
                    String::new()
                },
                notes: String::new(),
            },
        )
        .await?;
        ids.push(a.id);
    }
    store::publish_manual_in(txn, &manage, store::DEFAULT_MANUAL).await?;

    let today = prongsai_kernel::clock::today_in_thailand();
    let day = |n: i64| input_date(today + Duration::days(n));
    let decide = Authorized::<DecideBookings>::system(organization_id, Actor::System);
    let scope = DecisionScope::everything();
    // (item index, borrower, purpose, from, to, what happens)
    let bookings: [(usize, &str, &str, i64, i64, &str); 7] = [
        (
            0,
            "นายสมชาย ใจดี (ตัวอย่าง)",
            "งานบุญกฐินวัดบ้านกุดจอก",
            4,
            6,
            "approved",
        ),
        (
            3,
            "นายสมชาย ใจดี (ตัวอย่าง)",
            "งานบุญกฐินวัดบ้านกุดจอก",
            4,
            6,
            "approved",
        ),
        (
            5,
            "นางสาวมาลี ศรีสุข (ตัวอย่าง)",
            "งานแต่งงาน หมู่ที่ 3",
            12,
            13,
            "pending",
        ),
        (
            7,
            "ผู้ใหญ่บ้าน หมู่ที่ 5 (ตัวอย่าง)",
            "แจกจ่ายน้ำอุปโภคช่วงภัยแล้ง",
            20,
            24,
            "approved",
        ),
        (
            2,
            "นายประเสริฐ มั่นคง (ตัวอย่าง)",
            "งานฌาปนกิจ หมู่ที่ 2",
            -6,
            -3,
            "overdue",
        ),
        (
            4,
            "กองการศึกษา ศาสนาและวัฒนธรรม",
            "งานวันลอยกระทง",
            -25,
            -23,
            "returned",
        ),
        (
            10,
            "คณะกรรมการหมู่บ้าน หมู่ที่ 7 (ตัวอย่าง)",
            "งานกีฬาหมู่บ้านต้านยาเสพติด",
            30,
            33,
            "approved",
        ),
    ];
    for (i, name, purpose, from, to, what) in bookings {
        let b = store::create_staff_booking_in(
            txn,
            &manage,
            &BookingInput {
                asset_id: ids[i].to_string(),
                borrower_name: name.into(),
                borrower_phone: "0812345678".into(),
                borrower_email: String::new(),
                purpose: purpose.into(),
                starts_on: day(from),
                ends_on: day(to),
                website: String::new(),
            },
        )
        .await?;
        if what == "pending" {
            continue;
        }
        store::decide_in(txn, &decide, &scope, b.id, true, "").await?;
        if what == "approved" {
            continue;
        }
        store::hand_over_in(
            txn,
            &manage,
            b.id,
            &HandoverInput {
                handed_over_on: day(from),
                handed_over_by: "เจ้าพนักงานพัสดุ".into(),
                handover_notes: "ครบตามรายการ สภาพดี".into(),
            },
        )
        .await?;
        if what == "returned" {
            store::record_return_in(
                txn,
                &manage,
                b.id,
                &ReturnInput {
                    returned_on: day(to),
                    return_condition: "good".into(),
                    return_notes: "ครบ 20 ตัว ทำความสะอาดแล้ว".into(),
                },
            )
            .await?;
        }
    }

    // The annual inspection of FY2569 (the committee checks at the end of September).
    let findings: Vec<FindingInput> = ITEMS
        .iter()
        .zip(&ids)
        .map(|(item, id)| FindingInput {
            asset_id: *id,
            found: true,
            condition: item.7.to_owned(),
            notes: match item.7 {
                "repair" => "ใบมีดและคลัตช์ชำรุด ส่งซ่อมแล้ว".to_owned(),
                "broken" => "รางลิ้นชักชำรุด เสนอจำหน่าย".to_owned(),
                _ => String::new(),
            },
        })
        .collect();
    store::create_inspection_in(
        txn,
        &manage,
        &InspectionInput {
            inspected_on: "30/9/2569".into(),
            committee: "1. นักวิชาการพัสดุ ประธานกรรมการ\n2. นายช่างโยธา กรรมการ\n3. เจ้าพนักงานธุรการ กรรมการและเลขานุการ".into(),
            summary: "ตรวจสอบครุภัณฑ์ 15 รายการ พบครบทุกรายการ ใช้งานได้ 13 รายการ ส่งซ่อม 1 รายการ ชำรุดเสนอจำหน่าย 1 รายการ".into(),
        },
        &findings,
    )
    .await?;
    crate::register::publish_register_in(
        txn,
        &manage,
        "ทะเบียนครุภัณฑ์ ณ สิ้นปีงบประมาณ 2569 ตามผลการตรวจสอบพัสดุประจำปี",
    )
    .await?;
    Ok(())
}
