//! The demo's cast and stories: the people (an admin, a monitor, a coordinator per region
//! and representatives with routing rules, written through the real services) and the
//! problems citizens typically file.

use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::input::Email;
use crate::services::people;

pub(super) const NAMES: &[&str] = &[
    "Aigerim Nurlanovna",
    "Bolat Serikuly",
    "Dana Kairatkyzy",
    "Yerlan Mukhtarov",
    "Gulnara Abenova",
    "Marat Zhaksylykov",
    "Saule Tokhtarova",
    "Nurlan Bekov",
    "Aliya Suleimenova",
    "Timur Akhmetov",
    "Zhanar Omarova",
    "Daniyar Iskakov",
];

pub(super) const PROBLEMS: &[(&str, &str, &str)] = &[
    (
        "roads",
        "Pothole on the main street",
        "A deep pothole near the bus stop has damaged several cars this month.",
    ),
    (
        "roads",
        "No pavement to the school",
        "Children walk to school along the roadside because there is no pavement.",
    ),
    (
        "utilities",
        "No hot water for two weeks",
        "The whole building has had no hot water for two weeks without explanation.",
    ),
    (
        "utilities",
        "Heating is off in the flats",
        "Radiators in our block are cold although the heating season has started.",
    ),
    (
        "housing",
        "Roof leaks into the stairwell",
        "Every rain floods the stairwell of our five-storey building.",
    ),
    (
        "public_transport",
        "Bus route 12 cancelled",
        "The only bus to our district was cancelled without notice.",
    ),
    (
        "healthcare",
        "No paediatrician at the clinic",
        "The district clinic has had no paediatrician for three months.",
    ),
    (
        "education",
        "Kindergarten queue not moving",
        "Our place in the kindergarten queue has not moved for a year.",
    ),
    (
        "environment",
        "Illegal dump by the river",
        "Construction waste is being dumped by the river every night.",
    ),
    (
        "public_safety",
        "Street lights out in the park",
        "The park has been dark for a month and people feel unsafe.",
    ),
    (
        "social_support",
        "Disability allowance delayed",
        "My mother's allowance has not been paid for two months.",
    ),
    (
        "election_pressure",
        "Employees told how to vote",
        "Our director told all staff to vote and send a photo of the ballot.",
    ),
    (
        "election_polling_station",
        "Polling station without ramp",
        "The polling station is on the second floor with no ramp for wheelchairs.",
    ),
];

/// The people of the demo: an admin, a monitor, a coordinator per region and two
/// representatives per region (one in Ulytau, for general matters only, so that its
/// election reports land in the triage queue). Returns the representatives.
pub(super) async fn people(st: &AppState) -> anyhow::Result<Vec<(i32, String, String)>> {
    let reference = st.reference();
    let now = st.clock.now();
    let fail = |e: crate::error::AppError| anyhow::anyhow!("{}", e.parts().2);
    let email = |s: String| Email::parse("email", &s).map_err(|e| anyhow::anyhow!(e.message));
    people::upsert_user(
        &st.db,
        &email("admin@demo.example.kz".into())?,
        "Demo Admin",
        None,
        UserRole::Admin,
        &[],
        now,
    )
    .await
    .map_err(fail)?;
    people::upsert_user(
        &st.db,
        &email("monitor@demo.example.kz".into())?,
        "Demo Monitor",
        None,
        UserRole::Monitor,
        &[],
        now,
    )
    .await
    .map_err(fail)?;
    let mut reps = Vec::new();
    for (i, region) in reference.regions.iter().enumerate() {
        let code = region.code.to_lowercase();
        people::upsert_user(
            &st.db,
            &email(format!("coordinator.{code}@demo.example.kz"))?,
            &format!("Coordinator, {}", region.name_en),
            None,
            UserRole::Coordinator,
            std::slice::from_ref(&region.code),
            now,
        )
        .await
        .map_err(fail)?;
        let partial = region.code == "KZ-62";
        for k in 0..(if partial { 1 } else { 2 }) {
            let name = NAMES[(i * 2 + k) % NAMES.len()];
            let position = if k == 0 {
                "Deputy of the regional maslikhat"
            } else {
                "Party branch secretary"
            };
            let (u, _) = people::upsert_user(
                &st.db,
                &email(format!("rep{k}.{code}@demo.example.kz"))?,
                name,
                Some(position),
                UserRole::Representative,
                &[],
                now,
            )
            .await
            .map_err(fail)?;
            let categories: Vec<Option<String>> = if partial {
                reference
                    .categories
                    .iter()
                    .filter(|c| c.group == "general")
                    .map(|c| Some(c.code.clone()))
                    .collect()
            } else {
                vec![None]
            };
            people::replace_rules(&st.db, u.id, &[Some(region.code.clone())], &categories, now)
                .await?;
            reps.push((u.id, u.name, region.code.clone()));
        }
    }
    Ok(reps)
}
