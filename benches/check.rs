//! Benchmarks: the value parser, the seed case end to end, and a generated case of
//! 10,000 claims (load + rules), so speed is measured rather than asserted.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use claimcheck::value::{self, Entities, Kind, Options};
use claimcheck::{load, rules};
use criterion::{Criterion, criterion_group, criterion_main};

const FORMS: [(&str, Kind); 10] = [
    ("Dec. 3, 2009", Kind::Date),
    ("early December 2009", Kind::Date),
    ("2009-12-01..2009-12-10", Kind::Date),
    ("late 1960s", Kind::Date),
    ("at least 20,000", Kind::Quantity),
    ("tens of thousands", Kind::Quantity),
    ("about 46 to 48", Kind::Quantity),
    ("2½ years", Kind::Duration),
    ("every six months", Kind::Frequency),
    ("Eduard Alex Lee", Kind::Name),
];

fn parse_values(c: &mut Criterion) {
    let entities = Entities::new();
    c.bench_function("parse 10 value forms", |b| {
        b.iter(|| {
            for (text, kind) in FORMS {
                black_box(value::parse(black_box(text), kind, Options::default(), &entities).ok());
            }
        })
    });
}

fn check_seed_case(c: &mut Criterion) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/us-cuba-migration-talks");
    c.bench_function("load and check the seed case", |b| {
        b.iter(|| {
            let loaded = load::load(std::slice::from_ref(&case));
            assert!(loaded.problems.is_empty());
            black_box(rules::check(&loaded.cases[0]).len())
        })
    });
}

/// A case of `sources` × `claims` claims over a few hundred subjects, with some
/// disagreements, written to a temporary folder.
fn generated_case(sources: usize, claims: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let case = dir.path().join("generated");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(
        case.join("case.yaml"),
        "properties:\n  held_on: {type: date}\n  visas: {type: quantity, unit: visas}\n  head: {type: name}\n",
    )
    .unwrap();
    for s in 0..sources {
        let mut text = format!("source:\n  id: source-{s:03}\n  published: 2014-01-06\nclaims:\n");
        for i in 0..claims {
            let subject = i % 300;
            let (property, value) = match i % 3 {
                0 => (
                    "held_on",
                    format!("{} {}", ["early", "mid", "late"][s % 3], 1990 + subject % 30),
                ),
                1 => ("visas", format!("\"at least {},000\"", 10 + (subject + s) % 5)),
                _ => (
                    "head",
                    ["Edward Alex Lee", "Eduard Alex Lee", "Alex Lee"][s % 3].to_string(),
                ),
            };
            text.push_str(&format!(
                "  - id: c{i}\n    subject: round-{subject}\n    property: {property}\n    value: {value}\n"
            ));
        }
        std::fs::write(case.join(format!("source-{s:03}.yaml")), text).unwrap();
    }
    (dir, case)
}

fn check_generated_case(c: &mut Criterion) {
    let (_dir, case) = generated_case(20, 500);
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    group.bench_function("load and check 10,000 claims", |b| {
        b.iter(|| {
            let loaded = load::load(std::slice::from_ref(&case));
            assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
            black_box(rules::check(&loaded.cases[0]).len())
        })
    });
    group.finish();
}

criterion_group!(benches, parse_values, check_seed_case, check_generated_case);
criterion_main!(benches);
