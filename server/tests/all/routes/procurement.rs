//! `/procurement...` (plans, the NACC list, monthly and annual results, downloads, OCDS)
//! and `/staff/procurement...` (items, imports, notices, red flags).

use http::StatusCode;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use prongsai_procurement::model::item;
use prongsai_procurement::reference::reference_for;
use serde_json::Value;

use crate::util::{TestApp, TestClient, demo_password};

/// Signs in a demo account whose role must use a second factor, enrolling it.
async fn sign_in_enrolled(c: &mut TestClient<'_>, username: &str) {
    let r = c.sign_in(username, &demo_password(username)).await;
    if !r.location().starts_with("/login/code") {
        assert_eq!(r.location(), "/staff");
        return;
    }
    let to = c.get("/login/code").await;
    assert_eq!(
        to.location(),
        "/login/enrol",
        "demo accounts have not enrolled yet"
    );
    let page = c.get("/login/enrol").await;
    let secret = page.input_value("secret").expect("secret field");
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let step = prongsai_accounts::totp::step_of(chrono::Utc::now().timestamp());
    let code = format!("{:06}", prongsai_accounts::totp::code_at_step(&raw, step));
    let r = c
        .post_form("/login/enrol", &[("secret", &secret), ("code", &code)])
        .await;
    assert_eq!(r.location(), "/staff");
}

const DEMO_2569: &[u8] = include_bytes!("../../../demo/procurement-2569.csv");

fn headers_of(fy: i32) -> Vec<String> {
    reference_for(fy)
        .0
        .columns
        .iter()
        .map(|c| c.header.clone())
        .collect()
}

async fn items_of(app: &TestApp, organization_id: i64, fy: i32) -> u64 {
    item::Entity::find()
        .filter(item::Column::OrganizationId.eq(organization_id))
        .filter(item::Column::FiscalYear.eq(fy))
        .count(app.db().conn())
        .await
        .unwrap()
}

/// The fields of a valid, signed item of FY2571, with `changes` applied.
fn item_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("fiscal_year", "2571"),
        ("item_name", "จ้างซ่อมแซมฝายน้ำล้น หมู่ที่ 8"),
        ("allocated_budget", "250,000"),
        ("budget_source", "ordinance"),
        ("status", "in_contract"),
        ("method", "specific"),
        ("reference_price", "249000"),
        ("agreed_price", "245000.50"),
        ("vendor_name", "ห้างหุ้นส่วนจำกัด ทดสอบการช่าง"),
        ("vendor_tax_id", "0-1075-37001-51-0"),
        ("egp_project_number", "70119040137"),
        ("contract_start", "15/11/2570"),
        ("contract_end", "14 ม.ค. 2571"),
        ("announced_on", ""),
        ("result_on", ""),
        ("division_id", ""),
    ];
    for (k, v) in changes {
        if let Some(slot) = f.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v;
        }
    }
    f
}

#[tokio::test]
async fn the_demo_year_is_published_with_sole_traders_tax_ids_masked() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/procurement")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("/procurement/2569")
        .assert_contains("ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง");
    let r = c.get("/procurement/2569").await;
    r.assert_status(StatusCode::OK)
        .assert_contains("จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3")
        .assert_contains("2,450,000.00")
        .assert_contains("0105552007891")
        .assert_contains("x-xxxx-xxxxx-45-2");
    assert!(
        !r.body.contains("3101700123452"),
        "a sole trader's national ID is never published"
    );
    // The JSON API and CSV carry the same masking.
    let api = c.get("/api/v1/procurement/2569/items?per_page=500").await;
    api.assert_status(StatusCode::OK);
    assert!(!api.body.contains("3101700123452"));
    let v: Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["data"].as_array().unwrap().len(), 40);
    assert_eq!(v["meta"]["as_of"], "2026-09-30");
    let csv = c.get("/procurement/2569/procurement.csv").await;
    assert!(!csv.body.contains("3101700123452"));
    // Staff still see the full ID.
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let org = app.demo_tenant().await.id;
    let shop = item::Entity::find()
        .filter(item::Column::OrganizationId.eq(org))
        .filter(item::Column::VendorTaxId.eq("3101700123452"))
        .one(app.db().conn())
        .await
        .unwrap()
        .expect("stored in full");
    staff
        .get(&format!("/staff/procurement/items/{}", shop.id))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("3101700123452");
}

#[tokio::test]
async fn the_excel_download_reads_back_in_the_years_column_order() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/procurement/2569/procurement.xlsx").await;
    r.assert_status(StatusCode::OK);
    assert_eq!(
        r.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        r.header("content-disposition")
            .contains("procurement-2569.xlsx")
    );
    let sheets = prongsai_export::read_workbook(&r.bytes).unwrap();
    let rows = &sheets[0].1;
    let header: Vec<String> = rows[0].iter().map(|c| c.as_text()).collect();
    assert_eq!(
        header,
        headers_of(2569),
        "headers in the order of the year's data file"
    );
    assert_eq!(rows.len(), 41, "header and 40 items");
    let col = |name: &str| headers_of(2569).iter().position(|h| h == name).unwrap();
    let first = &rows[1];
    assert_eq!(first[col("ที่")].as_text(), "1");
    assert_eq!(first[col("ชื่อหน่วยงาน")].as_text(), "องค์การบริหารส่วนตำบลกุดจอก");
    assert_eq!(
        first[col("วงเงินงบประมาณที่ได้รับจัดสรร (บาท)")].as_text(),
        "2450000"
    );
    assert_eq!(
        first[col("เลขประจำตัวผู้เสียภาษี")].as_text(),
        "0105552007891",
        "a text cell keeps the leading zero"
    );
    assert_eq!(
        first[col("เลขที่โครงการในระบบ e-GP")].as_text(),
        "68129040137"
    );
}

#[tokio::test]
async fn the_csv_has_a_bom_and_the_same_columns() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/procurement/2569/procurement.csv").await;
    r.assert_status(StatusCode::OK);
    assert!(
        r.bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM so that Excel reads Thai"
    );
    let table = prongsai_procurement::import::read_csv(&r.bytes).unwrap();
    let header = table[0].clone();
    assert_eq!(header, headers_of(2569));
    let rows = &table[1..];
    assert_eq!(rows.len(), 40);
    let budget = header
        .iter()
        .position(|h| h == "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)")
        .unwrap();
    assert_eq!(&rows[13][budget], "612384.60", "satang kept");
    // The latest year is also at a stable address for the open-data catalogue.
    let latest = c.get("/procurement/latest.csv").await;
    latest.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(latest.location(), "/procurement/2570/procurement.csv");
}

#[tokio::test]
async fn ocds_packages_describe_every_item() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/procurement/2569/ocds-releases.json").await;
    r.assert_status(StatusCode::OK);
    let p: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(p["version"], "1.1");
    assert!(p["license"].as_str().unwrap().starts_with("http"));
    let releases = p["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 40);
    let mut ocids = std::collections::BTreeSet::new();
    for rel in releases {
        let ocid = rel["ocid"].as_str().unwrap();
        assert!(ocid.starts_with("ocds-prongs-kudjok-"), "{ocid}");
        assert!(ocids.insert(ocid.to_owned()), "ocids are unique");
        assert!(
            ["open", "selective", "limited", "direct"]
                .contains(&rel["tender"]["procurementMethod"].as_str().unwrap())
        );
        assert_eq!(rel["tender"]["procuringEntity"]["id"], rel["buyer"]["id"]);
        // Every party referred to is in `parties`.
        let parties: Vec<&str> = rel["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        if let Some(awards) = rel["awards"].as_array() {
            for s in awards[0]["suppliers"].as_array().unwrap() {
                assert!(parties.contains(&s["id"].as_str().unwrap()));
            }
        }
    }
    let road = releases
        .iter()
        .find(|r| {
            r["tender"]["title"]
                .as_str()
                .unwrap()
                .contains("หมู่ที่ 3 บ้านโนนสำราญ")
        })
        .unwrap();
    assert_eq!(road["tender"]["procurementMethod"], "open");
    assert_eq!(road["planning"]["budget"]["amount"]["amount"], 2450000.0);
    assert_eq!(road["contracts"][0]["value"]["amount"], 2190000.0);
    assert_eq!(
        road["tender"]["id"], "68129040137",
        "the e-GP project number identifies the tender"
    );
    assert!(
        road["tag"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "planning"),
        "planned before it was signed"
    );
    let cancelled = releases
        .iter()
        .find(|r| r["tender"]["status"] == "cancelled")
        .expect("the cancelled lighting project");
    assert!(cancelled.get("contracts").is_none());
    // A sole trader is named but not identified by their national ID.
    let shop = releases
        .iter()
        .find(|r| r["tender"]["title"] == "ซื้อวัสดุงานบ้านงานครัว")
        .unwrap();
    assert!(!shop.to_string().contains("3101700123452"));
    assert!(shop["parties"][1].get("identifier").is_none());
    let records: Value =
        serde_json::from_str(&c.get("/procurement/2569/ocds-records.json").await.body).unwrap();
    assert_eq!(records["records"].as_array().unwrap().len(), 40);
    assert_eq!(
        records["records"][0]["ocid"],
        records["records"][0]["compiledRelease"]["ocid"]
    );
    // Nothing published for a year: a JSON 404.
    let none = c.get("/procurement/2575/ocds-releases.json").await;
    none.assert_status(StatusCode::NOT_FOUND);
    assert!(none.header("content-type").starts_with("application/json"));
}

#[tokio::test]
async fn a_bad_item_re_renders_with_thai_messages_and_saves_nothing() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let before = items_of(&app, org, 2571).await;
    let r = staff
        .post_form(
            "/staff/procurement/items/new",
            &item_fields(&[
                ("allocated_budget", "สองแสน"),
                ("vendor_tax_id", "0107537001511"),
                ("egp_project_number", "12345"),
                ("contract_end", "1/11/2570"),
            ]),
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("วงเงินงบประมาณ")
        .assert_contains("เลขประจำตัวผู้เสียภาษี")
        .assert_contains("11 หลัก")
        .assert_contains("วันที่สิ้นสุดสัญญาต้องไม่ก่อนวันที่ลงนามในสัญญา")
        .assert_contains("จ้างซ่อมแซมฝายน้ำล้น หมู่ที่ 8");
    assert_eq!(items_of(&app, org, 2571).await, before);
    // Signed without a price or a winner.
    staff
        .post_form(
            "/staff/procurement/items/new",
            &item_fields(&[("agreed_price", ""), ("vendor_name", "")]),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ต้องมีราคาที่ตกลงซื้อหรือจ้าง")
        .assert_contains("ต้องมีชื่อผู้ประกอบการ");
    let ok = staff
        .post_form("/staff/procurement/items/new", &item_fields(&[]))
        .await;
    ok.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/staff/procurement?fy=2571");
    assert_eq!(items_of(&app, org, 2571).await, before + 1);
    let saved = item::Entity::find()
        .filter(item::Column::OrganizationId.eq(org))
        .filter(item::Column::FiscalYear.eq(2571))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.agreed_price, Some(24_500_050), "satang");
    assert_eq!(saved.vendor_tax_id.as_deref(), Some("0107537001510"));
    assert_eq!(saved.contract_start.unwrap().to_string(), "2027-11-15");
}

#[tokio::test]
async fn monthly_results_say_when_a_month_had_no_procurement() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    staff
        .post_form("/staff/procurement/items/new", &item_fields(&[]))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // As of a date outside the fiscal year: refused, with the reason.
    staff
        .post_form(
            "/staff/procurement/2571/publish",
            &[("as_of", "31/12/2571"), ("note", "")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ต้องอยู่ในปีงบประมาณ 2571");
    staff
        .post_form(
            "/staff/procurement/2571/publish",
            &[("as_of", "31 ธ.ค. 2570"), ("note", "ไตรมาสแรก")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut c = app.client();
    let r = c.get("/procurement/2571/monthly").await;
    r.assert_status(StatusCode::OK);
    let oct = r.body.find("<h2>ตุลาคม 2570</h2>").expect("October");
    let nov = r.body.find("<h2>พฤศจิกายน 2570</h2>").expect("November");
    let dec = r.body.find("<h2>ธันวาคม 2570</h2>").expect("December");
    assert!(oct < nov && nov < dec);
    assert!(
        r.body[oct..nov].contains("ไม่มีการจัดซื้อจัดจ้าง"),
        "October had none"
    );
    assert!(
        r.body[nov..dec].contains("จ้างซ่อมแซมฝายน้ำล้น"),
        "November has the item"
    );
    assert!(!r.body[nov..dec].contains("ไม่มีการจัดซื้อจัดจ้าง"));
    assert!(
        r.body[dec..].contains("ไม่มีการจัดซื้อจัดจ้าง"),
        "December had none"
    );
    assert!(
        !r.body.contains("<h2>มกราคม 2571</h2>"),
        "no month after the as-of date"
    );
}

#[tokio::test]
async fn an_import_reports_row_and_column_and_saves_all_or_nothing() {
    let app = TestApp::with_demo().await;
    let org = app.add_organization("nongbua").await.id;
    let mut staff = app.client_for("nongbua.localhost");
    staff.sign_in_as("admin").await;
    // The demo sheet with two broken cells.
    let text = std::str::from_utf8(DEMO_2569).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[3] = lines[3].replace("สิ้นสุดระยะสัญญา", "เสร็จแล้วมั้ง");
    lines[7] = lines[7].replace("0303558001238", "0303558001239");
    let broken = lines.join("\r\n");
    let r = staff
        .post_multipart(
            "/staff/procurement/import",
            &[("fy", "2569")],
            "broken.csv",
            broken.as_bytes(),
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let preview_url = r.location().to_owned();
    let p = staff.get(&preview_url).await;
    p.assert_status(StatusCode::OK)
        .assert_contains("เสร็จแล้วมั้ง")
        .assert_contains("สถานะการจัดซื้อจัดจ้าง")
        .assert_contains("เลขประจำตัวผู้เสียภาษี");
    let problems: Vec<(String, String)> = p
        .body
        .split("<tr><td>")
        .skip(1)
        .filter_map(|row| {
            let cells: Vec<&str> = row.split("</td><td>").collect();
            let letter = cells.get(1)?.split(' ').next()?;
            (cells.len() >= 3 && letter.len() <= 2)
                .then(|| (cells[0].to_owned(), letter.to_owned()))
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            ("4".to_owned(), "K".to_owned()),
            ("8".to_owned(), "Q".to_owned())
        ],
        "row 4 column K (status), row 8 column Q (tax ID)"
    );
    let commit = staff.post_form(&format!("{preview_url}/commit"), &[]).await;
    commit.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        items_of(&app, org, 2569).await,
        0,
        "nothing saved from a sheet with problems"
    );

    // The sheet as it should be: every row saved, once.
    let r = staff
        .post_multipart(
            "/staff/procurement/import",
            &[("fy", "2569")],
            "fixed.csv",
            DEMO_2569,
        )
        .await;
    let preview_url = r.location().to_owned();
    staff
        .get(&preview_url)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("(40)");
    staff
        .post_form(&format!("{preview_url}/commit"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(items_of(&app, org, 2569).await, 40);
    staff.post_form(&format!("{preview_url}/commit"), &[]).await;
    assert_eq!(
        items_of(&app, org, 2569).await,
        40,
        "an import is committed once"
    );
    // Another organization's import is not found here.
    let mut kudjok = app.client();
    kudjok.sign_in_as("procurement").await;
    kudjok
        .get(&preview_url)
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_public_excel_file_imports_back_except_masked_tax_ids() {
    let app = TestApp::with_demo().await;
    let xlsx = app
        .client()
        .get("/procurement/2569/procurement.xlsx")
        .await
        .bytes;
    let other = app.add_organization("nongbua").await;
    let mut admin = app.client_for("nongbua.localhost");
    admin.sign_in_as("admin").await;
    let r = admin
        .post_multipart(
            "/staff/procurement/import",
            &[("fy", "2569")],
            "kudjok.xlsx",
            &xlsx,
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let p = admin.get(r.location()).await;
    p.assert_status(StatusCode::OK);
    // Rows whose supplier is a person carry a masked ID, which is not a tax ID.
    let masked_rows = p.body.matches("</td><td>Q ").count();
    let sole_traders = String::from_utf8_lossy(DEMO_2569)
        .lines()
        .filter(|l| l.contains(",3") && l.split(',').nth(16).is_some_and(|t| t.starts_with('3')))
        .count();
    assert_eq!(
        masked_rows,
        sole_traders,
        "{}",
        p.body.chars().take(3000).collect::<String>()
    );
    assert!(masked_rows > 0);
    assert_eq!(items_of(&app, other.id, 2569).await, 0);
}

#[tokio::test]
async fn red_flags_are_for_auditors_and_procurement_staff() {
    let app = TestApp::with_demo().await;
    for (user, status) in [
        ("auditor", StatusCode::OK),
        ("procurement", StatusCode::OK),
        ("mayor", StatusCode::OK),
        ("clerk", StatusCode::FORBIDDEN),
    ] {
        let mut c = app.client();
        sign_in_enrolled(&mut c, user).await;
        let r = c.get("/staff/procurement/2569/red-flags").await;
        r.assert_status(status);
        if status == StatusCode::OK {
            // The three road repairs by one contractor within a month, each under 500,000.
            r.assert_contains("อาจเป็นการแบ่งซื้อแบ่งจ้าง")
                .assert_contains("ถนนลูกรัง หมู่ที่ 2");
        }
        if user == "auditor" {
            // An auditor follows a flag to the item and reads it; only procurement staff
            // change items.
            let href = r
                .body
                .split("href=\"")
                .find(|s| s.starts_with("/staff/procurement/items/"))
                .map(|s| s[..s.find('"').unwrap()].to_owned())
                .unwrap();
            let item = c.get(&href).await;
            item.assert_status(StatusCode::OK)
                .assert_contains("<fieldset class=\"field\" disabled>");
            assert!(
                !item.body.contains("/delete"),
                "no delete button for a reader"
            );
            c.post_form(&href, &item_fields(&[]))
                .await
                .assert_status(StatusCode::FORBIDDEN);
            c.post_form("/staff/procurement/items/new", &item_fields(&[]))
                .await
                .assert_status(StatusCode::FORBIDDEN);
        }
        if user == "clerk" {
            let any = c.get("/staff/procurement/items/1").await;
            assert!(any.status == StatusCode::FORBIDDEN, "{}", any.status);
        }
    }
    // The public never sees them.
    let r = app.client().get("/staff/procurement/2569/red-flags").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn one_organization_cannot_touch_anothers_items() {
    let app = TestApp::with_demo().await;
    let kudjok = app.demo_tenant().await.id;
    let target = item::Entity::find()
        .filter(item::Column::OrganizationId.eq(kudjok))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    other
        .get(&format!("/staff/procurement/items/{}", target.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/procurement/items/{}/delete", target.id),
            &[],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/procurement/items/{}", target.id),
            &item_fields(&[("item_name", "เปลี่ยนชื่อ")]),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let still = item::Entity::find_by_id(target.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.item_name, target.item_name);
    // Its public pages show nothing of Kudjok's.
    let mut public = app.client_for("nongbua.localhost");
    public
        .get("/procurement/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let r = public.get("/procurement").await;
    r.assert_status(StatusCode::OK);
    assert!(!r.body.contains("โคราชวิศวกรรม"));
}

#[tokio::test]
async fn the_plan_and_annual_report_are_public_and_notices_carry_their_documents() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/procurement/2569/plan")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("จ้างเสริมผิวแอสฟัลท์ติกคอนกรีต")
        .assert_contains("3,200,000.00");
    c.get("/procurement/2569/annual")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)")
        .assert_contains("ปัญหาและอุปสรรค")
        .assert_contains("ผู้ประกอบการในพื้นที่");
    // A new notice with a PDF: published, and the file served from its page.
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    staff
        .post_form(
            "/staff/procurement/notices/new",
            &[
                ("fy", "2570"),
                ("kind", "invitation"),
                ("title", ""),
                ("announced_on", "ไม่รู้"),
                ("egp_project_number", ""),
                ("item_id", ""),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อประกาศ")
        .assert_contains("วันที่ประกาศ");
    let r = staff
        .post_form(
            "/staff/procurement/notices/new",
            &[
                ("fy", "2570"),
                ("kind", "invitation"),
                ("title", "ประกวดราคาจ้างก่อสร้างสะพาน คสล. หมู่ที่ 10"),
                ("announced_on", "20/11/2569"),
                ("egp_project_number", "69119040999"),
                ("item_id", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let notice_url = r.location().to_owned();
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    staff
        .post_file(&format!("{notice_url}/files"), "ประกาศ.pdf", pdf, true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let id = notice_url.rsplit('/').next().unwrap();
    // Not public before it is published.
    c.get(&format!("/procurement/notices/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    staff
        .post_form(&format!("{notice_url}/publish"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = c.get(&format!("/procurement/notices/{id}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("สะพาน คสล.")
        .assert_contains("69119040999")
        .assert_contains("ประกาศ.pdf");
    let href = page
        .body
        .split("href=\"")
        .find(|s| s.starts_with("/files/"))
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .expect("file link");
    let file = c.get(&href).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.bytes, pdf);
}

/// Writes the demo year's OCDS packages and workbook where `.ci/run` validates them with
/// libcoveocds and openpyxl (`.ci/validate-procurement.py`).
#[tokio::test]
async fn the_downloads_are_written_for_outside_validators() {
    let app = TestApp::with_demo().await;
    let dir = std::env::var_os("PRONGSAI_CI_ARTIFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/ci-artifacts")
        })
        .join("procurement");
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = app.client();
    for (path, file) in [
        ("/procurement/2569/ocds-releases.json", "ocds-releases.json"),
        ("/procurement/2569/ocds-records.json", "ocds-records.json"),
        ("/procurement/2569/procurement.xlsx", "procurement.xlsx"),
    ] {
        let r = c.get(path).await;
        r.assert_status(StatusCode::OK);
        assert!(r.bytes.len() > 1000, "{path} is {} bytes", r.bytes.len());
        std::fs::write(dir.join(file), &r.bytes).unwrap();
    }
}
