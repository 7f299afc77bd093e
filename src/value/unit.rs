//! Units as reporters write them around a figure: a property's unit, its singular,
//! plural and abbreviations (`km`, `%`, `pp`), the spellings a case declares, and money:
//! ISO 4217 codes with their symbols and words before or after the figure (`$18.12
//! billion`, `US$18.12bn`, `Rs 1.95 crore`, `18.12 billion dollars`).
//!
//! Hands the figure, without its unit, to the number parser. A figure in another currency
//! than the property's is refused: claimcheck never converts money.

use super::number::tidy;

/// A currency: its ISO 4217 code and how articles write it, lowercase, tokens separated
/// by single spaces (`$` is always its own token).
struct Currency {
    code: &'static str,
    spellings: &'static [&'static str],
}

const CURRENCIES: [Currency; 20] = [
    Currency {
        code: "USD",
        spellings: &[
            "usd",
            "$",
            "us $",
            "u.s. $",
            "dollars",
            "dollar",
            "us dollars",
            "u.s. dollars",
        ],
    },
    Currency {
        code: "EUR",
        spellings: &["eur", "€", "euros", "euro"],
    },
    Currency {
        code: "GBP",
        spellings: &[
            "gbp",
            "£",
            "pounds",
            "pound",
            "pounds sterling",
            "sterling",
            "stg",
        ],
    },
    Currency {
        code: "INR",
        spellings: &["inr", "₹", "rs", "rs.", "re", "re.", "rupees", "rupee"],
    },
    Currency {
        code: "JPY",
        spellings: &["jpy", "¥", "jp ¥", "yen"],
    },
    Currency {
        code: "CNY",
        spellings: &["cny", "¥", "cn ¥", "rmb", "yuan", "renminbi"],
    },
    Currency {
        code: "CAD",
        spellings: &[
            "cad",
            "$",
            "c $",
            "ca $",
            "can $",
            "canadian dollars",
            "dollars",
            "dollar",
        ],
    },
    Currency {
        code: "AUD",
        spellings: &[
            "aud",
            "$",
            "a $",
            "au $",
            "australian dollars",
            "dollars",
            "dollar",
        ],
    },
    Currency {
        code: "NZD",
        spellings: &["nzd", "$", "nz $", "new zealand dollars", "dollars", "dollar"],
    },
    Currency {
        code: "HKD",
        spellings: &["hkd", "$", "hk $", "hong kong dollars", "dollars", "dollar"],
    },
    Currency {
        code: "SGD",
        spellings: &["sgd", "$", "s $", "singapore dollars", "dollars", "dollar"],
    },
    Currency {
        code: "MXN",
        spellings: &["mxn", "$", "mex $", "pesos", "peso"],
    },
    Currency {
        code: "CHF",
        spellings: &["chf", "swiss francs", "francs", "franc"],
    },
    Currency {
        code: "PKR",
        spellings: &["pkr", "rs", "rs.", "rupees", "rupee"],
    },
    Currency {
        code: "BRL",
        spellings: &["brl", "r $", "reais", "real"],
    },
    Currency {
        code: "ZAR",
        spellings: &["zar", "rand"],
    },
    Currency {
        code: "KRW",
        spellings: &["krw", "₩", "won"],
    },
    Currency {
        code: "RUB",
        spellings: &["rub", "₽", "roubles", "rubles", "rouble", "ruble"],
    },
    Currency {
        code: "NGN",
        spellings: &["ngn", "₦", "naira"],
    },
    Currency {
        code: "KES",
        spellings: &["kes", "ksh", "kenyan shillings", "shillings"],
    },
];

/// Built-in units and their common spellings: a property whose `unit` is any of a row's
/// spellings accepts them all without declaring them.
const UNITS: [&[&str]; 15] = [
    &["percent", "%", "per cent", "pct", "percentage"],
    &[
        "percentage points",
        "percentage point",
        "% points",
        "percent points",
        "pp",
        "ppt",
        "pts",
        "points",
        "point",
    ],
    &["people", "persons", "person"],
    &["kilometres", "kilometers", "kilometre", "kilometer", "km", "kms"],
    &["miles", "mile", "mi"],
    &["metres", "meters", "metre", "meter", "m"],
    &["kilograms", "kilogram", "kg", "kgs", "kilos", "kilo"],
    &["tonnes", "tonne", "tons", "ton", "metric tons", "t"],
    &[
        "km/h",
        "kmph",
        "kph",
        "km/hr",
        "km per hour",
        "kilometres per hour",
        "kilometers per hour",
        "kilometres an hour",
        "kilometers an hour",
    ],
    &["mph", "miles per hour", "miles an hour"],
    &["hectares", "hectare", "ha"],
    &["acres", "acre"],
    &["litres", "liters", "litre", "liter", "l"],
    &["votes", "vote"],
    &["dollars", "dollar", "usd", "$", "us $"],
];

/// Symbols written against a figure (`$5`, `79%`), split off into tokens of their own.
const SYMBOLS: [char; 9] = ['$', '€', '£', '₹', '¥', '₩', '₽', '₦', '%'];

/// Why a figure's unit is not the property's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCurrency {
    /// How the figure writes its currency (`€`, `rupees`).
    pub written: String,
    /// The currencies that spelling may stand for.
    pub codes: Vec<&'static str>,
}

/// Whether `unit` is a percentage.
pub fn is_percent(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| UNITS[0].contains(&u.trim().to_lowercase().as_str()))
}

/// The currency of an ISO 4217 code: a listed one, or any other three capital letters.
fn currency(unit: &str) -> Option<(&'static str, &'static [&'static str])> {
    let unit = unit.trim();
    if let Some(c) = CURRENCIES.iter().find(|c| c.code == unit) {
        return Some((c.code, c.spellings));
    }
    (unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase())).then_some(("", &[]))
}

/// The spellings a property's unit accepts, lowercase, tokens apart by single spaces,
/// most tokens first.
fn spellings(unit: &str, declared: &[String]) -> Vec<String> {
    let lower = unit.trim().to_lowercase();
    let mut all: Vec<String> = vec![lower.clone()];
    if let Some((_, money)) = currency(unit) {
        all.extend(money.iter().map(|s| s.to_string()));
    } else {
        if let Some(row) = UNITS.iter().find(|row| row.contains(&lower.as_str())) {
            all.extend(row.iter().map(|s| s.to_string()));
        }
        let singular = lower
            .strip_suffix("ies")
            .map(|s| format!("{s}y"))
            .or_else(|| lower.strip_suffix('s').map(str::to_string));
        all.extend(singular);
        if !lower.ends_with('s') {
            // `casualty` → `casualties`, but `day` → `days`.
            let plural = match lower.strip_suffix('y') {
                Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
                _ => format!("{lower}s"),
            };
            all.push(plural);
        }
    }
    let mut phrases: Vec<String> = all
        .iter()
        .map(String::as_str)
        .chain(declared.iter().map(String::as_str))
        .map(|s| tokens(s).join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.split(' ').count()));
    phrases.dedup();
    phrases
}

/// A unit, its declared spellings, and all the spellings they accept.
type Spellings = (String, Vec<String>, std::rc::Rc<[String]>);

thread_local! {
    /// The spellings of the unit last asked for: a file's claims of one property come in
    /// runs, and building the list costs more than stripping a figure.
    static LAST: std::cell::RefCell<Option<Spellings>> = const { std::cell::RefCell::new(None) };
}

fn cached_spellings(unit: &str, declared: &[String]) -> std::rc::Rc<[String]> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((u, d, spellings)) if u == unit && d.as_slice() == declared => spellings.clone(),
            _ => {
                let spellings: std::rc::Rc<[String]> = spellings(unit, declared).into();
                *last = Some((unit.to_string(), declared.to_vec(), spellings.clone()));
                spellings
            }
        }
    })
}

/// Splits text into tokens, with symbols apart: `us$18.12bn` → `us $ 18.12bn`.
fn tokens(text: &str) -> Vec<String> {
    let mut padded = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if SYMBOLS.contains(&c) {
            padded.push(' ');
            padded.push(c);
            padded.push(' ');
        } else {
            padded.push(c);
        }
    }
    padded.split_whitespace().map(str::to_lowercase).collect()
}

/// How many words a phrase (tokens apart by single spaces) covers at the start of
/// `words`, when they begin with it.
fn phrase_at(words: &[String], phrase: &str) -> Option<usize> {
    let mut n = 0;
    for part in phrase.split(' ') {
        if words.get(n).is_none_or(|w| w != part) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Whether `word` is a one-token spelling of the unit or of any currency, for splitting
/// `rs1.95` and `usd18`.
fn known_word(word: &str, own: &[String]) -> bool {
    own.iter().any(|p| p == word) || CURRENCIES.iter().any(|c| c.spellings.contains(&word))
}

/// Removes the unit from `text`, wherever the reporter put it, and returns the rest for
/// the number parser. A currency other than the property's is an error.
pub fn strip(text: &str, unit: Option<&str>, declared: &[String]) -> Result<String, OtherCurrency> {
    let Some(unit) = unit else { return Ok(tidy(text)) };
    let own = cached_spellings(unit, declared);
    let money = currency(unit).is_some();
    // `rs1.95` and `120km/h`: a unit written against the figure is a token of its own.
    let mut words: Vec<String> = Vec::new();
    for token in tokens(text) {
        // No spelling is empty, so a token that starts with its figure is not split.
        match token.find(|c: char| c.is_ascii_digit()) {
            Some(at) if known_word(&token[..at], &own) => {
                words.push(token[..at].to_string());
                words.push(token[at..].to_string());
            }
            _ => match token.rfind(|c: char| c.is_ascii_digit()) {
                Some(at) if own.iter().any(|p| *p == token[at + 1..]) => {
                    words.push(token[..=at].to_string());
                    words.push(token[at + 1..].to_string());
                }
                _ => words.push(token),
            },
        }
    }
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some(n) = own.iter().find_map(|p| phrase_at(&words[i..], p)) {
            i += n;
            continue;
        }
        if money {
            // The longest spelling of another currency here, and every currency it names.
            let mut found: (usize, Vec<&'static str>) = (0, Vec::new());
            for c in &CURRENCIES {
                let Some(n) = c.spellings.iter().filter_map(|s| phrase_at(&words[i..], s)).max() else {
                    continue;
                };
                if n > found.0 {
                    found = (n, vec![c.code]);
                } else if n == found.0 {
                    found.1.push(c.code);
                }
            }
            if found.0 > 0 {
                return Err(OtherCurrency {
                    written: words[i..i + found.0].join(" ").replace(" $", "$"),
                    codes: found.1,
                });
            }
        }
        kept.push(words[i].clone());
        i += 1;
    }
    // An abbreviation of the unit as the last word: `3 cas.` for casualties.
    if let Some(last) = kept.last() {
        let word = last.trim_end_matches('.');
        let lower = unit.trim().to_lowercase();
        let numeric = word.starts_with(|c: char| c.is_ascii_digit());
        if !numeric && word.len() >= 2 && word.len() < lower.len() && lower.starts_with(word) {
            kept.pop();
        }
    }
    Ok(kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(text: &str, unit: &str) -> String {
        strip(text, Some(unit), &[]).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn money_before_or_after_the_figure() {
        for (text, rest) in [
            ("$18.12 billion", "18.12 billion"),
            ("US$18.12bn", "18.12bn"),
            ("U.S.$18.12 billion", "18.12 billion"),
            ("USD 18.12 billion", "18.12 billion"),
            ("18.12 billion dollars", "18.12 billion"),
            ("18.12 billion US dollars", "18.12 billion"),
            ("about $2 billion", "about 2 billion"),
            ("more than $200 million", "more than 200 million"),
            ("$3-4 billion", "3-4 billion"),
            ("$3 billion to $4 billion", "3 billion to 4 billion"),
            ("USD18bn", "18bn"),
        ] {
            assert_eq!(bare(text, "USD"), rest, "{text}");
        }
        assert_eq!(bare("€5m", "EUR"), "5m");
        assert_eq!(bare("5 euros", "EUR"), "5");
        assert_eq!(bare("£3.2 million", "GBP"), "3.2 million");
        assert_eq!(bare("₹10 lakh", "INR"), "10 lakh");
        assert_eq!(bare("Rs 1.95 crore", "INR"), "1.95 crore");
        assert_eq!(bare("Rs. 5 lakh", "INR"), "5 lakh");
        assert_eq!(bare("Rs1.95 crore", "INR"), "1.95 crore");
        assert_eq!(bare("10 lakh rupees", "INR"), "10 lakh");
        assert_eq!(bare("C$5 million", "CAD"), "5 million");
        assert_eq!(bare("$5 million", "CAD"), "5 million");
        assert_eq!(bare("¥300 billion", "JPY"), "300 billion");
        // A code nobody listed still works as a code; only three capitals make one.
        assert_eq!(bare("XOF 500", "XOF"), "500");
        assert!(currency("XOF").is_some() && currency("USD").is_some());
        for not_code in ["kms", "ABCD", "Usd", "KM"] {
            assert!(currency(not_code).is_none(), "{not_code}");
        }
    }

    #[test]
    fn another_currency_is_named() {
        let err = strip("€5m", Some("USD"), &[]).unwrap_err();
        assert_eq!(err.written, "€");
        assert_eq!(err.codes, ["EUR"]);
        let err = strip("US$5m", Some("CAD"), &[]).unwrap_err();
        assert_eq!(err.written, "us$");
        assert_eq!(err.codes, ["USD"]);
        let err = strip("$5m", Some("EUR"), &[]).unwrap_err();
        assert!(
            err.codes.contains(&"USD") && err.codes.contains(&"CAD"),
            "{err:?}"
        );
        let err = strip("Rs 5 lakh", Some("USD"), &[]).unwrap_err();
        assert_eq!(err.codes, ["INR", "PKR"]);
        let err = strip("Rs5 lakh", Some("USD"), &[]).unwrap_err();
        assert_eq!((err.written.as_str(), err.codes.len()), ("rs", 2));
        // Without a currency unit, money words are left for the number parser to refuse.
        assert_eq!(strip("$5", Some("visas"), &[]).unwrap(), "$ 5");
    }

    #[test]
    fn percentages_and_points() {
        for text in ["79%", "79 %", "79 percent", "79 per cent", "79 pct"] {
            assert_eq!(bare(text, "percent"), "79", "{text}");
        }
        assert_eq!(bare("20% to 25%", "percent"), "20 to 25");
        assert_eq!(bare("20-25%", "percent"), "20-25");
        assert_eq!(bare("+81.5%", "percent"), "+81.5");
        assert_eq!(bare("about 25%", "%"), "about 25");
        for text in [
            "4.2 percentage points",
            "4.2 pp",
            "4.2 points",
            "4.2pp",
            "4.2 % points",
        ] {
            assert_eq!(bare(text, "percentage points"), "4.2", "{text}");
        }
        assert!(is_percent(Some("percent")) && is_percent(Some("%")) && !is_percent(Some("pp")));
    }

    #[test]
    fn built_in_and_declared_spellings() {
        assert_eq!(bare("120 km/h", "km/h"), "120");
        assert_eq!(bare("120 kmph", "km/h"), "120");
        assert_eq!(bare("120 kilometres per hour", "km/h"), "120");
        assert_eq!(bare("120km/h", "km/h"), "120");
        let declared = ["clicks".to_string()];
        assert_eq!(strip("120 clicks", Some("km/h"), &declared).unwrap(), "120");
        // Another property of the same unit may not declare them.
        assert_eq!(strip("120 clicks", Some("km/h"), &[]).unwrap(), "120 clicks");
        assert_eq!(strip("120 clicks", Some("mph"), &declared).unwrap(), "120");
        assert_eq!(bare("5 km", "kilometres"), "5");
        assert_eq!(bare("5m", "metres"), "5");
        assert_eq!(bare("3 cas.", "casualties"), "3");
        assert_eq!(bare("1 casualty", "casualties"), "1");
        assert_eq!(bare("3 votes", "vote"), "3");
        assert_eq!(bare("3 casualties", "casualty"), "3");
        assert_eq!(bare("1 casualty", "casualty"), "1");
        assert_eq!(bare("3 journeys", "journey"), "3");
        assert_eq!(bare("57.4 lakh votes", "votes"), "57.4 lakh");
        // Words before a figure that are no unit stay whole.
        assert_eq!(bare("twenty-five visas", "visas"), "twenty-five");
        assert_eq!(bare("about5 visas", "visas"), "about5");
        assert_eq!(bare("km5", "km"), "5");
        // An unknown word stays, for the number parser to refuse.
        assert_eq!(bare("3 victims", "casualties"), "3 victims");
        assert_eq!(bare("3 c", "casualties"), "3 c");
    }
}
