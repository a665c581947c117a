//! Open problems like the one a citizen is about to file (`domain::similar`), so that they
//! can support it instead of filing it again: the form's suggestions and
//! `GET /api/v1/problems/similar`.

use crate::app::AppState;
use crate::domain::input::{self, FieldError, Length};
use crate::domain::similar::{self, Candidate, Query};
use crate::domain::state::Status;
use crate::entities::problem;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::services::problem_reference;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

/// The title to compare: a few characters at least, at most a title's length.
pub const TITLE: Length = Length {
    min: 3,
    max: input::TITLE.max,
};

/// How many open problems of the region and category are compared, the newest: enough for
/// any region's backlog in one category, and a bound on the work of one request.
pub const CANDIDATES: u64 = 2000;

/// What the suggestions are for, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct SimilarQuery {
    pub title: String,
    pub region: String,
    pub category: String,
}

impl SimilarQuery {
    /// Parses `title`, `region` and `category` as given (the API's parameters, the form's
    /// fields); every failing one is named. Codes must be ones the service takes now.
    pub fn parse(
        st: &AppState,
        title: Option<&str>,
        region: Option<&str>,
        category: Option<&str>,
    ) -> Result<SimilarQuery, AppError> {
        let reference = st.reference();
        let mut errors = Vec::new();
        let mut ok = |r: Result<Option<String>, FieldError>| {
            r.unwrap_or_else(|e| {
                errors.push(e);
                None
            })
        };
        let title = ok(TITLE.parse("title", title, true));
        let region = ok(input::REGION_CODE.parse("region", region, true));
        let category = ok(input::CATEGORY_CODE.parse("category", category, true));
        if let Some(r) = &region
            && !reference.has_region(r)
        {
            errors.push(FieldError::new(
                "region",
                "unknown_region",
                Text::key("error.field.unknown_region").arg("code", format!("{r:?}")),
            ));
        }
        if let Some(c) = &category
            && !reference.has_category(c)
        {
            errors.push(FieldError::new(
                "category",
                "unknown_category",
                Text::key("error.field.unknown_category").arg("code", format!("{c:?}")),
            ));
        }
        match (title, region, category) {
            (Some(title), Some(region), Some(category)) if errors.is_empty() => Ok(SimilarQuery {
                title,
                region,
                category,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// An open problem to support instead of filing a new one. Public fields only.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SimilarProblem {
    pub id: i32,
    pub reference: String,
    pub title: String,
    #[schema(value_type = String)]
    pub status: Status,
    /// Citizens who confirmed they have this problem too.
    pub supporters: i32,
    /// The problem's public page.
    pub url: String,
    /// Its support form ("I have this problem too"); the API's
    /// `POST /api/v1/problems/{id}/supports` does the same.
    pub support_url: String,
}

/// Up to [`similar::LIMIT`] open problems of the query's region and category whose titles
/// are like its title, best first. Reads only the columns it compares, of at most
/// [`CANDIDATES`] problems, from the index `idx_problems_similar` alone on PostgreSQL.
#[tracing::instrument(skip_all, fields(region = %q.region, category = %q.category))]
pub async fn similar_open(st: &AppState, q: &SimilarQuery) -> AppResult<Vec<SimilarProblem>> {
    let query = Query::new(&q.title);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i32, String, Status, i32)> = problem::Entity::find()
        .select_only()
        .columns([
            problem::Column::Id,
            problem::Column::Title,
            problem::Column::Status,
            problem::Column::SupportCount,
        ])
        .filter(problem::Column::RegionCode.eq(&q.region))
        .filter(problem::Column::CategoryCode.eq(&q.category))
        .filter(problem::Column::Status.is_in(Status::open()))
        .order_by_desc(problem::Column::Id)
        .limit(CANDIDATES)
        .into_tuple()
        .all(&st.read_db)
        .await?;
    let candidates: Vec<Candidate<'_>> = rows
        .iter()
        .map(|(id, title, _, supporters)| Candidate {
            id: *id,
            title,
            supporters: *supporters,
        })
        .collect();
    let best = similar::most_similar(&query, &candidates);
    Ok(best
        .into_iter()
        .map(|(i, _)| {
            let (id, title, status, supporters) = rows[i].clone();
            SimilarProblem {
                id,
                reference: problem_reference(id),
                title,
                status,
                supporters,
                url: st.link(&format!("/problems/{id}")),
                support_url: st.link(&format!("/problems/{id}#support")),
            }
        })
        .collect())
}
