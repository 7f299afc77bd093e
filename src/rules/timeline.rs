//! `timeline`: an event dated inside a pause — after a suspension, before its resumption.

use super::{Analysis, Rule, SubjectDate, declared, param, show, subject_dates};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub struct Timeline;

impl Rule for Timeline {
    fn id(&self) -> &'static str {
        "timeline"
    }

    fn summary(&self) -> &'static str {
        "an event surely after a pause began and surely before anything resumed it (case rule)"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/timeline.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self.id()) {
            let pauses = subject_dates(case, &param(rule, "pause"));
            let resumes = subject_dates(case, &param(rule, "resume"));
            let events = subject_dates(case, &param(rule, "events"));
            for pause in &pauses {
                // A resumption follows the pause when it can lie after the pause began.
                let following: Vec<&SubjectDate> = resumes
                    .iter()
                    .filter(|r| r.date.days.hi.value > pause.date.days.lo.value)
                    .collect();
                for event in events.iter().filter(|e| e.subject != pause.subject) {
                    let surely_after = event.date.days.lo.value > pause.date.days.hi.value;
                    let surely_before = following
                        .iter()
                        .all(|r| event.date.days.hi.value < r.date.days.lo.value);
                    if surely_after && surely_before {
                        findings.push(self.finding(case, event, pause, &following));
                    }
                }
            }
        }
        findings
    }
}

impl Timeline {
    fn finding(
        &self,
        case: &Case,
        event: &SubjectDate,
        pause: &SubjectDate,
        following: &[&SubjectDate],
    ) -> Finding {
        let resumed = if following.is_empty() {
            "which nothing resumes".to_string()
        } else {
            let list: Vec<String> = following
                .iter()
                .map(|r| format!("{} ({})", r.subject, r.date))
                .collect();
            format!("before it resumed: {}", list.join(", "))
        };
        let mut claims: Vec<_> = event.claims.iter().map(|&i| show(case, i, 0)).collect();
        claims.extend(pause.claims.iter().map(|&i| show(case, i, 1)));
        for (g, r) in following.iter().enumerate() {
            claims.extend(r.claims.iter().map(|&i| show(case, i, g + 2)));
        }
        let property = case.claims[event.claims[0]].property().map(str::to_string);
        Finding {
            rule: self.id(),
            severity: self.severity(),
            reviewed: false,
            subject: Some(event.subject.clone()),
            property,
            message: format!(
                "{} ({}) falls inside the pause {} ({}), {resumed}",
                event.subject, event.date, pause.subject, pause.date
            ),
            claims,
            verdict: None,
        }
    }
}
