//! The request fields of the OpenAPI document, with the limits their parsers enforce, built
//! from the numbers and names the parsers use so that the document cannot drift from them;
//! and the error body every failure answers with.
//!
//! Text rules follow `domain::input::text`: lengths count characters once surrounding
//! whitespace is trimmed, and control characters other than tab and line breaks are refused.

use crate::domain::input::{self, Length};
use crate::domain::status::Action;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// The error envelope of every API error (`AppError`'s JSON).
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the JSON shape of AppError for OpenAPI")]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// One error: a stable code, a message, and the field to blame where there is one.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the JSON shape of AppError for OpenAPI")]
pub struct ErrorDetail {
    /// A stable code, e.g. `not_found`, `too_long`, `illegal_transition`.
    code: String,
    message: String,
    /// The field, parameter or header to blame; null when there is none.
    field: Option<String>,
    /// Present when several fields broke a rule: each of them (the first is also above).
    details: Option<Vec<FieldRule>>,
}

/// A rule that one field broke.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the JSON shape of AppError for OpenAPI")]
pub struct FieldRule {
    field: String,
    code: String,
    message: String,
}

/// Characters `input::text` refuses: control characters (Unicode Cc) other than tab, line
/// feed and carriage return.
const REFUSED: &str = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";
/// What a visible character is not: whitespace or any control character.
const INVISIBLE: &str = r"\s\u0000-\u001F\u007F-\u009F";

/// A string schema.
pub(super) fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// `t` or null.
pub(super) fn nullable(t: Type) -> SchemaType {
    SchemaType::from_iter([t, Type::Null])
}

/// A text that must be given: at least one visible character, `len` once trimmed.
pub(super) fn required_text(len: Length, what: &str) -> ObjectBuilder {
    string()
        .min_length(Some(len.min))
        .max_length(Some(len.max))
        .pattern(Some(format!("^[^{REFUSED}]*[^{INVISIBLE}][^{REFUSED}]*$")))
        .description(Some(format!(
            "{what}: {}–{} characters once surrounding whitespace is trimmed; no control \
             characters but tab and line breaks.",
            len.min, len.max
        )))
}

/// A text that may be left out, null or blank (then it is taken as not given).
fn optional_text(len: Length, what: &str) -> Object {
    string()
        .schema_type(nullable(Type::String))
        .max_length(Some(len.max))
        .pattern(Some(format!("^[^{REFUSED}]*$")))
        .description(Some(format!(
            "{what}: up to {} characters once surrounding whitespace is trimmed (blank is the \
             same as none); no control characters but tab and line breaks.",
            len.max
        )))
        .build()
}

/// `POST /api/v1/problems` `title`.
pub fn title() -> Object {
    required_text(input::TITLE, "The problem in a line").build()
}

/// `POST /api/v1/problems` `description`.
pub fn description() -> Object {
    required_text(input::DESCRIPTION, "What is wrong, where and since when").build()
}

/// `POST /api/v1/problems` `category`.
pub fn category() -> Object {
    required_text(
        input::CATEGORY_CODE,
        "A category code from `GET /api/v1/categories`",
    )
    .examples(["roads"])
    .build()
}

/// `POST /api/v1/problems` `region`.
pub fn region() -> Object {
    required_text(
        input::REGION_CODE,
        "An ISO 3166-2 code from `GET /api/v1/regions`",
    )
    .examples(["KZ-71"])
    .build()
}

/// `POST /api/v1/problems` `address`.
pub fn address() -> Object {
    optional_text(input::ADDRESS, "Where the problem is")
}

/// `POST /api/v1/problems` `display_name`.
pub fn display_name() -> Object {
    optional_text(input::DISPLAY_NAME, "The name to sign with")
}

/// An action's `note`.
pub fn note() -> Object {
    optional_text(
        input::NOTE,
        "Required for comment, ask_citizen, resolve, reject and close",
    )
}

/// A mailbox as `input::Email` takes it: an address, or a display name and the address in
/// angle brackets. The address: a dot-atom local part of ASCII letters, digits and RFC
/// 5321's specials, `@`, and a domain of two or more labels of letters, digits and inner
/// hyphens, each at most [`input::DOMAIN_LABEL_MAX`] characters. (`[^\W_]` is a letter or
/// digit, of any script where the validator's `\w` knows Unicode.) The lengths a pattern
/// cannot count, the local part's and the whole address's, are in the description.
pub fn email() -> Object {
    let atext = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    let alnum = r"[^\W_]";
    let inner = input::DOMAIN_LABEL_MAX - 2;
    let label = format!("{alnum}(({alnum}|-){{0,{inner}}}{alnum})?");
    let address = format!(r"{atext}+(\.{atext}+)*@{label}(\.{label})+");
    string()
        .pattern(Some(format!(
            r"^\s*([\s\S]*<\s*{address}\s*>|{address})\s*$"
        )))
        .description(Some(format!(
            "An e-mail address (private, never published), or `Name <address>`: only the \
             address is kept. Its local part has at most {} characters, the address at most \
             {} bytes.",
            input::EMAIL_LOCAL_MAX,
            input::EMAIL_MAX_BYTES
        )))
        .examples(["citizen@example.kz"])
        .build()
}

/// A coordinate inside `range` (Kazakhstan's bounding box), or null.
fn coordinate(range: (f64, f64), other: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(nullable(Type::Number))
        .minimum(Some(range.0))
        .maximum(Some(range.1))
        .description(Some(format!("With `{other}`, or neither")))
        .build()
}

/// `POST /api/v1/problems` `latitude`.
pub fn latitude() -> Object {
    coordinate(input::LAT_RANGE, "longitude")
}

/// `POST /api/v1/problems` `longitude`.
pub fn longitude() -> Object {
    coordinate(input::LON_RANGE, "latitude")
}

/// An id (a positive 32-bit integer).
pub(super) fn id_builder() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int32,
        )))
        .minimum(Some(1))
        .maximum(Some(i32::MAX))
}

/// `POST /api/v1/problems` `election`.
pub fn election() -> Object {
    id_builder()
        .schema_type(nullable(Type::Integer))
        .description(Some(
            "The election an election problem (a category of group `election`) belongs to: \
             an election's id that covers the problem's region. Other categories take none. \
             Left out, an election problem belongs to the election on for its region, if any",
        ))
        .build()
}

/// `POST /api/v1/problems` `polling_station`.
pub fn polling_station() -> Object {
    id_builder()
        .schema_type(nullable(Type::Integer))
        .description(Some(
            "The number of the polling station, in the problem's election and region; \
             required for the category `election_polling_station`",
        ))
        .build()
}

/// `POST /api/v1/problems` `observed_at`.
pub fn observed_at() -> Object {
    string()
        .schema_type(nullable(Type::String))
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::DateTime,
        )))
        .description(Some(format!(
            "Observers only: when they saw what they report, RFC 3339 \
             (`2026-12-20T09:10:00+05:00`); default: now. Not later than now (a clock up to \
             {} minute ahead is allowed) nor before the start of the election's campaign \
             (its first day, local time). Shown as `observed_at`",
            crate::domain::observers::CLOCK_SKEW.num_minutes()
        )))
        .build()
}

/// `representative_id`: the representative to assign.
pub fn representative_id() -> Object {
    id_builder()
        .schema_type(nullable(Type::Integer))
        .description(Some("Required for assign: an active representative's id"))
        .build()
}

/// `duplicate_of`: the original problem.
pub fn duplicate_of() -> Object {
    id_builder()
        .schema_type(nullable(Type::Integer))
        .description(Some(
            "Required for mark_duplicate: the original problem's id",
        ))
        .build()
}

/// An action's name, as `Action::parse_api` takes it.
pub fn action() -> Object {
    string()
        .enum_values(Some(Action::API.map(|a| a.as_str())))
        .description(Some(
            "acknowledge, start, comment, ask_citizen, resolve, reject, request_reassign \
             (the assigned representative); assign, mark_duplicate, close (a coordinator of \
             the region or an admin)",
        ))
        .build()
}
