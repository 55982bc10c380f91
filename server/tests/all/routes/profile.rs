//! `/about...`, `/staff/profile...`, `/api/v1/organization...`, `/about/people.csv`.

use http::StatusCode;
use prongsai_profile::model::{law, position};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::util::{PDF, TestApp, TestClient, html_unescape};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

const PUBLIC_PAGES: [&str; 7] = [
    "/about",
    "/about/structure",
    "/about/executives",
    "/about/contact",
    "/about/laws",
    "/about/villages",
    "/about/history",
];

async fn position_id(app: &TestApp, org: i64, title: &str) -> i64 {
    position::Entity::find()
        .filter(position::Column::OrganizationId.eq(org))
        .filter(position::Column::TitleTh.eq(title))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no position {title}"))
        .id
}

async fn position_of(app: &TestApp, id: i64) -> position::Model {
    position::Entity::find_by_id(id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
}

/// The fields of a position's form as they are now, with some replaced.
async fn position_form(app: &TestApp, id: i64, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let p = position_of(app, id).await;
    let mut fields: Vec<(String, String)> = vec![
        ("group".into(), p.group_code),
        ("title_th".into(), p.title_th),
        ("title_en".into(), p.title_en),
        ("person_name".into(), p.person_name),
        ("phone".into(), p.phone),
        ("email".into(), p.email),
        (
            "parent_id".into(),
            p.parent_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        (
            "division_id".into(),
            p.division_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        ("sort_order".into(), p.sort_order.to_string()),
    ];
    for (k, v) in changes {
        if let Some(f) = fields.iter_mut().find(|(name, _)| name == k) {
            f.1 = (*v).to_owned();
        }
    }
    fields
}

async fn post_fields(
    c: &mut TestClient<'_>,
    path: &str,
    fields: &[(String, String)],
) -> crate::util::TestResponse {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post_form(path, &borrowed).await
}

/// The profile form's fields with some replaced (everything else empty).
fn profile_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("address_th", ""),
        ("phone", ""),
        ("email", ""),
        ("office_hours", ""),
        ("latitude", ""),
        ("longitude", ""),
        ("line_url", ""),
        ("facebook_url", ""),
        ("powers_and_duties", ""),
        ("vision", ""),
        ("mission", ""),
    ];
    for (k, v) in changes {
        if let Some(f) = fields.iter_mut().find(|(name, _)| name == k) {
            f.1 = v;
        }
    }
    fields
}

async fn publish(c: &mut TestClient<'_>, note: &str) {
    let r = c
        .post_form("/staff/profile/publish", &[("change_note", note)])
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/staff/profile?published="));
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn before_the_first_publication_every_page_says_so_and_shows_no_draft() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut admin = app.client_for("nongbua.localhost");
    admin.sign_in_as("admin").await;
    admin
        .post_form(
            "/staff/profile",
            &profile_fields(&[
                ("powers_and_duties", "อำนาจหน้าที่ฉบับร่าง"),
                ("office_hours", "เวลาทำการฉบับร่าง"),
            ]),
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    admin
        .post_form(
            "/staff/profile/positions/new",
            &[
                ("group", "executive"),
                ("title_th", "นายกองค์การบริหารส่วนตำบลหนองบัว"),
                ("person_name", "นายร่าง ยังไม่เผยแพร่"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client_for("nongbua.localhost");
    for page in PUBLIC_PAGES {
        let r = public.get(page).await;
        r.assert_status(StatusCode::OK)
            .assert_contains("ยังไม่ได้เผยแพร่ข้อมูลองค์กร");
        for draft in ["ฉบับร่าง", "นายร่าง", "หนองบัว</span>"]
        {
            assert!(!r.body.contains(draft), "{page} shows {draft}");
        }
    }
    let r = public.get("/api/v1/organization").await;
    r.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(json(&r.body)["error"]["code"], "not_published");
    let r = public.get("/api/v1/organization/people").await;
    r.assert_status(StatusCode::OK);
    assert_eq!(json(&r.body)["meta"]["total"], 0);
    let csv = public.get("/about/people.csv").await;
    assert_eq!(csv.body.lines().count(), 1, "{}", csv.body);
    // The staff page says so too; publishing makes everything public at once.
    admin
        .get("/staff/profile")
        .await
        .assert_contains("ยังไม่เคยเผยแพร่")
        .assert_contains("มีการแก้ไขที่ยังไม่เผยแพร่");
    publish(&mut admin, "เผยแพร่ครั้งแรก").await;
    public
        .get("/about")
        .await
        .assert_contains("อำนาจหน้าที่ฉบับร่าง");
    public
        .get("/about/executives")
        .await
        .assert_contains("นายร่าง ยังไม่เผยแพร่");
    public
        .get("/about/contact")
        .await
        .assert_contains("เวลาทำการฉบับร่าง");
    public
        .get("/about/history")
        .await
        .assert_contains("เผยแพร่ครั้งแรก");
    // The demo organization's pages are its own.
    let kudjok = app.client().get("/about").await;
    assert!(!kudjok.body.contains("อำนาจหน้าที่ฉบับร่าง"));
    kudjok.assert_contains("มาตรา 67");
}

#[tokio::test]
async fn the_chart_shows_both_sides_with_the_demo_positions() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let r = public.get("/about/structure").await;
    r.assert_status(StatusCode::OK);
    let body = &r.body;
    let political = body.find("ฝ่ายการเมือง").expect("political side");
    let permanent = body.find("ฝ่ายข้าราชการประจำ").expect("permanent side");
    assert!(political < permanent);
    for (title, side) in [
        ("นายกองค์การบริหารส่วนตำบล<", political),
        (
            "รองนายกองค์การบริหารส่วนตำบล <span class=\"nowrap\">คนที่\u{a0}1</span>",
            political,
        ),
        (
            "รองนายกองค์การบริหารส่วนตำบล <span class=\"nowrap\">คนที่\u{a0}2</span>",
            political,
        ),
        ("เลขานุการนายกองค์การบริหารส่วนตำบล", political),
        ("ประธานสภาองค์การบริหารส่วนตำบล", political),
        ("รองประธานสภาองค์การบริหารส่วนตำบล", political),
        ("เลขานุการสภาองค์การบริหารส่วนตำบล", political),
        (
            "สมาชิกสภาองค์การบริหารส่วนตำบล <span class=\"nowrap\">หมู่ที่\u{a0}1<",
            political,
        ),
        (
            "สมาชิกสภาองค์การบริหารส่วนตำบล <span class=\"nowrap\">หมู่ที่\u{a0}14<",
            political,
        ),
        ("ปลัดองค์การบริหารส่วนตำบล", permanent),
        ("รองปลัดองค์การบริหารส่วนตำบล", permanent),
        ("หัวหน้าสำนักปลัด", permanent),
        ("ผู้อำนวยการกองคลัง", permanent),
        ("เจ้าพนักงานพัสดุ", permanent),
        ("ผู้อำนวยการกองช่าง", permanent),
        ("ผู้อำนวยการกองการศึกษา ศาสนาและวัฒนธรรม", permanent),
        ("นักวิชาการตรวจสอบภายใน", permanent),
    ] {
        let at = body
            .find(title)
            .unwrap_or_else(|| panic!("{title} missing"));
        assert!(at > side, "{title} is on the wrong side");
        if side == political {
            assert!(at < permanent, "{title} is on the wrong side");
        }
    }
    assert!(!body.contains("หมู่ที่\u{a0}15"));
    // Nested lists: the deputies are inside the mayor's item, the council in rows.
    let mayor = body.find("นายกองค์การบริหารส่วนตำบล<").unwrap();
    let children = body[mayor..].find("<ul class=\"org-children\">").unwrap() + mayor;
    assert!(children < body.find("คนที่\u{a0}1").unwrap());
    r.assert_contains("org-children org-children--grid");
    // Nobody's name is invented: every post is vacant.
    assert_eq!(
        body.matches("org-box__name--vacant").count(),
        16 + 14,
        "every demo post is shown as vacant"
    );
    r.assert_contains(">ว่าง<")
        .assert_contains("<h2 id=\"side-political\"")
        .assert_contains("<h3 class=\"org-chart__title\">สภาองค์การบริหารส่วนตำบล</h3>")
        .assert_contains("<link rel=\"stylesheet\" href=\"/static/profile.css\">");
    assert!(!body.contains("style="), "inline styles break the CSP");
    assert_eq!(body.matches("<script").count(), 1, "only /static/app.js");
    let css = public.get("/static/profile.css").await;
    css.assert_status(StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.body.contains(".org-children--grid"));
    // The other pages of the demo profile.
    public
        .get("/about")
        .await
        .assert_contains("มาตรา 67 ภายใต้บังคับแห่งกฎหมาย")
        .assert_contains("(9) ปฏิบัติหน้าที่อื่นตามที่ทางราชการมอบหมาย")
        .assert_contains("(13) การผังเมือง")
        .assert_contains("ตำบลกุดจอก อำเภอบัวใหญ่ จังหวัดนครราชสีมา");
    let laws = public.get("/about/laws").await;
    for title in [
        "พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537",
        "พระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น พ.ศ. 2542",
        "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
        "พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560",
        "พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558",
        "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562",
    ] {
        laws.assert_contains(title);
    }
    let villages = public.get("/about/villages").await;
    assert_eq!(villages.body.matches("<tr><td>").count(), 14);
    public
        .get("/about/contact")
        .await
        .assert_contains("วันจันทร์-วันศุกร์ 08.30-16.30 น. (เว้นวันหยุดราชการ)");
    let executives = public.get("/about/executives").await;
    executives
        .assert_contains("นายกองค์การบริหารส่วนตำบล")
        .assert_contains("ปลัดองค์การบริหารส่วนตำบล");
    assert!(!executives.body.contains("สมาชิกสภา"));
    // The home page links to it; English has its own words.
    public.get("/").await.assert_contains("href=\"/about\"");
    public.get("/lang?to=en&back=/about/structure").await;
    public
        .get("/about/structure")
        .await
        .assert_contains("Political side")
        .assert_contains("Permanent side")
        .assert_contains("Chief Executive")
        .assert_contains("Vacant");
}

#[tokio::test]
async fn drafts_stay_invisible_until_published_and_history_lists_versions() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    admin
        .get("/staff/profile")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ข้อมูลที่เผยแพร่ตรงกับข้อมูลล่าสุด");
    let fields = position_form(&app, mayor, &[("person_name", "นายทดสอบ ร่างไว้")]).await;
    post_fields(
        &mut admin,
        &format!("/staff/profile/positions/{mayor}"),
        &fields,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    for page in PUBLIC_PAGES {
        assert!(!public.get(page).await.body.contains("นายทดสอบ"), "{page}");
    }
    assert!(
        !public
            .get("/api/v1/organization")
            .await
            .body
            .contains("นายทดสอบ")
    );
    admin
        .get("/staff/profile/preview")
        .await
        .assert_contains("นายทดสอบ ร่างไว้");
    admin
        .get("/staff/profile")
        .await
        .assert_contains("มีการแก้ไขที่ยังไม่เผยแพร่");
    publish(&mut admin, "ปรับปรุงรายชื่อผู้บริหาร").await;
    public
        .get("/about/structure")
        .await
        .assert_contains("นายทดสอบ ร่างไว้");
    public
        .get("/about/executives")
        .await
        .assert_contains("นายทดสอบ ร่างไว้");
    let history = public.get("/about/history").await;
    history
        .assert_contains("ข้อมูลองค์กรชุดเริ่มต้น")
        .assert_contains("ปรับปรุงรายชื่อผู้บริหาร")
        .assert_contains("<tr><td>2</td>")
        .assert_contains("<tr><td>1</td>");
    assert!(
        history.body.find("<tr><td>2</td>") < history.body.find("<tr><td>1</td>"),
        "newest first"
    );
    // Publishing unchanged content makes no new version.
    publish(&mut admin, "ไม่มีอะไรเปลี่ยน").await;
    let history = public.get("/about/history").await;
    assert!(!history.body.contains("<tr><td>3</td>"));
    assert!(!history.body.contains("ไม่มีอะไรเปลี่ยน"));
    let api = json(&public.get("/api/v1/organization").await.body);
    assert_eq!(api["data"]["publication"]["version"], 2);
}

#[tokio::test]
async fn staff_without_the_permission_get_403() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    for username in ["clerk", "finance.head", "procurement", "hr.officer"] {
        let mut c = app.client();
        c.sign_in_as(username).await;
        let menu = c.get("/staff").await;
        assert!(!menu.body.contains("href=\"/staff/profile\""), "{username}");
        for page in [
            "/staff/profile",
            "/staff/profile/positions",
            "/staff/profile/laws",
            "/staff/profile/villages",
            "/staff/profile/preview",
        ] {
            c.get(page).await.assert_status(StatusCode::FORBIDDEN);
        }
        c.post_form("/staff/profile/publish", &[("change_note", "x")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.post_form(
            "/staff/profile",
            &profile_fields(&[("powers_and_duties", "แก้โดยไม่มีสิทธิ์")]),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        let fields = position_form(&app, mayor, &[("person_name", "ไม่มีสิทธิ์")]).await;
        post_fields(
            &mut c,
            &format!("/staff/profile/positions/{mayor}"),
            &fields,
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    }
    assert_eq!(position_of(&app, mayor).await.person_name, "");
    // Anonymous visitors are sent to sign in.
    let r = app.client().get("/staff/profile").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login"));
    // Executives and administrators hold it.
    for username in ["mayor", "palad", "admin"] {
        let mut c = app.client();
        c.sign_in_as(username).await;
        c.get("/staff/profile").await.assert_status(StatusCode::OK);
        assert!(
            c.get("/staff")
                .await
                .body
                .contains("href=\"/staff/profile\"")
        );
    }
}

#[tokio::test]
async fn another_organizations_staff_cannot_edit_by_url_tampering() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    app.add_organization("nongbua").await;
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let palad = position_id(&app, org, "ปลัดองค์การบริหารส่วนตำบล").await;
    let kudjok_law = law::Entity::find()
        .filter(law::Column::OrganizationId.eq(org))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let village = prongsai_kernel::tenant::list_villages(app.db().conn(), org)
        .await
        .unwrap()[0]
        .clone();
    let before = app.client().get("/about/structure").await.body;

    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let fields = position_form(&app, mayor, &[("person_name", "ถูกแก้โดยคนนอก")]).await;
    for path in [
        format!("/staff/profile/positions/{mayor}"),
        format!("/staff/profile/laws/{}", kudjok_law.id),
    ] {
        other.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    }
    post_fields(
        &mut other,
        &format!("/staff/profile/positions/{mayor}"),
        &fields,
    )
    .await
    .assert_status(StatusCode::NOT_FOUND);
    for path in [
        format!("/staff/profile/positions/{mayor}/delete"),
        format!("/staff/profile/positions/{mayor}/photo/remove"),
        format!("/staff/profile/laws/{}/delete", kudjok_law.id),
    ] {
        other
            .post_form(&path, &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    other
        .post_form(
            &format!("/staff/profile/positions/{mayor}/move"),
            &[("direction", "down")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_file(
            &format!("/staff/profile/positions/{mayor}/photo"),
            "x.png",
            PNG,
            true,
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/profile/laws/{}", kudjok_law.id),
            &[("title", "ถูกแก้โดยคนนอก"), ("url", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/profile/villages/{}", village.id),
            &[("name_th", "ถูกแก้โดยคนนอก"), ("headman_name", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Nor can another organization's post become the parent of one of its own.
    let r = other
        .post_form(
            "/staff/profile/positions/new",
            &[
                ("group", "management"),
                ("title_th", "ปลัดหนองบัว"),
                ("parent_id", &palad.to_string()),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่พบตำแหน่งที่เลือก");
    // Kudjok's staff list does not leak into the other organization's pages.
    let list = other.get("/staff/profile/positions").await;
    assert!(!list.body.contains("ปลัดองค์การบริหารส่วนตำบล"));
    // Publishing there changes nothing here.
    publish(&mut other, "").await;
    assert_eq!(position_of(&app, mayor).await.person_name, "");
    assert_eq!(app.client().get("/about/structure").await.body, before);
    let same_law = law::Entity::find_by_id(kudjok_law.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(same_law, kudjok_law);
}

#[tokio::test]
async fn forms_explain_what_is_wrong_by_field_with_422() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut c = app.client();
    c.sign_in_as("mayor").await;
    let r = c
        .post_form(
            "/staff/profile",
            &profile_fields(&[
                ("latitude", "123"),
                ("longitude", "102.5"),
                ("line_url", "javascript:alert(1)"),
                ("facebook_url", "facebook page"),
                ("email", "saraban@"),
                ("phone", "โทรมาได้เลย"),
                ("powers_and_duties", "ข้อความที่พิมพ์ค้างไว้"),
            ]),
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาแก้ไขข้อมูลที่มีข้อความแจ้งเตือน")
        .assert_contains("ละติจูดต้องเป็นตัวเลขทศนิยมระหว่าง -90 ถึง 90")
        .assert_contains("ที่อยู่ LINE Official Account ต้องเป็นลิงก์")
        .assert_contains("ที่อยู่เพจ Facebook ต้องเป็นลิงก์")
        .assert_contains("รูปแบบอีเมลไม่ถูกต้อง")
        .assert_contains("หมายเลขโทรศัพท์ไม่ถูกต้อง")
        .assert_contains("id=\"latitude-error\"")
        .assert_contains("ข้อความที่พิมพ์ค้างไว้");
    assert_eq!(r.input_value("latitude").as_deref(), Some("123"));
    // Only one of the two coordinates.
    c.post_form("/staff/profile", &profile_fields(&[("latitude", "15.58")]))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกทั้งละติจูดและลองจิจูด");
    // Nothing was saved.
    c.get("/staff/profile")
        .await
        .assert_contains("ข้อมูลที่เผยแพร่ตรงกับข้อมูลล่าสุด");
    // Positions: a title is required, the group must exist, the parent must be on the
    // same side and not below the post itself.
    c.post_form(
        "/staff/profile/positions/new",
        &[("group", "nonsense"), ("title_th", "  "), ("email", "x")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณาเลือกกลุ่มของตำแหน่ง")
    .assert_contains("กรุณากรอกชื่อตำแหน่ง")
    .assert_contains("รูปแบบอีเมลไม่ถูกต้อง");
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let palad = position_id(&app, org, "ปลัดองค์การบริหารส่วนตำบล").await;
    let deputy_palad = position_id(&app, org, "รองปลัดองค์การบริหารส่วนตำบล").await;
    c.post_form(
        "/staff/profile/positions/new",
        &[
            ("group", "division"),
            ("title_th", "ผู้อำนวยการกองสาธารณสุข"),
            ("parent_id", &mayor.to_string()),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("ต้องอยู่ฝ่ายเดียวกัน");
    let fields = position_form(&app, palad, &[("parent_id", &deputy_palad.to_string())]).await;
    post_fields(
        &mut c,
        &format!("/staff/profile/positions/{palad}"),
        &fields,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("ตำแหน่งที่อยู่ใต้ตำแหน่งนี้");
    // Laws and villages.
    c.post_form(
        "/staff/profile/laws",
        &[("title", ""), ("url", "www.ocs.go.th")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณากรอกชื่อกฎหมาย")
    .assert_contains("ลิงก์ต้องขึ้นต้นด้วย https://");
    let village = prongsai_kernel::tenant::list_villages(app.db().conn(), org)
        .await
        .unwrap()[0]
        .clone();
    c.post_form(
        &format!("/staff/profile/villages/{}", village.id),
        &[("name_th", " "), ("headman_name", "ผู้ใหญ่ที่พิมพ์ไว้")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณากรอกชื่อหมู่บ้าน")
    .assert_contains("ผู้ใหญ่ที่พิมพ์ไว้");
    c.post_form(
        "/staff/profile/villages",
        &[("number", "1"), ("name_th", "บ้านซ้ำ"), ("headman_name", "")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("มีหมู่ที่ 1 อยู่แล้ว");
    // A valid profile is saved, with Thai digits understood.
    c.post_form(
        "/staff/profile",
        &profile_fields(&[
            ("latitude", "๑๕.๕๘๓๔"),
            ("longitude", "102.4301"),
            ("line_url", "https://line.me/R/ti/p/@kudjok"),
            ("email", "saraban@kudjok.go.th"),
        ]),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let r = c.get("/staff/profile").await;
    assert_eq!(r.input_value("latitude").as_deref(), Some("15.5834"));
}

#[tokio::test]
async fn every_text_field_renders_as_text_never_as_markup() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let mut c = app.client();
    c.sign_in_as("admin").await;
    c.post_form(
        "/staff/profile",
        &profile_fields(&[
            ("address_th", xss),
            ("office_hours", xss),
            ("powers_and_duties", xss),
            ("vision", xss),
            ("mission", xss),
        ]),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let fields = position_form(
        &app,
        mayor,
        &[("title_th", xss), ("title_en", xss), ("person_name", xss)],
    )
    .await;
    post_fields(
        &mut c,
        &format!("/staff/profile/positions/{mayor}"),
        &fields,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.post_form("/staff/profile/laws", &[("title", xss), ("url", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let village = prongsai_kernel::tenant::list_villages(app.db().conn(), org)
        .await
        .unwrap()[0]
        .clone();
    c.post_form(
        &format!("/staff/profile/villages/{}", village.id),
        &[("name_th", xss), ("headman_name", xss)],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    publish(&mut c, xss).await;
    let mut public = app.client();
    let mut pages: Vec<String> = PUBLIC_PAGES.iter().map(|p| (*p).to_owned()).collect();
    public.get("/lang?to=en&back=/about").await;
    for page in &pages {
        let r = public.get(page).await;
        assert!(!r.body.contains("<script>alert"), "{page} (en)");
    }
    public.get("/lang?to=th&back=/about").await;
    pages.extend(
        [
            "/staff/profile",
            "/staff/profile/positions",
            "/staff/profile/laws",
            "/staff/profile/villages",
            "/staff/profile/preview",
        ]
        .map(str::to_owned),
    );
    pages.push(format!("/staff/profile/positions/{mayor}"));
    for page in &pages {
        let r = if page.starts_with("/staff") {
            c.get(page).await
        } else {
            public.get(page).await
        };
        r.assert_status(StatusCode::OK);
        assert!(!r.body.contains("<script>alert"), "{page}");
        assert!(!r.body.contains("<img src=x"), "{page}");
        r.assert_contains("&#60;script&#62;");
    }
    // The JSON and CSV carry the text as data.
    let api = json(&public.get("/api/v1/organization").await.body);
    assert_eq!(api["data"]["vision"], xss);
    assert_eq!(api["data"]["people"][0]["title_th"], xss);
}

#[tokio::test]
async fn photos_must_be_pictures_and_are_public_once_published() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let path = format!("/staff/profile/positions/{mayor}/photo");
    let mut c = app.client();
    c.sign_in_as("admin").await;
    c.post_file(&path, "photo.jpg", PDF, true)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รูปถ่ายต้องเป็นไฟล์ภาพ JPEG, PNG หรือ WebP")
        .assert_contains("id=\"file-error\"");
    c.post_file(
        &path,
        "photo.png",
        b"<html><script>alert(1)</script></html>",
        true,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("ไม่รองรับไฟล์ประเภทนี้");
    assert_eq!(position_of(&app, mayor).await.photo_attachment_id, None);
    // A real picture is taken and shown to staff at once, to the public once published.
    let fields = position_form(&app, mayor, &[("person_name", "นายตัวอย่าง ทดสอบ")]).await;
    post_fields(
        &mut c,
        &format!("/staff/profile/positions/{mayor}"),
        &fields,
    )
    .await;
    c.post_file(&path, "นายก.exe", PNG, true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let edit = c.get(&format!("/staff/profile/positions/{mayor}")).await;
    let start = edit.body.find("/files/").unwrap();
    let href = edit.body[start..].split('"').next().unwrap().to_owned();
    assert!(href.ends_with(".png"), "{href}");
    c.get(&href).await.assert_status(StatusCode::OK);
    let mut public = app.client();
    public.get(&href).await.assert_status(StatusCode::NOT_FOUND);
    assert!(!public.get("/about/executives").await.body.contains(&href));
    publish(&mut c, "รูปนายก").await;
    let r = public.get(&href).await;
    r.assert_status(StatusCode::OK);
    assert_eq!(r.header("content-type"), "image/png");
    for page in ["/about/executives", "/about/structure"] {
        public
            .get(page)
            .await
            .assert_contains(&href)
            .assert_contains("alt=\"รูปถ่าย นายตัวอย่าง ทดสอบ นายกองค์การบริหารส่วนตำบล\"");
    }
    // Removing it takes it off the public pages at the next publication.
    c.post_form(&format!("{path}/remove"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    publish(&mut c, "").await;
    public.get(&href).await.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_contact_page_links_to_openstreetmap_and_loads_nothing_from_elsewhere() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("admin").await;
    c.post_form(
        "/staff/profile",
        &profile_fields(&[
            ("address_th", "หมู่ที่ 1 ตำบลกุดจอก อำเภอบัวใหญ่ จังหวัดนครราชสีมา"),
            ("phone", "044-000000"),
            ("email", "saraban@kudjok.go.th"),
            ("office_hours", "วันจันทร์-วันศุกร์ 08.30-16.30 น."),
            ("latitude", "15.5834"),
            ("longitude", "102.4301"),
            ("line_url", "https://line.me/R/ti/p/@kudjok"),
            ("facebook_url", "https://www.facebook.com/kudjok"),
        ]),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    publish(&mut c, "ข้อมูลการติดต่อ").await;
    let r = app.client().get("/about/contact").await;
    r.assert_status(StatusCode::OK);
    let body = html_unescape(&r.body);
    for needle in [
        "https://www.openstreetmap.org/?mlat=15.5834&mlon=102.4301#map=17/15.5834/102.4301",
        "href=\"tel:044000000\"",
        "href=\"mailto:saraban@kudjok.go.th\"",
        "href=\"https://line.me/R/ti/p/@kudjok\"",
        "href=\"https://www.facebook.com/kudjok\"",
        "15.5834, 102.4301",
        "วันจันทร์-วันศุกร์ 08.30-16.30 น.",
    ] {
        assert!(body.contains(needle), "missing {needle}");
    }
    assert!(!body.contains("<iframe"));
    assert!(!body.contains("<embed") && !body.contains("<object"));
    assert_eq!(body.matches("<script").count(), 1);
    assert!(body.contains("<script src=\"/static/app.js\" defer></script>"));
    for attr in ["src=\"http", "src=\"//", "href=\"//"] {
        assert!(!body.contains(attr), "third-party resource: {attr}");
    }
    assert!(
        r.header("content-security-policy")
            .contains("default-src 'none'")
    );
    let api = json(&app.client().get("/api/v1/organization").await.body);
    assert_eq!(api["data"]["contact"]["location"]["latitude"], 15.5834);
    assert_eq!(
        api["data"]["contact"]["line_url"],
        "https://line.me/R/ti/p/@kudjok"
    );
}

#[tokio::test]
async fn open_data_holds_what_was_published_and_no_contact_of_non_executives() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let mayor = position_id(&app, org, "นายกองค์การบริหารส่วนตำบล").await;
    let member = position_id(&app, org, "สมาชิกสภาองค์การบริหารส่วนตำบล หมู่ที่ 3").await;
    let finance = position_id(&app, org, "ผู้อำนวยการกองคลัง").await;
    for (id, name, phone, email) in [
        (mayor, "นายนายก ทดสอบ", "081-1111111", "nayok@kudjok.go.th"),
        (
            member,
            "นายสมาชิก ทดสอบ",
            "089-3333333",
            "member3@example.com",
        ),
        (
            finance,
            "นางคลัง ทดสอบ",
            "044-555555",
            "finance@kudjok.go.th",
        ),
    ] {
        let fields = position_form(
            &app,
            id,
            &[("person_name", name), ("phone", phone), ("email", email)],
        )
        .await;
        post_fields(&mut c, &format!("/staff/profile/positions/{id}"), &fields)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    publish(&mut c, "รายชื่อผู้ดำรงตำแหน่ง").await;
    // A later draft edit stays out of the open data.
    let fields = position_form(&app, mayor, &[("person_name", "นายร่าง ใหม่")]).await;
    post_fields(
        &mut c,
        &format!("/staff/profile/positions/{mayor}"),
        &fields,
    )
    .await;

    let mut public = app.client();
    let r = public.get("/api/v1/organization").await;
    r.assert_status(StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/json"));
    assert_eq!(r.header("access-control-allow-origin"), "*");
    for hidden in [
        "089-3333333",
        "member3@example.com",
        "044-555555",
        "finance@kudjok.go.th",
        "นายร่าง",
    ] {
        assert!(!r.body.contains(hidden), "API shows {hidden}");
    }
    let v = json(&r.body);
    let data = &v["data"];
    assert_eq!(data["name_th"], "องค์การบริหารส่วนตำบลกุดจอก");
    assert!(
        data["powers_and_duties"]
            .as_str()
            .unwrap()
            .contains("มาตรา 68")
    );
    assert_eq!(data["laws"].as_array().unwrap().len(), 6);
    assert_eq!(data["villages"].as_array().unwrap().len(), 14);
    let people = data["people"].as_array().unwrap();
    assert_eq!(people.len(), 16 + 14);
    let find = |title: &str| {
        people
            .iter()
            .find(|p| p["title_th"] == title)
            .unwrap()
            .clone()
    };
    let m = find("นายกองค์การบริหารส่วนตำบล");
    assert_eq!(m["person_name"], "นายนายก ทดสอบ");
    assert_eq!(m["phone"], "081-1111111");
    assert_eq!(m["email"], "nayok@kudjok.go.th");
    assert_eq!(m["executive"], true);
    let s = find("สมาชิกสภาองค์การบริหารส่วนตำบล หมู่ที่ 3");
    assert_eq!(s["person_name"], "นายสมาชิก ทดสอบ");
    assert!(s["phone"].is_null() && s["email"].is_null());
    assert_eq!(find("ผู้อำนวยการกองคลัง")["division"]["name_th"], "กองคลัง");
    assert_eq!(find("รองปลัดองค์การบริหารส่วนตำบล")["vacant"], true);

    let r = public
        .get("/api/v1/organization/people?per_page=5&branch=permanent")
        .await;
    r.assert_status(StatusCode::OK);
    let v = json(&r.body);
    assert_eq!(v["meta"]["total"], 9);
    assert_eq!(v["data"].as_array().unwrap().len(), 5);
    assert_eq!(v["data"][0]["title_th"], "ปลัดองค์การบริหารส่วนตำบล");
    assert!(
        v["links"]["next"]
            .as_str()
            .unwrap()
            .contains("branch=permanent")
    );
    let all = json(
        &public
            .get("/api/v1/organization/people?per_page=200")
            .await
            .body,
    );
    assert_eq!(all["meta"]["total"], 30);
    assert_eq!(all["data"][0]["title_th"], "นายกองค์การบริหารส่วนตำบล");

    let csv = public.get("/about/people.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").contains("people.csv"));
    assert!(csv.body.starts_with("\u{feff}id,branch,group,title_th"));
    assert_eq!(csv.body.lines().count(), 1 + 30);
    assert!(csv.body.contains("นายกองค์การบริหารส่วนตำบล"));
    assert!(csv.body.contains("081-1111111"));
    assert!(csv.body.contains("นายสมาชิก ทดสอบ"));
    for hidden in [
        "089-3333333",
        "member3@example.com",
        "044-555555",
        "finance@kudjok.go.th",
        "นายร่าง",
    ] {
        assert!(!csv.body.contains(hidden), "CSV shows {hidden}");
    }
    // Not even the stored public snapshot holds a non-executive's contact.
    let versions = prongsai_profile::store::list_versions(app.db(), org)
        .await
        .unwrap();
    let stored = versions[0].snapshot.to_string();
    assert!(stored.contains("081-1111111"));
    for hidden in [
        "089-3333333",
        "member3@example.com",
        "044-555555",
        "finance@kudjok.go.th",
    ] {
        assert!(!stored.contains(hidden), "snapshot holds {hidden}");
    }
    // Listed in the open-data catalog and the OpenAPI document.
    public
        .get("/open-data")
        .await
        .assert_contains("โครงสร้างองค์กรและผู้บริหาร")
        .assert_contains("/about/people.csv");
    let openapi = json(&public.get("/api/v1/openapi.json").await.body);
    assert!(openapi["paths"]["/api/v1/organization/people"].is_object());
    assert!(openapi["components"]["schemas"]["Person"].is_object());
}

#[tokio::test]
async fn malformed_parameters_get_a_400_in_json() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    for (path, param) in [
        ("/api/v1/organization/people?page=abc", "page"),
        ("/api/v1/organization/people?per_page=1000", "per_page"),
        ("/api/v1/organization/people?branch=council", "branch"),
        ("/about/people.csv?branch=%3Cscript%3E", "branch"),
    ] {
        let r = public.get(path).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert!(
            r.header("content-type").starts_with("application/json"),
            "{path}"
        );
        let v = json(&r.body);
        assert_eq!(v["error"]["code"], "bad_request", "{path}");
        assert!(
            v["error"]["message"].as_str().unwrap().starts_with(param),
            "{path}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn posts_laws_and_villages_are_edited_and_published() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut c = app.client();
    c.sign_in_as("admin").await;
    let palad = position_id(&app, org, "ปลัดองค์การบริหารส่วนตำบล").await;
    let deputy = position_id(&app, org, "รองปลัดองค์การบริหารส่วนตำบล").await;
    let audit = position_id(&app, org, "นักวิชาการตรวจสอบภายใน").await;
    // A new division head under the deputy, then moved to the front of its row.
    let r = c
        .post_form(
            "/staff/profile/positions/new",
            &[
                ("group", "division"),
                ("title_th", "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม"),
                ("parent_id", &deputy.to_string()),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let health = position_id(&app, org, "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม").await;
    for _ in 0..5 {
        c.post_form(
            &format!("/staff/profile/positions/{health}/move"),
            &[("direction", "up")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    }
    c.post_form(
        &format!("/staff/profile/positions/{health}/move"),
        &[("direction", "sideways")],
    )
    .await
    .assert_status(StatusCode::BAD_REQUEST);
    let list = c.get("/staff/profile/positions").await;
    let at = |t: &str| list.body.find(t).unwrap();
    assert!(at("ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม") < at("หัวหน้าสำนักปลัด"));
    // Deleting the deputy moves the posts under it up to the permanent secretary.
    c.post_form(&format!("/staff/profile/positions/{deputy}/delete"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(position_of(&app, health).await.parent_id, Some(palad));
    assert_eq!(position_of(&app, audit).await.parent_id, Some(palad));
    // A law with a link and its PDF, moved to the top.
    c.post_form(
        "/staff/profile/laws",
        &[
            (
                "title",
                "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน พ.ศ. 2566",
            ),
            ("url", "https://www.dla.go.th/"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let new_law = law::Entity::find()
        .filter(law::Column::OrganizationId.eq(org))
        .filter(law::Column::Url.eq("https://www.dla.go.th/"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    for _ in 0..6 {
        c.post_form(
            &format!("/staff/profile/laws/{}/move", new_law.id),
            &[("direction", "up")],
        )
        .await;
    }
    c.post_file(
        &format!("/staff/profile/laws/{}/file", new_law.id),
        "law.png",
        PNG,
        true,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("ไฟล์กฎหมายต้องเป็นไฟล์ PDF");
    c.post_file(
        &format!("/staff/profile/laws/{}/file", new_law.id),
        "ระเบียบ.pdf",
        PDF,
        true,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // A village renamed with its headman, and a new one.
    let village = prongsai_kernel::tenant::list_villages(app.db().conn(), org)
        .await
        .unwrap()[0]
        .clone();
    c.post_form(
        &format!("/staff/profile/villages/{}", village.id),
        &[("name_th", "บ้านกุดจอก"), ("headman_name", "นายผู้ใหญ่ ทดสอบ")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.post_form(
        "/staff/profile/villages",
        &[
            ("number", "๑๕"),
            ("name_th", "บ้านใหม่พัฒนา"),
            ("headman_name", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    publish(&mut c, "ปรับโครงสร้าง").await;

    let mut public = app.client();
    let chart = public.get("/about/structure").await;
    assert!(!chart.body.contains("รองปลัดองค์การบริหารส่วนตำบล"));
    chart.assert_contains("ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม");
    let laws = public.get("/about/laws").await;
    let first = laws.body.find("ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน").unwrap();
    assert!(first < laws.body.find("พระราชบัญญัติสภาตำบล").unwrap());
    laws.assert_contains("href=\"https://www.dla.go.th/\"")
        .assert_contains("rel=\"external noopener\"");
    let start = laws.body.find("/files/").unwrap();
    let href = laws.body[start..].split('"').next().unwrap().to_owned();
    let pdf = public.get(&href).await;
    pdf.assert_status(StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    public
        .get("/about/villages")
        .await
        .assert_contains("<td>1</td><td>บ้านกุดจอก</td><td>นายผู้ใหญ่ ทดสอบ</td>")
        .assert_contains("<td>15</td><td>บ้านใหม่พัฒนา</td>");
}
