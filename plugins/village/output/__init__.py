"""What is written from the content: render cache, feeds, sitemap, 繁體 mirror, search index, precompression."""
