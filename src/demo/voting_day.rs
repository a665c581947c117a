//! One election report's voting day, simulated with the service's own rules: filed at a
//! polling station by a citizen (who confirms by mail, or not) or by an accredited observer
//! (published at once, as `services::observers` files it), routed, checked by the region's
//! coordinator (verified or found unverified) and answered by the representative at a
//! voting-day pace (the election categories' deadlines are hours, not days).

use super::simulate::{Generated, Life, Simulator, With, minutes};
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Role, Status};
use crate::entities::problem;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::ActiveValue::Set;

/// The election categories, how often each is reported, and what a report of it says.
pub(super) const REPORTS: &[(&str, u32, &str, &str)] = &[
    (
        "election_polling_station",
        40,
        "Observer not let into the polling station",
        "The commission chair would not let the accredited observer in until noon.",
    ),
    (
        "election_violation",
        20,
        "Voter list has names of people who moved away",
        "Several neighbours who moved away years ago are still on the list and marked as voted.",
    ),
    (
        "election_vote_buying",
        15,
        "Food parcels handed out near the polling station",
        "People by the entrance hand out food parcels to voters who show their invitation.",
    ),
    (
        "election_pressure",
        15,
        "Staff told to photograph their ballots",
        "Our employer told everyone to send a photo of the marked ballot to the manager.",
    ),
    (
        "election_admin_resources",
        10,
        "Akimat bus brings voters to the station",
        "A bus of the district akimat brings groups of voters to the station and back.",
    ),
];

/// Polling hours' shares of the day's reports, from 07:00: a morning and an evening peak.
pub(super) const HOUR_WEIGHTS: [u32; 13] = [5, 9, 10, 9, 8, 7, 6, 6, 7, 8, 9, 9, 7];

/// What a report is about before its life is simulated.
pub(super) struct Filing {
    pub election: i32,
    pub station: i32,
    pub region: String,
    pub filed_at: DateTime<Utc>,
    /// The observer filing it (their id and e-mail address); `None` for a citizen.
    pub observer: Option<(i32, String)>,
    /// The region's coordinator, who checks reports.
    pub coordinator: Option<i32>,
}

impl Simulator<'_> {
    /// Report `id` (the `i`-th of the day) as filed, routed, checked and answered by now.
    pub(super) fn voting_day_report(&mut self, id: i32, i: u64, f: &Filing) -> Generated {
        let rng = &mut self.rng;
        let mut pick = rng.random_range(0..REPORTS.iter().map(|r| r.1).sum::<u32>());
        let &(cat, _, title, desc) = REPORTS
            .iter()
            .find(|r| {
                let hit = pick < r.1;
                pick = pick.saturating_sub(r.1);
                hit
            })
            .expect("a weight");
        // Every polling-station report names its station, most others do too.
        let station =
            (cat == "election_polling_station" || rng.random_bool(0.85)).then_some(f.station);
        let (email, name, anonymous) = match &f.observer {
            Some((_, email)) => (email.clone(), None, true),
            None => (
                format!("voter{i}@demo.example.kz"),
                Some(super::fixtures::NAMES[i as usize % super::fixtures::NAMES.len()].into()),
                rng.random_bool(0.4),
            ),
        };
        let mut row = problem::Model::filed(problem::Filing {
            title: title.into(),
            description: desc.into(),
            category_code: cat.into(),
            region_code: f.region.clone(),
            address: None,
            location: None,
            citizen_email: email,
            citizen_name: name,
            anonymous,
            tracking_token: crate::auth::random_token(24),
            confirm_token_hash: None,
            created_at: f.filed_at,
            open311_token: None,
            citizen_phone: None,
            citizen_device_id: None,
            citizen_account_id: None,
            media_url: None,
            consent_version: crate::domain::privacy::CONSENT_VERSION.into(),
            language: ["kk", "ru", "ru", "en"][rng.random_range(0..4)],
            election_id: Some(f.election),
            polling_station: station,
            observer_id: f.observer.as_ref().map(|o| o.0),
        });
        row.id = id;
        let mut life = Life {
            state: row.tracked(),
            row,
            t: f.filed_at,
            events: Vec::new(),
        };
        life.push(
            ActorKind::Citizen,
            None,
            Action::Submit,
            None,
            Status::Unconfirmed,
            None,
        );
        // An observer's report is published at once; a citizen confirms by mail within
        // minutes, or never.
        if f.observer.is_none() {
            let after = Duration::minutes(self.rng.random_range(1..20));
            if self.rng.random_bool(0.04) || !life.wait(self.now, after) {
                life.row.confirm_token_hash = Some(crate::auth::random_token(24));
                return life.finish(0);
            }
        }
        life.act(Action::Confirm, Role::Citizen, None, None);
        self.route(&mut life, &f.region, cat);
        self.check(&mut life, f);
        self.live(&mut life, &f.region, cat, true);
        if matches!(life.state.status, Status::Resolved | Status::Closed) {
            self.release(life.state.representative_id);
        }
        life.finish(0)
    }

    /// The region's coordinator checks some reports within the hour or two: verified, or
    /// found unverified, with a public note (observers' reports are checked more often).
    fn check(&mut self, life: &mut Life, f: &Filing) {
        let share = if f.observer.is_some() { 0.6 } else { 0.4 };
        let Some(coordinator) = f.coordinator else {
            return;
        };
        if !self.rng.random_bool(share) || !life.wait(self.now, minutes(&mut self.rng, 50.0, 0.7)) {
            return;
        }
        let verified = self.rng.random_bool(0.7);
        let (note, key) = if verified {
            (
                "Confirmed by the district commission and a second observer.",
                "event.verified",
            )
        } else {
            (
                "The commission and the observers at the station saw nothing of the kind.",
                "event.unverified",
            )
        };
        let w = With {
            note: Some(note),
            actor: Some(coordinator),
            ..With::default()
        };
        if life.step(Action::Verify, Role::Coordinator, w) {
            let says = crate::domain::event_note::EventNote::new(key);
            let e = life.events.last_mut().expect("pushed");
            e.note_key = Set(Some(key.to_string()));
            e.note_args = Set(Some(says.encoded_args()));
            life.row.verified = Some(verified);
        }
    }
}
