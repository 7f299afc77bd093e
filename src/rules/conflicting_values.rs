//! `conflicting-values`: sources that give one subject different values.

use super::analysis::is_dispute;
use super::finding::finding;
use super::finding::{describe_group, gap, grouped};
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct ConflictingValues;

impl Rule for ConflictingValues {
    fn id(&self) -> &'static str {
        "conflicting-values"
    }

    fn summary(&self) -> &'static str {
        "claims on the same subject and single-valued property whose values do not agree"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/conflicting-values.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn sides(&self) -> bool {
        true
    }

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        analysis
            .disagreements
            .iter()
            .filter(|d| !is_dispute(case, d))
            .map(|d| {
                let groups: Vec<String> = d.clusters.iter().map(|g| describe_group(case, g)).collect();
                let mut f = finding(
                    self,
                    Some(d.subject.clone()),
                    Some(d.property.clone()),
                    format!("{}: {}", d.property, groups.join(" vs ")),
                    grouped(case, &d.clusters),
                );
                f.set_more(|m| m.gap = gap(case, &d.clusters));
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::{Gap, Severity};
    use crate::rules::testing::{case, findings_of};

    #[test]
    fn groups_are_shown_in_value_order_with_their_sources() {
        let case = case(&[
            ("case.yaml", "properties:\n  suspended: {type: date}\n"),
            (
                "a.yaml",
                "source: {published: 2014-01-06}\nclaims:\n  - {id: s, subject: talks, property: suspended, value: 2004}\n",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: s, subject: talks, property: suspended, value: 2003}\n",
            ),
            (
                "c.yaml",
                "claims:\n  - {id: s, subject: talks, property: suspended, value: July 2003}\n",
            ),
        ]);
        let found = findings_of(&case, "conflicting-values");
        assert_eq!(found.len(), 1);
        let finding = &found[0];
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(
            (finding.subject.as_deref(), finding.property.as_deref()),
            (Some("talks"), Some("suspended"))
        );
        assert_eq!(
            finding.message,
            "suspended: 2003 / July 2003 (2 sources) vs 2004 (1 source)"
        );
        let shown: Vec<(&str, u32)> = finding.claims.iter().map(|c| (c.source_id(), c.group)).collect();
        assert_eq!(shown, [("b", 0), ("c", 0), ("a", 1)]);
    }

    /// Outlets that reprint one agency sentence count once among a side's sources; a
    /// short phrase written alike, or a different sentence, does not make a copy; copies
    /// linked through a shared sentence count once together.
    #[test]
    fn reprinted_copy_counts_once_among_a_sides_sources() {
        let wire = "The company said revenue for the quarter rose to a record 9.2 billion dollars";
        let other = "Revenue reached 9.2 billion dollars in the quarter, the company said on Thursday";
        let claim = |value: &str, quote: &str| {
            format!(
                "claims:\n  - {{id: r, subject: co, property: revenue, value: {value}, quote: \"{quote}\"}}\n"
            )
        };
        let message = |files: &[(&str, String)]| {
            let mut all = vec![(
                "case.yaml",
                "properties:\n  revenue: {type: quantity}\n".to_string(),
            )];
            all.extend(files.iter().cloned());
            let all: Vec<(&str, &str)> = all.iter().map(|(n, t)| (*n, t.as_str())).collect();
            findings_of(&case(&all), "conflicting-values")[0].message.clone()
        };
        let dissent = ("z.yaml", claim("8 billion", "eight billion"));
        assert_eq!(
            message(&[
                ("a.yaml", claim("9.2 billion", wire)),
                ("b.yaml", claim("9.2 billion", &wire.to_uppercase())),
                ("c.yaml", claim("9.2 billion", &wire.replace(' ', "  "))),
                dissent.clone(),
            ]),
            "revenue: 8 billion (1 source) vs 9.2 billion (3 sources, 1 independent)"
        );
        assert_eq!(
            message(&[
                ("a.yaml", claim("9.2 billion", wire)),
                ("b.yaml", claim("9.2 billion", wire)),
                ("c.yaml", claim("9.2 billion", other)),
                dissent.clone(),
            ]),
            "revenue: 8 billion (1 source) vs 9.2 billion (3 sources, 2 independent)"
        );
        let short = "revenue rose to 9.2 billion dollars";
        assert_eq!(
            message(&[
                ("a.yaml", claim("9.2 billion", short)),
                ("b.yaml", claim("9.2 billion", short)),
                dissent.clone(),
            ]),
            "revenue: 8 billion (1 source) vs 9.2 billion (2 sources)"
        );
        // Exactly eight words is long enough.
        let eight = "one two three four five six seven eight";
        assert_eq!(
            message(&[
                ("a.yaml", claim("9.2 billion", eight)),
                ("b.yaml", claim("9.2 billion", eight)),
                dissent,
            ]),
            "revenue: 8 billion (1 source) vs 9.2 billion (2 sources, 1 independent)"
        );
    }

    /// A source with two claims on a side, one reprinted and one its own, still links
    /// the reprinting sources into one: copies are linked through any shared sentence.
    #[test]
    fn sources_linked_through_shared_sentences_count_once() {
        let s1 = "first sentence of agency copy about the revenue for the quarter";
        let s2 = "second sentence of agency copy about the revenue for the quarter";
        let claims = |quotes: &[&str]| {
            let mut text = String::from("claims:\n");
            for (i, q) in quotes.iter().enumerate() {
                text.push_str(&format!(
                    "  - {{id: r{i}, subject: co, property: revenue, value: 9.2 billion, quote: \"{q}\"}}\n"
                ));
            }
            text
        };
        let files = [
            (
                "case.yaml",
                "properties:\n  revenue: {type: quantity}\n".to_string(),
            ),
            ("a.yaml", claims(&[s1])),
            ("b.yaml", claims(&[s1, s2])),
            ("c.yaml", claims(&[s2])),
            (
                "z.yaml",
                "claims:\n  - {id: r, subject: co, property: revenue, value: 8 billion}\n".to_string(),
            ),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let found = findings_of(&case(&files), "conflicting-values");
        assert_eq!(
            found[0].message,
            "revenue: 8 billion (1 source) vs 9.2 billion (3 sources, 1 independent)"
        );
    }

    #[test]
    fn relative_dates_are_shown_with_the_day_they_resolve_to() {
        let case = case(&[
            ("case.yaml", "properties:\n  held_on: {type: date}\n"),
            (
                "a.yaml",
                "source: {published: 2014-01-06}\nclaims:\n  - {id: s, subject: round, property: held_on, value: next Wednesday}\n",
            ),
            (
                "b.yaml",
                "source: {published: 2014-01-10}\nclaims:\n  - {id: s, subject: round, property: held_on, value: last Thursday}\n  - {id: t, subject: round, property: held_on, value: 2014-01-09}\n",
            ),
        ]);
        let found = findings_of(&case, "conflicting-values");
        assert_eq!(
            found[0].message,
            "held_on: next Wednesday (= 2014-01-08) (1 source) vs last Thursday (= 2014-01-09) / 2014-01-09 (1 source)"
        );
    }

    fn one_finding(property: &str, values: &[(&str, &str)]) -> crate::finding::Finding {
        let mut files = vec![(
            "case.yaml".to_string(),
            format!(
                "timezone: Asia/Kolkata\nproperties:\n  {property}: {{type: {}}}\n",
                match property {
                    "revenue" => "quantity, unit: USD",
                    "suspended" => "date",
                    "age" => "age",
                    "derailed_at" => "time",
                    _ => "name",
                }
            ),
        )];
        for (i, (published, value)) in values.iter().enumerate() {
            files.push((
                format!("s{i}.yaml"),
                format!(
                    "source: {{published: {published}}}\nclaims:\n  - {{id: c, subject: x, property: {property}, value: \"{value}\"}}\n"
                ),
            ));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let mut found = findings_of(&case(&files), "conflicting-values");
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    /// The gap is between the closest values of what each group allows.
    #[test]
    fn findings_carry_the_gap_between_their_groups() {
        let revenue = one_finding(
            "revenue",
            &[
                ("2024-10-24", "$9.2 billion"),
                ("2024-10-24", "$9,243 million"),
                ("2024-10-26", "$8.98 billion"),
            ],
        );
        let Some(Gap::Relative(gap)) = revenue.more().gap else {
            panic!("{:?}", revenue.more().gap)
        };
        // 9,242.5 million (the groups' meet) against 8.985 billion.
        assert!((gap - (9.2425 - 8.985) / 8.985).abs() < 1e-9, "{gap}");
        // The group of `2003` and `July 2003` says July 2003: 154 days before 2004.
        let suspended = one_finding(
            "suspended",
            &[
                ("2014-01-06", "2003"),
                ("2014-01-06", "July 2003"),
                ("2014-01-06", "2004"),
            ],
        );
        assert_eq!(suspended.more().gap, Some(Gap::Days(154.0)));
        // Three groups: between the lowest and the highest.
        let three = one_finding(
            "revenue",
            &[
                ("2024-10-24", "$1 million"),
                ("2024-10-24", "$3 million"),
                ("2024-10-24", "$10 million"),
            ],
        );
        let Some(Gap::Relative(gap)) = three.more().gap else {
            panic!("{:?}", three.more().gap)
        };
        assert!((gap - (9.5 - 1.5) / 1.5).abs() < 1e-9, "{gap}");
        // Names have no gap.
        let names = one_finding("head", &[("2014-01-06", "Alex Lee"), ("2014-01-06", "Bea Chu")]);
        assert_eq!(names.more().gap, None);
    }

    /// Times of day, and dates with times less than a day apart, are minutes apart; a
    /// whole day, or a full day's difference, is days.
    #[test]
    fn times_are_minutes_apart_and_show_their_zone() {
        let on = "2023-06-03";
        let times = one_finding("derailed_at", &[(on, "6.55 pm"), (on, "13:50 GMT")]);
        assert_eq!(times.more().gap, Some(Gap::Minutes(25.0)));
        let resolved: Vec<Option<&str>> = times.claims.iter().map(|c| c.resolved()).collect();
        assert_eq!(resolved, [None, Some("19:20 Asia/Kolkata")]);
        let minutes = |a: &str, b: &str| one_finding("suspended", &[(on, a), (on, b)]).more().gap;
        assert_eq!(
            minutes("June 2, 2023, 6:55 pm", "June 2, 2023, 7:20 pm"),
            Some(Gap::Minutes(25.0))
        );
        // Across midnight, still minutes.
        assert_eq!(
            minutes("June 2, 2023, 11:50 pm", "June 3, 2023, 12:15 am"),
            Some(Gap::Minutes(25.0))
        );
        // A whole day apart is a day; against a whole day, days.
        assert_eq!(
            minutes("June 2, 2023, 7:20 pm", "June 3, 2023, 7:20 pm"),
            Some(Gap::Days(1.0))
        );
        assert_eq!(
            minutes("June 2, 2023, 7:20 pm", "2023-06-03"),
            Some(Gap::Days(1.0))
        );
        // A time on the case's own clock shows no resolution; one in another zone does.
        let dates = one_finding(
            "suspended",
            &[(on, "June 2, 2023, 7:20 pm"), (on, "June 2, 2023, 13:51 UTC")],
        );
        assert_eq!(dates.more().gap, Some(Gap::Minutes(1.0)));
        let resolved: Vec<Option<&str>> = dates.claims.iter().map(|c| c.resolved()).collect();
        assert_eq!(resolved, [None, Some("2023-06-02 19:21 Asia/Kolkata")]);
    }

    /// Ages are compared as birth dates, and shown with them.
    #[test]
    fn ages_on_one_day_a_year_apart_conflict_and_show_their_birth_dates() {
        let found = one_finding("age", &[("2024-06-15", "55"), ("2024-06-15", "the 56-year-old")]);
        assert_eq!(
            found.message,
            "age: the 56-year-old (= born 1967-06-16..1968-06-15) (1 source) vs 55 (= born 1968-06-16..1969-06-15) (1 source)"
        );
        assert_eq!(found.more().gap, Some(Gap::Days(1.0)));
        let resolved: Vec<Option<&str>> = found.claims.iter().map(|c| c.resolved()).collect();
        assert_eq!(
            resolved,
            [
                Some("born 1967-06-16..1968-06-15"),
                Some("born 1968-06-16..1969-06-15")
            ]
        );
    }

    /// Each claim row says what a relative value resolved to; absolute values need not.
    #[test]
    fn claims_show_what_relative_values_resolved_to() {
        let found = one_finding(
            "suspended",
            &[
                ("2014-01-06", "yesterday"),
                ("2014-01-06", "2014-01-07"),
                ("2014-01-06", "Thursday"),
            ],
        );
        let resolved: Vec<(&str, Option<&str>)> =
            found.claims.iter().map(|c| (c.value(), c.resolved())).collect();
        // Monday 6 January 2014: `Thursday` is the 2nd or the 9th.
        assert_eq!(
            resolved,
            [
                ("Thursday", Some("2014-01-02..2014-01-09 (Thu)")),
                ("yesterday", Some("2014-01-05")),
                ("2014-01-07", None),
            ]
        );
        assert_eq!(found.claims[1].shown_value(), "yesterday (= 2014-01-05)");
        assert_eq!(found.claims[2].shown_value(), "2014-01-07");
    }
}
