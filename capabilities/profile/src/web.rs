//! Pages: public `/about...`, staff `/staff/profile...`, and the capability's stylesheet.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use prongsai_db::entities::{attachment, division};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::PublicationStatus;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{Branch, Group, law};
use crate::permissions::ManageProfile;
use crate::store::{self, LawInput, PositionInput, ProfileInput, VillageInput, VillageRow};
use crate::view::{self, ProfileView};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/about", get(about))
        .route("/about/structure", get(structure))
        .route("/about/executives", get(executives))
        .route("/about/contact", get(contact))
        .route("/about/laws", get(laws))
        .route("/about/villages", get(villages))
        .route("/about/history", get(history))
        .route("/about/people.csv", get(crate::api::people_csv))
        .route("/api/v1/organization", get(crate::api::organization_json))
        .route("/api/v1/organization/people", get(crate::api::people_json))
        .route("/static/profile.css", get(stylesheet))
        .route("/staff/profile", get(staff_home).post(save_profile))
        .route("/staff/profile/preview", get(staff_preview))
        .route("/staff/profile/publish", post(publish))
        .route("/staff/profile/positions", get(staff_positions))
        .route(
            "/staff/profile/positions/new",
            get(new_position).post(create_position),
        )
        .route(
            "/staff/profile/positions/{id}",
            get(edit_position).post(update_position),
        )
        .route(
            "/staff/profile/positions/{id}/delete",
            post(delete_position),
        )
        .route("/staff/profile/positions/{id}/move", post(move_position))
        .route("/staff/profile/positions/{id}/photo", post(upload_photo))
        .route(
            "/staff/profile/positions/{id}/photo/remove",
            post(remove_photo),
        )
        .route("/staff/profile/laws", get(staff_laws).post(create_law))
        .route("/staff/profile/laws/{id}", get(edit_law).post(update_law))
        .route("/staff/profile/laws/{id}/delete", post(delete_law))
        .route("/staff/profile/laws/{id}/move", post(move_law))
        .route("/staff/profile/laws/{id}/file", post(upload_law_file))
        .route(
            "/staff/profile/laws/{id}/file/remove",
            post(remove_law_file),
        )
        .route(
            "/staff/profile/villages",
            get(staff_villages).post(add_village),
        )
        .route("/staff/profile/villages/{id}", post(update_village))
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/profile.css"),
    )
        .into_response()
}

// ---------- public ----------

/// A page of `/about` in the section navigation.
pub struct NavItem {
    pub code: &'static str,
    pub href: &'static str,
    pub key: &'static str,
}

/// The pages of `/about`, in the order of their navigation.
pub const SECTIONS: [NavItem; 7] = [
    NavItem {
        code: "overview",
        href: "/about",
        key: "profile.nav.overview",
    },
    NavItem {
        code: "structure",
        href: "/about/structure",
        key: "profile.nav.structure",
    },
    NavItem {
        code: "executives",
        href: "/about/executives",
        key: "profile.nav.executives",
    },
    NavItem {
        code: "contact",
        href: "/about/contact",
        key: "profile.nav.contact",
    },
    NavItem {
        code: "laws",
        href: "/about/laws",
        key: "profile.nav.laws",
    },
    NavItem {
        code: "villages",
        href: "/about/villages",
        key: "profile.nav.villages",
    },
    NavItem {
        code: "history",
        href: "/about/history",
        key: "profile.nav.history",
    },
];

fn title_key(section: &str) -> &'static str {
    match section {
        "structure" => "profile.title.structure",
        "executives" => "profile.title.executives",
        "contact" => "profile.title.contact",
        "laws" => "profile.title.laws",
        "villages" => "profile.title.villages",
        "history" => "profile.title.history",
        _ => "profile.title.overview",
    }
}

#[derive(Template)]
#[template(path = "profile/public.html")]
struct PublicPage {
    shell: Shell,
    section: &'static str,
    view: Option<ProfileView>,
    status: Option<PublicationStatus>,
    version: i32,
}

impl PublicPage {
    fn title_key(&self) -> &'static str {
        title_key(self.section)
    }
    fn sections(&self) -> &'static [NavItem] {
        &SECTIONS
    }
    fn is_section(&self, code: impl AsRef<str>) -> bool {
        code.as_ref() == self.section
    }
}

async fn public_section(
    state: &AppState,
    shell: Shell,
    section: &'static str,
) -> AppResult<Response> {
    let published = store::get_public_profile(&state.db, shell.tenant.id).await?;
    let view = published
        .as_ref()
        .map(|p| view::profile_view(&p.snapshot, shell.is_en()));
    let title = shell.t(title_key(section)).to_owned();
    render(&PublicPage {
        shell: shell.with_title(title),
        section,
        view,
        version: published.as_ref().map_or(0, |p| p.record.version.version),
        status: published.map(|p| p.record.status),
    })
}

async fn about(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "overview").await
}

async fn structure(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "structure").await
}

async fn executives(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "executives").await
}

async fn contact(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "contact").await
}

async fn laws(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "laws").await
}

async fn villages(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    public_section(&state, shell, "villages").await
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "profile/history.html")]
struct HistoryPage {
    shell: Shell,
    section: &'static str,
    versions: Vec<VersionRow>,
}

impl HistoryPage {
    fn sections(&self) -> &'static [NavItem] {
        &SECTIONS
    }
    fn is_section(&self, code: impl AsRef<str>) -> bool {
        code.as_ref() == self.section
    }
}

async fn history(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let versions = store::list_versions(&state.db, shell.tenant.id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            published_at: v.published_at,
            change_note: v.change_note,
        })
        .collect();
    let title = shell.t("profile.title.history").to_owned();
    render(&HistoryPage {
        shell: shell.with_title(title),
        section: "history",
        versions,
    })
}

// ---------- staff: the profile's fields and publication ----------

#[derive(Template)]
#[template(path = "profile/staff_home.html")]
struct StaffHomePage {
    shell: Shell,
    form: ProfileInput,
    errors: FieldErrors,
    status: PublicationStatus,
    unpublished: bool,
    counts: (usize, usize, usize),
    saved: bool,
    published: Option<String>,
    change_note: String,
}

impl StaffHomePage {
    fn state_key(&self) -> String {
        format!("publication.{}", self.status.state.code())
    }
}

struct HomeParts {
    form: Option<ProfileInput>,
    errors: FieldErrors,
    saved: bool,
    published: Option<String>,
    change_note: String,
}

async fn home_page(
    state: &AppState,
    page: StaffPage,
    parts: HomeParts,
) -> AppResult<StaffHomePage> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let form = match parts.form {
        Some(f) => f,
        None => store::get_profile_input(&state.db, &auth).await?,
    };
    let draft = store::preview(&state.db, &auth).await?;
    let title = page.shell.t("profile.staff_title").to_owned();
    Ok(StaffHomePage {
        shell: page.shell.with_title(title),
        form,
        errors: parts.errors,
        status: store::status(&state.db, auth.organization_id()).await?,
        unpublished: store::has_unpublished_changes(&state.db, &auth).await?,
        counts: (
            draft.positions.len(),
            draft.laws.len(),
            draft.villages.len(),
        ),
        saved: parts.saved,
        published: parts.published,
        change_note: parts.change_note,
    })
}

async fn staff_home(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let parts = HomeParts {
        form: None,
        errors: FieldErrors::default(),
        saved: q.contains_key("saved"),
        published: q
            .get("published")
            .filter(|v| v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty())
            .cloned(),
        change_note: String::new(),
    };
    render(&home_page(&state, page, parts).await?)
}

async fn save_profile(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<ProfileInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::update_profile(&state.db, &auth, &form).await {
        Ok(()) => Ok(Redirect::to("/staff/profile?saved=1").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = HomeParts {
                form: Some(form),
                errors,
                saved: false,
                published: None,
                change_note: String::new(),
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &home_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    change_note: String,
}

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::publish_profile(&state.db, &auth, &form.change_note).await {
        Ok(version) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/profile?published={version}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = HomeParts {
                form: None,
                errors,
                saved: false,
                published: None,
                change_note: form.change_note,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &home_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "profile/preview.html")]
struct PreviewPage {
    shell: Shell,
    v: ProfileView,
}

async fn staff_preview(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let draft = store::preview(&state.db, &auth).await?;
    let v = view::profile_view(&draft, page.shell.is_en());
    let title = page.shell.t("profile.preview").to_owned();
    render(&PreviewPage {
        shell: page.shell.with_title(title),
        v,
    })
}

// ---------- staff: positions and people ----------

/// A row of the staff list or an option of the parent select.
struct OutlineRow {
    id: i64,
    depth: usize,
    title: String,
    person: String,
    group_key: &'static str,
    first: bool,
    last: bool,
}

impl OutlineRow {
    /// Indentation made of text, so that select options show the tree too.
    fn indent(&self) -> String {
        "— ".repeat(self.depth)
    }
}

struct OutlineSide {
    branch: &'static str,
    heading_key: &'static str,
    rows: Vec<OutlineRow>,
}

fn group_label_key(code: &str) -> &'static str {
    match Group::from_code(code) {
        Some(Group::Executive) => "profile.group.executive",
        Some(Group::Council) => "profile.group.council",
        Some(Group::Management) => "profile.group.management",
        _ => "profile.group.division",
    }
}

fn outline_sides(s: &store::ProfileSnapshot) -> Vec<OutlineSide> {
    Branch::ALL
        .into_iter()
        .map(|branch| {
            let outline = view::outline(s, branch);
            let rows = outline
                .iter()
                .map(|(depth, p)| {
                    let siblings: Vec<&&store::PositionSnapshot> = outline
                        .iter()
                        .map(|(_, q)| q)
                        .filter(|q| q.parent_id == p.parent_id)
                        .collect();
                    OutlineRow {
                        id: p.id,
                        depth: *depth,
                        title: p.title_th.clone(),
                        person: p.person_name.clone(),
                        group_key: group_label_key(&p.group),
                        first: siblings.first().is_some_and(|q| q.id == p.id),
                        last: siblings.last().is_some_and(|q| q.id == p.id),
                    }
                })
                .collect();
            OutlineSide {
                branch: branch.code(),
                heading_key: match branch {
                    Branch::Political => "profile.branch.political",
                    Branch::Permanent => "profile.branch.permanent",
                },
                rows,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "profile/staff_positions.html")]
struct PositionsPage {
    shell: Shell,
    sides: Vec<OutlineSide>,
}

async fn staff_positions(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let draft = store::preview(&state.db, &auth).await?;
    let title = page.shell.t("profile.positions").to_owned();
    render(&PositionsPage {
        shell: page.shell.with_title(title),
        sides: outline_sides(&draft),
    })
}

#[derive(Template)]
#[template(path = "profile/position_form.html")]
struct PositionFormPage {
    shell: Shell,
    id: Option<i64>,
    form: PositionInput,
    errors: FieldErrors,
    sides: Vec<OutlineSide>,
    divisions: Vec<division::Model>,
    photo: Option<attachment::Model>,
    photo_error: Option<String>,
}

impl PositionFormPage {
    fn groups(&self) -> [(&'static str, &'static str, &'static str); 4] {
        Group::ALL.map(|g| {
            (
                g.code(),
                match g.branch() {
                    Branch::Political => "profile.branch.political",
                    Branch::Permanent => "profile.branch.permanent",
                },
                group_label_key(g.code()),
            )
        })
    }
    fn is_group(&self, code: impl AsRef<str>) -> bool {
        self.form.group == code.as_ref()
    }
    fn photo_alt(&self) -> String {
        view::photo_alt(false, &self.form.person_name, &self.form.title_th)
    }
}

struct PositionParts {
    id: Option<i64>,
    form: Option<PositionInput>,
    errors: FieldErrors,
    photo_error: Option<String>,
}

async fn position_page(
    state: &AppState,
    page: StaffPage,
    parts: PositionParts,
) -> AppResult<PositionFormPage> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let (form, photo) = match parts.id {
        Some(id) => {
            let (p, photo) = store::get_position(&state.db, &auth, id).await?;
            (parts.form.unwrap_or_else(|| PositionInput::of(&p)), photo)
        }
        None => (parts.form.unwrap_or_default(), None),
    };
    let draft = store::preview(&state.db, &auth).await?;
    let mut sides = outline_sides(&draft);
    if let Some(id) = parts.id {
        // A post cannot be placed under itself or under the posts below it.
        for side in &mut sides {
            let mut skip_below: Option<usize> = None;
            side.rows.retain(|r| {
                if let Some(d) = skip_below {
                    if r.depth > d {
                        return false;
                    }
                    skip_below = None;
                }
                if r.id == id {
                    skip_below = Some(r.depth);
                    return false;
                }
                true
            });
        }
    }
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let title = if parts.id.is_some() {
        form.title_th.clone()
    } else {
        page.shell.t("profile.new_position").to_owned()
    };
    Ok(PositionFormPage {
        shell: page.shell.with_title(title),
        id: parts.id,
        form,
        errors: parts.errors,
        sides,
        divisions,
        photo,
        photo_error: parts.photo_error,
    })
}

#[derive(Deserialize)]
struct NewPositionQuery {
    #[serde(default)]
    parent: Option<i64>,
    #[serde(default)]
    group: Option<String>,
}

async fn new_position(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<NewPositionQuery>,
) -> AppResult<Response> {
    let form = PositionInput {
        parent_id: q.parent.map(|p| p.to_string()).unwrap_or_default(),
        group: q
            .group
            .filter(|g| Group::from_code(g).is_some())
            .unwrap_or_default(),
        ..Default::default()
    };
    let parts = PositionParts {
        id: None,
        form: Some(form),
        errors: FieldErrors::default(),
        photo_error: None,
    };
    render(&position_page(&state, page, parts).await?)
}

async fn create_position(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<PositionInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::create_position(&state.db, &auth, &form).await {
        Ok(p) => Ok(Redirect::to(&format!("/staff/profile/positions/{}", p.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = PositionParts {
                id: None,
                form: Some(form),
                errors,
                photo_error: None,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &position_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_position(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let parts = PositionParts {
        id: Some(id),
        form: None,
        errors: FieldErrors::default(),
        photo_error: None,
    };
    render(&position_page(&state, page, parts).await?)
}

async fn update_position(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<PositionInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::update_position(&state.db, &auth, id, &form).await {
        Ok(_) => Ok(Redirect::to("/staff/profile/positions").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = PositionParts {
                id: Some(id),
                form: Some(form),
                errors,
                photo_error: None,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &position_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_position(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::delete_position(&state.db, &auth, id).await?;
    Ok(Redirect::to("/staff/profile/positions").into_response())
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

impl MoveForm {
    fn up(&self) -> Result<bool, prongsai_web::AppError> {
        match self.direction.as_str() {
            "up" => Ok(true),
            "down" => Ok(false),
            _ => Err(prongsai_web::AppError::bad_request()),
        }
    }
}

async fn move_position(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::move_position(&state.db, &auth, id, form.up()?).await?;
    Ok(Redirect::to(&format!("/staff/profile/positions#pos-{id}")).into_response())
}

async fn upload_photo(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    let result = match prongsai_files::check_upload(&upload.bytes, state.files.max_bytes) {
        Ok(kind) => store::set_position_photo(
            &state.db,
            &state.files,
            &auth,
            id,
            &upload.file_name,
            kind,
            upload.bytes,
        )
        .await
        .map_err(|e| match e {
            prongsai_kernel::Error::Invalid(errors) => {
                Ok(errors.get("file").unwrap_or_default().to_owned())
            }
            other => Err(other),
        }),
        Err(e) => Err(Ok(e.to_string())),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/profile/positions/{id}")).into_response()),
        Err(Ok(message)) => {
            let parts = PositionParts {
                id: Some(id),
                form: None,
                errors: FieldErrors::default(),
                photo_error: Some(message),
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &position_page(&state, page, parts).await?,
            )
        }
        Err(Err(e)) => Err(e.into()),
    }
}

async fn remove_photo(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::remove_position_photo(&state.db, &auth, id).await?;
    Ok(Redirect::to(&format!("/staff/profile/positions/{id}")).into_response())
}

// ---------- staff: laws ----------

#[derive(Template)]
#[template(path = "profile/staff_laws.html")]
struct LawsPage {
    shell: Shell,
    laws: Vec<law::Model>,
    form: LawInput,
    errors: FieldErrors,
}

async fn laws_page(
    state: &AppState,
    page: StaffPage,
    form: LawInput,
    errors: FieldErrors,
) -> AppResult<LawsPage> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let laws = store::list_laws(&state.db, &auth).await?;
    let title = page.shell.t("profile.laws").to_owned();
    Ok(LawsPage {
        shell: page.shell.with_title(title),
        laws,
        form,
        errors,
    })
}

async fn staff_laws(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(&laws_page(&state, page, LawInput::default(), FieldErrors::default()).await?)
}

async fn create_law(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<LawInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::create_law(&state.db, &auth, &form).await {
        Ok(_) => Ok(Redirect::to("/staff/profile/laws").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &laws_page(&state, page, form, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "profile/law_form.html")]
struct LawFormPage {
    shell: Shell,
    id: i64,
    form: LawInput,
    errors: FieldErrors,
    file: Option<attachment::Model>,
    file_error: Option<String>,
}

impl LawFormPage {
    fn size_label(&self, bytes: &i64) -> String {
        view::size_label(*bytes)
    }
}

async fn law_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<LawInput>,
    errors: FieldErrors,
    file_error: Option<String>,
) -> AppResult<LawFormPage> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let (l, file) = store::get_law(&state.db, &auth, id).await?;
    let form = form.unwrap_or(LawInput {
        title: l.title,
        url: l.url,
    });
    let title = form.title.clone();
    Ok(LawFormPage {
        shell: page.shell.with_title(title),
        id,
        form,
        errors,
        file,
        file_error,
    })
}

async fn edit_law(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&law_page(&state, page, id, None, FieldErrors::default(), None).await?)
}

async fn update_law(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<LawInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::update_law(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to("/staff/profile/laws").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &law_page(&state, page, id, Some(form), errors, None).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn delete_law(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::delete_law(&state.db, &auth, id).await?;
    Ok(Redirect::to("/staff/profile/laws").into_response())
}

async fn move_law(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::move_law(&state.db, &auth, id, form.up()?).await?;
    Ok(Redirect::to(&format!("/staff/profile/laws#law-{id}")).into_response())
}

async fn upload_law_file(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    let result = match prongsai_files::check_upload(&upload.bytes, state.files.max_bytes) {
        Ok(kind) => store::set_law_file(
            &state.db,
            &state.files,
            &auth,
            id,
            &upload.file_name,
            kind,
            upload.bytes,
        )
        .await
        .map_err(|e| match e {
            prongsai_kernel::Error::Invalid(errors) => {
                Ok(errors.get("file").unwrap_or_default().to_owned())
            }
            other => Err(other),
        }),
        Err(e) => Err(Ok(e.to_string())),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/profile/laws/{id}")).into_response()),
        Err(Ok(message)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &law_page(
                &state,
                page,
                id,
                None,
                FieldErrors::default(),
                Some(message),
            )
            .await?,
        ),
        Err(Err(e)) => Err(e.into()),
    }
}

async fn remove_law_file(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    store::remove_law_file(&state.db, &auth, id).await?;
    Ok(Redirect::to(&format!("/staff/profile/laws/{id}")).into_response())
}

// ---------- staff: villages ----------

#[derive(Template)]
#[template(path = "profile/staff_villages.html")]
struct VillagesPage {
    shell: Shell,
    villages: Vec<VillageRow>,
    /// The village whose form came back with errors, and what was typed.
    failed: Option<(i64, VillageInput)>,
    errors: FieldErrors,
    new_form: VillageInput,
    new_errors: FieldErrors,
}

impl VillagesPage {
    fn typed<'a>(&'a self, v: &'a VillageRow) -> Option<&'a VillageInput> {
        self.failed
            .as_ref()
            .filter(|(id, _)| *id == v.id)
            .map(|(_, f)| f)
    }
    fn name_of<'a>(&'a self, v: &'a VillageRow) -> &'a str {
        self.typed(v)
            .map_or(v.name_th.as_str(), |f| f.name_th.as_str())
    }
    fn headman_of<'a>(&'a self, v: &'a VillageRow) -> &'a str {
        self.typed(v)
            .map_or(v.headman_name.as_str(), |f| f.headman_name.as_str())
    }
    fn error_of(&self, v: &VillageRow, field: &str) -> Option<&str> {
        self.typed(v).and_then(|_| self.errors.get(field))
    }
}

struct VillageParts {
    failed: Option<(i64, VillageInput)>,
    errors: FieldErrors,
    new_form: VillageInput,
    new_errors: FieldErrors,
}

async fn villages_page(
    state: &AppState,
    page: StaffPage,
    parts: VillageParts,
) -> AppResult<VillagesPage> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    let villages = store::list_villages(&state.db, &auth).await?;
    let title = page.shell.t("profile.villages").to_owned();
    Ok(VillagesPage {
        shell: page.shell.with_title(title),
        villages,
        failed: parts.failed,
        errors: parts.errors,
        new_form: parts.new_form,
        new_errors: parts.new_errors,
    })
}

async fn staff_villages(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let parts = VillageParts {
        failed: None,
        errors: FieldErrors::default(),
        new_form: VillageInput::default(),
        new_errors: FieldErrors::default(),
    };
    render(&villages_page(&state, page, parts).await?)
}

async fn update_village(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<VillageInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::update_village(&state.db, &auth, id, &form).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/staff/profile/villages#village-{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = VillageParts {
                failed: Some((id, form)),
                errors,
                new_form: VillageInput::default(),
                new_errors: FieldErrors::default(),
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &villages_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_village(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<VillageInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProfile>()?;
    match store::add_village(&state.db, &auth, &form).await {
        Ok(()) => Ok(Redirect::to("/staff/profile/villages").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = VillageParts {
                failed: None,
                errors: FieldErrors::default(),
                new_form: form,
                new_errors: errors,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &villages_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}
