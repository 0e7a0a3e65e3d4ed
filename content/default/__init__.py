"""The content that ships with the kiosk: default guides (Markdown) and their images."""

from pathlib import Path

#: content/default/guides: one <guide-id>.<language>.md per guide and language; images/.
GUIDES_DIRECTORY = Path(__file__).resolve().parent / "guides"
