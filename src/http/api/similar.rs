//! `GET /api/v1/problems/similar`: open problems like the one about to be filed, to
//! support instead of filing it again (`services::queries::similar`).

use super::schema::{ErrorBody, string};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::query::ListParam;
use crate::services::queries::similar::{self, SimilarProblem, SimilarQuery};
use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};

/// The suggestions, best first.
#[derive(Serialize, ToSchema)]
pub struct SimilarPage {
    /// At most five open problems of the region and category, the most similar title first
    /// (then the most supported, then the newest); empty when none is alike.
    pub items: Vec<SimilarProblem>,
}

/// The query of `GET /api/v1/problems/similar`: all three parameters are required.
pub struct SimilarParams;

impl utoipa::IntoParams for SimilarParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let param = |name: &str, schema: utoipa::openapi::schema::Object, description: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::True)
                .schema(Some(schema))
                .description(Some(description))
                .build()
        };
        vec![
            param(
                "title",
                super::schema::required_text(similar::TITLE, "The title typed so far").build(),
                "The title of the problem about to be filed",
            ),
            param(
                ListParam::Region.name(),
                string().examples(["KZ-71"]).build(),
                "One ISO 3166-2 region code (`GET /api/v1/regions`)",
            ),
            param(
                ListParam::Category.name(),
                string().examples(["roads"]).build(),
                "One category code (`GET /api/v1/categories`)",
            ),
        ]
    }
}

/// Open problems of one region and category with titles like `title`, so that a citizen
/// can support one (`support_url`, or `POST /api/v1/problems/{id}/supports`) instead of
/// filing it again. Titles are compared by words, tolerating different endings
/// (`дорога`/`дороги`, `жол`/`жолдар`).
#[utoipa::path(get, path = "/api/v1/problems/similar", params(SimilarParams),
    responses((status = 200, description = "Up to five open problems, best first",
               body = SimilarPage),
              (status = 422, description = "A parameter is missing or invalid (named in \
               `field`; all of them in `details` when several are)", body = ErrorBody)))]
pub async fn similar(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Json<SimilarPage>> {
    let get = |k: &str| q.get(k).map(String::as_str);
    let query = SimilarQuery::parse(&st, get("title"), get("region"), get("category"))?;
    Ok(Json(SimilarPage {
        items: similar::similar_open(&st, &query).await?,
    }))
}
