"""Natural-language analysis of articles: time expressions, article dates."""
