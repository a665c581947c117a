//! Answering by e-mail (issue 19), the rules without the mail: the signed reply address a
//! mail about a problem carries, what of a reply's text is kept, and what a reply asks for.
//!
//! A reply address is `reply+<token>@<inbound.reply_domain>`; the token is
//! `<problem>.<party>.<day>.<mac>`: the problem's id, who it was made for (`c` the citizen,
//! `r<id>` a representative, `k<id>` a coordinator or admin), the day it was made (days
//! since 1970-01-01, for expiry) and the first 10 bytes of an HMAC-SHA256, in hex, over
//! those and the recipient's address. So a token cannot be guessed, nor moved to another
//! problem, person or address: changing any part breaks the MAC.

use super::state::{ActorKind, UserRole};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Who a reply address was made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// The problem's citizen.
    Citizen,
    /// A representative (user id).
    Representative(i32),
    /// A coordinator or admin (user id).
    Coordinator(i32),
}

impl Party {
    /// The name stored with a reply (`inbound_replies.party`): the person's kind.
    pub fn kind(self) -> &'static str {
        match self {
            Party::Citizen => ActorKind::Citizen.as_str(),
            Party::Representative(_) => UserRole::Representative.as_str(),
            Party::Coordinator(_) => UserRole::Coordinator.as_str(),
        }
    }

    /// The party a stored reply names: its kind and user.
    pub fn stored(kind: &str, user: Option<i32>) -> Option<Party> {
        if kind == ActorKind::Citizen.as_str() {
            Some(Party::Citizen)
        } else if kind == UserRole::Representative.as_str() {
            user.map(Party::Representative)
        } else if kind == UserRole::Coordinator.as_str() {
            user.map(Party::Coordinator)
        } else {
            None
        }
    }

    fn code(self) -> String {
        match self {
            Party::Citizen => "c".into(),
            Party::Representative(id) => format!("r{id}"),
            Party::Coordinator(id) => format!("k{id}"),
        }
    }

    fn parse(s: &str) -> Option<Party> {
        let id = |rest: &str| {
            (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
                .then(|| rest.parse::<i32>().ok())
                .flatten()
                .filter(|id| *id > 0)
        };
        match s.split_at_checked(1)? {
            ("c", "") => Some(Party::Citizen),
            ("r", rest) => id(rest).map(Party::Representative),
            ("k", rest) => id(rest).map(Party::Coordinator),
            _ => None,
        }
    }
}

/// What a reply token says (before its MAC is checked against an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub problem: i32,
    pub party: Party,
    /// Days since 1970-01-01 (UTC) when it was made.
    pub day: i64,
}

/// Bytes of the MAC kept in a token (80 bits).
const MAC_BYTES: usize = 10;

impl Token {
    /// The token for `address` (the recipient's; compared without case).
    pub fn sign(self, secret: &[u8], address: &str) -> String {
        let mac = self.mac(secret, address);
        format!(
            "{}.{}.{}.{}",
            self.problem,
            self.party.code(),
            self.day,
            hex(&mac)
        )
    }

    /// The keyed hash over the token's parts and the address, before it is finished.
    fn keyed(self, secret: &[u8], address: &str) -> Hmac<Sha256> {
        let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        m.update(
            format!(
                "civic-tracker reply v1\0{}\0{}\0{}\0{}",
                self.problem,
                self.party.code(),
                self.day,
                address.trim().to_lowercase()
            )
            .as_bytes(),
        );
        m
    }

    fn mac(self, secret: &[u8], address: &str) -> [u8; MAC_BYTES] {
        let full = self.keyed(secret, address).finalize().into_bytes();
        let mut out = [0u8; MAC_BYTES];
        out.copy_from_slice(&full[..MAC_BYTES]);
        out
    }

    /// The token in `text` (`<problem>.<party>.<day>.<mac>`) and its MAC, if well formed.
    pub fn parse(text: &str) -> Option<(Token, [u8; MAC_BYTES])> {
        let mut parts = text.split('.');
        let (problem, party, day, mac) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || mac.len() != MAC_BYTES * 2 {
            return None;
        }
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(problem) || !digits(day) {
            return None;
        }
        let mut bytes = [0u8; MAC_BYTES];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(mac.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some((
            Token {
                problem: problem.parse().ok().filter(|p| *p > 0)?,
                party: Party::parse(&party.to_ascii_lowercase())?,
                day: day.parse().ok()?,
            },
            bytes,
        ))
    }

    /// Whether `mac` is this token's for `address` (in constant time).
    pub fn made_for(self, secret: &[u8], address: &str, mac: &[u8; MAC_BYTES]) -> bool {
        self.keyed(secret, address)
            .verify_truncated_left(mac)
            .is_ok()
    }

    /// Whether the token is older than `days` on day `today`.
    pub fn expired(self, today: i64, days: i64) -> bool {
        today - self.day > days || self.day > today + 1
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token of a reply address `reply+TOKEN@domain` (the local part compared without
/// case; a mail server may have changed it), if `address` is one for `domain`.
pub fn token_in_address<'a>(address: &'a str, domain: &str) -> Option<&'a str> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, host) = address.rsplit_once('@')?;
    if !host.eq_ignore_ascii_case(domain) {
        return None;
    }
    let prefix = local.get(..6)?;
    prefix
        .eq_ignore_ascii_case("reply+")
        .then(|| &local[6..])
        .filter(|t| !t.is_empty())
}

/// What the sender wrote, without what a reply usually carries below it: the quoted mail
/// (lines starting with `>`, an "On ... wrote:" line, an Outlook or Gmail separator), a
/// signature (after `-- `), "Sent from my phone" lines, and everything from a line holding
/// one of `markers` (the mail's own "reply above this line", in each language) on.
pub fn kept_text(body: &str, markers: &[&str]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        let lower = t.to_lowercase();
        let cut = t.starts_with('>')
            || markers.iter().any(|m| !m.is_empty() && t.contains(m))
            || t == "--"
            || line.trim_end_matches('\r') == "-- "
            || QUOTE_HEADERS.iter().any(|w| lower.ends_with(w))
            || SEPARATORS.iter().any(|s| lower.contains(s))
            || SENT_FROM.iter().any(|s| lower.starts_with(s))
            || (t.len() >= 20 && t.chars().all(|c| c == '_'));
        if cut {
            break;
        }
        kept.push(line.trim_end());
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    while kept.first().is_some_and(|l| l.is_empty()) {
        kept.remove(0);
    }
    kept.join("\n")
}

/// How a quoted mail's header line ends ("On 3 Dec, X wrote:").
const QUOTE_HEADERS: &[&str] = &[
    "wrote:",
    "пишет:",
    "написал:",
    "написала:",
    "написал(а):",
    "жазды:",
];
/// Separators mail programs put above the quoted mail.
const SEPARATORS: &[&str] = &[
    "-----original message-----",
    "-------- original message --------",
    "-----исходное сообщение-----",
    "-------- исходное сообщение --------",
    "---------- forwarded message ---------",
];
/// Lines phones and apps add.
const SENT_FROM: &[&str] = &[
    "sent from my ",
    "sent from outlook",
    "get outlook for ",
    "отправлено с ",
    "отправлено из ",
    "жіберілді ",
];

/// What a representative's reply asks for: an action named by its first word, before a
/// colon ("resolved: the pit is filled", «решено: ...», «шешілді: ...»), with the rest as
/// its note; without one, a public comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepCommand {
    Comment,
    Acknowledge,
    Start,
    Resolve,
    Reject,
    AskCitizen,
}

impl RepCommand {
    /// The workflow action's API name.
    pub fn action(self) -> &'static str {
        match self {
            RepCommand::Comment => "comment",
            RepCommand::Acknowledge => "acknowledge",
            RepCommand::Start => "start",
            RepCommand::Resolve => "resolve",
            RepCommand::Reject => "reject",
            RepCommand::AskCitizen => "ask_citizen",
        }
    }
}

/// The command words with their colon, in English, Russian and Kazakh.
pub const REP_COMMANDS: &[(RepCommand, &[&str])] = &[
    (
        RepCommand::Resolve,
        &["resolved:", "fixed:", "решено:", "исправлено:", "шешілді:"],
    ),
    (
        RepCommand::Acknowledge,
        &["acknowledged:", "accepted:", "принято:", "қабылданды:"],
    ),
    (
        RepCommand::Start,
        &["started:", "in progress:", "в работе:", "жұмыста:"],
    ),
    (
        RepCommand::Reject,
        &["rejected:", "отклонено:", "қабылданбады:"],
    ),
    (RepCommand::AskCitizen, &["question:", "вопрос:", "сұрақ:"]),
];

/// A representative's command and note from the kept text.
pub fn rep_command(text: &str) -> (RepCommand, String) {
    if let Some((head, rest)) = text.split_once(':') {
        let word = format!("{}:", head.trim().to_lowercase());
        for (cmd, words) in REP_COMMANDS {
            if words.contains(&word.as_str()) {
                return (*cmd, rest.trim().to_string());
            }
        }
    }
    (RepCommand::Comment, text.trim().to_string())
}

/// The citizen's answer to "Has this been fixed?", by the reply's first word: yes (`Some(true)`),
/// no (`Some(false)`), or neither.
pub fn citizen_verdict(text: &str) -> Option<bool> {
    let first: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match first.as_str() {
        "yes" | "да" | "иә" | "ия" | "иа" => Some(true),
        "no" | "нет" | "жоқ" | "жок" => Some(false),
        _ => None,
    }
}

/// Why a received mail is refused before its token is looked at: an automatic reply (RFC
/// 3834's `Auto-Submitted`, `Precedence: bulk/junk/list`, the `X-Autoreply` family, a
/// bounce's empty return path) must never be answered, or two robots write to each other
/// for ever.
pub fn is_automatic(header: impl Fn(&str) -> Option<String>) -> bool {
    let has = |name: &str| header(name).is_some();
    let value = |name: &str| header(name).map(|v| v.trim().to_lowercase());
    value("Auto-Submitted").is_some_and(|v| v != "no")
        || value("Precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "junk" | "list"))
        || has("X-Autoreply")
        || has("X-Autorespond")
        || value("X-Auto-Response-Suppress").is_some_and(|v| v.contains("all") || v.contains("oof"))
        || has("List-Id")
        || value("Return-Path").is_some_and(|v| v == "<>" || v.is_empty())
        || value("Subject").is_some_and(|s| {
            [
                "auto:",
                "automatic reply",
                "out of office",
                "автоответ",
                "автоматический ответ",
            ]
            .iter()
            .any(|w| s.starts_with(w))
        })
}

/// The configured `From` check (`inbound.from_check`): whether the organisation's own mail
/// server, which writes `Authentication-Results` headers as `authserv_id` (and removes any
/// that arrive claiming that name, RFC 8601 section 5), found the mail's `From` genuine
/// for `from_domain` by DMARC. `results` are the values of the mail's
/// `Authentication-Results` headers; another server's are not believed.
pub fn from_vouched(results: &[String], authserv_id: &str, from_domain: &str) -> bool {
    if authserv_id.is_empty() || from_domain.is_empty() {
        return false;
    }
    results.iter().any(|value| {
        let mut parts = value.split(';');
        let server = parts.next().unwrap_or("").split_whitespace().next();
        server.is_some_and(|s| s.eq_ignore_ascii_case(authserv_id))
            && parts.any(|result| {
                let words: Vec<String> = result
                    .split_whitespace()
                    .map(|w| w.to_ascii_lowercase())
                    .collect();
                words.first().is_some_and(|w| w == "dmarc=pass")
                    && words
                        .iter()
                        .any(|w| w == &format!("header.from={}", from_domain.to_ascii_lowercase()))
            })
    })
}

/// The domain of an address, lower-cased (empty without one).
pub fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>').to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a secret of the instance";

    fn token() -> Token {
        Token {
            problem: 42,
            party: Party::Representative(7),
            day: 20_791,
        }
    }

    #[test]
    fn a_token_checks_only_for_its_problem_person_and_address() {
        let t = token().sign(SECRET, "Rep@Party.kz");
        assert!(t.starts_with("42.r7.20791."), "{t}");
        let (parsed, mac) = Token::parse(&t).unwrap();
        assert_eq!(parsed, token());
        assert!(parsed.made_for(SECRET, "rep@party.kz", &mac));
        assert!(!parsed.made_for(SECRET, "other@party.kz", &mac));
        assert!(!parsed.made_for(b"another secret", "rep@party.kz", &mac));
        // Moved to another problem or person: the MAC no longer fits.
        for moved in [
            t.replacen("42.", "43.", 1),
            t.replacen(".r7.", ".r8.", 1),
            t.replacen(".r7.", ".k7.", 1),
            t.replacen(".r7.", ".c.", 1),
            t.replacen(".20791.", ".20999.", 1),
        ] {
            let (p, mac) = Token::parse(&moved).unwrap();
            assert!(!p.made_for(SECRET, "rep@party.kz", &mac), "{moved}");
        }
    }

    #[test]
    fn malformed_tokens_are_not_tokens() {
        for bad in [
            "",
            "42.r7.20791",
            "42.r7.20791.zz",
            "42.x7.20791.00112233445566778899",
            "42.r.20791.00112233445566778899",
            "0.c.20791.00112233445566778899",
            "42.c.20791.00112233445566778899.1",
            "-1.c.20791.00112233445566778899",
            "42.r-7.20791.00112233445566778899",
        ] {
            assert!(Token::parse(bad).is_none(), "{bad}");
        }
        assert!(Token::parse("42.C.20791.00112233445566778899").is_some());
    }

    #[test]
    fn tokens_expire() {
        let t = token();
        assert!(!t.expired(20_791, 90));
        assert!(!t.expired(20_791 + 90, 90));
        assert!(t.expired(20_791 + 91, 90));
        assert!(t.expired(20_700, 90), "made in the future");
    }

    #[test]
    fn reply_addresses_are_found_without_case() {
        let d = "reply.civic.kz";
        assert_eq!(
            token_in_address("reply+42.c.1.ab@reply.civic.kz", d),
            Some("42.c.1.ab")
        );
        assert_eq!(
            token_in_address("<REPLY+42.c.1.ab@Reply.Civic.KZ>", d),
            Some("42.c.1.ab")
        );
        assert_eq!(token_in_address("reply+@reply.civic.kz", d), None);
        assert_eq!(token_in_address("reply+42@other.kz", d), None);
        assert_eq!(token_in_address("noreply@reply.civic.kz", d), None);
    }

    #[test]
    fn quoted_mail_signatures_and_the_footer_are_cut() {
        let marker = "— Reply above this line —";
        let body = "Done, the pit is filled.\n\nRegards\n\nOn Thu, 3 Dec 2026 Civic Tracker wrote:\n> Problem CT-000042\n";
        assert_eq!(
            kept_text(body, &[marker]),
            "Done, the pit is filled.\n\nRegards"
        );
        let body = "Яма засыпана.\n-- \nАйгерим, депутат\n";
        assert_eq!(kept_text(body, &[marker]), "Яма засыпана.");
        let body = "\nЖол жөнделді.\n\nSent from my iPhone\n";
        assert_eq!(kept_text(body, &[marker]), "Жол жөнделді.");
        let body = "Fixed.\r\n\r\n-----Original Message-----\r\nFrom: x\r\n";
        assert_eq!(kept_text(body, &[marker]), "Fixed.");
        let body = format!("Да, исправили\n{marker}\nThe problem...");
        assert_eq!(kept_text(&body, &[marker]), "Да, исправили");
        let body = "Ok\n________________________________\nFrom: Civic";
        assert_eq!(kept_text(body, &[marker]), "Ok");
        assert_eq!(kept_text("> only a quote\n", &[marker]), "");
        let body =
            "Спасибо\n\n3 дек. 2026 г., в 10:00, Civic Tracker <no-reply@civic.kz> пишет:\n> текст";
        assert_eq!(kept_text(body, &[marker]), "Спасибо");
    }

    #[test]
    fn a_first_word_before_a_colon_is_a_command_in_any_language() {
        assert_eq!(
            rep_command("Resolved: the pit is filled"),
            (RepCommand::Resolve, "the pit is filled".into())
        );
        assert_eq!(
            rep_command("решено: яма засыпана"),
            (RepCommand::Resolve, "яма засыпана".into())
        );
        assert_eq!(
            rep_command("ШЕШІЛДІ: шұңқыр жабылды"),
            (RepCommand::Resolve, "шұңқыр жабылды".into())
        );
        assert_eq!(
            rep_command("Вопрос: где именно?"),
            (RepCommand::AskCitizen, "где именно?".into())
        );
        assert_eq!(
            rep_command("We will look at it: tomorrow"),
            (RepCommand::Comment, "We will look at it: tomorrow".into())
        );
        assert_eq!(
            rep_command("Thanks"),
            (RepCommand::Comment, "Thanks".into())
        );
    }

    #[test]
    fn yes_and_no_in_three_languages() {
        for yes in ["Yes", "yes, thank you", "Да, спасибо", "Иә", "ия"] {
            assert_eq!(citizen_verdict(yes), Some(true), "{yes}");
        }
        for no in ["No", "нет, не исправили", "Жоқ."] {
            assert_eq!(citizen_verdict(no), Some(false), "{no}");
        }
        for neither in ["Yesterday it was", "Нетрудно", "maybe", ""] {
            assert_eq!(citizen_verdict(neither), None, "{neither}");
        }
    }

    #[test]
    fn automatic_replies_are_recognised() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(is_automatic(with(&[("Auto-Submitted", "auto-replied")])));
        assert!(!is_automatic(with(&[("Auto-Submitted", "no")])));
        assert!(is_automatic(with(&[("Precedence", "bulk")])));
        assert!(is_automatic(with(&[("X-Autoreply", "yes")])));
        assert!(is_automatic(with(&[("Return-Path", "<>")])));
        assert!(is_automatic(with(&[("Subject", "Out of Office: away")])));
        assert!(is_automatic(with(&[("Subject", "Автоответ: в отпуске")])));
        assert!(!is_automatic(with(&[("Subject", "Re: CT-000042")])));
    }

    #[test]
    fn only_our_own_servers_dmarc_pass_for_the_from_domain_vouches() {
        let ours = |v: &str| vec![v.to_string()];
        let pass = "mx.party.kz; spf=pass smtp.mailfrom=akimat.kz; dkim=pass header.d=akimat.kz; dmarc=pass (p=reject) header.from=akimat.kz";
        assert!(from_vouched(&ours(pass), "mx.party.kz", "akimat.kz"));
        assert!(from_vouched(&ours(pass), "MX.Party.KZ", "Akimat.KZ"));
        // Another domain, another server, a failed or missing DMARC, no check configured.
        assert!(!from_vouched(&ours(pass), "mx.party.kz", "gmail.com"));
        assert!(!from_vouched(
            &ours(&pass.replace("mx.party.kz", "mx.evil.kz")),
            "mx.party.kz",
            "akimat.kz"
        ));
        assert!(!from_vouched(
            &ours(&pass.replace("dmarc=pass", "dmarc=fail")),
            "mx.party.kz",
            "akimat.kz"
        ));
        assert!(!from_vouched(
            &ours("mx.party.kz; dkim=pass header.d=akimat.kz"),
            "mx.party.kz",
            "akimat.kz"
        ));
        assert!(!from_vouched(&ours(pass), "", "akimat.kz"));
        assert!(!from_vouched(&[], "mx.party.kz", "akimat.kz"));
        assert_eq!(domain_of("Rep <Aigerim@Akimat.KZ>"), "akimat.kz");
        assert_eq!(domain_of("nobody"), "");
    }
}
