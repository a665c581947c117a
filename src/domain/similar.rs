//! "Is this problem already filed?": how alike two titles are, so that the form and the API
//! can suggest an open problem to support instead of filing it again.
//!
//! Titles are compared word by word. A title's words are its runs of letters and digits,
//! lower-cased (`ё` read as `е`), any script; words of one or two letters (`на`, `в`, `и`)
//! say little and are skipped, numbers are kept. Two words are alike by the Dice
//! coefficient of their character trigrams, each word padded with one space in front, so
//! that a shared beginning counts and a different ending costs little (`дорога`/`дороги`
//! 0.8); a word that begins with the whole of another (`жол`/`жолдар`, Kazakh suffixes)
//! counts at least [`PREFIX`]. Below [`WORD_MATCH`] two words are not alike at all.
//! A title's score is how well the query's words are covered by the title's
//! ([`QUERY_WEIGHT`]) and the title's by the query's (the rest): what the citizen typed
//! matters most, and a title about much more ranks below one about just that.

use std::cmp::Ordering;

/// At most this many suggestions.
pub const LIMIT: usize = 5;
/// The least score a suggested title has (0 to 1).
pub const THRESHOLD: f64 = 0.4;
/// The least similarity for two words to count as alike.
pub const WORD_MATCH: f64 = 0.5;
/// The similarity of a word and a longer word it begins (at least [`MIN_WORD`] letters).
pub const PREFIX: f64 = 0.8;
/// The shortest word compared, in characters (numbers of any length count).
pub const MIN_WORD: usize = 3;
/// How much the coverage of the query's words weighs in a score.
pub const QUERY_WEIGHT: f64 = 0.7;

/// A word, with its trigrams sorted (for counting the shared ones by merging).
#[derive(Clone, Debug, PartialEq)]
struct Word {
    chars: Vec<char>,
    grams: Vec<[char; 3]>,
}

impl Word {
    fn new(chars: Vec<char>) -> Word {
        let padded: Vec<char> = std::iter::once(' ').chain(chars.iter().copied()).collect();
        let mut grams: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
        if grams.is_empty() {
            // A one-digit number: its padded self.
            grams.push([' ', padded[1], ' ']);
        }
        grams.sort_unstable();
        Word { chars, grams }
    }

    /// How alike two words are, from 0 to 1.
    fn similarity(&self, other: &Word) -> f64 {
        if self.chars == other.chars {
            return 1.0;
        }
        let (short, long) = if self.chars.len() <= other.chars.len() {
            (self, other)
        } else {
            (other, self)
        };
        let prefix = if short.chars.len() >= MIN_WORD && long.chars.starts_with(&short.chars) {
            PREFIX
        } else {
            0.0
        };
        let shared = shared(&self.grams, &other.grams);
        let dice = 2.0 * shared as f64 / (self.grams.len() + other.grams.len()) as f64;
        dice.max(prefix)
    }
}

/// How many trigrams two sorted lists share (each counted once per occurrence).
fn shared(a: &[[char; 3]], b: &[[char; 3]]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The words of a title that are compared: lower-cased runs of letters and digits, `ё` as
/// `е`, without words of fewer than [`MIN_WORD`] letters (numbers are all kept).
pub fn words(title: &str) -> Vec<String> {
    split(title)
        .into_iter()
        .map(|w| w.chars.into_iter().collect())
        .collect()
}

fn split(title: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut word: Vec<char> = Vec::new();
    let mut flush = |word: &mut Vec<char>| {
        let keep = word.len() >= MIN_WORD || word.iter().all(|c| c.is_numeric());
        if !word.is_empty() && keep {
            out.push(Word::new(std::mem::take(word)));
        }
        word.clear();
    };
    for c in title.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                word.push(if l == 'ё' { 'е' } else { l });
            }
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    out
}

/// What a citizen typed, ready to be compared with many titles.
#[derive(Clone, Debug)]
pub struct Query {
    words: Vec<Word>,
}

impl Query {
    /// The query for `title`.
    pub fn new(title: &str) -> Query {
        Query {
            words: split(title),
        }
    }

    /// Whether the query has no word to compare (only punctuation or short words).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How alike `title` is to the query, from 0 (nothing in common) to 1, to a thousandth.
    pub fn score(&self, title: &str) -> f64 {
        let theirs = split(title);
        if self.words.is_empty() || theirs.is_empty() {
            return 0.0;
        }
        let coverage = |of: &[Word], by: &[Word]| {
            of.iter()
                .map(|w| {
                    by.iter()
                        .map(|o| w.similarity(o))
                        .filter(|s| *s >= WORD_MATCH)
                        .fold(0.0, f64::max)
                })
                .sum::<f64>()
                / of.len() as f64
        };
        let score = QUERY_WEIGHT * coverage(&self.words, &theirs)
            + (1.0 - QUERY_WEIGHT) * coverage(&theirs, &self.words);
        // To a thousandth: titles equally alike tie exactly, whatever the order of the sums,
        // and the tie is broken by supporters and age.
        (score * 1000.0).round() / 1000.0
    }
}

/// An open problem that might be the one the citizen is about to file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate<'a> {
    pub id: i32,
    pub title: &'a str,
    pub supporters: i32,
}

/// The candidates worth suggesting for `query`, best first, at most [`LIMIT`]: those
/// scoring at least [`THRESHOLD`], by score, then more supporters (the problem others
/// already back), then the newer (the larger id). Each comes with its index in
/// `candidates` and its score.
pub fn most_similar(query: &Query, candidates: &[Candidate<'_>]) -> Vec<(usize, f64)> {
    if query.is_empty() {
        return Vec::new();
    }
    // Titles repeat (the same pothole reported in the same words): each distinct one is
    // scored once.
    let mut seen: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
    let mut scored: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                i,
                *seen.entry(c.title).or_insert_with(|| query.score(c.title)),
            )
        })
        .filter(|(_, s)| *s >= THRESHOLD)
        .collect();
    scored.sort_by(|(a, sa), (b, sb)| {
        let (a, b) = (&candidates[*a], &candidates[*b]);
        sb.total_cmp(sa)
            .then(b.supporters.cmp(&a.supporters))
            .then(b.id.cmp(&a.id))
    });
    scored.truncate(LIMIT);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(q: &str, title: &str) -> f64 {
        Query::new(q).score(title)
    }

    fn word_sim(a: &str, b: &str) -> f64 {
        let (a, b) = (&split(a)[0], &split(b)[0]);
        (a.similarity(b) * 1000.0).round() / 1000.0
    }

    #[test]
    fn words_are_lowercased_letters_and_digits_of_any_script() {
        assert_eq!(
            words("Разбитая ДОРОГА, ул. Абая 15!"),
            ["разбитая", "дорога", "абая", "15"]
        );
        assert_eq!(
            words("Көшедегі ҚАРДЫ әкетіңіз"),
            ["көшедегі", "қарды", "әкетіңіз"]
        );
        assert_eq!(
            words("Ұлы Үй һәм Іле ғой ңң өте"),
            ["ұлы", "һәм", "іле", "ғой", "өте"]
        );
        assert_eq!(
            words("Broken street-light #7"),
            ["broken", "street", "light", "7"]
        );
        assert_eq!(words("Ёлка на ёлке"), ["елка", "елке"]);
        assert_eq!(words("?!… — на в и"), Vec::<String>::new());
    }

    #[test]
    fn word_endings_cost_little() {
        // " до" "дор" "оро" "рог" + "оги" / "ога": 4 shared of 5 and 5.
        assert_eq!(word_sim("дороги", "дорога"), 0.8);
        // "жол" begins "жолдар": a Kazakh suffix.
        assert_eq!(word_sim("жол", "жолдар"), 0.8);
        assert_eq!(word_sim("дорога", "дорога"), 1.0);
        assert_eq!(word_sim("дом", "дорога"), 0.286);
        assert_eq!(word_sim("свет", "мусор"), 0.0);
    }

    #[test]
    fn query_words_weigh_more_than_the_titles() {
        // дороги~дорога 0.8 covers the query; the title's two words: (0 + 0.8) / 2.
        assert_eq!(score("дороги", "Разбитая дорога"), 0.68);
        assert_eq!(score("жолдар", "Жол бұзылған"), 0.68);
        assert_eq!(score("Разбитая дорога", "Разбитая дорога"), 1.0);
        assert_eq!(score("яма на дороге", "Разбитая дорога у школы"), 0.36);
        assert_eq!(score("Нет света во дворе", "Мусор не вывозят"), 0.0);
        assert_eq!(score("!!!", "Разбитая дорога"), 0.0);
        // 0.7 × 0.8 + 0.3 × 0.8 and 0.7 × 1 + 0.3 × 1/3 are the same score.
        assert_eq!(score("дороги", "Дорога"), 0.8);
        assert_eq!(score("дороги", "Плохие дороги во дворе"), 0.8);
    }

    #[test]
    fn the_best_few_come_first_by_score_then_supporters_then_newer() {
        let c = |id, title, supporters| Candidate {
            id,
            title,
            supporters,
        };
        let candidates = [
            c(1, "Разбитая дорога", 0),
            c(2, "Нет света", 9),
            c(3, "Разбитая дорога", 4),
            c(4, "Разбитая дорога у школы", 0),
            c(5, "Разбитая дорога", 0),
            c(6, "Дорога", 0),
            c(7, "Разбитая дорога", 4),
            c(8, "Разбитая дорога на мосту", 0),
        ];
        let ids: Vec<i32> = most_similar(&Query::new("разбитые дороги"), &candidates)
            .into_iter()
            .map(|(i, _)| candidates[i].id)
            .collect();
        // 7, 3, 5, 1 say just that (0.757), the newer first among equal supporters; 8 and 4
        // say more (0.681); "Дорога" alone (0.52) is sixth.
        assert_eq!(ids, [7, 3, 5, 1, 8]);
        assert!(most_similar(&Query::new("?!"), &candidates).is_empty());
    }
}
