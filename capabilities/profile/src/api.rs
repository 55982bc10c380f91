//! Open data: `/api/v1/organization`, `/api/v1/organization/people`,
//! `/about/people.csv`. Everything comes from the published snapshot, which holds the
//! phone and e-mail of executives only.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_web::api::{
    bad_param, csv_response, json_error, json_response, list_envelope, origin,
};
use prongsai_web::listing::{ParamError, parse_list_params};
use prongsai_web::{AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::model::Branch;
use crate::store::{self, PositionSnapshot, PublicProfile};
use crate::view;

fn coordinate(text: &Option<String>) -> Option<f64> {
    text.as_deref().and_then(|t| t.parse().ok())
}

fn person_json(base: &str, p: &PositionSnapshot) -> Value {
    json!({
        "id": p.id,
        "branch": p.branch,
        "group": p.group,
        "title_th": p.title_th,
        "title_en": p.title_en,
        "person_name": if p.person_name.is_empty() { Value::Null } else { json!(p.person_name) },
        "vacant": p.person_name.trim().is_empty(),
        "division": p.division_id.map(|id| json!({ "id": id, "name_th": p.division_th, "name_en": p.division_en })),
        "parent_id": p.parent_id,
        "executive": p.is_executive(),
        "phone": if p.is_executive() && !p.phone.is_empty() { json!(p.phone) } else { Value::Null },
        "email": if p.is_executive() && !p.email.is_empty() { json!(p.email) } else { Value::Null },
        "photo_url": p.photo.as_ref().map(|f| format!("{base}{}", f.path())),
    })
}

/// Every post, political side first, each side in chart order.
fn people_in_order(profile: &PublicProfile) -> Vec<&PositionSnapshot> {
    Branch::ALL
        .into_iter()
        .flat_map(|b| view::in_chart_order(&profile.snapshot, b))
        .collect()
}

fn organization_value(base: &str, p: &PublicProfile) -> Value {
    let s = &p.snapshot;
    let o = &s.organization;
    let st = &p.record.status;
    json!({
        "name_th": o.name_th,
        "name_en": o.name_en,
        "kind": o.kind,
        "subdistrict_th": o.subdistrict_th,
        "district_th": o.district_th,
        "province_th": o.province_th,
        "district_en": o.district_en,
        "province_en": o.province_en,
        "url": format!("{base}/about"),
        "powers_and_duties": s.powers_and_duties,
        "vision": s.vision,
        "mission": s.mission,
        "contact": {
            "address_th": o.address_th,
            "phone": o.phone,
            "email": o.email,
            "office_hours": s.office_hours,
            "line_url": s.line_url,
            "facebook_url": s.facebook_url,
            "location": match (coordinate(&s.latitude), coordinate(&s.longitude)) {
                (Some(lat), Some(lon)) => json!({
                    "latitude": lat,
                    "longitude": lon,
                    "openstreetmap_url": store::osm_url(s.latitude.as_deref().unwrap_or(""), s.longitude.as_deref().unwrap_or("")),
                }),
                _ => Value::Null,
            },
        },
        "people": people_in_order(p).into_iter().map(|x| person_json(base, x)).collect::<Vec<_>>(),
        "laws": s.laws.iter().map(|l| json!({
            "title": l.title,
            "url": if l.url.is_empty() { Value::Null } else { json!(l.url) },
            "file_url": l.file.as_ref().map(|f| format!("{base}{}", f.path())),
        })).collect::<Vec<_>>(),
        "villages": s.villages.iter().map(|v| json!({
            "number": v.number,
            "name_th": v.name_th,
            "headman_name": if v.headman_name.is_empty() { Value::Null } else { json!(v.headman_name) },
        })).collect::<Vec<_>>(),
        "publication": {
            "version": p.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
            "history_url": format!("{base}/about/history"),
        },
    })
}

pub async fn organization_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    match store::get_public_profile(&state.db, shell.tenant.id).await? {
        Some(p) => Ok(json_response(
            json!({ "data": organization_value(&base, &p) }),
        )),
        None => Ok(json_error(
            StatusCode::NOT_FOUND,
            "not_published",
            "the organization's profile is not published yet",
        )),
    }
}

/// `?branch=political|permanent`, besides the list parameters.
fn branch_param(raw: &HashMap<String, String>) -> Result<Option<Branch>, ParamError> {
    match raw
        .get("branch")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => Branch::from_code(v).map(Some).ok_or(ParamError {
            param: "branch",
            message: "branch must be political or permanent".into(),
        }),
    }
}

pub async fn people_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match parse_list_params(&raw, 50, 200) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let branch = match branch_param(&raw) {
        Ok(b) => b,
        Err(e) => return Ok(bad_param(e)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let published = store::get_public_profile(&state.db, shell.tenant.id).await?;
    let all: Vec<&PositionSnapshot> = published
        .as_ref()
        .map(|p| {
            people_in_order(p)
                .into_iter()
                .filter(|x| branch.is_none_or(|b| x.branch == b.code()))
                .collect()
        })
        .unwrap_or_default();
    let total = all.len() as u64;
    let start =
        usize::try_from(params.page_index().saturating_mul(params.per_page)).unwrap_or(usize::MAX);
    let data = all
        .iter()
        .skip(start)
        .take(params.per_page as usize)
        .map(|p| person_json(&base, p))
        .collect();
    let mut envelope = list_envelope("/api/v1/organization/people", &params, total, data);
    if let (Some(b), Some(links)) = (
        branch,
        envelope.get_mut("links").and_then(Value::as_object_mut),
    ) {
        for link in links.values_mut() {
            if let Some(s) = link.as_str() {
                *link = json!(format!("{s}&branch={}", b.code()));
            }
        }
    }
    Ok(json_response(envelope))
}

pub async fn people_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let branch = match branch_param(&raw) {
        Ok(b) => b,
        Err(e) => return Ok(bad_param(e)),
    };
    let published = store::get_public_profile(&state.db, shell.tenant.id).await?;
    let rows: Vec<Vec<String>> = published
        .as_ref()
        .map(|p| {
            people_in_order(p)
                .into_iter()
                .filter(|x| branch.is_none_or(|b| x.branch == b.code()))
                .map(|x| {
                    let executive = x.is_executive();
                    vec![
                        x.id.to_string(),
                        x.branch.clone(),
                        x.group.clone(),
                        x.title_th.clone(),
                        x.title_en.clone(),
                        x.person_name.clone(),
                        x.division_th.clone(),
                        x.parent_id.map(|i| i.to_string()).unwrap_or_default(),
                        if executive {
                            x.phone.clone()
                        } else {
                            String::new()
                        },
                        if executive {
                            x.email.clone()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(csv_response(
        "people.csv",
        &[
            "id",
            "branch",
            "group",
            "title_th",
            "title_en",
            "person_name",
            "division",
            "parent_id",
            "phone",
            "email",
        ],
        rows,
    ))
}
