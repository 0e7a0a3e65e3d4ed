"""Content for kiosks: guides, slides and announcements in fi, sv and en, in signed bundles."""
