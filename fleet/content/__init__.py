"""Content bundles on the fleet: publisher keys, blobs, versions, assignment, roll-out, sync."""
