//! Parsing what citizens and users type into values the rest of the service can trust.
//! Each rule failure names the field, a stable code and a message in plain words: a
//! catalog key (`error.field.*`) said in the reader's language when it is shown.

use crate::i18n::Text;

/// A rule that one field broke.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    /// What is wrong, without the field's name (forms show it next to the field).
    pub message: Text,
}

impl FieldError {
    /// Builds an error for `field`.
    pub fn new(field: &'static str, code: &'static str, message: impl Into<Text>) -> Self {
        Self {
            field,
            code,
            message: message.into(),
        }
    }

    /// The error as a sentence that names the field, in `lang`: the field's code in
    /// English (`title must be at most 200 characters`), its name where the catalogs have
    /// one (`error.label.*`) in other languages.
    pub fn sentence(&self, lang: &str) -> String {
        Text::key("error.field_sentence")
            .names("field", "error.label", [self.field])
            .arg("message", self.message.render(lang))
            .render(lang)
    }
}

/// A mailbox in its one canonical spelling: the bare address, lower-cased. A display name
/// and angle brackets around the address (`"Name" <me@mail.kz>`, `<me@mail.kz>`) are
/// dropped, so that one mailbox is one address wherever it is stored, compared or mailed,
/// and nobody's own text reaches a `To` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

/// Characters RFC 5321 allows in an unquoted local part besides letters and digits.
const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-.";

impl Email {
    /// Parses an address: a dot-atom local part of at most 64 characters (quoted local
    /// parts are refused: no mailbox people type needs them), `@`, and a domain of at least
    /// two labels of letters, digits and inner hyphens; at most 254 characters in all. The
    /// confirmation mail is the real check.
    pub fn parse(field: &'static str, raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim();
        let bad = || FieldError::new(field, "invalid_email", "error.field.invalid_email");
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "error.field.required"));
        }
        // `Name <address>` and `<address>`: the address is what the brackets hold.
        let s = match s.rfind('<') {
            Some(i) if s.ends_with('>') => s[i + 1..s.len() - 1].trim(),
            _ => s,
        };
        if s.len() > EMAIL_MAX_BYTES {
            return Err(bad());
        }
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        let local_ok = (1..=EMAIL_LOCAL_MAX).contains(&local.len())
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                (1..=DOMAIN_LABEL_MAX).contains(&l.chars().count())
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            });
        if !local_ok || !domain_ok {
            return Err(bad());
        }
        Ok(Email(s.to_lowercase()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The length a text may have, in characters once surrounding whitespace is trimmed. The
/// parsers and the API's OpenAPI document read the same numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Length {
    pub min: usize,
    pub max: usize,
}

impl Length {
    /// [`text`] with these bounds.
    pub fn parse(
        self,
        field: &'static str,
        raw: Option<&str>,
        required: bool,
    ) -> Result<Option<String>, FieldError> {
        text(field, raw, self.min, self.max, required)
    }
}

/// A problem's title.
pub const TITLE: Length = Length { min: 5, max: 200 };
/// A problem's description.
pub const DESCRIPTION: Length = Length { min: 20, max: 5000 };
/// A category code as typed (whether it exists is checked after).
pub const CATEGORY_CODE: Length = Length { min: 1, max: 64 };
/// A region code as typed (whether it exists is checked after).
pub const REGION_CODE: Length = Length { min: 1, max: 16 };
/// A problem's address.
pub const ADDRESS: Length = Length { min: 1, max: 300 };
/// The name a citizen signs with.
pub const DISPLAY_NAME: Length = Length { min: 1, max: 100 };
/// A note on an action (resolution, reason, comment, question).
pub const NOTE: Length = Length { min: 1, max: 5000 };
/// The longest e-mail address, in bytes (RFC 5321's limit on a path).
pub const EMAIL_MAX_BYTES: usize = 254;
/// The longest local part of an e-mail address (before `@`), in characters (all ASCII).
pub const EMAIL_LOCAL_MAX: usize = 64;
/// The longest label of an e-mail address's domain, in characters.
pub const DOMAIN_LABEL_MAX: usize = 63;

/// Trims `raw` and checks its length in characters; an empty optional text is `None`.
pub fn text(
    field: &'static str,
    raw: Option<&str>,
    min: usize,
    max: usize,
    required: bool,
) -> Result<Option<String>, FieldError> {
    let s = raw.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return if required {
            Err(FieldError::new(field, "required", "error.field.required"))
        } else {
            Ok(None)
        };
    }
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(
            field,
            "invalid_characters",
            "error.field.control_characters",
        ));
    }
    let n = s.chars().count();
    if n < min {
        return Err(FieldError::new(
            field,
            "too_short",
            Text::key("error.field.too_short")
                .arg("min", min)
                .arg("got", n),
        ));
    }
    if n > max {
        return Err(FieldError::new(
            field,
            "too_long",
            Text::key("error.field.too_long")
                .arg("max", max)
                .arg("got", n),
        ));
    }
    Ok(Some(s.to_string()))
}

/// Kazakhstan's bounding box.
pub const LAT_RANGE: (f64, f64) = (40.5, 55.5);
/// Kazakhstan's bounding box.
pub const LON_RANGE: (f64, f64) = (46.4, 87.4);

/// A point inside Kazakhstan's bounding box; both coordinates or neither.
pub fn location(lat: Option<f64>, lon: Option<f64>) -> Result<Option<(f64, f64)>, FieldError> {
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(FieldError::new(
            "longitude",
            "required",
            "error.field.required_with_latitude",
        )),
        (None, Some(_)) => Err(FieldError::new(
            "latitude",
            "required",
            "error.field.required_with_longitude",
        )),
        (Some(la), Some(lo)) => {
            if !la.is_finite() || la < LAT_RANGE.0 || la > LAT_RANGE.1 {
                return Err(FieldError::new(
                    "latitude",
                    "out_of_range",
                    "error.field.latitude_range",
                ));
            }
            if !lo.is_finite() || lo < LON_RANGE.0 || lo > LON_RANGE.1 {
                return Err(FieldError::new(
                    "longitude",
                    "out_of_range",
                    "error.field.longitude_range",
                ));
            }
            Ok(Some((la, lo)))
        }
    }
}

/// A problem as submitted, before parsing (from the form or the JSON API).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawProblem {
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub anonymous: bool,
    pub consent: bool,
}

/// A parsed, valid new problem.
#[derive(Clone, Debug, PartialEq)]
pub struct NewProblem {
    pub title: String,
    pub description: String,
    pub category: String,
    pub region: String,
    pub address: Option<String>,
    pub location: Option<(f64, f64)>,
    pub email: Email,
    pub display_name: Option<String>,
    pub anonymous: bool,
    /// The election it belongs to and the polling station it names: none from
    /// [`parse_problem`]; `services::elections::claim` checks and sets them.
    pub election_id: Option<i32>,
    pub polling_station: Option<i32>,
}

/// Parses a submission. `known_region` and `known_category` say whether a code exists.
/// All failing fields are reported, in form order.
pub fn parse_problem(
    raw: &RawProblem,
    known_region: impl Fn(&str) -> bool,
    known_category: impl Fn(&str) -> bool,
) -> Result<NewProblem, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut ok = |r: Result<Option<String>, FieldError>| match r {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let title = ok(TITLE.parse("title", raw.title.as_deref(), true));
    let description = ok(DESCRIPTION.parse("description", raw.description.as_deref(), true));
    let category = ok(CATEGORY_CODE.parse("category", raw.category.as_deref(), true));
    let region = ok(REGION_CODE.parse("region", raw.region.as_deref(), true));
    let address = ok(ADDRESS.parse("address", raw.address.as_deref(), false));
    let display_name = ok(DISPLAY_NAME.parse("display_name", raw.display_name.as_deref(), false));
    if let Some(c) = &category
        && !known_category(c)
    {
        errors.push(FieldError::new(
            "category",
            "unknown_category",
            Text::key("error.field.unknown_category").arg("code", format!("{c:?}")),
        ));
    }
    if let Some(r) = &region
        && !known_region(r)
    {
        errors.push(FieldError::new(
            "region",
            "unknown_region",
            Text::key("error.field.unknown_region").arg("code", format!("{r:?}")),
        ));
    }
    let location = location(raw.latitude, raw.longitude).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let email = match Email::parse("email", raw.email.as_deref().unwrap_or("")) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if !raw.consent {
        errors.push(FieldError::new(
            "consent",
            "consent_required",
            "error.field.consent_required",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewProblem {
        title: title.unwrap_or_default(),
        description: description.unwrap_or_default(),
        category: category.unwrap_or_default(),
        region: region.unwrap_or_default(),
        address,
        location,
        email: email.expect("checked above"),
        display_name,
        anonymous: raw.anonymous,
        election_id: None,
        polling_station: None,
    })
}

/// Whether `next` is a path on this site to go on to after signing in or choosing a
/// language: it starts with one `/`, and nothing in it could make a browser leave the
/// site (`//host`, `/\host`, a scheme) or break the `Location` header.
pub fn local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 1000
        && next.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RawProblem {
        RawProblem {
            title: Some("Broken street light".into()),
            description: Some("The light at the corner has been out for two weeks.".into()),
            category: Some("roads".into()),
            region: Some("KZ-71".into()),
            email: Some("Aigerim@Example.KZ".into()),
            consent: true,
            ..Default::default()
        }
    }

    fn parse(raw: &RawProblem) -> Result<NewProblem, Vec<FieldError>> {
        parse_problem(raw, |r| r == "KZ-71", |c| c == "roads")
    }

    fn fields(raw: &RawProblem) -> Vec<(&'static str, &'static str)> {
        parse(raw)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn valid_problem_parses_and_normalises_email() {
        let p = parse(&valid()).unwrap();
        assert_eq!(p.email.as_str(), "aigerim@example.kz");
        assert_eq!(p.location, None);
    }

    #[test]
    fn every_broken_field_is_named() {
        let raw = RawProblem {
            title: Some("abc".into()),
            description: Some("short".into()),
            category: Some("nope".into()),
            region: Some("KZ-99".into()),
            latitude: Some(60.0),
            longitude: Some(70.0),
            email: Some("not-an-email".into()),
            consent: false,
            ..Default::default()
        };
        assert_eq!(
            fields(&raw),
            vec![
                ("title", "too_short"),
                ("description", "too_short"),
                ("category", "unknown_category"),
                ("region", "unknown_region"),
                ("latitude", "out_of_range"),
                ("email", "invalid_email"),
                ("consent", "consent_required"),
            ]
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut raw = valid();
        raw.title = Some("Жол жоқ".into()); // 7 characters, 13 bytes
        assert!(parse(&raw).is_ok());
        raw.title = Some("Ж".repeat(201));
        assert_eq!(fields(&raw), vec![("title", "too_long")]);
    }

    #[test]
    fn coordinates_come_in_pairs_inside_kazakhstan() {
        assert!(location(Some(51.1), Some(71.4)).is_ok());
        assert_eq!(location(Some(51.1), None).unwrap_err().field, "longitude");
        assert_eq!(location(None, Some(71.4)).unwrap_err().field, "latitude");
        assert_eq!(
            location(Some(51.1), Some(90.0)).unwrap_err().field,
            "longitude"
        );
        assert_eq!(
            location(Some(f64::NAN), Some(71.0)).unwrap_err().field,
            "latitude"
        );
    }

    #[test]
    fn emails() {
        for bad in [
            "", "a", "a@b", "a@@b.kz", "a b@c.kz", "@c.kz", "a@.kz", "a@kz.",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
        assert!(Email::parse("email", " a.b+c@mail.kz ").is_ok());
    }

    #[test]
    fn one_mailbox_has_one_spelling() {
        let canonical = |raw: &str| Email::parse("email", raw).map(|e| e.as_str().to_string());
        for raw in [
            "me@x.kz",
            "ME@X.KZ",
            "<me@x.kz>",
            "\"a\" <me@x.kz>",
            "Someone Else <Me@x.kz>",
            "  <me@x.kz>  ",
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok("me@x.kz"), "{raw}");
        }
        assert_eq!(
            canonical("Әсел@пошта.қаз").as_deref().map_err(|e| e.code),
            Err("invalid_email"),
            "a local part outside ASCII is refused"
        );
        assert_eq!(canonical("asel@пошта.қаз").as_deref(), Ok("asel@пошта.қаз"));
        for bad in [
            "\"a\"<me",
            "me@x.kz>",
            "<me@x.kz",
            "\"a b\"@x.kz",
            "a,b@x.kz",
            "a<b@x.kz",
            ".a@x.kz",
            "a..b@x.kz",
            "a@-x.kz",
            "a@x_y.kz",
            "a@x.kz\r\nBcc: b@y.kz",
        ] {
            assert!(canonical(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_paths_on_this_site_are_local() {
        for ok in [
            "/",
            "/workspace/problems/1",
            "/problems?region=KZ-75&page=2",
        ] {
            assert!(local_path(ok), "{ok}");
        }
        for bad in [
            "",
            "workspace",
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example/",
            "/a b",
            "/a\r\nSet-Cookie: x=1",
            "/проблема",
        ] {
            assert!(!local_path(bad), "{bad}");
        }
    }
}
