"""Figures (numeric claims): find them (`find`), read them (`numbers`, `rules`), say what they
count (`what`) and who gives them (`source`); `component` is the spaCy pipe, `stage` makes the
`Claim` records once the article's dates are known."""
