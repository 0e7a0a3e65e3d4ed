"""Digital customer cards: issuer keys (with rotation), revocations, demo card issuance."""
