"""The content that ships with the kiosk: a bundle folder (bundle.yaml, guides, slides)."""

from pathlib import Path

#: content/default itself: the bundle a kiosk shows until a published one is installed.
BUNDLE_DIRECTORY = Path(__file__).resolve().parent
#: content/default/guides: one <guide-id>.<language>.md per guide and language; images/.
GUIDES_DIRECTORY = BUNDLE_DIRECTORY / "guides"
