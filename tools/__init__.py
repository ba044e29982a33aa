"""Command-line tools around the plugin (safe build, preview, scaffolding, link check, card printing).

They live outside the Pelican plugin package so that editing them does not change the plugin's code
fingerprint, which keys the caches of every site.
"""
