"""Work across articles: near-duplicate links (``dedup``) and story events (``stories``)."""
