"""Operations: health, readiness, Prometheus metrics and the audit trail."""
