//! `civic-tracker user add` and `civic-tracker token create|list|revoke`: people and their
//! API tokens and Open311 keys, through `services::people` and `services::access`.

use super::{TokenAction, UserAction, state};
use crate::auth::UserRole;
use crate::config::Config;
use crate::domain::input::Email;
use crate::services::people;
use anyhow::{Context, bail};

/// `user add`: creates a user or changes what was given of an existing one.
pub(super) async fn user(config: Config, action: UserAction) -> anyhow::Result<()> {
    let UserAction::Add {
        email,
        role,
        name,
        regions,
        stations,
        language,
    } = action;
    let st = state(config).await?;
    let stations = stations
        .as_deref()
        .map(crate::domain::observers::parse_stations)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--stations {}", e.message.render("en")))?;
    let email =
        Email::parse("email", &email).map_err(|e| anyhow::anyhow!("--email {}", e.message))?;
    let role = UserRole::parse(&role).context("unknown role")?;
    let reference = st.reference();
    let regions = regions.as_deref().map(crate::domain::schedule::split_codes);
    for r in regions.iter().flatten() {
        if !reference.has_region(r) {
            bail!(
                "--regions: unknown region code {r:?}; write ISO 3166-2 codes \
                 separated by commas or semicolons, e.g. KZ-75;KZ-71"
            );
        }
    }
    if let Some(stations) = &stations {
        // Refused before anything is written.
        crate::services::observers::check_stations(&st, role, stations)
            .await
            .map_err(|e| anyhow::anyhow!("--stations {}", e.parts().2))?;
    }
    // An update changes only what was given.
    let existing = people::by_email(&st.db, &email).await?;
    let name = name
        .or_else(|| existing.as_ref().map(|(u, _)| u.name.clone()))
        .unwrap_or_else(|| {
            email
                .as_str()
                .split('@')
                .next()
                .unwrap_or("user")
                .to_string()
        });
    let position = existing.as_ref().and_then(|(u, _)| u.position.clone());
    let regions = regions
        .or_else(|| existing.as_ref().map(|(_, r)| r.clone()))
        .unwrap_or_default();
    let (u, created) = people::upsert_user(
        &st.db,
        &email,
        &name,
        position.as_deref(),
        role,
        &regions,
        st.clock.now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
    if let Some(lang) = language.as_deref().and_then(crate::i18n::parse) {
        people::set_language(&st.db, u.id, lang).await?;
    }
    if let Some(stations) = stations {
        crate::services::observers::set_stations(&st, u.id, &stations)
            .await
            .map_err(|e| anyhow::anyhow!("--stations {}", e.parts().2))?;
    }
    println!(
        "{} user {} ({}) with role {}",
        if created { "created" } else { "updated" },
        u.id,
        u.name,
        role.as_str()
    );
    Ok(())
}

/// `token create|list|revoke`.
pub(super) async fn token(config: Config, action: TokenAction) -> anyhow::Result<()> {
    match action {
        TokenAction::List { email } => {
            let st = state(config).await?;
            match crate::services::access::tokens_of(&st, &email).await {
                Ok(rows) => {
                    println!("id\tkind\tcreated\tlast used");
                    for r in rows {
                        let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
                            t.map_or_else(|| "never".into(), |t| t.to_rfc3339())
                        };
                        println!(
                            "{}\t{}\t{}\t{}",
                            r.id,
                            r.kind,
                            r.created_at.to_rfc3339(),
                            at(r.last_used_at)
                        );
                    }
                    Ok(())
                }
                Err(crate::error::AppError::NotFound) => bail!("no user with that e-mail"),
                Err(e) => bail!("{}", e.parts().2),
            }
        }
        TokenAction::Revoke { id } => {
            let st = state(config).await?;
            match crate::services::access::revoke_token(&st, id).await {
                Ok(()) => {
                    println!("token {id} revoked");
                    Ok(())
                }
                Err(crate::error::AppError::NotFound) => {
                    bail!("no API token or Open311 key with id {id}")
                }
                Err(e) => bail!("{}", e.parts().2),
            }
        }
        TokenAction::Create {
            email,
            open311,
            trusted,
        } => {
            let st = state(config).await?;
            let kind = match (open311, trusted) {
                (true, true) => crate::auth::kind::OPEN311_TRUSTED,
                (true, false) => crate::auth::kind::OPEN311,
                _ => crate::auth::kind::API,
            };
            match people::create_token(&st, &email, kind).await {
                Ok(t) => {
                    println!("{t}");
                    Ok(())
                }
                Err(crate::error::AppError::NotFound) => bail!("no user with that e-mail"),
                Err(e) => bail!("{}", e.parts().2),
            }
        }
    }
}
