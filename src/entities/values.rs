//! How the stored enums of `crate::domain::state` (and the event kind, `Action`, and the
//! access log's place, `AccessPlace`) become column values: as their text names, so the
//! stored data is the same as when these columns were plain strings. A name the code does not know is a read error
//! ([`UnknownName`]), never a silent fallback to some default.

use crate::domain::privacy::AccessPlace;
use crate::domain::state::{
    ActorKind, ElectionKind, OutboxState, PhotoKind, ReplyState, Status, UserRole, Verdict,
};
use crate::domain::status::Action;
use std::sync::Arc;

/// A stored name that no variant of the column's enum has.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} {name:?} in the database")]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
}

macro_rules! stored_as_text {
    ($($t:ident),+) => {$(
        impl From<$t> for sea_orm::Value {
            fn from(v: $t) -> Self {
                sea_orm::Value::String(Some(v.as_str().to_owned()))
            }
        }

        impl sea_orm::TryGetable for $t {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                idx: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let name = String::try_get_by(res, idx)?;
                $t::parse(&name).ok_or_else(|| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                        from: "String",
                        into: stringify!($t),
                        source: Arc::new(UnknownName { kind: stringify!($t), name }),
                    })
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $t {
            fn try_from(v: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let name = <String as sea_orm::sea_query::ValueType>::try_from(v)?;
                $t::parse(&name).ok_or(sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($t).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $t {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$t> for $t {
            fn into_active_value(self) -> sea_orm::ActiveValue<$t> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    )+};
}

stored_as_text!(
    Status,
    Verdict,
    UserRole,
    ActorKind,
    OutboxState,
    ReplyState,
    PhotoKind,
    ElectionKind,
    Action,
    AccessPlace
);
