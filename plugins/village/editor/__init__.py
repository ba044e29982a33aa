"""The web editor (Decap CMS) at /admin/: its configuration generated from village.yml and the
build's own key tables and checks, so the forms accept what the build accepts."""
