//! `civic-tracker demo`: realistic demo data through the same services users go through,
//! with a fake clock walking over the past 90 days, so every problem has a real history.
//! The mails the demo causes are removed from the outbox afterwards (nobody is behind the
//! demo addresses).

use crate::app::AppState;
use crate::auth::{CurrentUser, UserRole};
use crate::clock::Clock;
use crate::domain::input::{Email, NewProblem};
use crate::entities::{outbox, problem};
use crate::services::{intake, people, workflow};
use chrono::Duration;
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const NAMES: &[&str] = &[
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

const PROBLEMS: &[(&str, &str, &str)] = &[
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

/// Fills the database with representatives for every region, coordinators and `n`
/// problems across all statuses over the past 90 days.
pub async fn fill(st: &AppState, n: u32) -> anyhow::Result<()> {
    let start_outbox = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .one(&st.db)
        .await?
        .map_or(0, |o| o.id);
    let mut rng = rand::rng();
    let reference = st.reference();
    let now = st.clock.now();
    let admin =
        Email::parse("email", "admin@demo.example.kz").map_err(|e| anyhow::anyhow!(e.message))?;
    let (admin_user, _) = people::upsert_user(
        &st.db,
        &admin,
        "Demo Admin",
        None,
        UserRole::Admin,
        &[],
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
    let monitor =
        Email::parse("email", "monitor@demo.example.kz").map_err(|e| anyhow::anyhow!(e.message))?;
    people::upsert_user(
        &st.db,
        &monitor,
        "Demo Monitor",
        None,
        UserRole::Monitor,
        &[],
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
    let mut reps: Vec<CurrentUser> = Vec::new();
    for (i, region) in reference.regions.iter().enumerate() {
        let code = region.code.to_lowercase();
        let coord = Email::parse("email", &format!("coordinator.{code}@demo.example.kz"))
            .map_err(|e| anyhow::anyhow!(e.message))?;
        people::upsert_user(
            &st.db,
            &coord,
            &format!("Coordinator, {}", region.name_en),
            None,
            UserRole::Coordinator,
            std::slice::from_ref(&region.code),
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
        // Ulytau has one representative for general matters only, so its election reports
        // land in the coordinators' triage queue, as they would before rules are complete.
        let partial = region.code == "KZ-62";
        for k in 0..(if partial { 1 } else { 2 }) {
            let name = NAMES[(i * 2 + k) % NAMES.len()];
            let email = Email::parse("email", &format!("rep{k}.{code}@demo.example.kz"))
                .map_err(|e| anyhow::anyhow!(e.message))?;
            let position = if k == 0 {
                "Deputy of the regional maslikhat"
            } else {
                "Party branch secretary"
            };
            let (u, _) = people::upsert_user(
                &st.db,
                &email,
                name,
                Some(position),
                UserRole::Representative,
                &[],
                now,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
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
            reps.push(CurrentUser {
                id: u.id,
                name: u.name,
                role: UserRole::Representative,
                regions: vec![],
            });
        }
    }
    let coordinator = CurrentUser {
        id: admin_user.id,
        name: admin_user.name,
        role: UserRole::Admin,
        regions: vec![],
    };
    let mut seen: Vec<(String, String, i32)> = Vec::new();
    for i in 0..n {
        let (cat, title, desc) = *PROBLEMS.choose(&mut rng).expect("non-empty");
        let region = reference
            .regions
            .choose(&mut rng)
            .expect("non-empty")
            .code
            .clone();
        let created = now - Duration::minutes(rng.random_range(60..90 * 24 * 60));
        let mut demo = st.clone();
        demo.clock = Clock::fake(created);
        let p = NewProblem {
            title: title.into(),
            description: desc.into(),
            category: cat.into(),
            region,
            address: None,
            location: None,
            email: Email::parse("email", &format!("citizen{i}@demo.example.kz"))
                .map_err(|e| anyhow::anyhow!(e.message))?,
            display_name: Some(
                NAMES
                    .choose(&mut rng)
                    .expect("non-empty")
                    .split(' ')
                    .next()
                    .unwrap_or("")
                    .into(),
            ),
            anonymous: rng.random_bool(0.3),
        };
        let answer = intake::submit(&demo, p, None)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
        let id = i32::try_from(answer.body["id"].as_i64().unwrap_or(0))?;
        if rng.random_bool(0.05) {
            continue; // stays unconfirmed
        }
        demo.clock
            .advance(Duration::minutes(rng.random_range(5..600)));
        intake::confirm_id(&demo, id)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
        let age = now - created;
        let steps = rng.random_range(0..6);
        for step in 0..steps {
            let p = problem::Entity::find()
                .filter(problem::Column::Id.eq(id))
                .one(&st.db)
                .await?
                .expect("just created");
            let Some(rep) = p
                .representative_id
                .and_then(|r| reps.iter().find(|x| x.id == r))
            else {
                break;
            };
            let hop = Duration::minutes(rng.random_range(30..(age.num_minutes() / 6).max(31)));
            if demo.clock.now() + hop >= now {
                break;
            }
            demo.clock.advance(hop);
            let (action, note) = match (p.status.as_str(), step, rng.random_range(0..10)) {
                ("assigned", _, 0) => (
                    "reject",
                    Some("Outside my competence: this is a matter for the akimat."),
                ),
                ("assigned", _, _) => ("acknowledge", None),
                ("acknowledged", _, 0..=1) => (
                    "comment",
                    Some("I have sent an inquiry to the responsible department."),
                ),
                ("acknowledged", _, _) => ("start", None),
                ("in_progress", _, 0..=6) => (
                    "resolve",
                    Some("The department has fixed it; please check and tell us."),
                ),
                ("in_progress", _, _) => ("comment", Some("Work is scheduled for next week.")),
                ("resolved", _, r) => {
                    let reply = if r < 7 {
                        workflow::CitizenReply::Fixed
                    } else {
                        workflow::CitizenReply::NotFixed
                    };
                    workflow::citizen_reply(&demo, &p.tracking_token, reply, None)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
                    continue;
                }
                ("reopened", _, _) => ("acknowledge", None),
                _ => break,
            };
            workflow::act(
                &demo,
                rep,
                id,
                workflow::ActionRequest {
                    action: action.into(),
                    note: note.map(Into::into),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
        }
        // Coordinators tidy up: close some rejected problems, merge some repeats.
        let p = problem::Entity::find_by_id(id)
            .one(&st.db)
            .await?
            .expect("exists");
        let key = (p.region_code.clone(), p.category_code.clone());
        let earlier = seen
            .iter()
            .find(|(r, c, _)| (r, c) == (&key.0, &key.1))
            .map(|x| x.2);
        demo.clock.advance(Duration::minutes(30));
        if demo.clock.now() < now {
            let tidy = match (p.status.as_str(), earlier) {
                ("rejected", _) if rng.random_bool(0.5) => Some(workflow::ActionRequest {
                    action: "close".into(),
                    note: Some("Passed to the akimat, which is responsible for this.".into()),
                    ..Default::default()
                }),
                ("assigned" | "acknowledged", Some(orig)) if rng.random_bool(0.15) => {
                    Some(workflow::ActionRequest {
                        action: "mark_duplicate".into(),
                        duplicate_of: Some(orig),
                        ..Default::default()
                    })
                }
                _ => None,
            };
            if let Some(req) = tidy {
                workflow::act(&demo, &coordinator, id, req)
                    .await
                    .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
            }
        }
        seen.push((key.0, key.1, id));
        if (i + 1) % 50 == 0 {
            println!("{} problems", i + 1);
        }
    }
    // What the scheduled jobs would have done by now: overdue marks, escalations, and the
    // citizens asked whether their resolved problems are fixed.
    let swept = crate::services::sla::sweep(st, now).await?;
    let checked = crate::services::sla::citizen_check(st, now).await?;
    println!("deadlines: {swept}; citizen check: {checked}");
    outbox::Entity::delete_many()
        .filter(outbox::Column::Id.gt(start_outbox))
        .exec(&st.db)
        .await?;
    println!(
        "demo data ready: {n} problems, {} representatives; sign in as admin@demo.example.kz \
         (the login link is written to the mail folder or sent over SMTP)",
        reps.len()
    );
    Ok(())
}
