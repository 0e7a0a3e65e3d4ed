"""Digital support: advisers and their availability, bookings, the walk-in help queue."""
