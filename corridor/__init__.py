"""Northern Corridor dashboard: data loading, validation, geometry, builders and URL state."""
