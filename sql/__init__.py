"""The warehouse SQL (tables, views, analyses), shipped in the wheel as the package fazhi.sql."""
