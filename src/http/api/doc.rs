//! The OpenAPI document (`GET /api/v1/openapi.json`): the handlers' annotations, and what
//! holds across fields and operations, which the annotations cannot say by themselves.

use super::params::comma_list;
use super::schema::{ErrorBody, ErrorDetail, FieldRule, id_builder, required_text, string};
use super::{elections, ledger, photos, problems, reference, similar, stats};
use crate::app::AppState;
use crate::domain::input;
use crate::domain::status::Action;
use crate::http::query::ListParam;
use crate::services::reference::Reference;
use axum::Json;
use axum::extract::State;
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, Object, ObjectBuilder, Type,
};
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, OpenApi, Ref, RefOr, ResponseBuilder, Schema,
};
use utoipa::{OpenApi as _, ToSchema as _};

/// The OpenAPI document, generated from the handlers' annotations.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Civic Tracker API",
        description = "Citizens' problems, routed to representatives and followed in public.\n\n\
            Submitting a problem through `POST /api/v1/problems` means the citizen consents to \
            the processing of their contact details (e-mail, optional name) for handling the \
            problem, on the terms of the consent text the web form shows; they are never \
            published. The time and that text's version are stored with the problem, and the \
            citizen can erase their contact details from their private tracking page.\n\n\
            Query parameters are trimmed, and an empty one is the same as leaving it out \
            (except `page` and `per_page`, which must be numbers when given). Request bodies \
            are JSON objects of the fields described, null being the same as leaving a field \
            out. Every error answers with the `ErrorBody` JSON.",
        version = "1"
    ),
    paths(
        reference::regions,
        reference::categories,
        problems::create,
        problems::list,
        similar::similar,
        problems::show,
        problems::act,
        problems::support,
        elections::verify,
        photos::add,
        photos::hide,
        stats::stats,
        ledger::head,
        ledger::entries,
    ),
    components(schemas(
        crate::services::reference::RegionRef,
        crate::services::reference::CategoryRef,
        crate::services::reference::Deadline,
        crate::services::queries::ProblemView,
        crate::services::queries::ProblemSummary,
        crate::services::queries::TimelineEntry,
        crate::services::queries::RedactionNotice,
        crate::services::photos::PhotoView,
        photos::HideBody,
        crate::services::queries::RepresentativeRef,
        crate::services::queries::Named,
        crate::services::queries::Routing,
        problems::NewProblemBody,
        problems::Created,
        problems::ProblemPage,
        similar::SimilarPage,
        crate::services::queries::similar::SimilarProblem,
        problems::ActionBody,
        problems::SupportBody,
        problems::SupportAccepted,
        elections::VerifyBody,
        stats::Stats,
        stats::StatsPeriod,
        stats::StatsFilters,
        stats::StatsGroup,
        crate::domain::stats::Summary,
        crate::domain::stats::Counts,
        crate::domain::stats::Quantiles,
        crate::domain::stats::OnTime,
        crate::domain::stats::Verification,
        crate::domain::stats::SeriesPoint,
        crate::domain::stats::Period,
        ledger::LedgerHead,
        ledger::LedgerEntry,
        ledger::LedgerPage,
        ErrorBody,
        ErrorDetail,
        FieldRule,
    )),
    modifiers(&BearerAuth, &CrossFieldRules, &EveryOperation)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The document, with the region and category codes the service takes now.
pub async fn openapi(State(st): State<AppState>) -> Json<OpenApi> {
    let mut doc = ApiDoc::openapi();
    with_codes(&mut doc, &st.reference());
    Json(doc)
}

/// The served document: region and category codes are data (loaded at start, edited by
/// admins), so the fields and parameters that take them are narrowed to the codes the
/// service takes now.
pub fn with_codes(doc: &mut OpenApi, reference: &Reference) {
    let regions: Vec<&str> = reference.regions.iter().map(|r| r.code.as_str()).collect();
    let categories: Vec<&str> = reference
        .categories
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    // The body's fields and the parameters have the same names.
    let codes = |name: &str| {
        if name == ListParam::Region.name() {
            Some(&regions)
        } else if name == ListParam::Category.name() {
            Some(&categories)
        } else {
            None
        }
    };
    if let Some(components) = doc.components.as_mut()
        && let Some(body) = components
            .schemas
            .get_mut(problems::NewProblemBody::name().as_ref())
            .and_then(body_fields)
    {
        for (name, field) in body.properties.iter_mut() {
            if let (Some(codes), RefOr::T(Schema::Object(o))) = (codes(name), field) {
                o.enum_values = Some(codes.iter().map(|c| (*c).into()).collect());
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let Some(op) = item.get.as_mut() else {
            continue;
        };
        // The list takes comma lists, the figures one code.
        let list = path == "/api/v1/problems";
        for p in op.parameters.iter_mut().flatten() {
            let RefOr::T(p) = p else { continue };
            let Some(codes) = codes(&p.name) else {
                continue;
            };
            let schema = if list {
                comma_list(codes.iter().copied())
            } else {
                string().enum_values(Some(codes.clone())).build()
            };
            p.schema = Some(schema.into());
        }
    }
}

/// The fields of a request body's schema: the schema itself, or the first part of an
/// `allOf` (see [`CrossFieldRules`]).
fn body_fields(schema: &mut RefOr<Schema>) -> Option<&mut Object> {
    match schema {
        RefOr::T(Schema::Object(o)) => Some(o),
        RefOr::T(Schema::AllOf(all)) => match all.items.first_mut() {
            Some(RefOr::T(Schema::Object(o))) => Some(o),
            _ => None,
        },
        _ => None,
    }
}

/// Rules across fields, which a list of fields cannot say: such a body's schema becomes its
/// fields and any of the shapes the rules allow.
pub struct CrossFieldRules;

impl utoipa::Modify for CrossFieldRules {
    fn modify(&self, doc: &mut OpenApi) {
        let Some(components) = doc.components.as_mut() else {
            return;
        };
        let schemas = &mut components.schemas;
        // `input::location`: latitude and longitude come together or not at all (null is the
        // same as leaving one out).
        if let Some(body) = schemas.get_mut(problems::NewProblemBody::name().as_ref()) {
            let number = || ObjectBuilder::new().schema_type(Type::Number);
            let null = || ObjectBuilder::new().schema_type(Type::Null);
            let both = ObjectBuilder::new()
                .property("latitude", number())
                .property("longitude", number())
                .required("latitude")
                .required("longitude");
            let neither = ObjectBuilder::new()
                .property("latitude", null())
                .property("longitude", null());
            any_of_shapes(body, [both, neither]);
        }
        // `workflow::act`: what each action needs besides its name.
        if let Some(body) = schemas.get_mut(problems::ActionBody::name().as_ref()) {
            any_of_shapes(body, Action::API.map(action_shape));
        }
    }
}

/// The body of action `a`: its name, and the fields it needs.
fn action_shape(a: Action) -> ObjectBuilder {
    let mut shape =
        ObjectBuilder::new().property("action", string().enum_values(Some([a.as_str()])));
    if a.requires_note() {
        shape = shape
            .property("note", required_text(input::NOTE, "The note"))
            .required("note");
    }
    let needs = match a {
        Action::Assign => Some("representative_id"),
        Action::MarkDuplicate => Some("duplicate_of"),
        _ => None,
    };
    if let Some(field) = needs {
        shape = shape.property(field, id_builder()).required(field);
    }
    shape
}

/// Makes `body` its fields and any of `shapes`.
fn any_of_shapes(body: &mut RefOr<Schema>, shapes: impl IntoIterator<Item = ObjectBuilder>) {
    let fields = std::mem::replace(body, RefOr::T(Schema::default()));
    let any = shapes
        .into_iter()
        .fold(AnyOfBuilder::new(), |any, shape| any.item(shape));
    *body = RefOr::T(Schema::AllOf(
        AllOfBuilder::new().item(fields).item(any).build(),
    ));
}

/// Post-processing of the generated document: what holds for every operation.
pub struct EveryOperation;

/// The name of the shared 429 answer in `components.responses`.
const TOO_MANY: &str = "TooManyRequests";
/// The name of the shared 503 answer in `components.responses`.
const UNAVAILABLE: &str = "ServiceUnavailable";

/// An error answer with the API's JSON error body and a `Retry-After` header.
fn retry_after_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(0)),
                ))
                .description(Some("Seconds to wait before trying again"))
                .build(),
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .build()
        .into()
}

impl utoipa::Modify for EveryOperation {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        // Rate limits sit in front of every route, and every route may find the service
        // briefly unavailable; both with the API's JSON error body and Retry-After.
        for (name, description) in [
            (
                TOO_MANY,
                "Too many requests from this client: wait as Retry-After says",
            ),
            (
                UNAVAILABLE,
                "The service is briefly unavailable (code `unavailable`: the database cannot \
                 be reached, or the request took longer than the server allows): try again \
                 after Retry-After",
            ),
        ] {
            components
                .responses
                .insert(name.into(), retry_after_response(description));
        }
        let schemas = &mut components.schemas;
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                for (status, name) in [("429", TOO_MANY), ("503", UNAVAILABLE)] {
                    op.responses
                        .responses
                        .insert(status.into(), Ref::from_response_name(name).into());
                }
                // Every JSON body is read by `Fields::only`, which refuses unknown fields.
                if let Some(name) = op.request_body.as_ref().and_then(body_schema)
                    && let Some(o) = schemas.get_mut(&name).and_then(body_fields)
                {
                    o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
            }
        }
    }
}

/// The component name of a JSON request body's schema.
fn body_schema(body: &RefOr<RequestBody>) -> Option<String> {
    let RefOr::T(body) = body else { return None };
    let RefOr::T(content) = body.content.get("application/json")? else {
        return None;
    };
    match content.schema.as_ref()? {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().map(str::to_string),
        RefOr::T(_) => None,
    }
}
