//! A search's words into search terms. Problems are written in Kazakh, Russian and English,
//! and the databases have no stemmer for Kazakh, so the same light rule serves all three:
//! each word is lowercased and loses its common endings (plural, case, possessive), keeping
//! a stem of at least [`MIN_STEM`] letters, and the stem is then matched as a prefix of the
//! words of a problem: «жолдар» searches `жол*` and finds «жол», «жолдың»; «дороги» and
//! «дорога» both search `дорог*`; "roads" searches `road*`.
//!
//! Every term must match (AND). Words shorter than two letters and a few common function
//! words ("на", "және", "the") are left out; two-letter words ("су") match whole words only.

/// The longest `q` accepted, in characters.
pub const MAX_CHARS: usize = 200;
/// The most words (terms) a search may have.
pub const MAX_WORDS: usize = 8;
/// A longer word is cut to this many characters (still a prefix of itself).
pub const MAX_WORD_CHARS: usize = 40;
/// The shortest stem an ending may leave.
pub const MIN_STEM: usize = 3;

/// Why a search was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchError {
    /// Longer than [`MAX_CHARS`].
    TooLong { got: usize },
    /// More than [`MAX_WORDS`] words to search.
    TooManyWords { got: usize },
    /// No word of two letters or more (once function words are left out).
    NoWords,
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::TooLong { got } => {
                write!(f, "q must be at most {MAX_CHARS} characters (got {got})")
            }
            SearchError::TooManyWords { got } => {
                write!(f, "q may have at most {MAX_WORDS} words (got {got})")
            }
            SearchError::NoWords => write!(f, "q must have a word of at least two letters"),
        }
    }
}

/// One term of a search: a stem matched as the beginning of a word, or a short word matched
/// whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Lowercase letters and digits only (safe to put in a full-text query).
    pub text: String,
    /// Matches any word beginning with `text` (else only the word itself).
    pub prefix: bool,
}

/// Words that would only narrow a search: prepositions and conjunctions.
const FUNCTION_WORDS: &[&str] = &[
    // Russian
    "на", "во", "по", "со", "от", "до", "за", "из", "не", "но", "для", "при", "под", "над", "об",
    "или", "это", "уже", "нет", // Kazakh
    "және", "мен", "бен", "пен", "бұл", "үшін", "да", "де", "та", "те", // English
    "the", "an", "of", "in", "on", "at", "to", "and", "or", "for", "is", "are", "by", "with",
    "from",
];

/// Russian endings: cases, plural, adjectives.
const RUSSIAN_ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ием", "иям", "иями", "иях", "ой",
    "ей", "ом", "ем", "ам", "ям", "ах", "ях", "ия", "ию", "ии", "ов", "ев", "ый", "ий", "ая", "яя",
    "ое", "ее", "ые", "ие", "ую", "юю", "ью", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь",
];

/// Kazakh endings: plural, cases, possessive, instrumental.
const KAZAKH_ENDINGS: &[&str] = &[
    "лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге",
    "қа", "ке", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
    "ндан", "нден", "ды", "ді", "ты", "ті", "ны", "ні", "сы", "сі", "мыз", "міз", "ым", "ім", "ың",
    "ің", "мен", "бен", "пен", "ғы", "гі", "қы", "кі", "ы", "і", "а", "е",
];

/// Letters only Kazakh writes: a word with one is Kazakh, and loses only Kazakh endings.
const KAZAKH_LETTERS: &str = "әғқңөұүһі";

/// English endings: plural, -ing, -ed.
const LATIN_ENDINGS: &[&str] = &["ies", "ing", "es", "ed", "s"];

/// How many endings one word may lose (Kazakh stacks them: жол-дар-ы-ның).
const MAX_STRIPS: usize = 3;

/// The one-letter endings that may also come off an inner stem (Kazakh possessive: жолдар-ы);
/// other one-letter endings only end a word («көше-лер-де» keeps «көше»).
const INNER_ONE_LETTER: &[&str] = &["ы", "і"];

/// The search terms of `q`, in order, without repeats.
pub fn terms(q: &str) -> Result<Vec<Term>, SearchError> {
    let chars = q.chars().count();
    if chars > MAX_CHARS {
        return Err(SearchError::TooLong { got: chars });
    }
    let mut out: Vec<Term> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        let word: String = word.to_lowercase().chars().take(MAX_WORD_CHARS).collect();
        let len = word.chars().count();
        if len < 2 || FUNCTION_WORDS.contains(&word.as_str()) {
            continue;
        }
        let term = if len == 2 {
            Term {
                text: word,
                prefix: false,
            }
        } else {
            Term {
                text: stem(&word),
                prefix: true,
            }
        };
        if !out.contains(&term) {
            out.push(term);
        }
    }
    if out.len() > MAX_WORDS {
        return Err(SearchError::TooManyWords { got: out.len() });
    }
    if out.is_empty() {
        return Err(SearchError::NoWords);
    }
    Ok(out)
}

/// `word` (lowercase) without its common endings, at least [`MIN_STEM`] letters long.
/// Words with digits are kept as they are.
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    if !word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return english_stem(word);
    }
    let mut stem = word.to_string();
    let mut round = 0;
    // A word without Kazakh letters first loses a Russian ending («дороге»: `дорог`, not
    // the Kazakh dative's `доро`); then, like a Kazakh word, stacked Kazakh endings
    // («жолдары»: `жолдар`, then `жол`).
    if !word.chars().any(|c| KAZAKH_LETTERS.contains(c))
        && let Some(e) = longest_ending(&stem, RUSSIAN_ENDINGS, true)
    {
        stem = strip(&stem, e);
        round = 1;
    }
    while round < MAX_STRIPS {
        match longest_ending(&stem, KAZAKH_ENDINGS, round == 0) {
            Some(e) => stem = strip(&stem, e),
            None => break,
        }
        round += 1;
    }
    stem
}

/// The longest of `endings` that `stem` ends with and may lose, keeping [`MIN_STEM`]
/// letters; one-letter endings only at the end of a word (`last`), but for the Kazakh
/// possessive [`INNER_ONE_LETTER`].
fn longest_ending(stem: &str, endings: &[&'static str], last: bool) -> Option<&'static str> {
    let len = stem.chars().count();
    endings
        .iter()
        .filter(|e| {
            let n = e.chars().count();
            stem.ends_with(*e)
                && len - n >= MIN_STEM
                && (last || n > 1 || INNER_ONE_LETTER.contains(e))
        })
        .max_by_key(|e| e.chars().count())
        .copied()
}

fn strip(stem: &str, ending: &str) -> String {
    stem[..stem.len() - ending.len()].to_string()
}

/// An English word without its plural, -ing or -ed ending (one of them).
fn english_stem(word: &str) -> String {
    match longest_ending(word, LATIN_ENDINGS, true) {
        // "glasses" keeps its "ss"; "boxes" loses "es", "streets" only "s".
        Some("s") if word.ends_with("ss") => word.to_string(),
        Some("es")
            if !["ses", "xes", "zes", "ches", "shes"]
                .iter()
                .any(|e| word.ends_with(e)) =>
        {
            strip(word, "s")
        }
        Some(e) => strip(word, e),
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<String> {
        terms(q)
            .unwrap()
            .into_iter()
            .map(|t| {
                if t.prefix {
                    format!("{}*", t.text)
                } else {
                    t.text
                }
            })
            .collect()
    }

    #[test]
    fn kazakh_plural_and_case_endings_leave_the_stem() {
        assert_eq!(stems("жолдар"), ["жол*"]);
        assert_eq!(stems("жол"), ["жол*"]);
        assert_eq!(stems("Жолдарының"), ["жол*"]);
        assert_eq!(stems("көшелерде"), ["көше*"]);
        assert_eq!(stems("көлікке"), ["көлік*"]);
        assert_eq!(stems("жолдары"), ["жол*"]);
        // Without Kazakh letters a Russian ending goes first: the dative stays.
        assert_eq!(stems("мектепке"), ["мектепк*"]);
        assert_eq!(stems("ауруханадан"), ["аурухана*"]);
    }

    #[test]
    fn russian_endings_leave_the_stem() {
        assert_eq!(stems("дорога"), ["дорог*"]);
        assert_eq!(stems("Дороги"), ["дорог*"]);
        assert_eq!(stems("дороге"), ["дорог*"]);
        assert_eq!(stems("парке"), ["парк*"]);
        assert_eq!(stems("дорогами"), ["дорог*"]);
        assert_eq!(stems("освещение освещения"), ["освещен*"]);
        assert_eq!(stems("улицы"), ["улиц*"]);
        assert_eq!(stems("дом"), ["дом*"]);
    }

    #[test]
    fn english_plurals_and_verb_endings_leave_the_stem() {
        assert_eq!(stems("Potholes"), ["pothole*"]);
        assert_eq!(stems("roads"), ["road*"]);
        assert_eq!(stems("buses"), ["bus*"]);
        assert_eq!(stems("glass"), ["glass*"]);
        assert_eq!(stems("cities"), ["cit*"]);
        assert_eq!(stems("flooding"), ["flood*"]);
        assert_eq!(stems("cancelled"), ["cancell*"]);
        assert_eq!(stems("bus"), ["bus*"]);
    }

    #[test]
    fn a_stem_keeps_at_least_three_letters() {
        assert_eq!(stem("дома"), "дом");
        assert_eq!(stem("уйы"), "уйы");
        assert_eq!(stem("ice"), "ice");
        assert_eq!(stem("uses"), "use");
    }

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        assert_eq!(
            stems("ул. Абая, 12 — яма!!! five-storey"),
            ["ул", "аба*", "12", "яма*", "five*", "storey*"]
        );
    }

    #[test]
    fn short_and_function_words_are_left_out_and_repeats_once() {
        assert_eq!(stems("яма на дороге и в дороге"), ["яма*", "дорог*"]);
        assert_eq!(stems("су жоқ"), ["су", "жоқ*"]);
        assert_eq!(stems("the water"), ["water*"]);
    }

    #[test]
    fn limits_are_named() {
        assert_eq!(
            terms(&"a".repeat(201)),
            Err(SearchError::TooLong { got: 201 })
        );
        assert!(terms(&"ж".repeat(200)).is_ok());
        assert_eq!(
            terms("one two three four five six seven eight nine"),
            Err(SearchError::TooManyWords { got: 9 })
        );
        assert_eq!(terms(" в и - "), Err(SearchError::NoWords));
        assert_eq!(terms(&"ж".repeat(60)).unwrap()[0].text.chars().count(), 40);
    }
}
