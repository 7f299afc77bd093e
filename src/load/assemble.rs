//! A whole case from its source files: files loaded in parallel a chunk at a time,
//! their facts gathered into one array in source-id order, source ids checked for
//! uniqueness, and relation claims resolved across files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::CaseCache;
use super::case_file::Declared;
use super::claim::{Numbering, index32};
use super::files::{self, CaseFolder};
use super::source_file::{self, FileResult};
use super::{FileProblems, Issue, Limits, Problem, Progress, path, relations};
use crate::model::{Case, Claim, ClaimBody, Texts};
/// Assembles a case from its declarations and source files; `None` when anything is wrong.
pub(super) fn assemble(
    name: String,
    folder: CaseFolder,
    declared: Option<Declared>,
    paths: Vec<PathBuf>,
    (progress, limits, cache): (&Progress, &Limits, Option<&CaseCache>),
    out: &mut Vec<Problem>,
) -> Option<Case> {
    // Files load in parallel a chunk at a time, and each chunk's facts are appended as it
    // completes, so a large case never holds its claims twice.
    let mut files: Vec<FileResult> = Vec::with_capacity(paths.len());
    // The claims array is sized once, after the first chunk, from its claims per byte of
    // YAML: growing by doubling would briefly hold the old and the new array.
    let sizes: Vec<u64> = paths
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut texts = Texts::default();
    let mut first_fact = Vec::with_capacity(paths.len() + 1);
    let mut interner = Interner::default();
    // With a cache, the chunks are the groups its packs keep together.
    let chunks: Vec<std::ops::Range<usize>> = match cache {
        Some(_) => super::cache::groups(&paths),
        None => (0..paths.len())
            .step_by(CHUNK)
            .map(|start| start..(start + CHUNK).min(paths.len()))
            .collect(),
    };
    // Gathers a loaded chunk's facts into the case: on one thread, while the next chunk
    // loads on the others.
    let mut gather = |loaded: Vec<FileResult>, chunk_len: usize| {
        if claims.capacity() == 0 {
            let (facts, bytes) = (
                loaded.iter().map(|f| f.facts.len()).sum::<usize>(),
                sizes[..chunk_len].iter().sum::<u64>(),
            );
            let rest: u64 = sizes[chunk_len..].iter().sum();
            let estimate = facts as f64 + rest as f64 * facts as f64 / bytes.max(1) as f64 * 1.05;
            claims.reserve(estimate as usize);
        }
        for mut file in loaded {
            first_fact.push(claims.len());
            let f = files.len();
            let facts = std::mem::take(&mut file.facts);
            let own = std::mem::take(&mut file.texts);
            match texts.append(&own.texts) {
                Some(by) => {
                    // The file's subjects, each once, by their index in the case.
                    let subjects: Vec<u32> = own
                        .subjects
                        .iter()
                        .map(|s| interner.subjects.number(s.unwrap_or_default()))
                        .collect();
                    claims.extend(facts.into_iter().map(|mut claim| {
                        claim.source = index32(f);
                        claim.text = claim.text.moved(by);
                        if let ClaimBody::Fact { subject, property } = claim.body() {
                            let subject = subjects.get(subject as usize).copied().unwrap_or_default();
                            claim.set_body(ClaimBody::Fact { subject, property });
                        }
                        interner.share(&mut claim);
                        claim
                    }));
                }
                None => file.problems.at(Vec::new(), super::Issue::CaseTooLarge),
            }
            files.push(file);
        }
    };
    rayon::scope(|scope| {
        let mut pending: Option<(Vec<FileResult>, usize)> = None;
        for range in chunks {
            let tail = range.end == paths.len();
            let chunk = &paths[range];
            let pack = cache.map(|cache| cache.pack(chunk, tail));
            let load = || -> Vec<FileResult> {
                chunk
                    .par_iter()
                    .map(|path| {
                        let file =
                            source_file::load(folder, path.clone(), declared.as_ref(), limits, pack.as_ref());
                        progress.file_done();
                        file
                    })
                    .collect()
            };
            let (loaded, ()) = rayon::join(load, || {
                if let Some((loaded, len)) = pending.take() {
                    gather(loaded, len);
                }
            });
            if let Some(pack) = pack {
                // Written while the next chunk loads.
                scope.spawn(move |_| pack.finish());
            }
            pending = Some((loaded, chunk.len()));
        }
        if let Some((loaded, len)) = pending {
            gather(loaded, len);
        }
    });
    first_fact.push(claims.len());
    // Sources in id order; ids default to the file stems, so this is usually the order
    // the files were read in already.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| {
        files[a]
            .source
            .id
            .cmp(&files[b].source.id)
            .then(files[a].path.cmp(&files[b].path))
    });
    if order.iter().enumerate().any(|(k, &f)| k != f) {
        (files, claims, first_fact) = reorder(files, claims, &first_fact, &order);
    }
    for i in 1..files.len() {
        if files[i].source.id == files[i - 1].source.id {
            let issue = Issue::DuplicateSourceId {
                id: files[i].source.id.clone(),
                other: super::display(&files[i - 1].path),
            };
            files[i].problems.at(path!["source", "id"], issue);
        }
    }
    let (resolved, relations) = match &declared {
        Some(declared) => relations::resolve(declared, (&claims, &mut texts), &first_fact, &mut files),
        None => Default::default(),
    };
    claims.extend(resolved);

    let mut ok = declared.is_some();
    for file in files.iter_mut() {
        ok &= file.problems.is_empty();
        let problems = std::mem::replace(&mut file.problems, FileProblems::new(&file.path));
        let reread = |path: &Path| files::read_text(folder, path, limits).ok();
        problems.finish_reading(file.text.take(), reread, out);
    }
    let declared = declared.filter(|_| ok)?;
    Some(Case {
        name,
        dir: folder.dir.to_path_buf(),
        title: declared.title,
        properties: declared.properties,
        entities: declared.entities,
        entity_keys: declared.entity_keys,
        rules: declared.rules,
        timezone: declared.calendar.zone,
        sources: files.into_iter().map(|f| f.source).collect(),
        claims,
        relations,
        texts: Arc::new(texts),
        subjects: interner.subjects.list,
        property_names: declared.property_names,
        reviews: Vec::new(),
    })
}

/// Source files loaded in parallel at a time.
const CHUNK: usize = 256;

/// Numbers the case's subjects, and makes claims with the same speaker share one string:
/// files are loaded apart, so each built its own.
///
/// It runs on one thread (while the next chunk loads): hashed with Fx, not SipHash,
/// which is three times the work (a case's subjects are its author's, and a crafted set
/// of colliding ones only slows this one case).
#[derive(Default)]
struct Interner {
    /// Each subject once, in the order first met: [`Case::subjects`].
    subjects: Numbering,
    speakers: rustc_hash::FxHashSet<Arc<str>>,
}

impl Interner {
    fn share(&mut self, claim: &mut Claim) {
        if let Some(said_by) = claim.extras.as_mut().and_then(|e| e.said_by.as_mut()) {
            match self.speakers.get(&**said_by) {
                Some(existing) => *said_by = existing.clone(),
                None => {
                    self.speakers.insert(said_by.clone());
                }
            }
        }
    }
}

/// Puts files, and their facts, in `order`.
fn reorder(
    files: Vec<FileResult>,
    claims: Vec<Claim>,
    first_fact: &[usize],
    order: &[usize],
) -> (Vec<FileResult>, Vec<Claim>, Vec<usize>) {
    let mut old: Vec<Option<Claim>> = claims.into_iter().map(Some).collect();
    let mut old_files: Vec<Option<FileResult>> = files.into_iter().map(Some).collect();
    let (mut files, mut claims, mut starts) = (Vec::new(), Vec::with_capacity(old.len()), Vec::new());
    for (new, &f) in order.iter().enumerate() {
        starts.push(claims.len());
        for slot in &mut old[first_fact[f]..first_fact[f + 1]] {
            if let Some(mut claim) = slot.take() {
                claim.source = index32(new);
                claims.push(claim);
            }
        }
        files.extend(old_files[f].take());
    }
    starts.push(claims.len());
    (files, claims, starts)
}

#[cfg(test)]
mod tests {
    /// Files are loaded apart, each with strings of its own: assembled, a case numbers
    /// each subject once and its claims share one string per speaker.
    #[test]
    fn subjects_are_numbered_once_and_speakers_shared() {
        let claims = "claims:\n  - {id: a, subject: s, property: p, value: x, said_by: the mayor}\n  - {id: b, subject: t, property: p, value: y}\n";
        let case = crate::rules::testing::case(&[
            ("case.yaml", "properties:\n  p: {type: text}\n"),
            ("one.yaml", claims),
            ("two.yaml", claims),
        ]);
        assert_eq!(case.subjects.len(), 2);
        let subjects: Vec<Option<&str>> = case.claims.iter().map(|c| case.subject_of(c)).collect();
        assert_eq!(subjects, [Some("s"), Some("t"), Some("s"), Some("t")]);
        let speaker = |claim: usize| {
            let extras = case.claims[claim].extras.as_ref().expect("a speaker");
            extras.said_by.clone().expect("a speaker")
        };
        assert_eq!(&*speaker(0), "the mayor");
        assert!(std::sync::Arc::ptr_eq(&speaker(0), &speaker(2)));
    }
}
