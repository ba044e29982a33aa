"""Photos: the image pipeline, <picture> markup in pages, albums, and metadata stripping."""
