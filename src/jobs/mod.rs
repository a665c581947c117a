//! Background work. Today: the outbox worker. The purge of unconfirmed problems is
//! `services::intake::purge_unconfirmed`, which the scheduler (next issue) will call.

pub mod outbox;
