//! What a job run did, as figures (`checked: 5, overdue: 2`) rather than English text, so
//! that the admin page shows it in the reader's language (`jobs-figure-*` messages) while
//! the log and the command line read it in English.

use crate::i18n::message_with;

/// A run's figures, in the order they are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary(pub Vec<(&'static str, i64)>);

impl Summary {
    /// One figure more.
    pub fn with(mut self, name: &'static str, n: impl TryInto<i64>) -> Summary {
        self.0.push((name, n.try_into().unwrap_or(i64::MAX)));
        self
    }

    /// The figures in `lang`: `5 checked, 2 overdue`.
    pub fn render(&self, lang: &str) -> String {
        render(self.0.iter().map(|(k, n)| (*k, *n)), lang)
    }

    /// As stored in `job_runs.last_summary`: a JSON list of `[name, count]`.
    pub fn encode(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render("en"))
    }
}

fn render<'a>(figures: impl Iterator<Item = (&'a str, i64)>, lang: &str) -> String {
    figures
        .map(|(k, n)| message_with(lang, &format!("jobs.figure.{k}"), &[("count", n.into())]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stored summary in `lang`: figures written by [`Summary::encode`], or text as it was
/// stored (an error's message, or a run from before figures were kept).
pub fn stored_text(stored: &str, lang: &str) -> String {
    match serde_json::from_str::<Vec<(String, i64)>>(stored) {
        Ok(figures) => render(figures.iter().map(|(k, n)| (k.as_str(), *n)), lang),
        Err(_) => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_in_each_language_and_old_text_stays() {
        let s = Summary::default().with("checked", 5).with("overdue", 1);
        assert_eq!(s.to_string(), "5 checked, 1 overdue");
        let stored = s.encode();
        assert_eq!(stored_text(&stored, "en"), "5 checked, 1 overdue");
        let ru = stored_text(&stored, "ru");
        assert!(ru.contains('5') && !ru.contains("checked"), "{ru}");
        assert_ne!(stored_text(&stored, "kk"), ru);
        assert_eq!(
            stored_text("connection refused", "ru"),
            "connection refused"
        );
    }
}
