"""The source layer every content type goes through: decoding, front matter, Markdown helpers, sanitising, privacy, local files."""
