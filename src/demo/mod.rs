//! `civic-tracker demo --problems N`: realistic demo data, fast enough for a million
//! problems. People and routing rules go through the same services as in real use
//! ([`fixtures`]); each problem's life is simulated with the service's own rules
//! ([`simulate`]: status machine, lifecycle, routing, deadlines and holidays) and written
//! with multi-row inserts ([`write`]). The deadline sweep and the citizen check then run
//! once, as the scheduler would have. The mails the demo causes are removed from the
//! outbox afterwards (nobody is behind the demo addresses).
//!
//! `demo --election` simulates a voting day the same way ([`election`]).

mod election;
mod fixtures;
mod simulate;
mod voting_day;
mod write;

pub use election::{ElectionDemo, election};
pub use write::fill;
