"""The county: every village of county.yml built into one portal (see README.md, 县级门户)."""
