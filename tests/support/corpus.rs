//! Synthetic corpora for benchmarks and tests: valid cases whose claims use the spec's
//! value forms, with a known share of planted disagreements. Deterministic from a seed.
//!
//! Test and benchmark support, not part of the shipped library: `tests/cli.rs`,
//! `benches/check.rs` and `examples/gen_corpus.rs` each include it with `#[path]`.
#![allow(dead_code, reason = "each includer uses part of it")]

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: tiny, deterministic, good enough for test data.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`; xorshift needs a state other than zero.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

const CASE_YAML: &str = "title: Generated case
properties:
  held_on: {type: date}
  suspended: {type: date}
  resumed: {type: date}
  visas: {type: quantity, unit: visas}
  stay: {type: duration}
  frequency: {type: frequency}
  weekday: {type: weekday}
  head: {type: name}
  place: {type: text}
  took_place: {type: boolean}
  round_number: {type: quantity, scoped_by: since}
entities:
  united-states:
    name: United States
    aliases: [U.S., US, USA, Washington]
  cuba:
    name: Cuba
rules:
  - {rule: timeline, pause: suspended, resume: resumed, events: held_on}
  - {rule: numbering, number: round_number, events: held_on}
  - {rule: before, earlier: suspended, later: resumed}
";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];
const FIRST: [&str; 8] = [
    "Edward", "Josefina", "Craig", "Roberta", "Bisa", "Jorge", "Thomas", "William",
];
const LAST: [&str; 8] = [
    "Lee", "Vidal", "Kelly", "Jacobson", "Williams", "Bolanos", "Shannon", "Ostick",
];
const PLACES: [&str; 6] = ["Havana", "Washington", "New York", "Mexico City", "Miami", "Cuba"];
const WORDS: [&str; 16] = [
    "officials",
    "said",
    "the",
    "talks",
    "were",
    "held",
    "in",
    "migration",
    "delegation",
    "round",
    "between",
    "governments",
    "according",
    "to",
    "sources",
    "statement",
];

fn commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The true facts about one subject, from which every source's wording is drawn.
struct Truth {
    year: i32,
    month: usize,
    day: u32,
    visas: u64,
    head: (usize, usize),
    place: usize,
}

fn truth(rng: &mut Rng) -> Truth {
    Truth {
        year: 1995 + rng.below(25) as i32,
        month: rng.below(12) as usize,
        day: 1 + rng.below(28) as u32,
        visas: 1_000 + rng.below(90_000),
        head: (rng.below(8) as usize, rng.below(8) as usize),
        place: rng.below(6) as usize,
    }
}

/// One claim's property and value as an article might word it; `plant` makes it disagree.
fn wording(rng: &mut Rng, t: &Truth, kind: u64, plant: bool) -> (&'static str, String) {
    let year = if plant { t.year + 2 } else { t.year };
    let (m, d) = (t.month, t.day);
    match kind {
        0 => {
            let value = match rng.below(8) {
                0 => format!("{year}"),
                1 => format!("{year}-{:02}", m + 1),
                2 => format!("{year}-{:02}-{d:02}", m + 1),
                3 => format!("{} {year}", MONTHS[m]),
                4 => format!("{} {d}, {year}", MONTHS[m]),
                5 => format!("{d} {} {year}", MONTHS[m]),
                6 => format!("{} {d}, {year}", SHORT[m]),
                _ => format!(
                    "{} {} {year}",
                    ["early", "mid-", "late"][((d - 1) / 10).min(2) as usize],
                    MONTHS[m]
                )
                .replace("- ", "-"),
            };
            ("held_on", value)
        }
        1 => {
            let n = if plant { t.visas * 2 + 1_000 } else { t.visas };
            let value = match rng.below(7) {
                0 => commas(n),
                1 => n.to_string(),
                2 => format!("about {}", commas(n / 100 * 100)),
                3 => format!("at least {}", commas(n - n % 1_000)),
                4 => format!("more than {}", commas(n - 1)),
                5 => format!(
                    "between {} and {}",
                    commas(n - n % 1_000),
                    commas(n - n % 1_000 + 1_000)
                ),
                _ => format!("{} visas", commas(n)),
            };
            ("visas", value)
        }
        2 => (
            "stay",
            if plant {
                "two years".into()
            } else {
                rng.pick(&["18 months", "a year and a half", "1.5 years"]).into()
            },
        ),
        3 => (
            "frequency",
            if plant {
                "once a year".into()
            } else {
                rng.pick(&["twice a year", "every six months", "semiannually", "biannual"])
                    .into()
            },
        ),
        4 => {
            let (f, l) = t.head;
            let first = if plant {
                format!("{}x", FIRST[f])
            } else {
                FIRST[f].to_string()
            };
            let value = if rng.chance(300) {
                LAST[l].to_string()
            } else {
                format!("{first} {}", LAST[l])
            };
            ("head", value)
        }
        5 => (
            "place",
            if plant {
                PLACES[(t.place + 1) % 6].into()
            } else {
                PLACES[t.place].into()
            },
        ),
        _ => (
            "took_place",
            if plant {
                "no".into()
            } else {
                rng.pick(&["true", "yes"]).into()
            },
        ),
    }
}

fn quote(rng: &mut Rng, value: &str) -> String {
    let mut text = String::new();
    while text.len() < 100 {
        text.push_str(rng.pick(&WORDS));
        text.push(' ');
    }
    text.push_str(value);
    text
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Generated {
    pub(crate) claims: usize,
    pub(crate) planted: usize,
}

/// Writes `cases` case folders `case-000`, … under `out`, each with `sources` source files
/// of `claims` claims (plus a few relation and case-rule claims) and their texts. About
/// one claim in a hundred is planted to disagree with the others on its subject, and one
/// quote in two hundred is altered so that the text does not contain it.
pub(crate) fn generate(
    out: &Path,
    cases: usize,
    sources: usize,
    claims: usize,
    seed: u64,
) -> std::io::Result<Generated> {
    let mut rng = Rng::new(seed);
    let (mut planted, mut total) = (0usize, 0usize);
    for c in 0..cases {
        let dir = out.join(format!("case-{c:03}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("case.yaml"), CASE_YAML)?;
        // About ten claims per subject and property.
        let subjects = (sources * claims / 70).max(1);
        let truths: Vec<Truth> = (0..subjects).map(|_| truth(&mut rng)).collect();
        for s in 0..sources {
            let mut yaml = format!(
                "source:\n  id: source-{s:05}\n  title: Generated source {s}\n  publisher: Publisher {}\n  published: {}-{:02}-{:02}\n  kind: news\nclaims:\n",
                s % 17,
                2000 + s % 20,
                1 + s % 12,
                1 + s % 28
            );
            let mut text = String::new();
            let mut quantities = Vec::new();
            for i in 0..claims {
                let subject = rng.below(subjects as u64) as usize;
                let kind = rng.below(7);
                let plant = rng.chance(10);
                planted += usize::from(plant);
                total += 1;
                let (property, value) = wording(&mut rng, &truths[subject], kind, plant);
                if property == "visas" {
                    quantities.push(i);
                }
                let mut quote = quote(&mut rng, &value);
                text.push_str(&quote);
                text.push_str(". ");
                if rng.chance(5) {
                    quote.push_str(" (misquoted)");
                }
                let said_by = if rng.chance(100) {
                    format!("    said_by: official {}\n", rng.below(5))
                } else {
                    String::new()
                };
                let _ = write!(
                    yaml,
                    "  - id: c{i:04}\n    subject: event-{subject:06}\n    property: {property}\n    value: \"{value}\"\n{said_by}    quote: \"{quote}\"\n"
                );
            }
            // A few relation claims and case-rule events per source.
            let _ = write!(
                yaml,
                "  - id: pause\n    subject: suspension-{s:05}\n    property: suspended\n    value: \"{}\"\n  - id: resume\n    subject: suspension-{s:05}\n    property: resumed\n    value: \"{}\"\n  - id: resume-2\n    subject: resumption-{s:05}\n    property: resumed\n    value: \"{}\"\n",
                1995 + s % 25,
                1996 + s % 25,
                1996 + s % 25
            );
            // A relation between two quantities: any positive ratio is possible, so the
            // stated one decides whether it holds.
            if let [a, b, ..] = quantities[..] {
                let _ = write!(
                    yaml,
                    "  - id: ratio\n    relation: ratio\n    of: c{a:04}\n    to: c{b:04}\n    value: \"between 0.01 and 100\"\n"
                );
            }
            std::fs::write(dir.join(format!("source-{s:05}.yaml")), yaml)?;
            std::fs::write(dir.join(format!("source-{s:05}.txt")), text)?;
        }
    }
    Ok(Generated {
        claims: total,
        planted,
    })
}
