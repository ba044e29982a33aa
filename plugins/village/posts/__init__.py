"""Posts and pages: the Markdown reader, build-wide checks, tag and author slugs, what surrounds a post."""
