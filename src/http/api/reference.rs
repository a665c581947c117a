//! `GET /api/v1/regions` and `GET /api/v1/categories`.

use crate::app::AppState;
use crate::services::reference::{CategoryRef, RegionRef};
use axum::Json;
use axum::extract::State;

/// Kazakhstan's 20 first-level units with ISO 3166-2 codes and kk/ru/en names.
#[utoipa::path(get, path = "/api/v1/regions", 
    responses((status = 200, description = "The regions", body = Vec<RegionRef>)))]
pub async fn regions(State(st): State<AppState>) -> Json<Vec<RegionRef>> {
    Json(st.reference().regions.clone())
}

/// Problem categories with their deadlines; election categories have group `election`.
#[utoipa::path(get, path = "/api/v1/categories", 
    responses((status = 200, description = "The categories", body = Vec<CategoryRef>)))]
pub async fn categories(State(st): State<AppState>) -> Json<Vec<CategoryRef>> {
    Json(st.reference().categories.clone())
}
