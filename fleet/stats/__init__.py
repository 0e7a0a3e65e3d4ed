"""Usage statistics: hourly rollups of the anonymous events, the dashboard and open data."""
