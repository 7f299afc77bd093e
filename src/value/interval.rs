//! Intervals of real numbers: the common currency of dates (day numbers), quantities,
//! durations (days) and frequencies (events per year). Agreement is overlap.

/// Relative slack for comparing bounds, so that `365.25 / 182.625` equals `2`.
const EPSILON: f64 = 1e-9;

/// One end of an interval; infinite ends are always open.
///
/// Packed: a value is the bulk of a claim, a large case holds a million claims, and
/// without the 7 bytes of padding after each `closed` an interval takes 18 bytes, not 32
/// (a claim 8 fewer). Read `value` by copy (`{ bound.value }`), or compare values with
/// [`Bound::value_cmp`]: a reference to it may be unaligned, and Rust refuses one.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[repr(C, packed)]
pub struct Bound {
    pub value: f64,
    pub closed: bool,
}

impl Bound {
    /// Orders bounds by their values alone, as [`f64::total_cmp`] does.
    pub fn value_cmp(&self, other: &Bound) -> std::cmp::Ordering {
        let (a, b) = (self.value, other.value);
        a.total_cmp(&b)
    }
}

/// Bounds within rounding noise of each other are equal.
impl PartialEq for Bound {
    fn eq(&self, other: &Self) -> bool {
        self.closed == other.closed && close(self.value, other.value)
    }
}

/// A possibly unbounded interval of numbers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub lo: Bound,
    pub hi: Bound,
}

fn close(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if !a.is_finite() || !b.is_finite() {
        return false;
    }
    (a - b).abs() <= EPSILON * a.abs().max(b.abs()).max(1.0)
}

impl Interval {
    pub fn point(v: f64) -> Self {
        Self::closed(v, v)
    }

    pub fn closed(lo: f64, hi: f64) -> Self {
        Interval {
            lo: Bound {
                value: lo,
                closed: lo.is_finite(),
            },
            hi: Bound {
                value: hi,
                closed: hi.is_finite(),
            },
        }
    }

    /// `[lo, hi)`: a rounding interval, whose upper end belongs to the next rounding.
    pub fn half_open(lo: f64, hi: f64) -> Self {
        let mut i = Self::closed(lo, hi);
        i.hi.closed = false;
        i
    }

    /// `[v, ∞)` or `(v, ∞)`.
    pub fn at_least(v: f64, closed: bool) -> Self {
        Interval {
            lo: Bound { value: v, closed },
            hi: Bound {
                value: f64::INFINITY,
                closed: false,
            },
        }
    }

    /// `(-∞, v]` or `(-∞, v)`.
    pub fn at_most(v: f64, closed: bool) -> Self {
        Interval {
            lo: Bound {
                value: f64::NEG_INFINITY,
                closed: false,
            },
            hi: Bound { value: v, closed },
        }
    }

    pub fn is_point(&self) -> bool {
        self.lo.closed && self.hi.closed && close(self.lo.value, self.hi.value)
    }

    pub fn is_empty(&self) -> bool {
        if close(self.lo.value, self.hi.value) {
            !(self.lo.closed && self.hi.closed)
        } else {
            self.lo.value > self.hi.value
        }
    }

    /// The overlap of two intervals, `None` when they are disjoint.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let lo = if close(self.lo.value, other.lo.value) {
            Bound {
                value: self.lo.value,
                closed: self.lo.closed && other.lo.closed,
            }
        } else if self.lo.value > other.lo.value {
            self.lo
        } else {
            other.lo
        };
        let hi = if close(self.hi.value, other.hi.value) {
            Bound {
                value: self.hi.value,
                closed: self.hi.closed && other.hi.closed,
            }
        } else if self.hi.value < other.hi.value {
            self.hi
        } else {
            other.hi
        };
        let meet = Interval { lo, hi };
        (!meet.is_empty()).then_some(meet)
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.intersect(other).is_some()
    }

    /// The smallest interval holding both.
    pub fn span(&self, other: &Interval) -> Interval {
        let lo = if self.lo.value < other.lo.value || (close(self.lo.value, other.lo.value) && self.lo.closed)
        {
            self.lo
        } else {
            other.lo
        };
        let hi = if self.hi.value > other.hi.value || (close(self.hi.value, other.hi.value) && self.hi.closed)
        {
            self.hi
        } else {
            other.hi
        };
        Interval { lo, hi }
    }

    /// Multiplies both ends by a positive factor.
    pub fn scale(&self, factor: f64) -> Interval {
        debug_assert!(factor > 0.0, "scale factors are unit sizes, always positive");
        Interval {
            lo: Bound {
                value: self.lo.value * factor,
                closed: self.lo.closed,
            },
            hi: Bound {
                value: self.hi.value * factor,
                closed: self.hi.closed,
            },
        }
    }

    /// Widens a point by a relative tolerance on each side (`about 1,500`).
    pub fn widen(&self, tolerance: f64) -> Interval {
        let lo = self.lo.value - self.lo.value.abs() * tolerance;
        let hi = self.hi.value + self.hi.value.abs() * tolerance;
        Interval {
            lo: Bound {
                value: lo,
                closed: self.lo.closed,
            },
            hi: Bound {
                value: hi,
                closed: self.hi.closed,
            },
        }
    }

    /// `−self`: the ends swap, each keeping whether it is open.
    pub fn negate(&self) -> Interval {
        Interval {
            lo: Bound {
                value: -self.hi.value,
                closed: self.hi.closed,
            },
            hi: Bound {
                value: -self.lo.value,
                closed: self.lo.closed,
            },
        }
    }

    /// `self + v`.
    pub fn shift(&self, v: f64) -> Interval {
        let mut i = *self;
        i.lo.value += v;
        i.hi.value += v;
        i
    }

    /// The whole numbers inside, as `(first, last)`; `None` when there is none. Infinite
    /// ends stay infinite.
    pub fn whole_numbers(&self) -> Option<(f64, f64)> {
        let first = if self.lo.closed || self.lo.value.fract() != 0.0 {
            self.lo.value.ceil()
        } else {
            self.lo.value + 1.0
        };
        let last = if self.hi.closed || self.hi.value.fract() != 0.0 {
            self.hi.value.floor()
        } else {
            self.hi.value - 1.0
        };
        (first <= last).then_some((first, last))
    }

    /// `self − other`: every difference of a value in `self` and one in `other`.
    pub fn minus(&self, other: &Interval) -> Interval {
        Interval {
            lo: Bound {
                value: self.lo.value - other.hi.value,
                closed: self.lo.closed && other.hi.closed,
            },
            hi: Bound {
                value: self.hi.value - other.lo.value,
                closed: self.hi.closed && other.lo.closed,
            },
        }
        .tidy()
    }

    /// `self ÷ other`, or `None` when `other` may be zero (any ratio is then possible).
    pub fn divided_by(&self, other: &Interval) -> Option<Interval> {
        if other.contains_zero() {
            return None;
        }
        let ends = |a: Bound, b: Bound| Bound {
            value: if b.value.is_infinite() && a.value.is_infinite() {
                f64::NAN
            } else {
                a.value / b.value
            },
            closed: a.closed && b.closed,
        };
        let candidates = [
            ends(self.lo, other.lo),
            ends(self.lo, other.hi),
            ends(self.hi, other.lo),
            ends(self.hi, other.hi),
        ];
        if candidates.iter().any(|c| c.value.is_nan()) {
            return Some(Interval::closed(f64::NEG_INFINITY, f64::INFINITY));
        }
        let lo = candidates.iter().copied().min_by(Bound::value_cmp)?;
        let hi = candidates.iter().copied().max_by(Bound::value_cmp)?;
        Some(Interval { lo, hi }.tidy())
    }

    fn contains_zero(&self) -> bool {
        self.overlaps(&Interval::point(0.0))
    }

    /// Infinite ends are open.
    fn tidy(mut self) -> Interval {
        self.lo.closed &= self.lo.value.is_finite();
        self.hi.closed &= self.hi.value.is_finite();
        self
    }

    /// Sort key: by lower end, then upper end.
    pub fn order(&self, other: &Interval) -> std::cmp::Ordering {
        self.lo
            .value_cmp(&other.lo)
            .then(other.lo.closed.cmp(&self.lo.closed))
            .then(self.hi.value_cmp(&other.hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_points_touching_overlap() {
        assert!(Interval::closed(1.0, 2.0).overlaps(&Interval::closed(2.0, 3.0)));
    }

    #[test]
    fn open_end_touching_does_not_overlap() {
        assert!(!Interval::at_least(2.0, false).overlaps(&Interval::closed(1.0, 2.0)));
        assert!(Interval::at_least(2.0, true).overlaps(&Interval::closed(1.0, 2.0)));
    }

    #[test]
    fn rounding_noise_is_equality() {
        assert!(Interval::point(365.25 / 182.625).overlaps(&Interval::point(2.0)));
    }

    #[test]
    fn arithmetic() {
        let a = Interval::closed(10.0, 20.0);
        let b = Interval::closed(1.0, 2.0);
        assert_eq!(a.minus(&b), Interval::closed(8.0, 19.0));
        assert_eq!(a.divided_by(&b), Some(Interval::closed(5.0, 20.0)));
        assert_eq!(a.divided_by(&Interval::closed(-1.0, 1.0)), None);
        let more = Interval::at_least(2.0, false);
        assert_eq!(more.minus(&Interval::point(1.0)), Interval::at_least(1.0, false));
        assert_eq!(
            more.divided_by(&Interval::point(2.0)),
            Some(Interval::at_least(1.0, false))
        );
    }

    fn bound(value: f64, closed: bool) -> Bound {
        Bound { value, closed }
    }

    /// Every `assert_eq!` on intervals relies on this: were it always true, they would
    /// pass whatever the code computed.
    #[test]
    fn bounds_are_equal_only_with_the_same_end_and_value() {
        assert_eq!(bound(1.0, true), bound(1.0, true));
        assert_ne!(bound(1.0, true), bound(1.0, false));
        assert_ne!(bound(1.0, true), bound(2.0, true));
        assert_ne!(bound(1.0, false), bound(1.0 + 1e-6, false));
        // Within rounding noise, relative to the size of the numbers.
        assert_eq!(bound(2.0, true), bound(365.25 / 182.625, true));
        assert_eq!(bound(1e12, true), bound(1e12 + 1.0, true));
        assert_ne!(bound(1e3, true), bound(1e3 + 1e-3, true));
        assert_eq!(bound(f64::INFINITY, false), bound(f64::INFINITY, false));
        assert_ne!(bound(f64::INFINITY, false), bound(f64::NEG_INFINITY, false));
        assert_ne!(bound(f64::INFINITY, false), bound(1e300, false));
        assert_ne!(Interval::closed(1.0, 2.0), Interval::closed(1.0, 3.0));
        assert_ne!(Interval::closed(0.0, 2.0), Interval::closed(1.0, 2.0));
    }

    #[test]
    fn points_and_emptiness() {
        assert!(Interval::point(3.0).is_point());
        assert!(!Interval::closed(3.0, 4.0).is_point());
        assert!(!Interval::at_least(3.0, true).is_point());
        assert!(!Interval::point(3.0).is_empty());
        assert!(Interval::closed(4.0, 3.0).is_empty());
        let half_open = Interval {
            lo: bound(3.0, true),
            hi: bound(3.0, false),
        };
        assert!(half_open.is_empty());
        assert!(!half_open.is_point());
        let open = Interval {
            lo: bound(3.0, false),
            hi: bound(3.0, true),
        };
        assert!(open.is_empty());
    }

    #[test]
    fn intersection_keeps_the_inner_ends_and_which_are_open() {
        let a = Interval::closed(0.0, 10.0);
        let b = Interval {
            lo: bound(5.0, false),
            hi: bound(15.0, true),
        };
        let expected = Interval {
            lo: bound(5.0, false),
            hi: bound(10.0, true),
        };
        assert_eq!(a.intersect(&b), Some(expected));
        assert_eq!(b.intersect(&a), Some(expected));
        // Equal upper ends: open wins over closed, from either side.
        let open_top = Interval {
            lo: bound(0.0, true),
            hi: bound(10.0, false),
        };
        assert_eq!(a.intersect(&open_top), Some(open_top));
        assert_eq!(open_top.intersect(&a), Some(open_top));
        // Equal lower ends likewise.
        let open_bottom = Interval {
            lo: bound(0.0, false),
            hi: bound(10.0, true),
        };
        assert_eq!(a.intersect(&open_bottom), Some(open_bottom));
        assert_eq!(open_bottom.intersect(&a), Some(open_bottom));
        // An open upper end touching a closed lower end does not meet it.
        assert_eq!(open_top.intersect(&Interval::closed(10.0, 20.0)), None);
        assert_eq!(Interval::closed(10.0, 20.0).intersect(&open_top), None);
        assert_eq!(
            a.intersect(&Interval::closed(10.0, 20.0)),
            Some(Interval::point(10.0))
        );
    }

    #[test]
    fn span_is_the_same_from_either_side() {
        let a = Interval::closed(1.0, 2.0);
        let b = Interval {
            lo: bound(3.0, false),
            hi: bound(4.0, false),
        };
        let expected = Interval {
            lo: bound(1.0, true),
            hi: bound(4.0, false),
        };
        assert_eq!(a.span(&b), expected);
        assert_eq!(b.span(&a), expected);
        // Equal ends: closed wins over open, from either side.
        let open = Interval {
            lo: bound(1.0, false),
            hi: bound(2.0, false),
        };
        assert_eq!(a.span(&open), a);
        assert_eq!(open.span(&a), a);
    }

    #[test]
    fn difference_ends_are_open_when_an_operand_end_is() {
        let a = Interval {
            lo: bound(10.0, true),
            hi: bound(20.0, false),
        };
        let b = Interval {
            lo: bound(1.0, false),
            hi: bound(2.0, true),
        };
        // lo: 10 − 2, both closed; hi: 20 − 1, both open.
        assert_eq!(
            a.minus(&b),
            Interval {
                lo: bound(8.0, true),
                hi: bound(19.0, false),
            }
        );
        assert_eq!(
            b.minus(&a),
            Interval {
                lo: bound(-19.0, false),
                hi: bound(-8.0, true),
            }
        );
        // One open end makes the difference's end open, at either end.
        let half_open = Interval {
            lo: bound(1.0, false),
            hi: bound(2.0, true),
        };
        assert_eq!(
            Interval::closed(0.0, 5.0).minus(&half_open),
            Interval {
                lo: bound(-2.0, true),
                hi: bound(4.0, false),
            }
        );
        // An infinite end stays open.
        assert_eq!(
            Interval::at_least(5.0, true).minus(&Interval::point(1.0)),
            Interval::at_least(4.0, true)
        );
    }

    #[test]
    fn quotients_take_the_extreme_corners() {
        let a = Interval::closed(-10.0, 20.0);
        let b = Interval {
            lo: bound(2.0, true),
            hi: bound(4.0, false),
        };
        assert_eq!(
            a.divided_by(&b),
            Some(Interval {
                lo: bound(-5.0, true),
                hi: bound(10.0, true),
            })
        );
        let negative = Interval::closed(-4.0, -2.0);
        assert_eq!(
            Interval::closed(2.0, 8.0).divided_by(&negative),
            Some(Interval::closed(-4.0, -0.5))
        );
        // A divisor touching zero only at an open end is never zero.
        let above_zero = Interval::at_least(0.0, false);
        assert_eq!(
            Interval::point(1.0).divided_by(&above_zero),
            Some(Interval {
                lo: bound(0.0, false),
                hi: bound(f64::INFINITY, false),
            })
        );
        assert_eq!(Interval::point(1.0).divided_by(&Interval::point(0.0)), None);
        // ∞ ÷ ∞ could be anything.
        assert_eq!(
            Interval::at_least(1.0, true).divided_by(&Interval::at_least(1.0, true)),
            Some(Interval::closed(f64::NEG_INFINITY, f64::INFINITY))
        );
    }

    #[test]
    fn order_is_by_lower_end_closed_first_then_upper_end() {
        use std::cmp::Ordering;
        let a = Interval::closed(1.0, 5.0);
        assert_eq!(a.order(&Interval::closed(2.0, 3.0)), Ordering::Less);
        assert_eq!(Interval::closed(2.0, 3.0).order(&a), Ordering::Greater);
        let open = Interval {
            lo: bound(1.0, false),
            hi: bound(5.0, true),
        };
        assert_eq!(a.order(&open), Ordering::Less);
        assert_eq!(open.order(&a), Ordering::Greater);
        assert_eq!(a.order(&Interval::closed(1.0, 6.0)), Ordering::Less);
        assert_eq!(a.order(&a), Ordering::Equal);
    }

    #[test]
    fn scaling_and_widening_keep_which_ends_are_open() {
        let a = Interval {
            lo: bound(2.0, false),
            hi: bound(4.0, true),
        };
        assert_eq!(
            a.scale(1.5),
            Interval {
                lo: bound(3.0, false),
                hi: bound(6.0, true),
            }
        );
        assert_eq!(
            a.widen(0.5),
            Interval {
                lo: bound(1.0, false),
                hi: bound(6.0, true),
            }
        );
        // Widening a negative number moves it away from zero too.
        assert_eq!(Interval::point(-10.0).widen(0.1), Interval::closed(-11.0, -9.0));
    }

    #[test]
    fn span_and_widen() {
        let s = Interval::point(1.0).span(&Interval::closed(3.0, 4.0));
        assert_eq!(s, Interval::closed(1.0, 4.0));
        assert_eq!(Interval::point(100.0).widen(0.1), Interval::closed(90.0, 110.0));
    }

    #[test]
    fn whole_numbers_respect_open_and_closed_ends() {
        assert_eq!(Interval::half_open(2.5, 3.5).whole_numbers(), Some((3.0, 3.0)));
        assert_eq!(Interval::half_open(2.0, 3.0).whole_numbers(), Some((2.0, 2.0)));
        assert_eq!(Interval::closed(2.0, 3.0).whole_numbers(), Some((2.0, 3.0)));
        assert_eq!(
            Interval::at_least(2.0, false).whole_numbers(),
            Some((3.0, f64::INFINITY))
        );
        assert_eq!(
            Interval::at_most(2.0, false).whole_numbers(),
            Some((f64::NEG_INFINITY, 1.0))
        );
        assert_eq!(
            Interval::at_most(2.5, false).whole_numbers(),
            Some((f64::NEG_INFINITY, 2.0))
        );
        assert_eq!(Interval::half_open(2.2, 2.8).whole_numbers(), None);
        let open = Interval {
            lo: bound(2.0, false),
            hi: bound(3.0, false),
        };
        assert_eq!(open.whole_numbers(), None);
    }

    #[test]
    fn negation_swaps_ends_and_shifting_moves_both() {
        let a = Interval::half_open(2.0, 3.0);
        assert_eq!(
            a.negate(),
            Interval {
                lo: bound(-3.0, false),
                hi: bound(-2.0, true),
            }
        );
        assert_eq!(a.shift(1.5), Interval::half_open(3.5, 4.5));
        assert_eq!(
            Interval::at_least(1.0, true).negate(),
            Interval::at_most(-1.0, true)
        );
        // Adjacent roundings never meet.
        assert!(!Interval::half_open(293.5, 294.5).overlaps(&Interval::half_open(294.5, 295.5)));
    }
}
