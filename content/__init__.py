"""Content for kiosks: guides (and, later, slides and announcements) in fi, sv and en."""
