//! The risk matrix read from `data/matrix.toml`: the areas and the levels of the 5x5
//! matrix. The level of an event is computed from its score, never typed in.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// One of the ITA's bribery areas.
    pub bribery: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Level {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub min: u32,
    pub max: u32,
    pub colour: String,
}

#[derive(Debug, Deserialize)]
pub struct Matrix {
    pub areas: Vec<Area>,
    pub levels: Vec<Level>,
}

static MATRIX: LazyLock<Matrix> = LazyLock::new(|| {
    // The file is part of the binary and checked by the tests below.
    toml::from_str(include_str!("../data/matrix.toml")).unwrap_or(Matrix {
        areas: vec![],
        levels: vec![],
    })
});

pub fn matrix() -> &'static Matrix {
    &MATRIX
}

pub fn areas() -> &'static [Area] {
    &MATRIX.areas
}

pub fn find_area(code: &str) -> Option<&'static Area> {
    MATRIX.areas.iter().find(|a| a.code == code)
}

/// The level of a score (likelihood x impact, 1-25).
pub fn level_of(likelihood: u32, impact: u32) -> Option<&'static Level> {
    let score = likelihood * impact;
    MATRIX
        .levels
        .iter()
        .find(|l| (l.min..=l.max).contains(&score))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_file_parses_and_the_levels_cover_every_score_once() {
        let m: Matrix = toml::from_str(include_str!("../data/matrix.toml")).unwrap();
        for score in 1..=25u32 {
            let n = m
                .levels
                .iter()
                .filter(|l| (l.min..=l.max).contains(&score))
                .count();
            assert_eq!(n, 1, "score {score} is in {n} levels");
        }
        let bribery: Vec<&str> = m
            .areas
            .iter()
            .filter(|a| a.bribery)
            .map(|a| a.code.as_str())
            .collect();
        assert_eq!(bribery, ["permits", "legal-authority", "procurement", "hr"]);
        assert!(find_area("assets").is_some() && find_area("abuse-of-power").is_some());
    }

    #[test]
    fn levels_follow_the_product_of_likelihood_and_impact() {
        assert_eq!(level_of(1, 3).unwrap().code, "low");
        assert_eq!(level_of(2, 2).unwrap().code, "medium");
        assert_eq!(level_of(3, 3).unwrap().code, "high");
        assert_eq!(level_of(5, 3).unwrap().code, "very-high");
        assert_eq!(level_of(5, 5).unwrap().code, "very-high");
        assert!(level_of(0, 5).is_none());
    }
}
