//! Normalising names and text: case, accents, punctuation and spacing do not matter,
//! and near-identical spellings are detected for the `name-variant` rule.

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, strip accents, drop punctuation inside words (`U.S.` → `us`), split on
/// whitespace and hyphens.
pub fn tokens(text: &str) -> Vec<String> {
    // ASCII has no accents to strip: skip the decomposition.
    let folded: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .collect::<String>()
            .to_lowercase()
    };
    folded
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '/')
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect()
}

/// Lowercase only, keeping accents, for telling accent-only differences apart.
pub fn tokens_keeping_accents(text: &str) -> Vec<String> {
    let folded = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfc().collect::<String>().to_lowercase()
    };
    folded
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '/')
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The key entity names, aliases and subjects are matched by: `U.S.`, `US` and `u s` are one.
pub fn key(text: &str) -> String {
    tokens(text).concat()
}

/// How two spellings of a name relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// The same name after normalising.
    Same,
    /// One name's parts are all among the other's (`Alex Lee`, `Edward Alex Lee`).
    Subset,
    /// The same parts up to accents only (`Jose` / `José`).
    AccentsOnly,
    /// Same number of parts, each equal or one edit apart (two for parts of 8+ letters).
    NearVariant,
    /// Different names.
    Different,
}

fn parts_near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let allowed = if a.chars().count().max(b.chars().count()) >= 8 {
        2
    } else {
        1
    };
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    within_edits(&a, &b, allowed)
}

/// Whether `a` becomes `b` in at most `k` edits: a letter inserted, deleted or replaced,
/// or two neighbours swapped (optimal string alignment). Only cells within `k` of the
/// diagonal can hold `k` or less, so this takes O(length × k) time and space, where
/// the full table took gigabytes for two 10,000-letter names.
fn within_edits(a: &[char], b: &[char], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let width = 2 * k + 1;
    let over = k + 1;
    // Row i holds D(i, j) for j = i + d - k, d in 0..width; out of range reads as `over`.
    let at = |row: &[usize], d: usize| row.get(d).copied().unwrap_or(over);
    let mut before = vec![over; width];
    let mut previous: Vec<usize> = (0..width)
        .map(|d| {
            d.checked_sub(k)
                .filter(|&j| j <= b.len())
                .map_or(over, |j| j.min(over))
        })
        .collect();
    let mut current = vec![over; width];
    for i in 1..=a.len() {
        for d in 0..width {
            let Some(j) = (i + d).checked_sub(k).filter(|&j| j <= b.len()) else {
                current[d] = over;
                continue;
            };
            if j == 0 {
                current[d] = i.min(over);
                continue;
            }
            let replace = at(&previous, d) + usize::from(a[i - 1] != b[j - 1]);
            let delete = at(&previous, d + 1) + 1;
            let insert = if d == 0 { over } else { current[d - 1] + 1 };
            let mut best = replace.min(delete).min(insert);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(at(&before, d) + 1);
            }
            current[d] = best.min(over);
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    at(&previous, b.len() + k - a.len()) <= k
}

/// Compares two written names.
pub fn compare(a: &str, b: &str) -> Spelling {
    compare_parts(a, b, &tokens(a), &tokens(b))
}

/// [`compare`], given each name's [`tokens`] already.
pub fn compare_parts(a: &str, b: &str, ta: &[String], tb: &[String]) -> Spelling {
    // The same text is the same name (a group's names often repeat one name).
    if a == b {
        return Spelling::Same;
    }
    if ta == tb {
        let accented_differ = tokens_keeping_accents(a) != tokens_keeping_accents(b);
        return if accented_differ {
            Spelling::AccentsOnly
        } else {
            Spelling::Same
        };
    }
    if ta.is_empty() || tb.is_empty() {
        return Spelling::Different;
    }
    let (short, long) = if ta.len() <= tb.len() { (ta, tb) } else { (tb, ta) };
    // Counted, not just present: `January 22 22` is not within `January 21-22`, and the
    // answer must not depend on which name comes first (found by fuzzing).
    let mut unused: Vec<&String> = long.iter().collect();
    let within = short.iter().all(|t| match unused.iter().position(|u| *u == t) {
        Some(at) => {
            unused.swap_remove(at);
            true
        }
        None => false,
    });
    if within {
        return Spelling::Subset;
    }
    if ta.len() == tb.len() && ta.iter().zip(tb).all(|(x, y)| parts_near(x, y)) {
        return Spelling::NearVariant;
    }
    Spelling::Different
}

/// A key of a name part: a hash of some of its letters. Keys only gather candidates,
/// which [`compare_parts`] then decides, so two keys that collide cost a comparison,
/// never a wrong answer; hashing spares allocating a string for every key.
fn key_of(tag: u64, letters: impl Iterator<Item = char>) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_u64(tag);
    for c in letters {
        hasher.write_u32(u32::from(c));
    }
    hasher.finish()
}

/// Deletion neighbourhood of a name part: the part with up to `radius` (1 or 2) letters
/// removed. Two parts within that many edits share a member, so pairs can be found by
/// key. It has about n²/2 members of n letters, so it is used for short parts only.
fn deletions(chars: &[char], radius: usize, out: &mut Vec<u64>) {
    const DELETION: u64 = 0;
    let without = |skip: [usize; 2]| {
        key_of(
            DELETION,
            chars
                .iter()
                .enumerate()
                .filter(move |(i, _)| !skip.contains(i))
                .map(|(_, c)| *c),
        )
    };
    out.push(key_of(DELETION, chars.iter().copied()));
    for i in 0..chars.len() {
        out.push(without([i, i]));
        if radius >= 2 {
            for j in i + 1..chars.len() {
                out.push(without([i, j]));
            }
        }
    }
}

/// Parts up to this many letters are keyed by deletions; parts from `LONG - 3` letters
/// on by pieces. Both bands overlap by more than two letters, so two parts within two
/// edits always share a way of keying. (A 3,000-letter name once took all memory.)
const LONG: usize = 17;

/// Pigeonhole keys of a long part, linear in its length. Cut a part of `len` letters
/// into five pieces: two edits (a transposition touches two pieces) leave one piece
/// untouched, and in the other part it starts at most two letters earlier or later,
/// and the other part is at most two letters longer or shorter. So each part is keyed
/// by every piece it could share with a part of each length near its own.
fn piece_keys(chars: &[char], out: &mut Vec<u64>) {
    const PIECES: usize = 5;
    const EDITS: usize = 2;
    let own = chars.len();
    for len in own.saturating_sub(EDITS)..=own + EDITS {
        for piece in 0..PIECES {
            let (start, end) = (piece * len / PIECES, (piece + 1) * len / PIECES);
            for at in start.saturating_sub(EDITS)..=start + EDITS {
                if let Some(text) = chars.get(at..at + (end - start)) {
                    out.push(key_of(piece_tag(len, piece), text.iter().copied()));
                }
            }
        }
    }
}

/// Keeps piece keys apart from deletion keys (tag 0) and from each other. A collision
/// would only gather more candidates.
fn piece_tag(len: usize, piece: usize) -> u64 {
    1 + ((len as u64) << 8) + piece as u64
}

/// Every key of a part: a pair of near-identical parts shares at least one.
fn keys_of(part: &str, out: &mut Vec<u64>) {
    let chars: Vec<char> = part.chars().collect();
    let letters = chars.len();
    if letters <= LONG {
        deletions(&chars, if letters >= 6 { 2 } else { 1 }, out);
    }
    if letters + 3 >= LONG {
        piece_keys(&chars, out);
    }
}

/// Adds every pair of `members` to `pairs`, as (smaller, larger).
fn every_pair(members: &[usize], pairs: &mut FxHashSet<(usize, usize)>) {
    for (x, &a) in members.iter().enumerate() {
        for &b in &members[x + 1..] {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
}

/// Every pair of `names` that are near-identical spellings or differ only by accents,
/// without comparing all pairs. Such names have as many parts, and each part near its
/// counterpart, so near parts share a key ([`keys_of`]). Names are bucketed by the keys of
/// their first part; a bucket too big to compare pair by pair is split again by the keys
/// of the next part, and so on, so that a thousand names sharing one first name (`Lee …`)
/// are not compared half a million times.
pub fn variant_pairs(names: &[&str]) -> Vec<(usize, usize, Spelling)> {
    /// Buckets this small are compared pair by pair.
    const SMALL: usize = 32;
    let parts: Vec<Vec<String>> = names.iter().map(|name| tokens(name)).collect();
    let mut by_count: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, p) in parts.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        by_count.entry(p.len()).or_default().push(i);
    }
    // (members that share keys for every part before `position`, position)
    let mut work: Vec<(Vec<usize>, usize)> = by_count.into_values().map(|members| (members, 0)).collect();
    // A part's deletion keys are many and overlap (`lee`, `le`, `ee`): buckets holding the
    // same names are split or compared once.
    let mut seen: FxHashSet<(Vec<usize>, usize)> = Default::default();
    let mut pairs: FxHashSet<(usize, usize)> = Default::default();
    let mut keys = Vec::new();
    while let Some((members, position)) = work.pop() {
        if !seen.insert((members.clone(), position)) {
            continue;
        }
        if members.len() <= SMALL || position == parts[members[0]].len() {
            every_pair(&members, &mut pairs);
            continue;
        }
        let mut buckets: FxHashMap<u64, Vec<usize>> = Default::default();
        for &m in &members {
            keys.clear();
            keys_of(&parts[m][position], &mut keys);
            keys.sort_unstable();
            keys.dedup();
            for key in keys.drain(..) {
                buckets.entry(key).or_default().push(m);
            }
        }
        work.extend(
            buckets
                .into_values()
                .filter(|bucket| bucket.len() > 1)
                .map(|bucket| (bucket, position + 1)),
        );
    }
    let mut pairs: Vec<(usize, usize)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let spelling = compare_parts(names[a], names[b], &parts[a], &parts[b]);
            matches!(spelling, Spelling::NearVariant | Spelling::AccentsOnly).then_some((a, b, spelling))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious way: compare every pair.
    fn every_variant_pair(names: &[&str]) -> Vec<(usize, usize, Spelling)> {
        let mut pairs = Vec::new();
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                let s = compare(names[a], names[b]);
                if matches!(s, Spelling::NearVariant | Spelling::AccentsOnly) {
                    pairs.push((a, b, s));
                }
            }
        }
        pairs
    }

    #[test]
    fn repeated_parts_are_counted_either_way_round() {
        // Not a subset either way round: a spelling variant (21 and 22 are one edit apart).
        assert_eq!(compare("January 21-22", "January 22 22"), Spelling::NearVariant);
        assert_eq!(compare("January 22 22", "January 21-22"), Spelling::NearVariant);
        assert_eq!(compare("Lee Lee", "Alex Lee Lee"), Spelling::Subset);
    }

    #[test]
    fn parts_are_split_at_spaces_hyphens_dashes_and_slashes() {
        for split in [tokens, tokens_keeping_accents] {
            assert_eq!(split("Vidal-Ferreiro"), ["vidal", "ferreiro"]);
            assert_eq!(split("Vidal–Ferreiro"), ["vidal", "ferreiro"]);
            assert_eq!(split("Vidal/Ferreiro"), ["vidal", "ferreiro"]);
            assert_eq!(split("Vidal\tFerreiro"), ["vidal", "ferreiro"]);
            assert_eq!(split("Vidal.Ferreiro"), ["vidalferreiro"]);
        }
        assert_eq!(tokens_keeping_accents("José–Bolaños"), ["josé", "bolaños"]);
    }

    #[test]
    fn normalising() {
        assert_eq!(
            tokens("  Josefina  VIDAL-Ferreiro "),
            ["josefina", "vidal", "ferreiro"]
        );
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("US"), "us");
        assert_eq!(key("Bolaños"), "bolanos");
    }

    #[test]
    fn spellings() {
        assert_eq!(
            compare("Eduard Alex Lee", "Edward Alex Lee"),
            Spelling::NearVariant
        );
        assert_eq!(
            compare("Edward Alex Lee", "Eduard Alex Lee"),
            Spelling::NearVariant
        );
        assert_eq!(compare("Alex Lee", "Edward Alex Lee"), Spelling::Subset);
        assert_eq!(compare("José Bolaños", "Jose Bolanos"), Spelling::AccentsOnly);
        assert_eq!(compare("Jorge Bolaños", "jorge bolaños"), Spelling::Same);
        assert_eq!(compare("Craig Kelly", "Roberta Jacobson"), Spelling::Different);
        // Different part counts are never variants, only subsets.
        assert_eq!(compare("Edward Lee", "Eduard Alex Lee"), Spelling::Different);
    }

    #[test]
    fn variant_pairs_match_comparing_every_pair() {
        let names = [
            "Eduard Alex Lee",
            "Edward Alex Lee",
            "Alex Lee",
            "Josefina Vidal",
            "Josefena Vidal",
            "José Bolaños",
            "Jose Bolanos",
            "Craig Kelly",
            "Kraig Kelly",
            "Roberta Jacobson",
            "Rodriguez",
            "Rodrigues",
            "Rdoriguez",
            "Ferreira Ferreiro",
            "Ferreiro Ferreira",
        ];
        let brute = every_variant_pair(&names);
        assert_eq!(variant_pairs(&names), brute);
        assert!(brute.len() >= 6);
    }

    proptest::proptest! {
        // Small inputs, many cases: the band's every corner is reached.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// The banded check agrees with the full optimal-string-alignment distance.
        #[test]
        fn within_edits_matches_the_full_distance(a in "[ab]{0,12}", b in "[ab]{0,12}", k in 0usize..4) {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(within_edits(&ca, &cb, k), strsim::osa_distance(&a, &b) <= k);
        }
    }

    proptest::proptest! {
        /// The guarantee the keys exist for: a part and any part within two edits of it
        /// (the edits a long part may differ by) share a key, at every length.
        #[test]
        fn parts_within_two_edits_share_a_key(
            base in "[a-d]{3,45}",
            edits in proptest::collection::vec((0usize..4, 0usize..64, "[a-e]"), 1..3),
        ) {
            let mut chars: Vec<char> = base.chars().collect();
            for (kind, at, letter) in edits {
                let at = at % (chars.len() + 1);
                let letter = letter.chars().next().unwrap_or('e');
                match kind {
                    0 => chars.insert(at, letter),
                    1 if at < chars.len() => { chars.remove(at); }
                    2 if at + 1 < chars.len() => chars.swap(at, at + 1),
                    _ if at < chars.len() => chars[at] = letter,
                    _ => {}
                }
            }
            let edited: String = chars.into_iter().collect();
            let within = within_edits(&base.chars().collect::<Vec<_>>(), &edited.chars().collect::<Vec<_>>(), 2);
            let long = base.chars().count() >= 6 && edited.chars().count() >= 6;
            proptest::prop_assume!(within && long);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            keys_of(&base, &mut a);
            keys_of(&edited, &mut b);
            proptest::prop_assert!(a.iter().any(|k| b.contains(k)), "{base} / {edited}");
        }

        /// Around the band where keying switches from deletions to pieces, and far
        /// beyond it: the pairs found are exactly those that comparing every pair finds.
        #[test]
        fn variant_pairs_of_long_parts_match_brute_force(
            base in "[a-c]{8,40}",
            edits in proptest::collection::vec((0usize..4, 0usize..64, "[a-d]"), 0..6),
            crowd in proptest::collection::vec("[a-d]{8,40}", 0..40),
        ) {
            let mut names = vec![base.clone()];
            for (kind, at, letter) in edits {
                let mut chars: Vec<char> = names[names.len() - 1].chars().collect();
                let at = at % (chars.len() + 1);
                match kind {
                    0 => chars.insert(at, letter.chars().next().unwrap_or('a')),
                    1 if at < chars.len() => { chars.remove(at); }
                    2 if at + 1 < chars.len() => chars.swap(at, at + 1),
                    _ if at < chars.len() => chars[at] = letter.chars().next().unwrap_or('a'),
                    _ => {}
                }
                names.push(chars.into_iter().collect());
            }
            // Past 32 names the pairs come from keys, not from comparing every pair.
            names.extend(crowd);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let brute = every_variant_pair(&names);
            proptest::prop_assert_eq!(variant_pairs(&names), brute);
        }

        /// Crowds of short names from a small alphabet fill buckets past the size that is
        /// compared pair by pair, so they are split part by part; still exactly brute force.
        #[test]
        fn variant_pairs_of_crowded_names_match_brute_force(
            names in proptest::collection::vec("(lee|lea|li) [a-c]{1,4}( [a-c]{1,3})?", 30..90),
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let brute = every_variant_pair(&names);
            proptest::prop_assert_eq!(variant_pairs(&names), brute);
        }
    }

    #[test]
    fn many_names_sharing_a_first_part_are_split_by_the_next() {
        // 200 names `Lee <word>`, more than one bucket compares pair by pair; two of them
        // are variants of each other, and they are found like the pair of `Alex` names.
        let mut names: Vec<String> = (0..200)
            .map(|i| format!("Lee W{i:03}xyzq{}", i * 7919 % 1000))
            .collect();
        names.push("Lee Wilkinson".to_string());
        names.push("Lee Wilkinsen".to_string());
        names.push("Alex Lee".to_string());
        names.push("Alex Lea".to_string());
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let brute = every_variant_pair(&refs);
        assert!(
            brute
                .iter()
                .any(|&(a, b, _)| (refs[a], refs[b]) == ("Lee Wilkinson", "Lee Wilkinsen"))
        );
        assert_eq!(variant_pairs(&refs), brute);
    }

    /// More than a bucket's worth of names that all differ in one letter share a key on
    /// their last part: that bucket is compared pair by pair, not split past the end.
    #[test]
    fn a_crowd_of_one_letter_variants_is_compared_at_the_last_part() {
        let names: Vec<String> = "abcdefghijklmnopqrstuvwxyzàáâãäåèéêëìíîï"
            .chars()
            .map(|c| format!("Wil{c}inson"))
            .collect();
        assert!(names.len() > 32);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let brute = every_variant_pair(&refs);
        assert!(brute.len() > 500);
        assert_eq!(variant_pairs(&refs), brute);
    }

    #[test]
    fn a_very_long_name_is_keyed_in_linear_space() {
        let mut keys = Vec::new();
        keys_of(&"x".repeat(10_000), &mut keys);
        assert!(keys.len() <= 5 * 5 * 5, "{}", keys.len());
        let long = "x".repeat(3_000);
        let near = format!("{}y{}", &long[..1_500], &long[1_500..]);
        assert_eq!(variant_pairs(&[long.as_str(), near.as_str()]).len(), 1);
    }

    #[test]
    fn long_parts_allow_two_edits() {
        assert_eq!(compare("Ferreira", "Ferreiro"), Spelling::NearVariant);
        assert_eq!(compare("Josefina Vidal", "Josefena Vidal"), Spelling::NearVariant);
        assert_eq!(compare("Rodriguez", "Rodrigues"), Spelling::NearVariant);
        assert_eq!(compare("Kelly", "Kerry"), Spelling::Different);
    }
}
