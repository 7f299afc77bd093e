//! Benchmarks (criterion): the value parser (with units and changes), the loader, bad
//! input, each rule, and one huge group of claims against many small ones — speed is
//! measured here, not asserted in tests.
//! Whole-process runs over large corpora are in `scripts/bench-workloads.sh`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test or benchmark"
)]

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use claimcheck::model::Case;
use claimcheck::value::{self, Entities, Kind, Options};
use claimcheck::{load, pipeline, rules};
use criterion::{Criterion, criterion_group, criterion_main};

const FORMS: [(&str, Kind); 12] = [
    ("Dec. 3, 2009", Kind::Date),
    ("early December 2009", Kind::Date),
    ("2009-12-01..2009-12-10", Kind::Date),
    ("late 1960s", Kind::Date),
    ("at least 20,000", Kind::Quantity),
    ("tens of thousands", Kind::Quantity),
    ("about 46 to 48", Kind::Quantity),
    ("two million", Kind::Quantity),
    ("2½ years", Kind::Duration),
    ("every six months", Kind::Frequency),
    ("Eduard Alex Lee", Kind::Name),
    ("Havana", Kind::Text),
];

fn parse_values(c: &mut Criterion) {
    let entities = Entities::new();
    c.bench_function("value/parse 12 forms", |b| {
        b.iter(|| {
            for (text, kind) in FORMS {
                black_box(value::parse(black_box(text), kind, Options::default(), &entities).ok());
            }
        })
    });
}

/// Figures with their units, as reporters write money, percentages and counts.
const WITH_UNITS: [(&str, &str); 8] = [
    ("$18.12 billion", "USD"),
    ("US$3.83bn", "USD"),
    ("more than $200 million", "USD"),
    ("Rs 1.95 crore", "INR"),
    ("81.5 per cent", "percent"),
    ("about 25%", "percent"),
    ("4.2 pp", "percentage points"),
    ("43 lakh 63 thousand 35 votes", "votes"),
];

fn parse_units(c: &mut Criterion) {
    let entities = Entities::new();
    c.bench_function("value/parse 8 figures with units", |b| {
        b.iter(|| {
            for (text, unit) in WITH_UNITS {
                let options = Options {
                    unit: Some(unit),
                    ..Options::default()
                };
                black_box(value::parse(black_box(text), Kind::Quantity, options, &entities).ok());
            }
        })
    });
    // Dates and times of day on an Indian clock, some written in other zones.
    let published = value::date::parse("2023-06-03", None).ok();
    let calendar = value::date::Calendar {
        periods: value::date::Periods::new(),
        zone: value::time::iana("Asia/Kolkata"),
    };
    let times: [(&str, Kind); 6] = [
        ("June 2, 2023, 7:20 pm", Kind::Date),
        ("2023-06-02T13:45Z", Kind::Date),
        ("the evening of June 2", Kind::Date),
        ("7.20 PM", Kind::Time),
        ("about 13:45 GMT", Kind::Time),
        ("night", Kind::Time),
    ];
    c.bench_function("value/parse 6 dates and times", |b| {
        b.iter(|| {
            for (text, kind) in times {
                let options = Options {
                    published: published.as_ref(),
                    calendar: Some(&calendar),
                    ..Options::default()
                };
                black_box(value::parse(black_box(text), kind, options, &entities).ok());
            }
        })
    });
    c.bench_function("value/parse 4 changes", |b| {
        b.iter(|| {
            for text in ["up 12%", "more than doubled", "nearly 6x", "fell by 3.5 per cent"] {
                black_box(value::parse_relation(black_box(text), value::Measure::Change, None).ok());
            }
        })
    });
}

fn load_one(path: &Path) -> Case {
    let mut loaded = load::load(&[path.to_path_buf()]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
    loaded.cases.remove(0)
}

fn loader(c: &mut Criterion) {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/us-cuba-migration-talks");
    c.bench_function("load/seed case (107 claims)", |b| {
        b.iter(|| black_box(load_one(&seed).claims.len()))
    });
    c.bench_function("check/seed case, end to end", |b| {
        b.iter(|| {
            let checked = pipeline::check(
                std::slice::from_ref(&seed),
                &load::Limits::default(),
                &load::Progress::default(),
            );
            black_box(checked.report.cases.len())
        })
    });
    let dir = tempfile::tempdir().expect("temporary folder");
    corpus::generate(dir.path(), 1, 20, 500, 42).expect("corpus");
    let case = dir.path().join("case-000");
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("generated case (10,000 claims)", |b| {
        b.iter(|| black_box(load_one(&case).claims.len()))
    });
    group.finish();
    // A whole check of the same case without the cache and with a warm one: every file
    // taken from the cache, unread (its stamp kept, as the files last changed more than
    // two seconds before the cache was filled), and the places of the claims findings show.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let cache_dir = tempfile::tempdir().expect("temporary folder");
    let cache = load::Cache::open(&cache_dir.path().join("cache")).expect("a cache");
    let run = |cache: Option<&load::Cache>| {
        let checked = pipeline::check_cached(
            std::slice::from_ref(&case),
            &load::Limits::default(),
            &load::Progress::default(),
            cache,
            pipeline::Kept::Report,
        );
        black_box(checked.report.cases.len())
    };
    run(Some(&cache));
    let mut group = c.benchmark_group("check the generated case (10,000 claims)");
    group.sample_size(10);
    group.bench_function("without the cache", |b| b.iter(|| run(None)));
    group.bench_function("warm cache", |b| b.iter(|| run(Some(&cache))));
    group.finish();
    // Placing the claims findings show reads their files again, after the rules.
    let loaded = load_one(&case);
    let findings = pipeline::check_case(&loaded);
    let cited: usize = findings.iter().map(|f| f.claims.len()).sum();
    let mut group = c.benchmark_group("place");
    group.sample_size(10);
    group.bench_function(format!("{cited} claims of the generated case's findings"), |b| {
        b.iter(|| {
            let mut findings = findings.clone();
            load::place(&loaded, &mut findings, &load::Limits::default(), None);
            black_box(findings.len())
        })
    });
    group.finish();
    // The review page reads the cited texts again and draws every subject's timeline.
    let checked = pipeline::check(
        std::slice::from_ref(&case),
        &load::Limits::default(),
        &load::Progress::default(),
    );
    let shown: usize = checked.report.cases.iter().map(|c| c.findings.len()).sum();
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function(
        format!("html page of the generated case ({shown} findings)"),
        |b| {
            b.iter(|| {
                let page = claimcheck::report::html::render(
                    &checked.report,
                    &checked.cases,
                    &load::Limits::default(),
                );
                black_box(page.len())
            })
        },
    );
    group.finish();
}

fn each_rule(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    corpus::generate(dir.path(), 1, 50, 1_000, 42).expect("corpus");
    let case = load_one(&dir.path().join("case-000"));
    let mut group = c.benchmark_group("rules on 50,000 claims");
    group.sample_size(10);
    group.bench_function("analysis (fact groups, disagreements)", |b| {
        b.iter(|| black_box(rules::Analysis::of(&case)))
    });
    let analysis = rules::Analysis::of(&case);
    for rule in rules::RULES {
        group.bench_function(rule.id(), |b| {
            b.iter(|| black_box(rule.check(&case, &analysis).len()))
        });
    }
    group.finish();
}

/// Writes a case of `groups` subjects with `per_group` `held_on` claims each, in ten files.
fn grouped_case(root: &Path, groups: usize, per_group: usize) -> PathBuf {
    let case = root.join(format!("groups-{groups}"));
    std::fs::create_dir_all(&case).expect("case folder");
    std::fs::write(
        case.join("case.yaml"),
        "properties:\n  held_on: {type: date}\n  head: {type: name}\n",
    )
    .expect("case.yaml");
    let total = groups * per_group;
    for file in 0..10 {
        let mut yaml = String::from("claims:\n");
        for i in (file..total).step_by(10) {
            let (subject, k) = (i % groups, i / groups);
            // Dates that drift apart, and names with a spelling variant now and then.
            let year = 1990 + (k % 30);
            let name = ["Edward Alex Lee", "Eduard Alex Lee", "Alex Lee"][k % 3];
            yaml.push_str(&format!(
                "  - {{id: d{i}, subject: s{subject}, property: held_on, value: \"{year}\"}}\n  - {{id: n{i}, subject: s{subject}, property: head, value: {name}}}\n"
            ));
        }
        std::fs::write(case.join(format!("f{file}.yaml")), yaml).expect("source file");
    }
    case
}

fn huge_group_vs_small_groups(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("100,000 claims per property");
    group.sample_size(10);
    for (groups, per_group) in [(1, 100_000), (50_000, 2)] {
        let case = load_one(&grouped_case(dir.path(), groups, per_group));
        group.bench_function(format!("{groups} group(s) of {per_group}"), |b| {
            b.iter(|| black_box(rules::check(&case).len()))
        });
    }
    group.finish();
}

/// 5,000 different names for one subject, all sharing their first part (`Lee …`): each
/// name used to be compared with every cluster, 15 s; a few are genuine spelling variants.
fn many_names(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("case.yaml"),
        "properties:\n  head: {type: name}\n",
    )
    .expect("case.yaml");
    let mut yaml = String::from("claims:\n");
    let mut rng = corpus::Rng::new(1);
    for i in 0..5_000 {
        let given: String = (0..8).map(|_| char::from(b'a' + rng.below(10) as u8)).collect();
        yaml.push_str(&format!(
            "  - {{id: c{i}, subject: s, property: head, value: Lee Q{given}}}\n"
        ));
    }
    std::fs::write(dir.path().join("a.yaml"), yaml).expect("source file");
    let case = load_one(dir.path());
    let mut group = c.benchmark_group("names");
    group.sample_size(10);
    group.bench_function("5,000 names sharing a first part", |b| {
        b.iter(|| black_box(rules::check(&case).len()))
    });
    group.finish();
}

/// A quote against a text that repeats its prefix everywhere: linear, not their product.
fn quote_search(c: &mut Criterion) {
    let text = "a".repeat(1_000_000);
    let quote = format!("{}b", "a".repeat(10_000));
    c.bench_function("quote/10 KB quote of repeats, not in 1 MB of them", |b| {
        b.iter(|| black_box(claimcheck::quote::Matcher::new(text.clone()).contains(&quote)))
    });
}

/// Every bad-input fixture, loaded to its problems: each must answer well under a second.
fn bad_input(c: &mut Criterion) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .collect();
    dirs.sort();
    // Nesting that kept libyaml busy for 20 seconds before the guard.
    let deep = tempfile::tempdir().expect("temporary folder");
    std::fs::write(deep.path().join("case.yaml"), "properties:\n  p: {type: text}\n").expect("write");
    let nested = format!("claims: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(deep.path().join("a.yaml"), nested).expect("write");
    dirs.push(deep.path().to_path_buf());
    let mut group = c.benchmark_group("bad input");
    group.sample_size(10);
    for dir in dirs {
        let name = match dir.starts_with(&fixtures) {
            true => dir.file_name().expect("name").to_string_lossy().into_owned(),
            false => "100,000 nested flow lists".to_string(),
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let checked = pipeline::check(
                    std::slice::from_ref(&dir),
                    &load::Limits::default(),
                    &load::Progress::default(),
                );
                assert!(!checked.report.errors.is_empty());
                black_box(checked.report.errors.len())
            })
        });
    }
    group.finish();
}

/// Writes a case folder from `(file name, text)` pairs.
fn write_case(dir: &Path, files: &[(&str, String)]) -> PathBuf {
    std::fs::create_dir_all(dir).expect("case folder");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    dir.to_path_buf()
}

fn check_whole(case: &Path) -> usize {
    let checked = pipeline::check(
        &[case.to_path_buf()],
        &load::Limits::default(),
        &load::Progress::default(),
    );
    checked.report.errors.len()
        + checked
            .report
            .cases
            .iter()
            .map(|c| c.findings.len())
            .sum::<usize>()
}

/// Hostile cases at the size of the attack, each checked end to end: none may take more
/// than seconds (issue: hostile input, no work proportional to the input's shape).
fn hostile(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);

    // 50,000 conflicts, each reviewed: triage of 50,000 reviews against 50,000 findings.
    let n = 50_000;
    let claims = |year: u32| {
        let mut yaml = String::from("claims:\n");
        for i in 0..n {
            yaml.push_str(&format!(
                "  - {{id: c{i}, subject: s{i}, property: held_on, value: {year}}}\n"
            ));
        }
        yaml
    };
    let mut reviews = String::from("reviewed:\n");
    for i in 0..n {
        reviews.push_str(&format!(
            "  - {{rule: conflicting-values, subject: s{i}, verdict: checked}}\n"
        ));
    }
    let triage = write_case(
        &dir.path().join("triage"),
        &[
            ("case.yaml", "properties:\n  held_on: {type: date}\n".to_string()),
            ("a.yaml", claims(2003)),
            ("b.yaml", claims(2004)),
            ("reviewed.yaml", reviews),
        ],
    );
    group.bench_function("50,000 reviews of 50,000 findings", |b| {
        b.iter(|| black_box(check_whole(&triage)))
    });

    // 20,000 claims naming properties that are near misses of 20,000 declared ones.
    let mut case_yaml = String::from("properties:\n");
    let mut yaml = String::from("claims:\n");
    for i in 0..20_000 {
        case_yaml.push_str(&format!("  property_{i}: {{type: text}}\n"));
        yaml.push_str(&format!(
            "  - {{id: c{i}, subject: s, property: propery_{i}, value: x}}\n"
        ));
    }
    let unknown = write_case(
        &dir.path().join("unknown"),
        &[("case.yaml", case_yaml), ("a.yaml", yaml)],
    );
    group.bench_function("20,000 unknown properties among 20,000", |b| {
        b.iter(|| black_box(check_whole(&unknown)))
    });

    // A finding of 1,000 claims with 10,000-character quotes, rendered as a table.
    let quote = "word ".repeat(2_000);
    let mut yaml = String::from("claims:\n");
    for i in 0..1_000 {
        yaml.push_str(&format!(
            "  - {{id: c{i}, subject: s, property: p, value: v{i}, quote: \"{quote}\"}}\n"
        ));
    }
    let cells = write_case(
        &dir.path().join("cells"),
        &[
            ("case.yaml", "properties:\n  p: {type: text}\n".to_string()),
            ("a.yaml", yaml),
        ],
    );
    let report = pipeline::check(&[cells], &load::Limits::default(), &load::Progress::default()).report;
    group.bench_function("table of 1,000 claims with 10 KB quotes", |b| {
        b.iter(|| black_box(claimcheck::report::table::render(&report, 120).len()))
    });

    // 2,000 pauses over 2,000 events: one finding per event, not four million.
    let mut yaml = String::from("claims:\n");
    for i in 0..2_000 {
        yaml.push_str(&format!(
            "  - {{id: p{i}, subject: pause-{i}, property: suspended, value: 2000}}\n"
        ));
        yaml.push_str(&format!(
            "  - {{id: e{i}, subject: round-{i}, property: held_on, value: 2010}}\n"
        ));
    }
    let timeline = write_case(
        &dir.path().join("timeline"),
        &[
            (
                "case.yaml",
                "properties:\n  suspended: {type: date}\n  resumed: {type: date}\n  held_on: {type: date}\nrules:\n  - {rule: timeline, pause: suspended, resume: resumed, events: held_on}\n".to_string(),
            ),
            ("a.yaml", yaml),
        ],
    );
    group.bench_function("timeline of 2,000 pauses over 2,000 events", |b| {
        b.iter(|| black_box(check_whole(&timeline)))
    });

    // 100,000 names of one subject, all `Lee` and eight letters from ten: dense with
    // genuine spelling variants, as an attacker would write them.
    let mut yaml = String::from("claims:\n");
    let mut rng = corpus::Rng::new(1);
    for i in 0..100_000 {
        let given: String = (0..8).map(|_| char::from(b'a' + rng.below(10) as u8)).collect();
        yaml.push_str(&format!(
            "  - {{id: c{i}, subject: s, property: head, value: Lee Q{given}}}\n"
        ));
    }
    let names = write_case(
        &dir.path().join("names"),
        &[
            ("case.yaml", "properties:\n  head: {type: name}\n".to_string()),
            ("a.yaml", yaml),
        ],
    );
    group.bench_function("100,000 near-identical names", |b| {
        b.iter(|| black_box(check_whole(&names)))
    });
    group.finish();
}

criterion_group!(
    benches,
    hostile,
    parse_values,
    parse_units,
    loader,
    quote_search,
    bad_input,
    each_rule,
    huge_group_vs_small_groups,
    many_names
);
criterion_main!(benches);
