//! Disjoint sets, for grouping spellings that are variants of each other.

/// Disjoint sets over `0..n`.
pub(super) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(super) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub(super) fn root(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        self.parent[i] = r;
        r
    }

    /// Joins the sets of `a` and `b`; returns the new root.
    pub(super) fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.root(a), self.root(b));
        self.parent[ra] = rb;
        rb
    }
}

#[cfg(test)]
mod tests {
    use super::UnionFind;

    #[test]
    fn unions_join_sets_and_roots_name_them() {
        let mut sets = UnionFind::new(5);
        assert_eq!((0..5).map(|i| sets.root(i)).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        let root = sets.union(0, 1);
        assert_eq!(sets.root(0), root);
        assert_eq!(sets.root(1), root);
        sets.union(3, 4);
        sets.union(1, 4);
        let root = sets.root(0);
        assert!([1, 3, 4].iter().all(|&i| sets.root(i) == root));
        assert_ne!(sets.root(2), root);
    }
}
